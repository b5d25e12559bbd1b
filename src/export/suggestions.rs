//! The suggestion report as Markdown (for a written report), CSV (one row per
//! suggestion) and JSON (everything), shared by `coopnet suggest` and the
//! main job.
//!
//! Markdown: a short ranked table (rank, kind, regions with names, sectors
//! with names, score), then per suggestion its explanation lines and a few
//! anchors, then where the dataset's existing inter-regional clusters rank.
//! JSON: each suggestion with `kind`, `regions` (ids), `districts`,
//! `sectors` (codes), `score`, `anchors` and `explanation`, and the other
//! fields of [`Suggestion`].

use std::fmt::Write as _;

use serde::Serialize;

use super::escape::{csv_field, md_cell as md};
use crate::error::Result;
use crate::suggest::evidence::{distance_text, grouped, p_text};
use crate::suggest::{
    Evaluation, EvidenceSummary, ExistingCluster, InnovationIndex, PairingResult, Placement,
    SuggestParameters, SuggestReport, Suggestion, SuggestionKind, Ties,
};

/// Default number of suggestions shown.
pub const DEFAULT_TOP: usize = 10;

/// What the outputs show beyond the report itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderOptions {
    /// How many suggestions to show ([`DEFAULT_TOP`]).
    pub top: usize,
    /// Where the value chain came from, in words.
    pub value_chain: String,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            top: DEFAULT_TOP,
            value_chain: "curated (datasets/value_chain.csv)".to_string(),
        }
    }
}

/// `Kostroma Oblast (RU-KOS)`; the id alone when no name is known.
fn named(id: &str, name: Option<&String>) -> String {
    match name {
        Some(n) if n != id => format!("{n} ({id})"),
        _ => id.to_string(),
    }
}

/// `32 Other manufacturing`; the code alone when no name is known.
fn sector_named(code: &str, name: Option<&String>) -> String {
    match name {
        Some(n) if !n.is_empty() && n != code => format!("{code} {n}"),
        _ => code.to_string(),
    }
}

/// `1 suggestion`, `2 suggestions`.
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The report in Markdown.
pub fn markdown(report: &SuggestReport, options: &RenderOptions) -> String {
    let p = &report.parameters;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Suggested national clusters: {}{}\n",
        md(&report.dataset),
        super::describe::year_suffix(report.year)
    );
    let _ = writeln!(
        out,
        "{} from {} (LQ >= {} by {}, {} level) and {}. Leiden ({}, resolution {}, \
         seed {}) found {} (modularity {:.3}); {} spanning more than {} regions were split again \
         (CPM on their own subgraph), giving {}. Value chain: {}. Score: the mean strength of a suggestion's members inside it \
         (twice its internal edge weight over its number of specialisations).\n",
        counted(report.suggestions.len(), "suggestion", "suggestions"),
        counted(report.nodes, "specialisation", "specialisations"),
        p.threshold,
        p.measure,
        p.level,
        counted(report.edges, "edge", "edges"),
        p.quality,
        p.resolution,
        p.seed,
        counted(report.communities, "community", "communities"),
        report.modularity,
        report.split_communities,
        if p.max_regions == 0 {
            "any number of".to_string()
        } else {
            p.max_regions.to_string()
        },
        counted(report.pieces, "piece", "pieces"),
        md(&options.value_chain),
    );
    evidence_paragraph(&mut out, report);
    if report.suggestions.is_empty() {
        let _ = writeln!(
            out,
            "No community of specialisations spans two or more regions{}.",
            match report.ties_shown {
                Some(t) => format!(" with {} ties", t.name()),
                None => String::new(),
            }
        );
    } else {
        let _ = writeln!(
            out,
            "| rank | kind | ties | regions | sectors | distance | observed links | score |\n\
             |---:|---|---|---|---|---:|---:|---:|"
        );
    }
    for s in report.suggestions.iter().take(options.top) {
        let regions: Vec<String> = s
            .regions
            .iter()
            .enumerate()
            .map(|(i, r)| named(r, s.region_names.get(i)))
            .collect();
        let sectors: Vec<String> = s
            .sectors
            .iter()
            .enumerate()
            .map(|(i, c)| sector_named(c, s.sector_names.get(i)))
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} ({}) | {} | {} | {} | {} | {:.2} |",
            s.rank,
            s.kind.name(),
            s.ties.name(),
            s.rank_in_ties,
            md(&regions.join(", ")),
            md(&sectors.join("; ")),
            distance_cell(s),
            links_cell(s),
            s.score
        );
    }
    for s in report.suggestions.iter().take(options.top) {
        suggestion_section(&mut out, s, &report.innovation);
    }
    if !report.existing_clusters.is_empty() {
        existing_section(
            &mut out,
            &report.existing_clusters,
            report.suggestions.len(),
        );
    }
    if !report.expected_pairings.is_empty() {
        pairings_section(
            &mut out,
            &report.expected_pairings,
            report.suggestions.len(),
        );
    }
    out
}

fn suggestion_section(out: &mut String, s: &Suggestion, innovation: &[InnovationIndex]) {
    let names: Vec<&str> = s
        .regions
        .iter()
        .enumerate()
        .map(|(i, r)| s.region_names.get(i).map_or(r.as_str(), String::as_str))
        .collect();
    let kind = match s.kind {
        SuggestionKind::Sectoral => "Sectoral",
        SuggestionKind::Intersectoral => "Intersectoral",
    };
    let _ = writeln!(out, "\n## {}. {kind}: {}\n", s.rank, md(&names.join(", ")));
    let _ = writeln!(
        out,
        "Sectors {}; districts {}. Score {:.2}: internal weight {:.2} over {} specialisations, {:.0} % on the \
         value chain; cohesion {:.2}; from community {}.\n",
        md(&s
            .sectors
            .iter()
            .enumerate()
            .map(|(i, c)| sector_named(c, s.sector_names.get(i)))
            .collect::<Vec<_>>()
            .join("; ")),
        md(&s.districts.join(", ")),
        s.score,
        s.internal_weight,
        s.members.len(),
        100.0 * s.value_chain_share,
        s.cohesion,
        s.community
    );
    let _ = writeln!(
        out,
        "{} ties: {}.\n",
        match s.ties {
            Ties::Existing => "Existing",
            Ties::New => "New",
        },
        md(&pairs_text(s))
    );
    for e in &s.explanation {
        if e.rationale.is_empty() {
            let _ = writeln!(out, "- {}", md(&e.text));
        } else {
            let _ = writeln!(out, "- {}: {}", md(&e.text), md(&e.rationale));
        }
    }
    if !s.anchors.is_empty() {
        let a: Vec<String> = s
            .anchors
            .iter()
            .map(|a| {
                let size = a
                    .employees
                    .map_or(String::new(), |e| format!(", {e} employees"));
                format!(
                    "{} {} ({}, {} in {}{size})",
                    a.kind,
                    md(&a.name),
                    a.id,
                    a.sector,
                    a.regions.join("/")
                )
            })
            .collect();
        let _ = writeln!(out, "\nAnchors: {}.", a.join("; "));
    }
    if !innovation.is_empty() {
        let each: Vec<String> = s
            .regions
            .iter()
            .filter_map(|r| innovation.iter().find(|i| &i.region == r))
            .map(|i| format!("{} {:.2} ({})", i.region, i.index, i.organisations))
            .collect();
        let _ = writeln!(
            out,
            "\nInnovation index (research and university organisations): {}.",
            each.join(", ")
        );
    }
}

/// How observed cooperation and distance entered the ranking, in words.
fn evidence_paragraph(out: &mut String, report: &SuggestReport) {
    let e = &report.evidence;
    let decay = match e.distance_scale {
        Some(d0) => format!(
            "a distance decay exp(-d / d0) with d0 = {} ({})",
            distance_text(Some(d0), e.distance_unit),
            e.distance_scale_source
        ),
        None => format!("no distance decay ({})", e.distance_scale_source),
    };
    let _ = writeln!(
        out,
        "Every edge between two regions is weighted by the cooperation observed between their organisations, \
         1 + {} ln(1 + links) ({} links between regions; {} inside one region are not counted), and by {}. \
         Distances: {}.{} Ties: *existing* when links are observed among a suggestion's regions, *new* \
         otherwise{}.\n",
        e.link_boost,
        grouped(e.inter_regional_links as f64),
        grouped(e.within_region_links as f64),
        decay,
        md(&e.distance_source),
        if e.regions_without_distance.is_empty() {
            String::new()
        } else {
            format!(
                " Without a known distance: {}; {}.",
                md(&e.regions_without_distance.join(", ")),
                md(&e.unknown_distance)
            )
        },
        match report.ties_shown {
            Some(t) => format!("; only suggestions with {} ties are listed", t.name()),
            None => String::new(),
        }
    );
}

/// The largest distance among a suggestion's regions.
fn distance_cell(s: &Suggestion) -> String {
    if s.evidence.pairs.is_empty() {
        return "-".to_string();
    }
    distance_text(s.evidence.max_distance, &s.evidence.distance_unit)
}

/// `25 (24 in its sectors)`.
fn links_cell(s: &Suggestion) -> String {
    format!(
        "{} ({} in its sectors)",
        grouped(s.evidence.links as f64),
        grouped(s.evidence.links_in_sectors as f64)
    )
}

/// Every pair of a suggestion's regions with distance and links, in words.
fn pairs_text(s: &Suggestion) -> String {
    let each: Vec<String> = s
        .evidence
        .pairs
        .iter()
        .map(|p| {
            format!(
                "{} - {}, {}, {} observed {} ({} in its sectors)",
                named(&p.region_a, Some(&p.region_a_name)),
                named(&p.region_b, Some(&p.region_b_name)),
                distance_text(p.distance, &s.evidence.distance_unit),
                grouped(p.links as f64),
                if p.links == 1 { "link" } else { "links" },
                grouped(p.links_in_sectors as f64)
            )
        })
        .collect();
    each.join("; ")
}

fn existing_section(out: &mut String, clusters: &[ExistingCluster], total: usize) {
    let _ = writeln!(
        out,
        "\n## Existing inter-regional clusters\n\nWhere the dataset's clusters with two or more regions rank among \
         the {total} suggestions: the best suggestion holding two or more of their regions' specialisations in \
         their sector.\n\n| cluster | sector | regions | rank | kind (rank in kind) | note |\n|---|---|---|---:|---|---|"
    );
    for c in clusters {
        let e = &c.evaluation;
        let regions: Vec<String> = e
            .placements
            .iter()
            .map(|p| match p.lq {
                Some(_) => format!(
                    "{} ({})",
                    named(&p.region, Some(&p.name)),
                    placement_tests(p)
                ),
                None => named(&p.region, Some(&p.name)),
            })
            .collect();
        let regions = if regions.is_empty() {
            c.regions.join(", ")
        } else {
            regions.join(", ")
        };
        let _ = writeln!(
            out,
            "| {} ({}) | {} | {} | {} | {} | {} |",
            md(&c.name),
            md(&c.id),
            md(&sector_named(&c.sector, Some(&c.sector_name))),
            md(&regions),
            rank_cell(e),
            kind_cell(e),
            md(e.note.as_deref().unwrap_or(""))
        );
    }
    let _ = writeln!(
        out,
        "\nRegions are listed with their location quotient in the cluster's sector and the p- and q-value of \
         its significance test."
    );
}

fn pairings_section(out: &mut String, pairings: &[PairingResult], total: usize) {
    let _ = writeln!(
        out,
        "\n## Expected pairings\n\nWhere the pairings expected by a source (expected_pairings.csv) rank among the \
         {total} suggestions: the best suggestion holding two or more of their specialisations in two or more \
         regions; when none does, which evidence is missing or what kept the pairing out.\n\n\
         | pairing | specialisations | rank | kind (rank in kind) | source | note |\n|---|---|---:|---|---|---|"
    );
    for p in pairings {
        let e = &p.evaluation;
        let members: Vec<String> = p
            .members_named
            .iter()
            .zip(&e.placements)
            .map(|(n, x)| match x.lq {
                Some(_) => format!("{n} ({})", placement_tests(x)),
                None => format!("{n} (no activity)"),
            })
            .collect();
        let _ = writeln!(
            out,
            "| {} ({}, {}) | {} | {} | {} | {} | {} |",
            md(&p.pairing.name),
            md(&p.pairing.id),
            p.pairing.kind,
            md(&members.join("; ")),
            rank_cell(e),
            kind_cell(e),
            md(&p.pairing.source),
            md(e.note.as_deref().unwrap_or(""))
        );
    }
}

/// `LQ 4.03, p 0.012, q 0.310`, the LQ alone when untested.
fn placement_tests(p: &Placement) -> String {
    let lq = p.lq.map_or_else(String::new, |v| format!("LQ {v:.2}"));
    match (p.p_value, p.q_value) {
        (Some(pv), Some(q)) => format!("{lq}, p {}, q {}", p_text(pv), p_text(q)),
        _ => lq,
    }
}

fn rank_cell(e: &Evaluation) -> String {
    e.rank.map_or("-".to_string(), |r| r.to_string())
}

fn kind_cell(e: &Evaluation) -> String {
    match (e.kind, e.rank_in_kind) {
        (Some(k), Some(r)) => format!("{} ({r})", k.name()),
        _ => "-".to_string(),
    }
}

/// The evaluation of the existing clusters and the expected pairings as CSV,
/// one row each: where each ranks, or what kept it out.
pub fn evaluation_csv(report: &SuggestReport) -> String {
    let mut out = String::from(
        "group,id,name,expected_kind,specialisations,rank,kind,rank_in_kind,source,note\n",
    );
    let members = |e: &Evaluation| -> String {
        e.placements
            .iter()
            .map(|p| {
                let verdict = if p.specialised { "node" } else { "not a node" };
                match p.lq {
                    Some(_) => format!(
                        "{}:{} {} ({verdict})",
                        p.region,
                        p.sector,
                        placement_tests(p)
                    ),
                    None => format!("{}:{} no activity", p.region, p.sector),
                }
            })
            .collect::<Vec<_>>()
            .join("|")
    };
    let mut row =
        |group: &str, id: &str, name: &str, expected: &str, source: &str, e: &Evaluation| {
            let _ = writeln!(
                out,
                "{group},{},{},{expected},{},{},{},{},{},{}",
                csv_field(id),
                csv_field(name),
                csv_field(&members(e)),
                e.rank.map_or(String::new(), |r| r.to_string()),
                e.kind.map_or("", |k| k.name()),
                e.rank_in_kind.map_or(String::new(), |r| r.to_string()),
                csv_field(source),
                csv_field(e.note.as_deref().unwrap_or(""))
            );
        };
    for c in &report.existing_clusters {
        row(
            "cluster",
            &c.id,
            &c.name,
            "sectoral",
            "clusters.csv",
            &c.evaluation,
        );
    }
    for p in &report.expected_pairings {
        row(
            "pairing",
            &p.pairing.id,
            &p.pairing.name,
            p.pairing.kind,
            &p.pairing.source,
            &p.evaluation,
        );
    }
    out
}

/// The first `options.top` suggestions as CSV, one row each.
pub fn csv(report: &SuggestReport, options: &RenderOptions) -> String {
    let mut out = String::from(
        "rank,kind,ties,rank_in_ties,score,internal_weight,value_chain_share,cohesion,regions,region_names,districts,sectors,sector_names,\
         links,links_weight,links_in_sectors,links_in_sectors_weight,max_distance,distance_unit,region_pairs,anchors,explanation\n",
    );
    for s in report.suggestions.iter().take(options.top) {
        let anchors: Vec<&str> = s.anchors.iter().map(|a| a.id.as_str()).collect();
        let expl: Vec<&str> = s.explanation.iter().map(|e| e.text.as_str()).collect();
        let ev = &s.evidence;
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            s.rank,
            s.kind.name(),
            s.ties.name(),
            s.rank_in_ties,
            s.score,
            s.internal_weight,
            s.value_chain_share,
            s.cohesion,
            csv_field(&s.regions.join("|")),
            csv_field(&s.region_names.join("|")),
            csv_field(&s.districts.join("|")),
            csv_field(&s.sectors.join("|")),
            csv_field(&s.sector_names.join("|")),
            ev.links,
            ev.weight,
            ev.links_in_sectors,
            ev.weight_in_sectors,
            ev.max_distance.map_or(String::new(), |d| format!("{d:.1}")),
            ev.distance_unit,
            csv_field(&pairs_text(s)),
            csv_field(&anchors.join("|")),
            csv_field(&expl.join("|"))
        );
    }
    out
}

#[derive(Serialize)]
struct JsonParameters<'a> {
    #[serde(flatten)]
    parameters: &'a SuggestParameters,
    top: usize,
}

#[derive(Serialize)]
struct JsonOut<'a> {
    dataset: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    year: Option<i32>,
    value_chain: &'a str,
    parameters: JsonParameters<'a>,
    nodes: usize,
    edges: usize,
    communities: usize,
    split_communities: usize,
    pieces: usize,
    modularity: f64,
    seed: u64,
    total_suggestions: usize,
    suggestions: &'a [Suggestion],
    existing_clusters: &'a [ExistingCluster],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    expected_pairings: &'a [PairingResult],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    innovation: &'a [InnovationIndex],
    evidence: &'a EvidenceSummary,
    #[serde(skip_serializing_if = "Option::is_none")]
    ties_shown: Option<Ties>,
}

/// The report as pretty JSON, with the first `options.top` suggestions.
///
/// # Errors
///
/// [`crate::Error::Internal`] only, should JSON serialisation fail.
pub fn json(report: &SuggestReport, options: &RenderOptions) -> Result<String> {
    let out = JsonOut {
        dataset: &report.dataset,
        year: report.year,
        value_chain: &options.value_chain,
        parameters: JsonParameters {
            parameters: &report.parameters,
            top: options.top,
        },
        nodes: report.nodes,
        edges: report.edges,
        communities: report.communities,
        split_communities: report.split_communities,
        pieces: report.pieces,
        modularity: report.modularity,
        seed: report.seed,
        total_suggestions: report.suggestions.len(),
        suggestions: &report.suggestions[..options.top.min(report.suggestions.len())],
        existing_clusters: &report.existing_clusters,
        expected_pairings: &report.expected_pairings,
        innovation: &report.innovation,
        evidence: &report.evidence,
        ties_shown: report.ties_shown,
    };
    super::json::pretty(&out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suggest::{SuggestOptions, suggest};

    fn report() -> SuggestReport {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/demo");
        let ds = crate::load::load_dataset(&dir).unwrap();
        suggest(
            &ds,
            &crate::load::value_chain::curated().unwrap(),
            &SuggestOptions::default(),
        )
        .unwrap()
    }

    #[test]
    fn markdown_has_a_ranked_table_and_sections() {
        let r = report();
        let opts = RenderOptions {
            top: 2,
            ..RenderOptions::default()
        };
        let text = markdown(&r, &opts);
        assert!(text.starts_with("# Suggested national clusters: demo\n"));
        assert!(text.contains(
            "| rank | kind | ties | regions | sectors | distance | observed links | score |"
        ));
        assert!(
            text.contains("Every edge between two regions is weighted by the cooperation observed")
        );
        assert!(text.contains("\n## 1. "));
        assert!(!text.contains("\n## 3. "));
        assert!(text.contains("## Existing inter-regional clusters"));
    }

    #[test]
    fn csv_and_json_hold_the_top_suggestions() {
        let r = report();
        let opts = RenderOptions {
            top: 1,
            ..RenderOptions::default()
        };
        let c = csv(&r, &opts);
        assert_eq!(c.lines().count(), 2);
        let v: serde_json::Value = serde_json::from_str(&json(&r, &opts).unwrap()).unwrap();
        let list = v["suggestions"].as_array().unwrap();
        assert_eq!(list.len(), 1);
        for key in [
            "rank",
            "kind",
            "regions",
            "districts",
            "sectors",
            "score",
            "anchors",
            "explanation",
        ] {
            assert!(list[0].get(key).is_some(), "missing {key}");
        }
        assert_eq!(v["parameters"]["top"], 1);
        assert_eq!(v["parameters"]["max_regions"], 3);
        assert_eq!(
            v["total_suggestions"].as_u64().unwrap() as usize,
            r.suggestions.len()
        );
    }

    #[test]
    fn names_fall_back_to_ids() {
        assert_eq!(
            named("RU-KOS", Some(&"Kostroma Oblast".to_string())),
            "Kostroma Oblast (RU-KOS)"
        );
        assert_eq!(named("X", None), "X");
        assert_eq!(
            sector_named("32", Some(&"Other manufacturing".to_string())),
            "32 Other manufacturing"
        );
        assert_eq!(sector_named("99", Some(&String::new())), "99");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
    }
}
