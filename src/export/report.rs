//! The descriptive report ([`crate::report`]) as Markdown, tidy CSV or JSON.

use std::fmt::Write as _;

use serde::Serialize;

use super::text::md_table;
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
    let _ = writeln!(
        s,
        "# Descriptive report: {}{}\n",
        r.dataset,
        super::describe::year_suffix(r.year)
    );
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
    s.push_str(&districts_md(r));
    s.push_str(
        "\nNational clusters are not counted here; an inter-regional cluster is counted once, in its home \
         region's district, and every region it lists has clusters. Shares are rounded to 0.1 %.\n\n",
    );
    s.push_str(&md_table(
        "Levels of organisational development",
        &[("level", false), ("clusters", true), ("share, %", true)],
        &r.levels,
        |l| {
            [
                l.level.name().to_string(),
                l.clusters.to_string(),
                format!("{:.1}", l.share_pct),
            ]
        },
    ));
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
    s.push_str(&md_table(
        "Clusters by specialisation",
        &[("specialisation", false), ("clusters", true)],
        &r.specialisations,
        |x| [x.specialisation.clone(), x.clusters.to_string()],
    ));
    if !r.founded.is_empty() {
        s.push('\n');
        s.push_str(&md_table(
            "Clusters founded per year",
            &[("year", false), ("clusters", true)],
            &r.founded,
            |y| [y.year.to_string(), y.clusters.to_string()],
        ));
    }
    s.push_str("\n## Inter-regional and national clusters\n\n");
    s.push_str(&inter_regional_md(r));
    s.push('\n');
    s.push_str(&md_table(
        "Correlations",
        &[("between", false), ("r", true), ("n", true)],
        std::iter::once(&r.participants_employees).chain(&r.indicators),
        |c| [c.between.clone(), fmt_r(c), c.n.to_string()],
    ));
    s
}

/// Table 1: clusters by district and level, with the total row.
fn districts_md(r: &DescriptiveReport) -> String {
    let mut columns = vec![("district", false)];
    columns.extend(
        [
            "initial",
            "medium",
            "high",
            "total",
            "regions with clusters",
            "regions",
            "share, %",
        ]
        .map(|c| (c, true)),
    );
    md_table(
        "Clusters by district and level",
        &columns,
        r.clusters_by_district
            .iter()
            .chain(std::iter::once(&r.clusters_by_district_total)),
        |d| {
            [
                d.district.clone(),
                d.initial.to_string(),
                d.medium.to_string(),
                d.high.to_string(),
                d.total.to_string(),
                d.regions_with_clusters.to_string(),
                d.regions.to_string(),
                format!("{:.1}", d.share_pct),
            ]
        },
    )
}

/// The clusters spanning more than one region, or a line saying there are none.
fn inter_regional_md(r: &DescriptiveReport) -> String {
    if r.inter_regional.is_empty() {
        return "None: every cluster is confined to one region.\n".to_string();
    }
    md_table(
        "",
        &[
            ("cluster", false),
            ("scope", false),
            ("regions", false),
            ("districts", false),
        ],
        &r.inter_regional,
        |c| {
            let regions: Vec<String> = c
                .regions
                .iter()
                .zip(&c.region_names)
                .map(|(id, n)| format!("{n} ({id})"))
                .collect();
            [
                c.name.clone(),
                c.scope.name().to_string(),
                regions.join(", "),
                c.districts.join(", "),
            ]
        },
    )
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
