//! coopnet's HTML pages in a real browser: headless Chromium, driven over the
//! WebDriver protocol by chromedriver (Debian's `chromium` and
//! `chromium-driver`; `.ci/run` installs them) through fantoccini.
//!
//! WebDriver clicks headers and types into filter boxes as a reader does
//! (the element must be visible and on top, and real input events fire), and
//! chromedriver's logs give what the page cannot hide: every console message
//! (`goog:loggingPrefs` browser log) and every request the browser made
//! (the performance log's `Network.requestWillBeSent`). One browser session
//! loads every page:
//!
//! - the Russia analysis (`index.html`, with Graphviz's pictures when it is
//!   installed), the demo analysis drawn without pictures, and a batch's
//!   `summary.html`;
//! - on each: no console error, no request but the page itself and `data:`
//!   URIs, every table sorted by each of its headers (clicked twice: the
//!   order is checked ascending, then descending), every filter box keeping
//!   exactly the rows that hold the words typed and all of them once cleared,
//!   and a screenshot with many colours (not a blank page);
//! - on Russia's: every region of the choropleth and every link drawn has a
//!   tooltip (`<title>`), as has every node and edge of the network map;
//! - a control page that logs an error and asks for an image from the
//!   network, to show that both checks catch what they look for.
//!
//! Without Chromium or chromedriver the test prints that it is skipped and
//! what is missing, unless `COOPNET_REQUIRE_BROWSER` is set (`.ci/run` sets
//! it after installing them), when it fails instead.

mod common;

use std::collections::BTreeSet;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{bin, root};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

/// The first of `names` found on PATH.
fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|n| {
        std::env::split_paths(&path)
            .map(|d| d.join(n))
            .find(|p| p.is_file())
    })
}

/// chromedriver on a free port of the loopback interface, ended when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_driver(driver: &Path) -> Driver {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromedriver starts");
    let d = Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "chromedriver did not listen on port {port} within 20 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    d
}

/// chromedriver's log of `kind` (`browser` or `performance`) since the last read.
#[derive(Debug)]
struct GetLog(&'static str);

impl fantoccini::wd::WebDriverCompatibleCommand for GetLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "type": self.0 }).to_string()),
        )
    }
}

async fn log(c: &Client, kind: &'static str) -> Vec<Value> {
    match c.issue_cmd(GetLog(kind)).await.expect("chromedriver log") {
        Value::Array(entries) => entries,
        other => panic!("the {kind} log is not a list: {other}"),
    }
}

/// The console errors and the URLs requested since the last call.
async fn errors_and_requests(c: &Client) -> (Vec<String>, Vec<String>) {
    let errors = log(c, "browser")
        .await
        .into_iter()
        .filter(|e| e["level"] == "SEVERE")
        .map(|e| e["message"].as_str().unwrap_or_default().to_string())
        .collect();
    let mut requests = Vec::new();
    for e in log(c, "performance").await {
        let Some(text) = e["message"].as_str() else {
            continue;
        };
        let m: Value = serde_json::from_str(text).expect("a CDP event");
        if m["message"]["method"] == "Network.requestWillBeSent" {
            let url = m["message"]["params"]["request"]["url"]
                .as_str()
                .unwrap_or_default();
            requests.push(url.to_string());
        }
    }
    (errors, requests)
}

async fn js(c: &Client, script: &str, args: Vec<Value>) -> Value {
    c.execute(script, args)
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

/// Loads `page` and checks that nothing but the page itself was requested
/// and that the console holds no error.
async fn load(c: &Client, page: &Path) -> String {
    errors_and_requests(c).await; // forget what came before
    let url = url::Url::from_file_path(page)
        .expect("absolute path")
        .to_string();
    c.goto(&url).await.expect("the page loads");
    let ready = js(
        c,
        "return document.readyState === 'complete' && document.documentElement.classList.contains('js');",
        vec![],
    )
    .await;
    assert_eq!(
        ready,
        Value::Bool(true),
        "{}: the page's script did not run",
        page.display()
    );
    let (errors, requests) = errors_and_requests(c).await;
    assert!(
        errors.is_empty(),
        "{}: console errors:\n  {}",
        page.display(),
        errors.join("\n  ")
    );
    let foreign: Vec<&String> = requests
        .iter()
        .filter(|r| **r != url && !r.starts_with("data:"))
        .collect();
    assert!(
        foreign.is_empty(),
        "{}: requests besides the page itself: {foreign:?}",
        page.display()
    );
    assert!(
        requests.contains(&url),
        "the request log missed the page itself ({requests:?}): the check would see nothing"
    );
    url
}

/// The sort keys of column `col` of table `id`, in the order shown: the
/// number a numeric cell sorts by, else the text as tablesort compares it.
const COLUMN: &str = r#"
    const t = document.getElementById(arguments[0]);
    return Array.from(t.tBodies[0].rows).map(r => {
        const c = r.cells[arguments[1]];
        if (!c) return '';
        return c.hasAttribute('data-sort') ? c.getAttribute('data-sort') : c.textContent.trim().toLowerCase();
    });"#;

/// How a header says its column sorts (`data-sort-method`).
#[derive(Clone, Copy, PartialEq, Debug)]
enum Method {
    /// tablesort's number extension: the leading number, 0 when there is none.
    Number,
    /// numbers by value, then text (coopnet's `mixed`).
    Mixed,
    /// case-insensitive text (tablesort's default).
    Text,
}

/// A number as the page's `mixed` sort reads one (the whole text).
fn whole_number(s: &str) -> Option<f64> {
    let t = s.trim();
    let body = t.strip_prefix(['-', '+']).unwrap_or(t);
    let digits = body.split(['e', 'E']).next().unwrap_or("");
    let ok = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|&c| c == '.').count() <= 1
        && digits.chars().any(|c| c.is_ascii_digit());
    if ok { t.parse().ok() } else { None }
}

fn in_order(values: &[String], method: Method, ascending: bool) -> Result<(), String> {
    use std::cmp::Ordering;
    // JavaScript compares strings by UTF-16 code units
    let text = |a: &str, b: &str| a.encode_utf16().cmp(b.encode_utf16());
    for w in values.windows(2) {
        let (a, b) = (w[0].as_str(), w[1].as_str());
        let order = match method {
            Method::Number => {
                let n = |s: &str| s.parse::<f64>().unwrap_or(0.0);
                n(a).partial_cmp(&n(b)).unwrap_or(Ordering::Equal)
            }
            Method::Mixed => match (whole_number(a), whole_number(b)) {
                (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => text(&a.to_lowercase(), &b.to_lowercase()),
            },
            Method::Text => text(a, b),
        };
        let ok = if ascending {
            order != Ordering::Greater
        } else {
            order != Ordering::Less
        };
        if !ok {
            return Err(format!("{a:?} before {b:?}"));
        }
    }
    Ok(())
}

/// Clicks every header of every table twice and checks the order each time;
/// returns how many tables and headers were checked.
async fn check_sorting(c: &Client, page: &str) -> (usize, usize) {
    let tables = c
        .find_all(Locator::Css("table.sortable"))
        .await
        .expect("tables");
    let mut headers_checked = 0;
    for t in &tables {
        let id = t
            .attr("id")
            .await
            .expect("id")
            .expect("every table has an id");
        let rows = js(
            c,
            "return document.getElementById(arguments[0]).tBodies[0].rows.length;",
            vec![json!(id)],
        )
        .await
        .as_u64()
        .unwrap_or(0);
        let headers = t.find_all(Locator::Css("thead th")).await.expect("headers");
        assert!(!headers.is_empty(), "{page}: table {id} has no header");
        for (k, h) in headers.iter().enumerate() {
            let method = match h.attr("data-sort-method").await.expect("attr").as_deref() {
                Some("number") => Method::Number,
                Some("mixed") => Method::Mixed,
                Some("text") => Method::Text,
                other => panic!(
                    "{page}: table {id}, header {k} sorts by {other:?}: tablesort would guess"
                ),
            };
            for (click, ascending) in [(1, true), (2, false)] {
                h.click()
                    .await
                    .unwrap_or_else(|e| panic!("{page}: cannot click header {k} of {id}: {e}"));
                let state = h.attr("aria-sort").await.expect("attr");
                assert_eq!(
                    state.as_deref(),
                    Some(if ascending { "ascending" } else { "descending" }),
                    "{page}: table {id}, header {k}, click {click}"
                );
                let values: Vec<String> =
                    serde_json::from_value(js(c, COLUMN, vec![json!(id), json!(k)]).await)
                        .expect("a column");
                assert_eq!(
                    values.len() as u64,
                    rows,
                    "{page}: table {id} lost rows in sorting"
                );
                if let Err(e) = in_order(&values, method, ascending) {
                    panic!(
                        "{page}: table {id} is not in {} order by header {k} after click {click}: {e}",
                        if ascending { "ascending" } else { "descending" }
                    );
                }
            }
            headers_checked += 1;
        }
    }
    (tables.len(), headers_checked)
}

/// Types into every filter box a word of one of its table's rows, and checks
/// that exactly the rows holding it stay shown, and all of them once cleared.
async fn check_filters(c: &Client, page: &str) -> usize {
    let inputs = c
        .find_all(Locator::Css("input.filter"))
        .await
        .expect("inputs");
    for input in &inputs {
        let id = input
            .attr("data-table")
            .await
            .expect("attr")
            .expect("data-table");
        let texts: Vec<String> = serde_json::from_value(
            js(
                c,
                "return Array.from(document.getElementById(arguments[0]).tBodies[0].rows).map(r => r.textContent.toLowerCase());",
                vec![json!(id)],
            )
            .await,
        )
        .expect("rows");
        // a word that some rows hold and others do not
        let word = texts
            .iter()
            .flat_map(|t| t.split_whitespace())
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
            .filter(|w| w.chars().count() >= 4)
            .find(|w| {
                let n = texts.iter().filter(|t| t.contains(w.as_str())).count();
                n > 0 && n < texts.len()
            })
            .unwrap_or_else(|| panic!("{page}: no word tells the rows of {id} apart"));
        let expected = texts.iter().filter(|t| t.contains(word.as_str())).count();
        input.send_keys(&word).await.expect("types");
        let shown: Vec<bool> = serde_json::from_value(
            js(
                c,
                "return Array.from(document.getElementById(arguments[0]).tBodies[0].rows).map(r => !r.hidden && r.offsetParent !== null);",
                vec![json!(id)],
            )
            .await,
        )
        .expect("flags");
        let kept: Vec<usize> = (0..shown.len()).filter(|&i| shown[i]).collect();
        assert_eq!(
            kept.len(),
            expected,
            "{page}: filtering {id} by {word:?} shows {} rows, {expected} hold it",
            kept.len()
        );
        // the rows shown are the ones holding the word (rows are in the order read above)
        for &i in &kept {
            assert!(
                texts[i].contains(word.as_str()),
                "{page}: {id} row {i} shown without {word:?}"
            );
        }
        let count = c
            .find(Locator::Id(&format!("{id}-count")))
            .await
            .expect("count")
            .text()
            .await
            .expect("text");
        assert_eq!(
            count,
            format!("{expected} of {} rows", texts.len()),
            "{page}: {id}"
        );
        input.clear().await.expect("clears");
        let hidden = js(
            c,
            "return Array.from(document.getElementById(arguments[0]).tBodies[0].rows).filter(r => r.hidden).length;",
            vec![json!(id)],
        )
        .await;
        assert_eq!(
            hidden,
            json!(0),
            "{page}: {id} keeps rows hidden once the filter is cleared"
        );
    }
    inputs.len()
}

/// Every link and source of the page: none names the network, every anchor
/// (`#id`) is an element of the page, and every relative link is a file
/// beside the page; returns how many files the page links.
async fn check_links(c: &Client, page: &Path, name: &str) -> usize {
    let refs: Vec<String> = serde_json::from_value(
        js(
            c,
            r#"
            const out = [];
            for (const e of document.querySelectorAll('*')) {
                for (const a of ['href', 'src', 'xlink:href', 'action', 'poster', 'data']) {
                    const v = e.getAttribute(a);
                    if (v !== null) out.push(v);
                }
            }
            return out;"#,
            vec![],
        )
        .await,
    )
    .expect("links");
    let folder = page.parent().expect("a folder");
    let mut files = BTreeSet::new();
    for r in &refs {
        let lower = r.trim().to_ascii_lowercase();
        assert!(
            !(lower.starts_with("http:") || lower.starts_with("https:") || lower.starts_with("//")),
            "{name}: links to the network: {r}"
        );
        if let Some(anchor) = r.strip_prefix('#') {
            let found = js(
                c,
                "return document.getElementById(arguments[0]) !== null;",
                vec![json!(anchor)],
            )
            .await;
            assert_eq!(found, json!(true), "{name}: no element for the anchor {r}");
        } else if !lower.starts_with("data:") {
            let file = r.split(['#', '?']).next().unwrap_or_default();
            assert!(
                folder.join(file).is_file(),
                "{name}: links {r}, which is not a file beside the page"
            );
            files.insert(file.to_string());
        }
    }
    files.len()
}

/// A screenshot of the window is not blank: many colours, and not nearly all white.
async fn check_screenshot(c: &Client, page: &str) -> usize {
    let png_bytes = c.screenshot().await.expect("screenshot");
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    let channels = info.color_type.samples();
    assert!(channels >= 3, "{page}: screenshot is not in colour");
    let pixels = &buf[..info.buffer_size()];
    let mut colours = BTreeSet::new();
    let mut white = 0usize;
    let mut total = 0usize;
    for px in pixels.chunks_exact(channels) {
        colours.insert((px[0], px[1], px[2]));
        total += 1;
        if px[0] > 250 && px[1] > 250 && px[2] > 250 {
            white += 1;
        }
    }
    assert!(
        colours.len() >= 64,
        "{page}: the screenshot has only {} colours",
        colours.len()
    );
    assert!(
        white * 100 < total * 97,
        "{page}: the screenshot is {} % white",
        white * 100 / total.max(1)
    );
    colours.len()
}

/// Every region shape and link of the choropleth, and every node and edge of
/// the network map, carries a tooltip; returns (regions, links) counted.
async fn check_tooltips(c: &Client, regions: usize) -> (usize, usize) {
    let found = js(
        c,
        r#"
        const titled = sel => Array.from(document.querySelectorAll(sel)).map(e => {
            const t = e.querySelector(':scope > title');
            return t ? t.textContent.trim() : '';
        });
        const gv = sel => Array.from(document.querySelectorAll(sel)).map(g => {
            const t = g.querySelector('a > title');
            return t ? t.textContent.trim() : '';
        });
        return {
            regions: titled('#choropleth path.region'),
            ids: Array.from(document.querySelectorAll('#choropleth path.region[data-id]')).map(e => e.getAttribute('data-id')),
            links: titled('#choropleth path.link'),
            nodes: gv('#network-map g.node'),
            edges: gv('#network-map g.edge'),
        };"#,
        vec![],
    )
    .await;
    let list = |k: &str| -> Vec<String> { serde_json::from_value(found[k].clone()).expect("list") };
    let (shapes, ids, links) = (list("regions"), list("ids"), list("links"));
    assert!(
        ids.len() >= regions,
        "the choropleth draws {} of {regions} regions",
        ids.len()
    );
    assert!(
        shapes.iter().all(|t| !t.is_empty()),
        "a region of the choropleth has no tooltip"
    );
    for (id, tip) in ids.iter().zip(&shapes) {
        assert!(
            tip.contains(id.as_str()),
            "the tooltip of {id} does not name it: {tip:?}"
        );
    }
    assert!(!links.is_empty(), "the choropleth draws no link");
    assert!(
        links.iter().all(|t| t.contains('—')),
        "a link has no tooltip naming its regions"
    );
    let (nodes, edges) = (list("nodes"), list("edges"));
    if on_path(&["dot"]).is_some() {
        assert!(
            !nodes.is_empty() && !edges.is_empty(),
            "the network map is not on the page"
        );
        assert!(
            nodes.iter().all(|t| !t.is_empty()),
            "a node of the network map has no tooltip"
        );
        assert!(
            edges.iter().all(|t| !t.is_empty()),
            "an edge of the network map has no tooltip"
        );
    }
    (ids.len(), links.len())
}

fn analyze(dataset: &Path, out: &Path, extra: &[&str]) {
    let o = bin()
        .arg("--quiet")
        .arg("analyze")
        .arg(dataset)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("coopnet runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[tokio::test(flavor = "current_thread")]
async fn pages_work_in_a_real_browser() {
    let browsers = ["chromium", "chromium-browser", "google-chrome"];
    let (chromium, driver) = (on_path(&browsers), on_path(&["chromedriver"]));
    let (Some(chromium), Some(driver)) = (chromium.clone(), driver.clone()) else {
        let missing: Vec<&str> = [
            chromium
                .is_none()
                .then_some("a browser (chromium, chromium-browser or google-chrome)"),
            driver.is_none().then_some("chromedriver"),
        ]
        .into_iter()
        .flatten()
        .collect();
        let why = format!(
            "the browser test needs {} on PATH (Debian: apt-get install chromium chromium-driver; .ci/run installs them)",
            missing.join(" and ")
        );
        assert!(
            std::env::var_os("COOPNET_REQUIRE_BROWSER").is_none(),
            "COOPNET_REQUIRE_BROWSER is set, but {why}"
        );
        eprintln!("skipped: {why}");
        return;
    };
    let started = Instant::now();
    let tmp = tempfile::tempdir().expect("tempdir");
    let russia_out = tmp.path().join("russia");
    analyze(&root().join("datasets/russia"), &russia_out, &[]);
    let demo_out = tmp.path().join("demo");
    analyze(&root().join("datasets/demo"), &demo_out, &["--no-render"]);
    let manifest = tmp.path().join("batch.toml");
    std::fs::write(
        &manifest,
        format!(
            "out = \"batch\"\ndatasets = [{:?}]\n[parameters]\nseed = [1, 2]\nrender = false\n",
            root().join("datasets/demo").display().to_string()
        ),
    )
    .expect("manifest");
    let o = bin()
        .arg("--quiet")
        .arg("batch")
        .arg(&manifest)
        .output()
        .expect("batch runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let control = tmp.path().join("control.html");
    std::fs::write(
        &control,
        "<!DOCTYPE html><html><body><p>control</p><img src=\"http://192.0.2.1/x.png\" alt=\"\">\
         <script>console.error('an error the test must see')</script></body></html>",
    )
    .expect("control page");
    let prepared = started.elapsed();

    let profile = tempfile::tempdir().expect("profile folder");
    let d = start_driver(&driver);
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), json!("chrome"));
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--window-size=1240,1400",
                format!("--user-data-dir={}", profile.path().display()),
            ],
        }),
    );
    caps.insert(
        "goog:loggingPrefs".into(),
        json!({ "browser": "ALL", "performance": "ALL" }),
    );
    let c = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&d.url)
        .await
        .expect("a browser session through chromedriver");

    // The control page: both checks see what they look for.
    errors_and_requests(&c).await;
    c.goto(url::Url::from_file_path(&control).expect("url").as_str())
        .await
        .expect("control loads");
    let (errors, requests) = errors_and_requests(&c).await;
    assert!(
        errors
            .iter()
            .any(|e| e.contains("an error the test must see")),
        "the console check would not see an error: {errors:?}"
    );
    assert!(
        requests.iter().any(|r| r.starts_with("http://192.0.2.1/")),
        "the request check would not see a request to the network: {requests:?}"
    );

    let regions = coopnet::load::load_dataset(&root().join("datasets/russia"))
        .expect("russia loads")
        .regions
        .len();
    let mut report = Vec::new();
    for (page, russia) in [
        (russia_out.join("index.html"), true),
        (demo_out.join("index.html"), false),
        (tmp.path().join("batch/summary.html"), false),
    ] {
        let name = page
            .strip_prefix(tmp.path())
            .unwrap_or(&page)
            .display()
            .to_string();
        load(&c, &page).await;
        let linked = check_links(&c, &page, &name).await;
        let colours = check_screenshot(&c, &name).await;
        let tooltips = if russia {
            Some(check_tooltips(&c, regions).await)
        } else {
            None
        };
        let (tables, headers) = check_sorting(&c, &name).await;
        let filters = check_filters(&c, &name).await;
        assert!(tables >= 1, "{name}: no table");
        let (errors, _) = errors_and_requests(&c).await;
        assert!(
            errors.is_empty(),
            "{name}: console errors while sorting and filtering: {errors:?}"
        );
        report.push(format!(
            "{name}: {linked} files linked, {tables} tables, {headers} headers sorted both ways, {filters} filters, {colours} colours{}",
            tooltips.map_or(String::new(), |(r, l)| format!(", {r} regions and {l} links with tooltips"))
        ));
    }
    // the demo's page says why its pictures are missing
    let demo = std::fs::read_to_string(demo_out.join("index.html")).expect("demo page");
    assert!(
        demo.contains("map.svg was not drawn"),
        "the demo page does not say why map.svg is missing"
    );
    c.close().await.expect("session closes");
    drop(d);
    eprintln!(
        "browser checks in {:.1} s (outputs in {:.1} s):\n  {}",
        started.elapsed().as_secs_f64(),
        prepared.as_secs_f64(),
        report.join("\n  ")
    );
}
