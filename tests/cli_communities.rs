//! `coopnet communities` from the command line: edge lists and datasets, CSV and JSON,
//! the same partition at any --threads, comparison, and errors with exit code 2.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{coopnet_in, root};

/// Two cliques of five joined by one edge, string ids.
fn two_cliques(dir: &Path) -> PathBuf {
    let mut text = String::from("# two cliques\n");
    for group in ["a", "b"] {
        for i in 0..5 {
            for j in i + 1..5 {
                text.push_str(&format!("{group}{i} {group}{j}\n"));
            }
        }
    }
    text.push_str("a0,b0,0.5\n");
    let path = dir.join("g.edges");
    fs::write(&path, text).unwrap();
    path
}

#[test]
fn edge_list_to_csv() {
    let dir = tempfile::tempdir().unwrap();
    two_cliques(dir.path());
    let out = coopnet_in(&["communities", "g.edges"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("node,community"));
    let rows: Vec<(String, String)> = lines
        .map(|l| {
            let (a, b) = l.split_once(',').unwrap();
            (a.to_string(), b.to_string())
        })
        .collect();
    assert_eq!(rows.len(), 10);
    for (node, c) in &rows {
        assert_eq!(c, if node.starts_with('a') { "0" } else { "1" });
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("2 communities"), "{stderr}");
    assert!(stderr.contains("seed 42"), "{stderr}");
}

#[test]
fn json_records_parameters_and_levels_and_is_thread_independent() {
    let dir = tempfile::tempdir().unwrap();
    two_cliques(dir.path());
    let run = |threads: &str| {
        let out = coopnet_in(
            &[
                "communities",
                "g.edges",
                "--format",
                "json",
                "--seed",
                "7",
                "--threads",
                threads,
                "--quiet",
            ],
            dir.path(),
        );
        assert!(out.status.success());
        let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v.as_object_mut().unwrap().remove("timings");
        v
    };
    let one = run("1");
    assert_eq!(one, run("4"));
    assert_eq!(one["communities"], 2);
    assert_eq!(one["seed"], 7);
    assert_eq!(one["parameters"]["algorithm"], "leiden");
    assert_eq!(one["sizes"], serde_json::json!([5, 5]));
    assert!(one["modularity"].as_f64().unwrap() > 0.4);
    assert!(!one["levels"].as_array().unwrap().is_empty());
    assert_eq!(one["membership"][0]["node"], "a0");
}

#[test]
fn dataset_projections_layers_and_out_file() {
    let demo = root().join("datasets/demo");
    let dir = tempfile::tempdir().unwrap();
    let demo = demo.to_str().unwrap();
    let out = coopnet_in(
        &[
            "communities",
            demo,
            "--projection",
            "participants",
            "--out",
            "c.csv",
        ],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = fs::read_to_string(dir.path().join("c.csv")).unwrap();
    assert!(csv.starts_with("node,community\n"));
    assert_eq!(csv.lines().count(), 12);
    let out = coopnet_in(
        &[
            "communities",
            demo,
            "--projection",
            "participants",
            "--layers",
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!v["layers"].as_array().unwrap().is_empty());
    let out = coopnet_in(
        &[
            "communities",
            demo,
            "--algorithm",
            "louvain",
            "--quality",
            "cpm",
            "--resolution",
            "0.1",
        ],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn compare_with_a_reference() {
    let dir = tempfile::tempdir().unwrap();
    two_cliques(dir.path());
    let truth: String = (0..5).map(|i| format!("a{i},x\nb{i},y\n")).collect();
    fs::write(
        dir.path().join("truth.csv"),
        format!("node,community\n{truth}"),
    )
    .unwrap();
    let out = coopnet_in(
        &[
            "communities",
            "g.edges",
            "--compare",
            "truth.csv",
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["comparison"]["nmi"], 1.0);
    assert_eq!(v["comparison"]["adjusted_rand_index"], 1.0);
    fs::write(dir.path().join("bad.csv"), "node,community\na0,x\na1\n").unwrap();
    let out = coopnet_in(
        &["communities", "g.edges", "--compare", "bad.csv"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.csv:3"));
}

#[test]
fn errors_exit_with_code_2_and_name_the_line() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("bad.edges"), "a b\nc d -2\ne\n").unwrap();
    let out = coopnet_in(&["communities", "bad.edges"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad.edges:2: column \"weight\": \"-2\" is negative"),
        "{stderr}"
    );
    assert!(stderr.contains("bad.edges:3:"), "{stderr}");
    assert!(out.stdout.is_empty());
    two_cliques(dir.path());
    for args in [
        &["communities", "g.edges", "--resolution", "-1"][..],
        &["communities", "g.edges", "--projection", "regions"][..],
        &["communities", "missing.edges"][..],
        &["communities", "g.edges", "--algorithm", "magic"][..],
    ] {
        let out = coopnet_in(args, dir.path());
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
