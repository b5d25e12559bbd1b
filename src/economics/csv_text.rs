//! Small shared helpers for the CSV files this module reads: decoding (UTF-8,
//! with or without a byte-order mark, or Windows-1251 as Excel in Russia writes
//! it), delimiter sniffing (`,` or `;`), header lookup by name and number
//! parsing with a located reason.

use std::io::Read;
use std::path::Path;

use crate::error::{Error, Problem, Result};

/// Reads a whole file as text (see [`decode`]).
pub(crate) fn read_path(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    Ok(decode(&bytes))
}

/// Reads a whole reader as text (see [`decode`]).
pub(crate) fn read_reader<R: Read>(mut reader: R, file: &str) -> Result<String> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(file, e))?;
    Ok(decode(&bytes))
}

/// UTF-8 (a leading byte-order mark dropped); anything that is not valid UTF-8
/// is taken as Windows-1251.
pub(crate) fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1251
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// `;` when the first non-empty line has more semicolons than commas, else `,`.
pub(crate) fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let semis = first.matches(';').count();
    let commas = first.matches(',').count();
    if semis > commas { b';' } else { b',' }
}

/// A CSV reader over `text` with the sniffed delimiter, a header row, and
/// records of any length (short rows are reported by the callers).
pub(crate) fn reader(text: &str) -> (csv::Reader<&[u8]>, u8) {
    let delimiter = sniff_delimiter(text);
    let rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    (rdr, delimiter)
}

/// [`reader`] over a non-empty `text`, with its header row read: an empty file
/// is an error saying that `expected` was expected, an unreadable header an
/// error on line 1.
pub(crate) fn headed<'a>(
    text: &'a str,
    file: &str,
    expected: &str,
) -> Result<(csv::Reader<&'a [u8]>, u8, csv::StringRecord)> {
    if text.trim().is_empty() {
        return Err(Error::invalid(Problem::file(
            file,
            format!("is empty; expected {expected}"),
        )));
    }
    let (mut rdr, delimiter) = reader(text);
    let headers = rdr
        .headers()
        .map_err(|e| {
            Error::invalid(Problem::line(
                file,
                1,
                format!("cannot read the header: {e}"),
            ))
        })?
        .clone();
    Ok((rdr, delimiter, headers))
}

/// Index of the column named `name` (case-insensitive).
pub(crate) fn column(headers: &csv::StringRecord, name: &str) -> Option<usize> {
    headers
        .iter()
        .position(|h| h.trim().eq_ignore_ascii_case(name))
}

/// A problem for a column the header lacks.
pub(crate) fn missing_column(file: &str, name: &str, headers: &csv::StringRecord) -> Problem {
    let found: Vec<&str> = headers.iter().collect();
    Problem {
        file: file.to_string(),
        line: Some(1),
        column: Some(name.to_string()),
        value: None,
        reason: format!(
            "missing column {name:?} in the header (found: {})",
            found.join(", ")
        ),
    }
}

/// 1-based line of a record.
pub(crate) fn line_of(record: &csv::StringRecord) -> u64 {
    record.position().map(|p| p.line()).unwrap_or(0)
}

/// Parses a number as written in a CSV file. With `;` as delimiter a decimal
/// comma (`1,5`) is accepted too, as Excel writes it in many locales.
/// Returns the reason when it is not a finite number.
pub(crate) fn parse_number(raw: &str, delimiter: u8) -> std::result::Result<f64, &'static str> {
    let s = raw.trim();
    if s.is_empty() {
        return Err("is empty; a number is required");
    }
    let owned;
    let s = if delimiter == b';' && s.contains(',') && !s.contains('.') {
        owned = s.replace(',', ".");
        owned.as_str()
    } else {
        s
    };
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(_) => Err("is not a finite number"),
        Err(_) => Err("is not a number"),
    }
}

/// Parses a non-negative finite number (see [`parse_number`]).
pub(crate) fn parse_non_negative(
    raw: &str,
    delimiter: u8,
) -> std::result::Result<f64, &'static str> {
    let v = parse_number(raw, delimiter)?;
    if v < 0.0 {
        Err("is negative; values must be zero or more")
    } else {
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_parse_with_reasons() {
        assert_eq!(parse_number("1.5", b','), Ok(1.5));
        assert_eq!(parse_number(" 2 ", b','), Ok(2.0));
        assert_eq!(parse_number("1,5", b';'), Ok(1.5));
        assert!(parse_number("1,5", b',').is_err());
        assert_eq!(parse_number("NaN", b','), Err("is not a finite number"));
        assert_eq!(parse_number("inf", b','), Err("is not a finite number"));
        assert_eq!(parse_number("abc", b','), Err("is not a number"));
        assert!(parse_number("", b',').is_err());
        assert!(parse_non_negative("-1", b',').is_err());
        assert_eq!(parse_non_negative("0", b','), Ok(0.0));
    }

    #[test]
    fn delimiter_and_encoding() {
        assert_eq!(sniff_delimiter("region;sector;value\n"), b';');
        assert_eq!(sniff_delimiter("\n\nregion,sector,value\n"), b',');
        // "Кострома" in Windows-1251
        let cp1251 = [0xCA, 0xEE, 0xF1, 0xF2, 0xF0, 0xEE, 0xEC, 0xE0];
        assert_eq!(decode(&cp1251), "Кострома");
        assert_eq!(decode(b"\xEF\xBB\xBFabc"), "abc");
    }
}
