//! Datasets (read from a folder or built from frames) and their projections.

use std::path::PathBuf;
use std::sync::Arc;

use coopnet::graph::{CooperationGraph, CsrGraph, Projection, ProjectionSpec, project};
use coopnet::load::{Encoding, LoadOptions};
use coopnet::model::Dataset;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use pyo3_arrow::PyTable;
use pyo3_arrow::input::AnyRecordBatch;
use serde::Serialize;

use crate::compute;
use crate::frames::{self, Frame};
use crate::tables::{Col, table};

/// A loaded dataset (immutable; shared by the results computed from it).
#[pyclass(frozen, name = "_Dataset", module = "coopnet._coopnet")]
pub(crate) struct PyDataset {
    pub ds: Arc<Dataset>,
}

/// The readers' options from the package's `encoding=` (a name as the
/// command line's `--encoding` takes it; `None`: detect each file's).
pub(crate) fn load_options(encoding: Option<&str>) -> PyResult<LoadOptions> {
    let encoding = encoding
        .map(|name| {
            Encoding::parse(name).map_err(|e| PyValueError::new_err(format!("encoding {e}")))
        })
        .transpose()?;
    Ok(LoadOptions { encoding })
}

/// Reads the dataset folder `path`, every file in `encoding` when given.
#[pyfunction]
#[pyo3(signature = (path, encoding=None, threads=None))]
fn read_dataset(
    py: Python<'_>,
    path: PathBuf,
    encoding: Option<&str>,
    threads: Option<usize>,
) -> PyResult<PyDataset> {
    let options = load_options(encoding)?;
    let ds = compute(py, threads, || {
        coopnet::load::load_dataset_with(&path, &options)
    })?;
    Ok(PyDataset { ds: Arc::new(ds) })
}

/// The frame `obj` (an object with `__arrow_c_stream__`) called `name`.
pub(crate) fn frame(obj: &Bound<'_, PyAny>, name: &'static str) -> PyResult<Frame> {
    let input: AnyRecordBatch = obj.extract().map_err(|e| {
        PyValueError::new_err(format!(
            "{name}: not a table (give a pandas, polars or pyarrow table, or any object with __arrow_c_stream__): {e}"
        ))
    })?;
    let (batches, schema) = input.into_table()?.into_inner();
    Ok(Frame {
        name,
        schema,
        batches,
    })
}

/// Takes the frames out of `frames` (name -> object with `__arrow_c_stream__`).
fn collect_frames(frames: &Bound<'_, PyDict>) -> PyResult<Vec<Frame>> {
    let mut out = Vec::new();
    for name in frames::NAMES {
        match frames.get_item(name)? {
            Some(obj) if !obj.is_none() => out.push(frame(&obj, name)?),
            _ => {}
        }
    }
    Ok(out)
}

/// Builds a dataset called `name` from frames, checked as the loader checks files.
#[pyfunction]
#[pyo3(signature = (frames, name, threads=None))]
fn dataset_from_frames(
    py: Python<'_>,
    frames: &Bound<'_, PyDict>,
    name: String,
    threads: Option<usize>,
) -> PyResult<PyDataset> {
    let frames = collect_frames(frames)?;
    let ds = compute(py, threads, || frames::load(&frames, &name))?;
    Ok(PyDataset { ds: Arc::new(ds) })
}

/// Writes frames as a dataset folder's CSV files into the existing folder `dir`.
#[pyfunction]
fn write_frames(py: Python<'_>, frames: &Bound<'_, PyDict>, dir: PathBuf) -> PyResult<()> {
    let frames = collect_frames(frames)?;
    compute(py, None, || frames::write_folder(&frames, &dir))
}

#[derive(Serialize)]
struct RegionRow<'a> {
    id: &'a str,
    name: &'a str,
    district: &'a str,
    lat: Option<f64>,
    lon: Option<f64>,
}

#[derive(Serialize)]
struct ClusterRow<'a> {
    id: &'a str,
    name: &'a str,
    sector: &'a str,
    level: &'static str,
    scope: &'static str,
    regions: Vec<&'a str>,
    founded: Option<i64>,
    employees: Option<u64>,
}

#[derive(Serialize)]
struct ParticipantRow<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'a str,
    sector: &'a str,
    region: &'a str,
    clusters: Vec<&'a str>,
    employees: Option<u64>,
}

#[derive(Serialize)]
struct LinkRow<'a> {
    source: &'a str,
    target: &'a str,
    sector: &'a str,
    weight: f64,
    kind: &'a str,
}

#[pymethods]
impl PyDataset {
    #[getter]
    fn name(&self) -> &str {
        &self.ds.name
    }

    /// The folder it was read from (`None` for frames).
    #[getter]
    fn path(&self) -> Option<PathBuf> {
        (!self.ds.path.as_os_str().is_empty()).then(|| self.ds.path.clone())
    }

    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.ds.warnings.clone()
    }

    /// `(file, encoding, delimiter, rows, bytes)` of each file or frame read.
    #[getter]
    fn sources(&self) -> Vec<(String, String, String, usize, usize)> {
        self.ds
            .sources
            .iter()
            .map(|s| {
                (
                    s.file.clone(),
                    s.encoding.clone(),
                    s.delimiter.clone(),
                    s.rows,
                    s.bytes,
                )
            })
            .collect()
    }

    /// Counts: districts, regions, sectors, clusters, participants, links.
    fn counts(&self) -> Vec<(&'static str, usize)> {
        let ds = &self.ds;
        vec![
            ("districts", ds.districts.len()),
            ("regions", ds.regions.len()),
            ("sectors", ds.sectors.len()),
            ("clusters", ds.clusters.len()),
            ("participants", ds.participants.len()),
            ("links", ds.links.len()),
        ]
    }

    fn regions(&self) -> PyResult<PyTable> {
        let ds = &self.ds;
        let rows: Vec<RegionRow<'_>> = ds
            .regions
            .iter()
            .map(|r| RegionRow {
                id: &r.id,
                name: &r.name,
                district: &ds.district(r.district).id,
                lat: r.lat,
                lon: r.lon,
            })
            .collect();
        table(
            &[
                ("id", Col::Str),
                ("name", Col::Str),
                ("district", Col::Str),
                ("lat", Col::F64),
                ("lon", Col::F64),
            ],
            &rows,
        )
    }

    fn clusters(&self) -> PyResult<PyTable> {
        let ds = &self.ds;
        let rows: Vec<ClusterRow<'_>> = ds
            .clusters
            .iter()
            .map(|c| ClusterRow {
                id: &c.id,
                name: &c.name,
                sector: ds.sectors.code(c.sector),
                level: c.level.name(),
                scope: c.scope.name(),
                regions: c
                    .regions
                    .iter()
                    .map(|&r| ds.region(r).id.as_str())
                    .collect(),
                founded: c.founded.map(i64::from),
                employees: c.employees,
            })
            .collect();
        table(
            &[
                ("id", Col::Str),
                ("name", Col::Str),
                ("sector", Col::Str),
                ("level", Col::Str),
                ("scope", Col::Str),
                ("regions", Col::Strs),
                ("founded", Col::I64),
                ("employees", Col::I64),
            ],
            &rows,
        )
    }

    fn participants(&self) -> PyResult<PyTable> {
        let ds = &self.ds;
        let rows: Vec<ParticipantRow<'_>> = ds
            .participants
            .iter()
            .map(|p| ParticipantRow {
                id: &p.id,
                name: &p.name,
                kind: ds.participant_kind(p),
                sector: ds.sectors.code(p.sector),
                region: &ds.region(p.region).id,
                clusters: p
                    .clusters
                    .iter()
                    .map(|&c| ds.cluster(c).id.as_str())
                    .collect(),
                employees: p.employees,
            })
            .collect();
        table(
            &[
                ("id", Col::Str),
                ("name", Col::Str),
                ("kind", Col::Str),
                ("sector", Col::Str),
                ("region", Col::Str),
                ("clusters", Col::Strs),
                ("employees", Col::I64),
            ],
            &rows,
        )
    }

    fn links(&self) -> PyResult<PyTable> {
        let ds = &self.ds;
        let rows: Vec<LinkRow<'_>> = ds
            .links
            .iter()
            .map(|l| LinkRow {
                source: ds.endpoint_id(l.source),
                target: ds.endpoint_id(l.target),
                sector: ds.sectors.code(l.sector),
                weight: l.weight,
                kind: ds.link_kind(l),
            })
            .collect();
        table(
            &[
                ("source", Col::Str),
                ("target", Col::Str),
                ("sector", Col::Str),
                ("weight", Col::F64),
                ("kind", Col::Str),
            ],
            &rows,
        )
    }

    /// The projection `kind` (regions, clusters, participants), keeping links in
    /// `sectors` (all when empty), without links inside a node when `between`,
    /// with one graph per sector when `layers`.
    #[pyo3(signature = (kind, sectors, between, layers, threads=None))]
    fn projection(
        &self,
        py: Python<'_>,
        kind: &str,
        sectors: Vec<String>,
        between: bool,
        layers: bool,
        threads: Option<usize>,
    ) -> PyResult<PyGraph> {
        let projection = Projection::parse(kind).ok_or_else(|| {
            PyValueError::new_err(format!(
                "projection {kind:?}: one of regions, clusters, participants"
            ))
        })?;
        let spec = ProjectionSpec {
            projection,
            sectors,
            layers,
            between_only: between,
            ..ProjectionSpec::default()
        };
        let ds = self.ds.clone();
        let projected = compute(py, threads, move || {
            let graph = CooperationGraph::new(&ds);
            project(&graph, &spec)
        })?;
        Ok(PyGraph {
            kind: projection.name().to_string(),
            between,
            labels: Arc::new(projected.labels),
            graph: Arc::new(projected.graph),
            layers: projected
                .layers
                .into_iter()
                .map(|l| (l.sector, Arc::new(l.graph)))
                .collect(),
            dropped_links: projected.dropped_links,
        })
    }
}

/// A weighted undirected graph with the labels of its nodes: a projection
/// of a dataset, or a graph given as edges.
#[pyclass(frozen, name = "_Graph", module = "coopnet._coopnet")]
pub(crate) struct PyGraph {
    pub kind: String,
    pub between: bool,
    pub labels: Arc<Vec<String>>,
    pub graph: Arc<CsrGraph>,
    pub layers: Vec<(String, Arc<CsrGraph>)>,
    pub dropped_links: usize,
}

#[derive(Serialize)]
struct EdgeRow<'a> {
    source: &'a str,
    target: &'a str,
    weight: f64,
}

#[pymethods]
impl PyGraph {
    /// A graph of `n` nodes (labelled `0` to `n - 1`) and the edges
    /// `sources[i] -- targets[i]` of weight `weights[i]` (parallel edges add up).
    #[staticmethod]
    fn from_edges(
        py: Python<'_>,
        n: usize,
        sources: Vec<u32>,
        targets: Vec<u32>,
        weights: Vec<f64>,
    ) -> PyResult<PyGraph> {
        if sources.len() != targets.len() || sources.len() != weights.len() {
            return Err(PyValueError::new_err(
                "sources, targets and weights must have the same length",
            ));
        }
        if let Some(&bad) = sources.iter().chain(&targets).find(|&&u| u as usize >= n) {
            return Err(PyValueError::new_err(format!(
                "node {bad} is not below the node count {n}"
            )));
        }
        if let Some(w) = weights.iter().find(|w| !(w.is_finite() && **w >= 0.0)) {
            return Err(PyValueError::new_err(format!(
                "edge weight {w}: weights must be finite and >= 0"
            )));
        }
        let graph = py.detach(|| {
            let edges: Vec<(u32, u32, f64)> = sources
                .iter()
                .zip(&targets)
                .zip(&weights)
                .map(|((&u, &v), &w)| (u, v, w))
                .collect();
            CsrGraph::from_edges(n, &edges)
        });
        Ok(PyGraph {
            kind: "edges".to_string(),
            between: false,
            labels: Arc::new((0..n).map(|i| i.to_string()).collect()),
            graph: Arc::new(graph),
            layers: Vec::new(),
            dropped_links: 0,
        })
    }

    #[getter]
    fn kind(&self) -> &str {
        &self.kind
    }

    #[getter]
    fn between(&self) -> bool {
        self.between
    }

    #[getter]
    fn labels(&self) -> Vec<String> {
        self.labels.to_vec()
    }

    #[getter]
    fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    #[getter]
    fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    #[getter]
    fn total_weight(&self) -> f64 {
        self.graph.total_weight()
    }

    #[getter]
    fn dropped_links(&self) -> usize {
        self.dropped_links
    }

    /// The sector of each layer (empty unless asked for).
    #[getter]
    fn layers(&self) -> Vec<String> {
        self.layers.iter().map(|(s, _)| s.clone()).collect()
    }

    /// `source,target,weight`, each edge once.
    fn edges(&self) -> PyResult<PyTable> {
        let labels = &self.labels;
        let rows: Vec<EdgeRow<'_>> = self
            .graph
            .edges()
            .map(|(u, v, w)| EdgeRow {
                source: &labels[u as usize],
                target: &labels[v as usize],
                weight: w,
            })
            .collect();
        table(
            &[
                ("source", Col::Str),
                ("target", Col::Str),
                ("weight", Col::F64),
            ],
            &rows,
        )
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyDataset>()?;
    m.add_class::<PyGraph>()?;
    m.add_function(wrap_pyfunction!(read_dataset, m)?)?;
    m.add_function(wrap_pyfunction!(dataset_from_frames, m)?)?;
    m.add_function(wrap_pyfunction!(write_frames, m)?)?;
    m.add_function(wrap_pyfunction!(crate::tables::table_to_pydict, m)?)?;
    m.add_function(wrap_pyfunction!(crate::tables::table_shape, m)?)?;
    Ok(())
}
