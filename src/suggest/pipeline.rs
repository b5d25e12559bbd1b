//! The whole suggestion job for a dataset: matrix, specialisation, graph,
//! Leiden communities, ranked and annotated suggestions, and where the
//! dataset's existing inter-regional clusters rank among them.

use serde::Serialize;

use super::{SuggestConfig, Suggestion, SuggestionKind, annotate, build_graph, suggestions};
use crate::community::{LeidenConfig, leiden};
use crate::economics::{
    Measure, SpecialisationConfig, ValueChain, matrix_from_dataset, specialisation,
};
use crate::error::Result;
use crate::model::{Dataset, SectorLevel};

/// Default number of organisations listed as anchors of a suggestion.
pub const DEFAULT_MAX_ORGANISATIONS: usize = 5;

/// Every parameter of [`suggest`].
#[derive(Debug, Clone, PartialEq)]
pub struct SuggestOptions {
    /// What the region x sector matrix counts (employees by default).
    pub measure: Measure,
    /// Sector level of the matrix (division by default).
    pub level: SectorLevel,
    /// The specialisation graph's parameters.
    pub graph: SuggestConfig,
    /// Community detection (Leiden, modularity with resolution 1, seed 42 by default).
    pub leiden: LeidenConfig,
    /// Organisations listed as anchors per suggestion.
    pub max_organisations: usize,
}

impl Default for SuggestOptions {
    fn default() -> Self {
        SuggestOptions {
            measure: Measure::Employees,
            level: SectorLevel::Division,
            graph: SuggestConfig::default(),
            leiden: LeidenConfig::default(),
            max_organisations: DEFAULT_MAX_ORGANISATIONS,
        }
    }
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
    /// Its regions.
    pub regions: Vec<String>,
    /// Those of its regions specialised in its sector (nodes of the graph).
    pub specialised_regions: Vec<String>,
    /// 1-based rank of the best suggestion holding two or more of its specialised regions in its sector.
    pub rank: Option<usize>,
    /// That suggestion's kind.
    pub kind: Option<SuggestionKind>,
    /// 1-based rank among the suggestions of that kind.
    pub rank_in_kind: Option<usize>,
    /// Why there is no rank, when there is none.
    pub note: Option<String>,
}

/// The result of [`suggest`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SuggestReport {
    /// The suggestions, best first (all of them; outputs may show the top few).
    pub suggestions: Vec<Suggestion>,
    /// The dataset's clusters with two or more regions and their ranks.
    pub existing_clusters: Vec<ExistingCluster>,
    /// Nodes of the specialisation graph.
    pub nodes: usize,
    /// Edges of the specialisation graph.
    pub edges: usize,
    /// Communities found.
    pub communities: usize,
    /// Newman modularity of the partition.
    pub modularity: f64,
    /// The seed of the community detection.
    pub seed: u64,
}

/// Runs the whole job (see the module docs).
///
/// # Errors
///
/// [`crate::Error::Parameter`] for invalid options or a dataset with nothing
/// to measure.
pub fn suggest(
    ds: &Dataset,
    chain: &ValueChain,
    options: &SuggestOptions,
) -> Result<SuggestReport> {
    let built = matrix_from_dataset(ds, options.measure, options.level)?;
    let m = built.matrix;
    let spec = specialisation(
        &m,
        &SpecialisationConfig {
            threshold: options.graph.threshold,
        },
    )?;
    let g = build_graph(&m, &spec, chain, &options.graph)?;
    let (membership, communities, modularity) = if g.nodes.is_empty() {
        (Vec::new(), 0, 0.0)
    } else {
        let c = leiden(&g.graph, &options.leiden)?;
        (c.membership, c.count, c.modularity)
    };
    let mut list = suggestions(&g, &membership, chain)?;
    for s in &mut list {
        annotate(s, ds, options.level, options.max_organisations);
    }
    let existing = rank_existing(ds, options.level, &g, &list);
    Ok(SuggestReport {
        existing_clusters: existing,
        nodes: g.nodes.len(),
        edges: g.graph.edge_count(),
        communities,
        modularity,
        seed: options.leiden.seed,
        suggestions: list,
    })
}

fn rank_existing(
    ds: &Dataset,
    level: SectorLevel,
    g: &super::SpecialisationGraph,
    list: &[Suggestion],
) -> Vec<ExistingCluster> {
    let mut out = Vec::new();
    for c in ds.clusters.iter().filter(|c| c.regions.len() >= 2) {
        let regions: Vec<String> = c.regions.iter().map(|r| ds.region(*r).id.clone()).collect();
        let code = ds.sectors.code(c.sector);
        let Some(sector) = ds.sectors.code_at(code, level) else {
            out.push(ExistingCluster {
                id: c.id.clone(),
                name: c.name.clone(),
                sector: code.to_string(),
                regions,
                specialised_regions: Vec::new(),
                rank: None,
                kind: None,
                rank_in_kind: None,
                note: Some(format!(
                    "its sector {code} is coarser than the {} level",
                    level.name()
                )),
            });
            continue;
        };
        let col = g.sectors.iter().position(|s| *s == sector);
        let specialised: Vec<String> = regions
            .iter()
            .filter(|r| {
                let row = g.regions.iter().position(|x| x == *r);
                g.nodes
                    .iter()
                    .any(|n| Some(n.region) == row && Some(n.sector) == col)
            })
            .cloned()
            .collect();
        let mut found = None;
        if specialised.len() >= 2 {
            found = list.iter().position(|s| {
                specialised
                    .iter()
                    .filter(|r| {
                        s.specialisations
                            .iter()
                            .any(|(sr, ss)| sr == *r && *ss == sector)
                    })
                    .count()
                    >= 2
            });
        }
        let note = match (specialised.len(), found) {
            (n, _) if n < 2 => Some(format!(
                "{} of its {} regions specialise in {sector} (LQ at or above the threshold); two are needed",
                n,
                regions.len()
            )),
            (_, None) => Some("its specialised regions fall in different suggestions".to_string()),
            _ => None,
        };
        let kind = found.map(|i| list[i].kind);
        let rank_in_kind =
            found.map(|i| list[..=i].iter().filter(|s| Some(s.kind) == kind).count());
        out.push(ExistingCluster {
            id: c.id.clone(),
            name: c.name.clone(),
            sector,
            regions,
            specialised_regions: specialised,
            rank: found.map(|i| i + 1),
            kind,
            rank_in_kind,
            note,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_dataset_end_to_end() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/demo");
        let ds = crate::load::load_dataset(&dir).unwrap();
        let chain = ValueChain::curated().unwrap();
        let report = suggest(&ds, &chain, &SuggestOptions::default()).unwrap();
        assert!(report.nodes > 0 && report.communities > 0);
        assert!(!report.suggestions.is_empty());
        let jewellery = report
            .suggestions
            .iter()
            .find(|s| {
                s.regions.contains(&"RU-SA".to_string())
                    && s.regions.contains(&"RU-KOS".to_string())
            })
            .unwrap();
        assert_eq!(jewellery.kind, SuggestionKind::Intersectoral);
        assert!(
            jewellery
                .explanation
                .iter()
                .any(|e| e.text == "08 in RU-SA supplies 32 in RU-KOS")
        );
        let again = suggest(&ds, &chain, &SuggestOptions::default()).unwrap();
        assert_eq!(report, again);
    }
}
