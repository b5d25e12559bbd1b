//! [`NetworkView`]: one projection of a dataset with everything a map or an
//! export shows about it: names, regions, districts, sectors, figures,
//! per-sector edge weights, and optionally communities and suggested groups.
//!
//! Node `i` of a view is node `i` of the [`Projected`] graph it was built
//! from, which is record `i` of the projected kind (`dataset.regions[i]` for
//! the region projection, and so on). A community membership or a group's
//! members computed on that projection therefore index the view directly.
//!
//! Edges are the undirected edges of the merged projection, each once, with
//! `source <= target` and self-loops (cooperation inside one node) included;
//! each carries its weight split by sector at the projection's layer level
//! (divisions by default), heaviest first.

use rustc_hash::FxHashMap;

use crate::error::{Error, Result};
use crate::graph::{CooperationGraph, Projected, Projection, ProjectionSpec, project};
use crate::model::{Dataset, DistrictId, RegionId};

/// What a node of a view stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NodeKind {
    /// A region.
    Region,
    /// A cluster.
    Cluster,
    /// An organisation.
    Participant,
}

impl NodeKind {
    /// The name used in exports (`region`, `cluster`, `participant`).
    pub fn name(self) -> &'static str {
        match self {
            NodeKind::Region => "region",
            NodeKind::Cluster => "cluster",
            NodeKind::Participant => "participant",
        }
    }

    /// The kind of node a projection keeps.
    pub fn of(p: Projection) -> Self {
        match p {
            Projection::Participants => NodeKind::Participant,
            Projection::Clusters => NodeKind::Cluster,
            Projection::Regions => NodeKind::Region,
        }
    }
}

/// A node of a [`NetworkView`].
#[derive(Debug, Clone, PartialEq)]
pub struct ViewNode {
    /// The user id (`RU-KOS`, a cluster id, an organisation id); unique in the view.
    pub id: String,
    /// The display name.
    pub name: String,
    /// Region, cluster or participant.
    pub kind: NodeKind,
    /// Index of its record in the dataset (`regions`, `clusters` or
    /// `participants`); equal to the node's index except in a [`NetworkView::subset`].
    pub record: u32,
    /// The region it stands for, or lies in (a cluster's home region).
    pub region: RegionId,
    /// The node's sector code: a cluster's or organisation's own code, or for a
    /// region the sector (at the layer level) in which it cooperates most.
    pub sector: Option<String>,
    /// The node's sector rolled up to the layer level, as an index into
    /// [`NetworkView::sectors`] (what `--color-by sector` colours by).
    pub sector_index: Option<u32>,
    /// Weighted degree in the projection (a self-loop counted twice).
    pub strength: f64,
    /// Weight of the node's self-loop: cooperation inside it.
    pub internal: f64,
}

/// An edge of a [`NetworkView`].
#[derive(Debug, Clone, PartialEq)]
pub struct ViewEdge {
    /// One end (the smaller node index).
    pub source: u32,
    /// The other end (equal to `source` for a self-loop).
    pub target: u32,
    /// Total weight, all sectors merged.
    pub weight: f64,
    /// The weight by sector, as `(index into NetworkView::sectors, weight)`,
    /// heaviest first; empty only if the projection was built without layers.
    pub sectors: Vec<(u32, f64)>,
}

impl ViewEdge {
    /// The sector carrying most of the edge's weight.
    pub fn main_sector(&self) -> Option<u32> {
        self.sectors.first().map(|&(s, _)| s)
    }

    /// True for cooperation inside one node.
    pub fn is_loop(&self) -> bool {
        self.source == self.target
    }
}

/// A sector present in a view (at the projection's layer level).
#[derive(Debug, Clone, PartialEq)]
pub struct SectorEntry {
    /// The code, e.g. `32`.
    pub code: String,
    /// The display name.
    pub name: String,
    /// Total cooperation weight in this sector.
    pub weight: f64,
}

/// What a dataset holds in one region, for tooltips and exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RegionFigures {
    /// Clusters operating in the region (home or not).
    pub clusters: usize,
    /// Organisations located there.
    pub participants: usize,
    /// Their employees, summed over those that report a number (`None` if none does).
    pub employees: Option<u64>,
}

/// A community result to draw or export: one community id per node of the
/// view, with optional names.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Communities {
    /// Community of each node, indexed like the view's nodes.
    pub membership: Vec<u32>,
    /// Optional name of each community, indexed by community id; communities
    /// without one are called `community <id>`.
    pub labels: Vec<String>,
}

impl Communities {
    /// A membership without names (copied from any community result).
    pub fn new(membership: &[u32]) -> Self {
        Communities {
            membership: membership.to_vec(),
            labels: Vec::new(),
        }
    }

    /// Adds community names, indexed by community id.
    pub fn with_labels(mut self, labels: Vec<String>) -> Self {
        self.labels = labels;
        self
    }

    /// The name of community `c`.
    pub fn label(&self, c: u32) -> String {
        self.labels
            .get(c as usize)
            .filter(|l| !l.is_empty())
            .cloned()
            .unwrap_or_else(|| format!("community {c}"))
    }
}

/// A group of nodes to draw as one box and export as a membership: a
/// suggested national cluster, or any other set worth showing.
#[derive(Debug, Clone, PartialEq)]
pub struct MapGroup {
    /// A short id, unique among the groups (`NC1`).
    pub id: String,
    /// A readable name.
    pub label: String,
    /// What kind of group it is (`sectoral`, `intersectoral`, ...).
    pub kind: String,
    /// Its score (higher is stronger); shown in the label.
    pub score: f64,
    /// Its nodes, as indices into the view's nodes.
    pub members: Vec<u32>,
    /// Optional text per member (same order as `members`, or empty), shown
    /// under the member's label in a diagram: e.g. the sectors a region brings.
    pub member_notes: Vec<String>,
}

impl MapGroup {
    /// A group without member notes.
    pub fn new(
        id: impl Into<String>,
        label: impl Into<String>,
        kind: impl Into<String>,
        score: f64,
        members: Vec<u32>,
    ) -> Self {
        MapGroup {
            id: id.into(),
            label: label.into(),
            kind: kind.into(),
            score,
            members,
            member_notes: Vec::new(),
        }
    }
}

/// One projection of a dataset, ready to draw or export (see the module docs).
#[derive(Debug, Clone)]
pub struct NetworkView<'a> {
    dataset: &'a Dataset,
    /// What was projected.
    pub spec: ProjectionSpec,
    /// The nodes, indexed like the projection.
    pub nodes: Vec<ViewNode>,
    /// The edges, each undirected edge once, sorted by `(source, target)`.
    pub edges: Vec<ViewEdge>,
    /// Sectors at the layer level, heaviest first.
    pub sectors: Vec<SectorEntry>,
    /// Cooperation links the projection left out.
    pub dropped_links: usize,
    communities: Option<Communities>,
    groups: Vec<MapGroup>,
    groups_of: Vec<Vec<u32>>,
}

impl<'a> NetworkView<'a> {
    /// Projects `dataset` as `spec` says (sector layers are always built, to
    /// colour edges by sector) and gathers what the exports show.
    ///
    /// # Errors
    ///
    /// [`Error::Parameter`] when a sector filter is not a sector code.
    pub fn new(dataset: &'a Dataset, spec: &ProjectionSpec) -> Result<Self> {
        let graph = CooperationGraph::new(dataset);
        let spec = ProjectionSpec {
            layers: true,
            ..spec.clone()
        };
        let projected = project(&graph, &spec)?;
        Ok(Self::from_projected(dataset, &projected))
    }

    /// Builds a view of a projection already computed from `dataset` (for
    /// example the one communities were detected on). Edges carry sectors
    /// only if the projection was built with layers.
    pub fn from_projected(dataset: &'a Dataset, projected: &Projected) -> Self {
        let ds = dataset;
        let kind = NodeKind::of(projected.spec.projection);
        let level = projected.spec.layer_level;
        let n = projected.labels.len();

        // Sectors: the layers' codes, then the nodes' own codes rolled up.
        let mut sectors: Vec<SectorEntry> = Vec::new();
        let mut sector_index: FxHashMap<String, u32> = FxHashMap::default();
        let mut intern = |code: String, sectors: &mut Vec<SectorEntry>| -> u32 {
            *sector_index.entry(code.clone()).or_insert_with(|| {
                sectors.push(SectorEntry {
                    name: ds.sectors.name_of(&code),
                    code,
                    weight: 0.0,
                });
                (sectors.len() - 1) as u32
            })
        };
        let layer_ids: Vec<u32> = projected
            .layers
            .iter()
            .map(|l| intern(l.sector.clone(), &mut sectors))
            .collect();

        let mut nodes: Vec<ViewNode> = (0..n)
            .map(|i| {
                let (id, name, region, sector) = match kind {
                    NodeKind::Region => {
                        let r = &ds.regions[i];
                        (r.id.clone(), r.name.clone(), RegionId(i as u32), None)
                    }
                    NodeKind::Cluster => {
                        let c = &ds.clusters[i];
                        let code = ds.sectors.code(c.sector).to_string();
                        (c.id.clone(), c.name.clone(), c.home_region(), Some(code))
                    }
                    NodeKind::Participant => {
                        let p = &ds.participants[i];
                        let code = ds.sectors.code(p.sector).to_string();
                        (p.id.clone(), p.name.clone(), p.region, Some(code))
                    }
                };
                ViewNode {
                    id,
                    name,
                    kind,
                    record: i as u32,
                    region,
                    sector,
                    sector_index: None,
                    strength: projected.graph.strength(i as u32),
                    internal: 0.0,
                }
            })
            .collect();
        for node in &mut nodes {
            if let Some(code) = &node.sector {
                let rolled = ds
                    .sectors
                    .code_at(code, level)
                    .unwrap_or_else(|| code.clone());
                node.sector_index = Some(intern(rolled, &mut sectors));
            }
        }

        let mut edges: Vec<ViewEdge> = Vec::with_capacity(projected.graph.edge_count());
        let mut edge_index: FxHashMap<(u32, u32), u32> = FxHashMap::default();
        edge_index.reserve(projected.graph.edge_count());
        for (u, v, w) in projected.graph.edges() {
            edge_index.insert((u, v), edges.len() as u32);
            edges.push(ViewEdge {
                source: u,
                target: v,
                weight: w,
                sectors: Vec::new(),
            });
            if u == v {
                nodes[u as usize].internal = w;
            }
        }
        for (layer, &s) in projected.layers.iter().zip(&layer_ids) {
            for (u, v, w) in layer.graph.edges() {
                sectors[s as usize].weight += w;
                if let Some(&e) = edge_index.get(&(u, v)) {
                    edges[e as usize].sectors.push((s, w));
                }
            }
        }
        // Rank sectors by weight (then code) and renumber.
        let mut order: Vec<u32> = (0..sectors.len() as u32).collect();
        order.sort_by(|&a, &b| {
            let (sa, sb) = (&sectors[a as usize], &sectors[b as usize]);
            sb.weight
                .total_cmp(&sa.weight)
                .then_with(|| sa.code.cmp(&sb.code))
        });
        let mut rank = vec![0u32; sectors.len()];
        for (new, &old) in order.iter().enumerate() {
            rank[old as usize] = new as u32;
        }
        let sectors: Vec<SectorEntry> = order
            .iter()
            .map(|&old| sectors[old as usize].clone())
            .collect();
        for e in &mut edges {
            for s in &mut e.sectors {
                s.0 = rank[s.0 as usize];
            }
            e.sectors
                .sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        }
        for node in &mut nodes {
            node.sector_index = node.sector_index.map(|s| rank[s as usize]);
        }

        // A region's sector: the one it cooperates most in.
        if kind == NodeKind::Region {
            let mut by_node: Vec<FxHashMap<u32, f64>> = vec![FxHashMap::default(); n];
            for e in &edges {
                for &(s, w) in &e.sectors {
                    *by_node[e.source as usize].entry(s).or_default() += w;
                    if !e.is_loop() {
                        *by_node[e.target as usize].entry(s).or_default() += w;
                    }
                }
            }
            for (node, weights) in nodes.iter_mut().zip(by_node) {
                let best = weights
                    .into_iter()
                    .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.0.cmp(&a.0)));
                if let Some((s, _)) = best {
                    node.sector_index = Some(s);
                    node.sector = Some(sectors[s as usize].code.clone());
                }
            }
        }

        NetworkView {
            dataset,
            spec: projected.spec.clone(),
            nodes,
            edges,
            sectors,
            dropped_links: projected.dropped_links,
            communities: None,
            groups: Vec::new(),
            groups_of: vec![Vec::new(); n],
        }
    }

    /// Attaches a community result (one id per node).
    ///
    /// # Errors
    ///
    /// [`Error::Parameter`] when the membership's length is not the number of nodes.
    pub fn with_communities(mut self, communities: Communities) -> Result<Self> {
        if communities.membership.len() != self.nodes.len() {
            return Err(Error::parameter(
                "communities",
                format!(
                    "the membership has {} entries but the {} projection has {} nodes",
                    communities.membership.len(),
                    self.spec.projection.name(),
                    self.nodes.len()
                ),
            ));
        }
        self.communities = Some(communities);
        Ok(self)
    }

    /// Attaches groups (suggested national clusters), in the order they should
    /// be listed (strongest first).
    ///
    /// # Errors
    ///
    /// [`Error::Parameter`] when a member is not a node of the view or two
    /// groups share an id.
    pub fn with_groups(mut self, groups: Vec<MapGroup>) -> Result<Self> {
        let n = self.nodes.len();
        let mut groups_of = vec![Vec::new(); n];
        let mut seen = std::collections::HashSet::new();
        for (g, group) in groups.iter().enumerate() {
            if !seen.insert(group.id.as_str()) {
                return Err(Error::parameter(
                    "groups",
                    format!("two groups have the id {:?}", group.id),
                ));
            }
            for &m in &group.members {
                let Some(list) = groups_of.get_mut(m as usize) else {
                    return Err(Error::parameter(
                        "groups",
                        format!(
                            "group {:?} has member {m}, but the projection has {n} nodes",
                            group.id
                        ),
                    ));
                };
                if list.last() != Some(&(g as u32)) {
                    list.push(g as u32);
                }
            }
        }
        self.groups = groups;
        self.groups_of = groups_of;
        Ok(self)
    }

    /// The dataset behind the view.
    pub fn dataset(&self) -> &'a Dataset {
        self.dataset
    }

    /// The projection.
    pub fn projection(&self) -> Projection {
        self.spec.projection
    }

    /// The attached communities, if any.
    pub fn communities(&self) -> Option<&Communities> {
        self.communities.as_ref()
    }

    /// The attached groups (empty if none).
    pub fn groups(&self) -> &[MapGroup] {
        &self.groups
    }

    /// The groups node `i` belongs to, as indices into [`Self::groups`].
    pub fn groups_of(&self, i: u32) -> &[u32] {
        &self.groups_of[i as usize]
    }

    /// The district of node `i`.
    pub fn district(&self, i: u32) -> DistrictId {
        self.dataset.district_of(self.nodes[i as usize].region)
    }

    /// The view restricted to the nodes with `keep[i]` true (and the edges
    /// between them), renumbered in order; communities and groups follow, and
    /// groups left empty are dropped.
    ///
    /// # Panics
    ///
    /// If `keep` does not have one entry per node (a programming error).
    pub fn subset(&self, keep: &[bool]) -> NetworkView<'a> {
        assert_eq!(keep.len(), self.nodes.len(), "one keep flag per node");
        let mut new_index = vec![u32::MAX; keep.len()];
        let mut nodes = Vec::new();
        for (i, node) in self.nodes.iter().enumerate() {
            if keep[i] {
                new_index[i] = nodes.len() as u32;
                nodes.push(node.clone());
            }
        }
        let edges = self
            .edges
            .iter()
            .filter(|e| keep[e.source as usize] && keep[e.target as usize])
            .map(|e| ViewEdge {
                source: new_index[e.source as usize],
                target: new_index[e.target as usize],
                ..e.clone()
            })
            .collect();
        let communities = self.communities.as_ref().map(|c| Communities {
            membership: (0..keep.len())
                .filter(|&i| keep[i])
                .map(|i| c.membership[i])
                .collect(),
            labels: c.labels.clone(),
        });
        let groups: Vec<MapGroup> = self
            .groups
            .iter()
            .map(|g| {
                let kept: Vec<usize> = (0..g.members.len())
                    .filter(|&j| keep[g.members[j] as usize])
                    .collect();
                MapGroup {
                    members: kept
                        .iter()
                        .map(|&j| new_index[g.members[j] as usize])
                        .collect(),
                    member_notes: kept
                        .iter()
                        .filter_map(|&j| g.member_notes.get(j).cloned())
                        .collect(),
                    ..g.clone()
                }
            })
            .filter(|g| !g.members.is_empty())
            .collect();
        let mut groups_of = vec![Vec::new(); nodes.len()];
        for (g, group) in groups.iter().enumerate() {
            for &m in &group.members {
                let list: &mut Vec<u32> = &mut groups_of[m as usize];
                if list.last() != Some(&(g as u32)) {
                    list.push(g as u32);
                }
            }
        }
        NetworkView {
            dataset: self.dataset,
            spec: self.spec.clone(),
            nodes,
            edges,
            sectors: self.sectors.clone(),
            dropped_links: self.dropped_links,
            communities,
            groups,
            groups_of,
        }
    }

    /// The view restricted to the members of its groups (a suggestion
    /// diagram); the whole view when it has no groups.
    pub fn grouped_only(&self) -> NetworkView<'a> {
        if self.groups.is_empty() {
            return self.clone();
        }
        let keep: Vec<bool> = self.groups_of.iter().map(|g| !g.is_empty()).collect();
        self.subset(&keep)
    }

    /// [`RegionFigures`] of every region of the dataset, indexed by region id.
    pub fn region_figures(&self) -> Vec<RegionFigures> {
        let ds = self.dataset;
        let mut f = vec![RegionFigures::default(); ds.regions.len()];
        for c in &ds.clusters {
            for r in &c.regions {
                f[r.index()].clusters += 1;
            }
        }
        for p in &ds.participants {
            let x = &mut f[p.region.index()];
            x.participants += 1;
            if let Some(e) = p.employees {
                x.employees = Some(x.employees.unwrap_or(0) + e);
            }
        }
        f
    }

    /// The capital's coordinates `(lat, lon)` of node `i`'s region, when known.
    pub fn coordinates(&self, i: u32) -> Option<(f64, f64)> {
        let r = self.dataset.region(self.nodes[i as usize].region);
        Some((r.lat?, r.lon?)).filter(|(lat, lon)| lat.is_finite() && lon.is_finite())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_dataset;
    use std::path::Path;

    fn demo() -> Dataset {
        load_dataset(Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/datasets/demo"
        )))
        .expect("demo loads")
    }

    #[test]
    fn region_view_splits_weights_by_sector() {
        let ds = demo();
        let v = NetworkView::new(&ds, &ProjectionSpec::merged(Projection::Regions)).expect("view");
        assert_eq!(v.nodes.len(), 5);
        let idx = |id: &str| v.nodes.iter().position(|n| n.id == id).expect("node") as u32;
        let (sa, kos) = (idx("RU-SA"), idx("RU-KOS"));
        let e = v
            .edges
            .iter()
            .find(|e| (e.source, e.target) == (sa.min(kos), sa.max(kos)))
            .expect("edge");
        assert_eq!(e.weight, 8.0);
        // 08.99 supply: 4 + 2 + 2 (cluster link) = 8, all mining
        assert_eq!(
            v.sectors[e.main_sector().expect("sector") as usize].code,
            "08"
        );
        let split: f64 = e.sectors.iter().map(|s| s.1).sum();
        assert!((split - e.weight).abs() < 1e-12);
        assert_eq!(v.nodes[kos as usize].internal, 7.0);
        // Kostroma cooperates most in 32 (3 + 1 + 2 inside, 1 with Moscow) vs 08 (8)
        assert_eq!(v.nodes[kos as usize].sector.as_deref(), Some("08"));
        // sectors ranked by weight
        assert!(v.sectors.windows(2).all(|w| w[0].weight >= w[1].weight));
    }

    #[test]
    fn communities_and_groups_are_checked() {
        let ds = demo();
        let v = NetworkView::new(&ds, &ProjectionSpec::merged(Projection::Regions)).expect("view");
        assert!(
            v.clone()
                .with_communities(Communities::new(&[0, 1]))
                .is_err()
        );
        let v = v
            .with_communities(Communities::new(&[0, 0, 0, 1, 1]))
            .expect("fits");
        assert_eq!(
            v.communities().map(|c| c.label(1)),
            Some("community 1".into())
        );
        let g = MapGroup {
            id: "NC1".into(),
            label: "jewellery".into(),
            kind: "intersectoral".into(),
            score: 1.5,
            members: vec![2, 4, 9],
            member_notes: Vec::new(),
        };
        assert!(v.clone().with_groups(vec![g.clone()]).is_err());
        let ok = MapGroup {
            members: vec![2, 4],
            ..g
        };
        let v = v.with_groups(vec![ok]).expect("fits");
        assert_eq!(v.groups_of(4), &[0]);
        assert!(v.groups_of(0).is_empty());
        let sub = v.grouped_only();
        assert_eq!(sub.nodes.len(), 2);
        assert_eq!(
            sub.nodes.iter().map(|n| n.id.as_str()).collect::<Vec<_>>(),
            vec!["RU-KOS", "RU-SA"]
        );
        assert_eq!(sub.groups()[0].members, vec![0, 1]);
        assert_eq!(
            sub.communities().map(|c| c.membership.clone()),
            Some(vec![0, 1])
        );
        // the edge between them, and its self-loops
        assert!(
            sub.edges
                .iter()
                .any(|e| (e.source, e.target) == (0, 1) && e.weight == 8.0)
        );
        assert!(sub.edges.iter().all(|e| e.source < 2 && e.target < 2));
    }
}
