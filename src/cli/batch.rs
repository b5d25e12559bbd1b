//! `coopnet batch`: many datasets times many parameter sets, resumable.

use std::path::PathBuf;

use anyhow::Context as _;

use super::common::{Context, Outcome};
use crate::analyze::AnalyzeRunner;
use crate::batch::{BatchEvent, Manifest, RunStatus, plan, run};

const AFTER_HELP: &str = "\
Example manifest (batch.toml):
  out = \"out/batch\"                      # relative to the manifest's folder
  datasets = [\"datasets/russia\", \"data/*\"]
  [parameters]                           # every combination is one run
  resolution = [0.5, 1.0, 2.0]
  seed = [1, 2]
  projection = \"regions\"

Each run goes to OUT/<dataset>/<parameters>/ and is what `coopnet analyze` writes.
A run whose dataset files and parameters are unchanged since it last succeeded is
skipped, so an interrupted batch resumes where it stopped. OUT/summary.csv and
OUT/summary.md compare the runs and name each failure with its reason.
Exit code 1 when some runs failed; 2 when the manifest itself is wrong.
Full format: docs/batch.md.";

/// Arguments of `coopnet batch`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The manifest (TOML).
    pub manifest: PathBuf,
    /// Runs at a time (0 = one per core). Each run also uses the --threads pool.
    #[arg(long, short, default_value_t = 0, value_name = "N")]
    pub jobs: usize,
    /// Write the runs here instead of the manifest's `out`.
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Runs `coopnet batch`.
pub fn run_batch(args: &Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let mut manifest = Manifest::read(&args.manifest)
        .with_context(|| format!("cannot read {}", args.manifest.display()))?;
    if let Some(out) = &args.out {
        manifest.out = out.clone();
    }
    let runner = AnalyzeRunner;
    let specs = plan(&manifest, &runner)
        .with_context(|| format!("cannot plan {}", args.manifest.display()))?;
    let bar = ctx.progress(specs.len() as u64, "runs");
    let outcomes = run(&specs, &manifest.out, &runner, args.jobs, &|event| {
        if let BatchEvent::Finished(name, status) = event {
            if let RunStatus::Failed(reason) = &status {
                bar.suspend(|| ctx.note(format!("failed: {name}: {reason}")));
            }
            bar.inc(1);
        }
    })?;
    bar.finish_and_clear();
    let failed = outcomes
        .iter()
        .filter(|o| matches!(o.status, RunStatus::Failed(_)))
        .count();
    let skipped = outcomes
        .iter()
        .filter(|o| o.status == RunStatus::Skipped)
        .count();
    ctx.note(format!(
        "{} runs: {} done, {skipped} skipped (unchanged), {failed} failed; summary in {}",
        outcomes.len(),
        outcomes.len() - failed - skipped,
        manifest.out.join("summary.md").display()
    ));
    Ok(if failed > 0 {
        Outcome::PartialFailure
    } else {
        Outcome::Success
    })
}
