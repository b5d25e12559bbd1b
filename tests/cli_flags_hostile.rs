//! Hostile flags: every case gets exit code 2 with the flag named, or is
//! accepted where the docs say it is valid, and a refused command leaves
//! nothing behind; then arbitrary strings for every flag of every subcommand
//! (listed by the binary itself, `coopnet reference --flags`) never crash it.

mod common;

use std::fs;
use std::path::Path;
use std::process::Output;

use common::{copy_dataset, demo_dir, stderr, text, tree};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRng, TestRunner};

/// What a case expects.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// Exit code 2, the message naming this text (the flag), nothing written.
    Refused(&'static str),
    /// Exit code 0, the message (standard error) holding this text ("" for anything).
    Accepted(&'static str),
}

use Expect::{Accepted, Refused};

/// A work folder with a copy of the demo dataset (`demo`), a folder with a
/// file in it (`full`), a batch manifest over the demo (`batch.toml`).
fn workdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dataset(&demo_dir(), &dir.path().join("demo"));
    fs::create_dir(dir.path().join("full")).unwrap();
    fs::write(dir.path().join("full/notes.txt"), "mine").unwrap();
    fs::write(
        dir.path().join("batch.toml"),
        "out = \"runs\"\ndatasets = [\"demo\"]\n[parameters]\nrender = false\n",
    )
    .unwrap();
    dir
}

fn run(dir: &Path, args: &[&str]) -> Output {
    common::coopnet_in(args, dir)
}

/// The table of hostile flags: arguments (run in a fresh work folder) and
/// what each must give.
const CASES: &[(&[&str], Expect)] = &[
    // thread counts
    (&["inspect", "demo", "--threads", "0"], Accepted("")),
    (
        &["communities", "demo", "--threads", "100000"],
        Accepted("--threads 100000 is more than the"),
    ),
    (
        &["inspect", "demo", "--threads", "-3"],
        Refused("--threads"),
    ),
    (
        &["inspect", "demo", "--threads", "many"],
        Refused("--threads"),
    ),
    (
        &["batch", "batch.toml", "--jobs", "100000", "-q"],
        Accepted(""),
    ),
    // resolutions, seeds and other numbers
    (
        &["communities", "demo", "--resolution", "NaN"],
        Refused("--resolution"),
    ),
    (
        &["communities", "demo", "--resolution", "-1"],
        Refused("--resolution"),
    ),
    (
        &["communities", "demo", "--resolution", "0"],
        Refused("--resolution"),
    ),
    (
        &["communities", "demo", "--resolution", "inf"],
        Refused("--resolution"),
    ),
    (
        &["communities", "demo", "--resolution", "1e309"],
        Refused("--resolution"),
    ),
    (
        &["communities", "demo", "--resolution", "1e-300"],
        Accepted(""),
    ),
    (&["communities", "demo", "--seed", "-1"], Refused("--seed")),
    (
        &[
            "analyze",
            "demo",
            "--out",
            "o",
            "--seed",
            "18446744073709551616",
        ],
        Refused("--seed"),
    ),
    (
        &["analyze", "demo", "--out", "o", "--top", "0"],
        Refused("--top"),
    ),
    (
        &["map", "demo", "--resolution", "-0.5"],
        Refused("--resolution"),
    ),
    (&["map", "demo", "--timeout", "0"], Refused("--timeout")),
    (
        &["suggest", "demo", "--io-threshold", "0"],
        Refused("--io-threshold"),
    ),
    (
        &["suggest", "demo", "--io-threshold", "1.5"],
        Refused("--io-threshold"),
    ),
    (
        &["suggest", "demo", "--max-regions", "1"],
        Refused("--max-regions"),
    ),
    (&["suggest", "demo", "--max-regions", "0"], Accepted("")),
    (
        &["suggest", "demo", "--innovation-weight", "-0.5"],
        Refused("--innovation-weight"),
    ),
    (
        &["suggest", "demo", "--sectoral-weight", "NaN"],
        Refused("--sectoral-weight"),
    ),
    (
        &["suggest", "demo", "--level", "subsection"],
        Refused("--level"),
    ),
    (
        &["specialisation", "demo", "--threshold", "0"],
        Refused("--threshold"),
    ),
    (
        &[
            "generate",
            "--profile",
            "national",
            "--mixing",
            "2",
            "--out",
            "g",
        ],
        Refused("--mixing"),
    ),
    (
        &[
            "generate",
            "--profile",
            "national",
            "--regions",
            "0",
            "--out",
            "g",
        ],
        Refused("--regions"),
    ),
    // --out: missing folders are created, folders and inputs are refused
    (
        &["report", "demo", "--out", "new/folder/report.md"],
        Accepted(""),
    ),
    (&["report", "demo", "--out", "full"], Refused("--out full")),
    (
        &["report", "demo", "--out", "newdir/"],
        Refused("--out newdir/"),
    ),
    (
        &["report", "demo", "--out", "demo/regions.csv"],
        Refused("--out"),
    ),
    (
        &["report", "demo", "--out", "demo/report.md"],
        Refused("--out"),
    ),
    (&["communities", "demo", "--out", "demo"], Refused("--out")),
    (&["analyze", "demo", "--out", "demo"], Refused("--out")),
    (
        &["analyze", "demo/..", "--out", "demo/../demo"],
        Refused("--out"),
    ),
    (&["analyze", "demo", "--out", "full"], Refused("--out full")),
    (&["analyze", "demo", "--out", "-"], Refused("--out -")),
    (
        &["generate", "--profile", "russia", "--out", "-"],
        Refused("--out -"),
    ),
    (
        &["generate", "--profile", "russia", "--out", "full"],
        Refused("--out full"),
    ),
    (&["batch", "batch.toml", "--out", "-"], Refused("--out -")),
    (&["batch", "batch.toml", "--out", "demo"], Refused("out")),
    (
        &["export", "demo", "--format", "csv", "--out", "-"],
        Refused("--out -"),
    ),
    (
        &["map", "demo", "--render", "svg", "--out", "-"],
        Refused("--out -"),
    ),
    (
        &["specialisation", "demo", "--out", "-"],
        Refused("--out -"),
    ),
    (&["relatedness", "demo", "--out", "-"], Refused("--out -")),
    (
        &["specialisation", "demo", "--out", "-", "--indices", "i.csv"],
        Accepted(""),
    ),
    (
        &[
            "specialisation",
            "demo",
            "--out",
            "s.csv",
            "--indices",
            "s.csv",
        ],
        Refused("--indices"),
    ),
    (
        &[
            "relatedness",
            "demo",
            "--out",
            "r.csv",
            "--density",
            "demo/d.csv",
        ],
        Refused("--density"),
    ),
    (
        &[
            "suggest",
            "demo",
            "--value-chain",
            "chain.csv",
            "--out",
            "chain.csv",
        ],
        Refused("--out"),
    ),
    (&["inspect", "demo", "--out", "-"], Accepted("")),
    (
        &["communities", "demo", "--out", "-", "--format", "json"],
        Accepted(""),
    ),
];

#[test]
fn hostile_flags_are_refused_naming_the_flag_or_accepted_as_documented() {
    assert!(CASES.len() >= 20);
    let mut failures = Vec::new();
    for (args, expect) in CASES {
        let dir = workdir();
        // a value chain that is also named as an output
        fs::copy(
            common::root().join("datasets/value_chain.csv"),
            dir.path().join("chain.csv"),
        )
        .unwrap();
        let before = tree(dir.path());
        let o = run(dir.path(), args);
        let err = stderr(&o);
        let problem = match expect {
            Refused(flag) => {
                if o.status.code() != Some(2) {
                    Some(format!("exit {:?}, not 2", o.status.code()))
                } else if !err.contains(flag) {
                    Some(format!("the message does not name {flag:?}"))
                } else if tree(dir.path()) != before {
                    Some("a refused command changed the folder".to_string())
                } else {
                    None
                }
            }
            Accepted(note) => {
                if !o.status.success() {
                    Some(format!("exit {:?}, not 0", o.status.code()))
                } else if !err.contains(note) {
                    Some(format!("standard error lacks {note:?}"))
                } else {
                    None
                }
            }
        };
        if let Some(p) = problem {
            failures.push(format!("{args:?}: {p}\n{}", text(&o)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn accepted_outputs_land_where_the_docs_say() {
    let dir = workdir();
    let o = run(
        dir.path(),
        &["report", "demo", "--out", "new/folder/report.md"],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(dir.path().join("new/folder/report.md").is_file());
    let o = run(
        dir.path(),
        &[
            "specialisation",
            "demo",
            "--out",
            "-",
            "--indices",
            "i.csv",
            "-q",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(common::stdout(&o).starts_with("region,sector,value,lq,specialised,"));
    assert!(dir.path().join("i.csv").is_file());
    // nothing named "-" anywhere
    assert!(
        tree(dir.path())
            .iter()
            .all(|(p, _)| !p.ends_with("-") && !p.to_string_lossy().contains("/-."))
    );
}

// ---------------------------------------------------------------- proptest

/// One flag of one subcommand, as `coopnet reference --flags` lists it.
#[derive(Debug, Clone)]
struct Flag {
    command: String,
    name: String,
    positional: bool,
    takes_value: bool,
    values: Vec<String>,
}

fn flags() -> Vec<Flag> {
    let o = common::coopnet(&["reference", "--flags"]);
    assert!(o.status.success(), "{}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut all = Vec::new();
    for c in v.as_array().unwrap() {
        for f in c["flags"].as_array().unwrap() {
            all.push(Flag {
                command: c["command"].as_str().unwrap().to_string(),
                name: f["name"].as_str().unwrap().to_string(),
                positional: f["positional"].as_bool().unwrap(),
                takes_value: f["takes_value"].as_bool().unwrap(),
                values: f["values"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_str().unwrap().to_string())
                    .collect(),
            });
        }
    }
    all
}

/// Arguments every subcommand needs to run on the demo dataset in the work
/// folder, without drawing pictures (fast, and the same with or without
/// Graphviz).
fn base(command: &str) -> Vec<(&'static str, Option<&'static str>)> {
    match command {
        "analyze" => vec![
            ("DATASET", Some("demo")),
            ("--out", Some("out")),
            ("--no-render", None),
        ],
        "batch" => vec![("MANIFEST", Some("batch.toml"))],
        "generate" => vec![("--profile", Some("russia")), ("--out", Some("gen"))],
        "communities" | "specialisation" | "relatedness" => vec![("INPUT", Some("demo"))],
        "export" => vec![("DATASET", Some("demo")), ("--format", Some("json"))],
        _ => vec![("DATASET", Some("demo"))],
    }
}

/// Flags whose value is a path: values stay inside the work folder (no `/`),
/// so that arbitrary text never names a file elsewhere.
fn is_path(f: &Flag) -> bool {
    f.positional
        || matches!(
            f.name.as_str(),
            "--out" | "--indices" | "--density" | "--compare" | "--value-chain" | "--io-table"
        )
}

/// The command line with `flag` given `value` (or, for a switch, given).
fn command_line(f: &Flag, value: &str) -> Vec<String> {
    let mut args = vec![f.command.clone(), "-q".to_string()];
    let mut given = false;
    for (name, v) in base(&f.command) {
        if name == f.name {
            given = true;
            args.extend(positional_or_flag(name, Some(value)));
        } else {
            args.extend(positional_or_flag(name, v));
        }
    }
    if !given {
        args.extend(positional_or_flag(&f.name, f.takes_value.then_some(value)));
    }
    args
}

fn positional_or_flag(name: &str, value: Option<&str>) -> Vec<String> {
    let mut out = Vec::new();
    if name.starts_with("--") {
        out.push(name.to_string());
    }
    if let Some(v) = value {
        out.push(v.to_string());
    }
    out
}

/// Values worth trying on every flag beside random text.
const SPECIAL: &[&str] = &[
    "",
    " ",
    "-",
    "--",
    "-1",
    "0",
    "1",
    "NaN",
    "inf",
    "-inf",
    "1e309",
    "-0",
    "0.5",
    "18446744073709551616",
    "९",
    "Кострома",
    "08.9Б1",
    "a,b",
    "..",
    ".",
];

/// Exit codes a run may end with: 0 or 2, and 1 only for a picture that
/// could not be drawn because Graphviz is not installed here.
fn acceptable(o: &Output) -> bool {
    match o.status.code() {
        Some(0) | Some(2) => true,
        Some(1) => !common::graphviz_installed() && text(o).contains("Graphviz"),
        _ => false,
    }
}

/// Every value tried on `f` (run in `dir`): the special ones, its listed
/// values, and random text from a deterministic generator (the same cases on
/// every run; a failure is shrunk to a small value).
fn try_flag(f: &Flag, dir: &Path) -> Vec<String> {
    let run_one = |value: &str| -> Result<(), String> {
        let args = command_line(f, value);
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = run(dir, &refs);
        if acceptable(&o) {
            Ok(())
        } else {
            Err(format!(
                "{refs:?}: exit {:?}\n{}",
                o.status.code(),
                text(&o)
            ))
        }
    };
    if !f.takes_value {
        return run_one("").err().into_iter().collect();
    }
    let mut crashes: Vec<String> = SPECIAL
        .iter()
        .copied()
        .chain(f.values.iter().map(String::as_str))
        .filter_map(|v| run_one(v).err())
        .collect();
    let strategy = if is_path(f) {
        "[a-zA-Z0-9._ -]{0,12}".boxed()
    } else {
        prop_oneof![
            "\\PC{0,16}",
            "-?[0-9]{1,25}(\\.[0-9]{0,8})?(e-?[0-9]{1,3})?"
        ]
        .boxed()
    };
    let config = Config {
        cases: 8,
        failure_persistence: None,
        ..Config::default()
    };
    let rng = TestRng::deterministic_rng(config.rng_algorithm);
    let mut runner = TestRunner::new_with_rng(config, rng);
    if let Err(e) = runner.run(&strategy, |v| run_one(&v).map_err(TestCaseError::fail)) {
        crashes.push(format!("{} {}: {e}", f.command, f.name));
    }
    crashes
}

#[test]
fn arbitrary_values_of_every_flag_exit_0_or_2() {
    let flags = flags();
    assert!(flags.len() > 60, "{} flags", flags.len());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 4));
    let chunk = flags.len().div_ceil(workers);
    let crashes: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = flags
            .chunks(chunk)
            .map(|some| {
                scope.spawn(move || {
                    let dir = workdir();
                    some.iter()
                        .flat_map(|f| try_flag(f, dir.path()))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("worker"))
            .collect()
    });
    assert!(crashes.is_empty(), "{}", crashes.join("\n\n"));
}
