//! The bundled `datasets/russia`: reproducible from its seed, and faithful to
//! the source study's Table 1, Figure 3 and the facts it states.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use coopnet::generate::russia::{self, RussiaConfig};
use coopnet::load::load_dataset;
use coopnet::model::{Dataset, Endpoint, Level, Provenance, Scope};
use coopnet::report::DescriptiveReport;
use coopnet::stats::pearson;

fn dataset_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/russia")
}

fn study_csv(name: &str) -> Vec<HashMap<String, String>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src/generate/russia/data")
        .join(name);
    let mut rdr = csv::Reader::from_path(&path).expect("study table");
    let headers = rdr.headers().expect("header").clone();
    rdr.records()
        .map(|r| {
            let r = r.expect("row");
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn load() -> Dataset {
    load_dataset(&dataset_dir()).expect("datasets/russia loads")
}

/// Regenerates the dataset with its seed and compares every file byte for
/// byte. Set `COOPNET_UPDATE_DATASETS=1` to rewrite the folder instead.
#[test]
fn committed_dataset_is_what_the_generator_makes() {
    let files = russia::generate_russia(&RussiaConfig::default()).expect("generates");
    let dir = dataset_dir();
    if std::env::var_os("COOPNET_UPDATE_DATASETS").is_some() {
        files.write_to(&dir).expect("writes");
        return;
    }
    let mut on_disk: Vec<String> = fs::read_dir(&dir)
        .expect("datasets/russia exists")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut generated: Vec<String> = files.files.iter().map(|(n, _)| n.clone()).collect();
    generated.sort();
    assert_eq!(on_disk, generated, "the files of datasets/russia");
    for (name, bytes) in &files.files {
        let disk = fs::read(dir.join(name)).expect("reads");
        if &disk != bytes {
            let (a, b) = (
                String::from_utf8_lossy(&disk),
                String::from_utf8_lossy(bytes),
            );
            let line = a
                .lines()
                .zip(b.lines())
                .position(|(x, y)| x != y)
                .map_or(a.lines().count().min(b.lines().count()), |i| i);
            panic!(
                "datasets/russia/{name} differs from the generator's output at line {}:\n  committed: {:?}\n  generated: {:?}\n\
                 Regenerate with `cargo run -- generate --profile russia --out datasets/russia` \
                 (or COOPNET_UPDATE_DATASETS=1 cargo test --test russia) and commit.",
                line + 1,
                a.lines().nth(line),
                b.lines().nth(line)
            );
        }
    }
}

#[test]
fn report_json_reproduces_table_1_and_figure_3() {
    let out = common::bin()
        .args(["report", "--format", "json"])
        .arg(dataset_dir())
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let rows = json["clusters_by_district"].as_array().expect("array");
    let table1 = study_csv("table1_clusters_by_district.csv");
    assert_eq!(rows.len(), table1.len());
    for (row, want) in rows.iter().zip(&table1) {
        let n = |k: &str| want[k].parse::<u64>().expect("count");
        let (initial, medium, high) = (
            n("clusters_initial"),
            n("clusters_medium"),
            n("clusters_high"),
        );
        let (with, regions) = (n("subjects_with_clusters"), n("subjects_in_district"));
        assert_eq!(row["district"], want["district_en"].as_str(), "{row}");
        assert_eq!(row["initial"], initial, "{row}");
        assert_eq!(row["medium"], medium, "{row}");
        assert_eq!(row["high"], high, "{row}");
        assert_eq!(row["total"], initial + medium + high, "{row}");
        assert_eq!(row["regions_with_clusters"], with, "{row}");
        assert_eq!(row["regions"], regions, "{row}");
        let share = (1000.0 * with as f64 / regions as f64).round() / 10.0;
        assert_eq!(row["share_pct"].as_f64(), Some(share), "{row}");
    }
    let specs: BTreeMap<String, u64> = json["specialisations"]
        .as_array()
        .expect("array")
        .iter()
        .map(|s| {
            (
                s["specialisation"].as_str().expect("label").to_string(),
                s["clusters"].as_u64().expect("count"),
            )
        })
        .collect();
    let figure3 = study_csv("fig3_top_specialisations.csv");
    for f in &figure3 {
        let label = &f["specialisation_en"];
        let want: u64 = f["clusters"].parse().expect("count");
        assert_eq!(specs.get(label), Some(&want), "{label}");
    }
    let top: Vec<&String> = figure3.iter().map(|f| &f["specialisation_en"]).collect();
    for (label, &n) in &specs {
        if !top.contains(&label) {
            assert!(
                n <= 5,
                "{label} has {n} clusters; the README says at most 5"
            );
        }
    }
    assert_eq!(json["totals"]["regional_clusters"], 119);
    assert_eq!(json["totals"]["national_clusters"], 1);
}

#[test]
fn regions_and_districts_are_the_reference_data() {
    let ds = load();
    assert_eq!(ds.regions.len(), 85);
    let ids: Vec<&str> = ds.districts.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        ["CFD", "NWFD", "SFD", "NCFD", "VFD", "UFD", "SibFD", "FEFD"]
    );
    let per: Vec<usize> = (0..8)
        .map(|d| {
            ds.regions
                .iter()
                .filter(|r| r.district.index() == d)
                .count()
        })
        .collect();
    assert_eq!(per, [18, 11, 8, 7, 14, 6, 10, 11]);
    assert!(
        ds.regions
            .iter()
            .all(|r| r.lat.is_some() && r.lon.is_some())
    );
    for id in ["UA-43", "UA-40"] {
        let r = ds.region(ds.region_id(id).expect(id));
        assert_eq!(ds.district(r.district).name, "Southern");
    }
    assert!(ds.region_id("KZ-BAY").is_none());
    let kos = ds.region(ds.region_id("RU-KOS").expect("Kostroma"));
    assert_eq!(kos.name, "Kostroma Oblast");
    // Table 2: 9 indicators, Central's R&D organisations in 2020
    assert_eq!(ds.indicator_names.len(), 9);
    let k = ds
        .indicator_names
        .iter()
        .position(|n| n == "rnd_organisations_2020")
        .expect("indicator");
    assert_eq!(ds.districts[0].indicators[k], 1579.0);
}

#[test]
fn named_clusters_carry_the_studys_facts() {
    let ds = load();
    let find = |name: &str| {
        ds.clusters
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("no cluster {name}"))
    };
    let regions = |c: &coopnet::model::Cluster| -> Vec<String> {
        c.regions.iter().map(|&r| ds.region(r).id.clone()).collect()
    };
    for named in study_csv("named_clusters.csv") {
        let c = find(&named["name_en"]);
        assert_eq!(c.provenance, Provenance::Study, "{}", c.name);
        let want: Vec<String> = named["regions_iso"]
            .split(';')
            .map(str::to_string)
            .collect();
        assert_eq!(regions(c), want, "{}", c.name);
        if let Ok(p) = named["participants"].parse::<u32>() {
            assert_eq!(c.participants, Some(p), "{}", c.name);
        }
        if let Some(l) = Level::parse(&named["level"]) {
            assert_eq!(c.level, l, "{}", c.name);
        }
        let scope = if named["note"].starts_with("national") {
            Scope::National
        } else if want.len() > 1 {
            Scope::InterRegional
        } else {
            Scope::Regional
        };
        assert_eq!(c.scope, scope, "{}", c.name);
    }
    assert_eq!(find("Moscow innovation cluster").founded, Some(2018));
    let first = ds
        .clusters
        .iter()
        .filter_map(|c| Some((c.founded?, c)))
        .min_by_key(|(y, _)| *y)
        .expect("years");
    assert_eq!(first.0, 1999);
    assert_eq!(regions(first.1), ["RU-SPE"]);
    assert_eq!(
        ds.clusters
            .iter()
            .filter(|c| c.founded == Some(1999))
            .count(),
        1
    );
    let code = |c: &coopnet::model::Cluster| ds.sectors.code(c.sector).to_string();
    let kostroma = ds
        .clusters
        .iter()
        .find(|c| regions(c) == ["RU-KOS"] && code(c) == "32.12")
        .expect("a jewellery cluster in Kostroma");
    assert_eq!(kostroma.scope, Scope::Regional);
    assert!(
        ds.clusters
            .iter()
            .any(|c| regions(c) == ["RU-SA"] && code(c) == "08.99")
    );
}

#[test]
fn sizes_and_years_match_what_the_study_states() {
    let ds = load();
    let p: Vec<u32> = ds.clusters.iter().filter_map(|c| c.participants).collect();
    let e: Vec<u64> = ds.clusters.iter().filter_map(|c| c.employees).collect();
    assert_eq!(p.len(), 120);
    assert_eq!(e.len(), 120);
    assert_eq!(p.iter().min(), Some(&10));
    assert_eq!(p.iter().max(), Some(&227));
    assert_eq!(e.iter().min(), Some(&21));
    assert_eq!(e.iter().max(), Some(&151_561));
    let xs: Vec<f64> = p.iter().map(|&v| f64::from(v)).collect();
    let ys: Vec<f64> = e.iter().map(|&v| v as f64).collect();
    let r = pearson(&xs, &ys).expect("defined");
    assert!((0.50..=0.62).contains(&r), "correlation {r}");
    assert!((r - russia::TARGET_CORRELATION).abs() <= russia::CORRELATION_TOLERANCE);

    let counted: Vec<&coopnet::model::Cluster> = ds
        .clusters
        .iter()
        .filter(|c| c.scope != Scope::National)
        .collect();
    let after = counted
        .iter()
        .filter(|c| c.founded.is_some_and(|y| y > 2011))
        .count();
    assert!(
        after * 100 > 75 * counted.len(),
        "{after} of {}",
        counted.len()
    );
    assert!(
        counted
            .iter()
            .all(|c| c.founded == Some(1999) || c.founded.is_some_and(|y| y >= 2009))
    );
    let mut per_year: BTreeMap<i32, usize> = BTreeMap::new();
    for c in &counted {
        *per_year.entry(c.founded.expect("year")).or_default() += 1;
    }
    let peak = per_year
        .iter()
        .max_by_key(|(y, n)| (**n, std::cmp::Reverse(**y)))
        .expect("years");
    assert!((2012..=2015).contains(peak.0), "peak in {}", peak.0);
    let growth: usize = (2012..=2015)
        .map(|y| per_year.get(&y).copied().unwrap_or(0))
        .sum();
    assert!(growth * 2 > counted.len(), "{growth} founded in 2012-2015");
}

#[test]
fn members_add_up_to_each_clusters_figures() {
    let ds = load();
    let mut members = vec![0u32; ds.clusters.len()];
    let mut employees = vec![0u64; ds.clusters.len()];
    for p in &ds.participants {
        for c in &p.clusters {
            members[c.index()] += 1;
            employees[c.index()] += p.employees.expect("employees");
        }
    }
    for (i, c) in ds.clusters.iter().enumerate() {
        assert_eq!(Some(members[i]), c.participants, "{}", c.id);
        assert_eq!(Some(employees[i]), c.employees, "{}", c.id);
        // members are in the cluster's regions
        for p in ds
            .participants
            .iter()
            .filter(|p| p.clusters.contains(&coopnet::model::ClusterId(i as u32)))
        {
            assert!(c.regions.contains(&p.region), "{} {}", c.id, p.id);
        }
    }
    assert!(
        ds.participants
            .iter()
            .all(|p| p.provenance == Provenance::Synthetic)
    );
    assert!(ds.participants.iter().any(|p| p.clusters.is_empty()));
    assert!(ds.participants.iter().any(|p| p.clusters.len() > 1));
    let n = ds.participants.len();
    // 6,515 in clusters, 6,000 placed by Rosstat's counts, 34 of the study's pair
    assert!((10_000..=15_000).contains(&n), "{n} organisations");
    assert!(
        (20_000..=30_000).contains(&ds.links.len()),
        "{} links",
        ds.links.len()
    );
}

#[test]
fn the_studys_value_chain_is_in_the_links() {
    let ds = load();
    let region = |e: Endpoint| match e {
        Endpoint::Participant(p) => ds.region(ds.participant(p).region).id.as_str(),
        Endpoint::Cluster(_) => "",
    };
    let sector = |e: Endpoint| match e {
        Endpoint::Participant(p) => ds.sectors.code(ds.participant(p).sector),
        Endpoint::Cluster(c) => ds.sectors.code(ds.cluster(c).sector),
    };
    let has_org = |r: &str, code: &str| {
        ds.participants
            .iter()
            .filter(|p| ds.region(p.region).id == r && ds.sectors.code(p.sector) == code)
            .count()
    };
    assert!(has_org("RU-KOS", "32.12") >= 20);
    assert!(has_org("RU-SA", "08.99") >= 10);
    let sa_kos = ds
        .links
        .iter()
        .filter(|l| {
            region(l.source) == "RU-SA"
                && region(l.target) == "RU-KOS"
                && sector(l.source) == "08.99"
                && sector(l.target) == "32.12"
                && ds.link_kind(l) == "supply"
        })
        .count();
    assert!(
        sa_kos >= 20,
        "{sa_kos} supply links from Yakutian miners to Kostroma jewellers"
    );
    // other value chains cross regions too
    for (from, to) in [("24", "28"), ("20", "21")] {
        let n = ds
            .links
            .iter()
            .filter(|l| {
                region(l.source) != region(l.target)
                    && sector(l.source).starts_with(from)
                    && sector(l.target).starts_with(to)
            })
            .count();
        assert!(n >= 5, "{from} -> {to}: {n} links between regions");
    }
}

#[test]
fn another_seed_changes_the_draws_but_not_the_tables() {
    let files = russia::generate_russia(&RussiaConfig {
        seed: 7,
        year: None,
    })
    .expect("generates");
    let default = russia::generate_russia(&RussiaConfig::default()).expect("generates");
    assert_ne!(
        files.get("participants.csv"),
        default.get("participants.csv")
    );
    assert_eq!(files.get("regions.csv"), default.get("regions.csv"));
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("russia-7");
    files.write_to(&out).expect("writes");
    let ds = load_dataset(&out).expect("loads");
    let a = DescriptiveReport::compute(&ds);
    let b = DescriptiveReport::compute(&load());
    assert_eq!(a.clusters_by_district, b.clusters_by_district);
    assert_eq!(a.specialisations, b.specialisations);
    let r = a.participants_employees.r.expect("defined");
    assert!(
        (r - russia::TARGET_CORRELATION).abs() <= russia::CORRELATION_TOLERANCE,
        "{r}"
    );
}

/// Section shares of the organisations outside clusters filed under a
/// section, per region, from a generated folder's `participants.csv`.
fn backdrop_by_region(files: &coopnet::generate::GeneratedFiles) -> BTreeMap<String, [u64; 21]> {
    use coopnet::generate::russia::backdrop::SECTIONS;
    let mut rdr = csv::Reader::from_reader(files.get("participants.csv").expect("participants"));
    let mut out: BTreeMap<String, [u64; 21]> = BTreeMap::new();
    for row in rdr.deserialize::<HashMap<String, String>>() {
        let row = row.expect("row");
        if !row["clusters"].is_empty() {
            continue;
        }
        if let Some(k) = SECTIONS.iter().position(|&s| s == row["sector"]) {
            out.entry(row["region"].clone()).or_insert([0; 21])[k] += 1;
        }
    }
    out
}

/// Rosstat's counts of `year` per region, by section, from the generated
/// `organisations_by_year.csv`.
fn rosstat_by_region(
    files: &coopnet::generate::GeneratedFiles,
    year: i32,
) -> BTreeMap<String, [u64; 21]> {
    use coopnet::generate::russia::backdrop::SECTIONS;
    let mut rdr = csv::Reader::from_reader(
        files
            .get("organisations_by_year.csv")
            .expect("organisations_by_year"),
    );
    let mut out: BTreeMap<String, [u64; 21]> = BTreeMap::new();
    for row in rdr.deserialize::<HashMap<String, String>>() {
        let row = row.expect("row");
        if row["year"] != year.to_string() {
            continue;
        }
        let k = SECTIONS
            .iter()
            .position(|&s| s == row["sector"])
            .expect("a section");
        out.entry(row["region"].clone()).or_insert([0; 21])[k] = row["value"].parse().unwrap();
    }
    out
}

/// The organisations outside clusters follow Rosstat's section shares per
/// region: in every region with at least `TVD_MIN_ORGANISATIONS` of them,
/// the total variation distance between their section shares and Rosstat's
/// of the year asked for (the latest by default) is at most `TVD_TOLERANCE`
/// (0.05); every region Rosstat reports has at least `MIN_PER_REGION`; the
/// two it does not (Crimea, Sevastopol) have none.
#[test]
fn organisations_outside_clusters_follow_rosstats_section_shares() {
    use coopnet::generate::russia::backdrop::{
        BACKDROP_ORGANISATIONS, MIN_PER_REGION, TVD_MIN_ORGANISATIONS, TVD_TOLERANCE,
        total_variation,
    };
    for year in [None, Some(2019)] {
        let files = russia::generate_russia(&RussiaConfig {
            seed: russia::DEFAULT_SEED,
            year,
        })
        .expect("generates");
        let real = rosstat_by_region(&files, year.unwrap_or(2022));
        let drawn = backdrop_by_region(&files);
        assert_eq!(real.len(), 83, "Rosstat reports 83 subjects");
        assert!(!drawn.contains_key("UA-43") && !drawn.contains_key("UA-40"));
        let total: u64 = drawn.values().flatten().sum();
        assert_eq!(total, BACKDROP_ORGANISATIONS);
        let mut tested = 0;
        for (region, counts) in &real {
            let ours = drawn.get(region).copied().unwrap_or([0; 21]);
            let n: u64 = ours.iter().sum();
            assert!(n >= MIN_PER_REGION, "{region}: {n}");
            if n >= TVD_MIN_ORGANISATIONS {
                let d = total_variation(&ours, counts).expect("both non-empty");
                assert!(d <= TVD_TOLERANCE, "{region} ({year:?}): TVD {d} over {n}");
                tested += 1;
            }
        }
        assert!(tested >= 10, "{tested} regions tested");
        // Moscow's trade (G) share is Rosstat's to within one organisation
        let g = 6;
        let (ours, theirs) = (drawn["RU-MOW"], real["RU-MOW"]);
        let n: u64 = ours.iter().sum();
        let expected = n as f64 * theirs[g] as f64 / theirs.iter().sum::<u64>() as f64;
        assert!(
            (ours[g] as f64 - expected).abs() < 1.0,
            "{} vs {expected}",
            ours[g]
        );
    }
    // the year changes the placement
    let y2019 = russia::generate_russia(&RussiaConfig {
        seed: russia::DEFAULT_SEED,
        year: Some(2019),
    })
    .unwrap();
    let y2022 = russia::generate_russia(&RussiaConfig::default()).unwrap();
    assert_ne!(backdrop_by_region(&y2019), backdrop_by_region(&y2022));
    assert!(
        russia::generate_russia(&RussiaConfig {
            seed: 1,
            year: Some(2018)
        })
        .is_err()
    );
}

/// `--measure panel` on the command line: Rosstat's real counts at the
/// section level, with the note that says so; a finer level is refused with
/// exit code 2 and the level to ask for.
#[test]
fn measure_panel_reads_rosstats_counts_and_says_so() {
    let run = |args: &[&str]| {
        common::bin()
            .args(["specialisation"])
            .arg(dataset_dir())
            .args(args)
            .output()
            .expect("runs")
    };
    let o = run(&[
        "--measure",
        "panel",
        "--level",
        "section",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{o:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("values from organisations_by_year.csv of russia, 2022 (6972 rows, none marked synthetic)"),
        "{err}"
    );
    let out = String::from_utf8_lossy(&o.stdout);
    // Sakha's mining section: 784 organisations in 2022
    assert!(out.lines().any(|l| l.starts_with("RU-SA,B,784,")), "{out}");
    let o = run(&["--measure", "panel"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--level section"));
    // at the section level without it, a note points to the panel
    let o = run(&["--level", "section", "--format", "csv"]);
    assert!(o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("--measure panel takes the section-level values")
    );
}
