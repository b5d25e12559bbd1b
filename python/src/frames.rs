//! Data frames (anything with `__arrow_c_stream__`: pandas, polars, pyarrow)
//! as a dataset.
//!
//! The frames are written as the dataset folder the command line reads, a
//! CSV file per frame in a temporary folder, and loaded by the library's own
//! loader. A dataset built from frames is therefore checked exactly as one
//! read from files, with the same problems; each problem is then told in the
//! frames' terms: its file is the frame's name (`participants`) and its line
//! the row's position in the frame (0-based, as `DataFrame.iloc`).
//!
//! A cell is written as its text: a null, and a NaN in a float column (what
//! pandas uses for a missing number), as an empty cell; a whole float as a
//! whole number (`12.0` as `12`, since pandas turns an integer column with a
//! missing value into floats); everything else as Arrow formats it.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use arrow_array::cast::AsArray;
use arrow_array::types::{Float32Type, Float64Type, Int64Type};
use arrow_array::{Array, RecordBatch};
use arrow_cast::display::{ArrayFormatter, FormatOptions};
use arrow_schema::{DataType, SchemaRef};
use coopnet::load::Table;
use coopnet::model::Dataset;
use coopnet::{Error, Problem, Result};
use rayon::prelude::*;

/// The frames a dataset may have, named as its files are (`regions` for `regions.csv`).
pub(crate) const NAMES: [&str; 6] = [
    "districts",
    "regions",
    "sectors",
    "clusters",
    "participants",
    "links",
];

/// One frame: its name (one of [`NAMES`], or what it stands for, such as
/// `panel`) and its rows.
pub(crate) struct Frame {
    pub name: &'static str,
    pub schema: SchemaRef,
    pub batches: Vec<RecordBatch>,
}

impl Frame {
    fn memory(&self) -> usize {
        self.batches.iter().map(|b| b.get_array_memory_size()).sum()
    }
}

/// Rows of a frame whose cells hold line breaks (rare): each spans more
/// than one line of the written file.
#[derive(Default)]
pub(crate) struct Lines {
    /// `(row, extra lines)`, in row order.
    multiline: Vec<(u64, u64)>,
}

impl Lines {
    /// The row (0-based) of line `line` (1-based, the header on line 1) of the file.
    fn row_of(&self, line: u64) -> Option<u64> {
        if line < 2 {
            return None;
        }
        let mut before = 0;
        for &(row, extra) in &self.multiline {
            let start = 2 + row + before;
            if line < start {
                break;
            }
            if line <= start + extra {
                return Some(row);
            }
            before += extra;
        }
        Some(line - 2 - before)
    }
}

/// A chunk of rows as CSV text, with its rows that span several lines
/// (see [`Lines`]).
type Chunk = (Vec<u8>, Vec<(u64, u64)>);

/// Rows written at a time by one thread.
const CHUNK_ROWS: usize = 32 * 1024;

/// Writes `frames` as CSV files into the existing folder `dir`.
pub(crate) fn write_folder(frames: &[Frame], dir: &Path) -> Result<()> {
    write_all(frames, dir).map(|_| ())
}

fn write_all(frames: &[Frame], dir: &Path) -> Result<Vec<Lines>> {
    frames
        .iter()
        .map(|f| {
            let path = dir.join(format!("{}.csv", f.name));
            write_frame(f, &path).map_err(|e| Error::io(&path, e))
        })
        .collect()
}

fn write_frame(frame: &Frame, path: &Path) -> std::io::Result<Lines> {
    let mut out = BufWriter::with_capacity(1 << 20, File::create(path)?);
    let lines = write_csv(frame, &mut out)?;
    out.into_inner().map_err(|e| e.into_error())?;
    Ok(lines)
}

/// Writes `frame` as CSV text (a header, then a line per row) to `out`.
fn write_csv(frame: &Frame, out: &mut impl Write) -> std::io::Result<Lines> {
    let header: Vec<String> = frame
        .schema
        .fields()
        .iter()
        .map(|f| {
            let mut s = Vec::new();
            quoted(&mut s, f.name().as_bytes());
            String::from_utf8_lossy(&s).into_owned()
        })
        .collect();
    out.write_all(header.join(",").as_bytes())?;
    out.write_all(b"\n")?;
    // every chunk of every batch, in order
    let mut chunks = Vec::new();
    let mut first_row = 0u64;
    for batch in &frame.batches {
        for start in (0..batch.num_rows()).step_by(CHUNK_ROWS) {
            let len = CHUNK_ROWS.min(batch.num_rows() - start);
            chunks.push((batch, start, len, first_row + start as u64));
        }
        first_row += batch.num_rows() as u64;
    }
    let window = 4 * rayon::current_num_threads().max(1);
    let mut lines = Lines::default();
    for group in chunks.chunks(window) {
        let written: Vec<std::io::Result<Chunk>> = group
            .par_iter()
            .map(|&(batch, start, len, row0)| write_chunk(batch, start, len, row0))
            .collect();
        for w in written {
            let (bytes, multiline) = w?;
            out.write_all(&bytes)?;
            lines.multiline.extend(multiline);
        }
    }
    Ok(lines)
}

/// How one column's cells are written.
enum Cells<'a> {
    Text(Box<dyn Fn(usize) -> Option<&'a str> + 'a>),
    Float(Box<dyn Fn(usize) -> Option<f64> + 'a>),
    Int(&'a arrow_array::PrimitiveArray<Int64Type>),
    Other(ArrayFormatter<'a>),
}

fn cells<'a>(array: &'a dyn Array, options: &'a FormatOptions<'a>) -> std::io::Result<Cells<'a>> {
    let text = |f: Box<dyn Fn(usize) -> Option<&'a str> + 'a>| Ok(Cells::Text(f));
    match array.data_type() {
        DataType::Utf8 => {
            let a = array.as_string::<i32>();
            text(Box::new(move |i| a.is_valid(i).then(|| a.value(i))))
        }
        DataType::LargeUtf8 => {
            let a = array.as_string::<i64>();
            text(Box::new(move |i| a.is_valid(i).then(|| a.value(i))))
        }
        DataType::Utf8View => {
            let a = array.as_string_view();
            text(Box::new(move |i| a.is_valid(i).then(|| a.value(i))))
        }
        DataType::Float64 => {
            let a = array.as_primitive::<Float64Type>();
            Ok(Cells::Float(Box::new(move |i| {
                a.is_valid(i).then(|| a.value(i))
            })))
        }
        DataType::Float32 => {
            let a = array.as_primitive::<Float32Type>();
            Ok(Cells::Float(Box::new(move |i| {
                a.is_valid(i).then(|| f64::from(a.value(i)))
            })))
        }
        DataType::Int64 => Ok(Cells::Int(array.as_primitive::<Int64Type>())),
        _ => ArrayFormatter::try_new(array, options)
            .map(Cells::Other)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string())),
    }
}

fn write_chunk(batch: &RecordBatch, start: usize, len: usize, row0: u64) -> std::io::Result<Chunk> {
    let options = FormatOptions::default().with_null("");
    let columns: Vec<Cells<'_>> = batch
        .columns()
        .iter()
        .map(|c| cells(c.as_ref(), &options))
        .collect::<std::io::Result<_>>()?;
    let mut out = Vec::with_capacity(len * 16 * columns.len().max(1));
    let mut multiline = Vec::new();
    let mut scratch = String::new();
    for i in start..start + len {
        let mut breaks = 0u64;
        for (k, col) in columns.iter().enumerate() {
            if k > 0 {
                out.push(b',');
            }
            match col {
                Cells::Text(get) => {
                    if let Some(s) = get(i) {
                        breaks += quoted(&mut out, s.as_bytes());
                    }
                }
                Cells::Float(get) => match get(i) {
                    Some(x) if x.is_nan() => {}
                    Some(x) if x.fract() == 0.0 && x.abs() < 1e15 => {
                        let _ = write!(out, "{}", x as i64);
                    }
                    Some(x) => {
                        let _ = write!(out, "{x}");
                    }
                    None => {}
                },
                Cells::Int(a) => {
                    if a.is_valid(i) {
                        let _ = write!(out, "{}", a.value(i));
                    }
                }
                Cells::Other(f) => {
                    scratch.clear();
                    let _ =
                        std::fmt::Write::write_fmt(&mut scratch, format_args!("{}", f.value(i)));
                    breaks += quoted(&mut out, scratch.as_bytes());
                }
            }
        }
        out.push(b'\n');
        if breaks > 0 {
            multiline.push((row0 + (i - start) as u64, breaks));
        }
    }
    Ok((out, multiline))
}

/// Writes a cell, in quotes when it holds a comma, a quote or a line break;
/// returns the number of line feeds in it.
fn quoted(out: &mut Vec<u8>, s: &[u8]) -> u64 {
    let special = |b: &u8| matches!(b, b',' | b'"' | b'\n' | b'\r');
    if !s.iter().any(special) {
        out.extend_from_slice(s);
        return 0;
    }
    out.push(b'"');
    for &b in s {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
    s.iter().filter(|&&b| b == b'\n').count() as u64
}

/// Loads `frames` as a dataset called `name`, or returns its problems in the
/// frames' terms.
pub(crate) fn load(frames: &[Frame], name: &str) -> Result<Dataset> {
    let dir = tempfile::Builder::new()
        .prefix("coopnet-frames-")
        .tempdir()
        .map_err(|e| Error::io(std::env::temp_dir(), e))?;
    let lines = write_all(frames, dir.path())?;
    let loaded = coopnet::load::load_dataset(dir.path());
    drop(dir);
    let file_of = |file: &str| {
        frames
            .iter()
            .zip(&lines)
            .find(|(f, _)| file == format!("{}.csv", f.name))
    };
    match loaded {
        Ok(mut ds) => {
            ds.name = name.to_string();
            ds.path = Default::default();
            for source in &mut ds.sources {
                if let Some((f, _)) = file_of(&source.file) {
                    source.file = f.name.to_string();
                    source.encoding = "Arrow".to_string();
                    source.delimiter = "none".to_string();
                    source.bytes = f.memory();
                }
            }
            for w in &mut ds.warnings {
                *w = in_frame_terms(w);
            }
            Ok(ds)
        }
        Err(e) => Err(relocate(e, |p| match file_of(&p.file) {
            Some((f, l)) => Problem {
                file: f.name.to_string(),
                line: p.line.and_then(|n| l.row_of(n)),
                reason: in_frame_terms(&p.reason),
                ..p
            },
            None => Problem {
                reason: in_frame_terms(&p.reason),
                ..p
            },
        })),
    }
}

/// The problems of `e` (when it lists problems) passed through `f`.
fn relocate(e: Error, f: impl Fn(Problem) -> Problem) -> Error {
    match e {
        Error::Invalid { problems, more } => Error::Invalid {
            problems: problems.into_iter().map(f).collect(),
            more,
        },
        other => other,
    }
}

/// One frame as a [`Table`] named after the frame, decoded and checked as a
/// file would be, with the map from its lines back to the frame's rows.
pub(crate) fn frame_table(frame: &Frame) -> Result<(Table, Lines)> {
    let mut raw = Vec::new();
    let lines = write_csv(frame, &mut raw)
        .map_err(|e| Error::invalid(Problem::file(frame.name, e.to_string())))?;
    let table = located(Table::from_bytes(raw, frame.name), frame.name, &lines)?;
    Ok((table, lines))
}

/// `result` with the problems of the table called `name` told as rows of
/// its frame (0-based positions) instead of lines of its CSV text.
pub(crate) fn located<T>(result: Result<T>, name: &str, lines: &Lines) -> Result<T> {
    result.map_err(|e| {
        relocate(e, |p| {
            if p.file == name {
                Problem {
                    line: p.line.and_then(|n| lines.row_of(n)),
                    ..p
                }
            } else {
                p
            }
        })
    })
}

/// `participants.csv` as `the participants frame` in a message.
fn in_frame_terms(text: &str) -> String {
    let mut s = text.to_string();
    for name in NAMES {
        s = s.replace(&format!("{name}.csv"), &format!("the {name} frame"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::Lines;

    #[test]
    fn lines_map_back_to_rows() {
        let plain = Lines::default();
        assert_eq!(plain.row_of(1), None);
        assert_eq!(plain.row_of(2), Some(0));
        assert_eq!(plain.row_of(11), Some(9));
        // row 3 spans 3 lines (two line feeds in a cell), row 5 two
        let lines = Lines {
            multiline: vec![(3, 2), (5, 1)],
        };
        let rows: Vec<Option<u64>> = (2..14).map(|l| lines.row_of(l)).collect();
        let expect = [0, 1, 2, 3, 3, 3, 4, 5, 5, 6, 7, 8];
        assert_eq!(rows, expect.iter().map(|&r| Some(r)).collect::<Vec<_>>());
    }
}
