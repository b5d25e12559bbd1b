//! Suggestions: the communities of a partition of the specialisation graph
//! that span two or more regions, scored, classified and explained.

use std::collections::BTreeSet;

use rayon::prelude::*;
use serde::Serialize;

use super::SpecialisationGraph;
use super::evidence::{SuggestionEvidence, Ties};
use crate::economics::ValueChain;
use crate::error::{Error, Result};

/// Default number of links given as a suggestion's explanation.
pub const DEFAULT_EXPLANATION_LINKS: usize = 3;

/// Whether a suggestion pools one industry or joins a value chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SuggestionKind {
    /// The same sector pooled across regions.
    Sectoral,
    /// Complementary sectors of different regions joined along a value chain.
    Intersectoral,
}

impl SuggestionKind {
    /// `sectoral` or `intersectoral`, as in the outputs.
    pub fn name(self) -> &'static str {
        match self {
            SuggestionKind::Sectoral => "sectoral",
            SuggestionKind::Intersectoral => "intersectoral",
        }
    }
}

/// What an edge of the specialisation graph, and so a line of an
/// explanation, stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkKind {
    /// One sector supplies another along the value chain (intersectoral edge).
    ValueChain,
    /// Two regions specialised in the same sector (sectoral edge).
    Sectoral,
}

/// One link inside a suggestion: a line of its explanation.
///
/// For a [`LinkKind::ValueChain`] link the supplier sells to the buyer. For a
/// [`LinkKind::Sectoral`] link both ends are in the same sector; the
/// "supplier" is the region with the larger location quotient.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// Value-chain or sectoral.
    pub kind: LinkKind,
    /// Supplying region.
    pub supplier_region: String,
    /// Its name (filled by the pipeline's evidence step).
    pub supplier_region_name: String,
    /// Supplying sector.
    pub supplier_sector: String,
    /// Its name (filled by the pipeline's evidence step).
    pub supplier_sector_name: String,
    /// Location quotient of the supplying specialisation.
    pub supplier_lq: f64,
    /// Buying region.
    pub buyer_region: String,
    /// Its name (filled by the pipeline's evidence step).
    pub buyer_region_name: String,
    /// Buying sector.
    pub buyer_sector: String,
    /// Its name (filled by the pipeline's evidence step).
    pub buyer_sector_name: String,
    /// Location quotient of the buying specialisation.
    pub buyer_lq: f64,
    /// Distance between the two regions (`None` when unknown or not measured).
    pub distance: Option<f64>,
    /// Observed links between the two regions' organisations, any sector.
    pub links: u32,
    /// Those with either end in the link's sector(s).
    pub links_in_sectors: u32,
    /// Value-chain weight `V` of the sector pair (0 for a sectoral link).
    pub value_chain_weight: f64,
    /// Weight of the graph edge.
    pub edge_weight: f64,
    /// Why: the value chain's rationale, or what pooling one sector brings.
    pub rationale: String,
    /// In words: `"08 in RU-SA supplies 32 in RU-KOS"` as built, and with
    /// names, distance and observed links once the pipeline has described
    /// it: `"08 Other mining and quarrying in Sakha Republic (RU-SA) supplies
    /// 32 Other manufacturing in Kostroma Oblast (RU-KOS), 180 km, 25
    /// observed links, 25 in these sectors"` (see [`super::evidence`]).
    pub text: String,
}

/// A specialisation inside a suggestion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    /// Region id.
    pub region: String,
    /// Sector code.
    pub sector: String,
    /// Location quotient of the region in the sector.
    pub lq: f64,
    /// p-value of the one-sided binomial test of its specialisation, when
    /// tested (see [`crate::economics::significance`]).
    pub p_value: Option<f64>,
    /// Its Benjamini-Hochberg q-value, when tested.
    pub q_value: Option<f64>,
    /// Weight of its edges to the other members: how much it contributes.
    pub strength: f64,
}

/// A suggested national cluster.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// 1-based rank, by score (see [`suggestions`]).
    pub rank: usize,
    /// Sectoral or intersectoral.
    pub kind: SuggestionKind,
    /// Region ids, sorted.
    pub regions: Vec<String>,
    /// Region names, as `regions` (filled by [`super::annotate`]).
    pub region_names: Vec<String>,
    /// Federal districts crossed (filled by [`super::annotate`]).
    pub districts: Vec<String>,
    /// Sector codes, sorted.
    pub sectors: Vec<String>,
    /// Sector names, as `sectors` (filled by [`super::annotate`]).
    pub sector_names: Vec<String>,
    /// The specialisations `(region, sector)` in it, in node order.
    pub specialisations: Vec<(String, String)>,
    /// The same with their LQ and strength inside the suggestion, strongest first.
    pub members: Vec<Member>,
    /// The ranking score: the mean strength of its members inside it,
    /// `2 internal_weight / members`. It does not grow with size by itself
    /// (a pair joined by an edge of weight `w` scores `w`, a larger group
    /// only as much as its average member is tied to the others), so
    /// suggestions of different sizes compare.
    pub score: f64,
    /// Total weight of the edges inside it (the brief's baseline score).
    pub internal_weight: f64,
    /// Share of `internal_weight` carried by value-chain edges, in `[0, 1]`.
    pub value_chain_share: f64,
    /// Share of its members' edge weight that stays inside it, in `[0, 1]`:
    /// `2 score / sum of the members' strengths in the whole graph`.
    pub cohesion: f64,
    /// The community of the partition it came from: for the pipeline, the
    /// community of the whole graph it was split out of, so that suggestions
    /// sharing it belong to one wider value chain.
    pub community: u32,
    /// Existing clusters and organisations that would anchor it (filled by [`super::annotate`]).
    pub anchors: Vec<Anchor>,
    /// Whether links are already observed among its regions (filled by the
    /// pipeline's evidence step, [`super::evidence`]).
    pub ties: Ties,
    /// 1-based rank among the suggestions of the same [`Ties`].
    pub rank_in_ties: usize,
    /// Observed links among its regions and their distances.
    pub evidence: SuggestionEvidence,
    /// Its strongest links, those of its kind first.
    pub explanation: Vec<Explanation>,
}

/// An existing cluster or organisation in one of a suggestion's specialisations.
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
    /// Its employees, when known.
    pub employees: Option<u64>,
}

/// An internal edge, before it is put into words.
#[derive(Debug, Clone, Copy)]
struct Internal {
    u: usize,
    v: usize,
    w: f64,
    intersectoral: bool,
}

/// Turns the communities of `membership` (one community per graph node) that
/// span two or more regions into suggestions, best first (see the module
/// docs of [`crate::suggest`]). Ties are broken by the regions and then the
/// sectors, so the order is deterministic; communities are scored in
/// parallel, each in a fixed order.
///
/// # Errors
///
/// [`Error::Parameter`] when `membership` has the wrong length.
///
/// # Complexity
///
/// `O(n + m)` for `n` nodes and `m` edges, plus the sorting of each
/// community's internal edges; only the explanation's few links are put
/// into words.
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
    let mut ids: Vec<u32> = membership.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let index = |c: u32| ids.binary_search(&c).unwrap_or(0);
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); ids.len()];
    for (i, &c) in membership.iter().enumerate() {
        groups[index(c)].push(i);
    }
    let mut out: Vec<Suggestion> = groups
        .par_iter()
        .filter_map(|nodes| describe(g, membership, nodes, chain))
        .collect();
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.regions.cmp(&b.regions))
            .then_with(|| a.sectors.cmp(&b.sectors))
    });
    for (i, s) in out.iter_mut().enumerate() {
        s.rank = i + 1;
    }
    Ok(out)
}

/// The suggestion of one community (its nodes in ascending order), or `None`
/// when it lies in one region.
fn describe(
    g: &SpecialisationGraph,
    membership: &[u32],
    nodes: &[usize],
    chain: &ValueChain,
) -> Option<Suggestion> {
    let regions: BTreeSet<usize> = nodes.iter().map(|&i| g.nodes[i].region).collect();
    if regions.len() < 2 {
        return None;
    }
    let community = membership[nodes[0]];
    let (mut score, mut inter, mut total_strength) = (0.0, 0.0, 0.0);
    let mut strength = vec![0.0; nodes.len()];
    let mut internal: Vec<Internal> = Vec::new();
    for (k, &u) in nodes.iter().enumerate() {
        total_strength += g.graph.strength(u as u32);
        for (v, w) in g.graph.neighbors(u as u32) {
            let v = v as usize;
            if membership[v] != community {
                continue;
            }
            strength[k] += w;
            if v <= u {
                continue;
            }
            score += w;
            let intersectoral = g.is_intersectoral(u, v);
            if intersectoral {
                inter += w;
            }
            internal.push(Internal {
                u,
                v,
                w,
                intersectoral,
            });
        }
    }
    let kind = if inter > 0.0 && inter >= score / 2.0 {
        SuggestionKind::Intersectoral
    } else {
        SuggestionKind::Sectoral
    };
    let explanation = explain(g, &mut internal, kind, chain);
    let sectors: BTreeSet<&String> = nodes
        .iter()
        .map(|&i| &g.sectors[g.nodes[i].sector])
        .collect();
    let mut members: Vec<Member> = nodes
        .iter()
        .zip(&strength)
        .map(|(&i, &s)| {
            let n = g.nodes[i];
            Member {
                region: g.regions[n.region].clone(),
                sector: g.sectors[n.sector].clone(),
                lq: n.lq,
                p_value: n.test.map(|t| t.0),
                q_value: n.test.map(|t| t.1),
                strength: s,
            }
        })
        .collect();
    // stable: equal strengths stay in node order
    members.sort_by(|a, b| b.strength.total_cmp(&a.strength));
    Some(Suggestion {
        rank: 0,
        kind,
        regions: regions.iter().map(|&r| g.regions[r].clone()).collect(),
        region_names: Vec::new(),
        districts: Vec::new(),
        sectors: sectors.into_iter().cloned().collect(),
        sector_names: Vec::new(),
        specialisations: nodes
            .iter()
            .map(|&i| {
                (
                    g.regions[g.nodes[i].region].clone(),
                    g.sectors[g.nodes[i].sector].clone(),
                )
            })
            .collect(),
        members,
        score: 2.0 * score / nodes.len() as f64,
        internal_weight: score,
        value_chain_share: if score > 0.0 { inter / score } else { 0.0 },
        cohesion: if total_strength > 0.0 {
            (2.0 * score / total_strength).min(1.0)
        } else {
            0.0
        },
        community,
        anchors: Vec::new(),
        ties: Ties::New,
        rank_in_ties: 0,
        evidence: SuggestionEvidence::default(),
        explanation,
    })
}

/// The strongest internal links, those of the suggestion's kind first, at
/// most [`DEFAULT_EXPLANATION_LINKS`], ties broken by their text.
fn explain(
    g: &SpecialisationGraph,
    internal: &mut [Internal],
    kind: SuggestionKind,
    chain: &ValueChain,
) -> Vec<Explanation> {
    let first = kind == SuggestionKind::Intersectoral;
    // own kind first, then by weight; only candidates that can make the cut are put into words
    internal.sort_by(|a, b| {
        (b.intersectoral == first)
            .cmp(&(a.intersectoral == first))
            .then(b.w.total_cmp(&a.w))
    });
    let cut = DEFAULT_EXPLANATION_LINKS.min(internal.len());
    let candidates = match internal.get(cut.saturating_sub(1)) {
        Some(last) => internal
            .iter()
            .take_while(|e| {
                let (mine, theirs) = (e.intersectoral == first, last.intersectoral == first);
                (mine && !theirs) || (mine == theirs && e.w >= last.w)
            })
            .count(),
        None => 0,
    };
    let mut links: Vec<(bool, Explanation)> = internal[..candidates]
        .iter()
        .map(|e| (e.intersectoral == first, put_into_words(g, e, chain)))
        .collect();
    links.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.edge_weight.total_cmp(&a.1.edge_weight))
            .then_with(|| a.1.text.cmp(&b.1.text))
    });
    links
        .into_iter()
        .take(DEFAULT_EXPLANATION_LINKS)
        .map(|(_, e)| e)
        .collect()
}

fn put_into_words(g: &SpecialisationGraph, e: &Internal, chain: &ValueChain) -> Explanation {
    let (a, b) = (g.nodes[e.u], g.nodes[e.v]);
    if e.intersectoral {
        // the direction with the larger value-chain weight
        let (sup, buy) =
            if g.value_chain.get(a.sector, b.sector) >= g.value_chain.get(b.sector, a.sector) {
                (a, b)
            } else {
                (b, a)
            };
        let (ss, bs) = (&g.sectors[sup.sector], &g.sectors[buy.sector]);
        let (sr, br) = (&g.regions[sup.region], &g.regions[buy.region]);
        Explanation {
            kind: LinkKind::ValueChain,
            supplier_region: sr.clone(),
            supplier_region_name: String::new(),
            supplier_sector: ss.clone(),
            supplier_sector_name: String::new(),
            supplier_lq: sup.lq,
            buyer_region: br.clone(),
            buyer_region_name: String::new(),
            buyer_sector: bs.clone(),
            buyer_sector_name: String::new(),
            buyer_lq: buy.lq,
            distance: None,
            links: 0,
            links_in_sectors: 0,
            value_chain_weight: g.value_chain.get(sup.sector, buy.sector),
            edge_weight: e.w,
            rationale: chain
                .link(ss, bs)
                .map_or_else(String::new, |l| l.rationale.clone()),
            text: format!("{ss} in {sr} supplies {bs} in {br}"),
        }
    } else {
        let (x, y) = if a.lq >= b.lq { (a, b) } else { (b, a) };
        let s = &g.sectors[x.sector];
        let (xr, yr) = (&g.regions[x.region], &g.regions[y.region]);
        Explanation {
            kind: LinkKind::Sectoral,
            supplier_region: xr.clone(),
            supplier_region_name: String::new(),
            supplier_sector: s.clone(),
            supplier_sector_name: String::new(),
            supplier_lq: x.lq,
            buyer_region: yr.clone(),
            buyer_region_name: String::new(),
            buyer_sector: s.clone(),
            buyer_sector_name: String::new(),
            buyer_lq: y.lq,
            distance: None,
            links: 0,
            links_in_sectors: 0,
            value_chain_weight: 0.0,
            edge_weight: e.w,
            rationale:
                "the same industry in two regions with similar portfolios: shared staff, R&D, \
                        infrastructure and larger projects"
                    .to_string(),
            text: format!(
                "{xr} and {yr} both specialise in {s} (LQ {:.1} and {:.1})",
                x.lq, y.lq
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suggest::testutil::graph;

    #[test]
    fn communities_become_ranked_suggestions() {
        let (g, v) = graph();
        // nodes are ordered by region then sector: RU-A:01, RU-B:10, RU-C:01, RU-KOS:32, RU-SA:08
        let order: Vec<String> = (0..g.nodes.len()).map(|i| g.label(i)).collect();
        assert_eq!(
            order,
            ["RU-A:01", "RU-B:10", "RU-C:01", "RU-KOS:32", "RU-SA:08"]
        );
        let s = suggestions(&g, &[0, 0, 0, 1, 1], &v).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!((s[0].rank, s[1].rank), (1, 2));
        let jewellery = s.iter().find(|x| x.regions == ["RU-KOS", "RU-SA"]).unwrap();
        assert_eq!(jewellery.kind, SuggestionKind::Intersectoral);
        assert_eq!(jewellery.sectors, ["08", "32"]);
        assert_eq!(
            jewellery.explanation[0].text,
            "08 in RU-SA supplies 32 in RU-KOS"
        );
        assert_eq!(jewellery.explanation[0].kind, LinkKind::ValueChain);
        assert_eq!(jewellery.explanation[0].rationale, "08 feeds 32");
        // the pair is a community of its own: every tie of its members stays inside
        assert!((jewellery.cohesion - 1.0).abs() < 1e-12);
        assert_eq!(jewellery.members.len(), 2);
        assert!((jewellery.members[0].strength - jewellery.internal_weight).abs() < 1e-12);
        // a pair scores the weight of its edge
        assert!((jewellery.score - jewellery.internal_weight).abs() < 1e-12);
        assert_eq!(jewellery.value_chain_share, 1.0);
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
        assert_eq!(s[0].explanation.len(), 1);
        assert_eq!(s[0].explanation[0].kind, LinkKind::Sectoral);
        assert!(
            s[0].explanation[0].text.contains("both specialise in 01"),
            "{}",
            s[0].explanation[0].text
        );
        assert!(s[0].cohesion < 1.0);
    }

    #[test]
    fn explanation_puts_the_suggestions_kind_first() {
        let (g, v) = graph();
        // RU-A:01, RU-B:10, RU-C:01: two value-chain edges and one sectoral
        let s = suggestions(&g, &[0, 0, 0, 1, 2], &v).unwrap();
        let kinds: Vec<LinkKind> = s[0].explanation.iter().map(|e| e.kind).collect();
        let first = if s[0].kind == SuggestionKind::Intersectoral {
            LinkKind::ValueChain
        } else {
            LinkKind::Sectoral
        };
        assert_eq!(kinds[0], first);
        assert_eq!(kinds.len(), 3);
        let weights: Vec<f64> = s[0]
            .explanation
            .iter()
            .filter(|e| e.kind == first)
            .map(|e| e.edge_weight)
            .collect();
        assert!(weights.windows(2).all(|w| w[0] >= w[1]), "{weights:?}");
    }
}
