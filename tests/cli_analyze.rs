//! `coopnet analyze` on the bundled Russia dataset: everything is written, the
//! index links it, parameters are recorded, and the output does not depend on
//! the thread count.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{bin, root};

fn analyze(out: &Path, threads: &str, extra: &[&str]) -> std::process::Output {
    bin()
        .current_dir(root())
        .args(["analyze", "datasets/russia", "--threads", threads, "--out"])
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

const FILES: [&str; 17] = [
    "README.md",
    "run.json",
    "dataset.json",
    "report.md",
    "report.json",
    "communities.csv",
    "communities.json",
    "specialisation.csv",
    "regions.csv",
    "relatedness.csv",
    "density.csv",
    "suggestions.md",
    "suggestions.json",
    "map.dot",
    "network.graphml",
    "network.gexf",
    "network.json",
];

#[test]
fn analyze_writes_everything_and_is_the_same_at_any_thread_count() {
    let tmp = tempfile::tempdir().unwrap();
    let one = tmp.path().join("one");
    let four = tmp.path().join("four");
    let o = analyze(&one, "1", &["--no-render", "--seed", "7"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = analyze(&four, "4", &["--no-render", "--seed", "7"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in FILES {
        assert!(one.join(f).is_file(), "{f} missing");
    }
    let index = fs::read_to_string(one.join("README.md")).unwrap();
    for f in FILES.iter().filter(|f| **f != "README.md") {
        assert!(
            index.contains(&format!("[{f}]({f})")),
            "index does not link {f}"
        );
    }
    let run: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(one.join("run.json")).unwrap()).unwrap();
    assert_eq!(run["seed"], 7);
    assert_eq!(run["parameters"]["projection"], "regions");
    assert_eq!(run["parameters"]["resolution"], 1.0);
    // Table 1 of the study comes through the main job too.
    let report: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(one.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["clusters_by_district_total"]["total"], 119);
    // Same bytes at 1 and 4 threads (run.json holds timings, README.md too via figures only).
    for f in FILES.iter().filter(|f| **f != "run.json") {
        let a = fs::read(one.join(f)).unwrap();
        let b = fs::read(four.join(f)).unwrap();
        assert!(a == b, "{f} differs between 1 and 4 threads");
    }
}

#[test]
fn analyze_draws_svg_when_graphviz_is_installed() {
    if Command::new("dot").arg("-V").output().is_err() {
        eprintln!("skipped: Graphviz (dot) is not installed; .ci/run installs it");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ru");
    let o = analyze(&out, "2", &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let svg = fs::read_to_string(out.join("map.svg")).unwrap();
    assert!(
        svg.contains("<svg") && svg.contains("Kostroma"),
        "map.svg is not a drawn map"
    );
    assert!(
        fs::read_to_string(out.join("README.md"))
            .unwrap()
            .contains("![cooperation map](map.svg)")
    );
}

#[test]
fn analyze_on_a_broken_dataset_exits_2_and_leaves_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = bin()
        .args([
            "analyze",
            root().join("tests/broken/bad_weights").to_str().unwrap(),
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(!out.exists());
    assert_eq!(
        fs::read_dir(tmp.path()).unwrap().count(),
        0,
        "a staging folder was left behind"
    );
}

/// The main job's suggestions are `coopnet suggest`'s, for the same seed: same
/// defaults, same (curated) value chain.
#[test]
fn analyze_suggests_what_suggest_suggests() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    let o = analyze(&out, "2", &["--no-render", "--seed", "7"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let from_analyze: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("suggestions.json")).unwrap()).unwrap();
    let o = bin()
        .current_dir(root())
        .args([
            "suggest",
            "datasets/russia",
            "--seed",
            "7",
            "--top",
            "100000",
            "--format",
            "json",
            "-q",
        ])
        .output()
        .unwrap();
    assert!(o.status.success());
    let from_suggest: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(from_suggest["suggestions"].as_array().unwrap().len() > 10);
    assert_eq!(from_analyze["suggestions"], from_suggest["suggestions"]);
    assert_eq!(
        from_analyze["existing_clusters"],
        from_suggest["existing_clusters"]
    );
    assert_eq!(from_analyze["value_chain"], from_suggest["value_chain"]);
}

/// A dataset that gives no employee counts is measured by organisations in
/// the main job and in `suggest`, and the outputs say so.
#[test]
fn without_employees_the_main_job_counts_organisations() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    fs::create_dir(&data).unwrap();
    fs::write(
        data.join("regions.csv"),
        "id,name,district,lat,lon\nRU-KOS,Kostroma,Central,57.77,40.93\nRU-SA,Sakha,Far Eastern,62.04,129.68\nRU-MOW,Moscow,Central,55.76,37.62\n",
    )
    .unwrap();
    fs::write(
        data.join("participants.csv"),
        "id,name,region,sector\nP1,Jewellery works,RU-KOS,32.12\nP2,Diamond mine,RU-SA,08.99\nP3,Gem house,RU-MOW,32.12\n",
    )
    .unwrap();
    fs::write(
        data.join("links.csv"),
        "source,target,sector,weight\nP2,P1,08.99,4\nP3,P1,32.12,1\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = bin()
        .args(["analyze", "--no-render", "-q", "--out"])
        .arg(&out)
        .arg(&data)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("suggestions.json")).unwrap()).unwrap();
    assert_eq!(s["parameters"]["measure"], "organisations");
    assert!(!s["suggestions"].as_array().unwrap().is_empty());
    let readme = fs::read_to_string(out.join("README.md")).unwrap();
    assert!(readme.contains("by organisations"), "{readme}");
}

/// `--between` leaves out cooperation inside a region: the communities then
/// follow links between regions, the study's inter-regional clusters each
/// inside one, and run.json records the choice.
#[test]
fn between_partitions_the_links_between_regions() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    let o = analyze(&out, "2", &["--no-render", "--between"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let run: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(run["parameters"]["between"], true);
    let csv = fs::read_to_string(out.join("communities.csv")).unwrap();
    let of = |r: &str| {
        csv.lines()
            .find_map(|l| l.strip_prefix(&format!("{r},")))
            .unwrap_or_else(|| panic!("{r} missing"))
            .to_string()
    };
    for cluster in [
        &["RU-KDA", "RU-MOS", "RU-MOW"][..],
        &["RU-TUL", "RU-KC", "RU-STA"],
        &["RU-CU", "RU-ME"],
        &["RU-SVE", "RU-CHE"],
    ] {
        assert!(
            cluster.iter().all(|r| of(r) == of(cluster[0])),
            "{cluster:?}"
        );
    }
    // without --between, Moscow and Krasnodar are apart (local links dominate)
    let plain = dir.path().join("plain");
    assert!(analyze(&plain, "2", &["--no-render"]).status.success());
    let csv2 = fs::read_to_string(plain.join("communities.csv")).unwrap();
    assert_ne!(csv, csv2);
}

/// One schema for communities.json: the main job writes exactly what
/// `coopnet communities --format json` prints for the same projection and seed.
#[test]
fn communities_json_is_the_communities_commands() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    let o = bin()
        .current_dir(root())
        .args([
            "analyze",
            "datasets/demo",
            "--no-render",
            "--seed",
            "7",
            "-q",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = bin()
        .current_dir(root())
        .args([
            "communities",
            "datasets/demo",
            "--seed",
            "7",
            "--format",
            "json",
            "-q",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let written = fs::read_to_string(out.join("communities.json")).unwrap();
    assert_eq!(written, String::from_utf8(o.stdout).unwrap());
    let v: serde_json::Value = serde_json::from_str(&written).unwrap();
    assert_eq!(v["input"], "datasets/demo (regions projection)");
    assert_eq!(v["projection"], "regions");
    assert_eq!(v["membership"].as_array().unwrap().len(), 5);
}

/// analyze never writes into or over its dataset, nor replaces a folder that
/// is not an earlier analysis.
#[test]
fn analyze_refuses_outputs_that_would_replace_inputs_or_work() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("demo");
    common::copy_dataset(&common::demo_dir(), &data);
    fs::create_dir(dir.path().join("thesis")).unwrap();
    fs::write(dir.path().join("thesis/chapter1.md"), "text").unwrap();
    let before = common::tree(dir.path());
    for out in ["demo", "demo/out", ".", "thesis"] {
        let o = common::coopnet_in(&["analyze", "demo", "--out", out], dir.path());
        assert_eq!(
            o.status.code(),
            Some(2),
            "--out {out}: {}",
            common::text(&o)
        );
        assert!(common::stderr(&o).contains("--out"), "{}", common::text(&o));
    }
    assert_eq!(common::tree(dir.path()), before);
    // an earlier analysis is replaced
    let o = common::coopnet_in(
        &["analyze", "demo", "--out", "run", "--no-render"],
        dir.path(),
    );
    assert!(o.status.success(), "{}", common::text(&o));
    let o = common::coopnet_in(
        &["analyze", "demo", "--out", "run", "--no-render"],
        dir.path(),
    );
    assert!(o.status.success(), "{}", common::text(&o));
}
