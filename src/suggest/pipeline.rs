//! The whole suggestion job for a dataset: matrix, specialisation, graph,
//! Leiden communities split to compact pieces, ranked and annotated
//! suggestions, and where the dataset's existing inter-regional clusters
//! rank among them. One call, [`suggest`], with every parameter in
//! [`SuggestOptions`] (defaults documented there and in `docs/measures.md`);
//! the export module writes the report as Markdown, CSV or JSON.
//!
//! ```
//! use coopnet::suggest::pipeline::{suggest, SuggestOptions};
//! let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/demo");
//! let ds = coopnet::load::load_dataset(&dir).unwrap();
//! let report = suggest(&ds, &coopnet::load::value_chain::curated().unwrap(), &SuggestOptions::default()).unwrap();
//! assert!(report.suggestions.iter().all(|s| s.regions.len() >= 2 && s.regions.len() <= 3));
//! assert_eq!(report.suggestions[0].rank, 1);
//! ```

use rayon::prelude::*;
use serde::Serialize;

use super::evaluate::Evaluator;
pub use super::evaluate::{Evaluation, ExistingCluster, PairCheck, PairingResult, Placement};
use super::{
    AnchorIndex, AnchorLimits, CompactConfig, EvidenceConfig, EvidenceSummary, InnovationIndex,
    RegionEvidence, SuggestConfig, Suggestion, Ties, build_graph, compact, innovation_index,
    suggestions, weight_by_innovation,
};
use crate::community::{LeidenConfig, Quality, leiden};
use crate::economics::significance::{SignificanceOptions, dataset_test_units};
use crate::economics::{
    Measure, SpecialisationConfig, ValueChain, matrix_by_employees_or_organisations,
    matrix_from_dataset, significance, specialisation,
};
use crate::error::{Error, Result};
use crate::load::distances::DistanceTable;
use crate::load::pairings::ExpectedPairing;
use crate::model::{Dataset, SectorLevel};

/// Every parameter of [`suggest`].
#[derive(Debug, Clone, PartialEq)]
pub struct SuggestOptions {
    /// What the region x sector matrix counts (employees by default; a
    /// dataset without employee counts is measured by organisations, and the
    /// report's parameters say which was used).
    pub measure: Measure,
    /// Sector level of the matrix (division by default).
    pub level: SectorLevel,
    /// The specialisation graph's parameters.
    pub graph: SuggestConfig,
    /// Size and significance a specialisation needs to be a node (when
    /// [`SuggestConfig::require_significance`]; see
    /// [`crate::economics::significance`] for the defaults and their reasons).
    pub significance: SignificanceOptions,
    /// Community detection (Leiden, modularity with resolution 1, seed 42 by default).
    pub leiden: LeidenConfig,
    /// Splitting of communities that span too many regions (at most 3 by default).
    pub compact: CompactConfig,
    /// Anchors listed per suggestion (3 clusters and 3 organisations by default).
    pub anchors: AnchorLimits,
    /// Weight of the innovation-infrastructure pairing (0, off, by default;
    /// see [`super::innovation`]).
    pub innovation_weight: f64,
    /// Observed cooperation and distance decay (see [`super::evidence`]).
    pub evidence: EvidenceConfig,
    /// The user's own distances between regions, replacing great-circle
    /// distances for the pairs they list.
    pub distances: Option<DistanceTable>,
    /// The value chain has no direction (built from coagglomeration): the
    /// explanations say that two sectors co-locate, not that one supplies
    /// the other (false by default).
    pub undirected_chain: bool,
    /// Groups of specialisations expected to form a national cluster (from
    /// `expected_pairings.csv`), evaluated like the existing clusters (none
    /// by default).
    pub expected: Vec<ExpectedPairing>,
}

impl Default for SuggestOptions {
    fn default() -> Self {
        SuggestOptions {
            measure: Measure::Employees,
            level: SectorLevel::Division,
            graph: SuggestConfig::default(),
            significance: SignificanceOptions::default(),
            leiden: LeidenConfig {
                record_levels: false,
                ..LeidenConfig::default()
            },
            compact: CompactConfig::default(),
            anchors: AnchorLimits::default(),
            innovation_weight: super::DEFAULT_INNOVATION_WEIGHT,
            evidence: EvidenceConfig::default(),
            distances: None,
            undirected_chain: false,
            expected: Vec::new(),
        }
    }
}

/// The parameters a report was computed with, as written into its outputs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SuggestParameters {
    /// What the matrix counts.
    pub measure: &'static str,
    /// Sector level.
    pub level: &'static str,
    /// LQ threshold of a specialisation.
    pub threshold: f64,
    /// Whether a node must pass the size, share and significance conditions.
    pub require_significance: bool,
    /// Smallest value of a node, in the matrix's unit.
    pub min_size: f64,
    /// Smallest share of the national sector of a node.
    pub min_share: f64,
    /// False discovery rate of the Benjamini-Hochberg procedure.
    pub fdr: f64,
    /// What the significance test counts (`organisations`, `clusters`).
    pub test_units: &'static str,
    /// True when significance was required but no specialisation of the
    /// dataset passed (a dataset too small to test, such as the demo), so
    /// the graph was built on every `LQ >= threshold` instead: its
    /// suggestions are then no evidence of significant specialisations.
    pub significance_fallback: bool,
    /// Multiplier of value-chain edges.
    pub intersectoral_weight: f64,
    /// Multiplier of sectoral edges.
    pub sectoral_weight: f64,
    /// Strongest edges kept per specialisation.
    pub max_partners: usize,
    /// `modularity` or `cpm`.
    pub quality: &'static str,
    /// Resolution of the community detection.
    pub resolution: f64,
    /// Seed of the community detection.
    pub seed: u64,
    /// Most regions per suggestion (0: no limit).
    pub max_regions: usize,
    /// Factor of the resolution when a split leaves a community whole.
    pub resolution_step: f64,
    /// Most clusters listed as anchors.
    pub max_clusters: usize,
    /// Most organisations listed as anchors.
    pub max_organisations: usize,
    /// Weight of the innovation-infrastructure pairing.
    pub innovation_weight: f64,
}

impl SuggestParameters {
    /// The parameters of `options`.
    pub fn of(options: &SuggestOptions) -> Self {
        SuggestParameters {
            measure: options.measure.name(),
            level: options.level.name(),
            threshold: options.graph.threshold,
            require_significance: options.graph.require_significance,
            min_size: options.significance.config(options.measure.name()).min_size,
            min_share: options.significance.min_share,
            fdr: options.significance.fdr,
            test_units: match options.measure {
                Measure::Clusters => "clusters",
                _ => "organisations",
            },
            significance_fallback: false,
            intersectoral_weight: options.graph.intersectoral_weight,
            sectoral_weight: options.graph.sectoral_weight,
            max_partners: options.graph.max_partners,
            quality: match options.leiden.quality {
                Quality::Modularity { .. } => "modularity",
                Quality::Cpm { .. } => "cpm",
            },
            resolution: options.leiden.quality.resolution(),
            seed: options.leiden.seed,
            max_regions: options.compact.max_regions,
            resolution_step: options.compact.resolution_step,
            max_clusters: options.anchors.clusters,
            max_organisations: options.anchors.organisations,
            innovation_weight: options.innovation_weight,
        }
    }
}

/// The result of [`suggest`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SuggestReport {
    /// The dataset's name.
    pub dataset: String,
    /// The year of the network (`--year`, else the latest) when the dataset's
    /// participants or links carry years.
    pub year: Option<i32>,
    /// The parameters used.
    pub parameters: SuggestParameters,
    /// The suggestions, best first (all of them; outputs may show the top few).
    pub suggestions: Vec<Suggestion>,
    /// The dataset's clusters with two or more regions and their ranks.
    pub existing_clusters: Vec<ExistingCluster>,
    /// The expected pairings ([`SuggestOptions::expected`]) and their ranks,
    /// or which evidence is missing for each.
    pub expected_pairings: Vec<PairingResult>,
    /// Nodes of the specialisation graph.
    pub nodes: usize,
    /// Edges of the specialisation graph.
    pub edges: usize,
    /// Communities found on the whole graph.
    pub communities: usize,
    /// How many of them spanned more than `max_regions` regions and were split.
    pub split_communities: usize,
    /// Communities after splitting (those spanning two or more regions are the suggestions).
    pub pieces: usize,
    /// Newman modularity of the partition of the whole graph.
    pub modularity: f64,
    /// The seed of the community detection.
    pub seed: u64,
    /// The innovation index of every region, when the innovation weight is on (else empty).
    pub innovation: Vec<InnovationIndex>,
    /// How observed cooperation and distance entered the ranking.
    pub evidence: EvidenceSummary,
    /// The kind of ties `suggestions` was limited to ([`SuggestReport::keep_ties`]), if any.
    pub ties_shown: Option<Ties>,
}

impl SuggestReport {
    /// Keeps only the suggestions of ties `ties` (each keeps its overall
    /// rank and its rank among its kind of ties); the existing clusters still
    /// rank among all suggestions.
    pub fn keep_ties(&mut self, ties: Ties) {
        self.suggestions.retain(|s| s.ties == ties);
        self.ties_shown = Some(ties);
    }
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
    options.compact.validate()?;
    if !(options.innovation_weight.is_finite() && options.innovation_weight >= 0.0) {
        return Err(Error::parameter(
            "innovation-weight",
            format!("{} is not a finite number >= 0", options.innovation_weight),
        ));
    }
    // Employees are the default measure; a dataset without employee counts
    // (only organisations) is measured by organisations, and the report's
    // parameters say so.
    let (built, measure) = if options.measure == Measure::Employees {
        matrix_by_employees_or_organisations(ds, options.level)?
    } else {
        (
            matrix_from_dataset(ds, options.measure, options.level)?,
            options.measure,
        )
    };
    let m = built.matrix;
    let mut spec = specialisation(
        &m,
        &SpecialisationConfig {
            threshold: options.graph.threshold,
        },
    )?;
    let evidence = RegionEvidence::new(
        ds,
        m.regions(),
        m.sectors(),
        options.level,
        options.distances.as_ref(),
        &options.evidence,
    )?;
    let (counts, units) = dataset_test_units(ds, &m, measure, options.level)?;
    spec.significance = Some(significance(
        m.values(),
        &counts,
        &spec.lq,
        options.graph.threshold,
        &options.significance.config(measure.name()),
        units,
    )?);
    // A dataset where nothing passes (too few organisations to test) falls
    // back to every LQ >= threshold, and the report's parameters say so.
    let fallback = options.graph.require_significance
        && spec.significance.as_ref().is_some_and(|t| t.passing() == 0);
    let graph_config = SuggestConfig {
        require_significance: options.graph.require_significance && !fallback,
        ..options.graph
    };
    let mut g = build_graph(&m, &spec, chain, &graph_config)?;
    if let Some(factors) = evidence.pair_factors()? {
        super::weight_by_pairs(&mut g, &factors)?;
    }
    let mut innovation = Vec::new();
    if options.innovation_weight > 0.0 {
        innovation = innovation_index(ds, &g.regions);
        let index: Vec<f64> = innovation.iter().map(|i| i.index).collect();
        weight_by_innovation(&mut g, &index, options.innovation_weight)?;
    }
    let (top, communities, modularity) = if g.nodes.is_empty() {
        (Vec::new(), 0, 0.0)
    } else {
        let c = leiden(&g.graph, &options.leiden)?;
        (c.membership, c.count, c.modularity)
    };
    let pieces = compact(&g, &top, &options.leiden, &options.compact)?;
    let mut list = suggestions(&g, &pieces.membership, chain)?;
    let index = AnchorIndex::new(ds, options.level);
    list.par_iter_mut().for_each(|s| {
        s.community = pieces
            .parent
            .get(s.community as usize)
            .copied()
            .unwrap_or(s.community);
        index.annotate(s, &options.anchors);
        evidence.describe(
            s,
            &|code| ds.sectors.name_of(code),
            options.undirected_chain,
        );
    });
    let (mut existing_ties, mut new_ties) = (0, 0);
    for s in &mut list {
        let count = match s.ties {
            Ties::Existing => &mut existing_ties,
            Ties::New => &mut new_ties,
        };
        *count += 1;
        s.rank_in_ties = *count;
    }
    let evaluator = Evaluator {
        ds,
        m: &m,
        spec: &spec,
        g: &g,
        evidence: &evidence,
        list: &list,
        level: options.level,
        threshold: options.graph.threshold,
        require_significance: graph_config.require_significance,
        max_partners: options.graph.max_partners,
    };
    let existing = evaluator.existing();
    let expected_pairings = evaluator.pairings(&options.expected);
    Ok(SuggestReport {
        dataset: ds.name.clone(),
        year: ds.years.year,
        parameters: SuggestParameters {
            measure: measure.name(),
            min_size: options.significance.config(measure.name()).min_size,
            require_significance: graph_config.require_significance,
            significance_fallback: fallback,
            ..SuggestParameters::of(options)
        },
        existing_clusters: existing,
        expected_pairings,
        nodes: g.nodes.len(),
        edges: g.graph.edge_count(),
        communities,
        split_communities: pieces.split,
        pieces: pieces.count,
        modularity,
        seed: options.leiden.seed,
        innovation,
        evidence: evidence.summary().clone(),
        ties_shown: None,
        suggestions: list,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suggest::SuggestionKind;

    fn demo() -> Dataset {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/demo");
        crate::load::load_dataset(&dir).unwrap()
    }

    #[test]
    fn demo_dataset_end_to_end() {
        let ds = demo();
        let chain = crate::load::value_chain::curated().unwrap();
        let report = suggest(&ds, &chain, &SuggestOptions::default()).unwrap();
        assert!(report.nodes > 0 && report.communities > 0 && report.pieces >= report.communities);
        assert!(!report.suggestions.is_empty());
        assert!(
            report
                .suggestions
                .iter()
                .all(|s| (2..=3).contains(&s.regions.len()))
        );
        let jewellery = report
            .suggestions
            .iter()
            .find(|s| {
                s.regions.contains(&"RU-SA".to_string())
                    && s.regions.contains(&"RU-KOS".to_string())
            })
            .unwrap();
        assert_eq!(jewellery.kind, SuggestionKind::Intersectoral);
        let line = jewellery
            .explanation
            .iter()
            .find(|e| e.supplier_region == "RU-SA" && e.buyer_region == "RU-KOS")
            .unwrap();
        assert!(
            line.text.starts_with(
                "08 Other mining and quarrying in Sakha Republic (Yakutia) (RU-SA) (LQ 1.9, \
                 p 0.174, q 1.000) supplies 32 Other manufacturing in Kostroma oblast (RU-KOS) \
                 (LQ 5.3, p 0.140, q 1.000), 4,"
            ) && line
                .text
                .contains(" km, 3 observed links, 3 in these sectors"),
            "{}",
            line.text
        );
        // Yakutsk to Kostroma, great-circle
        let d = line.distance.unwrap();
        assert!((4_400.0..4_800.0).contains(&d), "{d}");
        assert_eq!(jewellery.ties, Ties::Existing);
        assert_eq!(jewellery.evidence.links, 3);
        assert!(report.innovation.is_empty());
        let again = suggest(&ds, &chain, &SuggestOptions::default()).unwrap();
        assert_eq!(report, again);
    }

    #[test]
    fn innovation_weight_is_reported_and_checked() {
        let ds = demo();
        let chain = crate::load::value_chain::curated().unwrap();
        let on = SuggestOptions {
            innovation_weight: 1.0,
            ..SuggestOptions::default()
        };
        let report = suggest(&ds, &chain, &on).unwrap();
        assert_eq!(report.innovation.len(), ds.regions.len());
        assert!(
            report
                .innovation
                .iter()
                .all(|i| (0.0..=1.0).contains(&i.index))
        );
        let bad = SuggestOptions {
            innovation_weight: f64::NAN,
            ..SuggestOptions::default()
        };
        assert!(suggest(&ds, &chain, &bad).is_err());
    }
}
