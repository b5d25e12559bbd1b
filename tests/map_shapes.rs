//! `coopnet map --layout shapes`: choropleths from the command line, their
//! errors, and their conversion to PNG and PDF.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn coopnet(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_coopnet"))
        .args(args)
        .output()
        .expect("coopnet runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn dataset(name: &str) -> String {
    root().join("datasets").join(name).display().to_string()
}

/// A copy of the demo dataset with `boundaries` as its boundaries file.
fn demo_with(dir: &Path, boundaries: Option<&str>) -> PathBuf {
    let ds = dir.join("ds");
    std::fs::create_dir_all(&ds).expect("mkdir");
    for f in [
        "regions.csv",
        "districts.csv",
        "sectors.csv",
        "clusters.csv",
        "participants.csv",
        "links.csv",
    ] {
        std::fs::copy(root().join("datasets/demo").join(f), ds.join(f)).expect("copy");
    }
    if let Some(b) = boundaries {
        std::fs::write(ds.join("boundaries.geojson"), b).expect("write");
    }
    ds
}

#[test]
fn russia_clusters_as_svg() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("clusters.svg");
    let o = coopnet(&[
        "map",
        &dataset("russia"),
        "--layout",
        "shapes",
        "--fill",
        "clusters",
        "--out",
        path(&out),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let svg = std::fs::read_to_string(&out).expect("svg written");
    // every federal subject is a region path with a tooltip
    assert_eq!(svg.matches(r#"class="region""#).count(), 85);
    assert_eq!(svg.matches("<title>").count(), 1 + 85 + 60);
    assert!(svg.contains(r#"id="region-RU-CHU""#));
    assert!(svg.contains("the 60 strongest of 357 links between regions"));
    assert!(svg.contains("cooperation inside a region (83 regions"));
    assert!(svg.contains("Synthetic data"));
    assert!(svg.contains("Natural Earth"));
    assert!(svg.contains("Albers equal-area conic"));
    let msg = text(&o);
    assert!(msg.contains("85 regions, 60 of 357 links"), "{msg}");
    // --max-links 0: no links, and the title says nothing of them
    let o = coopnet(&[
        "map",
        &dataset("russia"),
        "--layout",
        "shapes",
        "--max-links",
        "0",
        "--no-labels",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let svg = String::from_utf8_lossy(&o.stdout);
    assert!(svg.starts_with("<svg"), "SVG on standard output");
    assert_eq!(svg.matches(r#"class="link""#).count(), 0);
    assert_eq!(svg.matches(r#"class="label""#).count(), 0);
}

#[test]
fn every_fill_draws() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (k, args) in [
        vec!["--fill", "lq", "--sector", "32"],
        vec!["--fill", "community", "--seed", "7"],
        vec!["--fill", "district"],
        vec!["--fill", "suggestion", "--rank", "1"],
        vec![
            "--fill",
            "indicator",
            "--indicator",
            "rnd_organisations_2020",
        ],
        vec![
            "--fill",
            "clusters",
            "--parallels",
            "52,64",
            "--central-meridian",
            "100",
        ],
    ]
    .into_iter()
    .enumerate()
    {
        let out = dir.path().join(format!("m{k}.svg"));
        let mut all = vec!["map", "datasets/russia", "--layout", "shapes"];
        all.extend(&args);
        all.extend(["--out", path(&out)]);
        let o = Command::new(env!("CARGO_BIN_EXE_coopnet"))
            .current_dir(root())
            .args(&all)
            .output()
            .expect("runs");
        assert!(o.status.success(), "{args:?}: {}", text(&o));
        let svg = std::fs::read_to_string(&out).expect("written");
        assert_eq!(svg.matches(r#"class="region""#).count(), 85, "{args:?}");
        match args[1] {
            "lq" => assert!(svg.contains("4 and above") && svg.contains("Location quotient of 32")),
            "community" => assert!(svg.contains("seed 7")),
            "suggestion" => assert!(svg.contains("Suggested national cluster 1")),
            "indicator" => assert!(svg.contains("rnd_organisations_2020")),
            "clusters" => assert!(
                svg.contains("central meridian 100.0° E, standard parallels 52.0° N and 64.0° N"),
                "{args:?}"
            ),
            _ => {}
        }
    }
}

#[test]
fn usage_errors_say_what_to_do() {
    for (args, expected) in [
        (vec!["--fill", "lq"], "--fill lq needs a sector"),
        (vec!["--fill", "indicator"], "--indicator COLUMN"),
        (vec!["--fill", "suggestion", "--rank", "0"], "counts from 1"),
        (vec!["--parallels", "52"], "two latitudes"),
        (vec!["--projection", "clusters"], "draws regions"),
        (vec!["--out", "x.dot"], "writes SVG, not DOT"),
    ] {
        let mut all = vec!["map", "datasets/demo", "--layout", "shapes"];
        all.extend(&args);
        let o = Command::new(env!("CARGO_BIN_EXE_coopnet"))
            .current_dir(root())
            .args(&all)
            .output()
            .expect("runs");
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
        assert!(text(&o).contains(expected), "{args:?}: {}", text(&o));
    }
    let o = coopnet(&["map", &dataset("demo"), "--fill", "clusters"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("add --layout shapes"), "{}", text(&o));
    let o = coopnet(&[
        "map",
        &dataset("demo"),
        "--layout",
        "shapes",
        "--fill",
        "suggestion",
        "--rank",
        "999",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("suggested national clusters"),
        "{}",
        text(&o)
    );
    let o = coopnet(&[
        "map",
        &dataset("demo"),
        "--layout",
        "shapes",
        "--fill",
        "indicator",
        "--indicator",
        "nope",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("not a column of districts.csv"),
        "{}",
        text(&o)
    );
}

#[test]
fn missing_and_broken_boundaries_are_located() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ds = demo_with(dir.path(), None);
    let out = dir.path().join("m.svg");
    let o = coopnet(&["map", path(&ds), "--layout", "shapes", "--out", path(&out)]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("boundaries.geojson does not exist"),
        "{}",
        text(&o)
    );
    assert!(!out.exists());

    let bad = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"iso":"RU-KOS"},"geometry":{"type":"Polygon","coordinates":[[[40,57],[44,57],[44,59],[40,57.5]]]}},
      {"type":"Feature","properties":{"name":"no id"},"geometry":{"type":"Polygon","coordinates":[[[40,57],[44,57],[44,59],[40,57]]]}}]}"#;
    let ds = demo_with(&dir.path().join("bad"), Some(bad));
    let o = coopnet(&["map", path(&ds), "--layout", "shapes", "--out", path(&out)]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let msg = text(&o);
    assert!(
        msg.contains(
            "boundaries.geojson: feature 0 (RU-KOS): geometry.coordinates[0]: is not closed"
        ),
        "{msg}"
    );
    assert!(
        msg.contains("boundaries.geojson: feature 1: properties.iso: is missing"),
        "{msg}"
    );
    assert!(!out.exists(), "nothing written");
}

#[test]
fn unmatched_regions_and_shapes_are_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    // two of the demo's five regions, and one shape that is no region
    let text_of = |iso: &str, x: f64| {
        format!(
            r#"{{"type":"Feature","properties":{{"iso":"{iso}"}},"geometry":{{"type":"Polygon","coordinates":[[[{x},55],[{},55],[{},57],[{x},57],[{x},55]]]}}}}"#,
            x + 2.0,
            x + 2.0
        )
    };
    let b = format!(
        r#"{{"type":"FeatureCollection","features":[{},{},{}]}}"#,
        text_of("RU-KOS", 40.0),
        text_of("RU-MOW", 36.0),
        text_of("RU-XYZ", 44.0)
    );
    let ds = demo_with(dir.path(), Some(&b));
    let out = dir.path().join("m.svg");
    let o = coopnet(&["map", path(&ds), "--layout", "shapes", "--out", path(&out)]);
    assert!(o.status.success(), "{}", text(&o));
    let msg = text(&o);
    assert!(
        msg.contains("3 of 5 regions of regions.csv have no shape and are not drawn"),
        "{msg}"
    );
    assert!(msg.contains("RU-XYZ"), "{msg}");
    let svg = std::fs::read_to_string(&out).expect("svg");
    assert!(svg.contains(r#"id="shape-RU-XYZ""#));
    assert!(svg.contains("3 regions of the dataset without a shape"));
    assert!(svg.contains("1 shape in grey"));
}

#[test]
fn png_and_pdf_through_rsvg_convert() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("lq.png");
    let o = coopnet(&[
        "map",
        &dataset("demo"),
        "--layout",
        "shapes",
        "--fill",
        "lq",
        "--sector",
        "32",
        "--out",
        path(&out),
    ]);
    // the SVG is written whether or not the converter is there
    assert!(dir.path().join("lq.svg").exists(), "{}", text(&o));
    if !coopnet::export::convert::converter_available() {
        eprintln!("skipped the PNG check: rsvg-convert is not installed");
        assert!(!o.status.success());
        assert!(text(&o).contains("librsvg"), "{}", text(&o));
        return;
    }
    assert!(o.status.success(), "{}", text(&o));
    let png = std::fs::read(&out).expect("png");
    assert!(png.starts_with(b"\x89PNG"));
    let pdf = dir.path().join("lq.pdf");
    let o = coopnet(&[
        "map",
        &dataset("demo"),
        "--layout",
        "shapes",
        "--out",
        path(&pdf),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(std::fs::read(&pdf).expect("pdf").starts_with(b"%PDF"));
}

/// The text of every `<text>` of `svg` whose class starts with `class`, in
/// order, unescaped of `&amp;`.
fn texts_of_class(svg: &str, class: &str) -> Vec<String> {
    let open = format!(r#"<text class="{class}"#);
    svg.split(open.as_str())
        .skip(1)
        .filter_map(|rest| {
            let start = rest.find('>')? + 1;
            let end = rest.find("</text>")?;
            Some(rest[start..end].replace("&amp;", "&"))
        })
        .collect()
}

/// The suggestion map shows every sector each region brings, as `coopnet
/// suggest` lists the suggestion's members: a region of one sector in that
/// sector's legend colour, a region of several in stripes of all their
/// colours, and a legend row per region naming each sector by code and name;
/// each value-chain link of the explanation is a numbered arrow with its row
/// in the key.
#[test]
fn the_suggestion_map_shows_every_sector_of_every_region() {
    let dir = tempfile::tempdir().expect("tempdir");
    for rank in ["1", "2", "3"] {
        let out = dir.path().join(format!("nc{rank}.svg"));
        let russia = dataset("russia");
        let o = coopnet(&[
            "--quiet",
            "map",
            &russia,
            "--layout",
            "shapes",
            "--fill",
            "suggestion",
            "--rank",
            rank,
            "--out",
            path(&out),
        ]);
        assert!(o.status.success(), "{}", text(&o));
        let svg = std::fs::read_to_string(&out).expect("written");
        let o = coopnet(&[
            "--quiet", "suggest", &russia, "--format", "json", "--top", rank,
        ]);
        assert!(o.status.success(), "{}", text(&o));
        let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
        let s = &report["suggestions"][rank.parse::<usize>().expect("rank") - 1];
        let legend = texts_of_class(&svg, "legend").join(" ");
        let rows = legend
            .split_once("What each region brings")
            .map_or(legend.as_str(), |(_, r)| r)
            .to_string();
        // the legend's colour of each sector
        let swatches: Vec<(String, String)> = svg
            .split(r#"<rect class="swatch""#)
            .skip(1)
            .filter_map(|r| {
                let fill = r.split(r#"fill=""#).nth(1)?.split('"').next()?.to_string();
                let label = r.split("\">").nth(1)?.split("</text>").next()?.to_string();
                Some((label, fill))
            })
            .collect();
        let colour_of = |code: &str| {
            swatches
                .iter()
                .find(|(l, _)| l.starts_with(&format!("{code} ")))
                .map(|(_, f)| f.clone())
                .unwrap_or_else(|| panic!("rank {rank}: no legend row for sector {code}"))
        };
        let names: Vec<&str> = s["region_names"]
            .as_array()
            .expect("names")
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        let mut multi = 0;
        for (id, name) in s["regions"].as_array().expect("regions").iter().zip(&names) {
            let id = id.as_str().expect("id");
            let brings: Vec<&str> = s["members"]
                .as_array()
                .expect("members")
                .iter()
                .filter(|m| m["region"] == id)
                .filter_map(|m| m["sector"].as_str())
                .collect();
            assert!(!brings.is_empty(), "rank {rank}: {id} brings nothing");
            // the region's row: from its name to the next region's name
            let at = rows
                .find(&format!("{name}: "))
                .unwrap_or_else(|| panic!("rank {rank}: no row for {name} in {rows}"));
            let row_end = names
                .iter()
                .map(|n| format!("{n}: "))
                .chain(["Value-chain links".into(), "Cooperation between".into()])
                .filter_map(|n| rows[at + 1..].find(&n).map(|k| k + at + 1))
                .min()
                .unwrap_or(rows.len());
            let row = &rows[at..row_end];
            let path_tag = svg
                .split(&format!(r#"id="region-{id}""#))
                .nth(1)
                .expect("region drawn");
            let fill = path_tag
                .split(r#"fill=""#)
                .nth(1)
                .expect("fill")
                .split('"')
                .next()
                .expect("fill");
            for code in &brings {
                assert!(
                    row.contains(&format!("{code} ")),
                    "rank {rank}: {name} lacks {code}: {row}"
                );
            }
            if brings.len() == 1 {
                assert_eq!(fill, colour_of(brings[0]), "rank {rank}: {id}");
            } else {
                multi += 1;
                let id = fill
                    .strip_prefix("url(#")
                    .and_then(|f| f.strip_suffix(')'))
                    .unwrap_or_else(|| panic!("rank {rank}: {id} of several sectors is {fill}"));
                let pattern = svg
                    .split(&format!(r#"<pattern id="{id}""#))
                    .nth(1)
                    .expect("pattern defined")
                    .split("</pattern>")
                    .next()
                    .expect("pattern");
                let stripes: Vec<&str> = pattern
                    .split(r#"fill=""#)
                    .skip(1)
                    .filter_map(|f| f.split('"').next())
                    .collect();
                let expected: Vec<String> = brings.iter().map(|c| colour_of(c)).collect();
                assert_eq!(stripes, expected, "rank {rank}: {id}");
            }
        }
        if rank == "1" {
            assert!(
                multi > 0,
                "the Urals suggestion has a region of two sectors"
            );
        }
        let chain_links = s["explanation"]
            .as_array()
            .expect("explanation")
            .iter()
            .filter(|e| e["kind"] == "value-chain" || e["kind"] == "value_chain")
            .count();
        let arrows = svg.matches(r#"class="arrow" "#).count();
        assert_eq!(
            arrows, chain_links,
            "rank {rank}: one arrow per value-chain link"
        );
        let numbers = texts_of_class(&svg, "arrow-number\"");
        let expected: Vec<String> = (1..=arrows)
            .chain(1..=arrows)
            .map(|n| n.to_string())
            .collect();
        assert_eq!(
            numbers, expected,
            "rank {rank}: every arrow numbered on the map and in the key"
        );
    }
}
