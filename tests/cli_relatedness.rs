//! `coopnet relatedness` run as a user would: the binary, in a temporary
//! folder, on the demo dataset and on long tables.

mod common;

use std::fs;

use common::{LONG_TABLE, coopnet, stderr, stdout};

#[test]
fn relatedness_pairs_and_density() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("employment.csv");
    fs::write(&table, LONG_TABLE).unwrap();
    let out = dir.path().join("related.csv");
    let o = coopnet(&[
        "relatedness",
        table.to_str().unwrap(),
        "--method",
        "jaccard",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = fs::read_to_string(&out).unwrap();
    // hand-worked in tests/economics.rs: jaccard S1-S3 = 2/5, S2-S3 = 1/5, S3-S4 does not co-occur
    assert!(text.starts_with("sector_a,sector_b,cooccurrence,relatedness\n"));
    assert!(text.contains("\nS1,S3,2,0.4\n"), "{text}");
    assert!(text.contains("\nS2,S3,1,0.2\n"), "{text}");
    assert!(!text.contains("S3,S4"));
    let density = fs::read_to_string(dir.path().join("related.density.csv")).unwrap();
    assert_eq!(density.lines().count(), 1 + 16);
    let o = coopnet(&[
        "relatedness",
        table.to_str().unwrap(),
        "--method",
        "proximity",
        "--diagonal",
        "one",
        "--format",
        "json",
    ]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["proximity_diagonal"], "one");
    let d = v["density"].as_array().unwrap();
    let r3s3 = d
        .iter()
        .find(|x| x["region"] == "R3" && x["sector"] == "S3")
        .unwrap();
    // diagonal one: (phi_23 + phi_43 + phi_33 * 0) / (2/3 + 1/2 + 0 + 1) for R3 (S2, S4): (1/2 + 0) / (13/6)
    assert!((r3s3["density"].as_f64().unwrap() - 100.0 * 0.5 / (13.0 / 6.0)).abs() < 1e-9);
}

#[test]
fn same_output_at_one_and_four_threads() {
    let demo = common::demo_dir();
    let run = |threads: &str| {
        coopnet(&[
            "relatedness",
            demo.to_str().unwrap(),
            "--format",
            "json",
            "--threads",
            threads,
            "-q",
        ])
    };
    let (a, b) = (run("1"), run("4"));
    assert!(a.status.success() && b.status.success());
    assert_eq!(a.stdout, b.stdout);
}
