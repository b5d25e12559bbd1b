//! Reading one CSV file: encoding and delimiter detection, headers by name,
//! located problems, and parallel parsing of large quote-free files.
//!
//! A [`Table`] holds the decoded text of a file. Encoding: detected (see
//! [`super::encoding`]: UTF-8 with or without a byte-order mark, UTF-16 with
//! one, Windows-1251, -1252, -1250, ISO-8859-15, ISO-8859-2) or named in
//! [`LoadOptions::encoding`]. Delimiter: whichever of `,` `;` and tab occurs
//! most often in the header line outside quotes (`,` on a tie).
//!
//! Rows of a file without quotes (see [`Table::is_plain`]) are split directly
//! on line feeds and the delimiter; files with quotes go through the csv
//! crate. Both give the same fields, line numbers and problems.

use std::path::Path;

use rayon::prelude::*;

use super::LoadOptions;
pub use super::encoding::{Confidence, Encoding};
use crate::error::{Error, Problem, Problems, Result};

/// Name of a delimiter byte for messages.
pub fn delimiter_name(d: u8) -> &'static str {
    match d {
        b',' => "comma",
        b';' => "semicolon",
        b'\t' => "tab",
        _ => "other",
    }
}

/// A decoded CSV file with its header.
#[derive(Debug, Clone)]
pub struct Table {
    /// The file's name as shown in messages (e.g. `clusters.csv`).
    pub file: String,
    /// Detected (or named) encoding.
    pub encoding: Encoding,
    /// How sure the detection of the encoding is.
    pub confidence: Confidence,
    /// Detected delimiter.
    pub delimiter: u8,
    /// Header names as written (trimmed).
    pub headers: Vec<String>,
    /// Size of the file on disk, in bytes.
    pub bytes: usize,
    text: String,
    /// Byte offset where the data rows start (just after the header line).
    body_start: usize,
    /// True when the body has no quote character and no carriage return
    /// except before a line feed: its rows are then split directly on line
    /// feeds and delimiters, which gives the same fields as the csv crate.
    plain: bool,
}

/// The fields of one data row.
#[derive(Debug, Clone, Copy)]
enum Fields<'a> {
    /// Split directly from the text of a plain (quote-free) file.
    Split(&'a [&'a str]),
    /// Read by the csv crate (files with quotes).
    Record(&'a csv::StringRecord),
}

/// One data row: its line number and fields.
#[derive(Debug)]
pub struct Row<'a> {
    /// 1-based line number of the row in the file.
    pub line: u64,
    fields: Fields<'a>,
    table: &'a Table,
}

impl<'a> Row<'a> {
    /// The trimmed field at `col` (empty when the row is short).
    #[inline]
    pub fn get(&self, col: usize) -> &'a str {
        let field = match self.fields {
            Fields::Split(fields) => fields.get(col).copied(),
            Fields::Record(record) => record.get(col),
        };
        field.map(trim).unwrap_or("")
    }

    /// The trimmed field of an optional column (empty when the column is absent).
    #[inline]
    pub fn opt(&self, col: Option<usize>) -> &'a str {
        col.map(|c| self.get(c)).unwrap_or("")
    }

    /// Number of fields in the row.
    pub fn len(&self) -> usize {
        match self.fields {
            Fields::Split(fields) => fields.len(),
            Fields::Record(record) => record.len(),
        }
    }

    /// True when the row has no fields (never the case for a row passed to a callback).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A problem about field `col` of this row.
    pub fn problem(&self, col: usize, reason: impl Into<String>) -> Problem {
        Problem::field(
            &self.table.file,
            self.line,
            &self.table.headers[col],
            self.get(col),
            reason,
        )
    }

    /// A problem about the whole row.
    pub fn line_problem(&self, reason: impl Into<String>) -> Problem {
        Problem::line(&self.table.file, self.line, reason)
    }
}

/// `str::trim`, with a fast exit for the common field that starts and ends
/// with a printable ASCII character (the only bytes that can begin or end
/// Unicode white space are ASCII or at least 0x80).
#[inline]
fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(&a), Some(&b)) if (b'!'..0x80).contains(&a) && (b'!'..0x80).contains(&b) => s,
        _ => s.trim(),
    }
}

/// Files whose body is at least this large and is plain (see [`Table::is_plain`])
/// are parsed in parallel chunks.
const PARALLEL_BYTES: usize = 4 << 20;

/// Rows split at a time on the plain path, before the per-row work: a
/// look-ahead over a block lets independent lookups overlap in memory.
const BLOCK_ROWS: usize = 128;

/// A look-ahead over a block of rows, for [`Table::map_chunks_ahead`] and
/// [`Table::map_into`]: on the plain path, [`Ahead::find`] is called on each
/// row of a block, then [`Ahead::touch`] on everything found, back to back,
/// then [`Ahead::settle`] likewise, and only then the row function on each
/// row with what was found for it.
///
/// The use is a lookup in a table too large for the cache (the ids of a
/// million participants): `find` computes where each id would be, `touch`
/// reads those places in a tight loop whose cache misses overlap (nothing
/// waits on them), and `settle` does the lookups, which find their memory in
/// cache. None may have side effects: the results are the same as without
/// the look-ahead.
pub trait Ahead: Sync {
    /// What is found for one row.
    type Found;
    /// Looks at one row (with the header's number of fields).
    fn find(&self, row: &Row<'_>) -> Self::Found;
    /// Reads memory that [`Ahead::settle`] will read for this row; returns
    /// any number made from it (it is passed to [`std::hint::black_box`]).
    fn touch(&self, found: &Self::Found) -> u64 {
        let _ = found;
        0
    }
    /// Completes what was found (after [`Ahead::touch`]).
    fn settle(&self, found: &mut Self::Found) {
        let _ = found;
    }
}

/// No look-ahead.
impl Ahead for () {
    type Found = ();
    fn find(&self, _: &Row<'_>) {}
}

#[cfg(test)]
thread_local! {
    /// Tests set this to read every table through the csv crate, to compare
    /// that path with the plain one.
    pub(crate) static FORCE_CSV: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Tests set this to split small files into chunks.
    pub(crate) static TEST_PARALLEL_BYTES: std::cell::Cell<Option<usize>> =
        const { std::cell::Cell::new(None) };
}

/// [`PARALLEL_BYTES`], or what a test set.
fn parallel_bytes() -> usize {
    #[cfg(test)]
    if let Some(n) = TEST_PARALLEL_BYTES.with(|c| c.get()) {
        return n;
    }
    PARALLEL_BYTES
}

impl Table {
    /// Reads and decodes `path`, naming it `file` in messages.
    pub fn read(path: &Path, file: &str) -> Result<Table> {
        Table::read_with(path, file, &LoadOptions::default())
    }

    /// Like [`Table::read`], with options (an encoding that overrides detection).
    pub fn read_with(path: &Path, file: &str, options: &LoadOptions) -> Result<Table> {
        let raw = super::read_file(path, file)?;
        Table::from_bytes_with(raw, file, options)
    }

    /// Decodes a file's bytes (see the module docs for detection).
    pub fn from_bytes(raw: Vec<u8>, file: &str) -> Result<Table> {
        Table::from_bytes_with(raw, file, &LoadOptions::default())
    }

    /// Like [`Table::from_bytes`], with options.
    pub fn from_bytes_with(raw: Vec<u8>, file: &str, options: &LoadOptions) -> Result<Table> {
        Table::parse(raw, file, options, false)
    }

    /// Decodes and checks the header; `blank_corner` accepts an empty first
    /// header cell (the corner of a matrix whose first column names its rows).
    pub(crate) fn parse(
        raw: Vec<u8>,
        file: &str,
        options: &LoadOptions,
        blank_corner: bool,
    ) -> Result<Table> {
        let bytes = raw.len();
        let decoded = super::encoding::decode(raw, file, options.encoding)?;
        let (mut text, encoding, confidence) = (decoded.text, decoded.encoding, decoded.confidence);
        // Lines ended by a carriage return alone (old Mac spreadsheets): read as line feeds.
        if memchr::memchr(b'\n', text.as_bytes()).is_none() && text.contains('\r') {
            text = text.replace('\r', "\n");
        }
        if let Some(at) = memchr::memchr(0, text.as_bytes()) {
            let line = memchr::memchr_iter(b'\n', &text.as_bytes()[..at]).count() as u64 + 1;
            return Err(Error::invalid(Problem::line(
                file,
                line,
                "holds a NUL character: this is not a text file (or it is UTF-16 without a byte-order mark); save it as CSV",
            )));
        }
        let header_end = text.find('\n').map(|i| i + 1).unwrap_or(text.len());
        let header_line = text[..header_end].trim_end_matches(['\r', '\n']);
        if header_line.trim().is_empty() {
            let reason = if text.trim().is_empty() {
                "is empty"
            } else {
                "has an empty first line (a header is expected)"
            };
            return Err(Error::invalid(Problem::file(file, reason)));
        }
        let delimiter = detect_delimiter(header_line);
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .from_reader(header_line.as_bytes());
        let mut rec = csv::StringRecord::new();
        match rdr.read_record(&mut rec) {
            Ok(true) => {}
            _ => {
                return Err(Error::invalid(Problem::line(
                    file,
                    1,
                    "the header line cannot be read",
                )));
            }
        }
        let headers: Vec<String> = rec.iter().map(|h| h.trim().to_string()).collect();
        let mut problems = Problems::new();
        for (i, h) in headers.iter().enumerate() {
            if h.is_empty() && blank_corner && i == 0 {
                continue;
            }
            if h.is_empty() {
                problems.push(Problem::line(file, 1, format!("header {} is empty", i + 1)));
            } else if headers[..i].iter().any(|g| g.eq_ignore_ascii_case(h)) {
                problems.push(Problem::line(
                    file,
                    1,
                    format!("column {h:?} appears twice in the header"),
                ));
            }
        }
        let quoted = memchr::memchr(b'"', text.as_bytes()).is_some();
        let plain = is_plain(&text.as_bytes()[header_end..], quoted);
        #[cfg(test)]
        let plain = plain && !FORCE_CSV.with(|f| f.get());
        let table = Table {
            file: file.to_string(),
            encoding,
            confidence,
            delimiter,
            headers,
            bytes,
            text,
            body_start: header_end,
            plain,
        };
        if let Some(line) = quoted.then(|| table.unterminated_quote_line()).flatten() {
            problems.push(Problem::line(
                file,
                line,
                "a quoted field starts here and its closing quote is missing",
            ));
        }
        problems.into_result()?;
        Ok(table)
    }

    /// A line of the file with letters beyond ASCII, to show what the
    /// detected encoding made of them (see [`super::encoding::sample`]).
    pub fn sample(&self) -> Option<String> {
        super::encoding::sample(&self.text)
    }

    /// True when the file has no data rows.
    pub fn is_body_empty(&self) -> bool {
        self.text[self.body_start..].trim().is_empty()
    }

    /// True when the body has no quote character (and no carriage return
    /// other than in a CRLF line end): rows are then split directly, without
    /// the csv crate, and large files are parsed in parallel.
    pub fn is_plain(&self) -> bool {
        self.plain
    }

    /// The number of lines in the body (an upper bound on the number of rows).
    pub fn body_lines(&self) -> usize {
        let body = &self.text.as_bytes()[self.body_start..];
        let n = memchr::memchr_iter(b'\n', body).count();
        n + usize::from(!body.is_empty() && !body.ends_with(b"\n"))
    }

    /// The index of column `name` (case-insensitive).
    pub fn column(&self, name: &str) -> Option<usize> {
        self.headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
    }

    /// The index of a required column, or a problem naming what was found.
    pub fn require(&self, name: &str, problems: &mut Problems) -> usize {
        match self.column(name) {
            Some(i) => i,
            None => {
                problems.push(Problem::line(
                    &self.file,
                    1,
                    format!(
                        "missing column {name:?} (the header has: {})",
                        self.headers.join(", ")
                    ),
                ));
                usize::MAX
            }
        }
    }

    /// Calls `f` on every data row in order, collecting the problems it reports.
    /// Rows with a different number of fields from the header are reported and skipped.
    pub fn for_each_row(&self, mut f: impl FnMut(&Row<'_>, &mut Problems)) -> Problems {
        let mut problems = Problems::new();
        self.parse_slice(
            &self.text[self.body_start..],
            1,
            &mut problems,
            &(),
            |row, (), ps| f(row, ps),
        );
        problems
    }

    /// Parses rows in parallel when the file is large and has no quotes,
    /// mapping each row with `f` and returning the results in file order,
    /// with the problems in file order. Small or quoted files are parsed on
    /// the calling thread; the results are the same either way.
    pub fn map_rows<T: Send>(
        &self,
        f: impl Fn(&Row<'_>, &mut Problems) -> Option<T> + Sync,
    ) -> (Vec<T>, Problems) {
        let (chunks, problems) = self.map_chunks(|| (), |_, row, ps| f(row, ps));
        let mut all = Vec::with_capacity(chunks.iter().map(|c| c.1.len()).sum());
        for (_, out) in chunks {
            all.extend(out);
        }
        (all, problems)
    }

    /// Like [`Table::map_rows`], with a state per chunk (made by `init`) that
    /// `f` may update, e.g. a chunk-local string interner. Returns each chunk's
    /// state and results in file order, and all problems.
    pub fn map_chunks<S: Send, T: Send>(
        &self,
        init: impl Fn() -> S + Sync,
        f: impl Fn(&mut S, &Row<'_>, &mut Problems) -> Option<T> + Sync,
    ) -> (Vec<(S, Vec<T>)>, Problems) {
        self.map_chunks_ahead(init, (), |state, row, (), ps| f(state, row, ps))
    }

    /// Like [`Table::map_chunks`], with a look-ahead (see [`Ahead`]): `f` is
    /// called with what `ahead` found for the row.
    pub fn map_chunks_ahead<S: Send, T: Send, A: Ahead>(
        &self,
        init: impl Fn() -> S + Sync,
        ahead: A,
        f: impl Fn(&mut S, &Row<'_>, A::Found, &mut Problems) -> Option<T> + Sync,
    ) -> (Vec<(S, Vec<T>)>, Problems) {
        let parts: Vec<(S, Vec<T>, Problems)> = self
            .chunks()
            .into_par_iter()
            .map(|(chunk, lines_before, _)| {
                let mut state = init();
                let mut out = Vec::new();
                let mut problems = Problems::new();
                self.parse_slice(chunk, lines_before, &mut problems, &ahead, |row, p, ps| {
                    if let Some(t) = f(&mut state, row, p, ps) {
                        out.push(t);
                    }
                });
                (state, out, problems)
            })
            .collect();
        let mut problems = Problems::new();
        let mut results = Vec::with_capacity(parts.len());
        for (state, out, ps) in parts {
            problems.extend(ps);
            results.push((state, out));
        }
        (results, problems)
    }

    /// Like [`Table::map_chunks_ahead`], with the results of all chunks in
    /// one vector, written in place (no second copy of them is ever held):
    /// it is allocated for one result per line, filled with `placeholder`,
    /// and shrunk to the results. Returns the results in file order, each
    /// chunk's state with the range of its results, and all problems.
    #[allow(clippy::type_complexity)]
    pub fn map_into<S: Send, T: Copy + Send + Sync, A: Ahead>(
        &self,
        placeholder: T,
        init: impl Fn() -> S + Sync,
        ahead: A,
        f: impl Fn(&mut S, &Row<'_>, A::Found, &mut Problems) -> Option<T> + Sync,
    ) -> (Vec<T>, Vec<(S, std::ops::Range<usize>)>, Problems) {
        let chunks = self.chunks();
        // filled in parallel: the page faults of a large vector cost as much as the writes
        let mut out = Vec::new();
        (0..chunks.iter().map(|c| c.2).sum())
            .into_par_iter()
            .map(|_| placeholder)
            .collect_into_vec(&mut out);
        let mut slices = Vec::with_capacity(chunks.len());
        let mut rest = &mut out[..];
        for &(_, _, lines) in &chunks {
            let (slice, tail) = rest.split_at_mut(lines);
            slices.push(slice);
            rest = tail;
        }
        let parts: Vec<(S, usize, Problems)> = chunks
            .par_iter()
            .zip(slices)
            .map(|(&(chunk, lines_before, _), slice)| {
                let mut state = init();
                let mut n = 0;
                let mut problems = Problems::new();
                self.parse_slice(chunk, lines_before, &mut problems, &ahead, |row, p, ps| {
                    if let Some(t) = f(&mut state, row, p, ps) {
                        // a row is at most one line, so there is always room
                        if let Some(slot) = slice.get_mut(n) {
                            *slot = t;
                            n += 1;
                        }
                    }
                });
                (state, n, problems)
            })
            .collect();
        let mut problems = Problems::new();
        let mut states = Vec::with_capacity(parts.len());
        let (mut from, mut to) = (0, 0);
        for ((state, n, ps), &(_, _, lines)) in parts.into_iter().zip(&chunks) {
            if from != to {
                out.copy_within(from..from + n, to);
            }
            states.push((state, to..to + n));
            problems.extend(ps);
            from += lines;
            to += n;
        }
        out.truncate(to);
        (out, states, problems)
    }

    /// The body in chunks for parallel parsing, each with the number of lines
    /// before it and in it: one chunk unless the file is large and plain.
    fn chunks(&self) -> Vec<(&str, u64, usize)> {
        let body = &self.text[self.body_start..];
        if self.plain && body.len() >= parallel_bytes() {
            split_lines(body, rayon::current_num_threads() * 4)
        } else {
            vec![(body, 1, self.body_lines())]
        }
    }

    /// Parses `slice`, whose first line is line `1 + lines_before` of the file.
    fn parse_slice<A: Ahead>(
        &self,
        slice: &str,
        lines_before: u64,
        problems: &mut Problems,
        ahead: &A,
        f: impl FnMut(&Row<'_>, A::Found, &mut Problems),
    ) {
        if self.plain {
            self.parse_plain(slice, lines_before, problems, ahead, f);
        } else {
            self.parse_csv(slice, lines_before, problems, ahead, f);
        }
    }

    /// Reports a row whose number of fields differs from the header's.
    fn ragged(&self, line: u64, fields: usize, problems: &mut Problems) {
        problems.push(Problem::line(
            &self.file,
            line,
            format!(
                "has {} field{}, the header has {} (is a delimiter missing or extra, or a field unquoted?)",
                fields,
                if fields == 1 { "" } else { "s" },
                self.headers.len()
            ),
        ));
    }

    /// The plain path: lines split on `\n` (a `\r` before it dropped), fields
    /// on the delimiter, in blocks of [`BLOCK_ROWS`] rows.
    fn parse_plain<A: Ahead>(
        &self,
        slice: &str,
        lines_before: u64,
        problems: &mut Problems,
        ahead: &A,
        mut f: impl FnMut(&Row<'_>, A::Found, &mut Problems),
    ) {
        let bytes = slice.as_bytes();
        let delimiter = self.delimiter;
        let width = self.headers.len();
        let mut fields: Vec<&str> = Vec::with_capacity(BLOCK_ROWS * (width + 1));
        // line, first field, number of fields
        let mut rows: Vec<(u64, usize, usize)> = Vec::with_capacity(BLOCK_ROWS);
        let mut looked: Vec<Option<A::Found>> = Vec::with_capacity(BLOCK_ROWS);
        let mut line = lines_before;
        let mut pos = 0;
        while pos < bytes.len() {
            fields.clear();
            rows.clear();
            while rows.len() < BLOCK_ROWS && pos < bytes.len() {
                // one pass over the line for both the delimiters and its end
                let first = fields.len();
                let mut start = pos;
                let end = loop {
                    let j = find_separator(bytes, start, delimiter);
                    if bytes.get(j) == Some(&delimiter) {
                        fields.push(&slice[start..j]);
                        start = j + 1;
                    } else {
                        break j; // the line feed, or the end of the slice
                    }
                };
                line += 1;
                let content_end = if end > start && bytes[end - 1] == b'\r' {
                    end - 1
                } else {
                    end
                };
                fields.push(&slice[start..content_end]);
                let n = fields.len() - first;
                if n == 1 && trim(fields[first]).is_empty() {
                    fields.truncate(first); // a blank line
                } else {
                    rows.push((line, first, n));
                }
                pos = end + 1;
            }
            looked.clear();
            looked.extend(rows.iter().map(|&(line, first, n)| {
                (n == width).then(|| {
                    ahead.find(&Row {
                        line,
                        fields: Fields::Split(&fields[first..first + n]),
                        table: self,
                    })
                })
            }));
            let touched = looked
                .iter()
                .flatten()
                .fold(0, |acc, p| acc ^ ahead.touch(p));
            std::hint::black_box(touched);
            looked.iter_mut().flatten().for_each(|p| ahead.settle(p));
            for (&(line, first, n), p) in rows.iter().zip(looked.drain(..)) {
                match p {
                    Some(p) => f(
                        &Row {
                            line,
                            fields: Fields::Split(&fields[first..first + n]),
                            table: self,
                        },
                        p,
                        problems,
                    ),
                    None => self.ragged(line, n, problems),
                }
            }
        }
    }

    /// The csv crate's path, for files with quotes.
    fn parse_csv<A: Ahead>(
        &self,
        slice: &str,
        lines_before: u64,
        problems: &mut Problems,
        ahead: &A,
        mut f: impl FnMut(&Row<'_>, A::Found, &mut Problems),
    ) {
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(slice.as_bytes());
        let mut record = csv::StringRecord::new();
        // Line numbers come from byte offsets: the csv crate's own line count
        // skips blank lines. Newlines are counted incrementally from the last record.
        let (mut counted_to, mut newlines) = (0usize, 0u64);
        let mut line_at = |byte: usize| {
            // A record's position may point at blank lines the reader skipped before it.
            let mut byte = byte.min(slice.len());
            while matches!(slice.as_bytes().get(byte), Some(b'\n' | b'\r')) {
                byte += 1;
            }
            if byte > counted_to {
                newlines +=
                    memchr::memchr_iter(b'\n', &slice.as_bytes()[counted_to..byte]).count() as u64;
                counted_to = byte;
            }
            newlines + 1 + lines_before
        };
        loop {
            match rdr.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    let line = line_at(record.position().map(|p| p.byte() as usize).unwrap_or(0));
                    if record.len() == 1 && record[0].trim().is_empty() {
                        continue;
                    }
                    if record.len() != self.headers.len() {
                        self.ragged(line, record.len(), problems);
                        continue;
                    }
                    let row = Row {
                        line,
                        fields: Fields::Record(&record),
                        table: self,
                    };
                    let mut p = ahead.find(&row);
                    ahead.settle(&mut p);
                    f(&row, p, problems);
                }
                Err(e) => {
                    let line = line_at(e.position().map(|p| p.byte() as usize).unwrap_or(0));
                    problems.push(Problem::line(
                        &self.file,
                        line,
                        format!("cannot be read: {e}"),
                    ));
                    break;
                }
            }
        }
    }

    /// The line where a quoted field opens and is never closed, if any (a
    /// scan of the whole text: called only when it has a quote).
    fn unterminated_quote_line(&self) -> Option<u64> {
        let bytes = self.text.as_bytes();
        let (mut line, mut open_line) = (1u64, 0u64);
        let (mut in_quotes, mut at_field_start) = (false, true);
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'\n' {
                line += 1;
            }
            if in_quotes {
                if b == b'"' {
                    if bytes.get(i + 1) == Some(&b'"') {
                        i += 1; // an escaped quote inside a quoted field
                    } else {
                        in_quotes = false;
                    }
                }
            } else {
                if b == b'"' && at_field_start {
                    in_quotes = true;
                    open_line = line;
                }
                at_field_start = b == self.delimiter || b == b'\n';
            }
            i += 1;
        }
        in_quotes.then_some(open_line)
    }
}

/// The first position at or after `from` of `delimiter` or a line feed, or
/// the length of `bytes`: eight bytes at a time (compared as one word).
#[inline]
fn find_separator(bytes: &[u8], from: usize, delimiter: u8) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let d = ONES * delimiter as u64;
    let lf = ONES * b'\n' as u64;
    let mut i = from;
    while let Some(word) = bytes.get(i..i + 8) {
        let mut a = [0u8; 8];
        a.copy_from_slice(word);
        let w = u64::from_le_bytes(a);
        let hits = zero_bytes(w ^ d) | zero_bytes(w ^ lf);
        if hits != 0 {
            return i + (hits.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && bytes[i] != delimiter && bytes[i] != b'\n' {
        i += 1;
    }
    i
}

/// The high bit of each byte of `x` that is zero, and no other bit (exact:
/// no carry crosses from one byte to the next).
#[inline]
fn zero_bytes(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    !(((x & LOW7).wrapping_add(LOW7)) | x | LOW7)
}

/// True when `body` can be split without the csv crate: no quote character,
/// and every carriage return ends a line (the csv crate also ends a record at
/// a lone `\r`). `quoted` tells whether the whole file has a quote.
fn is_plain(body: &[u8], quoted: bool) -> bool {
    !(quoted && memchr::memchr(b'"', body).is_some())
        && memchr::memchr_iter(b'\r', body).all(|i| body.get(i + 1) == Some(&b'\n'))
}

/// Picks the delimiter that occurs most often outside quotes in the header line.
fn detect_delimiter(header: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut in_quotes = false;
    for b in header.bytes() {
        match b {
            b'"' => in_quotes = !in_quotes,
            b',' if !in_quotes => counts[0] += 1,
            b';' if !in_quotes => counts[1] += 1,
            b'\t' if !in_quotes => counts[2] += 1,
            _ => {}
        }
    }
    let candidates = [b',', b';', b'\t'];
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    candidates[best]
}

/// Splits `body` into about `parts` slices at line boundaries, each with the
/// number of lines before it in the file (the header line counts as one) and
/// in it (a last line without a line feed counts).
fn split_lines(body: &str, parts: usize) -> Vec<(&str, u64, usize)> {
    let target = body.len() / parts.max(1) + 1;
    let mut out = Vec::with_capacity(parts);
    let mut start = 0;
    let mut lines_before = 1u64;
    while start < body.len() {
        let mut end = (start + target).min(body.len());
        if end < body.len() {
            end = match memchr::memchr(b'\n', &body.as_bytes()[end..]) {
                Some(i) => end + i + 1,
                None => body.len(),
            };
        }
        let slice = &body[start..end];
        let lines = memchr::memchr_iter(b'\n', slice.as_bytes()).count()
            + usize::from(!slice.ends_with('\n'));
        out.push((slice, lines_before, lines));
        lines_before += lines as u64;
        start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &[u8]) -> Result<Table> {
        Table::from_bytes(text.to_vec(), "t.csv")
    }

    /// A table read through the csv crate, whatever its content.
    fn csv_table(text: &[u8]) -> Result<Table> {
        FORCE_CSV.with(|f| f.set(true));
        let t = table(text);
        FORCE_CSV.with(|f| f.set(false));
        t
    }

    type Parsed = (Vec<(u64, Vec<String>)>, Vec<String>, usize);

    fn fields_of(row: &Row<'_>) -> (u64, Vec<String>) {
        (
            row.line,
            (0..row.len()).map(|i| row.get(i).to_string()).collect(),
        )
    }

    fn problems_of(ps: &Problems) -> Vec<String> {
        ps.list().iter().map(|p| p.to_string()).collect()
    }

    /// Rows and problems, row by row.
    fn sequential(t: &Table) -> Parsed {
        let mut rows = Vec::new();
        let ps = t.for_each_row(|row, _| rows.push(fields_of(row)));
        (rows, problems_of(&ps), ps.len())
    }

    /// Rows and problems, in chunks of about `bytes` (plain files only).
    fn chunked(t: &Table, bytes: usize) -> Parsed {
        TEST_PARALLEL_BYTES.with(|c| c.set(Some(bytes)));
        let (rows, ps) = t.map_rows(|row, _| Some(fields_of(row)));
        TEST_PARALLEL_BYTES.with(|c| c.set(None));
        (rows, problems_of(&ps), ps.len())
    }

    /// Parses `text` every way (csv crate, plain row by row, plain in
    /// chunks) and checks that they agree; returns the result.
    fn every_way(text: &[u8]) -> Option<Parsed> {
        let (plain, csv) = match (table(text), csv_table(text)) {
            (Ok(p), Ok(c)) => (p, c),
            (Err(p), Err(c)) => {
                assert_eq!(p.to_string(), c.to_string());
                return None;
            }
            (p, c) => panic!("one path failed: {p:?} {c:?}"),
        };
        assert!(!csv.is_plain());
        let expected = sequential(&csv);
        assert_eq!(sequential(&plain), expected, "plain path, {text:?}");
        for bytes in [1, 7, 64] {
            assert_eq!(
                chunked(&plain, bytes),
                expected,
                "chunks of {bytes}, {text:?}"
            );
        }
        Some(expected)
    }

    #[test]
    fn separators_are_found_a_word_at_a_time() {
        let text = b"abcdefghij,klmnopqrstuvwxyz\n\xd0\x96\xff\x80,;\n";
        let naive = |from: usize, d: u8| {
            (from..text.len())
                .find(|&i| text[i] == d || text[i] == b'\n')
                .unwrap_or(text.len())
        };
        for d in [b',', b';', b'\t'] {
            for from in 0..=text.len() {
                assert_eq!(find_separator(text, from, d), naive(from, d), "{from} {d}");
            }
        }
        for b in 0..=255u8 {
            let w = u64::from_le_bytes([b, 0, 1, 0x80, 0xff, b, 0x7f, 0]);
            let expected = (0..8)
                .filter(|&i| [b, 0, 1, 0x80, 0xff, b, 0x7f, 0][i] == 0)
                .fold(0u64, |m, i| m | 0x80 << (8 * i));
            assert_eq!(zero_bytes(w), expected, "{b}");
        }
    }

    #[test]
    fn plain_and_csv_paths_agree_on_quote_free_files() {
        let cases: &[&[u8]] = &[
            b"a,b,c\n1,2,3\n4,5,6\n",
            b"a,b,c\r\n1,2,3\r\n4,5,6\r\n",
            b"a,b,c\n1,2,3\n4,5,6",
            b"a,b,c\r\n1,2,3\r\n4,5,6",
            b"a,b,c\n\n1,2,3\n   \n\r\n4,5,6\n\n",
            b"a,b,c\n 1 , 2 ,3\t\n,,\n1,2,3,\n1\n",
            b"a;b;c\n1,5;2;3\n\xd0\x96;\xc2\xa0x\xc2\xa0;y\n",
            b"a,b,c\n1,2\r\n3,4,5,6\r\n7,8,9\r\n",
            b"a,b,c\n1,2,3\r4,5,6\n", // a lone CR: the csv crate's path
            b"a\tb\n1\t2\n",
            b"a,b\n",
            b"a,b\n\n\n",
        ];
        for text in cases {
            every_way(text);
        }
        let (rows, problems, _) = every_way(b"a,b,c\r\n1,2,3\r\n\r\n4,5\r\n6,7,8").expect("reads");
        assert_eq!(
            rows,
            vec![
                (2, vec!["1".into(), "2".into(), "3".into()]),
                (5, vec!["6".into(), "7".into(), "8".into()]),
            ]
        );
        assert_eq!(
            problems,
            vec![
                "t.csv:4: has 2 fields, the header has 3 (is a delimiter missing or extra, or a field unquoted?)"
            ]
        );
        assert!(table(b"a,b\n1,2\r\n").expect("reads").is_plain());
        assert!(!table(b"a,b\n1,2\r3,4\n").expect("reads").is_plain());
        assert!(!table(b"a,b\n\"1\",2\n").expect("reads").is_plain());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, .. Default::default() })]

        #[test]
        fn plain_and_csv_paths_agree_on_any_quote_free_text(
            header in proptest::prop_oneof![proptest::strategy::Just("a,b,c\n"), proptest::strategy::Just("a;b\r\n"), proptest::strategy::Just("x\n")],
            atoms in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just(","), proptest::strategy::Just(";"), proptest::strategy::Just("\n"),
                    proptest::strategy::Just("\r\n"), proptest::strategy::Just(" "), proptest::strategy::Just("\t"),
                    proptest::strategy::Just("id"), proptest::strategy::Just("1.5"), proptest::strategy::Just("\u{416}"),
                    proptest::strategy::Just("\u{a0}"), proptest::strategy::Just("\r"),
                ],
                0..80,
            ),
        ) {
            let text = format!("{header}{}", atoms.concat());
            every_way(text.as_bytes());
        }
    }

    #[test]
    fn detects_semicolon_and_windows_1251() {
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1251.encode("id;name\nRU-KOS;Костромская область\n");
        let t = table(&bytes).expect("reads");
        assert_eq!(t.encoding, Encoding::Windows1251);
        assert_eq!(t.delimiter, b';');
        let mut names = Vec::new();
        let ps = t.for_each_row(|row, _| names.push(row.get(1).to_string()));
        assert!(ps.is_empty());
        assert_eq!(names, vec!["Костромская область"]);
    }

    #[test]
    fn strips_bom() {
        let t = table("\u{feff}id,name\nA,B\n".as_bytes()).expect("reads");
        assert_eq!(t.encoding, Encoding::Utf8Bom);
        assert_eq!(t.headers, vec!["id", "name"]);
    }

    #[test]
    fn reports_unterminated_quote_and_empty_file() {
        let err = table(b"id,name\nA,\"open\nB,C\n").unwrap_err();
        assert_eq!(err.problems()[0].line, Some(2));
        assert!(err.problems()[0].reason.contains("closing quote"));
        let err = table(b"").unwrap_err();
        assert_eq!(err.problems()[0].reason, "is empty");
        // a quote inside an unquoted field is literal text, not an opening quote
        assert!(table(b"id,name\nA,5\" pipe\n").is_ok());
    }

    #[test]
    fn reports_rows_of_the_wrong_length_with_their_line() {
        let t = table(b"a,b\n1,2\n\n3\n4,5,6\n").expect("reads");
        let mut n = 0;
        let ps = t.for_each_row(|_, _| n += 1);
        assert_eq!(n, 1);
        let lines: Vec<_> = ps.list().iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![Some(4), Some(5)]);
    }

    #[test]
    fn parallel_and_sequential_parsing_agree() {
        let mut text = String::from("a,b\n");
        for i in 0..400_000 {
            if i == 123_457 {
                text.push_str("bad\n");
            }
            text.push_str(&format!("{i},{}\n", i * 2));
        }
        let t = table(text.as_bytes()).expect("reads");
        let (rows, ps) = t.map_rows(|row, _| Some((row.line, row.get(0).parse::<u64>().ok()?)));
        assert_eq!(rows.len(), 400_000);
        assert!(
            rows.windows(2)
                .all(|w| w[0].0 + 1 == w[1].0 || w[0].0 + 2 == w[1].0)
        );
        assert_eq!(rows[0], (2, 0));
        assert_eq!(ps.list()[0].line, Some(123_459));
    }

    #[test]
    fn chunks_of_a_large_file_agree_with_one_pass() {
        // CRLF line ends, blank lines, bad rows and no final line feed, in a
        // file large enough to be split into chunks
        let mut text = String::from("a,b\r\n");
        for i in 0..300_000u64 {
            match i % 50_001 {
                7 => text.push_str("\r\n"),
                8 => text.push_str("bad\r\n"),
                _ => text.push_str(&format!("{i},{}\r\n", i * 2)),
            }
        }
        text.push_str("last,row");
        let t = table(text.as_bytes()).expect("reads");
        assert!(t.is_plain());
        let expected = sequential(&t);
        assert_eq!(expected.0.len(), 300_000 - 12 + 1);
        assert_eq!(expected.2, 6);
        assert_eq!(expected.0.last().map(|r| r.0), Some(300_002));
        let (rows, ps) = t.map_rows(|row, _| Some(fields_of(row)));
        assert_eq!((rows, problems_of(&ps), ps.len()), expected);
        // in place, with the chunks' ranges
        let (lines, ranges, ps) = t.map_into(0u64, || (), (), |_, row, (), _| Some(row.line));
        assert_eq!(ps.len(), 6);
        assert!(ranges.len() > 1);
        assert_eq!(ranges.last().map(|r| r.1.end), Some(lines.len()));
        assert_eq!(lines, expected.0.iter().map(|r| r.0).collect::<Vec<_>>());
    }
}
