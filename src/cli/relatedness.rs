//! `coopnet relatedness`: relatedness between sectors and relatedness density.

use std::path::PathBuf;

use anyhow::Context as _;
use serde::Serialize;

use super::common::{
    Companion, Context, MatrixSource, Outcome, RelatednessArg, TableFormat, TableJob,
};
use coopnet::community::LeidenConfig;
use coopnet::economics::coagglomeration::{
    Validation, chain_groups, coagglomeration, leiden_groups, validation_scores,
};
use coopnet::economics::{
    ProximityDiagonal, RelatednessTables, SpecialisationConfig, specialisation,
};
use coopnet::export::tables;
use coopnet::export::text::{csv_table, md_table};

const AFTER_HELP: &str = "\
Examples:
  coopnet relatedness datasets/russia
  coopnet relatedness datasets/russia --method cosine --out related.csv
  coopnet relatedness employment.csv --method proximity --diagonal one --density density.csv
  coopnet relatedness datasets/russia --method coagglomeration --groups groups.csv --out coagg.csv

The CSV has one row per pair of sectors that co-occur in at least one region:
sector_a,sector_b,cooccurrence,relatedness. Relatedness density (region,sector,density,
specialised; 0 to 100, EconGeo's relatedness_density) goes to --density, or beside --out
as NAME.density.csv; --out - prints the pairs and needs --density. Formulas and how they
match EconGeo and py-ecomplexity: docs/measures.md.

--method coagglomeration measures relatedness from where sectors locate, not from
co-specialisation: the Ellison-Glaeser-Kerr (2010) index of every pair of sectors
(sector_a,sector_b,coagglomeration; positive when they over-weight the same regions).
Two groupings of the sectors are then scored by Delgado, Porter and Stern's (2016)
validation scores (VS-Cluster: share of groups more related inside than outside;
VS-Industry: share of sectors more related to their own group than to any other): the
groups of the value chain (Leiden communities of its links; --value-chain, else the
curated one) and the groups Leiden finds on the positive-coagglomeration graph. The
groups (grouping,group,sectors,size,wcr,bcr,holds_together) go to --groups, or beside
--out as NAME.groups.csv.";

/// Arguments of `coopnet relatedness`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    #[command(flatten)]
    pub source: MatrixSource,
    /// How co-occurrence is normalised: EconGeo's relatedness() methods, or
    /// Hidalgo et al.'s proximity.
    #[arg(long, value_enum, default_value_t = Method::Prob)]
    pub method: Method,
    /// Diagonal of the proximity matrix (only with --method proximity): zero as
    /// py-ecomplexity now does, or one as Hidalgo et al. 2007.
    #[arg(long, value_enum, default_value_t = Diagonal::Zero)]
    pub diagonal: Diagonal,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Csv)]
    pub format: TableFormat,
    /// Write the sector pairs to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Write relatedness density (region x sector) to this file.
    #[arg(long, value_name = "FILE")]
    pub density: Option<PathBuf>,
    /// With --method coagglomeration: write the groups and their within- and
    /// between-group relatedness to this file.
    #[arg(long, value_name = "FILE")]
    pub groups: Option<PathBuf>,
    /// With --method coagglomeration: the value chain whose groups are scored
    /// (from,to,weight,rationale), instead of the curated one.
    #[arg(long, value_name = "FILE")]
    pub value_chain: Option<PathBuf>,
}

/// `--method`: the co-occurrence measures, or coagglomeration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Method {
    /// EconGeo "prob" (the default of EconGeo's relatedness()).
    Prob,
    /// Association strength.
    Association,
    /// Cosine.
    Cosine,
    /// Jaccard.
    Jaccard,
    /// Proximity, C_st / max(k_s, k_t).
    Proximity,
    /// Ellison-Glaeser-Kerr coagglomeration of the sectors' locations, with the
    /// Delgado-Porter-Stern validation scores of two groupings.
    Coagglomeration,
}

impl Method {
    /// The co-occurrence measure, or `None` for coagglomeration.
    fn co_occurrence(self) -> Option<RelatednessArg> {
        match self {
            Method::Prob => Some(RelatednessArg::Prob),
            Method::Association => Some(RelatednessArg::Association),
            Method::Cosine => Some(RelatednessArg::Cosine),
            Method::Jaccard => Some(RelatednessArg::Jaccard),
            Method::Proximity => Some(RelatednessArg::Proximity),
            Method::Coagglomeration => None,
        }
    }
}

/// Proximity diagonal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Diagonal {
    /// phi_ss = 0.
    Zero,
    /// phi_ss = 1.
    One,
}

#[derive(Serialize)]
struct JsonOut<'a> {
    input: String,
    method: &'static str,
    proximity_diagonal: Option<&'static str>,
    threshold: f64,
    sectors: &'a [String],
    #[serde(flatten)]
    tables: &'a RelatednessTables<'a>,
}

/// The relatedness density, beside the pairs.
static DENSITY: Companion = Companion {
    flag: "--density",
    suffix: "density",
    what: "relatedness density",
    first_in_md: false,
};

/// The groups, beside the coagglomeration pairs.
static GROUPS: Companion = Companion {
    flag: "--groups",
    suffix: "groups",
    what: "sector groups",
    first_in_md: false,
};

/// Runs `coopnet relatedness`.
pub fn run(args: &Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let Some(method) = args.method.co_occurrence() else {
        return run_coagglomeration(args, ctx);
    };
    for (given, flag) in [
        (args.groups.is_some(), "--groups"),
        (args.value_chain.is_some(), "--value-chain"),
    ] {
        if given {
            return Err(super::common::usage(format!(
                "{flag} goes with --method coagglomeration"
            )));
        }
    }
    let outputs = (args.out.as_deref(), args.density.as_deref());
    let job = TableJob::open(&args.source, outputs, &DENSITY, args.format, ctx)?;
    let m = &job.input.matrix;
    let spec = specialisation(
        m,
        &SpecialisationConfig {
            threshold: args.source.matrix.threshold,
        },
    )
    .context("cannot compute specialisation")?;
    let diagonal = match args.diagonal {
        Diagonal::Zero => ProximityDiagonal::Zero,
        Diagonal::One => ProximityDiagonal::One,
    };
    let t = RelatednessTables::new(m, &spec, method.method(diagonal))?;
    let sectors = m.sectors();
    let (main, side) = match args.format {
        TableFormat::Json => {
            let doc = JsonOut {
                input: args.source.input.display().to_string(),
                method: method.name(),
                proximity_diagonal: (method == RelatednessArg::Proximity).then_some(
                    match args.diagonal {
                        Diagonal::Zero => "zero",
                        Diagonal::One => "one",
                    },
                ),
                threshold: args.source.matrix.threshold,
                sectors,
                tables: &t,
            };
            (coopnet::export::json::pretty(&doc)?, None)
        }
        TableFormat::Csv => (tables::pairs_csv(&t), Some(tables::density_csv(&t))),
        TableFormat::Md => (tables::pairs_md(&t), Some(tables::density_md(&t))),
    };
    ctx.note(format!(
        "{} sectors, {} co-occurring pairs, method {}",
        sectors.len(),
        t.pairs.len(),
        method.name()
    ));
    job.write(&main, side.as_deref(), ctx)?;
    Ok(Outcome::Success)
}

/// One grouping of the sectors and its validation scores.
#[derive(Serialize)]
struct Grouping {
    name: &'static str,
    how: String,
    /// Scored against the coagglomeration index.
    coagglomeration: Validation,
    /// Scored against the value chain's weights (symmetrised).
    value_chain: Validation,
}

#[derive(Serialize)]
struct CoaggPair<'a> {
    sector_a: &'a str,
    sector_b: &'a str,
    coagglomeration: f64,
}

#[derive(Serialize)]
struct CoaggJson<'a> {
    input: String,
    method: &'static str,
    measure: Option<&'static str>,
    level: Option<&'static str>,
    value_chain: String,
    sectors: &'a [String],
    pairs: &'a [CoaggPair<'a>],
    groupings: &'a [Grouping],
}

/// `relatedness --method coagglomeration`.
fn run_coagglomeration(args: &Args, ctx: &Context) -> anyhow::Result<Outcome> {
    if args.density.is_some() {
        return Err(super::common::usage(
            "--density is relatedness density of co-occurrence; with --method coagglomeration \
             the second table is --groups",
        ));
    }
    let outputs = (args.out.as_deref(), args.groups.as_deref());
    let job = TableJob::open(&args.source, outputs, &GROUPS, args.format, ctx)?;
    let (chain, chain_name) = match &args.value_chain {
        Some(path) => (
            coopnet::load::value_chain::read(path, &ctx.load)
                .with_context(|| format!("cannot read the value chain {}", path.display()))?,
            path.display().to_string(),
        ),
        None => (
            coopnet::load::value_chain::curated()?,
            "curated (datasets/value_chain.csv)".to_string(),
        ),
    };
    let m = &job.input.matrix;
    let sectors = m.sectors();
    let gamma = coagglomeration(m.values());
    let v = chain.weights(sectors);
    let n = sectors.len();
    let mut v_sym = coopnet::economics::DenseMatrix::zeros(n, n);
    for i in 0..n {
        for j in 0..n {
            v_sym.set(i, j, v.get(i, j).max(v.get(j, i)));
        }
    }
    let leiden = LeidenConfig {
        record_levels: false,
        ..LeidenConfig::default()
    };
    let score = |groups: &[Option<usize>]| -> anyhow::Result<(Validation, Validation)> {
        Ok((
            validation_scores(&gamma, groups, sectors)?,
            validation_scores(&v_sym, groups, sectors)?,
        ))
    };
    let chain_g = chain_groups(&chain, sectors, &leiden)?;
    let found_g = leiden_groups(&gamma, &leiden)?;
    let (a1, a2) = score(&chain_g)?;
    let (b1, b2) = score(&found_g)?;
    let groupings = [
        Grouping {
            name: "value-chain",
            how: format!(
                "Leiden communities (modularity, resolution 1, seed {}) of the links of the value \
                 chain {chain_name}, weighted by max(V_st, V_ts); sectors it does not link are in no group",
                leiden.seed
            ),
            coagglomeration: a1,
            value_chain: a2,
        },
        Grouping {
            name: "leiden",
            how: format!(
                "Leiden communities (modularity, resolution 1, seed {}) of the graph of sectors \
                 joined by a positive coagglomeration index, weighted by it",
                leiden.seed
            ),
            coagglomeration: b1,
            value_chain: b2,
        },
    ];
    let mut pairs = Vec::new();
    for a in 0..n {
        for b in a + 1..n {
            pairs.push(CoaggPair {
                sector_a: &sectors[a],
                sector_b: &sectors[b],
                coagglomeration: gamma.get(a, b),
            });
        }
    }
    let (main, side) = match args.format {
        TableFormat::Json => {
            let doc = CoaggJson {
                input: args.source.input.display().to_string(),
                method: "coagglomeration",
                measure: job.input.measure.map(coopnet::economics::Measure::name),
                level: job.input.level.map(coopnet::model::SectorLevel::name),
                value_chain: chain_name.clone(),
                sectors,
                pairs: &pairs,
                groupings: &groupings,
            };
            (coopnet::export::json::pretty(&doc)?, None)
        }
        TableFormat::Csv => (
            csv_table(&["sector_a", "sector_b", "coagglomeration"], &pairs, |p| {
                [
                    p.sector_a.to_string(),
                    p.sector_b.to_string(),
                    p.coagglomeration.to_string(),
                ]
            }),
            Some(groups_csv(&groupings)),
        ),
        TableFormat::Md => {
            let mut positive: Vec<&CoaggPair<'_>> =
                pairs.iter().filter(|p| p.coagglomeration > 0.0).collect();
            positive.sort_by(|a, b| b.coagglomeration.total_cmp(&a.coagglomeration));
            let main = md_table(
                "Coagglomerated sectors (Ellison-Glaeser-Kerr index > 0, strongest first)",
                &[
                    ("sector", false),
                    ("sector", false),
                    ("coagglomeration", true),
                ],
                positive,
                |p| {
                    [
                        p.sector_a.to_string(),
                        p.sector_b.to_string(),
                        format!("{:.5}", p.coagglomeration),
                    ]
                },
            );
            (main, Some(groups_md(&groupings)))
        }
    };
    for g in &groupings {
        ctx.note(format!(
            "{} groups: VS-Cluster {:.3}, VS-Industry {:.3} on coagglomeration; {:.3}, {:.3} on the \
             value chain ({} groups of {} sectors scored, {} of one sector)",
            g.name,
            g.coagglomeration.vs_cluster,
            g.coagglomeration.vs_industry,
            g.value_chain.vs_cluster,
            g.value_chain.vs_industry,
            g.coagglomeration.groups,
            g.coagglomeration.sectors,
            g.coagglomeration.singletons,
        ));
    }
    job.write(&main, side.as_deref(), ctx)?;
    Ok(Outcome::Success)
}

/// `grouping,group,sectors,size,wcr,bcr,holds_together` (on coagglomeration).
fn groups_csv(groupings: &[Grouping]) -> String {
    let rows: Vec<(&str, &coopnet::economics::coagglomeration::GroupScore)> = groupings
        .iter()
        .flat_map(|g| g.coagglomeration.per_group.iter().map(move |s| (g.name, s)))
        .collect();
    csv_table(
        &[
            "grouping",
            "group",
            "sectors",
            "size",
            "wcr",
            "bcr",
            "holds_together",
        ],
        rows,
        |(name, s)| {
            [
                name.to_string(),
                s.group.to_string(),
                s.sectors.join("|"),
                s.sectors.len().to_string(),
                s.wcr.to_string(),
                s.bcr.to_string(),
                u8::from(s.holds_together).to_string(),
            ]
        },
    )
}

/// The validation scores, then every group of two or more sectors.
fn groups_md(groupings: &[Grouping]) -> String {
    let scores = md_table(
        "Validation scores (Delgado, Porter and Stern 2016)",
        &[
            ("grouping", false),
            ("groups scored", true),
            ("sectors", true),
            ("VS-Cluster (coagglomeration)", true),
            ("VS-Industry (coagglomeration)", true),
            ("VS-Cluster (value chain)", true),
            ("VS-Industry (value chain)", true),
        ],
        groupings,
        |g| {
            [
                g.name.to_string(),
                g.coagglomeration.groups.to_string(),
                g.coagglomeration.sectors.to_string(),
                format!("{:.3}", g.coagglomeration.vs_cluster),
                format!("{:.3}", g.coagglomeration.vs_industry),
                format!("{:.3}", g.value_chain.vs_cluster),
                format!("{:.3}", g.value_chain.vs_industry),
            ]
        },
    );
    let rows: Vec<(&str, &coopnet::economics::coagglomeration::GroupScore)> = groupings
        .iter()
        .flat_map(|g| {
            g.coagglomeration
                .per_group
                .iter()
                .filter(|s| s.sectors.len() >= 2)
                .map(move |s| (g.name, s))
        })
        .collect();
    let groups = md_table(
        "Groups (relatedness by coagglomeration)",
        &[
            ("grouping", false),
            ("group", true),
            ("sectors", false),
            ("within (WCR)", true),
            ("between (BCR)", true),
            ("holds together", false),
        ],
        rows,
        |(name, s)| {
            [
                name.to_string(),
                s.group.to_string(),
                s.sectors.join(", "),
                format!("{:.5}", s.wcr),
                format!("{:.5}", s.bcr),
                if s.holds_together { "yes" } else { "no" }.to_string(),
            ]
        },
    );
    format!("{scores}\n{groups}")
}
