//! Reading every input file, with every problem located.
//!
//! [`load_dataset`] reads a dataset folder (see `docs/dataset-format.md`);
//! [`table::Table`] reads one CSV file with encoding and delimiter detection,
//! and every other reader is built on it: input-output tables
//! ([`io_table`]), long region,sector,value tables ([`long_table`]), value
//! chains ([`value_chain`]), reference partitions ([`partition`]). Plain
//! `u v [w]` edge lists ([`edgelist`]) are read in blocks with the same
//! encodings. Every reader reports problems with file, line, column, value
//! and reason, and takes [`LoadOptions`] (an encoding that overrides detection).

pub mod boundaries;
mod dataset;
pub mod distances;
pub mod edgelist;
pub mod encoding;
pub mod fields;
pub mod io_table;
pub mod long_table;
pub mod markets;
pub mod pairings;
pub mod panel;
pub mod partition;
pub mod registry;
pub mod series;
mod sheet;
pub mod table;
pub mod value_chain;

use std::path::Path;

pub use crate::model::ids;
pub use dataset::{ALL_FILES, FILES, PANEL_FILE, load_dataset, load_dataset_at, load_dataset_with};
pub use encoding::{Confidence, Encoding};
pub use table::Table;

use crate::error::{Error, Problem, Result};

/// Options every reader takes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// Read every file in this encoding instead of detecting it
    /// (`--encoding` on the command line).
    pub encoding: Option<Encoding>,
}

/// Reads a whole file named `file` in messages: a missing file, a folder, a
/// broken or looping symbolic link and an unreadable file are each a problem
/// naming it.
///
/// # Errors
///
/// [`Error::Invalid`] for the cases above, [`Error::Io`] for any other failure.
pub fn read_file(path: &Path, file: &str) -> Result<Vec<u8>> {
    if let Some(problem) = unreadable(path, file) {
        return Err(Error::invalid(problem));
    }
    std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::invalid(Problem::file(file, "file not found")),
        std::io::ErrorKind::PermissionDenied => {
            Error::invalid(Problem::file(file, "cannot be read: permission denied"))
        }
        _ => Error::io(path, e),
    })
}

/// Reads a file that must be UTF-8 text (a TOML manifest or mapping: TOML is
/// UTF-8 by its specification); `file` names it in problems.
///
/// # Errors
///
/// As [`read_file`], and [`Error::Invalid`] when the bytes are not UTF-8.
pub fn read_utf8(path: &Path, file: &str, kind: &str) -> Result<String> {
    let mut bytes = read_file(path, file)?;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        Error::invalid(Problem::file(
            file,
            format!(
                "is not UTF-8 text ({kind} is UTF-8): invalid byte at offset {}",
                e.utf8_error().valid_up_to()
            ),
        ))
    })
}

/// Why `path` cannot be read as a file, if it cannot: missing, a folder, or
/// a symbolic link to nothing or to itself.
pub fn unreadable(path: &Path, file: &str) -> Option<Problem> {
    let link = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Some(Problem::file(file, "file not found"));
        }
        Err(e) => return Some(Problem::file(file, format!("cannot be read: {e}"))),
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && link.file_type().is_symlink() => {
            let target = std::fs::read_link(path)
                .map(|t| t.display().to_string())
                .unwrap_or_default();
            return Some(Problem::file(
                file,
                format!("is a symbolic link to {target:?}, which does not exist"),
            ));
        }
        Err(e) if link.file_type().is_symlink() => {
            return Some(Problem::file(
                file,
                format!("is a symbolic link that cannot be followed ({e}); a loop?"),
            ));
        }
        Err(e) => return Some(Problem::file(file, format!("cannot be read: {e}"))),
    };
    meta.is_dir()
        .then(|| Problem::file(file, "is a folder, not a file"))
}

/// The name a file is given in messages: its file name (the whole path when it has none).
pub fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_text_files_are_read_or_refused_with_a_reason() {
        let dir = tempfile::tempdir().expect("tempdir");
        let good = dir.path().join("good.toml");
        std::fs::write(&good, b"\xEF\xBB\xBFname = \"K\xC3\xB6ln\"\n").expect("write");
        assert_eq!(
            read_utf8(&good, "good.toml", "TOML").expect("reads"),
            "name = \"Köln\"\n"
        );
        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, b"name = \"K\xF6ln\"\n").expect("write");
        let e = read_utf8(&bad, "bad.toml", "TOML").unwrap_err();
        assert_eq!(
            e.problems()[0].reason,
            "is not UTF-8 text (TOML is UTF-8): invalid byte at offset 9"
        );
        let e = read_utf8(dir.path(), "folder", "TOML").unwrap_err();
        assert_eq!(e.problems()[0].file, "folder");
        let e = read_utf8(&dir.path().join("none.toml"), "none.toml", "TOML").unwrap_err();
        assert_eq!(e.problems()[0].reason, "file not found");
    }
}
