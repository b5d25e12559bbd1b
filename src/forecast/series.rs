//! Indicator series: one value a year for an entity (a cluster, region,
//! district or the country) and an indicator, read from a series file
//! `entity,indicator,year,value` (`crate::load::series`).

use serde::Serialize;

use crate::error::{Error, Result};

/// One year's value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Observation {
    /// The year.
    pub year: i32,
    /// The value.
    pub value: f64,
}

/// One entity's indicator over the years.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    /// The entity (a cluster, region, district, the country).
    pub entity: String,
    /// The indicator.
    pub indicator: String,
    /// Its unit, when the file gives one.
    pub unit: Option<String>,
    /// Where the values come from (the file's `source` column), distinct, in file order.
    pub sources: Vec<String>,
    /// The file's `provenance` values (`study`, `derived`, `synthetic`, ...), distinct, in file order.
    pub provenance: Vec<String>,
    /// The values, by year (increasing, no year twice).
    pub points: Vec<Observation>,
}

impl Series {
    /// True when any value is marked `synthetic` in the file.
    pub fn is_synthetic(&self) -> bool {
        self.provenance
            .iter()
            .any(|p| p.eq_ignore_ascii_case("synthetic"))
    }

    /// The value of `year`, when the series has it.
    pub fn value(&self, year: i32) -> Option<f64> {
        self.points
            .binary_search_by_key(&year, |o| o.year)
            .ok()
            .map(|i| self.points[i].value)
    }

    /// `entity / indicator`, for messages and titles.
    pub fn label(&self) -> String {
        format!("{} / {}", self.entity, self.indicator)
    }
}

/// Every series of a file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesSet {
    /// The file's name as shown in messages.
    pub file: String,
    /// The series, sorted by entity then indicator.
    pub series: Vec<Series>,
}

impl SeriesSet {
    /// The one series matching `entity` and `indicator` (each optional, any case).
    ///
    /// # Errors
    ///
    /// [`Error::Parameter`] (`--entity`, `--indicator`) when none or several
    /// match, listing what the file holds.
    pub fn select(&self, entity: Option<&str>, indicator: Option<&str>) -> Result<&Series> {
        let matches = |want: Option<&str>, have: &str| {
            want.is_none_or(|w| w.trim().eq_ignore_ascii_case(have))
        };
        let found: Vec<&Series> = self
            .series
            .iter()
            .filter(|s| matches(entity, &s.entity) && matches(indicator, &s.indicator))
            .collect();
        match found.as_slice() {
            [one] => Ok(one),
            [] => Err(Error::parameter(
                if entity.is_some() {
                    "--entity/--indicator"
                } else {
                    "--indicator"
                },
                format!(
                    "{} has no such series; it holds: {}",
                    self.file,
                    describe(self.series.iter())
                ),
            )),
            _ => Err(Error::parameter(
                "--entity/--indicator",
                format!(
                    "{} holds {} series matching; name one: {}",
                    self.file,
                    found.len(),
                    describe(found.iter().copied())
                ),
            )),
        }
    }
}

/// `--entity "E" --indicator "I"; ...` for each series.
fn describe<'a>(series: impl Iterator<Item = &'a Series>) -> String {
    series
        .map(|s| format!("--entity {:?} --indicator {:?}", s.entity, s.indicator))
        .collect::<Vec<_>>()
        .join("; ")
}
