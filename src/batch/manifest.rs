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
//! for every dataset, is one run. Which parameters exist is up to the runner
//! (`coopnet analyze`'s flags, see `docs/batch.md`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Problem, Result};

/// One parameter value from a manifest.
pub type Value = toml::Value;

/// A parsed manifest, with datasets resolved to folders.
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
    datasets: Vec<String>,
    #[serde(default)]
    parameters: BTreeMap<String, Value>,
}

impl Manifest {
    /// Reads and checks the manifest at `path`. Relative paths inside it are
    /// taken from the manifest's folder.
    pub fn read(path: &Path) -> Result<Manifest> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::invalid(Problem::file(&file, "file not found")),
            _ => Error::io(path, e),
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        Manifest::parse(&text, &file, base)
    }

    /// Parses manifest text; `file` names it in messages, `base` resolves paths.
    pub fn parse(text: &str, file: &str, base: &Path) -> Result<Manifest> {
        let raw: Raw = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() as u64 + 1);
            let reason = e.message().to_string();
            Error::invalid(match line {
                Some(line) => Problem::line(file, line, reason),
                None => Problem::file(file, reason),
            })
        })?;
        let resolve = |p: &Path| {
            if p.is_absolute() {
                p.to_path_buf()
            } else {
                base.join(p)
            }
        };
        let out = resolve(raw.out.as_deref().unwrap_or(Path::new("out/batch")));
        let mut datasets = Vec::new();
        for pattern in &raw.datasets {
            let full = resolve(Path::new(pattern));
            let full_str = full.to_string_lossy().into_owned();
            if pattern.contains(['*', '?', '[']) {
                let paths = glob::glob(&full_str).map_err(|e| {
                    Error::invalid(Problem::file(
                        file,
                        format!("datasets: {pattern:?} is not a valid pattern: {e}"),
                    ))
                })?;
                let mut found: Vec<PathBuf> = paths
                    .filter_map(|p| p.ok())
                    .filter(|p| p.is_dir())
                    .collect();
                found.sort();
                if found.is_empty() {
                    return Err(Error::invalid(Problem::file(
                        file,
                        format!("datasets: {pattern:?} matches no folder"),
                    )));
                }
                datasets.extend(found);
            } else {
                datasets.push(full);
            }
        }
        if datasets.is_empty() {
            return Err(Error::invalid(Problem::file(
                file,
                "datasets: the list is empty",
            )));
        }
        let mut parameters = BTreeMap::new();
        for (name, value) in raw.parameters {
            let values = match value {
                Value::Array(values) if values.is_empty() => {
                    return Err(Error::invalid(Problem::file(
                        file,
                        format!("parameters.{name}: the list is empty"),
                    )));
                }
                Value::Array(values) => values,
                v => vec![v],
            };
            parameters.insert(name, values);
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combinations_are_the_product_in_a_fixed_order() {
        let m = Manifest::parse(
            "datasets = ['a', 'b']\n[parameters]\nseed = [1, 2]\nresolution = [0.5, 1.0, 2.0]\nprojection = 'regions'\n",
            "m.toml",
            Path::new("/base"),
        )
        .unwrap();
        assert_eq!(
            m.datasets,
            vec![PathBuf::from("/base/a"), PathBuf::from("/base/b")]
        );
        assert_eq!(m.out, PathBuf::from("/base/out/batch"));
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
        let err =
            Manifest::parse("datasets = ['a']\nbogus = 1\n", "m.toml", Path::new(".")).unwrap_err();
        let p = &err.problems()[0];
        assert_eq!(p.line, Some(2));
        assert!(p.reason.contains("bogus"), "{}", p.reason);
        let err = Manifest::parse("datasets = []\n", "m.toml", Path::new(".")).unwrap_err();
        assert!(err.to_string().contains("the list is empty"));
    }
}
