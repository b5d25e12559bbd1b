//! Property tests of community detection on random graphs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::VecDeque;

use coopnet::community::{LeidenConfig, LouvainConfig, Quality, leiden, louvain, modularity};
use coopnet::graph::CsrGraph;
use proptest::prelude::*;

/// Random weighted graphs: up to 40 nodes, up to 120 edges, weights in {0.5, 1, 2, 3},
/// self-loops and repeated edges allowed.
fn graphs() -> impl Strategy<Value = CsrGraph> {
    (1usize..40).prop_flat_map(|n| {
        prop::collection::vec(
            (
                0..n as u32,
                0..n as u32,
                prop::sample::select(vec![0.5, 1.0, 2.0, 3.0]),
            ),
            0..120,
        )
        .prop_map(move |edges| CsrGraph::from_edges(n, &edges))
    })
}

/// True when every community induces a connected subgraph.
fn communities_connected(g: &CsrGraph, membership: &[u32]) -> bool {
    let n = g.node_count();
    let count = membership
        .iter()
        .copied()
        .max()
        .map_or(0, |m| m as usize + 1);
    let mut seen_community = vec![false; count];
    let mut visited = vec![false; n];
    for s in 0..n {
        if visited[s] {
            continue;
        }
        let c = membership[s];
        if seen_community[c as usize] {
            return false; // a second component of the same community
        }
        seen_community[c as usize] = true;
        let mut queue = VecDeque::from([s as u32]);
        visited[s] = true;
        while let Some(v) = queue.pop_front() {
            for (u, _) in g.neighbors(v) {
                if !visited[u as usize] && membership[u as usize] == c {
                    visited[u as usize] = true;
                    queue.push_back(u);
                }
            }
        }
    }
    true
}

fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn leiden_partitions_are_valid(g in graphs(), seed in 0u64..1000, resolution in prop::sample::select(vec![0.5, 1.0, 1.5])) {
        let config = LeidenConfig { seed, quality: Quality::Modularity { resolution }, ..LeidenConfig::default() };
        let r = leiden(&g, &config).unwrap();
        let n = g.node_count();
        prop_assert_eq!(r.membership.len(), n);
        prop_assert!(r.membership.iter().all(|&c| (c as usize) < r.count));
        prop_assert_eq!(r.sizes.iter().sum::<usize>(), n);
        prop_assert!(r.sizes.iter().all(|&s| s > 0));
        prop_assert!(communities_connected(&g, &r.membership));
        let q = modularity(&g, &r.membership, resolution).unwrap();
        prop_assert!((q - r.quality).abs() < 1e-9, "reported {} recomputed {}", r.quality, q);
        let q1 = modularity(&g, &r.membership, 1.0).unwrap();
        prop_assert!((q1 - r.modularity).abs() < 1e-12);
        prop_assert!((-0.5 - 1e-12..=1.0).contains(&q1));
        let four = in_pool(4, || leiden(&g, &config).unwrap());
        let one = in_pool(1, || leiden(&g, &config).unwrap());
        prop_assert_eq!(&one.membership, &r.membership);
        prop_assert_eq!(&four.membership, &r.membership);
        prop_assert_eq!(four.quality.to_bits(), one.quality.to_bits());
    }

    #[test]
    fn louvain_partitions_are_valid(g in graphs(), seed in 0u64..1000) {
        let config = LouvainConfig { seed, ..LouvainConfig::default() };
        let r = louvain(&g, &config).unwrap();
        prop_assert_eq!(r.membership.len(), g.node_count());
        prop_assert_eq!(r.sizes.iter().sum::<usize>(), g.node_count());
        let q = modularity(&g, &r.membership, 1.0).unwrap();
        prop_assert!((q - r.quality).abs() < 1e-9);
        prop_assert!((-0.5 - 1e-12..=1.0).contains(&q));
        let one = in_pool(1, || louvain(&g, &config).unwrap());
        let four = in_pool(4, || louvain(&g, &config).unwrap());
        prop_assert_eq!(&one.membership, &four.membership);
    }

    #[test]
    fn cpm_communities_are_connected_and_quality_matches(g in graphs(), gamma in prop::sample::select(vec![0.05, 0.2, 1.0])) {
        let config = LeidenConfig { quality: Quality::Cpm { resolution: gamma }, ..LeidenConfig::default() };
        let r = leiden(&g, &config).unwrap();
        prop_assert!(communities_connected(&g, &r.membership));
        let q = coopnet::community::cpm(&g, &r.membership, gamma).unwrap();
        prop_assert!((q - r.quality).abs() < 1e-9 * q.abs().max(1.0));
        // Never worse than all singletons (quality 0 + self-loops).
        let singletons: Vec<u32> = (0..g.node_count() as u32).collect();
        prop_assert!(r.quality >= coopnet::community::cpm(&g, &singletons, gamma).unwrap() - 1e-9);
    }

    #[test]
    fn modularity_of_all_in_one_is_zero(g in graphs()) {
        let q = modularity(&g, &vec![0; g.node_count()], 1.0).unwrap();
        prop_assert!(q.abs() < 1e-12);
    }
}
