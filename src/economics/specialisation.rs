//! Specialisation of regions: location quotients, binary specialisation and
//! the Herfindahl, Krugman and entropy indices, as EconGeo (Balland) defines
//! them.
//!
//! With `x_r.` the row total of region `r`, `x_.s` the column total of sector
//! `s` and `x..` the grand total:
//!
//! - location quotient (Balassa's revealed comparative advantage)
//!   `LQ_rs = (x_rs / x_r.) / (x_.s / x..)` (EconGeo `location_quotient`,
//!   py-ecomplexity `rca`);
//! - binary specialisation `M_rs = [LQ_rs >= threshold]`, threshold 1 by default
//!   (EconGeo `location_quotient(binary = TRUE)` sets `LQ >= 1` to 1,
//!   py-ecomplexity `mcp` uses `>=` too);
//! - Herfindahl `H_r = sum_s x_rs^2 / x_r.^2` (EconGeo `herfindahl`);
//! - Krugman `K_r = sum_s |x_rs / x_r. - x_.s / x..|` (EconGeo `krugman_index`:
//!   the comparison is with the whole economy, region `r` included, and there
//!   is no factor 1/2);
//! - Shannon entropy `E_r = -sum_s p_rs log2 p_rs`, `p_rs = x_rs / x_r.`.
//!
//! # Zeros
//!
//! Where a formula divides by zero coopnet returns 0, never NaN: `LQ_rs = 0`
//! when `x_r. = 0` or `x_.s = 0` (as EconGeo, which sets `NA` to 0); `H_r`,
//! `K_r` and `E_r` are 0 for a region with no activity (EconGeo returns NaN);
//! `0 log 0 = 0` in the entropy (EconGeo adds `1e-9` inside the logarithm and
//! rounds to 3 digits; coopnet does neither, so values agree to about 1e-3).
//!
//! # Example
//!
//! ```
//! use coopnet::economics::{DenseMatrix, location_quotients, herfindahl};
//! let x = DenseMatrix::from_rows(&[[10.0, 0.0], [10.0, 20.0]]).unwrap();
//! let lq = location_quotients(&x);
//! // (10/10) / (20/40) = 2
//! assert_eq!(lq.get(0, 0), 2.0);
//! assert_eq!(herfindahl(&x), vec![1.0, (100.0 + 400.0) / 900.0]);
//! ```

use rayon::prelude::*;

use super::matrix::{DenseMatrix, RegionSectorMatrix};
use crate::error::{Error, Result};

/// Rows per rayon task: below this a matrix is too small to be worth splitting.
const ROWS_PER_TASK: usize = 64;

/// The default threshold of binary specialisation: `M_rs = [LQ_rs >= 1]`.
pub const DEFAULT_THRESHOLD: f64 = 1.0;

/// Parameters of [`specialisation`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpecialisationConfig {
    /// A region specialises in a sector when its location quotient is at least
    /// this ([`DEFAULT_THRESHOLD`], 1, as EconGeo and py-ecomplexity).
    pub threshold: f64,
}

impl Default for SpecialisationConfig {
    fn default() -> Self {
        SpecialisationConfig {
            threshold: DEFAULT_THRESHOLD,
        }
    }
}

impl SpecialisationConfig {
    /// Checks the parameters.
    ///
    /// # Errors
    ///
    /// [`Error::Parameter`] when the threshold is not a finite positive number.
    pub fn validate(&self) -> Result<()> {
        if !(self.threshold.is_finite() && self.threshold > 0.0) {
            return Err(Error::parameter(
                "threshold",
                format!(
                    "{} is not a positive number; the usual value is 1",
                    self.threshold
                ),
            ));
        }
        Ok(())
    }
}

/// Every specialisation measure of a region x sector matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct Specialisation {
    /// Location quotients `LQ_rs`, regions x sectors.
    pub lq: DenseMatrix,
    /// Binary specialisation `M_rs` (0 or 1), regions x sectors.
    pub specialised: DenseMatrix,
    /// Herfindahl index `H_r` per region.
    pub herfindahl: Vec<f64>,
    /// Krugman index `K_r` per region.
    pub krugman: Vec<f64>,
    /// Shannon entropy `E_r` (bits) per region.
    pub entropy: Vec<f64>,
    /// Number of sectors each region specialises in (row sums of `M`, "diversity").
    pub diversity: Vec<f64>,
    /// Number of regions specialised in each sector (column sums of `M`, "ubiquity").
    pub ubiquity: Vec<f64>,
    /// The threshold used for `M`.
    pub threshold: f64,
    /// Size and significance of every cell, when asked for (see
    /// [`super::significance`]; [`specialisation`] leaves it `None`).
    pub significance: Option<super::Significance>,
}

/// Computes every measure of the module for `m`.
///
/// # Errors
///
/// [`Error::Parameter`] when the configuration is invalid.
///
/// # Complexity
///
/// `O(regions x sectors)`, rows in parallel.
pub fn specialisation(
    m: &RegionSectorMatrix,
    config: &SpecialisationConfig,
) -> Result<Specialisation> {
    config.validate()?;
    let x = m.values();
    let lq = location_quotients(x);
    let specialised = binary_specialisation(&lq, config.threshold);
    Ok(Specialisation {
        diversity: specialised.row_sums(),
        ubiquity: specialised.col_sums(),
        herfindahl: herfindahl(x),
        krugman: krugman(x),
        entropy: entropy(x),
        lq,
        specialised,
        threshold: config.threshold,
        significance: None,
    })
}

/// Location quotients `LQ_rs = (x_rs / x_r.) / (x_.s / x..)`, 0 where a total
/// is zero.
pub fn location_quotients(x: &DenseMatrix) -> DenseMatrix {
    let row = x.row_sums();
    let col = x.col_sums();
    let total: f64 = row.iter().sum();
    let share_total: Vec<f64> = col
        .iter()
        .map(|c| if total > 0.0 { c / total } else { 0.0 })
        .collect();
    let mut lq = DenseMatrix::zeros(x.rows(), x.cols());
    if x.cols() == 0 {
        return lq;
    }
    let cols = x.cols();
    lq.as_mut_slice()
        .par_chunks_mut(cols)
        .with_min_len(ROWS_PER_TASK)
        .enumerate()
        .for_each(|(i, out)| {
            if row[i] <= 0.0 {
                return;
            }
            for ((o, &v), &st) in out.iter_mut().zip(x.row(i)).zip(&share_total) {
                *o = if st > 0.0 { (v / row[i]) / st } else { 0.0 };
            }
        });
    lq
}

/// Binary specialisation `M_rs = 1` where `lq_rs >= threshold`, else 0.
pub fn binary_specialisation(lq: &DenseMatrix, threshold: f64) -> DenseMatrix {
    lq.map(|v| if v >= threshold { 1.0 } else { 0.0 })
}

/// Herfindahl index per region, `H_r = sum_s x_rs^2 / x_r.^2`; 0 for an empty row.
pub fn herfindahl(x: &DenseMatrix) -> Vec<f64> {
    per_row(x, |row, total| {
        let sq: f64 = row.iter().map(|v| v * v).sum();
        sq / (total * total)
    })
}

/// Krugman specialisation index per region,
/// `K_r = sum_s |x_rs / x_r. - x_.s / x..|`; 0 for an empty row.
pub fn krugman(x: &DenseMatrix) -> Vec<f64> {
    let col = x.col_sums();
    let grand: f64 = x.row_sums().iter().sum();
    let share_total: Vec<f64> = col
        .iter()
        .map(|c| if grand > 0.0 { c / grand } else { 0.0 })
        .collect();
    per_row(x, |row, total| {
        row.iter()
            .zip(&share_total)
            .map(|(v, st)| (v / total - st).abs())
            .sum()
    })
}

/// Shannon entropy in bits per region, `-sum_s p log2 p` with `p = x_rs / x_r.`
/// and `0 log 0 = 0`; 0 for an empty row.
pub fn entropy(x: &DenseMatrix) -> Vec<f64> {
    per_row(x, |row, total| {
        // `0 - sum` rather than `-sum`: a one-sector region gives 0, not -0.
        0.0 - row
            .iter()
            .filter(|&&v| v > 0.0)
            .map(|v| v / total)
            .map(|p| p * p.log2())
            .sum::<f64>()
    })
}

/// Applies `f(row, row_total)` to each row with a positive total, 0 otherwise.
fn per_row(x: &DenseMatrix, f: impl Fn(&[f64], f64) -> f64 + Sync) -> Vec<f64> {
    (0..x.rows())
        .into_par_iter()
        .with_min_len(ROWS_PER_TASK)
        .map(|i| {
            let row = x.row(i);
            let total: f64 = row.iter().sum();
            if total > 0.0 { f(row, total) } else { 0.0 }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threshold_is_checked() {
        assert!(SpecialisationConfig { threshold: 0.0 }.validate().is_err());
        assert!(
            SpecialisationConfig {
                threshold: f64::NAN
            }
            .validate()
            .is_err()
        );
        assert!(SpecialisationConfig::default().validate().is_ok());
    }

    #[test]
    fn zero_rows_and_columns_give_zeros() {
        let x = DenseMatrix::from_rows(&[[0.0, 0.0, 0.0], [1.0, 0.0, 3.0]]).unwrap();
        let lq = location_quotients(&x);
        assert!(lq.all_finite());
        assert_eq!(lq.row(0), [0.0, 0.0, 0.0]);
        assert_eq!(lq.get(1, 1), 0.0);
        assert_eq!(herfindahl(&x)[0], 0.0);
        assert_eq!(krugman(&x)[0], 0.0);
        assert_eq!(entropy(&x)[0], 0.0);
        let one = DenseMatrix::from_rows(&[[0.0, 5.0]]).unwrap();
        assert!(entropy(&one)[0].is_sign_positive());
        let empty = DenseMatrix::zeros(2, 2);
        assert!(location_quotients(&empty).all_finite());
    }
}
