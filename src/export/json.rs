//! JSON node-link graphs, in networkx's and D3's flavours.
//!
//! - [`JsonFlavour::NetworkX`]: the form of networkx's current
//!   `node_link_data(G, edges="edges")`: `{"directed": false, "multigraph":
//!   false, "graph": {...}, "nodes": [{"id": ..., ...}], "edges": [{"source":
//!   ..., "target": ..., ...}]}`. Read it with
//!   `networkx.node_link_graph(data, edges="edges")`.
//! - [`JsonFlavour::D3`]: `{"nodes": [{"id": ...}], "links": [{"source": ...,
//!   "target": ..., "weight": ...}]}`, what `d3.forceLink().id(d => d.id)`
//!   expects; it also carries `directed`, `multigraph` and `graph`, so
//!   `networkx.node_link_graph(data, edges="links")` reads it too.
//!
//! Ids are the dataset's ids; every attribute of [`super::table`] is a key of
//! its node or edge object (unknown values are left out), with numbers as
//! JSON numbers. Group descriptions are an array under `graph.groups`.
//!
//! ```
//! use coopnet::export::{NetworkView, json::{JsonFlavour, to_json}};
//! use coopnet::graph::{Projection, ProjectionSpec};
//! let ds = coopnet::load::load_dataset(std::path::Path::new("datasets/demo")).unwrap();
//! let view = NetworkView::new(&ds, &ProjectionSpec::merged(Projection::Regions)).unwrap();
//! let v: serde_json::Value = serde_json::from_str(&to_json(&view, JsonFlavour::D3)).unwrap();
//! assert_eq!(v["nodes"].as_array().unwrap().len(), 5);
//! assert!(v["links"][0]["source"].is_string());
//! ```

use std::fmt::Write as _;

use super::table::{AttrTable, AttrValue, edge_table, graph_attributes, groups_json, node_table};
use super::view::NetworkView;
use crate::error::{Error, Result};

/// Which node-link layout to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum JsonFlavour {
    /// networkx's `node_link_data` with `edges="edges"`.
    #[default]
    NetworkX,
    /// D3's `{nodes, links}`.
    D3,
}

impl JsonFlavour {
    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            JsonFlavour::NetworkX => "networkx",
            JsonFlavour::D3 => "d3",
        }
    }

    /// The key of the edge list.
    pub fn edges_key(self) -> &'static str {
        match self {
            JsonFlavour::NetworkX => "edges",
            JsonFlavour::D3 => "links",
        }
    }
}

fn string(out: &mut String, s: &str) {
    // serde_json escapes exactly what JSON requires; a &str always serialises.
    out.push_str(&serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into()));
}

fn value(out: &mut String, v: &AttrValue) {
    match v {
        AttrValue::Double(x) => {
            out.push_str(&serde_json::to_string(x).unwrap_or_else(|_| "null".into()))
        }
        AttrValue::Int(i) => {
            let _ = write!(out, "{i}");
        }
        AttrValue::Str(s) => string(out, s),
        AttrValue::Missing => out.push_str("null"),
    }
}

fn attrs(out: &mut String, table: &AttrTable, row: usize) {
    for c in &table.columns {
        let v = &c.values[row];
        if v.is_missing() {
            continue;
        }
        out.push_str(", ");
        string(out, c.name);
        out.push_str(": ");
        value(out, v);
    }
}

/// Writes `view` as node-link JSON in `flavour`.
pub fn to_json(view: &NetworkView<'_>, flavour: JsonFlavour) -> String {
    let nodes = node_table(view);
    let edges = edge_table(view);
    let mut out = String::with_capacity(300 * (view.nodes.len() + view.edges.len()) + 1024);
    out.push_str("{\n  \"directed\": false,\n  \"multigraph\": false,\n  \"graph\": {");
    for (k, (name, v)) in graph_attributes(view).iter().enumerate() {
        if k > 0 {
            out.push_str(", ");
        }
        string(&mut out, name);
        out.push_str(": ");
        if *name == "groups" {
            out.push_str(&groups_json(view).to_string());
        } else {
            value(&mut out, v);
        }
    }
    out.push_str("},\n  \"nodes\": [");
    for (i, node) in view.nodes.iter().enumerate() {
        out.push_str(if i == 0 { "\n    {" } else { ",\n    {" });
        out.push_str("\"id\": ");
        string(&mut out, &node.id);
        attrs(&mut out, &nodes, i);
        out.push('}');
    }
    let _ = write!(out, "\n  ],\n  \"{}\": [", flavour.edges_key());
    for (i, e) in view.edges.iter().enumerate() {
        out.push_str(if i == 0 { "\n    {" } else { ",\n    {" });
        out.push_str("\"source\": ");
        string(&mut out, &view.nodes[e.source as usize].id);
        out.push_str(", \"target\": ");
        string(&mut out, &view.nodes[e.target as usize].id);
        attrs(&mut out, &edges, i);
        out.push('}');
    }
    out.push_str("\n  ]\n}\n");
    out
}

/// `value` as pretty-printed JSON with a final newline: how every JSON
/// document of coopnet other than the node-link graphs is written.
///
/// # Errors
///
/// [`Error::Internal`]: coopnet's documents are structs and maps with string
/// keys, which serde_json always serialises (a non-finite number becomes
/// `null`), so a failure is a bug.
pub fn pretty(value: &impl serde::Serialize) -> Result<String> {
    let mut s = serde_json::to_string_pretty(value)
        .map_err(|e| Error::internal(format!("cannot write JSON: {e}")))?;
    s.push('\n');
    Ok(s)
}
