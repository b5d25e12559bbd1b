//! Criterion benches of community detection, by phase and thread count, on seeded LFR-like
//! graphs generated in `benches/common` (no downloads).
//!
//! `cargo bench --bench community` (all), or e.g. `cargo bench --bench community -- moving`.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

use coopnet::community::{LeidenConfig, LouvainConfig, Quality, leiden, louvain, phases};
use coopnet::graph::CsrGraph;

mod common;

/// (name, nodes, average degree) of the inputs.
const SIZES: [(&str, usize, f64); 2] =
    [("small_10k", 10_000, 15.0), ("medium_100k", 100_000, 20.0)];

fn graph(n: usize, degree: f64) -> CsrGraph {
    let p = common::lfr_like(n, degree, 100.0, 0.3, (20, 500), 42);
    CsrGraph::from_edges(p.n, &p.edges)
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap_or_else(|e| panic!("pool: {e}"))
}

fn benches(c: &mut Criterion) {
    let threads = [1, 2];
    for (name, n, degree) in SIZES {
        let g = graph(n, degree);
        let quality = Quality::default();
        let singletons: Vec<u32> = (0..n as u32).collect();
        let (moved, _) = phases::move_nodes(&g, quality, singletons.clone(), 1);
        let (refined, _) = phases::refine_partition(&g, quality, &moved, 0.01, 1);
        for t in threads {
            let pool = pool(t);
            let id = |phase: &str| BenchmarkId::new(format!("{phase}/{name}"), format!("t{t}"));
            let mut group = c.benchmark_group("community");
            group.sample_size(10);
            group.bench_function(id("moving"), |b| {
                b.iter(|| pool.install(|| phases::move_nodes(&g, quality, singletons.clone(), 1)))
            });
            group.bench_function(id("refinement"), |b| {
                b.iter(|| pool.install(|| phases::refine_partition(&g, quality, &moved, 0.01, 1)))
            });
            group.bench_function(id("aggregation"), |b| {
                b.iter(|| pool.install(|| phases::aggregate_graph(&g, &refined)))
            });
            group.bench_function(id("leiden"), |b| {
                b.iter(|| {
                    pool.install(|| {
                        leiden(
                            &g,
                            &LeidenConfig {
                                record_levels: false,
                                ..LeidenConfig::default()
                            },
                        )
                    })
                })
            });
            group.bench_function(id("louvain"), |b| {
                b.iter(|| {
                    pool.install(|| {
                        louvain(
                            &g,
                            &LouvainConfig {
                                record_levels: false,
                                ..LouvainConfig::default()
                            },
                        )
                    })
                })
            });
            group.finish();
        }
    }
}

criterion_group!(community, benches);
criterion_main!(community);
