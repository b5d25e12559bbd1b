//! `docs/reference.md` holds the command reference generated from the clap
//! definitions (`coopnet reference`, a hidden subcommand): this test fails
//! when they drift apart. `COOPNET_BLESS=1 cargo test --test docs_reference`
//! rewrites the generated part.

mod common;

use std::path::PathBuf;

const BEGIN: &str = "<!-- BEGIN GENERATED: coopnet reference -->\n";

fn coopnet(args: &[&str]) -> String {
    let o = common::coopnet(args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}
const END: &str = "<!-- END GENERATED -->";

#[test]
fn reference_matches_the_command_line() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/reference.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text
        .find(BEGIN)
        .expect("docs/reference.md lacks the BEGIN marker")
        + BEGIN.len();
    let end = text
        .find(END)
        .expect("docs/reference.md lacks the END marker");
    let generated = coopnet(&["reference"]);
    if std::env::var_os("COOPNET_BLESS").is_some() {
        let updated = format!("{}{}{}", &text[..start], generated, &text[end..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    let current = &text[start..end];
    if current != generated {
        let diff: Vec<String> = current
            .lines()
            .zip(generated.lines())
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .take(5)
            .map(|(i, (a, b))| format!("line {}:\n  docs: {a}\n  now:  {b}", i + 1))
            .collect();
        panic!(
            "docs/reference.md is out of date with the command line (run COOPNET_BLESS=1 cargo test --test docs_reference):\n{}",
            diff.join("\n")
        );
    }
}

/// Every subcommand's `--help` ends by naming its section of the reference,
/// and that section exists.
#[test]
fn every_help_points_to_its_reference_section() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let reference = std::fs::read_to_string(root.join("docs/reference.md")).unwrap();
    let flags: serde_json::Value =
        serde_json::from_str(&coopnet(&["reference", "--flags"])).unwrap();
    let names: Vec<String> = flags
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["command"].as_str().unwrap().to_string())
        .collect();
    assert!(names.len() >= 10, "{names:?}");
    for name in names {
        let help = coopnet(&[name.as_str(), "--help"]);
        assert!(
            help.contains(&format!("docs/reference.md#{name} ")),
            "coopnet {name} --help does not point to docs/reference.md#{name}:\n{help}"
        );
        assert!(
            reference.contains(&format!("\n## {name}\n")),
            "docs/reference.md has no section ## {name}"
        );
    }
    assert!(root.join("docs/tutorial.md").is_file());
}
