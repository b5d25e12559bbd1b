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
    let text = jewellery["explanation"][0]["text"].as_str().unwrap();
    assert!(
        text.starts_with(
            "08 Other mining and quarrying in Sakha Republic (Yakutia) (RU-SA) (LQ 1.9, p 0.174, \
             q 1.000) supplies 32 Other manufacturing in Kostroma oblast (RU-KOS) (LQ 5.3, \
             p 0.140, q 1.000), 4,"
        ) && text.ends_with(" km, 3 observed links, 3 in these sectors"),
        "{text}"
    );
    // machine-readable fields beside the words
    let line = &jewellery["explanation"][0];
    assert_eq!(line["supplier_sector"], "08");
    assert_eq!(line["buyer_region"], "RU-KOS");
    assert_eq!(line["links"], 3);
    assert!(line["distance"].as_f64().unwrap() > 4000.0);
    assert_eq!(jewellery["ties"], "existing");
    assert_eq!(v["seed"], 42);
    let pharm = v["existing_clusters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "PHD")
        .unwrap();
    // On the demo data PharmDolina's two specialised regions (Krasnodar and
    // Moscow, with links between their organisations) share a suggestion; the
    // note says its third region is not specialised.
    assert!(pharm["rank"].as_u64().is_some(), "{pharm}");
    let note = pharm["note"].as_str().unwrap();
    assert!(
        note.contains("RU-MOS 21 LQ 0.00, p 1.000, q 1.000: not specialised (LQ < 1)"),
        "{note}"
    );
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
    // Kostroma's jewellery is supplied by a mining region; Sakha, 4,580 km
    // away, is no longer the partner the distance decay lets lead
    let has_sector =
        |s: &serde_json::Value, c: &str| s["sectors"].as_array().unwrap().iter().any(|x| x == c);
    let jewellery = list
        .iter()
        .find(|s| has(s, "RU-KOS") && has_sector(s, "32") && has_sector(s, "08"));
    if let Some(j) = jewellery {
        assert_eq!(j["kind"], "intersectoral");
    }
    // the top of the ranking is near and linked: no leading pair thousands of km apart without ties
    for s in list.iter().take(10) {
        let far = s["evidence"]["max_distance"]
            .as_f64()
            .unwrap_or(f64::INFINITY)
            > 3000.0;
        assert!(!(far && s["ties"] == "new"), "{s}");
    }
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
    // 68 km apart with 51 links between their organisations: in the top 10 of its kind
    assert!(
        chuvash["rank_in_kind"].as_u64().is_some_and(|r| r <= 10),
        "{chuvash}"
    );
    let lifting = named("Lifting");
    assert!(lifting["rank"].is_null());
    assert!(
        lifting["note"]
            .as_str()
            .unwrap()
            .contains("0 of its 2 specialisations pass"),
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
            "rank,kind,ties,rank_in_ties,score,internal_weight,value_chain_share,cohesion,regions,region_names,districts,\
             sectors,sector_names,links,links_weight,links_in_sectors,links_in_sectors_weight,max_distance,distance_unit,\
             region_pairs,anchors,explanation\n"
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

/// The synthetic case of `tests/data/split_pair` (see its README).
fn split_case(extra: &[&str]) -> std::process::Output {
    let dir = root().join("tests/data/split_pair");
    let chain = dir.join("value_chain.csv");
    let mut args = vec![
        "suggest",
        dir.to_str().unwrap(),
        "--value-chain",
        chain.to_str().unwrap(),
        "--format",
        "json",
        "--top",
        "100",
    ];
    args.extend_from_slice(extra);
    coopnet(&args)
}

#[test]
fn suggest_keeps_the_strongest_complementary_pair_whole() {
    // with the evidence terms and without them (the ranking by specialisation alone)
    for extra in [&[][..], &["--link-boost", "0", "--distance-scale", "0"][..]] {
        let o = split_case(extra);
        assert!(o.status.success(), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        let list = v["suggestions"].as_array().unwrap();
        let pair = list
            .iter()
            .find(|s| {
                let specs = s["specialisations"].as_array().unwrap();
                let holds = |r: &str, c: &str| specs.iter().any(|x| x[0] == r && x[1] == c);
                holds("X-MIN", "08") && holds("X-JEW", "32")
            })
            .unwrap_or_else(|| panic!("{extra:?}: the pair is in no suggestion: {list:?}"));
        assert_eq!(pair["ties"], "existing");
        assert_eq!(pair["evidence"]["links"], 25);
        assert_eq!(pair["evidence"]["links_in_sectors"], 24);
        assert_eq!(pair["evidence"]["weight_in_sectors"], 48.0);
        let text = pair["explanation"][0]["text"].as_str().unwrap();
        assert_eq!(
            text,
            "08 Other mining and quarrying in Mining region (synthetic) (X-MIN) (LQ 40.0, \
             p 0.003, q 0.062) supplies 32 Other manufacturing in Jewellery region (synthetic) \
             (X-JEW) (LQ 40.0, p 0.003, q 0.062), 180 km, 25 observed links, 24 in these sectors"
        );
    }
    // the region without coordinates is named, with what the decay does for it
    let o = split_case(&[]);
    let err = stderr(&o);
    assert!(
        err.contains("Health region 3 (synthetic; no coordinates) (X-H3)")
            && err.contains("treated as lying at d0"),
        "{err}"
    );
}

#[test]
fn suggest_lists_existing_and_new_ties_apart() {
    let russia = root().join("datasets/russia");
    let run = |ties: &str| {
        let o = coopnet(&[
            "suggest",
            russia.to_str().unwrap(),
            "--format",
            "json",
            "--top",
            "1000",
            "--ties",
            ties,
            "-q",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        serde_json::from_str::<serde_json::Value>(&stdout(&o)).unwrap()
    };
    let (all, existing, new) = (run("all"), run("existing"), run("new"));
    let list = |v: &serde_json::Value| v["suggestions"].as_array().unwrap().clone();
    let (all, existing, new) = (list(&all), list(&existing), list(&new));
    assert!(!existing.is_empty() && !new.is_empty());
    assert_eq!(existing.len() + new.len(), all.len());
    for (kind, l) in [("existing", &existing), ("new", &new)] {
        for (i, s) in l.iter().enumerate() {
            assert_eq!(s["ties"], kind);
            assert_eq!(s["rank_in_ties"].as_u64().unwrap() as usize, i + 1);
            // ties are what the links say
            assert_eq!(
                kind == "existing",
                s["evidence"]["links"].as_u64().unwrap() > 0,
                "{s}"
            );
        }
    }
    let o = coopnet(&["suggest", russia.to_str().unwrap(), "--ties", "new", "-q"]);
    let md = stdout(&o);
    assert!(
        md.contains("only suggestions with new ties are listed"),
        "{md}"
    );
    assert!(md.contains("| new ("), "{md}");
    assert!(!md.contains("| existing ("), "{md}");
}

#[test]
fn suggest_reads_a_users_distances() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dataset(&root().join("tests/data/split_pair"), dir.path());
    fs::write(
        dir.path().join("distances.csv"),
        "from,to,minutes\nX-MIN,X-JEW,150\n",
    )
    .unwrap();
    let chain = root().join("tests/data/split_pair/value_chain.csv");
    let o = coopnet(&[
        "suggest",
        dir.path().to_str().unwrap(),
        "--value-chain",
        chain.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = stdout(&o);
    assert!(csv.contains("150 min, 25 observed links"), "{csv}");
    assert!(
        stderr(&o).contains("distances: 1 region pairs (min)"),
        "{}",
        stderr(&o)
    );
    // a bad row: file, line, column, value and reason; exit 2, nothing written
    let bad = dir.path().join("bad.csv");
    fs::write(&bad, "from,to,km\nX-MIN,X-JEX,12\n").unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("out.md");
    let o = coopnet(&[
        "suggest",
        dir.path().to_str().unwrap(),
        "--distances",
        bad.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("bad.csv:2")
            && err.contains("\"to\"")
            && err.contains("X-JEX")
            && err.contains("did you mean \"X-JEW\""),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn suggest_with_evidence_is_the_same_at_one_and_four_threads() {
    let russia = root().join("datasets/russia");
    let run = |threads: &str| {
        coopnet(&[
            "suggest",
            russia.to_str().unwrap(),
            "--format",
            "json",
            "--top",
            "1000",
            "--threads",
            threads,
            "-q",
        ])
    };
    let (a, b) = (run("1"), run("4"));
    assert!(a.status.success() && b.status.success());
    assert_eq!(a.stdout, b.stdout);
    let (a, b) = (
        split_case(&["--threads", "1"]),
        split_case(&["--threads", "4"]),
    );
    assert!(a.status.success() && b.status.success());
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn suggest_evaluates_the_expected_pairings_of_the_dataset_folder() {
    let russia = root().join("datasets/russia");
    let run = |format: &str| {
        let o = coopnet(&[
            "suggest",
            russia.to_str().unwrap(),
            "--format",
            format,
            "-q",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    let md = run("md");
    let section = md.split("## Expected pairings").nth(1).expect("no section");
    let row = section
        .lines()
        .find(|l| {
            l.starts_with("| Kostroma jewellery and Sakha gem mining (KOS-SA, intersectoral)")
        })
        .unwrap_or_else(|| panic!("{section}"));
    // each specialisation with its LQ, p and q; the evidence of the pair
    assert!(row.contains("in Kostroma Oblast (RU-KOS) (LQ "), "{row}");
    assert!(
        row.contains("RU-KOS 32 - RU-SA 08: value-chain link"),
        "{row}"
    );
    let csv = run("evaluation-csv");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("group,id,name,expected_kind,specialisations,rank,kind,rank_in_kind,source,note")
    );
    let rows: Vec<&str> = lines.collect();
    // the four inter-regional clusters of the study, then the pairing
    assert_eq!(rows.iter().filter(|r| r.starts_with("cluster,")).count(), 4);
    let ks = rows
        .iter()
        .find(|r| r.starts_with("pairing,KOS-SA,"))
        .unwrap();
    assert!(ks.contains("RU-SA:08 LQ 174.61"), "{ks}");
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let p = &json["expected_pairings"][0];
    assert_eq!(p["id"], "KOS-SA");
    assert_eq!(p["pairs"][0]["links"], 36);
    assert!(p["placements"][0]["q_value"].as_f64().unwrap() < 1e-60);
}

#[test]
fn a_bad_pairings_file_is_located_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("pairings.csv");
    fs::write(&bad, "id,regions,sectors\nA,RU-KOS|RU-NOWHERE,32|08\n").unwrap();
    let out = tmp.path().join("out.md");
    let russia = root().join("datasets/russia");
    let o = coopnet(&[
        "suggest",
        russia.to_str().unwrap(),
        "--expected-pairings",
        bad.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("pairings.csv:2:") && err.contains("RU-NOWHERE"),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn a_coagglomeration_chain_co_locates_and_supplies_nothing() {
    let russia = root().join("datasets/russia");
    let o = coopnet(&[
        "suggest",
        russia.to_str().unwrap(),
        "--value-chain",
        "coagglomeration",
        "--format",
        "json",
        "-q",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let mut chain_lines = 0;
    for s in v["suggestions"].as_array().unwrap() {
        for e in s["explanation"].as_array().unwrap() {
            let text = e["text"].as_str().unwrap();
            assert!(!text.contains(" supplies "), "{text}");
            if e["kind"] == "value-chain" {
                assert!(text.contains(" co-locates with "), "{text}");
                chain_lines += 1;
            }
        }
    }
    assert!(chain_lines > 0);
}
