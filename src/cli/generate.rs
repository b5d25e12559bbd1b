//! `coopnet generate`: the Russia profile and synthetic national-scale datasets.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::common::{Context, Outcome, UsageError};
use crate::generate::national::{self, NationalConfig};
use crate::generate::russia::{self, RussiaConfig};

const AFTER_HELP: &str = "\
Examples:
  coopnet generate --profile russia --out datasets/russia
  coopnet generate --profile russia --seed 7 --out out/russia-7
  coopnet generate --profile national --organisations 1000000 --links 10000000 --out out/big

The same seed gives the same files, byte for byte, at any --threads.
The russia profile reproduces the study's Table 1 and Figure 3; see
datasets/russia/README.md for what is real and what is generated.
The national profile records each organisation's planted community in the
participants.csv column `community` (the loader ignores it).
--out is replaced as a whole; it must be new, empty, or a dataset folder.";

/// Arguments of `coopnet generate`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// Which kind of dataset.
    #[arg(long, value_enum)]
    pub profile: Profile,
    /// Seed of every random draw (default: the bundled dataset's for russia).
    #[arg(long)]
    pub seed: Option<u64>,
    /// The dataset folder to write (replaced as a whole).
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,
    /// national: number of regions.
    #[arg(long, default_value_t = national::DEFAULT_REGIONS, value_name = "R")]
    pub regions: u32,
    /// national: number of clusters (one planted community each).
    #[arg(long, default_value_t = national::DEFAULT_CLUSTERS, value_name = "C")]
    pub clusters: u32,
    /// national: number of organisations.
    #[arg(long, default_value_t = national::DEFAULT_ORGANISATIONS, value_name = "N")]
    pub organisations: u64,
    /// national: number of cooperation links.
    #[arg(long, default_value_t = national::DEFAULT_LINKS, value_name = "M")]
    pub links: u64,
    /// national: share of links that leave their planted community (0 to 1).
    #[arg(long, default_value_t = national::DEFAULT_MIXING, value_name = "MU")]
    pub mixing: f64,
}

/// Dataset profiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Profile {
    /// The study's clusters on Russia's 85 federal subjects, calibrated to its tables.
    Russia,
    /// A synthetic national-scale dataset with planted communities.
    National,
}

/// Refuses to replace a folder that is not a dataset (a typo such as `--out .`
/// must not delete someone's work).
fn check_out(out: &Path) -> anyhow::Result<()> {
    if out.file_name().is_none() {
        return Err(UsageError(format!(
            "--out {}: name a dataset folder, e.g. --out out/russia",
            out.display()
        ))
        .into());
    }
    if out.exists() {
        if !out.is_dir() {
            return Err(
                UsageError(format!("--out {}: is a file, not a folder", out.display())).into(),
            );
        }
        let empty = std::fs::read_dir(out)
            .with_context(|| format!("cannot read {}", out.display()))?
            .next()
            .is_none();
        if !empty && !out.join("regions.csv").is_file() {
            return Err(UsageError(format!(
                "--out {}: the folder exists and is not a dataset (no regions.csv); \
                 it would be replaced, so choose a new or empty folder",
                out.display()
            ))
            .into());
        }
    }
    Ok(())
}

/// Runs `coopnet generate`.
pub fn run(args: &Args, ctx: &Context) -> anyhow::Result<Outcome> {
    check_out(&args.out)?;
    let started = std::time::Instant::now();
    match args.profile {
        Profile::Russia => {
            let config = RussiaConfig {
                seed: args.seed.unwrap_or(russia::DEFAULT_SEED),
            };
            let files =
                russia::generate_russia(&config).context("cannot generate the russia profile")?;
            files
                .write_to(&args.out)
                .with_context(|| format!("cannot write {}", args.out.display()))?;
            ctx.note(format!(
                "wrote {} ({} files, {} bytes, seed {}) in {:.2} s",
                args.out.display(),
                files.files.len(),
                files.bytes(),
                config.seed,
                started.elapsed().as_secs_f64()
            ));
        }
        Profile::National => {
            let config = NationalConfig {
                seed: args.seed.unwrap_or(national::DEFAULT_SEED),
                regions: args.regions,
                clusters: args.clusters,
                organisations: args.organisations,
                links: args.links,
                mixing: args.mixing,
            };
            config.validate()?;
            let bar = ctx.progress(config.organisations + config.links, "generating");
            let summary = national::generate_national(&config, &args.out, &|p| {
                bar.set_message(p.phase);
                let base = if p.phase == national::LINKS_FILE {
                    config.organisations
                } else {
                    0
                };
                bar.set_position(base + p.done);
            })
            .with_context(|| format!("cannot generate {}", args.out.display()))?;
            bar.finish_and_clear();
            ctx.note(format!(
                "wrote {}: {} regions, {} clusters, {} organisations, {} links, {} bytes (seed {}) in {:.2} s",
                args.out.display(),
                config.regions,
                config.clusters,
                config.organisations,
                config.links,
                summary.bytes,
                config.seed,
                started.elapsed().as_secs_f64()
            ));
        }
    }
    Ok(Outcome::Success)
}
