//! The national generator: determinism at any thread count, planted
//! communities, loadable output (the command line: `cli_generate.rs`).

use std::collections::HashMap;
use std::path::Path;

mod common;

use common::files;
use coopnet::generate::national::{NationalConfig, generate_national};
use coopnet::load::load_dataset;

/// Small, but spanning several chunks of organisations and of links.
fn config() -> NationalConfig {
    NationalConfig {
        seed: 11,
        regions: 30,
        clusters: 40,
        organisations: 20_000,
        links: 40_000,
        mixing: 0.2,
    }
}

fn generate_with_threads(config: &NationalConfig, threads: usize, out: &Path) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("pool");
    pool.install(|| generate_national(config, out, &|_| {}))
        .expect("generates");
}

#[test]
fn national_output_is_the_same_at_any_thread_count() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (one, four) = (dir.path().join("one"), dir.path().join("four"));
    generate_with_threads(&config(), 1, &one);
    generate_with_threads(&config(), 4, &four);
    let (a, b) = (files(&one), files(&four));
    assert_eq!(
        a.iter().map(|f| &f.0).collect::<Vec<_>>(),
        [
            "README.md",
            "clusters.csv",
            "districts.csv",
            "links.csv",
            "participants.csv",
            "regions.csv",
            "sectors.csv"
        ]
    );
    for (x, y) in a.iter().zip(&b) {
        assert!(x.1 == y.1, "{} differs between 1 and 4 threads", x.0);
    }
    let other = dir.path().join("other");
    generate_with_threads(
        &NationalConfig {
            seed: 12,
            ..config()
        },
        2,
        &other,
    );
    assert_ne!(files(&other), a);
}

#[test]
fn national_output_loads_with_planted_communities() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("national");
    let c = config();
    generate_with_threads(&c, 2, &out);
    let ds = load_dataset(&out).expect("loads");
    assert_eq!(ds.regions.len(), c.regions as usize);
    assert_eq!(ds.clusters.len(), c.clusters as usize);
    assert_eq!(ds.participants.len() as u64, c.organisations);
    assert_eq!(ds.links.len() as u64, c.links);

    // the planted community of every organisation, from the extra column
    let mut rdr = csv::Reader::from_path(out.join("participants.csv")).expect("reads");
    let col = rdr
        .headers()
        .expect("header")
        .iter()
        .position(|h| h == "community")
        .expect("community column");
    let community: HashMap<String, u32> = rdr
        .records()
        .map(|r| {
            let r = r.expect("row");
            (r[0].to_string(), r[col].parse().expect("number"))
        })
        .collect();
    let mut sizes: HashMap<u32, usize> = HashMap::new();
    for &k in community.values() {
        *sizes.entry(k).or_default() += 1;
    }
    assert_eq!(sizes.len(), c.clusters as usize);
    assert!(sizes.values().all(|&n| n >= 2));
    // about 1 - mixing of the links stay inside their community
    let inside = ds
        .links
        .iter()
        .filter(|l| community[ds.endpoint_id(l.source)] == community[ds.endpoint_id(l.target)])
        .count();
    let share = inside as f64 / ds.links.len() as f64;
    assert!((0.78..0.86).contains(&share), "{share} of links inside");
    // every cluster's members: as many as its participants column, in its community
    let mut members = vec![0u32; ds.clusters.len()];
    for p in &ds.participants {
        for cl in &p.clusters {
            members[cl.index()] += 1;
        }
    }
    for (i, cl) in ds.clusters.iter().enumerate() {
        assert_eq!(Some(members[i]), cl.participants, "{}", cl.id);
    }
    assert!(ds.links.iter().all(|l| l.source != l.target));
}
