//! The main job's index (README.md, index.html, run.json) headlines both
//! region partitions, saying which is which, and states for every result
//! whether it rests on synthetic rows.

mod common;

use std::fs;
use std::path::Path;

use common::{coopnet, root, stderr, stdout};

fn analyze(dataset: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "analyze",
        dataset.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--no-render",
        "-q",
    ];
    args.extend(extra);
    let o = coopnet(&args);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// `coopnet communities DATASET [--between] --format json`: (count, modularity).
fn communities(dataset: &Path, between: bool) -> (u64, f64) {
    let mut args = vec![
        "communities",
        dataset.to_str().unwrap(),
        "--format",
        "json",
        "-q",
    ];
    if between {
        args.push("--between");
    }
    let o = coopnet(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    (
        v["communities"].as_u64().unwrap(),
        v["modularity"].as_f64().unwrap(),
    )
}

fn headline<'a>(readme: &'a str, starts: &str) -> &'a str {
    readme
        .lines()
        .find(|l| l.starts_with(&format!("- {starts}")))
        .unwrap_or_else(|| panic!("no headline {starts:?} in\n{readme}"))
}

#[test]
fn both_region_partitions_are_headlined_and_named() {
    let dir = root().join("datasets/russia");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("run");
    analyze(&dir, &out, &[]);
    let readme = fs::read_to_string(out.join("README.md")).unwrap();
    let with = headline(
        &readme,
        "Region communities with within-region links kept as self-loops",
    );
    let between = headline(&readme, "Region communities of the links between regions");
    // the figures are those `coopnet communities` finds with and without --between
    let (n, q) = communities(&dir, false);
    assert!(
        with.contains(&format!(": {n} at modularity {q:.3}.")),
        "{with}"
    );
    let (nb, qb) = communities(&dir, true);
    assert!(
        between.contains(&format!(": {nb} at modularity {qb:.3}.")),
        "{between}"
    );
    assert!(
        q > qb + 0.3,
        "self-loops raise modularity: {q} against {qb}"
    );
    assert!(between.contains("within-region links left out"));
    // the share of the weight the self-loops hold, and which partition the files hold
    assert!(with.contains("% of the link weight"), "{with}");
    assert!(with.contains("This is the partition of communities.csv"));
    assert!(!between.contains("communities.csv"));
    // headlines come before the figures
    assert!(readme.find("## Headlines").unwrap() < readme.find("## Figures").unwrap());

    // with --between, the other one is the run's own
    let out2 = tmp.path().join("between");
    analyze(&dir, &out2, &["--between"]);
    let readme2 = fs::read_to_string(out2.join("README.md")).unwrap();
    assert!(
        headline(&readme2, "Region communities of the links between regions")
            .contains("This is the partition of communities.csv")
    );
    assert!(
        !headline(&readme2, "Region communities with within-region").contains("communities.csv")
    );

    // the page and the run record say the same
    let html = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains(r#"<h2 id="headlines">Headlines</h2>"#));
    assert!(html.contains(&format!("{n} at modularity {q:.3}")));
    assert!(html.contains("within-region links left out, --between"));
    let run: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    // the two partitions, and the NTI markets of this dataset
    let headlines = run["headlines"].as_array().unwrap();
    assert_eq!(headlines.len(), 3);
    assert!(
        headlines[0]
            .as_str()
            .unwrap()
            .starts_with("Region communities with")
    );
    assert!(
        headlines[1]
            .as_str()
            .unwrap()
            .starts_with("Region communities of the links between")
    );
}

#[test]
fn every_result_says_whether_it_rests_on_synthetic_rows() {
    let dir = root().join("datasets/russia");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("run");
    analyze(&dir, &out, &[]);
    let readme = fs::read_to_string(out.join("README.md")).unwrap();
    let row = |result: &str| -> String {
        readme
            .lines()
            .find(|l| l.starts_with(&format!("| {result}")))
            .unwrap_or_else(|| panic!("no row {result:?} in\n{readme}"))
            .to_string()
    };
    // counted from the provenance columns of the files
    let participants = fs::read_to_string(dir.join("participants.csv")).unwrap();
    let orgs = participants.lines().count() - 1;
    assert!(
        participants
            .lines()
            .skip(1)
            .all(|l| l.ends_with(",synthetic"))
    );
    let orgs = format!(
        "{},{:03} organisations, all synthetic",
        orgs / 1000,
        orgs % 1000
    );
    assert!(row("specialisation.csv").contains(&orgs), "{orgs}");
    assert!(row("communities.csv").contains("links, all synthetic"));
    let clusters = fs::read_to_string(dir.join("clusters.csv")).unwrap();
    let study = clusters.lines().filter(|l| l.contains(",study,")).count();
    let synthetic = clusters
        .lines()
        .filter(|l| l.contains(",synthetic,"))
        .count();
    assert!(
        row("report.md").contains(&format!("{synthetic} synthetic, {study} marked study")),
        "{}",
        row("report.md")
    );
    // Rosstat's panel is real
    assert!(row("dynamics.md").contains("organisations_by_year.csv: 6,972 rows, none synthetic"));
    assert!(row("markets.md").contains("13 markets, all marked study"));
    assert!(row("suggestions.md").contains("curated value chain"));
    let html = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains(r#"<table id="rests-on-table""#));
    assert!(html.contains(&orgs));
    // the study's Kostroma-Sakha pairing of expected_pairings.csv, with its
    // rank or what kept it out, as in suggestions.json
    assert!(html.contains(r#"<table id="expected-pairings-table""#));
    let suggestions: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("suggestions.json")).unwrap()).unwrap();
    let pairing = &suggestions["expected_pairings"][0];
    assert_eq!(pairing["id"], "KOS-SA");
    let pairing_row = html
        .split("<tr")
        .find(|r| r.contains("(KOS-SA)"))
        .unwrap_or_else(|| panic!("no row for KOS-SA in index.html"));
    assert!(
        pairing_row.contains("Kostroma Oblast (RU-KOS)"),
        "{pairing_row}"
    );
    match pairing["rank"].as_u64() {
        Some(rank) => assert!(pairing_row.contains(&format!(">{rank}<")), "{pairing_row}"),
        None => assert!(pairing_row.contains(">-<"), "{pairing_row}"),
    }
    let run: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    assert!(
        run["rests_on"]["specialisation.csv, regions.csv, relatedness.csv, density.csv"]
            .as_str()
            .unwrap()
            .contains("all synthetic")
    );

    // a user's dataset without a provenance column is said to be the user's
    let demo = tmp.path().join("demo");
    analyze(&common::demo_dir(), &demo, &[]);
    let readme = fs::read_to_string(demo.join("README.md")).unwrap();
    assert!(
        readme.contains(
            "organisations, none marked synthetic (no provenance given: the user's data)"
        ),
        "{readme}"
    );
    assert!(!readme.contains("all synthetic"));
}
