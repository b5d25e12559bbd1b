//! Plain edge lists: one edge per line, `u v` or `u v w`.
//!
//! # Format
//!
//! - Fields are separated by whitespace (spaces, tabs), or by commas: a line that contains
//!   a comma is split at commas and each field trimmed, so `a, b, 2.5` works.
//! - `u` and `v` are node ids: any text without separators. Ids that are plain decimal
//!   integers (`0`, `17`, not `007` or `+5`) are stored as numbers; `7` and `007` are
//!   different ids.
//! - `w`, optional, is the edge weight: a finite number `>= 0`; without it the weight is 1.
//!   Lines with and without weights may be mixed.
//! - `#` starts a comment, to the end of the line; blank lines are skipped. Windows line
//!   ends are accepted. There is no header line (comment it out).
//! - Any encoding [`super::encoding`] detects: UTF-8 (with or without a byte-order mark),
//!   UTF-16 with one, or a single-byte encoding guessed from the first megabyte; or the
//!   one named in [`LoadOptions::encoding`]. An id that is not valid UTF-8 in a UTF-8
//!   file is reported with its line.
//! - The graph is undirected: `u v` and `v u` are the same edge, and an edge given twice
//!   has the sum of the weights. Self-loops are kept.
//!
//! Node ids become dense `u32` ids `0, 1, 2, ...` in order of first appearance (reading
//! `u` before `v` on each line); [`EdgeList::names`] turns them back.
//!
//! Every bad line is reported as a [`Problem`] with the file name, line number, field and
//! value; all of them are collected (up to [`crate::error::MAX_PROBLEMS`] listed) before
//! the reader fails with [`Error::Invalid`]. No input makes it panic.
//!
//! ```
//! use coopnet::load::edgelist;
//! let text = "# a small graph\nkostroma, yakutia, 2.5\nyakutia tula\n";
//! let list = edgelist::parse(text.as_bytes(), "links.txt").unwrap();
//! assert_eq!(list.graph.node_count(), 3);
//! assert_eq!(list.names.name(1), "yakutia");
//! assert_eq!(list.graph.total_weight(), 3.5);
//!
//! let err = edgelist::parse(b"a b\nc\n", "bad.txt").unwrap_err();
//! assert_eq!(err.problems()[0].line, Some(2));
//! ```
//!
//! # Speed and memory
//!
//! The input is read in blocks of [`BLOCK`] bytes; each block is parsed in parallel and
//! merged in order, so ids do not depend on the number of threads. The graph is built in
//! place (counting sort of the arcs, then each row sorted and merged), without an
//! intermediate copy of all the arcs.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use rayon::prelude::*;

use super::LoadOptions;
use super::encoding::Encoding;
use crate::error::{Error, Problem, Problems, Result};
use crate::graph::CsrGraph;

/// Bytes read and parsed at a time.
pub const BLOCK: usize = 16 << 20;

/// Longest line accepted.
const MAX_LINE: usize = 64 << 20;

/// Bytes per parallel parsing task within a block.
const TASK: usize = 1 << 20;

/// Longest value quoted in a problem.
const QUOTE: usize = 80;

/// The names of the nodes of an edge list, indexed by dense id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeNames {
    /// Every id in the file was a plain decimal integer.
    Integers(Vec<u64>),
    /// Some ids were not plain integers; all are kept as written.
    Strings(Vec<String>),
}

impl NodeNames {
    /// Number of nodes.
    pub fn len(&self) -> usize {
        match self {
            NodeNames::Integers(v) => v.len(),
            NodeNames::Strings(v) => v.len(),
        }
    }

    /// True when there are no nodes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The name of node `id` as written in the file.
    ///
    /// # Panics
    ///
    /// Panics if `id >= self.len()` (ids come from the same edge list).
    pub fn name(&self, id: u32) -> Cow<'_, str> {
        match self {
            NodeNames::Integers(v) => Cow::Owned(v[id as usize].to_string()),
            NodeNames::Strings(v) => Cow::Borrowed(&v[id as usize]),
        }
    }
}

/// A graph read from an edge list, with the names of its nodes.
#[derive(Debug, Clone)]
pub struct EdgeList {
    /// The undirected graph over dense ids.
    pub graph: CsrGraph,
    /// The original id of every node.
    pub names: NodeNames,
    /// Whether any line had a weight.
    pub weighted: bool,
    /// Number of edge lines read (before merging repeated edges).
    pub lines: u64,
}

/// Reads the edge list in the file at `path`. Problems name the file as given.
///
/// # Errors
///
/// [`Error::Io`] if the file cannot be read, [`Error::Invalid`] listing every bad line,
/// or if the file has no edges.
pub fn read(path: &Path) -> Result<EdgeList> {
    read_with(path, &LoadOptions::default())
}

/// Like [`read`], with options (an encoding that overrides detection).
///
/// # Errors
///
/// As [`read`]; a missing file, a folder or a broken link is [`Error::Invalid`].
pub fn read_with(path: &Path, options: &LoadOptions) -> Result<EdgeList> {
    let name = path.display().to_string();
    if let Some(problem) = super::unreadable(path, &name) {
        return Err(Error::invalid(problem));
    }
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    read_from_with(file, &name, options).map_err(|e| match e {
        Error::Io { source, .. } => Error::io(path, source),
        other => other,
    })
}

/// Parses an edge list held in memory; `file` names it in problems.
///
/// # Errors
///
/// As [`read`], without I/O errors.
pub fn parse(bytes: &[u8], file: &str) -> Result<EdgeList> {
    read_from(bytes, file)
}

/// Reads an edge list from any reader, block by block; `file` names it in problems.
///
/// # Errors
///
/// As [`read`].
pub fn read_from(reader: impl Read, file: &str) -> Result<EdgeList> {
    read_from_with(reader, file, &LoadOptions::default())
}

/// Bytes looked at to detect the encoding of an edge list.
const HEAD: usize = 1 << 20;

/// Like [`read_from`], with options.
///
/// # Errors
///
/// As [`read`].
pub fn read_from_with(
    mut reader: impl Read,
    file: &str,
    options: &LoadOptions,
) -> Result<EdgeList> {
    let mut head = Vec::new();
    reader
        .by_ref()
        .take(HEAD as u64)
        .read_to_end(&mut head)
        .map_err(|e| Error::io(file, e))?;
    let encoding = match options.encoding {
        Some(e) => e,
        None => detect(&head, file)?,
    };
    let all = std::io::Cursor::new(head).chain(reader);
    if encoding.codec() == encoding_rs::UTF_8 {
        parse_utf8(all, file)
    } else {
        parse_utf8(Decoding::new(all, encoding), file)
    }
}

/// The encoding of an edge list from its first bytes: UTF-8 when they are
/// (or are UTF-8 but for a few bad bytes, which are reported with their
/// lines), else what [`super::encoding::decode`] finds.
fn detect(head: &[u8], file: &str) -> Result<Encoding> {
    let valid = match std::str::from_utf8(head) {
        Ok(_) => true,
        // cut inside a letter at the end of the head
        Err(e) => e.error_len().is_none() && head.len() >= HEAD,
    };
    if valid || head.starts_with(b"\xEF\xBB\xBF") {
        return Ok(Encoding::Utf8);
    }
    match super::encoding::decode(head.to_vec(), file, None) {
        Ok(d) => Ok(d.encoding),
        // UTF-8 but for a few bytes: the parser reports each bad id
        Err(_) if !head.starts_with(b"\xFF\xFE") && !head.starts_with(b"\xFE\xFF") => {
            Ok(Encoding::Utf8)
        }
        Err(e) => Err(e),
    }
}

/// A reader of text in `encoding`, giving UTF-8 (a byte-order mark dropped).
struct Decoding<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    input: Vec<u8>,
    start: usize,
    eof: bool,
    done: bool,
}

impl<R: Read> Decoding<R> {
    fn new(inner: R, encoding: Encoding) -> Self {
        Decoding {
            inner,
            decoder: encoding.codec().new_decoder_with_bom_removal(),
            input: Vec::new(),
            start: 0,
            eof: false,
            done: false,
        }
    }
}

impl<R: Read> Read for Decoding<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        // a UTF-8 character is at most 4 bytes: leave room for one
        if out.len() < 4 {
            let mut buf = [0u8; 4];
            let n = self.read(&mut buf)?;
            let k = n.min(out.len());
            out[..k].copy_from_slice(&buf[..k]);
            return Ok(k);
        }
        loop {
            if self.done {
                return Ok(0);
            }
            if self.start == self.input.len() && !self.eof {
                self.input.resize(64 << 10, 0);
                self.start = 0;
                let n = loop {
                    match self.inner.read(&mut self.input) {
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                        r => break r?,
                    }
                };
                self.input.truncate(n);
                self.eof = n == 0;
            }
            let (result, read, written, _) =
                self.decoder
                    .decode_to_utf8(&self.input[self.start..], out, self.eof);
            self.start += read;
            if self.eof
                && result == encoding_rs::CoderResult::InputEmpty
                && self.start == self.input.len()
            {
                self.done = true;
            }
            if written > 0 || self.done {
                return Ok(written);
            }
        }
    }
}

/// Parses UTF-8 text, block by block.
fn parse_utf8(mut reader: impl Read, file: &str) -> Result<EdgeList> {
    let mut builder = Builder::new(file);
    let mut buf: Vec<u8> = Vec::new();
    let mut first = true;
    let mut eof = false;
    while !eof {
        // Fill the buffer to BLOCK bytes (or EOF), growing it only as data arrives.
        let want = (BLOCK.saturating_sub(buf.len()) as u64).max(4096);
        let got = loop {
            match reader.by_ref().take(want).read_to_end(&mut buf) {
                Ok(k) => break k,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Error::io(file, e)),
            }
        };
        if got == 0 {
            eof = true;
        }
        if first && (buf.len() >= 3 || eof) {
            first = false;
            if buf.starts_with(&[0xEF, 0xBB, 0xBF]) {
                buf.drain(..3);
            }
        }
        let start = 0;
        let end = if eof {
            buf.len()
        } else {
            match buf.iter().rposition(|&b| b == b'\n') {
                Some(p) => p + 1,
                None if buf.len() < MAX_LINE => continue, // a line longer than a block: read more
                None => {
                    let reason = format!("is longer than {} MiB", MAX_LINE >> 20);
                    return Err(Error::invalid(Problem::line(
                        file,
                        builder.line_base,
                        reason,
                    )));
                }
            }
        };
        builder.block(&buf[start..end]);
        buf.drain(..end);
    }
    builder.finish()
}

/// One endpoint as parsed: a plain integer or a byte range of the block.
#[derive(Debug, Clone, Copy)]
enum Endpoint {
    Int(u64),
    Text(u32, u32),
}

/// What one task parsed from its part of a block.
struct Parsed {
    edges: Vec<(Endpoint, Endpoint)>,
    weights: Vec<f64>,
    any_weight: bool,
    problems: Problems,
    /// Newlines in the part (its lines are numbered from the caller's base).
    newlines: u64,
}

struct Builder<'f> {
    file: &'f str,
    problems: Problems,
    line_base: u64,
    us: Vec<u32>,
    vs: Vec<u32>,
    ws: Option<Vec<f64>>,
    int_names: Vec<u64>,
    int_dense: Vec<u32>,
    int_map: HashMap<u64, u32>,
    str_names: Option<(Vec<String>, HashMap<String, u32>)>,
    lines: u64,
    overflow: bool,
}

impl<'f> Builder<'f> {
    fn new(file: &'f str) -> Self {
        Builder {
            file,
            problems: Problems::new(),
            line_base: 1,
            us: Vec::new(),
            vs: Vec::new(),
            ws: None,
            int_names: Vec::new(),
            int_dense: Vec::new(),
            int_map: HashMap::new(),
            str_names: None,
            lines: 0,
            overflow: false,
        }
    }

    fn block(&mut self, block: &[u8]) {
        // Task boundaries just after a newline.
        let mut bounds = vec![0usize];
        while let Some(&last) = bounds.last() {
            if last >= block.len() {
                break;
            }
            let target = (last + TASK).min(block.len());
            let cut = if target == block.len() {
                target
            } else {
                match block[target..].iter().position(|&b| b == b'\n') {
                    Some(p) => target + p + 1,
                    None => block.len(),
                }
            };
            bounds.push(cut);
        }
        let file = self.file;
        let parts: Vec<Parsed> = bounds
            .par_windows(2)
            .map(|w| parse_part(&block[w[0]..w[1]], w[0], file))
            .collect();
        for part in parts {
            let base = self.line_base;
            for mut p in part.problems.list().iter().cloned() {
                p.line = p.line.map(|l| l + base - 1);
                self.problems.push(p);
            }
            for _ in part.problems.list().len()..part.problems.len() {
                self.problems.push(Problem::file(file, "more problems"));
            }
            if part.any_weight && self.ws.is_none() {
                self.ws = Some(vec![1.0; self.us.len()]);
            }
            for (i, &(a, b)) in part.edges.iter().enumerate() {
                let (Some(u), Some(v)) = (self.id(a, block), self.id(b, block)) else {
                    if !self.overflow {
                        self.overflow = true;
                        self.problems.push(Problem::file(
                            file,
                            "has more than 4294967294 distinct node ids",
                        ));
                    }
                    continue;
                };
                self.us.push(u);
                self.vs.push(v);
                if let Some(ws) = &mut self.ws {
                    ws.push(part.weights.get(i).copied().unwrap_or(1.0));
                }
            }
            self.lines += part.edges.len() as u64;
            self.line_base += part.newlines;
        }
    }

    /// The dense id of an endpoint, assigning the next one on first appearance.
    fn id(&mut self, e: Endpoint, block: &[u8]) -> Option<u32> {
        let next = self.len();
        if self.str_names.is_none() {
            if let Endpoint::Int(x) = e {
                if (x as usize) < self.int_dense.len() {
                    let slot = &mut self.int_dense[x as usize];
                    if *slot == u32::MAX {
                        *slot = next;
                        self.int_names.push(x);
                    }
                    return Some(*slot);
                }
                let limit = (8 * self.int_names.len()).max(1 << 20);
                if (x as usize) < limit {
                    let new_len = (x as usize + 1).max(self.int_dense.len() * 2).min(limit);
                    self.int_dense.resize(new_len, u32::MAX);
                    return self.id(e, block);
                }
                if next == u32::MAX {
                    return None;
                }
                let id = *self.int_map.entry(x).or_insert(next);
                if id == next {
                    self.int_names.push(x);
                }
                return Some(id);
            }
            // First non-integer id: switch every name to text.
            let names: Vec<String> = self.int_names.iter().map(|x| x.to_string()).collect();
            let map = names
                .iter()
                .enumerate()
                .map(|(i, s)| (s.clone(), i as u32))
                .collect();
            self.str_names = Some((names, map));
            self.int_dense = Vec::new();
            self.int_map = HashMap::new();
            self.int_names = Vec::new();
        }
        let (names, map) = self.str_names.as_mut()?;
        let text: Cow<'_, str> = match e {
            Endpoint::Int(x) => Cow::Owned(x.to_string()),
            // Checked to be UTF-8 by the parser.
            Endpoint::Text(s, l) => String::from_utf8_lossy(&block[s as usize..(s + l) as usize]),
        };
        if let Some(&id) = map.get(text.as_ref()) {
            return Some(id);
        }
        if next == u32::MAX {
            return None;
        }
        let owned = text.into_owned();
        names.push(owned.clone());
        map.insert(owned, next);
        Some(next)
    }

    fn len(&self) -> u32 {
        match &self.str_names {
            Some((names, _)) => names.len() as u32,
            None => self.int_names.len() as u32,
        }
    }

    fn finish(mut self) -> Result<EdgeList> {
        if self.problems.is_empty() && self.us.is_empty() {
            self.problems.push(Problem::file(
                self.file,
                "has no edges (expected lines \"u v\" or \"u v w\")",
            ));
        }
        if let Some(ws) = &self.ws {
            if let Some(p) = super::fields::weight_total(ws.iter().copied(), self.file, "weight") {
                self.problems.push(p);
            }
        }
        std::mem::take(&mut self.problems).into_result()?;
        let n = self.len() as usize;
        let names = match self.str_names.take() {
            Some((names, _)) => NodeNames::Strings(names),
            None => NodeNames::Integers(std::mem::take(&mut self.int_names)),
        };
        drop(std::mem::take(&mut self.int_dense));
        drop(std::mem::take(&mut self.int_map));
        let weighted = self.ws.is_some();
        let graph = build(
            n,
            std::mem::take(&mut self.us),
            std::mem::take(&mut self.vs),
            self.ws.take(),
        );
        Ok(EdgeList {
            graph,
            names,
            weighted,
            lines: self.lines,
        })
    }
}

/// Parses one part of a block; `offset` is its position in the block (for text ranges).
fn parse_part(part: &[u8], offset: usize, file: &str) -> Parsed {
    let mut out = Parsed {
        edges: Vec::with_capacity(part.len() / 12),
        weights: Vec::new(),
        any_weight: false,
        problems: Problems::new(),
        newlines: 0,
    };
    let mut pos = 0;
    let mut line_no = 0u64;
    let mut fields: [(usize, usize); 4] = [(0, 0); 4];
    while pos < part.len() {
        line_no += 1;
        let end = part[pos..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(part.len(), |p| pos + p);
        if end < part.len() {
            out.newlines += 1;
        }
        let mut line_end = end;
        if let Some(h) = part[pos..end].iter().position(|&b| b == b'#') {
            line_end = pos + h;
        }
        let line = &part[pos..line_end];
        let line_start = pos;
        pos = end + 1;
        let Some((count, empty_field)) = split_fields(line, &mut fields) else {
            continue; // a blank or comment line
        };
        let at = Line {
            file,
            no: line_no,
            text: line,
        };
        if empty_field {
            out.problems.push(Problem::line(
                file,
                line_no,
                "has an empty field (two commas in a row, or a comma at an end)",
            ));
            continue;
        }
        if !(2..=3).contains(&count) {
            let whole = trim(line, 0, line.len());
            out.problems.push(Problem {
                value: Some(at.quote(whole)),
                ..Problem::line(
                    file,
                    line_no,
                    format!("has {count} fields, expected 2 or 3 (u v [weight])"),
                )
            });
            continue;
        }
        // every field is checked, so that a line's problems are all reported
        let source = at.endpoint(fields[0], "source", offset + line_start, &mut out.problems);
        let target = at.endpoint(fields[1], "target", offset + line_start, &mut out.problems);
        let weight = if count == 3 {
            at.weight(fields[2], &mut out.problems)
        } else {
            Some(None)
        };
        if let (Some(u), Some(v), Some(w)) = (source, target, weight) {
            out.any_weight |= w.is_some();
            out.edges.push((u, v));
            out.weights.push(w.unwrap_or(1.0));
        }
    }
    if !out.any_weight {
        out.weights = Vec::new();
    }
    if out.any_weight && out.weights.len() != out.edges.len() {
        out.weights.resize(out.edges.len(), 1.0);
    }
    out
}

/// Splits `line` (its comment cut off) into fields: comma-separated when it
/// has a comma (each field trimmed), else separated by whitespace. The first
/// four fields' ranges go into `fields`; returns how many fields there are
/// and whether one is empty, or `None` for a blank line.
fn split_fields(line: &[u8], fields: &mut [(usize, usize); 4]) -> Option<(usize, bool)> {
    let mut count = 0usize;
    let mut empty_field = false;
    if line.contains(&b',') {
        let mut s = 0;
        for i in 0..=line.len() {
            if i == line.len() || line[i] == b',' {
                let (a, b) = trim(line, s, i);
                if a == b {
                    empty_field = true;
                }
                if count < 4 {
                    fields[count] = (a, b);
                }
                count += 1;
                s = i + 1;
            }
        }
        if count == 1 && fields[0].0 == fields[0].1 {
            return None;
        }
    } else {
        let mut i = 0;
        while i < line.len() {
            while i < line.len() && line[i].is_ascii_whitespace() {
                i += 1;
            }
            if i == line.len() {
                break;
            }
            let s = i;
            while i < line.len() && !line[i].is_ascii_whitespace() {
                i += 1;
            }
            if count < 4 {
                fields[count] = (s, i);
            }
            count += 1;
        }
        if count == 0 {
            return None;
        }
    }
    Some((count, empty_field))
}

/// One line of a part, for parsing its fields and naming it in problems.
struct Line<'a> {
    file: &'a str,
    /// Its number within the part.
    no: u64,
    text: &'a [u8],
}

impl Line<'_> {
    /// The field `line[a..b]` for a problem, cut to [`QUOTE`] characters.
    fn quote(&self, (a, b): (usize, usize)) -> String {
        let t = String::from_utf8_lossy(&self.text[a..b]);
        if t.chars().count() > QUOTE {
            format!("{}...", t.chars().take(QUOTE).collect::<String>())
        } else {
            t.into_owned()
        }
    }

    /// The endpoint in field `(a, b)`: an integer, or text (its range in the
    /// block, the line starting at `start`); `None`, with a problem, when it
    /// is not valid UTF-8.
    fn endpoint(
        &self,
        (a, b): (usize, usize),
        column: &str,
        start: usize,
        ps: &mut Problems,
    ) -> Option<Endpoint> {
        let tok = &self.text[a..b];
        if let Some(x) = parse_int(tok) {
            return Some(Endpoint::Int(x));
        }
        if std::str::from_utf8(tok).is_err() {
            ps.push(Problem::field(
                self.file,
                self.no,
                column,
                self.quote((a, b)),
                "is not valid UTF-8 (save the file as UTF-8)",
            ));
            return None;
        }
        Some(Endpoint::Text((start + a) as u32, (b - a) as u32))
    }

    /// The weight in field `(a, b)`: `Some(Some(w))` for a finite
    /// non-negative number, `None` with a problem otherwise.
    fn weight(&self, (a, b): (usize, usize), ps: &mut Problems) -> Option<Option<f64>> {
        let tok = &self.text[a..b];
        let reason = match std::str::from_utf8(tok)
            .ok()
            .and_then(|t| t.parse::<f64>().ok())
        {
            Some(x) if x.is_finite() && x >= 0.0 => return Some(Some(x)),
            Some(x) if x.is_nan() || x.is_infinite() => "is not a finite number",
            Some(_) => "is negative (weights must be >= 0)",
            None if self.no == 1 => {
                "is not a number (a header line? edge lists have none: comment it out with #)"
            }
            None => "is not a number",
        };
        ps.push(Problem::field(
            self.file,
            self.no,
            "weight",
            self.quote((a, b)),
            reason,
        ));
        None
    }
}

/// `line[a..b]` without ASCII whitespace at either end, as a range.
fn trim(line: &[u8], mut a: usize, mut b: usize) -> (usize, usize) {
    while a < b && line[a].is_ascii_whitespace() {
        a += 1;
    }
    while b > a && line[b - 1].is_ascii_whitespace() {
        b -= 1;
    }
    (a, b)
}

/// A plain decimal integer (no sign, no leading zero, at most 18 digits).
#[inline]
fn parse_int(tok: &[u8]) -> Option<u64> {
    if tok.is_empty() || tok.len() > 18 || (tok.len() > 1 && tok[0] == b'0') {
        return None;
    }
    let mut x = 0u64;
    for &b in tok {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        x = x * 10 + d as u64;
    }
    Some(x)
}

/// Builds the CSR graph of `n` nodes from edge endpoints, in place: arcs are placed by
/// counting sort, then each row is sorted and repeated targets merged.
fn build(n: usize, us: Vec<u32>, vs: Vec<u32>, ws: Option<Vec<f64>>) -> CsrGraph {
    let mut offsets = vec![0usize; n + 1];
    for (&u, &v) in us.iter().zip(&vs) {
        offsets[u as usize + 1] += 1;
        if u != v {
            offsets[v as usize + 1] += 1;
        }
    }
    for i in 0..n {
        offsets[i + 1] += offsets[i];
    }
    let arcs = offsets[n];
    let mut targets = vec![0u32; arcs];
    let mut weights = vec![0.0f64; arcs];
    {
        let mut next = offsets.clone();
        for i in 0..us.len() {
            let (u, v) = (us[i] as usize, vs[i] as usize);
            let w = ws.as_ref().map_or(1.0, |ws| ws[i]);
            targets[next[u]] = v as u32;
            weights[next[u]] = w;
            next[u] += 1;
            if u != v {
                targets[next[v]] = u as u32;
                weights[next[v]] = w;
                next[v] += 1;
            }
        }
    }
    drop((us, vs, ws));
    // Sort and merge each row, groups of rows in parallel; each group compacts in place.
    const GROUP_ARCS: usize = 1 << 16;
    let mut groups: Vec<(usize, usize, &mut [u32], &mut [f64])> = Vec::new();
    {
        let mut t_rest: &mut [u32] = &mut targets;
        let mut w_rest: &mut [f64] = &mut weights;
        let mut row = 0;
        while row < n {
            let mut end = row + 1;
            while end < n && offsets[end + 1] - offsets[row] <= GROUP_ARCS {
                end += 1;
            }
            let len = offsets[end] - offsets[row];
            let (t, tr) = t_rest.split_at_mut(len);
            let (w, wr) = w_rest.split_at_mut(len);
            groups.push((row, end, t, w));
            t_rest = tr;
            w_rest = wr;
            row = end;
        }
    }
    let lengths: Vec<Vec<usize>> = groups
        .par_iter_mut()
        .map(|(first, last, t, w)| {
            let base = offsets[*first];
            let mut write = 0;
            let mut lens = Vec::with_capacity(*last - *first);
            let mut scratch: Vec<(u32, f64)> = Vec::new();
            for r in *first..*last {
                let (a, b) = (offsets[r] - base, offsets[r + 1] - base);
                let sorted = t[a..b].windows(2).all(|x| x[0] < x[1]);
                let start = write;
                if sorted {
                    t.copy_within(a..b, write);
                    w.copy_within(a..b, write);
                    write += b - a;
                } else {
                    scratch.clear();
                    scratch.extend(t[a..b].iter().copied().zip(w[a..b].iter().copied()));
                    scratch.sort_by_key(|&(x, _)| x);
                    for &(x, y) in &scratch {
                        if write > start && t[write - 1] == x {
                            w[write - 1] += y;
                        } else {
                            t[write] = x;
                            w[write] = y;
                            write += 1;
                        }
                    }
                }
                lens.push(write - start);
            }
            lens
        })
        .collect();
    // Close the gaps left by merged arcs (groups were compacted in place).
    let spans: Vec<(usize, usize)> = groups
        .iter()
        .zip(&lengths)
        .map(|(g, lens)| (offsets[g.0], lens.iter().sum()))
        .collect();
    drop(groups);
    let mut new_offsets = Vec::with_capacity(n + 1);
    new_offsets.push(0usize);
    for lens in &lengths {
        for &l in lens {
            let last = *new_offsets.last().unwrap_or(&0);
            new_offsets.push(last + l);
        }
    }
    let mut write = 0;
    for &(start, total) in &spans {
        if write != start {
            targets.copy_within(start..start + total, write);
            weights.copy_within(start..start + total, write);
        }
        write += total;
    }
    targets.truncate(write);
    weights.truncate(write);
    targets.shrink_to_fit();
    weights.shrink_to_fit();
    CsrGraph::from_raw_parts(new_offsets, targets, weights)
        .unwrap_or_else(|| CsrGraph::from_edges(n, &[]))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<Problem> {
        match parse(text.as_bytes(), "g.txt") {
            Err(Error::Invalid { problems, .. }) => problems,
            other => panic!("expected problems, got {other:?}"),
        }
    }

    #[test]
    fn ids_in_order_of_first_appearance() {
        let list = parse(b"10 3\n3 7\n# comment\n\n7 10 2.5 # trailing\n", "g.txt").unwrap();
        assert_eq!(list.names, NodeNames::Integers(vec![10, 3, 7]));
        assert_eq!(
            list.graph.neighbors(0).collect::<Vec<_>>(),
            vec![(1, 1.0), (2, 2.5)]
        );
        assert!(list.weighted);
        assert_eq!(list.lines, 3);
    }

    #[test]
    fn strings_commas_crlf_bom_and_switch_from_integers() {
        let text = "\u{feff}1,2\r\nRU-KOS , RU-SA , 3\r\n007\t1\n";
        let list = parse(text.as_bytes(), "g.txt").unwrap();
        let names: Vec<String> = (0..list.names.len() as u32)
            .map(|i| list.names.name(i).into_owned())
            .collect();
        assert_eq!(names, vec!["1", "2", "RU-KOS", "RU-SA", "007"]);
        assert_eq!(list.graph.neighbors(4).collect::<Vec<_>>(), vec![(0, 1.0)]);
    }

    #[test]
    fn repeated_edges_merge_and_loops_stay() {
        let list = parse(b"a b 1\nb a 2\na a 0.5\n", "g.txt").unwrap();
        assert_eq!(list.graph.edge_count(), 2);
        assert_eq!(
            list.graph.neighbors(0).collect::<Vec<_>>(),
            vec![(0, 0.5), (1, 3.0)]
        );
        assert!(!parse(b"x y\n", "g.txt").unwrap().weighted);
    }

    #[test]
    fn every_bad_line_is_reported_with_its_number() {
        let text = "a b\nc\nd e f g\nh i -1\nj k nan\nl m heavy\nn,,o\n\u{0}\u{0} q\nr s\n";
        let ps = problems(text);
        let lines: Vec<u64> = ps.iter().filter_map(|p| p.line).collect();
        assert_eq!(lines, vec![2, 3, 4, 5, 6, 7]);
        assert_eq!(
            ps[0].to_string(),
            "g.txt:2: \"c\" has 1 fields, expected 2 or 3 (u v [weight])"
        );
        assert_eq!(
            ps[2].to_string(),
            "g.txt:4: column \"weight\": \"-1\" is negative (weights must be >= 0)"
        );
        assert_eq!(ps[3].column.as_deref(), Some("weight"));
        assert_eq!(ps[4].value.as_deref(), Some("heavy"));
        let header = problems("source target weight\n1 2 3\n");
        assert!(header[0].reason.contains("header"));
    }

    #[test]
    fn line_numbers_are_exact_across_parallel_parts_and_blocks() {
        // Bad lines far apart, beyond one parsing task (1 MiB).
        let mut text = String::new();
        let mut bad = Vec::new();
        for i in 1..=200_000u64 {
            if i % 50_000 == 0 {
                text.push_str("oops\n");
                bad.push(i);
            } else {
                text.push_str(&format!("{} {}\n", i, i + 1));
            }
        }
        let ps = problems(&text);
        assert_eq!(ps.iter().filter_map(|p| p.line).collect::<Vec<_>>(), bad);
    }

    #[test]
    fn problems_are_capped_and_counted() {
        let text = "x\n".repeat(crate::error::MAX_PROBLEMS + 5);
        match parse(text.as_bytes(), "g.txt") {
            Err(Error::Invalid { problems, more }) => {
                assert_eq!(problems.len(), crate::error::MAX_PROBLEMS);
                assert_eq!(more, 5);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn empty_input_is_an_error() {
        for text in ["", "# only a comment\n\n", "\u{feff}"] {
            let ps = problems(text);
            assert_eq!(ps.len(), 1);
            assert!(ps[0].reason.contains("no edges"), "{}", ps[0]);
            assert_eq!(ps[0].line, None);
        }
    }

    #[test]
    fn large_sparse_integer_ids() {
        let list = parse(b"18446744073 5\n999999999999999999 5\n", "g.txt").unwrap();
        assert_eq!(
            list.names,
            NodeNames::Integers(vec![18446744073, 5, 999999999999999999])
        );
        let list = parse(b"9999999999999999999 1\n", "g.txt").unwrap(); // 19 digits: kept as text
        assert_eq!(list.names.name(0), "9999999999999999999");
    }

    #[test]
    fn reads_files_and_names_missing_ones() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.edges");
        std::fs::write(&path, "0 1\n1 2\n").unwrap();
        assert_eq!(read(&path).unwrap().graph.node_count(), 3);
        let err = read(&dir.path().join("missing.edges")).unwrap_err();
        assert!(err.to_string().contains("missing.edges"));
        assert!(err.is_bad_input());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            let _ = parse(&bytes, "fuzz.txt");
        }

        #[test]
        fn never_panics_on_text(text in "[0-9a-c ,#\\t\\r\\n.e-]{0,300}") {
            if let Ok(list) = parse(text.as_bytes(), "fuzz.txt") {
                let sum: f64 = list.graph.strengths().iter().sum();
                proptest::prop_assert!((sum - 2.0 * list.graph.total_weight()).abs() < 1e-9 * sum.max(1.0));
            }
        }
    }
}
