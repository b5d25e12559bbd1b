//! The one error type of the library.
//!
//! Problems with user input are collected as [`Problem`]s, each naming the file,
//! line, column (by header name), value and reason, and reported together as
//! [`Error::Invalid`], up to [`MAX_PROBLEMS`] of them and a count of the rest.
//! The binary maps [`Error::is_bad_input`] to exit code 2 and
//! [`Error::Internal`], a fault of coopnet itself, to exit code 70.

use std::fmt;
use std::path::{Path, PathBuf};

/// How many problems an [`Error::Invalid`] lists before it only counts the rest.
pub const MAX_PROBLEMS: usize = 50;

/// One problem found in a user's input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// File name as the user knows it (relative to the dataset, e.g. `clusters.csv`).
    pub file: String,
    /// 1-based line number in the file, when the problem belongs to a line.
    pub line: Option<u64>,
    /// Column header name, when the problem belongs to a field.
    pub column: Option<String>,
    /// The offending value as written, when there is one.
    pub value: Option<String>,
    /// Why it is wrong, in words a user can act on.
    pub reason: String,
}

impl Problem {
    /// A problem with a whole file (missing, empty, undecodable).
    pub fn file(file: impl Into<String>, reason: impl Into<String>) -> Self {
        Problem {
            file: file.into(),
            line: None,
            column: None,
            value: None,
            reason: reason.into(),
        }
    }

    /// A problem with one line of a file.
    pub fn line(file: impl Into<String>, line: u64, reason: impl Into<String>) -> Self {
        Problem {
            line: Some(line),
            ..Problem::file(file, reason)
        }
    }

    /// A problem with one field: file, line, column and value.
    pub fn field(
        file: impl Into<String>,
        line: u64,
        column: impl Into<String>,
        value: impl Into<String>,
        reason: impl Into<String>,
    ) -> Self {
        Problem {
            file: file.into(),
            line: Some(line),
            column: Some(column.into()),
            value: Some(value.into()),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for Problem {
    /// `clusters.csv:14: column "level": "advanced" is not one of initial, medium, high`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": ")?;
        if let Some(column) = &self.column {
            write!(f, "column {column:?}: ")?;
        }
        if let Some(value) = &self.value {
            write!(f, "{value:?} ")?;
        }
        write!(f, "{}", self.reason)
    }
}

/// Collects problems up to [`MAX_PROBLEMS`] and counts the rest.
#[derive(Debug, Default, Clone)]
pub struct Problems {
    list: Vec<Problem>,
    more: usize,
}

impl Problems {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Problems already listed, and a count of more beyond them.
    pub fn from_parts(list: Vec<Problem>, more: usize) -> Self {
        let mut ps = Problems::new();
        for p in list {
            ps.push(p);
        }
        ps.more += more;
        ps
    }

    /// Records a problem (kept if under the limit, otherwise counted).
    pub fn push(&mut self, p: Problem) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(p);
        } else {
            self.more += 1;
        }
    }

    /// Moves every problem of `other` into `self`.
    pub fn extend(&mut self, other: Problems) {
        for p in other.list {
            self.push(p);
        }
        self.more += other.more;
    }

    /// True when the list is full: further problems are only counted, so a
    /// caller may skip composing a costly reason.
    pub fn is_full(&self) -> bool {
        self.list.len() >= MAX_PROBLEMS
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty() && self.more == 0
    }

    /// Total number recorded, listed and counted.
    pub fn len(&self) -> usize {
        self.list.len() + self.more
    }

    /// The listed problems.
    pub fn list(&self) -> &[Problem] {
        &self.list
    }

    /// `Ok(())` when empty, otherwise [`Error::Invalid`] with everything recorded.
    pub fn into_result(self) -> Result<()> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid {
                problems: self.list,
                more: self.more,
            })
        }
    }
}

impl From<Problem> for Problems {
    fn from(p: Problem) -> Self {
        let mut ps = Problems::new();
        ps.push(p);
        ps
    }
}

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input has one or more problems; all found are listed.
    #[error("{}", format_invalid(problems, *more))]
    Invalid {
        /// The problems, in the order found.
        problems: Vec<Problem>,
        /// How many more were found beyond those listed.
        more: usize,
    },
    /// A parameter or option is out of range or inconsistent.
    #[error("invalid parameter {name}: {reason}")]
    Parameter {
        /// The parameter, as the user names it (`--resolution`, `resolution` in a manifest).
        name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// An external program (Graphviz) failed or is missing.
    #[error("{program}: {reason}")]
    External {
        /// The program's name.
        program: String,
        /// What happened.
        reason: String,
    },
    /// coopnet broke one of its own rules: a bug, not a problem with the
    /// input. The binary asks for a bug report and exits with code 70.
    #[error("internal error: {0}")]
    Internal(String),
}

fn format_invalid(problems: &[Problem], more: usize) -> String {
    let mut s = String::new();
    let total = problems.len() + more;
    s.push_str(&format!(
        "{total} problem{} in the input:",
        if total == 1 { "" } else { "s" }
    ));
    for p in problems {
        s.push_str("\n  ");
        s.push_str(&p.to_string());
    }
    if more > 0 {
        s.push_str(&format!("\n  ... and {more} more"));
    }
    s
}

impl Error {
    /// One problem as an error.
    pub fn invalid(p: Problem) -> Self {
        Error::Invalid {
            problems: vec![p],
            more: 0,
        }
    }

    /// A parameter error.
    pub fn parameter(name: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::Parameter {
            name: name.into(),
            reason: reason.into(),
        }
    }

    /// An internal error: what went wrong inside coopnet, in words a bug
    /// report can quote.
    pub fn internal(what: impl Into<String>) -> Self {
        Error::Internal(what.into())
    }

    /// An I/O error on `path`.
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.as_ref().to_path_buf(),
            source,
        }
    }

    /// True for errors caused by the user's input or options (exit code 2).
    pub fn is_bad_input(&self) -> bool {
        match self {
            Error::Invalid { .. } | Error::Parameter { .. } => true,
            Error::Io { source, .. } => matches!(
                source.kind(),
                std::io::ErrorKind::NotFound
                    | std::io::ErrorKind::InvalidData
                    | std::io::ErrorKind::IsADirectory
            ),
            Error::External { .. } | Error::Internal(_) => false,
        }
    }

    /// True for a fault of coopnet itself ([`Error::Internal`]).
    pub fn is_internal(&self) -> bool {
        matches!(self, Error::Internal(_))
    }

    /// The problems, when this is [`Error::Invalid`].
    pub fn problems(&self) -> &[Problem] {
        match self {
            Error::Invalid { problems, .. } => problems,
            _ => &[],
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problem_formats_like_the_docs() {
        let p = Problem::field(
            "clusters.csv",
            14,
            "level",
            "advanced",
            "is not one of initial, medium, high",
        );
        assert_eq!(
            p.to_string(),
            r#"clusters.csv:14: column "level": "advanced" is not one of initial, medium, high"#
        );
        assert_eq!(
            Problem::file("links.csv", "is empty").to_string(),
            "links.csv: is empty"
        );
    }

    #[test]
    fn problems_are_capped_and_counted() {
        let mut ps = Problems::new();
        for i in 0..(MAX_PROBLEMS + 7) {
            ps.push(Problem::line("a.csv", i as u64 + 2, "bad"));
        }
        assert_eq!(ps.len(), MAX_PROBLEMS + 7);
        let err = ps.into_result().unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with(&format!("{} problems in the input:", MAX_PROBLEMS + 7)));
        assert!(text.ends_with("... and 7 more"));
        assert!(err.is_bad_input());
    }

    #[test]
    fn internal_errors_are_not_bad_input() {
        let e = Error::internal("a graph of 3 nodes has 2 offsets");
        assert_eq!(
            e.to_string(),
            "internal error: a graph of 3 nodes has 2 offsets"
        );
        assert!(e.is_internal() && !e.is_bad_input());
        assert!(!Error::parameter("--seed", "x").is_internal());
    }
}
