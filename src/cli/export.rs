//! `coopnet export`: a projection as GraphML, GEXF, JSON or CSV.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::common::{
    ColorByArg, Context, Outcome, OverlayArgs, SelectionArgs, build_view, load, out_file,
    out_folder, usage, write_output,
};
use coopnet::export::json::to_json;
use coopnet::export::{JsonFlavour, csv, gexf, graphml};

const AFTER_HELP: &str = "\
Examples:
  coopnet export datasets/russia --format gexf --out out/russia.gexf
  coopnet export datasets/russia --format graphml --projection clusters --out out/clusters.graphml
  coopnet export datasets/demo --format json --flavour d3 --out out/demo.json
  coopnet export datasets/demo --format csv --out out/demo-tables
  coopnet export datasets/russia --format gexf --communities --suggestions --out out/russia.gexf

CSV writes nodes.csv and edges.csv into the folder given by --out (other files there
are left alone). Every format carries the same node and edge attributes; opening the
files in Gephi, networkx and D3: docs/maps.md.";

/// Arguments of `coopnet export`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The dataset folder.
    pub dataset: PathBuf,
    #[command(flatten)]
    pub year: super::common::YearArg,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: Format,
    /// Which nodes and links to export.
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// Node-link layout of --format json.
    #[arg(long, value_enum, default_value_t = Flavour::Networkx)]
    pub flavour: Flavour,
    /// What colours the nodes in GEXF (viz:color).
    #[arg(long = "color-by", value_enum, default_value_t = ColorByArg::District)]
    pub color_by: ColorByArg,
    /// Add a `community` attribute (Leiden on the projection; see --seed, --resolution).
    #[arg(long)]
    pub communities: bool,
    /// Communities and suggested national clusters.
    #[command(flatten)]
    pub overlay: OverlayArgs,
    /// The file to write (atomically; standard output when left out), or for
    /// CSV the folder to write nodes.csv and edges.csv into.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// GraphML with typed keys (yEd, Cytoscape, igraph, networkx).
    Graphml,
    /// GEXF 1.2 with colours and positions (Gephi).
    Gexf,
    /// Node-link JSON (networkx or D3, see --flavour).
    Json,
    /// Tidy nodes.csv and edges.csv in a folder.
    Csv,
}

/// `--flavour`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Flavour {
    /// networkx node_link_data with "edges".
    Networkx,
    /// D3's nodes and links.
    D3,
}

/// Runs `coopnet export`.
pub fn run(args: &Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let inputs = [args.dataset.as_path()];
    let out = if args.format == Format::Csv {
        let Some(dir) = args.out.as_deref() else {
            return Err(usage(
                "--format csv needs --out DIR (nodes.csv and edges.csv are written there)",
            ));
        };
        Some(out_folder("export --format csv", dir, &inputs, false)?)
    } else {
        out_file(args.out.as_deref(), &inputs)?
    };
    let ds = load(&args.dataset, &args.year, ctx)?;
    let communities = args.communities || args.color_by == ColorByArg::Community;
    let view = build_view(&ds, &args.selection.spec(), communities, &args.overlay, ctx)?;
    let text = match args.format {
        Format::Graphml => graphml::to_graphml(&view),
        Format::Gexf => gexf::to_gexf(&view, args.color_by.into())?,
        Format::Json => to_json(
            &view,
            match args.flavour {
                Flavour::Networkx => JsonFlavour::NetworkX,
                Flavour::D3 => JsonFlavour::D3,
            },
        ),
        Format::Csv => {
            let dir = out.unwrap_or(Path::new("."));
            let files = csv::write_csv_dir(&view, dir)
                .with_context(|| format!("cannot write CSV into {}", dir.display()))?;
            for f in files {
                ctx.note(format!("wrote {}", f.display()));
            }
            return Ok(Outcome::Success);
        }
    };
    write_output(out, text.as_bytes())?;
    if let Some(out) = out {
        ctx.note(format!(
            "wrote {} ({} nodes, {} edges)",
            out.display(),
            view.nodes.len(),
            view.edges.len()
        ));
    }
    Ok(Outcome::Success)
}
