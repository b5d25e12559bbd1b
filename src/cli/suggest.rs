//! `coopnet suggest`: national-cluster suggestions for a dataset.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde::Serialize;

use super::common::{Context, Outcome, UsageError, load, write_output};
use super::specialisation::{MeasureArg, csv_field, md_cell};
use crate::community::{LeidenConfig, Quality};
use crate::economics::value_chain::DEFAULT_IO_THRESHOLD;
use crate::economics::{IoTable, ValueChain};
use crate::model::SectorLevel;
use crate::suggest::{
    DEFAULT_INTERSECTORAL_WEIGHT, DEFAULT_MAX_ORGANISATIONS, DEFAULT_MAX_PARTNERS,
    DEFAULT_SECTORAL_WEIGHT, DEFAULT_THRESHOLD, SuggestConfig, SuggestOptions, SuggestReport,
    Suggestion, suggest,
};

const AFTER_HELP: &str = "\
Examples:
  coopnet suggest datasets/russia
  coopnet suggest datasets/russia --top 20 --format json --out suggestions.json
  coopnet suggest datasets/russia --io-table BEL2020ttl.csv --seed 7
  coopnet suggest my-data --value-chain my_value_chain.csv --resolution 1.5

The value chain is the curated default (datasets/value_chain.csv) unless --io-table
(an OECD national input-output table, or a plain square matrix) or --value-chain
(from,to,weight,rationale) is given. In JSON each suggestion has kind, regions,
districts, sectors, score, anchors and explanation. The same dataset and seed give
the same suggestions at any --threads. Method and defaults: docs/measures.md.";

/// Arguments of `coopnet suggest`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The dataset folder.
    pub dataset: PathBuf,
    /// Derive the value chain from this input-output table (OECD layout or a square matrix).
    #[arg(long, value_name = "FILE", conflicts_with = "value_chain")]
    pub io_table: Option<PathBuf>,
    /// Minimum supply linkage kept from --io-table.
    #[arg(long, default_value_t = DEFAULT_IO_THRESHOLD, value_name = "SHARE")]
    pub io_threshold: f64,
    /// Use this value chain (from,to,weight,rationale) instead of the curated default.
    #[arg(long, value_name = "FILE")]
    pub value_chain: Option<PathBuf>,
    /// How many suggestions to show.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub top: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Md)]
    pub format: Format,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// What the region x sector matrix counts.
    #[arg(long, value_enum, default_value_t = MeasureArg::Employees)]
    pub measure: MeasureArg,
    /// OKVED2 level of sectors.
    #[arg(long, default_value = "division", value_parser = parse_level, value_name = "LEVEL")]
    pub level: SectorLevel,
    /// A specialisation is a location quotient at or above this.
    #[arg(long, default_value_t = DEFAULT_THRESHOLD, value_name = "LQ")]
    pub threshold: f64,
    /// Multiplier of value-chain (intersectoral) edges.
    #[arg(long, default_value_t = DEFAULT_INTERSECTORAL_WEIGHT, value_name = "W")]
    pub intersectoral_weight: f64,
    /// Multiplier of same-sector (sectoral) edges.
    #[arg(long, default_value_t = DEFAULT_SECTORAL_WEIGHT, value_name = "W")]
    pub sectoral_weight: f64,
    /// Strongest edges each specialisation keeps.
    #[arg(long, default_value_t = DEFAULT_MAX_PARTNERS, value_name = "K")]
    pub max_partners: usize,
    /// Modularity resolution of the community detection (larger: smaller suggestions).
    #[arg(long, default_value_t = crate::community::DEFAULT_RESOLUTION, value_name = "GAMMA")]
    pub resolution: f64,
    /// Seed of the community detection.
    #[arg(long, default_value_t = crate::community::DEFAULT_SEED)]
    pub seed: u64,
}

/// Output format of `suggest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A Markdown report.
    Md,
    /// One CSV row per suggestion.
    Csv,
    /// JSON.
    Json,
}

fn parse_level(s: &str) -> Result<SectorLevel, String> {
    SectorLevel::parse(s).ok_or_else(|| format!("unknown level {s:?}"))
}

/// Reads an input-output table in the OECD layout when it has `TTL_` rows,
/// otherwise as a plain square matrix.
fn read_io_table(path: &Path) -> anyhow::Result<IoTable> {
    let text = std::fs::read(path).map_err(|e| crate::Error::io(path, e))?;
    let oecd = String::from_utf8_lossy(&text)
        .lines()
        .any(|l| l.trim_start_matches('"').starts_with("TTL_"));
    let table = if oecd {
        IoTable::from_oecd_path(path)
    } else {
        IoTable::from_square_path(path)
    };
    table.with_context(|| format!("cannot read the input-output table {}", path.display()))
}

#[derive(Serialize)]
struct JsonSuggestion<'a> {
    rank: usize,
    #[serde(flatten)]
    suggestion: &'a Suggestion,
}

#[derive(Serialize)]
struct JsonOut<'a> {
    dataset: String,
    value_chain: String,
    parameters: Parameters,
    nodes: usize,
    edges: usize,
    communities: usize,
    modularity: f64,
    seed: u64,
    total_suggestions: usize,
    suggestions: Vec<JsonSuggestion<'a>>,
    existing_clusters: &'a [crate::suggest::ExistingCluster],
}

#[derive(Serialize, Clone)]
struct Parameters {
    measure: &'static str,
    level: &'static str,
    threshold: f64,
    intersectoral_weight: f64,
    sectoral_weight: f64,
    max_partners: usize,
    resolution: f64,
    seed: u64,
    top: usize,
}

/// Runs `coopnet suggest`.
pub fn run(args: &Args, ctx: &Context) -> anyhow::Result<Outcome> {
    if !args.dataset.is_dir() {
        return Err(UsageError(format!("{}: not a dataset folder", args.dataset.display())).into());
    }
    let ds = load(&args.dataset, ctx)?;
    let (chain, chain_name) = match (&args.io_table, &args.value_chain) {
        (Some(path), _) => {
            let table = read_io_table(path)?;
            let chain = ValueChain::from_io_table(&table, args.io_threshold)
                .with_context(|| format!("cannot derive a value chain from {}", path.display()))?;
            ctx.note(format!(
                "value chain: {} links from {}",
                chain.len(),
                path.display()
            ));
            (chain, path.display().to_string())
        }
        (None, Some(path)) => {
            let chain = ValueChain::from_csv_path(path)
                .with_context(|| format!("cannot read the value chain {}", path.display()))?;
            (chain, path.display().to_string())
        }
        (None, None) => (
            ValueChain::curated()?,
            "curated (datasets/value_chain.csv)".to_string(),
        ),
    };
    let options = SuggestOptions {
        measure: args.measure.into(),
        level: args.level,
        graph: SuggestConfig {
            threshold: args.threshold,
            intersectoral_weight: args.intersectoral_weight,
            sectoral_weight: args.sectoral_weight,
            max_partners: args.max_partners,
        },
        leiden: LeidenConfig {
            quality: Quality::Modularity {
                resolution: args.resolution,
            },
            seed: args.seed,
            ..LeidenConfig::default()
        },
        max_organisations: DEFAULT_MAX_ORGANISATIONS,
    };
    let spinner = ctx.spinner("suggesting national clusters");
    let report = suggest(&ds, &chain, &options).context("cannot compute suggestions");
    spinner.finish_and_clear();
    let report = report?;
    let params = Parameters {
        measure: options.measure.name(),
        level: options.level.name(),
        threshold: args.threshold,
        intersectoral_weight: args.intersectoral_weight,
        sectoral_weight: args.sectoral_weight,
        max_partners: args.max_partners,
        resolution: args.resolution,
        seed: args.seed,
        top: args.top,
    };
    let text = match args.format {
        Format::Json => {
            let out = JsonOut {
                dataset: ds.name.clone(),
                value_chain: chain_name,
                parameters: params,
                nodes: report.nodes,
                edges: report.edges,
                communities: report.communities,
                modularity: report.modularity,
                seed: report.seed,
                total_suggestions: report.suggestions.len(),
                suggestions: report
                    .suggestions
                    .iter()
                    .take(args.top)
                    .enumerate()
                    .map(|(i, s)| JsonSuggestion {
                        rank: i + 1,
                        suggestion: s,
                    })
                    .collect(),
                existing_clusters: &report.existing_clusters,
            };
            let mut t = serde_json::to_string_pretty(&out)?;
            t.push('\n');
            t
        }
        Format::Csv => csv(&report, args.top),
        Format::Md => markdown(&report, &ds.name, &chain_name, &params),
    };
    write_output(args.out.as_deref(), text.as_bytes())?;
    ctx.note(format!(
        "{} suggestions from {} specialisations and {} edges ({} communities, seed {})",
        report.suggestions.len(),
        report.nodes,
        report.edges,
        report.communities,
        report.seed
    ));
    if let Some(out) = &args.out {
        ctx.note(format!("wrote {}", out.display()));
    }
    Ok(Outcome::Success)
}

fn csv(report: &SuggestReport, top: usize) -> String {
    let mut out = String::from("rank,kind,score,regions,districts,sectors,anchors,explanation\n");
    for (i, s) in report.suggestions.iter().take(top).enumerate() {
        let anchors: Vec<&str> = s.anchors.iter().map(|a| a.id.as_str()).collect();
        let expl: Vec<&str> = s.explanation.iter().map(|e| e.text.as_str()).collect();
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{}",
            i + 1,
            kind(s),
            s.score,
            csv_field(&s.regions.join("|")),
            csv_field(&s.districts.join("|")),
            csv_field(&s.sectors.join("|")),
            csv_field(&anchors.join("|")),
            csv_field(&expl.join("|"))
        );
    }
    out
}

fn kind(s: &Suggestion) -> &'static str {
    match s.kind {
        crate::suggest::SuggestionKind::Sectoral => "sectoral",
        crate::suggest::SuggestionKind::Intersectoral => "intersectoral",
    }
}

fn markdown(report: &SuggestReport, dataset: &str, chain: &str, p: &Parameters) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Suggested national clusters: {}\n", md_cell(dataset));
    let _ = writeln!(
        out,
        "{} specialisations (LQ >= {} by {}, {} level), {} edges, {} communities (Leiden, modularity {:.3}, \
         resolution {}, seed {}); value chain: {}.\n",
        report.nodes,
        p.threshold,
        p.measure,
        p.level,
        report.edges,
        report.communities,
        report.modularity,
        p.resolution,
        p.seed,
        md_cell(chain)
    );
    let _ = writeln!(
        out,
        "| rank | kind | regions | sectors | score | strongest link |\n|---:|---|---|---|---:|---|"
    );
    for (i, s) in report.suggestions.iter().take(p.top).enumerate() {
        let link = s
            .explanation
            .first()
            .map_or(String::new(), |e| e.text.clone());
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {:.3} | {} |",
            i + 1,
            kind(s),
            md_cell(&s.regions.join(", ")),
            md_cell(&s.sectors.join(", ")),
            s.score,
            md_cell(&link)
        );
    }
    for (i, s) in report.suggestions.iter().take(p.top).enumerate() {
        let _ = writeln!(
            out,
            "\n## {}. {} cluster of {}\n",
            i + 1,
            kind(s),
            md_cell(&s.regions.join(", "))
        );
        let _ = writeln!(out, "- districts: {}", md_cell(&s.districts.join(", ")));
        let _ = writeln!(out, "- sectors: {}", md_cell(&s.sectors.join(", ")));
        let _ = writeln!(
            out,
            "- score: {:.3} (value-chain part {:.3})",
            s.score, s.intersectoral_score
        );
        if !s.anchors.is_empty() {
            let a: Vec<String> = s
                .anchors
                .iter()
                .map(|a| format!("{} {} ({})", a.kind, md_cell(&a.name), a.id))
                .collect();
            let _ = writeln!(out, "- anchors: {}", a.join("; "));
        }
        for e in &s.explanation {
            let _ = writeln!(out, "- {}: {}", md_cell(&e.text), md_cell(&e.rationale));
        }
    }
    if !report.existing_clusters.is_empty() {
        let _ = writeln!(
            out,
            "\n## Existing inter-regional clusters\n\n| cluster | sector | regions | specialised | rank | kind (rank) | note |\n|---|---|---|---|---:|---|---|"
        );
        for c in &report.existing_clusters {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                md_cell(&c.name),
                c.sector,
                c.regions.join(", "),
                c.specialised_regions.join(", "),
                c.rank.map_or("-".to_string(), |r| r.to_string()),
                match (c.kind, c.rank_in_kind) {
                    (Some(crate::suggest::SuggestionKind::Sectoral), Some(r)) =>
                        format!("sectoral ({r})"),
                    (Some(crate::suggest::SuggestionKind::Intersectoral), Some(r)) =>
                        format!("intersectoral ({r})"),
                    _ => "-".to_string(),
                },
                md_cell(c.note.as_deref().unwrap_or(""))
            );
        }
    }
    out
}
