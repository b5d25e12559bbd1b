//! The command line: clap definitions, one module per subcommand, printing and
//! exit codes. The library never prints; everything a user sees on the
//! terminal is written here.
//!
//! Exit codes: 0 success; 1 finished with failures (a batch with failed runs)
//! or the environment failed (Graphviz, the disk); 2 bad input or usage; 70 an
//! internal error, a bug of coopnet, with a request for a bug report.

mod analyze;
mod batch;
mod common;
mod communities;
mod dynamics;
mod export;
mod forecast;
mod generate;
mod inspect;
mod map;
mod reference;
mod relatedness;
mod report;
mod specialisation;
mod suggest;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use common::{Context, Outcome};

const AFTER_HELP: &str = "\
Examples:
  coopnet analyze datasets/russia --out out/russia
  coopnet inspect datasets/russia
  coopnet report datasets/russia --format json --out out/report.json
  coopnet map datasets/russia --layout geo --out out/russia.svg
  coopnet export datasets/russia --format gexf --out out/russia.gexf

Docs: README.md, docs/tutorial.md (reproduce the study step by step),
docs/your-data.md (bring your own spreadsheet), docs/reference.md (every command and file).
Exit codes: 0 success, 1 finished with failures, 2 bad input or usage,
70 internal error (a bug: please report it).";

/// coopnet: analyse inter-regional cooperation networks.
///
/// Load regions, clusters, organisations and their sector-labelled links from
/// CSV; reproduce a study's descriptive tables; detect communities; measure
/// specialisation, relatedness and value-chain complementarity; suggest
/// national clusters that cross regional borders; draw cooperation maps.
#[derive(Debug, Parser)]
#[command(name = "coopnet", version, after_help = AFTER_HELP, max_term_width = 100)]
pub struct Cli {
    /// Worker threads for parallel work (0 = all cores; more than the cores are
    /// capped to them). Results do not depend on it.
    #[arg(long, global = true, default_value_t = 0, value_name = "N",
          value_parser = common::whole_at_least(0usize))]
    pub threads: usize,

    /// Print nothing but errors (no summary, no progress bars).
    #[arg(long, short, global = true)]
    pub quiet: bool,

    /// Read every input file in this encoding instead of detecting it: UTF-8,
    /// UTF-16LE, UTF-16BE, Windows-1251, Windows-1252, ISO-8859-15,
    /// Windows-1250, ISO-8859-2 (or another WHATWG name, cp1251, latin1, ...).
    #[arg(long, global = true, value_name = "NAME", value_parser = coopnet::load::Encoding::parse)]
    pub encoding: Option<coopnet::load::Encoding>,

    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load a dataset and say what is in it: counts, districts, sectors,
    /// detected encodings and delimiters, warnings. Reports every problem.
    Inspect(inspect::Args),
    /// The study's descriptive tables for any dataset: clusters by district
    /// and level (Table 1), level shares, specialisations, years founded,
    /// inter-regional clusters, correlations.
    Report(report::Args),
    /// Find communities (Leiden or Louvain, deterministic at any --threads) in a
    /// dataset projection or an edge list; compare with a reference partition.
    Communities(communities::Args),
    /// The main job: everything for one dataset into one output folder, with
    /// an index (README.md) and every parameter recorded (run.json).
    Analyze(analyze::Args),
    /// Location quotients, specialisation and the Herfindahl, Krugman and
    /// entropy indices of regions, from a dataset or a region,sector,value table.
    Specialisation(specialisation::Args),
    /// Relatedness between sectors (EconGeo's prob, association, cosine,
    /// jaccard; proximity) and relatedness density of regions.
    Relatedness(relatedness::Args),
    /// Suggest national clusters: communities of regional specialisations
    /// joined along value chains (intersectoral) or pooling one sector (sectoral).
    Suggest(suggest::Args),
    /// Run `analyze` over many datasets and parameter sets from a TOML
    /// manifest, in parallel, resuming where an earlier batch stopped.
    Batch(batch::Args),
    /// A cooperation map as Graphviz DOT, coloured by district or sector, with a
    /// geographic or force-directed layout; optionally drawn as SVG, PNG or PDF.
    Map(map::Args),
    /// A projection as GraphML, GEXF (Gephi), node-link JSON (networkx, D3) or CSV.
    Export(export::Args),
    /// Write a dataset: the Russia profile calibrated to the study's tables,
    /// or a synthetic national-scale one with planted communities.
    Generate(generate::Args),
    /// Growth, entry and exit of specialisations between two years, and whether
    /// relatedness density predicted the entries (AUC, fixed-effects LPM).
    Dynamics(dynamics::Args),
    /// Forecast an indicator series (linear, log-linear or Holt's damped trend)
    /// with 80 % and 95 % prediction intervals, a back-test and an SVG chart.
    Forecast(forecast::Args),
    /// The command reference (docs/reference.md), or every flag as JSON, from
    /// these definitions (for the documentation and its tests).
    #[command(hide = true)]
    Reference(reference::Args),
}

/// The command line with every subcommand's help ending in where its docs
/// are, and negative numbers taken as values (so that `--seed -1` is refused
/// by the flag's own check, naming it, rather than read as an unknown flag).
pub fn command() -> clap::Command {
    let negative = |a: clap::Arg| {
        if a.get_action().takes_values() {
            a.allow_negative_numbers(true)
        } else {
            a
        }
    };
    Cli::command().mut_args(negative).mut_subcommands(|sub| {
        let sub = sub.mut_args(negative);
        let name = sub.get_name().to_string();
        if name == "help" || sub.is_hide_set() {
            return sub;
        }
        let docs = format!(
            "Docs: docs/reference.md#{name} (every flag and file), docs/tutorial.md (worked example)."
        );
        let after = match sub.get_after_help() {
            Some(a) => format!("{a}\n\n{docs}"),
            None => docs,
        };
        sub.after_help(after)
    })
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    run_from(std::env::args_os())
}

/// Runs the command line on `args` (the program's name first), as the
/// Python package's `coopnet` command does; returns the exit code.
pub fn run_from<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match command()
        .try_get_matches_from(args)
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                common::EXIT_BAD_INPUT
            } else {
                common::EXIT_SUCCESS
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let ctx = Context {
        quiet: cli.quiet,
        stderr_is_terminal: std::io::stderr().is_terminal(),
        load: coopnet::load::LoadOptions {
            encoding: cli.encoding,
        },
    };
    let threads = common::thread_count("--threads", cli.threads, &ctx);
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool,
        Err(e) => {
            eprintln!("error: cannot start {threads} worker threads: {e}");
            return ExitCode::from(common::EXIT_FAILURES);
        }
    };
    // A panic is a bug: the default hook has printed where; ask for a report.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        pool.install(|| run(&cli.command, &ctx))
    }));
    match result {
        Ok(Ok(outcome)) => outcome.code(),
        Ok(Err(e)) => common::report_error(&e),
        Err(_) => {
            eprintln!("error: internal error: coopnet stopped on a bug (the panic above)");
            eprintln!("{}", common::bug_report_note());
            ExitCode::from(common::EXIT_INTERNAL)
        }
    }
}

fn run(command: &Command, ctx: &Context) -> anyhow::Result<Outcome> {
    match command {
        Command::Inspect(args) => inspect::run(args, ctx),
        Command::Report(args) => report::run(args, ctx),
        Command::Communities(args) => communities::run(args, ctx),
        Command::Analyze(args) => analyze::run(args, ctx),
        Command::Batch(args) => batch::run_batch(args, ctx),
        Command::Specialisation(args) => specialisation::run(args, ctx),
        Command::Relatedness(args) => relatedness::run(args, ctx),
        Command::Suggest(args) => suggest::run(args, ctx),
        Command::Map(args) => map::run(args, ctx),
        Command::Export(args) => export::run(args, ctx),
        Command::Generate(args) => generate::run(args, ctx),
        Command::Dynamics(args) => dynamics::run(args, ctx),
        Command::Forecast(args) => forecast::run(args, ctx),
        Command::Reference(args) => reference::run(args),
    }
}
