//! `coopnet specialisation`: location quotients and the region indices.

use std::path::PathBuf;

use anyhow::Context as _;
use serde::Serialize;

use super::common::{
    Context, MatrixArgs, Outcome, TableFormat, Tables, load_matrix, table_outputs, write_tables,
};
use crate::economics::{Measure, SpecialisationConfig, SpecialisationTables, specialisation};
use crate::export::tables;
use crate::model::SectorLevel;

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

/// Runs `coopnet specialisation`.
pub fn run(args: &Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let (out, indices) = table_outputs(
        args.out.as_deref(),
        args.indices.as_deref(),
        "--indices",
        "regions",
        args.format,
        &[args.input.as_path()],
    )?;
    let input = load_matrix(&args.input, &args.matrix, ctx)?;
    let config = SpecialisationConfig {
        threshold: args.matrix.threshold,
    };
    let spec = specialisation(&input.matrix, &config).context("cannot compute specialisation")?;
    let m = &input.matrix;
    let t = SpecialisationTables::new(m, &spec);
    let (main, side) = match args.format {
        TableFormat::Json => {
            let doc = JsonOut {
                input: args.input.display().to_string(),
                measure: input.measure.map(Measure::name),
                level: input.level.map(SectorLevel::name),
                threshold: config.threshold,
                tables: &t,
            };
            (crate::export::json::pretty(&doc)?, None)
        }
        TableFormat::Csv => (
            tables::specialisation_csv(&t),
            Some(tables::regions_csv(&t)),
        ),
        TableFormat::Md => (tables::specialisation_md(&t), Some(tables::regions_md(&t))),
    };
    let both = Tables {
        main,
        side,
        side_first: true,
    };
    write_tables(
        &both,
        out,
        indices.as_deref(),
        ("region indices", "--indices"),
        args.format,
        ctx,
    )?;
    ctx.note(format!(
        "{} regions x {} sectors, {} specialisations (LQ >= {})",
        m.n_regions(),
        m.n_sectors(),
        spec.diversity.iter().sum::<f64>(),
        config.threshold
    ));
    if let Some(out) = out {
        ctx.note(format!("wrote {}", out.display()));
    }
    Ok(Outcome::Success)
}
