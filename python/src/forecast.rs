//! Forecasts of one indicator series, as `coopnet forecast` makes them: a
//! trend or Holt's damped trend, 80 % and 95 % prediction intervals and the
//! rolling-origin back-test.

use std::fmt::Write as _;
use std::path::PathBuf;

use coopnet::Result;
use coopnet::dynamics::indicator_growth;
use coopnet::export::forecast_chart::{ChartText, forecast_csv, forecast_md, forecast_svg};
use coopnet::forecast::{Forecast, ForecastConfig, LEVELS, Method, Series, SeriesSet, forecast};
use coopnet::load::LoadOptions;
use coopnet::load::series::read_series_table;
use coopnet::load::table::Table;
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3_arrow::PyTable;
use serde::Serialize;

use crate::compute;
use crate::dataset::{frame, load_options};
use crate::frames::{Lines, frame_table, located};
use crate::tables::{Col, table};

/// A series' fit, forecasts and back-test, with the series itself.
#[pyclass(frozen, name = "_Forecast", module = "coopnet._coopnet")]
struct PyForecast {
    f: Forecast,
    series: Series,
    file: String,
}

fn method(name: &str) -> PyResult<Method> {
    [Method::Linear, Method::LogLinear, Method::HoltDamped]
        .into_iter()
        .find(|m| m.name() == name)
        .ok_or_else(|| {
            PyValueError::new_err(format!(
                "method {name:?}: one of linear, loglinear, holt-damped"
            ))
        })
}

/// Chooses the series of `set` and forecasts it.
fn run(
    set: SeriesSet,
    entity: Option<&str>,
    indicator: Option<&str>,
    config: &ForecastConfig,
) -> Result<PyForecast> {
    let series = set.select(entity, indicator)?.clone();
    let f = forecast(&series.points, config)?;
    Ok(PyForecast {
        f,
        series,
        file: set.file,
    })
}

fn config(method_name: &str, to: Option<i32>) -> PyResult<ForecastConfig> {
    Ok(ForecastConfig {
        method: method(method_name)?,
        to_year: to,
        ..ForecastConfig::default()
    })
}

/// Forecasts a series of a series file (a path, `entity,indicator,year,value`)
/// or of a frame with its columns.
#[pyfunction]
#[pyo3(signature = (data, *, entity, indicator, method, to, encoding))]
#[allow(clippy::too_many_arguments)]
fn forecast_series(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    entity: Option<String>,
    indicator: Option<String>,
    method: &str,
    to: Option<i32>,
    encoding: Option<&str>,
) -> PyResult<PyForecast> {
    let config = config(method, to)?;
    let source = series_set(data, load_options(encoding)?)?;
    compute(py, None, move || {
        run(
            source.read()?,
            entity.as_deref(),
            indicator.as_deref(),
            &config,
        )
    })
}

/// Forecasts the values `values` of the years `years` (one series, called
/// `entity / indicator`, in `unit`); a missing value is `None`.
#[pyfunction]
#[pyo3(signature = (years, values, *, entity, indicator, unit, method, to))]
#[allow(clippy::too_many_arguments)]
fn forecast_values(
    py: Python<'_>,
    years: Vec<String>,
    values: Vec<Option<f64>>,
    entity: String,
    indicator: String,
    unit: Option<String>,
    method: &str,
    to: Option<i32>,
) -> PyResult<PyForecast> {
    if years.len() != values.len() {
        return Err(PyValueError::new_err(
            "years and values must have the same length",
        ));
    }
    let config = config(method, to)?;
    compute(py, None, move || {
        // written as a series file and read by its reader, so that the
        // values are checked as a file's are (each problem names its position)
        let field = |s: &str| coopnet::export::escape::csv_field(s).into_owned();
        let mut text = String::from("entity,indicator,year,value,unit\n");
        for (year, value) in years.iter().zip(&values) {
            let value = value.map_or_else(String::new, |v| v.to_string());
            let _ = writeln!(
                text,
                "{},{},{},{value},{}",
                field(&entity),
                field(&indicator),
                field(year),
                field(unit.as_deref().unwrap_or_default())
            );
        }
        let table = Table::from_bytes(text.into_bytes(), "series")?;
        let lines = Lines::default();
        let set = located(read_series_table(&table), "series", &lines)?;
        let mut f = run(set, None, None, &config)?;
        f.file = "the values given".to_string();
        Ok(f)
    })
}

#[derive(Serialize)]
struct YearRow {
    year: i32,
    kind: &'static str,
    value: Option<f64>,
    fitted: Option<f64>,
    forecast: Option<f64>,
    lower_80: Option<f64>,
    upper_80: Option<f64>,
    lower_95: Option<f64>,
    upper_95: Option<f64>,
}

#[derive(Serialize)]
struct BacktestRow {
    year: i32,
    trained_on: i64,
    actual: f64,
    forecast: f64,
    error: f64,
}

/// The JSON of `coopnet forecast --format json`.
#[derive(Serialize)]
struct JsonOut<'a> {
    input: &'a str,
    series: &'a Series,
    synthetic: bool,
    levels: [f64; 2],
    #[serde(flatten)]
    forecast: &'a Forecast,
}

#[pymethods]
impl PyForecast {
    /// One row per year: `year,kind,value,fitted,forecast,lower_80,upper_80,lower_95,upper_95`
    /// (`kind` observed or forecast), as the command's CSV.
    fn table(&self) -> PyResult<PyTable> {
        let mut rows: Vec<YearRow> = self
            .f
            .fitted
            .iter()
            .map(|p| YearRow {
                year: p.year,
                kind: "observed",
                value: Some(p.value),
                fitted: Some(p.fitted),
                forecast: None,
                lower_80: None,
                upper_80: None,
                lower_95: None,
                upper_95: None,
            })
            .collect();
        for p in &self.f.forecasts {
            let bound = |level: f64, upper: bool| {
                p.intervals
                    .iter()
                    .find(|i| i.level == level)
                    .map(|i| if upper { i.upper } else { i.lower })
            };
            rows.push(YearRow {
                year: p.year,
                kind: "forecast",
                value: None,
                fitted: None,
                forecast: Some(p.forecast),
                lower_80: bound(LEVELS[0], false),
                upper_80: bound(LEVELS[0], true),
                lower_95: bound(LEVELS[1], false),
                upper_95: bound(LEVELS[1], true),
            });
        }
        table(
            &[
                ("year", Col::I64),
                ("kind", Col::Str),
                ("value", Col::F64),
                ("fitted", Col::F64),
                ("forecast", Col::F64),
                ("lower_80", Col::F64),
                ("upper_80", Col::F64),
                ("lower_95", Col::F64),
                ("upper_95", Col::F64),
            ],
            &rows,
        )
    }

    /// One row per back-test origin: `year,trained_on,actual,forecast,error`
    /// (error = forecast - actual).
    fn backtest(&self) -> PyResult<PyTable> {
        let rows: Vec<BacktestRow> = self
            .f
            .backtest
            .errors
            .iter()
            .map(|e| BacktestRow {
                year: e.year,
                trained_on: e.trained_on as i64,
                actual: e.actual,
                forecast: e.forecast,
                error: e.forecast - e.actual,
            })
            .collect();
        table(
            &[
                ("year", Col::I64),
                ("trained_on", Col::I64),
                ("actual", Col::F64),
                ("forecast", Col::F64),
                ("error", Col::F64),
            ],
            &rows,
        )
    }

    /// As `coopnet forecast --format json`.
    fn to_json(&self) -> PyResult<String> {
        let mut t = serde_json::to_string_pretty(&JsonOut {
            input: &self.file,
            series: &self.series,
            synthetic: self.series.is_synthetic(),
            levels: LEVELS,
            forecast: &self.f,
        })
        .map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
        t.push('\n');
        Ok(t)
    }

    /// As `coopnet forecast --format csv`.
    fn to_csv(&self) -> String {
        forecast_csv(&self.f)
    }

    /// As `coopnet forecast` (Markdown).
    fn to_markdown(&self) -> String {
        forecast_md(&self.series, &self.f, &self.file)
    }

    /// The chart as SVG, as `coopnet forecast --chart`.
    fn chart(&self, py: Python<'_>) -> PyResult<String> {
        let text = ChartText::for_series(&self.series, &self.f, &self.file);
        forecast_svg(&self.f, &text).map_err(|e| crate::errors::to_py(py, e))
    }

    /// `(entity, indicator, unit)` of the series.
    #[getter]
    fn series(&self) -> (String, String, Option<String>) {
        let s = &self.series;
        (s.entity.clone(), s.indicator.clone(), s.unit.clone())
    }

    #[getter]
    fn synthetic(&self) -> bool {
        self.series.is_synthetic()
    }

    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.f.warnings.clone()
    }
}

/// The series of a series file (a path) or of a frame with its columns.
fn series_set(data: &Bound<'_, PyAny>, options: LoadOptions) -> PyResult<Source> {
    if let Ok(path) = data.extract::<PathBuf>() {
        return Ok(Source::File(path, options));
    }
    Ok(Source::Frame(frame(data, "series")?))
}

/// Where a series set is read from.
enum Source {
    File(PathBuf, LoadOptions),
    Frame(crate::frames::Frame),
}

impl Source {
    fn read(&self) -> Result<SeriesSet> {
        match self {
            Source::File(path, options) => {
                let table = Table::read_with(path, &path.display().to_string(), options)?;
                read_series_table(&table)
            }
            Source::Frame(frame) => {
                let (table, lines) = frame_table(frame)?;
                let mut set = located(read_series_table(&table), frame.name, &lines)?;
                set.file = "the series frame".to_string();
                Ok(set)
            }
        }
    }
}

/// The growth of every series from `from_year` to `to_year` (each series'
/// first and last years by default), as `coopnet dynamics SERIES`: the
/// growth rows and the series without a value in both years.
#[pyfunction]
#[pyo3(signature = (data, *, from_year, to_year, encoding))]
fn series_growth(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    from_year: Option<i32>,
    to_year: Option<i32>,
    encoding: Option<&str>,
) -> PyResult<(PyTable, Vec<String>)> {
    let source = series_set(data, load_options(encoding)?)?;
    let (rows, skipped) = compute(py, None, move || {
        let set = source.read()?;
        let mut rows = Vec::new();
        let mut skipped = Vec::new();
        for s in &set.series {
            let (Some(first), Some(last)) = (s.points.first(), s.points.last()) else {
                continue;
            };
            let (from, to) = (
                from_year.unwrap_or(first.year),
                to_year.unwrap_or(last.year),
            );
            match indicator_growth(s, from, to) {
                Some(g) if to > from => rows.push(g),
                _ => skipped.push(s.label()),
            }
        }
        if rows.is_empty() {
            return Err(coopnet::Error::parameter(
                "from_year/to_year",
                format!("{}: no series has values in both years asked for", set.file),
            ));
        }
        Ok((rows, skipped))
    })?;
    let t = table(
        &[
            ("entity", Col::Str),
            ("indicator", Col::Str),
            ("unit", Col::Str),
            ("from", Col::I64),
            ("to", Col::I64),
            ("value_from", Col::F64),
            ("value_to", Col::F64),
            ("growth_pct", Col::F64),
            ("cagr_pct", Col::F64),
            ("synthetic", Col::Bool),
        ],
        &rows,
    )?;
    Ok((t, skipped))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyForecast>()?;
    m.add_function(wrap_pyfunction!(series_growth, m)?)?;
    m.add_function(wrap_pyfunction!(forecast_series, m)?)?;
    m.add_function(wrap_pyfunction!(forecast_values, m)?)?;
    Ok(())
}
