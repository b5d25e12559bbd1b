//! Parsing single fields, with the reason a user reads when one is wrong,
//! including the ways spreadsheets write numbers and codes: decimal commas,
//! thousands separators, `n/a` for unknown, sector codes turned into
//! numbers or dates, and ids that are almost those of a record.

use super::table::Row;
use crate::error::{Problem, Problems};
use crate::model::SectorTable;

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
        None => fail(ps, row.problem(col, not_a_number(s, decimal_comma))),
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
    match whole_number(s) {
        Ok(0) if positive => {
            ps.push(row.problem(col, "is zero; leave the cell empty if unknown"));
            Err(Reported)
        }
        Ok(n) => Ok(Some(n)),
        Err(reason) => {
            ps.push(row.problem(col, reason));
            Err(Reported)
        }
    }
}

/// Parses a whole number of 0 or more, as written in a cell; the reason a
/// user reads when it is not one.
///
/// ```
/// use coopnet::load::fields::whole_number;
/// assert_eq!(whole_number("15000"), Ok(15000));
/// assert!(whole_number("15.000").unwrap_err().contains("write it as 15000"));
/// assert!(whole_number("n/a").unwrap_err().contains("leave the cell empty"));
/// ```
///
/// # Errors
///
/// The reason when `s` is not a plain whole number.
pub fn whole_number(s: &str) -> Result<u64, String> {
    if let Ok(n) = s.parse::<u64>() {
        return Ok(n);
    }
    if let Some(reason) = unknown_marker(s) {
        return Err(reason);
    }
    if let Some(digits) = thousands(s) {
        return Err(format!(
            "is not a whole number as written: write it as {digits}, without thousands separators"
        ));
    }
    let t = s.trim_start_matches(['+', '-']);
    if s.starts_with('-') && !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(if t.bytes().all(|b| b == b'0') {
            "is -0; write 0".to_string()
        } else {
            "is negative; a count must be a whole number of 0 or more".to_string()
        });
    }
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "is too large (the largest whole number is {})",
            u64::MAX
        ));
    }
    Err("is not a whole number".to_string())
}

/// The digits of a whole number written with thousands separators
/// (`15.000`, `15,000`, `15 000`, `15'000`, a no-break or thin space), if it is one.
fn thousands(s: &str) -> Option<String> {
    let sep = s.chars().find(|c| !c.is_ascii_digit())?;
    if !matches!(
        sep,
        '.' | ',' | ' ' | '\'' | '\u{a0}' | '\u{202f}' | '\u{2009}'
    ) {
        return None;
    }
    let groups: Vec<&str> = s.split(sep).collect();
    let ok = groups.len() >= 2
        && (1..=3).contains(&groups[0].len())
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
        && groups[1..].iter().all(|g| g.len() == 3);
    ok.then(|| groups.concat().trim_start_matches('0').to_string())
        .map(|d| if d.is_empty() { "0".to_string() } else { d })
}

/// The reason for a cell that says "unknown" in words or signs (`k.A.`,
/// `n/a`, `-`, `—`, ...), if it does.
pub fn unknown_marker(s: &str) -> Option<String> {
    const MARKERS: [&str; 17] = [
        "-",
        "--",
        "—",
        "–",
        "?",
        "n/a",
        "na",
        "n.a.",
        "k.a.",
        "k. a.",
        "nd",
        "n.d.",
        "null",
        "none",
        "nan",
        "н/д",
        "нет данных",
    ];
    let lower = s.trim().to_lowercase();
    MARKERS
        .contains(&lower.as_str())
        .then(|| "is not a number; leave the cell empty if the value is unknown".to_string())
}

/// The reason for a sector code that is rejected with `reason`, with a hint
/// when a spreadsheet seems to have turned the code into a number or a date
/// (`26,7`, `3.2`, `29.10.2024`), or a listed code is close to it.
pub fn code_reason(code: &str, reason: String, sectors: &SectorTable) -> String {
    if let Some(hint) = mangled_code(code) {
        return format!("{reason}; {hint}");
    }
    if sectors.is_closed() {
        let hint = did_you_mean(code, sectors.iter().map(|(_, info)| info.code.as_str()));
        return format!("{reason}{hint}");
    }
    reason
}

/// What a spreadsheet did to a code that reads as a number or a date.
fn mangled_code(code: &str) -> Option<String> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = code.split(['.', ',', '/', '-']).collect();
    let is_date = parts.len() == 3
        && parts.iter().all(|p| digits(p))
        && (parts[0].len() == 4 || parts[2].len() == 4 || parts[2].len() == 2)
        && !(code.contains('.')
            && parts.iter().take(2).all(|p| p.len() == 2)
            && parts[2].len() <= 2);
    if is_date {
        return Some(
            "it reads as a date: a spreadsheet turned the code into one; format the column as text and type the code again".to_string(),
        );
    }
    if let Some((a, b)) = code.split_once(',') {
        if digits(a) && digits(b) {
            let fixed = format!("{}{a}.{b}", if a.len() == 1 { "0" } else { "" });
            return Some(format!(
                "it reads as a number with a decimal comma: a spreadsheet turned the code into a number; format the column as text and write {fixed}"
            ));
        }
    }
    if let Some((a, b)) = code.split_once('.') {
        if a.len() == 1 && digits(a) && b.split('.').all(digits) {
            return Some(format!(
                "a leading zero seems lost (a spreadsheet read the code as a number); format the column as text and write 0{code}"
            ));
        }
    }
    (code.len() == 1 && digits(code)).then(|| {
        format!(
            "a leading zero seems lost (a spreadsheet read the code as a number); format the column as text and write 0{code}"
        )
    })
}

/// `"; did you mean "X"?"` when one of `candidates` is close to `value`, else
/// nothing: the same but for case, or (for ids of 4 characters or more) one
/// edit away, a swap of two neighbours included (two for 8 or more). Among a
/// great many candidates only the case is compared, to keep the cost of a
/// message bounded.
pub fn did_you_mean<'a>(value: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    const MANY: usize = 200_000;
    let n = value.chars().count();
    let limit = match n {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    };
    let lower = value.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for (i, c) in candidates.enumerate() {
        if c != value && (c.eq_ignore_ascii_case(value) || c.to_lowercase() == lower) {
            best = Some((0, c));
            break;
        }
        if limit == 0 || i >= MANY || c.len().abs_diff(value.len()) > limit * 4 {
            continue;
        }
        let d = strsim::osa_distance(c, value);
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, c));
        }
    }
    match best {
        Some((_, c)) if c != value => format!("; did you mean {c:?}?"),
        _ => String::new(),
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
        Some(_) => {
            ps.push(row.problem(col, "is not a finite number"));
            Err(Reported)
        }
        _ => {
            ps.push(row.problem(col, not_a_number(s, decimal_comma)));
            Err(Reported)
        }
    }
}

/// Parses a finite number as written in a cell (`non_negative` also rejects
/// negative ones); the reason a user reads when it is not one.
///
/// # Errors
///
/// The reason: empty, not a number (with a hint, see [`not_a_number`]),
/// not finite, or negative.
pub fn number(s: &str, decimal_comma: bool, non_negative: bool) -> Result<f64, String> {
    let s = s.trim();
    if s.is_empty() {
        return Err("is empty; a number is required".to_string());
    }
    match parse_f64(s, decimal_comma) {
        Some(v) if !v.is_finite() => Err("is not a finite number".to_string()),
        Some(v) if non_negative && v < 0.0 => {
            Err("is negative; values must be zero or more".to_string())
        }
        Some(v) => Ok(if v == 0.0 { 0.0 } else { v }), // -0 is 0
        None => Err(not_a_number(s, decimal_comma)),
    }
}

/// Why `s` is not a number (see [`parse_f64`]), with what to do about it.
pub fn not_a_number(s: &str, decimal_comma: bool) -> String {
    if let Some(reason) = unknown_marker(s) {
        return reason;
    }
    if let Some(digits) = thousands(s) {
        return format!(
            "is not a number as written: write it as {digits}, without thousands separators"
        );
    }
    if decimal_comma && s.contains('.') && s.contains(',') {
        let fixed = s.replace('.', "");
        if fixed.replace(',', ".").parse::<f64>().is_ok() {
            return format!(
                "is not a number as written: write it as {fixed}, without thousands separators"
            );
        }
    }
    if !decimal_comma && s.contains(',') && s.replace(',', ".").parse::<f64>().is_ok() {
        return "is not a number: a decimal comma is read only in files delimited by semicolons; write a point (1.5)".to_string();
    }
    "is not a number".to_string()
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

/// The largest total of weights accepted: far beyond any real data, and
/// small enough that the algorithms can square it (modularity divides
/// products of node strengths by twice the total).
pub const MAX_WEIGHT_TOTAL: f64 = 1e150;

/// A problem when `weights` (of column `column` of `file`) add up to more
/// than [`MAX_WEIGHT_TOTAL`]: each weight is finite, their sum is not usable.
pub fn weight_total(
    weights: impl Iterator<Item = f64>,
    file: &str,
    column: &str,
) -> Option<Problem> {
    let total: f64 = weights.sum();
    (!total.is_finite() || total > MAX_WEIGHT_TOTAL).then(|| Problem {
        file: file.to_string(),
        line: None,
        column: Some(column.to_string()),
        value: None,
        reason: format!(
            "the weights add up to {}; coopnet computes with totals up to {MAX_WEIGHT_TOTAL:e}: divide every weight by the same number (shares and communities do not change)",
            if total.is_finite() {
                format!("{total:e}")
            } else {
                "more than 1.8e308, the largest number".to_string()
            }
        ),
    })
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
