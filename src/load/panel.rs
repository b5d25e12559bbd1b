//! Reading a long panel table `region,sector,year,value` into a
//! [`Panel`](crate::model::Panel).
//!
//! ```text
//! region,sector,year,value
//! RU-SA,B,2019,644
//! RU-SA,B,2022,784
//! ```
//!
//! - Columns are found by name (any case, any order; others are ignored).
//!   `value` is any size measure: employees, organisations, output.
//! - Read by [`Table`] (UTF-8 or Windows-1251, `,` `;` or tab; a decimal
//!   comma with `;`).
//! - Every bad row is reported with file, line, column, value and reason: an
//!   empty region or sector, a year that is not a whole number from 1800 to
//!   2200, a value that is empty, not a number, negative or not finite, a
//!   repeated `(region, sector, year)`.
//! - In a dataset folder the panel is the file named `*_by_year.csv`
//!   ([`find_panel`]), e.g. `organisations_by_year.csv`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::fields::parse_f64;
use super::table::{Encoding, Row, Table};
use crate::error::{Error, Problem, Problems, Result};
use crate::model::Panel;

/// The columns of a panel table.
pub const PANEL_COLUMNS: [&str; 4] = ["region", "sector", "year", "value"];

/// The suffix that marks a dataset folder's panel file.
pub const PANEL_SUFFIX: &str = "_by_year.csv";

/// Years outside this range are taken for typing slips.
pub const YEARS: std::ops::RangeInclusive<i32> = 1800..=2200;

/// A panel read from a file, with how it was read.
#[derive(Debug, Clone)]
pub struct PanelFile {
    /// The file as named in messages.
    pub file: String,
    /// The panel.
    pub panel: Panel,
    /// Data rows read.
    pub rows: usize,
    /// Detected encoding.
    pub encoding: Encoding,
    /// Detected delimiter.
    pub delimiter: u8,
    /// Rows whose `provenance` column (when the file has one) says `synthetic`.
    pub synthetic: usize,
}

impl PanelFile {
    /// What was read, in a sentence for a note: `read FILE: N rows, years
    /// 2019-2022 (4 years)`.
    pub fn summary(&self) -> String {
        format!(
            "read {}: {} rows, years {}",
            self.file,
            self.rows,
            years_span(self.panel.years())
        )
    }
}

/// Years as a span for a note: `2019-2022 (4 years)`, `2021`, or `none`.
pub fn years_span(years: &[i32]) -> String {
    match (years.first(), years.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}-{b} ({} years)", years.len()),
        (Some(a), _) => a.to_string(),
        _ => "none".to_string(),
    }
}

/// True for a provenance value that marks a row synthetic (`synthetic`, or
/// text starting with it).
pub(crate) fn is_synthetic(provenance: &str) -> bool {
    provenance
        .get(..9)
        .is_some_and(|p| p.eq_ignore_ascii_case("synthetic"))
}

/// Parses a year field: a whole number in [`YEARS`].
pub(crate) fn year(row: &Row<'_>, col: usize, ps: &mut Problems) -> Option<i32> {
    let s = row.get(col);
    match s.parse::<i32>() {
        Ok(y) if YEARS.contains(&y) => Some(y),
        Ok(_) => {
            ps.push(row.problem(
                col,
                format!(
                    "is outside {} to {}; a year is expected",
                    YEARS.start(),
                    YEARS.end()
                ),
            ));
            None
        }
        Err(_) => {
            let reason = if s.is_empty() {
                "is empty; a year (such as 2021) is required"
            } else {
                "is not a year (a whole number such as 2021)"
            };
            ps.push(row.problem(col, reason));
            None
        }
    }
}

/// A founding or closing date as `(year, month, day)`: a year alone (`2015`,
/// month and day 0), `YYYY-MM-DD` or `DD.MM.YYYY` (as Russian spreadsheets
/// write dates), the year in [`YEARS`] and the day one its month has.
pub(crate) fn date(s: &str) -> Option<(i32, u32, u32)> {
    let s = s.trim();
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let (y, m, d) = if digits(s) && s.len() == 4 {
        (s.parse().ok()?, 0, 0)
    } else {
        let parts: Vec<&str> = s.split(['-', '.']).collect();
        let [a, b, c] = parts[..] else { return None };
        if !(digits(a) && digits(b) && digits(c)) {
            return None;
        }
        match (a.len(), b.len(), c.len(), s.contains('-')) {
            (4, 2, 2, true) => (a.parse().ok()?, b.parse().ok()?, c.parse().ok()?),
            (2, 2, 4, false) => (c.parse().ok()?, b.parse().ok()?, a.parse().ok()?),
            _ => return None,
        }
    };
    if !YEARS.contains(&y) {
        return None;
    }
    if m == 0 {
        return Some((y, 0, 0));
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&d).then_some((y, m, d))
}

/// Parses a required finite number; `non_negative` rejects values below 0.
pub(crate) fn number(
    row: &Row<'_>,
    col: usize,
    decimal_comma: bool,
    non_negative: bool,
    ps: &mut Problems,
) -> Option<f64> {
    let s = row.get(col);
    let reason = match parse_f64(s, decimal_comma) {
        Some(v) if v.is_finite() && (v >= 0.0 || !non_negative) => return Some(v),
        Some(v) if v.is_finite() => "is negative; a size cannot be below 0",
        Some(_) => "is not a finite number",
        None if s.is_empty() => "is empty; a number is required",
        None => "is not a number",
    };
    ps.push(row.problem(col, reason));
    None
}

/// Reports a repeated key with the line where it first appeared.
pub(crate) fn repeated<K: std::hash::Hash + Eq>(
    seen: &mut HashMap<K, u64>,
    key: K,
    row: &Row<'_>,
    col: usize,
    what: impl FnOnce() -> String,
    ps: &mut Problems,
) -> bool {
    match seen.get(&key) {
        Some(&first) => {
            ps.push(row.problem(
                col,
                format!("repeats {} of line {first}; give each once", what()),
            ));
            true
        }
        None => {
            seen.insert(key, row.line);
            false
        }
    }
}

/// Reads a panel table (see the module docs).
///
/// # Errors
///
/// [`Error::Invalid`] listing every problem found; [`Error::Io`] when the
/// file cannot be read.
pub fn read_panel(path: &Path) -> Result<PanelFile> {
    let name = path.display().to_string();
    let table = Table::read(path, &name)?;
    read_panel_table(&table)
}

/// Reads a panel from a table already read.
///
/// # Errors
///
/// As [`read_panel`].
pub fn read_panel_table(table: &Table) -> Result<PanelFile> {
    read_panel_checked(table, |_, _, _| {})
}

/// Reads a panel from a table, with `check` called on every row that is
/// otherwise well formed, with its region and sector columns, to add
/// problems of its own (a dataset checks that the regions are its own).
///
/// # Errors
///
/// As [`read_panel`].
pub(crate) fn read_panel_checked(
    table: &Table,
    mut check: impl FnMut(&Row<'_>, [usize; 2], &mut Problems),
) -> Result<PanelFile> {
    let mut problems = Problems::new();
    let cols: Vec<usize> = PANEL_COLUMNS
        .iter()
        .map(|c| table.require(c, &mut problems))
        .collect();
    problems.into_result()?;
    let (cr, cs, cy, cv) = (cols[0], cols[1], cols[2], cols[3]);
    let comma = table.delimiter == b';';
    let mut records: Vec<(String, String, i32, f64)> = Vec::new();
    let mut seen: HashMap<(String, String, i32), u64> = HashMap::new();
    let mut rows = 0;
    let provenance = table.column("provenance");
    let mut synthetic = 0;
    let mut problems = table.for_each_row(|row, ps| {
        rows += 1;
        synthetic += usize::from(is_synthetic(row.opt(provenance)));
        let region = super::fields::required(row, cr, ps);
        let sector = super::fields::required(row, cs, ps);
        let year = year(row, cy, ps);
        let value = number(row, cv, comma, true, ps);
        if let (Some(r), Some(s), Some(y), Some(v)) = (region, sector, year, value) {
            let before = ps.len();
            check(row, [cr, cs], ps);
            if ps.len() > before {
                return;
            }
            let key = (r.to_string(), s.to_string(), y);
            if !repeated(&mut seen, key, row, cs, || format!("({r}, {s}, {y})"), ps) {
                records.push((r.to_string(), s.to_string(), y, v));
            }
        }
    });
    if problems.is_empty() && records.is_empty() {
        problems.push(Problem::file(&table.file, "has a header but no data rows"));
    }
    problems.into_result()?;
    Ok(PanelFile {
        file: table.file.clone(),
        panel: Panel::from_records(records)?,
        rows,
        encoding: table.encoding,
        delimiter: table.delimiter,
        synthetic,
    })
}

/// The panel file of a dataset folder: the one file named `*_by_year.csv`.
///
/// # Errors
///
/// [`Error::Invalid`] when the folder has none, or several (name one).
pub fn find_panel(dir: &Path) -> Result<PathBuf> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.ends_with(PANEL_SUFFIX))
        })
        .collect();
    found.sort();
    let folder = dir.display().to_string();
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(Error::invalid(Problem::file(
            folder,
            format!(
                "has no panel file: a file NAME{PANEL_SUFFIX} with columns {} (see docs/dataset-format.md)",
                PANEL_COLUMNS.join(",")
            ),
        ))),
        _ => Err(Error::invalid(Problem::file(
            folder,
            format!(
                "has {} panel files ({}); name one with --panel",
                found.len(),
                found
                    .iter()
                    .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<PanelFile> {
        read_panel_table(&Table::from_bytes(text.as_bytes().to_vec(), "p.csv")?)
    }

    #[test]
    fn reads_a_panel_and_sums_nothing() {
        let p = read("region;sector;year;value\nA;x;2019;1,5\nA;x;2020;2\nB;y;2019;3\n").unwrap();
        assert_eq!(p.panel.years(), &[2019, 2020]);
        assert_eq!(p.panel.matrix(2019).unwrap().value("A", "x"), 1.5);
        assert_eq!(p.panel.matrix(2020).unwrap().value("B", "y"), 0.0);
        assert_eq!(p.rows, 3);
    }

    #[test]
    fn locates_every_problem() {
        let err =
            read("region,sector,year,value\nA,x,2019,1\nA,x,2019,2\n,y,20x9,-1\nB,y,3000,NaN\n")
                .unwrap_err()
                .to_string();
        for want in [
            r#"p.csv:3: column "sector": "x" repeats (A, x, 2019) of line 2"#,
            r#"p.csv:4: column "region": "" is empty"#,
            r#"p.csv:4: column "year": "20x9" is not a year"#,
            r#"p.csv:4: column "value": "-1" is negative"#,
            r#"p.csv:5: column "year": "3000" is outside 1800 to 2200"#,
            r#"p.csv:5: column "value": "NaN" is not a finite number"#,
        ] {
            assert!(err.contains(want), "{want}\n{err}");
        }
        let err = read("region,sector,value\nA,x,1\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains(r#"missing column "year""#), "{err}");
    }

    #[test]
    fn dates_are_years_or_days() {
        assert_eq!(date("2015"), Some((2015, 0, 0)));
        assert_eq!(date("2015-06-30"), Some((2015, 6, 30)));
        assert_eq!(date("30.06.2015"), Some((2015, 6, 30)));
        assert_eq!(date("2024-02-29"), Some((2024, 2, 29)));
        for bad in [
            "2023-02-29",
            "2015-13-01",
            "2015-6-30",
            "15",
            "1066",
            "x",
            "",
            "2015-06-30T00",
        ] {
            assert_eq!(date(bad), None, "{bad}");
        }
    }
}
