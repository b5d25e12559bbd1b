//! Forecast tables (Markdown, CSV) and the forecast chart as SVG.
//!
//! The chart is drawn with plotters' SVG backend: observed points, the fitted
//! line (one-step fitted values for Holt), the forecast, the 80 % and 95 %
//! prediction bands, axis labels, a title and a source note. plotters is
//! built without its `ttf` feature, so it needs no system fonts: text goes
//! into the SVG as `<text>` elements for the viewer to set, and plotters
//! only estimates its width for the layout.
//!
//! The CSV has one row per year:
//! `year,kind,value,fitted,forecast,lower_80,upper_80,lower_95,upper_95`
//! (`kind` is `observed` or `forecast`).

use std::fmt::Write as _;

use plotters::prelude::*;

use crate::error::{Error, Result};
use crate::export::escape::md_cell;
use crate::forecast::{Forecast, Model, Series};

/// Title, axis label and source note of a chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartText {
    /// The title.
    pub title: String,
    /// The y axis label.
    pub y_label: String,
    /// The note under the chart (where the data come from).
    pub source: String,
}

impl ChartText {
    /// The default text for `series` forecast by `f`: the series and method
    /// in the title ("synthetic" when the file marks a value so), its unit
    /// on the y axis, its sources (or `file`) in the note.
    pub fn for_series(series: &Series, f: &Forecast, file: &str) -> ChartText {
        let synthetic = if series.is_synthetic() {
            " (synthetic data)"
        } else {
            ""
        };
        let source = if series.sources.is_empty() {
            format!("Source: {file}")
        } else {
            format!("Source: {}", series.sources.join("; "))
        };
        ChartText {
            title: format!("{}{synthetic}: {}", series.label(), f.method.describe()),
            y_label: series.unit.clone().map_or_else(
                || series.indicator.clone(),
                |u| format!("{} ({u})", series.indicator),
            ),
            source: format!("{source}. Bands: 80 % and 95 % prediction intervals."),
        }
    }
}

fn plot_error(e: impl std::fmt::Display) -> Error {
    Error::External {
        program: "plotters".to_string(),
        reason: format!("cannot draw the chart: {e}"),
    }
}

/// The chart as an SVG document (see the module docs).
///
/// # Errors
///
/// [`Error::External`] when plotters fails (it draws into a string, so only
/// on a bug).
pub fn forecast_svg(f: &Forecast, text: &ChartText) -> Result<String> {
    let observed: Vec<(f64, f64)> = f
        .fitted
        .iter()
        .map(|p| (f64::from(p.year), p.value))
        .collect();
    let fitted: Vec<(f64, f64)> = f
        .fitted
        .iter()
        .map(|p| (f64::from(p.year), p.fitted))
        .collect();
    let mut ahead: Vec<(f64, f64)> = f.fitted.last().map_or_else(Vec::new, |p| {
        let start = match f.model {
            Model::Holt { .. } => p.value,
            Model::Trend { .. } => p.fitted,
        };
        vec![(f64::from(p.year), start)]
    });
    ahead.extend(f.forecasts.iter().map(|p| (f64::from(p.year), p.forecast)));
    let band = |k: usize| -> Vec<(f64, f64)> {
        let mut upper: Vec<(f64, f64)> = Vec::new();
        let mut lower: Vec<(f64, f64)> = Vec::new();
        for p in &f.forecasts {
            if let Some(i) = p.intervals.get(k) {
                upper.push((f64::from(p.year), i.upper));
                lower.push((f64::from(p.year), i.lower));
            }
        }
        lower.reverse();
        upper.extend(lower);
        upper
    };
    let (band80, band95) = (band(0), band(1));
    let xs = observed.iter().chain(&ahead).map(|p| p.0);
    let (x0, x1) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
        (a.min(x), b.max(x))
    });
    let ys = observed
        .iter()
        .chain(&fitted)
        .chain(&ahead)
        .chain(&band95)
        .map(|p| p.1);
    let (y0, y1) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), y| {
        (a.min(y), b.max(y))
    });
    let pad = ((y1 - y0) * 0.08).max(y1.abs() * 0.02).max(1e-9);
    let (y0, y1) = (y0 - pad, y1 + pad);
    let note = wrap(&text.source, 130);
    let note_height = 10 + 16 * note.len() as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (860, 490 + note_height)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_error)?;
        let (upper, lower) = root.split_vertically(490);
        let mut chart = ChartBuilder::on(&upper)
            .caption(&text.title, ("sans-serif", 20))
            .margin(14)
            .x_label_area_size(42)
            .y_label_area_size(72)
            .build_cartesian_2d(x0 - 0.5..x1 + 0.5, y0..y1)
            .map_err(plot_error)?;
        chart
            .configure_mesh()
            .x_desc("year")
            .y_desc(&text.y_label)
            .x_labels(((x1 - x0) as usize + 2).min(14))
            .x_label_formatter(&|x| format!("{x:.0}"))
            .light_line_style(WHITE)
            .draw()
            .map_err(plot_error)?;
        let blue = RGBColor(31, 94, 168);
        if band95.len() > 2 {
            chart
                .draw_series(std::iter::once(Polygon::new(
                    band95,
                    blue.mix(0.15).filled(),
                )))
                .map_err(plot_error)?
                .label("95 % prediction interval")
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 18, y + 5)], blue.mix(0.15).filled())
                });
            chart
                .draw_series(std::iter::once(Polygon::new(
                    band80,
                    blue.mix(0.3).filled(),
                )))
                .map_err(plot_error)?
                .label("80 % prediction interval")
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 18, y + 5)], blue.mix(0.3).filled())
                });
        }
        chart
            .draw_series(LineSeries::new(fitted, BLACK.stroke_width(1)))
            .map_err(plot_error)?
            .label("fit")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], BLACK.stroke_width(1)));
        chart
            .draw_series(LineSeries::new(ahead, blue.stroke_width(3)))
            .map_err(plot_error)?
            .label("forecast")
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], blue.stroke_width(3))
            });
        chart
            .draw_series(observed.iter().map(|&p| Circle::new(p, 4, BLACK.filled())))
            .map_err(plot_error)?
            .label("observed")
            .legend(|(x, y)| Circle::new((x + 9, y), 4, BLACK.filled()));
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(160, 160, 160))
            .label_font(("sans-serif", 13))
            .draw()
            .map_err(plot_error)?;
        let style = ("sans-serif", 12).into_font().color(&RGBColor(80, 80, 80));
        for (k, line) in note.iter().enumerate() {
            lower
                .draw_text(line, &style, (14, 4 + 16 * k as i32))
                .map_err(plot_error)?;
        }
        root.present().map_err(plot_error)?;
    }
    Ok(svg)
}

/// Splits `text` into lines of at most `width` characters at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let last = lines.last_mut().map_or(0, |l| l.chars().count());
        if last > 0 && last + 1 + word.chars().count() > width {
            lines.push(String::new());
        }
        if let Some(l) = lines.last_mut() {
            if !l.is_empty() {
                l.push(' ');
            }
            l.push_str(word);
        }
    }
    lines
}

fn cell(v: Option<f64>) -> String {
    v.map_or_else(String::new, |x| x.to_string())
}

/// One row per year (see the module docs).
pub fn forecast_csv(f: &Forecast) -> String {
    let mut o =
        String::from("year,kind,value,fitted,forecast,lower_80,upper_80,lower_95,upper_95\n");
    for p in &f.fitted {
        let _ = writeln!(o, "{},observed,{},{},,,,,", p.year, p.value, p.fitted);
    }
    for p in &f.forecasts {
        let i = |k: usize, hi: bool| {
            p.intervals
                .get(k)
                .map(|i| if hi { i.upper } else { i.lower })
        };
        let _ = writeln!(
            o,
            "{},forecast,,,{},{},{},{},{}",
            p.year,
            p.forecast,
            cell(i(0, false)),
            cell(i(0, true)),
            cell(i(1, false)),
            cell(i(1, true))
        );
    }
    o
}

/// The forecast as Markdown: the model, the table of years, the back-test, warnings.
pub fn forecast_md(series: &Series, f: &Forecast, file: &str) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "# Forecast: {}, {}\n",
        md_cell(&series.label()),
        f.method.describe()
    );
    let first = f.fitted.first().map_or(0, |p| p.year);
    let last = f.fitted.last().map_or(0, |p| p.year);
    let _ = writeln!(
        o,
        "Input: {}, {} points, {first}-{last}{}{}.",
        md_cell(file),
        f.n,
        series
            .unit
            .as_deref()
            .map_or_else(String::new, |u| format!(", unit: {}", md_cell(u))),
        if series.is_synthetic() {
            "; **synthetic**: the file marks values of this series as synthetic"
        } else {
            ""
        }
    );
    if !series.sources.is_empty() {
        let _ = writeln!(
            o,
            "Source: {}.",
            series
                .sources
                .iter()
                .map(|s| md_cell(s))
                .collect::<Vec<_>>()
                .join("; ")
        );
    }
    o.push('\n');
    match &f.model {
        Model::Trend { line, log } => {
            let what = if *log { "ln y" } else { "y" };
            let _ = writeln!(
                o,
                "Model: {what} = {:.6} + {:.6} x year; residual standard deviation {}; R² {:.4}.{}",
                line.intercept,
                line.slope,
                line.s
                    .map_or_else(|| "none (2 points)".to_string(), |s| format!("{s:.6}")),
                line.r_squared,
                if *log {
                    format!(
                        " Growth {:.2} % a year; forecasts are medians (exp of the log forecast).",
                        100.0 * (line.slope.exp() - 1.0)
                    )
                } else {
                    String::new()
                }
            );
        }
        Model::Holt { fit } => {
            let p = &fit.params;
            let _ = writeln!(
                o,
                "Model: alpha {:.4}, beta* {:.4}, phi {:.4}, initial level {:.4}, initial trend {:.4}; SSE {:.6}; sigma {}.",
                p.alpha,
                p.beta_star,
                p.phi,
                p.level0,
                p.trend0,
                fit.sse,
                fit.sigma2.map_or_else(
                    || "not estimable".to_string(),
                    |s| format!("{:.6}", s.sqrt())
                )
            );
        }
    }
    o.push_str("\n| year | observed | fitted | forecast | 80 % interval | 95 % interval |\n|---:|---:|---:|---:|---|---|\n");
    for p in &f.fitted {
        let _ = writeln!(o, "| {} | {} | {:.2} | | | |", p.year, p.value, p.fitted);
    }
    for p in &f.forecasts {
        let iv = |k: usize| {
            p.intervals.get(k).map_or_else(
                || "none".to_string(),
                |i| format!("{:.2} to {:.2}", i.lower, i.upper),
            )
        };
        let _ = writeln!(
            o,
            "| {} | | | {:.2} | {} | {} |",
            p.year,
            p.forecast,
            iv(0),
            iv(1)
        );
    }
    let b = &f.backtest;
    match (b.mae, b.rmse) {
        (Some(mae), Some(rmse)) => {
            let _ = writeln!(
                o,
                "\nRolling-origin back-test (refitted on the first {} or more points, each forecasting the next year): {} forecasts, MAE {:.3}, RMSE {:.3}.",
                b.min_train,
                b.errors.len(),
                mae,
                rmse
            );
        }
        _ => {
            let _ = writeln!(o, "\nNo back-test: too few points.");
        }
    }
    if !f.warnings.is_empty() {
        o.push_str("\nWarnings:\n\n");
        for w in &f.warnings {
            let _ = writeln!(o, "- {w}");
        }
    }
    o
}
