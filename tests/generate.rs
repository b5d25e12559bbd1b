//! `coopnet generate`: the national profile (determinism at any thread count,
//! planted communities, loadable output) and the command line.

use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::process::Command;

use coopnet::generate::national::{NationalConfig, generate_national};
use coopnet::load::load_dataset;

fn coopnet() -> Command {
    Command::new(env!("CARGO_BIN_EXE_coopnet"))
}

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

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .expect("folder")
        .map(|e| {
            let e = e.expect("entry");
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).expect("reads"),
            )
        })
        .collect();
    v.sort();
    v
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

#[test]
fn cli_writes_the_russia_profile_and_replaces_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("ru");
    for _ in 0..2 {
        let o = coopnet()
            .args(["generate", "--profile", "russia", "--quiet", "--out"])
            .arg(&out)
            .output()
            .expect("runs");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/russia");
    assert_eq!(files(&out), files(&committed));
    // nothing else is left beside it
    assert_eq!(fs::read_dir(dir.path()).expect("list").count(), 1);
}

#[test]
fn cli_refuses_to_replace_a_folder_that_is_not_a_dataset() {
    let dir = tempfile::tempdir().expect("tempdir");
    let precious = dir.path().join("thesis");
    fs::create_dir(&precious).expect("mkdir");
    fs::write(precious.join("chapter1.md"), "text").expect("writes");
    let o = coopnet()
        .args(["generate", "--profile", "russia", "--out"])
        .arg(&precious)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("is not a dataset"), "{err}");
    assert_eq!(
        fs::read_to_string(precious.join("chapter1.md")).expect("still there"),
        "text"
    );
}

#[test]
fn cli_rejects_impossible_national_settings_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("n");
    let o = coopnet()
        .args([
            "generate",
            "--profile",
            "national",
            "--clusters",
            "10",
            "--organisations",
            "15",
            "--out",
        ])
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("--organisations"), "{err}");
    assert!(!out.exists());
    assert_eq!(fs::read_dir(dir.path()).expect("list").count(), 0);
}

#[test]
fn cli_national_small_run_reports_the_seed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("n");
    let o = coopnet()
        .args([
            "generate",
            "--profile",
            "national",
            "--regions",
            "5",
            "--clusters",
            "4",
            "--organisations",
            "100",
            "--links",
            "0",
            "--seed",
            "9",
            "--out",
        ])
        .arg(&out)
        .output()
        .expect("runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("seed 9"));
    let ds = load_dataset(&out).expect("loads");
    assert_eq!(ds.participants.len(), 100);
    assert!(ds.links.is_empty());
    assert!(
        fs::read_to_string(out.join("README.md"))
            .expect("readme")
            .contains("--seed 9")
    );
}

#[test]
fn cli_rejects_national_flags_with_the_russia_profile() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = coopnet()
        .args(["generate", "--profile", "russia", "--links", "5", "--out"])
        .arg(dir.path().join("r"))
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--links is for --profile national"));
}
