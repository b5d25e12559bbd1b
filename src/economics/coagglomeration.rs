//! Relatedness measured from the data: the Ellison-Glaeser-Kerr
//! coagglomeration index between sectors, the Delgado-Porter-Stern
//! validation scores of a set of sector groups, and groups found by Leiden on
//! the coagglomeration graph.
//!
//! # The coagglomeration index
//!
//! With `s_mi = x_mi / x_.i` the share of sector `i`'s activity located in
//! region `m` and `x_m = x_m. / x..` region `m`'s share of all activity, the
//! pairwise index of Ellison, Glaeser and Kerr (2010, *What causes industry
//! agglomeration? Evidence from coagglomeration patterns*, American Economic
//! Review 100(3), 1195-1213, their equation (1)) is
//!
//! `gamma_ij = sum_m (s_mi - x_m)(s_mj - x_m) / (1 - sum_m x_m^2)`
//!
//! positive when two sectors over-weight the same regions, negative when they
//! avoid each other, near zero when they locate independently. The
//! denominator is that of Ellison and Glaeser (1997, *Geographic
//! concentration in U.S. manufacturing industries: a dartboard approach*,
//! Journal of Political Economy 105(5), 889-927).
//!
//! **What of Ellison-Glaeser 1997 is left out.** Their index of a group of
//! industries subtracts a plant Herfindahl `H = sum_k z_k^2` (`z_k` the
//! plants' shares of employment) and each industry's own agglomeration
//! `gamma_j`, because under their "dartboard" null a lumpy industry (few
//! large plants) is concentrated by chance. For a *pair* of distinct sectors
//! that term vanishes: plants of two sectors choose locations independently
//! under the null, so the expected cross-product of their deviations is 0
//! whatever the plant sizes, and EGK's pairwise form needs no Herfindahl.
//! What remains of the lumpiness is noise, not bias: two sectors with one
//! large plant each in the same region get a large `gamma_ij` by chance.
//! The own-sector index `gamma_i` (the diagonal, which does need `H`) is not
//! computed; the diagonal of [`coagglomeration`] is 0. Read indices between
//! sectors of a handful of organisations with that in mind.
//!
//! # Validation scores
//!
//! Delgado, Porter and Stern (2016, *Defining clusters of related
//! industries*, Journal of Economic Geography 16(1), 1-38) judge a set of
//! cluster definitions (a partition of industries into groups) against a
//! relatedness matrix `R` by validation scores (the fourth step of their
//! algorithm, "validation scores" of a cluster configuration). With the
//! within-cluster relatedness `WCR_c`, the mean of `R_ij` over pairs of
//! distinct sectors in group `c`, and the between-cluster relatedness
//! `BCR_c`, the mean of `R_ij` over pairs with `i` in `c` and `j` outside it:
//!
//! - **VS-Cluster** is the share of groups with `WCR_c > BCR_c`;
//! - **VS-Industry** is the share of sectors more related to their own group
//!   than to any other: `WCR_i > BCR_ic'` for every other group `c'`, with
//!   `WCR_i` the mean of `R_ij` over the other members `j` of `i`'s group and
//!   `BCR_ic'` the mean over the members of `c'`.
//!
//! A group of one sector has no within-group pair, and a sector alone in its
//! group has nothing to compare: both are left out of the scores and counted
//! apart ([`Validation::singletons`]). Scores are shares in `[0, 1]` (the
//! paper gives percentages).
//!
//! These definitions are our reading of the validation step: the public
//! copies of the paper's text we could consult (NBER Working Paper 20375,
//! 2014: its abstract page and a transcript of its first pages; the MIT
//! open-access record) give the five steps of the algorithm but not the
//! scores' formulas, so they are not checked against the paper's own
//! (`docs/measures.md` says which sources were consulted).
//!
//! # Groups from data
//!
//! [`leiden_groups`] runs Leiden (crate::community) on the graph of sectors
//! joined by a positive coagglomeration index, weighted by it: groups of
//! sectors that locate together, found with no value chain at all.
//! [`chain_groups`] forms the groups of a curated value chain the same way,
//! on the graph of its links weighted by `max(V_st, V_ts)`: Leiden
//! communities rather than connected components, because the curated chain's
//! links join most of manufacturing into one component.

use serde::Serialize;

use super::matrix::{DenseMatrix, RegionSectorMatrix};
use super::value_chain::{ValueChain, ValueChainLink};
use crate::community::{LeidenConfig, leiden};
use crate::error::{Error, Result};
use crate::graph::CsrGraph;

/// Default share of sector pairs kept by [`value_chain_from_coagglomeration`]:
/// the strongest 5 %. On a matrix of 80 divisions (3,160 pairs) that is
/// about 160 links, two to four per sector, the order of the curated chain's
/// partners per sector (71 links over about 40 divisions) and of an
/// input-output chain at its default threshold; a looser cut lets chance
/// co-location of small sectors into the chain.
pub const DEFAULT_COAGGLOMERATION_SHARE: f64 = 0.05;

/// The Ellison-Glaeser-Kerr coagglomeration index of every pair of sectors
/// (columns) of `x`, a symmetric `S x S` matrix with a zero diagonal (see
/// the module docs). A sector with no activity has index 0 with every other;
/// so has every pair when all activity lies in one region.
pub fn coagglomeration(x: &DenseMatrix) -> DenseMatrix {
    let (nr, ns) = (x.rows(), x.cols());
    let row = x.row_sums();
    let col = x.col_sums();
    let total: f64 = row.iter().sum();
    let mut out = DenseMatrix::zeros(ns, ns);
    if total <= 0.0 {
        return out;
    }
    let share: Vec<f64> = row.iter().map(|r| r / total).collect();
    let denominator = 1.0 - share.iter().map(|v| v * v).sum::<f64>();
    if denominator <= 0.0 {
        return out;
    }
    // deviations d_mi = s_mi - x_m, sectors in rows for contiguous dot products
    let mut d = DenseMatrix::zeros(ns, nr);
    for (i, &ci) in col.iter().enumerate() {
        if ci <= 0.0 {
            continue;
        }
        for (m, &xm) in share.iter().enumerate() {
            d.set(i, m, x.get(m, i) / ci - xm);
        }
    }
    for (i, &ci) in col.iter().enumerate() {
        if ci <= 0.0 {
            continue;
        }
        for (j, &cj) in col.iter().enumerate().skip(i + 1) {
            if cj <= 0.0 {
                continue;
            }
            let g: f64 = d.row(i).iter().zip(d.row(j)).map(|(a, b)| a * b).sum();
            let g = g / denominator;
            out.set(i, j, g);
            out.set(j, i, g);
        }
    }
    out
}

/// The within- and between-group relatedness of one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupScore {
    /// 0-based group number (in order of the groups' smallest sector).
    pub group: usize,
    /// Its sectors, in matrix order.
    pub sectors: Vec<String>,
    /// Mean relatedness of its distinct pairs (NaN-free: 0 for a singleton).
    pub wcr: f64,
    /// Mean relatedness of its sectors with every sector outside it.
    pub bcr: f64,
    /// `wcr > bcr` (false for a singleton, which is not scored).
    pub holds_together: bool,
}

/// The validation scores of a set of groups against a relatedness matrix.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Validation {
    /// VS-Cluster: share of the scored groups with `WCR_c > BCR_c`.
    pub vs_cluster: f64,
    /// VS-Industry: share of the scored sectors more related to their own
    /// group than to any other group.
    pub vs_industry: f64,
    /// Groups of two or more sectors (those scored).
    pub groups: usize,
    /// Sectors in those groups.
    pub sectors: usize,
    /// Groups of one sector, not scored.
    pub singletons: usize,
    /// Every group, singletons included.
    pub per_group: Vec<GroupScore>,
}

/// The Delgado-Porter-Stern validation scores of `membership` (a group id
/// per sector, `None` for a sector in no group) against the symmetric
/// relatedness `r` (see the module docs).
///
/// # Errors
///
/// [`Error::Parameter`] when the sizes disagree.
///
/// # Complexity
///
/// `O(S^2)` for `S` sectors.
pub fn validation_scores(
    r: &DenseMatrix,
    membership: &[Option<usize>],
    sectors: &[String],
) -> Result<Validation> {
    let n = r.rows();
    if r.cols() != n || membership.len() != n || sectors.len() != n {
        return Err(Error::parameter(
            "groups",
            format!(
                "{} x {} relatedness, {} memberships, {} sectors",
                r.rows(),
                r.cols(),
                membership.len(),
                sectors.len()
            ),
        ));
    }
    // groups renumbered in order of first member
    let mut ids: Vec<usize> = Vec::new();
    let mut group_of: Vec<Option<usize>> = vec![None; n];
    for (i, m) in membership.iter().enumerate() {
        if let Some(c) = m {
            let g = match ids.iter().position(|x| x == c) {
                Some(g) => g,
                None => {
                    ids.push(*c);
                    ids.len() - 1
                }
            };
            group_of[i] = Some(g);
        }
    }
    let k = ids.len();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); k];
    for (i, g) in group_of.iter().enumerate() {
        if let Some(g) = g {
            members[*g].push(i);
        }
    }
    let grouped: Vec<usize> = (0..n).filter(|&i| group_of[i].is_some()).collect();
    let mean = |sum: f64, count: usize| if count > 0 { sum / count as f64 } else { 0.0 };
    let mut per_group = Vec::with_capacity(k);
    let (mut scored, mut held, mut singletons) = (0, 0, 0);
    for (g, list) in members.iter().enumerate() {
        let (mut within, mut wn) = (0.0, 0);
        for (a, &i) in list.iter().enumerate() {
            for &j in &list[a + 1..] {
                within += r.get(i, j);
                wn += 1;
            }
        }
        let (mut between, mut bn) = (0.0, 0);
        for &i in list {
            for &j in &grouped {
                if group_of[j] != Some(g) {
                    between += r.get(i, j);
                    bn += 1;
                }
            }
        }
        let (wcr, bcr) = (mean(within, wn), mean(between, bn));
        let holds = list.len() >= 2 && wcr > bcr;
        if list.len() >= 2 {
            scored += 1;
            held += usize::from(holds);
        } else {
            singletons += 1;
        }
        per_group.push(GroupScore {
            group: g,
            sectors: list.iter().map(|&i| sectors[i].clone()).collect(),
            wcr,
            bcr,
            holds_together: holds,
        });
    }
    let (mut scored_sectors, mut loyal) = (0, 0);
    for &i in &grouped {
        let own = group_of[i].unwrap_or(0);
        if members[own].len() < 2 {
            continue;
        }
        scored_sectors += 1;
        let avg = |g: usize| {
            let others: Vec<usize> = members[g].iter().copied().filter(|&j| j != i).collect();
            mean(others.iter().map(|&j| r.get(i, j)).sum(), others.len())
        };
        let wcr = avg(own);
        if (0..k).filter(|&g| g != own).all(|g| wcr > avg(g)) {
            loyal += 1;
        }
    }
    Ok(Validation {
        vs_cluster: mean(held as f64, scored),
        vs_industry: mean(loyal as f64, scored_sectors),
        groups: scored,
        sectors: scored_sectors,
        singletons,
        per_group,
    })
}

/// The undirected graph of the positive entries of the symmetric `r`
/// (upper triangle), weighted by them.
fn positive_graph(r: &DenseMatrix) -> CsrGraph {
    let n = r.rows();
    let mut edges = Vec::new();
    for i in 0..n {
        for j in i + 1..n {
            let w = r.get(i, j).max(r.get(j, i));
            if w > 0.0 {
                edges.push((i as u32, j as u32, w));
            }
        }
    }
    CsrGraph::from_edges(n, &edges)
}

/// Leiden communities of the graph of positive entries of `r` (sectors with
/// no positive entry are groups of one). Deterministic for a given `config`.
///
/// # Errors
///
/// As [`leiden`].
pub fn leiden_groups(r: &DenseMatrix, config: &LeidenConfig) -> Result<Vec<Option<usize>>> {
    let g = positive_graph(r);
    if g.edge_count() == 0 {
        return Ok((0..r.rows()).map(Some).collect());
    }
    let c = leiden(&g, config)?;
    Ok(c.membership.into_iter().map(|m| Some(m as usize)).collect())
}

/// The groups of a value chain on `sectors`: Leiden communities of its links
/// (weighted by `max(V_st, V_ts)`) among the sectors it names; a sector the
/// chain does not link is in no group (`None`).
///
/// # Errors
///
/// As [`leiden`].
pub fn chain_groups(
    chain: &ValueChain,
    sectors: &[String],
    config: &LeidenConfig,
) -> Result<Vec<Option<usize>>> {
    let v = chain.weights(sectors);
    let n = sectors.len();
    let linked: Vec<bool> = (0..n)
        .map(|i| (0..n).any(|j| v.get(i, j) > 0.0 || v.get(j, i) > 0.0))
        .collect();
    let groups = leiden_groups(&v, config)?;
    Ok(groups
        .into_iter()
        .zip(&linked)
        .map(|(g, &l)| if l { g } else { None })
        .collect())
}

/// A value chain of the strongest positive coagglomeration pairs of `m`:
/// the top `share` of all sector pairs by `gamma_ij` (ties kept), those with
/// `gamma_ij > 0`, each a link from the first sector to the second (the
/// index is symmetric, so the direction carries no meaning) with weight
/// `gamma_ij / max gamma`.
///
/// # Errors
///
/// [`Error::Parameter`] when `share` is not in `(0, 1]` or no pair is
/// positively coagglomerated.
pub fn value_chain_from_coagglomeration(m: &RegionSectorMatrix, share: f64) -> Result<ValueChain> {
    if !(share > 0.0 && share <= 1.0) {
        return Err(Error::parameter(
            "coagglomeration-share",
            format!("{share} is not a share in (0, 1]; the default is 0.05"),
        ));
    }
    let g = coagglomeration(m.values());
    let sectors = m.sectors();
    let n = sectors.len();
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for i in 0..n {
        for j in i + 1..n {
            pairs.push((g.get(i, j), i, j));
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    let keep = ((pairs.len() as f64 * share).ceil() as usize).min(pairs.len());
    let cut = pairs.get(keep.saturating_sub(1)).map_or(0.0, |p| p.0);
    let max = pairs.first().map_or(0.0, |p| p.0);
    if max <= 0.0 {
        return Err(Error::parameter(
            "value-chain",
            "no two sectors are positively coagglomerated: the matrix gives no chain",
        ));
    }
    let links: Vec<ValueChainLink> = pairs
        .iter()
        .take_while(|p| p.0 >= cut)
        .filter(|p| p.0 > 0.0)
        .map(|&(gamma, i, j)| ValueChainLink {
            from: sectors[i].clone(),
            to: sectors[j].clone(),
            weight: (gamma / max).clamp(f64::MIN_POSITIVE, 1.0),
            rationale: format!(
                "{} and {} locate together (Ellison-Glaeser-Kerr coagglomeration {gamma:.4}, \
                 among the strongest {:.0} % of sector pairs)",
                sectors[i],
                sectors[j],
                100.0 * share
            ),
        })
        .collect();
    ValueChain::new(links)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn egk_by_hand_on_three_regions_and_three_sectors() {
        // regions A, B, C in rows; sectors 1, 2, 3 in columns
        let x = DenseMatrix::from_rows(&[[10.0, 20.0, 0.0], [0.0, 10.0, 10.0], [10.0, 10.0, 30.0]])
            .unwrap();
        // total 100; x_m = 0.3, 0.2, 0.5; 1 - sum x_m^2 = 1 - 0.38 = 0.62
        // s_m1 = 0.5, 0, 0.5      -> d1 = 0.2, -0.2, 0
        // s_m2 = 0.5, 0.25, 0.25  -> d2 = 0.2, 0.05, -0.25
        // s_m3 = 0, 0.25, 0.75    -> d3 = -0.3, 0.05, 0.25
        // g12 = (0.04 - 0.01 + 0) / 0.62, g13 = (-0.06 - 0.01 + 0) / 0.62,
        // g23 = (-0.06 + 0.0025 - 0.0625) / 0.62
        let g = coagglomeration(&x);
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        assert!(close(g.get(0, 1), 0.03 / 0.62), "{}", g.get(0, 1));
        assert!(close(g.get(0, 2), -0.07 / 0.62));
        assert!(close(g.get(1, 2), -0.12 / 0.62));
        assert_eq!(g.get(1, 0), g.get(0, 1));
        assert_eq!(g.get(0, 0), 0.0);
        // all activity in one region: no information, all zero
        let one = DenseMatrix::from_rows(&[[5.0, 5.0]]).unwrap();
        assert_eq!(coagglomeration(&one).get(0, 1), 0.0);
    }

    /// Six sectors in two true groups {0,1,2} and {3,4,5}: strongly related
    /// inside, weakly across.
    fn two_blocks() -> DenseMatrix {
        let mut r = DenseMatrix::zeros(6, 6);
        for i in 0..6 {
            for j in 0..6 {
                if i != j {
                    let same = (i < 3) == (j < 3);
                    // a little variety so that no two pairs tie
                    let v = if same { 0.5 } else { -0.1 } + 0.01 * ((i + j) % 3) as f64;
                    r.set(i, j, v);
                }
            }
        }
        r
    }

    #[test]
    fn the_right_grouping_scores_higher_than_a_shuffled_one() {
        let r = two_blocks();
        let names: Vec<String> = (0..6).map(|i| format!("{i:02}")).collect();
        let right = [0, 0, 0, 1, 1, 1].map(Some);
        let shuffled = [0, 1, 0, 1, 0, 1].map(Some);
        let good = validation_scores(&r, &right, &names).unwrap();
        let bad = validation_scores(&r, &shuffled, &names).unwrap();
        assert_eq!((good.vs_cluster, good.vs_industry), (1.0, 1.0));
        // shuffled, neither half holds together; four of the six sectors
        // still have their one true partner in the group, and beat the other
        // group by it (0: 0.215 against 0.11), sectors 4 and 1 do not
        assert_eq!(bad.vs_cluster, 0.0);
        assert!((bad.vs_industry - 4.0 / 6.0).abs() < 1e-12);
        assert!(bad.vs_industry < good.vs_industry);
        assert_eq!(good.groups, 2);
        assert!(good.per_group[0].wcr > good.per_group[0].bcr);
        // WCR of {0,1,2}: pairs (0,1) 0.51, (0,2) 0.52, (1,2) 0.5 -> 0.51
        assert!((good.per_group[0].wcr - 0.51).abs() < 1e-12);
        // Leiden on the positive graph finds the right grouping
        let found = leiden_groups(&r, &LeidenConfig::default()).unwrap();
        let again = validation_scores(&r, &found, &names).unwrap();
        assert_eq!((again.vs_cluster, again.vs_industry), (1.0, 1.0));
    }

    #[test]
    fn singletons_and_ungrouped_sectors_are_not_scored() {
        let r = two_blocks();
        let names: Vec<String> = (0..6).map(|i| format!("{i:02}")).collect();
        let m = [Some(0), Some(0), Some(0), Some(1), None, None];
        let v = validation_scores(&r, &m, &names).unwrap();
        assert_eq!((v.groups, v.sectors, v.singletons), (1, 3, 1));
        assert_eq!(v.vs_cluster, 1.0);
        assert!(validation_scores(&r, &m[..3], &names).is_err());
    }

    #[test]
    fn a_chain_from_the_strongest_pairs() {
        let m = RegionSectorMatrix::from_triples(
            [
                ("A", "01", 10.0),
                ("A", "02", 20.0),
                ("B", "02", 10.0),
                ("B", "03", 10.0),
                ("C", "01", 10.0),
                ("C", "02", 10.0),
                ("C", "03", 30.0),
            ],
            crate::economics::Duplicates::Sum,
        )
        .unwrap();
        // of the three pairs only 01-02 is positive (the hand case above)
        let chain = value_chain_from_coagglomeration(&m, 1.0).unwrap();
        assert_eq!(chain.len(), 1);
        let l = &chain.links()[0];
        assert_eq!(
            (l.from.as_str(), l.to.as_str(), l.weight),
            ("01", "02", 1.0)
        );
        assert!(value_chain_from_coagglomeration(&m, 0.0).is_err());
    }
}
