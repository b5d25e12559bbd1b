//! The specialisation graph of BRIEF §3.5: nodes are regional
//! specialisations, edges their complementarity (see the module docs of
//! [`crate::suggest`]).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rayon::prelude::*;

use crate::economics::{DenseMatrix, RegionSectorMatrix, Specialisation, ValueChain};
use crate::error::{Error, Result};
use crate::graph::CsrGraph;

/// Default LQ threshold of a node: 1, a specialisation as EconGeo defines it.
pub const DEFAULT_THRESHOLD: f64 = 1.0;
/// Default multiplier of intersectoral (value-chain) edges.
pub const DEFAULT_INTERSECTORAL_WEIGHT: f64 = 1.0;
/// Default multiplier of sectoral edges.
pub const DEFAULT_SECTORAL_WEIGHT: f64 = 1.0;
/// Default number of strongest edges each node keeps.
pub const DEFAULT_MAX_PARTNERS: usize = 20;

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
    /// Keep only the specialisations that pass the size, share and
    /// significance conditions of [`crate::economics::significance`], when
    /// the specialisation carries them (true by default: a location quotient
    /// of a handful of employees is not a specialisation).
    pub require_significance: bool,
}

impl Default for SuggestConfig {
    fn default() -> Self {
        SuggestConfig {
            threshold: DEFAULT_THRESHOLD,
            intersectoral_weight: DEFAULT_INTERSECTORAL_WEIGHT,
            sectoral_weight: DEFAULT_SECTORAL_WEIGHT,
            max_partners: DEFAULT_MAX_PARTNERS,
            require_significance: true,
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
    /// The p-value and Benjamini-Hochberg q-value of its significance test,
    /// when the specialisation carries one.
    pub test: Option<(f64, f64)>,
}

/// The specialisation graph (see the module docs of [`crate::suggest`]).
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
    pub value_chain: DenseMatrix,
}

impl SpecialisationGraph {
    /// Whether the edge between nodes `u` and `v` joins different sectors (a
    /// value-chain edge) rather than one sector in two regions.
    pub fn is_intersectoral(&self, u: usize, v: usize) -> bool {
        self.nodes[u].sector != self.nodes[v].sector
    }

    /// `"RU-KOS:32"`, for messages and tests.
    pub fn label(&self, node: usize) -> String {
        let n = self.nodes[node];
        format!("{}:{}", self.regions[n.region], self.sectors[n.sector])
    }
}

/// The damping of location quotients in edge weights: `g(LQ) = ln(1 + LQ)`.
pub(crate) fn g(lq: f64) -> f64 {
    lq.ln_1p()
}

/// Per-thread buffers of the candidate search, reused from node to node.
#[derive(Default)]
struct Scratch {
    cand: Vec<(f64, u32)>,
    heap: BinaryHeap<(Ordered, Reverse<u32>, usize)>,
    pos: Vec<usize>,
}

/// Builds the specialisation graph of `matrix` (see the module docs of
/// [`crate::suggest`]).
///
/// # Errors
///
/// [`Error::Parameter`] when the configuration is invalid or `spec` does not
/// belong to `matrix`.
///
/// # Complexity
///
/// Each node scans the regions of its own sector in falling LQ order until no
/// later one can enter its top [`SuggestConfig::max_partners`], and merges the
/// LQ-sorted lists of its value-chain partner sectors; the kept edges go into
/// the CSR rows directly (a counting pass for the reverse directions, no global
/// sort). About `O(n (k + P) log P)` for `n` nodes, `k` partners and `P`
/// value-chain partner sectors, plus `O(R^2 S / 64)` for the portfolio cosines
/// of `R` regions and `S` sectors.
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
    let sig = spec.significance.as_ref();
    for r in 0..nr {
        for s in 0..ns {
            let lq = spec.lq.get(r, s);
            let passes = !config.require_significance || sig.is_none_or(|t| t.passes(r, s));
            if lq >= config.threshold && passes {
                nodes.push(SpecNode {
                    region: r,
                    sector: s,
                    lq,
                    test: sig.map(|t| (t.p_value.get(r, s), t.q_value.get(r, s))),
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
    let cosine = portfolio_cosines(&nodes, nr, ns);
    // Each region's largest cosine with another region: bounds its sectoral edges.
    let max_cosine: Vec<f64> = (0..nr)
        .map(|r| {
            (0..nr)
                .filter(|&q| q != r)
                .map(|q| cosine[r * nr + q])
                .fold(0.0, f64::max)
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
    // Each node's k strongest edges, ties to the smaller other node, sorted by
    // the other node.
    let chosen: Vec<Vec<(u32, f64)>> = (0..nodes.len())
        .into_par_iter()
        .with_min_len(64)
        .map_init(Scratch::default, |scratch, u| {
            let Scratch { cand, heap, pos } = scratch;
            cand.clear();
            let n = nodes[u];
            let u = u as u32;
            if config.sectoral_weight > 0.0 {
                // Regions in order of falling LQ: once even the region's largest
                // cosine could not beat the k-th best, no later region can.
                let gu = gl[u as usize];
                let bound = config.sectoral_weight * gu * max_cosine[n.region] * (1.0 + 1e-12);
                let cos_row = &cosine[n.region * nr..(n.region + 1) * nr];
                for &(gq, region, q) in &by_sector[n.sector] {
                    if cand.len() == k && bound * gq < cand[k - 1].0 {
                        break;
                    }
                    if region as usize != n.region {
                        // the product in node order, as `weight` computes it
                        let (a, b) = if u < q { (gu, gq) } else { (gq, gu) };
                        let w = config.sectoral_weight * a * b * cos_row[region as usize];
                        if w > 0.0 && (cand.len() < k || w >= cand[k - 1].0) {
                            insert_top_k(cand, (w, q), k);
                        }
                    }
                }
            }
            let mine = &partners[n.sector];
            if config.intersectoral_weight > 0.0 && !mine.is_empty() {
                // k-way merge over the partner sectors' lists, each already in weight order.
                heap.clear();
                pos.clear();
                pos.resize(mine.len(), 0);
                let next = |i: usize, pos: &mut [usize]| -> Option<(f64, u32)> {
                    let list = &by_sector[mine[i].0];
                    while pos[i] < list.len() {
                        let (_, region, q) = list[pos[i]];
                        pos[i] += 1;
                        if region as usize != n.region {
                            return Some((weight(u, q), q));
                        }
                    }
                    None
                };
                for i in 0..mine.len() {
                    if let Some((w, q)) = next(i, pos) {
                        heap.push((Ordered(w), Reverse(q), i));
                    }
                }
                let mut taken = 0;
                while taken < k {
                    let Some((Ordered(w), Reverse(q), i)) = heap.pop() else {
                        break;
                    };
                    if w > 0.0 {
                        cand.push((w, q));
                    }
                    taken += 1;
                    if let Some((w, q)) = next(i, pos) {
                        heap.push((Ordered(w), Reverse(q), i));
                    }
                }
            }
            top_k(cand, k);
            let mut out: Vec<(u32, f64)> = cand.iter().map(|&(w, q)| (q, w)).collect();
            out.sort_unstable_by_key(|e| e.0);
            out
        })
        .collect();
    let graph = union_rows(&chosen);
    Ok(SpecialisationGraph {
        regions: matrix.regions().to_vec(),
        sectors: matrix.sectors().to_vec(),
        nodes,
        graph,
        value_chain: v,
    })
}

/// Cosine similarity of every pair of regions' specialisation portfolios
/// (rows of `M`), row-major `nr x nr`, from bit sets.
fn portfolio_cosines(nodes: &[SpecNode], nr: usize, ns: usize) -> Vec<f64> {
    let words = ns.div_ceil(64).max(1);
    let mut bits = vec![0u64; nr * words];
    for n in nodes {
        bits[n.region * words + n.sector / 64] |= 1 << (n.sector % 64);
    }
    let count = |r: usize| {
        bits[r * words..(r + 1) * words]
            .iter()
            .map(|w| w.count_ones())
            .sum::<u32>() as f64
    };
    let sizes: Vec<f64> = (0..nr).map(count).collect();
    (0..nr * nr)
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
        .collect()
}

/// The undirected graph whose edge `u`–`q` exists when `q` is in `chosen[u]`
/// or `u` in `chosen[q]` (each list sorted by node; both ends compute the
/// same weight). Rows are assembled directly: the reverse directions by a
/// counting pass in node order, then each row merged, so no global sort.
fn union_rows(chosen: &[Vec<(u32, f64)>]) -> CsrGraph {
    let n = chosen.len();
    let mut rev_off = vec![0usize; n + 1];
    for list in chosen {
        for &(q, _) in list {
            rev_off[q as usize + 1] += 1;
        }
    }
    for i in 0..n {
        rev_off[i + 1] += rev_off[i];
    }
    let mut rev = vec![(0u32, 0.0f64); rev_off[n]];
    let mut fill = rev_off.clone();
    for (u, list) in chosen.iter().enumerate() {
        for &(q, w) in list {
            rev[fill[q as usize]] = (u as u32, w);
            fill[q as usize] += 1;
        }
    }
    let rows: Vec<Vec<(u32, f64)>> = (0..n)
        .into_par_iter()
        .with_min_len(256)
        .map(|u| {
            let (a, b) = (&chosen[u], &rev[rev_off[u]..rev_off[u + 1]]);
            let mut row = Vec::with_capacity(a.len() + b.len());
            let (mut i, mut j) = (0, 0);
            while i < a.len() || j < b.len() {
                if j == b.len() || (i < a.len() && a[i].0 < b[j].0) {
                    row.push(a[i]);
                    i += 1;
                } else if i == a.len() || b[j].0 < a[i].0 {
                    row.push(b[j]);
                    j += 1;
                } else {
                    row.push(a[i]);
                    i += 1;
                    j += 1;
                }
            }
            row
        })
        .collect();
    let mut offsets = Vec::with_capacity(n + 1);
    offsets.push(0);
    let total: usize = rows.iter().map(Vec::len).sum();
    let (mut targets, mut weights) = (Vec::with_capacity(total), Vec::with_capacity(total));
    for row in rows {
        for (q, w) in row {
            targets.push(q);
            weights.push(w);
        }
        offsets.push(targets.len());
    }
    // The rows are consistent by construction (sorted, symmetric, in range);
    // should they not be, the edge-list constructor gives the same graph.
    CsrGraph::from_raw_parts(offsets, targets, weights).unwrap_or_else(|| {
        let edges: Vec<(u32, u32, f64)> = chosen
            .iter()
            .enumerate()
            .flat_map(|(u, list)| {
                list.iter()
                    .map(move |&(q, w)| ((u as u32).min(q), (u as u32).max(q), w))
            })
            .collect();
        let mut edges = edges;
        edges.sort_by_key(|e| (e.0, e.1));
        edges.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
        CsrGraph::from_edges(n, &edges)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suggest::testutil::{example, graph};

    #[test]
    fn graph_has_the_expected_edges() {
        let (g, _) = graph();
        let mut edges = Vec::new();
        for u in 0..g.graph.node_count() as u32 {
            for (v, _) in g.graph.neighbors(u) {
                if u < v {
                    edges.push(format!("{}-{}", g.label(u as usize), g.label(v as usize)));
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
    fn pruning_keeps_each_nodes_strongest_edge() {
        let (m, v) = example();
        let spec = crate::economics::specialisation(&m, &Default::default()).unwrap();
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
    fn union_of_chosen_rows_equals_the_edge_list_graph() {
        // 0 keeps 1 and 2; 2 keeps 0 (also chosen by 0) and 3; 1 and 3 keep nothing.
        let chosen = vec![
            vec![(1, 1.0), (2, 2.0)],
            vec![],
            vec![(0, 2.0), (3, 0.5)],
            vec![],
        ];
        let direct = union_rows(&chosen);
        let listed = CsrGraph::from_edges(4, &[(0, 1, 1.0), (0, 2, 2.0), (2, 3, 0.5)]);
        assert_eq!(direct, listed);
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
