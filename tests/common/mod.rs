//! Helpers shared by the integration tests: running the binary, the bundled
//! datasets, golden files, Graphviz checks, hostile datasets.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The coopnet binary of this build, ready for arguments.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_coopnet"))
}

/// Runs coopnet with `args` in the current folder.
pub fn coopnet(args: &[&str]) -> Output {
    bin().args(args).output().expect("coopnet runs")
}

/// Runs coopnet with `args` in the folder `dir`.
pub fn coopnet_in(args: &[&str], dir: &Path) -> Output {
    bin()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("coopnet runs")
}

/// What a run printed on standard output.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// What a run printed on standard error.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Standard output and standard error of a run, one after the other.
pub fn text(o: &Output) -> String {
    format!("{}{}", stdout(o), stderr(o))
}

/// The bundled demo dataset's folder.
pub fn demo_dir() -> PathBuf {
    root().join("datasets/demo")
}

/// Copies the CSV files of the dataset folder `from` into `to` (created).
pub fn copy_dataset(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("dataset folder") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "csv") {
            std::fs::copy(&path, to.join(path.file_name().expect("name"))).expect("copy");
        }
    }
}

/// Every file and folder under `dir`, files with their bytes, sorted by
/// path: a snapshot to check that a failed command left nothing behind.
pub fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries {
            let p = e.expect("entry").path();
            if p.is_dir() {
                out.push((p.clone(), Vec::new()));
                stack.push(p);
            } else {
                let bytes = std::fs::read(&p).unwrap_or_default();
                out.push((p, bytes));
            }
        }
    }
    out.sort();
    out
}

/// The files directly in `dir` with their bytes, sorted by name.
pub fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("folder")
        .map(|e| {
            let e = e.expect("entry");
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("reads"),
            )
        })
        .collect();
    v.sort();
    v
}

/// A small long table `region,sector,value` of four regions and four sectors.
pub const LONG_TABLE: &str = "region,sector,value\nR1,S1,20\nR1,S2,10\nR1,S3,10\nR2,S1,10\nR2,S3,10\nR3,S2,10\nR3,S4,10\nR4,S1,10\nR4,S4,10\n";

/// The demo dataset.
pub fn demo() -> coopnet::model::Dataset {
    coopnet::load::load_dataset(&root().join("datasets/demo")).expect("demo loads")
}

/// Compares `actual` with `tests/golden/<name>`; with `COOPNET_BLESS=1` writes it instead.
/// On a mismatch, fails with a line diff.
pub fn golden(name: &str, actual: &str) {
    let path = root().join("tests/golden").join(name);
    if std::env::var_os("COOPNET_BLESS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, actual).expect("bless");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read golden file {}: {e}\nrun `COOPNET_BLESS=1 cargo test` to create it",
            path.display()
        )
    });
    if expected != actual {
        panic!(
            "{} differs from the output (- golden, + actual):\n{}\n\
             If the change is intended, run `COOPNET_BLESS=1 cargo test` and review `git diff tests/golden`.",
            path.display(),
            line_diff(&expected, actual)
        );
    }
}

/// A readable diff of two texts: changed lines with two lines of context.
pub fn line_diff(a: &str, b: &str) -> String {
    let a: Vec<&str> = a.lines().collect();
    let b: Vec<&str> = b.lines().collect();
    if a.len() * b.len() > 4_000_000 {
        let first = a
            .iter()
            .zip(&b)
            .position(|(x, y)| x != y)
            .unwrap_or(a.len().min(b.len()));
        return format!(
            "first difference at line {}:\n- {}\n+ {}",
            first + 1,
            a.get(first).unwrap_or(&""),
            b.get(first).unwrap_or(&"")
        );
    }
    // Longest common subsequence table, then a walk that emits the edit script.
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut ops: Vec<(char, usize, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            ops.push((' ', i + 1, a[i]));
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            ops.push(('+', j + 1, b[j]));
            j += 1;
        } else {
            ops.push(('-', i + 1, a[i]));
            i += 1;
        }
    }
    let near = |k: usize| {
        ops[k.saturating_sub(2)..(k + 3).min(ops.len())]
            .iter()
            .any(|o| o.0 != ' ')
    };
    let mut out = String::new();
    let mut skipped = false;
    for (k, (op, line, text)) in ops.iter().enumerate() {
        if near(k) {
            if skipped {
                out.push_str("  ...\n");
                skipped = false;
            }
            let mut shown: String = text.chars().take(200).collect();
            if text.chars().count() > 200 {
                shown.push('…');
            }
            out.push_str(&format!("{op} {line:>4} {shown}\n"));
        } else {
            skipped = true;
        }
    }
    out
}

/// True when Graphviz is installed; otherwise says so on standard error.
pub fn graphviz(test: &str) -> bool {
    let ok = coopnet::export::render::graphviz_available();
    if !ok {
        eprintln!(
            "{test}: skipped the Graphviz check: `dot` is not installed (apt install graphviz; \
             .ci/run installs it)"
        );
    }
    ok
}

/// True when Graphviz is installed (silent).
pub fn graphviz_installed() -> bool {
    coopnet::export::render::graphviz_available()
}

/// Runs Graphviz on `dot` with the engine the map asks for and returns the
/// node count of its `-Tplain` output. Panics with Graphviz's message when it
/// cannot parse the file.
pub fn graphviz_nodes(dot: &str, engine: coopnet::export::Engine) -> usize {
    let plain = run_graphviz(dot, engine, "plain");
    plain.lines().filter(|l| l.starts_with("node ")).count()
}

/// Runs Graphviz on `dot` and returns its output in `format` as text.
pub fn run_graphviz(dot: &str, engine: coopnet::export::Engine, format: &str) -> String {
    use std::io::Write;
    let mut child = Command::new(engine.program())
        .args(engine.flags())
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("graphviz starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = dot.to_string();
    let feeder = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("graphviz runs");
    let _ = feeder.join();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && !stderr.contains("syntax error"),
        "Graphviz rejected the DOT file:\n{stderr}\n--- DOT ---\n{dot}"
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// Writes a dataset folder with hostile names (quotes, backslashes, newlines,
/// angle brackets, braces, Cyrillic, DOT keywords, XML and HTML specials).
pub fn hostile_dataset(dir: &Path) {
    let w = |name: &str, body: &str| {
        std::fs::write(dir.join(name), body.replace("<TAB>", "\t")).expect("write")
    };
    w(
        "regions.csv",
        r#"id,name,district,lat,lon
R1,"Кострома ""node"" {x|y}",Центральный,57.77,40.93
R2,"graph <b>bold</b> & \N",South,45.04,38.98
R3,"strict\""; n9 [label=x]",South,62.04,129.68
R4,"line one
line two","Far ""East""",64.73,177.51
R5,"subgraph cluster_0 { }","Far ""East""",,
"#,
    );
    w(
        "clusters.csv",
        r#"id,name,sector,level,founded,scope,regions,participants,employees
C1,"Ювелирный <кластер> & ""Co""",32.12,medium,2014,regional,R1,2,100
C2,"edge -- node -> \G",08.99,initial,2019,inter-regional,R3|R4,2,50
"#,
    );
    w(
        "participants.csv",
        r#"id,name,kind,sector,region,clusters,employees
P1,"ООО ""Алмаз"" <ltd>",production,08.99,R3,C2,10
P2,"digraph { a -> b }",university,32.12,R1,C1,20
P3,"back\slash\",research,32.12,R2,,
P4,"&amp; &lt;tag&gt; ]]> <!--",production,08.99,R4,C2,5
P5,"tab<TAB>here",finance,32.12,R5,C1,1
"#,
    );
    w(
        "links.csv",
        r#"source,target,sector,weight,kind
P1,P2,08.99,4,supply
P1,P3,08.99,1.5,supply
P2,P3,32.12,2,R&D
P4,P1,08.99,0.25,supply
P5,P2,32.12,1,supply
C1,C2,08.99,3,supply
"#,
    );
}

/// The hostile dataset, loaded from a fresh temporary folder.
pub fn hostile() -> (tempfile::TempDir, coopnet::model::Dataset) {
    let dir = tempfile::tempdir().expect("tempdir");
    let ds_dir = dir.path().join("hostile");
    std::fs::create_dir(&ds_dir).expect("mkdir");
    hostile_dataset(&ds_dir);
    let ds = coopnet::load::load_dataset(&ds_dir).expect("hostile dataset loads");
    (dir, ds)
}
