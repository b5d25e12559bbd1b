//! A cooperation map as Graphviz DOT: with the `dot` layout and groups, the
//! suggestion diagram ([`super::diagram`], a grid of cards); otherwise the
//! node-link map ([`super::dot`], which also holds the options and the
//! drawing helpers both share).

use super::diagram;
use super::dot::{DotMap, Layout, MapOptions, map_dot, resolve_layout};
use super::view::NetworkView;
use crate::error::Result;

/// Writes `view` as a DOT map (see the module docs).
///
/// # Errors
///
/// [`Error::Parameter`] for `--color-by community` without communities, and
/// for the geographic layout when no region has coordinates.
pub fn to_dot(view: &NetworkView<'_>, opts: &MapOptions) -> Result<DotMap> {
    let (layout, engine) = resolve_layout(view, opts);
    if layout == Layout::Dot && !view.groups().is_empty() {
        return diagram::diagram_dot(view, opts, engine);
    }
    map_dot(view, opts, layout, engine)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::dot::{ColorBy, sector_colors};
    use crate::export::palette;
    use crate::export::view::MapGroup;
    use crate::graph::{Projection, ProjectionSpec};
    use crate::load::load_dataset;
    use graphviz_rust::dot_structures::{Graph, Stmt};
    use std::path::Path;

    fn demo() -> crate::model::Dataset {
        load_dataset(Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/datasets/demo"
        )))
        .expect("demo loads")
    }

    #[test]
    fn every_node_and_edge_is_written_and_parses() {
        let ds = demo();
        let v =
            NetworkView::new(&ds, &ProjectionSpec::merged(Projection::Participants)).expect("view");
        let map = to_dot(&v, &MapOptions::default()).expect("dot");
        assert_eq!(map.nodes, 11);
        assert_eq!(map.layout, Layout::Sfdp);
        let parsed = graphviz_rust::parse(&map.dot).expect("graphviz-rust parses its own output");
        let Graph::Graph { stmts, .. } = parsed else {
            panic!("undirected graph expected")
        };
        let nodes = stmts.iter().filter(|s| matches!(s, Stmt::Node(_))).count();
        let edges = stmts.iter().filter(|s| matches!(s, Stmt::Edge(_))).count();
        assert_eq!(nodes, 11);
        assert_eq!(edges, map.edges);
    }

    #[test]
    fn limits_drop_labels_and_say_so() {
        let ds = demo();
        let v =
            NetworkView::new(&ds, &ProjectionSpec::merged(Projection::Participants)).expect("view");
        let opts = MapOptions {
            node_label_limit: 3,
            edge_label_limit: 3,
            ..Default::default()
        };
        let map = to_dot(&v, &opts).expect("dot");
        assert_eq!(map.warnings.len(), 2, "{:?}", map.warnings);
        assert!(!map.dot.contains("xlabel"));
        assert!(map.dot.contains("Edge weights hidden"));
        assert!(map.dot.contains("Labels hidden"));
    }

    #[test]
    fn community_colouring_needs_communities() {
        let ds = demo();
        let v = NetworkView::new(&ds, &ProjectionSpec::merged(Projection::Regions)).expect("view");
        let opts = MapOptions {
            color_by: ColorBy::Community,
            ..Default::default()
        };
        assert!(to_dot(&v, &opts).is_err());
        let v = v
            .with_communities(super::super::view::Communities::new(&[0, 0, 1, 1, 2]))
            .expect("fits");
        let map = to_dot(&v, &opts).expect("dot");
        assert!(map.dot.contains("community 2"));
    }

    #[test]
    fn groups_become_cards_and_auto_picks_dot() {
        let ds = demo();
        let v = NetworkView::new(&ds, &ProjectionSpec::merged(Projection::Regions))
            .expect("view")
            .with_groups(vec![MapGroup {
                id: "NC1".into(),
                label: "jewellery \"value chain\"".into(),
                kind: "intersectoral".into(),
                score: 12.25,
                members: vec![2, 4],
                member_notes: vec!["32 Other manufacturing".into(), "08 Other mining".into()],
            }])
            .expect("groups");
        let map = to_dot(&v, &MapOptions::default()).expect("dot");
        assert_eq!(map.layout, Layout::Dot);
        assert_eq!(map.nodes, 1, "one card");
        assert!(map.dot.contains("c0[label=<<TABLE"));
        assert!(map.dot.contains("<B>NC1 · intersectoral · score 12.25</B>"));
        assert!(map.dot.contains("jewellery &quot;value chain&quot;"));
        assert!(map.dot.contains("brings 32 Other manufacturing"));
        assert!(map.dot.contains("Kostroma oblast"));
        graphviz_rust::parse(&map.dot).expect("parses");
    }

    #[test]
    fn titles_count_self_loops_and_name_the_dataset() {
        let ds = demo();
        let v = NetworkView::new(&ds, &ProjectionSpec::merged(Projection::Regions)).expect("view");
        let map = to_dot(
            &v,
            &MapOptions {
                layout: Layout::Geo,
                ..Default::default()
            },
        )
        .expect("dot");
        let loops = v.edges.iter().filter(|e| e.is_loop()).count();
        assert!(loops > 0);
        assert!(
            map.dot
                .contains("A hand-written dataset for the docs: regions"),
            "{}",
            map.dot
        );
        assert!(
            map.dot
                .contains(&format!("cooperation inside {loops} nodes"))
        );
        assert!(map.dot.contains(&format!("{} edges in all", v.edges.len())));
        assert_eq!(map.edges + loops, v.edges.len());
    }

    #[test]
    fn sector_colours_do_not_depend_on_the_map() {
        let ds = demo();
        let all =
            NetworkView::new(&ds, &ProjectionSpec::merged(Projection::Regions)).expect("view");
        let some = NetworkView::new(
            &ds,
            &ProjectionSpec {
                sectors: vec!["08".into()],
                ..ProjectionSpec::merged(Projection::Regions)
            },
        )
        .expect("view");
        let colour = |v: &NetworkView<'_>, code: &str| {
            let s = v
                .sectors
                .iter()
                .position(|s| s.code == code)
                .expect("sector");
            sector_colors(v)[s]
        };
        assert_eq!(colour(&all, "08"), colour(&some, "08"));
        assert_eq!(colour(&all, "08"), palette::sector_color("08"));
        for c in sector_colors(&all) {
            assert!(
                !palette::PALETTE.contains(&c),
                "edges and nodes use separate palettes"
            );
        }
    }

    #[test]
    fn geo_labels_are_text_nodes_that_do_not_overlap() {
        let ds = demo();
        let v =
            NetworkView::new(&ds, &ProjectionSpec::merged(Projection::Participants)).expect("view");
        let map = to_dot(
            &v,
            &MapOptions {
                layout: Layout::Geo,
                ..Default::default()
            },
        )
        .expect("dot");
        assert!(map.label_nodes > 0);
        assert_eq!(
            map.dot.matches("shape=\"plaintext\"").count(),
            map.label_nodes
        );
        assert!(!map.dot.contains("xlabel"));
    }
}
