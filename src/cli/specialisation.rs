//! `coopnet specialisation`: location quotients and the region indices.

use std::path::PathBuf;

use anyhow::Context as _;
use serde::Serialize;

use super::common::{Companion, Context, MatrixArgs, Outcome, TableFormat, TableJob};
use coopnet::economics::{Measure, SpecialisationConfig, SpecialisationTables, specialisation};
use coopnet::export::tables;
use coopnet::model::SectorLevel;

const AFTER_HELP: &str = "\
Examples:
  coopnet specialisation datasets/russia
  coopnet specialisation datasets/russia --measure organisations --level class --out spec.csv
  coopnet specialisation employment.csv --indices regions.csv --out spec.csv

INPUT is a dataset folder (the matrix counts its organisations' employees, its
organisations or its clusters) or a long table file with columns region,sector,value.
The CSV has one row per region and sector: region,sector,value,lq,specialised.
Region indices (total,diversity,herfindahl,krugman,entropy) go to --indices, or
beside --out as NAME.regions.csv; --out - prints the table and needs --indices.
Formulas: docs/measures.md.";

/// Arguments of `coopnet specialisation`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// A dataset folder, or a long table file (region,sector,value).
    pub input: PathBuf,
    #[command(flatten)]
    pub matrix: MatrixArgs,
    #[command(flatten)]
    pub year: super::common::YearArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Csv)]
    pub format: TableFormat,
    /// Write the region x sector table to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Write the region indices to this file (CSV or Markdown, as --format).
    #[arg(long, value_name = "FILE")]
    pub indices: Option<PathBuf>,
}

#[derive(Serialize)]
struct JsonOut<'a> {
    input: String,
    measure: Option<&'static str>,
    level: Option<&'static str>,
    threshold: f64,
    #[serde(flatten)]
    tables: &'a SpecialisationTables<'a>,
}

/// The region indices, beside the table.
static INDICES: Companion = Companion {
    flag: "--indices",
    suffix: "regions",
    what: "region indices",
    first_in_md: true,
};

/// Runs `coopnet specialisation`.
pub fn run(args: &Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let outputs = (args.out.as_deref(), args.indices.as_deref());
    let job = TableJob::open(
        &args.input,
        (&args.matrix, &args.year),
        outputs,
        &INDICES,
        args.format,
        ctx,
    )?;
    let config = SpecialisationConfig {
        threshold: args.matrix.threshold,
    };
    let m = &job.input.matrix;
    let spec = specialisation(m, &config).context("cannot compute specialisation")?;
    let t = SpecialisationTables::new(m, &spec);
    let (main, side) = match args.format {
        TableFormat::Json => {
            let doc = JsonOut {
                input: args.input.display().to_string(),
                measure: job.input.measure.map(Measure::name),
                level: job.input.level.map(SectorLevel::name),
                threshold: config.threshold,
                tables: &t,
            };
            (coopnet::export::json::pretty(&doc)?, None)
        }
        TableFormat::Csv => (
            tables::specialisation_csv(&t),
            Some(tables::regions_csv(&t)),
        ),
        TableFormat::Md => (tables::specialisation_md(&t), Some(tables::regions_md(&t))),
    };
    ctx.note(format!(
        "{} regions x {} sectors, {} specialisations (LQ >= {})",
        m.n_regions(),
        m.n_sectors(),
        spec.diversity.iter().sum::<f64>(),
        config.threshold
    ));
    job.write(&main, side.as_deref(), ctx)?;
    Ok(Outcome::Success)
}
