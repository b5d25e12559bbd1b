//! `coopnet batch` from the command line: isolation of failures, resume,
//! redoing only what is missing, and surviving a kill.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::{bin, copy_dataset, root};

/// Three datasets, `broken` with a bad level, and a manifest over two seeds.
fn setup(dir: &Path) -> PathBuf {
    let demo = root().join("datasets/demo");
    copy_dataset(&demo, &dir.join("data/alpha"));
    copy_dataset(&demo, &dir.join("data/beta"));
    copy_dataset(&demo, &dir.join("data/broken"));
    fs::copy(
        root().join("tests/broken/bad_level/clusters.csv"),
        dir.join("data/broken/clusters.csv"),
    )
    .unwrap();
    let manifest = dir.join("batch.toml");
    fs::write(
        &manifest,
        "out = \"out\"\ndatasets = [\"data/*\"]\n[parameters]\nseed = [1, 2]\n",
    )
    .unwrap();
    manifest
}

fn batch(manifest: &Path) -> Output {
    bin()
        .arg("batch")
        .arg(manifest)
        .args(["--jobs", "2"])
        .output()
        .unwrap()
}

/// Names and modification times of every file under `dir`.
fn snapshot(dir: &Path) -> Vec<(PathBuf, std::time::SystemTime)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if !["summary.csv", "summary.md", "summary.html"]
                .iter()
                .any(|s| p.ends_with(s))
            {
                out.push((p.clone(), fs::metadata(&p).unwrap().modified().unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn hidden_leftovers(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.file_name().unwrap().to_string_lossy().starts_with('.') {
                found.push(p.clone());
            }
            if p.is_dir() {
                stack.push(p);
            }
        }
    }
    found
}

fn complete(run: &Path) -> bool {
    ["README.md", "report.md", "run.json", "batch-run.json"]
        .iter()
        .all(|f| run.join(f).is_file())
}

#[test]
fn failures_are_isolated_and_reruns_redo_only_what_is_missing() {
    let tmp = tempfile::tempdir().unwrap();
    let manifest = setup(tmp.path());
    let out = tmp.path().join("out");

    let first = batch(&manifest);
    assert_eq!(
        first.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    for ds in ["alpha", "beta"] {
        for seed in [1, 2] {
            assert!(
                complete(&out.join(ds).join(format!("seed={seed}"))),
                "{ds} seed {seed}"
            );
        }
    }
    assert!(
        !out.join("broken").exists(),
        "nothing written for the broken dataset"
    );
    let summary = fs::read_to_string(out.join("summary.csv")).unwrap();
    let broken: Vec<&str> = summary
        .lines()
        .filter(|l| l.starts_with("broken/"))
        .collect();
    assert_eq!(broken.len(), 2);
    assert!(
        broken
            .iter()
            .all(|l| l.contains("failed") && l.contains("is not one of initial, medium, high")),
        "{summary}"
    );
    let md = fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(
        md.contains("## Failures") && md.contains("broken/seed=1"),
        "{md}"
    );
    // the page links every run that succeeded, and names the failures with their reason
    let html = fs::read_to_string(out.join("summary.html")).unwrap();
    for ds in ["alpha", "beta"] {
        for seed in [1, 2] {
            let link = format!(r#"<a href="{ds}/seed={seed}/index.html">"#);
            assert!(html.contains(&link), "no {link} in summary.html");
        }
    }
    assert!(
        !html.contains(r#"href="broken/"#),
        "summary.html links a run that failed"
    );
    assert!(
        html.contains("id=\"failures\"") && html.contains("is not one of initial, medium, high"),
        "summary.html does not give the failures"
    );

    // Again: nothing is redone (the broken runs fail again, writing nothing).
    let before = snapshot(&out);
    let second = batch(&manifest);
    assert_eq!(second.status.code(), Some(1));
    assert_eq!(snapshot(&out), before, "a rerun rewrote finished runs");
    let summary = fs::read_to_string(out.join("summary.csv")).unwrap();
    assert_eq!(summary.matches(",skipped,").count(), 4, "{summary}");

    // Delete one run: only it is redone.
    fs::remove_dir_all(out.join("beta/seed=2")).unwrap();
    let third = batch(&manifest);
    assert_eq!(third.status.code(), Some(1));
    let summary = fs::read_to_string(out.join("summary.csv")).unwrap();
    assert_eq!(summary.matches(",skipped,").count(), 3, "{summary}");
    assert!(
        summary
            .lines()
            .any(|l| l.starts_with("beta/seed=2,") && l.contains(",done,")),
        "{summary}"
    );
    assert!(complete(&out.join("beta/seed=2")));
    assert!(
        hidden_leftovers(&out).is_empty(),
        "{:?}",
        hidden_leftovers(&out)
    );
}

#[test]
fn a_killed_batch_completes_on_rerun_with_nothing_half_written() {
    let tmp = tempfile::tempdir().unwrap();
    let manifest = setup(tmp.path());
    fs::remove_dir_all(tmp.path().join("data/broken")).unwrap();
    // More runs, so a kill is likely to land mid-batch.
    fs::write(
        &manifest,
        "out = \"out\"\ndatasets = [\"data/*\"]\n[parameters]\nseed = [1, 2, 3, 4, 5, 6]\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    // A run interrupted earlier left its staging folder behind.
    fs::create_dir_all(out.join("alpha/.seed=3.tmp-999999")).unwrap();
    fs::write(out.join("alpha/.seed=3.tmp-999999/report.md"), "half").unwrap();

    let mut child = bin()
        .arg("batch")
        .arg(&manifest)
        .args(["--jobs", "1"])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(150));
    let _ = child.kill();
    let _ = child.wait();
    // Whatever finished is complete; nothing visible is half-written.
    for ds in ["alpha", "beta"] {
        if let Ok(entries) = fs::read_dir(out.join(ds)) {
            for e in entries {
                let p = e.unwrap().path();
                if !p.file_name().unwrap().to_string_lossy().starts_with('.') {
                    assert!(complete(&p), "{} is half-written", p.display());
                }
            }
        }
    }
    let rerun = batch(&manifest);
    assert_eq!(
        rerun.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&rerun.stderr)
    );
    for ds in ["alpha", "beta"] {
        for seed in 1..=6 {
            assert!(complete(&out.join(ds).join(format!("seed={seed}"))));
        }
    }
    assert!(
        hidden_leftovers(&out).is_empty(),
        "{:?}",
        hidden_leftovers(&out)
    );
}

#[test]
fn a_wrong_manifest_exits_2_before_running_anything() {
    let tmp = tempfile::tempdir().unwrap();
    let manifest = setup(tmp.path());
    fs::write(
        &manifest,
        "datasets = [\"data/*\"]\n[parameters]\nresolutoin = [1.0]\n",
    )
    .unwrap();
    let o = batch(&manifest);
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("resolutoin") && stderr.contains("not a parameter"),
        "{stderr}"
    );
    assert!(!tmp.path().join("out").exists());
}

#[test]
fn a_dataset_typo_is_a_manifest_error_that_leaves_the_summary_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let manifest = setup(tmp.path());
    fs::remove_dir_all(tmp.path().join("data/broken")).unwrap();
    fs::write(
        &manifest,
        "out = \"out\"\ndatasets = [\"data/alpha\"]\n[parameters]\nrender = false\n",
    )
    .unwrap();
    let first = batch(&manifest);
    assert_eq!(first.status.code(), Some(0), "{}", common::text(&first));
    let summary = fs::read(tmp.path().join("out/summary.md")).unwrap();
    let before = common::tree(tmp.path());
    fs::write(
        &manifest,
        "out = \"out\"\ndatasets = [\n  \"data/alpha\",\n  \"data/germny\",\n]\n[parameters]\nrender = false\n",
    )
    .unwrap();
    let o = batch(&manifest);
    assert_eq!(o.status.code(), Some(2), "{}", common::text(&o));
    let err = common::stderr(&o);
    assert!(
        err.contains("batch.toml:4:") && err.contains("germny") && err.contains("no such folder"),
        "{err}"
    );
    assert_eq!(
        fs::read(tmp.path().join("out/summary.md")).unwrap(),
        summary
    );
    let after: Vec<_> = common::tree(tmp.path())
        .into_iter()
        .filter(|(p, _)| !p.ends_with("batch.toml"))
        .collect();
    let before: Vec<_> = before
        .into_iter()
        .filter(|(p, _)| !p.ends_with("batch.toml"))
        .collect();
    assert_eq!(after, before, "a wrong manifest changed the output");
}

#[test]
fn a_run_whose_files_changed_is_redone_saying_so() {
    let tmp = tempfile::tempdir().unwrap();
    let manifest = setup(tmp.path());
    fs::remove_dir_all(tmp.path().join("data/broken")).unwrap();
    fs::write(
        &manifest,
        "out = \"out\"\ndatasets = [\"data/alpha\"]\n[parameters]\nseed = [1, 2]\nrender = false\n",
    )
    .unwrap();
    assert_eq!(batch(&manifest).status.code(), Some(0));
    let run = tmp.path().join("out/alpha/render=false_seed=1");
    let report = fs::read(run.join("report.md")).unwrap();
    // truncated, as by a full disk or an editor
    fs::write(run.join("report.md"), &report[..report.len() / 2]).unwrap();
    let o = batch(&manifest);
    assert_eq!(o.status.code(), Some(0), "{}", common::text(&o));
    let err = common::stderr(&o);
    assert!(
        err.contains("redoing alpha/render=false_seed=1: report.md changed since it finished"),
        "{err}"
    );
    assert_eq!(fs::read(run.join("report.md")).unwrap(), report);
    let summary = fs::read_to_string(tmp.path().join("out/summary.csv")).unwrap();
    assert!(
        summary
            .lines()
            .any(|l| l.starts_with("alpha/render=false_seed=1,") && l.contains(",redone,")),
        "{summary}"
    );
    assert!(summary.contains(",skipped,"), "{summary}");
    // a vanished file too
    fs::remove_file(run.join("suggestions.json")).unwrap();
    let o = batch(&manifest);
    assert!(
        common::stderr(&o).contains("suggestions.json vanished since it finished"),
        "{}",
        common::text(&o)
    );
    assert!(run.join("suggestions.json").is_file());
}
