//! Invariances of community detection: what must not change the result (zero-weight
//! edges, the scale of the weights, the number of threads) and what a result must never
//! be (worse than the partition it started from).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../benches/common/mod.rs"]
mod graphs;

use coopnet::community::{
    Layer, LeidenConfig, LouvainConfig, Quality, leiden, leiden_multiplex, louvain, modularity,
    phases,
};
use coopnet::graph::CsrGraph;
use proptest::prelude::*;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Three dense groups of 12 nodes, weights 1 or 2, a few edges between the groups; and the
/// same graph with edges of weight 0 between many of the pairs inside a group that are
/// not linked.
fn with_and_without_zero_edges(seed: u64) -> (CsrGraph, CsrGraph, Vec<u32>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (groups, size) = (3u32, 12u32);
    let n = (groups * size) as usize;
    let mut edges = Vec::new();
    let mut zeros = Vec::new();
    for u in 0..n as u32 {
        for v in u + 1..n as u32 {
            let inside = u / size == v / size;
            let r = rng.random::<f64>();
            if inside && r < 0.55 {
                edges.push((u, v, if rng.random::<bool>() { 1.0 } else { 2.0 }));
            } else if !inside && r < 0.02 {
                edges.push((u, v, 1.0));
            } else if inside && r < 0.85 {
                zeros.push((u, v, 0.0));
            }
        }
    }
    let plain = CsrGraph::from_edges(n, &edges);
    edges.extend(zeros);
    let zero = CsrGraph::from_edges(n, &edges);
    let groups = (0..n as u32).map(|v| v / size).collect();
    (plain, zero, groups)
}

#[test]
fn zero_weight_edges_change_no_refinement() {
    // Randomness 1 (the mean edge weight) makes refinement choose at random among
    // several clusters, where a cluster listed twice would be drawn twice as often.
    let mut differs = 0;
    for seed in 0..40 {
        let (plain, zero, groups) = with_and_without_zero_edges(seed);
        assert!(zero.arc_count() > plain.arc_count());
        for randomness in [0.01, 1.0] {
            let a = phases::refine_partition(&plain, Quality::default(), &groups, randomness, seed);
            let b = phases::refine_partition(&zero, Quality::default(), &groups, randomness, seed);
            assert_eq!(a, b, "seed {seed}, randomness {randomness}");
            differs += usize::from(a.1 > 3);
        }
    }
    assert!(
        differs > 0,
        "refinement never split a group: the test tests nothing"
    );
}

#[test]
fn zero_weight_edges_change_no_leiden_result() {
    for seed in 0..20 {
        let (plain, zero, _) = with_and_without_zero_edges(seed);
        let config = LeidenConfig {
            seed,
            randomness: 1.0,
            ..LeidenConfig::default()
        };
        let a = leiden(&plain, &config).unwrap();
        let b = leiden(&zero, &config).unwrap();
        assert_eq!(a.membership, b.membership, "seed {seed}");
        assert_eq!(a.quality.to_bits(), b.quality.to_bits(), "seed {seed}");
    }
}

#[test]
fn scaling_every_weight_changes_nothing() {
    // Multiplying by a power of two is exact, so every comparison is the same; only the
    // refinement randomness could tell the scales apart, and it is relative to the mean
    // edge weight.
    let p = graphs::lfr_like(3000, 12.0, 40.0, 0.45, (10, 80), 11);
    let scale = 2f64.powi(-12);
    let scaled: Vec<(u32, u32, f64)> = p.edges.iter().map(|&(u, v, w)| (u, v, w * scale)).collect();
    let g = CsrGraph::from_edges(p.n, &p.edges);
    let s = CsrGraph::from_edges(p.n, &scaled);
    for seed in 0..4 {
        for randomness in [0.01, 0.5] {
            let config = LeidenConfig {
                seed,
                randomness,
                ..LeidenConfig::default()
            };
            let a = leiden(&g, &config).unwrap();
            let b = leiden(&s, &config).unwrap();
            assert_eq!(
                a.membership, b.membership,
                "seed {seed}, randomness {randomness}"
            );
            assert!((a.modularity - b.modularity).abs() < 1e-12);
        }
    }
}

#[test]
fn more_iterations_never_give_a_worse_partition() {
    // Iteration i of a run with more iterations is iteration i of a shorter run (the same
    // seed streams), so the quality after 1, 2, ... iterations must never drop. High
    // mixing (mu 0.5) and two threads make stale proposals common; a stale proposal
    // applied as it was proposed could lower the quality. (Every applied move is
    // re-checked exactly, so no iteration here lowers the quality even without the guard
    // in `leiden` that keeps the better partition: this checks the outcome, not the guard.)
    let p = graphs::lfr_like(20_000, 12.0, 60.0, 0.5, (10, 200), 7);
    let g = CsrGraph::from_edges(p.n, &p.edges);
    pool(2).install(|| {
        for seed in 0..3 {
            let mut last = f64::NEG_INFINITY;
            for max_iterations in 1..=5 {
                let r = leiden(
                    &g,
                    &LeidenConfig {
                        seed,
                        max_iterations,
                        tolerance: 0.0,
                        ..LeidenConfig::default()
                    },
                )
                .unwrap();
                assert!(
                    r.quality >= last,
                    "seed {seed}: {max_iterations} iterations give {} < {last}",
                    r.quality
                );
                assert!(r.iterations <= max_iterations);
                last = r.quality;
            }
        }
    });
}

/// Random weighted graphs: up to 60 nodes and 200 edges, weights in {0, 0.5, 1, 3}.
fn graphs() -> impl Strategy<Value = CsrGraph> {
    (2usize..60).prop_flat_map(|n| {
        prop::collection::vec(
            (
                0..n as u32,
                0..n as u32,
                prop::sample::select(vec![0.0, 0.5, 1.0, 3.0]),
            ),
            0..200,
        )
        .prop_map(move |edges| CsrGraph::from_edges(n, &edges))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn results_are_never_worse_than_where_they_started(g in graphs(), seed in 0u64..1000) {
        let n = g.node_count();
        let singletons: Vec<u32> = (0..n as u32).collect();
        let alone = modularity(&g, &singletons, 1.0).unwrap();
        let one = leiden(&g, &LeidenConfig { seed, max_iterations: 1, ..LeidenConfig::default() }).unwrap();
        let all = leiden(&g, &LeidenConfig { seed, tolerance: 0.0, ..LeidenConfig::default() }).unwrap();
        prop_assert!(one.quality >= alone - 1e-12, "{} < {}", one.quality, alone);
        // Later iterations start from the first one's result and keep it unless better.
        prop_assert!(all.quality >= one.quality - 1e-12, "{} < {}", all.quality, one.quality);
        let lv = louvain(&g, &LouvainConfig { seed, ..LouvainConfig::default() }).unwrap();
        prop_assert!(lv.quality >= alone - 1e-12);
        let (moved, _) = phases::move_nodes(&g, Quality::default(), singletons, seed);
        prop_assert!(modularity(&g, &moved, 1.0).unwrap() >= alone - 1e-12);
    }
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
}

#[test]
fn weighted_cpm_and_multiplex_results_are_the_same_at_1_2_and_4_threads() {
    // Large enough that every phase splits into many parallel tasks at 4 threads.
    let p = graphs::lfr_like(60_000, 14.0, 80.0, 0.35, (20, 300), 21);
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let weighted: Vec<(u32, u32, f64)> = p
        .edges
        .iter()
        .map(|&(u, v, _)| (u, v, [0.0, 0.25, 1.0, 4.0][rng.random_range(0..4)]))
        .collect();
    let g = CsrGraph::from_edges(p.n, &weighted);
    let (a, b): (Vec<_>, Vec<_>) = weighted.iter().partition(|e| (e.0 ^ e.1) & 1 == 0);
    let (la, lb) = (CsrGraph::from_edges(p.n, &a), CsrGraph::from_edges(p.n, &b));
    let run = |threads: usize| {
        pool(threads).install(|| {
            let mo = leiden(
                &g,
                &LeidenConfig {
                    seed: 3,
                    ..LeidenConfig::default()
                },
            )
            .unwrap();
            let cpm = leiden(
                &g,
                &LeidenConfig {
                    seed: 4,
                    quality: Quality::Cpm { resolution: 0.05 },
                    ..LeidenConfig::default()
                },
            )
            .unwrap();
            let layers = [
                Layer {
                    graph: &la,
                    weight: 1.0,
                },
                Layer {
                    graph: &lb,
                    weight: 0.5,
                },
            ];
            let mx = leiden_multiplex(
                &layers,
                &LeidenConfig {
                    seed: 5,
                    ..LeidenConfig::default()
                },
            )
            .unwrap();
            let lv = louvain(
                &g,
                &LouvainConfig {
                    seed: 6,
                    ..LouvainConfig::default()
                },
            )
            .unwrap();
            [mo, cpm, mx, lv].map(|r| (r.membership, r.quality.to_bits(), r.levels))
        })
    };
    let one = run(1);
    assert!(one[0].0.iter().any(|&c| c > 10), "found communities");
    assert_eq!(one, run(2));
    assert_eq!(one, run(4));
}
