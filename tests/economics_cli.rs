//! `coopnet specialisation` and `coopnet relatedness` run as a user would:
//! the binary, in a temporary folder, on the demo dataset and on tables.

use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn coopnet(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_coopnet"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const TABLE: &str = "region,sector,value\nR1,S1,20\nR1,S2,10\nR1,S3,10\nR2,S1,10\nR2,S3,10\nR3,S2,10\nR3,S4,10\nR4,S1,10\nR4,S4,10\n";

#[test]
fn specialisation_of_a_long_table() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("employment.csv");
    fs::write(&table, TABLE).unwrap();
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
    assert_eq!(lines[0], "region,sector,value,lq,specialised");
    assert_eq!(lines.len(), 1 + 16); // one row per region and sector
    assert!(lines.contains(&"R2,S3,10,2.5,1"));
    assert!(lines.contains(&"R3,S1,0,0,0"));
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
        root().join("datasets/demo").to_str().unwrap(),
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

#[test]
fn relatedness_pairs_and_density() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("employment.csv");
    fs::write(&table, TABLE).unwrap();
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
    let demo = root().join("datasets/demo");
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

#[test]
fn suggest_joins_sakha_diamonds_and_kostroma_jewellery() {
    let demo = root().join("datasets/demo");
    let o = coopnet(&["suggest", demo.to_str().unwrap(), "--format", "json", "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let list = v["suggestions"].as_array().unwrap();
    assert!(!list.is_empty());
    for s in list {
        for key in [
            "kind",
            "regions",
            "districts",
            "sectors",
            "score",
            "anchors",
            "explanation",
        ] {
            assert!(s.get(key).is_some(), "missing {key} in {s}");
        }
    }
    let jewellery = list
        .iter()
        .find(|s| {
            s["regions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r == "RU-SA")
        })
        .unwrap();
    assert_eq!(jewellery["kind"], "intersectoral");
    assert!(
        jewellery["regions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "RU-KOS")
    );
    assert_eq!(
        jewellery["explanation"][0]["text"],
        "08 in RU-SA supplies 32 in RU-KOS"
    );
    assert_eq!(v["seed"], 42);
    let pharm = v["existing_clusters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "PHD")
        .unwrap();
    // On the demo data PharmDolina's two specialised regions land in different
    // suggestions: the report has no rank for it and says where each region went.
    assert!(pharm["rank"].is_null(), "{pharm}");
    let note = pharm["note"].as_str().unwrap();
    assert!(note.contains("RU-KDA in suggestion"), "{note}");
    assert!(note.contains("RU-MOW in suggestion"), "{note}");
    assert!(note.contains("RU-MOS is not specialised"), "{note}");
}

#[test]
fn suggest_ranks_the_studys_inter_regional_clusters_on_russia() {
    let russia = root().join("datasets/russia");
    let o = coopnet(&[
        "suggest",
        russia.to_str().unwrap(),
        "--format",
        "json",
        "-q",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let list = v["suggestions"].as_array().unwrap();
    assert!(list.iter().all(|s| {
        let n = s["regions"].as_array().unwrap().len();
        (2..=3).contains(&n)
    }));
    let has =
        |s: &serde_json::Value, r: &str| s["regions"].as_array().unwrap().iter().any(|x| x == r);
    let jewellery = list
        .iter()
        .find(|s| has(s, "RU-SA") && has(s, "RU-KOS"))
        .expect("a suggestion joining Sakha and Kostroma");
    assert_eq!(jewellery["kind"], "intersectoral");
    assert!(
        jewellery["explanation"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["text"] == "08 in RU-SA supplies 32 in RU-KOS"),
        "{jewellery}"
    );
    let existing = v["existing_clusters"].as_array().unwrap();
    let named = |needle: &str| {
        existing
            .iter()
            .find(|c| c["name"].as_str().unwrap().contains(needle))
            .unwrap_or_else(|| panic!("{needle} missing"))
    };
    // every existing inter-regional cluster gets a rank or a note saying why not
    for c in existing {
        assert!(c["rank"].as_u64().is_some() || c["note"].is_string(), "{c}");
    }
    let chuvash = named("electrotechnical");
    assert!(chuvash["rank"].as_u64().is_some(), "{chuvash}");
    assert!(chuvash["rank_in_kind"].as_u64().is_some(), "{chuvash}");
    let lifting = named("Lifting");
    assert!(lifting["rank"].is_null());
    assert!(
        lifting["note"]
            .as_str()
            .unwrap()
            .contains("specialise in 28"),
        "{lifting}"
    );
    assert!(named("PharmDolina")["placements"].as_array().unwrap().len() == 3);
    assert!(named("ARNEST")["placements"].as_array().unwrap().len() == 3);
}

#[test]
fn suggest_is_the_same_at_one_and_four_threads() {
    let demo = root().join("datasets/demo");
    let run = |threads: &str| {
        coopnet(&[
            "suggest",
            demo.to_str().unwrap(),
            "--format",
            "json",
            "--seed",
            "7",
            "--threads",
            threads,
            "-q",
        ])
    };
    let (a, b) = (run("1"), run("4"));
    assert!(a.status.success() && b.status.success());
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn suggest_with_an_io_table_or_a_bad_value_chain() {
    let demo = root().join("datasets/demo");
    let io = root().join("tests/data/economics/oecd_iot_BEL2020ttl.csv");
    let o = coopnet(&[
        "suggest",
        demo.to_str().unwrap(),
        "--io-table",
        io.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with(
            "rank,kind,score,internal_weight,value_chain_share,cohesion,regions,region_names,districts,sectors,sector_names,anchors,explanation\n"
        )
    );
    let dir = tempfile::tempdir().unwrap();
    let chain = dir.path().join("value_chain.csv");
    fs::write(&chain, "from,to,weight,rationale\n08,32,2,too heavy\n").unwrap();
    let o = coopnet(&[
        "suggest",
        demo.to_str().unwrap(),
        "--value-chain",
        chain.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(r#"value_chain.csv:2: column "weight": "2" is not in (0, 1]"#),
        "{}",
        stderr(&o)
    );
    let o = coopnet(&[
        "suggest",
        demo.to_str().unwrap(),
        "--value-chain",
        chain.to_str().unwrap(),
        "--io-table",
        io.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
}
