//! Suggested national clusters as groups of a map's nodes, described in full
//! names: a group's label is its strongest link in words ("08 Other mining
//! and quarrying in Sakha Republic (Yakutia) supplies 32 Other manufacturing
//! in Kostroma Oblast"), a member's note the sectors it brings, code and name.

use super::{MapGroup, NetworkView};
use crate::graph::Projection;
use crate::model::SectorLevel;
use crate::suggest::{Suggestion, SuggestionKind};

/// Default number of suggestions drawn as groups on a map: 8, fewer than the
/// 10 a suggestion list shows, so that a diagram's boxes stay legible.
pub const DEFAULT_TOP_DRAWN: usize = 8;

/// The first `top` suggestions as groups of the view's nodes: regions named by
/// the suggestion, or clusters and organisations in one of its specialisations
/// (region and division).
pub fn suggestion_groups(view: &NetworkView<'_>, all: &[Suggestion], top: usize) -> Vec<MapGroup> {
    let ds = view.dataset();
    // a sector by code and name, a region by name
    let named = |code: &str| format!("{code} {}", ds.sectors.name_of(code));
    let region_name = |id: &str| {
        ds.region_id(id)
            .map_or_else(|| id.to_string(), |r| ds.region(r).name.clone())
    };
    let explain = |e: &crate::suggest::Explanation| match e.kind {
        crate::suggest::LinkKind::ValueChain => format!(
            "{} in {} supplies {} in {}",
            named(&e.supplier_sector),
            region_name(&e.supplier_region),
            named(&e.buyer_sector),
            region_name(&e.buyer_region)
        ),
        crate::suggest::LinkKind::Sectoral => format!(
            "{} and {} both specialise in {}",
            region_name(&e.supplier_region),
            region_name(&e.buyer_region),
            named(&e.supplier_sector)
        ),
    };
    all.iter()
        .take(top)
        .enumerate()
        .filter_map(|(k, s)| {
            let members: Vec<(u32, String)> = view
                .nodes
                .iter()
                .enumerate()
                .filter(|(_, node)| {
                    let region = &ds.region(node.region).id;
                    match view.projection() {
                        Projection::Regions => s.regions.contains(region),
                        _ => node.sector.as_ref().is_some_and(|code| {
                            let division = ds
                                .sectors
                                .code_at(code, SectorLevel::Division)
                                .unwrap_or_else(|| code.clone());
                            s.specialisations
                                .iter()
                                .any(|(r, sec)| r == region && *sec == division)
                        }),
                    }
                })
                .map(|(i, node)| {
                    // a region brings its specialisations in the suggestion; a
                    // cluster or organisation its own sector
                    let note = match view.projection() {
                        Projection::Regions => {
                            let region = &ds.region(node.region).id;
                            let sectors: Vec<String> = s
                                .specialisations
                                .iter()
                                .filter(|(r, _)| r == region)
                                .map(|(_, sec)| named(sec))
                                .collect();
                            sectors.join("; ")
                        }
                        _ => node.sector.as_deref().map(named).unwrap_or_default(),
                    };
                    (i as u32, note)
                })
                .collect();
            if members.is_empty() {
                return None;
            }
            let label = match s.explanation.first() {
                Some(e) => explain(e),
                None => format!(
                    "{} across {}",
                    s.sectors
                        .iter()
                        .map(|c| named(c))
                        .collect::<Vec<_>>()
                        .join(", "),
                    s.region_names.join(", ")
                ),
            };
            Some(MapGroup {
                id: format!("NC{}", k + 1),
                label,
                kind: match s.kind {
                    SuggestionKind::Sectoral => "sectoral".into(),
                    SuggestionKind::Intersectoral => "intersectoral".into(),
                },
                score: s.score,
                members: members.iter().map(|m| m.0).collect(),
                member_notes: members.into_iter().map(|m| m.1).collect(),
            })
        })
        .collect()
}
