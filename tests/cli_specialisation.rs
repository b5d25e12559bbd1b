//! `coopnet specialisation` run as a user would: the binary, in a temporary
//! folder, on the demo dataset and on long tables.

mod common;

use std::fs;

use common::{LONG_TABLE, coopnet, stderr, stdout};

#[test]
fn specialisation_of_a_long_table() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("employment.csv");
    fs::write(&table, LONG_TABLE).unwrap();
    let out = dir.path().join("spec.csv");
    let o = coopnet(&[
        "specialisation",
        table.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "region,sector,value,lq,specialised,test_count,test_expected,share,p_value,q_value,verdict,significant"
    );
    assert_eq!(lines.len(), 1 + 16); // one row per region and sector
    assert!(
        lines.iter().any(|l| l.starts_with("R2,S3,10,2.5,1,10,")),
        "{text}"
    );
    assert!(lines.iter().any(|l| l.starts_with("R3,S1,0,0,0,0,")));
    // a table is tested on its own values, and the command says so
    assert!(
        stderr(&o).contains("tested on its own values"),
        "{}",
        stderr(&o)
    );
    let regions = fs::read_to_string(dir.path().join("spec.regions.csv")).unwrap();
    assert!(regions.starts_with("region,total,diversity,herfindahl,krugman,entropy\n"));
    let r1: Vec<f64> = regions
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .skip(1)
        .map(|x| x.parse().unwrap())
        .collect();
    let expected = [40.0, 3.0, 0.375, 0.4, 1.5];
    assert!(
        r1.iter().zip(expected).all(|(a, b)| (a - b).abs() < 1e-12),
        "{regions}"
    );
}

#[test]
fn specialisation_json_of_the_demo_dataset() {
    let o = coopnet(&[
        "specialisation",
        common::demo_dir().to_str().unwrap(),
        "--format",
        "json",
        "-q",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).is_empty());
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["measure"], "employees");
    assert_eq!(v["level"], "division");
    let pairs = v["specialisation"].as_array().unwrap();
    let kos_jewellery = pairs
        .iter()
        .find(|p| p["region"] == "RU-KOS" && p["sector"] == "32")
        .unwrap();
    assert_eq!(kos_jewellery["specialised"], true);
    assert!(
        v["regions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["entropy"].as_f64().unwrap() >= 0.0)
    );
}

#[test]
fn bad_tables_exit_2_with_located_problems() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("bad.csv");
    fs::write(
        &table,
        "region;sector;value\nA;01;x\nA;02;-1\nB;01;NaN\nA;01;3\n",
    )
    .unwrap();
    let o = coopnet(&["specialisation", table.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains(r#"bad.csv:2: column "value": "x" is not a number"#),
        "{err}"
    );
    assert!(
        err.contains(r#"bad.csv:3: column "value": "-1" is negative"#),
        "{err}"
    );
    assert!(
        err.contains(r#"bad.csv:4: column "value": "NaN" is not a finite number"#),
        "{err}"
    );
    assert!(stdout(&o).is_empty());
    let o = coopnet(&[
        "relatedness",
        dir.path().join("missing.csv").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let o = coopnet(&[
        "specialisation",
        table.to_str().unwrap(),
        "--threshold",
        "0",
    ]);
    assert_eq!(o.status.code(), Some(2));
}
