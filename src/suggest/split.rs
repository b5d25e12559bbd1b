//! Compact suggestions: communities spanning more than
//! [`CompactConfig::max_regions`] regions are split by running Leiden again
//! on their own subgraph, recursively, until every piece is small enough.
//!
//! Why: modularity has a resolution limit (Fortunato and Barthélemy 2007,
//! *Resolution limit in community detection*, PNAS 104: 36-41): in a graph
//! of total weight `m` it may merge well-knit groups whose internal weight is
//! below about `sqrt(2m)`, so on a national specialisation graph it returns
//! whole value chains spanning dozens of regions. Re-running the detection on one community's subgraph
//! resets the null model to that community's own weight and resolves the
//! tight groups inside it. The same recursion with a size cap is graspologic's
//! `hierarchical_leiden(max_cluster_size=...)` (Microsoft's GraphRAG uses it
//! to keep communities small enough to summarise); here the cap counts
//! regions, the unit a national cluster joins, rather than nodes.
//!
//! Each split starts at the partition's own resolution `gamma`; when Leiden
//! leaves the subgraph in one piece, `gamma` is multiplied by
//! [`CompactConfig::resolution_step`] and Leiden runs again. Above
//! `gamma = max (2 m w_uv / (k_u k_v))` no merge gains modularity, so the
//! doubling ends; after [`MAX_STEPS`] steps the piece is split into single
//! nodes. Pieces are handled in a fixed order and each Leiden call has its
//! own seed derived from the configured seed, the piece's first node and its
//! depth, so the result is the same at any thread count.
//!
//! Specialisations a split leaves alone join the piece they gain most
//! modularity by joining, within the region cap. Last, a split never loses a
//! community's strongest complementary pair: when the pieces separate the
//! two ends of its strongest value-chain edge, the pair becomes a piece of
//! its own (see `keep_strongest_pair`).

use rayon::prelude::*;

use super::SpecialisationGraph;
use crate::community::{LeidenConfig, Quality, leiden};
use crate::error::{Error, Result};
use crate::graph::CsrGraph;

/// Default most regions in one suggestion: 3, the most any of the source
/// study's national or inter-regional clusters joins (ARNEST and PharmDolina
/// join 3; the Chuvash electrotechnical, lifting-equipment and
/// Kostroma-Yakutia jewellery chains 2).
pub const DEFAULT_MAX_REGIONS: usize = 3;
/// Default factor by which the resolution grows when a split leaves a
/// community whole: 2.
pub const DEFAULT_RESOLUTION_STEP: f64 = 2.0;
/// Leiden iterations per split: one pass (moving, refinement, aggregation up
/// the hierarchy) separates a community's dense parts; the recursion refines
/// them further, so further iterations change little and cost as much again.
pub const SPLIT_ITERATIONS: u32 = 1;
/// Most resolution steps tried on one community before it is split into
/// single nodes.
pub const MAX_STEPS: u32 = 64;

/// Parameters of [`compact`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CompactConfig {
    /// Most regions a suggestion may span ([`DEFAULT_MAX_REGIONS`]); 0 turns
    /// splitting off.
    pub max_regions: usize,
    /// Factor `> 1` by which the resolution grows when Leiden leaves an
    /// oversized community whole ([`DEFAULT_RESOLUTION_STEP`]).
    pub resolution_step: f64,
}

impl Default for CompactConfig {
    fn default() -> Self {
        CompactConfig {
            max_regions: DEFAULT_MAX_REGIONS,
            resolution_step: DEFAULT_RESOLUTION_STEP,
        }
    }
}

impl CompactConfig {
    /// Checks the parameters.
    ///
    /// # Errors
    ///
    /// [`Error::Parameter`] for `max_regions == 1` (a suggestion joins two
    /// regions at least) or a step that is not a finite number above 1.
    pub fn validate(&self) -> Result<()> {
        if self.max_regions == 1 {
            return Err(Error::parameter(
                "max-regions",
                "must be 2 or more (or 0 for no limit)",
            ));
        }
        if !(self.resolution_step.is_finite() && self.resolution_step > 1.0) {
            return Err(Error::parameter(
                "resolution-step",
                format!("{} is not a finite number above 1", self.resolution_step),
            ));
        }
        Ok(())
    }
}

/// A partition whose communities span at most the configured number of regions.
#[derive(Debug, Clone, PartialEq)]
pub struct CompactPartition {
    /// Community of every node, numbered `0..count` in order of the input
    /// communities (by first node) and, inside one, of the pieces.
    pub membership: Vec<u32>,
    /// Number of communities.
    pub count: usize,
    /// For each community, the input community it came from (numbered by
    /// first node, as [`crate::community::canonical`] numbers them).
    pub parent: Vec<u32>,
    /// For each community, how many splits made it (0: an input community kept whole).
    pub depth: Vec<u32>,
    /// How many input communities were split.
    pub split: usize,
}

/// Splits every community of `membership` that spans more than
/// `config.max_regions` regions (see the module docs). `leiden` gives the
/// quality (modularity or CPM; its resolution is where each split starts)
/// and the seed.
///
/// # Errors
///
/// [`Error::Parameter`] for an invalid configuration or a membership of the
/// wrong length; errors of [`leiden`].
///
/// # Examples
///
/// ```
/// # use coopnet::suggest::{CompactConfig, compact, build_graph, SuggestConfig};
/// # use coopnet::economics::*;
/// # let m = RegionSectorMatrix::from_triples(
/// #     [("A", "01", 9.0), ("A", "10", 1.0), ("B", "10", 9.0), ("B", "01", 1.0), ("C", "01", 9.0), ("C", "10", 1.0)],
/// #     Duplicates::Reject).unwrap();
/// # let spec = specialisation(&m, &SpecialisationConfig::default()).unwrap();
/// # let chain = coopnet::load::value_chain::curated().unwrap();
/// let g = build_graph(&m, &spec, &chain, &SuggestConfig::default()).unwrap();
/// let all_in_one = vec![0; g.nodes.len()];
/// let config = CompactConfig { max_regions: 2, ..CompactConfig::default() };
/// let p = compact(&g, &all_in_one, &Default::default(), &config).unwrap();
/// for c in 0..p.count as u32 {
///     let mut regions: Vec<usize> =
///         (0..g.nodes.len()).filter(|&i| p.membership[i] == c).map(|i| g.nodes[i].region).collect();
///     regions.dedup();
///     assert!(regions.len() <= 2);
/// }
/// ```
pub fn compact(
    g: &SpecialisationGraph,
    membership: &[u32],
    leiden: &LeidenConfig,
    config: &CompactConfig,
) -> Result<CompactPartition> {
    config.validate()?;
    let n = g.nodes.len();
    if membership.len() != n {
        return Err(Error::parameter(
            "membership",
            format!("{} entries for {n} nodes", membership.len()),
        ));
    }
    // input communities in order of their first node, each with its nodes ascending
    let mut order: Vec<u32> = Vec::new();
    let mut slot: std::collections::HashMap<u32, usize> = std::collections::HashMap::new();
    let mut groups: Vec<Vec<u32>> = Vec::new();
    for (i, &c) in membership.iter().enumerate() {
        let k = *slot.entry(c).or_insert_with(|| {
            order.push(c);
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[k].push(i as u32);
    }
    let pieces: Vec<Vec<(Vec<u32>, u32)>> = groups
        .par_iter()
        .map(|nodes| {
            let mut out = Vec::new();
            split(g, nodes.clone(), 0, leiden, config, &mut out)?;
            if out.len() > 1 {
                place_leftovers(g, nodes, &mut out, config.max_regions);
                keep_strongest_pair(g, nodes, &mut out);
            }
            Ok(out)
        })
        .collect::<Result<_>>()?;
    let mut out = CompactPartition {
        membership: vec![0; n],
        count: 0,
        parent: Vec::new(),
        depth: Vec::new(),
        split: pieces.iter().filter(|p| p.len() > 1).count(),
    };
    for (parent, list) in pieces.into_iter().enumerate() {
        for (nodes, depth) in list {
            for &i in &nodes {
                out.membership[i as usize] = out.count as u32;
            }
            out.parent.push(parent as u32);
            out.depth.push(depth);
            out.count += 1;
        }
    }
    Ok(out)
}

fn region_count(g: &SpecialisationGraph, nodes: &[u32]) -> usize {
    let mut r: Vec<usize> = nodes.iter().map(|&i| g.nodes[i as usize].region).collect();
    r.sort_unstable();
    r.dedup();
    r.len()
}

/// Appends the pieces of `nodes` (ascending), with their depth, to `out`.
fn split(
    g: &SpecialisationGraph,
    nodes: Vec<u32>,
    depth: u32,
    base: &LeidenConfig,
    config: &CompactConfig,
    out: &mut Vec<(Vec<u32>, u32)>,
) -> Result<()> {
    if config.max_regions == 0 || nodes.len() < 2 || region_count(g, &nodes) <= config.max_regions {
        out.push((nodes, depth));
        return Ok(());
    }
    let sub = subgraph(&g.graph, &nodes);
    // the density at which the community as a whole scores 0 under CPM
    let pairs = (nodes.len() * (nodes.len() - 1)) as f64 / 2.0;
    let mut gamma = sub.total_weight() / pairs;
    let mut membership = None;
    for step in 0..MAX_STEPS {
        let cfg = LeidenConfig {
            quality: Quality::Cpm { resolution: gamma },
            seed: mix(base.seed, nodes[0] as u64, depth, step),
            max_iterations: SPLIT_ITERATIONS,
            record_levels: false,
            ..base.clone()
        };
        let found = leiden(&sub, &cfg)?;
        if found.count >= 2 {
            membership = Some((found.membership, found.count));
            break;
        }
        gamma *= config.resolution_step;
    }
    // no split found within the steps: single nodes
    let (membership, count) =
        membership.unwrap_or_else(|| ((0..nodes.len() as u32).collect(), nodes.len()));
    let mut parts: Vec<Vec<u32>> = vec![Vec::new(); count];
    for (local, &c) in membership.iter().enumerate() {
        parts[c as usize].push(nodes[local]);
    }
    for part in parts.into_iter().filter(|p| !p.is_empty()) {
        split(g, part, depth + 1, base, config, out)?;
    }
    Ok(())
}

/// Gives each specialisation that a split left alone (a piece of one node)
/// to the piece of the same community it gains most modularity by joining,
/// within the region cap: `w(x, P) - k_x K_P / (2 m)` on the community's
/// subgraph (`k_x` its strength there, `K_P` the piece's, `m` the
/// community's weight), if positive. Leftovers are visited strongest first
/// (ties by node); one may join another leftover, and later ones may join
/// that pair. Pieces left empty are dropped; the others keep their order.
fn place_leftovers(
    g: &SpecialisationGraph,
    community: &[u32],
    pieces: &mut Vec<(Vec<u32>, u32)>,
    max_regions: usize,
) {
    let local = |v: u32| community.binary_search(&v).ok();
    let mut piece_of = vec![0usize; community.len()];
    for (p, (nodes, _)) in pieces.iter().enumerate() {
        for &v in nodes {
            if let Some(i) = local(v) {
                piece_of[i] = p;
            }
        }
    }
    // strengths inside the community
    let k: Vec<f64> = community
        .iter()
        .map(|&u| {
            g.graph
                .neighbors(u)
                .filter(|&(v, _)| local(v).is_some())
                .map(|(_, w)| w)
                .sum()
        })
        .collect();
    let two_m: f64 = k.iter().sum();
    if two_m <= 0.0 {
        return;
    }
    let mut weight: Vec<f64> = vec![0.0; pieces.len()];
    let mut regions: Vec<Vec<usize>> = pieces
        .iter()
        .map(|(nodes, _)| {
            let mut r: Vec<usize> = nodes.iter().map(|&v| g.nodes[v as usize].region).collect();
            r.sort_unstable();
            r.dedup();
            r
        })
        .collect();
    let mut size: Vec<usize> = pieces.iter().map(|(nodes, _)| nodes.len()).collect();
    for (i, &p) in piece_of.iter().enumerate() {
        weight[p] += k[i];
    }
    let mut leftovers: Vec<usize> = (0..community.len())
        .filter(|&i| size[piece_of[i]] == 1)
        .collect();
    leftovers.sort_by(|&a, &b| k[b].total_cmp(&k[a]).then(a.cmp(&b)));
    let mut ties: Vec<(usize, f64)> = Vec::new();
    for x in leftovers {
        let own = piece_of[x];
        if size[own] != 1 {
            continue; // another leftover joined it
        }
        ties.clear();
        for (v, w) in g.graph.neighbors(community[x]) {
            if let Some(j) = local(v) {
                let p = piece_of[j];
                match ties.iter_mut().find(|t| t.0 == p) {
                    Some(t) => t.1 += w,
                    None => ties.push((p, w)),
                }
            }
        }
        let region = g.nodes[community[x] as usize].region;
        let mut best: Option<(usize, f64)> = None;
        for &(p, w) in &ties {
            let fits =
                max_regions == 0 || regions[p].contains(&region) || regions[p].len() < max_regions;
            let gain = w - k[x] * weight[p] / two_m;
            if fits && gain > 0.0 && best.is_none_or(|(bp, bg)| gain > bg || (gain == bg && p < bp))
            {
                best = Some((p, gain));
            }
        }
        if let Some((p, _)) = best {
            piece_of[x] = p;
            size[own] = 0;
            size[p] += 1;
            weight[own] = 0.0;
            weight[p] += k[x];
            if let Err(at) = regions[p].binary_search(&region) {
                regions[p].insert(at, region);
            }
        }
    }
    let mut moved: Vec<Vec<u32>> = vec![Vec::new(); pieces.len()];
    for (i, &p) in piece_of.iter().enumerate() {
        moved[p].push(community[i]);
    }
    let depths: Vec<u32> = pieces.iter().map(|p| p.1).collect();
    *pieces = moved
        .into_iter()
        .zip(depths)
        .filter(|(nodes, _)| !nodes.is_empty())
        .collect();
}

/// Keeps a split community's strongest complementary pair together: when
/// the pieces separate the two ends of the community's strongest
/// intersectoral (value-chain) edge, both leave their pieces and form a
/// piece of their own, placed after the piece of the first end. Splitting
/// optimises the pieces as a whole and may give one end to a piece of many
/// weaker ties (a supplier drawn to three buyers of another chain, its own
/// best partner left alone); the strongest complementary pair of a
/// community is the suggestion a reader would look for first, so it is
/// never lost. Ties in weight go to the smaller pair of nodes. Pieces left
/// empty are dropped.
fn keep_strongest_pair(
    g: &SpecialisationGraph,
    community: &[u32],
    pieces: &mut Vec<(Vec<u32>, u32)>,
) {
    let mut best: Option<(u32, u32, f64)> = None;
    for &u in community {
        for (v, w) in g.graph.neighbors(u) {
            if v > u
                && g.is_intersectoral(u as usize, v as usize)
                && community.binary_search(&v).is_ok()
                && best.is_none_or(|(_, _, bw)| w > bw)
            {
                best = Some((u, v, w));
            }
        }
    }
    let Some((u, v, _)) = best else {
        return;
    };
    let piece = |x: u32| pieces.iter().position(|(nodes, _)| nodes.contains(&x));
    let (Some(pu), Some(pv)) = (piece(u), piece(v)) else {
        return;
    };
    if pu == pv {
        return;
    }
    let depth = pieces[pu].1.max(pieces[pv].1);
    for (nodes, _) in pieces.iter_mut() {
        nodes.retain(|&x| x != u && x != v);
    }
    pieces.insert(pu + 1, (vec![u, v], depth));
    pieces.retain(|(nodes, _)| !nodes.is_empty());
}

/// The subgraph induced by `nodes` (ascending), renumbered `0..nodes.len()`.
fn subgraph(graph: &CsrGraph, nodes: &[u32]) -> CsrGraph {
    let mut edges = Vec::new();
    for (lu, &u) in nodes.iter().enumerate() {
        for (v, w) in graph.neighbors(u) {
            if v > u
                && let Ok(lv) = nodes.binary_search(&v)
            {
                edges.push((lu as u32, lv as u32, w));
            }
        }
    }
    CsrGraph::from_edges(nodes.len(), &edges)
}

/// A seed for one Leiden call of the splitting: splitmix64 of its parts.
fn mix(seed: u64, first: u64, depth: u32, step: u32) -> u64 {
    let sm = crate::random::splitmix64;
    sm(seed ^ sm(first ^ sm(((depth as u64) << 32) | step as u64)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suggest::testutil::graph;

    #[test]
    fn small_communities_are_kept() {
        let (g, _) = graph();
        let p = compact(
            &g,
            &[0, 0, 0, 1, 1],
            &LeidenConfig::default(),
            &CompactConfig::default(),
        )
        .unwrap();
        assert_eq!(p.membership, [0, 0, 0, 1, 1]);
        assert_eq!((p.count, p.split), (2, 0));
        assert_eq!(p.parent, [0, 1]);
        assert_eq!(p.depth, [0, 0]);
    }

    #[test]
    fn large_communities_are_split_to_the_cap() {
        let (g, _) = graph();
        let all = vec![7; g.nodes.len()];
        let config = CompactConfig {
            max_regions: 2,
            ..CompactConfig::default()
        };
        let p = compact(&g, &all, &LeidenConfig::default(), &config).unwrap();
        assert!(p.count >= 2 && p.split == 1);
        for c in 0..p.count as u32 {
            let nodes: Vec<u32> = (0..g.nodes.len() as u32)
                .filter(|&i| p.membership[i as usize] == c)
                .collect();
            assert!(region_count(&g, &nodes) <= 2);
        }
        assert!(p.parent.iter().all(|&x| x == 0));
        assert!(p.depth.iter().all(|&d| d >= 1));
        // the jewellery pair stays together: it is a component of its own
        assert_eq!(p.membership[3], p.membership[4]);
        // no limit: unchanged
        let off = CompactConfig {
            max_regions: 0,
            ..CompactConfig::default()
        };
        assert_eq!(
            compact(&g, &all, &LeidenConfig::default(), &off)
                .unwrap()
                .count,
            1
        );
    }

    #[test]
    fn same_split_at_one_and_four_threads() {
        let (g, _) = graph();
        let all = vec![0; g.nodes.len()];
        let config = CompactConfig {
            max_regions: 2,
            ..CompactConfig::default()
        };
        let run = |t: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(t)
                .build()
                .unwrap();
            pool.install(|| compact(&g, &all, &LeidenConfig::default(), &config).unwrap())
        };
        assert_eq!(run(1), run(4));
    }

    #[test]
    fn the_strongest_complementary_pair_survives_the_split() {
        let (m, v) = crate::suggest::testutil::split_case();
        let spec = crate::economics::specialisation(&m, &Default::default()).unwrap();
        let g = crate::suggest::build_graph(&m, &spec, &v, &Default::default()).unwrap();
        let label = |i: usize| g.label(i);
        let sa = (0..g.nodes.len())
            .find(|&i| label(i) == "RU-SA:08")
            .unwrap() as u32;
        let kos = (0..g.nodes.len())
            .find(|&i| label(i) == "RU-KOS:32")
            .unwrap() as u32;
        let lq = |i: u32| g.nodes[i as usize].lq;
        assert!((lq(sa) - 40.0).abs() < 1.0 && (lq(kos) - 40.0).abs() < 1.0);
        // the pair's edge is the strongest value-chain edge of the graph
        let w_pair = g.graph.neighbors(sa).find(|e| e.0 == kos).unwrap().1;
        for u in 0..g.nodes.len() as u32 {
            for (x, w) in g.graph.neighbors(u) {
                if g.is_intersectoral(u as usize, x as usize) {
                    assert!(
                        w <= w_pair,
                        "{} - {} {w} > {w_pair}",
                        label(u as usize),
                        label(x as usize)
                    );
                }
            }
        }
        // one community of all five regions, as Leiden finds on a larger graph
        let all: Vec<u32> = (0..g.nodes.len() as u32).collect();
        let config = CompactConfig::default();
        let leiden = LeidenConfig::default();
        // splitting alone separates the pair ...
        let mut out = Vec::new();
        split(&g, all.clone(), 0, &leiden, &config, &mut out).unwrap();
        place_leftovers(&g, &all, &mut out, config.max_regions);
        let piece = |out: &[(Vec<u32>, u32)], x: u32| out.iter().position(|p| p.0.contains(&x));
        assert_ne!(piece(&out, sa), piece(&out, kos), "{out:?}");
        // ... and the compact partition keeps it
        let p = compact(&g, &vec![0; g.nodes.len()], &leiden, &config).unwrap();
        assert_eq!(p.membership[sa as usize], p.membership[kos as usize]);
        let s = crate::suggest::suggestions(&g, &p.membership, &v).unwrap();
        assert!(
            s.iter()
                .any(|x| x.regions == ["RU-KOS", "RU-SA"] && x.sectors == ["08", "32"]),
            "{:?}",
            s.iter()
                .map(|x| (&x.regions, &x.sectors))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn config_is_checked() {
        let (g, _) = graph();
        let all = vec![0; g.nodes.len()];
        let bad = CompactConfig {
            max_regions: 1,
            ..CompactConfig::default()
        };
        assert!(compact(&g, &all, &LeidenConfig::default(), &bad).is_err());
        let bad = CompactConfig {
            resolution_step: 1.0,
            ..CompactConfig::default()
        };
        assert!(compact(&g, &all, &LeidenConfig::default(), &bad).is_err());
        assert!(
            compact(
                &g,
                &[0],
                &LeidenConfig::default(),
                &CompactConfig::default()
            )
            .is_err()
        );
    }
}
