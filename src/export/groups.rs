//! Suggested national clusters as groups of a map's nodes.

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
                            let sectors: Vec<&str> = s
                                .specialisations
                                .iter()
                                .filter(|(r, _)| r == region)
                                .map(|(_, sec)| sec.as_str())
                                .collect();
                            sectors.join(", ")
                        }
                        _ => node.sector.clone().unwrap_or_default(),
                    };
                    (i as u32, note)
                })
                .collect();
            if members.is_empty() {
                return None;
            }
            let label = match s.explanation.first() {
                Some(e) => e.text.clone(),
                None => format!("{} across {}", s.sectors.join(", "), s.regions.join(", ")),
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
