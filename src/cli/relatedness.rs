//! `coopnet relatedness`: relatedness between sectors and relatedness density.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::Context as _;
use serde::Serialize;

use super::common::{Context, Outcome, write_output};
use super::specialisation::{Format, MatrixArgs, csv_field, load_matrix, md_cell, sibling};
use crate::economics::{
    DenseMatrix, Normalisation, ProximityDiagonal, SpecialisationConfig, co_occurrence, proximity,
    relatedness, relatedness_density, specialisation,
};

const AFTER_HELP: &str = "\
Examples:
  coopnet relatedness datasets/russia
  coopnet relatedness datasets/russia --method cosine --out related.csv
  coopnet relatedness employment.csv --method proximity --diagonal one --density density.csv

The CSV has one row per pair of sectors that co-occur in at least one region:
sector_a,sector_b,cooccurrence,relatedness. Relatedness density (region,sector,density,
specialised; 0 to 100, EconGeo's relatedness_density) goes to --density, or beside --out
as NAME.density.csv. Formulas and how they match EconGeo and py-ecomplexity:
docs/measures.md.";

/// Arguments of `coopnet relatedness`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// A dataset folder, or a long table file (region,sector,value).
    pub input: PathBuf,
    #[command(flatten)]
    pub matrix: MatrixArgs,
    /// How co-occurrence is normalised: EconGeo's relatedness() methods, or
    /// Hidalgo et al.'s proximity.
    #[arg(long, value_enum, default_value_t = Method::Prob)]
    pub method: Method,
    /// Diagonal of the proximity matrix (only with --method proximity): zero as
    /// py-ecomplexity now does, or one as Hidalgo et al. 2007.
    #[arg(long, value_enum, default_value_t = Diagonal::Zero)]
    pub diagonal: Diagonal,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,
    /// Write the sector pairs to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Write relatedness density (region x sector) to this file.
    #[arg(long, value_name = "FILE")]
    pub density: Option<PathBuf>,
}

/// The relatedness measure.
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
}

impl Method {
    fn name(self) -> &'static str {
        match self {
            Method::Prob => "prob",
            Method::Association => "association",
            Method::Cosine => "cosine",
            Method::Jaccard => "jaccard",
            Method::Proximity => "proximity",
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
struct Pair<'a> {
    sector_a: &'a str,
    sector_b: &'a str,
    cooccurrence: f64,
    relatedness: f64,
}

#[derive(Serialize)]
struct Density<'a> {
    region: &'a str,
    sector: &'a str,
    density: f64,
    specialised: bool,
}

#[derive(Serialize)]
struct JsonOut<'a> {
    input: String,
    method: &'static str,
    proximity_diagonal: Option<&'static str>,
    threshold: f64,
    sectors: &'a [String],
    pairs: Vec<Pair<'a>>,
    density: Vec<Density<'a>>,
}

/// Runs `coopnet relatedness`.
pub fn run(args: &Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let input = load_matrix(&args.input, &args.matrix, ctx)?;
    let m = &input.matrix;
    let spec = specialisation(
        m,
        &SpecialisationConfig {
            threshold: args.matrix.threshold,
        },
    )
    .context("cannot compute specialisation")?;
    let c = co_occurrence(&spec.specialised);
    let r: DenseMatrix = match args.method {
        Method::Prob => relatedness(&c, Normalisation::Prob)?,
        Method::Association => relatedness(&c, Normalisation::Association)?,
        Method::Cosine => relatedness(&c, Normalisation::Cosine)?,
        Method::Jaccard => relatedness(&c, Normalisation::Jaccard)?,
        Method::Proximity => proximity(
            &spec.specialised,
            match args.diagonal {
                Diagonal::Zero => ProximityDiagonal::Zero,
                Diagonal::One => ProximityDiagonal::One,
            },
        ),
    };
    let rd = relatedness_density(&spec.specialised, &r)?;
    let sectors = m.sectors();
    let mut pairs = Vec::new();
    for a in 0..sectors.len() {
        for b in a + 1..sectors.len() {
            if c.get(a, b) > 0.0 {
                pairs.push(Pair {
                    sector_a: &sectors[a],
                    sector_b: &sectors[b],
                    cooccurrence: c.get(a, b),
                    relatedness: r.get(a, b),
                });
            }
        }
    }
    let mut density = Vec::with_capacity(m.n_regions() * m.n_sectors());
    for (i, region) in m.regions().iter().enumerate() {
        for (j, sector) in sectors.iter().enumerate() {
            density.push(Density {
                region,
                sector,
                density: rd.get(i, j),
                specialised: spec.specialised.get(i, j) == 1.0,
            });
        }
    }
    let n_pairs = pairs.len();
    match args.format {
        Format::Json => {
            let out = JsonOut {
                input: args.input.display().to_string(),
                method: args.method.name(),
                proximity_diagonal: (args.method == Method::Proximity).then_some(
                    match args.diagonal {
                        Diagonal::Zero => "zero",
                        Diagonal::One => "one",
                    },
                ),
                threshold: args.matrix.threshold,
                sectors,
                pairs,
                density,
            };
            let mut text = serde_json::to_string_pretty(&out)?;
            text.push('\n');
            write_output(args.out.as_deref(), text.as_bytes())?;
        }
        Format::Csv | Format::Md => {
            let csv = args.format == Format::Csv;
            let mut main = String::new();
            let mut side = String::new();
            if csv {
                main.push_str("sector_a,sector_b,cooccurrence,relatedness\n");
                for p in &pairs {
                    let _ = writeln!(
                        main,
                        "{},{},{},{}",
                        csv_field(p.sector_a),
                        csv_field(p.sector_b),
                        p.cooccurrence,
                        p.relatedness
                    );
                }
                side.push_str("region,sector,density,specialised\n");
                for d in &density {
                    let _ = writeln!(
                        side,
                        "{},{},{},{}",
                        csv_field(d.region),
                        csv_field(d.sector),
                        d.density,
                        u8::from(d.specialised)
                    );
                }
            } else {
                let _ = writeln!(
                    main,
                    "## Related sectors ({})\n\n| sector | sector | regions with both | relatedness |\n|---|---|---:|---:|",
                    args.method.name()
                );
                let mut sorted: Vec<&Pair> = pairs.iter().collect();
                sorted.sort_by(|a, b| {
                    b.relatedness
                        .total_cmp(&a.relatedness)
                        .then(a.sector_a.cmp(b.sector_a))
                });
                for p in sorted {
                    let _ = writeln!(
                        main,
                        "| {} | {} | {} | {:.4} |",
                        md_cell(p.sector_a),
                        md_cell(p.sector_b),
                        p.cooccurrence,
                        p.relatedness
                    );
                }
                side.push_str("## Relatedness density of sectors a region does not yet specialise in\n\n| region | sector | density |\n|---|---|---:|\n");
                let mut open: Vec<&Density> = density
                    .iter()
                    .filter(|d| !d.specialised && d.density > 0.0)
                    .collect();
                open.sort_by(|a, b| {
                    a.region
                        .cmp(b.region)
                        .then(b.density.total_cmp(&a.density))
                        .then(a.sector.cmp(b.sector))
                });
                for d in open {
                    let _ = writeln!(
                        side,
                        "| {} | {} | {:.2} |",
                        md_cell(d.region),
                        md_cell(d.sector),
                        d.density
                    );
                }
            }
            let ext = if csv { "csv" } else { "md" };
            let density_path = args
                .density
                .clone()
                .or_else(|| args.out.as_deref().map(|o| sibling(o, "density", ext)));
            match &density_path {
                Some(path) => {
                    write_output(Some(path), side.as_bytes())?;
                    write_output(args.out.as_deref(), main.as_bytes())?;
                    ctx.note(format!("wrote relatedness density to {}", path.display()));
                }
                None if !csv => write_output(None, format!("{main}\n{side}").as_bytes())?,
                None => {
                    write_output(None, main.as_bytes())?;
                    ctx.note(
                        "relatedness density: give --density FILE (or --out FILE) to write it",
                    );
                }
            }
        }
    }
    ctx.note(format!(
        "{} sectors, {} co-occurring pairs, method {}",
        sectors.len(),
        n_pairs,
        args.method.name()
    ));
    if let Some(out) = &args.out {
        ctx.note(format!("wrote {}", out.display()));
    }
    Ok(Outcome::Success)
}
