//! Reading a user's distances between regions, `distances.csv`: one row per
//! pair of regions, `from,to,distance` (the first two columns may also be
//! named `region_a,region_b`; the columns in any order, case-insensitive),
//! `,`, `;` or tab delimited, a decimal comma in a file delimited by `;`,
//! any encoding [`super::encoding`] detects. The distance column's name
//! gives its unit: `distance`, `km` or `distance_km` for kilometres,
//! `minutes` or `travel_minutes` for travel time in minutes, `hours` or
//! `travel_hours` for hours. Distances are symmetric: a pair may be given in
//! one direction or in both with the same value. Every bad row is reported
//! with its line, column and value: an unknown region (with a suggestion), a
//! region paired with itself, a distance that is not a number >= 0, a pair
//! given twice with different values.
//!
//! ```
//! use coopnet::load::{LoadOptions, distances};
//! let text = "from,to,km\nRU-SA,RU-KOS,180\n";
//! let known = ["RU-KOS", "RU-SA"];
//! let t = distances::from_bytes(text.as_bytes().to_vec(), "distances.csv", &LoadOptions::default(), &known).unwrap();
//! assert_eq!(t.get("RU-KOS", "RU-SA"), Some(180.0));
//! assert_eq!(t.unit, "km");
//! ```

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::LoadOptions;
use super::fields;
use super::sheet::not_blank;
use super::table::Table;
use crate::error::{Error, Problem, Result};

/// The file name looked for in a dataset folder.
pub const FILE: &str = "distances.csv";

/// A user's distances between regions.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DistanceTable {
    /// Where they came from (the file's name).
    pub file: String,
    /// `km`, `min` or `h`, from the distance column's name.
    pub unit: &'static str,
    pairs: HashMap<(String, String), f64>,
}

impl DistanceTable {
    /// The distance between `a` and `b` (either order), when the table has it.
    pub fn get(&self, a: &str, b: &str) -> Option<f64> {
        let key = if a <= b {
            (a.to_string(), b.to_string())
        } else {
            (b.to_string(), a.to_string())
        };
        self.pairs.get(&key).copied()
    }

    /// Number of region pairs.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// True when it has no pairs.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// Whether its distances are kilometres (and so comparable with
    /// great-circle distances).
    pub fn is_km(&self) -> bool {
        self.unit == "km"
    }
}

/// Column names of the distance and their unit.
const UNITS: &[(&str, &str)] = &[
    ("distance", "km"),
    ("km", "km"),
    ("distance_km", "km"),
    ("minutes", "min"),
    ("travel_minutes", "min"),
    ("hours", "h"),
    ("travel_hours", "h"),
];

/// Reads the distances at `path` (named by its file name in problems);
/// `regions` are the dataset's region ids.
///
/// # Errors
///
/// [`Error::Invalid`] listing every problem (the file missing or unreadable
/// included); [`Error::Io`] for another failure to read it.
pub fn read(path: &Path, options: &LoadOptions, regions: &[&str]) -> Result<DistanceTable> {
    let file = super::display_name(path);
    from_bytes(super::read_file(path, &file)?, &file, options, regions)
}

/// Reads distances from bytes; `file` names it in problems.
///
/// # Errors
///
/// As [`read`].
pub fn from_bytes(
    raw: Vec<u8>,
    file: &str,
    options: &LoadOptions,
    regions: &[&str],
) -> Result<DistanceTable> {
    not_blank(&raw, file, "a header from,to,distance")?;
    let t = Table::from_bytes_with(raw, file, options)?;
    let find = |names: &[&str]| {
        t.headers
            .iter()
            .position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
    };
    let from = find(&["from", "region_a"]);
    let to = find(&["to", "region_b"]);
    let dist = t.headers.iter().enumerate().find_map(|(i, h)| {
        UNITS
            .iter()
            .find(|(n, _)| h.eq_ignore_ascii_case(n))
            .map(|&(_, u)| (i, u))
    });
    let (Some(cf), Some(ct), Some((cd, unit))) = (from, to, dist) else {
        let mut missing = Vec::new();
        if from.is_none() {
            missing.push("from (or region_a)");
        }
        if to.is_none() {
            missing.push("to (or region_b)");
        }
        if dist.is_none() {
            missing.push("distance (km, minutes or hours)");
        }
        return Err(Error::invalid(Problem::line(
            file,
            1,
            format!(
                "missing column {} in the header {:?}; expected from,to,distance",
                missing.join(", "),
                t.headers.join(",")
            ),
        )));
    };
    let known: HashSet<&str> = regions.iter().copied().collect();
    let decimal_comma = t.delimiter == b';';
    let mut pairs: HashMap<(String, String), (f64, u64)> = HashMap::new();
    let mut problems = t.for_each_row(|row, ps| {
        let mut ok = true;
        for c in [cf, ct] {
            let id = row.get(c);
            if id.is_empty() {
                ps.push(row.problem(c, "is empty; a region id is required"));
                ok = false;
            } else if !known.contains(id) {
                ps.push(row.problem(
                    c,
                    format!(
                        "is not a region of the dataset{}",
                        fields::did_you_mean(id, regions.iter().copied())
                    ),
                ));
                ok = false;
            }
        }
        let (a, b) = (row.get(cf), row.get(ct));
        if ok && a == b {
            ps.push(row.problem(ct, "pairs a region with itself"));
            ok = false;
        }
        let d = match fields::number(row.get(cd), decimal_comma, true) {
            Ok(d) => d,
            Err(reason) => {
                ps.push(row.problem(cd, reason));
                ok = false;
                0.0
            }
        };
        if !ok {
            return;
        }
        let key = if a <= b {
            (a.to_string(), b.to_string())
        } else {
            (b.to_string(), a.to_string())
        };
        match pairs.get(&key) {
            Some(&(prev, line)) if prev != d => ps.push(row.problem(
                cd,
                format!(
                    "differs from {prev} given for {a} and {b} on line {line}; distances are symmetric"
                ),
            )),
            Some(_) => {}
            None => {
                pairs.insert(key, (d, row.line));
            }
        }
    });
    if problems.is_empty() && pairs.is_empty() {
        problems.push(Problem::file(file, "has a header but no distances"));
    }
    problems.into_result()?;
    Ok(DistanceTable {
        file: file.to_string(),
        unit,
        pairs: pairs.into_iter().map(|(k, (d, _))| (k, d)).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: [&str; 3] = ["RU-KOS", "RU-SA", "RU-MOW"];

    fn read(text: &str) -> Result<DistanceTable> {
        from_bytes(
            text.as_bytes().to_vec(),
            "distances.csv",
            &LoadOptions::default(),
            &KNOWN,
        )
    }

    #[test]
    fn reads_both_directions_and_units() {
        let t = read("from;to;minutes\nRU-SA;RU-KOS;95,5\nRU-KOS;RU-SA;95,5\n").unwrap();
        assert_eq!(t.unit, "min");
        assert_eq!(t.len(), 1);
        assert_eq!(t.get("RU-SA", "RU-KOS"), Some(95.5));
        assert!(!t.is_km());
        let t = read("region_a,region_b,distance\nRU-MOW,RU-KOS,300\n").unwrap();
        assert!(t.is_km());
        assert_eq!(t.get("RU-KOS", "RU-MOW"), Some(300.0));
        assert_eq!(t.get("RU-KOS", "RU-SA"), None);
    }

    #[test]
    fn bad_rows_are_located() {
        let e =
            read("from,to,km\nRU-SA,RU-KOZ,1\nRU-SA,RU-SA,2\nRU-SA,RU-MOW,-3\nRU-SA,RU-MOW,x\n")
                .unwrap_err()
                .to_string();
        assert!(e.contains("distances.csv"), "{e}");
        assert!(
            e.contains("distances.csv:2") && e.contains("RU-KOZ") && e.contains("RU-KOS"),
            "{e}"
        );
        assert!(e.contains("distances.csv:3") && e.contains("itself"), "{e}");
        assert!(
            e.contains("distances.csv:4") && e.contains("negative"),
            "{e}"
        );
        assert!(e.contains("distances.csv:5"), "{e}");
        let e = read("from,to,km\nRU-SA,RU-KOS,1\nRU-KOS,RU-SA,2\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("distances.csv:3") && e.contains("symmetric"),
            "{e}"
        );
        let e = read("from,to,miles\nRU-SA,RU-KOS,1\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("distances.csv:1") && e.contains("distance"),
            "{e}"
        );
        assert!(read("from,to,km\n").is_err());
        assert!(read("").is_err());
    }
}
