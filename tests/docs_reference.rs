//! `docs/reference.md` holds the command reference generated from the clap
//! definitions: this test fails when they drift apart. `COOPNET_BLESS=1 cargo
//! test --test docs_reference` rewrites the generated part.

use std::path::PathBuf;

const BEGIN: &str = "<!-- BEGIN GENERATED: coopnet::cli::reference::markdown() -->\n";
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
    let generated = coopnet::cli::reference::markdown();
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
