//! Reading input-output tables: the OECD harmonised national layout, a plain
//! square matrix, and the Eurostat manual / `iotables` layout (see
//! [`crate::economics::io_table`] for the layouts and the maths).
//!
//! Every reader reports each bad cell (not a number, NaN or infinite, a
//! negative intermediate flow), each short or long row, each missing industry
//! row and a missing output, with file, line and column; any file encoding
//! [`super::encoding`] detects is read.
//!
//! ```
//! use coopnet::load::{LoadOptions, io_table};
//! let text = "industry;01;10;output\n01;10;50;200\n10;5;20,5;400\n";
//! let t = io_table::square_from_bytes(text.as_bytes().to_vec(), "io.csv", &LoadOptions::default()).unwrap();
//! assert_eq!(t.flows().get(1, 1), 20.5);
//! let e = io_table::square_from_bytes(b"industry,01\n01,1,2\n".to_vec(), "io.csv", &LoadOptions::default()).unwrap_err();
//! assert_eq!(e.problems()[0].line, Some(2)); // a row longer than the header
//! ```

use std::collections::HashMap;
use std::path::Path;

use super::LoadOptions;
use super::sheet::{Sheet, in_file};
use crate::economics::io_table::{IoTable, OECD_INDUSTRIES};
use crate::error::{Error, Problem, Problems, Result};
use crate::model::DenseMatrix;

/// What an empty file was expected to hold.
const EXPECTED: &str = "an input-output table";

/// Reads an OECD national IOT file.
///
/// # Errors
///
/// [`Error::Invalid`] listing every problem (the file missing or unreadable
/// included); [`Error::Io`] for another failure to read it.
pub fn read_oecd(path: &Path, options: &LoadOptions) -> Result<IoTable> {
    oecd(&Sheet::read(path, options, EXPECTED, true)?)
}

/// Reads the OECD layout from bytes; `file` names it in problems.
///
/// # Errors
///
/// As [`read_oecd`].
pub fn oecd_from_bytes(raw: Vec<u8>, file: &str, options: &LoadOptions) -> Result<IoTable> {
    oecd(&Sheet::from_bytes(raw, file, options, EXPECTED, true)?)
}

/// Reads a plain square matrix.
///
/// # Errors
///
/// As [`read_oecd`].
pub fn read_square(path: &Path, options: &LoadOptions) -> Result<IoTable> {
    square(&Sheet::read(path, options, EXPECTED, true)?)
}

/// Reads a plain square matrix from bytes; `file` names it in problems.
///
/// # Errors
///
/// As [`read_oecd`].
pub fn square_from_bytes(raw: Vec<u8>, file: &str, options: &LoadOptions) -> Result<IoTable> {
    square(&Sheet::from_bytes(raw, file, options, EXPECTED, true)?)
}

/// Reads the Eurostat manual / iotables layout.
///
/// # Errors
///
/// As [`read_oecd`].
pub fn read_eurostat(path: &Path, options: &LoadOptions) -> Result<IoTable> {
    eurostat(&Sheet::read(path, options, EXPECTED, true)?)
}

/// Reads the Eurostat layout from bytes; `file` names it in problems.
///
/// # Errors
///
/// As [`read_oecd`].
pub fn eurostat_from_bytes(raw: Vec<u8>, file: &str, options: &LoadOptions) -> Result<IoTable> {
    eurostat(&Sheet::from_bytes(raw, file, options, EXPECTED, true)?)
}

/// Reads a table in the OECD layout when a row of its first column is named
/// `TTL_...`, otherwise as a plain square matrix.
///
/// # Errors
///
/// As [`read_oecd`].
pub fn read_oecd_or_square(path: &Path, options: &LoadOptions) -> Result<IoTable> {
    let sheet = Sheet::read(path, options, EXPECTED, true)?;
    if sheet
        .rows
        .iter()
        .any(|(_, r)| sheet.cell(r, 0).starts_with("TTL_"))
    {
        oecd(&sheet)
    } else {
        square(&sheet)
    }
}

fn oecd(sheet: &Sheet) -> Result<IoTable> {
    let file = sheet.file.as_str();
    let is_industry =
        |h: &str| h.len() >= 2 && h.starts_with('D') && h.as_bytes()[1].is_ascii_digit();
    let industry_cols: Vec<usize> = (1..sheet.headers.len())
        .filter(|&c| is_industry(&sheet.headers[c]))
        .collect();
    if industry_cols.is_empty() {
        return Err(Error::invalid(Problem::line(
            file,
            1,
            "no industry columns: the OECD layout names them D01, D10T12, ... in the header",
        )));
    }
    let numeric_cols: Vec<usize> = (1..sheet.headers.len()).collect();
    let mut rows_by_code: HashMap<String, usize> = HashMap::new();
    let mut output_row = None;
    let mut problems = Problems::new();
    for (k, (line, row)) in sheet.rows.iter().enumerate() {
        let label = sheet.cell(row, 0);
        if label.eq_ignore_ascii_case("OUTPUT") {
            output_row = Some(k);
        } else if let Some(code) = label.strip_prefix("TTL_") {
            let col = format!("D{code}");
            if industry_cols.iter().any(|&c| sheet.headers[c] == col)
                && rows_by_code.insert(col.clone(), k).is_some()
            {
                problems.push(Problem::field(
                    file,
                    *line,
                    &sheet.headers[0],
                    label,
                    "repeats an industry row",
                ));
            }
        }
    }
    let codes: Vec<String> = industry_cols
        .iter()
        .map(|&c| sheet.headers[c].clone())
        .collect();
    for code in &codes {
        if !rows_by_code.contains_key(code) {
            let row = format!("TTL_{}", &code[1..]);
            problems.push(Problem::file(
                file,
                format!("no row {row} for the industry column {code}"),
            ));
        }
    }
    problems.into_result()?;
    let mut problems = Problems::new();
    let n = codes.len();
    let mut flows = DenseMatrix::zeros(n, n);
    let mut output = vec![0.0; n];
    for (s, code) in codes.iter().enumerate() {
        let (line, row) = &sheet.rows[rows_by_code[code]];
        for (t, &c) in industry_cols.iter().enumerate() {
            flows.set(s, t, sheet.number(&mut problems, *line, row, c, true));
        }
        if output_row.is_none() {
            output[s] = sheet.row_sum(&mut problems, *line, row, &numeric_cols);
        }
    }
    if let Some(k) = output_row {
        output = row_values(sheet, &mut problems, k, &industry_cols);
    }
    problems.into_result()?;
    let labels = codes
        .iter()
        .map(|c| {
            OECD_INDUSTRIES
                .iter()
                .find(|(k, _, _)| k == c)
                .map_or_else(|| c.clone(), |(_, l, _)| l.to_string())
        })
        .collect();
    IoTable::new(codes, flows, output)
        .and_then(|t| t.with_labels(labels))
        .map(|t| t.from_file(file))
        .map_err(|e| in_file(e, file))
}

fn square(sheet: &Sheet) -> Result<IoTable> {
    let file = sheet.file.as_str();
    let mut problems = Problems::new();
    let mut codes = Vec::new();
    let mut row_of: Vec<usize> = Vec::new();
    let mut output_row = None;
    for (k, (line, row)) in sheet.rows.iter().enumerate() {
        let label = sheet.cell(row, 0).to_string();
        if label.eq_ignore_ascii_case("output") {
            output_row = Some(k);
        } else if label.is_empty() {
            problems.push(Problem::field(
                file,
                *line,
                &sheet.headers[0],
                "",
                "is empty; name the industry",
            ));
        } else if codes.contains(&label) {
            problems.push(Problem::field(
                file,
                *line,
                &sheet.headers[0],
                label,
                "repeats an industry row",
            ));
        } else {
            codes.push(label);
            row_of.push(k);
        }
    }
    let col_of_header: HashMap<&str, usize> = sheet
        .headers
        .iter()
        .enumerate()
        .skip(1)
        .map(|(c, h)| (h.as_str(), c))
        .collect();
    let mut cols = Vec::new();
    for (code, &k) in codes.iter().zip(&row_of) {
        match col_of_header.get(code.as_str()) {
            Some(&c) => cols.push(c),
            None => problems.push(Problem::field(
                file,
                sheet.rows[k].0,
                &sheet.headers[0],
                code,
                "has no column of the same name; a square table names its columns as its rows",
            )),
        }
    }
    problems.into_result()?;
    let output_col =
        (1..sheet.headers.len()).find(|&c| sheet.headers[c].eq_ignore_ascii_case("output"));
    let numeric_cols: Vec<usize> = (1..sheet.headers.len())
        .filter(|&c| Some(c) != output_col)
        .collect();
    let n = codes.len();
    let mut flows = DenseMatrix::zeros(n, n);
    let mut output = vec![0.0; n];
    let mut problems = Problems::new();
    for (s, &k) in row_of.iter().enumerate() {
        let (line, row) = &sheet.rows[k];
        for (t, &c) in cols.iter().enumerate() {
            flows.set(s, t, sheet.number(&mut problems, *line, row, c, true));
        }
        output[s] = match (output_col, output_row) {
            (Some(c), _) => sheet.number(&mut problems, *line, row, c, false),
            (None, Some(_)) => 0.0,
            (None, None) => sheet.row_sum(&mut problems, *line, row, &numeric_cols),
        };
    }
    if let (None, Some(k)) = (output_col, output_row) {
        output = row_values(sheet, &mut problems, k, &cols);
    }
    problems.into_result()?;
    IoTable::new(codes, flows, output)
        .map(|t| t.from_file(file))
        .map_err(|e| in_file(e, file))
}

fn eurostat(sheet: &Sheet) -> Result<IoTable> {
    let file = sheet.file.as_str();
    let col = |name: &str| {
        sheet
            .headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
    };
    let [code_col, key_col] = sheet.require(&["t_rows2", "iotables_row"])?[..] else {
        return Err(Error::invalid(Problem::line(file, 1, "missing columns")));
    };
    let label_col = col("t_rows2_lab");
    let output_col = col("output_bp");
    let mut codes = Vec::new();
    let mut labels = Vec::new();
    let mut cols = Vec::new();
    let mut rows = Vec::new();
    let mut output_row = None;
    for (k, (_, row)) in sheet.rows.iter().enumerate() {
        let key = sheet.cell(row, key_col);
        if key.eq_ignore_ascii_case("output_bp") {
            output_row = Some(k);
        }
        if let Some(c) = (key_col + 1..sheet.headers.len()).find(|&c| sheet.headers[c] == key) {
            if Some(c) == output_col {
                continue;
            }
            codes.push(sheet.cell(row, code_col).to_string());
            labels.push(
                label_col.map_or_else(|| key.to_string(), |l| sheet.cell(row, l).to_string()),
            );
            cols.push(c);
            rows.push(k);
        }
    }
    if codes.is_empty() {
        return Err(Error::invalid(Problem::file(
            file,
            "no industry rows: no row's iotables_row key names a column",
        )));
    }
    if output_col.is_none() && output_row.is_none() {
        return Err(Error::invalid(Problem::file(
            file,
            "no output: neither an output_bp column nor an output_bp row",
        )));
    }
    let n = codes.len();
    let mut flows = DenseMatrix::zeros(n, n);
    let mut output = vec![0.0; n];
    let mut problems = Problems::new();
    for (s, &k) in rows.iter().enumerate() {
        let (line, row) = &sheet.rows[k];
        for (t, &c) in cols.iter().enumerate() {
            flows.set(s, t, sheet.number(&mut problems, *line, row, c, true));
        }
        if let Some(c) = output_col {
            output[s] = sheet.number(&mut problems, *line, row, c, false);
        }
    }
    if let (None, Some(k)) = (output_col, output_row) {
        output = row_values(sheet, &mut problems, k, &cols);
    }
    problems.into_result()?;
    IoTable::new(codes, flows, output)
        .and_then(|t| t.with_labels(labels))
        .map(|t| t.from_file(file))
        .map_err(|e| in_file(e, file))
}

/// The values of row `k` in the columns `cols` (an output row).
fn row_values(sheet: &Sheet, problems: &mut Problems, k: usize, cols: &[usize]) -> Vec<f64> {
    let (line, row) = &sheet.rows[k];
    cols.iter()
        .map(|&c| sheet.number(problems, *line, row, c, false))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn square_layout_with_output_row_or_sums() {
        let t = square_from_bytes(
            b"industry,b,a\na,1,2\nb,3,4\noutput,10,20\n".to_vec(),
            "sq.csv",
            &LoadOptions::default(),
        )
        .unwrap();
        assert_eq!(t.codes(), ["a", "b"]);
        assert_eq!(t.flows().row(0), [2.0, 1.0]);
        assert_eq!(t.output(), [20.0, 10.0]);
        let t = square_from_bytes(
            b"industry,a,b,hfce\na,1,2,7\nb,3,4,3\n".to_vec(),
            "sq.csv",
            &LoadOptions::default(),
        )
        .unwrap();
        assert_eq!(t.output(), [10.0, 10.0]);
        let e = square_from_bytes(
            b"industry,a,c\na,1,x\nb,-3,4\n".to_vec(),
            "sq.csv",
            &LoadOptions::default(),
        )
        .unwrap_err();
        assert_eq!(e.problems().len(), 1, "{e}"); // b has no column
        let e = square_from_bytes(
            b"industry,a,b,output\na,1,x,5\nb,-3,4,NaN\n".to_vec(),
            "sq.csv",
            &LoadOptions::default(),
        )
        .unwrap_err();
        assert_eq!(e.problems().len(), 3, "{e}");
        assert_eq!(
            e.problems()[0],
            Problem::field("sq.csv", 2, "b", "x", "is not a number")
        );
    }
}
