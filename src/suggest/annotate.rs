//! What a suggestion means on the ground: names, districts, and the existing
//! clusters and organisations that would anchor it.

use std::collections::{BTreeSet, HashMap};

use super::{Anchor, Suggestion};
use crate::model::{ClusterId, Dataset, ParticipantId, SectorLevel};

/// Default most clusters listed as anchors of a suggestion.
pub const DEFAULT_MAX_CLUSTERS: usize = 3;
/// Default most organisations listed as anchors of a suggestion.
pub const DEFAULT_MAX_ORGANISATIONS: usize = 3;

/// How many anchors of each kind a suggestion lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnchorLimits {
    /// Most clusters ([`DEFAULT_MAX_CLUSTERS`]).
    pub clusters: usize,
    /// Most organisations ([`DEFAULT_MAX_ORGANISATIONS`]).
    pub organisations: usize,
}

impl Default for AnchorLimits {
    fn default() -> Self {
        AnchorLimits {
            clusters: DEFAULT_MAX_CLUSTERS,
            organisations: DEFAULT_MAX_ORGANISATIONS,
        }
    }
}

/// The dataset's clusters and organisations by specialisation (region and
/// sector at one level), largest first: built once, then each suggestion is
/// annotated in time proportional to its size.
#[derive(Debug, Clone)]
pub struct AnchorIndex<'a> {
    ds: &'a Dataset,
    clusters: HashMap<(u32, String), Vec<ClusterId>>,
    organisations: HashMap<(u32, String), Vec<ParticipantId>>,
}

impl<'a> AnchorIndex<'a> {
    /// Indexes `ds` at sector `level`: a cluster is filed under each of its
    /// regions with its sector at that level, an organisation under its
    /// region and sector; each list is sorted by employees (unknown last),
    /// then id.
    pub fn new(ds: &'a Dataset, level: SectorLevel) -> Self {
        let mut clusters: HashMap<(u32, String), Vec<ClusterId>> = HashMap::new();
        for (i, c) in ds.clusters.iter().enumerate() {
            if let Some(code) = ds.sectors.code_at(ds.sectors.code(c.sector), level) {
                for r in &c.regions {
                    clusters
                        .entry((r.0, code.clone()))
                        .or_default()
                        .push(ClusterId(i as u32));
                }
            }
        }
        for list in clusters.values_mut() {
            list.sort_by(|a, b| {
                let (x, y) = (ds.cluster(*a), ds.cluster(*b));
                y.employees
                    .unwrap_or(0)
                    .cmp(&x.employees.unwrap_or(0))
                    .then_with(|| x.id.cmp(&y.id))
            });
            list.dedup();
        }
        let mut organisations: HashMap<(u32, String), Vec<ParticipantId>> = HashMap::new();
        let mut code_cache: HashMap<u32, Option<String>> = HashMap::new();
        for (i, p) in ds.participants.iter().enumerate() {
            let code = code_cache
                .entry(p.sector.0)
                .or_insert_with(|| ds.sectors.code_at(ds.sectors.code(p.sector), level))
                .clone();
            if let Some(code) = code {
                organisations
                    .entry((p.region.0, code))
                    .or_default()
                    .push(ParticipantId(i as u32));
            }
        }
        for list in organisations.values_mut() {
            list.sort_by(|a, b| {
                let (x, y) = (ds.participant(*a), ds.participant(*b));
                y.employees
                    .unwrap_or(0)
                    .cmp(&x.employees.unwrap_or(0))
                    .then_with(|| x.id.cmp(&y.id))
            });
        }
        AnchorIndex {
            ds,
            clusters,
            organisations,
        }
    }

    /// Fills in a suggestion's region and sector names, the districts it
    /// crosses and its anchors: the clusters and organisations in its
    /// specialisations, taken in turn from each specialisation, strongest
    /// specialisation first (see [`super::Member::strength`]) and largest
    /// anchor first within one, up to `limits`.
    pub fn annotate(&self, s: &mut Suggestion, limits: &AnchorLimits) {
        let ds = self.ds;
        let region_ids: Vec<Option<crate::model::RegionId>> =
            s.regions.iter().map(|r| ds.region_id(r)).collect();
        s.region_names = s
            .regions
            .iter()
            .zip(&region_ids)
            .map(|(id, r)| r.map_or_else(|| id.clone(), |r| ds.region(r).name.clone()))
            .collect();
        let districts: BTreeSet<String> = region_ids
            .iter()
            .flatten()
            .map(|&r| ds.district(ds.district_of(r)).id.clone())
            .collect();
        s.districts = districts.into_iter().collect();
        s.sector_names = s.sectors.iter().map(|c| ds.sectors.name_of(c)).collect();
        let keys: Vec<(u32, String)> = s
            .members
            .iter()
            .filter_map(|m| ds.region_id(&m.region).map(|r| (r.0, m.sector.clone())))
            .collect();
        let mut anchors = Vec::new();
        let clusters = round_robin(&keys, &self.clusters, limits.clusters);
        for c in clusters {
            let c = ds.cluster(c);
            anchors.push(Anchor {
                kind: "cluster",
                id: c.id.clone(),
                name: c.name.clone(),
                regions: c.regions.iter().map(|r| ds.region(*r).id.clone()).collect(),
                sector: ds.sectors.code(c.sector).to_string(),
                employees: c.employees,
            });
        }
        for p in round_robin(&keys, &self.organisations, limits.organisations) {
            let p = ds.participant(p);
            anchors.push(Anchor {
                kind: "organisation",
                id: p.id.clone(),
                name: p.name.clone(),
                regions: vec![ds.region(p.region).id.clone()],
                sector: ds.sectors.code(p.sector).to_string(),
                employees: p.employees,
            });
        }
        s.anchors = anchors;
    }
}

/// The first of each key's list in key order, then the second of each, and
/// so on, without repeats, at most `limit`.
fn round_robin<T: Copy + PartialEq>(
    keys: &[(u32, String)],
    lists: &HashMap<(u32, String), Vec<T>>,
    limit: usize,
) -> Vec<T> {
    let lists: Vec<&[T]> = keys
        .iter()
        .filter_map(|k| lists.get(k).map(Vec::as_slice))
        .collect();
    let mut out: Vec<T> = Vec::new();
    let longest = lists.iter().map(|l| l.len()).max().unwrap_or(0);
    for round in 0..longest {
        for list in &lists {
            if out.len() >= limit {
                return out;
            }
            if let Some(&x) = list.get(round)
                && !out.contains(&x)
            {
                out.push(x);
            }
        }
    }
    out
}

/// Annotates one suggestion (see [`AnchorIndex::annotate`]); to annotate
/// many, build one [`AnchorIndex`] and reuse it.
pub fn annotate(s: &mut Suggestion, ds: &Dataset, level: SectorLevel, limits: &AnchorLimits) {
    AnchorIndex::new(ds, level).annotate(s, limits);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::economics::{Measure, SpecialisationConfig, matrix_from_dataset, specialisation};
    use crate::suggest::{SuggestConfig, build_graph, suggestions};

    #[test]
    fn round_robin_takes_each_key_in_turn() {
        let mut lists = HashMap::new();
        lists.insert((0, "a".to_string()), vec![1, 2, 3]);
        lists.insert((1, "b".to_string()), vec![4, 1]);
        let keys = [
            (0, "a".to_string()),
            (1, "b".to_string()),
            (2, "c".to_string()),
        ];
        assert_eq!(round_robin(&keys, &lists, 10), [1, 4, 2, 3]);
        assert_eq!(round_robin(&keys, &lists, 2), [1, 4]);
        assert!(round_robin(&keys, &lists, 0).is_empty());
    }

    #[test]
    fn demo_dataset_annotated() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/demo");
        let ds = crate::load::load_dataset(&dir).unwrap();
        let m = matrix_from_dataset(&ds, Measure::Employees, SectorLevel::Division)
            .unwrap()
            .matrix;
        let spec = specialisation(&m, &SpecialisationConfig::default()).unwrap();
        let chain = crate::load::value_chain::curated().unwrap();
        let g = build_graph(&m, &spec, &chain, &SuggestConfig::default()).unwrap();
        let all_in_one = vec![0; g.nodes.len()];
        let mut s = suggestions(&g, &all_in_one, &chain).unwrap();
        assert_eq!(s.len(), 1);
        let limits = AnchorLimits {
            clusters: 10,
            organisations: 2,
        };
        annotate(&mut s[0], &ds, SectorLevel::Division, &limits);
        assert!(!s[0].districts.is_empty());
        assert_eq!(s[0].region_names.len(), s[0].regions.len());
        assert_eq!(s[0].sector_names.len(), s[0].sectors.len());
        assert!(
            s[0].anchors
                .iter()
                .any(|a| a.kind == "cluster" && a.id == "JEW"),
            "{:?}",
            s[0].anchors
        );
        assert!(
            s[0].anchors
                .iter()
                .filter(|a| a.kind == "organisation")
                .count()
                <= 2
        );
        // every anchor lies in one of the suggestion's specialisations
        for a in &s[0].anchors {
            let division = &a.sector[..2];
            assert!(
                s[0].specialisations
                    .iter()
                    .any(|(r, x)| a.regions.contains(r) && x == division),
                "{a:?} outside {:?}",
                s[0].specialisations
            );
        }
        assert!(
            s[0].explanation
                .iter()
                .any(|e| e.text == "08 in RU-SA supplies 32 in RU-KOS"),
            "{:?}",
            s[0].explanation
        );
    }
}
