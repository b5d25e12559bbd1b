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

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use super::{
    AnchorIndex, AnchorLimits, CompactConfig, EvidenceConfig, EvidenceSummary, InnovationIndex,
    RegionEvidence, SuggestConfig, Suggestion, SuggestionKind, Ties, build_graph, compact,
    innovation_index, suggestions, weight_by_innovation,
};
use crate::community::{LeidenConfig, Quality, leiden};
use crate::economics::significance::{SignificanceOptions, dataset_test_units};
use crate::economics::{
    Measure, SpecialisationConfig, ValueChain, matrix_by_employees_or_organisations,
    matrix_from_dataset, significance, specialisation,
};
use crate::error::{Error, Result};
use crate::load::distances::DistanceTable;
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

/// One region of an existing cluster: is it specialised in the cluster's
/// sector, and in which suggestion did that specialisation land?
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Placement {
    /// Region id.
    pub region: String,
    /// Its name.
    pub name: String,
    /// Its location quotient in the cluster's sector (`None` when the region
    /// or sector is not in the matrix).
    pub lq: Option<f64>,
    /// Whether that LQ reaches the threshold (a node of the graph).
    pub specialised: bool,
    /// Rank of the suggestion holding that specialisation, if any.
    pub rank: Option<usize>,
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
    /// Each of its regions: LQ, specialised or not, and the suggestion it is in.
    pub placements: Vec<Placement>,
    /// 1-based rank of the best suggestion holding two or more of its specialised regions in its sector.
    pub rank: Option<usize>,
    /// That suggestion's kind.
    pub kind: Option<SuggestionKind>,
    /// 1-based rank among the suggestions of that kind.
    pub rank_in_kind: Option<usize>,
    /// In words: why there is no rank, or where its regions are when they are apart.
    pub note: Option<String>,
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
        evidence.describe(s, &|code| ds.sectors.name_of(code));
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
    let lq = |region: &str, sector: &str| -> Option<f64> {
        let r = m.regions().iter().position(|x| x == region)?;
        let s = m.sectors().iter().position(|x| x == sector)?;
        Some(spec.lq.get(r, s))
    };
    let node = |region: &str, sector: &str| -> bool {
        let r = m.regions().iter().position(|x| x == region);
        let s = m.sectors().iter().position(|x| x == sector);
        match (r, s, &spec.significance) {
            (Some(r), Some(s), Some(t)) if graph_config.require_significance => t.passes(r, s),
            _ => true,
        }
    };
    let existing = rank_existing(ds, options, &list, &lq, &node);
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

fn rank_existing(
    ds: &Dataset,
    options: &SuggestOptions,
    list: &[Suggestion],
    lq: &dyn Fn(&str, &str) -> Option<f64>,
    node: &dyn Fn(&str, &str) -> bool,
) -> Vec<ExistingCluster> {
    let level = options.level;
    let threshold = options.graph.threshold;
    let mut holder: HashMap<(&str, &str), usize> = HashMap::new();
    for s in list {
        for (r, x) in &s.specialisations {
            holder.insert((r.as_str(), x.as_str()), s.rank);
        }
    }
    let mut out = Vec::new();
    for c in ds.clusters.iter().filter(|c| c.regions.len() >= 2) {
        let regions: Vec<String> = c.regions.iter().map(|r| ds.region(*r).id.clone()).collect();
        let code = ds.sectors.code(c.sector);
        let Some(sector) = ds.sectors.code_at(code, level) else {
            out.push(ExistingCluster {
                id: c.id.clone(),
                name: c.name.clone(),
                sector: code.to_string(),
                sector_name: ds.sectors.name_of(code),
                regions,
                specialised_regions: Vec::new(),
                placements: Vec::new(),
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
        let placements: Vec<Placement> = regions
            .iter()
            .map(|r| {
                let v = lq(r, &sector);
                Placement {
                    region: r.clone(),
                    name: ds
                        .region_id(r)
                        .map_or_else(|| r.clone(), |id| ds.region(id).name.clone()),
                    lq: v,
                    specialised: v.is_some_and(|v| v >= threshold) && node(r, &sector),
                    rank: holder.get(&(r.as_str(), sector.as_str())).copied(),
                }
            })
            .collect();
        let specialised: Vec<String> = placements
            .iter()
            .filter(|p| p.specialised)
            .map(|p| p.region.clone())
            .collect();
        let found = if specialised.len() >= 2 {
            list.iter().position(|s| {
                specialised
                    .iter()
                    .filter(|r| {
                        s.specialisations
                            .iter()
                            .any(|(sr, ss)| sr == *r && *ss == sector)
                    })
                    .count()
                    >= 2
            })
        } else {
            None
        };
        let kind = found.map(|i| list[i].kind);
        let rank_in_kind =
            found.map(|i| list[..=i].iter().filter(|s| Some(s.kind) == kind).count());
        let note = existing_note(&placements, &sector, threshold, found.map(|i| list[i].rank));
        out.push(ExistingCluster {
            id: c.id.clone(),
            name: c.name.clone(),
            sector_name: ds.sectors.name_of(&sector),
            sector,
            regions,
            specialised_regions: specialised,
            placements,
            rank: found.map(|i| i + 1),
            kind,
            rank_in_kind,
            note,
        });
    }
    out
}

/// The note of an existing cluster: why it has no rank, or where its
/// specialised regions are when not all are in the ranked suggestion.
fn existing_note(
    placements: &[Placement],
    sector: &str,
    threshold: f64,
    rank: Option<usize>,
) -> Option<String> {
    let lq = |p: &Placement| {
        p.lq.map_or_else(|| "no activity".to_string(), |v| format!("LQ {v:.2}"))
    };
    let specialised = placements.iter().filter(|p| p.specialised).count();
    if specialised < 2 {
        let each: Vec<String> = placements
            .iter()
            .map(|p| {
                let weak = !p.specialised && p.lq.is_some_and(|v| v >= threshold);
                let why = if weak {
                    " (too small or not significant)"
                } else {
                    ""
                };
                format!("{} {}{why}", p.region, lq(p))
            })
            .collect();
        return Some(format!(
            "{specialised} of its {} regions specialise in {sector} (LQ >= {threshold}): {}; two are needed",
            placements.len(),
            each.join(", ")
        ));
    }
    let where_: Vec<String> = placements
        .iter()
        .filter(|p| p.specialised)
        .map(|p| match p.rank {
            Some(r) => format!("{} in suggestion {r}", p.region),
            None => format!(
                "{} in none (grouped only with its own region's specialisations)",
                p.region
            ),
        })
        .collect();
    let unspecialised: Vec<String> = placements
        .iter()
        .filter(|p| !p.specialised)
        .map(|p| match p.lq {
            Some(v) if v >= threshold => format!(
                "{} is too small or not significant ({}; see --min-size, --min-share, --fdr)",
                p.region,
                lq(p)
            ),
            _ => format!("{} is not specialised ({})", p.region, lq(p)),
        })
        .collect();
    let apart = placements
        .iter()
        .filter(|p| p.specialised)
        .any(|p| p.rank != rank);
    match rank {
        None => Some(format!(
            "its specialised regions fall in different suggestions: {}{}",
            where_.join(", "),
            if unspecialised.is_empty() {
                String::new()
            } else {
                format!("; {}", unspecialised.join(", "))
            }
        )),
        Some(_) if apart || !unspecialised.is_empty() => {
            let mut parts = Vec::new();
            if apart {
                parts.push(where_.join(", "));
            }
            parts.extend(unspecialised);
            Some(parts.join("; "))
        }
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
                "08 Other mining and quarrying in Sakha Republic (Yakutia) (RU-SA) supplies \
                 32 Other manufacturing in Kostroma oblast (RU-KOS), 4,"
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

    #[test]
    fn notes_say_where_the_regions_are() {
        let p = |region: &str, lq: f64, rank: Option<usize>| Placement {
            name: region.to_string(),
            region: region.into(),
            lq: Some(lq),
            specialised: lq >= 1.0,
            rank,
        };
        let none =
            existing_note(&[p("A", 0.5, None), p("B", 2.0, Some(3))], "28", 1.0, None).unwrap();
        assert_eq!(
            none,
            "1 of its 2 regions specialise in 28 (LQ >= 1): A LQ 0.50, B LQ 2.00; two are needed"
        );
        let apart = existing_note(
            &[p("A", 1.5, Some(2)), p("B", 2.0, Some(7))],
            "21",
            1.0,
            None,
        )
        .unwrap();
        assert!(
            apart.contains("A in suggestion 2, B in suggestion 7"),
            "{apart}"
        );
        assert_eq!(
            existing_note(
                &[p("A", 1.5, Some(2)), p("B", 2.0, Some(2))],
                "21",
                1.0,
                Some(2)
            ),
            None
        );
        let partly = existing_note(
            &[
                p("A", 1.5, Some(2)),
                p("B", 2.0, Some(2)),
                p("C", 0.2, None),
            ],
            "21",
            1.0,
            Some(2),
        );
        assert_eq!(partly.as_deref(), Some("C is not specialised (LQ 0.20)"));
    }
}
