//! Ordinary least squares on one regressor, and its prediction interval.
//!
//! For points `(x_i, y_i)`, `i = 1..n`, with `x̄` the mean of `x`,
//! `Sxx = Σ (x_i − x̄)²` and `Sxy = Σ (x_i − x̄)(y_i − ȳ)`:
//!
//! - slope `b = Sxy / Sxx`, intercept `a = ȳ − b x̄`;
//! - residual standard deviation `s = √(SSE / (n − 2))`;
//! - standard errors `se(b) = s / √Sxx`, `se(a) = s √(1/n + x̄²/Sxx)`;
//! - the prediction interval for a new observation at `x0`, at level `L`:
//!   `ŷ0 ± t_{(1+L)/2, n−2} · s · √(1 + 1/n + (x0 − x̄)² / Sxx)`
//!   (e.g. Montgomery, Peck and Vining, *Introduction to Linear Regression
//!   Analysis*, section 2.4.2; what R's `predict.lm(interval = "prediction")`
//!   computes).
//!
//! Sums are taken about the means (two passes), which keeps the NIST StRD
//! Norris data to 13 significant digits (`tests/forecast_known.rs`).
//!
//! ```
//! use coopnet::forecast::ols::fit_line;
//! let fit = fit_line(&[1.0, 2.0, 3.0, 4.0], &[2.0, 4.1, 5.9, 8.0]).unwrap();
//! assert!((fit.slope - 1.98).abs() < 1e-12);
//! let (lo, hi) = fit.prediction_interval(5.0, 0.95).unwrap();
//! assert!(lo < fit.predict(5.0) && fit.predict(5.0) < hi);
//! ```

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

use crate::error::{Error, Result};

/// A straight line fitted by least squares, with what its intervals need.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineFit {
    /// Number of points.
    pub n: usize,
    /// Intercept `a`.
    pub intercept: f64,
    /// Slope `b`.
    pub slope: f64,
    /// Mean of `x`.
    pub x_mean: f64,
    /// `Σ (x − x̄)²`.
    pub sxx: f64,
    /// Residual sum of squares.
    pub sse: f64,
    /// Residual degrees of freedom, `n − 2`.
    pub df: usize,
    /// Residual standard deviation `√(SSE / (n − 2))`; `None` for two points.
    pub s: Option<f64>,
    /// Standard error of the intercept; `None` for two points.
    pub se_intercept: Option<f64>,
    /// Standard error of the slope; `None` for two points.
    pub se_slope: Option<f64>,
    /// Coefficient of determination `1 − SSE / Σ (y − ȳ)²` (1 when `y` is constant).
    pub r_squared: f64,
}

/// Fits `y = a + b x` by least squares.
///
/// # Errors
///
/// [`Error::Parameter`] when the lengths differ, there are fewer than two
/// points, a value is not finite, or every `x` is the same.
pub fn fit_line(x: &[f64], y: &[f64]) -> Result<LineFit> {
    if x.len() != y.len() {
        return Err(Error::parameter(
            "series",
            format!("{} x values for {} y values", x.len(), y.len()),
        ));
    }
    let n = x.len();
    if n < 2 {
        return Err(Error::parameter(
            "series",
            format!("a line needs at least 2 points, the series has {n}"),
        ));
    }
    if x.iter().chain(y).any(|v| !v.is_finite()) {
        return Err(Error::parameter("series", "has a value that is not finite"));
    }
    let nf = n as f64;
    let x_mean = x.iter().sum::<f64>() / nf;
    let y_mean = y.iter().sum::<f64>() / nf;
    let (mut sxx, mut sxy, mut syy) = (0.0, 0.0, 0.0);
    for (xi, yi) in x.iter().zip(y) {
        let (dx, dy) = (xi - x_mean, yi - y_mean);
        sxx += dx * dx;
        sxy += dx * dy;
        syy += dy * dy;
    }
    if sxx == 0.0 {
        return Err(Error::parameter(
            "series",
            "every point has the same x (year): no trend can be fitted",
        ));
    }
    let slope = sxy / sxx;
    let intercept = y_mean - slope * x_mean;
    let sse: f64 = x
        .iter()
        .zip(y)
        .map(|(xi, yi)| {
            let e = yi - (y_mean + slope * (xi - x_mean));
            e * e
        })
        .sum();
    let df = n - 2;
    let s = (df > 0).then(|| (sse / df as f64).sqrt());
    Ok(LineFit {
        n,
        intercept,
        slope,
        x_mean,
        sxx,
        sse,
        df,
        s,
        se_intercept: s.map(|s| s * (1.0 / nf + x_mean * x_mean / sxx).sqrt()),
        se_slope: s.map(|s| s / sxx.sqrt()),
        r_squared: if syy > 0.0 { 1.0 - sse / syy } else { 1.0 },
    })
}

impl LineFit {
    /// The fitted value `a + b x0`.
    pub fn predict(&self, x0: f64) -> f64 {
        // about the mean, as fitted: a + b x0 = ȳ + b (x0 − x̄)
        self.intercept + self.slope * x0
    }

    /// The standard error of a new observation at `x0`,
    /// `s √(1 + 1/n + (x0 − x̄)² / Sxx)`; `None` for two points.
    pub fn prediction_se(&self, x0: f64) -> Option<f64> {
        let d = x0 - self.x_mean;
        self.s
            .map(|s| s * (1.0 + 1.0 / self.n as f64 + d * d / self.sxx).sqrt())
    }

    /// The prediction interval for a new observation at `x0` at `level`
    /// (e.g. 0.95); `None` for two points (no residual degrees of freedom).
    pub fn prediction_interval(&self, x0: f64, level: f64) -> Option<(f64, f64)> {
        let se = self.prediction_se(x0)?;
        let t = t_quantile((1.0 + level) / 2.0, self.df as f64)?;
        let y = self.predict(x0);
        Some((y - t * se, y + t * se))
    }
}

/// The `p` quantile of Student's t with `df` degrees of freedom (statrs);
/// `None` when `df` is not positive or `p` is outside (0, 1).
pub fn t_quantile(p: f64, df: f64) -> Option<f64> {
    if !(p > 0.0 && p < 1.0) {
        return None;
    }
    StudentsT::new(0.0, 1.0, df).ok().map(|t| t.inverse_cdf(p))
}

/// The `p` quantile of the standard normal distribution (statrs); `None`
/// outside (0, 1).
pub fn normal_quantile(p: f64) -> Option<f64> {
    if !(p > 0.0 && p < 1.0) {
        return None;
    }
    Normal::new(0.0, 1.0).ok().map(|n| n.inverse_cdf(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_match_published_tables() {
        // t tables (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2), to their 3 decimals,
        // and R's qt() to more digits
        assert!((t_quantile(0.975, 1.0).unwrap() - 12.706204736174707).abs() < 1e-9);
        assert!((t_quantile(0.975, 34.0).unwrap() - 2.032244509317718).abs() < 1e-9);
        assert!((t_quantile(0.9, 3.0).unwrap() - 1.63774435369621).abs() < 1e-9);
        assert!((normal_quantile(0.975).unwrap() - 1.959963984540054).abs() < 1e-12);
        assert!(t_quantile(0.975, 0.0).is_none());
        assert!(t_quantile(1.0, 3.0).is_none());
    }

    #[test]
    fn two_points_give_a_line_and_no_interval() {
        let fit = fit_line(&[2015.0, 2019.0], &[935.0, 1029.0]).unwrap();
        assert!((fit.slope - 23.5).abs() < 1e-12);
        assert_eq!(fit.df, 0);
        assert!(fit.s.is_none());
        assert!(fit.prediction_interval(2020.0, 0.95).is_none());
        assert!((fit.predict(2020.0) - 1052.5).abs() < 1e-9);
    }

    #[test]
    fn rejects_what_has_no_trend() {
        assert!(fit_line(&[1.0], &[1.0]).is_err());
        assert!(fit_line(&[1.0, 1.0], &[1.0, 2.0]).is_err());
        assert!(fit_line(&[1.0, 2.0], &[1.0, f64::NAN]).is_err());
    }
}
