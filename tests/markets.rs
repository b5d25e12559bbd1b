//! The clusters each NTI market should cooperate with: the terms on a small
//! dataset computed by hand, the study's markets on `datasets/russia`
//! (HealthNet's clusters are pharmaceutical and medical ones, TechNet's
//! manufacturing and engineering ones), the order of the markets, the
//! reader's errors on the command line and the `analyze` step.

mod common;

use std::fs;
use std::path::Path;

use common::{coopnet, root, stderr, stdout};
use coopnet::load::{LoadOptions, load_dataset, markets};
use coopnet::suggest::markets::{MarketConfig, MarketRanking, MarketReport, rank_markets};

fn russia() -> MarketReport {
    let dir = root().join("datasets/russia");
    let ds = load_dataset(&dir).unwrap();
    let m = markets::read(&dir.join("nti_markets.csv"), &LoadOptions::default()).unwrap();
    rank_markets(&ds, &m, &MarketConfig::default()).unwrap()
}

fn market<'a>(r: &'a MarketReport, id: &str) -> &'a MarketRanking {
    r.markets.iter().find(|m| m.market.id == id).unwrap()
}

/// `coopnet suggest datasets/russia --markets datasets/russia/nti_markets.csv -q ARGS`, checked to succeed.
fn suggest_markets(args: &[&str]) -> String {
    let dir = root().join("datasets/russia");
    let markets = dir.join("nti_markets.csv");
    let mut all = vec![
        "suggest",
        dir.to_str().unwrap(),
        "--markets",
        markets.to_str().unwrap(),
        "-q",
    ];
    all.extend(args);
    let o = coopnet(&all);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
}

fn write(dir: &Path, name: &str, text: &str) {
    fs::write(dir.join(name), text).unwrap();
}

/// Two regions, a pharmaceutical cluster in one and a tourism cluster with a
/// clinic in the other: every term by hand.
#[test]
fn terms_on_a_small_dataset_are_as_computed_by_hand() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(
        d,
        "regions.csv",
        "id,name,district\nR1,Alpha,D1\nR2,Beta,D2\n",
    );
    write(
        d,
        "clusters.csv",
        "id,name,sector,level,scope,regions\nC1,Alpha pharma,21.20,initial,regional,R1\nC2,Beta tourism,79.90,initial,regional,R2\n",
    );
    write(
        d,
        "participants.csv",
        "id,name,kind,sector,region,clusters,employees\n\
         P1,Drug maker,production,21.20,R1,C1,100\n\
         P2,Biotech lab,research,72.11,R1,C1,100\n\
         P3,Hotel,services,79.90,R2,C2,100\n\
         P4,Clinic,services,86.10,R2,C2,100\n\
         P5,Inn,services,79.90,R2,,100\n",
    );
    write(
        d,
        "links.csv",
        "source,target,sector,weight\nP1,P2,21.20,3\nP3,P4,86.10,1\nP1,P4,72.11,2\n",
    );
    let ds = load_dataset(d).unwrap();
    let list = markets::from_bytes(
        b"market,participants,sectors\nT,3,62\nU,,62\nH,0,21|72.11|86\n".to_vec(),
        "m.csv",
        &LoadOptions::default(),
    )
    .unwrap();
    let r = rank_markets(&ds, &list, &MarketConfig::default()).unwrap();
    // no participants first, then fewest; unknown last
    let order: Vec<&str> = r.markets.iter().map(|m| m.market.id.as_str()).collect();
    assert_eq!(order, ["H", "T", "U"]);
    assert!(r.markets[1].clusters.is_empty() && r.markets[1].organisations == 0);
    assert_eq!(r.measure, "employees");
    // W: C1 has P1-P2 (3) and P1-P4 (2), C2 has P3-P4 (1) and P1-P4 (2); K = median(5, 3) = 4
    assert_eq!(r.link_half, Some(4.0));
    let h = &r.markets[0];
    assert_eq!(h.candidates, 2);
    let (c1, c2) = (&h.clusters[0], &h.clusters[1]);
    assert_eq!((c1.id.as_str(), c2.id.as_str()), ("C1", "C2"));
    // LQ of R1: (200 / 200) / (300 / 500) = 5/3, symmetric (5/3 - 1) / (5/3 + 1) = 1/4
    assert!((c1.regions[0].lq - 5.0 / 3.0).abs() < 1e-12);
    assert!((c1.specialisation_term - 0.25).abs() < 1e-12);
    // LQ of R2: (100 / 300) / (3 / 5) = 5/9 < 1: no specialisation
    assert!((c2.regions[0].lq - 5.0 / 9.0).abs() < 1e-12);
    assert_eq!(c2.specialisation_term, 0.0);
    assert_eq!(c1.match_term, 1.0);
    assert_eq!(c1.market_sector.as_deref(), Some("21"));
    // tourism is outside; one of its two organisations (the clinic) is inside
    assert_eq!(c2.match_term, 0.5);
    assert_eq!((c1.links, c1.link_weight), (2, 5.0));
    assert_eq!((c2.links, c2.link_weight), (2, 3.0));
    assert!((c1.links_term - 5.0 / 9.0).abs() < 1e-12);
    assert!((c2.links_term - 3.0 / 7.0).abs() < 1e-12);
    assert!((c1.score - (0.5 + 0.25 * 0.25 + 0.25 * 5.0 / 9.0)).abs() < 1e-12);
    assert!((c2.score - (0.5 * 0.5 + 0.25 * 3.0 / 7.0)).abs() < 1e-12);
    assert!(
        c2.explanation
            .contains("outside H's sectors; 1 of its 2 organisations work in them"),
        "{}",
        c2.explanation
    );
    assert!(
        c1.explanation.contains("Alpha (R1) 1.67"),
        "{}",
        c1.explanation
    );
    assert_eq!(h.districts, ["D1", "D2"]);
}

#[test]
fn healthnet_gets_pharmaceutical_and_medical_clusters() {
    let r = russia();
    let h = market(&r, "HealthNet");
    assert_eq!(h.market.participants, Some(0));
    assert_eq!(h.clusters.len(), 10);
    let health = ["21", "26.60", "32.50", "72.11", "86"];
    for c in &h.clusters {
        // every listed cluster works in a HealthNet sector: pharmaceuticals,
        // medical devices, biotechnology
        let ms = c
            .market_sector
            .as_deref()
            .unwrap_or_else(|| panic!("{} ({}) is not in HealthNet's sectors", c.name, c.sector));
        assert!(health.contains(&ms), "{ms}");
        assert!(c.sector.starts_with(ms), "{} in {ms}", c.sector);
        // and cooperates in them already, in regions specialised in them
        assert!(c.links > 0, "{}", c.name);
        assert!(c.regions.iter().any(|x| x.lq > 1.0), "{}", c.name);
        assert!(c.explanation.contains(&c.name) && c.explanation.contains(&c.id));
        for x in &c.regions {
            assert!(c.explanation.contains(&format!("{} ({})", x.name, x.id)));
        }
    }
    // pharmaceutical clusters lead, and the study's PharmDolina is among them
    assert!(h.clusters[..3].iter().any(|c| c.sector.starts_with("21")));
    assert!(h.clusters.iter().any(|c| c.name == "PharmDolina"));
    assert!(
        h.clusters
            .iter()
            .any(|c| c.sector.starts_with("32.50") || c.sector.starts_with("26.60")),
        "medical equipment is in the top 10"
    );
    // ranked by score, no tourism or ICT cluster above a pharmaceutical one
    assert!(h.clusters.windows(2).all(|w| w[0].score >= w[1].score));
    assert!(h.clusters.iter().all(|c| !c.sector.starts_with("79")));
}

#[test]
fn technet_gets_manufacturing_and_engineering_clusters() {
    let r = russia();
    let t = market(&r, "TechNet");
    assert_eq!(t.market.participants, Some(11));
    assert_eq!(t.clusters.len(), 10);
    for c in &t.clusters {
        let ms = c
            .market_sector
            .as_deref()
            .unwrap_or_else(|| panic!("{} ({}) is not in TechNet's sectors", c.name, c.sector));
        assert!(
            ["22", "25", "26", "27", "28", "62", "71", "72.19"].contains(&ms),
            "{ms}"
        );
        assert!(c.links > 0 && c.match_term == 1.0, "{}", c.name);
    }
    // machinery and electronics lead; no pharmaceutical, tourism or food cluster
    assert!(
        t.clusters[..3]
            .iter()
            .all(|c| c.sector.starts_with("26") || c.sector.starts_with("28")),
        "{:?}",
        t.clusters.iter().map(|c| &c.sector).collect::<Vec<_>>()
    );
    for bad in ["21", "79", "10"] {
        assert!(t.clusters.iter().all(|c| !c.sector.starts_with(bad)));
    }
    // the listed clusters span several districts: the market is national
    assert!(t.districts.len() >= 3, "{:?}", t.districts);
}

#[test]
fn markets_without_participants_come_first() {
    let r = russia();
    let order: Vec<(&str, Option<u64>)> = r
        .markets
        .iter()
        .map(|m| (m.market.id.as_str(), m.market.participants))
        .collect();
    assert_eq!(
        order,
        [
            ("HealthNet", Some(0)),
            ("FoodNet", Some(0)),
            ("EduNet", Some(0)),
            ("SportNet", Some(0)),
            ("HomeNet", Some(0)),
            ("WearNet", Some(0)),
            ("EnergyNet", Some(3)),
            ("AutoNet", Some(7)),
            ("MariNet", Some(7)),
            ("AeroNet", Some(8)),
            ("NeuroNet", Some(8)),
            ("SafeNet", Some(10)),
            ("TechNet", Some(11)),
        ]
    );
    // and so in the Markdown the command writes
    let md = suggest_markets(&[]);
    let headings: Vec<&str> = md
        .lines()
        .filter_map(|l| l.strip_prefix("## "))
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    let expected: Vec<&str> = order.iter().map(|(m, _)| *m).collect();
    assert_eq!(headings, expected);
    assert!(md.contains("## HealthNet (Хелснет): no participants"));
    assert!(md.contains("## TechNet (Технет): 11 participants"));
    assert!(md.contains("12,549 organisations, all synthetic"), "{md}");
}

#[test]
fn csv_and_json_carry_every_term() {
    let run = |format: &str| suggest_markets(&["--format", format, "--top", "3"]);
    let csv = run("csv");
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    let h = rdr.headers().unwrap().clone();
    for col in [
        "market",
        "cluster",
        "cluster_name",
        "region_names",
        "match",
        "specialisation",
        "links_term",
        "score",
        "explanation",
    ] {
        assert!(h.iter().any(|x| x == col), "{col}");
    }
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows[0].get(1), Some("HealthNet"));
    assert!(rows.len() <= 13 * 3);
    let v: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(v["markets"].as_array().unwrap().len(), 13);
    assert_eq!(v["markets"][0]["market"]["id"], "HealthNet");
    assert_eq!(v["markets"][0]["clusters"].as_array().unwrap().len(), 3);
    assert!(v["geography"].as_str().unwrap().contains("no location"));
    assert_eq!(v["config"]["match_weight"], 0.5);
}

#[test]
fn a_bad_markets_file_is_located_and_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("markets.csv");
    fs::write(&bad, "market,participants,sectors\nA,1,21\nA,many,2.1\n").unwrap();
    let out = tmp.path().join("out.md");
    let dir = root().join("datasets/russia");
    let o = coopnet(&[
        "suggest",
        dir.to_str().unwrap(),
        "--markets",
        bad.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("markets.csv:3: column \"market\": \"A\" repeats the market of line 2"),
        "{e}"
    );
    assert!(
        e.contains("markets.csv:3: column \"participants\": \"many\" is not a whole number"),
        "{e}"
    );
    assert!(
        e.contains("column \"sectors\": \"2.1\" is not an OKVED2"),
        "{e}"
    );
    assert!(!out.exists(), "no output on bad input");
    let o = coopnet(&[
        "suggest",
        dir.to_str().unwrap(),
        "--markets",
        tmp.path().join("none.csv").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("none.csv: file not found"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn analyze_writes_the_markets_when_the_dataset_has_them() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("run");
    let dir = root().join("datasets/russia");
    let o = coopnet(&[
        "analyze",
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--no-render",
        "-q",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = fs::read_to_string(out.join("markets.md")).unwrap();
    let o = coopnet(&[
        "suggest",
        dir.to_str().unwrap(),
        "--markets",
        dir.join("nti_markets.csv").to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(
        md,
        stdout(&o),
        "analyze writes what suggest --markets writes"
    );
    assert!(out.join("markets.csv").exists() && out.join("markets.json").exists());
    let index = fs::read_to_string(out.join("README.md")).unwrap();
    assert!(index.contains("[markets.md](markets.md)"));
    assert!(
        index.contains("- NTI markets: 13 in nti_markets.csv, 6 without participants;"),
        "{index}"
    );
    // the demo dataset has no markets: no step output
    let out2 = tmp.path().join("demo");
    let o = coopnet(&[
        "analyze",
        common::demo_dir().to_str().unwrap(),
        "--out",
        out2.to_str().unwrap(),
        "--no-render",
        "-q",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!out2.join("markets.md").exists());
}
