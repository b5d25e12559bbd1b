//! The descriptive report ([`crate::report`]) as Markdown, tidy CSV or JSON.

use std::fmt::Write as _;

use serde::Serialize;

use super::escape::md_cell;
use crate::error::Result;
use crate::report::{Correlation, DescriptiveReport};

/// Output format of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    /// Markdown tables, for reading and for reports.
    #[default]
    Md,
    /// One tidy CSV: `section,row,column,value`.
    Csv,
    /// The [`DescriptiveReport`] as JSON.
    Json,
}

/// Renders `report` in `format`.
///
/// # Errors
///
/// [`crate::Error::Internal`] only, should JSON serialisation fail.
pub fn render(report: &DescriptiveReport, format: ReportFormat) -> Result<String> {
    Ok(match format {
        ReportFormat::Md => markdown(report),
        ReportFormat::Csv => tidy_csv(report),
        ReportFormat::Json => super::json::pretty(report)?,
    })
}

fn fmt_r(c: &Correlation) -> String {
    match c.r {
        Some(r) => format!("{r:.3}"),
        None => "n/a".to_string(),
    }
}

fn markdown(r: &DescriptiveReport) -> String {
    let t = &r.totals;
    let mut s = String::new();
    let _ = writeln!(s, "# Descriptive report: {}\n", r.dataset);
    let _ = writeln!(
        s,
        "{} regions in {} districts; {} clusters ({} regional or inter-regional, {} national); \
         {} organisations; {} cooperation links.\n",
        t.regions,
        t.districts,
        t.clusters,
        t.regional_clusters,
        t.national_clusters,
        t.participants,
        t.links
    );
    let _ = writeln!(s, "## Clusters by district and level\n");
    let _ = writeln!(
        s,
        "| district | initial | medium | high | total | regions with clusters | regions | share, % |"
    );
    let _ = writeln!(s, "|---|---:|---:|---:|---:|---:|---:|---:|");
    for d in r
        .clusters_by_district
        .iter()
        .chain(std::iter::once(&r.clusters_by_district_total))
    {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {:.1} |",
            md_cell(&d.district),
            d.initial,
            d.medium,
            d.high,
            d.total,
            d.regions_with_clusters,
            d.regions,
            d.share_pct
        );
    }
    let _ = writeln!(
        s,
        "\nNational clusters are not counted here; an inter-regional cluster is counted once, in its home \
         region's district, and every region it lists has clusters. Shares are rounded to 0.1 %.\n"
    );
    let _ = writeln!(s, "## Levels of organisational development\n");
    let _ = writeln!(s, "| level | clusters | share, % |");
    let _ = writeln!(s, "|---|---:|---:|");
    for l in &r.levels {
        let _ = writeln!(
            s,
            "| {} | {} | {:.1} |",
            l.level.name(),
            l.clusters,
            l.share_pct
        );
    }
    let shares: Vec<String> = r
        .levels
        .iter()
        .map(|l| format!("{:.1}", l.share_pct))
        .collect();
    let _ = writeln!(
        s,
        "\nComputed from the counts above: {} % (initial / medium / high).\n",
        shares.join(" / ")
    );
    let _ = writeln!(s, "## Clusters by specialisation\n");
    let _ = writeln!(s, "| specialisation | clusters |");
    let _ = writeln!(s, "|---|---:|");
    for x in &r.specialisations {
        let _ = writeln!(s, "| {} | {} |", md_cell(&x.specialisation), x.clusters);
    }
    if !r.founded.is_empty() {
        let _ = writeln!(s, "\n## Clusters founded per year\n");
        let _ = writeln!(s, "| year | clusters |");
        let _ = writeln!(s, "|---|---:|");
        for y in &r.founded {
            let _ = writeln!(s, "| {} | {} |", y.year, y.clusters);
        }
    }
    let _ = writeln!(s, "\n## Inter-regional and national clusters\n");
    if r.inter_regional.is_empty() {
        let _ = writeln!(s, "None: every cluster is confined to one region.");
    } else {
        let _ = writeln!(s, "| cluster | scope | regions | districts |");
        let _ = writeln!(s, "|---|---|---|---|");
        for c in &r.inter_regional {
            let regions: Vec<String> = c
                .regions
                .iter()
                .zip(&c.region_names)
                .map(|(id, n)| format!("{} ({id})", md_cell(n)))
                .collect();
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} |",
                md_cell(&c.name),
                c.scope.name(),
                regions.join(", "),
                md_cell(&c.districts.join(", "))
            );
        }
    }
    let _ = writeln!(s, "\n## Correlations\n");
    let _ = writeln!(s, "| between | r | n |");
    let _ = writeln!(s, "|---|---:|---:|");
    for c in std::iter::once(&r.participants_employees).chain(&r.indicators) {
        let _ = writeln!(s, "| {} | {} | {} |", md_cell(&c.between), fmt_r(c), c.n);
    }
    s
}

fn tidy_csv(r: &DescriptiveReport) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut put = |section: &str, row: &str, column: &str, value: String| {
        let _ = w.write_record([section, row, column, value.as_str()]);
    };
    put("section", "row", "column", "value".to_string());
    for d in r
        .clusters_by_district
        .iter()
        .chain(std::iter::once(&r.clusters_by_district_total))
    {
        for (col, v) in [
            ("initial", d.initial.to_string()),
            ("medium", d.medium.to_string()),
            ("high", d.high.to_string()),
            ("total", d.total.to_string()),
            ("regions_with_clusters", d.regions_with_clusters.to_string()),
            ("regions", d.regions.to_string()),
            ("share_pct", format!("{:.1}", d.share_pct)),
        ] {
            put("clusters_by_district", &d.district, col, v);
        }
    }
    for l in &r.levels {
        put("levels", l.level.name(), "clusters", l.clusters.to_string());
        put(
            "levels",
            l.level.name(),
            "share_pct",
            format!("{:.1}", l.share_pct),
        );
    }
    for x in &r.specialisations {
        put(
            "specialisations",
            &x.specialisation,
            "clusters",
            x.clusters.to_string(),
        );
    }
    for y in &r.founded {
        put(
            "founded",
            &y.year.to_string(),
            "clusters",
            y.clusters.to_string(),
        );
    }
    for c in &r.inter_regional {
        put("inter_regional", &c.id, "name", c.name.clone());
        put("inter_regional", &c.id, "scope", c.scope.name().to_string());
        put("inter_regional", &c.id, "regions", c.regions.join("|"));
        put("inter_regional", &c.id, "districts", c.districts.join("|"));
    }
    for c in std::iter::once(&r.participants_employees).chain(&r.indicators) {
        put(
            "correlations",
            &c.between,
            "r",
            c.r.map(|x| format!("{x:.6}")).unwrap_or_default(),
        );
        put("correlations", &c.between, "n", c.n.to_string());
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
