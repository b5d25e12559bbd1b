//! Batch runs: every dataset of a manifest times every parameter set, in
//! parallel, each failure isolated, resumable.
//!
//! A run's folder is `OUT/<dataset>/<parameters>`. It is written through a
//! staging folder and appears only when complete, with a `batch-run.json`
//! holding the run's **key** (a hash of the coopnet version, the parameters,
//! and the bytes of every input file) and a checksum of every file the run
//! wrote. A later batch skips a run whose folder holds a `batch-run.json` with
//! the same key and whose files all still have their checksums, so an
//! interrupted batch resumes where it stopped, changing a dataset or a
//! parameter redoes only what it affects, and a run whose files were changed
//! or removed since is redone, saying which. After the runs, `OUT/summary.csv`,
//! `OUT/summary.md` and `OUT/summary.html` compare them.

mod manifest;

pub use manifest::{Manifest, Value, config_of};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::analyze::{self, AnalyzeConfig};
use crate::error::{Error, Problem, Result};
use crate::export::summary::{self, BatchSummary, RunRow};
use crate::output::{StagedDir, check_not_input, write_atomic};

/// Parameters of one run as the manifest gives them, by name (for the run's
/// folder name and the summary).
pub type Params = BTreeMap<String, Value>;

/// Figures a run reports for the summary (name -> value as text).
pub type Metrics = BTreeMap<String, String>;

/// What a batch runs for each dataset and parameter set: the main job
/// ([`AnalyzeRunner`]), or a stand-in in tests.
pub trait Runner: Sync {
    /// Runs on `dataset` with `config`, writing into the folder `out`, and
    /// returns figures for the summary.
    fn run(&self, dataset: &Path, config: &AnalyzeConfig, out: &Path) -> Result<Metrics>;
}

/// Runs [`analyze::analyze_into`] for each run of a batch.
#[derive(Debug, Default)]
pub struct AnalyzeRunner;

impl Runner for AnalyzeRunner {
    fn run(&self, dataset: &Path, config: &AnalyzeConfig, out: &Path) -> Result<Metrics> {
        let summary = analyze::analyze_into(dataset, config, out, &|_| {})?;
        Ok(summary.figures.into_iter().collect())
    }
}

/// One planned run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunSpec {
    /// The dataset folder.
    pub dataset: PathBuf,
    /// The run's folder, relative to the batch output (`russia/resolution=1_seed=42`).
    pub name: String,
    /// The parameters as the manifest gives them.
    pub params: Params,
    /// The configuration they make.
    pub config: AnalyzeConfig,
    /// Hash of the version, parameters and inputs.
    pub key: String,
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", content = "reason", rename_all = "lowercase")]
pub enum RunStatus {
    /// Ran and succeeded.
    Done,
    /// Had succeeded before, but its files changed or vanished since (the
    /// reason says which), so it ran again and succeeded.
    Redone(String),
    /// Skipped: an earlier run with the same key succeeded, and its files are
    /// as it wrote them.
    Skipped,
    /// Failed, with the reason.
    Failed(String),
    /// Failed on a fault of coopnet itself (a bug), with what happened.
    Internal(String),
}

impl RunStatus {
    /// The status as one word, for the summaries.
    pub fn word(&self) -> &'static str {
        match self {
            RunStatus::Done => "done",
            RunStatus::Redone(_) => "redone",
            RunStatus::Skipped => "skipped",
            RunStatus::Failed(_) => "failed",
            RunStatus::Internal(_) => "failed",
        }
    }

    /// Whether the run failed.
    pub fn failed(&self) -> bool {
        matches!(self, RunStatus::Failed(_) | RunStatus::Internal(_))
    }

    /// Why, in one line (the problem list joined with "; ").
    pub fn reason(&self) -> String {
        let text = match self {
            RunStatus::Done => return String::new(),
            RunStatus::Skipped => return "unchanged since it last succeeded".to_string(),
            RunStatus::Redone(r) | RunStatus::Failed(r) | RunStatus::Internal(r) => r,
        };
        // a line that ends in a colon introduces the next: no "; " after it
        let mut out = String::new();
        for l in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if !out.is_empty() {
                out.push_str(if out.ends_with(':') { " " } else { "; " });
            }
            out.push_str(l);
        }
        out
    }
}

/// A finished run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunOutcome {
    /// What ran.
    pub spec: RunSpec,
    /// How it ended.
    pub status: RunStatus,
    /// Wall time, seconds (0 when skipped).
    pub seconds: f64,
    /// Figures the run reported (read back from [`RECORD`] when skipped).
    pub metrics: Metrics,
}

/// How many runs ended each way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Every run.
    pub runs: usize,
    /// Ran and succeeded (redone ones included).
    pub done: usize,
    /// Of those, redone because their files had changed.
    pub redone: usize,
    /// Skipped, unchanged.
    pub skipped: usize,
    /// Failed (internal errors included).
    pub failed: usize,
    /// Of those, failed on a fault of coopnet itself.
    pub internal: usize,
}

impl Counts {
    /// Counts `outcomes`.
    pub fn of(outcomes: &[RunOutcome]) -> Self {
        let mut c = Counts {
            runs: outcomes.len(),
            ..Counts::default()
        };
        for o in outcomes {
            match o.status {
                RunStatus::Done => c.done += 1,
                RunStatus::Redone(_) => {
                    c.done += 1;
                    c.redone += 1
                }
                RunStatus::Skipped => c.skipped += 1,
                RunStatus::Failed(_) => c.failed += 1,
                RunStatus::Internal(_) => {
                    c.failed += 1;
                    c.internal += 1
                }
            }
        }
        c
    }
}

impl std::fmt::Display for Counts {
    /// `4 runs: 2 done (1 redone), 1 skipped (unchanged), 1 failed`
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} runs: {} done", self.runs, self.done)?;
        if self.redone > 0 {
            write!(f, " ({} redone)", self.redone)?;
        }
        write!(
            f,
            ", {} skipped (unchanged), {} failed",
            self.skipped, self.failed
        )
    }
}

/// Progress of a batch, for a progress bar.
#[derive(Debug, Clone)]
pub enum BatchEvent {
    /// The batch is planned: this many runs.
    Planned(usize),
    /// A finished run is run again: its files changed since (the reason says how).
    Redoing(String, String),
    /// A run finished (or was skipped).
    Finished(String, RunStatus),
}

/// The file in each run's folder that marks it complete and holds its key.
pub const RECORD: &str = "batch-run.json";

/// What [`RECORD`] holds.
#[derive(Debug, Serialize, Deserialize)]
struct RunRecord {
    coopnet: String,
    key: String,
    dataset: String,
    parameters: BTreeMap<String, serde_json::Value>,
    metrics: Metrics,
    /// BLAKE3 of every file the run wrote, by path in the run's folder.
    #[serde(default)]
    files: BTreeMap<String, String>,
}

/// Plans the runs of `manifest`: every dataset times every combination of
/// parameters, each with its folder and key.
///
/// # Errors
///
/// [`Error::Parameter`] when `out` is or lies inside an input;
/// [`Error::Invalid`] when a combination is not a valid configuration;
/// [`Error::Io`] when a dataset file cannot be read.
pub fn plan(manifest: &Manifest) -> Result<Vec<RunSpec>> {
    let combos = manifest.combinations();
    let mut configs = Vec::with_capacity(combos.len());
    for params in combos {
        let config = config_of(&params).map_err(|reason| {
            Error::invalid(Problem::file("manifest", format!("parameters: {reason}")))
        })?;
        configs.push((params, config));
    }
    let mut inputs: Vec<PathBuf> = manifest.datasets.clone();
    for (_, c) in &configs {
        inputs.extend(c.extra_inputs());
    }
    let inputs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    check_not_input("out", &manifest.out, false, &inputs)?;
    let mut names: BTreeMap<String, usize> = BTreeMap::new();
    let mut specs = Vec::new();
    for dataset in &manifest.datasets {
        let base = dataset
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| dataset.display().to_string());
        let count = names.entry(base.clone()).or_default();
        *count += 1;
        let dataset_name = if *count == 1 {
            base
        } else {
            format!("{base}-{count}")
        };
        let dataset_hash = hash_folder(dataset)?;
        for (params, config) in &configs {
            let mut h = blake3::Hasher::new();
            h.update(env!("CARGO_PKG_VERSION").as_bytes());
            h.update(serde_json::to_string(params).unwrap_or_default().as_bytes());
            h.update(dataset_hash.as_bytes());
            for extra in config.extra_inputs() {
                h.update(extra.to_string_lossy().as_bytes());
                if let Ok(bytes) = std::fs::read(&extra) {
                    h.update(&bytes);
                }
            }
            specs.push(RunSpec {
                dataset: dataset.clone(),
                name: format!("{dataset_name}/{}", slug(params)),
                params: params.clone(),
                config: config.clone(),
                key: h.finalize().to_hex().to_string(),
            });
        }
    }
    Ok(specs)
}

/// The regular files directly in `dir`, sorted by name.
fn files_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Hash of every regular file in `dir` (names and bytes, sorted by name).
fn hash_folder(dir: &Path) -> Result<String> {
    let mut h = blake3::Hasher::new();
    for f in files_in(dir) {
        h.update(file_name(&f).as_bytes());
        let bytes = std::fs::read(&f).map_err(|e| Error::io(&f, e))?;
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(&bytes);
    }
    Ok(h.finalize().to_hex().to_string())
}

/// BLAKE3 of every file a run wrote into `dir`, the record aside.
fn checksums(dir: &Path) -> Result<BTreeMap<String, String>> {
    let mut sums = BTreeMap::new();
    for f in files_in(dir) {
        let name = file_name(&f);
        if name == RECORD {
            continue;
        }
        let bytes = std::fs::read(&f).map_err(|e| Error::io(&f, e))?;
        sums.insert(name, blake3::hash(&bytes).to_hex().to_string());
    }
    Ok(sums)
}

/// Why a finished run's files are not as it wrote them, if they are not.
fn changed_files(dir: &Path, record: &RunRecord) -> Option<String> {
    if record.files.is_empty() {
        return Some("its record holds no checksums".to_string());
    }
    let mut vanished = Vec::new();
    let mut changed = Vec::new();
    for (name, sum) in &record.files {
        match std::fs::read(dir.join(name)) {
            Ok(bytes) if blake3::hash(&bytes).to_hex().as_str() == sum => {}
            Ok(_) => changed.push(name.as_str()),
            Err(_) => vanished.push(name.as_str()),
        }
    }
    let mut parts = Vec::new();
    if !changed.is_empty() {
        parts.push(format!("{} changed", changed.join(", ")));
    }
    if !vanished.is_empty() {
        parts.push(format!("{} vanished", vanished.join(", ")));
    }
    (!parts.is_empty()).then(|| format!("{} since it finished", parts.join("; ")))
}

/// A folder name for a parameter set: `name=value` joined by `_`, unsafe characters replaced.
fn slug(params: &Params) -> String {
    if params.is_empty() {
        return "default".to_string();
    }
    let parts: Vec<String> = params
        .iter()
        .map(|(k, v)| {
            let v = match v {
                Value::String(s) => Path::new(s)
                    .file_stem()
                    .map(|x| x.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                other => other.to_string(),
            };
            format!("{k}={v}")
        })
        .collect();
    parts
        .join("_")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "=.-_".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Runs the planned `specs` into `out` with `jobs` runs at a time (0 = all
/// cores), skipping those already done, then writes the summary. Returns every
/// run's outcome, in plan order. Failures are recorded, not returned: `Err`
/// only when the summary cannot be written.
pub fn run(
    specs: &[RunSpec],
    out: &Path,
    runner: &dyn Runner,
    jobs: usize,
    on_event: &(dyn Fn(BatchEvent) + Sync),
) -> Result<Vec<RunOutcome>> {
    on_event(BatchEvent::Planned(specs.len()));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| Error::parameter("--jobs", e.to_string()))?;
    let outcomes: Vec<RunOutcome> = pool.install(|| {
        specs
            .par_iter()
            .with_max_len(1)
            .map(|spec| {
                let outcome = run_one(spec, out, runner, on_event);
                on_event(BatchEvent::Finished(
                    spec.name.clone(),
                    outcome.status.clone(),
                ));
                outcome
            })
            .collect()
    });
    // Leave no empty dataset folder behind a failed run (removes only if
    // empty), once every run is over: a run of the same dataset may still be
    // staging inside it while another fails.
    for o in outcomes.iter().filter(|o| o.status.failed()) {
        if let Some(parent) = out.join(&o.spec.name).parent() {
            let _ = std::fs::remove_dir(parent);
        }
    }
    let table = summary_of(&outcomes);
    write_atomic(&out.join("summary.csv"), summary::csv(&table).as_bytes())?;
    write_atomic(
        &out.join("summary.md"),
        summary::markdown(&table).as_bytes(),
    )?;
    write_atomic(&out.join("summary.html"), summary::html(&table).as_bytes())?;
    Ok(outcomes)
}

fn run_one(
    spec: &RunSpec,
    out: &Path,
    runner: &dyn Runner,
    on_event: &(dyn Fn(BatchEvent) + Sync),
) -> RunOutcome {
    let dir = out.join(&spec.name);
    let mut redo = None;
    if let Some(record) = read_record(&dir).filter(|r| r.key == spec.key) {
        match changed_files(&dir, &record) {
            None => {
                return RunOutcome {
                    spec: spec.clone(),
                    status: RunStatus::Skipped,
                    seconds: 0.0,
                    metrics: record.metrics,
                };
            }
            Some(reason) => {
                on_event(BatchEvent::Redoing(spec.name.clone(), reason.clone()));
                redo = Some(reason);
            }
        }
    }
    let started = Instant::now();
    let result = run_staged(spec, &dir, runner);
    let seconds = started.elapsed().as_secs_f64();
    let (status, metrics) = match result {
        Ok(metrics) => (
            redo.map_or(RunStatus::Done, |r| {
                RunStatus::Redone(format!("redone: {r}"))
            }),
            metrics,
        ),
        Err(e) => {
            let status = if e.is_internal() {
                RunStatus::Internal(e.to_string())
            } else {
                RunStatus::Failed(e.to_string())
            };
            (status, Metrics::new())
        }
    };
    RunOutcome {
        spec: spec.clone(),
        status,
        seconds,
        metrics,
    }
}

/// Runs `spec` into a staging folder and puts it in place of `dir` with its
/// record, only when it succeeded. A panic of the run is an internal error of
/// that run, not the end of the batch.
fn run_staged(spec: &RunSpec, dir: &Path, runner: &dyn Runner) -> Result<Metrics> {
    let staged = StagedDir::new(dir)?;
    let metrics = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        runner.run(&spec.dataset, &spec.config, staged.path())
    }))
    .unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(Error::internal(format!("the run stopped on a bug: {what}")))
    })?;
    let record = RunRecord {
        coopnet: env!("CARGO_PKG_VERSION").to_string(),
        key: spec.key.clone(),
        dataset: spec.dataset.display().to_string(),
        parameters: spec
            .params
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    serde_json::to_value(v).unwrap_or(serde_json::Value::Null),
                )
            })
            .collect(),
        metrics: metrics.clone(),
        files: checksums(staged.path())?,
    };
    write_atomic(
        &staged.path().join(RECORD),
        crate::export::json::pretty(&record)?.as_bytes(),
    )?;
    staged.commit()?;
    Ok(metrics)
}

fn read_record(dir: &Path) -> Option<RunRecord> {
    let text = std::fs::read_to_string(dir.join(RECORD)).ok()?;
    serde_json::from_str(&text).ok()
}

fn sorted_names<'a>(names: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut names: Vec<String> = names.cloned().collect();
    names.sort();
    names.dedup();
    names
}

fn param_text(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => String::new(),
    }
}

/// The comparison of the runs that the summaries show.
fn summary_of(outcomes: &[RunOutcome]) -> BatchSummary {
    let parameters = sorted_names(outcomes.iter().flat_map(|o| o.spec.params.keys()));
    let metrics = sorted_names(outcomes.iter().flat_map(|o| o.metrics.keys()));
    let runs = outcomes
        .iter()
        .map(|o| RunRow {
            run: o.spec.name.clone(),
            dataset: o.spec.dataset.display().to_string(),
            parameters: parameters
                .iter()
                .map(|p| param_text(o.spec.params.get(p)))
                .collect(),
            status: o.status.word(),
            failed: o.status.failed(),
            reason: o.status.reason(),
            seconds: o.seconds,
            metrics: metrics
                .iter()
                .map(|m| o.metrics.get(m).cloned().unwrap_or_default())
                .collect(),
        })
        .collect();
    BatchSummary {
        headline: Counts::of(outcomes).to_string(),
        parameters,
        metrics,
        runs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Writes one file per run; fails on datasets named `bad`, panics on `buggy`.
    struct Fake {
        calls: AtomicUsize,
    }

    impl Runner for Fake {
        fn run(&self, dataset: &Path, config: &AnalyzeConfig, out: &Path) -> Result<Metrics> {
            self.calls.fetch_add(1, Ordering::SeqCst);
            if dataset.ends_with("bad") {
                return Err(Error::parameter("dataset", "is bad"));
            }
            if dataset.ends_with("buggy") {
                panic!("an invariant broke");
            }
            std::fs::write(out.join("result.txt"), format!("seed {}", config.seed))
                .map_err(|e| Error::io(out, e))?;
            Ok(Metrics::from([("answer".to_string(), "42".to_string())]))
        }
    }

    fn setup(datasets: &[&str]) -> (tempfile::TempDir, Manifest) {
        let tmp = tempfile::tempdir().unwrap();
        for d in datasets {
            std::fs::create_dir(tmp.path().join(d)).unwrap();
            std::fs::write(tmp.path().join(d).join("regions.csv"), d).unwrap();
        }
        let list: Vec<String> = datasets.iter().map(|d| format!("'{d}'")).collect();
        let m = Manifest::parse(
            &format!(
                "datasets = [{}]\n[parameters]\nseed = [1, 2]\n",
                list.join(", ")
            ),
            "m.toml",
            tmp.path(),
        )
        .unwrap();
        (tmp, m)
    }

    #[test]
    fn failures_are_isolated_and_finished_runs_are_skipped() {
        let (tmp, m) = setup(&["good", "bad"]);
        let fake = Fake {
            calls: AtomicUsize::new(0),
        };
        let specs = plan(&m).unwrap();
        assert_eq!(specs.len(), 4);
        let outcomes = run(&specs, &m.out, &fake, 2, &|_| {}).unwrap();
        let statuses: Vec<&str> = outcomes.iter().map(|o| o.status.word()).collect();
        assert_eq!(statuses, vec!["done", "done", "failed", "failed"]);
        assert!(m.out.join("good/seed=1/result.txt").exists());
        assert!(!m.out.join("bad/seed=1").exists());
        let summary = std::fs::read_to_string(m.out.join("summary.csv")).unwrap();
        assert!(summary.contains("is bad"), "{summary}");
        // Again: the good runs are skipped, the bad ones retried.
        let outcomes = run(&specs, &m.out, &fake, 2, &|_| {}).unwrap();
        assert_eq!(fake.calls.load(Ordering::SeqCst), 6);
        assert_eq!(outcomes[0].status, RunStatus::Skipped);
        assert_eq!(outcomes[0].metrics["answer"], "42");
        // A changed dataset gets a new key.
        std::fs::write(tmp.path().join("good/regions.csv"), "changed").unwrap();
        let specs2 = plan(&m).unwrap();
        assert_ne!(specs[0].key, specs2[0].key);
    }

    #[test]
    fn a_run_whose_files_changed_is_redone_and_says_why() {
        let (_tmp, m) = setup(&["good"]);
        let fake = Fake {
            calls: AtomicUsize::new(0),
        };
        let specs = plan(&m).unwrap();
        run(&specs, &m.out, &fake, 1, &|_| {}).unwrap();
        std::fs::write(m.out.join("good/seed=1/result.txt"), "trunc").unwrap();
        std::fs::remove_file(m.out.join("good/seed=2/result.txt")).unwrap();
        let heard = std::sync::Mutex::new(Vec::new());
        let outcomes = run(&specs, &m.out, &fake, 1, &|e| {
            if let BatchEvent::Redoing(name, why) = e {
                heard.lock().unwrap().push(format!("{name}: {why}"));
            }
        })
        .unwrap();
        assert_eq!(fake.calls.load(Ordering::SeqCst), 4);
        assert_eq!(
            outcomes[0].status,
            RunStatus::Redone("redone: result.txt changed since it finished".into())
        );
        assert_eq!(
            outcomes[1].status,
            RunStatus::Redone("redone: result.txt vanished since it finished".into())
        );
        assert_eq!(heard.lock().unwrap().len(), 2);
        let text = std::fs::read_to_string(m.out.join("good/seed=1/result.txt")).unwrap();
        assert_eq!(text, "seed 1");
        // and now they are as written: skipped
        let outcomes = run(&specs, &m.out, &fake, 1, &|_| {}).unwrap();
        assert!(outcomes.iter().all(|o| o.status == RunStatus::Skipped));
    }

    #[test]
    fn a_panicking_run_is_an_internal_failure_of_that_run_only() {
        let (_tmp, m) = setup(&["buggy", "good"]);
        let fake = Fake {
            calls: AtomicUsize::new(0),
        };
        let outcomes = run(&plan(&m).unwrap(), &m.out, &fake, 1, &|_| {}).unwrap();
        let counts = Counts::of(&outcomes);
        assert_eq!((counts.done, counts.failed, counts.internal), (2, 2, 2));
        assert!(
            matches!(&outcomes[0].status, RunStatus::Internal(r) if r.contains("an invariant broke")),
            "{:?}",
            outcomes[0].status
        );
    }

    #[test]
    fn out_inside_a_dataset_is_refused() {
        let (tmp, _) = setup(&["good"]);
        let m = Manifest::parse(
            "out = 'good/runs'\ndatasets = ['good']\n",
            "m.toml",
            tmp.path(),
        )
        .unwrap();
        let err = plan(&m).unwrap_err();
        assert!(
            err.is_bad_input() && err.to_string().contains("inside an input"),
            "{err}"
        );
    }
}
