//! The attributes every export writes, as typed columns: one schema shared by
//! GraphML, GEXF, JSON and CSV, so the same names, types and values travel in
//! every format.
//!
//! # Node attributes
//!
//! | name | type | projections | meaning |
//! |---|---|---|---|
//! | `label` | string | all | display name |
//! | `kind` | string | all | `region`, `cluster` or `participant` |
//! | `region`, `region_name` | string | all | the region (a cluster's home region) |
//! | `district`, `district_name` | string | all | its district |
//! | `sector`, `sector_name` | string | all | own sector code; a region's: the sector (at the layer level) it cooperates most in |
//! | `n_clusters`, `n_participants` | int | regions | clusters operating and organisations located there |
//! | `level`, `scope`, `regions` | string | clusters | development level, scope, regions (`\|`-separated) |
//! | `founded`, `participants` | int | clusters | year founded, participants reported |
//! | `participant_kind`, `clusters` | string | participants | kind of organisation, its clusters (`\|`-separated) |
//! | `employees` | int | all | employees (a region's: sum over its organisations) |
//! | `lat`, `lon` | double | all | the region's capital (WGS84 degrees) |
//! | `strength` | double | all | weighted degree in the projection (self-loop twice) |
//! | `internal_weight` | double | all | cooperation inside the node (its self-loop) |
//! | `community` | int | with communities | community id |
//! | `community_label` | string | with named communities | community name |
//! | `groups` | string | with groups | ids of the groups it belongs to (`\|`-separated) |
//!
//! A value that is unknown (no coordinates, no employees reported, in no
//! group) is left out of XML and JSON and empty in CSV.
//!
//! # Edge attributes
//!
//! | name | type | meaning |
//! |---|---|---|
//! | `weight` | double | total cooperation weight |
//! | `sector`, `sector_name` | string | the sector carrying most of it (layer level) |
//! | `sectors` | string | the weight by sector, heaviest first: `08:6\|32:2` |
//!
//! # Graph attributes
//!
//! `dataset`, `projection`, `sector_level`, `dropped_links` (cooperation
//! links the projection left out), `year` (the year of the network, only
//! when the dataset has years), and with groups `groups`: a JSON array of
//! `{"id", "label", "kind", "score", "size"}` objects.

use super::dot::fmt_num;
use super::view::{NetworkView, NodeKind};

/// The type of an attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrType {
    /// A 64-bit float.
    Double,
    /// A whole number.
    Int,
    /// Text.
    String,
}

/// One value of an attribute.
#[derive(Debug, Clone, PartialEq)]
pub enum AttrValue {
    /// A float.
    Double(f64),
    /// A whole number.
    Int(i64),
    /// Text.
    Str(String),
    /// Unknown: left out of the output.
    Missing,
}

impl AttrValue {
    /// The value as text (empty when missing), as CSV and XML write it.
    pub fn to_text(&self) -> String {
        match self {
            AttrValue::Double(x) => format_double(*x),
            AttrValue::Int(i) => i.to_string(),
            AttrValue::Str(s) => s.clone(),
            AttrValue::Missing => String::new(),
        }
    }

    /// True when missing.
    pub fn is_missing(&self) -> bool {
        matches!(self, AttrValue::Missing)
    }
}

/// Formats a float so that it reads back exactly (shortest round-trip form).
pub fn format_double(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else if x.is_nan() {
        "NaN".into()
    } else if x > 0.0 {
        "INF".into()
    } else {
        "-INF".into()
    }
}

/// A typed column: one value per node or per edge.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Attribute name.
    pub name: &'static str,
    /// Its type.
    pub ty: AttrType,
    /// One value per row.
    pub values: Vec<AttrValue>,
}

impl Column {
    /// True when every value of an [`AttrType::Int`] column fits in 32 bits
    /// (GraphML's `int`; otherwise `long`).
    pub fn fits_i32(&self) -> bool {
        self.values.iter().all(|v| match v {
            AttrValue::Int(i) => i32::try_from(*i).is_ok(),
            _ => true,
        })
    }
}

/// Typed columns over the nodes or the edges of a view.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AttrTable {
    /// The columns, in output order.
    pub columns: Vec<Column>,
}

impl AttrTable {
    fn push(&mut self, name: &'static str, ty: AttrType, values: Vec<AttrValue>) {
        self.columns.push(Column { name, ty, values });
    }

    fn strings(&mut self, name: &'static str, values: impl Iterator<Item = Option<String>>) {
        let v = values
            .map(|s| s.map_or(AttrValue::Missing, AttrValue::Str))
            .collect();
        self.push(name, AttrType::String, v);
    }

    fn ints(&mut self, name: &'static str, values: impl Iterator<Item = Option<i64>>) {
        let v = values
            .map(|s| s.map_or(AttrValue::Missing, AttrValue::Int))
            .collect();
        self.push(name, AttrType::Int, v);
    }

    fn doubles(&mut self, name: &'static str, values: impl Iterator<Item = Option<f64>>) {
        let v = values
            .map(|s| {
                s.filter(|x| x.is_finite())
                    .map_or(AttrValue::Missing, AttrValue::Double)
            })
            .collect();
        self.push(name, AttrType::Double, v);
    }

    /// The column called `name`.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

fn u64_to_i64(x: u64) -> i64 {
    i64::try_from(x).unwrap_or(i64::MAX)
}

/// `a|b|c`, or nothing for an empty list.
fn joined(ids: Vec<&str>) -> Option<String> {
    Some(ids.join("|")).filter(|s| !s.is_empty())
}

/// The node attributes of `view` (see the module docs).
pub fn node_table(view: &NetworkView<'_>) -> AttrTable {
    let ds = view.dataset();
    let nodes = &view.nodes;
    let n = nodes.len() as u32;
    let mut t = AttrTable::default();
    t.strings("label", nodes.iter().map(|v| Some(v.name.clone())));
    t.strings(
        "kind",
        nodes.iter().map(|v| Some(v.kind.name().to_string())),
    );
    t.strings(
        "region",
        nodes.iter().map(|v| Some(ds.region(v.region).id.clone())),
    );
    t.strings(
        "region_name",
        nodes.iter().map(|v| Some(ds.region(v.region).name.clone())),
    );
    t.strings(
        "district",
        (0..n).map(|i| Some(ds.district(view.district(i)).id.clone())),
    );
    t.strings(
        "district_name",
        (0..n).map(|i| Some(ds.district(view.district(i)).name.clone())),
    );
    t.strings("sector", nodes.iter().map(|v| v.sector.clone()));
    t.strings(
        "sector_name",
        nodes
            .iter()
            .map(|v| v.sector.as_ref().map(|c| ds.sectors.name_of(c))),
    );
    match NodeKind::of(view.projection()) {
        NodeKind::Region => region_columns(&mut t, view),
        NodeKind::Cluster => cluster_columns(&mut t, view),
        NodeKind::Participant => participant_columns(&mut t, view),
    }
    t.doubles("lat", (0..n).map(|i| view.coordinates(i).map(|c| c.0)));
    t.doubles("lon", (0..n).map(|i| view.coordinates(i).map(|c| c.1)));
    t.doubles("strength", nodes.iter().map(|v| Some(v.strength)));
    t.doubles("internal_weight", nodes.iter().map(|v| Some(v.internal)));
    overlay_columns(&mut t, view);
    t
}

/// A region's clusters, organisations and employees.
fn region_columns(t: &mut AttrTable, view: &NetworkView<'_>) {
    let f = view.region_figures();
    t.ints("n_clusters", f.iter().map(|x| Some(x.clusters as i64)));
    t.ints(
        "n_participants",
        f.iter().map(|x| Some(x.participants as i64)),
    );
    t.ints("employees", f.iter().map(|x| x.employees.map(u64_to_i64)));
}

/// A cluster's level, scope, regions, year founded and size.
fn cluster_columns(t: &mut AttrTable, view: &NetworkView<'_>) {
    let ds = view.dataset();
    let cs: Vec<&crate::model::Cluster> = view
        .nodes
        .iter()
        .map(|v| &ds.clusters[v.record as usize])
        .collect();
    t.strings("level", cs.iter().map(|c| Some(c.level.name().into())));
    t.strings("scope", cs.iter().map(|c| Some(c.scope.name().into())));
    t.strings(
        "regions",
        cs.iter().map(|c| {
            joined(
                c.regions
                    .iter()
                    .map(|&r| ds.region(r).id.as_str())
                    .collect(),
            )
        }),
    );
    t.ints("founded", cs.iter().map(|c| c.founded.map(i64::from)));
    t.ints(
        "participants",
        cs.iter().map(|c| c.participants.map(i64::from)),
    );
    t.ints("employees", cs.iter().map(|c| c.employees.map(u64_to_i64)));
}

/// An organisation's kind, clusters and employees.
fn participant_columns(t: &mut AttrTable, view: &NetworkView<'_>) {
    let ds = view.dataset();
    let ps: Vec<&crate::model::Participant> = view
        .nodes
        .iter()
        .map(|v| &ds.participants[v.record as usize])
        .collect();
    t.strings(
        "participant_kind",
        ps.iter().map(|p| Some(ds.participant_kind(p).to_string())),
    );
    t.strings(
        "clusters",
        ps.iter().map(|p| {
            joined(
                p.clusters
                    .iter()
                    .map(|&c| ds.cluster(c).id.as_str())
                    .collect(),
            )
        }),
    );
    t.ints("employees", ps.iter().map(|p| p.employees.map(u64_to_i64)));
}

/// Communities and groups, when attached.
fn overlay_columns(t: &mut AttrTable, view: &NetworkView<'_>) {
    let n = view.nodes.len() as u32;
    if let Some(c) = view.communities() {
        t.ints(
            "community",
            c.membership.iter().map(|&m| Some(i64::from(m))),
        );
        if !c.labels.is_empty() {
            t.strings(
                "community_label",
                c.membership.iter().map(|&m| Some(c.label(m))),
            );
        }
    }
    if !view.groups().is_empty() {
        t.strings(
            "groups",
            (0..n).map(|i| {
                joined(
                    view.groups_of(i)
                        .iter()
                        .map(|&g| view.groups()[g as usize].id.as_str())
                        .collect(),
                )
            }),
        );
    }
}

/// The edge attributes of `view` (see the module docs).
pub fn edge_table(view: &NetworkView<'_>) -> AttrTable {
    let edges = &view.edges;
    let mut t = AttrTable::default();
    t.doubles("weight", edges.iter().map(|e| Some(e.weight)));
    t.strings(
        "sector",
        edges.iter().map(|e| {
            e.main_sector()
                .map(|s| view.sectors[s as usize].code.clone())
        }),
    );
    t.strings(
        "sector_name",
        edges.iter().map(|e| {
            e.main_sector()
                .map(|s| view.sectors[s as usize].name.clone())
        }),
    );
    t.strings(
        "sectors",
        edges.iter().map(|e| {
            let parts: Vec<String> = e
                .sectors
                .iter()
                .map(|&(s, w)| format!("{}:{}", view.sectors[s as usize].code, fmt_num(w)))
                .collect();
            Some(parts.join("|")).filter(|s| !s.is_empty())
        }),
    );
    t
}

/// The graph-level attributes of `view`, as `(name, value)` (see the module docs).
pub fn graph_attributes(view: &NetworkView<'_>) -> Vec<(&'static str, AttrValue)> {
    let mut a = vec![
        ("dataset", AttrValue::Str(view.dataset().name.clone())),
        (
            "projection",
            AttrValue::Str(view.projection().name().to_string()),
        ),
        (
            "sector_level",
            AttrValue::Str(view.spec.layer_level.name().to_string()),
        ),
        ("dropped_links", AttrValue::Int(view.dropped_links as i64)),
    ];
    // The year of the network, when the dataset has years (`--year`, else the latest).
    if let Some(y) = view.dataset().years.year {
        a.push(("year", AttrValue::Int(i64::from(y))));
    }
    if !view.groups().is_empty() {
        a.push(("groups", AttrValue::Str(groups_json(view).to_string())));
    }
    a
}

/// The groups' descriptions as a JSON array.
pub fn groups_json(view: &NetworkView<'_>) -> serde_json::Value {
    serde_json::Value::Array(
        view.groups()
            .iter()
            .map(|g| {
                serde_json::json!({
                    "id": g.id,
                    "label": g.label,
                    "kind": g.kind,
                    "score": g.score,
                    "size": g.members.len(),
                })
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Projection, ProjectionSpec};
    use crate::load::load_dataset;
    use std::path::Path;

    #[test]
    fn tables_have_one_value_per_row() {
        let ds = load_dataset(Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/datasets/demo"
        )))
        .expect("demo loads");
        for p in Projection::ALL {
            let v = NetworkView::new(&ds, &ProjectionSpec::merged(p)).expect("view");
            let nt = node_table(&v);
            assert!(nt.columns.iter().all(|c| c.values.len() == v.nodes.len()));
            let et = edge_table(&v);
            assert!(et.columns.iter().all(|c| c.values.len() == v.edges.len()));
        }
        let v = NetworkView::new(&ds, &ProjectionSpec::merged(Projection::Regions)).expect("view");
        let nt = node_table(&v);
        let kos = v.nodes.iter().position(|n| n.id == "RU-KOS").expect("kos");
        assert_eq!(
            nt.column("n_participants").expect("col").values[kos],
            AttrValue::Int(4)
        );
        assert_eq!(
            nt.column("employees").expect("col").values[kos],
            AttrValue::Int(900 + 120 + 800 + 40)
        );
    }

    #[test]
    fn doubles_read_back_exactly() {
        for x in [0.1, 1.0 / 3.0, 1e-300, 123456789.125] {
            assert_eq!(format_double(x).parse::<f64>().expect("parses"), x);
        }
    }
}
