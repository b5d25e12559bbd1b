//! The tables of `coopnet dynamics`: Markdown for reading, a tidy CSV of
//! every region and sector, and the growth of indicator series.
//!
//! | table | columns |
//! |---|---|
//! | cells (CSV) | `region,sector,value_from,value_to,growth_pct,lq_from,lq_to,density_from,event` |
//! | indicator growth (CSV) | `entity,indicator,unit,from,to,value_from,value_to,growth_pct,cagr_pct,synthetic` |
//! | new region pairs and cells (CSV) | `level,region_a,region_b,sector,first_year,score,best_rank` |

use std::fmt::Write as _;

use crate::dynamics::links::PrecisionAtK;
use crate::dynamics::{CellChange, Dynamics, Event, IndicatorGrowth, LinkBacktest, TotalChange};
use crate::export::escape::{csv_field, md_cell};

/// What the dynamics were computed from, for the header of the report.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DynamicsSource {
    /// The file read.
    pub file: String,
    /// What the values count (e.g. `organisations`, or `value` for a panel table).
    pub measure: String,
    /// The sector level, when sectors were aggregated.
    pub level: Option<String>,
    /// How many input rows the file marks synthetic, and how many rows it has.
    pub synthetic_rows: Option<(usize, usize)>,
}

impl DynamicsSource {
    /// The source of a panel table `region,sector,year,value` (`read`),
    /// summed to `level` when given.
    pub fn panel_table(
        read: &crate::load::panel::PanelFile,
        level: Option<crate::model::SectorLevel>,
    ) -> Self {
        DynamicsSource {
            file: read.file.clone(),
            measure: "panel table: value".to_string(),
            level: level.map(|l| l.name().to_string()),
            synthetic_rows: (read.synthetic > 0).then_some((read.synthetic, read.rows)),
        }
    }

    /// The source of a panel of `measure` at sector `level` built from
    /// organisations by year (`registry`).
    pub fn registry(
        registry: &crate::load::registry::Registry,
        measure: crate::load::registry::RegistryMeasure,
        level: crate::model::SectorLevel,
    ) -> Self {
        DynamicsSource {
            file: registry.file.clone(),
            measure: registry.measure_description(measure),
            level: Some(level.name().to_string()),
            synthetic_rows: (registry.synthetic > 0)
                .then_some((registry.synthetic, registry.records.len())),
        }
    }
}

fn opt(v: Option<f64>, digits: usize) -> String {
    v.map_or_else(String::new, |x| format!("{x:.digits$}"))
}

/// `v` with `digits` decimals, or `missing` (a growth from 0: "new").
fn opt_md(v: Option<f64>, digits: usize) -> String {
    opt_or(v, digits, "new")
}

fn opt_or(v: Option<f64>, digits: usize, missing: &str) -> String {
    v.map_or_else(|| missing.to_string(), |x| format!("{x:.digits$}"))
}

/// Every region and sector, one row each (see the module docs).
pub fn cells_csv(d: &Dynamics) -> String {
    let mut out = String::from(
        "region,sector,value_from,value_to,growth_pct,lq_from,lq_to,density_from,event\n",
    );
    for c in &d.cells {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{}",
            csv_field(&c.region),
            csv_field(&c.sector),
            c.value_from,
            c.value_to,
            opt(c.growth_pct, 4),
            c.lq_from,
            c.lq_to,
            c.density_from,
            c.event.name()
        );
    }
    out
}

fn events_md(out: &mut String, d: &Dynamics, event: Event) {
    let rows: Vec<&CellChange> = d.cells.iter().filter(|c| c.event == event).collect();
    let _ = writeln!(
        out,
        "| region | sector | LQ {} | LQ {} | density {} |\n|---|---|---:|---:|---:|",
        d.from, d.to, d.from
    );
    for c in &rows {
        let _ = writeln!(
            out,
            "| {} | {} | {:.3} | {:.3} | {:.1} |",
            md_cell(&c.region),
            md_cell(&c.sector),
            c.lq_from,
            c.lq_to,
            c.density_from
        );
    }
    if rows.is_empty() {
        out.push_str("| (none) | | | | |\n");
    }
}

fn totals_md(out: &mut String, what: &str, d: &Dynamics, rows: &[TotalChange]) {
    let _ = writeln!(
        out,
        "| {what} | {} | {} | growth % |\n|---|---:|---:|---:|",
        d.from, d.to
    );
    for t in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            md_cell(&t.label),
            t.from,
            t.to,
            opt_md(t.growth_pct, 1)
        );
    }
}

/// The report: years, entries, exits, the back-test, growth by region and sector.
pub fn dynamics_md(d: &Dynamics, src: &DynamicsSource) -> String {
    let mut o = String::new();
    let years: Vec<String> = d.panel_years.iter().map(i32::to_string).collect();
    let _ = writeln!(o, "# Specialisation dynamics, {} to {}\n", d.from, d.to);
    let _ = writeln!(
        o,
        "Input: {} ({}{}). Years used: {} and {} (the panel has {}).",
        md_cell(&src.file),
        md_cell(&src.measure),
        src.level
            .as_deref()
            .map_or_else(String::new, |l| format!(", sectors at the {l} level")),
        d.from,
        d.to,
        years.join(", ")
    );
    if let Some((n, of)) = src.synthetic_rows {
        let _ = writeln!(
            o,
            "**Synthetic data**: {n} of the {of} input rows are marked synthetic in the file; these results are not about real regions."
        );
    }
    let _ = writeln!(
        o,
        "{} regions x {} sectors with values in both years{}{}.",
        d.regions.len(),
        d.sectors.len(),
        left_out("regions", &d.regions_left_out),
        left_out("sectors", &d.sectors_left_out)
    );
    let _ = writeln!(
        o,
        "A region specialises in a sector when its location quotient is at least {}: {} specialisations in {}, {} in {}.\n",
        d.threshold, d.specialised_from, d.from, d.specialised_to, d.to
    );
    let b = &d.backtest;
    let share = |a: usize, n: usize| {
        if n == 0 {
            0.0
        } else {
            100.0 * a as f64 / n as f64
        }
    };
    let incumbents = d.specialised_from;
    let _ = writeln!(
        o,
        "## Entries (not specialised in {}, specialised in {})\n\n{} of {} candidate cells ({:.1} %).\n",
        d.from,
        d.to,
        d.entries,
        b.candidates,
        share(d.entries, b.candidates)
    );
    events_md(&mut o, d, Event::Entry);
    let _ = writeln!(
        o,
        "\n## Exits (specialised in {}, not in {})\n\n{} of {} specialisations ({:.1} %).\n",
        d.from,
        d.to,
        d.exits,
        incumbents,
        share(d.exits, incumbents)
    );
    events_md(&mut o, d, Event::Exit);
    let _ = writeln!(
        o,
        "\n## Does relatedness density in {} predict entry by {}?\n",
        d.from, d.to
    );
    let _ = writeln!(
        o,
        "Density from {}'s specialisations, relatedness `{}` (0 to 100). Over the {} candidate cells:\n",
        d.from, b.relatedness, b.candidates
    );
    o.push_str("| measure | value |\n|---|---:|\n");
    let _ = writeln!(o, "| entries | {} |", b.entries);
    let _ = writeln!(
        o,
        "| mean density, entries | {} |",
        opt(b.mean_density_entries, 2)
    );
    let _ = writeln!(
        o,
        "| mean density, others | {} |",
        opt(b.mean_density_others, 2)
    );
    let _ = writeln!(o, "| AUC | {} |", opt(b.auc, 3));
    match &b.lpm {
        Some(l) => {
            let _ = writeln!(
                o,
                "| LPM coefficient on density (per point) | {:.5} |",
                l.coefficient
            );
            let _ = writeln!(o, "| standard error, clustered by region | {:.5} |", l.se_cluster);
            let _ = writeln!(o, "| t (clustered), p | {:.2}, {:.4} |", l.t_cluster, l.p_cluster);
            let _ = writeln!(o, "| standard error, HC1 | {:.5} |", l.se_hc1);
            let _ = writeln!(o, "| p (HC1) | {:.4} |", l.p_hc1);
            let _ = writeln!(
                o,
                "| observations, regions, sectors | {}, {}, {} |",
                l.observations, l.regions, l.sectors
            );
            let _ = writeln!(o, "| within R² | {:.4} |", l.r2_within);
            let _ = writeln!(
                o,
                "\nLinear probability model of entry on density with region and sector fixed effects \
                 (Neffke, Henning and Boschma 2011; Boschma, Balland and Kogler 2015). \
                 10 more points of density go with a {:+.2} point change in the probability of entry.",
                100.0 * 10.0 * l.coefficient
            );
        }
        None => o.push_str(
            "\nThe linear probability model cannot be estimated here (density does not vary within the fixed effects, or too few cells).\n",
        ),
    }
    o.push_str("\n## Growth by region (EconGeo growth_reg)\n\n");
    totals_md(&mut o, "region", d, &d.region_totals);
    o.push_str("\n## Growth by sector (EconGeo growth_ind)\n\n");
    totals_md(&mut o, "sector", d, &d.sector_totals);
    let _ = writeln!(
        o,
        "\nAll: {} to {} ({} %). Growth of every region and sector: --format csv.",
        d.total.from,
        d.total.to,
        opt_md(d.total.growth_pct, 1)
    );
    o
}

fn left_out(what: &str, list: &[String]) -> String {
    if list.is_empty() {
        String::new()
    } else {
        format!(
            "; left out, no values in one of the years: {} {what} ({})",
            list.len(),
            list.join(", ")
        )
    }
}

/// The growth of indicator series as CSV.
pub fn growth_csv(rows: &[IndicatorGrowth]) -> String {
    let mut out = String::from(
        "entity,indicator,unit,from,to,value_from,value_to,growth_pct,cagr_pct,synthetic\n",
    );
    for g in rows {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{}",
            csv_field(&g.entity),
            csv_field(&g.indicator),
            csv_field(g.unit.as_deref().unwrap_or("")),
            g.from,
            g.to,
            g.value_from,
            g.value_to,
            opt(g.growth_pct, 4),
            opt(g.cagr_pct, 4),
            g.synthetic
        );
    }
    out
}

/// The growth of indicator series as a Markdown table.
pub fn growth_md(file: &str, rows: &[IndicatorGrowth], skipped: &[String]) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# Growth of indicators\n\nInput: {}.\n", md_cell(file));
    o.push_str(
        "| entity | indicator | unit | from | to | value from | value to | growth % | a year % |\n|---|---|---|---:|---:|---:|---:|---:|---:|\n",
    );
    for g in rows {
        let _ = writeln!(
            o,
            "| {} | {}{} | {} | {} | {} | {} | {} | {} | {} |",
            md_cell(&g.entity),
            md_cell(&g.indicator),
            if g.synthetic { " (synthetic)" } else { "" },
            md_cell(g.unit.as_deref().unwrap_or("")),
            g.from,
            g.to,
            g.value_from,
            g.value_to,
            opt_or(g.growth_pct, 1, "n/a"),
            opt_or(g.cagr_pct, 2, "n/a")
        );
    }
    if !skipped.is_empty() {
        let _ = writeln!(
            o,
            "\nWithout both years: {}.",
            skipped
                .iter()
                .map(|s| md_cell(s))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    o
}

/// The suggestion back-test in Markdown (`crate::dynamics::links`), a
/// section to follow [`dynamics_md`] or to stand alone. `synthetic` says the
/// dataset's rows are marked synthetic.
pub fn link_backtest_md(b: &LinkBacktest, synthetic: bool) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "## Suggestions of {} and new links between regions by {}\n",
        b.from, b.to
    );
    if synthetic {
        let _ = writeln!(
            o,
            "**Synthetic data**: the dataset marks its rows synthetic; these results are not about real regions.\n"
        );
    }
    let years: Vec<String> = b.link_years.iter().map(i32::to_string).collect();
    let _ = writeln!(
        o,
        "Suggestions computed from the network of {} ({} suggestions); links have the years {}. \
         {} regions have an organisation from {} to {}: {} pairs were already linked by {}, \
         {} were not (the candidates), and {} of these were linked after {} (base rate {}).\n",
        b.from,
        b.suggestions,
        years.join(", "),
        b.regions,
        b.from,
        b.to,
        b.linked_pairs,
        b.from,
        b.candidates,
        b.new_pairs,
        b.from,
        opt_or(b.base_rate, 3, "none")
    );
    let _ = writeln!(
        o,
        "AUC of the suggestion score for the new pairs: {} (0.5 is chance; none without new pairs or without others). \
         {} candidates lie inside some suggestion, {} of them new.\n",
        opt_or(b.auc, 3, "none"),
        b.suggested,
        b.suggested_new
    );
    precision_md(&mut o, &b.precision, "candidate pairs in them", b.from);
    if !b.new.is_empty() {
        let _ = writeln!(
            o,
            "\n| new pair | first linked | score in {} | best rank |\n|---|---:|---:|---:|",
            b.from
        );
        for n in &b.new {
            let _ = writeln!(
                o,
                "| {} - {} | {} | {:.4} | {} |",
                md_cell(&n.region_a),
                md_cell(&n.region_b),
                n.first_year,
                n.score,
                rank_text(n.best_rank, "-")
            );
        }
    }
    let c = &b.sector_level;
    let _ = writeln!(
        o,
        "\n### In the suggestions' sectors\n\n\
         The same test by cell: a pair of those regions and a sector ({} level, {} sectors), \
         linked when one end of a link between the two regions (an organisation's main activity, \
         a cluster's specialisation) is in the sector. {} cells were already linked by {}, {} were not \
         (the candidates), and {} of these were linked after {} (base rate {}).\n",
        c.level,
        c.sectors,
        c.linked_cells,
        b.from,
        c.candidates,
        c.new_cells,
        b.from,
        opt_or(c.base_rate, 3, "none")
    );
    let _ = writeln!(
        o,
        "AUC of the suggestion score for the new cells: {} (0.5 is chance). \
         {} candidate cells lie inside some suggestion (both regions and the sector in it), {} of them new.\n",
        opt_or(c.auc, 3, "none"),
        c.suggested,
        c.suggested_new
    );
    precision_md(&mut o, &c.precision, "candidate cells in them", b.from);
    let scored: Vec<_> = c.new.iter().filter(|n| n.best_rank.is_some()).collect();
    if !scored.is_empty() {
        let _ = writeln!(
            o,
            "\n| new cell inside a suggestion | sector | first linked | score in {} | best rank |\n|---|---|---:|---:|---:|",
            b.from
        );
        for n in scored {
            let _ = writeln!(
                o,
                "| {} - {} | {} | {} | {:.4} | {} |",
                md_cell(&n.region_a),
                md_cell(&n.region_b),
                md_cell(&n.sector),
                n.first_year,
                n.score,
                rank_text(n.best_rank, "-")
            );
        }
    }
    let _ = writeln!(
        o,
        "\nPairs of regions whatever the sector of the new link, then cells in the suggestions' sectors \
         (every new cell: --format csv or json); method: docs/measures.md (Dynamics, the suggestion back-test)."
    );
    o
}

/// The precision-at-k table of one level of the suggestion back-test.
fn precision_md(o: &mut String, rows: &[PrecisionAtK], unit: &str, from: i32) {
    let _ = writeln!(
        o,
        "| suggestions | {unit} | linked after {from} | precision |\n|---|---:|---:|---:|"
    );
    for p in rows {
        let k = if p.all {
            format!("all {}", p.k)
        } else {
            format!("top {}", p.k)
        };
        let _ = writeln!(
            o,
            "| {k} | {} | {} | {} |",
            p.pairs,
            p.new,
            opt_or(p.precision, 3, "none")
        );
    }
}

fn rank_text(rank: Option<usize>, missing: &str) -> String {
    rank.map_or_else(|| missing.to_string(), |r| r.to_string())
}

/// The new region pairs and cells of the suggestion back-test, one row
/// each: `level` is `pair` (any sector; `sector` empty) or `sector` (a new
/// link in that sector, see `crate::dynamics::links`).
pub fn new_pairs_csv(b: &LinkBacktest) -> String {
    let mut o = String::from("level,region_a,region_b,sector,first_year,score,best_rank\n");
    let pairs = b.new.iter().map(|n| {
        (
            "pair",
            &n.region_a,
            &n.region_b,
            "",
            n.first_year,
            n.score,
            n.best_rank,
        )
    });
    let cells = b.sector_level.new.iter().map(|n| {
        let s = n.sector.as_str();
        (
            "sector",
            &n.region_a,
            &n.region_b,
            s,
            n.first_year,
            n.score,
            n.best_rank,
        )
    });
    for (level, a, b, sector, year, score, rank) in pairs.chain(cells) {
        let _ = writeln!(
            o,
            "{level},{},{},{},{year},{score},{}",
            csv_field(a),
            csv_field(b),
            csv_field(sector),
            rank_text(rank, "")
        );
    }
    o
}
