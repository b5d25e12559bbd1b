//! Sector codes (OKVED2 / NACE Rev.2): their levels, aggregation to a coarser
//! level, the division-to-section map, and the table of sectors a dataset uses.
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
//! embedded OKVED2 / NACE Rev.2 table ([`SectionMap::okved2`]), or from a
//! dataset's `sectors.csv` (its `parent` column) in a [`SectorTable`].
//!
//! Every function here takes any text: a code with letters of another script
//! (`08.9Б1`) is simply not a code.
//!
//! ```
//! use coopnet::model::sector::{SectionMap, SectorLevel, aggregate_code};
//! let sections = SectionMap::okved2();
//! assert_eq!(SectorLevel::of("08.99.32"), Some(SectorLevel::Type));
//! assert_eq!(SectorLevel::of("08.9Б1"), None);
//! assert_eq!(aggregate_code("32.12", SectorLevel::Division, &sections).unwrap(), "32");
//! assert_eq!(aggregate_code("32.12", SectorLevel::Section, &sections).unwrap(), "C");
//! assert!(aggregate_code("32", SectorLevel::Class, &sections).is_err()); // coarser than asked
//! ```

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::SectorId;

/// The level of a sector code in the classification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SectorLevel {
    /// A letter, e.g. `C` (manufacturing).
    Section,
    /// Two digits, e.g. `32`.
    Division,
    /// `NN.N`, e.g. `32.1`.
    Group,
    /// `NN.NN`, e.g. `32.12`.
    Class,
    /// OKVED2 `NN.NN.N`, e.g. `32.12.1`.
    Subclass,
    /// OKVED2 `NN.NN.NN`, e.g. `32.12.11`.
    Type,
}

impl SectorLevel {
    /// All levels from coarsest to finest.
    pub const ALL: [SectorLevel; 6] = [
        SectorLevel::Section,
        SectorLevel::Division,
        SectorLevel::Group,
        SectorLevel::Class,
        SectorLevel::Subclass,
        SectorLevel::Type,
    ];

    /// The name used on the command line and in files.
    pub fn name(self) -> &'static str {
        match self {
            SectorLevel::Section => "section",
            SectorLevel::Division => "division",
            SectorLevel::Group => "group",
            SectorLevel::Class => "class",
            SectorLevel::Subclass => "subclass",
            SectorLevel::Type => "type",
        }
    }

    /// Parses a level name.
    pub fn parse(s: &str) -> Option<Self> {
        SectorLevel::ALL
            .into_iter()
            .find(|l| l.name().eq_ignore_ascii_case(s.trim()))
    }

    /// The level of a well-formed code, or `None` if the code is not one.
    ///
    /// ```
    /// use coopnet::model::SectorLevel;
    /// assert_eq!(SectorLevel::of("C"), Some(SectorLevel::Section));
    /// assert_eq!(SectorLevel::of("08.99"), Some(SectorLevel::Class));
    /// assert_eq!(SectorLevel::of("32.12.11"), Some(SectorLevel::Type));
    /// assert_eq!(SectorLevel::of("3.2"), None);
    /// ```
    pub fn of(code: &str) -> Option<Self> {
        // every well-formed code is ASCII, so the byte slices below are char boundaries
        if !code.is_ascii() {
            return None;
        }
        let b = code.as_bytes();
        let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
        let dot = |i: usize| b.get(i) == Some(&b'.');
        let class = |b: &[u8]| {
            b.len() >= 5
                && b[..5].iter().enumerate().all(|(i, c)| match i {
                    2 => *c == b'.',
                    _ => c.is_ascii_digit(),
                })
        };
        match b.len() {
            1 if b[0].is_ascii_uppercase() => Some(SectorLevel::Section),
            2 if digit(0) && digit(1) => Some(SectorLevel::Division),
            4 if digit(0) && digit(1) && dot(2) && digit(3) => Some(SectorLevel::Group),
            5 if digit(0) && digit(1) && dot(2) && digit(3) && digit(4) => Some(SectorLevel::Class),
            7 if class(b) && dot(5) && digit(6) => Some(SectorLevel::Subclass),
            8 if class(b) && dot(5) && digit(6) && digit(7) => Some(SectorLevel::Type),
            _ => None,
        }
    }
}

/// Cuts a numeric code to a coarser numeric level (`32.12.1` to `32` for a
/// division). Returns `None` for sections (which need a table) or when the
/// code is already coarser than `level`.
pub fn truncate_code(code: &str, level: SectorLevel) -> Option<&str> {
    let own = SectorLevel::of(code)?;
    if own < level || level == SectorLevel::Section || own == SectorLevel::Section {
        return if own == level { Some(code) } else { None };
    }
    code.get(..code_len(level))
}

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
        let table = SectorTable::open();
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

/// The reason given for text that is not a sector code.
pub const NOT_A_CODE: &str =
    "is not a sector code (a section letter, or digits such as 32, 32.1, 32.12, 32.12.1)";

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
    let own = SectorLevel::of(code).ok_or_else(|| NOT_A_CODE.to_string())?;
    if own < level {
        return Err(format!(
            "is a {} code, coarser than the {} level asked for",
            own.name(),
            level.name()
        ));
    }
    if level == SectorLevel::Section && own != SectorLevel::Section {
        let division = truncate_code(code, SectorLevel::Division).unwrap_or(code);
        return sections
            .section_of(division)
            .map(|s| s.to_string())
            .ok_or_else(|| format!("division {division} is not in the section table"));
    }
    truncate_code(code, level)
        .map(str::to_string)
        .ok_or_else(|| NOT_A_CODE.to_string())
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

/// One row of the sector table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectorInfo {
    /// The code, e.g. `32.12`.
    pub code: String,
    /// Display name (the table's name, or the built-in division or section name).
    pub name: String,
    /// Level in the classification.
    pub level: SectorLevel,
}

/// Built-in OKVED2 sections and divisions (with English and Russian names).
const BUILTIN: &str = include_str!("../../datasets/classifications/okved2_sections_divisions.csv");

/// The sectors of a dataset: codes interned to dense [`SectorId`]s, with names,
/// and the division-to-section map used to roll codes up to sections.
#[derive(Debug, Clone, Default)]
pub struct SectorTable {
    infos: Vec<SectorInfo>,
    by_code: FxHashMap<String, SectorId>,
    /// Division code -> section letter.
    sections: FxHashMap<String, String>,
    /// Names from the built-in table, for codes the dataset does not name.
    builtin_names: FxHashMap<String, String>,
    /// True when the dataset gave a `sectors.csv`: unknown codes are then errors.
    closed: bool,
}

impl SectorTable {
    /// An open table: any well-formed code is accepted and interned on first use.
    pub fn open() -> Self {
        static BUILTIN_TABLE: std::sync::OnceLock<SectorTable> = std::sync::OnceLock::new();
        BUILTIN_TABLE
            .get_or_init(|| {
                let mut t = SectorTable::default();
                let mut rdr = csv::ReaderBuilder::new().from_reader(BUILTIN.as_bytes());
                for rec in rdr.records().flatten() {
                    let (Some(code), Some(parent), Some(name)) =
                        (rec.get(0), rec.get(1), rec.get(3))
                    else {
                        continue;
                    };
                    if !parent.is_empty() {
                        t.sections.insert(code.to_string(), parent.to_string());
                    }
                    t.builtin_names.insert(code.to_string(), name.to_string());
                }
                t
            })
            .clone()
    }

    /// Every division the table knows with its section letter (`("32", "C")`),
    /// in no particular order: the built-in OKVED2 / NACE Rev.2 ones of
    /// [`SectorTable::open`], and those a dataset's `sectors.csv` added.
    pub fn division_sections(&self) -> impl Iterator<Item = (&str, &str)> {
        self.sections.iter().map(|(d, s)| (d.as_str(), s.as_str()))
    }

    /// Marks the table closed: after this, [`SectorTable::lookup_or_insert`] rejects
    /// codes that were not added.
    pub fn close(&mut self) {
        self.closed = true;
    }

    /// True when the dataset listed its sectors (`sectors.csv`).
    pub fn is_closed(&self) -> bool {
        self.closed
    }

    /// Adds a sector with its name (and the section of a division, when the
    /// parent column gives one). Returns `None` when the code is malformed.
    pub fn insert(&mut self, code: &str, name: &str, parent: Option<&str>) -> Option<SectorId> {
        let level = SectorLevel::of(code)?;
        if let (SectorLevel::Division, Some(p)) = (level, parent) {
            if SectorLevel::of(p) == Some(SectorLevel::Section) {
                self.sections.insert(code.to_string(), p.to_string());
            }
        }
        if let Some(&id) = self.by_code.get(code) {
            if !name.is_empty() {
                self.infos[id.index()].name = name.to_string();
            }
            return Some(id);
        }
        let name = if name.is_empty() {
            self.default_name(code)
        } else {
            name.to_string()
        };
        let id = SectorId(self.infos.len() as u32);
        self.infos.push(SectorInfo {
            code: code.to_string(),
            name,
            level,
        });
        self.by_code.insert(code.to_string(), id);
        Some(id)
    }

    fn default_name(&self, code: &str) -> String {
        self.builtin_names
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_string())
    }

    /// What [`SectorTable::lookup_or_insert`] would do with `code`, without
    /// changing the table (so it can be asked from several threads):
    /// `Ok(Some(id))` for a known code, `Ok(None)` for a code it would add,
    /// `Err` with the reason a user should read for a code it would reject.
    pub fn lookup(&self, code: &str) -> Result<Option<SectorId>, String> {
        if let Some(&id) = self.by_code.get(code) {
            return Ok(Some(id));
        }
        if SectorLevel::of(code).is_none() {
            return Err(NOT_A_CODE.to_string());
        }
        if self.closed {
            return Err("is not a sector listed in sectors.csv".to_string());
        }
        Ok(None)
    }

    /// The id of `code`, interning it when the table is open and the code
    /// well-formed. `Err` carries the reason a user should read.
    pub fn lookup_or_insert(&mut self, code: &str) -> Result<SectorId, String> {
        if let Some(id) = self.lookup(code)? {
            return Ok(id);
        }
        let name = self.default_name(code);
        self.insert(code, &name, None)
            .ok_or_else(|| "is not a sector code".to_string())
    }

    /// The id of a known code.
    pub fn get(&self, code: &str) -> Option<SectorId> {
        self.by_code.get(code).copied()
    }

    /// The row of a sector.
    pub fn info(&self, id: SectorId) -> &SectorInfo {
        &self.infos[id.index()]
    }

    /// The code of a sector.
    pub fn code(&self, id: SectorId) -> &str {
        &self.infos[id.index()].code
    }

    /// The name of a sector.
    pub fn name(&self, id: SectorId) -> &str {
        &self.infos[id.index()].name
    }

    /// A display name for any code, known to the dataset or not.
    pub fn name_of(&self, code: &str) -> String {
        match self.get(code) {
            Some(id) => self.name(id).to_string(),
            None => self.default_name(code),
        }
    }

    /// Number of sectors.
    pub fn len(&self) -> usize {
        self.infos.len()
    }

    /// True when no sector is known.
    pub fn is_empty(&self) -> bool {
        self.infos.is_empty()
    }

    /// All sectors in id order.
    pub fn iter(&self) -> impl Iterator<Item = (SectorId, &SectorInfo)> {
        self.infos
            .iter()
            .enumerate()
            .map(|(i, s)| (SectorId(i as u32), s))
    }

    /// The code of `code`'s ancestor at `level` (itself when already at it),
    /// e.g. `32.12` at division level is `32`, at section level `C`.
    /// `None` when `code` is coarser than `level` or its section is unknown.
    pub fn code_at(&self, code: &str, level: SectorLevel) -> Option<String> {
        if level == SectorLevel::Section {
            if SectorLevel::of(code)? == SectorLevel::Section {
                return Some(code.to_string());
            }
            let division = truncate_code(code, SectorLevel::Division)?;
            return self.sections.get(division).cloned();
        }
        truncate_code(code, level).map(str::to_string)
    }

    /// The level name of a code, for messages.
    pub fn level_name(&self, code: &str) -> Option<&'static str> {
        SectorLevel::of(code).map(SectorLevel::name)
    }

    /// True when `code` equals `prefix` or lies beneath it (`32.12` under `32`,
    /// `32` under `C`).
    pub fn is_under(&self, code: &str, prefix: &str) -> bool {
        match SectorLevel::of(prefix) {
            Some(level) => self.code_at(code, level).as_deref() == Some(prefix),
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_roll_up_to_divisions_and_sections() {
        let t = SectorTable::open();
        assert_eq!(
            t.code_at("32.12.11", SectorLevel::Division).as_deref(),
            Some("32")
        );
        assert_eq!(
            t.code_at("08.99", SectorLevel::Section).as_deref(),
            Some("B")
        );
        assert_eq!(
            t.code_at("32.12", SectorLevel::Group).as_deref(),
            Some("32.1")
        );
        assert_eq!(t.code_at("32", SectorLevel::Class), None);
        assert!(t.is_under("32.12", "32"));
        assert!(t.is_under("32.12", "C"));
        assert!(!t.is_under("32.12", "33"));
    }

    #[test]
    fn closed_table_rejects_unknown_codes() {
        let mut t = SectorTable::open();
        let id = t
            .insert("32.12", "Jewellery", Some("32"))
            .expect("well-formed");
        t.close();
        assert_eq!(t.lookup_or_insert("32.12"), Ok(id));
        assert!(
            t.lookup_or_insert("08.99")
                .unwrap_err()
                .contains("not a sector listed")
        );
        assert!(
            t.lookup_or_insert("jewellery")
                .unwrap_err()
                .contains("is not a sector code")
        );
    }

    #[test]
    fn open_table_names_divisions_from_the_builtin_list() {
        let mut t = SectorTable::open();
        let id = t.lookup_or_insert("32").expect("valid");
        assert_eq!(t.name(id), "Other manufacturing");
        assert_eq!(t.level_name("32.12"), Some("class"));
    }

    #[test]
    fn levels_are_recognised() {
        assert_eq!(SectorLevel::of("C"), Some(SectorLevel::Section));
        assert_eq!(SectorLevel::of("08"), Some(SectorLevel::Division));
        assert_eq!(SectorLevel::of("08.9"), Some(SectorLevel::Group));
        assert_eq!(SectorLevel::of("08.99"), Some(SectorLevel::Class));
        assert_eq!(SectorLevel::of("08.99.3"), Some(SectorLevel::Subclass));
        assert_eq!(SectorLevel::of("08.99.32"), Some(SectorLevel::Type));
        for bad in [
            "",
            "8",
            "c",
            "08.",
            "08.9.1",
            "0899",
            "08.99.321",
            "ab",
            "08.9Б1",
            "Б",
            "08.99.Б",
            "ÿÿ.ÿ",
        ] {
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
