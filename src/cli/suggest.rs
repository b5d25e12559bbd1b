//! `coopnet suggest`: national-cluster suggestions for a dataset.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::common::{
    CommunityArgs, Context, MeasureArg, Outcome, SignificanceArgs, above_zero, inputs,
    level_parser, load, out_file, positive_share, usage, whole_at_least, write_output,
    zero_or_more,
};
use coopnet::economics::ValueChain;
use coopnet::economics::value_chain::DEFAULT_IO_THRESHOLD;
use coopnet::export::suggestions::{self as render, DEFAULT_TOP, RenderOptions, counted};
use coopnet::load::distances::{self, DistanceTable};
use coopnet::load::pairings::{self, ExpectedPairing};
use coopnet::model::{Dataset, SectorLevel};
use coopnet::suggest::{
    AnchorLimits, CompactConfig, DEFAULT_INNOVATION_WEIGHT, DEFAULT_INTERSECTORAL_WEIGHT,
    DEFAULT_LINK_BOOST, DEFAULT_MAX_CLUSTERS, DEFAULT_MAX_ORGANISATIONS, DEFAULT_MAX_PARTNERS,
    DEFAULT_MAX_REGIONS, DEFAULT_SECTORAL_WEIGHT, DEFAULT_THRESHOLD, DistanceScale, EvidenceConfig,
    EvidenceSummary, SuggestConfig, SuggestOptions, Ties, suggest,
};

const AFTER_HELP: &str = "\
Examples:
  coopnet suggest datasets/russia
  coopnet suggest datasets/russia --top 20 --format json --out suggestions.json
  coopnet suggest datasets/russia --io-table BEL2020ttl.csv --seed 7
  coopnet suggest my-data --value-chain my_value_chain.csv --max-regions 3
  coopnet suggest datasets/russia --innovation-weight 1
  coopnet suggest my-data --value-chain coagglomeration
  coopnet suggest datasets/russia --markets datasets/russia/nti_markets.csv

A specialisation is a node when its LQ reaches --threshold and it is large enough
(--min-size, --min-share) and unlikely by chance (binomial test on organisation counts,
Benjamini-Hochberg --fdr); --no-significance keeps every LQ >= --threshold.
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
    /// Use this value chain (from,to,weight,rationale) instead of the curated default;
    /// `coagglomeration` builds one from the dataset itself: the sector pairs that locate
    /// together most strongly (Ellison-Glaeser-Kerr index, top --coagglomeration-share of
    /// pairs), so complementary industries are found where no chain is known (a file of
    /// that name is given as ./coagglomeration).
    #[arg(long, value_name = "FILE")]
    pub value_chain: Option<PathBuf>,
    /// With --value-chain coagglomeration: the share of sector pairs kept, strongest
    /// first (0.05: about two to four partners per sector at the division level, as
    /// many as the curated chain has).
    #[arg(long, value_name = "SHARE", value_parser = positive_share,
          default_value_t = coopnet::economics::coagglomeration::DEFAULT_COAGGLOMERATION_SHARE)]
    pub coagglomeration_share: f64,
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
    #[command(flatten)]
    pub significance: SignificanceArgs,
    /// Keep every specialisation with LQ >= --threshold as a node, however small or
    /// likely by chance (the p- and q-values are still shown).
    #[arg(long)]
    pub no_significance: bool,
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
    /// Weight beta of observed cooperation: every edge between two regions gains a factor
    /// 1 + beta * ln(1 + links between their organisations) (0: off).
    #[arg(long, default_value_t = DEFAULT_LINK_BOOST, value_name = "BETA",
          value_parser = zero_or_more)]
    pub link_boost: f64,
    /// Scale d0 of the distance decay exp(-d / d0), in the distances' unit (km by default);
    /// 0 turns it off. Default: the median distance between the dataset's regions.
    #[arg(long, value_name = "D0", value_parser = zero_or_more)]
    pub distance_scale: Option<f64>,
    /// Distances between regions (from,to,distance; km, minutes or hours by the column's
    /// name) replacing great-circle distances between capitals. Default: distances.csv in
    /// the dataset folder, when there is one.
    #[arg(long, value_name = "FILE")]
    pub distances: Option<PathBuf>,
    /// Which suggestions to list: those building on links already observed among their
    /// regions (existing), those proposing new ties (new), or both.
    #[arg(long, value_enum, default_value_t = TiesArg::All)]
    pub ties: TiesArg,
    /// Pairings of regional specialisations a source expects to form a national cluster
    /// (id,regions,sectors[,name,kind,source,reason]): the report gives each one's rank, or
    /// which evidence is missing for it. Default: expected_pairings.csv in the dataset
    /// folder, when there is one.
    #[arg(long, value_name = "FILE")]
    pub expected_pairings: Option<PathBuf>,
    /// Rank the clusters each market of this file should cooperate with
    /// (market,participants,sectors; e.g. datasets/russia/nti_markets.csv) instead.
    #[arg(long, value_name = "FILE")]
    pub markets: Option<PathBuf>,
}

/// `--ties`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TiesArg {
    /// Every suggestion.
    All,
    /// Suggestions whose regions already cooperate.
    Existing,
    /// Suggestions proposing new ties.
    New,
}

/// Output format of `suggest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A Markdown report.
    Md,
    /// One CSV row per suggestion.
    Csv,
    /// One CSV row per existing cluster and expected pairing: its rank, or what kept it out.
    EvaluationCsv,
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
fn options(args: &Args, distances: Option<DistanceTable>) -> SuggestOptions {
    SuggestOptions {
        measure: args.measure.into(),
        level: args.level,
        graph: SuggestConfig {
            threshold: args.threshold,
            intersectoral_weight: args.intersectoral_weight,
            sectoral_weight: args.sectoral_weight,
            max_partners: args.max_partners,
            require_significance: !args.no_significance,
        },
        significance: args.significance.options(),
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
        evidence: EvidenceConfig {
            link_boost: args.link_boost,
            distance_scale: match args.distance_scale {
                None => DistanceScale::Median,
                Some(0.0) => DistanceScale::Off,
                Some(d) => DistanceScale::Fixed(d),
            },
        },
        distances,
        undirected_chain: false,
        expected: Vec::new(),
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
        return run_markets(args, markets, ctx);
    }
    let out = out_file(
        args.out.as_deref(),
        &inputs([
            Some(args.dataset.as_path()),
            args.io_table.as_deref(),
            args.value_chain.as_deref(),
            args.distances.as_deref(),
            args.expected_pairings.as_deref(),
        ]),
    )?;
    let ds = load(&args.dataset, &args.year, ctx)?;
    let distances = read_distances(&ds, args.distances.as_deref(), ctx)?;
    let expected = read_pairings(&ds, args.expected_pairings.as_deref(), ctx)?;
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
        (None, Some(path)) if path.as_os_str() == "coagglomeration" => {
            let measure: coopnet::economics::Measure = args.measure.into();
            let built = if measure == coopnet::economics::Measure::Employees {
                coopnet::economics::matrix_by_employees_or_organisations(&ds, args.level)?.0
            } else {
                coopnet::economics::matrix_from_dataset(&ds, measure, args.level)?
            };
            let chain = coopnet::economics::coagglomeration::value_chain_from_coagglomeration(
                &built.matrix,
                args.coagglomeration_share,
            )
            .context("cannot build a value chain from coagglomeration")?;
            ctx.note(format!(
                "value chain: {} pairs of sectors that locate together (the strongest {} % by \
                 Ellison-Glaeser-Kerr coagglomeration)",
                chain.len(),
                100.0 * args.coagglomeration_share
            ));
            (
                chain,
                format!(
                    "coagglomeration (the strongest {} % of sector pairs of this dataset)",
                    100.0 * args.coagglomeration_share
                ),
            )
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
    let undirected_chain = args
        .value_chain
        .as_ref()
        .is_some_and(|p| p.as_os_str() == "coagglomeration")
        && args.io_table.is_none();
    let options = SuggestOptions {
        undirected_chain,
        expected,
        ..options(args, distances)
    };
    let spinner = ctx.spinner("suggesting national clusters");
    let report = suggest(&ds, &chain, &options).context("cannot compute suggestions");
    spinner.finish_and_clear();
    let mut report = report?;
    if report.parameters.significance_fallback {
        ctx.note(
            "note: no specialisation of this dataset is large and significant enough (see \
             --min-size, --min-share, --fdr); the suggestions use every LQ >= --threshold and \
             are no evidence of significant specialisations",
        );
    }
    match args.ties {
        TiesArg::All => {}
        TiesArg::Existing => report.keep_ties(Ties::Existing),
        TiesArg::New => report.keep_ties(Ties::New),
    }
    for line in evidence_notes(&report.evidence) {
        ctx.note(line);
    }
    let render = RenderOptions {
        top: args.top,
        value_chain: chain_name,
    };
    let text = match args.format {
        Format::Json => render::json(&report, &render)?,
        Format::Csv => render::csv(&report, &render),
        Format::EvaluationCsv => render::evaluation_csv(&report),
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

/// The user's distances: `--distances FILE`, else `distances.csv` in the
/// dataset folder when there is one.
fn read_distances(
    ds: &Dataset,
    given: Option<&std::path::Path>,
    ctx: &Context,
) -> anyhow::Result<Option<DistanceTable>> {
    let in_folder = ds.path.join(distances::FILE);
    let path = match given {
        Some(p) => p.to_path_buf(),
        None if in_folder.exists() => in_folder,
        None => return Ok(None),
    };
    let ids: Vec<&str> = ds.regions.iter().map(|r| r.id.as_str()).collect();
    let table = distances::read(&path, &ctx.load, &ids)
        .with_context(|| format!("cannot read the distances {}", path.display()))?;
    ctx.note(format!(
        "distances: {} region pairs ({}) from {}",
        table.len(),
        table.unit,
        path.display()
    ));
    Ok(Some(table))
}

/// The expected pairings: `--expected-pairings FILE`, else
/// `expected_pairings.csv` in the dataset folder when there is one.
pub fn read_pairings(
    ds: &Dataset,
    given: Option<&std::path::Path>,
    ctx: &Context,
) -> anyhow::Result<Vec<ExpectedPairing>> {
    let in_folder = ds.path.join(pairings::FILE);
    let path = match given {
        Some(p) => p.to_path_buf(),
        None if in_folder.exists() => in_folder,
        None => return Ok(Vec::new()),
    };
    let ids: Vec<&str> = ds.regions.iter().map(|r| r.id.as_str()).collect();
    let list = pairings::read(&path, &ctx.load, &ids)
        .with_context(|| format!("cannot read the expected pairings {}", path.display()))?;
    ctx.note(format!(
        "expected pairings: {} from {}",
        list.len(),
        path.display()
    ));
    Ok(list)
}

/// What the user should know about the evidence terms: regions without a
/// distance, and what the decay does for them.
fn evidence_notes(e: &EvidenceSummary) -> Vec<String> {
    let mut out = Vec::new();
    if !e.regions_without_distance.is_empty() {
        let list = &e.regions_without_distance;
        let shown: Vec<&str> = list.iter().take(8).map(String::as_str).collect();
        out.push(format!(
            "{} without a known distance to every other region (no coordinates in regions.csv \
             and not in the distances file): {}{}; {}",
            counted(list.len(), "region", "regions"),
            shown.join(", "),
            if list.len() > shown.len() {
                ", ..."
            } else {
                ""
            },
            e.unknown_distance
        ));
    }
    out
}

/// Runs `coopnet suggest DATASET --markets FILE`.
fn run_markets(args: &Args, markets: &Path, ctx: &Context) -> anyhow::Result<Outcome> {
    let out = out_file(
        args.out.as_deref(),
        &inputs([Some(args.dataset.as_path()), Some(markets)]),
    )?;
    let list = coopnet::load::markets::read(markets, &ctx.load)
        .with_context(|| format!("cannot read the markets {}", markets.display()))?;
    let ds = load(&args.dataset, &args.year, ctx)?;
    let config = coopnet::suggest::markets::MarketConfig {
        top: args.top,
        ..coopnet::suggest::markets::MarketConfig::default()
    };
    let report = coopnet::suggest::markets::rank_markets(&ds, &list, &config)
        .context("cannot rank the clusters for the markets")?;
    let text = match args.format {
        Format::Json => coopnet::export::markets::json(&report, &ds.name)?,
        Format::Csv => coopnet::export::markets::csv(&report),
        Format::EvaluationCsv => {
            return Err(usage(
                "--format evaluation-csv evaluates suggestions, not markets; use csv with --markets",
            ));
        }
        Format::Md => coopnet::export::markets::markdown(&report),
    };
    write_output(out, text.as_bytes())?;
    let listed: usize = report.markets.iter().map(|m| m.clusters.len()).sum();
    ctx.note(format!(
        "{} markets, {listed} cluster entries (at most {} per market)",
        report.markets.len(),
        config.top
    ));
    if let Some(out) = out {
        ctx.note(format!("wrote {}", out.display()));
    }
    Ok(Outcome::Success)
}
