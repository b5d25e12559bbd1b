//! `coopnet map` from the command line, run in a temporary folder (with
//! `coopnet export` where one map's overlays are also exported).

mod common;

use common::{coopnet, text};

fn demo() -> String {
    common::demo_dir().display().to_string()
}

#[test]
fn map_writes_dot_and_renders_svg_beside_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("maps/russia.svg");
    let o = coopnet(&[
        "map",
        &demo(),
        "--layout",
        "geo",
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    let dot = std::fs::read_to_string(dir.path().join("maps/russia.dot")).expect("DOT written");
    assert!(
        dot.contains("inputscale=72") && dot.contains("pos=\""),
        "{dot}"
    );
    if !common::graphviz("map_writes_dot_and_renders_svg_beside_it") {
        return;
    }
    assert!(o.status.success(), "{}", text(&o));
    let svg = std::fs::read_to_string(&out).expect("SVG written");
    assert!(svg.contains("<svg") && svg.contains("Sakha Republic (Yakutia)"));
    assert!(text(&o).contains("rendered"), "{}", text(&o));
    // only the two files, no temporary leftovers
    let names: Vec<String> = std::fs::read_dir(dir.path().join("maps"))
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn render_without_out_writes_here() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = common::coopnet_in(
        &["map", &demo(), "--layout", "geo", "--render", "svg"],
        dir.path(),
    );
    assert!(
        dir.path().join("demo-regions.dot").is_file(),
        "{}",
        text(&o)
    );
    if common::graphviz("render_without_out_writes_here") {
        assert!(o.status.success(), "{}", text(&o));
        assert!(dir.path().join("demo-regions.svg").is_file());
    }
}

#[test]
fn map_renders_png_and_pdf() {
    if !common::graphviz("map_renders_png_and_pdf") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    for (format, magic) in [("png", &b"\x89PNG"[..]), ("pdf", &b"%PDF"[..])] {
        let dot = dir.path().join(format!("p-{format}.dot"));
        let o = coopnet(&[
            "map",
            &demo(),
            "--projection",
            "participants",
            "--color-by",
            "sector",
            "--render",
            format,
            "--out",
            dot.to_str().expect("utf-8"),
        ]);
        assert!(o.status.success(), "{}", text(&o));
        let bytes = std::fs::read(dot.with_extension(format)).expect("picture");
        assert!(bytes.starts_with(magic), "{format}");
    }
}

#[test]
fn without_graphviz_the_dot_file_is_still_written_and_the_message_says_how_to_install() {
    let dir = tempfile::tempdir().expect("tempdir");
    let empty = dir.path().join("empty-path");
    std::fs::create_dir(&empty).expect("mkdir");
    let out = dir.path().join("map.dot");
    let o = common::bin()
        .args(["map", &demo(), "--render", "svg", "--out"])
        .arg(&out)
        .env("PATH", &empty)
        .output()
        .expect("coopnet runs");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let msg = text(&o);
    assert!(msg.contains("apt install graphviz"), "{msg}");
    assert!(msg.contains("brew install graphviz"), "{msg}");
    assert!(msg.contains("the DOT map was written to"), "{msg}");
    assert!(out.is_file());
    assert!(!dir.path().join("map.svg").exists());
}

#[test]
fn map_to_standard_output_and_usage_errors() {
    let o = coopnet(&["map", &demo()]);
    assert!(o.status.success());
    let dot = String::from_utf8(o.stdout).expect("utf-8");
    assert!(dot.starts_with("// coopnet cooperation map"));
    let o = coopnet(&["map", &demo(), "--render", "svg", "--out", "-"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("--render needs a file"));
    let o = coopnet(&["map", &demo(), "--sector", "x.y"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let o = coopnet(&["map", "no/such/dataset"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
}

#[test]
fn large_maps_warn_that_labels_are_left_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ds = dir.path().join("big");
    std::fs::create_dir(&ds).expect("mkdir");
    let mut participants = String::from("id,name,kind,sector,region,clusters,employees\n");
    let mut links = String::from("source,target,sector,weight,kind\n");
    for i in 0..200 {
        participants.push_str(&format!("P{i},Org {i},production,32.12,R{},,\n", i % 3));
        links.push_str(&format!("P{i},P{},32.12,1,supply\n", (i * 7 + 1) % 200));
    }
    std::fs::write(
        ds.join("regions.csv"),
        "id,name,district,lat,lon\nR0,A,D1,55,37\nR1,B,D1,57,41\nR2,C,D2,62,130\n",
    )
    .expect("write");
    std::fs::write(ds.join("participants.csv"), participants).expect("write");
    std::fs::write(ds.join("links.csv"), links).expect("write");
    let o = coopnet(&[
        "map",
        ds.to_str().expect("utf-8"),
        "--projection",
        "participants",
        "--layout",
        "geo",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let msg = String::from_utf8_lossy(&o.stderr);
    assert!(
        msg.contains("warning: node labels left out: 200 nodes"),
        "{msg}"
    );
    // the geographic layout never writes edge weights (the width shows
    // them); sfdp does, up to the limit
    assert!(!msg.contains("edge labels left out"), "{msg}");
    let o = coopnet(&[
        "map",
        ds.to_str().expect("utf-8"),
        "--projection",
        "participants",
        "--layout",
        "sfdp",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let msg = String::from_utf8_lossy(&o.stderr);
    assert!(msg.contains("warning: edge labels left out"), "{msg}");
}

#[test]
fn suggestions_and_communities_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dot = dir.path().join("s.dot");
    let o = coopnet(&[
        "map",
        &demo(),
        "--suggestions",
        "--top",
        "1",
        "--out",
        dot.to_str().expect("utf-8"),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("suggestions: "), "{}", text(&o));
    let d = std::fs::read_to_string(&dot).expect("dot");
    assert!(
        d.contains("c0[label=<<TABLE") && !d.contains("c1[label"),
        "{d}"
    );
    assert!(d.contains("layout=\"dot\""));
    let o = coopnet(&[
        "map",
        &demo(),
        "--color-by",
        "community",
        "--seed",
        "7",
        "--out",
        dot.to_str().expect("utf-8"),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("seed 7"), "{}", text(&o));
    assert!(
        std::fs::read_to_string(&dot)
            .expect("dot")
            .contains("Nodes: community")
    );
    let o = coopnet(&[
        "export",
        &demo(),
        "--format",
        "json",
        "--communities",
        "--suggestions",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let nodes = v["nodes"].as_array().expect("nodes");
    assert!(nodes.iter().all(|n| n["community"].is_u64()));
    assert!(nodes.iter().any(|n| n["groups"].is_string()));
    assert!(v["graph"]["groups"].is_array());
}

#[test]
fn the_russia_map_looks_like_russia() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("russia.svg");
    let russia = common::root().join("datasets/russia");
    let o = coopnet(&[
        "map",
        russia.to_str().expect("utf-8"),
        "--layout",
        "geo",
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    let dot = std::fs::read_to_string(out.with_extension("dot")).expect("DOT written");
    // pinned positions of every region, by tooltip id
    let pos = |id: &str| -> (f64, f64) {
        let line = dot
            .lines()
            .find(|l| l.contains(&format!("({id})\\n")))
            .unwrap_or_else(|| panic!("{id} not in the map"));
        let p = line
            .split("pos=\"")
            .nth(1)
            .expect("pos")
            .split('!')
            .next()
            .expect("pos");
        let (x, y) = p.split_once(',').expect("x,y");
        (x.parse().expect("x"), y.parse().expect("y"))
    };
    let (kgd, mow, chu, sa, da, ark) = (
        pos("RU-KGD"),
        pos("RU-MOW"),
        pos("RU-CHU"),
        pos("RU-SA"),
        pos("RU-DA"),
        pos("RU-ARK"),
    );
    assert!(
        kgd.0 < mow.0 && mow.0 < sa.0 && sa.0 < chu.0,
        "west to east"
    );
    // near one meridian (38 to 48 degrees east): Makhachkala, Moscow, Arkhangelsk
    assert!(da.1 < mow.1 && mow.1 < ark.1, "south to north");
    let region_nodes = dot
        .lines()
        .filter(|l| l.trim_start().starts_with('n') && l.contains("pos=\""))
        .count();
    assert_eq!(region_nodes, 85);
    if common::graphviz("the_russia_map_looks_like_russia") {
        assert!(o.status.success(), "{}", text(&o));
        assert!(
            std::fs::read_to_string(&out)
                .expect("svg")
                .contains("Chukotka")
        );
    }
}
