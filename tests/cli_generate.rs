//! `coopnet generate` from the command line: the Russia profile replaced as a
//! whole, folders it refuses to replace, impossible settings, the seed.

mod common;

use std::fs;

use common::{bin, files};
use coopnet::load::load_dataset;

#[test]
fn cli_writes_the_russia_profile_and_replaces_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("ru");
    for _ in 0..2 {
        let o = bin()
            .args(["generate", "--profile", "russia", "--quiet", "--out"])
            .arg(&out)
            .output()
            .expect("runs");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let committed = common::root().join("datasets/russia");
    assert_eq!(files(&out), files(&committed));
    // nothing else is left beside it
    assert_eq!(fs::read_dir(dir.path()).expect("list").count(), 1);
}

#[test]
fn cli_refuses_to_replace_a_folder_that_is_not_a_dataset() {
    let dir = tempfile::tempdir().expect("tempdir");
    let precious = dir.path().join("thesis");
    fs::create_dir(&precious).expect("mkdir");
    fs::write(precious.join("chapter1.md"), "text").expect("writes");
    let o = bin()
        .args(["generate", "--profile", "russia", "--out"])
        .arg(&precious)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("is not a dataset"), "{err}");
    assert_eq!(
        fs::read_to_string(precious.join("chapter1.md")).expect("still there"),
        "text"
    );
}

#[test]
fn cli_rejects_impossible_national_settings_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("n");
    let o = bin()
        .args([
            "generate",
            "--profile",
            "national",
            "--clusters",
            "10",
            "--organisations",
            "15",
            "--out",
        ])
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("--organisations"), "{err}");
    assert!(!out.exists());
    assert_eq!(fs::read_dir(dir.path()).expect("list").count(), 0);
}

#[test]
fn cli_national_small_run_reports_the_seed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("n");
    let o = bin()
        .args([
            "generate",
            "--profile",
            "national",
            "--regions",
            "5",
            "--clusters",
            "4",
            "--organisations",
            "100",
            "--links",
            "0",
            "--seed",
            "9",
            "--out",
        ])
        .arg(&out)
        .output()
        .expect("runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("seed 9"));
    let ds = load_dataset(&out).expect("loads");
    assert_eq!(ds.participants.len(), 100);
    assert!(ds.links.is_empty());
    assert!(
        fs::read_to_string(out.join("README.md"))
            .expect("readme")
            .contains("--seed 9")
    );
}

#[test]
fn cli_rejects_national_flags_with_the_russia_profile() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = bin()
        .args(["generate", "--profile", "russia", "--links", "5", "--out"])
        .arg(dir.path().join("r"))
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--links is for --profile national"));
}

/// `--year` chooses the year of Rosstat's counts for the russia profile; a
/// year Rosstat's counts lack, or `--year` with another profile, is refused
/// with exit code 2 and nothing written.
#[test]
fn cli_year_is_for_the_russia_profile_and_rosstats_years() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = |args: &[&str], out: &str| {
        bin()
            .args(["generate"])
            .args(args)
            .arg("--out")
            .arg(dir.path().join(out))
            .output()
            .expect("runs")
    };
    let o = run(&["--profile", "russia", "--year", "2018"], "r2018");
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("cover 2019-2022, not 2018"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(!dir.path().join("r2018").exists());
    for profile in ["national", "planted"] {
        let o = run(&["--profile", profile, "--year", "2020"], profile);
        assert_eq!(o.status.code(), Some(2), "{profile}");
        assert!(String::from_utf8_lossy(&o.stderr).contains("--year is for --profile russia"));
    }
    let o = run(&["--profile", "russia", "--year", "2019"], "r2019");
    assert!(o.status.success(), "{o:?}");
    let readme = fs::read_to_string(dir.path().join("r2019/README.md")).expect("readme");
    assert!(readme.contains("year 2019"), "the README names the year");
}

/// The planted profile: the same bytes for the same seed, loadable, with its
/// answer key; national-only flags refused.
#[test]
fn cli_writes_the_planted_profile() {
    let dir = tempfile::tempdir().expect("tempdir");
    for out in ["a", "b"] {
        let o = bin()
            .args(["generate", "--profile", "planted", "--seed", "3", "--out"])
            .arg(dir.path().join(out))
            .output()
            .expect("runs");
        assert!(o.status.success(), "{o:?}");
    }
    assert_eq!(files(&dir.path().join("a")), files(&dir.path().join("b")));
    let ds = load_dataset(&dir.path().join("a")).expect("loads");
    assert_eq!(ds.regions.len(), coopnet::generate::planted::REGIONS);
    assert!(dir.path().join("a/planted.csv").is_file());
    let o = bin()
        .args(["generate", "--profile", "planted", "--links", "5", "--out"])
        .arg(dir.path().join("c"))
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2));
}
