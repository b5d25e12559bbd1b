//! Which clusters each market of the National Technology Initiative (NTI)
//! should cooperate with.
//!
//! The source study lists the 13 NTI markets with the number of large
//! companies taking part in each (TechNet 11 ... six markets none), finds
//! these few beside the clusters' participants, and recommends that the
//! markets build cooperation links with clusters. A market is a list of OKVED2
//! sectors ([`Market::sectors`]; `datasets/russia/nti_markets.csv` holds
//! coopnet's mapping of the 13, read by [`crate::load::markets`]). For each
//! market every cluster of the dataset is scored by three terms, each in
//! `[0, 1]`, and the clusters are ranked by
//!
//! `score = w_match * match + w_spec * specialisation + w_links * links`
//!
//! - **match**: 1 when the cluster's own sector lies in one of the market's
//!   sectors (`21.20` in `21`); otherwise the share of the cluster's member
//!   organisations whose sector does. Weight [`DEFAULT_MATCH_WEIGHT`].
//! - **specialisation**: the mean, over the cluster's regions, of the
//!   symmetric location quotient `max(0, (LQ - 1) / (LQ + 1))` of the region
//!   in the market's sectors taken together, `LQ = (E_rm / E_r) / (E_m / E)`
//!   with `E` employees (organisations where the dataset has no employees).
//!   Weight [`DEFAULT_SPECIALISATION_WEIGHT`].
//! - **links**: `W / (W + K)`, where `W` is the weight of the observed links in
//!   the market's sectors that have an end among the cluster's organisations
//!   (or the cluster itself), and `K` the median of the positive `W` over all
//!   market and cluster pairs of the run. Weight [`DEFAULT_LINKS_WEIGHT`].
//!
//! A cluster is listed only when it works in the market (match above 0) or
//! its organisations cooperate in it (a link); specialisation of its regions
//! alone is not enough. Geography is not a term: a market has no location in
//! the data (the study gives counts of participants, not where they are), so
//! no distance between a market and a cluster can be measured; NTI markets are
//! national programmes, and the ranking says which federal districts its
//! clusters lie in instead. `docs/measures.md` gives the sources and reasons.
//!
//! Markets are reported with those that have no participants first, then by
//! participants, fewest first (ties in file order; unknown counts last): the
//! study argues that the markets need cooperation with clusters because they
//! have so few participants, so those with none come first.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::{ClusterId, Dataset, Endpoint, SectorId};

/// Default weight of the match term: a cluster that does not work in a
/// market's sectors has nothing to cooperate on, so its own specialisation
/// is half of the score.
pub const DEFAULT_MATCH_WEIGHT: f64 = 0.5;
/// Default weight of the regional specialisation term: a region specialised
/// in the market's sectors gives the cluster suppliers, staff and research
/// to draw on (a quarter of the score).
pub const DEFAULT_SPECIALISATION_WEIGHT: f64 = 0.25;
/// Default weight of the observed-cooperation term: links already made in
/// the market's sectors are the cooperation the study asks for (a quarter).
pub const DEFAULT_LINKS_WEIGHT: f64 = 0.25;
/// Default number of clusters listed per market.
pub const DEFAULT_MARKET_TOP: usize = 10;

pub use crate::load::markets::Market;

/// The weights of the terms and how many clusters are listed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MarketConfig {
    /// Weight of the match term ([`DEFAULT_MATCH_WEIGHT`]).
    pub match_weight: f64,
    /// Weight of the specialisation term ([`DEFAULT_SPECIALISATION_WEIGHT`]).
    pub specialisation_weight: f64,
    /// Weight of the observed-links term ([`DEFAULT_LINKS_WEIGHT`]).
    pub links_weight: f64,
    /// Clusters listed per market ([`DEFAULT_MARKET_TOP`]).
    pub top: usize,
}

impl Default for MarketConfig {
    fn default() -> Self {
        MarketConfig {
            match_weight: DEFAULT_MATCH_WEIGHT,
            specialisation_weight: DEFAULT_SPECIALISATION_WEIGHT,
            links_weight: DEFAULT_LINKS_WEIGHT,
            top: DEFAULT_MARKET_TOP,
        }
    }
}

/// A region of a cluster with its location quotient in a market's sectors.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionLq {
    /// Region id.
    pub id: String,
    /// Region name.
    pub name: String,
    /// Its federal district (or other grouping) by name.
    pub district: String,
    /// Location quotient of the region in the market's sectors taken together.
    pub lq: f64,
}

/// One cluster ranked for a market, with its terms and explanation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarketCluster {
    /// Rank within the market (1 = best).
    pub rank: usize,
    /// Cluster id.
    pub id: String,
    /// Cluster name.
    pub name: String,
    /// The cluster's sector code.
    pub sector: String,
    /// Its name.
    pub sector_name: String,
    /// The market sector the cluster's sector lies in, if any.
    pub market_sector: Option<String>,
    /// Its regions with their location quotients in the market's sectors.
    pub regions: Vec<RegionLq>,
    /// Member organisations in `participants.csv`.
    pub members: usize,
    /// Of them, those whose sector is in the market.
    pub members_in_market: usize,
    /// Observed links in the market's sectors with an end in the cluster.
    pub links: usize,
    /// Their weight.
    pub link_weight: f64,
    /// The match term.
    pub match_term: f64,
    /// The specialisation term.
    pub specialisation_term: f64,
    /// The links term.
    pub links_term: f64,
    /// The weighted sum of the terms.
    pub score: f64,
    /// Why, in words, names beside codes.
    pub explanation: String,
}

/// The clusters ranked for one market.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarketRanking {
    /// The market.
    pub market: Market,
    /// The names of its sectors, in the order of [`Market::sectors`].
    pub sector_names: Vec<String>,
    /// Clusters that qualify (work in the market or cooperate in it).
    pub candidates: usize,
    /// The best [`MarketConfig::top`] of them.
    pub clusters: Vec<MarketCluster>,
    /// The districts the listed clusters lie in, by name, in order of first appearance.
    pub districts: Vec<String>,
    /// Organisations of the dataset in the market's sectors.
    pub organisations: usize,
}

/// Every market's ranking, markets in report order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarketReport {
    /// The rankings, markets without participants first.
    pub markets: Vec<MarketRanking>,
    /// The weights used.
    pub config: MarketConfig,
    /// What the location quotients count: `employees` or `organisations`.
    pub measure: &'static str,
    /// `K`, the half-saturation weight of the links term (`None` when no
    /// cluster has a link in any market's sectors).
    pub link_half: Option<f64>,
    /// Districts of the dataset.
    pub district_count: usize,
    /// Rows of `participants.csv` marked synthetic, and all rows.
    pub synthetic_organisations: (usize, usize),
}

/// Per-cluster evidence of one market before ranking.
struct Raw {
    cluster: ClusterId,
    market_sector: Option<usize>,
    members: usize,
    in_market: usize,
    links: usize,
    weight: f64,
}

/// Ranks the clusters of `ds` for every market.
///
/// # Errors
///
/// [`Error::Parameter`] for a weight that is negative or not finite, all
/// weights zero, or `top` zero.
pub fn rank_markets(
    ds: &Dataset,
    markets: &[Market],
    config: &MarketConfig,
) -> Result<MarketReport> {
    check(config)?;
    let n_sectors = ds.sectors.len();
    let n_m = markets.len();
    // in_market[s * n_m + m]: sector s lies in one of market m's sectors
    let mut in_market = vec![false; n_sectors * n_m];
    let mut under: Vec<Option<usize>> = vec![None; n_sectors * n_m];
    for (sid, info) in ds.sectors.iter() {
        for (m, market) in markets.iter().enumerate() {
            let hit = market
                .sectors
                .iter()
                .position(|p| ds.sectors.is_under(&info.code, p));
            in_market[sid.index() * n_m + m] = hit.is_some();
            under[sid.index() * n_m + m] = hit;
        }
    }
    let yes = |s: SectorId, m: usize| in_market[s.index() * n_m + m];
    // the measure of each organisation, as the specialisation matrices count
    let employees: f64 = ds
        .participants
        .iter()
        .filter_map(|p| p.employees)
        .sum::<u64>() as f64;
    let by_employees = employees > 0.0;
    let size = |p: &crate::model::Participant| {
        if by_employees {
            p.employees.unwrap_or(0) as f64
        } else {
            1.0
        }
    };
    let n_r = ds.regions.len();
    let mut region_total = vec![0.0; n_r];
    let mut region_market = vec![0.0; n_r * n_m];
    let mut market_total = vec![0.0; n_m];
    let mut market_orgs = vec![0usize; n_m];
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); ds.clusters.len()];
    for (i, p) in ds.participants.iter().enumerate() {
        let x = size(p);
        region_total[p.region.index()] += x;
        for m in 0..n_m {
            if yes(p.sector, m) {
                region_market[p.region.index() * n_m + m] += x;
                market_total[m] += x;
                market_orgs[m] += 1;
            }
        }
        for c in &p.clusters {
            members[c.index()].push(i as u32);
        }
    }
    let total: f64 = region_total.iter().sum();
    let lq = |r: usize, m: usize| {
        let (er, em) = (region_total[r], market_total[m]);
        if er > 0.0 && em > 0.0 && total > 0.0 {
            (region_market[r * n_m + m] / er) / (em / total)
        } else {
            0.0
        }
    };
    // observed links in each market's sectors, by cluster
    let n_c = ds.clusters.len();
    let mut link_count = vec![0usize; n_c * n_m];
    let mut link_weight = vec![0.0; n_c * n_m];
    let mut touched: Vec<ClusterId> = Vec::new();
    for l in &ds.links {
        let markets_of: Vec<usize> = (0..n_m).filter(|&m| yes(l.sector, m)).collect();
        if markets_of.is_empty() {
            continue;
        }
        touched.clear();
        for e in [l.source, l.target] {
            match e {
                Endpoint::Cluster(c) => touched.push(c),
                Endpoint::Participant(p) => touched.extend(&ds.participant(p).clusters),
            }
        }
        touched.sort_unstable();
        touched.dedup();
        for &c in &touched {
            for &m in &markets_of {
                link_count[c.index() * n_m + m] += 1;
                link_weight[c.index() * n_m + m] += l.weight;
            }
        }
    }
    let mut positive: Vec<f64> = link_weight.iter().copied().filter(|w| *w > 0.0).collect();
    positive.sort_by(f64::total_cmp);
    let link_half = median(&positive);
    let districts = |c: &crate::model::Cluster| -> Vec<String> {
        c.regions
            .iter()
            .map(|r| ds.district(ds.district_of(*r)).name.clone())
            .collect()
    };
    let mut rankings = Vec::with_capacity(n_m);
    for (m, market) in markets.iter().enumerate() {
        let mut raws = Vec::new();
        for (ci, c) in ds.clusters.iter().enumerate() {
            let k = ci * n_m + m;
            let own = under[c.sector.index() * n_m + m];
            let mem = &members[ci];
            let inside = mem
                .iter()
                .filter(|&&p| yes(ds.participants[p as usize].sector, m))
                .count();
            if own.is_none() && inside == 0 && link_count[k] == 0 {
                continue;
            }
            raws.push(Raw {
                cluster: ClusterId(ci as u32),
                market_sector: own,
                members: mem.len(),
                in_market: inside,
                links: link_count[k],
                weight: link_weight[k],
            });
        }
        let mut scored: Vec<MarketCluster> = raws
            .iter()
            .map(|raw| entry(ds, market, m, raw, link_half, config, &lq))
            .collect();
        scored.sort_by(|a, b| b.score.total_cmp(&a.score));
        let candidates = scored.len();
        scored.truncate(config.top);
        for (i, s) in scored.iter_mut().enumerate() {
            s.rank = i + 1;
        }
        let mut spread: Vec<String> = Vec::new();
        for s in &scored {
            let c = &ds.clusters[ds.cluster_id(&s.id).map_or(0, |c| c.index())];
            for d in districts(c) {
                if !spread.contains(&d) {
                    spread.push(d);
                }
            }
        }
        rankings.push(MarketRanking {
            market: market.clone(),
            sector_names: (market.sectors.iter().enumerate())
                .map(|(i, c)| sector_name(ds, market, i, c))
                .collect(),
            candidates,
            clusters: scored,
            districts: spread,
            organisations: market_orgs[m],
        });
    }
    // no participants first, then fewest first; unknown last; ties in file order (stable sort)
    rankings.sort_by_key(|r| r.market.participants.unwrap_or(u64::MAX));
    Ok(MarketReport {
        markets: rankings,
        config: *config,
        measure: if by_employees {
            "employees"
        } else {
            "organisations"
        },
        link_half,
        district_count: ds.districts.len(),
        synthetic_organisations: (ds.synthetic_rows(), ds.participants.len()),
    })
}

fn check(config: &MarketConfig) -> Result<()> {
    for (name, w) in [
        ("match-weight", config.match_weight),
        ("specialisation-weight", config.specialisation_weight),
        ("links-weight", config.links_weight),
    ] {
        if !(w.is_finite() && w >= 0.0) {
            return Err(Error::parameter(
                name,
                format!("{w} is not a number of 0 or more"),
            ));
        }
    }
    if config.match_weight + config.specialisation_weight + config.links_weight <= 0.0 {
        return Err(Error::parameter(
            "match-weight",
            "every weight is 0: nothing would rank the clusters",
        ));
    }
    if config.top == 0 {
        return Err(Error::parameter("top", "must be 1 or more"));
    }
    Ok(())
}

/// The median of sorted values; `None` when there are none.
fn median(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

/// The symmetric location quotient, clipped at 0: `max(0, (LQ - 1) / (LQ + 1))`.
pub fn symmetric_lq(lq: f64) -> f64 {
    if lq.is_finite() && lq > 1.0 {
        (lq - 1.0) / (lq + 1.0)
    } else {
        0.0
    }
}

/// `K`-saturation of a link weight: `W / (W + K)` (0 without links or `K`).
pub fn saturate(weight: f64, half: Option<f64>) -> f64 {
    match half {
        Some(k) if weight > 0.0 && k > 0.0 => weight / (weight + k),
        _ => 0.0,
    }
}

fn entry(
    ds: &Dataset,
    market: &Market,
    m: usize,
    raw: &Raw,
    link_half: Option<f64>,
    config: &MarketConfig,
    lq: &dyn Fn(usize, usize) -> f64,
) -> MarketCluster {
    let c = ds.cluster(raw.cluster);
    let code = ds.sectors.code(c.sector).to_string();
    let sector_name = ds.sectors.name(c.sector).to_string();
    let regions: Vec<RegionLq> = c
        .regions
        .iter()
        .map(|&r| {
            let region = ds.region(r);
            RegionLq {
                id: region.id.clone(),
                name: region.name.clone(),
                district: ds.district(region.district).name.clone(),
                lq: lq(r.index(), m),
            }
        })
        .collect();
    let match_term = if raw.market_sector.is_some() {
        1.0
    } else if raw.members > 0 {
        raw.in_market as f64 / raw.members as f64
    } else {
        0.0
    };
    let specialisation_term = if regions.is_empty() {
        0.0
    } else {
        regions.iter().map(|r| symmetric_lq(r.lq)).sum::<f64>() / regions.len() as f64
    };
    let links_term = saturate(raw.weight, link_half);
    let score = config.match_weight * match_term
        + config.specialisation_weight * specialisation_term
        + config.links_weight * links_term;
    let market_sector = raw.market_sector.map(|i| market.sectors[i].clone());
    let mut out = MarketCluster {
        rank: 0,
        id: c.id.clone(),
        name: c.name.clone(),
        sector: code,
        sector_name,
        market_sector,
        regions,
        members: raw.members,
        members_in_market: raw.in_market,
        links: raw.links,
        link_weight: raw.weight,
        match_term,
        specialisation_term,
        links_term,
        score,
        explanation: String::new(),
    };
    out.explanation = explain(ds, market, &out);
    out
}

/// The name of the market's `i`-th sector `code`: the dataset's, else the markets file's.
fn sector_name(ds: &Dataset, market: &Market, i: usize, code: &str) -> String {
    match ds.sectors.get(code) {
        Some(id) => ds.sectors.name(id).to_string(),
        None => market
            .sector_names
            .get(i)
            .cloned()
            .unwrap_or_else(|| ds.sectors.name_of(code)),
    }
}

/// `21 Manufacture of basic pharmaceutical products` from a market's sector code.
fn coded(ds: &Dataset, market: &Market, code: &str) -> String {
    let i = market
        .sectors
        .iter()
        .position(|c| c == code)
        .unwrap_or(usize::MAX);
    let name = sector_name(ds, market, i, code);
    if name.is_empty() || name == code {
        code.to_string()
    } else {
        format!("{code} {name}")
    }
}

/// The explanation of one entry, in words, names beside codes.
fn explain(ds: &Dataset, market: &Market, e: &MarketCluster) -> String {
    let mut parts = Vec::new();
    let own = format!("{} {}", e.sector, e.sector_name);
    match &e.market_sector {
        Some(ms) if *ms == e.sector => parts.push(format!(
            "{} ({}) works in {own}, one of {}'s sectors",
            e.name, e.id, market.id
        )),
        Some(ms) => parts.push(format!(
            "{} ({}) works in {own}, within {}'s sector {}",
            e.name,
            e.id,
            market.id,
            coded(ds, market, ms)
        )),
        None => parts.push(format!(
            "{} ({}) works in {own}, outside {}'s sectors; {} of its {} organisations work in them",
            e.name, e.id, market.id, e.members_in_market, e.members
        )),
    }
    let lqs: Vec<String> = e
        .regions
        .iter()
        .map(|r| format!("{} ({}) {:.2}", r.name, r.id, r.lq))
        .collect();
    parts.push(format!(
        "location quotient of its {} in {}'s sectors: {}",
        if e.regions.len() == 1 {
            "region"
        } else {
            "regions"
        },
        market.id,
        lqs.join(", ")
    ));
    parts.push(if e.links == 0 {
        format!(
            "no observed links of its organisations in {}'s sectors",
            market.id
        )
    } else {
        format!(
            "{} observed {} of its organisations in {}'s sectors (weight {})",
            e.links,
            if e.links == 1 { "link" } else { "links" },
            market.id,
            trim_number(e.link_weight)
        )
    });
    parts.join("; ")
}

/// A number without trailing zeros (`12`, `12.5`).
fn trim_number(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symmetric_lq_is_laursens_form_clipped() {
        assert_eq!(symmetric_lq(1.0), 0.0);
        assert_eq!(symmetric_lq(0.5), 0.0);
        assert!((symmetric_lq(3.0) - 0.5).abs() < 1e-12);
        assert_eq!(symmetric_lq(f64::INFINITY), 0.0);
    }

    #[test]
    fn links_saturate_at_the_median() {
        assert_eq!(saturate(0.0, Some(4.0)), 0.0);
        assert!((saturate(4.0, Some(4.0)) - 0.5).abs() < 1e-12);
        assert!((saturate(12.0, Some(4.0)) - 0.75).abs() < 1e-12);
        assert_eq!(saturate(5.0, None), 0.0);
        assert_eq!(median(&[1.0, 2.0, 10.0]), Some(2.0));
        assert_eq!(median(&[1.0, 3.0]), Some(2.0));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn bad_weights_are_parameters() {
        let ds = Dataset::default();
        let bad = MarketConfig {
            links_weight: -1.0,
            ..MarketConfig::default()
        };
        let e = rank_markets(&ds, &[], &bad).unwrap_err();
        assert!(e.to_string().contains("links-weight"), "{e}");
        let zero = MarketConfig {
            match_weight: 0.0,
            specialisation_weight: 0.0,
            links_weight: 0.0,
            ..MarketConfig::default()
        };
        assert!(rank_markets(&ds, &[], &zero).is_err());
    }
}
