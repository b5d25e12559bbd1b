//! Input-output tables: the Eurostat manual's example with its known values,
//! the OECD Belgium 2020 table, and value chains derived from it.

use std::path::PathBuf;

use coopnet::economics::{SectionMap, ValueChain};
use coopnet::load::{LoadOptions, io_table};

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/economics")
        .join(name)
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

#[test]
fn eurostat_beutel_known_values() {
    let t = io_table::read_eurostat(
        &data("eurostat_manual_beutel_15_4_germany.csv"),
        &LoadOptions::default(),
    )
    .unwrap();
    assert_eq!(
        t.codes(),
        [
            "cpa_a",
            "cpa_c",
            "cpa_f",
            "cpa_g_i",
            "cpa_business",
            "cpa_other"
        ]
    );
    assert_eq!(t.labels()[0], "Agriculture group");
    let a = t.technical_coefficients();
    assert!(close(a.get(0, 0), 0.025757, 1e-6), "{}", a.get(0, 0));
    assert!(close(a.get(0, 1), 0.023606, 1e-6), "{}", a.get(0, 1));
    let l = t.leontief_inverse().unwrap();
    let diag = [1.033873, 1.429178, 1.028938, 1.178400, 1.412562, 1.051495];
    for (i, d) in diag.iter().enumerate() {
        assert!(
            close(l.get(i, i), *d, 1e-6),
            "L[{i}][{i}] = {}",
            l.get(i, i)
        );
    }
    let multipliers = t.output_multipliers().unwrap();
    let known = [1.704849, 1.841350, 1.813641, 1.603523, 1.595056, 1.378251];
    for (i, (m, k)) in multipliers.iter().zip(known).enumerate() {
        assert!(close(*m, k, 1e-6), "multiplier {i} = {m}, expected {k}");
    }
}

#[test]
fn oecd_belgium_reads_50_industries_and_their_output() {
    let t = io_table::read_oecd(&data("oecd_iot_BEL2020ttl.csv"), &LoadOptions::default()).unwrap();
    assert_eq!(t.len(), 50);
    assert_eq!(t.codes()[0], "D01");
    assert_eq!(t.codes()[8], "D10T12");
    assert_eq!(t.codes()[49], "D97T98");
    assert_eq!(t.output()[0], 12069.3);
    assert_eq!(t.flows().get(0, 8), 7709.0); // TTL_01 -> D10T12
    // Mining of coal, oil and gas, metal ores: no output in Belgium, so zero coefficients.
    let a = t.technical_coefficients();
    assert!((0..50).all(|s| a.get(s, 3) == 0.0));
    assert!(a.all_finite());
    let m = t.output_multipliers().unwrap();
    assert!(m.iter().all(|&v| (1.0..4.0).contains(&v)), "{m:?}");
}

#[test]
fn oecd_output_falls_back_to_row_sums() {
    let text = std::fs::read_to_string(data("oecd_iot_BEL2020ttl.csv")).unwrap();
    let without: String = text
        .lines()
        .filter(|l| !l.starts_with("\"OUTPUT\""))
        .map(|l| format!("{l}\n"))
        .collect();
    let with =
        io_table::read_oecd(&data("oecd_iot_BEL2020ttl.csv"), &LoadOptions::default()).unwrap();
    let summed = io_table::oecd_from_bytes(
        without.as_bytes().to_vec(),
        "no_output.csv",
        &LoadOptions::default(),
    )
    .unwrap();
    for (a, b) in with.output().iter().zip(summed.output()) {
        assert!((a - b).abs() < 1.0, "{a} vs {b}"); // published figures are rounded to 0.1
    }
}

#[test]
fn oecd_problems_are_located() {
    let text = "\"\",\"D01\",\"D02\",\"HFCE\"\n\"TTL_01\",1,x,3\n\"OUTPUT\",10,-,0\n";
    let e = io_table::oecd_from_bytes(text.as_bytes().to_vec(), "iot.csv", &LoadOptions::default())
        .unwrap_err();
    let ps = e.problems();
    assert_eq!(ps.len(), 1, "{e}");
    assert!(ps[0].reason.contains("TTL_02"));
    let text =
        "\"\",\"D01\",\"D02\",\"HFCE\"\n\"TTL_01\",1,x,3\n\"TTL_02\",-1,2,3\n\"OUTPUT\",10,NaN,0\n";
    let e = io_table::oecd_from_bytes(text.as_bytes().to_vec(), "iot.csv", &LoadOptions::default())
        .unwrap_err();
    let ps = e.problems();
    assert_eq!(ps.len(), 3, "{e}");
    assert_eq!(
        (ps[0].line, ps[0].column.as_deref(), ps[0].value.as_deref()),
        (Some(2), Some("D02"), Some("x"))
    );
    assert_eq!(
        (ps[1].line, ps[1].column.as_deref()),
        (Some(3), Some("D01"))
    );
    assert!(ps[1].reason.contains("negative"));
    assert_eq!(
        (ps[2].line, ps[2].column.as_deref()),
        (Some(4), Some("D02"))
    );
    let e = io_table::oecd_from_bytes(Vec::new(), "iot.csv", &LoadOptions::default()).unwrap_err();
    assert!(e.problems()[0].reason.contains("empty"));
}

#[test]
fn egk_linkages_of_belgium() {
    let t = io_table::read_oecd(&data("oecd_iot_BEL2020ttl.csv"), &LoadOptions::default()).unwrap();
    let l = t.linkages();
    let n = t.len();
    for s in 0..n {
        for u in 0..n {
            let v = l.egk.get(s, u);
            assert!((0.0..=1.0).contains(&v));
            assert_eq!(v, l.egk.get(u, s));
            assert!(v >= l.supply.get(s, u));
        }
    }
    // Agriculture sells 7709 of its 12069.3 output to food: out share 0.639.
    let food = t.codes().iter().position(|c| c == "D10T12").unwrap();
    assert!((l.output_share.get(0, food) - 7709.0 / 12069.3).abs() < 1e-12);
}

#[test]
fn division_linkages_and_a_value_chain_from_belgium() {
    let t = io_table::read_oecd(&data("oecd_iot_BEL2020ttl.csv"), &LoadOptions::default()).unwrap();
    let d = t.division_linkages().unwrap();
    assert_eq!(d.divisions.len(), 87); // every OKVED2 division but 99
    let sections = SectionMap::okved2();
    assert!(d.divisions.iter().all(|x| sections.contains_division(x)));
    let i24 = d.divisions.iter().position(|x| x == "24").unwrap();
    assert_eq!(d.sources[i24], "D24A+D24B");
    let i30 = d.divisions.iter().position(|x| x == "30").unwrap();
    assert_eq!(d.sources[i30], "D301+D302T309");
    let v = ValueChain::from_io_table(&t, 0.05).unwrap();
    assert!(!v.is_empty());
    // agriculture -> food, basic metals -> fabricated metal products are strong in any economy
    assert!(v.weight("01", "10") > 0.3, "{}", v.weight("01", "10"));
    assert!(v.weight("24", "25") > 0.1, "{}", v.weight("24", "25"));
    assert!(
        v.links()
            .iter()
            .all(|l| l.weight >= 0.05 && l.weight <= 1.0 && !l.rationale.is_empty())
    );
    assert!(ValueChain::from_io_table(&t, 0.0).is_err());
}

#[test]
fn embedded_section_table_matches_the_rosstat_file() {
    let text = std::fs::read_to_string(data("okved2_sections_divisions.csv")).unwrap();
    let embedded = SectionMap::okved2();
    let mut n = 0;
    for line in text.lines().skip(1) {
        let cells: Vec<&str> = line.splitn(4, ',').collect();
        if cells.len() >= 3 && cells[2] == "division" {
            n += 1;
            let section = cells[0].chars().next().unwrap();
            assert_eq!(
                embedded.section_of(cells[1]),
                Some(section),
                "division {}",
                cells[1]
            );
        }
    }
    assert_eq!(n, 88);
    assert_eq!(embedded.len(), 88);
}

#[test]
fn curated_value_chain_file_is_the_bundled_one() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("datasets/value_chain.csv");
    assert_eq!(
        coopnet::load::value_chain::read(&path, &coopnet::load::LoadOptions::default()).unwrap(),
        coopnet::load::value_chain::curated().unwrap()
    );
}
