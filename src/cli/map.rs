//! `coopnet map`: a cooperation map as Graphviz DOT, optionally rendered.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context as _;

use super::common::{
    ColorByArg, Context, Outcome, OverlayArgs, SelectionArgs, build_view, check_file_out, load,
    usage, whole_at_least, write_output,
};
use crate::export::render::{self, RenderFormat};
use crate::export::{DotMap, GeoOptions, GeoProjection, Layout, MapOptions, to_dot};
use crate::graph::Projection;

const AFTER_HELP: &str = "\
Examples:
  coopnet map datasets/russia --layout geo --out out/russia.svg
  coopnet map datasets/russia --projection clusters --color-by sector --out out/clusters.dot
  coopnet map datasets/demo --projection participants --render pdf --out out/demo.dot
  coopnet map datasets/demo > demo.dot
  coopnet map datasets/russia --layout geo --render svg      (russia-regions.dot and .svg here)
  coopnet map datasets/russia --suggestions --out out/suggestions.svg
  coopnet map datasets/russia --color-by community --layout geo --out out/communities.svg

--out FILE.dot writes the DOT map; with --render FORMAT (or an --out ending in .svg,
.png or .pdf) Graphviz also draws it next to the DOT file (map.dot and map.svg);
--render without --out writes DATASET-PROJECTION.dot and the picture here.
Rendering needs Graphviz (apt install graphviz, brew install graphviz, choco install
graphviz, or https://graphviz.org/download/); without it the DOT file is still written.
Colours, layouts and the geographic projection: docs/maps.md.";

/// Arguments of `coopnet map`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The dataset folder.
    pub dataset: PathBuf,
    /// Which nodes and links to draw.
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// What fills the nodes (community: detected with Leiden on this projection).
    #[arg(long = "color-by", value_enum, default_value_t = ColorByArg::District)]
    pub color_by: ColorByArg,
    /// Communities and suggested national clusters.
    #[command(flatten)]
    pub overlay: OverlayArgs,
    /// With --suggestions, draw every node, not only the suggestions' members.
    #[arg(long = "all-nodes")]
    pub all_nodes: bool,
    /// Layout: geo pins regions at their capitals (neato -n2); sfdp suits large
    /// graphs; dot draws groups as boxes; auto picks sfdp here.
    #[arg(long, value_enum, default_value_t = LayoutArg::Auto)]
    pub layout: LayoutArg,
    /// Map projection of the geo layout.
    #[arg(long = "map-projection", value_enum, default_value_t = MapProjectionArg::Albers)]
    pub map_projection: MapProjectionArg,
    /// Also draw the map with Graphviz in this format.
    #[arg(long, value_enum)]
    pub render: Option<RenderArg>,
    /// Time limit for Graphviz, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = render::DEFAULT_TIMEOUT_SECS,
          value_parser = whole_at_least(1u64))]
    pub timeout: u64,
    /// Title shown above the legend (default: dataset, projection and size).
    #[arg(long)]
    pub title: Option<String>,
    /// Write the DOT map here (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// `--layout`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LayoutArg {
    /// dot for small diagrams with groups, sfdp otherwise.
    Auto,
    /// Regions at their capitals' coordinates.
    Geo,
    /// Force-directed, for large graphs.
    Sfdp,
    /// Hierarchical, with groups as boxes.
    Dot,
}

impl From<LayoutArg> for Layout {
    fn from(l: LayoutArg) -> Self {
        match l {
            LayoutArg::Auto => Layout::Auto,
            LayoutArg::Geo => Layout::Geo,
            LayoutArg::Sfdp => Layout::Sfdp,
            LayoutArg::Dot => Layout::Dot,
        }
    }
}

/// `--map-projection`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MapProjectionArg {
    /// Albers equal-area conic fitted to the data.
    Albers,
    /// Longitude and latitude, scaled by the cosine of the middle latitude.
    Equirectangular,
}

impl From<MapProjectionArg> for GeoProjection {
    fn from(p: MapProjectionArg) -> Self {
        match p {
            MapProjectionArg::Albers => GeoProjection::Albers,
            MapProjectionArg::Equirectangular => GeoProjection::Equirectangular,
        }
    }
}

/// `--render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RenderArg {
    /// SVG (tooltips work in a browser).
    Svg,
    /// PNG.
    Png,
    /// PDF.
    Pdf,
}

impl From<RenderArg> for RenderFormat {
    fn from(r: RenderArg) -> Self {
        match r {
            RenderArg::Svg => RenderFormat::Svg,
            RenderArg::Png => RenderFormat::Png,
            RenderArg::Pdf => RenderFormat::Pdf,
        }
    }
}

/// Where the DOT file and the picture go: `(dot, picture)`.
fn destinations(out: &Path, format: RenderFormat) -> (PathBuf, PathBuf) {
    if RenderFormat::from_path(out).is_some() {
        (out.with_extension("dot"), out.with_extension(format.name()))
    } else {
        (out.to_path_buf(), out.with_extension(format.name()))
    }
}

/// Runs `coopnet map`.
pub fn run(args: &Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let out = args.out.as_deref().filter(|p| *p != Path::new("-"));
    let format: Option<RenderFormat> = args
        .render
        .map(RenderFormat::from)
        .or_else(|| out.and_then(RenderFormat::from_path));
    if args.out.as_deref() == Some(Path::new("-")) && format.is_some() {
        return Err(usage(
            "--render needs a file: --out FILE (the DOT file; the picture goes beside it), \
             not --out -, since two files cannot go to standard output",
        ));
    }
    let inputs = [args.dataset.as_path()];
    if let Some(out) = out {
        check_file_out("--out", out, &inputs)?;
    }
    let ds = load(&args.dataset, ctx)?;
    // Rendering without --out: DATASET-PROJECTION.dot and the picture in the current folder.
    let default_out = format.filter(|_| out.is_none()).map(|_| {
        PathBuf::from(format!(
            "{}-{}.dot",
            ds.name,
            Projection::from(args.selection.projection).name()
        ))
    });
    let out = out.or(default_out.as_deref());
    let map = draw(&ds, args, ctx)?;
    let Some(out) = out else {
        write_output(None, map.dot.as_bytes())?;
        return Ok(Outcome::Success);
    };
    let (dot_path, picture) = match format {
        Some(f) => destinations(out, f),
        None => (out.to_path_buf(), out.with_extension("svg")),
    };
    check_file_out("--out", &dot_path, &inputs)?;
    if format.is_some() {
        check_file_out("--out", &picture, &inputs)?;
    }
    write_output(Some(&dot_path), map.dot.as_bytes())?;
    ctx.note(format!(
        "wrote {} ({} nodes, {} edges, layout {})",
        dot_path.display(),
        map.nodes,
        map.edges,
        map.layout.name()
    ));
    let Some(format) = format else {
        ctx.note(format!(
            "draw it with: {}",
            map.engine.command_line(
                "svg",
                &dot_path.display().to_string(),
                &picture.display().to_string()
            )
        ));
        return Ok(Outcome::Success);
    };
    render_picture(&map, format, &dot_path, &picture, args.timeout, ctx)?;
    Ok(Outcome::Success)
}

/// The DOT map of the dataset as the flags ask, its warnings noted.
fn draw(ds: &crate::model::Dataset, args: &Args, ctx: &Context) -> anyhow::Result<DotMap> {
    let communities = args.color_by == ColorByArg::Community;
    let view = build_view(ds, &args.selection.spec(), communities, &args.overlay, ctx)?;
    let view = if args.overlay.suggestions && !args.all_nodes {
        view.grouped_only()
    } else {
        view
    };
    let opts = MapOptions {
        color_by: args.color_by.into(),
        layout: args.layout.into(),
        geo: GeoOptions {
            projection: args.map_projection.into(),
            ..GeoOptions::default()
        },
        title: args.title.clone(),
        ..MapOptions::default()
    };
    let map = to_dot(&view, &opts).context("cannot draw the map")?;
    for w in &map.warnings {
        ctx.note(format!("warning: {w}"));
    }
    Ok(map)
}

/// Draws `map` with Graphviz into `picture`, within `timeout` seconds.
fn render_picture(
    map: &DotMap,
    format: RenderFormat,
    dot_path: &Path,
    picture: &Path,
    timeout: u64,
    ctx: &Context,
) -> anyhow::Result<()> {
    let spinner = ctx.spinner(&format!("drawing with {}", map.engine.program()));
    let rendered = render::render_file(
        &map.dot,
        map.engine,
        format,
        picture,
        Duration::from_secs(timeout),
    );
    spinner.finish_and_clear();
    let rendered = rendered.with_context(|| {
        format!(
            "cannot draw {} (the DOT map was written to {})",
            picture.display(),
            dot_path.display()
        )
    })?;
    for w in &rendered.warnings {
        ctx.note(format!("graphviz: {w}"));
    }
    ctx.note(format!(
        "rendered {} with {} in {:.2} s ({} KB)",
        rendered.path.display(),
        map.engine.program(),
        rendered.elapsed.as_secs_f64(),
        rendered.bytes.div_ceil(1024)
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picture_goes_beside_the_dot_file() {
        let (d, p) = destinations(Path::new("out/map.svg"), RenderFormat::Svg);
        assert_eq!(
            (d.as_path(), p.as_path()),
            (Path::new("out/map.dot"), Path::new("out/map.svg"))
        );
        let (d, p) = destinations(Path::new("out/map.dot"), RenderFormat::Pdf);
        assert_eq!(
            (d.as_path(), p.as_path()),
            (Path::new("out/map.dot"), Path::new("out/map.pdf"))
        );
    }
}
