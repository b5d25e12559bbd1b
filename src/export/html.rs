//! HTML pages: the main job's report `index.html` ([`run_page`]) and the
//! pieces the batch summary shares ([`Page`], [`Table`]).
//!
//! # Self-contained
//!
//! A page is one file that needs nothing else: its style sheet and scripts
//! are embedded at build time (`include_str!` of `src/export/assets/`), its
//! pictures are inline SVG, and a Content-Security-Policy meta tag
//! (`default-src 'none'`) stops the browser from loading anything from
//! anywhere, so a page opened from a laptop on a train shows everything, and
//! one that asked for a resource would show an error in the console (which
//! the browser tests check for). Links to the run's other files are relative,
//! so the folder can be moved or zipped as a whole.
//!
//! Tables sort when their header is clicked, with
//! [tablesort](https://github.com/tristen/tablesort) [`TABLESORT_VERSION`]
//! (MIT licence, vendored unchanged in `src/export/assets/tablesort/` with its
//! licence file); numeric columns sort by the full value of each cell (a
//! `data-sort` attribute), not by the rounded text. Tables of more than
//! [`FILTER_ROWS`] rows have a filter box that keeps the rows holding every
//! word typed (a dozen hand-written lines in `assets/report.js`).
//!
//! # The run page
//!
//! [`run_page`] renders the run from its index ([`RunIndex`]: the parameters,
//! figures, files and notes that `README.md` shows) and from the files the
//! index lists, read back from the run's folder, so that every number on the
//! page is one of the run's files:
//!
//! | section | from |
//! |---|---|
//! | headlines (both region partitions), what each result rests on, figures, files, notes | the index |
//! | maps | a choropleth of clusters per region with the links between regions, drawn from the dataset when it has `boundaries.geojson`; `map.svg`, Graphviz's network map |
//! | descriptive report | `report.json` |
//! | specialisation | `specialisation.csv` (the specialised pairs), `regions.csv`, with names beside codes |
//! | relatedness | `relatedness.csv`, `density.csv` (the [`DENSITY_PER_REGION`] densest sectors each region does not yet specialise in) |
//! | communities | `communities.json`, `communities.csv` |
//! | suggestions | `suggestions.json`: every suggestion ranked, the first `top` in full with their explanation and evidence, and `suggestions.svg` |
//!
//! A picture that was not drawn is replaced by a box saying why (the run's
//! note, such as Graphviz not being installed).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;
use serde::Serialize;

use super::describe::{dataset_title, provenance_note};
use super::escape::html_text;
use super::index::RunIndex;
use crate::error::{Error, Result};
use crate::model::Dataset;

/// The version of tablesort embedded in every page.
pub const TABLESORT_VERSION: &str = "5.7.1";

/// Tables with more rows than this get a filter box.
pub const FILTER_ROWS: usize = 10;

/// Tables with more rows than this scroll inside the page (the header
/// stays), and print only their first this many rows in the order shown, so
/// that a printed report is not a hundred pages of density tables.
const TALL_ROWS: usize = 25;

/// Tables with at least this many columns are set smaller, to fit the page.
const WIDE_COLUMNS: usize = 10;

/// The densest sectors listed for each region in the density table.
pub const DENSITY_PER_REGION: usize = 10;

/// Members named in a community's row; the others are counted.
const MEMBERS_SHOWN: usize = 40;

/// Communities listed, the largest first.
const COMMUNITIES_SHOWN: usize = 500;

const CSS: &str = include_str!("assets/report.css");
const TABLESORT: &str = include_str!("assets/tablesort/tablesort.js");
const TABLESORT_NUMBER: &str = include_str!("assets/tablesort/tablesort.number.js");
const REPORT_JS: &str = include_str!("assets/report.js");

/// The page's policy: nothing may be loaded; inline style, script and
/// `data:` images only.
const CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

/// Escapes text for HTML (element text and quoted attribute values).
pub fn esc(s: &str) -> String {
    html_text(s)
}

/// One cell of a [`Table`].
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text, escaped when written.
    Text(String),
    /// A number: the text shown (rounded) and the value it sorts by.
    Number(String, f64),
    /// HTML written as it is (a link): the caller escapes its text.
    Html(String),
}

impl Cell {
    /// A text cell.
    pub fn text(s: impl Into<String>) -> Self {
        Cell::Text(s.into())
    }

    /// A whole number.
    pub fn int(n: impl Into<u64>) -> Self {
        let n = n.into();
        Cell::Number(n.to_string(), n as f64)
    }

    /// A number shown with `decimals` decimals, sorting by its full value.
    pub fn num(x: f64, decimals: usize) -> Self {
        if x.is_finite() {
            Cell::Number(format!("{x:.decimals$}"), x)
        } else {
            Cell::Text(String::new())
        }
    }

    /// A link to the relative path `href` showing `text`.
    pub fn link(href: &str, text: &str) -> Self {
        Cell::Html(format!(
            r#"<a href="{}">{}</a>"#,
            esc(&href_path(href)),
            esc(text)
        ))
    }
}

/// A relative file path as a URL: every byte but letters, digits and
/// `-._~/=,+` percent-encoded, so that a run named `a#1` or `x: y` (a colon
/// would read as a scheme) still links to its folder.
pub fn href_path(path: &str) -> String {
    let mut o = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/=,+".contains(&b) {
            o.push(b as char);
        } else {
            let _ = write!(o, "%{b:02X}");
        }
    }
    o
}

/// A table column: its heading and whether it holds numbers (right-aligned,
/// sorted as numbers).
#[derive(Debug, Clone, PartialEq)]
pub struct Col {
    /// The heading.
    pub label: String,
    /// Numbers.
    pub numeric: bool,
}

/// A text column.
pub fn col(label: &str) -> Col {
    Col {
        label: label.to_string(),
        numeric: false,
    }
}

/// A numeric column.
pub fn num_col(label: &str) -> Col {
    Col {
        label: label.to_string(),
        numeric: true,
    }
}

/// A sortable table, with a filter box when it is long.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Its id in the page (unique; letters, digits and `-`).
    pub id: String,
    /// The caption above it (none when empty).
    pub caption: String,
    /// The columns.
    pub columns: Vec<Col>,
    /// The rows, one cell per column.
    pub rows: Vec<Vec<Cell>>,
    /// Rows kept below the others, out of sorting and filtering (totals).
    pub footer: Vec<Vec<Cell>>,
}

impl Table {
    /// An empty table with `id`, `caption` and `columns`.
    pub fn new(id: &str, caption: &str, columns: Vec<Col>) -> Self {
        Table {
            id: id.to_string(),
            caption: caption.to_string(),
            columns,
            ..Table::default()
        }
    }

    /// The table as HTML.
    pub fn html(&self) -> String {
        let mut o = String::new();
        let n = self.rows.len();
        o.push_str("<div class=\"table-block\">\n");
        if !self.caption.is_empty() {
            let _ = writeln!(o, r#"<p class="caption">{}</p>"#, esc(&self.caption));
        }
        if n > FILTER_ROWS {
            let _ = writeln!(
                o,
                r#"<div class="table-tools"><label>Filter <input type="search" class="filter" data-table="{id}" placeholder="words to look for" aria-label="Filter the rows of the table"></label><span class="count" id="{id}-count">{n} rows</span></div>"#,
                id = self.id
            );
        }
        let label = if self.caption.is_empty() {
            String::new()
        } else {
            format!(r#" aria-label="{}""#, esc(&self.caption))
        };
        let _ = writeln!(
            o,
            r#"<div class="scroll{}"><table id="{}" class="sortable{}"{label}>"#,
            if n > TALL_ROWS { " tall" } else { "" },
            self.id,
            if self.columns.len() >= WIDE_COLUMNS {
                " wide"
            } else {
                ""
            }
        );
        o.push_str("<thead><tr>");
        for (k, c) in self.columns.iter().enumerate() {
            let _ = match self.sort_method(k) {
                SortMethod::Number => write!(
                    o,
                    r#"<th class="num" data-sort-method="number">{}</th>"#,
                    esc(&c.label)
                ),
                m => write!(
                    o,
                    r#"<th data-sort-method="{}">{}</th>"#,
                    m.name(),
                    esc(&c.label)
                ),
            };
        }
        o.push_str("</tr></thead>\n<tbody>\n");
        for r in &self.rows {
            self.row(&mut o, r);
        }
        o.push_str("</tbody>\n");
        if !self.footer.is_empty() {
            o.push_str("<tfoot>\n");
            for r in &self.footer {
                self.row(&mut o, r);
            }
            o.push_str("</tfoot>\n");
        }
        o.push_str("</table></div>\n");
        if n > TALL_ROWS {
            let _ = writeln!(
                o,
                r#"<p class="print-only">Printed: the first {TALL_ROWS} of {n} rows, in the order shown (sort the table first to choose them); every row is on the page on screen and in the run's files.</p>"#
            );
        }
        o.push_str("</div>\n");
        o
    }

    /// How column `k` sorts, named on its header so that tablesort never
    /// guesses from the first rows: as numbers when declared numeric or when
    /// every cell holding something is a number; numbers first and then text
    /// when it mixes both (a figure's value); else as text.
    fn sort_method(&self, k: usize) -> SortMethod {
        if self.columns[k].numeric {
            return SortMethod::Number;
        }
        let (mut numbers, mut texts) = (0, 0);
        for r in &self.rows {
            match r.get(k) {
                Some(Cell::Number(..)) => numbers += 1,
                Some(Cell::Text(t)) if t.is_empty() => {}
                Some(_) => texts += 1,
                None => {}
            }
        }
        match (numbers, texts) {
            (0, _) => SortMethod::Text,
            (_, 0) => SortMethod::Number,
            _ => SortMethod::Mixed,
        }
    }

    fn row(&self, o: &mut String, cells: &[Cell]) {
        o.push_str("<tr>");
        for c in cells {
            match c {
                Cell::Text(t) => {
                    let _ = write!(o, "<td>{}</td>", esc(t));
                }
                Cell::Number(t, v) => {
                    let _ = write!(o, r#"<td class="num" data-sort="{v}">{}</td>"#, esc(t));
                }
                Cell::Html(h) => {
                    let _ = write!(o, "<td>{h}</td>");
                }
            }
        }
        o.push_str("</tr>\n");
    }
}

/// How a column sorts (`data-sort-method` on its header).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SortMethod {
    /// By value: tablesort's number extension.
    Number,
    /// Case-insensitively by text: tablesort's default (a name it does not
    /// know).
    Text,
    /// Numbers by value, then text (`assets/report.js`).
    Mixed,
}

impl SortMethod {
    fn name(self) -> &'static str {
        match self {
            SortMethod::Number => "number",
            SortMethod::Text => "text",
            SortMethod::Mixed => "mixed",
        }
    }
}

/// A page being written: sections with headings, and a table of contents.
#[derive(Debug, Clone, Default)]
pub struct Page {
    title: String,
    head: String,
    body: String,
    contents: Vec<(String, String)>,
    tables: usize,
    wide: bool,
}

impl Page {
    /// A page titled `title`.
    pub fn new(title: &str) -> Self {
        Page {
            title: title.to_string(),
            ..Page::default()
        }
    }

    /// Lets the page use more of a wide screen: a page that is mostly one
    /// broad table (the batch summary) rather than text to read.
    pub fn wide(&mut self) {
        self.wide = true;
    }

    /// Appends HTML before the table of contents (the page's heading).
    pub fn intro(&mut self, html: &str) {
        self.head.push_str(html);
    }

    /// Starts a section `heading` with the anchor `id`, listed in the contents.
    pub fn section(&mut self, id: &str, heading: &str) {
        self.contents.push((id.to_string(), heading.to_string()));
        let _ = writeln!(self.body, r#"<h2 id="{id}">{}</h2>"#, esc(heading));
    }

    /// Appends HTML.
    pub fn push(&mut self, html: &str) {
        self.body.push_str(html);
    }

    /// Appends a paragraph of text.
    pub fn para(&mut self, text: &str) {
        let _ = writeln!(self.body, "<p>{}</p>", esc(text));
    }

    /// Appends a table.
    pub fn table(&mut self, t: &Table) {
        self.tables += 1;
        self.body.push_str(&t.html());
    }

    /// Appends a box saying what is missing and why.
    pub fn missing(&mut self, text: &str) {
        let _ = writeln!(self.body, r#"<p class="missing">{}</p>"#, esc(text));
    }

    /// The whole page: head with the embedded style and scripts, the
    /// heading, the contents, the sections and `footer`.
    pub fn finish(self, footer: &str) -> String {
        let mut o = String::with_capacity(self.body.len() + 32 * 1024);
        o.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        let _ = writeln!(
            o,
            r#"<meta http-equiv="Content-Security-Policy" content="{CSP}">"#
        );
        o.push_str(
            r#"<meta name="viewport" content="width=device-width, initial-scale=1">
"#,
        );
        let _ = writeln!(
            o,
            r#"<meta name="generator" content="coopnet {}">"#,
            env!("CARGO_PKG_VERSION")
        );
        let _ = writeln!(o, "<title>{}</title>", esc(&self.title));
        let _ = writeln!(
            o,
            "<style>\n{CSS}</style>\n</head>\n<body{}>",
            if self.wide { r#" class="wide""# } else { "" }
        );
        o.push_str(&self.head);
        if self.contents.len() > 2 {
            o.push_str("<nav class=\"contents\" aria-label=\"Contents\"><ol>\n");
            for (id, h) in &self.contents {
                let _ = writeln!(o, r##"<li><a href="#{id}">{}</a></li>"##, esc(h));
            }
            o.push_str("</ol></nav>\n");
        }
        o.push_str(&self.body);
        let _ = writeln!(o, "<footer>{footer}</footer>");
        let _ = writeln!(
            o,
            "<script>\n// tablesort {TABLESORT_VERSION}, MIT licence, Copyright (c) Tristen Brown: github.com/tristen/tablesort\n{TABLESORT}\n{TABLESORT_NUMBER}\n</script>"
        );
        let _ = writeln!(o, "<script>\n{REPORT_JS}</script>\n</body>\n</html>");
        o
    }
}

/// The footer every page shares: who wrote it, and what it embeds.
pub fn footer() -> String {
    format!(
        "Written by coopnet {}. This page is one file and loads nothing from the network; its tables \
         sort with tablesort {TABLESORT_VERSION} (MIT licence, Copyright (c) Tristen Brown), embedded.",
        env!("CARGO_PKG_VERSION")
    )
}

// ---------------------------------------------------------------------------
// Inline SVG

/// Graphviz's SVG made fit to sit inline in a page: the XML prolog and
/// comments dropped; every id prefixed with `prefix` (so two pictures on one
/// page never share one); the tooltip of every node, edge and legend
/// (`xlink:title`) also given as a `<title>`, which browsers show on hover,
/// and Graphviz's own titles (internal node names such as `n12`) dropped;
/// the fixed size in points replaced by the width of the page, at most the
/// picture's own.
pub fn inline_graphviz(svg: &str, prefix: &str, label: &str) -> String {
    let start = svg.find("<svg").unwrap_or(0);
    let mut s = strip_comments(&svg[start..]);
    // internal titles: the first child of every <g> Graphviz writes
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    let mut rest = s.as_str();
    while let Some(i) = rest.find("<title>") {
        let before = &rest[..i];
        let Some(j) = rest[i..].find("</title>") else {
            break;
        };
        let keep = !before.trim_end().ends_with('>')
            || !before
                .trim_end()
                .rsplit('<')
                .next()
                .is_some_and(|t| t.starts_with('g'));
        out.push_str(before);
        if keep {
            out.push_str(&rest[i..i + j + 8]);
        }
        rest = &rest[i + j + 8..];
    }
    out.push_str(rest);
    s = out;
    // tooltips as titles
    let mut out = String::with_capacity(s.len() + s.len() / 4);
    let mut rest = s.as_str();
    while let Some(i) = rest.find("<a xlink:title=\"") {
        let from = i + "<a xlink:title=\"".len();
        let Some(j) = rest[from..].find('"') else {
            break;
        };
        let tip = &rest[from..from + j];
        let Some(k) = rest[from + j..].find('>') else {
            break;
        };
        let end = from + j + k + 1;
        out.push_str(&rest[..end]);
        let _ = write!(out, "<title>{tip}</title>");
        rest = &rest[end..];
    }
    out.push_str(rest);
    let s = prefix_ids(&out, prefix);
    resize_root(&s, label, Fit::UpToOwn)
}

/// [`inline_graphviz`] at the picture's own size, for a frame that scrolls
/// (a network map whose labels would be too small to read at the width of
/// the page); printed, it is as wide as the page.
pub fn inline_graphviz_own_size(svg: &str, prefix: &str, label: &str) -> String {
    let fitted = inline_graphviz(svg, prefix, label);
    // the root carries style="max-width:Npx": make it the width
    fitted.replacen("style=\"max-width:", "style=\"width:", 1)
}

/// How wide an inline picture is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fit {
    /// As wide as the page.
    Page,
    /// As wide as the page, up to the picture's own width.
    UpToOwn,
}

/// coopnet's own SVG (a choropleth) made fit to sit inline: ids prefixed,
/// as wide as the page (its text is sized for a printed page, so it reads
/// as well larger).
pub fn inline_svg(svg: &str, prefix: &str, label: &str) -> String {
    resize_root(&prefix_ids(svg.trim(), prefix), label, Fit::Page)
}

fn strip_comments(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("<!--") {
        out.push_str(&rest[..i]);
        match rest[i..].find("-->") {
            Some(j) => rest = &rest[i + j + 3..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

fn prefix_ids(s: &str, prefix: &str) -> String {
    s.replace(" id=\"", &format!(" id=\"{prefix}-"))
        .replace("url(#", &format!("url(#{prefix}-"))
        .replace("href=\"#", &format!("href=\"#{prefix}-"))
}

/// Replaces the root's `width` and `height` by the width of the page, up to
/// the picture's own width for [`Fit::UpToOwn`], and names the picture for
/// screen readers.
fn resize_root(s: &str, label: &str, fit: Fit) -> String {
    let Some(open_end) = s.find('>') else {
        return s.to_string();
    };
    let root = &s[..open_end];
    let attr = |name: &str| -> Option<(usize, usize, f64)> {
        let key = format!(" {name}=\"");
        let a = root.find(&key)?;
        let b = root[a + key.len()..].find('"')? + a + key.len();
        let v = &root[a + key.len()..b];
        let (num, unit) = v
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .map_or((v, ""), |k| v.split_at(k));
        let px = num.parse::<f64>().ok()? * if unit == "pt" { 4.0 / 3.0 } else { 1.0 };
        Some((a, b + 1, px))
    };
    let mut new_root = root.to_string();
    let width = attr("width");
    // drop height first (it may come after width), then width
    let mut cuts: Vec<(usize, usize)> = [attr("height"), width]
        .into_iter()
        .flatten()
        .map(|(a, b, _)| (a, b))
        .collect();
    cuts.sort_by_key(|c| std::cmp::Reverse(c.0));
    for (a, b) in cuts {
        new_root.replace_range(a..b, "");
    }
    let style = match width {
        Some((_, _, px)) if fit == Fit::UpToOwn => format!(r#" style="max-width:{px:.0}px""#),
        _ => String::new(),
    };
    let _ = write!(
        new_root,
        r#"{style} role="img" aria-label="{}""#,
        esc(label)
    );
    format!("{new_root}{}", &s[open_end..])
}

// ---------------------------------------------------------------------------
// The run page

/// What [`run_page`] needs besides the index.
#[derive(Debug, Clone, Copy)]
pub struct RunPage<'a, P: Serialize> {
    /// The run, as its index describes it.
    pub index: &'a RunIndex<'a, P>,
    /// The run's folder, holding the files the index lists.
    pub dir: &'a Path,
    /// The dataset analysed: names beside codes, and its region shapes.
    pub dataset: &'a Dataset,
    /// Suggestions shown in full (every one is in the ranked table).
    pub top: usize,
    /// Cooperation inside a node was left out of the projection.
    pub between: bool,
}

impl<P: Serialize> RunPage<'_, P> {
    fn has(&self, file: &str) -> bool {
        self.index.files.iter().any(|f| f.0 == file)
    }

    fn read(&self, file: &str) -> Result<Option<String>> {
        if !self.has(file) {
            return Ok(None);
        }
        let path = self.dir.join(file);
        std::fs::read_to_string(&path)
            .map(Some)
            .map_err(|e| Error::io(&path, e))
    }

    fn json<T: for<'de> Deserialize<'de>>(&self, file: &str) -> Result<Option<T>> {
        self.read(file)?
            .map(|text| {
                serde_json::from_str(&text)
                    .map_err(|e| Error::internal(format!("{file} does not read back: {e}")))
            })
            .transpose()
    }

    fn csv(&self, file: &str) -> Result<Option<Vec<BTreeMap<String, String>>>> {
        let Some(text) = self.read(file)? else {
            return Ok(None);
        };
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let mut rows = Vec::new();
        for rec in r.deserialize() {
            rows.push(rec.map_err(|e| Error::internal(format!("{file} does not read back: {e}")))?);
        }
        Ok(Some(rows))
    }

    /// Why `file` is not there: the run's note about it, or a sentence.
    fn why_not(&self, file: &str) -> String {
        self.index
            .notes
            .iter()
            .find(|n| n.starts_with(&format!("{file} was not drawn")))
            .cloned()
            .unwrap_or_else(|| {
                format!(
                    "{file} was not drawn: pictures were turned off for this run (--no-render, or render = false in a batch)."
                )
            })
    }

    fn region_name(&self, id: &str) -> String {
        let ds = self.dataset;
        ds.region_id(id)
            .map_or_else(String::new, |r| ds.region(r).name.clone())
    }

    fn sector_name(&self, code: &str) -> String {
        self.dataset.sectors.name_of(code)
    }
}

/// `field` of a CSV row, or an internal error naming the file.
fn field<'r>(row: &'r BTreeMap<String, String>, name: &str, file: &str) -> Result<&'r str> {
    row.get(name)
        .map(String::as_str)
        .ok_or_else(|| Error::internal(format!("{file} has no column {name}")))
}

fn number(row: &BTreeMap<String, String>, name: &str, file: &str) -> Result<f64> {
    let v = field(row, name, file)?;
    v.parse::<f64>()
        .map_err(|_| Error::internal(format!("{file}: {name} {v:?} is not a number")))
}

/// The run's page, `index.html` (see the module docs).
///
/// # Errors
///
/// [`Error::Io`] when a file the index lists cannot be read, and
/// [`Error::Internal`] when one does not read back as coopnet wrote it.
pub fn run_page<P: Serialize>(p: &RunPage<'_, P>) -> Result<String> {
    let ds = p.dataset;
    let r = p.index;
    let title = dataset_title(ds);
    let mut page = Page::new(&format!("coopnet analysis: {title}"));
    let mut head = String::new();
    let _ = writeln!(head, "<header>\n<h1>{}</h1>", esc(&title));
    let _ = writeln!(
        head,
        r#"<p class="lead">coopnet analysis of <code>{}</code> ({}). Parameters: {} (all in <a href="run.json">run.json</a>).</p>"#,
        esc(r.dataset),
        esc(&r.dataset_path.display().to_string()),
        esc(r.parameters_line)
    );
    if let Some(note) = provenance_note(ds) {
        let _ = writeln!(head, r#"<p class="notice">{}</p>"#, esc(&note));
    }
    let _ = writeln!(
        head,
        r#"<p class="sub">Every table sorts when its header is clicked; long tables have a filter box. Hover over a region, a link or a node of a map for its figures. The Markdown index of the same run is <a href="README.md">README.md</a>.</p>"#
    );
    head.push_str("</header>\n");
    page.intro(&head);

    figures_section(&mut page, r);
    maps_section(&mut page, p)?;
    report_section(&mut page, p)?;
    specialisation_section(&mut page, p)?;
    relatedness_section(&mut page, p)?;
    communities_section(&mut page, p)?;
    suggestions_section(&mut page, p)?;
    files_section(&mut page, r);
    Ok(page.finish(&footer()))
}

fn figures_section<P: Serialize>(page: &mut Page, r: &RunIndex<'_, P>) {
    if !r.headlines.is_empty() {
        page.section("headlines", "Headlines");
        page.push("<ul>\n");
        for h in r.headlines {
            page.push(&format!("<li>{}</li>\n", esc(&h.replace('`', ""))));
        }
        page.push("</ul>\n");
    }
    if !r.bases.is_empty() {
        page.section("rests-on", "What each result rests on");
        let mut t = Table::new("rests-on-table", "", vec![col("result"), col("built on")]);
        for (k, v) in r.bases {
            t.rows
                .push(vec![Cell::text(k.clone()), Cell::text(v.clone())]);
        }
        page.table(&t);
    }
    page.section("figures", "Figures");
    let mut t = Table::new("figures-table", "", vec![col("figure"), col("value")]);
    for (k, v) in r.figures {
        let value = match v.parse::<f64>() {
            Ok(x) if x.is_finite() => Cell::Number(v.clone(), x),
            _ => Cell::text(v.clone()),
        };
        t.rows.push(vec![Cell::text(k.replace('_', " ")), value]);
    }
    page.table(&t);
    if !r.notes.is_empty() {
        page.push("<h3 id=\"notes\">Notes</h3>\n<ul>\n");
        for n in r.notes {
            page.push(&format!("<li>{}</li>\n", esc(n)));
        }
        page.push("</ul>\n");
    }
}

fn maps_section<P: Serialize>(page: &mut Page, p: &RunPage<'_, P>) -> Result<()> {
    page.section("maps", "Maps");
    let ds = p.dataset;
    // the choropleth, drawn here from the dataset's shapes
    let shapes = ds.path.join(crate::load::boundaries::FILE);
    if shapes.exists() {
        match choropleth(p, &shapes) {
            Ok((svg, caption)) => {
                page.push(&format!(
                    "<figure id=\"choropleth\">\n{svg}\n<figcaption>{}</figcaption>\n</figure>\n",
                    esc(&caption)
                ));
            }
            Err(e) => page.missing(&format!(
                "The map of regions was not drawn: {e}. Check the shapes with: coopnet map {} --layout shapes",
                ds.path.display()
            )),
        }
    } else {
        page.missing(&format!(
            "No map of region shapes: the dataset has no {} (docs/maps.md, \"Boundaries\", says how to add one).",
            crate::load::boundaries::FILE
        ));
    }
    if let Some(svg) = p.read("map.svg")? {
        page.push(&format!(
            "<figure id=\"network-map\" class=\"pan\">\n<div class=\"frame\" tabindex=\"0\">\n{}\n</div>\n<figcaption>The network map: regions at their capitals, at its own size (scroll inside the frame to see all of it); hover over a node or a link for its figures. Also in <a href=\"map.svg\">map.svg</a>, drawn by Graphviz from <a href=\"map.dot\">map.dot</a>.</figcaption>\n</figure>\n",
            inline_graphviz_own_size(&svg, "map", "The geographic cooperation map of regions")
        ));
    } else if p.has("map.dot") {
        page.missing(&p.why_not("map.svg"));
    }
    Ok(())
}

/// The choropleth of clusters per region with the links between regions,
/// and its caption.
fn choropleth<P: Serialize>(p: &RunPage<'_, P>, shapes: &Path) -> Result<(String, String)> {
    use super::choropleth::{ChoroplethOptions, Fill, boundaries_source, choropleth_svg};
    let ds = p.dataset;
    let boundaries = crate::load::boundaries::read_boundaries(shapes)?;
    let spec = crate::graph::ProjectionSpec {
        layers: true,
        between_only: p.between,
        ..crate::graph::ProjectionSpec::merged(crate::graph::Projection::Regions)
    };
    let view = super::NetworkView::new(ds, &spec)?;
    let opts = ChoroplethOptions {
        boundaries_source: Some(boundaries_source(shapes)),
        ..ChoroplethOptions::default()
    };
    let map = choropleth_svg(ds, &boundaries, &Fill::clusters(ds), Some(&view), &opts)?;
    let caption = format!(
        "Clusters per region and the {} strongest of {} links between regions; hover over a region or a link for its figures. \
         The same map alone: coopnet map {} --layout shapes --fill clusters --out clusters.svg",
        map.links,
        map.links_total,
        ds.path.display()
    );
    Ok((
        inline_svg(
            &map.svg,
            "shapes",
            "Clusters per region, with the links between regions",
        ),
        caption,
    ))
}

// --- the descriptive report (report.json) ---

#[derive(Deserialize)]
struct ReportIn {
    totals: TotalsIn,
    clusters_by_district: Vec<DistrictIn>,
    clusters_by_district_total: DistrictIn,
    levels: Vec<LevelIn>,
    specialisations: Vec<SpecialisationIn>,
    #[serde(default)]
    founded: Vec<YearIn>,
    inter_regional: Vec<InterRegionalIn>,
    participants_employees: CorrelationIn,
    indicators: Vec<CorrelationIn>,
}

#[derive(Deserialize)]
struct TotalsIn {
    regions: u64,
    districts: u64,
    clusters: u64,
    regional_clusters: u64,
    national_clusters: u64,
    participants: u64,
    links: u64,
}

#[derive(Deserialize)]
struct DistrictIn {
    district: String,
    initial: u64,
    medium: u64,
    high: u64,
    total: u64,
    regions_with_clusters: u64,
    regions: u64,
    share_pct: f64,
}

#[derive(Deserialize)]
struct LevelIn {
    level: String,
    clusters: u64,
    share_pct: f64,
}

#[derive(Deserialize)]
struct SpecialisationIn {
    specialisation: String,
    clusters: u64,
}

#[derive(Deserialize)]
struct YearIn {
    year: i64,
    clusters: u64,
}

#[derive(Deserialize)]
struct InterRegionalIn {
    id: String,
    name: String,
    scope: String,
    regions: Vec<String>,
    region_names: Vec<String>,
    districts: Vec<String>,
}

#[derive(Deserialize)]
struct CorrelationIn {
    between: String,
    r: Option<f64>,
    n: u64,
}

fn district_row(d: &DistrictIn) -> Vec<Cell> {
    vec![
        Cell::text(d.district.clone()),
        Cell::int(d.initial),
        Cell::int(d.medium),
        Cell::int(d.high),
        Cell::int(d.total),
        Cell::int(d.regions_with_clusters),
        Cell::int(d.regions),
        Cell::num(d.share_pct, 1),
    ]
}

fn report_section<P: Serialize>(page: &mut Page, p: &RunPage<'_, P>) -> Result<()> {
    let Some(r) = p.json::<ReportIn>("report.json")? else {
        return Ok(());
    };
    page.section("report", "Descriptive report");
    let t = &r.totals;
    page.para(&format!(
        "{} regions in {} districts; {} clusters ({} regional or inter-regional, {} national); {} organisations; {} cooperation links. \
         Also in report.md and report.json.",
        t.regions,
        t.districts,
        t.clusters,
        t.regional_clusters,
        t.national_clusters,
        t.participants,
        t.links
    ));
    let mut d = Table::new(
        "report-districts",
        "Clusters by district and level of organisational development",
        ["district"]
            .iter()
            .map(|c| col(c))
            .chain(
                [
                    "initial",
                    "medium",
                    "high",
                    "total",
                    "regions with clusters",
                    "regions",
                    "share, %",
                ]
                .iter()
                .map(|c| num_col(c)),
            )
            .collect(),
    );
    d.rows = r.clusters_by_district.iter().map(district_row).collect();
    d.footer = vec![district_row(&r.clusters_by_district_total)];
    page.table(&d);
    page.push(
        "<p class=\"sub\">National clusters are not counted here; an inter-regional cluster is counted once, in its home region's district. \
         Share: regions with clusters among the district's regions.</p>\n",
    );
    let mut l = Table::new(
        "report-levels",
        "Levels of organisational development",
        vec![col("level"), num_col("clusters"), num_col("share, %")],
    );
    l.rows = r
        .levels
        .iter()
        .map(|x| {
            vec![
                Cell::text(x.level.clone()),
                Cell::int(x.clusters),
                Cell::num(x.share_pct, 1),
            ]
        })
        .collect();
    page.table(&l);
    let mut s = Table::new(
        "report-specialisations",
        "Clusters by specialisation",
        vec![col("specialisation"), num_col("clusters")],
    );
    s.rows = r
        .specialisations
        .iter()
        .map(|x| vec![Cell::text(x.specialisation.clone()), Cell::int(x.clusters)])
        .collect();
    page.table(&s);
    if !r.founded.is_empty() {
        let mut y = Table::new(
            "report-founded",
            "Clusters founded per year",
            vec![num_col("year"), num_col("clusters")],
        );
        y.rows = r
            .founded
            .iter()
            .map(|x| {
                vec![
                    Cell::Number(x.year.to_string(), x.year as f64),
                    Cell::int(x.clusters),
                ]
            })
            .collect();
        page.table(&y);
    }
    if r.inter_regional.is_empty() {
        page.para(
            "Inter-regional and national clusters: none; every cluster is confined to one region.",
        );
    } else {
        let mut t = Table::new(
            "report-inter-regional",
            "Inter-regional and national clusters",
            vec![
                col("cluster"),
                col("scope"),
                col("regions"),
                col("districts"),
            ],
        );
        t.rows = r
            .inter_regional
            .iter()
            .map(|c| {
                let regions: Vec<String> = c
                    .regions
                    .iter()
                    .zip(&c.region_names)
                    .map(|(id, n)| format!("{n} ({id})"))
                    .collect();
                vec![
                    Cell::text(format!("{} ({})", c.name, c.id)),
                    Cell::text(c.scope.clone()),
                    Cell::text(regions.join(", ")),
                    Cell::text(c.districts.join(", ")),
                ]
            })
            .collect();
        page.table(&t);
    }
    let mut c = Table::new(
        "report-correlations",
        "Correlations",
        vec![col("between"), num_col("r"), num_col("n")],
    );
    c.rows = std::iter::once(&r.participants_employees)
        .chain(&r.indicators)
        .map(|x| {
            vec![
                Cell::text(x.between.clone()),
                x.r.map_or_else(|| Cell::text("n/a"), |v| Cell::num(v, 3)),
                Cell::int(x.n),
            ]
        })
        .collect();
    page.table(&c);
    Ok(())
}

// --- specialisation and relatedness (CSV) ---

fn region_cells<P: Serialize>(p: &RunPage<'_, P>, id: &str) -> [Cell; 2] {
    [Cell::text(p.region_name(id)), Cell::text(id.to_string())]
}

fn sector_cells<P: Serialize>(p: &RunPage<'_, P>, code: &str) -> [Cell; 2] {
    [
        Cell::text(code.to_string()),
        Cell::text(p.sector_name(code)),
    ]
}

fn specialisation_section<P: Serialize>(page: &mut Page, p: &RunPage<'_, P>) -> Result<()> {
    let spec = p.csv("specialisation.csv")?;
    let regions = p.csv("regions.csv")?;
    if spec.is_none() && regions.is_none() {
        return Ok(());
    }
    page.section("specialisation", "Specialisation");
    let what = p
        .index
        .files
        .iter()
        .find(|f| f.0 == "specialisation.csv")
        .map(|f| f.1.clone())
        .unwrap_or_default();
    if let Some(rows) = spec {
        const F: &str = "specialisation.csv";
        let mut kept = Vec::new();
        for row in &rows {
            if field(row, "specialised", F)? == "1" {
                kept.push((
                    field(row, "region", F)?,
                    field(row, "sector", F)?,
                    number(row, "value", F)?,
                    number(row, "lq", F)?,
                ));
            }
        }
        kept.sort_by(|a, b| a.0.cmp(b.0).then(b.3.total_cmp(&a.3)).then(a.1.cmp(b.1)));
        page.para(&format!(
            "The {} region-sector pairs with a location quotient at or above the threshold, of {} in specialisation.csv ({what}).",
            kept.len(),
            rows.len()
        ));
        let mut t = Table::new(
            "specialisations",
            "Specialisations",
            vec![
                col("region"),
                col("id"),
                col("sector"),
                col("sector name"),
                num_col("value"),
                num_col("LQ"),
            ],
        );
        for (region, sector, value, lq) in kept {
            let mut cells: Vec<Cell> = region_cells(p, region).into();
            cells.extend(sector_cells(p, sector));
            cells.push(Cell::num(value, if value.fract() == 0.0 { 0 } else { 2 }));
            cells.push(Cell::num(lq, 3));
            t.rows.push(cells);
        }
        page.table(&t);
    }
    if let Some(rows) = regions {
        const F: &str = "regions.csv";
        let mut t = Table::new(
            "region-indices",
            "Region indices: how specialised each region is",
            vec![
                col("region"),
                col("id"),
                num_col("total"),
                num_col("specialisations"),
                num_col("Herfindahl"),
                num_col("Krugman"),
                num_col("entropy (bits)"),
            ],
        );
        for row in &rows {
            let mut cells: Vec<Cell> = region_cells(p, field(row, "region", F)?).into();
            let total = number(row, "total", F)?;
            cells.push(Cell::num(total, if total.fract() == 0.0 { 0 } else { 2 }));
            cells.push(Cell::num(number(row, "diversity", F)?, 0));
            cells.push(Cell::num(number(row, "herfindahl", F)?, 4));
            cells.push(Cell::num(number(row, "krugman", F)?, 4));
            cells.push(Cell::num(number(row, "entropy", F)?, 4));
            t.rows.push(cells);
        }
        page.table(&t);
    }
    Ok(())
}

fn relatedness_section<P: Serialize>(page: &mut Page, p: &RunPage<'_, P>) -> Result<()> {
    let pairs = p.csv("relatedness.csv")?;
    let density = p.csv("density.csv")?;
    if pairs.is_none() && density.is_none() {
        return Ok(());
    }
    page.section("relatedness", "Relatedness");
    if let Some(rows) = pairs {
        const F: &str = "relatedness.csv";
        let mut list = Vec::new();
        for row in &rows {
            list.push((
                field(row, "sector_a", F)?,
                field(row, "sector_b", F)?,
                number(row, "cooccurrence", F)?,
                number(row, "relatedness", F)?,
            ));
        }
        list.sort_by(|a, b| b.3.total_cmp(&a.3).then(a.0.cmp(b.0)).then(a.1.cmp(b.1)));
        page.para(
            "Pairs of sectors that regions specialise in together, most related first (relatedness.csv).",
        );
        let mut t = Table::new(
            "relatedness-pairs",
            "Related sectors",
            vec![
                col("sector"),
                col("name"),
                col("sector"),
                col("name"),
                num_col("regions with both"),
                num_col("relatedness"),
            ],
        );
        for (a, b, co, rel) in list {
            let mut cells: Vec<Cell> = sector_cells(p, a).into();
            cells.extend(sector_cells(p, b));
            cells.push(Cell::num(co, 0));
            cells.push(Cell::num(rel, 4));
            t.rows.push(cells);
        }
        page.table(&t);
    }
    if let Some(rows) = density {
        const F: &str = "density.csv";
        let mut by_region: BTreeMap<&str, Vec<(&str, f64)>> = BTreeMap::new();
        for row in &rows {
            let d = number(row, "density", F)?;
            if field(row, "specialised", F)? == "0" && d > 0.0 {
                by_region
                    .entry(field(row, "region", F)?)
                    .or_default()
                    .push((field(row, "sector", F)?, d));
            }
        }
        page.para(&format!(
            "Relatedness density (0 to 100) of the sectors a region does not yet specialise in: how much of what it already does is related to each. \
             The {DENSITY_PER_REGION} densest for each region; every region and sector is in density.csv."
        ));
        let mut t = Table::new(
            "density",
            "Related sectors a region could grow into",
            vec![
                col("region"),
                col("id"),
                col("sector"),
                col("sector name"),
                num_col("density"),
            ],
        );
        for (region, mut list) in by_region {
            list.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
            for (sector, d) in list.into_iter().take(DENSITY_PER_REGION) {
                let mut cells: Vec<Cell> = region_cells(p, region).into();
                cells.extend(sector_cells(p, sector));
                cells.push(Cell::num(d, 2));
                t.rows.push(cells);
            }
        }
        page.table(&t);
    }
    Ok(())
}

// --- communities ---

#[derive(Deserialize)]
struct CommunitiesIn {
    #[serde(default)]
    projection: Option<String>,
    nodes: u64,
    edges: u64,
    modularity: f64,
    communities: u64,
    seed: u64,
}

fn communities_section<P: Serialize>(page: &mut Page, p: &RunPage<'_, P>) -> Result<()> {
    let Some(c) = p.json::<CommunitiesIn>("communities.json")? else {
        return Ok(());
    };
    page.section("communities", "Communities");
    let ds = p.dataset;
    let projection = c.projection.clone().unwrap_or_default();
    page.para(&format!(
        "Leiden found {} communities among the {} nodes and {} edges of the {projection} projection: modularity {:.4}, seed {}. \
         Membership in communities.csv, everything else in communities.json.",
        c.communities, c.nodes, c.edges, c.modularity, c.seed
    ));
    let Some(rows) = p.csv("communities.csv")? else {
        return Ok(());
    };
    const F: &str = "communities.csv";
    let name_of = |node: &str| -> String {
        let named = match projection.as_str() {
            "regions" => ds.region_id(node).map(|r| ds.region(r).name.clone()),
            "clusters" => ds.cluster_id(node).map(|x| ds.cluster(x).name.clone()),
            "participants" => ds
                .participant_id(node)
                .map(|x| ds.participant(x).name.clone()),
            _ => None,
        };
        match named {
            Some(n) if !n.is_empty() && n != node => format!("{n} ({node})"),
            _ => node.to_string(),
        }
    };
    let mut members: BTreeMap<u64, Vec<String>> = BTreeMap::new();
    for row in &rows {
        let k = number(row, "community", F)? as u64;
        members
            .entry(k)
            .or_default()
            .push(name_of(field(row, "node", F)?));
    }
    let mut list: Vec<(u64, Vec<String>)> = members.into_iter().collect();
    list.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    let total = list.len();
    if total > COMMUNITIES_SHOWN {
        page.para(&format!(
            "The {COMMUNITIES_SHOWN} largest of {total} communities; every one is in communities.csv."
        ));
    }
    let mut t = Table::new(
        "communities-table",
        "Communities, the largest first",
        vec![num_col("community"), num_col("size"), col("members")],
    );
    for (k, mut names) in list.into_iter().take(COMMUNITIES_SHOWN) {
        names.sort();
        let size = names.len();
        let mut shown = names
            .into_iter()
            .take(MEMBERS_SHOWN)
            .collect::<Vec<_>>()
            .join("; ");
        if size > MEMBERS_SHOWN {
            let _ = write!(shown, "; and {} more", size - MEMBERS_SHOWN);
        }
        t.rows.push(vec![
            Cell::int(k),
            Cell::int(size as u64),
            Cell::text(shown),
        ]);
    }
    page.table(&t);
    Ok(())
}

// --- suggestions ---

#[derive(Deserialize)]
struct SuggestionsIn {
    value_chain: String,
    nodes: u64,
    edges: u64,
    total_suggestions: u64,
    suggestions: Vec<SuggestionIn>,
    #[serde(default)]
    existing_clusters: Vec<ExistingIn>,
    #[serde(default)]
    expected_pairings: Vec<PairingIn>,
    #[serde(default)]
    innovation: Vec<InnovationIn>,
}

/// An expected pairing of `expected_pairings.csv` and its evaluation.
#[derive(Deserialize)]
struct PairingIn {
    id: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    expected_kind: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    members_named: Vec<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    rank: Option<u64>,
    #[serde(default)]
    rank_in_kind: Option<u64>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
struct SuggestionIn {
    rank: u64,
    kind: String,
    regions: Vec<String>,
    region_names: Vec<String>,
    districts: Vec<String>,
    sectors: Vec<String>,
    sector_names: Vec<String>,
    members: Vec<MemberIn>,
    score: f64,
    internal_weight: f64,
    value_chain_share: f64,
    cohesion: f64,
    community: u64,
    #[serde(default)]
    anchors: Vec<AnchorIn>,
    #[serde(default)]
    explanation: Vec<ExplanationIn>,
}

#[derive(Deserialize)]
struct MemberIn {
    region: String,
    sector: String,
    lq: f64,
    strength: f64,
}

#[derive(Deserialize)]
struct AnchorIn {
    kind: String,
    id: String,
    name: String,
    regions: Vec<String>,
    sector: String,
    #[serde(default)]
    employees: Option<u64>,
}

#[derive(Deserialize)]
struct ExplanationIn {
    kind: String,
    supplier_region: String,
    supplier_sector: String,
    buyer_region: String,
    buyer_sector: String,
    text: String,
    #[serde(default)]
    rationale: String,
}

/// An explanation line in names: the sectors by code and name, the regions
/// by name (the JSON's `text` has codes only).
fn explained<P: Serialize>(p: &RunPage<'_, P>, e: &ExplanationIn) -> String {
    let sector = |c: &str| coded(c, &p.sector_name(c));
    let region = |r: &str| {
        let n = p.region_name(r);
        if n.is_empty() { r.to_string() } else { n }
    };
    match e.kind.as_str() {
        "value-chain" => format!(
            "{} in {} supplies {} in {}",
            sector(&e.supplier_sector),
            region(&e.supplier_region),
            sector(&e.buyer_sector),
            region(&e.buyer_region)
        ),
        "sectoral" => format!(
            "{} and {} both specialise in {}",
            region(&e.supplier_region),
            region(&e.buyer_region),
            sector(&e.supplier_sector)
        ),
        _ => e.text.clone(),
    }
}

#[derive(Deserialize)]
struct ExistingIn {
    id: String,
    name: String,
    sector: String,
    regions: Vec<String>,
    #[serde(default)]
    rank: Option<u64>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    rank_in_kind: Option<u64>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
struct InnovationIn {
    region: String,
    organisations: u64,
    index: f64,
}

/// `Kostroma Oblast (RU-KOS)`.
fn named(id: &str, name: Option<&String>) -> String {
    match name {
        Some(n) if !n.is_empty() && n != id => format!("{n} ({id})"),
        _ => id.to_string(),
    }
}

/// `32 Other manufacturing`.
fn coded(code: &str, name: &str) -> String {
    if name.is_empty() || name == code {
        code.to_string()
    } else {
        format!("{code} {name}")
    }
}

fn suggestions_section<P: Serialize>(page: &mut Page, p: &RunPage<'_, P>) -> Result<()> {
    let Some(s) = p.json::<SuggestionsIn>("suggestions.json")? else {
        return Ok(());
    };
    page.section("suggestions", "National-cluster suggestions");
    page.para(&format!(
        "{} suggestions from {} specialisations and {} edges between them; value chain: {}. \
         Score: the mean strength of a suggestion's members inside it. Method and parameters in suggestions.md and suggestions.json.",
        s.total_suggestions, s.nodes, s.edges, s.value_chain
    ));
    if let Some(svg) = p.read("suggestions.svg")? {
        page.push(&format!(
            "<figure id=\"suggestion-diagram\">\n{}\n<figcaption>The strongest suggestions, one card each: the regions and the sectors they bring. Also in <a href=\"suggestions.svg\">suggestions.svg</a>.</figcaption>\n</figure>\n",
            inline_graphviz(&svg, "diagram", "The top suggestions as groups of regions")
        ));
    } else if p.has("suggestions.dot") {
        page.missing(&p.why_not("suggestions.svg"));
    }
    if s.suggestions.is_empty() {
        page.para("No community of specialisations spans two or more regions.");
        return Ok(());
    }
    let mut t = Table::new(
        "suggestions-table",
        "Every suggestion, ranked",
        vec![
            num_col("rank"),
            col("kind"),
            col("regions"),
            col("sectors"),
            num_col("score"),
            num_col("on the value chain, %"),
            num_col("cohesion"),
        ],
    );
    for x in &s.suggestions {
        let regions: Vec<String> = x
            .regions
            .iter()
            .enumerate()
            .map(|(i, r)| named(r, x.region_names.get(i)))
            .collect();
        let sectors: Vec<String> = x
            .sectors
            .iter()
            .enumerate()
            .map(|(i, c)| coded(c, x.sector_names.get(i).map_or("", String::as_str)))
            .collect();
        t.rows.push(vec![
            Cell::int(x.rank),
            Cell::text(x.kind.clone()),
            Cell::text(regions.join(", ")),
            Cell::text(sectors.join("; ")),
            Cell::num(x.score, 2),
            Cell::num(100.0 * x.value_chain_share, 0),
            Cell::num(x.cohesion, 2),
        ]);
    }
    page.table(&t);
    let shown = p.top.min(s.suggestions.len());
    page.push(&format!(
        "<h3 id=\"suggestions-in-full\">The first {shown} in full</h3>\n"
    ));
    for x in s.suggestions.iter().take(shown) {
        suggestion_detail(page, p, x, &s.innovation);
    }
    if !s.existing_clusters.is_empty() {
        page.push("<h3 id=\"existing-clusters\">Existing inter-regional clusters</h3>\n");
        page.para(
            "Where the dataset's clusters with two or more regions rank among the suggestions: the best suggestion holding two or more of their regions' specialisations in their sector.",
        );
        let mut t = Table::new(
            "existing-clusters-table",
            "",
            vec![
                col("cluster"),
                col("sector"),
                col("regions"),
                num_col("rank"),
                col("kind (rank in kind)"),
                col("note"),
            ],
        );
        for c in &s.existing_clusters {
            t.rows.push(vec![
                Cell::text(format!("{} ({})", c.name, c.id)),
                Cell::text(coded(&c.sector, &p.sector_name(&c.sector))),
                Cell::text(
                    c.regions
                        .iter()
                        .map(|r| named(r, Some(&p.region_name(r))))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                c.rank.map_or_else(|| Cell::text("-"), Cell::int),
                Cell::text(match (&c.kind, c.rank_in_kind) {
                    (Some(k), Some(r)) => format!("{k} ({r})"),
                    _ => "-".to_string(),
                }),
                Cell::text(c.note.clone().unwrap_or_default()),
            ]);
        }
        page.table(&t);
    }
    if !s.expected_pairings.is_empty() {
        pairings_table(page, &s.expected_pairings);
    }
    Ok(())
}

/// The expected pairings (`expected_pairings.csv`): each one's rank among
/// the suggestions, or which evidence is missing.
fn pairings_table(page: &mut Page, pairings: &[PairingIn]) {
    page.push("<h3 id=\"expected-pairings\">Expected pairings</h3>\n");
    page.para(
        "The pairings of the dataset's expected_pairings.csv (from a study or an expert): where each ranks among the suggestions, or which evidence is missing for it.",
    );
    let mut t = Table::new(
        "expected-pairings-table",
        "",
        vec![
            col("pairing"),
            col("specialisations"),
            num_col("rank"),
            col("kind (rank in kind)"),
            col("note"),
            col("source"),
        ],
    );
    for x in pairings {
        t.rows.push(vec![
            Cell::text(match &x.name {
                Some(name) => format!("{name} ({})", x.id),
                None => x.id.clone(),
            }),
            Cell::text(x.members_named.join("; ")),
            x.rank.map_or_else(|| Cell::text("-"), Cell::int),
            Cell::text(match (&x.kind, x.rank_in_kind, &x.expected_kind) {
                (Some(k), Some(r), _) => format!("{k} ({r})"),
                (_, _, Some(k)) => format!("{k} expected"),
                _ => "-".to_string(),
            }),
            Cell::text(x.note.clone().unwrap_or_default()),
            Cell::text(x.source.clone().unwrap_or_default()),
        ]);
    }
    page.table(&t);
}

fn suggestion_detail<P: Serialize>(
    page: &mut Page,
    p: &RunPage<'_, P>,
    x: &SuggestionIn,
    innovation: &[InnovationIn],
) {
    let names: Vec<&str> = x
        .regions
        .iter()
        .enumerate()
        .map(|(i, r)| x.region_names.get(i).map_or(r.as_str(), String::as_str))
        .collect();
    let mut kind = x.kind.clone();
    if let Some(first) = kind.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    let mut o = String::new();
    let _ = writeln!(
        o,
        "<section class=\"suggestion\" id=\"suggestion-{}\">\n<h4>{}. {}: {}</h4>",
        x.rank,
        x.rank,
        esc(&kind),
        esc(&names.join(", "))
    );
    let _ = writeln!(
        o,
        "<p>Score {:.2}: internal weight {:.2} over {} specialisations, {:.0} % of it on the value chain; cohesion {:.2}; districts {}; from community {}.</p>",
        x.score,
        x.internal_weight,
        x.members.len(),
        100.0 * x.value_chain_share,
        x.cohesion,
        esc(&x.districts.join(", ")),
        x.community
    );
    if !x.explanation.is_empty() {
        o.push_str("<p><b>Why:</b></p>\n<ul>\n");
        for e in &x.explanation {
            let _ = write!(
                o,
                "<li>{} <span class=\"sub\">({})</span>",
                esc(&explained(p, e)),
                esc(&e.text)
            );
            if !e.rationale.is_empty() {
                let _ = write!(o, ": {}", esc(&e.rationale));
            }
            o.push_str("</li>\n");
        }
        o.push_str("</ul>\n");
    }
    page.push(&o);
    let mut t = Table::new(
        &format!("suggestion-{}-members", x.rank),
        "Evidence: the specialisations it joins",
        vec![
            col("region"),
            col("sector"),
            num_col("LQ"),
            num_col("strength inside"),
        ],
    );
    for m in &x.members {
        t.rows.push(vec![
            Cell::text(named(&m.region, Some(&p.region_name(&m.region)))),
            Cell::text(coded(&m.sector, &p.sector_name(&m.sector))),
            Cell::num(m.lq, 2),
            Cell::num(m.strength, 2),
        ]);
    }
    page.table(&t);
    let mut o = String::new();
    if !x.anchors.is_empty() {
        o.push_str("<p><b>Anchors:</b></p>\n<ul>\n");
        for a in &x.anchors {
            let size = a
                .employees
                .map_or(String::new(), |e| format!(", {e} employees"));
            let _ = writeln!(
                o,
                "<li>{} {} ({}, {} in {}{size})</li>",
                esc(&a.kind),
                esc(&a.name),
                esc(&a.id),
                esc(&a.sector),
                esc(&a.regions.join("/"))
            );
        }
        o.push_str("</ul>\n");
    }
    let each: Vec<String> = x
        .regions
        .iter()
        .filter_map(|r| innovation.iter().find(|i| &i.region == r))
        .map(|i| {
            format!(
                "{} {:.2} ({} organisations)",
                i.region, i.index, i.organisations
            )
        })
        .collect();
    if !each.is_empty() {
        let _ = writeln!(
            o,
            "<p>Innovation index (research and university organisations): {}.</p>",
            esc(&each.join(", "))
        );
    }
    o.push_str("</section>\n");
    page.push(&o);
}

fn files_section<P: Serialize>(page: &mut Page, r: &RunIndex<'_, P>) {
    page.section("files", "Files of this run");
    let mut t = Table::new("files-table", "", vec![col("file"), col("what")]);
    for (f, what) in r.files {
        t.rows
            .push(vec![Cell::link(f, f), Cell::text(what.clone())]);
    }
    page.table(&t);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graphviz_svg_is_made_inline() {
        let svg = r#"<?xml version="1.0"?>
<!DOCTYPE svg>
<!-- Generated by graphviz -->
<svg width="300pt" height="150pt" viewBox="0 0 300 150" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
<g id="graph0" class="graph">
<title>coopnet</title>
<g id="node1" class="node">
<title>n0</title>
<g id="a_node1"><a xlink:title="Kostroma &amp; Ivanovo">
<ellipse fill="url(#grad)"/>
</a></g></g></g></svg>"#;
        let out = inline_graphviz(svg, "map", "A map");
        assert!(out.starts_with("<svg"), "{out}");
        assert!(!out.contains("<!--") && !out.contains("<?xml"));
        assert!(!out.contains("<title>n0</title>") && !out.contains("<title>coopnet</title>"));
        assert!(out.contains(
            r#"<a xlink:title="Kostroma &amp; Ivanovo"><title>Kostroma &amp; Ivanovo</title>"#
        ));
        assert!(out.contains(r#"id="map-node1""#) && out.contains("url(#map-grad)"));
        assert!(out.contains(r#"style="max-width:400px""#), "{out}");
        assert!(!out.contains("height=\"150pt\""));
    }

    #[test]
    fn tables_escape_and_sort_by_value() {
        let mut t = Table::new("t", "<cap>", vec![col("name"), num_col("lq")]);
        t.rows
            .push(vec![Cell::text("R&D <b>"), Cell::num(2.345678, 2)]);
        let h = t.html();
        assert!(h.contains("R&amp;D &lt;b&gt;"));
        assert!(h.contains(r#"data-sort="2.345678">2.35<"#), "{h}");
        assert!(h.contains(r#"<th class="num" data-sort-method="number">lq</th>"#));
        assert!(h.contains(r#"<th data-sort-method="text">name</th>"#));
        assert!(
            !h.contains("class=\"filter\""),
            "a short table has no filter"
        );
        t.rows = (0..=FILTER_ROWS)
            .map(|i| vec![Cell::text(format!("r{i}")), Cell::int(i as u64)])
            .collect();
        assert!(t.html().contains("class=\"filter\" data-table=\"t\""));
    }

    #[test]
    fn a_tall_table_prints_as_many_rows_as_it_says() {
        let rule = format!(".scroll.tall tbody tr:nth-child(n+{})", TALL_ROWS + 1);
        assert!(CSS.contains(&rule), "report.css lacks {rule}");
        let mut t = Table::new("t", "", vec![col("name")]);
        t.rows = (0..=TALL_ROWS)
            .map(|i| vec![Cell::text(format!("r{i}"))])
            .collect();
        let h = t.html();
        assert!(h.contains("class=\"scroll tall\""), "{h}");
        assert!(h.contains(&format!("the first {TALL_ROWS} of {} rows", TALL_ROWS + 1)));
    }

    #[test]
    fn links_are_percent_encoded() {
        assert_eq!(
            href_path("demo/seed=1/index.html"),
            "demo/seed=1/index.html"
        );
        assert_eq!(href_path("a#1 b:c/ö"), "a%231%20b%3Ac/%C3%B6");
    }

    #[test]
    fn every_column_names_how_it_sorts() {
        let mut t = Table::new("t", "", vec![col("figure"), col("value"), col("n")]);
        t.rows.push(vec![
            Cell::text("links"),
            Cell::int(14446u64),
            Cell::int(1u64),
        ]);
        t.rows.push(vec![
            Cell::text("top"),
            Cell::text("23 in RU-CHU"),
            Cell::text(""),
        ]);
        let h = t.html();
        assert!(
            h.contains(r#"<th data-sort-method="text">figure</th>"#),
            "{h}"
        );
        assert!(
            h.contains(r#"<th data-sort-method="mixed">value</th>"#),
            "{h}"
        );
        assert!(
            h.contains(r#"<th class="num" data-sort-method="number">n</th>"#),
            "{h}"
        );
    }

    #[test]
    fn the_scripts_cannot_end_the_script_element() {
        for s in [TABLESORT, TABLESORT_NUMBER, REPORT_JS] {
            assert!(!s.to_ascii_lowercase().contains("</script"));
        }
        assert!(!CSS.to_ascii_lowercase().contains("</style"));
    }
}
