//! A small CSV file read whole into rows of fields, for the readers of
//! matrices, long tables and value chains (files of kilobytes, where
//! random access to rows is simpler than streaming them): the same
//! decoding, delimiter detection, ragged-row and header checks as every
//! [`Table`], and numbers read with [`fields`] hints.

use std::path::Path;

use super::LoadOptions;
use super::fields;
use super::table::Table;
use crate::error::{Error, Problem, Problems, Result};

/// A decoded CSV file: trimmed headers and rows of trimmed fields with their lines.
#[derive(Debug, Clone)]
pub(crate) struct Sheet {
    pub(crate) file: String,
    /// True when a decimal comma is read (the file is delimited by `;`).
    pub(crate) decimal_comma: bool,
    pub(crate) headers: Vec<String>,
    pub(crate) rows: Vec<(u64, Vec<String>)>,
}

impl Sheet {
    /// Reads `path`, named `file` in problems (see [`Sheet::from_bytes`]).
    pub(crate) fn read(
        path: &Path,
        options: &LoadOptions,
        expected: &str,
        blank_corner: bool,
    ) -> Result<Sheet> {
        let file = super::display_name(path);
        let raw = super::read_file(path, &file)?;
        Sheet::from_bytes(raw, &file, options, expected, blank_corner)
    }

    /// Decodes and splits a file: an empty file is an error saying that
    /// `expected` was expected; rows whose number of fields differs from the
    /// header's are errors; `blank_corner` accepts an empty first header.
    pub(crate) fn from_bytes(
        raw: Vec<u8>,
        file: &str,
        options: &LoadOptions,
        expected: &str,
        blank_corner: bool,
    ) -> Result<Sheet> {
        not_blank(&raw, file, expected)?;
        let table = Table::parse(raw, file, options, blank_corner)?;
        let mut rows = Vec::new();
        let problems = table.for_each_row(|row, _| {
            rows.push((
                row.line,
                (0..row.len()).map(|i| row.get(i).to_string()).collect(),
            ));
        });
        problems.into_result()?;
        if rows.is_empty() {
            return Err(Error::invalid(Problem::file(
                file,
                "has a header but no data rows",
            )));
        }
        Ok(Sheet {
            file: file.to_string(),
            decimal_comma: table.delimiter == b';',
            headers: table.headers,
            rows,
        })
    }

    /// The indexes of `names`, or every missing one as a problem on line 1.
    pub(crate) fn require(&self, names: &[&str]) -> Result<Vec<usize>> {
        require_columns(&self.file, &self.headers, names)
    }

    /// The field at `col` of a row (empty when short).
    pub(crate) fn cell<'a>(&self, row: &'a [String], col: usize) -> &'a str {
        row.get(col).map_or("", String::as_str)
    }

    /// A problem about the field at `col` of the row on `line`.
    pub(crate) fn problem(
        &self,
        line: u64,
        col: usize,
        value: &str,
        reason: impl Into<String>,
    ) -> Problem {
        let column = self.headers.get(col).map_or("", String::as_str);
        Problem::field(&self.file, line, column, value, reason)
    }

    /// Parses cell `(row, col)` as a finite number (`non_negative` also
    /// rejects negative ones); a problem and 0 when it is not one.
    pub(crate) fn number(
        &self,
        problems: &mut Problems,
        line: u64,
        row: &[String],
        col: usize,
        non_negative: bool,
    ) -> f64 {
        let raw = self.cell(row, col);
        match fields::number(raw, self.decimal_comma, non_negative) {
            Ok(v) => v,
            Err(reason) => {
                problems.push(self.problem(line, col, raw, reason));
                0.0
            }
        }
    }

    /// The sum of a row over `cols`; a problem when it is not finite.
    pub(crate) fn row_sum(
        &self,
        problems: &mut Problems,
        line: u64,
        row: &[String],
        cols: &[usize],
    ) -> f64 {
        let sum: f64 = cols
            .iter()
            .map(|&c| self.number(problems, line, row, c, false))
            .sum();
        if !sum.is_finite() {
            problems.push(Problem::line(
                &self.file,
                line,
                "the row adds up to more than 1.8e308; divide every value by the same number",
            ));
        }
        sum
    }
}

/// An error when `raw` holds nothing but white space, saying that `expected` was expected.
pub(crate) fn not_blank(raw: &[u8], file: &str, expected: &str) -> Result<()> {
    if raw.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::invalid(Problem::file(
            file,
            format!("is empty; expected {expected}"),
        )));
    }
    Ok(())
}

/// The indexes of the columns `names` in `headers` (case-insensitive), or
/// every missing one as a problem on line 1 of `file`, with the column named.
pub(crate) fn require_columns(
    file: &str,
    headers: &[String],
    names: &[&str],
) -> Result<Vec<usize>> {
    let mut problems = Problems::new();
    let cols: Vec<usize> = names
        .iter()
        .filter_map(|name| {
            let c = headers.iter().position(|h| h.eq_ignore_ascii_case(name));
            if c.is_none() {
                problems.push(Problem {
                    column: Some(name.to_string()),
                    ..Problem::line(
                        file,
                        1,
                        format!(
                            "missing column {name:?} in the header (found: {})",
                            headers.join(", ")
                        ),
                    )
                });
            }
            c
        })
        .collect();
    problems.into_result()?;
    Ok(cols)
}

/// An error of a table's constructor (sizes, repeats, non-finite values)
/// as a problem of the file it was read from.
pub(crate) fn in_file(e: Error, file: &str) -> Error {
    match e {
        Error::Parameter { reason, .. } => Error::invalid(Problem::file(file, reason)),
        other => other,
    }
}
