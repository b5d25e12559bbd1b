//! `coopnet suggest` run as a user would: the binary on the demo and Russia
//! datasets, with value chains and input-output tables.

mod common;

use std::fs;

use common::{coopnet, root, stderr, stdout};

#[test]
fn suggest_joins_sakha_diamonds_and_kostroma_jewellery() {
    let demo = common::demo_dir();
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
    let demo = common::demo_dir();
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
    let demo = common::demo_dir();
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
