//! Parsing single fields, with the reason a user reads when one is wrong.

use super::table::Row;
use crate::error::{Problem, Problems};

/// The field was wrong and a problem has been recorded for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reported;

/// Parses a floating-point number. With `;` as delimiter a decimal comma is
/// accepted too (`1,5`), as Excel writes it in Russian and many European locales.
pub fn parse_f64(s: &str, decimal_comma: bool) -> Option<f64> {
    // Whole numbers of up to 15 digits (most weights) are exact as f64:
    // reading them as integers gives the same value, faster.
    if (1..=15).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse::<u64>().ok().map(|n| n as f64);
    }
    if decimal_comma && s.contains(',') && !s.contains('.') {
        s.replace(',', ".").parse().ok()
    } else {
        s.parse().ok()
    }
}

/// Reads a required positive, finite weight (empty means `default`).
pub fn weight(
    row: &Row<'_>,
    col: Option<usize>,
    default: f64,
    decimal_comma: bool,
    ps: &mut Problems,
) -> Option<f64> {
    let Some(col) = col else { return Some(default) };
    let s = row.get(col);
    if s.is_empty() {
        return Some(default);
    }
    match parse_f64(s, decimal_comma) {
        None => fail(ps, row.problem(col, "is not a number")),
        Some(w) if w.is_nan() => fail(
            ps,
            row.problem(
                col,
                "is not a number (NaN); a weight must be a positive number",
            ),
        ),
        Some(w) if w.is_infinite() => fail(
            ps,
            row.problem(
                col,
                "is infinite; a weight must be a positive finite number",
            ),
        ),
        Some(w) if w < 0.0 => fail(
            ps,
            row.problem(col, "is negative; a weight must be positive"),
        ),
        Some(0.0) => fail(
            ps,
            row.problem(
                col,
                "is zero; a weight must be positive (leave the link out instead)",
            ),
        ),
        Some(w) => Some(w),
    }
}

/// Reads an optional non-negative integer count (empty means `None`).
/// `positive` rejects zero too.
pub fn count(
    row: &Row<'_>,
    col: Option<usize>,
    positive: bool,
    ps: &mut Problems,
) -> Result<Option<u64>, Reported> {
    let Some(col) = col else { return Ok(None) };
    let s = row.get(col);
    if s.is_empty() {
        return Ok(None);
    }
    // digits only (the common case) parse in place; otherwise drop the spaces
    // and no-break spaces that spreadsheets put between thousands
    let cleaned: std::borrow::Cow<'_, str> = if s.bytes().all(|b| b.is_ascii_digit()) {
        s.into()
    } else {
        s.chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
            .collect::<String>()
            .into()
    };
    match cleaned.parse::<u64>() {
        Ok(0) if positive => {
            ps.push(row.problem(col, "is zero; leave the cell empty if unknown"));
            Err(Reported)
        }
        Ok(n) => Ok(Some(n)),
        Err(_) => {
            let reason = if cleaned.starts_with('-') {
                "is negative; a count must be a whole number of 0 or more"
            } else {
                "is not a whole number"
            };
            ps.push(row.problem(col, reason));
            Err(Reported)
        }
    }
}

/// Reads an optional number within `[lo, hi]` (empty means `None`).
pub fn bounded(
    row: &Row<'_>,
    col: Option<usize>,
    lo: f64,
    hi: f64,
    decimal_comma: bool,
    ps: &mut Problems,
) -> Result<Option<f64>, Reported> {
    let Some(col) = col else { return Ok(None) };
    let s = row.get(col);
    if s.is_empty() {
        return Ok(None);
    }
    match parse_f64(s, decimal_comma) {
        Some(x) if x.is_finite() && (lo..=hi).contains(&x) => Ok(Some(x)),
        Some(x) if x.is_finite() => {
            ps.push(row.problem(col, format!("is outside {lo} to {hi}")));
            Err(Reported)
        }
        _ => {
            ps.push(row.problem(col, "is not a number"));
            Err(Reported)
        }
    }
}

/// Reads a required non-empty text field.
pub fn required<'a>(row: &Row<'a>, col: usize, ps: &mut Problems) -> Option<&'a str> {
    let s = row.get(col);
    if s.is_empty() {
        ps.push(row.problem(col, "is empty; a value is required"));
        None
    } else {
        Some(s)
    }
}

/// Splits a list cell on `|` (the documented separator), trimming items and
/// dropping empty ones.
pub fn list(s: &str) -> impl Iterator<Item = &str> {
    s.split('|').map(str::trim).filter(|x| !x.is_empty())
}

fn fail<T>(ps: &mut Problems, p: Problem) -> Option<T> {
    ps.push(p);
    None
}
