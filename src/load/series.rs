//! Reading a series file `entity,indicator,year,value` into a
//! [`SeriesSet`](crate::forecast::SeriesSet).
//!
//! ```text
//! entity,indicator,year,value,unit,provenance,source
//! Russia,cluster_employees,2019,1029,thousand,study,"the source study"
//! ```
//!
//! - Required: `entity` (a cluster, region, district, the country),
//!   `indicator`, `year`, `value` (any finite number: net profit may be
//!   negative). Optional: `unit` (one per series), `provenance` (`study`,
//!   `derived`, `synthetic`, ...: outputs built on a synthetic value say so)
//!   and `source` (shown under charts). Other columns are ignored.
//! - Every bad row is reported with file, line, column, value and reason; a
//!   repeated `(entity, indicator, year)` and a unit that changes within a
//!   series are errors.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::panel::{number, repeated, year};
use super::table::Table;
use crate::error::{Problem, Problems, Result};
use crate::forecast::{Observation, Series, SeriesSet};

/// The required columns of a series file.
pub const SERIES_COLUMNS: [&str; 4] = ["entity", "indicator", "year", "value"];

/// Reads a series file (see the module docs).
///
/// # Errors
///
/// [`crate::Error::Invalid`] listing every problem found; [`crate::Error::Io`]
/// when the file cannot be read.
pub fn read_series(path: &Path) -> Result<SeriesSet> {
    let name = path.display().to_string();
    read_series_table(&Table::read(path, &name)?)
}

/// Reads series from a table already read.
///
/// # Errors
///
/// As [`read_series`].
pub fn read_series_table(table: &Table) -> Result<SeriesSet> {
    let mut problems = Problems::new();
    let cols: Vec<usize> = SERIES_COLUMNS
        .iter()
        .map(|c| table.require(c, &mut problems))
        .collect();
    problems.into_result()?;
    let (ce, ci, cy, cv) = (cols[0], cols[1], cols[2], cols[3]);
    let (cu, cp, cs) = (
        table.column("unit"),
        table.column("provenance"),
        table.column("source"),
    );
    let comma = table.delimiter == b';';
    let mut series: BTreeMap<(String, String), Series> = BTreeMap::new();
    let mut units: HashMap<(String, String), (String, u64)> = HashMap::new();
    let mut seen: HashMap<(String, String, i32), u64> = HashMap::new();
    let mut problems = table.for_each_row(|row, ps| {
        let entity = super::fields::required(row, ce, ps);
        let indicator = super::fields::required(row, ci, ps);
        let y = year(row, cy, ps);
        let v = number(row, cv, comma, false, ps);
        let (Some(e), Some(i), Some(y), Some(v)) = (entity, indicator, y, v) else {
            return;
        };
        let key = (e.to_string(), i.to_string());
        if repeated(
            &mut seen,
            (e.to_string(), i.to_string(), y),
            row,
            cy,
            || format!("({e}, {i}, {y})"),
            ps,
        ) {
            return;
        }
        let unit = row.opt(cu);
        if let Some(c) = cu {
            match units.get(&key) {
                Some((u, line)) if u != unit => ps.push(row.problem(
                    c,
                    format!("differs from the unit {u:?} of line {line} for the same series"),
                )),
                Some(_) => {}
                None => {
                    units.insert(key.clone(), (unit.to_string(), row.line));
                }
            }
        }
        let s = series.entry(key).or_insert_with(|| Series {
            entity: e.to_string(),
            indicator: i.to_string(),
            unit: (!unit.is_empty()).then(|| unit.to_string()),
            sources: Vec::new(),
            provenance: Vec::new(),
            points: Vec::new(),
        });
        for (list, text) in [
            (&mut s.sources, row.opt(cs)),
            (&mut s.provenance, row.opt(cp)),
        ] {
            if !text.is_empty() && !list.iter().any(|t| t == text) {
                list.push(text.to_string());
            }
        }
        s.points.push(Observation { year: y, value: v });
    });
    if problems.is_empty() && series.is_empty() {
        problems.push(Problem::file(&table.file, "has a header but no data rows"));
    }
    problems.into_result()?;
    let mut list: Vec<Series> = series.into_values().collect();
    for s in &mut list {
        s.points.sort_by_key(|o| o.year);
    }
    Ok(SeriesSet {
        file: table.file.clone(),
        series: list,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<SeriesSet> {
        read_series_table(&Table::from_bytes(text.as_bytes().to_vec(), "s.csv")?)
    }

    #[test]
    fn reads_series_sorted_with_their_metadata() {
        let set = read(
            "entity,indicator,year,value,unit,provenance,source\n\
             X,profit,2018,-5,th,study,report\nX,profit,2017,3,th,synthetic,report\nA,n,2020,1,,,\n",
        )
        .unwrap();
        assert_eq!(set.series.len(), 2);
        let s = set.select(Some("x"), None).unwrap();
        assert_eq!(
            s.points[0],
            Observation {
                year: 2017,
                value: 3.0
            }
        );
        assert_eq!(s.value(2018), Some(-5.0));
        assert!(s.is_synthetic());
        assert_eq!(s.sources, vec!["report"]);
        assert!(set.select(None, None).is_err());
    }

    #[test]
    fn locates_repeats_and_changing_units() {
        let err = read("entity,indicator,year,value,unit\nX,p,2017,1,th\nX,p,2017,2,th\nX,p,2018,x,th\nX,p,2019,2,mln\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(r#"s.csv:3: column "year": "2017" repeats (X, p, 2017) of line 2"#),
            "{err}"
        );
        assert!(
            err.contains(r#"s.csv:4: column "value": "x" is not a number"#),
            "{err}"
        );
        assert!(
            err.contains(r#"s.csv:5: column "unit": "mln" differs from the unit "th" of line 2"#),
            "{err}"
        );
    }
}
