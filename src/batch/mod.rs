//! Batch runs: every dataset of a manifest times every parameter set, in
//! parallel, each failure isolated, resumable.
//!
//! A run's folder is `OUT/<dataset>/<parameters>`. It is written through a
//! staging folder and appears only when complete, with a `batch-run.json` holding the
//! run's **key**: a hash of the coopnet version, the parameters, and the bytes
//! of every input file. A later batch skips a run whose folder holds a
//! `batch-run.json` with the same key, so an interrupted batch resumes where it
//! stopped, and changing a dataset or a parameter redoes only what it affects.
//! After the runs, `OUT/summary.csv` and `OUT/summary.md` compare them.

mod manifest;

pub use manifest::{Manifest, Value};

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::output::{StagedDir, write_atomic};

/// Parameters of one run, by name.
pub type Params = BTreeMap<String, Value>;

/// Figures a run reports for the summary (name -> value as text).
pub type Metrics = BTreeMap<String, String>;

/// What a batch runs for each dataset and parameter set.
pub trait Runner: Sync {
    /// Checks a parameter set before anything runs ([`Error::Parameter`] for
    /// unknown names or bad values), so a typo fails the batch at once.
    fn check(&self, params: &Params) -> Result<()>;

    /// Files besides the dataset that a run reads (a value-chain table named
    /// by a parameter): their bytes are part of the run's key.
    fn extra_inputs(&self, params: &Params) -> Vec<PathBuf>;

    /// Runs on `dataset`, writing into the folder `out`, and returns figures for the summary.
    fn run(&self, dataset: &Path, params: &Params, out: &Path) -> Result<Metrics>;
}

/// One planned run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunSpec {
    /// The dataset folder.
    pub dataset: PathBuf,
    /// The run's folder, relative to the batch output (`russia/resolution=1_seed=42`).
    pub name: String,
    /// The parameters.
    pub params: Params,
    /// Hash of the version, parameters and inputs.
    pub key: String,
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", content = "reason", rename_all = "lowercase")]
pub enum RunStatus {
    /// Ran and succeeded.
    Done,
    /// Skipped: an earlier run with the same key succeeded.
    Skipped,
    /// Failed, with the reason.
    Failed(String),
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

/// Progress of a batch, for a progress bar.
#[derive(Debug, Clone)]
pub enum BatchEvent {
    /// The batch is planned: this many runs.
    Planned(usize),
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
}

/// Plans the runs of `manifest`: checks every parameter set with `runner` and
/// computes each run's folder and key.
pub fn plan(manifest: &Manifest, runner: &dyn Runner) -> Result<Vec<RunSpec>> {
    let combos = manifest.combinations();
    for c in &combos {
        runner.check(c)?;
    }
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
        for params in &combos {
            let mut h = blake3::Hasher::new();
            h.update(env!("CARGO_PKG_VERSION").as_bytes());
            h.update(serde_json::to_string(params).unwrap_or_default().as_bytes());
            h.update(dataset_hash.as_bytes());
            for extra in runner.extra_inputs(params) {
                h.update(extra.to_string_lossy().as_bytes());
                if let Ok(bytes) = std::fs::read(&extra) {
                    h.update(&bytes);
                }
            }
            specs.push(RunSpec {
                dataset: dataset.clone(),
                name: format!("{dataset_name}/{}", slug(params)),
                params: params.clone(),
                key: h.finalize().to_hex().to_string(),
            });
        }
    }
    Ok(specs)
}

/// Hash of every regular file in `dir` (names and bytes, sorted by name).
/// A missing folder hashes to a marker, and its run fails when it starts.
fn hash_folder(dir: &Path) -> Result<String> {
    let mut h = blake3::Hasher::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok("missing".to_string());
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    for f in files {
        h.update(
            f.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
                .as_bytes(),
        );
        let bytes = std::fs::read(&f).map_err(|e| Error::io(&f, e))?;
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(&bytes);
    }
    Ok(h.finalize().to_hex().to_string())
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
                let outcome = run_one(spec, out, runner);
                on_event(BatchEvent::Finished(
                    spec.name.clone(),
                    outcome.status.clone(),
                ));
                outcome
            })
            .collect()
    });
    write_atomic(&out.join("summary.csv"), summary_csv(&outcomes).as_bytes())?;
    write_atomic(&out.join("summary.md"), summary_md(&outcomes).as_bytes())?;
    Ok(outcomes)
}

fn run_one(spec: &RunSpec, out: &Path, runner: &dyn Runner) -> RunOutcome {
    let dir = out.join(&spec.name);
    if let Some(record) = read_record(&dir) {
        if record.key == spec.key {
            return RunOutcome {
                spec: spec.clone(),
                status: RunStatus::Skipped,
                seconds: 0.0,
                metrics: record.metrics,
            };
        }
    }
    let started = Instant::now();
    let result = (|| -> Result<Metrics> {
        let staged = StagedDir::new(&dir)?;
        let metrics = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            runner.run(&spec.dataset, &spec.params, staged.path())
        }))
        .unwrap_or_else(|panic| {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(Error::External {
                program: "coopnet".into(),
                reason: format!("internal error: {what}"),
            })
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
        };
        let json = serde_json::to_string_pretty(&record).unwrap_or_default();
        write_atomic(&staged.path().join(RECORD), json.as_bytes())?;
        staged.commit()?;
        Ok(metrics)
    })();
    let seconds = started.elapsed().as_secs_f64();
    match result {
        Ok(metrics) => RunOutcome {
            spec: spec.clone(),
            status: RunStatus::Done,
            seconds,
            metrics,
        },
        Err(e) => {
            // Leave no empty dataset folder behind a failed run (removes only if empty).
            if let Some(parent) = dir.parent() {
                let _ = std::fs::remove_dir(parent);
            }
            RunOutcome {
                spec: spec.clone(),
                status: RunStatus::Failed(e.to_string()),
                seconds,
                metrics: Metrics::new(),
            }
        }
    }
}

fn read_record(dir: &Path) -> Option<RunRecord> {
    let text = std::fs::read_to_string(dir.join(RECORD)).ok()?;
    serde_json::from_str(&text).ok()
}

fn status_text(s: &RunStatus) -> (&'static str, String) {
    match s {
        RunStatus::Done => ("done", String::new()),
        RunStatus::Skipped => ("skipped", "unchanged since it last succeeded".to_string()),
        // One line per run in the summaries: the problem list joined with "; ".
        RunStatus::Failed(reason) => (
            "failed",
            reason
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("; "),
        ),
    }
}

fn metric_names(outcomes: &[RunOutcome]) -> Vec<String> {
    let mut names: Vec<String> = outcomes
        .iter()
        .flat_map(|o| o.metrics.keys().cloned())
        .collect();
    names.sort();
    names.dedup();
    names
}

fn param_names(outcomes: &[RunOutcome]) -> Vec<String> {
    let mut names: Vec<String> = outcomes
        .iter()
        .flat_map(|o| o.spec.params.keys().cloned())
        .collect();
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

fn summary_csv(outcomes: &[RunOutcome]) -> String {
    let params = param_names(outcomes);
    let metrics = metric_names(outcomes);
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["run".to_string(), "dataset".to_string()];
    header.extend(params.iter().cloned());
    header.extend([
        "status".to_string(),
        "reason".to_string(),
        "seconds".to_string(),
    ]);
    header.extend(metrics.iter().cloned());
    let _ = w.write_record(&header);
    for o in outcomes {
        let (status, reason) = status_text(&o.status);
        let mut row = vec![o.spec.name.clone(), o.spec.dataset.display().to_string()];
        row.extend(params.iter().map(|p| param_text(o.spec.params.get(p))));
        row.extend([status.to_string(), reason, format!("{:.3}", o.seconds)]);
        row.extend(
            metrics
                .iter()
                .map(|m| o.metrics.get(m).cloned().unwrap_or_default()),
        );
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn summary_md(outcomes: &[RunOutcome]) -> String {
    let params = param_names(outcomes);
    let metrics = metric_names(outcomes);
    let failed = outcomes
        .iter()
        .filter(|o| matches!(o.status, RunStatus::Failed(_)))
        .count();
    let skipped = outcomes
        .iter()
        .filter(|o| o.status == RunStatus::Skipped)
        .count();
    let mut s = String::new();
    let _ = writeln!(s, "# Batch summary\n");
    let _ = writeln!(
        s,
        "{} runs: {} done, {} skipped (unchanged), {} failed.\n",
        outcomes.len(),
        outcomes.len() - failed - skipped,
        skipped,
        failed
    );
    let cell = |x: &str| x.replace('|', "\\|").replace('\n', " ");
    let mut header = vec!["run".to_string()];
    header.extend(params.iter().cloned());
    header.push("status".to_string());
    header.extend(metrics.iter().cloned());
    let _ = writeln!(s, "| {} |", header.join(" | "));
    let _ = writeln!(s, "|{}", "---|".repeat(header.len()));
    for o in outcomes {
        let mut row = vec![cell(&o.spec.name)];
        row.extend(
            params
                .iter()
                .map(|p| cell(&param_text(o.spec.params.get(p)))),
        );
        row.push(status_text(&o.status).0.to_string());
        row.extend(
            metrics
                .iter()
                .map(|m| cell(o.metrics.get(m).map(String::as_str).unwrap_or(""))),
        );
        let _ = writeln!(s, "| {} |", row.join(" | "));
    }
    if failed > 0 {
        let _ = writeln!(s, "\n## Failures\n");
        for o in outcomes {
            if let RunStatus::Failed(reason) = &o.status {
                let _ = writeln!(
                    s,
                    "- **{}** ({}): {}",
                    o.spec.name,
                    o.spec.dataset.display(),
                    cell(reason)
                );
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Writes one file per run; fails on datasets named `bad`.
    struct Fake {
        calls: AtomicUsize,
    }

    impl Runner for Fake {
        fn check(&self, params: &Params) -> Result<()> {
            match params.keys().find(|k| *k != "seed") {
                Some(k) => Err(Error::parameter(k.clone(), "unknown parameter")),
                None => Ok(()),
            }
        }
        fn extra_inputs(&self, _: &Params) -> Vec<PathBuf> {
            vec![]
        }
        fn run(&self, dataset: &Path, params: &Params, out: &Path) -> Result<Metrics> {
            self.calls.fetch_add(1, Ordering::SeqCst);
            if dataset.ends_with("bad") {
                return Err(Error::parameter("dataset", "is bad"));
            }
            std::fs::write(out.join("result.txt"), format!("{params:?}"))
                .map_err(|e| Error::io(out, e))?;
            Ok(Metrics::from([("answer".to_string(), "42".to_string())]))
        }
    }

    #[test]
    fn failures_are_isolated_and_finished_runs_are_skipped() {
        let tmp = tempfile::tempdir().unwrap();
        for d in ["good", "bad"] {
            std::fs::create_dir(tmp.path().join(d)).unwrap();
            std::fs::write(tmp.path().join(d).join("regions.csv"), d).unwrap();
        }
        let m = Manifest::parse(
            "datasets = ['good', 'bad']\n[parameters]\nseed = [1, 2]\n",
            "m.toml",
            tmp.path(),
        )
        .unwrap();
        let fake = Fake {
            calls: AtomicUsize::new(0),
        };
        let specs = plan(&m, &fake).unwrap();
        assert_eq!(specs.len(), 4);
        let outcomes = run(&specs, &m.out, &fake, 2, &|_| {}).unwrap();
        let statuses: Vec<&str> = outcomes.iter().map(|o| status_text(&o.status).0).collect();
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
        let specs2 = plan(&m, &fake).unwrap();
        assert_ne!(specs[0].key, specs2[0].key);
    }

    #[test]
    fn unknown_parameters_fail_the_plan() {
        let m = Manifest::parse(
            "datasets = ['x']\n[parameters]\nresolutoin = 1\n",
            "m.toml",
            Path::new("."),
        )
        .unwrap();
        let err = plan(
            &m,
            &Fake {
                calls: AtomicUsize::new(0),
            },
        )
        .unwrap_err();
        assert!(err.to_string().contains("resolutoin"));
    }
}
