//! OKVED2 / NACE Rev.2 sector codes: their levels and aggregation to a coarser
//! level.
//!
//! OKVED2 (OK 029-2014) is Russia's NACE Rev.2: the same sections, divisions,
//! groups and classes, with two finer levels of its own.
//!
//! | level | form | example | OKVED2 name |
//! |---|---|---|---|
//! | [`SectorLevel::Section`] | a letter | `C` | раздел |
//! | [`SectorLevel::Division`] | `NN` | `32` | класс |
//! | [`SectorLevel::Group`] | `NN.N` | `32.1` | подкласс |
//! | [`SectorLevel::Class`] | `NN.NN` | `32.12` | группа |
//! | [`SectorLevel::Subclass`] | `NN.NN.N` | `08.99.3` | подгруппа |
//! | [`SectorLevel::Type`] | `NN.NN.NN` | `08.99.32` | вид |
//!
//! Aggregating a code to a coarser level truncates it (`32.12` -> `32.1` ->
//! `32`); the section of a division comes from a [`SectionMap`], by default the
//! embedded OKVED2 / NACE Rev.2 table ([`SectionMap::okved2`]).
//!
//! ```
//! use coopnet::economics::{SectionMap, SectorLevel};
//! use coopnet::economics::codes::aggregate_code;
//! let sections = SectionMap::okved2();
//! assert_eq!(SectorLevel::of("08.99.32"), Some(SectorLevel::Type));
//! assert_eq!(aggregate_code("32.12", SectorLevel::Division, &sections).unwrap(), "32");
//! assert_eq!(aggregate_code("32.12", SectorLevel::Section, &sections).unwrap(), "C");
//! assert!(aggregate_code("32", SectorLevel::Class, &sections).is_err()); // coarser than asked
//! ```

use std::collections::BTreeMap;

pub use crate::model::SectorLevel;

/// Length of a numeric code at `level` (1 for a section letter).
fn code_len(level: SectorLevel) -> usize {
    match level {
        SectorLevel::Section => 1,
        SectorLevel::Division => 2,
        SectorLevel::Group => 4,
        SectorLevel::Class => 5,
        SectorLevel::Subclass => 7,
        SectorLevel::Type => 8,
    }
}

/// Which section each division belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionMap {
    by_division: BTreeMap<String, char>,
}

impl SectionMap {
    /// The embedded OKVED2 / NACE Rev.2 table
    /// (`datasets/classifications/okved2_sections_divisions.csv`, the one
    /// datasets are read with): 88 divisions in 21 sections (the two
    /// classifications share them).
    pub fn okved2() -> Self {
        let table = crate::model::SectorTable::open();
        let by_division = table
            .division_sections()
            .filter_map(|(d, s)| Some((d.to_string(), s.chars().next()?)))
            .collect();
        SectionMap { by_division }
    }

    /// A map from `(division, section)` pairs, for another classification.
    pub fn from_pairs<I, D>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (D, char)>,
        D: Into<String>,
    {
        SectionMap {
            by_division: pairs.into_iter().map(|(d, s)| (d.into(), s)).collect(),
        }
    }

    /// The section of a division (`"32"` -> `'C'`), `None` when unknown.
    pub fn section_of(&self, division: &str) -> Option<char> {
        self.by_division.get(division).copied()
    }

    /// True when `division` is in the map.
    pub fn contains_division(&self, division: &str) -> bool {
        self.by_division.contains_key(division)
    }

    /// All divisions, in code order.
    pub fn divisions(&self) -> impl Iterator<Item = &str> {
        self.by_division.keys().map(String::as_str)
    }

    /// Number of divisions.
    pub fn len(&self) -> usize {
        self.by_division.len()
    }

    /// True when the map has no divisions.
    pub fn is_empty(&self) -> bool {
        self.by_division.is_empty()
    }
}

impl Default for SectionMap {
    fn default() -> Self {
        SectionMap::okved2()
    }
}

/// The code of `code` at the coarser (or equal) `level`.
///
/// # Errors
///
/// The reason, in words, when `code` is not a well-formed code, is coarser than
/// `level`, or its division is not in `sections` (only checked when the section
/// is asked for).
pub fn aggregate_code(
    code: &str,
    level: SectorLevel,
    sections: &SectionMap,
) -> Result<String, String> {
    let code = code.trim();
    let own = SectorLevel::of(code).ok_or_else(|| {
        "is not an OKVED2 / NACE code (a section letter, NN, NN.N, NN.NN, NN.NN.N or NN.NN.NN)"
            .to_string()
    })?;
    if own < level {
        return Err(format!(
            "is a {} code, coarser than the {} level asked for",
            own.name(),
            level.name()
        ));
    }
    if own == level {
        return Ok(code.to_string());
    }
    if level == SectorLevel::Section {
        let division = &code[..2];
        return sections
            .section_of(division)
            .map(|s| s.to_string())
            .ok_or_else(|| format!("division {division} is not in the section table"));
    }
    Ok(code[..code_len(level)].to_string())
}

/// True when the sector `code` lies at or beneath `prefix` in the hierarchy:
/// `"32.12"` is beneath `"32"`, `"32.1"` and `"C"`, not beneath `"3"` or
/// `"32.13"`; a section letter covers the divisions `sections` puts in it.
pub fn is_beneath(code: &str, prefix: &str, sections: &SectionMap) -> bool {
    if code == prefix {
        return true;
    }
    match SectorLevel::of(prefix) {
        Some(level) => aggregate_code(code, level, sections).is_ok_and(|c| c == prefix),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_recognised() {
        assert_eq!(SectorLevel::of("C"), Some(SectorLevel::Section));
        assert_eq!(SectorLevel::of("08"), Some(SectorLevel::Division));
        assert_eq!(SectorLevel::of("08.9"), Some(SectorLevel::Group));
        assert_eq!(SectorLevel::of("08.99"), Some(SectorLevel::Class));
        assert_eq!(SectorLevel::of("08.99.3"), Some(SectorLevel::Subclass));
        assert_eq!(SectorLevel::of("08.99.32"), Some(SectorLevel::Type));
        for bad in ["", "8", "c", "08.", "08.9.1", "0899", "08.99.321", "ab"] {
            assert_eq!(SectorLevel::of(bad), None, "{bad}");
        }
        assert_eq!(SectorLevel::parse("Division"), Some(SectorLevel::Division));
    }

    #[test]
    fn okved2_has_88_divisions_in_21_sections() {
        let m = SectionMap::okved2();
        assert_eq!(m.len(), 88);
        assert_eq!(m.section_of("08"), Some('B'));
        assert_eq!(m.section_of("32"), Some('C'));
        assert_eq!(m.section_of("99"), Some('U'));
        assert_eq!(m.section_of("04"), None);
    }

    #[test]
    fn aggregation_truncates() {
        let s = SectionMap::okved2();
        assert_eq!(
            aggregate_code("08.99.32", SectorLevel::Subclass, &s).unwrap(),
            "08.99.3"
        );
        assert_eq!(
            aggregate_code("08.99.32", SectorLevel::Class, &s).unwrap(),
            "08.99"
        );
        assert_eq!(
            aggregate_code("08.99.32", SectorLevel::Group, &s).unwrap(),
            "08.9"
        );
        assert_eq!(
            aggregate_code("08.99.32", SectorLevel::Division, &s).unwrap(),
            "08"
        );
        assert_eq!(
            aggregate_code("08.99.32", SectorLevel::Section, &s).unwrap(),
            "B"
        );
        assert_eq!(aggregate_code("C", SectorLevel::Section, &s).unwrap(), "C");
        assert!(aggregate_code("C", SectorLevel::Division, &s).is_err());
        assert!(aggregate_code("04.1", SectorLevel::Section, &s).is_err());
        assert!(aggregate_code("x", SectorLevel::Division, &s).is_err());
    }

    #[test]
    fn beneath() {
        let s = SectionMap::okved2();
        assert!(is_beneath("32.12", "32", &s));
        assert!(is_beneath("32.12", "32.1", &s));
        assert!(is_beneath("32.12", "32.12", &s));
        assert!(is_beneath("32.12", "C", &s));
        assert!(!is_beneath("32.12", "B", &s));
        assert!(!is_beneath("32.12", "32.13", &s));
        assert!(!is_beneath("32.12", "3", &s));
        assert!(!is_beneath("32", "32.1", &s));
        assert!(is_beneath("08.99.32", "08.99.3", &s));
        assert!(is_beneath("08.99.32", "08", &s));
        assert!(!is_beneath("08.99.32", "08.99.4", &s));
    }
}
