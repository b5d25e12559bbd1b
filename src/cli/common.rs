//! What every subcommand shares: the run context, output to a file or
//! standard output, error printing and exit codes, progress bars.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressStyle};

/// How a subcommand ended, when it did not fail outright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything succeeded (exit code 0).
    Success,
    /// Finished, but some items failed (exit code 1).
    PartialFailure,
}

/// What the subcommands know about the terminal.
#[derive(Debug, Clone)]
pub struct Context {
    /// `--quiet`: print nothing but errors.
    pub quiet: bool,
    /// Whether standard error is a terminal (progress bars only then).
    pub stderr_is_terminal: bool,
    /// How input files are read (`--encoding`).
    pub load: crate::load::LoadOptions,
}

impl Context {
    /// Prints a line of summary on standard error, unless quiet.
    pub fn note(&self, msg: impl AsRef<str>) {
        if !self.quiet {
            eprintln!("{}", msg.as_ref());
        }
    }

    /// A progress bar of `len` steps, hidden when quiet or not on a terminal.
    pub fn progress(&self, len: u64, what: &str) -> ProgressBar {
        if self.quiet || !self.stderr_is_terminal {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::new(len);
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} {elapsed}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(what.to_string());
        bar
    }

    /// A spinner for work of unknown length, hidden when quiet or not on a terminal.
    pub fn spinner(&self, what: &str) -> ProgressBar {
        if self.quiet || !self.stderr_is_terminal {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::new_spinner();
        bar.set_message(what.to_string());
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    }
}

/// Writes `content` to `out` atomically, or to standard output when `out` is
/// `None` or `-`.
pub fn write_output(out: Option<&Path>, content: &[u8]) -> anyhow::Result<()> {
    match out {
        Some(path) if path != Path::new("-") => {
            coopnet_write(path, content).with_context(|| format!("cannot write {}", path.display()))
        }
        _ => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(content)?;
            stdout.flush()?;
            Ok(())
        }
    }
}

fn coopnet_write(path: &Path, content: &[u8]) -> crate::Result<()> {
    crate::output::write_atomic(path, content)
}

/// Prints an error with its chain and maps it to an exit code: 2 for bad
/// input or usage, 0 for a closed pipe (`coopnet report ... | head`), 1 otherwise.
pub fn report_error(e: &anyhow::Error) -> ExitCode {
    if let Some(io) = e.downcast_ref::<std::io::Error>() {
        if io.kind() == std::io::ErrorKind::BrokenPipe {
            return ExitCode::SUCCESS;
        }
    }
    let bad_input = e.chain().any(|c| {
        c.downcast_ref::<crate::Error>()
            .is_some_and(crate::Error::is_bad_input)
    }) || e.chain().any(|c| c.downcast_ref::<UsageError>().is_some());
    let mut msg = format!("error: {e}");
    for cause in e.chain().skip(1) {
        msg.push_str(&format!("\n  caused by: {cause}"));
    }
    eprintln!("{msg}");
    ExitCode::from(if bad_input { 2 } else { 1 })
}

/// A usage problem found after parsing (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Loads a dataset folder with a spinner and a one-line note of what was loaded.
pub fn load(path: &Path, ctx: &Context) -> anyhow::Result<crate::model::Dataset> {
    let spinner = ctx.spinner(&format!("loading {}", path.display()));
    let started = std::time::Instant::now();
    let ds = crate::load::load_dataset_with(path, &ctx.load)
        .with_context(|| format!("cannot load dataset {}", path.display()));
    spinner.finish_and_clear();
    let ds = ds?;
    ctx.note(format!(
        "loaded {}: {} regions, {} clusters, {} organisations, {} links in {:.2} s",
        ds.name,
        ds.regions.len(),
        ds.clusters.len(),
        ds.participants.len(),
        ds.links.len(),
        started.elapsed().as_secs_f64()
    ));
    for w in &ds.warnings {
        ctx.note(format!("warning: {w}"));
    }
    Ok(ds)
}

/// `--projection`: which nodes a projection has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ProjectionArg {
    /// Organisations.
    Participants,
    /// Clusters.
    Clusters,
    /// Regions.
    Regions,
}

impl From<ProjectionArg> for crate::graph::Projection {
    fn from(p: ProjectionArg) -> Self {
        use crate::graph::Projection;
        match p {
            ProjectionArg::Participants => Projection::Participants,
            ProjectionArg::Clusters => Projection::Clusters,
            ProjectionArg::Regions => Projection::Regions,
        }
    }
}
