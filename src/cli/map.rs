//! `coopnet map`: a cooperation map as Graphviz DOT, optionally rendered.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context as _;

use super::common::{
    ColorByArg, CommunityArgs, Context, Outcome, OverlayArgs, ProjectionArg, SelectionArgs,
    UsageError, build_view, check_file_out, load, national_clusters, usage, whole_at_least,
    write_output,
};
use coopnet::community::leiden;
use coopnet::export::render::{self, RenderFormat};
use coopnet::export::{DotMap, GeoOptions, GeoProjection, Layout, MapOptions, to_dot};
use coopnet::graph::Projection;
use coopnet::graph::{CooperationGraph, ProjectionSpec, project};

const AFTER_HELP: &str = "\
Examples:
  coopnet map datasets/russia --layout geo --out out/russia.svg
  coopnet map datasets/russia --projection clusters --color-by sector --out out/clusters.dot
  coopnet map datasets/demo --projection participants --render pdf --out out/demo.dot
  coopnet map datasets/demo > demo.dot
  coopnet map datasets/russia --layout geo --render svg      (russia-regions.dot and .svg here)
  coopnet map datasets/russia --suggestions --out out/suggestions.svg
  coopnet map datasets/russia --color-by community --layout geo --out out/communities.svg
  coopnet map datasets/russia --layout shapes --fill clusters --between --out out/clusters.svg
  coopnet map datasets/russia --layout shapes --fill lq --sector 32 --out out/lq32.png
  coopnet map datasets/russia --layout shapes --fill suggestion --rank 5 --out out/nc5.svg

--out FILE.dot writes the DOT map; with --render FORMAT (or an --out ending in .svg,
.png or .pdf) Graphviz also draws it next to the DOT file (map.dot and map.svg);
--render without --out writes DATASET-PROJECTION.dot and the picture here.
Rendering needs Graphviz (apt install graphviz, brew install graphviz, choco install
graphviz, or https://graphviz.org/download/); without it the DOT file is still written.
--layout shapes draws the regions' shapes (DATASET/boundaries.geojson, or --boundaries)
filled by --fill, as SVG written by coopnet itself; PNG and PDF through rsvg-convert
(apt install librsvg2-bin, brew install librsvg).
Colours, layouts, fills, projections and the boundaries format: docs/maps.md.";

/// Arguments of `coopnet map`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The dataset folder.
    pub dataset: PathBuf,
    #[command(flatten)]
    pub year: super::common::YearArg,
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
    /// Layout: shapes draws the regions' shapes filled by --fill (a choropleth,
    /// SVG); geo pins regions at their capitals (neato -n2); sfdp suits large
    /// graphs; dot draws suggestions as a grid of cards; auto picks dot with
    /// --suggestions, sfdp otherwise.
    #[arg(long, value_enum, default_value_t = LayoutArg::Auto)]
    pub layout: LayoutArg,
    /// Map projection of the geo and shapes layouts.
    #[arg(long = "map-projection", value_enum, default_value_t = MapProjectionArg::Albers)]
    pub map_projection: MapProjectionArg,
    /// Choropleth maps (--layout shapes).
    #[command(flatten)]
    pub shapes: ShapesArgs,
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

/// The options of `--layout shapes`.
#[derive(Debug, Clone, clap::Args)]
pub struct ShapesArgs {
    /// With --layout shapes: what fills the regions [default: clusters].
    #[arg(long, value_enum)]
    pub fill: Option<FillArg>,
    /// With --fill suggestion: which suggested national cluster (1 = the strongest).
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub rank: usize,
    /// With --fill indicator: a column of districts.csv.
    #[arg(long, value_name = "COLUMN")]
    pub indicator: Option<String>,
    /// With --layout shapes: the region shapes [default: DATASET/boundaries.geojson].
    #[arg(long, value_name = "FILE")]
    pub boundaries: Option<PathBuf>,
    /// With --layout shapes: the projection's central meridian in degrees east,
    /// instead of the one fitted to the shapes (the meridian halving their area).
    #[arg(
        long = "central-meridian",
        value_name = "DEG",
        allow_hyphen_values = true
    )]
    pub central_meridian: Option<f64>,
    /// With --layout shapes: the two standard parallels, e.g. 52,64, instead of
    /// the fitted ones (a sixth of the area south of the first, a sixth north of the second).
    #[arg(long, value_name = "LAT1,LAT2", allow_hyphen_values = true)]
    pub parallels: Option<String>,
    /// With --layout shapes: draw only the N strongest links between regions
    /// (0: none) [default: 60].
    #[arg(long = "max-links", value_name = "N")]
    pub max_links: Option<usize>,
    /// Leave the region labels out (every name stays in its tooltip).
    #[arg(long = "no-labels")]
    pub no_labels: bool,
}

/// `--fill`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FillArg {
    /// Clusters operating in each region (sequential, viridis).
    Clusters,
    /// Location quotient of the sector given by --sector (diverging around 1).
    Lq,
    /// Communities of the region projection (Leiden; qualitative).
    Community,
    /// The region's district (qualitative).
    District,
    /// The regions of suggestion --rank and the sectors they bring.
    Suggestion,
    /// A district indicator, --indicator COLUMN (sequential).
    Indicator,
}

impl FillArg {
    fn name(self) -> &'static str {
        match self {
            FillArg::Clusters => "clusters",
            FillArg::Lq => "lq",
            FillArg::Community => "community",
            FillArg::District => "district",
            FillArg::Suggestion => "suggestion",
            FillArg::Indicator => "indicator",
        }
    }
}

/// `--layout`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LayoutArg {
    /// dot for small diagrams with suggestions, sfdp otherwise.
    Auto,
    /// Regions at their capitals' coordinates.
    Geo,
    /// Force-directed, for large graphs.
    Sfdp,
    /// Hierarchical; with --suggestions, a grid of cards.
    Dot,
    /// The regions' shapes filled by --fill (a choropleth, SVG).
    Shapes,
}

impl From<LayoutArg> for Layout {
    fn from(l: LayoutArg) -> Self {
        match l {
            LayoutArg::Auto => Layout::Auto,
            LayoutArg::Geo => Layout::Geo,
            LayoutArg::Sfdp => Layout::Sfdp,
            LayoutArg::Dot | LayoutArg::Shapes => Layout::Dot,
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
    if args.layout == LayoutArg::Shapes {
        return run_shapes(args, ctx, out, format);
    }
    if args.shapes.fill.is_some() {
        return Err(usage(
            "--fill draws a choropleth: add --layout shapes (or colour nodes with --color-by)",
        ));
    }
    let ds = load(&args.dataset, &args.year, ctx)?;
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
fn draw(ds: &coopnet::model::Dataset, args: &Args, ctx: &Context) -> anyhow::Result<DotMap> {
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

/// Parses `--parallels 52,64`.
fn parse_parallels(s: &str) -> Result<(f64, f64), UsageError> {
    let parts: Vec<&str> = s.split(',').map(str::trim).collect();
    let bad = || {
        UsageError(format!(
            "--parallels {s:?}: give two latitudes in degrees, comma-separated, e.g. --parallels 52,64"
        ))
    };
    if parts.len() != 2 {
        return Err(bad());
    }
    let a: f64 = parts[0].parse().map_err(|_| bad())?;
    let b: f64 = parts[1].parse().map_err(|_| bad())?;
    if !(a.is_finite() && b.is_finite() && a.abs() < 90.0 && b.abs() < 90.0) || a == -b {
        return Err(UsageError(format!(
            "--parallels {s:?}: latitudes must lie strictly between -90 and 90 and not be \
             symmetric about the equator (the cone would be flat)"
        )));
    }
    Ok((a, b))
}

/// `coopnet map --layout shapes`: a choropleth written as SVG, converted to
/// PNG or PDF by rsvg-convert when asked.
fn run_shapes(
    args: &Args,
    ctx: &Context,
    out: Option<&Path>,
    format: Option<RenderFormat>,
) -> anyhow::Result<Outcome> {
    use coopnet::export::choropleth::{
        ChoroplethOptions, Fill, choropleth_svg, suggestion_arrows, suggestion_regions,
    };
    use coopnet::export::layout::ProjectionOverride;
    let sh = &args.shapes;
    let fill_arg = sh.fill.unwrap_or(FillArg::Clusters);
    if out.is_some_and(|o| o.extension().is_some_and(|e| e.eq_ignore_ascii_case("dot"))) {
        return Err(usage(
            "--layout shapes writes SVG, not DOT: give --out FILE.svg (or .png, .pdf)",
        ));
    }
    if args.selection.projection != ProjectionArg::Regions {
        return Err(usage(
            "--layout shapes draws regions: leave out --projection (or give --projection regions)",
        ));
    }
    if fill_arg == FillArg::Lq && args.selection.sector.is_empty() {
        return Err(usage(
            "--fill lq needs a sector: --sector CODE (e.g. --sector 32)",
        ));
    }
    if fill_arg == FillArg::Indicator && sh.indicator.is_none() {
        return Err(usage(
            "--fill indicator needs a column of districts.csv: --indicator COLUMN",
        ));
    }
    if sh.rank == 0 {
        return Err(usage("--rank counts from 1 (the strongest suggestion)"));
    }
    let parallels = sh.parallels.as_deref().map(parse_parallels).transpose()?;
    let ds = load(&args.dataset, &args.year, ctx)?;
    let boundaries_path = sh
        .boundaries
        .clone()
        .unwrap_or_else(|| args.dataset.join(coopnet::load::boundaries::FILE));
    if !boundaries_path.exists() {
        return Err(usage(format!(
            "--layout shapes needs region shapes, and {} does not exist: put a GeoJSON file of \
             the regions there (docs/maps.md, \"Boundaries\") or give --boundaries FILE",
            boundaries_path.display()
        )));
    }
    let boundaries = coopnet::load::boundaries::read_boundaries(&boundaries_path)
        .with_context(|| format!("cannot read {}", boundaries_path.display()))?;
    let spec = ProjectionSpec {
        projection: Projection::Regions,
        sectors: args.selection.sector.clone(),
        layers: true,
        between_only: args.selection.between,
        ..ProjectionSpec::default()
    };
    let view = build_view(&ds, &spec, false, &args.overlay, ctx)?;
    let config = args.overlay.community.leiden();
    let CommunityArgs { resolution, seed } = args.overlay.community;
    let mut arrows = Vec::new();
    let mut link_regions = None;
    let fill = match fill_arg {
        FillArg::Clusters => Fill::clusters(&ds),
        FillArg::District => Fill::district(&ds),
        FillArg::Lq => Fill::location_quotient(&ds, &args.selection.sector[0])?,
        FillArg::Indicator => Fill::indicator(&ds, sh.indicator.as_deref().unwrap_or_default())?,
        FillArg::Community => {
            let graph = CooperationGraph::new(&ds);
            let projected = project(&graph, &spec).context("cannot project the dataset")?;
            let found = leiden(&projected.graph, &config).context("cannot detect communities")?;
            ctx.note(format!(
                "communities: {} (Leiden, modularity {:.4}, resolution {resolution}, seed {seed})",
                found.count, found.modularity
            ));
            Fill::community(
                &ds,
                &found.membership,
                &format!("Leiden, modularity {:.3}, seed {seed}", found.modularity),
            )
        }
        FillArg::Suggestion => {
            let all = national_clusters(&ds, &config)?;
            let Some(s) = all.get(sh.rank - 1) else {
                return Err(usage(format!(
                    "--rank {}: {} has {} suggested national clusters",
                    sh.rank,
                    ds.name,
                    all.len()
                )));
            };
            ctx.note(format!(
                "suggestion {}: {} ({})",
                s.rank,
                s.region_names.join(", "),
                s.sectors.join(", ")
            ));
            arrows = suggestion_arrows(&ds, s);
            link_regions = Some(suggestion_regions(&ds, s));
            Fill::suggestion(&ds, s)
        }
    };
    let opts = ChoroplethOptions {
        projection: args.map_projection.into(),
        projection_override: ProjectionOverride {
            central_meridian: sh.central_meridian,
            parallels,
        },
        title: args.title.clone(),
        labels: !sh.no_labels,
        max_links: Some(
            sh.max_links
                .unwrap_or(coopnet::export::choropleth::DEFAULT_MAX_LINKS),
        ),
        arrows,
        link_regions,
        boundaries_source: Some(coopnet::export::choropleth::boundaries_source(
            &boundaries_path,
        )),
        ..ChoroplethOptions::default()
    };
    let links = (sh.max_links != Some(0)).then_some(&view);
    let map =
        choropleth_svg(&ds, &boundaries, &fill, links, &opts).context("cannot draw the map")?;
    for w in &map.warnings {
        ctx.note(format!("warning: {w}"));
    }
    // Where the SVG and the picture go.
    let default_out = format
        .filter(|_| out.is_none())
        .map(|_| PathBuf::from(format!("{}-shapes-{}.svg", ds.name, fill_arg.name())));
    let Some(out) = out.or(default_out.as_deref()) else {
        write_output(None, map.svg.as_bytes())?;
        return Ok(Outcome::Success);
    };
    let svg_path = out.with_extension("svg");
    write_output(Some(&svg_path), map.svg.as_bytes())?;
    ctx.note(format!(
        "wrote {} ({} regions, {} of {} links, labels: {} names, {} codes, {} left out; {})",
        svg_path.display(),
        map.regions,
        map.links,
        map.links_total,
        map.labelled,
        map.coded,
        map.unlabelled,
        coopnet::export::choropleth::describe_frame(&map.frame)
    ));
    let Some(format) = format.filter(|f| *f != RenderFormat::Svg) else {
        return Ok(Outcome::Success);
    };
    let picture = out.with_extension(format.name());
    let rendered = coopnet::export::convert::convert_svg(
        &map.svg,
        format,
        &picture,
        200,
        Duration::from_secs(args.timeout.max(1)),
    )
    .with_context(|| {
        format!(
            "cannot draw {} (the SVG map was written to {})",
            picture.display(),
            svg_path.display()
        )
    })?;
    ctx.note(format!(
        "rendered {} with rsvg-convert in {:.2} s ({} KB)",
        rendered.path.display(),
        rendered.elapsed.as_secs_f64(),
        rendered.bytes.div_ceil(1024)
    ));
    Ok(Outcome::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallels_parse() {
        assert_eq!(parse_parallels("52,64").expect("ok"), (52.0, 64.0));
        assert_eq!(parse_parallels(" -10 , 20").expect("ok"), (-10.0, 20.0));
        assert!(parse_parallels("52").is_err());
        assert!(parse_parallels("52,95").is_err());
        assert!(parse_parallels("10,-10").is_err());
        assert!(parse_parallels("a,b").is_err());
    }

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
