//! Where an expected group of specialisations ranks among the suggestions,
//! or which evidence is missing for it: the dataset's existing
//! inter-regional clusters (one sector in each of their regions) and the
//! expected pairings of `expected_pairings.csv` (a sector per region, from a
//! study or an expert; see [`crate::load::pairings`]) are judged by the same
//! code.
//!
//! A group is **found** when one suggestion holds two or more of its
//! specialisations in two or more regions; its rank is that suggestion's
//! (the best such), with its rank among the suggestions of its kind. A group
//! not found is explained step by step, in the order of the method:
//!
//! 1. each specialisation: its location quotient, p- and q-value, and
//!    whether it passes the size, share and significance conditions (a node
//!    of the specialisation graph); two in different regions are needed;
//! 2. each pair of passing specialisations in different regions: whether
//!    the value chain links their sectors (or they are one sector), their
//!    observed links, distance and distance decay, and whether the graph
//!    kept the edge (each node keeps its strongest partners only);
//! 3. when all that evidence is present, the edge lost in the community
//!    and split stage: which suggestion each specialisation joined instead.

use std::collections::HashMap;

use serde::Serialize;

use super::evidence::{RegionEvidence, distance_text, grouped, p_text};
use super::{SpecialisationGraph, Suggestion, SuggestionKind};
use crate::economics::{RegionSectorMatrix, Specialisation};
use crate::load::pairings::ExpectedPairing;
use crate::model::{Dataset, SectorLevel};

/// One specialisation of an expected group: is it a node of the graph, and
/// in which suggestion did it land?
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Placement {
    /// Region id.
    pub region: String,
    /// Its name.
    pub name: String,
    /// The sector at the suggestion level.
    pub sector: String,
    /// Its location quotient in the sector (`None` when the region or sector
    /// is not in the matrix).
    pub lq: Option<f64>,
    /// The p-value of its significance test, when tested.
    pub p_value: Option<f64>,
    /// Its Benjamini-Hochberg q-value, when tested.
    pub q_value: Option<f64>,
    /// Whether its value reaches the minimum size (`None` when untested).
    pub large_enough: Option<bool>,
    /// Whether its share of the national sector reaches the minimum.
    pub share_enough: Option<bool>,
    /// Whether its q-value is within the false discovery rate.
    pub significant: Option<bool>,
    /// Whether it is a node of the graph (LQ at the threshold and, when
    /// required, the three conditions above).
    pub specialised: bool,
    /// Rank of the suggestion holding it, if any.
    pub rank: Option<usize>,
}

/// Two specialisations of an expected group in different regions: what
/// could join them in the graph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairCheck {
    /// One region.
    pub region_a: String,
    /// Its sector.
    pub sector_a: String,
    /// The other region.
    pub region_b: String,
    /// Its sector.
    pub sector_b: String,
    /// `sectoral` (one sector), `value-chain` (the chain links the sectors)
    /// or `none` (nothing can join them).
    pub relation: &'static str,
    /// The value-chain weight `max(V_ab, V_ba)` (0 unless `value-chain`).
    pub value_chain_weight: f64,
    /// Links observed between the two regions, any sector.
    pub links: u32,
    /// Those with either end in one of the two sectors.
    pub links_in_sectors: u32,
    /// Their distance (`None` when unknown).
    pub distance: Option<f64>,
    /// The distance decay `exp(-d / d0)` (1 without decay).
    pub decay: f64,
    /// The whole factor on their edges: tie boost times decay.
    pub factor: f64,
    /// The weight of their edge in the graph, when the graph has one.
    pub edge_weight: Option<f64>,
}

/// Where an expected group ranks, or why it does not.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// Each specialisation: LQ, tests, node or not, and the suggestion it is in.
    pub placements: Vec<Placement>,
    /// Each pair of nodes in different regions, when the group was not found.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pairs: Vec<PairCheck>,
    /// 1-based rank of the best suggestion holding two or more of its
    /// specialisations in two or more regions.
    pub rank: Option<usize>,
    /// That suggestion's kind.
    pub kind: Option<SuggestionKind>,
    /// 1-based rank among the suggestions of that kind.
    pub rank_in_kind: Option<usize>,
    /// In words: which evidence is missing or what kept it out, or where its
    /// specialisations are when they are apart.
    pub note: Option<String>,
}

/// Where an existing inter-regional cluster of the dataset ranks among the suggestions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExistingCluster {
    /// Cluster id.
    pub id: String,
    /// Cluster name.
    pub name: String,
    /// Its sector at the suggestion level.
    pub sector: String,
    /// That sector's name.
    pub sector_name: String,
    /// Its regions.
    pub regions: Vec<String>,
    /// Those of its regions specialised in its sector (nodes of the graph).
    pub specialised_regions: Vec<String>,
    /// Its rank, or what kept it out.
    #[serde(flatten)]
    pub evaluation: Evaluation,
}

/// Where an expected pairing ranks among the suggestions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairingResult {
    /// The pairing as read.
    #[serde(flatten)]
    pub pairing: ExpectedPairing,
    /// Its specialisations at the suggestion level, with names:
    /// `32 Other manufacturing in Kostroma Oblast (RU-KOS)`.
    pub members_named: Vec<String>,
    /// Its rank, or which evidence is missing.
    #[serde(flatten)]
    pub evaluation: Evaluation,
}

/// What the evaluation reads: the pipeline's matrix, tests, graph,
/// evidence and suggestions.
pub(super) struct Evaluator<'a> {
    pub ds: &'a Dataset,
    pub m: &'a RegionSectorMatrix,
    pub spec: &'a Specialisation,
    pub g: &'a SpecialisationGraph,
    pub evidence: &'a RegionEvidence,
    pub list: &'a [Suggestion],
    pub level: SectorLevel,
    pub threshold: f64,
    pub require_significance: bool,
    pub max_partners: usize,
}

impl Evaluator<'_> {
    /// The existing clusters of two or more regions.
    pub fn existing(&self) -> Vec<ExistingCluster> {
        let ds = self.ds;
        ds.clusters
            .iter()
            .filter(|c| c.regions.len() >= 2)
            .map(|c| {
                let regions: Vec<String> =
                    c.regions.iter().map(|r| ds.region(*r).id.clone()).collect();
                let code = ds.sectors.code(c.sector);
                let sector = ds
                    .sectors
                    .code_at(code, self.level)
                    .unwrap_or_else(|| code.to_string());
                let members: Vec<(String, String)> = regions
                    .iter()
                    .map(|r| (r.clone(), code.to_string()))
                    .collect();
                let evaluation = self.evaluate(&members, false);
                ExistingCluster {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    sector_name: ds.sectors.name_of(&sector),
                    sector,
                    specialised_regions: evaluation
                        .placements
                        .iter()
                        .filter(|p| p.specialised)
                        .map(|p| p.region.clone())
                        .collect(),
                    regions,
                    evaluation,
                }
            })
            .collect()
    }

    /// The expected pairings.
    pub fn pairings(&self, list: &[ExpectedPairing]) -> Vec<PairingResult> {
        list.iter()
            .map(|p| {
                let evaluation = self.evaluate(&p.members, true);
                PairingResult {
                    members_named: evaluation
                        .placements
                        .iter()
                        .map(|x| {
                            format!(
                                "{} in {}",
                                self.sector_named(&x.sector),
                                named(&x.region, &x.name)
                            )
                        })
                        .collect(),
                    pairing: p.clone(),
                    evaluation,
                }
            })
            .collect()
    }

    fn sector_named(&self, code: &str) -> String {
        let name = self.ds.sectors.name_of(code);
        if name.is_empty() || name == code {
            code.to_string()
        } else {
            format!("{code} {name}")
        }
    }

    fn placement(
        &self,
        holder: &HashMap<(&str, &str), usize>,
        region: &str,
        code: &str,
    ) -> Placement {
        let sector = self
            .ds
            .sectors
            .code_at(code, self.level)
            .unwrap_or_else(|| code.to_string());
        let name = self
            .ds
            .region_id(region)
            .map_or_else(|| region.to_string(), |id| self.ds.region(id).name.clone());
        let r = self.m.regions().iter().position(|x| x == region);
        let s = self.m.sectors().iter().position(|x| *x == sector);
        let (lq, test) = match (r, s) {
            (Some(r), Some(s)) => (
                Some(self.spec.lq.get(r, s)),
                self.spec.significance.as_ref().map(|t| (t, r, s)),
            ),
            _ => (None, None),
        };
        let (p_value, q_value, large_enough, share_enough, significant) = match test {
            Some((t, r, s)) => (
                Some(t.p_value.get(r, s)),
                Some(t.q_value.get(r, s)),
                Some(self.m.values().get(r, s) >= t.config.min_size),
                Some(t.share.get(r, s) >= t.config.min_share),
                Some(t.q_value.get(r, s) <= t.config.fdr),
            ),
            None => (None, None, None, None, None),
        };
        let passes = !self.require_significance
            || (large_enough != Some(false)
                && share_enough != Some(false)
                && significant != Some(false));
        Placement {
            rank: holder.get(&(region, sector.as_str())).copied(),
            region: region.to_string(),
            name,
            specialised: lq.is_some_and(|v| v >= self.threshold) && passes,
            sector,
            lq,
            p_value,
            q_value,
            large_enough,
            share_enough,
            significant,
        }
    }

    /// The evaluation of one group of `(region, code)` specialisations.
    ///
    /// With `facts` (expected pairings) the pairs' evidence is given even
    /// when the group is found, so that a low rank is explained too.
    pub fn evaluate(&self, members: &[(String, String)], facts: bool) -> Evaluation {
        let mut holder: HashMap<(&str, &str), usize> = HashMap::new();
        for s in self.list {
            for (r, x) in &s.specialisations {
                holder.insert((r.as_str(), x.as_str()), s.rank);
            }
        }
        let placements: Vec<Placement> = members
            .iter()
            .map(|(r, c)| self.placement(&holder, r, c))
            .collect();
        let nodes: Vec<&Placement> = placements.iter().filter(|p| p.specialised).collect();
        let found = self.list.iter().position(|s| {
            let held: Vec<&&Placement> = nodes
                .iter()
                .filter(|p| {
                    s.specialisations
                        .iter()
                        .any(|(r, x)| *r == p.region && *x == p.sector)
                })
                .collect();
            held.len() >= 2 && held.iter().any(|p| p.region != held[0].region)
        });
        let kind = found.map(|i| self.list[i].kind);
        let rank_in_kind = found.map(|i| {
            self.list[..=i]
                .iter()
                .filter(|s| Some(s.kind) == kind)
                .count()
        });
        let rank = found.map(|i| self.list[i].rank);
        let pairs = if found.is_none() || facts {
            self.pair_checks(&nodes)
        } else {
            Vec::new()
        };
        let mut note = self.note(&placements, &pairs, rank);
        if let Some(i) = found
            && facts
        {
            let s = &self.list[i];
            let unit = self.evidence.summary().distance_unit;
            let facts: Vec<String> = pairs.iter().map(|p| pair_text(p, unit)).collect();
            let tenth = match self.list.get(9) {
                Some(t) if s.rank > 10 => format!(" (the 10th scores {:.2})", t.score),
                _ => String::new(),
            };
            let found = format!(
                "found in suggestion {} ({}; {}), score {:.2}{tenth}. Evidence: {}",
                s.rank,
                s.regions.join(", "),
                s.sectors.join(", "),
                s.score,
                facts.join("; ")
            );
            note = Some(match note {
                Some(n) => format!("{found}; {n}"),
                None => found,
            });
        }
        Evaluation {
            placements,
            pairs,
            rank,
            kind,
            rank_in_kind,
            note,
        }
    }

    fn node(&self, region: &str, sector: &str) -> Option<u32> {
        let r = self.g.regions.iter().position(|x| x == region)?;
        let s = self.g.sectors.iter().position(|x| x == sector)?;
        self.g
            .nodes
            .binary_search_by(|n| (n.region, n.sector).cmp(&(r, s)))
            .ok()
            .map(|i| i as u32)
    }

    fn pair_checks(&self, nodes: &[&Placement]) -> Vec<PairCheck> {
        let mut out = Vec::new();
        for (i, a) in nodes.iter().enumerate() {
            for b in &nodes[i + 1..] {
                if a.region == b.region {
                    continue;
                }
                let (relation, v) = if a.sector == b.sector {
                    ("sectoral", 0.0)
                } else {
                    let sa = self.g.sectors.iter().position(|x| *x == a.sector);
                    let sb = self.g.sectors.iter().position(|x| *x == b.sector);
                    let v = match (sa, sb) {
                        (Some(x), Some(y)) => self
                            .g
                            .value_chain
                            .get(x, y)
                            .max(self.g.value_chain.get(y, x)),
                        _ => 0.0,
                    };
                    (if v > 0.0 { "value-chain" } else { "none" }, v)
                };
                let between = self.evidence.between(
                    &a.region,
                    &b.region,
                    &[a.sector.as_str(), b.sector.as_str()],
                );
                let edge_weight = match (
                    self.node(&a.region, &a.sector),
                    self.node(&b.region, &b.sector),
                ) {
                    (Some(u), Some(w)) => self
                        .g
                        .graph
                        .neighbors(u)
                        .find(|(x, _)| *x == w)
                        .map(|(_, weight)| weight),
                    _ => None,
                };
                out.push(PairCheck {
                    region_a: a.region.clone(),
                    sector_a: a.sector.clone(),
                    region_b: b.region.clone(),
                    sector_b: b.sector.clone(),
                    relation,
                    value_chain_weight: v,
                    links: between.as_ref().map_or(0, |(p, _)| p.links),
                    links_in_sectors: between.as_ref().map_or(0, |(p, _)| p.links_in_sectors),
                    distance: between.as_ref().and_then(|(p, _)| p.distance),
                    decay: between.as_ref().map_or(1.0, |(_, d)| *d),
                    factor: between.as_ref().map_or(1.0, |(p, _)| p.factor),
                    edge_weight,
                });
            }
        }
        out
    }

    /// Which evidence is missing, or where the specialisations are (see the module docs).
    fn note(
        &self,
        placements: &[Placement],
        pairs: &[PairCheck],
        rank: Option<usize>,
    ) -> Option<String> {
        let unit = self.evidence.summary().distance_unit;
        member_note(placements, self.threshold, self.require_significance, rank).or_else(|| {
            if rank.is_some() {
                return None;
            }
            let facts: Vec<String> = pairs.iter().map(|p| pair_text(p, unit)).collect();
            let facts = facts.join("; ");
            let verdict = if pairs.iter().all(|p| p.relation == "none") {
                "no value-chain link joins their sectors in the value chain used (see --value-chain, \
                 --io-table), so no edge of the graph can join them"
                    .to_string()
            } else if pairs.iter().all(|p| p.edge_weight.is_none()) {
                format!(
                    "no edge joins them: the pair was not among the {} strongest partners of either \
                     specialisation (see --max-partners)",
                    self.max_partners
                )
            } else {
                let where_: Vec<String> = placements
                    .iter()
                    .filter(|p| p.specialised)
                    .map(|p| match p.rank.and_then(|r| self.list.get(r - 1)) {
                        Some(s) => format!(
                            "{} {} joined suggestion {} ({}; {})",
                            p.region,
                            p.sector,
                            s.rank,
                            s.regions.join(", "),
                            s.sectors.join(", ")
                        ),
                        None => format!(
                            "{} {} is in none (grouped only with its own region's specialisations)",
                            p.region, p.sector
                        ),
                    })
                    .collect();
                format!(
                    "all evidence is present, but the edge lost in the community and split stage to \
                     stronger partners: {}",
                    where_.join(", ")
                )
            };
            Some(format!("{verdict}. Evidence: {facts}"))
        })
    }
}

/// `Kostroma Oblast (RU-KOS)`.
fn named(id: &str, name: &str) -> String {
    if name.is_empty() || name == id {
        id.to_string()
    } else {
        format!("{name} ({id})")
    }
}

/// `RU-KOS 32 - RU-SA 08: value-chain link (V = 0.90), 36 observed links (36 in
/// these sectors), 4,582 km, decay 0.069, edge weight 1.23`.
fn pair_text(p: &PairCheck, unit: &str) -> String {
    let relation = match p.relation {
        "sectoral" => "one sector".to_string(),
        "value-chain" => format!("value-chain link (V = {:.2})", p.value_chain_weight),
        _ => "no value-chain link".to_string(),
    };
    let edge = match p.edge_weight {
        Some(w) => format!("edge weight {w:.2}"),
        None => "no edge".to_string(),
    };
    format!(
        "{} {} - {} {}: {relation}, {} observed {} ({} in these sectors), {}, decay {:.3}, {edge}",
        p.region_a,
        p.sector_a,
        p.region_b,
        p.sector_b,
        grouped(p.links as f64),
        if p.links == 1 { "link" } else { "links" },
        grouped(p.links_in_sectors as f64),
        distance_text(p.distance, unit),
        p.decay
    )
}

/// One specialisation in words: `RU-KDA 21 LQ 4.03, p 0.012, q 0.31: not
/// significant (q > FDR)`.
fn placement_text(p: &Placement, threshold: f64, require: bool) -> String {
    let Some(lq) = p.lq else {
        return format!("{} {} no activity", p.region, p.sector);
    };
    let tests = match (p.p_value, p.q_value) {
        (Some(pv), Some(q)) => format!(", p {}, q {}", p_text(pv), p_text(q)),
        _ => String::new(),
    };
    let mut failed = Vec::new();
    if lq < threshold {
        failed.push(format!("not specialised (LQ < {threshold})"));
    }
    if require && p.large_enough == Some(false) {
        failed.push("too small (--min-size)".to_string());
    }
    if require && p.share_enough == Some(false) {
        failed.push("too small a share of the national sector (--min-share)".to_string());
    }
    if require && p.significant == Some(false) {
        failed.push("not significant (q above --fdr)".to_string());
    }
    let verdict = if p.specialised {
        String::new()
    } else if failed.is_empty() {
        ": not a node".to_string()
    } else {
        format!(": {}", failed.join(", "))
    };
    format!("{} {} LQ {lq:.2}{tests}{verdict}", p.region, p.sector)
}

/// The note when fewer than two specialisations in different regions are
/// nodes, or when the group's nodes are not all in its suggestion; `None`
/// when the pairs decide (not found) or nothing needs saying (found whole).
pub(super) fn member_note(
    placements: &[Placement],
    threshold: f64,
    require: bool,
    rank: Option<usize>,
) -> Option<String> {
    let nodes: Vec<&Placement> = placements.iter().filter(|p| p.specialised).collect();
    let regions_with_nodes = {
        let mut r: Vec<&str> = nodes.iter().map(|p| p.region.as_str()).collect();
        r.sort_unstable();
        r.dedup();
        r.len()
    };
    if regions_with_nodes < 2 {
        let each: Vec<String> = placements
            .iter()
            .map(|p| placement_text(p, threshold, require))
            .collect();
        return Some(format!(
            "{} of its {} specialisations pass ({}): {}; two in different regions are needed",
            nodes.len(),
            placements.len(),
            if require {
                format!("LQ >= {threshold}, size, share, significance")
            } else {
                format!("LQ >= {threshold}")
            },
            each.join("; ")
        ));
    }
    let rank = rank?;
    let apart: Vec<String> = nodes
        .iter()
        .filter(|p| p.rank != Some(rank))
        .map(|p| match p.rank {
            Some(r) => format!("{} in suggestion {r}", p.region),
            None => format!(
                "{} in none (grouped only with its own region's specialisations)",
                p.region
            ),
        })
        .collect();
    let mut parts = Vec::new();
    if !apart.is_empty() {
        let held: Vec<String> = nodes
            .iter()
            .filter(|p| p.rank == Some(rank))
            .map(|p| format!("{} in suggestion {rank}", p.region))
            .collect();
        parts.push(held.into_iter().chain(apart).collect::<Vec<_>>().join(", "));
    }
    parts.extend(
        placements
            .iter()
            .filter(|p| !p.specialised)
            .map(|p| placement_text(p, threshold, require)),
    );
    (!parts.is_empty()).then(|| parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(region: &str, lq: f64, rank: Option<usize>) -> Placement {
        Placement {
            name: region.to_string(),
            region: region.into(),
            sector: "21".into(),
            lq: Some(lq),
            p_value: Some(0.01),
            q_value: Some(0.2),
            large_enough: Some(true),
            share_enough: Some(true),
            significant: Some(lq >= 1.0),
            specialised: lq >= 1.0,
            rank,
        }
    }

    #[test]
    fn notes_say_what_fails_and_where_the_regions_are() {
        let none =
            member_note(&[p("A", 0.5, None), p("B", 2.0, Some(3))], 1.0, true, None).unwrap();
        assert_eq!(
            none,
            "1 of its 2 specialisations pass (LQ >= 1, size, share, significance): A 21 LQ 0.50, \
             p 0.010, q 0.200: not specialised (LQ < 1), not significant (q above --fdr); \
             B 21 LQ 2.00, p 0.010, q 0.200; two in different regions are needed"
        );
        // both nodes, not found: the pairs decide
        assert_eq!(
            member_note(
                &[p("A", 1.5, Some(2)), p("B", 2.0, Some(7))],
                1.0,
                true,
                None
            ),
            None
        );
        assert_eq!(
            member_note(
                &[p("A", 1.5, Some(2)), p("B", 2.0, Some(2))],
                1.0,
                true,
                Some(2)
            ),
            None
        );
        let partly = member_note(
            &[
                p("A", 1.5, Some(2)),
                p("B", 2.0, Some(2)),
                p("C", 1.2, Some(5)),
            ],
            1.0,
            true,
            Some(2),
        );
        assert_eq!(
            partly.as_deref(),
            Some("A in suggestion 2, B in suggestion 2, C in suggestion 5")
        );
        let mut weak = p("C", 3.0, None);
        weak.specialised = false;
        weak.share_enough = Some(false);
        let partly = member_note(
            &[p("A", 1.5, Some(2)), p("B", 2.0, Some(2)), weak.clone()],
            1.0,
            true,
            Some(2),
        );
        assert_eq!(
            partly.as_deref(),
            Some(
                "C 21 LQ 3.00, p 0.010, q 0.200: too small a share of the national sector (--min-share)"
            )
        );
        // without the significance condition only the LQ counts
        weak.lq = Some(0.4);
        let loose = member_note(&[p("A", 1.5, None), weak], 1.0, false, None).unwrap();
        assert!(loose.contains("pass (LQ >= 1):"), "{loose}");
        assert!(loose.ends_with("C 21 LQ 0.40, p 0.010, q 0.200: not specialised (LQ < 1); two in different regions are needed"), "{loose}");
    }

    #[test]
    fn a_pair_in_words() {
        let pc = PairCheck {
            region_a: "RU-KOS".into(),
            sector_a: "32".into(),
            region_b: "RU-SA".into(),
            sector_b: "08".into(),
            relation: "value-chain",
            value_chain_weight: 0.9,
            links: 36,
            links_in_sectors: 36,
            distance: Some(4582.4),
            decay: 0.0693,
            factor: 0.25,
            edge_weight: Some(1.234),
        };
        assert_eq!(
            pair_text(&pc, "km"),
            "RU-KOS 32 - RU-SA 08: value-chain link (V = 0.90), 36 observed links (36 in these \
             sectors), 4,582 km, decay 0.069, edge weight 1.23"
        );
    }
}
