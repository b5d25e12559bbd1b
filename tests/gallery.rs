//! The gallery in `docs/img` is what `scripts/gallery.sh` makes: the script is
//! run into a temporary folder, and
//!
//! - every DOT file must equal the one in the repository, and every SVG
//!   beside a DOT file is Graphviz's drawing of it (Graphviz versions differ
//!   in their SVG bytes, so those are checked for presence);
//! - every SVG without a DOT file is a choropleth coopnet writes itself, and
//!   must equal the one in the repository byte for byte;
//! - the repository holds no picture the script does not make.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn names(dir: &Path, ext: &str) -> BTreeSet<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect()
}

fn same(a: &Path, b: &Path, what: &str) {
    let new = fs::read_to_string(a).unwrap();
    let old = fs::read_to_string(b).unwrap();
    assert!(
        new == old,
        "{} is not what scripts/gallery.sh makes now ({what}): run scripts/gallery.sh",
        b.display()
    );
}

#[test]
fn gallery_script_makes_the_pictures_in_docs() {
    let out = tempfile::tempdir().unwrap();
    let run = Command::new("bash")
        .arg(root().join("scripts/gallery.sh"))
        .arg(out.path())
        .env("COOPNET", env!("CARGO_BIN_EXE_coopnet"))
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "scripts/gallery.sh failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let img = root().join("docs/img");
    let dots = names(out.path(), "dot");
    assert!(dots.len() >= 3, "the script made only {dots:?}");
    assert_eq!(
        dots,
        names(&img, "dot"),
        "docs/img holds other DOT files than the script makes"
    );
    for name in &dots {
        same(
            &out.path().join(format!("{name}.dot")),
            &img.join(format!("{name}.dot")),
            "DOT",
        );
    }
    // choropleths: SVG written by coopnet, compared byte for byte
    let made_svg = names(out.path(), "svg");
    let choropleths: BTreeSet<String> = made_svg.difference(&dots).cloned().collect();
    assert!(
        choropleths.len() >= 3,
        "the script made only {choropleths:?} choropleths"
    );
    for name in &choropleths {
        let path = img.join(format!("{name}.svg"));
        assert!(
            path.exists(),
            "docs/img/{name}.svg is missing: run scripts/gallery.sh"
        );
        same(&out.path().join(format!("{name}.svg")), &path, "choropleth");
    }
    // every picture in docs/img is the script's: a drawing of one of its DOT
    // files, or one of its choropleths
    let expected: BTreeSet<String> = dots.union(&choropleths).cloned().collect();
    assert_eq!(
        names(&img, "svg"),
        expected,
        "docs/img has pictures the script does not make, or lacks some it makes"
    );
    if Command::new("dot").arg("-V").output().is_ok() {
        assert_eq!(
            made_svg, expected,
            "Graphviz is installed, so every DOT map is rendered"
        );
    }
}
