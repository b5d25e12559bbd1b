//! `coopnet specialisation`: location quotients and the region indices.

use std::path::PathBuf;

use anyhow::Context as _;
use serde::Serialize;

use super::common::{
    Companion, Context, MatrixSource, Outcome, SignificanceArgs, TableFormat, TableJob,
};
use coopnet::economics::{
    Measure, SignificanceConfig, SpecialisationConfig, SpecialisationTables, significance,
    specialisation,
};
use coopnet::export::tables;
use coopnet::model::SectorLevel;

const AFTER_HELP: &str = "\
Examples:
  coopnet specialisation datasets/russia
  coopnet specialisation datasets/russia --measure organisations --level class --out spec.csv
  coopnet specialisation employment.csv --indices regions.csv --out spec.csv
  coopnet specialisation datasets/russia --min-size 200 --min-share 0.02 --fdr 0.01

INPUT is a dataset folder (the matrix counts its organisations' employees, its
organisations or its clusters) or a long table file with columns region,sector,value.
The CSV has one row per region and sector: region,sector,value,lq,specialised, then
the significance of the cell: test_count,test_expected (the organisations tested, and
those the national share predicts), share (of the national sector), p_value (one-sided
exact binomial test of over-representation), q_value (Benjamini-Hochberg, over every
cell tested), verdict (passes, too-small, small-share, not-significant, not-specialised)
and significant (1 when it passes). A dataset is tested on its organisation counts,
since employees come in firms and are not independent draws; a table file on its own
values, which overstates significance when they are employees.
Region indices (total,diversity,herfindahl,krugman,entropy) go to --indices, or
beside --out as NAME.regions.csv; --out - prints the table and needs --indices.
Formulas: docs/measures.md.";

/// Arguments of `coopnet specialisation`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    #[command(flatten)]
    pub source: MatrixSource,
    #[command(flatten)]
    pub significance: SignificanceArgs,
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
    significance: JsonSignificance,
    #[serde(flatten)]
    tables: &'a SpecialisationTables<'a>,
}

#[derive(Serialize)]
struct JsonSignificance {
    test: &'static str,
    units: &'static str,
    #[serde(flatten)]
    config: SignificanceConfig,
    tested: usize,
    passing: usize,
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
    let job = TableJob::open(&args.source, outputs, &INDICES, args.format, ctx)?;
    let config = SpecialisationConfig {
        threshold: args.source.matrix.threshold,
    };
    let m = &job.input.matrix;
    let mut spec = specialisation(m, &config).context("cannot compute specialisation")?;
    let unit = job.input.measure.map_or("values", Measure::name);
    let (counts, units) = &job.input.test_units;
    let test_config = args.significance.config(unit);
    let sig = significance(
        m.values(),
        counts,
        &spec.lq,
        config.threshold,
        &test_config,
        units,
    )
    .context("cannot test the specialisations")?;
    let summary = JsonSignificance {
        test: "one-sided exact binomial, Benjamini-Hochberg",
        units,
        config: test_config,
        tested: sig.tested,
        passing: sig.passing(),
    };
    spec.significance = Some(sig);
    let t = SpecialisationTables::new(m, &spec);
    let (main, side) = match args.format {
        TableFormat::Json => {
            let doc = JsonOut {
                input: args.source.input.display().to_string(),
                measure: job.input.measure.map(Measure::name),
                level: job.input.level.map(SectorLevel::name),
                threshold: config.threshold,
                significance: summary,
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
        "{} regions x {} sectors, {} specialisations (LQ >= {}), {} of them pass \
         (at least {} {unit}, {} % of the national sector, q <= {} tested on {units})",
        m.n_regions(),
        m.n_sectors(),
        spec.diversity.iter().sum::<f64>(),
        config.threshold,
        spec.significance.as_ref().map_or(0, |s| s.passing()),
        test_config.min_size,
        100.0 * test_config.min_share,
        test_config.fdr,
    ));
    if *units == "values" {
        ctx.note(
            "note: a table file is tested on its own values as independent units; \
             if they are employees the p-values are far too small (give organisation counts)",
        );
    }
    job.write(&main, side.as_deref(), ctx)?;
    Ok(Outcome::Success)
}
