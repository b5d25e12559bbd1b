//! A region x sector x year panel: one [`RegionSectorMatrix`] per year, all
//! with the same region and sector labels (the union over the years, as
//! EconGeo's `entry_list` aligns its matrices), so that row `r` and column `s`
//! mean the same region and sector in every year.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::matrix::{DenseMatrix, RegionSectorMatrix};
use super::sector::{SectionMap, SectorLevel};
use crate::error::{Error, Result};

/// Values `x_rs` by year (see the module docs).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Panel {
    years: Vec<i32>,
    #[serde(skip)]
    matrices: Vec<RegionSectorMatrix>,
}

impl Panel {
    /// A panel from `(region, sector, year, value)` records; values of a
    /// repeated `(region, sector, year)` are added up (readers report repeats
    /// in files before they get here), absent cells are zero.
    ///
    /// # Errors
    ///
    /// [`Error::Parameter`] when there are no records or a value is negative or not finite.
    pub fn from_records<I, R, S>(records: I) -> Result<Panel>
    where
        I: IntoIterator<Item = (R, S, i32, f64)>,
        R: AsRef<str>,
        S: AsRef<str>,
    {
        let mut cells: BTreeMap<i32, Vec<(String, String, f64)>> = BTreeMap::new();
        let (mut regions, mut sectors) = (BTreeSet::new(), BTreeSet::new());
        for (r, s, y, v) in records {
            if !(v.is_finite() && v >= 0.0) {
                return Err(Error::parameter(
                    "panel",
                    format!(
                        "value {v} for ({}, {}, {y}) is not a finite non-negative number",
                        r.as_ref(),
                        s.as_ref()
                    ),
                ));
            }
            regions.insert(r.as_ref().to_string());
            sectors.insert(s.as_ref().to_string());
            cells
                .entry(y)
                .or_default()
                .push((r.as_ref().to_string(), s.as_ref().to_string(), v));
        }
        if cells.is_empty() {
            return Err(Error::parameter("panel", "has no values"));
        }
        let regions: Vec<String> = regions.into_iter().collect();
        let sectors: Vec<String> = sectors.into_iter().collect();
        let mut years = Vec::with_capacity(cells.len());
        let mut matrices = Vec::with_capacity(cells.len());
        for (year, list) in cells {
            let mut values = DenseMatrix::zeros(regions.len(), sectors.len());
            for (r, s, v) in list {
                let (Ok(i), Ok(j)) = (regions.binary_search(&r), sectors.binary_search(&s)) else {
                    continue; // unreachable: every label was inserted above
                };
                values.set(i, j, values.get(i, j) + v);
            }
            years.push(year);
            matrices.push(RegionSectorMatrix::new(
                regions.clone(),
                sectors.clone(),
                values,
            )?);
        }
        Ok(Panel { years, matrices })
    }

    /// The years, increasing.
    pub fn years(&self) -> &[i32] {
        &self.years
    }

    /// The matrix of `year`, when the panel has it.
    pub fn matrix(&self, year: i32) -> Option<&RegionSectorMatrix> {
        self.years
            .binary_search(&year)
            .ok()
            .map(|i| &self.matrices[i])
    }

    /// Region labels (the same in every year).
    pub fn regions(&self) -> &[String] {
        self.matrices.first().map_or(&[], |m| m.regions())
    }

    /// Sector labels (the same in every year).
    pub fn sectors(&self) -> &[String] {
        self.matrices.first().map_or(&[], |m| m.sectors())
    }

    /// The panel with sectors summed up to `level` (see
    /// [`RegionSectorMatrix::aggregate`]).
    ///
    /// # Errors
    ///
    /// As [`RegionSectorMatrix::aggregate`].
    pub fn aggregate(&self, level: SectorLevel, sections: &SectionMap) -> Result<Panel> {
        let matrices = self
            .matrices
            .iter()
            .map(|m| m.aggregate(level, sections))
            .collect::<Result<Vec<_>>>()?;
        Ok(Panel {
            years: self.years.clone(),
            matrices,
        })
    }

    /// `from` and `to` checked against the panel's years.
    ///
    /// # Errors
    ///
    /// [`Error::Parameter`] (`--from`, `--to`) naming the years the panel has.
    pub fn check_years(&self, from: i32, to: i32) -> Result<()> {
        let have = || {
            self.years
                .iter()
                .map(i32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        for (flag, y) in [("--from", from), ("--to", to)] {
            if self.matrix(y).is_none() {
                return Err(Error::parameter(
                    flag,
                    format!("the panel has no year {y}; it has {}", have()),
                ));
            }
        }
        if to <= from {
            return Err(Error::parameter(
                "--to",
                format!("{to} is not after --from {from}"),
            ));
        }
        Ok(())
    }
}
/// The panel of a dataset whose participants have years (by year, or by
/// founding and closing dates; see [`crate::model::years`]): organisations
/// counted, or their employees summed (`employees`), by region, sector at
/// `level` and year, over every year of the network. `None` when
/// participants have no years. A participant whose sector is coarser than
/// `level` is left out, and counted in the second value.
///
/// # Errors
///
/// As [`Panel::from_records`] (no participant in any year).
pub fn participants_panel(
    ds: &super::Dataset,
    level: SectorLevel,
    employees: bool,
) -> Result<Option<(Panel, usize)>> {
    use super::years::ParticipantTiming;
    if ds.years.participants == ParticipantTiming::Static {
        return Ok(None);
    }
    let mut records = Vec::new();
    let mut coarser = 0;
    for (p, span) in ds.presences() {
        let Some(sector) = ds.sectors.code_at(ds.sectors.code(p.sector), level) else {
            coarser += 1;
            continue;
        };
        let value = if employees {
            p.employees.unwrap_or(0) as f64
        } else {
            1.0
        };
        let region = ds.region(p.region).id.as_str();
        for &y in ds.years.network.iter().filter(|&&y| span.contains(y)) {
            records.push((region, sector.clone(), y, value));
        }
    }
    Ok(Some((Panel::from_records(records)?, coarser)))
}
