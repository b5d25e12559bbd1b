//! networkx reads coopnet's GraphML, GEXF and both JSON flavours back with the
//! same nodes, edges and attributes (tests/python/readback.py). Skipped, with a
//! message, when `python3 -c 'import networkx'` fails; `.ci/run` installs networkx.

mod common;

use std::path::Path;
use std::process::Command;

use coopnet::export::json::{JsonFlavour, to_json};
use coopnet::export::table::{
    AttrTable, AttrType, AttrValue, edge_table, graph_attributes, node_table,
};
use coopnet::export::{ColorBy, Communities, MapGroup, NetworkView, gexf, graphml};
use coopnet::graph::{Projection, ProjectionSpec};
use serde_json::{Map, Value, json};

fn python() -> Option<String> {
    let python = std::env::var("COOPNET_PYTHON").unwrap_or_else(|_| "python3".into());
    let ok = Command::new(&python)
        .args(["-c", "import networkx"])
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then_some(python)
}

fn types(t: &AttrTable) -> Value {
    let mut m = Map::new();
    for c in &t.columns {
        let ty = match c.ty {
            AttrType::Double => "double",
            AttrType::Int => "int",
            AttrType::String => "string",
        };
        m.insert(c.name.to_string(), json!(ty));
    }
    Value::Object(m)
}

fn row(t: &AttrTable, i: usize) -> Value {
    let mut m = Map::new();
    for c in &t.columns {
        let v = match &c.values[i] {
            AttrValue::Double(x) => json!(x),
            AttrValue::Int(x) => json!(x),
            AttrValue::Str(s) => json!(s),
            AttrValue::Missing => continue,
        };
        m.insert(c.name.to_string(), v);
    }
    Value::Object(m)
}

/// Writes the four formats and what they should contain into `dir`.
fn write_case(view: &NetworkView<'_>, dir: &Path) {
    std::fs::create_dir_all(dir).expect("mkdir");
    let nodes = node_table(view);
    let edges = edge_table(view);
    let expected = json!({
        "node_types": types(&nodes),
        "edge_types": types(&edges),
        "nodes": view.nodes.iter().enumerate()
            .map(|(i, n)| (n.id.clone(), row(&nodes, i)))
            .collect::<Map<String, Value>>(),
        "edges": view.edges.iter().enumerate()
            .map(|(i, e)| json!([view.nodes[e.source as usize].id, view.nodes[e.target as usize].id, row(&edges, i)]))
            .collect::<Vec<_>>(),
        "graph": graph_attributes(view).into_iter()
            .map(|(k, v)| (k.to_string(), match v {
                AttrValue::Int(i) => json!(i),
                other => json!(other.to_text()),
            }))
            .collect::<Map<String, Value>>(),
    });
    let w = |name: &str, text: &str| std::fs::write(dir.join(name), text).expect("write");
    w("expected.json", &expected.to_string());
    w("graph.graphml", &graphml::to_graphml(view));
    let color = if view.communities().is_some() {
        ColorBy::Community
    } else {
        ColorBy::District
    };
    w("graph.gexf", &gexf::to_gexf(view, color).expect("gexf"));
    w("graph.nx.json", &to_json(view, JsonFlavour::NetworkX));
    w("graph.d3.json", &to_json(view, JsonFlavour::D3));
}

#[test]
fn networkx_reads_every_format_back() {
    let Some(python) = python() else {
        eprintln!(
            "networkx_reads_every_format_back: skipped: `python3 -c 'import networkx'` failed \
             (pip install networkx; .ci/run installs it)"
        );
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut dirs = Vec::new();
    let demo = common::demo();
    for p in Projection::ALL {
        let view = NetworkView::new(&demo, &ProjectionSpec::merged(p)).expect("view");
        let n = view.nodes.len();
        let membership: Vec<u32> = (0..n as u32).map(|i| i % 3).collect();
        let view = view
            .with_communities(
                Communities::new(&membership).with_labels(vec!["a".into(), "b".into()]),
            )
            .expect("communities")
            .with_groups(vec![MapGroup {
                id: "NC1".into(),
                label: "first".into(),
                kind: "sectoral".into(),
                score: 0.125,
                members: vec![0, (n - 1) as u32],
                member_notes: Vec::new(),
            }])
            .expect("groups");
        let dir = tmp.path().join(format!("demo-{}", p.name()));
        write_case(&view, &dir);
        dirs.push(dir);
    }
    let (_hdir, hostile) = common::hostile();
    for p in Projection::ALL {
        let view = NetworkView::new(&hostile, &ProjectionSpec::merged(p)).expect("view");
        let dir = tmp.path().join(format!("hostile-{}", p.name()));
        write_case(&view, &dir);
        dirs.push(dir);
    }
    let out = Command::new(&python)
        .arg(common::root().join("tests/python/readback.py"))
        .args(&dirs)
        .output()
        .expect("python runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "networkx read-back failed:\n{stdout}\n{stderr}"
    );
    eprintln!("{}", stdout.trim());
}
