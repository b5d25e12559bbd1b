//! Sector codes (OKVED2 / NACE Rev.2) and the table of sectors a dataset uses.
//!
//! Codes follow the shared OKVED2 / NACE Rev.2 layout: a section letter (`C`), a
//! division (`32`), a group (`32.1`), a class (`32.12`), and OKVED2's subclass
//! (`32.12.1`) and type (`32.12.11`). A code's ancestors are found by cutting
//! it; a division's section comes from the table (`parent` column) or, failing
//! that, from the built-in OKVED2 list of sections and divisions.

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
        let b = code.as_bytes();
        let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
        let dot = |i: usize| b.get(i) == Some(&b'.');
        match b.len() {
            1 if b[0].is_ascii_uppercase() => Some(SectorLevel::Section),
            2 if digit(0) && digit(1) => Some(SectorLevel::Division),
            4 if digit(0) && digit(1) && dot(2) && digit(3) => Some(SectorLevel::Group),
            5 if digit(0) && digit(1) && dot(2) && digit(3) && digit(4) => Some(SectorLevel::Class),
            7 if SectorLevel::of(&code[..5]) == Some(SectorLevel::Class) && dot(5) && digit(6) => {
                Some(SectorLevel::Subclass)
            }
            8 if SectorLevel::of(&code[..5]) == Some(SectorLevel::Class)
                && dot(5)
                && digit(6)
                && digit(7) =>
            {
                Some(SectorLevel::Type)
            }
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
    let len = match level {
        SectorLevel::Section => unreachable!("handled above"),
        SectorLevel::Division => 2,
        SectorLevel::Group => 4,
        SectorLevel::Class => 5,
        SectorLevel::Subclass => 7,
        SectorLevel::Type => 8,
    };
    Some(&code[..len])
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
        let mut t = SectorTable::default();
        for line in BUILTIN.lines().skip(1) {
            let mut rdr = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(line.as_bytes());
            if let Some(Ok(rec)) = rdr.records().next() {
                let (code, parent, name) = (&rec[0], &rec[1], &rec[3]);
                if !parent.is_empty() {
                    t.sections.insert(code.to_string(), parent.to_string());
                }
                t.builtin_names.insert(code.to_string(), name.to_string());
            }
        }
        t
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
            return Err("is not a sector code (a section letter, or digits such as 32, 32.1, 32.12, 32.12.1)"
                .to_string());
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
                .contains("not a sector code")
        );
    }

    #[test]
    fn open_table_names_divisions_from_the_builtin_list() {
        let mut t = SectorTable::open();
        let id = t.lookup_or_insert("32").expect("valid");
        assert_eq!(t.name(id), "Other manufacturing");
        assert_eq!(t.level_name("32.12"), Some("class"));
    }
}
