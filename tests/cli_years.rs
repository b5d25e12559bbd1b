//! Years in a dataset on the command line: `--year` on the commands that read
//! a dataset, its errors, and the suggestion back-test of `coopnet dynamics`.
//!
//! `tests/data/years/` is synthetic (every row says so): 5 regions, 13
//! organisations by year 2019-2021, links by year; its README lists what is
//! where, and the counts asserted below follow from it by hand.

mod common;

use common::{coopnet, demo_dir, root, stderr, stdout};
use std::path::PathBuf;

/// Runs coopnet, which must succeed, and returns its standard output.
fn run(args: &[&str]) -> String {
    let o = coopnet(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

fn years_dir() -> PathBuf {
    root().join("tests/data/years")
}

fn inspect_json(extra: &[&str]) -> (serde_json::Value, String) {
    let dir = years_dir();
    let mut args = vec!["inspect", dir.to_str().unwrap(), "--format", "json"];
    args.extend_from_slice(extra);
    let o = coopnet(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    (v, stderr(&o))
}

#[test]
fn the_year_chooses_the_organisations_and_links_counted() {
    let (y2019, note2019) = inspect_json(&["--year", "2019"]);
    let (y2021, _) = inspect_json(&["--year", "2021"]);
    let (latest, note_latest) = inspect_json(&[]);
    // 2019: P01-P06, P08-P12; 2021: P07 in, P08 out, P13 in
    assert_eq!(y2019["participants"], 11);
    assert_eq!(y2021["participants"], 12);
    assert_eq!(y2019["links"], 5);
    assert_eq!(y2021["links"], 6);
    assert_eq!(y2019["years"]["year"], 2019);
    assert_eq!(
        y2019["years"]["network"],
        serde_json::json!([2019, 2020, 2021])
    );
    assert_eq!(y2019["years"]["organisation_rows"], 34);
    // without --year: the latest year, and the note says so
    assert_eq!(latest["years"]["year"], 2021);
    assert_eq!(latest["participants"], 12);
    assert!(note2019.contains("year 2019, as asked"), "{note2019}");
    assert!(
        note_latest.contains("year 2021, the latest the network has"),
        "{note_latest}"
    );
}

#[test]
fn the_year_changes_the_specialisation_matrix() {
    let dir = years_dir();
    let run = |year: &str| {
        let o = coopnet(&[
            "specialisation",
            dir.to_str().unwrap(),
            "--measure",
            "organisations",
            "--year",
            year,
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    let (a, b) = (run("2019"), run("2021"));
    // Tatarstan: P08 and P11 (29.10) in 2019; P08 gone and P07 (20.14) there in 2021
    assert!(a.lines().any(|l| l.starts_with("RU-TA,29,2,5.5,1,")), "{a}");
    assert!(!a.lines().any(|l| l.starts_with("RU-TA,20,")), "{a}");
    assert!(b.lines().any(|l| l.starts_with("RU-TA,29,1,")), "{b}");
    assert!(b.lines().any(|l| l.starts_with("RU-TA,20,1,")), "{b}");
}

#[test]
fn a_year_the_data_lacks_is_an_error_naming_the_years_present() {
    let dir = years_dir();
    let o = coopnet(&["inspect", dir.to_str().unwrap(), "--year", "2018"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("no year 2018"), "{e}");
    assert!(e.contains("2019-2021"), "{e}");
    assert!(stdout(&o).is_empty());
}

#[test]
fn year_on_a_dataset_without_years_is_an_error() {
    let demo = demo_dir();
    let o = coopnet(&["report", demo.to_str().unwrap(), "--year", "2020"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("the dataset has no years"), "{e}");
    assert!(e.contains("docs/dataset-format.md"), "{e}");
}

#[test]
fn bad_year_values_are_usage_errors() {
    let dir = years_dir();
    let d = dir.to_str().unwrap();
    for (args, says) in [
        (vec!["inspect", d, "--year", "20x1"], "is not a year"),
        (vec!["inspect", d, "--year", "2019..2021"], "one year"),
        (vec!["inspect", d, "--year", "2021..2019"], "comes before"),
        (
            vec!["dynamics", d, "--from", "2021", "--to", "2019"],
            "--from must be a year before --to",
        ),
        (vec!["dynamics", d, "--from", "twenty"], "is not a year"),
        (vec!["dynamics", d, "--year", "2020"], "compares two years"),
        (
            vec!["forecast", "series.csv", "--to", "2o25"],
            "is not a year",
        ),
        (
            vec!["forecast", "series.csv", "--to", "99999"],
            "is not a year from 1800 to 2200",
        ),
        (
            vec!["dynamics", d, "--year", "2019..2021", "--from", "2019"],
            "cannot be used with",
        ),
    ] {
        let o = coopnet(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
    }
}

fn dynamics_json(extra: &[&str]) -> serde_json::Value {
    let dir = years_dir();
    let mut args = vec!["dynamics", dir.to_str().unwrap(), "--format", "json"];
    args.extend_from_slice(extra);
    let o = coopnet(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).expect("json")
}

#[test]
fn dynamics_back_tests_the_suggestions_on_links_with_years() {
    let v = dynamics_json(&["--from", "2019", "--to", "2021"]);
    let b = &v["link_backtest"];
    assert_eq!(b["from"], 2019);
    assert_eq!(b["to"], 2021);
    // 5 regions, 10 pairs; Moscow-Saint Petersburg linked in 2019; Kostroma-Saint
    // Petersburg and Tatarstan-Sverdlovsk first linked in 2020
    assert_eq!(b["regions"], 5);
    assert_eq!(b["linked_pairs"], 1);
    assert_eq!(b["candidates"], 9);
    assert_eq!(b["new_pairs"], 2);
    let rate = b["base_rate"].as_f64().unwrap();
    assert!((rate - 2.0 / 9.0).abs() < 1e-12, "{rate}");
    let new: Vec<(String, String, i64)> = b["new"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["region_a"].as_str().unwrap().to_string(),
                n["region_b"].as_str().unwrap().to_string(),
                n["first_year"].as_i64().unwrap(),
            )
        })
        .collect();
    let mut pairs: Vec<_> = new.iter().map(|n| (n.0.as_str(), n.1.as_str())).collect();
    pairs.sort();
    assert_eq!(pairs, [("RU-KOS", "RU-SPE"), ("RU-SVE", "RU-TA")]);
    assert!(new.iter().all(|n| n.2 == 2020));
    // the precision rows end with all the suggestions and never exceed their pairs
    let prec = b["precision"].as_array().unwrap();
    let last = prec.last().unwrap();
    assert_eq!(last["all"], true);
    assert_eq!(last["k"], b["suggestions"]);
    assert_eq!(last["pairs"], b["suggested"]);
    for p in prec {
        assert!(p["new"].as_u64() <= p["pairs"].as_u64());
    }
    // the specialisation dynamics of the panel are still there
    assert_eq!(v["from"], 2019);
    assert!(v["cells"].as_array().is_some_and(|c| !c.is_empty()));
}

#[test]
fn the_back_test_in_the_suggestions_sectors_counts_cells() {
    let v = dynamics_json(&["--from", "2019", "--to", "2021"]);
    let c = &v["link_backtest"]["sector_level"];
    assert_eq!(c["level"], "division");
    // 10 pairs x 8 divisions; Moscow-Saint Petersburg linked in 62 by 2019
    assert_eq!(c["sectors"], 8);
    assert_eq!(c["linked_cells"], 1);
    assert_eq!(c["candidates"], 79);
    let new: Vec<(String, String, String)> = c["new"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            let s = |k: &str| n[k].as_str().unwrap().to_string();
            (s("region_a"), s("region_b"), s("sector"))
        })
        .collect();
    assert_eq!(c["new_cells"].as_u64(), Some(new.len() as u64));
    // Moscow-Saint Petersburg is no new pair, but its 2021 link of a 72 (research)
    // organisation with a 26 (electronics) one opens two new cells
    for s in ["26", "72"] {
        assert!(
            new.contains(&("RU-MOW".into(), "RU-SPE".into(), s.into())),
            "{new:?}"
        );
    }
    // the new pairs' cells are new cells too: Kostroma-Saint Petersburg in 26
    assert!(new.contains(&("RU-KOS".into(), "RU-SPE".into(), "26".into())));
    let prec = c["precision"].as_array().unwrap();
    assert_eq!(prec.last().unwrap()["pairs"], c["suggested"]);
    let auc = c["auc"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&auc), "{auc}");
}

#[test]
fn without_new_pairs_the_auc_is_none_not_a_number() {
    // everything linked in 2021 was already linked by 2020
    let v = dynamics_json(&["--year", "2020..2021"]);
    let b = &v["link_backtest"];
    assert_eq!(b["from"], 2020);
    assert_eq!(b["linked_pairs"], 3);
    assert_eq!(b["new_pairs"], 0);
    assert!(b["auc"].is_null());
}

#[test]
fn the_markdown_says_the_data_is_synthetic() {
    let dir = years_dir();
    let o = coopnet(&["dynamics", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = stdout(&o);
    assert!(
        md.contains("## Suggestions of 2019 and new links between regions by 2021"),
        "{md}"
    );
    assert!(md.matches("**Synthetic data**").count() >= 2, "{md}");
    assert!(stderr(&o).contains("suggestion back-test: suggestions of 2019"));
}

#[test]
fn analyze_takes_the_year_and_writes_the_dynamics() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let dir = years_dir();
    let o = coopnet(&[
        "analyze",
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--year",
        "2020",
        "--no-render",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let run: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(run["parameters"]["year"], 2020, "{run}");
    let md = std::fs::read_to_string(out.join("dynamics.md")).unwrap();
    assert!(
        md.contains("# Specialisation dynamics, 2019 to 2021"),
        "{md}"
    );
    assert!(md.contains("## Suggestions of 2019"), "{md}");
    assert!(stderr(&o).contains("year 2020, as asked"), "{}", stderr(&o));
    let ds: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("dataset.json")).unwrap()).unwrap();
    assert_eq!(ds["participants"], 11, "{ds}");
    assert_eq!(ds["year"], 2020, "{ds}");
    assert_eq!(ds["years"], serde_json::json!([2019, 2020, 2021]), "{ds}");
}

fn dataset_json_after(args: &[&str], out: &std::path::Path) -> serde_json::Value {
    let o = coopnet(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    serde_json::from_str(&std::fs::read_to_string(out.join("dataset.json")).unwrap()).unwrap()
}

fn encodings(ds: &serde_json::Value) -> Vec<String> {
    ds["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["file"].as_str().is_some_and(|n| n.ends_with(".csv")))
        .map(|f| f["encoding"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn analyze_and_batch_read_in_the_encoding_given() {
    // the synthetic dataset is plain ASCII, so it reads the same in Windows-1251;
    // the files' records say which encoding was used
    let tmp = tempfile::tempdir().unwrap();
    let dir = years_dir();
    let d = dir.to_str().unwrap();
    let out = tmp.path().join("a");
    let o = out.to_str().unwrap();
    let detected = dataset_json_after(&["analyze", d, "--out", o, "--no-render"], &out);
    assert!(
        encodings(&detected).iter().all(|e| e == "UTF-8"),
        "{detected}"
    );
    let named = dataset_json_after(
        &[
            "--encoding",
            "windows-1251",
            "analyze",
            d,
            "--out",
            o,
            "--no-render",
        ],
        &out,
    );
    let e = encodings(&named);
    assert!(
        e.len() == 5 && e.iter().all(|e| e == "Windows-1251"),
        "{named}"
    );

    // a batch: `encoding` in [parameters], and a name coopnet does not know
    let manifest = tmp.path().join("batch.toml");
    let write = |encoding: &str| {
        std::fs::write(
            &manifest,
            format!(
                "out = \"runs\"\ndatasets = [{d:?}]\n[parameters]\nrender = false\nencoding = \"{encoding}\"\nyear = 2019\n"
            ),
        )
        .unwrap();
    };
    write("windows-1251");
    let o = coopnet(&["batch", manifest.to_str().unwrap(), "--jobs", "1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let run = std::fs::read_dir(tmp.path().join("runs/years"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.is_dir())
        .expect("a run folder");
    let ds: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run.join("dataset.json")).unwrap()).unwrap();
    assert!(encodings(&ds).iter().all(|e| e == "Windows-1251"), "{ds}");
    assert_eq!(ds["year"], 2019, "{ds}");
    // the global --encoding fills the parameter when the manifest has none
    std::fs::write(
        &manifest,
        format!("out = \"runs2\"\ndatasets = [{d:?}]\n[parameters]\nrender = false\n"),
    )
    .unwrap();
    let o = coopnet(&[
        "--encoding",
        "windows-1251",
        "batch",
        manifest.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let run = tmp
        .path()
        .join("runs2/years/encoding=Windows-1251_render=false");
    let ds: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run.join("dataset.json")).unwrap()).unwrap();
    assert!(encodings(&ds).iter().all(|e| e == "Windows-1251"), "{ds}");
    write("klingon");
    let o = coopnet(&["batch", manifest.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("klingon"), "{}", stderr(&o));
}

#[test]
fn without_a_panel_file_the_participants_by_year_make_the_panel() {
    // organisations_by_year.csv counts the participants by region, division and
    // year, so dropping it and building the panel from participants.csv must
    // give the same cells
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("years");
    std::fs::create_dir_all(&copy).unwrap();
    for f in [
        "districts.csv",
        "regions.csv",
        "participants.csv",
        "links.csv",
    ] {
        std::fs::copy(years_dir().join(f), copy.join(f)).unwrap();
    }
    let with_panel = dynamics_json(&[]);
    let o = coopnet(&["dynamics", copy.to_str().unwrap(), "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("the panel is organisations by region, sector (division level)"));
    let from_rows: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(from_rows["file"], "participants.csv");
    assert_eq!(from_rows["synthetic_rows"], serde_json::json!([34, 34]));
    assert_eq!(from_rows["cells"], with_panel["cells"]);
    assert!(from_rows["cells"].as_array().is_some_and(|c| c.len() == 35));
    assert_eq!(from_rows["link_backtest"], with_panel["link_backtest"]);
    let o = coopnet(&["dynamics", copy.to_str().unwrap(), "--measure", "revenue"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn report_suggestions_and_maps_name_the_year_of_their_network() {
    let dir = years_dir();
    let d = dir.to_str().unwrap();
    let report = run(&["report", d, "--year", "2019", "--out", "-"]);
    assert!(
        report.starts_with("# Descriptive report: years (network of 2019)"),
        "{report}"
    );
    let json = run(&[
        "report", d, "--year", "2020", "--format", "json", "--out", "-",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["year"], 2020);
    let md = run(&["suggest", d, "--out", "-"]);
    assert!(md.contains("(network of 2021)"), "{md}");
    let json = run(&[
        "suggest", d, "--year", "2019", "--format", "json", "--out", "-",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["year"], 2019);
    let map = run(&["map", d, "--layout", "geo", "--year", "2020", "--out", "-"]);
    assert!(
        map.contains("(network of 2020)"),
        "the map's title names the year"
    );
    let json = run(&[
        "communities",
        d,
        "--year",
        "2019",
        "--format",
        "json",
        "--out",
        "-",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(
        v["input"],
        format!("{d} (regions projection, network of 2019)")
    );
    // a dataset without years says nothing of one
    let demo = demo_dir();
    let report = run(&["report", demo.to_str().unwrap(), "--out", "-"]);
    assert!(!report.contains("network of"), "{report}");
}

#[test]
fn exports_carry_the_year_of_their_network() {
    let dir = years_dir();
    let d = dir.to_str().unwrap();
    let graphml = run(&["export", d, "--year", "2019", "--format", "graphml"]);
    assert!(
        graphml.contains(r#"attr.name="year" attr.type="int""#),
        "{graphml}"
    );
    let gexf = run(&["export", d, "--year", "2020", "--format", "gexf"]);
    assert!(gexf.contains("year: 2020;"), "{gexf}");
    let json = run(&["export", d, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["graph"]["year"], 2021, "the latest year by default");
    let out = tempfile::tempdir().unwrap();
    let csv_dir = out.path().join("csv");
    run(&[
        "export",
        d,
        "--year",
        "2019",
        "--format",
        "csv",
        "--out",
        csv_dir.to_str().unwrap(),
    ]);
    let edges = std::fs::read_to_string(csv_dir.join("edges.csv")).unwrap();
    let mut lines = edges.lines();
    assert!(
        lines.next().unwrap().starts_with("source,target,year,"),
        "{edges}"
    );
    assert!(lines.count() > 0, "{edges}");
    assert!(
        edges
            .lines()
            .skip(1)
            .all(|l| l.split(',').nth(2) == Some("2019")),
        "{edges}"
    );
    // a dataset without years has no year attribute or column
    let demo = demo_dir();
    let graphml = run(&["export", demo.to_str().unwrap(), "--format", "graphml"]);
    assert!(!graphml.contains(r#"attr.name="year""#), "{graphml}");
}
