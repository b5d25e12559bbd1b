//! Size and significance of specialisations, and relatedness from
//! coagglomeration, through the library and the binary.

mod common;

use std::fs;

use common::{coopnet, demo_dir, stderr, stdout};
use coopnet::economics::significance::{SignificanceConfig, significance};
use coopnet::economics::{Duplicates, RegionSectorMatrix, SpecialisationConfig, specialisation};
use coopnet::suggest::{SuggestConfig, build_graph};

/// Employees of four regions in three sectors: RU-AD has one firm of 5
/// employees in the rare sector 35 (LQ about 70); RU-KOS has 60 of the 66
/// jewellery (32) firms; 08 in RU-SA supplies it.
fn country() -> (RegionSectorMatrix, RegionSectorMatrix) {
    let employees = [
        ("RU-AD", "01", 1995.0),
        ("RU-AD", "35", 5.0),
        ("RU-MOW", "01", 500_000.0),
        ("RU-MOW", "32", 300.0),
        ("RU-MOW", "35", 15.0),
        ("RU-MOW", "08", 200.0),
        ("RU-KOS", "01", 10_000.0),
        ("RU-KOS", "32", 6_000.0),
        ("RU-SA", "01", 8_000.0),
        ("RU-SA", "08", 5_000.0),
    ];
    let organisations = [
        ("RU-AD", "01", 39.0),
        ("RU-AD", "35", 1.0),
        ("RU-MOW", "01", 5000.0),
        ("RU-MOW", "32", 6.0),
        ("RU-MOW", "35", 3.0),
        ("RU-MOW", "08", 2.0),
        ("RU-KOS", "01", 300.0),
        ("RU-KOS", "32", 60.0),
        ("RU-SA", "01", 250.0),
        ("RU-SA", "08", 40.0),
    ];
    (
        RegionSectorMatrix::from_triples(employees, Duplicates::Reject).unwrap(),
        RegionSectorMatrix::from_triples(organisations, Duplicates::Reject).unwrap(),
    )
}

#[test]
fn the_graph_keeps_large_significant_specialisations_and_drops_tiny_ones() {
    let (emp, orgs) = country();
    let mut spec = specialisation(&emp, &SpecialisationConfig::default()).unwrap();
    let (ad, s35) = (
        emp.region_index("RU-AD").unwrap(),
        emp.sector_index("35").unwrap(),
    );
    assert!(spec.lq.get(ad, s35) > 50.0, "{}", spec.lq.get(ad, s35));
    let counts = coopnet::economics::significance::align_counts(&emp, &orgs).unwrap();
    let sig = significance(
        emp.values(),
        &counts,
        &spec.lq,
        1.0,
        &SignificanceConfig::default(),
        "organisations",
    )
    .unwrap();
    spec.significance = Some(sig);
    let chain = coopnet::economics::ValueChain::new(vec![coopnet::economics::ValueChainLink {
        from: "08".into(),
        to: "32".into(),
        weight: 0.9,
        rationale: "stones for jewellery".into(),
    }])
    .unwrap();
    let label = |g: &coopnet::suggest::SpecialisationGraph| -> Vec<String> {
        (0..g.nodes.len()).map(|i| g.label(i)).collect()
    };
    let kept = build_graph(&emp, &spec, &chain, &SuggestConfig::default()).unwrap();
    let nodes = label(&kept);
    assert!(!nodes.contains(&"RU-AD:35".to_string()), "{nodes:?}");
    assert!(nodes.contains(&"RU-KOS:32".to_string()), "{nodes:?}");
    assert!(nodes.contains(&"RU-SA:08".to_string()), "{nodes:?}");
    // every node carries its test
    assert!(
        kept.nodes
            .iter()
            .all(|n| n.test.is_some_and(|(p, q)| q >= p))
    );
    // the switch turns the filter off: the tiny specialisation is back
    let all = build_graph(
        &emp,
        &spec,
        &chain,
        &SuggestConfig {
            require_significance: false,
            ..SuggestConfig::default()
        },
    )
    .unwrap();
    assert!(label(&all).contains(&"RU-AD:35".to_string()));
    assert!(all.nodes.len() > kept.nodes.len());
}

#[test]
fn suggest_shows_p_and_q_values_and_names_the_parameters() {
    // the demo's eleven organisations are too few for any specialisation to
    // be significant; the Russia dataset has thousands
    let russia = common::root().join("datasets/russia");
    let o = coopnet(&[
        "suggest",
        russia.to_str().unwrap(),
        "--format",
        "json",
        "-q",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let p = &v["parameters"];
    assert_eq!(p["require_significance"], true);
    assert_eq!(p["fdr"], 0.05);
    assert_eq!(p["min_share"], 0.01);
    assert_eq!(p["min_size"], 50.0);
    assert_eq!(p["test_units"], "organisations");
    let members: Vec<&serde_json::Value> = v["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["members"].as_array().unwrap())
        .collect();
    assert!(!members.is_empty());
    for m in members {
        let (pv, qv) = (
            m["p_value"].as_f64().unwrap(),
            m["q_value"].as_f64().unwrap(),
        );
        assert!(pv <= qv && qv <= 0.05, "{m}");
    }
    let off = coopnet(&[
        "suggest",
        russia.to_str().unwrap(),
        "--format",
        "json",
        "-q",
        "--no-significance",
    ]);
    let w: serde_json::Value = serde_json::from_str(&stdout(&off)).unwrap();
    assert_eq!(w["parameters"]["require_significance"], false);
    assert!(w["nodes"].as_u64() > v["nodes"].as_u64());
    // a bad rate is refused with the flag named
    let bad = coopnet(&["suggest", russia.to_str().unwrap(), "--fdr", "0"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("--fdr"), "{}", stderr(&bad));
}

#[test]
fn specialisation_of_a_dataset_tests_organisations_in_every_format() {
    let demo = demo_dir();
    let o = coopnet(&[
        "specialisation",
        demo.to_str().unwrap(),
        "--format",
        "json",
        "-q",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["significance"]["units"], "organisations");
    let cells = v["specialisation"].as_array().unwrap();
    assert_eq!(v["significance"]["tested"].as_u64().unwrap() as usize, {
        // every cell of a region and sector with organisations is tested
        cells
            .iter()
            .filter(|c| c["test_expected"].as_f64().unwrap() > 0.0)
            .count()
    });
    let passing = cells.iter().filter(|c| c["significant"] == true).count();
    assert_eq!(
        v["significance"]["passing"].as_u64().unwrap() as usize,
        passing
    );
    for c in cells {
        if c["significant"] == true {
            assert_eq!(c["verdict"], "passes");
            assert!(c["specialised"] == true && c["value"].as_f64().unwrap() >= 50.0);
            assert!(c["q_value"].as_f64().unwrap() <= 0.05);
        }
    }
    let md = coopnet(&[
        "specialisation",
        demo.to_str().unwrap(),
        "--format",
        "md",
        "-q",
    ]);
    let text = stdout(&md);
    assert!(text.contains("| p-value | q-value | verdict |"), "{text}");
    assert!(text.contains(&format!("; {passing} of ")), "{text}");
    // --fdr 1 and no size or share floor: every specialisation passes
    let loose = coopnet(&[
        "specialisation",
        demo.to_str().unwrap(),
        "--format",
        "json",
        "-q",
        "--fdr",
        "1",
        "--min-size",
        "0",
        "--min-share",
        "0",
    ]);
    let w: serde_json::Value = serde_json::from_str(&stdout(&loose)).unwrap();
    let specialised = w["specialisation"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["specialised"] == true)
        .count();
    assert_eq!(
        w["significance"]["passing"].as_u64().unwrap() as usize,
        specialised
    );
}

#[test]
fn relatedness_by_coagglomeration_writes_pairs_groups_and_scores() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("coagg.csv");
    let demo = demo_dir();
    let o = coopnet(&[
        "relatedness",
        demo.to_str().unwrap(),
        "--method",
        "coagglomeration",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("VS-Cluster"), "{}", stderr(&o));
    let text = fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "sector_a,sector_b,coagglomeration");
    let groups = fs::read_to_string(dir.path().join("coagg.groups.csv")).unwrap();
    assert!(groups.starts_with("grouping,group,sectors,size,wcr,bcr,holds_together\n"));
    assert!(groups.contains("\nvalue-chain,") && groups.contains("\nleiden,"));
    let j = coopnet(&[
        "relatedness",
        demo.to_str().unwrap(),
        "--method",
        "coagglomeration",
        "--format",
        "json",
        "-q",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&j)).unwrap();
    let n = v["sectors"].as_array().unwrap().len();
    assert_eq!(v["pairs"].as_array().unwrap().len(), n * (n - 1) / 2);
    assert_eq!(lines.len(), 1 + n * (n - 1) / 2);
    for g in v["groupings"].as_array().unwrap() {
        for on in ["coagglomeration", "value_chain"] {
            for score in ["vs_cluster", "vs_industry"] {
                let s = g[on][score].as_f64().unwrap();
                assert!((0.0..=1.0).contains(&s), "{g}");
            }
        }
    }
    // --density belongs to the co-occurrence methods
    let bad = coopnet(&[
        "relatedness",
        demo.to_str().unwrap(),
        "--method",
        "coagglomeration",
        "--density",
        dir.path().join("d.csv").to_str().unwrap(),
    ]);
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));
}

#[test]
fn suggest_builds_its_value_chain_from_coagglomeration() {
    let demo = demo_dir();
    let o = coopnet(&[
        "suggest",
        demo.to_str().unwrap(),
        "--value-chain",
        "coagglomeration",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("pairs of sectors that locate together"),
        "{}",
        stderr(&o)
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(
        v["value_chain"]
            .as_str()
            .is_some_and(|s| s.starts_with("coagglomeration")),
        "{}",
        v["value_chain"]
    );
}

#[test]
fn a_dataset_too_small_to_test_falls_back_and_says_so() {
    // the demo's eleven organisations: no cell is significant
    let demo = demo_dir();
    let o = coopnet(&["suggest", demo.to_str().unwrap(), "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("no evidence of significant specialisations"),
        "{}",
        stderr(&o)
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["parameters"]["significance_fallback"], true);
    assert_eq!(v["parameters"]["require_significance"], false);
    assert!(!v["suggestions"].as_array().unwrap().is_empty());
}
