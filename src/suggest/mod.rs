//! National-cluster suggestions: the specialisation graph of BRIEF §3.5 and the
//! ranking of its communities.
//!
//! # The specialisation graph
//!
//! Nodes are the specialisations `(r, s)` with `LQ_rs >= threshold`. With
//! `g(LQ) = ln(1 + LQ)`:
//!
//! - an **intersectoral** edge joins `(r, s)` and `(q, t)` for regions `r != q`
//!   and sectors `s != t` whose value-chain weight `V = max(V_st, V_ts) > 0`,
//!   with weight `intersectoral_weight * V * g(LQ_rs) * g(LQ_qt)`;
//! - a **sectoral** edge joins `(r, s)` and `(q, s)` for `r != q`, with weight
//!   `sectoral_weight * g(LQ_rs) * g(LQ_qs) * cos(M_r, M_q)`, the last factor the
//!   cosine similarity of the two regions' specialisation portfolios (rows of
//!   `M`): regions whose economies look alike pool staff and R&D more easily.
//!
//! To keep the graph sparse at fine sector levels and for many regions, each
//! node keeps its [`SuggestConfig::max_partners`] strongest edges (ties broken
//! by node order); an edge stays when either end keeps it. Candidates are
//! never all materialised: a node scans the regions of its own sector for
//! sectoral edges and merges, for intersectoral ones, the lists of its
//! value-chain partner sectors, each sorted by location quotient. The graph is
//! a [`CsrGraph`] for the community detection of `crate::community`.
//!
//! # Suggestions
//!
//! [`suggestions`] takes the graph and a partition of its nodes (any community
//! detection's membership) and turns every community that spans two or more
//! regions into a [`Suggestion`]: its regions, sectors, score (the weight of its
//! internal edges), kind ([`SuggestionKind::Intersectoral`] when value-chain
//! edges carry at least half of that weight, else
//! [`SuggestionKind::Sectoral`]) and, as the explanation, its strongest
//! value-chain links ("08 in RU-SA supplies 32 in RU-KOS"). [`annotate`] adds
//! the districts it crosses and the existing clusters and organisations that
//! would anchor it. Every step is deterministic: the same input gives the same
//! graph and suggestions at any thread count.
//!
//! [`suggest`] runs the whole job on a dataset: matrix, specialisation, graph,
//! Leiden communities (`crate::community`), ranked and annotated suggestions,
//! and the rank of each existing inter-regional cluster of the dataset.

mod pipeline;

pub use pipeline::{
    DEFAULT_MAX_ORGANISATIONS, ExistingCluster, SuggestOptions, SuggestReport, suggest,
};

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde::Serialize;

use crate::economics::{RegionSectorMatrix, Specialisation, ValueChain};
use crate::error::{Error, Result};
use crate::graph::CsrGraph;
use crate::model::{Dataset, SectorLevel};

/// Default LQ threshold of a node: 1, a specialisation as EconGeo defines it.
pub const DEFAULT_THRESHOLD: f64 = 1.0;
/// Default multiplier of intersectoral (value-chain) edges.
pub const DEFAULT_INTERSECTORAL_WEIGHT: f64 = 1.0;
/// Default multiplier of sectoral edges.
pub const DEFAULT_SECTORAL_WEIGHT: f64 = 1.0;
/// Default number of strongest edges each node keeps.
pub const DEFAULT_MAX_PARTNERS: usize = 20;
/// Default number of value-chain links given as a suggestion's explanation.
pub const DEFAULT_EXPLANATION_LINKS: usize = 3;

/// Parameters of the specialisation graph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SuggestConfig {
    /// A node is a specialisation with `LQ >= threshold` ([`DEFAULT_THRESHOLD`]).
    pub threshold: f64,
    /// Multiplier of intersectoral edges ([`DEFAULT_INTERSECTORAL_WEIGHT`]).
    pub intersectoral_weight: f64,
    /// Multiplier of sectoral edges ([`DEFAULT_SECTORAL_WEIGHT`]).
    pub sectoral_weight: f64,
    /// Strongest edges kept per node ([`DEFAULT_MAX_PARTNERS`]).
    pub max_partners: usize,
}

impl Default for SuggestConfig {
    fn default() -> Self {
        SuggestConfig {
            threshold: DEFAULT_THRESHOLD,
            intersectoral_weight: DEFAULT_INTERSECTORAL_WEIGHT,
            sectoral_weight: DEFAULT_SECTORAL_WEIGHT,
            max_partners: DEFAULT_MAX_PARTNERS,
        }
    }
}

impl SuggestConfig {
    /// Checks the parameters.
    ///
    /// # Errors
    ///
    /// [`Error::Parameter`] for a non-positive threshold, a negative or
    /// non-finite weight, both weights zero, or `max_partners == 0`.
    pub fn validate(&self) -> Result<()> {
        if !(self.threshold.is_finite() && self.threshold > 0.0) {
            return Err(Error::parameter(
                "threshold",
                format!("{} is not a positive number", self.threshold),
            ));
        }
        for (name, w) in [
            ("intersectoral-weight", self.intersectoral_weight),
            ("sectoral-weight", self.sectoral_weight),
        ] {
            if !(w.is_finite() && w >= 0.0) {
                return Err(Error::parameter(
                    name,
                    format!("{w} is not a finite number >= 0"),
                ));
            }
        }
        if self.intersectoral_weight == 0.0 && self.sectoral_weight == 0.0 {
            return Err(Error::parameter(
                "sectoral-weight",
                "both edge weights are 0: the graph would be empty",
            ));
        }
        if self.max_partners == 0 {
            return Err(Error::parameter("max-partners", "must be at least 1"));
        }
        Ok(())
    }
}

/// A node of the specialisation graph: region `region` specialised in sector `sector`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpecNode {
    /// Row of the region in the matrix.
    pub region: usize,
    /// Column of the sector in the matrix.
    pub sector: usize,
    /// Its location quotient.
    pub lq: f64,
}

/// The specialisation graph (see the module docs).
#[derive(Debug, Clone, PartialEq)]
pub struct SpecialisationGraph {
    /// Region labels (the matrix's).
    pub regions: Vec<String>,
    /// Sector labels (the matrix's).
    pub sectors: Vec<String>,
    /// Nodes, ordered by region then sector; node `i` of the graph is `nodes[i]`.
    pub nodes: Vec<SpecNode>,
    /// The weighted undirected graph over the nodes.
    pub graph: CsrGraph,
    /// Value-chain weights `V` between the sectors, row supplies column.
    pub value_chain: crate::economics::DenseMatrix,
}

fn g(lq: f64) -> f64 {
    lq.ln_1p()
}

/// Builds the specialisation graph of `matrix` (see the module docs).
///
/// # Errors
///
/// [`Error::Parameter`] when the configuration is invalid or `spec` does not
/// belong to `matrix`.
pub fn build_graph(
    matrix: &RegionSectorMatrix,
    spec: &Specialisation,
    chain: &ValueChain,
    config: &SuggestConfig,
) -> Result<SpecialisationGraph> {
    config.validate()?;
    let (nr, ns) = (matrix.n_regions(), matrix.n_sectors());
    if spec.lq.rows() != nr || spec.lq.cols() != ns {
        return Err(Error::parameter(
            "specialisation",
            "computed for another matrix",
        ));
    }
    let mut nodes = Vec::new();
    let mut node_of = vec![u32::MAX; nr * ns];
    for r in 0..nr {
        for s in 0..ns {
            let lq = spec.lq.get(r, s);
            if lq >= config.threshold {
                node_of[r * ns + s] = nodes.len() as u32;
                nodes.push(SpecNode {
                    region: r,
                    sector: s,
                    lq,
                });
            }
        }
    }
    let v = chain.weights(matrix.sectors());
    let gl: Vec<f64> = nodes.iter().map(|n| g(n.lq)).collect();
    // Nodes of each sector as (g, region, node), strongest first, ties by node
    // order: contiguous, so that the scans below read memory in order.
    let mut by_sector: Vec<Vec<(f64, u32, u32)>> = vec![Vec::new(); ns];
    for (i, n) in nodes.iter().enumerate() {
        by_sector[n.sector].push((gl[i], n.region as u32, i as u32));
    }
    for list in &mut by_sector {
        list.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.2.cmp(&b.2)));
    }
    // Cosine similarity of the regions' portfolios (rows of M), from bit sets.
    let words = ns.div_ceil(64).max(1);
    let mut bits = vec![0u64; nr * words];
    for n in &nodes {
        bits[n.region * words + n.sector / 64] |= 1 << (n.sector % 64);
    }
    let count = |r: usize| {
        bits[r * words..(r + 1) * words]
            .iter()
            .map(|w| w.count_ones())
            .sum::<u32>() as f64
    };
    let sizes: Vec<f64> = (0..nr).map(count).collect();
    let cosine: Vec<f64> = (0..nr * nr)
        .into_par_iter()
        .with_min_len(1024)
        .map(|k| {
            let (r, q) = (k / nr, k % nr);
            let (a, b) = (
                &bits[r * words..(r + 1) * words],
                &bits[q * words..(q + 1) * words],
            );
            let common = a
                .iter()
                .zip(b)
                .map(|(x, y)| (x & y).count_ones())
                .sum::<u32>() as f64;
            if common > 0.0 {
                common / (sizes[r] * sizes[q]).sqrt()
            } else {
                0.0
            }
        })
        .collect();
    // Value-chain partners of each sector, V symmetric, strongest first.
    let partners: Vec<Vec<(usize, f64)>> = (0..ns)
        .map(|s| {
            let mut p: Vec<(usize, f64)> = (0..ns)
                .filter(|&t| t != s)
                .map(|t| (t, v.get(s, t).max(v.get(t, s))))
                .filter(|&(_, w)| w > 0.0)
                .collect();
            p.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            p
        })
        .collect();
    // The weight of an edge, computed in one order of its ends so both ends agree.
    let weight = |a: u32, b: u32| -> f64 {
        let (lo, hi) = if a < b {
            (a as usize, b as usize)
        } else {
            (b as usize, a as usize)
        };
        let (x, y) = (nodes[lo], nodes[hi]);
        if x.sector == y.sector {
            config.sectoral_weight * gl[lo] * gl[hi] * cosine[x.region * nr + y.region]
        } else {
            let vs = v.get(x.sector, y.sector).max(v.get(y.sector, x.sector));
            config.intersectoral_weight * vs * gl[lo] * gl[hi]
        }
    };
    let k = config.max_partners;
    // Each node's k strongest edges, ties to the smaller other node.
    let chosen: Vec<Vec<(u32, u32, f64)>> = (0..nodes.len())
        .into_par_iter()
        .map(|u| {
            let n = nodes[u];
            let u = u as u32;
            let mut cand: Vec<(f64, u32)> = Vec::new();
            if config.sectoral_weight > 0.0 {
                // Regions in order of falling LQ: once even a cosine of 1 could not
                // beat the k-th best, no later region can.
                let gu = gl[u as usize];
                let cos_row = &cosine[n.region * nr..(n.region + 1) * nr];
                for &(gq, region, q) in &by_sector[n.sector] {
                    if cand.len() == k
                        && config.sectoral_weight * gu * gq * (1.0 + 1e-12) < cand[k - 1].0
                    {
                        break;
                    }
                    if region as usize != n.region {
                        // the product in node order, as `weight` computes it
                        let (a, b) = if u < q { (gu, gq) } else { (gq, gu) };
                        let w = config.sectoral_weight * a * b * cos_row[region as usize];
                        if w > 0.0 {
                            insert_top_k(&mut cand, (w, q), k);
                        }
                    }
                }
            }
            if config.intersectoral_weight > 0.0 && !partners[n.sector].is_empty() {
                // k-way merge over the partner sectors' lists, each already in weight order.
                let mut heap = std::collections::BinaryHeap::new();
                let mut pos = vec![0usize; partners[n.sector].len()];
                let next = |i: usize, pos: &mut [usize]| -> Option<(f64, u32)> {
                    let list = &by_sector[partners[n.sector][i].0];
                    while pos[i] < list.len() {
                        let (_, region, q) = list[pos[i]];
                        pos[i] += 1;
                        if region as usize != n.region {
                            return Some((weight(u, q), q));
                        }
                    }
                    None
                };
                for i in 0..pos.len() {
                    if let Some((w, q)) = next(i, &mut pos) {
                        heap.push((Ordered(w), std::cmp::Reverse(q), i));
                    }
                }
                let mut taken = 0;
                while taken < k {
                    let Some((Ordered(w), std::cmp::Reverse(q), i)) = heap.pop() else {
                        break;
                    };
                    if w > 0.0 {
                        cand.push((w, q));
                    }
                    taken += 1;
                    if let Some((w, q)) = next(i, &mut pos) {
                        heap.push((Ordered(w), std::cmp::Reverse(q), i));
                    }
                }
            }
            top_k(&mut cand, k);
            cand.into_iter()
                .map(|(w, q)| (u.min(q), u.max(q), w))
                .collect()
        })
        .collect();
    let mut edges: Vec<(u32, u32, f64)> = chosen.into_iter().flatten().collect();
    edges.sort_by_key(|e| (e.0, e.1));
    edges.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    let graph = CsrGraph::from_edges(nodes.len(), &edges);
    Ok(SpecialisationGraph {
        regions: matrix.regions().to_vec(),
        sectors: matrix.sectors().to_vec(),
        nodes,
        graph,
        value_chain: v,
    })
}

/// Keeps the `k` largest `(weight, node)` pairs, ties to the smaller node, in that order.
fn top_k(cand: &mut Vec<(f64, u32)>, k: usize) {
    cand.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    cand.dedup_by(|a, b| a.1 == b.1);
    cand.truncate(k);
}

/// Inserts into a list kept sorted by weight (descending, ties to the smaller
/// node) and at most `k` long.
fn insert_top_k(list: &mut Vec<(f64, u32)>, item: (f64, u32), k: usize) {
    let pos = list.partition_point(|&(w, q)| w > item.0 || (w == item.0 && q < item.1));
    if pos < k {
        list.insert(pos, item);
        list.truncate(k);
    }
}

/// A finite `f64` with a total order, for the merge heap.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Ordered(f64);

impl Eq for Ordered {}

impl PartialOrd for Ordered {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ordered {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// Whether a suggestion pools one industry or joins a value chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SuggestionKind {
    /// The same sector pooled across regions.
    Sectoral,
    /// Complementary sectors of different regions joined along a value chain.
    Intersectoral,
}

/// One value-chain link inside a suggestion, the explanation of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// Supplying region.
    pub supplier_region: String,
    /// Supplying sector.
    pub supplier_sector: String,
    /// Buying region.
    pub buyer_region: String,
    /// Buying sector.
    pub buyer_sector: String,
    /// Value-chain weight `V` of the sector pair.
    pub value_chain_weight: f64,
    /// Weight of the graph edge.
    pub edge_weight: f64,
    /// The value chain's rationale for the sector pair.
    pub rationale: String,
    /// "08 in RU-SA supplies 32 in RU-KOS".
    pub text: String,
}

/// A suggested national cluster.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// Sectoral or intersectoral.
    pub kind: SuggestionKind,
    /// Region ids, sorted.
    pub regions: Vec<String>,
    /// Federal districts crossed (filled by [`annotate`]).
    pub districts: Vec<String>,
    /// Sector codes, sorted.
    pub sectors: Vec<String>,
    /// The specialisations `(region, sector)` in it.
    pub specialisations: Vec<(String, String)>,
    /// Total weight of the edges inside it.
    pub score: f64,
    /// Part of the score carried by value-chain edges.
    pub intersectoral_score: f64,
    /// Existing clusters and organisations that would anchor it (filled by [`annotate`]).
    pub anchors: Vec<Anchor>,
    /// Its strongest value-chain links.
    pub explanation: Vec<Explanation>,
}

/// An existing cluster or organisation in a suggestion's regions and sectors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Anchor {
    /// `cluster` or `organisation`.
    pub kind: &'static str,
    /// Its id in the dataset.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its region(s).
    pub regions: Vec<String>,
    /// Its sector code.
    pub sector: String,
}

/// Turns the communities of `membership` (one community per graph node) that
/// span two or more regions into suggestions, best first (see the module
/// docs). Ties are broken by the first region and sector, so the order is
/// deterministic.
///
/// # Errors
///
/// [`Error::Parameter`] when `membership` has the wrong length.
pub fn suggestions(
    g: &SpecialisationGraph,
    membership: &[u32],
    chain: &ValueChain,
) -> Result<Vec<Suggestion>> {
    let n = g.nodes.len();
    if membership.len() != n {
        return Err(Error::parameter(
            "membership",
            format!("{} entries for {n} nodes", membership.len()),
        ));
    }
    let mut members: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (i, &c) in membership.iter().enumerate() {
        members.entry(c).or_default().push(i);
    }
    let mut out = Vec::new();
    for nodes in members.values() {
        let regions: BTreeSet<usize> = nodes.iter().map(|&i| g.nodes[i].region).collect();
        if regions.len() < 2 {
            continue;
        }
        let community = membership[nodes[0]];
        let (mut score, mut inter) = (0.0, 0.0);
        let mut links: Vec<Explanation> = Vec::new();
        for &u in nodes {
            for (v, w) in g.graph.neighbors(u as u32) {
                let v = v as usize;
                if v <= u || membership[v] != community {
                    continue;
                }
                score += w;
                let (a, b) = (g.nodes[u], g.nodes[v]);
                if a.sector != b.sector {
                    inter += w;
                    // the direction with the larger value-chain weight
                    let (sup, buy) = if g.value_chain.get(a.sector, b.sector)
                        >= g.value_chain.get(b.sector, a.sector)
                    {
                        (a, b)
                    } else {
                        (b, a)
                    };
                    let (ss, bs) = (&g.sectors[sup.sector], &g.sectors[buy.sector]);
                    let (sr, br) = (&g.regions[sup.region], &g.regions[buy.region]);
                    let link = chain.link(ss, bs);
                    links.push(Explanation {
                        supplier_region: sr.clone(),
                        supplier_sector: ss.clone(),
                        buyer_region: br.clone(),
                        buyer_sector: bs.clone(),
                        value_chain_weight: g.value_chain.get(sup.sector, buy.sector),
                        edge_weight: w,
                        rationale: link.map_or_else(String::new, |l| l.rationale.clone()),
                        text: format!("{ss} in {sr} supplies {bs} in {br}"),
                    });
                }
            }
        }
        links.sort_by(|a, b| {
            b.edge_weight
                .total_cmp(&a.edge_weight)
                .then_with(|| a.text.cmp(&b.text))
        });
        links.truncate(DEFAULT_EXPLANATION_LINKS);
        let sectors: BTreeSet<&String> = nodes
            .iter()
            .map(|&i| &g.sectors[g.nodes[i].sector])
            .collect();
        out.push(Suggestion {
            kind: if inter > 0.0 && inter >= score / 2.0 {
                SuggestionKind::Intersectoral
            } else {
                SuggestionKind::Sectoral
            },
            regions: regions.iter().map(|&r| g.regions[r].clone()).collect(),
            districts: Vec::new(),
            sectors: sectors.into_iter().cloned().collect(),
            specialisations: nodes
                .iter()
                .map(|&i| {
                    (
                        g.regions[g.nodes[i].region].clone(),
                        g.sectors[g.nodes[i].sector].clone(),
                    )
                })
                .collect(),
            score,
            intersectoral_score: inter,
            anchors: Vec::new(),
            explanation: links,
        });
    }
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.regions.cmp(&b.regions))
            .then_with(|| a.sectors.cmp(&b.sectors))
    });
    Ok(out)
}

/// Fills in the districts a suggestion crosses and its anchors: the dataset's
/// clusters with a region among the suggestion's and a sector beneath one of
/// its sectors (at `level`), and its organisations in one of its
/// specialisations, the `max_organisations` largest by employees.
pub fn annotate(s: &mut Suggestion, ds: &Dataset, level: SectorLevel, max_organisations: usize) {
    let region_ids: BTreeSet<&str> = s.regions.iter().map(String::as_str).collect();
    let districts: BTreeSet<String> = ds
        .regions
        .iter()
        .filter(|r| region_ids.contains(r.id.as_str()))
        .map(|r| ds.district(r.district).id.clone())
        .collect();
    s.districts = districts.into_iter().collect();
    let sector_at = |code: &str| ds.sectors.code_at(code, level);
    let mut anchors = Vec::new();
    for c in &ds.clusters {
        let regions: Vec<String> = c.regions.iter().map(|r| ds.region(*r).id.clone()).collect();
        let code = ds.sectors.code(c.sector);
        let in_sector = sector_at(code).is_some_and(|x| s.sectors.contains(&x));
        if in_sector && regions.iter().any(|r| region_ids.contains(r.as_str())) {
            anchors.push(Anchor {
                kind: "cluster",
                id: c.id.clone(),
                name: c.name.clone(),
                regions,
                sector: code.to_string(),
            });
        }
    }
    let pairs: BTreeSet<(&str, &str)> = s
        .specialisations
        .iter()
        .map(|(r, x)| (r.as_str(), x.as_str()))
        .collect();
    let mut orgs: Vec<(&crate::model::Participant, String)> = Vec::new();
    for p in &ds.participants {
        let region = ds.region(p.region).id.as_str();
        let code = ds.sectors.code(p.sector);
        if let Some(at) = sector_at(code)
            && pairs.contains(&(region, at.as_str()))
        {
            orgs.push((p, region.to_string()));
        }
    }
    orgs.sort_by(|a, b| {
        b.0.employees
            .unwrap_or(0)
            .cmp(&a.0.employees.unwrap_or(0))
            .then_with(|| a.0.id.cmp(&b.0.id))
    });
    for (p, region) in orgs.into_iter().take(max_organisations) {
        anchors.push(Anchor {
            kind: "organisation",
            id: p.id.clone(),
            name: p.name.clone(),
            regions: vec![region],
            sector: ds.sectors.code(p.sector).to_string(),
        });
    }
    s.anchors = anchors;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::economics::{Duplicates, SpecialisationConfig, ValueChainLink, specialisation};

    /// RU-SA mines (08), RU-KOS makes jewellery (32), RU-A farms (01), RU-B
    /// processes food (10), RU-C farms too.
    fn example() -> (RegionSectorMatrix, ValueChain) {
        let m = RegionSectorMatrix::from_triples(
            [
                ("RU-SA", "08", 90.0),
                ("RU-SA", "10", 10.0),
                ("RU-KOS", "32", 80.0),
                ("RU-KOS", "10", 20.0),
                ("RU-A", "01", 90.0),
                ("RU-A", "10", 10.0),
                ("RU-B", "10", 100.0),
                ("RU-C", "01", 80.0),
                ("RU-C", "10", 20.0),
            ],
            Duplicates::Reject,
        )
        .unwrap();
        let link = |f: &str, t: &str, w: f64| ValueChainLink {
            from: f.into(),
            to: t.into(),
            weight: w,
            rationale: format!("{f} feeds {t}"),
        };
        (
            m,
            ValueChain::new(vec![link("08", "32", 0.9), link("01", "10", 0.9)]).unwrap(),
        )
    }

    fn graph() -> (SpecialisationGraph, ValueChain) {
        let (m, v) = example();
        let spec = specialisation(&m, &SpecialisationConfig::default()).unwrap();
        (
            build_graph(&m, &spec, &v, &SuggestConfig::default()).unwrap(),
            v,
        )
    }

    #[test]
    fn graph_has_the_expected_edges() {
        let (g, _) = graph();
        let label = |i: u32| {
            let n = g.nodes[i as usize];
            format!("{}:{}", g.regions[n.region], g.sectors[n.sector])
        };
        let mut edges = Vec::new();
        for u in 0..g.graph.node_count() as u32 {
            for (v, _) in g.graph.neighbors(u) {
                if u < v {
                    edges.push(format!("{}-{}", label(u), label(v)));
                }
            }
        }
        edges.sort();
        // 01 in RU-A and RU-C pool (sectoral) and both supply 10 in RU-B; 08 in RU-SA supplies 32 in RU-KOS.
        assert_eq!(
            edges,
            [
                "RU-A:01-RU-B:10",
                "RU-A:01-RU-C:01",
                "RU-B:10-RU-C:01",
                "RU-KOS:32-RU-SA:08"
            ],
            "{edges:?}"
        );
    }

    #[test]
    fn communities_become_ranked_suggestions() {
        let (g, v) = graph();
        // nodes are ordered by region then sector: RU-A:01, RU-B:10, RU-C:01, RU-KOS:32, RU-SA:08
        let order: Vec<String> = g
            .nodes
            .iter()
            .map(|n| format!("{}:{}", g.regions[n.region], g.sectors[n.sector]))
            .collect();
        assert_eq!(
            order,
            ["RU-A:01", "RU-B:10", "RU-C:01", "RU-KOS:32", "RU-SA:08"]
        );
        let s = suggestions(&g, &[0, 0, 0, 1, 1], &v).unwrap();
        assert_eq!(s.len(), 2);
        let jewellery = s.iter().find(|x| x.regions == ["RU-KOS", "RU-SA"]).unwrap();
        assert_eq!(jewellery.kind, SuggestionKind::Intersectoral);
        assert_eq!(jewellery.sectors, ["08", "32"]);
        assert_eq!(
            jewellery.explanation[0].text,
            "08 in RU-SA supplies 32 in RU-KOS"
        );
        assert_eq!(jewellery.explanation[0].rationale, "08 feeds 32");
        assert!(s[0].score >= s[1].score);
        // a community inside one region is not a suggestion
        let single = suggestions(&g, &[0, 1, 2, 3, 4], &v).unwrap();
        assert!(single.is_empty());
        assert!(suggestions(&g, &[0, 1], &v).is_err());
    }

    #[test]
    fn sectoral_when_one_sector_is_pooled() {
        let (g, v) = graph();
        // RU-A:01 with RU-C:01 alone
        let s = suggestions(&g, &[0, 1, 0, 2, 3], &v).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].kind, SuggestionKind::Sectoral);
        assert_eq!(s[0].sectors, ["01"]);
        assert!(s[0].explanation.is_empty());
    }

    #[test]
    fn same_graph_at_one_and_four_threads() {
        let run = |t: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(t)
                .build()
                .unwrap();
            pool.install(|| graph().0)
        };
        assert_eq!(run(1), run(4));
    }

    #[test]
    fn demo_dataset_annotated() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/demo");
        let ds = crate::load::load_dataset(&dir).unwrap();
        let m = crate::economics::matrix_from_dataset(
            &ds,
            crate::economics::Measure::Employees,
            SectorLevel::Division,
        )
        .unwrap()
        .matrix;
        let spec = specialisation(&m, &SpecialisationConfig::default()).unwrap();
        let chain = ValueChain::curated().unwrap();
        let g = build_graph(&m, &spec, &chain, &SuggestConfig::default()).unwrap();
        let all_in_one = vec![0; g.nodes.len()];
        let mut s = suggestions(&g, &all_in_one, &chain).unwrap();
        assert_eq!(s.len(), 1);
        annotate(&mut s[0], &ds, SectorLevel::Division, 5);
        assert!(!s[0].districts.is_empty());
        assert!(
            s[0].anchors
                .iter()
                .any(|a| a.kind == "cluster" && a.id == "JEW"),
            "{:?}",
            s[0].anchors
        );
        assert!(
            s[0].anchors
                .iter()
                .filter(|a| a.kind == "organisation")
                .count()
                <= 5
        );
        assert!(
            s[0].explanation
                .iter()
                .any(|e| e.text == "08 in RU-SA supplies 32 in RU-KOS"),
            "{:?}",
            s[0].explanation
        );
    }

    #[test]
    fn pruning_keeps_each_nodes_strongest_edge() {
        let (m, v) = example();
        let spec = specialisation(&m, &SpecialisationConfig::default()).unwrap();
        let config = SuggestConfig {
            max_partners: 1,
            ..SuggestConfig::default()
        };
        let g = build_graph(&m, &spec, &v, &config).unwrap();
        let full = graph().0;
        for u in 0..g.graph.node_count() as u32 {
            let best = full.graph.neighbors(u).map(|(_, w)| w).fold(0.0, f64::max);
            let kept: Vec<f64> = g.graph.neighbors(u).map(|(_, w)| w).collect();
            assert!(kept.contains(&best), "node {u}: {kept:?} lacks {best}");
        }
        assert!(g.graph.edge_count() < full.graph.edge_count());
    }

    #[test]
    fn config_is_checked() {
        assert!(
            SuggestConfig {
                max_partners: 0,
                ..SuggestConfig::default()
            }
            .validate()
            .is_err()
        );
        assert!(
            SuggestConfig {
                threshold: -1.0,
                ..SuggestConfig::default()
            }
            .validate()
            .is_err()
        );
        assert!(
            SuggestConfig {
                sectoral_weight: 0.0,
                intersectoral_weight: 0.0,
                ..SuggestConfig::default()
            }
            .validate()
            .is_err()
        );
    }
}
