//! Known answers: Zachary's karate club, planted partitions, LFR-like graphs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../benches/common/mod.rs"]
mod graphs;

use coopnet::community::{
    Layer, LeidenConfig, LouvainConfig, Quality, adjusted_rand_index, cpm, leiden,
    leiden_multiplex, louvain, modularity, nmi,
};
use coopnet::graph::CsrGraph;

/// Zachary's karate club, 34 members, 78 friendships (1-based as in Zachary 1977).
const KARATE: [(u32, u32); 78] = [
    (1, 2),
    (1, 3),
    (1, 4),
    (1, 5),
    (1, 6),
    (1, 7),
    (1, 8),
    (1, 9),
    (1, 11),
    (1, 12),
    (1, 13),
    (1, 14),
    (1, 18),
    (1, 20),
    (1, 22),
    (1, 32),
    (2, 3),
    (2, 4),
    (2, 8),
    (2, 14),
    (2, 18),
    (2, 20),
    (2, 22),
    (2, 31),
    (3, 4),
    (3, 8),
    (3, 9),
    (3, 10),
    (3, 14),
    (3, 28),
    (3, 29),
    (3, 33),
    (4, 8),
    (4, 13),
    (4, 14),
    (5, 7),
    (5, 11),
    (6, 7),
    (6, 11),
    (6, 17),
    (7, 17),
    (9, 31),
    (9, 33),
    (9, 34),
    (10, 34),
    (14, 34),
    (15, 33),
    (15, 34),
    (16, 33),
    (16, 34),
    (19, 33),
    (19, 34),
    (20, 34),
    (21, 33),
    (21, 34),
    (23, 33),
    (23, 34),
    (24, 26),
    (24, 28),
    (24, 30),
    (24, 33),
    (24, 34),
    (25, 26),
    (25, 28),
    (25, 32),
    (26, 32),
    (27, 30),
    (27, 34),
    (28, 34),
    (29, 32),
    (29, 34),
    (30, 33),
    (30, 34),
    (31, 33),
    (31, 34),
    (32, 33),
    (32, 34),
    (33, 34),
];

fn karate() -> CsrGraph {
    let edges: Vec<(u32, u32, f64)> = KARATE.iter().map(|&(u, v)| (u - 1, v - 1, 1.0)).collect();
    CsrGraph::from_edges(34, &edges)
}

#[test]
fn karate_reaches_the_optimum_with_leiden_defaults() {
    let g = karate();
    assert_eq!(g.edge_count(), 78);
    for seed in 0..20 {
        let r = leiden(
            &g,
            &LeidenConfig {
                seed,
                ..LeidenConfig::default()
            },
        )
        .unwrap();
        let q = modularity(&g, &r.membership, 1.0).unwrap();
        assert!(
            (q - r.quality).abs() < 1e-12,
            "seed {seed}: reported {} recomputed {q}",
            r.quality
        );
        assert!(
            q >= 0.4197,
            "seed {seed}: modularity {q} with {} communities",
            r.count
        );
    }
}

#[test]
fn karate_louvain_is_good() {
    let g = karate();
    let r = louvain(&g, &LouvainConfig::default()).unwrap();
    let q = modularity(&g, &r.membership, 1.0).unwrap();
    assert!((q - r.quality).abs() < 1e-12);
    assert!(q >= 0.40, "{q}");
}

#[test]
fn karate_result_is_described_fully() {
    let g = karate();
    let r = leiden(&g, &LeidenConfig::default()).unwrap();
    assert_eq!(r.membership.len(), 34);
    assert_eq!(r.sizes.iter().sum::<usize>(), 34);
    assert_eq!(r.sizes.len(), r.count);
    // canonical numbering: first appearance order
    let mut next = 0;
    for &c in &r.membership {
        assert!(c <= next);
        if c == next {
            next += 1;
        }
    }
    assert!(!r.levels.is_empty());
    assert_eq!(r.levels[0].nodes, 34);
    assert_eq!(r.levels.last().map(|l| &l.membership), Some(&r.membership));
    assert_eq!(r.parameters.seed, coopnet::community::DEFAULT_SEED);
    assert!(r.timings.total >= r.timings.local_moving);
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["parameters"]["quality"]["name"], "modularity");
    assert_eq!(json["count"], r.count);
}

#[test]
fn all_in_one_has_modularity_zero() {
    let g = karate();
    assert!(modularity(&g, &[0; 34], 1.0).unwrap().abs() < 1e-12);
    let p = graphs::planted(4, 25, 0.3, 0.02, 7);
    let g = CsrGraph::from_edges(p.n, &p.edges);
    assert!(modularity(&g, &vec![3; p.n], 1.0).unwrap().abs() < 1e-12);
}

#[test]
fn planted_partition_is_recovered() {
    // 10 groups of 100; expected internal degree 14, external 6: mixing 0.3.
    let p = graphs::planted(10, 100, 14.0 / 99.0, 6.0 / 900.0, 11);
    let g = CsrGraph::from_edges(p.n, &p.edges);
    let r = leiden(&g, &LeidenConfig::default()).unwrap();
    let score = nmi(&r.membership, &p.truth).unwrap();
    assert!(score >= 0.95, "Leiden NMI {score}, {} communities", r.count);
    let r = louvain(&g, &LouvainConfig::default()).unwrap();
    let score = nmi(&r.membership, &p.truth).unwrap();
    assert!(
        score >= 0.95,
        "Louvain NMI {score}, {} communities",
        r.count
    );
}

#[test]
fn lfr_like_graph_is_recovered_at_mixing_0_3() {
    let p = graphs::lfr_like(5000, 20.0, 50.0, 0.3, (20, 100), 3);
    let g = CsrGraph::from_edges(p.n, &p.edges);
    let r = leiden(&g, &LeidenConfig::default()).unwrap();
    let score = nmi(&r.membership, &p.truth).unwrap();
    assert!(score >= 0.95, "NMI {score}, {} communities", r.count);
    assert!(adjusted_rand_index(&r.membership, &p.truth).unwrap() > 0.8);
}

#[test]
fn same_partition_at_1_2_and_4_threads_on_a_larger_graph() {
    // Large enough for parallel batches, refinement and aggregation to split work.
    let p = graphs::lfr_like(20_000, 15.0, 60.0, 0.4, (20, 200), 5);
    let g = CsrGraph::from_edges(p.n, &p.edges);
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let l = pool.install(|| {
            leiden(
                &g,
                &LeidenConfig {
                    seed: 9,
                    ..LeidenConfig::default()
                },
            )
            .unwrap()
        });
        let v = pool.install(|| {
            louvain(
                &g,
                &LouvainConfig {
                    seed: 9,
                    ..LouvainConfig::default()
                },
            )
            .unwrap()
        });
        (
            l.membership,
            l.quality.to_bits(),
            v.membership,
            v.quality.to_bits(),
        )
    };
    let one = run(1);
    assert_eq!(one, run(2));
    assert_eq!(one, run(4));
}

#[test]
fn resolution_and_cpm_match_recomputation() {
    let p = graphs::lfr_like(2000, 12.0, 40.0, 0.3, (20, 80), 8);
    let g = CsrGraph::from_edges(p.n, &p.edges);
    for quality in [
        Quality::Modularity { resolution: 0.5 },
        Quality::Modularity { resolution: 2.0 },
        Quality::Cpm { resolution: 0.05 },
    ] {
        let r = leiden(
            &g,
            &LeidenConfig {
                quality,
                ..LeidenConfig::default()
            },
        )
        .unwrap();
        let q = match quality {
            Quality::Modularity { resolution } => {
                modularity(&g, &r.membership, resolution).unwrap()
            }
            Quality::Cpm { resolution } => cpm(&g, &r.membership, resolution).unwrap(),
        };
        assert!(
            (q - r.quality).abs() <= 1e-9 * q.abs().max(1.0),
            "{quality:?}: {q} vs {}",
            r.quality
        );
    }
    // Higher resolution, more communities.
    let coarse = leiden(
        &g,
        &LeidenConfig {
            quality: Quality::Modularity { resolution: 0.5 },
            ..LeidenConfig::default()
        },
    );
    let fine = leiden(
        &g,
        &LeidenConfig {
            quality: Quality::Modularity { resolution: 2.0 },
            ..LeidenConfig::default()
        },
    );
    assert!(coarse.unwrap().count < fine.unwrap().count);
}

#[test]
fn multiplex_of_one_layer_is_the_single_graph() {
    let g = karate();
    let single = leiden(&g, &LeidenConfig::default()).unwrap();
    let multi = leiden_multiplex(
        &[Layer {
            graph: &g,
            weight: 1.0,
        }],
        &LeidenConfig::default(),
    )
    .unwrap();
    assert_eq!(single.membership, multi.membership);
    assert!((single.quality - multi.quality).abs() < 1e-12);
    assert_eq!(multi.layer_quality.len(), 1);
    assert_eq!(multi.parameters.layer_weights, vec![1.0]);
}

#[test]
fn multiplex_quality_is_the_weighted_sum_of_layers() {
    // Layer a: groups {0..50}, {50..100}; layer b: a sparse random graph.
    let a = graphs::planted(2, 50, 0.3, 0.01, 1);
    let b_edges = graphs::planted(1, 100, 0.05, 0.0, 2).edges;
    let ga = CsrGraph::from_edges(100, &a.edges);
    let gb = CsrGraph::from_edges(100, &b_edges);
    let layers = [
        Layer {
            graph: &ga,
            weight: 1.0,
        },
        Layer {
            graph: &gb,
            weight: 0.5,
        },
    ];
    let r = leiden_multiplex(&layers, &LeidenConfig::default()).unwrap();
    let qa = modularity(&ga, &r.membership, 1.0).unwrap();
    let qb = modularity(&gb, &r.membership, 1.0).unwrap();
    assert!((r.layer_quality[0] - qa).abs() < 1e-12 && (r.layer_quality[1] - qb).abs() < 1e-12);
    assert!(
        (r.quality - (qa + 0.5 * qb)).abs() < 1e-9,
        "{} vs {}",
        r.quality,
        qa + 0.5 * qb
    );
    // The joint optimum is about as good on the sum as the partition found for layer a alone.
    let only_a = leiden(&ga, &LeidenConfig::default()).unwrap();
    let sum_a = modularity(&ga, &only_a.membership, 1.0).unwrap()
        + 0.5 * modularity(&gb, &only_a.membership, 1.0).unwrap();
    assert!(r.quality >= 0.95 * sum_a, "{} vs {sum_a}", r.quality);
    let l = louvain_multiplex_ok(&layers);
    assert!(l > 0.0);
    // Mismatched layers are a parameter error.
    let small = CsrGraph::from_edges(3, &[(0, 1, 1.0)]);
    assert!(
        leiden_multiplex(
            &[
                Layer {
                    graph: &ga,
                    weight: 1.0
                },
                Layer {
                    graph: &small,
                    weight: 1.0
                }
            ],
            &LeidenConfig::default()
        )
        .is_err()
    );
    assert!(leiden_multiplex(&[], &LeidenConfig::default()).is_err());
}

fn louvain_multiplex_ok(layers: &[Layer<'_>]) -> f64 {
    coopnet::community::louvain_multiplex(layers, &LouvainConfig::default())
        .unwrap()
        .quality
}

#[test]
fn bad_parameters_are_errors() {
    let g = karate();
    let bad = [
        LeidenConfig {
            quality: Quality::Modularity { resolution: -1.0 },
            ..LeidenConfig::default()
        },
        LeidenConfig {
            quality: Quality::Cpm {
                resolution: f64::NAN,
            },
            ..LeidenConfig::default()
        },
        LeidenConfig {
            randomness: 0.0,
            ..LeidenConfig::default()
        },
        LeidenConfig {
            max_iterations: 0,
            ..LeidenConfig::default()
        },
    ];
    for c in bad {
        assert!(
            matches!(leiden(&g, &c), Err(coopnet::Error::Parameter { .. })),
            "{c:?}"
        );
    }
    let negative = CsrGraph::from_edges(2, &[(0, 1, -1.0)]);
    assert!(leiden(&negative, &LeidenConfig::default()).is_err());
    assert!(louvain(&negative, &LouvainConfig::default()).is_err());
}

#[test]
fn empty_and_edgeless_graphs() {
    let empty = CsrGraph::from_edges(0, &[]);
    let r = leiden(&empty, &LeidenConfig::default()).unwrap();
    assert_eq!((r.count, r.membership.len()), (0, 0));
    let isolated = CsrGraph::from_edges(5, &[]);
    let r = leiden(&isolated, &LeidenConfig::default()).unwrap();
    assert_eq!(r.membership, vec![0, 1, 2, 3, 4]);
    assert_eq!(r.quality, 0.0);
    let r = louvain(&isolated, &LouvainConfig::default()).unwrap();
    assert_eq!(r.count, 5);
}
