//! The batch manifest: datasets times parameter sets, in TOML.
//!
//! ```toml
//! # where the runs go (relative to the manifest's folder)
//! out = "out/batch"
//!
//! # dataset folders, as paths or glob patterns (relative to the manifest's folder)
//! datasets = ["../datasets/russia", "../data/*"]
//!
//! # every combination of these values is one run
//! [parameters]
//! resolution = [0.5, 1.0, 2.0]
//! seed = [1, 2]
//! projection = ["regions"]
//! ```
//!
//! Each parameter takes one value or a list; every combination of the lists,
//! for every dataset, is one run. The parameters are those of
//! [`AnalyzeConfig`], read with serde: an unknown key, a value of the wrong
//! type or out of range, a dataset folder that does not exist and a pattern
//! that matches none are all reported, each with its line, before anything runs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::analyze::AnalyzeConfig;
use crate::error::{Error, Problem, Problems, Result};

/// One parameter value from a manifest.
pub type Value = toml::Value;

/// A parsed and checked manifest, with datasets resolved to folders.
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    /// Where the runs are written.
    pub out: PathBuf,
    /// The dataset folders, in manifest order (globs expanded and sorted).
    pub datasets: Vec<PathBuf>,
    /// Each parameter's values, by name (sorted).
    pub parameters: BTreeMap<String, Vec<Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    out: Option<PathBuf>,
    datasets: Vec<Spanned<String>>,
    #[serde(default)]
    parameters: BTreeMap<String, Spanned<Value>>,
}

/// The 1-based line of byte offset `at` in `text`.
fn line_of(text: &str, at: usize) -> u64 {
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u64
        + 1
}

/// The configuration of one combination of parameter values.
///
/// # Errors
///
/// The message of serde (an unknown key, a wrong type) or of
/// [`AnalyzeConfig::validate`], as text for a manifest problem.
pub fn config_of<'a>(
    values: impl IntoIterator<Item = (&'a String, &'a Value)>,
) -> std::result::Result<AnalyzeConfig, String> {
    let table: toml::Table = values
        .into_iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let config: AnalyzeConfig = table.try_into().map_err(|e| {
        let msg = e.message();
        if msg.starts_with("unknown field") {
            format!("is not a parameter of analyze ({msg})")
        } else {
            msg.to_string()
        }
    })?;
    config.validate().map_err(|e| match e {
        Error::Parameter { reason, .. } => reason,
        other => other.to_string(),
    })?;
    Ok(config)
}

impl Manifest {
    /// Reads and checks the manifest at `path`. Relative paths inside it are
    /// taken from the manifest's folder.
    pub fn read(path: &Path) -> Result<Manifest> {
        let file = path.display().to_string();
        let text = crate::load::read_utf8(path, &file, "TOML")?;
        let base = path.parent().unwrap_or(Path::new("."));
        Manifest::parse(&text, &file, base)
    }

    /// Parses manifest text; `file` names it in messages, `base` resolves
    /// paths. Every problem found is reported, each with its line.
    pub fn parse(text: &str, file: &str, base: &Path) -> Result<Manifest> {
        let raw: Raw = toml::from_str(text).map_err(|e| {
            let reason = e.message().to_string();
            Error::invalid(match e.span() {
                Some(s) => Problem::line(file, line_of(text, s.start), reason),
                None => Problem::file(file, reason),
            })
        })?;
        let mut problems = Problems::new();
        let resolve = |p: &Path| {
            if p.is_absolute() {
                p.to_path_buf()
            } else {
                base.join(p)
            }
        };
        let out = resolve(raw.out.as_deref().unwrap_or(Path::new("out/batch")));
        let mut datasets = Vec::new();
        for entry in &raw.datasets {
            let line = line_of(text, entry.span().start);
            match dataset_folders(entry.get_ref(), &resolve(Path::new(entry.get_ref()))) {
                Ok(found) => datasets.extend(found),
                Err(reason) => problems.push(Problem::line(file, line, reason)),
            }
        }
        if raw.datasets.is_empty() {
            problems.push(Problem::file(file, "datasets: the list is empty"));
        }
        let mut parameters = BTreeMap::new();
        for (name, spanned) in raw.parameters {
            let line = line_of(text, spanned.span().start);
            let values = match spanned.into_inner() {
                Value::Array(values) if values.is_empty() => {
                    problems.push(Problem::line(
                        file,
                        line,
                        format!("parameters.{name}: the list is empty"),
                    ));
                    continue;
                }
                Value::Array(values) => values,
                v => vec![v],
            };
            for v in &values {
                if let Err(reason) = config_of([(&name, v)]) {
                    problems.push(Problem::line(
                        file,
                        line,
                        format!("parameters.{name}: {reason}"),
                    ));
                } else if name == "value_chain"
                    && !v.as_str().is_some_and(|p| Path::new(p).is_file())
                {
                    problems.push(Problem::line(
                        file,
                        line,
                        format!(
                            "parameters.value_chain: {v} is not a file (paths are taken from where coopnet runs)"
                        ),
                    ));
                }
            }
            parameters.insert(name, values);
        }
        problems.into_result()?;
        Ok(Manifest {
            out,
            datasets,
            parameters,
        })
    }

    /// Every combination of parameter values, in a fixed order (the last
    /// parameter, by name, varies fastest). One empty combination when there
    /// are no parameters.
    pub fn combinations(&self) -> Vec<BTreeMap<String, Value>> {
        let mut combos = vec![BTreeMap::new()];
        for (name, values) in &self.parameters {
            let mut next = Vec::with_capacity(combos.len() * values.len());
            for combo in &combos {
                for v in values {
                    let mut c = combo.clone();
                    c.insert(name.clone(), v.clone());
                    next.push(c);
                }
            }
            combos = next;
        }
        combos
    }
}

/// The folders an entry of `datasets` names: itself, or for a glob pattern
/// every folder it matches, sorted; the reason otherwise.
fn dataset_folders(pattern: &str, full: &Path) -> std::result::Result<Vec<PathBuf>, String> {
    if pattern.contains(['*', '?', '[']) {
        let paths = glob::glob(&full.to_string_lossy())
            .map_err(|e| format!("datasets: {pattern:?} is not a valid pattern: {e}"))?;
        let mut found: Vec<PathBuf> = paths
            .filter_map(|p| p.ok())
            .filter(|p| p.is_dir())
            .collect();
        found.sort();
        if found.is_empty() {
            return Err(format!("datasets: {pattern:?} matches no folder"));
        }
        return Ok(found);
    }
    if full.is_dir() {
        Ok(vec![full.to_path_buf()])
    } else if full.exists() {
        Err(format!(
            "datasets: {pattern:?} is a file; name a dataset folder"
        ))
    } else if full == Path::new(pattern) {
        Err(format!("datasets: {pattern:?}: no such folder"))
    } else {
        Err(format!(
            "datasets: {pattern:?}: no such folder ({})",
            full.display()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folders(names: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for n in names {
            std::fs::create_dir_all(dir.path().join(n)).unwrap();
        }
        dir
    }

    #[test]
    fn combinations_are_the_product_in_a_fixed_order() {
        let base = folders(&["a", "b"]);
        let m = Manifest::parse(
            "datasets = ['a', 'b']\n[parameters]\nseed = [1, 2]\nresolution = [0.5, 1.0, 2.0]\nprojection = 'regions'\n",
            "m.toml",
            base.path(),
        )
        .unwrap();
        assert_eq!(
            m.datasets,
            vec![base.path().join("a"), base.path().join("b")]
        );
        assert_eq!(m.out, base.path().join("out/batch"));
        let combos = m.combinations();
        assert_eq!(combos.len(), 6);
        assert_eq!(combos[0]["resolution"], Value::Float(0.5));
        assert_eq!(combos[0]["seed"], Value::Integer(1));
        assert_eq!(combos[1]["seed"], Value::Integer(2));
        assert!(
            combos
                .iter()
                .all(|c| c["projection"] == Value::String("regions".into()))
        );
    }

    #[test]
    fn errors_name_the_line() {
        let base = folders(&["a"]);
        let err =
            Manifest::parse("datasets = ['a']\nbogus = 1\n", "m.toml", base.path()).unwrap_err();
        let p = &err.problems()[0];
        assert_eq!(p.line, Some(2));
        assert!(p.reason.contains("bogus"), "{}", p.reason);
        let err = Manifest::parse("datasets = []\n", "m.toml", base.path()).unwrap_err();
        assert!(err.to_string().contains("the list is empty"));
    }

    #[test]
    fn every_problem_is_listed_with_its_line() {
        let base = folders(&["germany"]);
        let text = "datasets = [\n  'germny',\n  'x/*',\n]\n[parameters]\nresolutoin = 1\nseed = -1\nresolution = [1, 0]\nprojection = 'nations'\n";
        let err = Manifest::parse(text, "m.toml", base.path()).unwrap_err();
        let found: Vec<(u64, &str)> = err
            .problems()
            .iter()
            .map(|p| (p.line.unwrap(), p.reason.as_str()))
            .collect();
        let expect = [
            (2, "germny"),
            (3, "matches no folder"),
            (6, "resolutoin"),
            (7, "seed"),
            (8, "not a number above 0"),
            (9, "nations"),
        ];
        assert_eq!(found.len(), expect.len(), "{found:?}");
        for (line, text) in expect {
            assert!(
                found.iter().any(|(l, r)| *l == line && r.contains(text)),
                "no problem at line {line} with {text:?}: {found:?}"
            );
        }
    }

    #[test]
    fn a_combination_is_a_typed_config() {
        let seed = "seed".to_string();
        let between = "between".to_string();
        let c = config_of([
            (&seed, &Value::Integer(7)),
            (&between, &Value::Boolean(true)),
        ])
        .unwrap();
        assert_eq!(c.seed, 7);
        assert!(c.between);
        assert_eq!(c.resolution, AnalyzeConfig::default().resolution);
    }
}
