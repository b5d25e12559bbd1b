//! Reading a long `region,sector,value` table into a
//! [`RegionSectorMatrix`] (see [`crate::model::matrix`]).
//!
//! One row per (region, sector) pair, columns in any order and found by name
//! (case-insensitive), other columns ignored; `,`, `;` or tab delimited,
//! with a decimal comma in a file delimited by `;`; any encoding
//! [`super::encoding`] detects. Every bad row is reported with its line: an
//! empty label, a value that is not a finite number of zero or more, a row
//! with more or fewer fields than the header, and (with
//! [`Duplicates::Reject`]) a repeated pair.
//!
//! ```
//! use coopnet::economics::Duplicates;
//! use coopnet::load::{LoadOptions, long_table};
//! let text = "region;sector;value\nA;01;1,5\nB;01;2\n";
//! let m = long_table::from_bytes(text.as_bytes().to_vec(), "t.csv", Duplicates::Reject, &LoadOptions::default()).unwrap();
//! assert_eq!(m.value("A", "01"), 1.5);
//! ```

use std::collections::HashMap;
use std::path::Path;

use super::LoadOptions;
use super::fields;
use super::sheet::{not_blank, require_columns};
use super::table::Table;
use crate::error::{Error, Problem, Result};
use crate::model::{Duplicates, RegionSectorMatrix};

/// Reads the long table at `path` (named by its file name in problems).
///
/// # Errors
///
/// [`Error::Invalid`] listing every problem (the file missing or unreadable
/// included); [`Error::Io`] for another failure to read it.
pub fn read(
    path: &Path,
    duplicates: Duplicates,
    options: &LoadOptions,
) -> Result<RegionSectorMatrix> {
    let file = super::display_name(path);
    from_bytes(super::read_file(path, &file)?, &file, duplicates, options)
}

/// Reads a long table from bytes; `file` names it in problems.
///
/// # Errors
///
/// As [`read`].
pub fn from_bytes(
    raw: Vec<u8>,
    file: &str,
    duplicates: Duplicates,
    options: &LoadOptions,
) -> Result<RegionSectorMatrix> {
    not_blank(&raw, file, "a header region,sector,value")?;
    let t = Table::from_bytes_with(raw, file, options)?;
    let [ci, cs, cv] = require_columns(file, &t.headers, &["region", "sector", "value"])?[..]
    else {
        return Err(Error::invalid(Problem::line(
            file,
            1,
            "missing columns in the header",
        )));
    };
    let decimal_comma = t.delimiter == b';';
    let mut cells = Vec::new();
    let mut problems = t.for_each_row(|row, ps| {
        let (r, s, v) = (row.get(ci), row.get(cs), row.get(cv));
        let before = ps.len();
        for (col, value) in [(ci, r), (cs, s)] {
            if value.is_empty() {
                ps.push(row.problem(col, "is empty"));
            }
        }
        let value = fields::number(v, decimal_comma, true)
            .map_err(|reason| ps.push(row.problem(cv, reason)))
            .unwrap_or(0.0);
        if ps.len() == before {
            cells.push((r.to_string(), s.to_string(), value, row.line));
        }
    });
    if problems.is_empty() && cells.is_empty() {
        problems.push(Problem::file(file, "has a header but no data rows"));
    }
    // duplicates are checked on the good rows, so they are reported with the rest
    if duplicates == Duplicates::Reject {
        let mut first: HashMap<(&str, &str), u64> = HashMap::new();
        for (r, s, _, line) in &cells {
            let prev = *first.entry((r.as_str(), s.as_str())).or_insert(*line);
            if prev != *line {
                problems.push(Problem::field(
                    file,
                    *line,
                    &t.headers[cs],
                    s.as_str(),
                    format!("repeats the pair ({r}, {s}) of line {prev}; give each region and sector once"),
                ));
            }
        }
    }
    problems.into_result()?;
    let total: f64 = cells.iter().map(|c| c.2).sum();
    if !total.is_finite() || total > fields::MAX_WEIGHT_TOTAL {
        return Err(Error::invalid(Problem {
            column: Some(t.headers[cv].clone()),
            ..Problem::file(
                file,
                format!(
                    "the values add up to more than {:e}, too large to compute with; divide every value by the same number",
                    fields::MAX_WEIGHT_TOTAL
                ),
            )
        }));
    }
    RegionSectorMatrix::assemble(cells, Duplicates::Sum, file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Problem;
    use crate::model::RegionSectorMatrix;

    fn read(text: &str, d: Duplicates) -> Result<RegionSectorMatrix> {
        from_bytes(
            text.as_bytes().to_vec(),
            "table.csv",
            d,
            &LoadOptions::default(),
        )
    }

    #[test]
    fn reads_a_long_table_in_any_order() {
        let m = read(
            "sector,value,region\n32.12,5,RU-KOS\n08.99,7,RU-SA\n32.12,1.5,RU-SA\n",
            Duplicates::Reject,
        )
        .unwrap();
        assert_eq!(m.regions(), ["RU-KOS", "RU-SA"]);
        assert_eq!(m.sectors(), ["08.99", "32.12"]);
        assert_eq!(m.value("RU-SA", "32.12"), 1.5);
        assert_eq!(m.value("RU-KOS", "08.99"), 0.0);
    }

    #[test]
    fn semicolons_and_decimal_commas() {
        let m = read(
            "region;sector;value\nA;01;1,5\nB;01;2\n",
            Duplicates::Reject,
        )
        .unwrap();
        assert_eq!(m.value("A", "01"), 1.5);
    }

    #[test]
    fn every_bad_row_is_located() {
        let err = read(
            "region,sector,value\nA,01,x\nA,02,-1\n,03,1\nB,04,NaN\nB,05,\nC,06,inf\n",
            Duplicates::Reject,
        )
        .unwrap_err();
        let ps = err.problems();
        assert_eq!(ps.len(), 6, "{err}");
        assert_eq!(
            ps[0],
            Problem::field("table.csv", 2, "value", "x", "is not a number")
        );
        assert_eq!(ps[1].line, Some(3));
        assert!(ps[1].reason.contains("negative"));
        assert_eq!(ps[2].column.as_deref(), Some("region"));
        assert_eq!(ps[3].reason, "is not a finite number");
        assert_eq!(ps[4].line, Some(6));
        assert_eq!(ps[5].value.as_deref(), Some("inf"));
    }

    #[test]
    fn duplicates_rejected_or_summed() {
        let t = "region,sector,value\nA,01,1\nA,01,2\n";
        let err = read(t, Duplicates::Reject).unwrap_err();
        assert_eq!(err.problems().len(), 1);
        assert_eq!(err.problems()[0].line, Some(3));
        assert!(err.problems()[0].reason.contains("line 2"), "{err}");
        assert_eq!(read(t, Duplicates::Sum).unwrap().value("A", "01"), 3.0);
    }

    #[test]
    fn empty_and_headless_files() {
        let e = read("", Duplicates::Reject).unwrap_err();
        assert!(e.problems()[0].reason.contains("empty"));
        let e = read("region,sector,value\n", Duplicates::Reject).unwrap_err();
        assert!(e.problems()[0].reason.contains("no data rows"));
        let e = read("region,code,amount\nA,01,1\n", Duplicates::Reject).unwrap_err();
        assert_eq!(e.problems().len(), 2);
        assert_eq!(e.problems()[0].column.as_deref(), Some("sector"));
        assert_eq!(e.problems()[0].line, Some(1));
    }
}
