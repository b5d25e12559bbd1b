//! Leiden and Louvain on a graph, as the `communities` command runs them.

use std::sync::Arc;

use coopnet::community::{self, Communities, Layer, LeidenConfig, LouvainConfig, Quality};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3_arrow::PyTable;
use serde::Serialize;

use crate::compute;
use crate::dataset::PyGraph;
use crate::tables::{Col, table};

fn quality(name: &str, resolution: f64) -> PyResult<Quality> {
    match name {
        "modularity" => Ok(Quality::Modularity { resolution }),
        "cpm" => Ok(Quality::Cpm { resolution }),
        other => Err(PyValueError::new_err(format!(
            "quality {other:?}: one of modularity, cpm"
        ))),
    }
}

/// The configuration of one algorithm.
enum Config {
    Leiden(LeidenConfig),
    Louvain(LouvainConfig),
}

fn run(
    py: Python<'_>,
    graph: &PyGraph,
    layers: bool,
    config: Config,
    threads: Option<usize>,
) -> PyResult<PyCommunities> {
    if layers && graph.layers.is_empty() {
        return Err(PyValueError::new_err(
            "layers: the graph has no sector layers (project with layers=True; a projection without links has none)",
        ));
    }
    let merged = graph.graph.clone();
    let layer_graphs: Vec<Arc<_>> = if layers {
        graph.layers.iter().map(|(_, g)| g.clone()).collect()
    } else {
        Vec::new()
    };
    let result = compute(py, threads, move || {
        let layers: Vec<Layer<'_>> = layer_graphs
            .iter()
            .map(|g| Layer {
                graph: g,
                weight: 1.0,
            })
            .collect();
        match (config, layers.is_empty()) {
            (Config::Leiden(c), true) => community::leiden(&merged, &c),
            (Config::Leiden(c), false) => community::leiden_multiplex(&layers, &c),
            (Config::Louvain(c), true) => community::louvain(&merged, &c),
            (Config::Louvain(c), false) => community::louvain_multiplex(&layers, &c),
        }
    })?;
    Ok(PyCommunities {
        labels: graph.labels.clone(),
        layers: if layers {
            graph.layers.iter().map(|(s, _)| s.clone()).collect()
        } else {
            Vec::new()
        },
        result,
    })
}

/// Leiden (Traag, Waltman and van Eck 2019) on `graph`.
#[pyfunction]
#[pyo3(signature = (graph, *, layers, resolution, quality_name, seed, max_iterations, tolerance, randomness, threads=None))]
#[allow(clippy::too_many_arguments)]
fn leiden(
    py: Python<'_>,
    graph: &PyGraph,
    layers: bool,
    resolution: f64,
    quality_name: &str,
    seed: u64,
    max_iterations: u32,
    tolerance: f64,
    randomness: f64,
    threads: Option<usize>,
) -> PyResult<PyCommunities> {
    let config = LeidenConfig {
        quality: quality(quality_name, resolution)?,
        seed,
        max_iterations,
        tolerance,
        randomness,
        ..LeidenConfig::default()
    };
    run(py, graph, layers, Config::Leiden(config), threads)
}

/// Louvain (Blondel et al. 2008) on `graph`.
#[pyfunction]
#[pyo3(signature = (graph, *, layers, resolution, quality_name, seed, max_levels, threads=None))]
#[allow(clippy::too_many_arguments)]
fn louvain(
    py: Python<'_>,
    graph: &PyGraph,
    layers: bool,
    resolution: f64,
    quality_name: &str,
    seed: u64,
    max_levels: u32,
    threads: Option<usize>,
) -> PyResult<PyCommunities> {
    let config = LouvainConfig {
        quality: quality(quality_name, resolution)?,
        seed,
        max_levels,
        ..LouvainConfig::default()
    };
    run(py, graph, layers, Config::Louvain(config), threads)
}

/// The library's defaults, for the Python signatures.
#[pyfunction]
fn community_defaults() -> Vec<(&'static str, f64)> {
    let leiden = LeidenConfig::default();
    let louvain = LouvainConfig::default();
    vec![
        ("resolution", community::DEFAULT_RESOLUTION),
        ("seed", community::DEFAULT_SEED as f64),
        ("max_iterations", f64::from(leiden.max_iterations)),
        ("tolerance", leiden.tolerance),
        ("randomness", leiden.randomness),
        ("max_levels", f64::from(louvain.max_levels)),
    ]
}

/// Communities found on a graph.
#[pyclass(frozen, name = "_Communities", module = "coopnet._coopnet")]
pub(crate) struct PyCommunities {
    labels: Arc<Vec<String>>,
    layers: Vec<String>,
    result: Communities,
}

#[derive(Serialize)]
struct Member<'a> {
    node: &'a str,
    community: u32,
}

fn membership_table(labels: &[String], membership: &[u32]) -> PyResult<PyTable> {
    let rows: Vec<Member<'_>> = labels
        .iter()
        .zip(membership)
        .map(|(node, &community)| Member { node, community })
        .collect();
    table(&[("node", Col::Str), ("community", Col::I64)], &rows)
}

#[pymethods]
impl PyCommunities {
    /// `node,community`, as the command line's CSV.
    fn membership(&self) -> PyResult<PyTable> {
        membership_table(&self.labels, &self.result.membership)
    }

    /// The community of each node, in node order.
    fn membership_list(&self) -> Vec<u32> {
        self.result.membership.clone()
    }

    /// The membership at each level, finest first (`node,community` tables).
    fn levels(&self) -> PyResult<Vec<PyTable>> {
        self.result
            .levels
            .iter()
            .map(|l| membership_table(&self.labels, &l.membership))
            .collect()
    }

    /// `(communities, graph nodes moved)` of each level, finest first.
    fn level_counts(&self) -> Vec<(usize, usize)> {
        self.result
            .levels
            .iter()
            .map(|l| (l.count, l.nodes))
            .collect()
    }

    #[getter]
    fn modularity(&self) -> f64 {
        self.result.modularity
    }

    #[getter]
    fn quality(&self) -> f64 {
        self.result.quality
    }

    #[getter]
    fn count(&self) -> usize {
        self.result.count
    }

    #[getter]
    fn sizes(&self) -> Vec<usize> {
        self.result.sizes.clone()
    }

    #[getter]
    fn iterations(&self) -> u32 {
        self.result.iterations
    }

    /// `(sector, quality)` of each layer, for multiplex detection.
    #[getter]
    fn layer_quality(&self) -> Vec<(String, f64)> {
        self.layers
            .iter()
            .cloned()
            .zip(self.result.layer_quality.iter().copied())
            .collect()
    }

    /// Every parameter, as JSON (the `parameters` of the command line's JSON output).
    fn parameters_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.result.parameters)
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// Seconds: local moving, refinement, aggregation, total.
    fn timings(&self) -> (f64, f64, f64, f64) {
        let t = self.result.timings;
        (t.local_moving, t.refinement, t.aggregation, t.total)
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyCommunities>()?;
    m.add_function(wrap_pyfunction!(leiden, m)?)?;
    m.add_function(wrap_pyfunction!(louvain, m)?)?;
    m.add_function(wrap_pyfunction!(community_defaults, m)?)?;
    Ok(())
}
