//! Specialisation and relatedness on a region x sector matrix the size of
//! Russia's (85 regions x 615 NACE classes) and a synthetic national-scale one
//! (1,000 x 615). Inputs are generated from a fixed seed; nothing is downloaded.
//!
//! Run: `cargo bench --bench economics`.

use coopnet::community::{LeidenConfig, leiden};
use coopnet::economics::ValueChain;
use coopnet::economics::significance::{SignificanceConfig, significance};
use coopnet::economics::{
    ComplexityMethod, DenseMatrix, Normalisation, ProximityDiagonal, SpecialisationConfig,
    co_occurrence, complexity, location_quotients, proximity, relatedness, relatedness_density,
    specialisation,
};
use coopnet::economics::{Duplicates, RegionSectorMatrix, SectionMap, Specialisation};
use coopnet::suggest::{
    CompactConfig, PairFactors, SpecialisationGraph, SuggestConfig, Suggestion, build_graph,
    compact, suggestions, weight_by_pairs,
};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;

/// SplitMix64: a small seeded generator, enough for benchmark inputs.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Employment-like data: region sizes and sector sizes vary over two orders of
/// magnitude (Zipf-like), and about 60 % of cells are empty.
fn synthetic(regions: usize, sectors: usize, seed: u64) -> RegionSectorMatrix {
    let region_size: Vec<f64> = (0..regions)
        .map(|r| 1e4 / (1.0 + r as f64).powf(0.8))
        .collect();
    let sector_size: Vec<f64> = (0..sectors)
        .map(|s| 1.0 / (1.0 + s as f64 % 97.0).powf(0.7))
        .collect();
    let cells = (0..regions).flat_map(|r| (0..sectors).map(move |s| (r, s)));
    let codes = class_codes(sectors);
    let triples = cells.map(|(r, s)| {
        (
            format!("R{r:04}"),
            codes[s].clone(),
            cell_value(seed, r, s, &region_size, &sector_size),
        )
    });
    match RegionSectorMatrix::from_triples(triples, Duplicates::Reject) {
        Ok(m) => m,
        Err(e) => panic!("synthetic matrix: {e}"),
    }
}

/// `sectors` OKVED2-like class codes, seven per division (`24.11` ... `24.31`),
/// so that the curated value chain's division pairs apply to them.
fn class_codes(sectors: usize) -> Vec<String> {
    let divisions = SectionMap::okved2();
    divisions
        .divisions()
        .flat_map(|d| (0..7).map(move |k| format!("{d}.{}{}", 1 + k / 3, 1 + k % 3)))
        .take(sectors)
        .collect()
}

/// The value of one cell, a pure function of the seed and the cell.
fn cell_value(seed: u64, r: usize, s: usize, region_size: &[f64], sector_size: &[f64]) -> f64 {
    let mut rng = SplitMix(seed ^ ((r as u64) << 32) ^ s as u64);
    if rng.unit() < 0.6 {
        0.0
    } else {
        (region_size[r] * sector_size[s] * (0.2 + 2.0 * rng.unit())).round()
    }
}

/// Region-pair factors as the suggestion pipeline builds them: regions at
/// random between 42-70 N and 20-180 E, decay `exp(-d / d0)` at the median
/// distance, and `1 + ln(1 + L)` for a few linked pairs.
fn evidence_factors(n: usize, seed: u64) -> PairFactors {
    let mut rng = SplitMix(seed);
    let at: Vec<(f64, f64)> = (0..n)
        .map(|_| (42.0 + 28.0 * rng.unit(), 20.0 + 160.0 * rng.unit()))
        .collect();
    let mut d = vec![0.0; n * n];
    let mut all = Vec::new();
    for r in 0..n {
        for q in r + 1..n {
            let x = coopnet::economics::geography::haversine_km(at[r].0, at[r].1, at[q].0, at[q].1);
            d[r * n + q] = x;
            d[q * n + r] = x;
            all.push(x);
        }
    }
    let d0 = coopnet::economics::geography::median(&mut all).unwrap_or(1.0);
    let mut f = vec![1.0; n * n];
    for r in 0..n {
        for q in r + 1..n {
            let links = if rng.unit() < 0.05 {
                1 + rng.next() % 20
            } else {
                0
            };
            let x = (1.0 + (links as f64).ln_1p()) * (-d[r * n + q] / d0).exp();
            f[r * n + q] = x;
            f[q * n + r] = x;
        }
    }
    PairFactors::new(n, f).unwrap_or_else(|e| panic!("{e}"))
}

/// `spec` with the size and significance test of `coopnet suggest`'s
/// defaults, testing the matrix's own values (a dataset without organisation
/// counts).
fn with_significance(m: &RegionSectorMatrix, mut spec: Specialisation) -> Specialisation {
    let t = significance(
        m.values(),
        m.values(),
        &spec.lq,
        spec.threshold,
        &SignificanceConfig::default(),
        "employees",
    );
    spec.significance = Some(t.unwrap_or_else(|e| panic!("{e}")));
    spec
}

/// Leiden with defaults, the split to compact pieces and the suggestions:
/// the end of every suggestion path below.
fn split_and_suggest(
    graph: &SpecialisationGraph,
    chain: &ValueChain,
) -> coopnet::Result<Vec<Suggestion>> {
    let leiden_config = LeidenConfig::default();
    let c = leiden(&graph.graph, &leiden_config)?;
    let pieces = compact(
        graph,
        &c.membership,
        &leiden_config,
        &CompactConfig::default(),
    )?;
    suggestions(graph, &pieces.membership, chain)
}

fn bench(c: &mut Criterion) {
    let sizes = [(85usize, 615usize), (1000, 615)];
    let inputs: Vec<(String, RegionSectorMatrix)> = sizes
        .iter()
        .map(|&(r, s)| (format!("{r}x{s}"), synthetic(r, s, 20240611)))
        .collect();
    let binaries: Vec<DenseMatrix> = inputs
        .iter()
        .map(|(_, m)| specialisation(m, &SpecialisationConfig::default()).map(|s| s.specialised))
        .map(|r| r.unwrap_or_else(|e| panic!("{e}")))
        .collect();

    let mut g = c.benchmark_group("specialisation");
    g.sample_size(20);
    for (name, m) in &inputs {
        g.bench_with_input(BenchmarkId::new("all_measures", name), m, |b, m| {
            b.iter(|| specialisation(black_box(m), &SpecialisationConfig::default()))
        });
        g.bench_with_input(BenchmarkId::new("location_quotients", name), m, |b, m| {
            b.iter(|| location_quotients(black_box(m.values())))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("relatedness");
    g.sample_size(20);
    for ((name, _), m) in inputs.iter().zip(&binaries) {
        g.bench_with_input(BenchmarkId::new("co_occurrence", name), m, |b, m| {
            b.iter(|| co_occurrence(black_box(m)))
        });
        let cooc = co_occurrence(m);
        g.bench_with_input(BenchmarkId::new("prob", name), &cooc, |b, c| {
            b.iter(|| relatedness(black_box(c), Normalisation::Prob))
        });
        g.bench_with_input(BenchmarkId::new("proximity", name), m, |b, m| {
            b.iter(|| proximity(black_box(m), ProximityDiagonal::Zero))
        });
        let phi = proximity(m, ProximityDiagonal::Zero);
        g.bench_with_input(BenchmarkId::new("density", name), m, |b, m| {
            b.iter(|| relatedness_density(black_box(m), &phi))
        });
        g.bench_with_input(BenchmarkId::new("pipeline", name), m, |b, m| {
            b.iter(|| {
                let c = co_occurrence(black_box(m));
                let r = relatedness(&c, Normalisation::Prob)?;
                relatedness_density(m, &r)
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("suggest");
    g.sample_size(10);
    let chain = coopnet::load::value_chain::curated().unwrap_or_else(|e| panic!("{e}"));
    for (name, m) in &inputs {
        let spec =
            specialisation(m, &SpecialisationConfig::default()).unwrap_or_else(|e| panic!("{e}"));
        g.bench_with_input(BenchmarkId::new("graph", name), m, |b, m| {
            b.iter(|| build_graph(black_box(m), &spec, &chain, &SuggestConfig::default()))
        });
        let graph = build_graph(m, &spec, &chain, &SuggestConfig::default())
            .unwrap_or_else(|e| panic!("{e}"));
        g.bench_with_input(
            BenchmarkId::new("graph_leiden_suggestions", name),
            m,
            |b, m| {
                b.iter(|| {
                    let graph =
                        build_graph(black_box(m), &spec, &chain, &SuggestConfig::default())?;
                    let c = leiden(&graph.graph, &LeidenConfig::default())?;
                    suggestions(&graph, &c.membership, &chain)
                })
            },
        );
        drop(graph);
        // the evidence factors of the default ranking: distance decay at the
        // median great-circle distance between regions placed at random over
        // Russia's extent, and a tie boost on one pair in twenty
        let factors = evidence_factors(m.n_regions(), 20240611);
        g.bench_with_input(
            BenchmarkId::new("graph_evidence_leiden_compact_suggestions", name),
            m,
            |b, m| {
                b.iter(|| {
                    let mut graph =
                        build_graph(black_box(m), &spec, &chain, &SuggestConfig::default())?;
                    weight_by_pairs(&mut graph, &factors)?;
                    split_and_suggest(&graph, &chain)
                })
            },
        );
        g.bench_with_input(BenchmarkId::new("significance", name), m, |b, m| {
            b.iter(|| with_significance(black_box(m), spec.clone()))
        });
        // what `coopnet suggest` does by default: the significance test, the
        // graph of the cells that pass, the evidence factors, Leiden, the split
        g.bench_with_input(
            BenchmarkId::new(
                "significance_graph_evidence_leiden_compact_suggestions",
                name,
            ),
            m,
            |b, m| {
                b.iter(|| {
                    let spec = with_significance(black_box(m), spec.clone());
                    let mut graph = build_graph(m, &spec, &chain, &SuggestConfig::default())?;
                    weight_by_pairs(&mut graph, &factors)?;
                    split_and_suggest(&graph, &chain)
                })
            },
        );
        g.bench_with_input(
            BenchmarkId::new("graph_leiden_compact_suggestions", name),
            m,
            |b, m| {
                b.iter(|| {
                    let graph =
                        build_graph(black_box(m), &spec, &chain, &SuggestConfig::default())?;
                    split_and_suggest(&graph, &chain)
                })
            },
        );
    }
    g.finish();

    let mut g = c.benchmark_group("complexity");
    g.sample_size(10);
    for ((name, _), m) in inputs.iter().zip(&binaries) {
        g.bench_with_input(BenchmarkId::new("eigenvector", name), m, |b, m| {
            b.iter(|| complexity(black_box(m), ComplexityMethod::Eigenvector))
        });
        g.bench_with_input(BenchmarkId::new("reflections", name), m, |b, m| {
            b.iter(|| complexity(black_box(m), ComplexityMethod::Reflections { steps: 20 }))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
