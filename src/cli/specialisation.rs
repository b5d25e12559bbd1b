//! `coopnet specialisation`: location quotients and the region indices.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde::Serialize;

use super::common::{Context, Outcome, UsageError, load, write_output};
use crate::economics::{
    Duplicates, Measure, RegionSectorMatrix, SectionMap, SpecialisationConfig,
    SpecialisationTables, matrix_from_dataset, specialisation,
};
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
beside --out as NAME.regions.csv. Formulas: docs/measures.md.";

/// Arguments of `coopnet specialisation`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// A dataset folder, or a long table file (region,sector,value).
    pub input: PathBuf,
    #[command(flatten)]
    pub matrix: MatrixArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,
    /// Write the region x sector table to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Write the region indices to this file (CSV or Markdown, as --format).
    #[arg(long, value_name = "FILE")]
    pub indices: Option<PathBuf>,
}

/// How the region x sector matrix is built (shared with `relatedness`).
#[derive(Debug, clap::Args)]
pub struct MatrixArgs {
    /// What a dataset's matrix counts (ignored for a table file).
    #[arg(long, value_enum, default_value_t = MeasureArg::Employees)]
    pub measure: MeasureArg,
    /// OKVED2 level to aggregate sectors to. Default: division for a dataset; a
    /// table file is used as given unless a level is named.
    #[arg(long, value_parser = parse_level, value_name = "LEVEL")]
    pub level: Option<SectorLevel>,
    /// A region specialises in a sector when its location quotient is at least this.
    #[arg(long, default_value_t = crate::economics::specialisation::DEFAULT_THRESHOLD, value_name = "LQ")]
    pub threshold: f64,
}

/// What a dataset's matrix counts.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum MeasureArg {
    /// Employees of organisations.
    Employees,
    /// Number of organisations.
    Organisations,
    /// Number of clusters.
    Clusters,
}

impl From<MeasureArg> for Measure {
    fn from(m: MeasureArg) -> Self {
        match m {
            MeasureArg::Employees => Measure::Employees,
            MeasureArg::Organisations => Measure::Organisations,
            MeasureArg::Clusters => Measure::Clusters,
        }
    }
}

/// Output format of `specialisation` and `relatedness`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Tidy CSV.
    Csv,
    /// JSON.
    Json,
    /// Markdown tables (only specialised pairs, for reading).
    Md,
}

fn parse_level(s: &str) -> Result<SectorLevel, String> {
    SectorLevel::parse(s).ok_or_else(|| {
        let names: Vec<&str> = SectorLevel::ALL.iter().map(|l| l.name()).collect();
        format!("unknown level {s:?}; one of {}", names.join(", "))
    })
}

/// The matrix and a description of where it came from.
pub(super) struct Input {
    pub matrix: RegionSectorMatrix,
    pub measure: Option<Measure>,
    pub level: Option<SectorLevel>,
}

/// Loads INPUT as a dataset folder or a long table file.
pub(super) fn load_matrix(input: &Path, args: &MatrixArgs, ctx: &Context) -> anyhow::Result<Input> {
    if input.is_dir() {
        let ds = load(input, ctx)?;
        let level = args.level.unwrap_or(SectorLevel::Division);
        let measure: Measure = args.measure.into();
        let built = matrix_from_dataset(&ds, measure, level).with_context(|| {
            format!(
                "cannot build the region x sector matrix of {}",
                input.display()
            )
        })?;
        if built.left_out > 0 {
            ctx.note(format!(
                "note: {} records have a sector coarser than the {} level and are left out",
                built.left_out,
                level.name()
            ));
        }
        if built.missing_employees > 0 {
            ctx.note(format!(
                "note: {} organisations have no employees figure and add nothing",
                built.missing_employees
            ));
        }
        return Ok(Input {
            matrix: built.matrix,
            measure: Some(measure),
            level: Some(level),
        });
    }
    if !input.exists() {
        return Err(UsageError(format!(
            "{}: not found (give a dataset folder or a region,sector,value table)",
            input.display()
        ))
        .into());
    }
    let mut matrix = crate::load::long_table::read(input, Duplicates::Reject, &ctx.load)
        .with_context(|| format!("cannot read the table {}", input.display()))?;
    if let Some(level) = args.level {
        matrix = matrix
            .aggregate(level, &SectionMap::okved2())
            .with_context(|| {
                format!(
                    "cannot aggregate {} to the {} level",
                    input.display(),
                    level.name()
                )
            })?;
    }
    ctx.note(format!(
        "read {}: {} regions x {} sectors",
        input.display(),
        matrix.n_regions(),
        matrix.n_sectors()
    ));
    Ok(Input {
        matrix,
        measure: None,
        level: args.level,
    })
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

/// `NAME.regions.EXT` beside `out`.
pub(super) fn sibling(out: &Path, suffix: &str, ext: &str) -> PathBuf {
    let stem = out
        .file_stem()
        .map_or_else(|| "out".to_string(), |s| s.to_string_lossy().into_owned());
    out.with_file_name(format!("{stem}.{suffix}.{ext}"))
}

/// Runs `coopnet specialisation`.
pub fn run(args: &Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let input = load_matrix(&args.input, &args.matrix, ctx)?;
    let config = SpecialisationConfig {
        threshold: args.matrix.threshold,
    };
    let spec = specialisation(&input.matrix, &config).context("cannot compute specialisation")?;
    let m = &input.matrix;
    let tables = SpecialisationTables::new(m, &spec);
    match args.format {
        Format::Json => {
            let out = JsonOut {
                input: args.input.display().to_string(),
                measure: input.measure.map(Measure::name),
                level: input.level.map(SectorLevel::name),
                threshold: config.threshold,
                tables: &tables,
            };
            let mut text = serde_json::to_string_pretty(&out)?;
            text.push('\n');
            write_output(args.out.as_deref(), text.as_bytes())?;
        }
        Format::Csv | Format::Md => {
            let (main, side, ext) = if args.format == Format::Csv {
                (tables.specialisation_csv(), tables.regions_csv(), "csv")
            } else {
                (tables.specialisation_md(), tables.regions_md(), "md")
            };
            let indices = args
                .indices
                .clone()
                .or_else(|| args.out.as_deref().map(|o| sibling(o, "regions", ext)));
            match (&indices, args.format) {
                (Some(path), _) => {
                    write_output(Some(path), side.as_bytes())?;
                    write_output(args.out.as_deref(), main.as_bytes())?;
                    ctx.note(format!("wrote region indices to {}", path.display()));
                }
                (None, Format::Md) => write_output(None, format!("{side}\n{main}").as_bytes())?,
                (None, _) => {
                    write_output(None, main.as_bytes())?;
                    ctx.note("region indices: give --indices FILE (or --out FILE) to write them");
                }
            }
        }
    }
    let specialised = spec.diversity.iter().sum::<f64>();
    ctx.note(format!(
        "{} regions x {} sectors, {} specialisations (LQ >= {})",
        m.n_regions(),
        m.n_sectors(),
        specialised,
        config.threshold
    ));
    if let Some(out) = &args.out {
        ctx.note(format!("wrote {}", out.display()));
    }
    Ok(Outcome::Success)
}
