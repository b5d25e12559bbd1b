//! `coopnet communities`: community detection on a dataset projection or an edge list.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context as _;

use super::common::{
    CommunityArgs, Context, Outcome, ProjectionArg, UsageError, inputs, out_file, write_output,
};
use coopnet::community::{
    self, Communities, Layer, LeidenConfig, LouvainConfig, Quality, adjusted_rand_index, nmi,
};
use coopnet::export::communities::{self as out, Comparison, Partitioned};
use coopnet::graph::{CsrGraph, Projection};
use coopnet::{Error, Problem};

const AFTER_HELP: &str = "\
Examples:
  coopnet communities datasets/russia
  coopnet communities datasets/russia --projection participants --sector 32 --format json --out c.json
  coopnet communities datasets/russia --projection participants --layers
  coopnet communities graph.edges --resolution 1.5 --seed 7 --threads 4 --out membership.csv
  coopnet communities graph.edges --compare truth.csv

INPUT is a dataset folder or an edge-list file (lines `u v` or `u v weight`, # comments).
The CSV output has a header `node,community`; the JSON output has input, projection,
nodes, edges, modularity, quality, communities (the count), sizes, seed, parameters,
levels (the hierarchy, finest first) and the membership, as analyze's communities.json.
The same input, options and seed give the same bytes at any --threads.
--compare reads a reference partition (`node,community` CSV or `node community` lines) and
reports NMI and the adjusted Rand index. Method and defaults: docs/communities.md.";

/// Arguments of `coopnet communities`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// A dataset folder or an edge-list file.
    pub input: PathBuf,
    #[command(flatten)]
    pub year: super::common::YearArg,
    /// The algorithm: Leiden (communities guaranteed connected) or Louvain.
    #[arg(long, value_enum, default_value_t = AlgorithmArg::Leiden)]
    pub algorithm: AlgorithmArg,
    /// Which nodes to group (datasets only; default regions).
    #[arg(long, value_enum)]
    pub projection: Option<ProjectionArg>,
    /// Keep only links in these sectors (codes such as 32 or 32.12; datasets only).
    #[arg(long = "sector", value_name = "CODE", num_args = 1..)]
    pub sectors: Vec<String>,
    /// Leave out cooperation inside one node (between organisations of the
    /// same region, or of the same cluster), so that the graph shows how the
    /// nodes cooperate with each other.
    #[arg(long)]
    pub between: bool,
    /// One layer per sector, optimised jointly (multiplex; datasets only).
    #[arg(long)]
    pub layers: bool,
    /// Resolution and seed (with --quality cpm, the resolution is a density).
    #[command(flatten)]
    pub community: CommunityArgs,
    /// The quality function maximised.
    #[arg(long, value_enum, default_value_t = QualityArg::Modularity)]
    pub quality: QualityArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// A reference partition to compare with (NMI, adjusted Rand index).
    #[arg(long, value_name = "FILE")]
    pub compare: Option<PathBuf>,
}

/// `--algorithm`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum AlgorithmArg {
    /// Leiden (Traag, Waltman, van Eck 2019).
    Leiden,
    /// Louvain (Blondel et al. 2008).
    Louvain,
}

/// `--quality`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum QualityArg {
    /// Modularity with resolution gamma (Reichardt and Bornholdt 2006).
    Modularity,
    /// Constant Potts model (gamma is a density).
    Cpm,
}

/// `--format`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// `node,community` rows.
    Csv,
    /// Everything, as one JSON object.
    Json,
}

/// The graph to partition, with the names of its nodes.
struct Input {
    names: Vec<String>,
    graph: CsrGraph,
    layers: Vec<(String, CsrGraph)>,
    source: String,
    projection: Option<Projection>,
}

/// Runs `coopnet communities`.
pub fn run(args: &Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let dest = out_file(
        args.out.as_deref(),
        &inputs([Some(args.input.as_path()), args.compare.as_deref()]),
    )?;
    let input = read_input(args, ctx)?;
    let started = Instant::now();
    let result = detect(args, &input).context("community detection failed")?;
    let comparison = match &args.compare {
        Some(path) => Some(compare(path, &input.names, &result.membership, &ctx.load)?),
        None => None,
    };
    summarise(
        ctx,
        &input,
        &result,
        comparison.as_ref(),
        started.elapsed().as_secs_f64(),
    );
    let content = match args.format {
        Format::Csv => out::membership_csv(&input.names, &result.membership),
        Format::Json => {
            let sectors: Vec<String> = input.layers.iter().map(|(s, _)| s.clone()).collect();
            let what = Partitioned {
                input: &input.source,
                projection: input.projection,
                names: &input.names,
                edges: input.graph.edge_count(),
                layers: &sectors,
            };
            out::to_json(&what, &result, comparison.as_ref())?
        }
    };
    write_output(dest, content.as_bytes())?;
    if let Some(out) = dest {
        ctx.note(format!("wrote {}", out.display()));
    }
    Ok(Outcome::Success)
}

/// Leiden or Louvain, on one graph or on the sector layers.
fn detect(args: &Args, input: &Input) -> coopnet::Result<Communities> {
    let quality = match args.quality {
        QualityArg::Modularity => Quality::Modularity {
            resolution: args.community.resolution,
        },
        QualityArg::Cpm => Quality::Cpm {
            resolution: args.community.resolution,
        },
    };
    let layers: Vec<Layer<'_>> = input
        .layers
        .iter()
        .map(|(_, g)| Layer {
            graph: g,
            weight: 1.0,
        })
        .collect();
    let leiden = LeidenConfig {
        quality,
        seed: args.community.seed,
        ..LeidenConfig::default()
    };
    let louvain = LouvainConfig {
        quality,
        seed: args.community.seed,
        ..LouvainConfig::default()
    };
    match (args.algorithm, args.layers) {
        (AlgorithmArg::Leiden, false) => community::leiden(&input.graph, &leiden),
        (AlgorithmArg::Leiden, true) => community::leiden_multiplex(&layers, &leiden),
        (AlgorithmArg::Louvain, false) => community::louvain(&input.graph, &louvain),
        (AlgorithmArg::Louvain, true) => community::louvain_multiplex(&layers, &louvain),
    }
}

fn read_input(args: &Args, ctx: &Context) -> anyhow::Result<Input> {
    if args.input.is_dir() {
        let ds = super::common::load(&args.input, &args.year, ctx)?;
        let projection: Projection = args.projection.unwrap_or(ProjectionArg::Regions).into();
        let spec = coopnet::graph::ProjectionSpec {
            projection,
            sectors: args.sectors.clone(),
            layers: args.layers,
            between_only: args.between,
            ..coopnet::graph::ProjectionSpec::default()
        };
        let multigraph = coopnet::graph::CooperationGraph::new(&ds);
        let projected = coopnet::graph::project(&multigraph, &spec)?;
        if args.layers && projected.layers.is_empty() {
            return Err(UsageError(
                "--layers: the projection has no links, so no sector layers".into(),
            )
            .into());
        }
        Ok(Input {
            names: projected.labels,
            graph: projected.graph,
            layers: projected
                .layers
                .into_iter()
                .map(|l| (l.sector, l.graph))
                .collect(),
            source: out::dataset_input(&args.input, projection, args.between, ds.years.year),
            projection: Some(projection),
        })
    } else {
        args.year.refuse_for_file(&args.input)?;
        if args.projection.is_some() || !args.sectors.is_empty() || args.layers || args.between {
            return Err(UsageError(format!(
                "--projection, --sector, --layers and --between apply to dataset folders; {} is an edge-list file",
                args.input.display()
            ))
            .into());
        }
        let spinner = ctx.spinner(&format!("reading {}", args.input.display()));
        let started = Instant::now();
        let list = coopnet::load::edgelist::read_with(&args.input, &ctx.load);
        spinner.finish_and_clear();
        let list =
            list.with_context(|| format!("cannot read edge list {}", args.input.display()))?;
        ctx.note(format!(
            "read {}: {} nodes, {} edges in {:.2} s",
            args.input.display(),
            list.graph.node_count(),
            list.graph.edge_count(),
            started.elapsed().as_secs_f64()
        ));
        let names = (0..list.names.len() as u32)
            .map(|i| list.names.name(i).into_owned())
            .collect();
        Ok(Input {
            names,
            graph: list.graph,
            layers: Vec::new(),
            source: args.input.display().to_string(),
            projection: None,
        })
    }
}

/// Reads a reference partition and compares it with `membership` on the nodes in both.
fn compare(
    path: &Path,
    names: &[String],
    membership: &[u32],
    load: &coopnet::load::LoadOptions,
) -> anyhow::Result<Comparison> {
    let partition = coopnet::load::partition::read(path, load)?;
    let file = partition.file;
    let index: HashMap<&str, u32> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i as u32))
        .collect();
    let mut reference = vec![u32::MAX; names.len()];
    let mut labels: HashMap<String, u32> = HashMap::new();
    let mut unknown = 0;
    for (node, community) in partition.entries {
        let Some(&node) = index.get(node.as_str()) else {
            unknown += 1;
            continue;
        };
        let next = labels.len() as u32;
        reference[node as usize] = *labels.entry(community).or_insert(next);
    }
    let (a, b): (Vec<u32>, Vec<u32>) = membership
        .iter()
        .zip(&reference)
        .filter(|(_, r)| **r != u32::MAX)
        .map(|(&m, &r)| (m, r))
        .unzip();
    if a.is_empty() {
        return Err(Error::invalid(Problem::file(&file, "shares no node with the input")).into());
    }
    Ok(Comparison {
        file,
        nmi: nmi(&a, &b)?,
        adjusted_rand_index: adjusted_rand_index(&a, &b)?,
        nodes: a.len(),
        missing: membership.len() - a.len(),
        unknown,
    })
}

/// The summary on standard error.
fn summarise(ctx: &Context, input: &Input, r: &Communities, cmp: Option<&Comparison>, wall: f64) {
    let mut largest = r.sizes.clone();
    largest.sort_unstable_by(|a, b| b.cmp(a));
    largest.truncate(5);
    let largest: Vec<String> = largest.iter().map(|s| s.to_string()).collect();
    ctx.note(format!(
        "{} communities in {} nodes ({}): modularity {:.5}, quality {:.5}; largest {}",
        r.count,
        input.names.len(),
        input.source,
        r.modularity,
        r.quality,
        largest.join(", ")
    ));
    let t = r.timings;
    ctx.note(format!(
        "time {:.3} s: local moving {:.3}, refinement {:.3}, aggregation {:.3}; {} iteration(s), seed {}",
        wall, t.local_moving, t.refinement, t.aggregation, r.iterations, r.parameters.seed
    ));
    if let Some(c) = cmp {
        ctx.note(format!(
            "against {}: NMI {:.4}, adjusted Rand {:.4} over {} nodes ({} missing from it, {} unknown in it)",
            c.file, c.nmi, c.adjusted_rand_index, c.nodes, c.missing, c.unknown
        ));
    }
}
