//! The suggestion back-test: do the national-cluster suggestions computed
//! from the network of year `t0` point at the pairs of regions that start
//! cooperating after `t0`, and in the suggestions' sectors?
//!
//! It needs links with years (`links.csv` with a `year` column; see
//! `docs/dataset-format.md`, "Years"). With `t0 < t1`:
//!
//! - **regions**: those with an organisation present in some year from `t0`
//!   to `t1` (a region without any can neither be suggested nor linked);
//! - **candidate pairs**: the unordered pairs of those regions with no link
//!   between them in any year up to `t0` (a link between two clusters joins
//!   every region of the one with every region of the other);
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
//! # Two levels
//!
//! The **pair level** above counts a new link whatever its sector: it says
//! whether suggestions point at regions that go on to cooperate. A
//! suggestion is a claim about sectors, though, so the **sector level**
//! ([`SectorBacktest`]) asks whether the new cooperation is in them. Its unit
//! is a **cell** `(a, b, s)`: a pair of the regions above and a sector `s`
//! at the suggestions' sector level (`SuggestOptions::level`, division by
//! default), among the sectors of the organisations present from `t0` to
//! `t1` and of the clusters.
//!
//! - A link **is in sector `s`** when one of its ends is: an organisation
//!   whose main activity (`participants.csv`'s `sector`, in the link's year
//!   when participants have years) lies at or beneath `s`, or a cluster
//!   whose specialisation (`clusters.csv`'s `sector`) does. It joins the
//!   cells `(a, b, s)` of every pair of regions it joins (as above) and of
//!   both its ends' sectors. An end whose code is coarser than the level
//!   (a section letter at the division level) is in no sector.
//! - **Candidate cells**: those with no link in their sector between their
//!   regions up to `t0`; a **new cell** has one after `t0`, by `t1`.
//! - A cell is **inside** a suggestion when both regions are among the
//!   suggestion's regions and `s` among its sectors; its **score** is the
//!   highest score of the suggestions it is inside, 0 when none.
//!
//! AUC, base rate and precision at k are as at the pair level, over cells.
//! Why the ends' sectors rather than the `sector` column of the link: the
//! suggestions are built from the organisations' main activities (the
//! region x sector matrix of `participants.csv`), so an end's sector is what
//! ties a link to a suggestion's specialisations; a jewellery works taking up
//! R&D with an institute in another region is the jewellery suggestion
//! coming true, whatever sector the row of the link names. It is the rule
//! of the suggestions' own "links in these sectors" (`crate::suggest::evidence`),
//! so a count at `t0` and the back-test after it mean the same thing. Either
//! end suffices, not both: a value chain joins a suggestion's sector with
//! its suppliers and buyers of other sectors.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::backtest::auc;
use crate::economics::ValueChain;
use crate::error::{Error, Result};
use crate::model::{Dataset, SectorLevel};
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

/// A candidate cell (two regions and a sector) that was linked after `t0`
/// in its sector (see the module docs, "Two levels").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewCell {
    /// One region (the smaller id).
    pub region_a: String,
    /// The other region.
    pub region_b: String,
    /// The sector code, at the suggestions' level.
    pub sector: String,
    /// The first year after `t0` with a link between them in the sector.
    pub first_year: i32,
    /// Its score at `t0` (0: no suggestion holds both regions and the sector).
    pub score: f64,
    /// The best rank of a suggestion of `t0` holding it, if any.
    pub best_rank: Option<usize>,
}

/// The precision of the candidates inside the top `k` suggestions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrecisionAtK {
    /// Suggestions counted (the `k` best, or all of them).
    pub k: usize,
    /// Whether `k` is every suggestion.
    pub all: bool,
    /// Candidates (pairs, or cells at the sector level) inside them.
    pub pairs: usize,
    /// Of those, the ones linked after `t0`.
    pub new: usize,
    /// `new / pairs`; `None` without candidates.
    pub precision: Option<f64>,
}

/// The sector level of the back-test (see the module docs, "Two levels").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectorBacktest {
    /// The sector level of the suggestions and cells.
    pub level: &'static str,
    /// Sectors of the cells (of the organisations present and of the clusters).
    pub sectors: usize,
    /// Cells already linked in their sector by `from`.
    pub linked_cells: usize,
    /// Candidate cells (region pairs x sectors, not linked in the sector by `from`).
    pub candidates: usize,
    /// Candidates linked in their sector after `from`, by `to`.
    pub new_cells: usize,
    /// `new_cells / candidates`; `None` without candidates.
    pub base_rate: Option<f64>,
    /// Candidates inside some suggestion.
    pub suggested: usize,
    /// Of those, new cells.
    pub suggested_new: usize,
    /// AUC of the score for new cells; `None` without new cells or without others.
    pub auc: Option<f64>,
    /// Precision of the top k suggestions, over cells.
    pub precision: Vec<PrecisionAtK>,
    /// The new cells, highest score first.
    pub new: Vec<NewCell>,
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
    /// The same test in the suggestions' sectors.
    pub sector_level: SectorBacktest,
}

/// What the back-test needs of one suggestion of `t0`.
#[derive(Debug, Clone, Copy)]
pub struct Suggested<'a> {
    /// Its 1-based rank.
    pub rank: usize,
    /// Its score.
    pub score: f64,
    /// Its region ids.
    pub regions: &'a [String],
    /// Its sector codes, at the level of the back-test.
    pub sectors: &'a [String],
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
    check_link_years(ds, from, to)?;
    let at = ds.at_year(from)?;
    let report = suggest(&at, chain, options)?;
    let suggested: Vec<Suggested<'_>> = report
        .suggestions
        .iter()
        .map(|s| Suggested {
            rank: s.rank,
            score: s.score,
            regions: &s.regions,
            sectors: &s.sectors,
        })
        .collect();
    score_backtest(ds, from, to, &suggested, options.level)
}

/// The years links have, once `from` and `to` are checked against them.
fn check_link_years(ds: &Dataset, from: i32, to: i32) -> Result<Vec<i32>> {
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
    let mut link_years: Vec<i32> = ds.dated_links().iter().map(|l| l.year).collect();
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
    Ok(link_years)
}

/// Links seen by `from` and first seen after it, by unit (pair or cell).
struct Seen<K> {
    linked: BTreeSet<K>,
    first_after: BTreeMap<K, i32>,
}

impl<K: Ord> Seen<K> {
    fn new() -> Self {
        Seen {
            linked: BTreeSet::new(),
            first_after: BTreeMap::new(),
        }
    }

    fn add(&mut self, key: K, year: i32, from: i32) {
        if year <= from {
            self.linked.insert(key);
        } else {
            let e = self.first_after.entry(key).or_insert(year);
            *e = (*e).min(year);
        }
    }
}

/// The best score and rank of each unit inside a suggestion.
fn best_of<K: Ord>(units: impl Iterator<Item = (K, f64, usize)>) -> BTreeMap<K, (f64, usize)> {
    let mut best: BTreeMap<K, (f64, usize)> = BTreeMap::new();
    for (key, score, rank) in units {
        let e = best.entry(key).or_insert((score, rank));
        e.0 = e.0.max(score);
        e.1 = e.1.min(rank);
    }
    best
}

/// One level's figures, over the candidate units.
struct Level<K> {
    linked: usize,
    candidates: usize,
    base_rate: Option<f64>,
    suggested: usize,
    suggested_new: usize,
    auc: Option<f64>,
    precision: Vec<PrecisionAtK>,
    /// New units: key, first year, score, best rank; highest score first.
    new: Vec<(K, i32, f64, Option<usize>)>,
}

/// Scores every unit of `all` that `seen` does not have linked by `from`
/// (see the module docs); `n` is the number of suggestions.
fn evaluate<K: Ord + Clone>(
    all: impl Iterator<Item = K>,
    seen: &Seen<K>,
    best: &BTreeMap<K, (f64, usize)>,
    n: usize,
) -> Level<K> {
    let (mut scores, mut labels) = (Vec::new(), Vec::new());
    let mut new = Vec::new();
    let mut linked = 0;
    // candidates with their best rank, for the precision at k
    let mut ranked: Vec<(usize, bool)> = Vec::new();
    for key in all {
        if seen.linked.contains(&key) {
            linked += 1;
            continue;
        }
        let (score, rank) = best.get(&key).map_or((0.0, None), |&(s, r)| (s, Some(r)));
        let first = seen.first_after.get(&key).copied();
        scores.push(score);
        labels.push(first.is_some());
        if let Some(r) = rank {
            ranked.push((r, first.is_some()));
        }
        if let Some(first_year) = first {
            new.push((key, first_year, score, rank));
        }
    }
    new.sort_by(|x, y| y.2.total_cmp(&x.2).then_with(|| x.0.cmp(&y.0)));
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
    Level {
        linked,
        candidates,
        base_rate: (candidates > 0).then(|| new.len() as f64 / candidates as f64),
        suggested: ranked.len(),
        suggested_new: ranked.iter().filter(|r| r.1).count(),
        auc: auc(&scores, &labels),
        precision,
        new,
    }
}

/// The back-test of `suggestions` (those of `from`, their sectors at
/// `level`) against the links of `ds` after `from`, by `to`, at both levels
/// (see the module docs).
///
/// # Errors
///
/// As [`link_backtest`], but for computing the suggestions.
pub fn score_backtest(
    ds: &Dataset,
    from: i32,
    to: i32,
    suggestions: &[Suggested<'_>],
    level: SectorLevel,
) -> Result<LinkBacktest> {
    let link_years = check_link_years(ds, from, to)?;
    let code = |sid: crate::model::SectorId| ds.sectors.code_at(ds.sectors.code(sid), level);
    // regions with an organisation present in some year from `from` to
    // `to`, and the sectors of those organisations and of the clusters
    let (mut regions, mut sectors) = (BTreeSet::new(), BTreeSet::new());
    for (p, span) in ds.presences() {
        if (from..=to).any(|y| span.contains(y)) {
            regions.insert(ds.region(p.region).id.as_str());
            sectors.extend(code(p.sector));
        }
    }
    sectors.extend(ds.clusters.iter().filter_map(|c| code(c.sector)));
    // pairs and cells linked up to `from`, and the first year of the others by `to`
    let mut pairs: Seen<(String, String)> = Seen::new();
    let mut cells: Seen<(String, String, String)> = Seen::new();
    for l in ds.dated_links().iter().filter(|l| l.year <= to) {
        let ends: BTreeSet<String> = [&l.source, &l.target]
            .into_iter()
            .filter_map(|p| code(ds.place_sector(p)))
            .collect();
        for &a in ds.place_regions(&l.source) {
            for &b in ds.place_regions(&l.target) {
                let (a, b) = (ds.region(a).id.as_str(), ds.region(b).id.as_str());
                if a == b {
                    continue;
                }
                let (a, b) = pair(a, b);
                for s in &ends {
                    cells.add((a.clone(), b.clone(), s.clone()), l.year, from);
                }
                pairs.add((a, b), l.year, from);
            }
        }
    }
    let list: Vec<&str> = regions.iter().copied().collect();
    let mut region_pairs = Vec::with_capacity(list.len() * list.len().saturating_sub(1) / 2);
    for (i, a) in list.iter().enumerate() {
        for b in &list[i + 1..] {
            region_pairs.push(pair(a, b));
        }
    }
    let inside_pairs = suggestions.iter().flat_map(|s| {
        let r = s.regions;
        (0..r.len()).flat_map(move |i| {
            r[i + 1..]
                .iter()
                .map(move |b| (pair(&r[i], b), s.score, s.rank))
        })
    });
    let inside_cells = suggestions.iter().flat_map(|s| {
        let r = s.regions;
        (0..r.len()).flat_map(move |i| {
            r[i + 1..].iter().flat_map(move |b| {
                let (a, b) = pair(&r[i], b);
                s.sectors
                    .iter()
                    .map(move |c| ((a.clone(), b.clone(), c.clone()), s.score, s.rank))
            })
        })
    });
    let n = suggestions.len();
    let p = evaluate(
        region_pairs.iter().cloned(),
        &pairs,
        &best_of(inside_pairs),
        n,
    );
    let all_cells = region_pairs.iter().flat_map(|(a, b)| {
        sectors
            .iter()
            .map(move |s| (a.clone(), b.clone(), s.clone()))
    });
    let c = evaluate(all_cells, &cells, &best_of(inside_cells), n);
    let sector_level = SectorBacktest {
        level: level.name(),
        sectors: sectors.len(),
        linked_cells: c.linked,
        candidates: c.candidates,
        new_cells: c.new.len(),
        base_rate: c.base_rate,
        suggested: c.suggested,
        suggested_new: c.suggested_new,
        auc: c.auc,
        precision: c.precision,
        new: c
            .new
            .into_iter()
            .map(
                |((region_a, region_b, sector), first_year, score, best_rank)| NewCell {
                    region_a,
                    region_b,
                    sector,
                    first_year,
                    score,
                    best_rank,
                },
            )
            .collect(),
    };
    Ok(LinkBacktest {
        from,
        to,
        link_years,
        suggestions: n,
        regions: regions.len(),
        linked_pairs: p.linked,
        candidates: p.candidates,
        new_pairs: p.new.len(),
        base_rate: p.base_rate,
        suggested: p.suggested,
        suggested_new: p.suggested_new,
        auc: p.auc,
        precision: p.precision,
        new: p
            .new
            .into_iter()
            .map(
                |((region_a, region_b), first_year, score, best_rank)| NewPair {
                    region_a,
                    region_b,
                    first_year,
                    score,
                    best_rank,
                },
            )
            .collect(),
        sector_level,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Four regions A-D; organisations in 32 (jewellery), 62 (software) and
    /// 10 (food); cluster K1 (26, in B and D) and K2 (32, in C). Linked by
    /// 2019: A-D (a 32 works with a 10 plant). After it, in 2020: A-B in 62,
    /// C-D (62 with 10), and K1-K2 (pairs B-C and C-D, sectors 26 and 32).
    fn dataset() -> (tempfile::TempDir, Dataset) {
        with_rows("", "")
    }

    /// [`dataset`] with more participants and links (CSV rows).
    fn with_rows(participants: &str, links: &str) -> (tempfile::TempDir, Dataset) {
        let dir = tempfile::tempdir().unwrap();
        let files = [
            (
                "regions.csv",
                "id,name,district\nA,Region A,X\nB,Region B,X\nC,Region C,X\nD,Region D,X\n",
            ),
            (
                "clusters.csv",
                "id,name,sector,regions\nK1,Electronics,26.11,B|D\nK2,Jewellery,32.12,C\n",
            ),
            (
                "participants.csv",
                "id,name,kind,sector,region\nPA1,a1,production,32.12,A\nPA2,a2,production,62.01,A\n\
                 PB1,b1,production,32.12,B\nPB2,b2,production,62.01,B\nPC1,c1,production,62.01,C\n\
                 PD1,d1,production,10.11,D\n",
            ),
            (
                "links.csv",
                "source,target,sector,weight,kind,year\nPA1,PD1,32.12,1,supply,2019\n\
                 PA2,PB2,62.01,1,supply,2020\nPC1,PD1,62.01,1,supply,2020\nK1,K2,26.11,1,supply,2021\n",
            ),
        ];
        for (name, text) in files {
            let extra = match name {
                "participants.csv" => participants,
                "links.csv" => links,
                _ => "",
            };
            std::fs::write(dir.path().join(name), format!("{text}{extra}")).unwrap();
        }
        let ds = crate::load::load_dataset(dir.path()).unwrap();
        (dir, ds)
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_sector_level_counts_only_links_in_the_suggestions_sectors() {
        let (_dir, ds) = dataset();
        // S1 pairs A and B in 32, but they are linked in 62: a hit of the
        // pair level only. S2 (C-D in 62) and S3 (B-C in 26) hit at both.
        let (r1, s1) = (strings(&["A", "B"]), strings(&["32"]));
        let (r2, s2) = (strings(&["C", "D"]), strings(&["62"]));
        let (r3, s3) = (strings(&["B", "C"]), strings(&["26"]));
        let suggested = [
            Suggested {
                rank: 1,
                score: 3.0,
                regions: &r1,
                sectors: &s1,
            },
            Suggested {
                rank: 2,
                score: 2.0,
                regions: &r2,
                sectors: &s2,
            },
            Suggested {
                rank: 3,
                score: 1.0,
                regions: &r3,
                sectors: &s3,
            },
        ];
        let b = score_backtest(&ds, 2019, 2021, &suggested, SectorLevel::Division).unwrap();
        assert_eq!(b.link_years, [2019, 2020, 2021]);
        // pairs: 6, A-D linked by 2019; A-B, C-D, B-C new
        assert_eq!(
            (b.regions, b.linked_pairs, b.candidates, b.new_pairs),
            (4, 1, 5, 3)
        );
        assert_eq!(b.base_rate, Some(3.0 / 5.0));
        // every new pair scores above every other candidate (0)
        assert_eq!(b.auc, Some(1.0));
        let prec: Vec<(usize, usize, usize)> =
            b.precision.iter().map(|p| (p.k, p.pairs, p.new)).collect();
        assert_eq!(prec, [(1, 1, 1), (3, 3, 3)]);
        let c = &b.sector_level;
        // sectors 10, 26, 32, 62; 24 cells, (A,D,10) and (A,D,32) linked by 2019
        assert_eq!(
            (c.level, c.sectors, c.linked_cells, c.candidates),
            ("division", 4, 2, 22)
        );
        // new: (A,B,62); (C,D,10), (C,D,62); K1-K2: (B,C,26), (B,C,32), (C,D,26), (C,D,32)
        let mut new: Vec<(&str, &str, &str, i32)> = c
            .new
            .iter()
            .map(|n| {
                (
                    n.region_a.as_str(),
                    n.region_b.as_str(),
                    n.sector.as_str(),
                    n.first_year,
                )
            })
            .collect();
        assert_eq!(new[..2], [("C", "D", "62", 2020), ("B", "C", "26", 2021)]);
        new.sort();
        assert_eq!(
            new,
            [
                ("A", "B", "62", 2020),
                ("B", "C", "26", 2021),
                ("B", "C", "32", 2021),
                ("C", "D", "10", 2020),
                ("C", "D", "26", 2021),
                ("C", "D", "32", 2021),
                ("C", "D", "62", 2020),
            ]
        );
        assert_eq!(c.new_cells, 7);
        assert_eq!(c.base_rate, Some(7.0 / 22.0));
        // 7 new cells scored 2, 1 and five 0; 15 others scored 3 and fourteen 0:
        // (2 x 14/15 + 5 x 0.5 x 14/15) / 7 = 0.6
        assert!((c.auc.unwrap() - 0.6).abs() < 1e-12, "{:?}", c.auc);
        assert_eq!((c.suggested, c.suggested_new), (3, 2));
        let prec: Vec<(usize, usize, usize)> =
            c.precision.iter().map(|p| (p.k, p.pairs, p.new)).collect();
        assert_eq!(prec, [(1, 1, 0), (3, 3, 2)]);
        assert_eq!(c.precision[0].precision, Some(0.0));
    }

    #[test]
    fn an_end_coarser_than_the_level_is_in_no_sector() {
        // PA3 in A is only known by its section, J; its new link with PC1 (62, in C)
        let (_dir, ds) = with_rows("PA3,a3,services,J,A\n", "PA3,PC1,62.01,1,supply,2020\n");
        let b = score_backtest(&ds, 2019, 2021, &[], SectorLevel::Division).unwrap();
        assert_eq!(b.new_pairs, 4); // A-C joins A-B, B-C, C-D
        let c = &b.sector_level;
        assert_eq!(c.sectors, 4); // J is no division
        let a_c: Vec<&str> = c
            .new
            .iter()
            .filter(|n| (n.region_a.as_str(), n.region_b.as_str()) == ("A", "C"))
            .map(|n| n.sector.as_str())
            .collect();
        assert_eq!(a_c, ["62"]);
        // without suggestions every score ties at 0: AUC 0.5, precision on all 0 suggestions empty
        assert_eq!(c.auc, Some(0.5));
        assert_eq!(c.precision.len(), 1);
        assert_eq!((c.precision[0].k, c.precision[0].pairs), (0, 0));
        // at the section level, J is a sector: sections C (10, 26, 32) and J (62)
        let b = score_backtest(&ds, 2019, 2021, &[], SectorLevel::Section).unwrap();
        assert_eq!(b.sector_level.sectors, 2);
        let sections: BTreeSet<&str> = b
            .sector_level
            .new
            .iter()
            .map(|n| n.sector.as_str())
            .collect();
        assert_eq!(sections, BTreeSet::from(["C", "J"]));
    }

    #[test]
    fn errors_name_the_flag() {
        let (_dir, ds) = dataset();
        let e = score_backtest(&ds, 2021, 2019, &[], SectorLevel::Division).unwrap_err();
        assert!(e.to_string().contains("--to"), "{e}");
        let e = score_backtest(&ds, 2018, 2021, &[], SectorLevel::Division).unwrap_err();
        assert!(e.to_string().contains("no link has a year up to it"), "{e}");
    }
}
