//! Golden files of every output on `datasets/demo` (`tests/golden/`), and a
//! Graphviz check of every DOT file. Refresh with `COOPNET_BLESS=1 cargo test`.

mod common;

use coopnet::export::json::{JsonFlavour, to_json};
use coopnet::export::{
    ColorBy, Communities, Layout, MapGroup, MapOptions, NetworkView, csv, gexf, graphml, to_dot,
};
use coopnet::graph::{Projection, ProjectionSpec};
use coopnet::model::Dataset;

/// The region view with a community result and one suggested group attached.
fn decorated(ds: &Dataset) -> NetworkView<'_> {
    // demo regions: RU-MOW, RU-MOS, RU-KOS, RU-KDA, RU-SA
    NetworkView::new(ds, &ProjectionSpec::merged(Projection::Regions))
        .expect("view")
        .with_communities(
            Communities::new(&[0, 0, 1, 0, 1])
                .with_labels(vec!["pharmaceuticals".into(), "jewellery".into()]),
        )
        .expect("communities")
        .with_groups(vec![
            MapGroup {
                id: "NC1".into(),
                label: "Yakutian stones for Kostroma jewellery".into(),
                kind: "intersectoral".into(),
                score: 8.0,
                members: vec![2, 4],
                member_notes: Vec::new(),
            },
            MapGroup {
                id: "NC2".into(),
                label: "PharmDolina".into(),
                kind: "sectoral".into(),
                score: 5.5,
                members: vec![0, 1, 3],
                member_notes: Vec::new(),
            },
        ])
        .expect("groups")
}

fn check_dot(name: &str, map: &coopnet::export::DotMap) {
    common::golden(name, &map.dot);
    if common::graphviz(name) {
        assert_eq!(
            common::graphviz_nodes(&map.dot, map.engine),
            map.nodes + map.label_nodes,
            "{name}: Graphviz counts another number of nodes"
        );
    }
}

#[test]
fn dot_regions_geo() {
    let ds = common::demo();
    let view = NetworkView::new(&ds, &ProjectionSpec::merged(Projection::Regions)).expect("view");
    let opts = MapOptions {
        layout: Layout::Geo,
        ..MapOptions::default()
    };
    check_dot("demo-regions-geo.dot", &to_dot(&view, &opts).expect("dot"));
}

#[test]
fn dot_participants_by_sector() {
    let ds = common::demo();
    let view =
        NetworkView::new(&ds, &ProjectionSpec::merged(Projection::Participants)).expect("view");
    let opts = MapOptions {
        color_by: ColorBy::Sector,
        ..MapOptions::default()
    };
    let map = to_dot(&view, &opts).expect("dot");
    assert_eq!(map.layout, Layout::Sfdp);
    check_dot("demo-participants-sector.dot", &map);
}

#[test]
fn dot_clusters_geo_spiral() {
    let ds = common::demo();
    let view = NetworkView::new(&ds, &ProjectionSpec::merged(Projection::Clusters)).expect("view");
    let opts = MapOptions {
        layout: Layout::Geo,
        ..MapOptions::default()
    };
    check_dot("demo-clusters-geo.dot", &to_dot(&view, &opts).expect("dot"));
}

#[test]
fn dot_suggestion_diagram() {
    let ds = common::demo();
    let view = decorated(&ds);
    let opts = MapOptions {
        color_by: ColorBy::Community,
        ..MapOptions::default()
    };
    let map = to_dot(&view, &opts).expect("dot");
    assert_eq!(map.layout, Layout::Dot);
    check_dot("demo-regions-suggestions.dot", &map);
}

#[test]
fn graphml() {
    let ds = common::demo();
    common::golden(
        "demo-regions.graphml",
        &graphml::to_graphml(&decorated(&ds)),
    );
    let view =
        NetworkView::new(&ds, &ProjectionSpec::merged(Projection::Participants)).expect("view");
    common::golden("demo-participants.graphml", &graphml::to_graphml(&view));
}

#[test]
fn gexf() {
    let ds = common::demo();
    common::golden(
        "demo-regions.gexf",
        &gexf::to_gexf(&decorated(&ds), ColorBy::Community).expect("gexf"),
    );
    let view = NetworkView::new(&ds, &ProjectionSpec::merged(Projection::Clusters)).expect("view");
    common::golden(
        "demo-clusters.gexf",
        &gexf::to_gexf(&view, ColorBy::District).expect("gexf"),
    );
}

#[test]
fn json_both_flavours() {
    let ds = common::demo();
    let view = decorated(&ds);
    let nx = to_json(&view, JsonFlavour::NetworkX);
    let d3 = to_json(&view, JsonFlavour::D3);
    for text in [&nx, &d3] {
        let v: serde_json::Value = serde_json::from_str(text).expect("valid JSON");
        assert_eq!(v["nodes"].as_array().map(Vec::len), Some(5));
    }
    common::golden("demo-regions.nx.json", &nx);
    common::golden("demo-regions.d3.json", &d3);
}

#[test]
fn csv_tables() {
    let ds = common::demo();
    let t = csv::to_csv(&decorated(&ds)).expect("csv");
    let text = |b: Vec<u8>| String::from_utf8(b).expect("utf-8");
    common::golden("demo-regions-nodes.csv", &text(t.nodes));
    common::golden("demo-regions-edges.csv", &text(t.edges));
    common::golden(
        "demo-regions-groups.csv",
        &text(t.groups.expect("groups.csv")),
    );
}

#[test]
fn the_diff_is_readable() {
    let d = common::line_diff("a\nb\nc\nd\ne\nf\ng\n", "a\nb\nc\nD\ne\nf\ng\n");
    assert!(d.contains("-    4 d"), "{d}");
    assert!(d.contains("+    4 D"), "{d}");
    assert!(d.contains("     3 c"), "{d}");
}
