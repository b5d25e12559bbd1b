//! National-cluster suggestions, as the `suggest` command makes them, and
//! the main job (`analyze`).

use std::path::PathBuf;

use coopnet::analyze::{AnalyzeConfig, analyze as run_analyze};
use coopnet::community::{LeidenConfig, Quality};
use coopnet::economics::ValueChain;
use coopnet::economics::significance::SignificanceOptions;
use coopnet::export::suggestions::{self as render, RenderOptions};
use coopnet::graph::Projection;
use coopnet::load::LoadOptions;
use coopnet::suggest::{
    AnchorLimits, CompactConfig, DistanceScale, EvidenceConfig, SuggestConfig, SuggestOptions,
    SuggestReport, Ties, suggest as run_suggest,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3_arrow::PyTable;
use serde::Serialize;

use crate::compute;
use crate::dataset::{PyDataset, load_options};
use crate::measures::matrix_options;
use crate::tables::{Col, table};

/// Where the value chain comes from.
enum ChainSource {
    /// The curated default (`datasets/value_chain.csv`).
    Curated,
    /// A `from,to,weight,rationale` table.
    Table(PathBuf),
    /// An input-output table (OECD or a square matrix), with the smallest
    /// supply linkage kept.
    IoTable(PathBuf, f64),
}

/// The value chain and its name in the report, read as `coopnet suggest`
/// reads `--value-chain` and `--io-table`.
fn value_chain(
    source: &ChainSource,
    options: &LoadOptions,
) -> coopnet::Result<(ValueChain, String)> {
    match source {
        ChainSource::Curated => Ok((
            coopnet::load::value_chain::curated()?,
            "curated (datasets/value_chain.csv)".to_string(),
        )),
        ChainSource::Table(path) => Ok((
            coopnet::load::value_chain::read(path, options)?,
            path.display().to_string(),
        )),
        ChainSource::IoTable(path, threshold) => {
            let table = coopnet::load::io_table::read_oecd_or_square(path, options)?;
            Ok((
                ValueChain::from_io_table(&table, *threshold)?,
                path.display().to_string(),
            ))
        }
    }
}

/// National-cluster suggestions with their evidence.
#[pyclass(frozen, name = "_Suggestions", module = "coopnet._coopnet")]
struct PySuggestions {
    report: SuggestReport,
    render: RenderOptions,
}

#[derive(Serialize)]
struct SuggestionRow<'a> {
    rank: usize,
    kind: &'static str,
    ties: &'static str,
    rank_in_ties: usize,
    score: f64,
    internal_weight: f64,
    value_chain_share: f64,
    cohesion: f64,
    regions: &'a [String],
    region_names: &'a [String],
    districts: &'a [String],
    sectors: &'a [String],
    sector_names: &'a [String],
    anchors: Vec<&'a str>,
    explanation: Vec<&'a str>,
}

#[derive(Serialize)]
struct EvidenceRow<'a> {
    rank: usize,
    kind: &'static str,
    supplier_region: &'a str,
    supplier_sector: &'a str,
    buyer_region: &'a str,
    buyer_sector: &'a str,
    value_chain_weight: f64,
    edge_weight: f64,
    rationale: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
struct MemberRow<'a> {
    rank: usize,
    region: &'a str,
    sector: &'a str,
    lq: f64,
    strength: f64,
}

#[derive(Serialize)]
struct AnchorRow<'a> {
    rank: usize,
    kind: &'static str,
    id: &'a str,
    name: &'a str,
    regions: &'a [String],
    sector: &'a str,
    employees: Option<u64>,
}

#[pymethods]
impl PySuggestions {
    /// One row per suggestion (the first `top`), the columns of the command line's CSV.
    fn table(&self) -> PyResult<PyTable> {
        let rows: Vec<SuggestionRow<'_>> = self
            .report
            .suggestions
            .iter()
            .take(self.render.top)
            .map(|s| SuggestionRow {
                rank: s.rank,
                kind: s.kind.name(),
                ties: s.ties.name(),
                rank_in_ties: s.rank_in_ties,
                score: s.score,
                internal_weight: s.internal_weight,
                value_chain_share: s.value_chain_share,
                cohesion: s.cohesion,
                regions: &s.regions,
                region_names: &s.region_names,
                districts: &s.districts,
                sectors: &s.sectors,
                sector_names: &s.sector_names,
                anchors: s.anchors.iter().map(|a| a.id.as_str()).collect(),
                explanation: s.explanation.iter().map(|e| e.text.as_str()).collect(),
            })
            .collect();
        table(
            &[
                ("rank", Col::I64),
                ("kind", Col::Str),
                ("ties", Col::Str),
                ("rank_in_ties", Col::I64),
                ("score", Col::F64),
                ("internal_weight", Col::F64),
                ("value_chain_share", Col::F64),
                ("cohesion", Col::F64),
                ("regions", Col::Strs),
                ("region_names", Col::Strs),
                ("districts", Col::Strs),
                ("sectors", Col::Strs),
                ("sector_names", Col::Strs),
                ("anchors", Col::Strs),
                ("explanation", Col::Strs),
            ],
            &rows,
        )
    }

    /// The links that explain each suggestion, one row per link.
    fn evidence(&self) -> PyResult<PyTable> {
        let rows: Vec<EvidenceRow<'_>> = self
            .report
            .suggestions
            .iter()
            .take(self.render.top)
            .flat_map(|s| {
                s.explanation.iter().map(move |e| EvidenceRow {
                    rank: s.rank,
                    kind: match e.kind {
                        coopnet::suggest::LinkKind::ValueChain => "value-chain",
                        coopnet::suggest::LinkKind::Sectoral => "sectoral",
                    },
                    supplier_region: &e.supplier_region,
                    supplier_sector: &e.supplier_sector,
                    buyer_region: &e.buyer_region,
                    buyer_sector: &e.buyer_sector,
                    value_chain_weight: e.value_chain_weight,
                    edge_weight: e.edge_weight,
                    rationale: &e.rationale,
                    text: &e.text,
                })
            })
            .collect();
        table(
            &[
                ("rank", Col::I64),
                ("kind", Col::Str),
                ("supplier_region", Col::Str),
                ("supplier_sector", Col::Str),
                ("buyer_region", Col::Str),
                ("buyer_sector", Col::Str),
                ("value_chain_weight", Col::F64),
                ("edge_weight", Col::F64),
                ("rationale", Col::Str),
                ("text", Col::Str),
            ],
            &rows,
        )
    }

    /// The regional specialisations each suggestion joins.
    fn members(&self) -> PyResult<PyTable> {
        let rows: Vec<MemberRow<'_>> = self
            .report
            .suggestions
            .iter()
            .take(self.render.top)
            .flat_map(|s| {
                s.members.iter().map(move |m| MemberRow {
                    rank: s.rank,
                    region: &m.region,
                    sector: &m.sector,
                    lq: m.lq,
                    strength: m.strength,
                })
            })
            .collect();
        table(
            &[
                ("rank", Col::I64),
                ("region", Col::Str),
                ("sector", Col::Str),
                ("lq", Col::F64),
                ("strength", Col::F64),
            ],
            &rows,
        )
    }

    /// The existing clusters and organisations each suggestion builds on.
    fn anchors(&self) -> PyResult<PyTable> {
        let rows: Vec<AnchorRow<'_>> = self
            .report
            .suggestions
            .iter()
            .take(self.render.top)
            .flat_map(|s| {
                s.anchors.iter().map(move |a| AnchorRow {
                    rank: s.rank,
                    kind: a.kind,
                    id: &a.id,
                    name: &a.name,
                    regions: &a.regions,
                    sector: &a.sector,
                    employees: a.employees,
                })
            })
            .collect();
        table(
            &[
                ("rank", Col::I64),
                ("kind", Col::Str),
                ("id", Col::Str),
                ("name", Col::Str),
                ("regions", Col::Strs),
                ("sector", Col::Str),
                ("employees", Col::I64),
            ],
            &rows,
        )
    }

    /// The report as the command line writes it: `md`, `csv` or `json`.
    fn render(&self, format: &str) -> PyResult<String> {
        match format {
            "md" => Ok(render::markdown(&self.report, &self.render)),
            "csv" => Ok(render::csv(&self.report, &self.render)),
            "json" => render::json(&self.report, &self.render)
                .map_err(|e| Python::attach(|py| crate::errors::to_py(py, e))),
            other => Err(PyValueError::new_err(format!(
                "format {other:?}: one of md, csv, json"
            ))),
        }
    }

    /// Suggestions found (before `top`).
    #[getter]
    fn total(&self) -> usize {
        self.report.suggestions.len()
    }

    #[getter]
    fn top(&self) -> usize {
        self.render.top
    }

    #[getter]
    fn seed(&self) -> u64 {
        self.report.seed
    }

    #[getter]
    fn modularity(&self) -> f64 {
        self.report.modularity
    }

    #[getter]
    fn value_chain(&self) -> &str {
        &self.render.value_chain
    }
}

/// Suggests national clusters in `dataset` (the options of `coopnet suggest`).
#[pyfunction]
#[pyo3(signature = (dataset, *, top, measure, level, threshold, intersectoral_weight,
    sectoral_weight, max_partners, resolution, seed, max_regions, max_clusters,
    max_organisations, innovation_weight, value_chain, io_table, io_threshold, encoding,
    link_boost, distance_scale, distances, ties, min_size, min_share, fdr, significance,
    threads=None))]
#[allow(clippy::too_many_arguments)]
fn suggest(
    py: Python<'_>,
    dataset: &PyDataset,
    top: usize,
    measure: &str,
    level: &str,
    threshold: f64,
    intersectoral_weight: f64,
    sectoral_weight: f64,
    max_partners: usize,
    resolution: f64,
    seed: u64,
    max_regions: usize,
    max_clusters: usize,
    max_organisations: usize,
    innovation_weight: f64,
    value_chain: Option<PathBuf>,
    io_table: Option<PathBuf>,
    io_threshold: f64,
    encoding: Option<&str>,
    link_boost: f64,
    distance_scale: Option<f64>,
    distances: Option<PathBuf>,
    ties: &str,
    min_size: Option<f64>,
    min_share: f64,
    fdr: f64,
    significance: bool,
    threads: Option<usize>,
) -> PyResult<PySuggestions> {
    let m = matrix_options(measure, level, threshold)?;
    let ties = match ties {
        "all" => None,
        "existing" => Some(Ties::Existing),
        "new" => Some(Ties::New),
        other => {
            return Err(crate::errors::to_py(
                py,
                coopnet::Error::parameter(
                    "ties",
                    format!(
                        "{other:?} is not one of \"existing\" (suggestions whose regions already \
                         cooperate), \"new\" (those proposing new ties), \"all\""
                    ),
                ),
            ));
        }
    };
    let chain = match (value_chain, io_table) {
        (Some(_), Some(_)) => {
            return Err(PyValueError::new_err(
                "value_chain and io_table each give the value chain: give one of them",
            ));
        }
        (Some(path), None) => ChainSource::Table(path),
        (None, Some(path)) => ChainSource::IoTable(path, io_threshold),
        (None, None) => ChainSource::Curated,
    };
    let load = load_options(encoding)?;
    let options = SuggestOptions {
        measure: m.measure,
        level: m.level,
        graph: SuggestConfig {
            threshold: m.threshold,
            intersectoral_weight,
            sectoral_weight,
            max_partners,
            require_significance: significance,
        },
        significance: SignificanceOptions {
            min_size,
            min_share,
            fdr,
        },
        leiden: LeidenConfig {
            quality: Quality::Modularity { resolution },
            seed,
            record_levels: false,
            ..LeidenConfig::default()
        },
        compact: CompactConfig {
            max_regions,
            ..CompactConfig::default()
        },
        anchors: AnchorLimits {
            clusters: max_clusters,
            organisations: max_organisations,
        },
        innovation_weight,
        evidence: EvidenceConfig {
            link_boost,
            // as `--distance-scale`: none given is the median distance, 0 no decay
            distance_scale: match distance_scale {
                None => DistanceScale::Median,
                Some(0.0) => DistanceScale::Off,
                Some(d) => DistanceScale::Fixed(d),
            },
        },
        distances: None,
        undirected_chain: false,
        expected: Vec::new(),
    };
    let ds = dataset.ds.clone();
    let (report, chain_name) = compute(py, threads, move || {
        let (chain, name) = self::value_chain(&chain, &load)?;
        // `distances`, else the dataset folder's distances.csv when it has
        // one, as the command reads `--distances`.
        let mut options = options;
        let in_folder = ds.path.join(coopnet::load::distances::FILE);
        let file = distances.or_else(|| in_folder.is_file().then_some(in_folder));
        let ids: Vec<&str> = ds.regions.iter().map(|r| r.id.as_str()).collect();
        if let Some(file) = file {
            options.distances = Some(coopnet::load::distances::read(&file, &load, &ids)?);
        }
        // the folder's expected pairings, evaluated as the command does
        let pairings = ds.path.join(coopnet::load::pairings::FILE);
        if pairings.is_file() {
            options.expected = coopnet::load::pairings::read(&pairings, &load, &ids)?;
        }
        let mut report = run_suggest(&ds, &chain, &options)?;
        if let Some(ties) = ties {
            report.keep_ties(ties);
        }
        Ok((report, name))
    })?;
    Ok(PySuggestions {
        report,
        render: RenderOptions {
            top,
            value_chain: chain_name,
        },
    })
}

/// Runs the main job on the dataset folder `dataset` into `out`; returns the
/// files written (name, what it holds), the headline figures and the notes.
#[pyfunction]
#[pyo3(signature = (dataset, out, *, projection, between, resolution, seed, value_chain, top, render, year=None, encoding=None, threads=None))]
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
fn analyze(
    py: Python<'_>,
    dataset: PathBuf,
    out: PathBuf,
    projection: &str,
    between: bool,
    resolution: f64,
    seed: u64,
    value_chain: Option<PathBuf>,
    top: usize,
    render: bool,
    year: Option<i32>,
    encoding: Option<&str>,
    threads: Option<usize>,
) -> PyResult<(Vec<(String, String)>, Vec<(String, String)>, Vec<String>)> {
    let encoding = load_options(encoding)?.encoding;
    let projection = Projection::parse(projection).ok_or_else(|| {
        PyValueError::new_err(format!(
            "projection {projection:?}: one of regions, clusters, participants"
        ))
    })?;
    let config = AnalyzeConfig {
        projection,
        between,
        resolution,
        seed,
        value_chain,
        top,
        render,
        year,
        encoding,
    };
    let summary = compute(py, threads, move || {
        run_analyze(&dataset, &config, &out, &|_| {})
    })?;
    Ok((summary.files, summary.figures, summary.notes))
}

/// The command line's defaults of `suggest` and `analyze`, for the Python signatures.
#[pyfunction]
fn suggest_defaults() -> Vec<(&'static str, f64)> {
    use coopnet::suggest as s;
    vec![
        ("top", render::DEFAULT_TOP as f64),
        ("threshold", s::DEFAULT_THRESHOLD),
        ("intersectoral_weight", s::DEFAULT_INTERSECTORAL_WEIGHT),
        ("sectoral_weight", s::DEFAULT_SECTORAL_WEIGHT),
        ("max_partners", s::DEFAULT_MAX_PARTNERS as f64),
        ("max_regions", s::DEFAULT_MAX_REGIONS as f64),
        ("max_clusters", s::DEFAULT_MAX_CLUSTERS as f64),
        ("max_organisations", s::DEFAULT_MAX_ORGANISATIONS as f64),
        ("innovation_weight", s::DEFAULT_INNOVATION_WEIGHT),
        ("link_boost", s::DEFAULT_LINK_BOOST),
        (
            "min_share",
            coopnet::economics::significance::DEFAULT_MIN_SHARE,
        ),
        ("fdr", coopnet::economics::significance::DEFAULT_FDR),
        (
            "io_threshold",
            coopnet::economics::value_chain::DEFAULT_IO_THRESHOLD,
        ),
        ("analyze_top", coopnet::analyze::DEFAULT_TOP as f64),
    ]
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PySuggestions>()?;
    m.add_function(wrap_pyfunction!(suggest, m)?)?;
    m.add_function(wrap_pyfunction!(analyze, m)?)?;
    m.add_function(wrap_pyfunction!(suggest_defaults, m)?)?;
    Ok(())
}
