//! GraphML with a typed key for every attribute.
//!
//! Every attribute of [`super::table`] gets a `<key>` with `attr.name` and
//! `attr.type` (`double`, `int` or `long` (when a value needs more than 32
//! bits), `string`); graph-level attributes too. Node ids are the dataset's
//! ids (`RU-KOS`). The graph is undirected. XML is written by hand with
//! [`super::escape::push_xml_text`]: the structure is fixed and small, and one tested
//! escaping function is easier to trust than a writer's configuration.
//!
//! ```
//! use coopnet::export::{NetworkView, graphml};
//! use coopnet::graph::{Projection, ProjectionSpec};
//! let ds = coopnet::load::load_dataset(std::path::Path::new("datasets/demo")).unwrap();
//! let view = NetworkView::new(&ds, &ProjectionSpec::merged(Projection::Regions)).unwrap();
//! let xml = graphml::to_graphml(&view);
//! assert!(xml.contains(r#"attr.name="weight" attr.type="double""#));
//! ```

use std::fmt::Write as _;

use super::escape::push_xml_text;
use super::table::{AttrTable, AttrType, AttrValue, edge_table, graph_attributes, node_table};
use super::view::NetworkView;

fn type_name(ty: AttrType, fits_i32: bool) -> &'static str {
    match ty {
        AttrType::Double => "double",
        AttrType::Int if fits_i32 => "int",
        AttrType::Int => "long",
        AttrType::String => "string",
    }
}

fn value_type(v: &AttrValue) -> AttrType {
    match v {
        AttrValue::Double(_) => AttrType::Double,
        AttrValue::Int(_) => AttrType::Int,
        _ => AttrType::String,
    }
}

fn keys(out: &mut String, prefix: &str, target: &str, table: &AttrTable) {
    for (k, c) in table.columns.iter().enumerate() {
        let _ = writeln!(
            out,
            r#"  <key id="{prefix}{k}" for="{target}" attr.name="{}" attr.type="{}"/>"#,
            c.name,
            type_name(c.ty, c.fits_i32())
        );
    }
}

fn data(out: &mut String, indent: &str, prefix: &str, table: &AttrTable, row: usize) {
    for (k, c) in table.columns.iter().enumerate() {
        let v = &c.values[row];
        if v.is_missing() {
            continue;
        }
        let _ = write!(out, r#"{indent}<data key="{prefix}{k}">"#);
        push_xml_text(out, &v.to_text());
        out.push_str("</data>\n");
    }
}

/// Writes `view` as GraphML.
pub fn to_graphml(view: &NetworkView<'_>) -> String {
    let nodes = node_table(view);
    let edges = edge_table(view);
    let graph = graph_attributes(view);
    let mut out = String::with_capacity(256 * (view.nodes.len() + view.edges.len()) + 4096);
    out.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
         http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    for (k, (name, v)) in graph.iter().enumerate() {
        let _ = writeln!(
            out,
            r#"  <key id="g{k}" for="graph" attr.name="{name}" attr.type="{}"/>"#,
            type_name(value_type(v), true)
        );
    }
    keys(&mut out, "v", "node", &nodes);
    keys(&mut out, "e", "edge", &edges);
    out.push_str("  <graph id=\"G\" edgedefault=\"undirected\">\n");
    for (k, (_, v)) in graph.iter().enumerate() {
        let _ = write!(out, r#"    <data key="g{k}">"#);
        push_xml_text(&mut out, &v.to_text());
        out.push_str("</data>\n");
    }
    for (i, node) in view.nodes.iter().enumerate() {
        out.push_str("    <node id=\"");
        push_xml_text(&mut out, &node.id);
        out.push_str("\">\n");
        data(&mut out, "      ", "v", &nodes, i);
        out.push_str("    </node>\n");
    }
    for (i, e) in view.edges.iter().enumerate() {
        out.push_str("    <edge source=\"");
        push_xml_text(&mut out, &view.nodes[e.source as usize].id);
        out.push_str("\" target=\"");
        push_xml_text(&mut out, &view.nodes[e.target as usize].id);
        out.push_str("\">\n");
        data(&mut out, "      ", "e", &edges, i);
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}
