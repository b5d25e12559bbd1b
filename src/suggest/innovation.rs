//! Optional weighting towards the study's aim: pairing regions with strong
//! innovation infrastructure with regions that have resources but weak
//! infrastructure (BRIEF §3.5, last point).
//!
//! A region's innovation index `I_r` is the percentile rank, in `[0, 1]`, of
//! its number of research and university organisations in the dataset
//! (participants of kind `research` or `university`; ties share their middle
//! rank). With an innovation weight `alpha > 0`, every edge between regions
//! `r` and `q` is multiplied by `1 + alpha |I_r - I_q|`: an edge between a
//! region with strong infrastructure and one with weak infrastructure gains
//! up to `1 + alpha`, an edge between peers nothing. The factor reweights the
//! edges the graph already has (chosen by complementarity alone), so it never
//! joins regions with nothing to exchange; it only changes which of them
//! community detection groups together, and the scores.

use serde::Serialize;

use super::SpecialisationGraph;
use crate::error::{Error, Result};
use crate::graph::CsrGraph;
use crate::model::Dataset;
use crate::stats::percentile_ranks;

/// Default innovation weight: 0, off.
pub const DEFAULT_INNOVATION_WEIGHT: f64 = 0.0;

/// The participant kinds counted as innovation infrastructure.
pub const INNOVATION_KINDS: &[&str] = &["research", "university"];

/// A region's innovation infrastructure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InnovationIndex {
    /// Region id.
    pub region: String,
    /// Its research and university organisations in the dataset.
    pub organisations: usize,
    /// Percentile rank of that count among the regions, in `[0, 1]`.
    pub index: f64,
}

/// The innovation index of each of `regions` (ids, as the graph's), from
/// the kinds of the dataset's participants (see the module docs).
pub fn innovation_index(ds: &Dataset, regions: &[String]) -> Vec<InnovationIndex> {
    let counted: Vec<bool> = ds
        .participant_kinds
        .iter()
        .map(|k| {
            INNOVATION_KINDS
                .iter()
                .any(|x| x.eq_ignore_ascii_case(k.trim()))
        })
        .collect();
    let mut by_region = vec![0usize; ds.regions.len()];
    for p in &ds.participants {
        if counted.get(p.kind as usize).copied().unwrap_or(false) {
            by_region[p.region.index()] += 1;
        }
    }
    let counts: Vec<usize> = regions
        .iter()
        .map(|r| ds.region_id(r).map_or(0, |id| by_region[id.index()]))
        .collect();
    let ranks = percentile_ranks(&counts.iter().map(|&c| c as f64).collect::<Vec<_>>());
    regions
        .iter()
        .zip(counts.iter().zip(ranks))
        .map(|(r, (&organisations, index))| InnovationIndex {
            region: r.clone(),
            organisations,
            index,
        })
        .collect()
}

/// Multiplies every edge of `g` between regions `r` and `q` by
/// `1 + alpha |I_r - I_q|` (see the module docs); `index` has one value per
/// region of the graph. `alpha = 0` leaves the graph as it is.
///
/// # Errors
///
/// [`Error::Parameter`] when `alpha` is negative or not finite;
/// [`Error::Internal`] when `index` has the wrong length (the caller computes
/// it from the same graph, so that is a bug).
pub fn weight_by_innovation(g: &mut SpecialisationGraph, index: &[f64], alpha: f64) -> Result<()> {
    if !(alpha.is_finite() && alpha >= 0.0) {
        return Err(Error::parameter(
            "innovation-weight",
            format!("{alpha} is not a finite number >= 0"),
        ));
    }
    if index.len() != g.regions.len() {
        return Err(Error::internal(format!(
            "innovation index: {} values for {} regions",
            index.len(),
            g.regions.len()
        )));
    }
    if alpha == 0.0 {
        return Ok(());
    }
    let n = g.graph.node_count();
    let mut weights = Vec::with_capacity(g.graph.arc_count());
    for u in 0..n as u32 {
        let ru = g.nodes[u as usize].region;
        for (v, w) in g.graph.neighbors(u) {
            let rv = g.nodes[v as usize].region;
            weights.push(w * (1.0 + alpha * (index[ru] - index[rv]).abs()));
        }
    }
    let graph = CsrGraph::from_raw_parts(
        g.graph.offsets().to_vec(),
        g.graph.targets().to_vec(),
        weights,
    )
    .ok_or_else(|| Error::internal("innovation weighting: the reweighted graph is inconsistent"))?;
    g.graph = graph;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suggest::testutil::graph;

    #[test]
    fn edges_between_unlike_regions_gain() {
        let (mut g, _) = graph();
        let before = g.clone();
        // regions RU-A, RU-B, RU-C, RU-KOS, RU-SA: RU-KOS strong, RU-SA weak
        let index = [0.5, 0.5, 0.5, 1.0, 0.0];
        weight_by_innovation(&mut g, &index, 2.0).unwrap();
        for u in 0..g.graph.node_count() as u32 {
            for ((v, w), (_, w0)) in g.graph.neighbors(u).zip(before.graph.neighbors(u)) {
                let (ru, rv) = (g.nodes[u as usize].region, g.nodes[v as usize].region);
                let expected = w0 * (1.0 + 2.0 * (index[ru] - index[rv]).abs());
                assert!((w - expected).abs() < 1e-12);
            }
        }
        // KOS:32 - SA:08 trebled
        let kos = g
            .nodes
            .iter()
            .position(|n| g.regions[n.region] == "RU-KOS")
            .unwrap() as u32;
        let w: f64 = g.graph.neighbors(kos).map(|(_, w)| w).sum();
        let w0: f64 = before.graph.neighbors(kos).map(|(_, w)| w).sum();
        assert!((w - 3.0 * w0).abs() < 1e-12);
        let mut same = before.clone();
        weight_by_innovation(&mut same, &index, 0.0).unwrap();
        assert_eq!(same, before);
        assert!(weight_by_innovation(&mut same, &index, -1.0).is_err());
        let wrong = weight_by_innovation(&mut same, &[0.5], 1.0).unwrap_err();
        assert!(wrong.is_internal(), "{wrong}");
    }
}
