//! `coopnet dynamics` and `coopnet forecast` run as a user would: the binary
//! on the bundled data and on broken files (exit code 2, every problem
//! located, nothing written).

use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn coopnet(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_coopnet"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn dynamics_on_the_bundled_rosstat_panel() {
    let o = coopnet(&[
        "dynamics",
        "datasets/russia",
        "--from",
        "2019",
        "--to",
        "2022",
    ]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        out.contains("Years used: 2019 and 2022 (the panel has 2019, 2020, 2021, 2022)"),
        "{out}"
    );
    assert!(out.contains("45 of 910 candidate cells"), "{out}");
    assert!(out.contains("| AUC | 0.614 |"), "{out}");
    assert!(err.contains("years used: 2019 and 2022"), "{err}");
    // CSV: one row per region and sector
    let o = coopnet(&["dynamics", "datasets/russia", "--format", "csv"]);
    let (out, _) = text(&o);
    assert!(o.status.success());
    assert_eq!(out.lines().count(), 1 + 83 * 21);
    assert_eq!(out.lines().filter(|l| l.ends_with(",entry")).count(), 45);
    // JSON carries the years and the back-test
    let o = coopnet(&["dynamics", "datasets/russia", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["from"], 2019);
    assert_eq!(json["to"], 2022);
    assert_eq!(json["backtest"]["entries"], 45);
    assert_eq!(json["relatedness"], "prob");
}

#[test]
fn dynamics_of_series_and_of_a_registry() {
    let o = coopnet(&[
        "dynamics",
        "datasets/russia/series.csv",
        "--from",
        "2015",
        "--to",
        "2019",
    ]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    // the study: employees in clusters up 10 % from 2015 to 2019 (935.5 derived from it)
    assert!(
        out.contains(
            "| Russia | cluster_employees | thousand | 2015 | 2019 | 935.5 | 1029 | 10.0 |"
        ),
        "{out}"
    );
    assert!(out.contains("clusters_founded (synthetic)"), "{out}");
    let o = coopnet(&[
        "dynamics",
        "tests/data/dynamics/sme_registry_synthetic.csv",
        "--measure",
        "employees",
    ]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        out.contains("**Synthetic data**: 25 of the 25 input rows"),
        "{out}"
    );
    assert!(
        err.contains("1 organisation-year(s) have no employees figure"),
        "{err}"
    );
}

#[test]
fn bad_input_exits_2_with_located_problems_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let panel = dir.path().join("bad_by_year.csv");
    fs::write(
        &panel,
        "region,sector,year,value\nA,x,2019,1\nA,x,2019,2\nB,y,two,3\n",
    )
    .unwrap();
    let out = dir.path().join("out.md");
    let o = coopnet(&[
        "dynamics",
        panel.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains(r#":3: column "sector": "x" repeats (A, x, 2019) of line 2"#),
        "{err}"
    );
    assert!(
        err.contains(r#":4: column "year": "two" is not a year"#),
        "{err}"
    );
    assert!(!out.exists());
    // a year the panel lacks
    let o = coopnet(&["dynamics", "datasets/russia", "--from", "2018"]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err.contains("the panel has no year 2018; it has 2019, 2020, 2021, 2022"),
        "{err}"
    );
    // an unknown mapping field
    let o = coopnet(&[
        "dynamics",
        "tests/data/dynamics/sme_registry_synthetic.csv",
        "--columns",
        "tin=identifier",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o)
            .1
            .contains("\"identifier\" (for column \"tin\") is not a field")
    );
    // a series file with a bad value
    let series = dir.path().join("s.csv");
    fs::write(
        &series,
        "entity,indicator,year,value\nX,p,2017,1\nX,p,2018,lots\n",
    )
    .unwrap();
    let o = coopnet(&["forecast", series.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o)
            .1
            .contains(r#":3: column "value": "lots" is not a number"#)
    );
}

#[test]
fn forecast_with_chart_and_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("support.svg");
    let o = coopnet(&[
        "forecast",
        "datasets/russia/series.csv",
        "--indicator",
        "industrial_cluster_support",
        "--to",
        "2027",
        "--chart",
        chart.to_str().unwrap(),
    ]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        out.contains("| 2026 | | | 444.00 | 437.12 to 450.88 | 415.59 to 472.41 |"),
        "{out}"
    );
    assert!(out.contains("- only 3 points (2023-2025)"), "{out}");
    assert!(
        !err.contains("warning:"),
        "the Markdown report carries the warnings: {err}"
    );
    let svg = fs::read_to_string(&chart).unwrap();
    assert!(svg.starts_with("<svg"));
    for want in [
        "80 % prediction interval",
        "95 % prediction interval",
        "forecast",
        "observed",
        "year",
        "Source: the study",
    ] {
        assert!(svg.contains(want), "{want}");
    }
    // more than one series and no choice: a usage error listing them
    let o = coopnet(&["forecast", "datasets/russia/series.csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o)
            .1
            .contains("--entity \"Russia\" --indicator \"cluster_employees\"")
    );
    // two points: a line, no interval
    let o = coopnet(&[
        "forecast",
        "datasets/russia/series.csv",
        "--indicator",
        "cluster_employees",
        "--format",
        "csv",
    ]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert!(out.contains("2020,forecast,,,1052.375,,,,"), "{out}");
    assert!(err.contains("no prediction interval"), "{err}");
}
