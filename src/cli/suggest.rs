//! `coopnet suggest`: national-cluster suggestions for a dataset.

use std::path::PathBuf;

use anyhow::Context as _;

use super::common::{
    CommunityArgs, Context, MeasureArg, Outcome, above_zero, inputs, level_parser, load, out_file,
    positive_share, usage, whole_at_least, write_output, zero_or_more,
};
use coopnet::economics::ValueChain;
use coopnet::economics::value_chain::DEFAULT_IO_THRESHOLD;
use coopnet::export::suggestions::{self as render, DEFAULT_TOP, RenderOptions, counted};
use coopnet::model::SectorLevel;
use coopnet::suggest::{
    AnchorLimits, CompactConfig, DEFAULT_INNOVATION_WEIGHT, DEFAULT_INTERSECTORAL_WEIGHT,
    DEFAULT_MAX_CLUSTERS, DEFAULT_MAX_ORGANISATIONS, DEFAULT_MAX_PARTNERS, DEFAULT_MAX_REGIONS,
    DEFAULT_SECTORAL_WEIGHT, DEFAULT_THRESHOLD, SuggestConfig, SuggestOptions, suggest,
};

const AFTER_HELP: &str = "\
Examples:
  coopnet suggest datasets/russia
  coopnet suggest datasets/russia --top 20 --format json --out suggestions.json
  coopnet suggest datasets/russia --io-table BEL2020ttl.csv --seed 7
  coopnet suggest my-data --value-chain my_value_chain.csv --max-regions 3
  coopnet suggest datasets/russia --innovation-weight 1
  coopnet suggest datasets/russia --markets datasets/russia/nti_markets.csv

The value chain is the curated default (datasets/value_chain.csv) unless --io-table
(an OECD national input-output table, or a plain square matrix) or --value-chain
(from,to,weight,rationale) is given. Communities spanning more than --max-regions
regions are split again (Leiden on their own subgraph), so suggestions stay compact.
In JSON each suggestion has rank, kind, regions, districts, sectors, score, anchors and
explanation. The same dataset and seed give the same suggestions at any --threads.
Method and defaults: docs/measures.md.";

/// Arguments of `coopnet suggest`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The dataset folder.
    pub dataset: PathBuf,
    #[command(flatten)]
    pub year: super::common::YearArg,
    /// Derive the value chain from this input-output table (OECD layout or a square matrix).
    #[arg(long, value_name = "FILE", conflicts_with = "value_chain")]
    pub io_table: Option<PathBuf>,
    /// Minimum supply linkage kept from --io-table.
    #[arg(long, default_value_t = DEFAULT_IO_THRESHOLD, value_name = "SHARE",
          value_parser = positive_share)]
    pub io_threshold: f64,
    /// Use this value chain (from,to,weight,rationale) instead of the curated default.
    #[arg(long, value_name = "FILE")]
    pub value_chain: Option<PathBuf>,
    /// How many suggestions to show.
    #[arg(long, default_value_t = DEFAULT_TOP, value_name = "N",
          value_parser = whole_at_least(1usize))]
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
    #[arg(long, default_value = "division", value_parser = level_parser(), value_name = "LEVEL")]
    pub level: SectorLevel,
    /// A specialisation is a location quotient at or above this.
    #[arg(long, default_value_t = DEFAULT_THRESHOLD, value_name = "LQ", value_parser = above_zero)]
    pub threshold: f64,
    /// Multiplier of value-chain (intersectoral) edges.
    #[arg(long, default_value_t = DEFAULT_INTERSECTORAL_WEIGHT, value_name = "W",
          value_parser = zero_or_more)]
    pub intersectoral_weight: f64,
    /// Multiplier of same-sector (sectoral) edges.
    #[arg(long, default_value_t = DEFAULT_SECTORAL_WEIGHT, value_name = "W",
          value_parser = zero_or_more)]
    pub sectoral_weight: f64,
    /// Strongest edges each specialisation keeps.
    #[arg(long, default_value_t = DEFAULT_MAX_PARTNERS, value_name = "K",
          value_parser = whole_at_least(1usize))]
    pub max_partners: usize,
    /// Community detection on the specialisation graph (a higher resolution
    /// gives smaller suggestions).
    #[command(flatten)]
    pub community: CommunityArgs,
    /// Most regions in one suggestion: larger communities are split again (0: no limit).
    #[arg(long, default_value_t = DEFAULT_MAX_REGIONS, value_name = "N",
          value_parser = max_regions)]
    pub max_regions: usize,
    /// Most existing clusters listed as anchors of a suggestion.
    #[arg(long, default_value_t = DEFAULT_MAX_CLUSTERS, value_name = "N",
          value_parser = whole_at_least(0usize))]
    pub max_clusters: usize,
    /// Most organisations listed as anchors of a suggestion.
    #[arg(long, default_value_t = DEFAULT_MAX_ORGANISATIONS, value_name = "N",
          value_parser = whole_at_least(0usize))]
    pub max_organisations: usize,
    /// Favour pairing regions with strong and weak innovation infrastructure (research and
    /// university organisations): edges gain a factor 1 + W * |difference of percentile ranks|.
    #[arg(long, default_value_t = DEFAULT_INNOVATION_WEIGHT, value_name = "W",
          value_parser = zero_or_more)]
    pub innovation_weight: f64,
    /// Rank the clusters each market of this file should cooperate with
    /// (market,participants,sectors; e.g. datasets/russia/nti_markets.csv) instead.
    #[arg(long, value_name = "FILE")]
    pub markets: Option<PathBuf>,
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

/// `--max-regions`: 0 (no limit) or 2 or more (a suggestion joins two regions at least).
fn max_regions(s: &str) -> Result<usize, String> {
    match whole_at_least(0usize)(s)? {
        1 => Err("must be 2 or more, or 0 for no limit".into()),
        n => Ok(n),
    }
}

/// The suggestion method's options, from the flags.
fn options(args: &Args) -> SuggestOptions {
    SuggestOptions {
        measure: args.measure.into(),
        level: args.level,
        graph: SuggestConfig {
            threshold: args.threshold,
            intersectoral_weight: args.intersectoral_weight,
            sectoral_weight: args.sectoral_weight,
            max_partners: args.max_partners,
        },
        leiden: args.community.leiden(),
        compact: CompactConfig {
            max_regions: args.max_regions,
            ..CompactConfig::default()
        },
        anchors: AnchorLimits {
            clusters: args.max_clusters,
            organisations: args.max_organisations,
        },
        innovation_weight: args.innovation_weight,
    }
}

/// Runs `coopnet suggest`.
pub fn run(args: &Args, ctx: &Context) -> anyhow::Result<Outcome> {
    if !args.dataset.is_dir() {
        return Err(usage(format!(
            "{}: not a dataset folder",
            args.dataset.display()
        )));
    }
    if let Some(markets) = &args.markets {
        return super::markets::run(args, markets, ctx);
    }
    let out = out_file(
        args.out.as_deref(),
        &inputs([
            Some(args.dataset.as_path()),
            args.io_table.as_deref(),
            args.value_chain.as_deref(),
        ]),
    )?;
    let ds = load(&args.dataset, &args.year, ctx)?;
    let (chain, chain_name) = match (&args.io_table, &args.value_chain) {
        (Some(path), _) => {
            let table = coopnet::load::io_table::read_oecd_or_square(path, &ctx.load)
                .with_context(|| {
                    format!("cannot read the input-output table {}", path.display())
                })?;
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
            let chain = coopnet::load::value_chain::read(path, &ctx.load)
                .with_context(|| format!("cannot read the value chain {}", path.display()))?;
            (chain, path.display().to_string())
        }
        (None, None) => (
            coopnet::load::value_chain::curated()?,
            "curated (datasets/value_chain.csv)".to_string(),
        ),
    };
    let options = options(args);
    let spinner = ctx.spinner("suggesting national clusters");
    let report = suggest(&ds, &chain, &options).context("cannot compute suggestions");
    spinner.finish_and_clear();
    let report = report?;
    let render = RenderOptions {
        top: args.top,
        value_chain: chain_name,
    };
    let text = match args.format {
        Format::Json => render::json(&report, &render)?,
        Format::Csv => render::csv(&report, &render),
        Format::Md => render::markdown(&report, &render),
    };
    write_output(out, text.as_bytes())?;
    ctx.note(format!(
        "{} from {} and {} ({}, {} split to at most {} regions; seed {})",
        counted(report.suggestions.len(), "suggestion", "suggestions"),
        counted(report.nodes, "specialisation", "specialisations"),
        counted(report.edges, "edge", "edges"),
        counted(report.communities, "community", "communities"),
        report.split_communities,
        args.max_regions,
        report.seed
    ));
    if let Some(out) = out {
        ctx.note(format!("wrote {}", out.display()));
    }
    Ok(Outcome::Success)
}
