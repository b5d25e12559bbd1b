//! `coopnet analyze`: the main job, everything for one dataset into one folder.

use std::path::PathBuf;

use anyhow::Context as _;

use super::common::{
    CommunityArgs, Context, Outcome, ProjectionArg, check_replaceable, out_folder, whole_at_least,
};
use coopnet::analyze::{AnalyzeConfig, DEFAULT_TOP, Step, analyze, inputs};

const AFTER_HELP: &str = "\
Examples:
  coopnet analyze datasets/russia --out out/russia
  coopnet analyze my-data --out out/my-data --seed 7 --resolution 0.8
  coopnet analyze my-data --out out/my-data-2020 --year 2020

The folder is written whole or not at all: on any error nothing is left behind,
and an earlier folder at the same path is replaced only on success. OUT must be
new, empty, or an earlier analysis (with run.json), and may not be, hold or lie
inside the dataset. Open OUT/index.html in a browser for the report (one file:
tables that sort, maps with tooltips, nothing loaded from the network), or
OUT/README.md for the same index in Markdown; OUT/run.json records every parameter and the seed.
A dataset with years adds OUT/dynamics.md (as coopnet dynamics). For many datasets or parameter sets, see `coopnet batch`.";

/// Arguments of `coopnet analyze`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The dataset folder.
    pub dataset: PathBuf,
    /// The output folder (created, or replaced when the run succeeds): new,
    /// empty or an earlier analysis.
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,
    /// Which nodes community detection and the map use.
    #[arg(long, value_enum, default_value_t = ProjectionArg::Regions)]
    pub projection: ProjectionArg,
    /// Leave out cooperation inside one node (between organisations of the same
    /// region, or cluster): communities of how the nodes cooperate with each other.
    #[arg(long)]
    pub between: bool,
    /// Community detection, of the projection and of the specialisation graph
    /// of the suggestions (recorded in run.json).
    #[command(flatten)]
    pub community: CommunityArgs,
    /// A value-chain table (from,to,weight,rationale) for the suggestions; default: the
    /// curated one, as for suggest and map (docs/measures.md). A dataset's own
    /// value_chain.csv is used only when named here.
    #[arg(long = "value-chain", value_name = "FILE")]
    pub value_chain: Option<PathBuf>,
    /// Suggestions listed first in suggestions.md and drawn in the suggestions diagram.
    #[arg(long, default_value_t = DEFAULT_TOP, value_name = "N",
          value_parser = whole_at_least(1usize))]
    pub top: usize,
    /// Write DOT only, even when Graphviz is installed (faster; draw later).
    #[arg(long = "no-render")]
    pub no_render: bool,
    #[command(flatten)]
    pub year: super::common::YearArg,
}

/// Runs `coopnet analyze`.
pub fn run(args: &Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let config = AnalyzeConfig {
        projection: args.projection.into(),
        between: args.between,
        resolution: args.community.resolution,
        seed: args.community.seed,
        value_chain: args.value_chain.clone(),
        top: args.top,
        render: !args.no_render,
        year: args.year.single()?,
        encoding: ctx.load.encoding,
    };
    let inputs = inputs(&args.dataset, &config);
    let inputs: Vec<&std::path::Path> = inputs.iter().map(PathBuf::as_path).collect();
    out_folder("analyze", &args.out, &inputs, true)?;
    check_replaceable(&args.out, "run.json", "an earlier analysis")?;
    let bar = ctx.progress(Step::ALL.len() as u64, "analyze");
    let summary = analyze(&args.dataset, &config, &args.out, &|step| {
        bar.set_message(step.name());
        bar.inc(1);
    })
    .with_context(|| format!("cannot analyze {}", args.dataset.display()));
    bar.finish_and_clear();
    let summary = summary?;
    let total: f64 = summary.seconds.iter().map(|(_, t)| t).sum();
    let steps: Vec<String> = summary
        .seconds
        .iter()
        .map(|(s, t)| format!("{} {:.2} s", s.name(), t))
        .collect();
    ctx.note(format!(
        "analyzed {} in {total:.2} s ({})",
        summary.dataset,
        steps.join(", ")
    ));
    for (name, value) in &summary.figures {
        ctx.note(format!("  {name}: {value}"));
    }
    for note in &summary.notes {
        ctx.note(format!("note: {note}"));
    }
    ctx.note(format!(
        "wrote {} files to {} (index: {})",
        summary.files.len(),
        args.out.display(),
        args.out.join("README.md").display()
    ));
    Ok(Outcome::Success)
}
