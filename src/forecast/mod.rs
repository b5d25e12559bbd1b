//! Forecasts of indicator series with honest intervals.
//!
//! Three methods ([`Method`]), each with 80 % and 95 % prediction intervals:
//!
//! - **linear trend**: `y = a + b·year` by least squares ([`ols`]); the
//!   interval `ŷ ± t·s·√(1 + 1/n + (t0 − t̄)²/Σ(t − t̄)²)`;
//! - **log-linear trend**: the same on `ln y` (constant growth rate
//!   `e^b − 1` a year), interval and forecast taken back by `exp` (the
//!   forecast is then the median, not the mean: FPP 5.6, back-transformation);
//! - **Holt's damped trend** ([`holt`]), as in Hyndman and Athanasopoulos,
//!   *Forecasting: Principles and Practice*, 3rd ed., 8.2 and 8.7.
//!
//! Every forecast carries a rolling-origin back-test ([`Backtest`]: FPP 5.10,
//! "evaluation on a rolling forecasting origin"): the model is refitted on the
//! first `k` points for each `k` from [`BACKTEST_MIN_TRAIN`] and its one-year
//! forecast compared with the value that followed; MAE and RMSE of those
//! errors. Warnings say what a short series cannot support: fewer than
//! [`MIN_POINTS`] points, no degrees of freedom left for an interval, a
//! horizon longer than the series.
//!
//! ```
//! use coopnet::forecast::{forecast, ForecastConfig, Method, Observation};
//! let obs: Vec<Observation> = [(2017, 10.0), (2018, 12.0), (2019, 13.5), (2020, 16.0), (2021, 17.0)]
//!     .iter().map(|&(year, value)| Observation { year, value }).collect();
//! let f = forecast(&obs, &ForecastConfig { to_year: Some(2024), ..ForecastConfig::default() }).unwrap();
//! assert_eq!(f.forecasts.len(), 3);
//! let p = &f.forecasts[2];
//! assert_eq!(p.year, 2024);
//! assert!(p.intervals[1].lower < p.intervals[0].lower); // 95 % is wider than 80 %
//! ```

pub mod holt;
pub mod ols;
pub mod series;

use serde::Serialize;

pub use holt::{HoltFit, HoltParams};
pub use ols::LineFit;
pub use series::{Observation, Series, SeriesSet};

use crate::error::{Error, Result};

/// The prediction-interval levels reported: 80 % and 95 %, as FPP and R's
/// `forecast` show by default.
pub const LEVELS: [f64; 2] = [0.80, 0.95];

/// Years forecast past the last observation when no `--to` is given: three,
/// the horizon of the source study's Figure 4 (2017-2021 data, forecast to 2024).
pub const DEFAULT_HORIZON: i32 = 3;

/// Below this many points a forecast comes with a warning: a trend fitted
/// to four or fewer years cannot be told apart from a run of noise.
pub const MIN_POINTS: usize = 5;

/// The smallest training sample of the back-test: three points, the fewest
/// that leave a regression a residual degree of freedom.
pub const BACKTEST_MIN_TRAIN: usize = 3;

/// How a series is extrapolated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// Linear trend `y = a + b·year` (the study's "trend").
    #[default]
    Linear,
    /// Log-linear trend `ln y = a + b·year`: a constant growth rate.
    #[serde(rename = "loglinear")]
    LogLinear,
    /// Holt's linear method with a damped trend.
    HoltDamped,
}

impl Method {
    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Method::Linear => "linear",
            Method::LogLinear => "loglinear",
            Method::HoltDamped => "holt-damped",
        }
    }

    /// A description for tables and charts.
    pub fn describe(self) -> &'static str {
        match self {
            Method::Linear => "linear trend (OLS)",
            Method::LogLinear => "log-linear trend (OLS on ln y)",
            Method::HoltDamped => "Holt's damped trend",
        }
    }
}

/// Parameters of [`forecast`].
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastConfig {
    /// The method.
    pub method: Method,
    /// Forecast every year up to this one; `None`: [`DEFAULT_HORIZON`] years
    /// past the last observation.
    pub to_year: Option<i32>,
    /// The smallest training sample of the back-test ([`BACKTEST_MIN_TRAIN`]).
    pub backtest_min_train: usize,
}

impl Default for ForecastConfig {
    fn default() -> Self {
        ForecastConfig {
            method: Method::default(),
            to_year: None,
            backtest_min_train: BACKTEST_MIN_TRAIN,
        }
    }
}

/// A prediction interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    /// Its level (0.8 or 0.95).
    pub level: f64,
    /// Lower bound.
    pub lower: f64,
    /// Upper bound.
    pub upper: f64,
}

/// An observed year with the model's fitted value (one-step for Holt).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FittedPoint {
    /// The year.
    pub year: i32,
    /// The observed value.
    pub value: f64,
    /// The fitted value.
    pub fitted: f64,
}

/// A forecast year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForecastPoint {
    /// The year.
    pub year: i32,
    /// The point forecast.
    pub forecast: f64,
    /// The intervals at [`LEVELS`]; empty when the series leaves no residual
    /// variance to estimate them from.
    pub intervals: Vec<Interval>,
}

/// One back-test origin: the model fitted on the years before `year`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BacktestError {
    /// The year forecast.
    pub year: i32,
    /// Points the model was fitted on.
    pub trained_on: usize,
    /// The value observed.
    pub actual: f64,
    /// The one-year forecast from the earlier years.
    pub forecast: f64,
}

/// The rolling-origin back-test.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Backtest {
    /// The smallest training sample.
    pub min_train: usize,
    /// One entry per origin.
    pub errors: Vec<BacktestError>,
    /// Mean absolute error; `None` without an origin.
    pub mae: Option<f64>,
    /// Root mean squared error; `None` without an origin.
    pub rmse: Option<f64>,
}

/// The fitted model.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Model {
    /// A linear or log-linear trend (on `ln y` for the log-linear one).
    Trend {
        /// The line (on `ln y` for log-linear).
        line: LineFit,
        /// True for the log-linear trend.
        log: bool,
    },
    /// Holt's damped trend.
    Holt {
        /// The fit.
        fit: HoltFit,
    },
}

/// A series' fit, forecasts, back-test and warnings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    /// The method.
    pub method: Method,
    /// Number of observations.
    pub n: usize,
    /// Every observed year with its fitted value.
    pub fitted: Vec<FittedPoint>,
    /// Every forecast year.
    pub forecasts: Vec<ForecastPoint>,
    /// The model.
    pub model: Model,
    /// The rolling-origin back-test.
    pub backtest: Backtest,
    /// What the reader must know (short series, no interval, long horizon).
    pub warnings: Vec<String>,
}

/// A model fitted to some points: what the forecast and the back-test share.
enum Fitted {
    Trend(LineFit, bool),
    Holt(HoltFit, i32),
}

impl Fitted {
    fn new(points: &[Observation], method: Method) -> Result<Fitted> {
        let x: Vec<f64> = points.iter().map(|o| f64::from(o.year)).collect();
        let y: Vec<f64> = points.iter().map(|o| o.value).collect();
        Ok(match method {
            Method::Linear => Fitted::Trend(ols::fit_line(&x, &y)?, false),
            Method::LogLinear => {
                let ln: Vec<f64> = y.iter().map(|v| v.ln()).collect();
                Fitted::Trend(ols::fit_line(&x, &ln)?, true)
            }
            Method::HoltDamped => {
                let last = points.last().map_or(0, |o| o.year);
                Fitted::Holt(holt::fit(&y)?, last)
            }
        })
    }

    fn point(&self, year: i32) -> f64 {
        match self {
            Fitted::Trend(line, log) => {
                let y = line.predict(f64::from(year));
                if *log { y.exp() } else { y }
            }
            Fitted::Holt(fit, last) => fit.forecast((year - last).max(1) as usize),
        }
    }

    fn interval(&self, year: i32, level: f64) -> Option<Interval> {
        let (lower, upper) = match self {
            Fitted::Trend(line, log) => {
                let (lo, hi) = line.prediction_interval(f64::from(year), level)?;
                if *log { (lo.exp(), hi.exp()) } else { (lo, hi) }
            }
            Fitted::Holt(fit, last) => fit.prediction_interval((year - last) as usize, level)?,
        };
        Some(Interval {
            level,
            lower,
            upper,
        })
    }
}

/// Fits `points` by `config.method` and forecasts every year after the last
/// up to `config.to_year`.
///
/// # Errors
///
/// [`Error::Parameter`] when the years are not increasing, `to_year` is not
/// after the last year, the series is too short for the method (2 points for
/// a trend, 3 for Holt), Holt is asked for a series with a missing year, or
/// the log-linear trend for a value that is not positive.
pub fn forecast(points: &[Observation], config: &ForecastConfig) -> Result<Forecast> {
    if let Some(w) = points.windows(2).find(|w| w[1].year <= w[0].year) {
        return Err(Error::parameter(
            "series",
            format!(
                "years must increase and appear once: {} follows {}",
                w[1].year, w[0].year
            ),
        ));
    }
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return Err(Error::parameter("series", "has no values"));
    };
    let to_year = config.to_year.unwrap_or(last.year + DEFAULT_HORIZON);
    if to_year <= last.year {
        return Err(Error::parameter(
            "--to",
            format!(
                "{to_year} is not after the last year of the series ({})",
                last.year
            ),
        ));
    }
    if config.method == Method::HoltDamped {
        if let Some(w) = points.windows(2).find(|w| w[1].year != w[0].year + 1) {
            return Err(Error::parameter(
                "--method holt-damped",
                format!(
                    "Holt's method needs one value every year; the series jumps from {} to {} (fill the gap or use --method linear)",
                    w[0].year, w[1].year
                ),
            ));
        }
    }
    if config.method == Method::LogLinear {
        if let Some(o) = points.iter().find(|o| o.value.is_nan() || o.value <= 0.0) {
            return Err(Error::parameter(
                "--method loglinear",
                format!(
                    "a log-linear trend needs positive values; {} is {} (use --method linear)",
                    o.year, o.value
                ),
            ));
        }
    }
    let model = Fitted::new(points, config.method)?;
    let n = points.len();
    let fitted: Vec<FittedPoint> = match &model {
        Fitted::Holt(fit, _) => points
            .iter()
            .zip(&fit.fitted)
            .map(|(o, &f)| FittedPoint {
                year: o.year,
                value: o.value,
                fitted: f,
            })
            .collect(),
        Fitted::Trend(..) => points
            .iter()
            .map(|o| FittedPoint {
                year: o.year,
                value: o.value,
                fitted: model.point(o.year),
            })
            .collect(),
    };
    let forecasts: Vec<ForecastPoint> = (last.year + 1..=to_year)
        .map(|year| ForecastPoint {
            year,
            forecast: model.point(year),
            intervals: LEVELS
                .iter()
                .filter_map(|&l| model.interval(year, l))
                .collect(),
        })
        .collect();
    let backtest = backtest(points, config.method, config.backtest_min_train.max(2));
    let mut warnings = Vec::new();
    if n < MIN_POINTS {
        warnings.push(format!(
            "only {n} points ({}-{}): a trend from fewer than {MIN_POINTS} points is fragile; \
             the intervals measure the scatter around the fitted trend, not whether the trend will hold",
            first.year, last.year
        ));
    }
    if forecasts.iter().all(|f| f.intervals.is_empty()) {
        warnings.push(match config.method {
            Method::HoltDamped => format!(
                "no prediction interval: Holt's damped trend fits {} parameters, and {n} points leave no residual variance (an interval needs at least {})",
                holt::FITTED_PARAMETERS,
                holt::FITTED_PARAMETERS + 1
            ),
            _ => format!(
                "no prediction interval: a line through {n} points leaves no degrees of freedom (an interval needs at least 3)"
            ),
        });
    }
    let horizon = (to_year - last.year) as usize;
    if horizon > n {
        warnings.push(format!(
            "forecasting {horizon} years ahead from {n} points: beyond the length of the series itself"
        ));
    }
    if backtest.errors.is_empty() {
        warnings.push(format!(
            "no back-test: it needs at least {} points (fits on {} or more, each checked against the next year)",
            backtest.min_train + 1,
            backtest.min_train
        ));
    }
    let model = match model {
        Fitted::Trend(line, log) => Model::Trend { line, log },
        Fitted::Holt(fit, _) => Model::Holt { fit },
    };
    Ok(Forecast {
        method: config.method,
        n,
        fitted,
        forecasts,
        model,
        backtest,
        warnings,
    })
}

/// The rolling-origin back-test of `method` on `points`: for each `k` from
/// `min_train` to `n − 1`, fit on the first `k` points and forecast the
/// year of point `k + 1`.
pub fn backtest(points: &[Observation], method: Method, min_train: usize) -> Backtest {
    let mut errors = Vec::new();
    for k in min_train..points.len() {
        let Ok(model) = Fitted::new(&points[..k], method) else {
            continue;
        };
        let next = points[k];
        errors.push(BacktestError {
            year: next.year,
            trained_on: k,
            actual: next.value,
            forecast: model.point(next.year),
        });
    }
    let m = errors.len() as f64;
    let (mae, rmse) = if errors.is_empty() {
        (None, None)
    } else {
        let abs: f64 = errors.iter().map(|e| (e.actual - e.forecast).abs()).sum();
        let sq: f64 = errors.iter().map(|e| (e.actual - e.forecast).powi(2)).sum();
        (Some(abs / m), Some((sq / m).sqrt()))
    };
    Backtest {
        min_train,
        errors,
        mae,
        rmse,
    }
}
