//! Generated datasets: `coopnet generate`.
//!
//! Three profiles:
//!
//! - [`russia`]: the source study's 119 clusters on Russia's 85 federal
//!   subjects, reproducing its Table 1 and Figure 3 exactly, with synthetic
//!   organisations and links where the study is silent. The bundled
//!   `datasets/russia` is [`russia::generate_russia`] with
//!   [`russia::DEFAULT_SEED`].
//! - [`national`]: synthetic national-scale datasets of any size, with planted
//!   cooperation communities and sector structure, streamed to disk; for
//!   benchmarks and scale tests.
//! - [`planted`]: a small synthetic country with national clusters planted
//!   among decoys, the answer key beside them, to check a ranking of
//!   suggestions where the answer is known.
//!
//! Every random draw comes from a [`Stream`] seeded by the user's seed, so the
//! same seed gives the same bytes, at any thread count and on any platform.
//! The library reports progress through a callback ([`Progress`]) and prints
//! nothing.

pub mod national;
pub mod planted;
mod rng;
pub mod russia;
pub mod sectors;
pub mod specs;

use std::path::Path;

pub use rng::{Stream, exp};

use crate::error::{Error, Result};
use crate::output::StagedDir;

/// How far a long generation has got, for the caller to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// What is being written (`participants.csv`, `links.csv`, ...).
    pub phase: &'static str,
    /// Rows done.
    pub done: u64,
    /// Rows in all.
    pub total: u64,
}

/// A dataset generated in memory: file names and contents, in writing order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GeneratedFiles {
    /// `(file name, bytes)` pairs.
    pub files: Vec<(String, Vec<u8>)>,
}

impl GeneratedFiles {
    /// Adds a file.
    pub fn push(&mut self, name: &str, bytes: Vec<u8>) {
        self.files.push((name.to_string(), bytes));
    }

    /// The contents of file `name`.
    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b.as_slice())
    }

    /// Total size in bytes.
    pub fn bytes(&self) -> usize {
        self.files.iter().map(|(_, b)| b.len()).sum()
    }

    /// Writes the files as folder `dir`, replacing it as a whole: they are
    /// staged beside it and moved into place only when all are written.
    pub fn write_to(&self, dir: &Path) -> Result<()> {
        let staged = StagedDir::new(dir)?;
        for (name, bytes) in &self.files {
            let path = staged.path().join(name);
            std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))?;
        }
        staged.commit()
    }
}

/// Splits `total` into one share per weight, each at least 1, proportional to
/// the weights, rounding by largest remainder (ties to the lower index).
/// Requires `total >= weights.len()`.
pub(crate) fn allocate(total: u64, weights: &[f64]) -> Vec<u64> {
    let n = weights.len() as u64;
    if n == 0 {
        return Vec::new();
    }
    let rest = total.saturating_sub(n);
    let wsum: f64 = weights.iter().sum();
    let mut out = vec![1u64; weights.len()];
    let mut fracs: Vec<(f64, usize)> = Vec::with_capacity(weights.len());
    let mut given = 0u64;
    for (i, &w) in weights.iter().enumerate() {
        let x = if wsum > 0.0 {
            rest as f64 * w / wsum
        } else {
            rest as f64 / n as f64
        };
        let f = (x.floor() as u64).min(rest - given);
        out[i] += f;
        given += f;
        fracs.push((x - x.floor(), i));
    }
    fracs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut left = rest - given;
    let mut k = 0;
    while left > 0 {
        out[fracs[k % fracs.len()].1] += 1;
        left -= 1;
        k += 1;
    }
    out
}
