//! Table-driven tests of loading broken datasets: each case in `tests/broken/`
//! must give exactly the problems in its `expected.txt`, exit code 2 from the
//! command line, and no output file.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the case's dataset in `dir`: demo files, overlaid, minus deletions.
fn build_case(case: &Path, dir: &Path) {
    for entry in fs::read_dir(root().join("datasets/demo")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
    }
    for entry in fs::read_dir(case).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".csv") {
            fs::copy(&path, dir.join(&name)).unwrap();
        }
    }
    if let Ok(list) = fs::read_to_string(case.join("DELETE")) {
        for name in list.lines().filter(|l| !l.trim().is_empty()) {
            fs::remove_file(dir.join(name.trim())).unwrap();
        }
    }
}

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = fs::read_dir(root().join("tests/broken"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 15,
        "expected the broken-dataset cases, found {}",
        cases.len()
    );
    cases
}

#[test]
fn every_broken_case_reports_exactly_its_problems() {
    let mut failures = Vec::new();
    for case in cases() {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let expected = fs::read_to_string(case.join("expected.txt")).unwrap();
        let expected: Vec<&str> = expected.lines().filter(|l| !l.is_empty()).collect();
        let tmp = tempfile::tempdir().unwrap();
        build_case(&case, tmp.path());
        match coopnet::load::load_dataset(tmp.path()) {
            Ok(_) => failures.push(format!("{name}: loaded without error")),
            Err(e) => {
                assert!(e.is_bad_input(), "{name}: not classed as bad input");
                let got: Vec<String> = e.problems().iter().map(|p| p.to_string()).collect();
                if got != expected {
                    failures.push(format!(
                        "{name}:\n  expected {expected:#?}\n  got      {got:#?}"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn command_line_exits_2_lists_problems_and_writes_nothing() {
    for case in cases() {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let expected = fs::read_to_string(case.join("expected.txt")).unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        fs::create_dir(&data).unwrap();
        build_case(&case, &data);
        let out_dir = tmp.path().join("out");
        let output = Command::new(env!("CARGO_BIN_EXE_coopnet"))
            .args(["report", data.to_str().unwrap(), "--out"])
            .arg(out_dir.join("report.md"))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{name}: exit code");
        let stderr = String::from_utf8_lossy(&output.stderr);
        for line in expected.lines().filter(|l| !l.is_empty()) {
            assert!(
                stderr.contains(line),
                "{name}: stderr lacks {line:?}:\n{stderr}"
            );
        }
        assert!(!out_dir.exists(), "{name}: output folder was created");
    }
}

#[test]
fn windows_1251_with_semicolons_and_decimal_commas_loads() {
    let tmp = tempfile::tempdir().unwrap();
    // Rewrite the demo as Excel on a Russian system would save it.
    for entry in fs::read_dir(root().join("datasets/demo")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            let text = fs::read_to_string(&path).unwrap();
            let mut rdr = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(text.as_bytes());
            let mut w = csv::WriterBuilder::new()
                .delimiter(b';')
                .from_writer(Vec::new());
            for rec in rdr.records() {
                let rec = rec.unwrap();
                let fields: Vec<String> = rec
                    .iter()
                    .map(|f| {
                        if f.parse::<f64>().is_ok()
                            && f.contains('.')
                            && !f.starts_with('0')
                            && f.len() > 5
                        {
                            f.replace('.', ",")
                        } else {
                            f.to_string()
                        }
                    })
                    .collect();
                w.write_record(&fields).unwrap();
            }
            let utf8 = String::from_utf8(w.into_inner().unwrap()).unwrap();
            let utf8 = utf8.replace("Kostroma oblast", "Костромская область");
            let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&utf8);
            fs::write(tmp.path().join(path.file_name().unwrap()), bytes).unwrap();
        }
    }
    let ds = coopnet::load::load_dataset(tmp.path()).unwrap();
    assert!(
        ds.sources.iter().all(|s| s.delimiter == "semicolon"),
        "{:?}",
        ds.sources
    );
    // Only regions.csv has Cyrillic text; the others are plain ASCII, which is also UTF-8.
    let regions = ds.sources.iter().find(|s| s.file == "regions.csv").unwrap();
    assert_eq!(regions.encoding, "Windows-1251");
    let kos = ds.region(ds.region_id("RU-KOS").unwrap());
    assert_eq!(kos.name, "Костромская область");
    assert!(
        (kos.lat.unwrap() - 57.7665).abs() < 1e-9,
        "decimal comma read: {:?}",
        kos.lat
    );
    assert_eq!(ds.links.len(), 14);
}
