//! National-cluster suggestions: the specialisation graph of BRIEF §3.5, its
//! communities split into compact pieces, and their ranking.
//!
//! # The specialisation graph ([`build_graph`])
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
//! a [`CsrGraph`](crate::graph::CsrGraph) for the community detection of
//! `crate::community`.
//!
//! # Compact communities ([`compact`])
//!
//! Leiden on the whole graph finds whole value chains spanning dozens of
//! regions (modularity's resolution limit). Every community spanning more
//! than [`CompactConfig::max_regions`] regions (3 by default) is split by
//! Leiden on its own subgraph, recursively, raising the resolution when a
//! split leaves it whole ([`split`] gives the method and its sources).
//!
//! # Suggestions ([`suggestions`], [`annotate`])
//!
//! Every piece that spans two or more regions becomes a [`Suggestion`]: its
//! regions, sectors, members, score (the weight of its internal edges), kind
//! ([`SuggestionKind::Intersectoral`] when value-chain edges carry at least
//! half of that weight, else [`SuggestionKind::Sectoral`]), cohesion (the
//! share of its members' edge weight that stays inside) and, as the
//! explanation, its strongest links, those of its kind first ("08 in RU-SA
//! supplies 32 in RU-KOS"). [`annotate`] adds names, the districts it crosses
//! and a few anchors: the existing clusters and organisations in its
//! specialisations, strongest specialisation first. Every step is
//! deterministic: the same input and seed give the same suggestions at any
//! thread count.
//!
//! # The whole job ([`pipeline::suggest`])
//!
//! [`suggest`] runs everything on a dataset and also reports where the
//! dataset's existing inter-regional clusters rank; the export module writes
//! the report as Markdown, CSV or JSON. The optional innovation weighting
//! ([`innovation`]) favours pairs of regions with strong and weak innovation
//! infrastructure.

mod annotate;
pub mod evaluate;
pub mod evidence;
mod graph;
pub mod innovation;
pub mod markets;
pub mod pipeline;
pub mod split;
mod suggestion;
#[cfg(test)]
mod testutil;

pub use annotate::{
    AnchorIndex, AnchorLimits, DEFAULT_MAX_CLUSTERS, DEFAULT_MAX_ORGANISATIONS, annotate,
};
pub use evidence::{
    DEFAULT_LINK_BOOST, DistanceScale, EvidenceConfig, EvidenceSummary, PairEvidence, PairFactors,
    RegionEvidence, SuggestionEvidence, Ties, weight_by_pairs,
};
pub use graph::{
    DEFAULT_INTERSECTORAL_WEIGHT, DEFAULT_MAX_PARTNERS, DEFAULT_SECTORAL_WEIGHT, DEFAULT_THRESHOLD,
    SpecNode, SpecialisationGraph, SuggestConfig, build_graph,
};
pub use innovation::{
    DEFAULT_INNOVATION_WEIGHT, InnovationIndex, innovation_index, weight_by_innovation,
};
pub use pipeline::{
    Evaluation, ExistingCluster, PairCheck, PairingResult, Placement, SuggestOptions,
    SuggestParameters, SuggestReport, suggest,
};
pub use split::{
    CompactConfig, CompactPartition, DEFAULT_MAX_REGIONS, DEFAULT_RESOLUTION_STEP, compact,
};
pub use suggestion::{
    Anchor, DEFAULT_EXPLANATION_LINKS, Explanation, LinkKind, Member, Suggestion, SuggestionKind,
    suggestions,
};
