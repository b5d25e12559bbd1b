//! GEXF 1.2 for Gephi, with declared attributes, `viz:color`, `viz:size`
//! and `viz:position`.
//!
//! The file uses the GEXF 1.2 namespaces (`http://www.gexf.net/1.2draft`,
//! `viz` at `http://www.gexf.net/1.2draft/viz`) that Gephi and networkx read.
//! Attributes are declared once per class (`<attributes class="node">`) with
//! GEXF types (`double`, `long`, `string`); the node label and edge weight use
//! GEXF's own `label` and `weight`. Nodes are coloured like the map
//! ([`ColorBy`]) and edges by their main sector; node size grows with the
//! square root of the strength. Positions are geographic (the projection of
//! [`super::layout`], in points, north up) whenever any region has
//! coordinates, so Gephi opens the network as a map; otherwise they are left
//! for Gephi's own layouts.
//!
//! ```
//! use coopnet::export::{ColorBy, NetworkView, gexf};
//! use coopnet::graph::{Projection, ProjectionSpec};
//! let ds = coopnet::load::load_dataset(std::path::Path::new("datasets/demo")).unwrap();
//! let view = NetworkView::new(&ds, &ProjectionSpec::merged(Projection::Regions)).unwrap();
//! let xml = gexf::to_gexf(&view, ColorBy::District).unwrap();
//! assert!(xml.contains("<viz:position"));
//! ```

use std::fmt::Write as _;

use super::dot::{ColorBy, node_coloring, sector_colors};
use super::escape::push_xml_text;
use super::layout::{GeoOptions, geo_layout};
use super::palette::rgb;
use super::table::{AttrTable, AttrType, edge_table, graph_attributes, node_table};
use super::view::NetworkView;
use crate::error::Result;

fn type_name(ty: AttrType) -> &'static str {
    match ty {
        AttrType::Double => "double",
        AttrType::Int => "long",
        AttrType::String => "string",
    }
}

fn declare(out: &mut String, class: &str, table: &AttrTable, skip: &str) {
    let _ = writeln!(out, r#"    <attributes class="{class}">"#);
    for (k, c) in table.columns.iter().enumerate() {
        if c.name == skip {
            continue;
        }
        let _ = writeln!(
            out,
            r#"      <attribute id="{k}" title="{}" type="{}"/>"#,
            c.name,
            type_name(c.ty)
        );
    }
    out.push_str("    </attributes>\n");
}

fn attvalues(out: &mut String, indent: &str, table: &AttrTable, row: usize, skip: &str) {
    let present = table
        .columns
        .iter()
        .any(|c| c.name != skip && !c.values[row].is_missing());
    if !present {
        return;
    }
    let _ = writeln!(out, "{indent}<attvalues>");
    for (k, c) in table.columns.iter().enumerate() {
        let v = &c.values[row];
        if c.name == skip || v.is_missing() {
            continue;
        }
        let _ = write!(out, r#"{indent}  <attvalue for="{k}" value=""#);
        push_xml_text(out, &v.to_text());
        out.push_str("\"/>\n");
    }
    let _ = writeln!(out, "{indent}</attvalues>");
}

fn color(out: &mut String, indent: &str, hex: &str, alpha: f64) {
    if let Some((r, g, b)) = rgb(hex) {
        let _ = writeln!(
            out,
            r#"{indent}<viz:color r="{r}" g="{g}" b="{b}" a="{alpha}"/>"#
        );
    }
}

/// Writes `view` as GEXF 1.2, nodes coloured by `color_by`.
///
/// # Errors
///
/// [`crate::Error::Parameter`] for [`ColorBy::Community`] when the view has no communities.
pub fn to_gexf(view: &NetworkView<'_>, color_by: ColorBy) -> Result<String> {
    let nodes = node_table(view);
    let edges = edge_table(view);
    let coloring = node_coloring(view, color_by)?;
    let edge_color = sector_colors(view);
    let positions = if (0..view.nodes.len() as u32).any(|i| view.coordinates(i).is_some()) {
        Some(geo_layout(view, &GeoOptions::default())?.positions)
    } else {
        None
    };
    let max_strength = view.nodes.iter().map(|v| v.strength).fold(0.0f64, f64::max);
    let max_weight = view.edges.iter().map(|e| e.weight).fold(0.0f64, f64::max);

    let mut out = String::with_capacity(400 * (view.nodes.len() + view.edges.len()) + 4096);
    out.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <gexf xmlns=\"http://www.gexf.net/1.2draft\" \
         xmlns:viz=\"http://www.gexf.net/1.2draft/viz\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://www.gexf.net/1.2draft \
         http://www.gexf.net/1.2draft/gexf.xsd\" version=\"1.2\">\n",
    );
    out.push_str("  <meta>\n    <creator>coopnet</creator>\n    <description>");
    let mut description = String::new();
    for (name, v) in graph_attributes(view) {
        let _ = write!(description, "{name}: {}; ", v.to_text());
    }
    let _ = write!(description, "node colour: {}", color_by.name());
    push_xml_text(&mut out, &description);
    out.push_str("</description>\n  </meta>\n");
    out.push_str("  <graph mode=\"static\" defaultedgetype=\"undirected\">\n");
    declare(&mut out, "node", &nodes, "label");
    declare(&mut out, "edge", &edges, "weight");
    out.push_str("    <nodes>\n");
    for (i, node) in view.nodes.iter().enumerate() {
        out.push_str("      <node id=\"");
        push_xml_text(&mut out, &node.id);
        out.push_str("\" label=\"");
        push_xml_text(&mut out, &node.name);
        out.push_str("\">\n");
        attvalues(&mut out, "        ", &nodes, i, "label");
        color(&mut out, "        ", coloring.of_node[i], 1.0);
        if let Some(p) = &positions {
            let (x, y) = p[i];
            let _ = writeln!(
                out,
                r#"        <viz:position x="{}" y="{}" z="0"/>"#,
                round2(x),
                round2(y)
            );
        }
        let s = (node.strength / max_strength.max(f64::MIN_POSITIVE)).sqrt();
        let _ = writeln!(
            out,
            r#"        <viz:size value="{}"/>"#,
            round2(4.0 + 16.0 * s)
        );
        out.push_str("      </node>\n");
    }
    out.push_str("    </nodes>\n    <edges>\n");
    for (i, e) in view.edges.iter().enumerate() {
        let _ = write!(out, r#"      <edge id="{i}" source=""#);
        push_xml_text(&mut out, &view.nodes[e.source as usize].id);
        out.push_str("\" target=\"");
        push_xml_text(&mut out, &view.nodes[e.target as usize].id);
        let _ = writeln!(out, "\" weight=\"{}\">", e.weight);
        attvalues(&mut out, "        ", &edges, i, "weight");
        if let Some(s) = e.main_sector() {
            color(&mut out, "        ", edge_color[s as usize], 0.7);
        }
        let w = (e.weight / max_weight.max(f64::MIN_POSITIVE)).sqrt();
        let _ = writeln!(
            out,
            r#"        <viz:thickness value="{}"/>"#,
            round2(1.0 + 7.0 * w)
        );
        out.push_str("      </edge>\n");
    }
    out.push_str("    </edges>\n  </graph>\n</gexf>\n");
    Ok(out)
}

fn round2(x: f64) -> f64 {
    let r = (x * 100.0).round() / 100.0;
    if r == 0.0 { 0.0 } else { r }
}
