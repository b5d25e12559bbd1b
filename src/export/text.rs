//! Tables of text cells as CSV and as Markdown: the building block of every
//! table coopnet writes outside the network exports.

use std::fmt::Write as _;

use super::escape::{csv_field, md_cell};

/// A CSV table: the header line, then one line per row, every field quoted
/// where needed ([`csv_field`]).
///
/// ```
/// use coopnet::export::text::csv_table;
/// let t = csv_table(&["region", "lq"], [("RU-KOS", 2.5)], |(r, lq)| [r.to_string(), lq.to_string()]);
/// assert_eq!(t, "region,lq\nRU-KOS,2.5\n");
/// ```
pub fn csv_table<R, C: AsRef<[String]>>(
    header: &[impl AsRef<str>],
    rows: impl IntoIterator<Item = R>,
    fields: impl Fn(R) -> C,
) -> String {
    let mut out = String::new();
    push_csv_line(&mut out, header.iter().map(AsRef::as_ref));
    for row in rows {
        push_csv_line(&mut out, fields(row).as_ref().iter().map(String::as_str));
    }
    out
}

fn push_csv_line<'a>(out: &mut String, cells: impl Iterator<Item = &'a str>) {
    for (k, cell) in cells.enumerate() {
        if k > 0 {
            out.push(',');
        }
        out.push_str(&csv_field(cell));
    }
    out.push('\n');
}

/// A Markdown table under a `## title` (none when `title` is empty):
/// `columns` are `(name, right-aligned)`; every cell is escaped ([`md_cell`]).
///
/// ```
/// use coopnet::export::text::md_table;
/// let t = md_table("T", &[("a", false), ("b", true)], [("x|y", 2)], |(s, v)| [s.to_string(), v.to_string()]);
/// assert_eq!(t, "## T\n\n| a | b |\n|---|---:|\n| x\\|y | 2 |\n");
/// ```
pub fn md_table<R, C: AsRef<[String]>>(
    title: &str,
    columns: &[(impl AsRef<str>, bool)],
    rows: impl IntoIterator<Item = R>,
    cells: impl Fn(R) -> C,
) -> String {
    let mut out = String::new();
    if !title.is_empty() {
        let _ = write!(out, "## {title}\n\n");
    }
    out.push('|');
    for (name, _) in columns {
        let _ = write!(out, " {} |", md_cell(name.as_ref()));
    }
    out.push_str("\n|");
    for (_, right) in columns {
        out.push_str(if *right { "---:|" } else { "---|" });
    }
    out.push('\n');
    for row in rows {
        out.push('|');
        for cell in cells(row).as_ref() {
            let _ = write!(out, " {} |", md_cell(cell));
        }
        out.push('\n');
    }
    out
}

/// A whole number with thousands separated by commas, as the docs write
/// counts (`7,330`).
///
/// ```
/// use coopnet::export::text::thousands;
/// assert_eq!(thousands(7330), "7,330");
/// assert_eq!(thousands(999), "999");
/// assert_eq!(thousands(1_234_567), "1,234,567");
/// ```
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
