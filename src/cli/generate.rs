//! `coopnet generate`: the Russia profile and synthetic national-scale datasets.

use std::path::PathBuf;

use anyhow::Context as _;

use super::common::{
    Context, Outcome, UsageError, check_replaceable, out_folder, share, whole_at_least,
};
use coopnet::generate::national::{self, NationalConfig};
use coopnet::generate::planted::{self, PlantedConfig};
use coopnet::generate::russia::{self, RussiaConfig};

const AFTER_HELP: &str = "\
Examples:
  coopnet generate --profile russia --out datasets/russia
  coopnet generate --profile russia --seed 7 --out out/russia-7
  coopnet generate --profile national --organisations 1000000 --links 10000000 --out out/big
  coopnet generate --profile planted --out out/planted

The same seed gives the same files, byte for byte, at any --threads.
The russia profile reproduces the study's Table 1 and Figure 3; see
datasets/russia/README.md for what is real and what is generated.
The national profile records each organisation's planted community in the
participants.csv column `community` (the loader ignores it).
The planted profile plants national clusters among decoys and lists them in
planted.csv, the answer key a ranking of suggestions can be checked against.
--out is replaced as a whole; it must be new, empty, or a dataset folder.";

/// Arguments of `coopnet generate`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// Which kind of dataset.
    #[arg(long, value_enum)]
    pub profile: Profile,
    /// Seed of every random draw [default: 2024 for russia (the bundled dataset's), 1 for national, 1 for planted].
    #[arg(long, value_parser = whole_at_least(0u64))]
    pub seed: Option<u64>,
    /// russia: the year of Rosstat's counts of organisations by region and
    /// section that places the organisations outside clusters (2019-2022)
    /// [default: the latest, 2022].
    #[arg(long, value_name = "YEAR")]
    pub year: Option<i32>,
    /// The dataset folder to write (replaced as a whole).
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,
    /// national: number of regions [default: 85].
    #[arg(long, value_name = "R", value_parser = whole_at_least(1u32))]
    pub regions: Option<u32>,
    /// national: number of clusters, one planted community each [default: 1000].
    #[arg(long, value_name = "C", value_parser = whole_at_least(1u32))]
    pub clusters: Option<u32>,
    /// national: number of organisations [default: 100000].
    #[arg(long, value_name = "N", value_parser = whole_at_least(2u64))]
    pub organisations: Option<u64>,
    /// national: number of cooperation links [default: 1000000].
    #[arg(long, value_name = "M", value_parser = whole_at_least(0u64))]
    pub links: Option<u64>,
    /// national: share of links that leave their planted community, 0 to 1 [default: 0.2].
    #[arg(long, value_name = "MU", value_parser = share)]
    pub mixing: Option<f64>,
}

/// Dataset profiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Profile {
    /// The study's clusters on Russia's 85 federal subjects, calibrated to its tables.
    Russia,
    /// A synthetic national-scale dataset with planted communities.
    National,
    /// A small synthetic country with national clusters planted among decoys.
    Planted,
}

/// Runs `coopnet generate`.
pub fn run(args: &Args, ctx: &Context) -> anyhow::Result<Outcome> {
    out_folder("generate", &args.out, &[], true)?;
    check_replaceable(&args.out, "regions.csv", "a dataset")?;
    let started = std::time::Instant::now();
    let national_only = [
        ("--regions", args.regions.is_some()),
        ("--clusters", args.clusters.is_some()),
        ("--organisations", args.organisations.is_some()),
        ("--links", args.links.is_some()),
        ("--mixing", args.mixing.is_some()),
    ];
    match args.profile {
        Profile::Planted => {
            if let Some((flag, _)) = national_only.iter().find(|f| f.1) {
                return Err(UsageError(format!(
                    "{flag} is for --profile national; the planted profile's size is fixed"
                ))
                .into());
            }
            if args.year.is_some() {
                return Err(UsageError(
                    "--year is for --profile russia; the planted profile has no years".to_string(),
                )
                .into());
            }
            let config = PlantedConfig {
                seed: args.seed.unwrap_or(planted::DEFAULT_SEED),
            };
            let files = planted::generate_planted(&config)
                .context("cannot generate the planted profile")?;
            files
                .write_to(&args.out)
                .with_context(|| format!("cannot write {}", args.out.display()))?;
            ctx.note(format!(
                "wrote {} ({} files, {} bytes, seed {}): answer key in planted.csv",
                args.out.display(),
                files.files.len(),
                files.bytes(),
                config.seed,
            ));
        }
        Profile::Russia => {
            if let Some((flag, _)) = national_only.iter().find(|f| f.1) {
                return Err(UsageError(format!(
                    "{flag} is for --profile national; the russia profile's size is the study's"
                ))
                .into());
            }
            let config = RussiaConfig {
                seed: args.seed.unwrap_or(russia::DEFAULT_SEED),
                year: args.year,
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
            if args.year.is_some() {
                return Err(UsageError(
                    "--year is for --profile russia (the year of Rosstat's counts); \
                     the national profile has no years"
                        .to_string(),
                )
                .into());
            }
            let config = NationalConfig {
                seed: args.seed.unwrap_or(national::DEFAULT_SEED),
                regions: args.regions.unwrap_or(national::DEFAULT_REGIONS),
                clusters: args.clusters.unwrap_or(national::DEFAULT_CLUSTERS),
                organisations: args
                    .organisations
                    .unwrap_or(national::DEFAULT_ORGANISATIONS),
                links: args.links.unwrap_or(national::DEFAULT_LINKS),
                mixing: args.mixing.unwrap_or(national::DEFAULT_MIXING),
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Args as _;

    #[test]
    fn help_states_the_defaults_the_code_uses() {
        let cmd = Args::augment_args(clap::Command::new("generate"));
        let help = |id: &str| {
            cmd.get_arguments()
                .find(|a| a.get_id() == id)
                .and_then(|a| a.get_help())
                .map(|h| h.to_string())
                .unwrap_or_default()
        };
        let expect = [
            ("regions", national::DEFAULT_REGIONS.to_string()),
            ("clusters", national::DEFAULT_CLUSTERS.to_string()),
            ("organisations", national::DEFAULT_ORGANISATIONS.to_string()),
            ("links", national::DEFAULT_LINKS.to_string()),
            ("mixing", national::DEFAULT_MIXING.to_string()),
        ];
        for (id, value) in expect {
            assert!(
                help(id).contains(&format!("[default: {value}]")),
                "{id}: {}",
                help(id)
            );
        }
        let latest = russia::rosstat_years().last().copied().unwrap_or_default();
        assert!(
            help("year").contains(&format!("[default: the latest, {latest}]")),
            "{}",
            help("year")
        );
        let seed = help("seed");
        assert!(
            seed.contains(&format!("{} for russia", russia::DEFAULT_SEED)),
            "{seed}"
        );
        assert!(
            seed.contains(&format!("{} for national", national::DEFAULT_SEED)),
            "{seed}"
        );
        assert!(
            seed.contains(&format!("{} for planted", planted::DEFAULT_SEED)),
            "{seed}"
        );
    }
}
