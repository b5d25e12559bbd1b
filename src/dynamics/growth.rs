//! Growth between two years, as EconGeo (Balland) defines it.
//!
//! - `growth_mat(mat1, mat2)`: `100 (x_rs(t1) − x_rs(t0)) / x_rs(t0)` for each
//!   region and sector;
//! - `growth_reg`: the same on region totals `x_r.`; `growth_ind`: on sector
//!   totals `x_.s`.
//!
//! EconGeo (1.3 and 2.0) sets `0/0` to 0 and rounds to 2 digits; a cell that
//! starts from 0 and grows gives R's `Inf`. coopnet gives 0 for `0/0` too,
//! does not round, and leaves a growth from 0 empty (`None`: "new"), since no
//! percentage describes it.
//!
//! For an indicator series ([`indicator_growth`]) the compound annual growth
//! rate `100 ((v1/v0)^(1/(t1 − t0)) − 1)` is given beside the total growth.
//!
//! ```
//! use coopnet::dynamics::growth::growth_rate;
//! assert_eq!(growth_rate(200.0, 220.0), Some(10.0));
//! assert_eq!(growth_rate(0.0, 0.0), Some(0.0));
//! assert_eq!(growth_rate(0.0, 5.0), None);
//! ```

use serde::Serialize;

use crate::economics::DenseMatrix;
use crate::error::{Error, Result};
use crate::forecast::Series;

/// `100 (to − from) / from`; 0 when both are 0; `None` from a base of 0
/// (EconGeo: `Inf`) or a negative base.
pub fn growth_rate(from: f64, to: f64) -> Option<f64> {
    if from == 0.0 && to == 0.0 {
        Some(0.0)
    } else if from > 0.0 {
        Some(100.0 * (to - from) / from)
    } else {
        None
    }
}

/// EconGeo `growth_mat`: growth of every region and sector, row-major.
///
/// # Errors
///
/// [`Error::Parameter`] when the matrices differ in size.
pub fn growth_mat(x0: &DenseMatrix, x1: &DenseMatrix) -> Result<Vec<Option<f64>>> {
    same_shape(x0, x1)?;
    Ok(x0
        .as_slice()
        .iter()
        .zip(x1.as_slice())
        .map(|(&a, &b)| growth_rate(a, b))
        .collect())
}

/// EconGeo `growth_reg`: growth of each region's total.
///
/// # Errors
///
/// As [`growth_mat`].
pub fn growth_reg(x0: &DenseMatrix, x1: &DenseMatrix) -> Result<Vec<Option<f64>>> {
    same_shape(x0, x1)?;
    Ok(x0
        .row_sums()
        .iter()
        .zip(x1.row_sums())
        .map(|(&a, b)| growth_rate(a, b))
        .collect())
}

/// EconGeo `growth_ind`: growth of each sector's total.
///
/// # Errors
///
/// As [`growth_mat`].
pub fn growth_ind(x0: &DenseMatrix, x1: &DenseMatrix) -> Result<Vec<Option<f64>>> {
    same_shape(x0, x1)?;
    Ok(x0
        .col_sums()
        .iter()
        .zip(x1.col_sums())
        .map(|(&a, b)| growth_rate(a, b))
        .collect())
}

fn same_shape(a: &DenseMatrix, b: &DenseMatrix) -> Result<()> {
    if a.rows() != b.rows() || a.cols() != b.cols() {
        return Err(Error::parameter(
            "growth",
            format!(
                "a {} x {} matrix and a {} x {} one",
                a.rows(),
                a.cols(),
                b.rows(),
                b.cols()
            ),
        ));
    }
    Ok(())
}

/// The growth of one indicator between two years.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorGrowth {
    /// The entity.
    pub entity: String,
    /// The indicator.
    pub indicator: String,
    /// Its unit, when known.
    pub unit: Option<String>,
    /// The first year.
    pub from: i32,
    /// The second year.
    pub to: i32,
    /// The value in `from`.
    pub value_from: f64,
    /// The value in `to`.
    pub value_to: f64,
    /// `100 (v1 − v0) / v0`; `None` from a base of 0 or below.
    pub growth_pct: Option<f64>,
    /// `100 ((v1/v0)^(1/(to − from)) − 1)`; `None` unless both values are positive.
    pub cagr_pct: Option<f64>,
    /// True when the file marks any of the series' values `synthetic`.
    pub synthetic: bool,
}

/// The growth of `series` from `from` to `to`; `None` when it lacks either year.
pub fn indicator_growth(series: &Series, from: i32, to: i32) -> Option<IndicatorGrowth> {
    let (v0, v1) = (series.value(from)?, series.value(to)?);
    let years = f64::from(to - from);
    let cagr =
        (v0 > 0.0 && v1 > 0.0 && years > 0.0).then(|| 100.0 * ((v1 / v0).powf(1.0 / years) - 1.0));
    Some(IndicatorGrowth {
        entity: series.entity.clone(),
        indicator: series.indicator.clone(),
        unit: series.unit.clone(),
        from,
        to,
        value_from: v0,
        value_to: v1,
        growth_pct: growth_rate(v0, v1),
        cagr_pct: cagr,
        synthetic: series.is_synthetic(),
    })
}
