//! The main job's records: the index `README.md` that links every file, the
//! run record `run.json` and the dataset record `dataset.json`.
//!
//! `run.json` holds `coopnet` (the version), `dataset`, `dataset_path`,
//! `parameters` (every one), `seed`, `value_chain`, `figures`, `headlines`,
//! `rests_on` (what each result rests on), `seconds` per step, `files` and
//! `notes`; `dataset.json` holds `dataset`, `files` (each
//! read with its encoding, delimiter and rows), the counts of districts,
//! regions, sectors, clusters, participants and links, and `warnings`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use super::text::md_table;
use crate::error::Result;
use crate::model::Dataset;

/// One run of the main job, as its records describe it.
#[derive(Debug, Clone, Copy)]
pub struct RunIndex<'a, P: Serialize> {
    /// The dataset's name.
    pub dataset: &'a str,
    /// The dataset folder as given.
    pub dataset_path: &'a Path,
    /// The main parameters in words, for the index.
    pub parameters_line: &'a str,
    /// Every parameter, for `run.json`.
    pub parameters: &'a P,
    /// The seed of every randomised step.
    pub seed: u64,
    /// The value-chain table named, if any (otherwise the curated one).
    pub value_chain: Option<&'a Path>,
    /// Files written, relative to the output folder, with what each holds.
    pub files: &'a [(String, String)],
    /// Headline figures.
    pub figures: &'a [(String, String)],
    /// Headlines in words (both region partitions, each saying which it is).
    pub headlines: &'a [String],
    /// What each result rests on: `(result files, rows by provenance)`.
    pub bases: &'a [(String, String)],
    /// Seconds per step.
    pub seconds: &'a [(&'a str, f64)],
    /// Things the user should know.
    pub notes: &'a [String],
}

/// The index, `README.md`: parameters, the headlines, what each result rests
/// on, the map when drawn, figures, files, notes.
pub fn readme<P: Serialize>(r: &RunIndex<'_, P>) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# coopnet analysis: {}\n", r.dataset);
    let _ = writeln!(
        o,
        "Parameters: {} (all in [run.json](run.json)).\n",
        r.parameters_line
    );
    if !r.headlines.is_empty() {
        let _ = writeln!(o, "## Headlines\n");
        for h in r.headlines {
            let _ = writeln!(o, "- {h}");
        }
        o.push('\n');
    }
    if !r.bases.is_empty() {
        o.push_str(&md_table(
            "What each result rests on",
            &[("result", false), ("built on", false)],
            r.bases,
            |(k, v)| [k.clone(), v.clone()],
        ));
        o.push('\n');
    }
    if r.files.iter().any(|f| f.0 == "map.svg") {
        let _ = writeln!(o, "![cooperation map](map.svg)\n");
    }
    o.push_str(&md_table(
        "Figures",
        &[("figure", false), ("value", false)],
        r.figures,
        |(k, v)| [k.clone(), v.clone()],
    ));
    o.push('\n');
    o.push_str(&md_table(
        "Files",
        &[("file", false), ("what", false)],
        r.files,
        |(f, what)| [format!("[{f}]({f})"), what.clone()],
    ));
    if !r.notes.is_empty() {
        let _ = writeln!(o, "\n## Notes\n");
        for n in r.notes {
            let _ = writeln!(o, "- {n}");
        }
    }
    o
}

#[derive(Serialize)]
struct RunJson<'a, P: Serialize> {
    coopnet: &'static str,
    dataset: &'a str,
    dataset_path: String,
    parameters: &'a P,
    seed: u64,
    value_chain: String,
    figures: BTreeMap<&'a str, &'a str>,
    headlines: &'a [String],
    rests_on: BTreeMap<&'a str, &'a str>,
    seconds: BTreeMap<&'a str, f64>,
    files: Vec<&'a str>,
    notes: &'a [String],
}

/// The run record, `run.json`.
///
/// # Errors
///
/// [`crate::Error::Internal`] only, should JSON serialisation fail.
pub fn run_json<P: Serialize>(r: &RunIndex<'_, P>) -> Result<String> {
    super::json::pretty(&RunJson {
        coopnet: env!("CARGO_PKG_VERSION"),
        dataset: r.dataset,
        dataset_path: r.dataset_path.display().to_string(),
        parameters: r.parameters,
        seed: r.seed,
        value_chain: r
            .value_chain
            .map_or_else(|| "curated".to_string(), |p| p.display().to_string()),
        figures: r
            .figures
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect(),
        headlines: r.headlines,
        rests_on: r
            .bases
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect(),
        seconds: r.seconds.iter().copied().collect(),
        files: r.files.iter().map(|f| f.0.as_str()).collect(),
        notes: r.notes,
    })
}

#[derive(Serialize)]
struct DatasetJson<'a> {
    dataset: &'a str,
    files: &'a [crate::model::SourceFile],
    districts: usize,
    regions: usize,
    sectors: usize,
    clusters: usize,
    participants: usize,
    links: usize,
    /// The year of the network counted above (datasets with years only).
    #[serde(skip_serializing_if = "Option::is_none")]
    year: Option<i32>,
    /// Every year the dataset has (datasets with years only).
    #[serde(skip_serializing_if = "<[i32]>::is_empty")]
    years: &'a [i32],
    warnings: &'a [String],
}

/// The dataset record, `dataset.json`: what was loaded and how.
///
/// # Errors
///
/// [`crate::Error::Internal`] only, should JSON serialisation fail.
pub fn dataset_json(ds: &Dataset) -> Result<String> {
    super::json::pretty(&DatasetJson {
        dataset: &ds.name,
        files: &ds.sources,
        districts: ds.districts.len(),
        regions: ds.regions.len(),
        sectors: ds.sectors.len(),
        clusters: ds.clusters.len(),
        participants: ds.participants.len(),
        links: ds.links.len(),
        year: ds.years.year,
        years: &ds.years.all,
        warnings: &ds.warnings,
    })
}
