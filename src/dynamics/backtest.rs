//! The relatedness back-test: does relatedness density at `t0` predict which
//! specialisations a region gains by `t1`?
//!
//! Over the candidate cells (region `r`, sector `s` not specialised at `t0`),
//! with `entry_rs` 1 when the region specialises in the sector by `t1`
//! ([`super::events`]) and `RD_rs(t0)` the relatedness density of `t0`
//! (0 to 100, EconGeo `relatedness_density`):
//!
//! - **AUC**: the probability that an entering cell has a higher density
//!   than a cell that does not enter (ties count half; the Mann-Whitney
//!   statistic divided by `n_entries · n_others`). 0.5 is no better than
//!   chance.
//! - **Linear probability model** with region and sector fixed effects,
//!   `entry_rs = β RD_rs(t0) + α_r + γ_s + ε_rs`, the specification of
//!   Neffke, Henning and Boschma (2011, *Economic Geography* 87: 237-265) and
//!   Boschma, Balland and Kogler (2015, *Industrial and Corporate Change* 24:
//!   223-250). The fixed effects are absorbed by alternating projections
//!   (demeaning by region, then by sector, until the means vanish; Guimarães
//!   and Portugal 2010), so `β = Σ x̃ ỹ / Σ x̃²` on the demeaned variables,
//!   which by Frisch-Waugh-Lovell is the coefficient of the regression with
//!   the dummies.
//!
//! # Standard errors
//!
//! A linear probability model's errors are heteroskedastic by construction
//! (`Var ε = p(1 − p)`), so a classical standard error is wrong; and cells
//! of one region share shocks that its fixed effect does not absorb (a
//! regional boom, a change in how firms register), so they are not
//! independent either. The headline standard error is therefore
//! **cluster-robust by region** (CR1: `G/(G − 1) · (n − 1)/(n − k)` times the
//! sandwich `Σ_g (Σ_{i∈g} x̃_i e_i)² / (Σ x̃²)²`; Cameron and Miller 2015,
//! *J. Human Resources* 50: 317-372), with `t` on `G − 1` degrees of freedom;
//! with the 80-odd regions of Russia there are enough clusters for it. The
//! heteroskedasticity-robust HC1 (`n/(n − k) · Σ x̃² e² / (Σ x̃²)²`, White
//! 1980 with MacKinnon and White's 1985 correction) is reported beside it.
//! `k` counts the coefficient and the fixed effects (`R + S − c`, `c` the
//! connected components of the region-sector graph of the sample), as a
//! regression with the dummies does (statsmodels with dummies, Stata `areg`).

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};

use crate::error::{Error, Result};

/// AUC of `scores` for `labels` (true = entry); `None` when either class is empty.
pub fn auc(scores: &[f64], labels: &[bool]) -> Option<f64> {
    let n1 = labels.iter().filter(|&&l| l).count();
    let n0 = labels.len() - n1;
    if n1 == 0 || n0 == 0 || scores.len() != labels.len() {
        return None;
    }
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    // average ranks (1-based) over ties
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && scores[order[j + 1]] == scores[order[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        rank_sum += avg * order[i..=j].iter().filter(|&&k| labels[k]).count() as f64;
        i = j + 1;
    }
    let (n1, n0) = (n1 as f64, n0 as f64);
    Some((rank_sum - n1 * (n1 + 1.0) / 2.0) / (n1 * n0))
}

/// The linear probability model with two-way fixed effects.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lpm {
    /// `β`: change in the probability of entry per point of density.
    pub coefficient: f64,
    /// Cluster-robust (by region, CR1) standard error: the headline one.
    pub se_cluster: f64,
    /// `β / se_cluster`.
    pub t_cluster: f64,
    /// Two-sided p-value of `t_cluster` on `G − 1` degrees of freedom.
    pub p_cluster: f64,
    /// Heteroskedasticity-robust (HC1) standard error.
    pub se_hc1: f64,
    /// Two-sided p-value of `β / se_hc1` on `n − k` degrees of freedom.
    pub p_hc1: f64,
    /// Observations (candidate cells).
    pub observations: usize,
    /// Regions in the sample (the clusters, `G`).
    pub regions: usize,
    /// Sectors in the sample.
    pub sectors: usize,
    /// Parameters `k`: the coefficient and the rank of the fixed effects.
    pub parameters: usize,
    /// Share of the demeaned variance of entry explained by density.
    pub r2_within: f64,
}

/// Two-sided p-value of `t` on `df` degrees of freedom.
fn p_value(t: f64, df: f64) -> f64 {
    match StudentsT::new(0.0, 1.0, df) {
        Ok(d) if t.is_finite() => 2.0 * (1.0 - d.cdf(t.abs())),
        _ => f64::NAN,
    }
}

/// Subtracts the group means of `v` by `groups` (ids below `n`).
fn sweep(v: &mut [f64], groups: &[u32], n: usize) -> f64 {
    let mut sum = vec![0.0; n];
    let mut count = vec![0usize; n];
    for (x, &g) in v.iter().zip(groups) {
        sum[g as usize] += x;
        count[g as usize] += 1;
    }
    let mut largest = 0.0f64;
    for (s, &c) in sum.iter_mut().zip(&count) {
        if c > 0 {
            *s /= c as f64;
            largest = largest.max(s.abs());
        }
    }
    for (x, &g) in v.iter_mut().zip(groups) {
        *x -= sum[g as usize];
    }
    largest
}

/// Demeans `v` by both groupings until the means of both are below `tol`.
fn demean(v: &mut [f64], a: &[u32], na: usize, b: &[u32], nb: usize) -> Result<()> {
    let scale = v.iter().map(|x| x.abs()).fold(0.0, f64::max).max(1.0);
    for _ in 0..100_000 {
        let ma = sweep(v, a, na);
        let mb = sweep(v, b, nb);
        if ma.max(mb) <= 1e-13 * scale {
            return Ok(());
        }
    }
    Err(Error::parameter(
        "fixed effects",
        "the region and sector means did not converge",
    ))
}

/// Number of connected components of the bipartite graph joining region
/// `a[i]` and sector `b[i]` for every observation.
fn components(a: &[u32], na: usize, b: &[u32], nb: usize) -> usize {
    let mut parent: Vec<usize> = (0..na + nb).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    let mut used = vec![false; na + nb];
    for (&r, &s) in a.iter().zip(b) {
        let (r, s) = (r as usize, na + s as usize);
        used[r] = true;
        used[s] = true;
        let (x, y) = (find(&mut parent, r), find(&mut parent, s));
        if x != y {
            parent[x] = y;
        }
    }
    (0..na + nb)
        .filter(|&i| used[i] && find(&mut parent, i) == i)
        .count()
}

/// Renumbers ids densely from 0 in order of first appearance.
fn dense(ids: &[u32]) -> (Vec<u32>, usize) {
    let mut map = std::collections::HashMap::new();
    let out = ids
        .iter()
        .map(|id| {
            let next = map.len() as u32;
            *map.entry(*id).or_insert(next)
        })
        .collect();
    (out, map.len())
}

/// Fits `y = β x + α_region + γ_sector + ε` (see the module docs); `None`
/// when nothing is left to estimate (density constant within the fixed
/// effects, or no more observations than parameters).
///
/// # Errors
///
/// [`Error::Parameter`] when the lengths differ or the demeaning does not converge.
pub fn lpm_two_way(y: &[f64], x: &[f64], region: &[u32], sector: &[u32]) -> Result<Option<Lpm>> {
    let n = y.len();
    if x.len() != n || region.len() != n || sector.len() != n {
        return Err(Error::parameter(
            "lpm",
            "outcome, regressor and groups differ in length",
        ));
    }
    let (region, nr) = dense(region);
    let (sector, ns) = dense(sector);
    let (mut yt, mut xt) = (y.to_vec(), x.to_vec());
    demean(&mut yt, &region, nr, &sector, ns)?;
    demean(&mut xt, &region, nr, &sector, ns)?;
    let sxx: f64 = xt.iter().map(|v| v * v).sum();
    let k = 1 + nr + ns - components(&region, nr, &sector, ns);
    let scale: f64 = x.iter().map(|v| v * v).sum::<f64>().max(1e-300);
    if sxx <= 1e-12 * scale || n <= k || nr < 2 {
        return Ok(None);
    }
    let beta = xt.iter().zip(&yt).map(|(a, b)| a * b).sum::<f64>() / sxx;
    let e: Vec<f64> = yt.iter().zip(&xt).map(|(yy, xx)| yy - beta * xx).collect();
    let (nf, kf, g) = (n as f64, k as f64, nr as f64);
    let meat_hc: f64 = xt.iter().zip(&e).map(|(a, b)| (a * b).powi(2)).sum();
    let se_hc1 = (nf / (nf - kf) * meat_hc).sqrt() / sxx;
    let mut score = vec![0.0; nr];
    for ((a, b), &r) in xt.iter().zip(&e).zip(&region) {
        score[r as usize] += a * b;
    }
    let meat_cl: f64 = score.iter().map(|s| s * s).sum();
    let se_cluster = (g / (g - 1.0) * (nf - 1.0) / (nf - kf) * meat_cl).sqrt() / sxx;
    let syy: f64 = yt.iter().map(|v| v * v).sum();
    let sse: f64 = e.iter().map(|v| v * v).sum();
    let t_cluster = beta / se_cluster;
    Ok(Some(Lpm {
        coefficient: beta,
        se_cluster,
        t_cluster,
        p_cluster: p_value(t_cluster, g - 1.0),
        se_hc1,
        p_hc1: p_value(beta / se_hc1, nf - kf),
        observations: n,
        regions: nr,
        sectors: ns,
        parameters: k,
        r2_within: if syy > 0.0 { 1.0 - sse / syy } else { 0.0 },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_counts_pairs_and_ties() {
        // entries score 3 and 2; others 1, 2: pairs (3>1, 3>2, 2>1, 2=2) = 3.5 of 4
        let auc = auc(&[3.0, 2.0, 1.0, 2.0], &[true, true, false, false]).unwrap();
        assert!((auc - 3.5 / 4.0).abs() < 1e-12);
        assert_eq!(super::auc(&[1.0, 2.0], &[false, false]), None);
    }

    #[test]
    fn components_of_a_split_sample() {
        // regions 0-1 with sector 0; region 2 with sector 1: two components
        assert_eq!(components(&[0, 1, 2], 3, &[0, 0, 1], 2), 2);
    }
}
