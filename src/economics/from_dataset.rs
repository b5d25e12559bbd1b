//! Region x sector matrices from a loaded [`Dataset`].
//!
//! The value of region `r` in sector `s` is, by [`Measure`]:
//!
//! - [`Measure::Employees`]: the employees of the organisations (participants)
//!   of sector `s` located in `r`; an organisation without an `employees`
//!   value adds nothing (and is counted in [`DatasetMatrix::missing_employees`]);
//! - [`Measure::Organisations`]: the number of those organisations;
//! - [`Measure::Clusters`]: the number of clusters of sector `s` present in `r`
//!   (an inter-regional cluster counts once in each of its regions).
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
}

impl Measure {
    /// Every measure.
    pub const ALL: [Measure; 3] = [
        Measure::Employees,
        Measure::Organisations,
        Measure::Clusters,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Measure::Employees => "employees",
            Measure::Organisations => "organisations",
            Measure::Clusters => "clusters",
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
}
