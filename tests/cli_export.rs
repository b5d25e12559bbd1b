//! `coopnet export` from the command line: every format, to a file, a folder
//! or standard output.

mod common;

use std::path::Path;

use common::{coopnet, text};

fn demo() -> String {
    common::demo_dir().display().to_string()
}

#[test]
fn export_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = |name: &str| dir.path().join(name).display().to_string();
    for (format, file, flavour) in [
        ("graphml", "g.graphml", "networkx"),
        ("gexf", "g.gexf", "networkx"),
        ("json", "g.nx.json", "networkx"),
        ("json", "g.d3.json", "d3"),
    ] {
        let o = coopnet(&[
            "export",
            &demo(),
            "--format",
            format,
            "--projection",
            "clusters",
            "--flavour",
            flavour,
            "--out",
            &p(file),
        ]);
        assert!(o.status.success(), "{}", text(&o));
        let written = std::fs::read_to_string(p(file)).expect("written");
        assert!(written.contains("PharmDolina"), "{format}");
    }
    let d3: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(p("g.d3.json")).expect("read"))
            .expect("json");
    assert!(d3["links"].is_array() && d3.get("edges").is_none());
    // CSV: a folder with nodes.csv and edges.csv; other files there stay.
    std::fs::create_dir(p("tables")).expect("mkdir");
    std::fs::write(dir.path().join("tables/keep.txt"), "mine").expect("write");
    let o = coopnet(&["export", &demo(), "--format", "csv", "--out", &p("tables")]);
    assert!(o.status.success(), "{}", text(&o));
    let nodes = std::fs::read_to_string(dir.path().join("tables/nodes.csv")).expect("nodes");
    assert_eq!(nodes.lines().count(), 6);
    assert!(Path::new(&p("tables/edges.csv")).is_file());
    assert!(Path::new(&p("tables/keep.txt")).is_file());
    let o = coopnet(&["export", &demo(), "--format", "csv"]);
    assert_eq!(o.status.code(), Some(2));
    // GraphML to standard output
    let o = coopnet(&["export", &demo(), "--format", "graphml"]);
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("<?xml"));
}
