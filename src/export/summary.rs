//! A batch's comparison of its runs: `summary.csv`, one row per run,
//! `summary.md`, the same as a table followed by every failure with its
//! reason, and `summary.html`, the same as one self-contained web page
//! ([`super::html`]) whose table sorts and filters and links every run's
//! `index.html`.
//!
//! `summary.csv` has the columns `run`, `dataset`, one per parameter, `status`
//! (`done`, `redone`, `skipped` or `failed`), `reason`, `seconds` and one per
//! figure the runs reported.

use std::fmt::Write as _;

use super::escape::md_cell;
use super::html::{Cell, Page, Table, col, esc, num_col};
use super::text::{csv_table, md_table};

/// One run of a batch, as the summaries show it.
#[derive(Debug, Clone, PartialEq)]
pub struct RunRow {
    /// The run's folder, relative to the batch output.
    pub run: String,
    /// The dataset folder.
    pub dataset: String,
    /// Its value of each parameter of [`BatchSummary::parameters`] (empty when unset).
    pub parameters: Vec<String>,
    /// How it ended, in one word.
    pub status: &'static str,
    /// Whether it failed.
    pub failed: bool,
    /// Why, in one line.
    pub reason: String,
    /// Wall time, seconds.
    pub seconds: f64,
    /// Its value of each figure of [`BatchSummary::metrics`] (empty when not reported).
    pub metrics: Vec<String>,
}

/// Every run of a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchSummary {
    /// How many runs ended each way, in words.
    pub headline: String,
    /// The parameter names, in column order.
    pub parameters: Vec<String>,
    /// The figure names, in column order.
    pub metrics: Vec<String>,
    /// The runs, in plan order.
    pub runs: Vec<RunRow>,
}

/// `summary.csv`.
pub fn csv(s: &BatchSummary) -> String {
    let mut header = vec!["run".to_string(), "dataset".to_string()];
    header.extend(s.parameters.iter().cloned());
    header.extend(["status", "reason", "seconds"].map(String::from));
    header.extend(s.metrics.iter().cloned());
    csv_table(&header, &s.runs, |r| {
        let mut row = vec![r.run.clone(), r.dataset.clone()];
        row.extend(r.parameters.iter().cloned());
        row.extend([
            r.status.to_string(),
            r.reason.clone(),
            format!("{:.3}", r.seconds),
        ]);
        row.extend(r.metrics.iter().cloned());
        row
    })
}

/// `summary.md`.
pub fn markdown(s: &BatchSummary) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# Batch summary\n\n{}.\n", s.headline);
    let mut columns = vec![("run".to_string(), false)];
    columns.extend(s.parameters.iter().map(|p| (p.clone(), false)));
    columns.push(("status".to_string(), false));
    columns.extend(s.metrics.iter().map(|m| (m.clone(), false)));
    o.push_str(&md_table("", &columns, &s.runs, |r| {
        let mut row = vec![r.run.clone()];
        row.extend(r.parameters.iter().cloned());
        row.push(r.status.to_string());
        row.extend(r.metrics.iter().cloned());
        row
    }));
    if s.runs.iter().any(|r| r.failed) {
        let _ = writeln!(o, "\n## Failures\n");
        for r in s.runs.iter().filter(|r| r.failed) {
            let _ = writeln!(o, "- **{}** ({}): {}", r.run, r.dataset, md_cell(&r.reason));
        }
    }
    let redone: Vec<&RunRow> = s.runs.iter().filter(|r| r.status == "redone").collect();
    if !redone.is_empty() {
        let _ = writeln!(o, "\n## Redone\n");
        for r in redone {
            let _ = writeln!(o, "- **{}**: {}", r.run, md_cell(&r.reason));
        }
    }
    o
}

/// `summary.html`: the runs as one sortable, filterable table linking each
/// run's page and index, then the failures and the runs redone.
pub fn html(s: &BatchSummary) -> String {
    let mut page = Page::new("coopnet batch summary");
    page.wide();
    page.intro(&format!(
        "<header>\n<h1>Batch summary</h1>\n<p class=\"lead\">{}. The same in summary.csv and summary.md. A run's name opens its own report (its index.html; README.md beside it is the same in Markdown).</p>\n</header>\n",
        esc(&s.headline)
    ));
    page.section("runs", "Runs");
    let mut columns = vec![col("run"), col("dataset")];
    columns.extend(s.parameters.iter().map(|p| col(p)));
    columns.push(col("status"));
    // figures that are numbers in every run that has them sit in the table
    // of runs; the others (the top suggestion, a sentence) in one of their own
    let numeric: Vec<bool> = (0..s.metrics.len())
        .map(|k| {
            s.runs.iter().all(|r| {
                r.metrics
                    .get(k)
                    .is_none_or(|m| m.is_empty() || m.parse::<f64>().is_ok_and(f64::is_finite))
            })
        })
        .collect();
    let label = |m: &String| m.replace('_', " ");
    columns.extend(
        s.metrics
            .iter()
            .zip(&numeric)
            .filter(|(_, n)| **n)
            .map(|(m, _)| num_col(&label(m))),
    );
    columns.push(num_col("seconds"));
    let mut t = Table::new("runs-table", "", columns);
    for r in &s.runs {
        // a run that did not fail has its folder, with its page
        let run = if r.failed {
            Cell::text(r.run.clone())
        } else {
            Cell::link(&format!("{}/index.html", r.run), &r.run)
        };
        // the dataset's folder name, its path as the manifest gives it on hover
        let name = std::path::Path::new(&r.dataset)
            .file_name()
            .map_or(r.dataset.clone(), |n| n.to_string_lossy().into_owned());
        let dataset = Cell::Html(format!(
            r#"<span title="{}">{}</span>"#,
            esc(&r.dataset),
            esc(&name)
        ));
        let mut row = vec![run, dataset];
        row.extend(r.parameters.iter().map(|p| Cell::text(p.clone())));
        row.push(Cell::text(r.status));
        row.extend(
            r.metrics
                .iter()
                .zip(&numeric)
                .filter(|(_, n)| **n)
                .map(|(m, _)| match m.parse::<f64>() {
                    Ok(x) => Cell::Number(m.clone(), x),
                    Err(_) => Cell::text(""),
                }),
        );
        row.push(Cell::num(r.seconds, 1));
        t.rows.push(row);
    }
    page.table(&t);
    if numeric.iter().any(|n| !n) {
        let mut columns = vec![col("run")];
        columns.extend(
            s.metrics
                .iter()
                .zip(&numeric)
                .filter(|(_, n)| !**n)
                .map(|(m, _)| col(&label(m))),
        );
        let mut t = Table::new(
            "runs-text-table",
            "Each run's figures given in words",
            columns,
        );
        for r in s.runs.iter().filter(|r| !r.failed) {
            let mut row = vec![Cell::text(r.run.clone())];
            row.extend(
                r.metrics
                    .iter()
                    .zip(&numeric)
                    .filter(|(_, n)| !**n)
                    .map(|(m, _)| Cell::text(m.clone())),
            );
            t.rows.push(row);
        }
        page.table(&t);
    }
    let failures: Vec<&RunRow> = s.runs.iter().filter(|r| r.failed).collect();
    if !failures.is_empty() {
        page.section("failures", "Failures");
        let mut t = Table::new(
            "failures-table",
            "",
            vec![col("run"), col("dataset"), col("reason")],
        );
        for r in failures {
            t.rows.push(vec![
                Cell::text(r.run.clone()),
                Cell::text(r.dataset.clone()),
                Cell::text(r.reason.clone()),
            ]);
        }
        page.table(&t);
    }
    let redone: Vec<&RunRow> = s.runs.iter().filter(|r| r.status == "redone").collect();
    if !redone.is_empty() {
        page.section("redone", "Redone");
        let mut t = Table::new("redone-table", "", vec![col("run"), col("why")]);
        for r in redone {
            t.rows.push(vec![
                Cell::text(r.run.clone()),
                Cell::text(r.reason.clone()),
            ]);
        }
        page.table(&t);
    }
    page.finish(&super::html::footer())
}
