//! The gallery in `docs/img` is what `scripts/gallery.sh` makes: the script is
//! run into a temporary folder and every DOT file must equal the one in the
//! repository, and every picture in the repository must come from one of them.

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
    let made = names(out.path(), "dot");
    assert!(made.len() >= 3, "the script made only {made:?}");
    assert_eq!(
        made,
        names(&img, "dot"),
        "docs/img holds other DOT files than the script makes"
    );
    for name in &made {
        let new = fs::read_to_string(out.path().join(format!("{name}.dot"))).unwrap();
        let old = fs::read_to_string(img.join(format!("{name}.dot"))).unwrap();
        assert!(
            new == old,
            "docs/img/{name}.dot is not what scripts/gallery.sh makes now: run scripts/gallery.sh"
        );
    }
    // every picture in docs/img is drawn from one of the script's DOT files
    let pictures = names(&img, "svg");
    assert_eq!(
        pictures, made,
        "docs/img has pictures without a DOT file from the script, or DOT files without a picture"
    );
    if Command::new("dot").arg("-V").output().is_ok() {
        assert_eq!(
            names(out.path(), "svg"),
            made,
            "Graphviz is installed, so every map is rendered"
        );
    }
}
