//! `docs/tutorial.md` stays true: every ` ```sh ` block is run, in order, in an
//! empty folder that sees the repository's `datasets/` and has the freshly
//! built `coopnet` first on its `PATH`; a block that fails fails the test. A
//! ` ```text ` block right after a command block is output the reader is shown:
//! its lines must appear, in order and contiguous, in what that block printed
//! (standard output and standard error together); a line `...` skips ahead.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fenced block: its info string, its text and the line it starts on.
struct Block {
    info: String,
    text: String,
    line: usize,
}

fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (i, line) in markdown.lines().enumerate() {
        match &mut open {
            None => {
                if let Some(info) = line.strip_prefix("```") {
                    open = Some(Block {
                        info: info.trim().to_string(),
                        text: String::new(),
                        line: i + 1,
                    });
                }
            }
            Some(b) => {
                if line.trim_end() == "```" {
                    out.push(open.take().unwrap());
                } else {
                    b.text.push_str(line);
                    b.text.push('\n');
                }
            }
        }
    }
    assert!(open.is_none(), "docs/tutorial.md ends inside a code block");
    out
}

/// Whether `shown` (with `...` lines as gaps) appears in `printed`. A block
/// that shows nothing (empty, blank or only gaps) is an error: it would
/// match any output.
fn shows(printed: &str, shown: &str) -> Result<(), String> {
    if !shown
        .lines()
        .any(|l| !l.trim().is_empty() && l.trim() != "...")
    {
        return Err("the output block shows nothing".to_string());
    }
    let printed: Vec<&str> = printed.lines().map(str::trim_end).collect();
    let mut from = 0;
    let parts: Vec<Vec<&str>> = shown
        .split("\n...\n")
        .map(|p| {
            p.lines()
                .map(str::trim_end)
                .filter(|l| *l != "...")
                .collect()
        })
        .collect();
    for part in parts.iter().filter(|p| !p.is_empty()) {
        let found = (from..=printed.len().saturating_sub(part.len()))
            .find(|&i| printed[i..i + part.len()] == part[..]);
        match found {
            Some(i) => from = i + part.len(),
            None => {
                return Err(format!(
                    "not printed (after line {from}):\n{}",
                    part.join("\n")
                ));
            }
        }
    }
    Ok(())
}

/// `PATH` with the freshly built `coopnet` first.
fn path_with_coopnet() -> std::ffi::OsString {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_coopnet"));
    let rest = std::env::var_os("PATH").unwrap_or_default();
    let dirs =
        std::iter::once(bin.parent().unwrap().to_path_buf()).chain(std::env::split_paths(&rest));
    std::env::join_paths(dirs).unwrap()
}

fn link_datasets(dir: &Path) {
    let target = root().join("datasets");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&target, dir.join("datasets")).unwrap();
    #[cfg(not(unix))]
    std::os::windows::fs::symlink_dir(&target, dir.join("datasets")).unwrap();
}

#[test]
fn every_tutorial_command_runs_and_shows_what_it_printed() {
    let doc = fs::read_to_string(root().join("docs/tutorial.md")).unwrap();
    let all = blocks(&doc);
    let dir = tempfile::tempdir().unwrap();
    link_datasets(dir.path());
    let path = path_with_coopnet();
    let mut commands = 0;
    let mut checked = 0;
    let mut last: Option<(usize, String)> = None;
    for b in &all {
        match b.info.as_str() {
            "sh" => {
                let script = format!("set -euo pipefail\n{{\n{}}} 2>&1\n", b.text);
                let o = Command::new("bash")
                    .arg("-c")
                    .arg(&script)
                    .current_dir(dir.path())
                    .env("PATH", &path)
                    .env("NO_COLOR", "1")
                    .output()
                    .unwrap();
                let printed = String::from_utf8_lossy(&o.stdout).into_owned();
                assert!(
                    o.status.success(),
                    "docs/tutorial.md:{}: the commands failed ({}):\n{}\n--- printed ---\n{printed}",
                    b.line,
                    o.status,
                    b.text
                );
                commands += 1;
                last = Some((b.line, printed));
            }
            "text" => {
                if let Some((line, printed)) = last.take() {
                    if let Err(e) = shows(&printed, &b.text) {
                        panic!(
                            "docs/tutorial.md:{}: the output shown is not what the commands at line {line} print: {e}\n--- printed ---\n{printed}",
                            b.line
                        );
                    }
                    checked += 1;
                }
            }
            _ => last = None,
        }
    }
    assert!(
        commands >= 10,
        "only {commands} command blocks in the tutorial"
    );
    assert!(checked >= 5, "only {checked} outputs checked");
}

#[test]
fn shown_output_must_match() {
    let printed = "a\nb\nc\nd\n";
    assert!(shows(printed, "b\nc\n").is_ok());
    assert!(shows(printed, "a\n...\nd\n").is_ok());
    assert!(shows(printed, "c\nb\n").is_err());
    assert!(shows(printed, "a\n...\na\n").is_err());
    assert!(shows(printed, "x\n").is_err());
    assert!(shows(printed, "").is_err());
    assert!(shows(printed, "\n\n").is_err());
    assert!(shows(printed, "...\n").is_err());
}

/// The README's path for a researcher's own data: the files of
/// `docs/your-data.md`'s smallest dataset, then the README's commands as
/// written, reach a rendered map (when Graphviz is installed) and a
/// suggestions table.
#[test]
fn readme_own_data_commands_reach_a_map_and_suggestions() {
    let guide = fs::read_to_string(root().join("docs/your-data.md")).unwrap();
    let csv: Vec<Block> = blocks(&guide)
        .into_iter()
        .filter(|b| b.info == "csv")
        .take(3)
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("my-data");
    fs::create_dir(&data).unwrap();
    for (name, b) in ["regions.csv", "participants.csv", "links.csv"]
        .iter()
        .zip(&csv)
    {
        fs::write(data.join(name), &b.text).unwrap();
    }
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let commands = blocks(&readme)
        .into_iter()
        .find(|b| b.info == "sh" && b.text.contains("my-data"))
        .expect("README.md has no commands for my-data");
    let path = path_with_coopnet();
    let o = Command::new("bash")
        .arg("-c")
        .arg(format!("set -euo pipefail\n{}", commands.text))
        .current_dir(dir.path())
        .env("PATH", &path)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "README.md:{}: {}\n{}",
        commands.line,
        commands.text,
        String::from_utf8_lossy(&o.stderr)
    );
    let suggestions = fs::read_to_string(dir.path().join("suggestions.md")).unwrap();
    assert!(suggestions.contains("| 1 |"), "{suggestions}");
    assert!(suggestions.contains("RU-SA"), "{suggestions}");
    assert!(dir.path().join("my-map.dot").is_file());
    if Command::new("dot").arg("-V").output().is_ok() {
        let svg = fs::read_to_string(dir.path().join("my-map.svg")).unwrap();
        assert!(svg.contains("<svg"));
    }
    assert!(dir.path().join("out/my-data/README.md").is_file());
}
