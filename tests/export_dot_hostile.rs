//! Hostile names cannot break a map: every DOT file parses, in graphviz-rust
//! and in Graphviz itself, with exactly one node per record, and the names come
//! out of Graphviz as they went in.

mod common;

use coopnet::export::{Layout, MapGroup, MapOptions, NetworkView, to_dot};
use coopnet::graph::{Projection, ProjectionSpec};
use graphviz_rust::dot_structures::{Graph, Stmt};

fn unescape_svg(s: &str) -> String {
    let mut out = s
        .replace("&#10;", "\n")
        .replace("&#45;", "-")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#160;", "\u{a0}");
    out = out.replace("&amp;", "&");
    out.replace('\u{2060}', "")
}

fn svg_titles(svg: &str) -> Vec<String> {
    svg.split("xlink:title=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(unescape_svg)
        .collect()
}

fn top_level_nodes(dot: &str) -> usize {
    let g = graphviz_rust::parse(dot).unwrap_or_else(|e| panic!("graphviz-rust: {e}\n{dot}"));
    let Graph::Graph { stmts, .. } = g else {
        panic!("expected an undirected graph")
    };
    stmts.iter().filter(|s| matches!(s, Stmt::Node(_))).count()
}

#[test]
fn hostile_names_parse_with_the_right_node_count() {
    let (_dir, ds) = common::hostile();
    let with_graphviz = common::graphviz("hostile_names_parse_with_the_right_node_count");
    for projection in Projection::ALL {
        let view = NetworkView::new(&ds, &ProjectionSpec::merged(projection)).expect("view");
        let n = view.nodes.len();
        let view = view
            .with_groups(vec![MapGroup {
                id: "G\"1\" <x> {y}".into(),
                label: "strict graph \\N \"node\"\nsecond line & <b>".into(),
                kind: "intersectoral".into(),
                score: 1.5,
                members: vec![0, (n - 1) as u32],
                member_notes: Vec::new(),
            }])
            .expect("groups");
        for layout in [Layout::Geo, Layout::Sfdp, Layout::Dot] {
            let opts = MapOptions {
                layout,
                title: Some("Title with \"quotes\" </TD> & \\G".into()),
                ..MapOptions::default()
            };
            let map = to_dot(&view, &opts).expect("dot");
            // a diagram draws one card per group; maps draw every node, and
            // the geographic layout its placed labels as text nodes too
            let (drawn, named): (usize, Vec<u32>) = if layout == Layout::Dot {
                (1, vec![0, (n - 1) as u32])
            } else {
                (n + map.label_nodes, (0..n as u32).collect())
            };
            assert_eq!(
                map.nodes + map.label_nodes,
                drawn,
                "{projection:?} {layout:?}"
            );
            assert_eq!(
                top_level_nodes(&map.dot),
                drawn,
                "{projection:?} {layout:?}"
            );
            if !with_graphviz {
                continue;
            }
            assert_eq!(
                common::graphviz_nodes(&map.dot, map.engine),
                drawn,
                "Graphviz counts another number of nodes ({projection:?}, {layout:?})"
            );
            let svg = common::run_graphviz(&map.dot, map.engine, "svg");
            let titles = svg_titles(&svg);
            for node in named.iter().map(|&i| &view.nodes[i as usize]) {
                let expected: String = node
                    .name
                    .replace('\t', " ")
                    .chars()
                    .filter(|c| !c.is_control() || *c == '\n')
                    .collect();
                assert!(
                    titles.iter().any(|t| t.starts_with(&expected) || t.contains(&format!("· {expected} ("))),
                    "tooltip of {:?} not found intact in the SVG ({projection:?}, {layout:?})",
                    node.name
                );
            }
        }
    }
}

#[test]
fn hostile_group_and_title_survive_in_the_legend() {
    let (_dir, ds) = common::hostile();
    let view = NetworkView::new(&ds, &ProjectionSpec::merged(Projection::Regions))
        .expect("view")
        .with_groups(vec![MapGroup {
            id: "NC</TD></TR></TABLE>>".into(),
            label: "]]> & <!-- \"".into(),
            kind: "sectoral".into(),
            score: 2.0,
            members: vec![0, 1],
            member_notes: Vec::new(),
        }])
        .expect("groups");
    let map = to_dot(&view, &MapOptions::default()).expect("dot");
    // a suggestion diagram: one card
    assert_eq!(top_level_nodes(&map.dot), 1);
    if common::graphviz("hostile_group_and_title_survive_in_the_legend") {
        let svg = common::run_graphviz(&map.dot, map.engine, "svg");
        assert!(unescape_svg(&svg).contains("NC</TD></TR></TABLE>>"));
    }
}

#[test]
fn a_diagram_draws_a_card_per_group() {
    let (_dir, ds) = common::hostile();
    let view = NetworkView::new(&ds, &ProjectionSpec::merged(Projection::Regions))
        .expect("view")
        .with_groups(vec![
            MapGroup::new("A", "first \"one\"", "sectoral", 2.0, vec![0, 1]),
            MapGroup {
                member_notes: vec!["32 {jewellery}".into(), "08 <mining>".into()],
                ..MapGroup::new("B", "second", "intersectoral", 1.0, vec![0, 2])
            },
        ])
        .expect("groups");
    let map = to_dot(
        &view,
        &MapOptions {
            layout: Layout::Dot,
            ..MapOptions::default()
        },
    )
    .expect("dot");
    // two cards; R1 is listed on both; R4 and R5 are in no group and counted
    assert_eq!(map.nodes, 2);
    assert_eq!(top_level_nodes(&map.dot), 2);
    assert!(
        map.dot.contains("2 nodes in no group not drawn"),
        "{}",
        map.dot
    );
    if common::graphviz("a_diagram_draws_a_card_per_group") {
        assert_eq!(common::graphviz_nodes(&map.dot, map.engine), 2);
        let svg = unescape_svg(&common::run_graphviz(&map.dot, map.engine, "svg"));
        assert!(svg.contains("brings 08 <mining>"), "member note shown");
        assert!(svg.contains("brings 32 {jewellery}"), "member note shown");
        let r1 = &view.nodes[0].name;
        assert_eq!(
            svg.matches(&format!("· {r1} (")).count(),
            2,
            "R1 in both tooltips"
        );
    }
}
