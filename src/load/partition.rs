//! Reading a reference partition: one node and its community per line, as
//! `node,community` CSV (a first line starting with `node` is a header) or
//! `node community` separated by white space; `#` starts a comment; blank
//! lines are skipped; any encoding [`super::encoding`] detects.
//!
//! ```
//! use coopnet::load::{LoadOptions, partition};
//! let text = "node,community\nRU-KOS,1\nRU-SA,2 # far east\n";
//! let p = partition::from_bytes(text.as_bytes().to_vec(), "ref.csv", &LoadOptions::default()).unwrap();
//! assert_eq!(p.entries[1], ("RU-SA".to_string(), "2".to_string()));
//! ```

use std::collections::HashMap;
use std::path::Path;

use super::LoadOptions;
use crate::error::{Error, Problem, Problems, Result};

/// A partition as read: each node once, with its community label, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partition {
    /// The file's name, as problems name it.
    pub file: String,
    /// `(node, community)` pairs.
    pub entries: Vec<(String, String)>,
}

/// Reads the partition at `path` (named as given in problems).
///
/// # Errors
///
/// [`Error::Invalid`] listing every bad line (the file missing or unreadable
/// included); [`Error::Io`] for another failure to read it.
pub fn read(path: &Path, options: &LoadOptions) -> Result<Partition> {
    let file = path.display().to_string();
    from_bytes(super::read_file(path, &file)?, &file, options)
}

/// Reads a partition from bytes; `file` names it in problems.
///
/// # Errors
///
/// As [`read`].
pub fn from_bytes(raw: Vec<u8>, file: &str, options: &LoadOptions) -> Result<Partition> {
    let text = super::encoding::decode(raw, file, options.encoding)?.text;
    let mut problems = Problems::new();
    let mut entries: Vec<(String, String)> = Vec::new();
    let mut first: HashMap<String, (usize, u64)> = HashMap::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i as u64 + 1;
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let fields: Vec<&str> = if line.contains(',') {
            line.split(',').map(str::trim).collect()
        } else {
            line.split_whitespace().collect()
        };
        if line_no == 1
            && fields
                .first()
                .is_some_and(|f| f.eq_ignore_ascii_case("node"))
        {
            continue;
        }
        if fields.len() != 2 || fields.iter().any(|f| f.is_empty()) {
            let shown: String = line.chars().take(80).collect();
            problems.push(Problem {
                value: Some(shown),
                ..Problem::line(file, line_no, "expected two fields: node,community")
            });
            continue;
        }
        let (node, community) = (fields[0], fields[1]);
        match first.get(node) {
            Some(&(k, _)) if entries[k].1 == community => {}
            Some(&(_, at)) => problems.push(Problem::field(
                file,
                line_no,
                "node",
                node,
                format!("is given twice with different communities (first on line {at})"),
            )),
            None => {
                first.insert(node.to_string(), (entries.len(), line_no));
                entries.push((node.to_string(), community.to_string()));
            }
        }
    }
    problems.into_result()?;
    if entries.is_empty() {
        return Err(Error::invalid(Problem::file(
            file,
            "has no node (expected lines node,community)",
        )));
    }
    Ok(Partition {
        file: file.to_string(),
        entries,
    })
}
