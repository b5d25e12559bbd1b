//! `coopnet forecast`: a trend or Holt's damped trend for one indicator
//! series, with 80 % and 95 % prediction intervals, a back-test and a chart.

use std::path::PathBuf;

use anyhow::Context as _;
use serde::Serialize;

use super::common::TableFormat as Format;
use super::common::{Context, Outcome, write_output};
use coopnet::export::forecast_chart::{ChartText, forecast_csv, forecast_md, forecast_svg};
use coopnet::forecast::{Forecast, ForecastConfig, Method, Series, forecast};
use coopnet::load::series::read_series;

const AFTER_HELP: &str = "\
Examples:
  coopnet forecast datasets/russia/series.csv --indicator clusters_founded --to 2025
  coopnet forecast datasets/russia/series.csv --indicator industrial_cluster_support --to 2027
  coopnet forecast profit.csv --entity ARNEST --indicator net_profit --to 2024 --chart arnest.svg
  coopnet forecast profit.csv --method holt-damped --format csv --out forecast.csv

SERIES is a file entity,indicator,year,value (optional unit, provenance, source). With
more than one series in it, --entity and --indicator choose one. The forecast runs to
--to (default: 3 years past the last value) with 80 % and 95 % prediction intervals; a
rolling-origin back-test gives the one-year-ahead MAE and RMSE; fewer than 5 points give
a warning. The CSV has one row per year: year,kind,value,fitted,forecast,lower_80,
upper_80,lower_95,upper_95. Formulas: docs/measures.md (Forecasts).";

/// Arguments of `coopnet forecast`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// A series file (entity,indicator,year,value).
    pub series: PathBuf,
    /// The entity of the series to forecast, in any case.
    #[arg(long, value_name = "E")]
    pub entity: Option<String>,
    /// The indicator of the series to forecast, in any case.
    #[arg(long, value_name = "I")]
    pub indicator: Option<String>,
    /// Forecast every year up to this one; default: 3 years past the last value.
    #[arg(long, value_name = "YEAR", value_parser = super::common::one_year)]
    pub to: Option<i32>,
    /// How the series is extrapolated.
    #[arg(long, value_enum, default_value_t = MethodArg::Linear)]
    pub method: MethodArg,
    /// Also draw the chart as SVG to this file: points, fit, forecast, both bands.
    #[arg(long, value_name = "FILE")]
    pub chart: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Md)]
    pub format: Format,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// The forecasting method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MethodArg {
    /// Linear trend, OLS on the year.
    Linear,
    /// Log-linear trend (a constant growth rate), OLS of ln value on the year.
    #[value(name = "loglinear")]
    LogLinear,
    /// Holt's linear method with a damped trend (Hyndman and Athanasopoulos, FPP 8.2).
    HoltDamped,
}

impl From<MethodArg> for Method {
    fn from(m: MethodArg) -> Self {
        match m {
            MethodArg::Linear => Method::Linear,
            MethodArg::LogLinear => Method::LogLinear,
            MethodArg::HoltDamped => Method::HoltDamped,
        }
    }
}

#[derive(Serialize)]
struct JsonOut<'a> {
    input: String,
    series: &'a Series,
    synthetic: bool,
    levels: [f64; 2],
    #[serde(flatten)]
    forecast: &'a Forecast,
}

/// Runs `coopnet forecast`.
pub fn run(args: &Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let set = read_series(&args.series)
        .with_context(|| format!("cannot read the series file {}", args.series.display()))?;
    let series = set.select(args.entity.as_deref(), args.indicator.as_deref())?;
    let config = ForecastConfig {
        method: args.method.into(),
        to_year: args.to,
        ..ForecastConfig::default()
    };
    let f = forecast(&series.points, &config)
        .with_context(|| format!("cannot forecast {}", series.label()))?;
    let chart = match &args.chart {
        Some(path) => {
            let svg = forecast_svg(&f, &ChartText::for_series(series, &f, &set.file))?;
            Some((path, svg))
        }
        None => None,
    };
    let text = match args.format {
        Format::Md => forecast_md(series, &f, &set.file),
        Format::Csv => forecast_csv(&f),
        Format::Json => {
            let mut t = serde_json::to_string_pretty(&JsonOut {
                input: set.file.clone(),
                series,
                synthetic: series.is_synthetic(),
                levels: coopnet::forecast::LEVELS,
                forecast: &f,
            })?;
            t.push('\n');
            t
        }
    };
    if let Some((path, svg)) = &chart {
        write_output(Some(path), svg.as_bytes())?;
    }
    write_output(args.out.as_deref(), text.as_bytes())?;
    let first = series.points.first().map_or(0, |o| o.year);
    let last = series.points.last().map_or(0, |o| o.year);
    ctx.note(format!(
        "{}: {} points {first}-{last}, {} to {}{}",
        series.label(),
        f.n,
        f.method.describe(),
        f.forecasts.last().map_or(last, |p| p.year),
        if series.is_synthetic() {
            " (the series is marked synthetic)"
        } else {
            ""
        }
    ));
    // the Markdown report lists the warnings itself; repeat them on the
    // terminal only when it went to a file or in another format
    if args.format != Format::Md || args.out.is_some() {
        for w in &f.warnings {
            ctx.note(format!("warning: {w}"));
        }
    }
    if let Some((path, _)) = &chart {
        ctx.note(format!("wrote the chart {}", path.display()));
    }
    if let Some(out) = &args.out {
        ctx.note(format!("wrote {}", out.display()));
    }
    Ok(Outcome::Success)
}
