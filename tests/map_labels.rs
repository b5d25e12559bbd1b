//! No two pieces of text overlap on the bundled maps: every `<text>` of every
//! picture in `docs/img` (Graphviz's drawings of the gallery's DOT files, and
//! coopnet's own choropleths) is given a box from its position, anchor, font
//! size and the estimated width of its text (`coopnet::export::labels`, the
//! font the picture names), and no two boxes may share more than half a unit
//! in both directions. Also run on freshly drawn choropleths of every fill,
//! so the check does not depend on the committed files alone.

use std::path::{Path, PathBuf};
use std::process::Command;

use coopnet::export::labels::{BOLD, Font, Rect, text_width};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One `<text>` element: its box and its text.
#[derive(Debug)]
struct Text {
    text: String,
    class: String,
    rect: Rect,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].to_string())
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let Some(j) = rest[i..].find(';') else {
            out.push_str(&rest[i..]);
            return out;
        };
        let entity = &rest[i + 1..i + j];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ if entity.starts_with("#x") => u32::from_str_radix(&entity[2..], 16)
                .ok()
                .and_then(char::from_u32),
            _ if entity.starts_with('#') => entity[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => out.push(c),
            None => out.push_str(&rest[i..=i + j]),
        }
        rest = &rest[i + j + 1..];
    }
    out.push_str(rest);
    out
}

/// Every `<text>` of an SVG with its box. Graphviz names its font on each
/// element (Helvetica); coopnet's choropleths name DejaVu Sans on the root.
fn texts(svg: &str) -> Vec<Text> {
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(i) = rest.find("<text") {
        rest = &rest[i..];
        let Some(close) = rest.find('>') else { break };
        let tag = &rest[..close];
        let Some(end) = rest.find("</text>") else {
            break;
        };
        let content = unescape(&rest[close + 1..end]);
        rest = &rest[end..];
        let num = |n: &str| attr(tag, n).and_then(|v| v.parse::<f64>().ok());
        let (Some(x), Some(y)) = (num("x"), num("y")) else {
            continue;
        };
        let size = num("font-size").unwrap_or(14.0);
        let font = match attr(tag, "font-family") {
            Some(f) if f.contains("Helvetica") => Font::Helvetica,
            _ => Font::DejaVuSans,
        };
        let trimmed = content.trim();
        if trimmed.is_empty() {
            continue;
        }
        let mut w = text_width(trimmed, size, font);
        if attr(tag, "font-weight").is_some_and(|b| b == "bold") {
            w *= BOLD;
        }
        let x0 = match attr(tag, "text-anchor").as_deref() {
            Some("middle") => x - w / 2.0,
            Some("end") => x - w,
            _ => x,
        };
        out.push(Text {
            text: trimmed.to_string(),
            class: attr(tag, "class").unwrap_or_default(),
            rect: Rect {
                x0,
                x1: x0 + w,
                y0: y - 0.75 * size,
                y1: y + 0.2 * size,
            },
        });
    }
    out
}

/// The pairs of texts whose boxes overlap.
fn overlaps(texts: &[Text]) -> Vec<String> {
    let mut found = Vec::new();
    for (i, a) in texts.iter().enumerate() {
        for b in &texts[i + 1..] {
            if a.rect.overlaps(&b.rect, 0.5) {
                found.push(format!("{:?} and {:?}", a.text, b.text));
            }
        }
    }
    found
}

/// The box of every numbered badge of an arrow (`<circle class="arrow-badge">`).
fn badges(svg: &str) -> Vec<Rect> {
    svg.split("<circle class=\"arrow-badge\"")
        .skip(1)
        .filter_map(|rest| {
            let tag = &rest[..rest.find('>')?];
            let num = |n: &str| attr(tag, n).and_then(|v| v.parse::<f64>().ok());
            let (x, y, r) = (num("cx")?, num("cy")?, num("r")?);
            Some(Rect {
                x0: x - r,
                x1: x + r,
                y0: y - r,
                y1: y + r,
            })
        })
        .collect()
}

/// The badges that overlap each other, and the texts a badge hides (all
/// but the number written in it).
fn badge_overlaps(badges: &[Rect], texts: &[Text]) -> Vec<String> {
    let mut found = Vec::new();
    for (i, a) in badges.iter().enumerate() {
        for b in &badges[i + 1..] {
            if a.overlaps(b, 0.5) {
                found.push(format!("badges at {a:?} and {b:?}"));
            }
        }
        for t in texts {
            let (cx, cy) = ((t.rect.x0 + t.rect.x1) / 2.0, (t.rect.y0 + t.rect.y1) / 2.0);
            let inside = cx > a.x0 && cx < a.x1 && cy > a.y0 && cy < a.y1;
            if !(t.class == "arrow-number" && inside) && a.overlaps(&t.rect, 0.5) {
                found.push(format!("badge at {a:?} and {:?}", t.text));
            }
        }
    }
    found
}

fn check(path: &Path, svg: &str) {
    let t = texts(svg);
    let b = badge_overlaps(&badges(svg), &t);
    assert!(
        b.is_empty(),
        "{}: {} badges overlapping, e.g.\n  {}",
        path.display(),
        b.len(),
        b.iter().take(10).cloned().collect::<Vec<_>>().join("\n  ")
    );
    assert!(t.len() > 5, "{}: only {} texts", path.display(), t.len());
    let o = overlaps(&t);
    assert!(
        o.is_empty(),
        "{}: {} overlapping labels, e.g.\n  {}",
        path.display(),
        o.len(),
        o.iter().take(10).cloned().collect::<Vec<_>>().join("\n  ")
    );
}

#[test]
fn the_check_finds_overlaps() {
    let svg = r#"<svg font-family="DejaVu Sans"><text x="10" y="20" font-size="10">Kostroma Oblast</text>
        <text x="40" y="22" font-size="10">Ivanovo Oblast</text>
        <text x="10" y="60" font-size="10" text-anchor="middle">Far &amp; away</text></svg>"#;
    let t = texts(svg);
    assert_eq!(t.len(), 3);
    assert_eq!(t[2].text, "Far & away");
    assert_eq!(overlaps(&t).len(), 1);
}

#[test]
fn the_check_finds_badges_over_labels() {
    let svg = r#"<svg font-family="DejaVu Sans"><circle class="arrow-badge" cx="12" cy="17" r="5.5"/>
        <text class="arrow-number" x="12" y="20" font-size="8.5" text-anchor="middle">1</text>
        <circle class="arrow-badge" cx="20" cy="17" r="5.5"/>
        <text class="label" x="40" y="20" font-size="8" text-anchor="middle">Perm Krai</text></svg>"#;
    let t = texts(svg);
    let found = badge_overlaps(&badges(svg), &t);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].starts_with("badges at"), "{found:?}");
    assert!(found[1].contains("Perm Krai"), "{found:?}");
}

#[test]
fn no_labels_overlap_on_the_bundled_maps() {
    let img = root().join("docs/img");
    let mut checked = 0;
    for entry in std::fs::read_dir(&img).expect("docs/img") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "svg") {
            check(&path, &std::fs::read_to_string(&path).expect("reads"));
            checked += 1;
        }
    }
    assert!(checked >= 6, "only {checked} pictures in docs/img");
}

#[test]
fn no_labels_overlap_on_fresh_choropleths() {
    let dir = tempfile::tempdir().expect("tempdir");
    let russia = root().join("datasets/russia");
    let demo = root().join("datasets/demo");
    let runs: Vec<(PathBuf, Vec<&str>)> = vec![
        (russia.clone(), vec!["--fill", "district"]),
        (russia.clone(), vec!["--fill", "lq", "--sector", "32"]),
        (
            russia.clone(),
            vec![
                "--fill",
                "indicator",
                "--indicator",
                "rnd_organisations_2020",
            ],
        ),
        (russia.clone(), vec!["--fill", "suggestion", "--rank", "1"]),
        (russia.clone(), vec!["--fill", "suggestion", "--rank", "2"]),
        (russia, vec!["--fill", "suggestion", "--rank", "3"]),
        (demo.clone(), vec!["--fill", "clusters"]),
        (demo, vec!["--fill", "community"]),
    ];
    for (k, (dataset, args)) in runs.iter().enumerate() {
        let out = dir.path().join(format!("map{k}.svg"));
        let o = Command::new(env!("CARGO_BIN_EXE_coopnet"))
            .arg("--quiet")
            .arg("map")
            .arg(dataset)
            .args(["--layout", "shapes"])
            .args(args)
            .arg("--out")
            .arg(&out)
            .output()
            .expect("runs");
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        check(&out, &std::fs::read_to_string(&out).expect("written"));
    }
}
