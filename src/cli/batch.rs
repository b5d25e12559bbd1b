//! `coopnet batch`: many datasets times many parameter sets, resumable.

use std::path::PathBuf;

use anyhow::Context as _;

use super::common::{Context, Outcome, out_folder, thread_count, whole_at_least};
use coopnet::batch::{AnalyzeRunner, BatchEvent, Counts, Manifest, RunStatus, plan, run};

const AFTER_HELP: &str = "\
Example manifest (batch.toml):
  out = \"out/batch\"                      # relative to the manifest's folder
  datasets = [\"datasets/russia\", \"data/*\"]
  [parameters]                           # every combination is one run
  resolution = [0.5, 1.0, 2.0]
  seed = [1, 2]
  projection = \"regions\"

Each run goes to OUT/<dataset>/<parameters>/ and is what `coopnet analyze` writes.
A run whose dataset files and parameters are unchanged since it last succeeded,
and whose files are as it wrote them (checksums), is skipped, so an interrupted
batch resumes where it stopped; a run whose files changed or vanished is redone.
OUT/summary.csv, OUT/summary.md and OUT/summary.html (a page whose table sorts and
links each run's index.html) compare the runs and name each failure with its reason. Exit code 1 when some runs failed; 2 when the manifest itself is wrong
(every problem listed with its line, before anything runs).
Full format: docs/batch.md.";

/// Arguments of `coopnet batch`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The manifest (TOML).
    pub manifest: PathBuf,
    /// Runs at a time (0 = one per core; more than the cores are capped to them).
    /// Each run also uses the --threads pool.
    #[arg(long, short, default_value_t = 0, value_name = "N",
          value_parser = whole_at_least(0usize))]
    pub jobs: usize,
    /// Write the runs here instead of the manifest's `out`.
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Runs `coopnet batch`.
pub fn run_batch(args: &Args, ctx: &Context) -> anyhow::Result<Outcome> {
    if let Some(out) = &args.out {
        out_folder("batch", out, &[args.manifest.as_path()], false)?;
    }
    let mut manifest = Manifest::read(&args.manifest)
        .with_context(|| format!("cannot read {}", args.manifest.display()))?;
    if let Some(out) = &args.out {
        manifest.out = out.clone();
    }
    // --encoding is a parameter of every run, named in each run's folder and
    // key like the manifest's own; an `encoding` in [parameters] wins.
    if let Some(encoding) = ctx.load.encoding {
        if manifest.parameters.contains_key("encoding") {
            ctx.note(format!(
                "note: the manifest names the encoding in [parameters]; --encoding {encoding} is not used"
            ));
        } else {
            manifest.parameters.insert(
                "encoding".to_string(),
                vec![coopnet::batch::Value::String(encoding.to_string())],
            );
        }
    }
    let specs =
        plan(&manifest).with_context(|| format!("cannot plan {}", args.manifest.display()))?;
    let jobs = thread_count("--jobs", args.jobs, ctx);
    let bar = ctx.progress(specs.len() as u64, "runs");
    let outcomes = run(
        &specs,
        &manifest.out,
        &AnalyzeRunner,
        jobs,
        &|event| match event {
            BatchEvent::Redoing(name, why) => {
                bar.suspend(|| ctx.note(format!("redoing {name}: {why}")));
            }
            BatchEvent::Finished(name, status) => {
                if status.failed() {
                    bar.suspend(|| ctx.note(format!("failed: {name}: {}", status.reason())));
                }
                if let RunStatus::Internal(_) = status {
                    bar.suspend(|| ctx.note(super::common::bug_report_note()));
                }
                bar.inc(1);
            }
            BatchEvent::Planned(_) => {}
        },
    )?;
    bar.finish_and_clear();
    let counts = Counts::of(&outcomes);
    ctx.note(format!(
        "{counts}; summary in {}",
        manifest.out.join("summary.md").display()
    ));
    Ok(if counts.internal > 0 {
        Outcome::InternalFailure
    } else if counts.failed > 0 {
        Outcome::PartialFailure
    } else {
        Outcome::Success
    })
}
