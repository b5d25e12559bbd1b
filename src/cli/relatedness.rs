//! `coopnet relatedness`: relatedness between sectors and relatedness density.

use std::path::PathBuf;

use anyhow::Context as _;
use serde::Serialize;

use super::common::{
    Companion, Context, MatrixArgs, Outcome, RelatednessArg, TableFormat, TableJob,
};
use coopnet::economics::{
    ProximityDiagonal, RelatednessTables, SpecialisationConfig, specialisation,
};
use coopnet::export::tables;

const AFTER_HELP: &str = "\
Examples:
  coopnet relatedness datasets/russia
  coopnet relatedness datasets/russia --method cosine --out related.csv
  coopnet relatedness employment.csv --method proximity --diagonal one --density density.csv

The CSV has one row per pair of sectors that co-occur in at least one region:
sector_a,sector_b,cooccurrence,relatedness. Relatedness density (region,sector,density,
specialised; 0 to 100, EconGeo's relatedness_density) goes to --density, or beside --out
as NAME.density.csv; --out - prints the pairs and needs --density. Formulas and how they
match EconGeo and py-ecomplexity: docs/measures.md.";

/// Arguments of `coopnet relatedness`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// A dataset folder, or a long table file (region,sector,value).
    pub input: PathBuf,
    #[command(flatten)]
    pub matrix: MatrixArgs,
    #[command(flatten)]
    pub year: super::common::YearArg,
    /// How co-occurrence is normalised: EconGeo's relatedness() methods, or
    /// Hidalgo et al.'s proximity.
    #[arg(long, value_enum, default_value_t = RelatednessArg::Prob)]
    pub method: RelatednessArg,
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

/// Runs `coopnet relatedness`.
pub fn run(args: &Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let outputs = (args.out.as_deref(), args.density.as_deref());
    let job = TableJob::open(
        &args.input,
        (&args.matrix, &args.year),
        outputs,
        &DENSITY,
        args.format,
        ctx,
    )?;
    let m = &job.input.matrix;
    let spec = specialisation(
        m,
        &SpecialisationConfig {
            threshold: args.matrix.threshold,
        },
    )
    .context("cannot compute specialisation")?;
    let diagonal = match args.diagonal {
        Diagonal::Zero => ProximityDiagonal::Zero,
        Diagonal::One => ProximityDiagonal::One,
    };
    let method = args.method.method(diagonal);
    let t = RelatednessTables::new(m, &spec, method)?;
    let sectors = m.sectors();
    let (main, side) = match args.format {
        TableFormat::Json => {
            let doc = JsonOut {
                input: args.input.display().to_string(),
                method: args.method.name(),
                proximity_diagonal: (args.method == RelatednessArg::Proximity).then_some(
                    match args.diagonal {
                        Diagonal::Zero => "zero",
                        Diagonal::One => "one",
                    },
                ),
                threshold: args.matrix.threshold,
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
        args.method.name()
    ));
    job.write(&main, side.as_deref(), ctx)?;
    Ok(Outcome::Success)
}
