//! `coopnet report`: the study's descriptive tables for any dataset.

use std::path::PathBuf;

use super::common::{Context, Outcome, load, out_file, write_output};
use coopnet::export::report::{ReportFormat, render};
use coopnet::report::DescriptiveReport;

const AFTER_HELP: &str = "\
Examples:
  coopnet report datasets/russia
  coopnet report datasets/russia --format json --out out/report.json
  coopnet report my-data --format csv > report.csv

In JSON, Table 1 is the array clusters_by_district, one object per district with
district, initial, medium, high, total, regions_with_clusters, regions, share_pct.
Counting rules: docs/dataset-format.md#how-clusters-are-counted.";

/// Arguments of `coopnet report`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The dataset folder.
    pub dataset: PathBuf,
    #[command(flatten)]
    pub year: super::common::YearArg,
    /// Output format: Markdown tables, one tidy CSV (section,row,column,value), or JSON.
    #[arg(long, value_enum, default_value_t = Format::Md)]
    pub format: Format,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Output format of `report`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// Markdown.
    Md,
    /// Tidy CSV.
    Csv,
    /// JSON.
    Json,
}

impl From<Format> for ReportFormat {
    fn from(f: Format) -> Self {
        match f {
            Format::Md => ReportFormat::Md,
            Format::Csv => ReportFormat::Csv,
            Format::Json => ReportFormat::Json,
        }
    }
}

/// Runs `coopnet report`.
pub fn run(args: &Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let out = out_file(args.out.as_deref(), &[args.dataset.as_path()])?;
    let ds = load(&args.dataset, &args.year, ctx)?;
    let report = DescriptiveReport::compute(&ds);
    write_output(out, render(&report, args.format.into())?.as_bytes())?;
    if let Some(out) = out {
        ctx.note(format!("wrote {}", out.display()));
    }
    Ok(Outcome::Success)
}
