//! The main job: everything for one dataset into one output folder.
//!
//! [`analyze`] loads a dataset and writes, into a staged folder that appears
//! only when complete:
//!
//! | file | what |
//! |---|---|
//! | `report.md`, `report.json` | the descriptive report ([`crate::report`]) |
//! | `dataset.json` | what was loaded: files, encodings, delimiters, counts |
//! | `run.json` | every parameter, the seed, the coopnet version, timings |
//! | `README.md` | an index linking the rest |
//!
//! [`AnalyzeConfig`] holds every parameter, with the defaults the command line
//! and batch manifests share.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;

use crate::batch::Params;
use crate::error::{Error, Result};
use crate::graph::Projection;
use crate::load::load_dataset;
use crate::model::Dataset;
use crate::output::{StagedDir, write_atomic};
use crate::report::{DescriptiveReport, ReportFormat, render};

/// Default seed of every randomised step.
pub const DEFAULT_SEED: u64 = 42;
/// Default resolution of community detection.
pub const DEFAULT_RESOLUTION: f64 = 1.0;

/// Every parameter of the main job.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnalyzeConfig {
    /// Which nodes community detection and the map use.
    pub projection: Projection,
    /// Resolution of community detection (modularity's gamma).
    pub resolution: f64,
    /// Seed of every randomised step.
    pub seed: u64,
}

impl Default for AnalyzeConfig {
    fn default() -> Self {
        AnalyzeConfig {
            projection: Projection::Regions,
            resolution: DEFAULT_RESOLUTION,
            seed: DEFAULT_SEED,
        }
    }
}

/// The parameter names a batch manifest may set, with what each takes.
pub const PARAMETERS: &[(&str, &str)] = &[
    ("projection", "participants, clusters or regions"),
    ("resolution", "a positive number"),
    ("seed", "a whole number >= 0"),
];

impl AnalyzeConfig {
    /// The configuration for a batch parameter set: defaults overridden by `params`.
    pub fn from_params(params: &Params) -> Result<Self> {
        let mut c = AnalyzeConfig::default();
        for (name, value) in params {
            let bad = |what: &str| Error::parameter(name.clone(), format!("{value} is not {what}"));
            match name.as_str() {
                "projection" => {
                    c.projection = value
                        .as_str()
                        .and_then(Projection::parse)
                        .ok_or_else(|| bad(PARAMETERS[0].1))?
                }
                "resolution" => {
                    let r = value
                        .as_float()
                        .or_else(|| value.as_integer().map(|i| i as f64));
                    c.resolution = r
                        .filter(|r| *r > 0.0 && r.is_finite())
                        .ok_or_else(|| bad(PARAMETERS[1].1))?
                }
                "seed" => {
                    c.seed = value
                        .as_integer()
                        .and_then(|i| u64::try_from(i).ok())
                        .ok_or_else(|| bad(PARAMETERS[2].1))?
                }
                _ => {
                    let known: Vec<&str> = PARAMETERS.iter().map(|p| p.0).collect();
                    return Err(Error::parameter(
                        name.clone(),
                        format!(
                            "is not a parameter of analyze (known: {})",
                            known.join(", ")
                        ),
                    ));
                }
            }
        }
        Ok(c)
    }

    /// Files besides the dataset that the configuration reads.
    pub fn extra_inputs(&self) -> Vec<PathBuf> {
        Vec::new()
    }
}

/// A step of the main job, for progress reporting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Step {
    /// Reading the dataset.
    Load,
    /// The descriptive report.
    Report,
    /// Writing the index and committing the folder.
    Finish,
}

impl Step {
    /// All steps in order.
    pub const ALL: [Step; 3] = [Step::Load, Step::Report, Step::Finish];

    /// The step's name.
    pub fn name(self) -> &'static str {
        match self {
            Step::Load => "load",
            Step::Report => "report",
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
    /// Files written, relative to the output folder.
    pub files: Vec<String>,
    /// Headline figures (name, value as text), for batch summaries.
    pub figures: Vec<(String, String)>,
}

/// Runs the main job on the dataset folder `dataset`, writing into `out`
/// (replaced as a whole, only on success). `on_step` is called as each step starts.
pub fn analyze(
    dataset: &Path,
    config: &AnalyzeConfig,
    out: &Path,
    on_step: &(dyn Fn(Step) + Sync),
) -> Result<AnalyzeSummary> {
    let staged = StagedDir::new(out)?;
    let summary = analyze_into(dataset, config, staged.path(), on_step)?;
    staged.commit()?;
    Ok(summary)
}

/// Like [`analyze`], writing into an existing folder `dir` without staging
/// (the batch stages each run itself).
pub fn analyze_into(
    dataset: &Path,
    config: &AnalyzeConfig,
    dir: &Path,
    on_step: &(dyn Fn(Step) + Sync),
) -> Result<AnalyzeSummary> {
    let mut seconds = Vec::new();
    let mut files = Vec::new();
    let mut figures = Vec::new();
    let timed = |step: Step, seconds: &mut Vec<(Step, f64)>, started: Instant| {
        seconds.push((step, started.elapsed().as_secs_f64()));
    };

    on_step(Step::Load);
    let t = Instant::now();
    let ds = load_dataset(dataset)?;
    timed(Step::Load, &mut seconds, t);
    put(dir, "dataset.json", &dataset_json(&ds), &mut files)?;

    on_step(Step::Report);
    let t = Instant::now();
    let report = DescriptiveReport::compute(&ds);
    put(
        dir,
        "report.md",
        &render(&report, ReportFormat::Md),
        &mut files,
    )?;
    put(
        dir,
        "report.json",
        &render(&report, ReportFormat::Json),
        &mut files,
    )?;
    figures.push(("clusters".to_string(), ds.clusters.len().to_string()));
    figures.push((
        "regions_with_clusters".to_string(),
        report.totals.regions_with_clusters.to_string(),
    ));
    timed(Step::Report, &mut seconds, t);

    on_step(Step::Finish);
    let mut summary = AnalyzeSummary {
        dataset: ds.name.clone(),
        config: config.clone(),
        seconds,
        files,
        figures,
    };
    summary.files.push("README.md".to_string());
    summary.files.push("run.json".to_string());
    write_atomic(&dir.join("README.md"), index(&summary).as_bytes())?;
    let run = serde_json::json!({
        "coopnet": env!("CARGO_PKG_VERSION"),
        "dataset": ds.name,
        "dataset_path": dataset.display().to_string(),
        "parameters": config,
        "seed": config.seed,
        "seconds": summary.seconds.iter().map(|(s, t)| (s.name(), t)).collect::<std::collections::BTreeMap<_, _>>(),
        "files": summary.files,
    });
    write_atomic(
        &dir.join("run.json"),
        (serde_json::to_string_pretty(&run).unwrap_or_default() + "\n").as_bytes(),
    )?;
    Ok(summary)
}

fn put(dir: &Path, name: &str, content: &str, files: &mut Vec<String>) -> Result<()> {
    write_atomic(&dir.join(name), content.as_bytes())?;
    files.push(name.to_string());
    Ok(())
}

fn dataset_json(ds: &Dataset) -> String {
    let v = serde_json::json!({
        "dataset": ds.name,
        "files": ds.sources,
        "districts": ds.districts.len(),
        "regions": ds.regions.len(),
        "sectors": ds.sectors.len(),
        "clusters": ds.clusters.len(),
        "participants": ds.participants.len(),
        "links": ds.links.len(),
        "warnings": ds.warnings,
    });
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}

fn index(s: &AnalyzeSummary) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# coopnet analysis: {}\n", s.dataset);
    let _ = writeln!(
        o,
        "Parameters: projection {}, resolution {}, seed {} (all in [run.json](run.json)).\n",
        s.config.projection.name(),
        s.config.resolution,
        s.config.seed
    );
    let _ = writeln!(o, "| file | what |");
    let _ = writeln!(o, "|---|---|");
    for f in &s.files {
        let what = match f.as_str() {
            "report.md" => {
                "the descriptive report: clusters by district and level, specialisations, correlations"
            }
            "report.json" => "the same report as JSON",
            "dataset.json" => "what was loaded: files, encodings, delimiters, counts",
            "run.json" => "every parameter, the seed, the version and the time per step",
            "README.md" => "this index",
            _ => "",
        };
        let _ = writeln!(o, "| [{f}]({f}) | {what} |");
    }
    o
}

/// Runs [`analyze_into`] for each run of a batch.
#[derive(Debug, Default)]
pub struct AnalyzeRunner;

impl crate::batch::Runner for AnalyzeRunner {
    fn check(&self, params: &Params) -> Result<()> {
        AnalyzeConfig::from_params(params).map(|_| ())
    }

    fn extra_inputs(&self, params: &Params) -> Vec<PathBuf> {
        AnalyzeConfig::from_params(params)
            .map(|c| c.extra_inputs())
            .unwrap_or_default()
    }

    fn run(&self, dataset: &Path, params: &Params, out: &Path) -> Result<crate::batch::Metrics> {
        let config = AnalyzeConfig::from_params(params)?;
        let summary = analyze_into(dataset, &config, out, &|_| {})?;
        Ok(summary.figures.into_iter().collect())
    }
}
