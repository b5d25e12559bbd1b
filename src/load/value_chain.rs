//! Reading a value chain, `from,to,weight,rationale` (see
//! [`crate::economics::value_chain`]): a header naming the four columns (in
//! any order, case-insensitive), `,`, `;` or tab delimited, a decimal comma
//! in a file delimited by `;`, any encoding [`super::encoding`] detects.
//! Every bad row is reported with its line: a malformed code, a weight
//! outside `(0, 1]`, an empty rationale, a sector linked to itself, a
//! repeated pair, a row with more or fewer fields than the header.
//!
//! ```
//! use coopnet::load::{LoadOptions, value_chain};
//! let text = "from;to;weight;rationale\n08;32;0,9;stones for jewellery\n";
//! let v = value_chain::from_bytes(text.as_bytes().to_vec(), "chain.csv", &LoadOptions::default()).unwrap();
//! assert_eq!(v.weight("08.99", "32.12"), 0.9);
//! ```

use std::collections::HashMap;
use std::path::Path;

use super::LoadOptions;
use super::fields;
use super::sheet::{in_file, not_blank, require_columns};
use super::table::Table;
use crate::economics::value_chain::{ValueChain, ValueChainLink, check_link, locate};
use crate::error::{Error, Problem, Result};

/// Reads the value chain at `path` (named by its file name in problems).
///
/// # Errors
///
/// [`Error::Invalid`] listing every problem (the file missing or unreadable
/// included); [`Error::Io`] for another failure to read it.
pub fn read(path: &Path, options: &LoadOptions) -> Result<ValueChain> {
    let file = super::display_name(path);
    from_bytes(super::read_file(path, &file)?, &file, options)
}

/// Reads a value chain from bytes; `file` names it in problems.
///
/// # Errors
///
/// As [`read`].
pub fn from_bytes(raw: Vec<u8>, file: &str, options: &LoadOptions) -> Result<ValueChain> {
    not_blank(&raw, file, "a header from,to,weight,rationale")?;
    let t = Table::from_bytes_with(raw, file, options)?;
    let names = ["from", "to", "weight", "rationale"];
    let [cf, ct, cw, cr] = require_columns(file, &t.headers, &names)?[..] else {
        return Err(Error::invalid(Problem::line(
            file,
            1,
            "missing columns in the header",
        )));
    };
    let decimal_comma = t.delimiter == b';';
    let mut links = Vec::new();
    let mut seen: HashMap<(String, String), u64> = HashMap::new();
    let mut problems = t.for_each_row(|row, ps| {
        let (from, to, raw_w, rationale) = (row.get(cf), row.get(ct), row.get(cw), row.get(cr));
        let weight = match fields::number(raw_w, decimal_comma, false) {
            Ok(w) => w,
            Err(reason) => {
                ps.push(row.problem(cw, reason));
                f64::NAN
            }
        };
        let mut ok = weight.is_finite();
        for p in check_link(
            from,
            to,
            if weight.is_finite() { weight } else { 1.0 },
            rationale,
        ) {
            ps.push(locate(p, file, row.line));
            ok = false;
        }
        if let Some(prev) = seen.insert((from.to_string(), to.to_string()), row.line) {
            ps.push(row.problem(
                ct,
                format!("repeats the pair {from} -> {to} of line {prev}"),
            ));
            ok = false;
        }
        if ok {
            links.push(ValueChainLink {
                from: from.to_string(),
                to: to.to_string(),
                weight,
                rationale: rationale.to_string(),
            });
        }
    });
    if problems.is_empty() && links.is_empty() {
        problems.push(Problem::file(file, "has a header but no links"));
    }
    problems.into_result()?;
    ValueChain::new(links).map_err(|e| in_file(e, file))
}
