//! The DOT text does not depend on the number of threads (nodes and edges are
//! printed in parallel chunks).

use std::fmt::Write as _;

use coopnet::export::{Layout, MapOptions, NetworkView, to_dot};
use coopnet::graph::{Projection, ProjectionSpec};

#[test]
fn same_dot_at_one_and_three_threads() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ps = String::from("id,name,kind,sector,region,clusters,employees\n");
    let mut ls = String::from("source,target,sector,weight,kind\n");
    let n = 5000u64;
    for i in 0..n {
        let _ = writeln!(ps, "P{i},Org {i},production,32.12,R{},,", i % 4);
        let j = (i * 7919 + 13) % n;
        if j != i {
            let _ = writeln!(
                ls,
                "P{i},P{j},{},{},supply",
                ["32.12", "08.99"][(i % 2) as usize],
                1 + i % 5
            );
        }
    }
    std::fs::write(
        dir.path().join("regions.csv"),
        "id,name,district,lat,lon\nR0,A,D,55,37\nR1,B,D,57,41\nR2,C,E,62,130\nR3,D,E,64,177.5\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("participants.csv"), ps).expect("write");
    std::fs::write(dir.path().join("links.csv"), ls).expect("write");
    let ds = coopnet::load::load_dataset(dir.path()).expect("loads");
    let view =
        NetworkView::new(&ds, &ProjectionSpec::merged(Projection::Participants)).expect("view");
    assert!(view.edges.len() > 4096, "enough edges for several chunks");
    let opts = MapOptions {
        layout: Layout::Geo,
        ..MapOptions::default()
    };
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool")
            .install(|| to_dot(&view, &opts).expect("dot").dot)
    };
    let one = run(1);
    assert_eq!(one, run(3));
    let statements = one
        .lines()
        .filter(|l| {
            l.strip_prefix("  n")
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        })
        .count();
    let drawn = view.edges.iter().filter(|e| !e.is_loop()).count();
    assert_eq!(statements, view.nodes.len() + drawn);
}
