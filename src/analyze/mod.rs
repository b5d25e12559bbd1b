//! The main job: everything for one dataset into one output folder.
//!
//! [`analyze`] loads a dataset and writes, into a staged folder that appears
//! only when complete (see [`Step`] for the order):
//!
//! | file | what |
//! |---|---|
//! | `README.md` | an index linking the rest, with the headline figures |
//! | `index.html` | the index as one self-contained web page: the tables, maps and suggestions ([`crate::export::html`]) |
//! | `run.json` | every parameter, the seed, the coopnet version, seconds per step |
//! | `dataset.json` | what was loaded: files, encodings, delimiters, counts |
//! | `report.md`, `report.json` | the descriptive report ([`crate::report`]) |
//! | `communities.csv`, `communities.json` | Leiden communities of the chosen projection |
//! | `specialisation.csv`, `regions.csv` | location quotients; Herfindahl, Krugman, entropy per region |
//! | `relatedness.csv`, `density.csv` | sector relatedness (EconGeo `prob`) and relatedness density |
//! | `dynamics.md`, `dynamics.json` | with years: growth, entry and exit of specialisations and the back-tests, as `coopnet dynamics` |
//! | `suggestions.md`, `suggestions.json` | ranked national-cluster suggestions |
//! | `evaluation.csv` | where each existing inter-regional cluster and each expected pairing (`expected_pairings.csv` in the dataset) ranks, or what kept it out |
//! | `markets.md`, `markets.csv`, `markets.json` | with `nti_markets.csv` in the dataset: the clusters each market should cooperate with ([`crate::suggest::markets`]) |
//! | `map.dot` (+ `map.svg`) | the geographic cooperation map of regions |
//! | `suggestions.dot` (+ `suggestions.svg`) | the top suggestions as a diagram of regions |
//! | `network.graphml`, `network.gexf`, `network.json` | the projection with communities, for Gephi and networkx |
//!
//! SVG files are drawn when Graphviz is installed; without it the DOT files
//! are still written and the index says how to draw them. Every file is
//! written by [`crate::export`]; this module computes and orders.
//!
//! [`AnalyzeConfig`] holds every parameter, with the defaults the command line
//! and batch manifests share; it is read from a manifest with serde.

mod job;
mod provenance;
mod steps;

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::community::{self, LeidenConfig};
use crate::error::{Error, Result};
use crate::graph::Projection;
use crate::output::{StagedDir, check_not_input};

/// Default seed of every randomised step.
pub const DEFAULT_SEED: u64 = community::DEFAULT_SEED;
/// Default resolution of community detection.
pub const DEFAULT_RESOLUTION: f64 = community::DEFAULT_RESOLUTION;
/// Default number of suggestions listed first and drawn in the diagram: as
/// many as `coopnet suggest` lists ([`crate::export::suggestions::DEFAULT_TOP`]).
pub const DEFAULT_TOP: usize = crate::export::suggestions::DEFAULT_TOP;
/// Projections with more nodes than this are not exported as GraphML, GEXF
/// and JSON by the main job (Gephi and networkx struggle well before that;
/// `coopnet export` still writes them on request).
pub const MAX_EXPORT_NODES: usize = 200_000;
/// Time limit for drawing one picture with Graphviz.
pub const RENDER_TIMEOUT: Duration = Duration::from_secs(120);

/// Every parameter of the main job. In a batch manifest each is a key of
/// `[parameters]` (unknown keys are refused); on the command line, a flag of
/// `coopnet analyze`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AnalyzeConfig {
    /// Which nodes community detection and the exports use.
    #[serde(
        serialize_with = "projection_name",
        deserialize_with = "parse_projection"
    )]
    pub projection: Projection,
    /// Leave out cooperation inside one node (see
    /// [`crate::graph::ProjectionSpec::between_only`]): communities of how
    /// regions (or clusters, organisations) cooperate with each other.
    pub between: bool,
    /// Resolution of community detection (modularity's gamma), for the
    /// projection and for the specialisation graph of the suggestions.
    pub resolution: f64,
    /// Seed of every randomised step.
    pub seed: u64,
    /// A value-chain table (`from,to,weight,rationale`); default: the curated one
    /// bundled with coopnet, as for `coopnet suggest` and `coopnet map`. A
    /// dataset's own `value_chain.csv` is used only when named here.
    pub value_chain: Option<PathBuf>,
    /// Suggestions listed first in `suggestions.md` and drawn in the diagram.
    pub top: usize,
    /// Draw SVG pictures when Graphviz is installed.
    pub render: bool,
    /// The year of the dataset's network (`--year`; see
    /// [`crate::model::years`]); default: the latest year it has.
    pub year: Option<i32>,
    /// Read every file in this encoding instead of detecting it (`--encoding`,
    /// a name such as `windows-1251`); default: detected file by file.
    pub encoding: Option<crate::load::Encoding>,
}

impl Default for AnalyzeConfig {
    fn default() -> Self {
        AnalyzeConfig {
            projection: Projection::Regions,
            between: false,
            resolution: DEFAULT_RESOLUTION,
            seed: DEFAULT_SEED,
            value_chain: None,
            top: DEFAULT_TOP,
            render: true,
            year: None,
            encoding: None,
        }
    }
}

fn projection_name<S: Serializer>(p: &Projection, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(p.name())
}

fn parse_projection<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Projection, D::Error> {
    let name = String::deserialize(d)?;
    Projection::parse(&name).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "{name:?} is not a projection; one of participants, clusters, regions"
        ))
    })
}

impl AnalyzeConfig {
    /// Checks the values serde cannot: a finite resolution above 0, `top` at least 1.
    ///
    /// # Errors
    ///
    /// [`Error::Parameter`] naming the parameter as a manifest does
    /// (`resolution`); the command line checks its flags before.
    pub fn validate(&self) -> Result<()> {
        if !(self.resolution.is_finite() && self.resolution > 0.0) {
            return Err(Error::parameter(
                "resolution",
                format!("{} is not a number above 0", self.resolution),
            ));
        }
        if self.top == 0 {
            return Err(Error::parameter("top", "must be 1 or more"));
        }
        let years = crate::load::panel::YEARS;
        if let Some(y) = self.year.filter(|y| !years.contains(y)) {
            return Err(Error::parameter(
                "year",
                format!(
                    "{y} is not a year from {} to {}",
                    years.start(),
                    years.end()
                ),
            ));
        }
        Ok(())
    }

    /// Files besides the dataset that the configuration reads.
    pub fn extra_inputs(&self) -> Vec<PathBuf> {
        self.value_chain.iter().cloned().collect()
    }

    fn leiden(&self) -> LeidenConfig {
        LeidenConfig::modularity(self.resolution, self.seed)
    }
}

/// A step of the main job, for progress reporting and timings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Step {
    /// Reading the dataset.
    Load,
    /// The descriptive report.
    Report,
    /// Community detection on the projection.
    Communities,
    /// Specialisation and relatedness.
    Specialisation,
    /// Growth, entry and exit, back-tests (datasets with years).
    Dynamics,
    /// National-cluster suggestions.
    Suggestions,
    /// The clusters for each market (datasets with `nti_markets.csv`).
    Markets,
    /// Maps (DOT, and SVG with Graphviz).
    Maps,
    /// GraphML, GEXF and JSON.
    Exports,
    /// The index and the run record.
    Finish,
}

impl Step {
    /// All steps in order.
    pub const ALL: [Step; 10] = [
        Step::Load,
        Step::Report,
        Step::Communities,
        Step::Specialisation,
        Step::Dynamics,
        Step::Suggestions,
        Step::Markets,
        Step::Maps,
        Step::Exports,
        Step::Finish,
    ];

    /// The step's name.
    pub fn name(self) -> &'static str {
        match self {
            Step::Load => "load",
            Step::Report => "report",
            Step::Communities => "communities",
            Step::Specialisation => "specialisation",
            Step::Dynamics => "dynamics",
            Step::Suggestions => "suggestions",
            Step::Markets => "markets",
            Step::Maps => "maps",
            Step::Exports => "exports",
            Step::Finish => "finish",
        }
    }
}

/// What the main job did, for summaries.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnalyzeSummary {
    /// The dataset's name.
    pub dataset: String,
    /// Every parameter used.
    pub config: AnalyzeConfig,
    /// Seconds per step.
    pub seconds: Vec<(Step, f64)>,
    /// Files written, relative to the output folder, with what each holds.
    pub files: Vec<(String, String)>,
    /// Headline figures (name, value as text), for the index and batch summaries.
    pub figures: Vec<(String, String)>,
    /// The headlines in words, first in the index: both region partitions,
    /// each saying which it is.
    pub headlines: Vec<String>,
    /// What each result rests on: `(result files, the rows behind them by provenance)`.
    pub bases: Vec<(String, String)>,
    /// Things the user should know (a picture not drawn, an export skipped).
    pub notes: Vec<String>,
}

/// The files an analysis of `dataset` with `config` reads.
pub fn inputs(dataset: &Path, config: &AnalyzeConfig) -> Vec<PathBuf> {
    let mut all = vec![dataset.to_path_buf()];
    all.extend(config.extra_inputs());
    all
}

/// Runs the main job on the dataset folder `dataset`, writing into `out`
/// (replaced as a whole, only on success). `on_step` is called as each step starts.
///
/// # Errors
///
/// [`Error::Parameter`] for a bad parameter, or an `out` that is or holds an
/// input or lies inside one (nothing is read or written then); any error of
/// loading, computing or writing, with nothing left behind.
pub fn analyze(
    dataset: &Path,
    config: &AnalyzeConfig,
    out: &Path,
    on_step: &(dyn Fn(Step) + Sync),
) -> Result<AnalyzeSummary> {
    config.validate()?;
    let inputs = inputs(dataset, config);
    let inputs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    check_not_input("out", out, true, &inputs)?;
    let staged = StagedDir::new(out)?;
    let summary = analyze_into(dataset, config, staged.path(), on_step)?;
    staged.commit()?;
    Ok(summary)
}

/// Like [`analyze`], writing into an existing folder `dir` without staging
/// or checks (the batch stages and checks each run itself).
///
/// # Errors
///
/// Any error of loading, computing or writing.
pub fn analyze_into(
    dataset: &Path,
    config: &AnalyzeConfig,
    dir: &Path,
    on_step: &(dyn Fn(Step) + Sync),
) -> Result<AnalyzeSummary> {
    let mut job = job::Job::new(dir, config, on_step);
    job.start(Step::Load);
    let loaded = steps::load(&mut job, dataset, config)?;
    job.start(Step::Report);
    steps::report(&mut job, &loaded.ds)?;
    job.start(Step::Communities);
    let graphs = steps::communities(&mut job, dataset, &loaded.ds, config)?;
    job.start(Step::Specialisation);
    steps::specialisations(&mut job, &loaded.ds)?;
    job.start(Step::Dynamics);
    steps::dynamics(&mut job, &loaded.ds)?;
    job.start(Step::Suggestions);
    let suggested = steps::suggestions(&mut job, &loaded, config)?;
    job.start(Step::Markets);
    steps::markets(&mut job, dataset, &loaded.ds, config)?;
    job.start(Step::Maps);
    steps::maps(&mut job, &loaded.ds, &graphs, &suggested, config)?;
    job.start(Step::Exports);
    steps::exports(&mut job, &loaded.ds, &graphs, config)?;
    job.start(Step::Finish);
    job.finish(dataset, &loaded.ds)
}
