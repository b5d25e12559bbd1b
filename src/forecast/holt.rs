//! Holt's linear method with a damped trend, as in Hyndman and Athanasopoulos,
//! *Forecasting: Principles and Practice* (3rd ed., 2021), section 8.2, and
//! its prediction interval (section 8.7, the ETS(A,Ad,N) model).
//!
//! Component form, with level `ℓ`, trend `b`, smoothing parameters `α`, `β*`
//! and damping `φ`:
//!
//! ```text
//! ŷ_{t+h|t} = ℓ_t + (φ + φ² + … + φ^h) b_t
//! ℓ_t = α y_t + (1 − α)(ℓ_{t−1} + φ b_{t−1})
//! b_t = β* (ℓ_t − ℓ_{t−1}) + (1 − β*) φ b_{t−1}
//! ```
//!
//! # Fitting
//!
//! `α`, `β*`, `φ` and the initial states `ℓ_0`, `b_0` minimise the sum of
//! squared one-step errors `Σ (y_t − ŷ_{t|t−1})²` (for additive errors the
//! same minimiser as the likelihood that R's `forecast::ets` and statsmodels
//! maximise). The bounds are those of FPP and both packages: `α` and `β*` in
//! `[0.0001, 0.9999]`, `φ` in `[0.8, 0.98]` ("φ is rarely less than 0.8 …
//! we restrict φ to a maximum of 0.98", FPP 8.2).
//!
//! The one-step forecasts are affine in `(ℓ_0, b_0)` for fixed `(α, β*, φ)`,
//! so the initial states are found exactly by a 2 x 2 least-squares solve and
//! only the three bounded parameters are searched: a grid, then Nelder-Mead
//! from its best point, clamped to the box. Deterministic, no random start.
//!
//! # Prediction interval
//!
//! With `β = α β*` (the state-space trend parameter) and `σ²` the residual
//! variance, the `h`-step forecast variance is (FPP 8.7, Table 8.8)
//!
//! ```text
//! σ_h² = σ² [1 + α²(h − 1) + βφh/(1 − φ)² (2α(1 − φ) + βφ)
//!            − βφ(1 − φ^h)/((1 − φ)²(1 − φ²)) (2α(1 − φ²) + βφ(1 + 2φ − φ^h))]
//! ```
//!
//! and the interval is `ŷ ± z σ_h` with the normal quantile `z`, as FPP and
//! R's `forecast` give it. `σ² = SSE / (n − 5)`, the residual variance with
//! the five fitted parameters counted, as R's `forecast::ets` estimates it
//! (statsmodels' `ETSModel` divides by `n`); so an interval needs at least
//! six points.

use serde::Serialize;

use crate::error::{Error, Result};

/// Bounds of the smoothing parameters `α` and `β*` (FPP, R `forecast`, statsmodels).
pub const SMOOTHING_BOUNDS: (f64, f64) = (1e-4, 0.9999);
/// Bounds of the damping parameter `φ` (FPP 8.2).
pub const DAMPING_BOUNDS: (f64, f64) = (0.8, 0.98);
/// Parameters fitted: `α`, `β*`, `φ`, `ℓ_0`, `b_0`.
pub const FITTED_PARAMETERS: usize = 5;

/// The parameters of a damped-trend model.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HoltParams {
    /// Level smoothing `α`.
    pub alpha: f64,
    /// Trend smoothing `β*` (component form; the state-space `β = α β*`).
    pub beta_star: f64,
    /// Damping `φ`.
    pub phi: f64,
    /// Initial level `ℓ_0`.
    pub level0: f64,
    /// Initial trend `b_0`.
    pub trend0: f64,
}

/// A fitted damped-trend model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HoltFit {
    /// The parameters.
    pub params: HoltParams,
    /// One-step fitted values `ŷ_{t|t−1}`.
    pub fitted: Vec<f64>,
    /// Sum of squared one-step errors.
    pub sse: f64,
    /// Level at the last observation.
    pub level: f64,
    /// Trend at the last observation.
    pub trend: f64,
    /// `σ² = SSE / (n − 5)`; `None` with five points or fewer.
    pub sigma2: Option<f64>,
}

/// Runs the recursion from `params` over `y`: one-step fitted values and
/// the final level and trend.
pub fn smooth(y: &[f64], p: &HoltParams) -> (Vec<f64>, f64, f64) {
    let (mut l, mut b) = (p.level0, p.trend0);
    let mut fitted = Vec::with_capacity(y.len());
    for &yt in y {
        fitted.push(l + p.phi * b);
        let l_new = p.alpha * yt + (1.0 - p.alpha) * (l + p.phi * b);
        b = p.beta_star * (l_new - l) + (1.0 - p.beta_star) * p.phi * b;
        l = l_new;
    }
    (fitted, l, b)
}

/// The best initial states for fixed smoothing parameters, and the SSE.
fn concentrated(y: &[f64], alpha: f64, beta_star: f64, phi: f64) -> Option<(f64, f64, f64)> {
    let p = |level0, trend0, alpha| HoltParams {
        alpha,
        beta_star,
        phi,
        level0,
        trend0,
    };
    // ŷ_t = f0_t + a_t ℓ_0 + c_t b_0: f0 from zero states, a and c from unit
    // states run on a zero series (the recursion is linear).
    let zeros = vec![0.0; y.len()];
    let (f0, _, _) = smooth(y, &p(0.0, 0.0, alpha));
    let (a, _, _) = smooth(&zeros, &p(1.0, 0.0, alpha));
    let (c, _, _) = smooth(&zeros, &p(0.0, 1.0, alpha));
    let (mut saa, mut sac, mut scc, mut sar, mut scr) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for t in 0..y.len() {
        let r = y[t] - f0[t];
        saa += a[t] * a[t];
        sac += a[t] * c[t];
        scc += c[t] * c[t];
        sar += a[t] * r;
        scr += c[t] * r;
    }
    let det = saa * scc - sac * sac;
    if det.abs().is_nan() || det.abs() <= 1e-12 * (saa * scc).max(1e-300) {
        return None;
    }
    let l0 = (scc * sar - sac * scr) / det;
    let b0 = (saa * scr - sac * sar) / det;
    let (fitted, _, _) = smooth(y, &p(l0, b0, alpha));
    let sse = y.iter().zip(&fitted).map(|(a, f)| (a - f) * (a - f)).sum();
    Some((l0, b0, sse))
}

/// Fits the damped-trend model to `y` (equally spaced: one value a year).
///
/// # Errors
///
/// [`Error::Parameter`] with fewer than three values or a value that is not
/// finite.
pub fn fit(y: &[f64]) -> Result<HoltFit> {
    if y.len() < 3 {
        return Err(Error::parameter(
            "series",
            format!(
                "Holt's damped trend needs at least 3 values, the series has {}",
                y.len()
            ),
        ));
    }
    if y.iter().any(|v| !v.is_finite()) {
        return Err(Error::parameter("series", "has a value that is not finite"));
    }
    // Scale to unit size so the tolerances mean the same for roubles and thousands.
    let scale = y.iter().map(|v| v.abs()).fold(0.0, f64::max).max(1e-300);
    let ys: Vec<f64> = y.iter().map(|v| v / scale).collect();
    let sse_of = |q: [f64; 3]| {
        let q = clamp(q);
        concentrated(&ys, q[0], q[1], q[2]).map_or(f64::INFINITY, |(_, _, s)| s)
    };
    // grid
    let (lo, hi) = SMOOTHING_BOUNDS;
    let (plo, phi_hi) = DAMPING_BOUNDS;
    let steps = 19;
    let mut best = ([0.5, 0.5, 0.9], f64::INFINITY);
    for i in 0..=steps {
        let a = lo + (hi - lo) * i as f64 / steps as f64;
        for j in 0..=steps {
            let b = lo + (hi - lo) * j as f64 / steps as f64;
            for k in 0..=6 {
                let f = plo + (phi_hi - plo) * k as f64 / 6.0;
                let s = sse_of([a, b, f]);
                if s < best.1 {
                    best = ([a, b, f], s);
                }
            }
        }
    }
    let q = clamp(nelder_mead(&sse_of, best.0, [0.05, 0.05, 0.02]));
    let (l0, b0, _) = concentrated(&ys, q[0], q[1], q[2]).ok_or_else(|| {
        Error::parameter(
            "series",
            "the initial level and trend cannot be estimated (the series is too short or flat)",
        )
    })?;
    let params = HoltParams {
        alpha: q[0],
        beta_star: q[1],
        phi: q[2],
        level0: l0 * scale,
        trend0: b0 * scale,
    };
    Ok(from_params(y, params))
}

/// The fit of `y` with the given parameters (nothing estimated).
pub fn from_params(y: &[f64], params: HoltParams) -> HoltFit {
    let (fitted, level, trend) = smooth(y, &params);
    let sse: f64 = y.iter().zip(&fitted).map(|(a, f)| (a - f) * (a - f)).sum();
    let df = y.len().saturating_sub(FITTED_PARAMETERS);
    HoltFit {
        params,
        fitted,
        sse,
        level,
        trend,
        sigma2: (df > 0).then(|| sse / df as f64),
    }
}

impl HoltFit {
    /// The point forecast `h` steps after the last observation.
    pub fn forecast(&self, h: usize) -> f64 {
        let phi = self.params.phi;
        let mut damp = 0.0;
        let mut p = 1.0;
        for _ in 0..h {
            p *= phi;
            damp += p;
        }
        self.level + damp * self.trend
    }

    /// The `h`-step forecast variance divided by `σ²` (FPP Table 8.8, ETS(A,Ad,N)).
    pub fn relative_variance(&self, h: usize) -> f64 {
        relative_variance(&self.params, h)
    }

    /// The prediction interval `h` steps ahead at `level` (e.g. 0.95);
    /// `None` without an estimate of `σ²` (five points or fewer).
    pub fn prediction_interval(&self, h: usize, level: f64) -> Option<(f64, f64)> {
        let s2 = self.sigma2?;
        let z = super::ols::normal_quantile((1.0 + level) / 2.0)?;
        let half = z * (s2 * self.relative_variance(h)).sqrt();
        let y = self.forecast(h);
        Some((y - half, y + half))
    }
}

/// The `h`-step forecast variance of ETS(A,Ad,N) divided by `σ²`.
pub fn relative_variance(p: &HoltParams, h: usize) -> f64 {
    let (a, phi) = (p.alpha, p.phi);
    let b = p.alpha * p.beta_star;
    let hf = h as f64;
    let ph = phi.powi(h as i32);
    1.0 + a * a * (hf - 1.0)
        + b * phi * hf / (1.0 - phi).powi(2) * (2.0 * a * (1.0 - phi) + b * phi)
        - b * phi * (1.0 - ph) / ((1.0 - phi).powi(2) * (1.0 - phi * phi))
            * (2.0 * a * (1.0 - phi * phi) + b * phi * (1.0 + 2.0 * phi - ph))
}

fn clamp(q: [f64; 3]) -> [f64; 3] {
    let (lo, hi) = SMOOTHING_BOUNDS;
    let (plo, phi) = DAMPING_BOUNDS;
    [q[0].clamp(lo, hi), q[1].clamp(lo, hi), q[2].clamp(plo, phi)]
}

/// Nelder-Mead minimisation of `f` from `x0` with initial steps `step`
/// (standard coefficients: reflection 1, expansion 2, contraction 1/2, shrink 1/2).
fn nelder_mead(f: &impl Fn([f64; 3]) -> f64, x0: [f64; 3], step: [f64; 3]) -> [f64; 3] {
    let mut simplex: Vec<([f64; 3], f64)> = Vec::with_capacity(4);
    simplex.push((x0, f(x0)));
    for i in 0..3 {
        let mut x = x0;
        x[i] += step[i];
        simplex.push((x, f(x)));
    }
    let lin = |a: [f64; 3], b: [f64; 3], t: f64| {
        [
            a[0] + t * (b[0] - a[0]),
            a[1] + t * (b[1] - a[1]),
            a[2] + t * (b[2] - a[2]),
        ]
    };
    for _ in 0..2000 {
        simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
        let (best, worst) = (simplex[0].1, simplex[3].1);
        if (worst - best).abs() <= 1e-14 * (best.abs() + 1e-14) {
            break;
        }
        let mut c = [0.0; 3];
        for (x, _) in &simplex[..3] {
            for k in 0..3 {
                c[k] += x[k] / 3.0;
            }
        }
        let xw = simplex[3].0;
        let xr = lin(c, xw, -1.0);
        let fr = f(xr);
        if fr < simplex[0].1 {
            let xe = lin(c, xw, -2.0);
            let fe = f(xe);
            simplex[3] = if fe < fr { (xe, fe) } else { (xr, fr) };
        } else if fr < simplex[2].1 {
            simplex[3] = (xr, fr);
        } else {
            let xc = if fr < simplex[3].1 {
                lin(c, xr, 0.5)
            } else {
                lin(c, xw, 0.5)
            };
            let fc = f(xc);
            if fc < fr.min(simplex[3].1) {
                simplex[3] = (xc, fc);
            } else {
                let x0 = simplex[0].0;
                for s in simplex.iter_mut().skip(1) {
                    s.0 = lin(x0, s.0, 0.5);
                    s.1 = f(s.0);
                }
            }
        }
    }
    simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
    simplex[0].0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recursion_matches_the_state_space_form() {
        // ℓ_t = ℓ_{t−1} + φ b_{t−1} + α e_t, b_t = φ b_{t−1} + α β* e_t
        let p = HoltParams {
            alpha: 0.6,
            beta_star: 0.3,
            phi: 0.9,
            level0: 10.0,
            trend0: 1.0,
        };
        let y = [11.0, 13.5, 13.0, 16.0];
        let (fitted, l, b) = smooth(&y, &p);
        let (mut l2, mut b2) = (10.0, 1.0);
        for (t, &yt) in y.iter().enumerate() {
            let yhat = l2 + 0.9 * b2;
            assert!((fitted[t] - yhat).abs() < 1e-12);
            let e = yt - yhat;
            l2 = l2 + 0.9 * b2 + 0.6 * e;
            b2 = 0.9 * b2 + 0.6 * 0.3 * e;
        }
        assert!((l - l2).abs() < 1e-12 && (b - b2).abs() < 1e-12);
    }

    #[test]
    fn the_variance_factor_starts_at_one_and_grows() {
        let p = HoltParams {
            alpha: 0.5,
            beta_star: 0.2,
            phi: 0.9,
            level0: 0.0,
            trend0: 0.0,
        };
        assert!((relative_variance(&p, 1) - 1.0).abs() < 1e-12);
        // h = 2 by hand: 1 + α² + (βφ)·... reduces to 1 + (α + βφ)²
        let b = 0.5 * 0.2;
        assert!((relative_variance(&p, 2) - (1.0 + (0.5 + b * 0.9f64).powi(2))).abs() < 1e-12);
        assert!(relative_variance(&p, 5) > relative_variance(&p, 3));
    }

    #[test]
    fn a_noiseless_damped_trend_is_recovered() {
        // with every error zero, y_t = ℓ_0 + (φ + … + φ^t) b_0 whatever α and β*
        let (mut y, mut damp, mut p) = (Vec::new(), 0.0, 1.0);
        for _ in 0..8 {
            p *= 0.9;
            damp += p;
            y.push(5.0 + damp * 2.0);
        }
        let fit = fit(&y).unwrap();
        assert!(fit.sse < 1e-12, "{}", fit.sse);
        assert!((fit.params.phi - 0.9).abs() < 1e-6, "{:?}", fit.params);
        assert!((fit.params.level0 - 5.0).abs() < 1e-6 && (fit.params.trend0 - 2.0).abs() < 1e-6);
    }
}
