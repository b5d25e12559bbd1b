//! Region x sector matrices from a loaded [`Dataset`].
//!
//! The value of region `r` in sector `s` is, by [`Measure`]:
//!
//! - [`Measure::Employees`]: the employees of the organisations (participants)
//!   of sector `s` located in `r`; an organisation without an `employees`
//!   value adds nothing (and is counted in [`DatasetMatrix::missing_employees`]);
//! - [`Measure::Organisations`]: the number of those organisations;
//! - [`Measure::Clusters`]: the number of clusters of sector `s` present in `r`
//!   (an inter-regional cluster counts once in each of its regions);
//! - [`Measure::Panel`]: the value of the dataset's panel file
//!   (`organisations_by_year.csv`, [`PANEL_MEASURE_FILE`]) for `r` and `s` in
//!   the dataset's year, or the panel's latest year when the network has no
//!   years and none is asked for. For `datasets/russia` these are Rosstat's
//!   real counts of registered organisations by federal subject and OKVED2
//!   section, so this is the measure for real region-level specialisation at
//!   the section level; [`DatasetMatrix::panel`] says which file and year the
//!   values come from and how many of its rows are synthetic.
//!
//! Sector codes are rolled up to the chosen OKVED2 level (a division by
//! default) with the dataset's sector table; a record whose code is coarser
//! than that level (a cluster filed under section `C` when divisions are asked
//! for) cannot be placed and is left out, and counted in
//! [`DatasetMatrix::left_out`]. Every region of the dataset gets a row, with
//! zeros where it has nothing.

use std::collections::BTreeMap;

use super::matrix::{DenseMatrix, RegionSectorMatrix};
use crate::error::{Error, Result};
use crate::model::{Dataset, SectorLevel};

/// What a region x sector matrix built from a dataset counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Measure {
    /// Employees of organisations (the default: the usual basis of location quotients).
    #[default]
    Employees,
    /// Number of organisations.
    Organisations,
    /// Number of clusters.
    Clusters,
    /// The values of the dataset's panel file (`organisations_by_year.csv`)
    /// in the dataset's year.
    Panel,
}

/// The panel file [`Measure::Panel`] reads when a dataset has several.
pub const PANEL_MEASURE_FILE: &str = "organisations_by_year.csv";

/// Where the values of a [`Measure::Panel`] matrix come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelSource {
    /// The panel file.
    pub file: String,
    /// The year read.
    pub year: i32,
    /// Rows of the file in all.
    pub rows: usize,
    /// Rows its `provenance` column marks synthetic (0: every figure is real or unmarked).
    pub synthetic: usize,
}

impl Measure {
    /// Every measure.
    pub const ALL: [Measure; 4] = [
        Measure::Employees,
        Measure::Organisations,
        Measure::Clusters,
        Measure::Panel,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Measure::Employees => "employees",
            Measure::Organisations => "organisations",
            Measure::Clusters => "clusters",
            Measure::Panel => "panel",
        }
    }
}

/// A matrix built from a dataset, with what could not be placed in it.
#[derive(Debug, Clone, PartialEq)]
pub struct DatasetMatrix {
    /// Regions (dataset ids, sorted) x sectors (codes at the chosen level, sorted).
    pub matrix: RegionSectorMatrix,
    /// Records (organisations or clusters) whose sector is coarser than the level.
    pub left_out: usize,
    /// Organisations without an `employees` value ([`Measure::Employees`] only).
    pub missing_employees: usize,
    /// The panel file and year read ([`Measure::Panel`] only).
    pub panel: Option<PanelSource>,
}

/// The panel of `ds` that [`Measure::Panel`] reads, and its year.
fn panel_at_year(ds: &Dataset) -> Result<(&crate::model::years::DatasetPanel, i32)> {
    let panels = &ds.years.panels;
    let panel = match panels.len() {
        0 => {
            return Err(Error::parameter(
                "measure",
                format!(
                    "the dataset has no panel file (NAME_by_year.csv, e.g. {PANEL_MEASURE_FILE}) \
                     to take values from: measure employees or organisations instead"
                ),
            ));
        }
        1 => &panels[0],
        _ => panels
            .iter()
            .find(|p| p.file == PANEL_MEASURE_FILE)
            .ok_or_else(|| {
                Error::parameter(
                    "measure",
                    format!(
                        "the dataset has several panel files ({}) and none is {PANEL_MEASURE_FILE}",
                        panels
                            .iter()
                            .map(|p| p.file.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })?,
    };
    let years = panel.panel.years();
    let span = || match (years.first(), years.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}-{b}"),
        (Some(a), _) => a.to_string(),
        _ => "no year".to_string(),
    };
    let year = match ds.years.year.or(ds.years.asked) {
        Some(y) if years.contains(&y) => y,
        Some(y) => {
            return Err(Error::parameter(
                "year",
                format!(
                    "{} has {}, not {y}: choose one of its years",
                    panel.file,
                    span()
                ),
            ));
        }
        None => *years
            .last()
            .ok_or_else(|| Error::parameter("measure", format!("{} has no rows", panel.file)))?,
    };
    Ok((panel, year))
}

/// Builds the region x sector matrix of `ds` by `measure` at sector `level`.
///
/// # Errors
///
/// [`Error::Parameter`] when nothing can be placed (no records of the kind
/// measured, or all coarser than `level`), since every measure would be empty.
pub fn matrix_from_dataset(
    ds: &Dataset,
    measure: Measure,
    level: SectorLevel,
) -> Result<DatasetMatrix> {
    let mut cells: BTreeMap<(usize, String), f64> = BTreeMap::new();
    let mut left_out = 0;
    let mut missing_employees = 0;
    let mut source = None;
    let mut add = |region: usize, code: &str, v: f64, left_out: &mut usize| match ds
        .sectors
        .code_at(code, level)
    {
        Some(c) => *cells.entry((region, c)).or_insert(0.0) += v,
        None => *left_out += 1,
    };
    match measure {
        Measure::Employees | Measure::Organisations => {
            for p in &ds.participants {
                let v = match measure {
                    Measure::Employees => match p.employees {
                        Some(e) => e as f64,
                        None => {
                            missing_employees += 1;
                            continue;
                        }
                    },
                    _ => 1.0,
                };
                add(
                    p.region.index(),
                    ds.sectors.code(p.sector),
                    v,
                    &mut left_out,
                );
            }
        }
        Measure::Clusters => {
            for c in &ds.clusters {
                for r in &c.regions {
                    add(r.index(), ds.sectors.code(c.sector), 1.0, &mut left_out);
                }
            }
        }
        Measure::Panel => {
            let (panel, year) = panel_at_year(ds)?;
            let m = panel
                .panel
                .matrix(year)
                .ok_or_else(|| Error::parameter("year", format!("{} has no {year}", panel.file)))?;
            let row_of: BTreeMap<&str, usize> = ds
                .regions
                .iter()
                .enumerate()
                .map(|(i, r)| (r.id.as_str(), i))
                .collect();
            for (i, region) in m.regions().iter().enumerate() {
                // the loader checks a panel's regions against regions.csv
                let Some(&r) = row_of.get(region.as_str()) else {
                    left_out += m.n_sectors();
                    continue;
                };
                for (j, sector) in m.sectors().iter().enumerate() {
                    let v = m.get(i, j);
                    if v != 0.0 {
                        add(r, sector, v, &mut left_out);
                    }
                }
            }
            if cells.is_empty() {
                let levels: std::collections::BTreeSet<&str> = m
                    .sectors()
                    .iter()
                    .filter_map(|c| ds.sectors.level_name(c))
                    .collect();
                return Err(Error::parameter(
                    "level",
                    format!(
                        "{} holds sectors at the {} level, none at or below the {} level: \
                         ask for --level section (or the level its codes have)",
                        panel.file,
                        levels.into_iter().collect::<Vec<_>>().join(" and "),
                        level.name()
                    ),
                ));
            }
            source = Some(PanelSource {
                file: panel.file.clone(),
                year,
                rows: panel.rows,
                synthetic: panel.synthetic,
            });
        }
    }
    if cells.is_empty() {
        return Err(Error::parameter(
            "measure",
            format!(
                "the dataset has no {} at the {} level{}",
                match measure {
                    Measure::Clusters => "clusters to count",
                    Measure::Employees => "organisations with employees",
                    Measure::Organisations => "organisations to count",
                    Measure::Panel => "panel values",
                },
                level.name(),
                match measure {
                    Measure::Employees =>
                        " (participants.csv gives no employees): count organisations instead (--measure organisations)",
                    _ => "",
                }
            ),
        ));
    }
    let mut region_order: Vec<usize> = (0..ds.regions.len()).collect();
    region_order.sort_by(|&a, &b| ds.regions[a].id.cmp(&ds.regions[b].id));
    let row_of: BTreeMap<usize, usize> = region_order
        .iter()
        .enumerate()
        .map(|(row, &r)| (r, row))
        .collect();
    let sectors: Vec<String> = cells
        .keys()
        .map(|(_, s)| s.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let col_of: BTreeMap<&str, usize> = sectors
        .iter()
        .enumerate()
        .map(|(j, s)| (s.as_str(), j))
        .collect();
    let mut values = DenseMatrix::zeros(region_order.len(), sectors.len());
    for ((r, s), v) in &cells {
        values.set(row_of[r], col_of[s.as_str()], *v);
    }
    let regions = region_order
        .iter()
        .map(|&r| ds.regions[r].id.clone())
        .collect();
    Ok(DatasetMatrix {
        matrix: RegionSectorMatrix::new(regions, sectors.clone(), values)?,
        left_out,
        missing_employees,
        panel: source,
    })
}

/// The matrix by employees, or by organisations when the dataset gives no
/// employee counts: the default of the main job and of the suggestions.
/// Returns the matrix and the measure used.
///
/// # Errors
///
/// As [`matrix_from_dataset`] by organisations.
pub fn matrix_by_employees_or_organisations(
    ds: &Dataset,
    level: SectorLevel,
) -> Result<(DatasetMatrix, Measure)> {
    match matrix_from_dataset(ds, Measure::Employees, level) {
        Ok(b) if b.matrix.values().total() > 0.0 => Ok((b, Measure::Employees)),
        _ => Ok((
            matrix_from_dataset(ds, Measure::Organisations, level)?,
            Measure::Organisations,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn demo() -> Dataset {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/demo");
        crate::load::load_dataset(&dir).unwrap()
    }

    #[test]
    fn demo_dataset_by_each_measure() {
        let ds = demo();
        for measure in Measure::ALL {
            if measure == Measure::Panel {
                // the demo has no panel file: a clear error, not an empty matrix
                let e = matrix_from_dataset(&ds, measure, SectorLevel::Section).unwrap_err();
                assert!(e.to_string().contains("no panel file"), "{e}");
                continue;
            }
            let m = matrix_from_dataset(&ds, measure, SectorLevel::Division).unwrap();
            assert_eq!(m.matrix.n_regions(), ds.regions.len());
            assert!(m.matrix.values().total() > 0.0, "{measure:?}");
        }
        let emp = matrix_from_dataset(&ds, Measure::Employees, SectorLevel::Class).unwrap();
        assert!(emp.matrix.value("RU-KOS", "32.12") >= 900.0);
        let orgs = matrix_from_dataset(&ds, Measure::Organisations, SectorLevel::Division).unwrap();
        let total: f64 = orgs.matrix.values().total() + orgs.left_out as f64;
        assert_eq!(total, ds.participants.len() as f64);
    }

    /// The panel measure on `datasets/russia` is Rosstat's counts, at the
    /// panel's latest year unless another is asked for; finer levels are refused.
    #[test]
    fn russia_panel_is_rosstats_counts() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/russia");
        let ds = crate::load::load_dataset(&dir).unwrap();
        let m = matrix_from_dataset(&ds, Measure::Panel, SectorLevel::Section).unwrap();
        // Sakha's mining (B): 644, 686, 761, 784 organisations in 2019-2022
        assert_eq!(m.matrix.value("RU-SA", "B"), 784.0);
        assert_eq!(m.matrix.n_regions(), ds.regions.len());
        // Crimea is not in Rosstat's export: a row of zeros
        assert_eq!(
            m.matrix.values().row_sums()[m
                .matrix
                .regions()
                .iter()
                .position(|r| r == "UA-43")
                .unwrap()],
            0.0
        );
        let src = m.panel.unwrap();
        assert_eq!(
            (src.file.as_str(), src.year, src.synthetic),
            (PANEL_MEASURE_FILE, 2022, 0)
        );
        let y2019 = ds.at_year(2019).unwrap();
        let m = matrix_from_dataset(&y2019, Measure::Panel, SectorLevel::Section).unwrap();
        assert_eq!(m.matrix.value("RU-SA", "B"), 644.0);
        assert_eq!(m.panel.unwrap().year, 2019);
        let e = matrix_from_dataset(&ds, Measure::Panel, SectorLevel::Division).unwrap_err();
        assert!(e.to_string().contains("--level section"), "{e}");
    }
}
