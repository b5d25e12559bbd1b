//! The suggestion back-test: do the national-cluster suggestions computed
//! from the network of year `t0` point at the pairs of regions that start
//! cooperating after `t0`?
//!
//! It needs links with years (`links.csv` with a `year` column; see
//! `docs/dataset-format.md`, "Years"). With `t0 < t1`:
//!
//! - **regions**: those with an organisation present in some year from `t0`
//!   to `t1` (a region without any can neither be suggested nor linked);
//! - **candidate pairs**: the unordered pairs of those regions with no link
//!   between them in any year up to `t0` (a link between a cluster and an
//!   organisation joins every region of the cluster with the organisation's);
//! - **new pair**: a candidate with a link in some year after `t0`, up to `t1`;
//! - **score** of a pair: the highest score of the suggestions of `t0`
//!   (`crate::suggest`, computed on the cross-section of `t0` with the
//!   options given) that contain both regions, 0 when none does.
//!
//! Reported: the **AUC** of the score for new pairs over all candidates (ties
//! count half, as [`super::backtest::auc`]; 0.5 is chance), the base rate
//! (new pairs / candidates) and the **precision of the top k suggestions**:
//! the share of the candidate pairs inside the k best-ranked suggestions that
//! became new pairs, for k = 1, 5, 10, 20 and all. Precision above the base
//! rate is the evidence; a precision on a handful of pairs is noise, which is
//! why the counts are printed beside it. This is a link-prediction check in
//! the sense of Liben-Nowell and Kleinberg (2007, *JASIST* 58: 1019-1031):
//! the pairs are ranked on what was known at `t0` and scored on what came
//! after.
//!
//! The test is at the level of region pairs, whatever the sector of the new
//! link: suggestions are about sectors, but a new link of another sector
//! between two co-suggested regions still counts. It says whether
//! suggestions point at regions that go on to cooperate, not at the sector.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::backtest::auc;
use crate::economics::ValueChain;
use crate::error::{Error, Result};
use crate::model::Dataset;
use crate::suggest::{SuggestOptions, suggest};

/// The k of the precision at k (suggestions, by rank); `all` is added.
pub const TOP_K: [usize; 4] = [1, 5, 10, 20];

/// A candidate pair of regions that was linked after `t0`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewPair {
    /// One region (the smaller id).
    pub region_a: String,
    /// The other region.
    pub region_b: String,
    /// The first year after `t0` with a link between them.
    pub first_year: i32,
    /// Its score at `t0` (0: no suggestion holds both).
    pub score: f64,
    /// The best rank of a suggestion of `t0` holding both, if any.
    pub best_rank: Option<usize>,
}

/// The precision of the candidate pairs inside the top `k` suggestions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrecisionAtK {
    /// Suggestions counted (the `k` best, or all of them).
    pub k: usize,
    /// Whether `k` is every suggestion.
    pub all: bool,
    /// Candidate pairs inside them.
    pub pairs: usize,
    /// Of those, pairs linked after `t0`.
    pub new: usize,
    /// `new / pairs`; `None` without pairs.
    pub precision: Option<f64>,
}

/// What [`link_backtest`] finds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkBacktest {
    /// The year the suggestions are computed in.
    pub from: i32,
    /// The last year of new links.
    pub to: i32,
    /// The years links have.
    pub link_years: Vec<i32>,
    /// Suggestions computed at `from`.
    pub suggestions: usize,
    /// Regions taking part (an organisation present from `from` to `to`).
    pub regions: usize,
    /// Pairs of them already linked by `from`.
    pub linked_pairs: usize,
    /// Candidate pairs (not linked by `from`).
    pub candidates: usize,
    /// Candidates linked after `from`, by `to`.
    pub new_pairs: usize,
    /// `new_pairs / candidates`; `None` without candidates.
    pub base_rate: Option<f64>,
    /// Candidates inside some suggestion.
    pub suggested: usize,
    /// Of those, new pairs.
    pub suggested_new: usize,
    /// AUC of the score for new pairs; `None` without new pairs or without others.
    pub auc: Option<f64>,
    /// Precision of the top k suggestions.
    pub precision: Vec<PrecisionAtK>,
    /// The new pairs, highest score first.
    pub new: Vec<NewPair>,
}

/// An unordered pair of region ids, smaller first.
fn pair(a: &str, b: &str) -> (String, String) {
    if a <= b {
        (a.to_string(), b.to_string())
    } else {
        (b.to_string(), a.to_string())
    }
}

/// Runs the suggestion back-test between `from` and `to` (see the module docs).
///
/// # Errors
///
/// [`Error::Parameter`] when links have no years, `to` is not after `from`,
/// `from` is not a year of the network, or no link has a year up to `from`;
/// any error of computing the suggestions of `from`.
pub fn link_backtest(
    ds: &Dataset,
    from: i32,
    to: i32,
    chain: &ValueChain,
    options: &SuggestOptions,
) -> Result<LinkBacktest> {
    if !ds.years.links {
        return Err(Error::parameter(
            "links.csv",
            "has no year column; the suggestion back-test needs links with years",
        ));
    }
    if to <= from {
        return Err(Error::parameter(
            "--to",
            format!("{to} is not after --from {from}"),
        ));
    }
    let dated = ds.dated_links();
    let mut link_years: Vec<i32> = dated.iter().map(|l| l.year).collect();
    link_years.sort_unstable();
    link_years.dedup();
    if link_years.first().is_none_or(|&y| y > from) {
        return Err(Error::parameter(
            "--from",
            format!(
                "{from}: no link has a year up to it (links have {})",
                crate::model::years::years_text(&link_years)
            ),
        ));
    }
    let at = ds.at_year(from)?;
    let report = suggest(&at, chain, options)?;

    // regions with an organisation present in some year from `from` to `to`
    let mut regions: BTreeSet<&str> = BTreeSet::new();
    for (p, span) in ds.presences() {
        if (from..=to).any(|y| span.contains(y)) {
            regions.insert(ds.region(p.region).id.as_str());
        }
    }
    // region pairs linked up to `from`, and the first year of the others by `to`
    let mut linked: BTreeSet<(String, String)> = BTreeSet::new();
    let mut first_after: BTreeMap<(String, String), i32> = BTreeMap::new();
    for l in &dated {
        if l.year > to {
            continue;
        }
        for &a in ds.place_regions(&l.source) {
            for &b in ds.place_regions(&l.target) {
                let (a, b) = (ds.region(a).id.as_str(), ds.region(b).id.as_str());
                if a == b {
                    continue;
                }
                let key = pair(a, b);
                if l.year <= from {
                    linked.insert(key);
                } else {
                    let e = first_after.entry(key).or_insert(l.year);
                    *e = (*e).min(l.year);
                }
            }
        }
    }
    // the best score and rank of each pair inside a suggestion
    let mut best: BTreeMap<(String, String), (f64, usize)> = BTreeMap::new();
    for s in &report.suggestions {
        for (i, a) in s.regions.iter().enumerate() {
            for b in &s.regions[i + 1..] {
                let e = best.entry(pair(a, b)).or_insert((s.score, s.rank));
                if s.score > e.0 {
                    e.0 = s.score;
                }
                e.1 = e.1.min(s.rank);
            }
        }
    }
    let list: Vec<&str> = regions.into_iter().collect();
    let (mut scores, mut labels) = (Vec::new(), Vec::new());
    let mut new = Vec::new();
    let mut linked_pairs = 0;
    // candidate pairs with their best rank, for the precision at k
    let mut ranked: Vec<(usize, bool)> = Vec::new();
    for (i, a) in list.iter().enumerate() {
        for b in &list[i + 1..] {
            let key = pair(a, b);
            if linked.contains(&key) {
                linked_pairs += 1;
                continue;
            }
            let (score, rank) = best.get(&key).map_or((0.0, None), |&(s, r)| (s, Some(r)));
            let first = first_after.get(&key).copied();
            scores.push(score);
            labels.push(first.is_some());
            if let Some(r) = rank {
                ranked.push((r, first.is_some()));
            }
            if let Some(first_year) = first {
                new.push(NewPair {
                    region_a: key.0,
                    region_b: key.1,
                    first_year,
                    score,
                    best_rank: rank,
                });
            }
        }
    }
    new.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then_with(|| (&x.region_a, &x.region_b).cmp(&(&y.region_a, &y.region_b)))
    });
    let n = report.suggestions.len();
    let mut precision = Vec::new();
    for k in TOP_K.iter().copied().filter(|&k| k < n).chain([n]) {
        let inside: Vec<bool> = ranked.iter().filter(|r| r.0 <= k).map(|r| r.1).collect();
        let hits = inside.iter().filter(|&&h| h).count();
        precision.push(PrecisionAtK {
            k,
            all: k == n,
            pairs: inside.len(),
            new: hits,
            precision: (!inside.is_empty()).then(|| hits as f64 / inside.len() as f64),
        });
    }
    let candidates = labels.len();
    let new_pairs = new.len();
    Ok(LinkBacktest {
        from,
        to,
        link_years,
        suggestions: n,
        regions: list.len(),
        linked_pairs,
        candidates,
        new_pairs,
        base_rate: (candidates > 0).then(|| new_pairs as f64 / candidates as f64),
        suggested: ranked.len(),
        suggested_new: ranked.iter().filter(|r| r.1).count(),
        auc: auc(&scores, &labels),
        precision,
        new,
    })
}
