//! The NTI market ranking ([`crate::suggest::markets`]) as Markdown (a
//! section per market, markets without participants first, a table of its
//! clusters and their explanations), CSV (one row per market and cluster)
//! and JSON (everything), shared by `coopnet suggest --markets` and the main job.

use std::fmt::Write as _;

use serde::Serialize;

use super::text::{csv_table, md_table, thousands};
use crate::error::Result;
use crate::suggest::markets::{MarketCluster, MarketRanking, MarketReport};

/// `N organisations`, `all synthetic` style sentence on what the ranking
/// rests on.
fn basis(r: &MarketReport) -> String {
    let (synthetic, all) = r.synthetic_organisations;
    let n = thousands(all);
    let orgs = match synthetic {
        0 => format!("{n} organisations, none marked synthetic"),
        s if s == all => format!("{n} organisations, all synthetic"),
        s => format!("{n} organisations, {} of them synthetic", thousands(s)),
    };
    format!(
        "The clusters' organisations and links come from the dataset ({orgs}); where they are synthetic, \
         so are the specialisation and link terms built on them."
    )
}

/// The market's heading: `HealthNet (Хелснет): no participants`.
fn heading(m: &MarketRanking) -> String {
    let ru = m
        .market
        .name_ru
        .as_ref()
        .map(|n| format!(" ({n})"))
        .unwrap_or_default();
    let who = match m.market.participants {
        Some(0) => "no participants".to_string(),
        Some(1) => "1 participant".to_string(),
        Some(n) => format!("{n} participants"),
        None => "participants unknown".to_string(),
    };
    format!("{}{ru}: {who}", m.market.id)
}

fn regions_cell(c: &MarketCluster) -> String {
    let v: Vec<String> = c
        .regions
        .iter()
        .map(|r| format!("{} ({}) {:.2}", r.name, r.id, r.lq))
        .collect();
    v.join(", ")
}

/// The ranking in Markdown.
pub fn markdown(r: &MarketReport) -> String {
    let mut o = String::new();
    let c = &r.config;
    let _ = writeln!(o, "# Clusters for the NTI markets\n");
    let _ = writeln!(
        o,
        "Markets without participants first, then fewest participants first: the study finds the \
         markets have few participating companies and argues they should build cooperation with clusters, \
         so those with none come first. For each market the clusters are \
         ranked by score = {} x match + {} x specialisation + {} x links (docs/measures.md, NTI markets): \
         match is 1 when the cluster's sector is one of the market's (else the share of its organisations \
         that are), specialisation the mean symmetric location quotient (LQ - 1) / (LQ + 1), clipped at 0, \
         of its regions in the market's sectors (by {}), links W / (W + K) of the weight W of its \
         organisations' links in the market's sectors (K = {}, the median over all markets and clusters). \
         Geography is not a term: a market has no location in the data; the districts of each market's \
         clusters are listed instead.\n",
        c.match_weight,
        c.specialisation_weight,
        c.links_weight,
        r.measure,
        r.link_half.map_or_else(
            || "none: no cluster has such links".to_string(),
            |k| format!("{k}")
        )
    );
    let _ = writeln!(o, "{}\n", basis(r));
    for m in &r.markets {
        let _ = writeln!(o, "## {}\n", heading(m));
        let named: Vec<String> = (m.market.sectors.iter())
            .zip(&m.sector_names)
            .map(|(c, n)| match n.as_str() {
                "" => c.clone(),
                n if n == c => c.clone(),
                n => format!("{c} {n}"),
            })
            .collect();
        let _ = writeln!(
            o,
            "Sectors: {} ({}). {}\n",
            named.join("; "),
            m.market.sectors_provenance,
            if m.market.reason.is_empty() {
                String::new()
            } else {
                format!("Why: {}.", m.market.reason)
            }
        );
        if m.clusters.is_empty() {
            let _ = writeln!(
                o,
                "No cluster works or cooperates in these sectors ({} organisations of the dataset are in them).\n",
                m.organisations
            );
            continue;
        }
        let _ = writeln!(
            o,
            "{} of {} qualifying clusters shown; they lie in {} of the {} districts ({}).\n",
            m.clusters.len(),
            m.candidates,
            m.districts.len(),
            r.district_count,
            m.districts.join(", ")
        );
        o.push_str(&md_table(
            "",
            &[
                ("rank", true),
                ("cluster", false),
                ("sector", false),
                ("regions (LQ in the market)", false),
                ("links", true),
                ("score", true),
            ],
            &m.clusters,
            |c| {
                [
                    c.rank.to_string(),
                    format!("{} ({})", c.name, c.id),
                    format!("{} {}", c.sector, c.sector_name),
                    regions_cell(c),
                    c.links.to_string(),
                    format!("{:.3}", c.score),
                ]
            },
        ));
        o.push('\n');
        for c in &m.clusters {
            let _ = writeln!(o, "{}. {}.", c.rank, c.explanation);
        }
        o.push('\n');
    }
    o
}

/// The ranking as CSV: one row per market and listed cluster, markets in report order.
pub fn csv(r: &MarketReport) -> String {
    let rows = r
        .markets
        .iter()
        .enumerate()
        .flat_map(|(i, m)| m.clusters.iter().map(move |c| (i + 1, m, c)));
    csv_table(
        &[
            "market_order",
            "market",
            "participants",
            "rank",
            "cluster",
            "cluster_name",
            "sector",
            "sector_name",
            "market_sector",
            "regions",
            "region_names",
            "lq",
            "links",
            "link_weight",
            "match",
            "specialisation",
            "links_term",
            "score",
            "explanation",
        ],
        rows,
        |(order, m, c)| {
            let join = |f: &dyn Fn(&crate::suggest::markets::RegionLq) -> String| {
                c.regions.iter().map(f).collect::<Vec<_>>().join("|")
            };
            [
                order.to_string(),
                m.market.id.clone(),
                m.market
                    .participants
                    .map_or_else(String::new, |n| n.to_string()),
                c.rank.to_string(),
                c.id.clone(),
                c.name.clone(),
                c.sector.clone(),
                c.sector_name.clone(),
                c.market_sector.clone().unwrap_or_default(),
                join(&|x| x.id.clone()),
                join(&|x| x.name.clone()),
                join(&|x| format!("{:.4}", x.lq)),
                c.links.to_string(),
                c.link_weight.to_string(),
                format!("{:.4}", c.match_term),
                format!("{:.4}", c.specialisation_term),
                format!("{:.4}", c.links_term),
                format!("{:.4}", c.score),
                c.explanation.clone(),
            ]
        },
    )
}

#[derive(Serialize)]
struct JsonOut<'a> {
    dataset: &'a str,
    order: &'static str,
    geography: &'static str,
    basis: String,
    #[serde(flatten)]
    report: &'a MarketReport,
}

/// The ranking as JSON: `dataset`, `order`, `geography`, `basis`, `markets`
/// (each with `market`, `candidates`, `clusters`, `districts`), `config`,
/// `measure`, `link_half`.
///
/// # Errors
///
/// [`crate::Error::Internal`] only, should JSON serialisation fail.
pub fn json(r: &MarketReport, dataset: &str) -> Result<String> {
    super::json::pretty(&JsonOut {
        dataset,
        order: "markets without participants first, then fewest participants first (ties in file order, unknown last)",
        geography: "not a term: a market has no location in the data; the districts of the listed clusters are given",
        basis: basis(r),
        report: r,
    })
}
