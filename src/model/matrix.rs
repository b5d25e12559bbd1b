//! Dense matrices and the labelled region x sector matrix.
//!
//! A [`RegionSectorMatrix`] holds non-negative finite values `x_rs` (employees,
//! organisations, output, ...) for regions `r` in rows and sectors `s` in
//! columns, dense and row-major: 1,000 regions x 615 classes is under 5 MB.
//! Regions and sectors are kept sorted by label, so the same input gives the
//! same matrix whatever the order of its rows.
//!
//! # The long table
//!
//! [`crate::load::long_table::read`] reads a table with one row per region
//! and sector:
//!
//! ```text
//! region,sector,value
//! RU-KOS,32.12,1250
//! RU-SA,08.99,5400
//! ```
//!
//! - The header is required; columns are found by name (`region`, `sector`,
//!   `value`, any case, any order; other columns are ignored).
//! - The delimiter is `,` or `;` (sniffed from the header line); with `;`, a
//!   decimal comma (`1250,5`) is accepted. UTF-8 (with or without a byte-order
//!   mark) or Windows-1251.
//! - Every bad row is reported, with file, line, column, value and reason: an
//!   empty region or sector; a value that is empty, not a number, NaN or
//!   infinite, or negative; a repeated (region, sector) pair when
//!   [`Duplicates::Reject`] is asked for (the default for files: a repeated row
//!   is usually a copy-and-paste slip). With [`Duplicates::Sum`] repeated pairs
//!   are added up.
//! - An empty file, or a header with no rows, is an error.
//!
//! Pairs that do not appear are zero.

use std::collections::{BTreeMap, HashMap};
use std::ops::Index;

use rayon::prelude::*;

use super::sector::{SectionMap, SectorLevel, aggregate_code};
use crate::error::{Error, Problem, Problems, Result};

/// A dense row-major matrix of `f64`.
#[derive(Debug, Clone, PartialEq)]
pub struct DenseMatrix {
    rows: usize,
    cols: usize,
    data: Vec<f64>,
}

impl DenseMatrix {
    /// A `rows x cols` matrix of zeros.
    pub fn zeros(rows: usize, cols: usize) -> Self {
        DenseMatrix {
            rows,
            cols,
            data: vec![0.0; rows * cols],
        }
    }

    /// The `n x n` identity.
    pub fn identity(n: usize) -> Self {
        let mut m = DenseMatrix::zeros(n, n);
        for i in 0..n {
            m.data[i * n + i] = 1.0;
        }
        m
    }

    /// A matrix from row-major `data`.
    ///
    /// # Errors
    ///
    /// [`Error::Parameter`] when `data.len() != rows * cols`.
    pub fn from_vec(rows: usize, cols: usize, data: Vec<f64>) -> Result<Self> {
        if data.len() != rows * cols {
            return Err(Error::parameter(
                "matrix",
                format!("{} values given for a {rows} x {cols} matrix", data.len()),
            ));
        }
        Ok(DenseMatrix { rows, cols, data })
    }

    /// A matrix from rows of equal length.
    ///
    /// # Errors
    ///
    /// [`Error::Parameter`] when the rows differ in length.
    pub fn from_rows<R: AsRef<[f64]>>(rows: &[R]) -> Result<Self> {
        let cols = rows.first().map_or(0, |r| r.as_ref().len());
        let mut data = Vec::with_capacity(rows.len() * cols);
        for (i, r) in rows.iter().enumerate() {
            let r = r.as_ref();
            if r.len() != cols {
                return Err(Error::parameter(
                    "matrix",
                    format!("row {i} has {} values, row 0 has {cols}", r.len()),
                ));
            }
            data.extend_from_slice(r);
        }
        Ok(DenseMatrix {
            rows: rows.len(),
            cols,
            data,
        })
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// True when rows and columns are equal in number.
    pub fn is_square(&self) -> bool {
        self.rows == self.cols
    }

    /// The value at row `i`, column `j`.
    ///
    /// # Panics
    ///
    /// Panics when `i` or `j` is out of range.
    pub fn get(&self, i: usize, j: usize) -> f64 {
        assert!(
            i < self.rows && j < self.cols,
            "({i}, {j}) outside {} x {}",
            self.rows,
            self.cols
        );
        self.data[i * self.cols + j]
    }

    /// Sets the value at row `i`, column `j`.
    ///
    /// # Panics
    ///
    /// Panics when `i` or `j` is out of range.
    pub fn set(&mut self, i: usize, j: usize, v: f64) {
        assert!(
            i < self.rows && j < self.cols,
            "({i}, {j}) outside {} x {}",
            self.rows,
            self.cols
        );
        self.data[i * self.cols + j] = v;
    }

    /// Row `i`.
    pub fn row(&self, i: usize) -> &[f64] {
        &self.data[i * self.cols..(i + 1) * self.cols]
    }

    /// Column `j`, copied.
    pub fn col(&self, j: usize) -> Vec<f64> {
        (0..self.rows)
            .map(|i| self.data[i * self.cols + j])
            .collect()
    }

    /// All values, row-major.
    pub fn as_slice(&self) -> &[f64] {
        &self.data
    }

    /// All values, row-major, mutable.
    pub fn as_mut_slice(&mut self) -> &mut [f64] {
        &mut self.data
    }

    /// The values, row-major.
    pub fn into_vec(self) -> Vec<f64> {
        self.data
    }

    /// Sum of each row, left to right.
    pub fn row_sums(&self) -> Vec<f64> {
        if self.cols == 0 {
            return vec![0.0; self.rows];
        }
        self.data
            .chunks(self.cols)
            .map(|r| r.iter().sum())
            .collect()
    }

    /// Sum of each column, top to bottom.
    pub fn col_sums(&self) -> Vec<f64> {
        let mut sums = vec![0.0; self.cols];
        if self.cols == 0 {
            return sums;
        }
        for r in self.data.chunks(self.cols) {
            for (s, v) in sums.iter_mut().zip(r) {
                *s += v;
            }
        }
        sums
    }

    /// The sum of all values (row sums added in row order).
    pub fn total(&self) -> f64 {
        self.row_sums().iter().sum()
    }

    /// The transpose.
    pub fn transpose(&self) -> DenseMatrix {
        let mut t = DenseMatrix::zeros(self.cols, self.rows);
        for i in 0..self.rows {
            for j in 0..self.cols {
                t.data[j * self.rows + i] = self.data[i * self.cols + j];
            }
        }
        t
    }

    /// `self * other`, each row computed on its own (in parallel), each value
    /// summed in index order, so the result does not depend on the thread count.
    ///
    /// # Errors
    ///
    /// [`Error::Parameter`] when the inner dimensions differ.
    pub fn matmul(&self, other: &DenseMatrix) -> Result<DenseMatrix> {
        if self.cols != other.rows {
            return Err(Error::parameter(
                "matrix",
                format!(
                    "cannot multiply {} x {} by {} x {}",
                    self.rows, self.cols, other.rows, other.cols
                ),
            ));
        }
        let mut out = DenseMatrix::zeros(self.rows, other.cols);
        if other.cols == 0 {
            return Ok(out);
        }
        out.data
            .par_chunks_mut(other.cols)
            .enumerate()
            .for_each(|(i, out_row)| {
                for (k, &a) in self.row(i).iter().enumerate() {
                    if a != 0.0 {
                        for (o, &b) in out_row.iter_mut().zip(other.row(k)) {
                            *o += a * b;
                        }
                    }
                }
            });
        Ok(out)
    }

    /// A matrix of the same shape with `f` applied to every value.
    pub fn map(&self, f: impl Fn(f64) -> f64) -> DenseMatrix {
        DenseMatrix {
            rows: self.rows,
            cols: self.cols,
            data: self.data.iter().map(|&v| f(v)).collect(),
        }
    }

    /// True when every value is finite.
    pub fn all_finite(&self) -> bool {
        self.data.iter().all(|v| v.is_finite())
    }
}

impl Index<(usize, usize)> for DenseMatrix {
    type Output = f64;

    fn index(&self, (i, j): (usize, usize)) -> &f64 {
        assert!(
            i < self.rows && j < self.cols,
            "({i}, {j}) outside {} x {}",
            self.rows,
            self.cols
        );
        &self.data[i * self.cols + j]
    }
}

/// What to do with a (region, sector) pair given more than once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Duplicates {
    /// Add the values up (counts of organisations, employees of several firms).
    Sum,
    /// Report each repeat as a problem (the default for long-table files).
    #[default]
    Reject,
}

/// A labelled non-negative region x sector matrix (see the module docs).
#[derive(Debug, Clone, PartialEq)]
pub struct RegionSectorMatrix {
    regions: Vec<String>,
    sectors: Vec<String>,
    values: DenseMatrix,
}

impl RegionSectorMatrix {
    /// A matrix from labels and row-major values.
    ///
    /// # Errors
    ///
    /// [`Error::Parameter`] when the sizes disagree, a label is empty or repeated,
    /// or a value is negative, NaN or infinite.
    pub fn new(regions: Vec<String>, sectors: Vec<String>, values: DenseMatrix) -> Result<Self> {
        if values.rows() != regions.len() || values.cols() != sectors.len() {
            return Err(Error::parameter(
                "matrix",
                format!(
                    "{} x {} values for {} regions and {} sectors",
                    values.rows(),
                    values.cols(),
                    regions.len(),
                    sectors.len()
                ),
            ));
        }
        for (what, labels) in [("region", &regions), ("sector", &sectors)] {
            let mut seen = std::collections::HashSet::new();
            for l in labels {
                if l.trim().is_empty() {
                    return Err(Error::parameter("matrix", format!("an empty {what} label")));
                }
                if !seen.insert(l.as_str()) {
                    return Err(Error::parameter(
                        "matrix",
                        format!("{what} {l:?} given twice"),
                    ));
                }
            }
        }
        if let Some(pos) = values
            .as_slice()
            .iter()
            .position(|v| !v.is_finite() || *v < 0.0)
        {
            let (i, j) = (pos / values.cols(), pos % values.cols());
            return Err(Error::parameter(
                "matrix",
                format!(
                    "value {} for ({}, {}) is not a finite non-negative number",
                    values.as_slice()[pos],
                    regions[i],
                    sectors[j]
                ),
            ));
        }
        Ok(RegionSectorMatrix {
            regions,
            sectors,
            values,
        })
    }

    /// A matrix from `(region, sector, value)` triples; regions and sectors are
    /// sorted by label, absent pairs are zero.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] listing each triple (by its 1-based position, as
    /// `line`, in a pseudo-file `triples`) with an empty label, a negative or
    /// non-finite value, or a repeat under [`Duplicates::Reject`].
    pub fn from_triples<I, R, S>(triples: I, duplicates: Duplicates) -> Result<Self>
    where
        I: IntoIterator<Item = (R, S, f64)>,
        R: AsRef<str>,
        S: AsRef<str>,
    {
        let mut problems = Problems::new();
        let mut cells: Vec<(String, String, f64, u64)> = Vec::new();
        for (k, (r, s, v)) in triples.into_iter().enumerate() {
            let line = k as u64 + 1;
            let (r, s) = (r.as_ref().trim(), s.as_ref().trim());
            if r.is_empty() {
                problems.push(Problem::field("triples", line, "region", r, "is empty"));
            }
            if s.is_empty() {
                problems.push(Problem::field("triples", line, "sector", s, "is empty"));
            }
            if !v.is_finite() {
                problems.push(Problem::field(
                    "triples",
                    line,
                    "value",
                    v.to_string(),
                    "is not a finite number",
                ));
            } else if v < 0.0 {
                problems.push(Problem::field(
                    "triples",
                    line,
                    "value",
                    v.to_string(),
                    "is negative",
                ));
            }
            cells.push((r.to_string(), s.to_string(), v, line));
        }
        problems.into_result()?;
        Self::assemble(cells, duplicates, "triples")
    }

    /// A matrix from `(region, sector, value, line)` cells of `file`
    /// (checked by the caller), summing or rejecting repeated pairs.
    pub(crate) fn assemble(
        cells: Vec<(String, String, f64, u64)>,
        duplicates: Duplicates,
        file: &str,
    ) -> Result<Self> {
        let mut regions: BTreeMap<&str, usize> = BTreeMap::new();
        let mut sectors: BTreeMap<&str, usize> = BTreeMap::new();
        for (r, s, _, _) in &cells {
            regions.insert(r, 0);
            sectors.insert(s, 0);
        }
        for (i, v) in regions.values_mut().enumerate() {
            *v = i;
        }
        for (j, v) in sectors.values_mut().enumerate() {
            *v = j;
        }
        let mut values = DenseMatrix::zeros(regions.len(), sectors.len());
        let mut seen: HashMap<(usize, usize), u64> = HashMap::new();
        let mut problems = Problems::new();
        for (r, s, v, line) in &cells {
            let (i, j) = (regions[r.as_str()], sectors[s.as_str()]);
            if duplicates == Duplicates::Reject {
                if let Some(prev) = seen.get(&(i, j)) {
                    problems.push(Problem::field(
                        file,
                        *line,
                        "sector",
                        s.as_str(),
                        format!("repeats the pair ({r}, {s}) of line {prev}"),
                    ));
                    continue;
                }
                seen.insert((i, j), *line);
            }
            let cell = &mut values.as_mut_slice()[i * sectors.len() + j];
            *cell += v;
        }
        problems.into_result()?;
        let regions = regions.into_keys().map(str::to_string).collect();
        let sectors = sectors.into_keys().map(str::to_string).collect();
        Ok(RegionSectorMatrix {
            regions,
            sectors,
            values,
        })
    }

    /// Region labels, in row order.
    pub fn regions(&self) -> &[String] {
        &self.regions
    }

    /// Sector labels, in column order.
    pub fn sectors(&self) -> &[String] {
        &self.sectors
    }

    /// Number of regions (rows).
    pub fn n_regions(&self) -> usize {
        self.regions.len()
    }

    /// Number of sectors (columns).
    pub fn n_sectors(&self) -> usize {
        self.sectors.len()
    }

    /// The values.
    pub fn values(&self) -> &DenseMatrix {
        &self.values
    }

    /// The value of a region and sector by index.
    pub fn get(&self, region: usize, sector: usize) -> f64 {
        self.values.get(region, sector)
    }

    /// The value of a region and sector by label; zero when either is absent.
    pub fn value(&self, region: &str, sector: &str) -> f64 {
        match (self.region_index(region), self.sector_index(sector)) {
            (Some(i), Some(j)) => self.values.get(i, j),
            _ => 0.0,
        }
    }

    /// Row of a region label.
    pub fn region_index(&self, region: &str) -> Option<usize> {
        self.regions
            .binary_search_by(|r| r.as_str().cmp(region))
            .ok()
    }

    /// Column of a sector label.
    pub fn sector_index(&self, sector: &str) -> Option<usize> {
        self.sectors
            .binary_search_by(|s| s.as_str().cmp(sector))
            .ok()
    }

    /// Sums the sectors up to a coarser OKVED2 / NACE `level` (`32.12` and
    /// `32.13` become `32` at [`SectorLevel::Division`]; the section letter
    /// comes from `sections`).
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] listing each sector code that is not a well-formed
    /// code, is coarser than `level`, or whose division `sections` lacks (the
    /// problems name the pseudo-file `sector codes`).
    pub fn aggregate(&self, level: SectorLevel, sections: &SectionMap) -> Result<Self> {
        let mut problems = Problems::new();
        let mut target = Vec::with_capacity(self.sectors.len());
        for s in &self.sectors {
            match aggregate_code(s, level, sections) {
                Ok(c) => target.push(c),
                Err(reason) => {
                    problems.push(Problem {
                        file: "sector codes".to_string(),
                        line: None,
                        column: Some("sector".to_string()),
                        value: Some(s.clone()),
                        reason,
                    });
                    target.push(String::new());
                }
            }
        }
        problems.into_result()?;
        let new_sectors: Vec<String> = target
            .iter()
            .cloned()
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let index: HashMap<&str, usize> = new_sectors
            .iter()
            .enumerate()
            .map(|(j, s)| (s.as_str(), j))
            .collect();
        let map: Vec<usize> = target.iter().map(|t| index[t.as_str()]).collect();
        let mut values = DenseMatrix::zeros(self.regions.len(), new_sectors.len());
        for i in 0..self.regions.len() {
            for (j, &v) in self.values.row(i).iter().enumerate() {
                values.as_mut_slice()[i * new_sectors.len() + map[j]] += v;
            }
        }
        Ok(RegionSectorMatrix {
            regions: self.regions.clone(),
            sectors: new_sectors,
            values,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triples_sum_and_validate() {
        let m =
            RegionSectorMatrix::from_triples([("A", "01", 1.0), ("A", "01", 2.0)], Duplicates::Sum)
                .unwrap();
        assert_eq!(m.get(0, 0), 3.0);
        assert!(
            RegionSectorMatrix::from_triples(
                [("A", "01", 1.0), ("A", "01", 2.0)],
                Duplicates::Reject
            )
            .is_err()
        );
        let e = RegionSectorMatrix::from_triples(
            [("A", "01", -1.0), ("", "02", f64::NAN)],
            Duplicates::Sum,
        )
        .unwrap_err();
        assert_eq!(e.problems().len(), 3);
    }

    #[test]
    fn aggregates_to_divisions_and_sections() {
        let m = RegionSectorMatrix::from_triples(
            [
                ("A", "32.12", 1.0),
                ("A", "32.13", 2.0),
                ("A", "08.99.32", 4.0),
                ("B", "24.10", 8.0),
            ],
            Duplicates::Sum,
        )
        .unwrap();
        let d = m
            .aggregate(SectorLevel::Division, &SectionMap::okved2())
            .unwrap();
        assert_eq!(d.sectors(), ["08", "24", "32"]);
        assert_eq!(d.value("A", "32"), 3.0);
        let s = m
            .aggregate(SectorLevel::Section, &SectionMap::okved2())
            .unwrap();
        assert_eq!(s.sectors(), ["B", "C"]);
        assert_eq!(s.value("A", "C"), 3.0);
        assert_eq!(s.value("B", "C"), 8.0);
        let e = m
            .aggregate(SectorLevel::Subclass, &SectionMap::okved2())
            .unwrap_err();
        assert_eq!(e.problems().len(), 3); // 32.12, 32.13, 24.10 are classes
    }

    #[test]
    fn dense_basics() {
        let a = DenseMatrix::from_rows(&[[1.0, 2.0], [3.0, 4.0]]).unwrap();
        let b = a.matmul(&DenseMatrix::identity(2)).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.transpose().row(0), [1.0, 3.0]);
        assert_eq!(a.col_sums(), vec![4.0, 6.0]);
        assert_eq!(a.row_sums(), vec![3.0, 7.0]);
        assert_eq!(a[(1, 0)], 3.0);
        assert!(DenseMatrix::from_rows(&[vec![1.0], vec![1.0, 2.0]]).is_err());
    }
}
