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

/// The curated default value chain, `datasets/value_chain.csv`, as bundled.
pub const CURATED_CSV: &str = include_str!("../../datasets/value_chain.csv");

/// The curated default bundled with coopnet (`datasets/value_chain.csv`):
/// OKVED2 division pairs (and one group pair, quarrying 08.1 -> 23), each
/// with a written rationale. A starting point to replace with a real
/// input-output table or a researcher's own list.
///
/// # Errors
///
/// Only if the bundled file were broken (a test checks it is not).
pub fn curated() -> Result<ValueChain> {
    from_bytes(
        CURATED_CSV.as_bytes().to_vec(),
        "value_chain.csv",
        &LoadOptions::default(),
    )
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::sector::SectorLevel;

    #[test]
    fn curated_default_is_valid_and_complete() {
        let v = curated().unwrap();
        assert!(v.len() >= 40);
        for (a, b) in [
            ("08", "32"),
            ("24", "28"),
            ("24", "25"),
            ("20", "21"),
            ("20", "22"),
            ("02", "16"),
            ("16", "31"),
            ("26", "27"),
            ("27", "28"),
            ("28", "29"),
            ("29", "30"),
            ("01", "10"),
            ("10", "56"),
            ("13", "14"),
            ("17", "18"),
            ("19", "20"),
            ("22", "29"),
            ("72", "21"),
        ] {
            assert!(v.weight(a, b) > 0.0, "{a} -> {b}");
        }
        // division pairs, except quarrying (group 08.1), which alone of division 08
        // supplies building materials
        for l in v.links() {
            let from = SectorLevel::of(&l.from);
            assert!(
                from == Some(SectorLevel::Division) || l.from == "08.1",
                "{} -> {}",
                l.from,
                l.to
            );
            assert_eq!(SectorLevel::of(&l.to), Some(SectorLevel::Division));
        }
        assert!(v.weight("08.12", "23.51") > 0.0);
        assert_eq!(v.weight("08.99", "23.51"), 0.0);
        assert_eq!(v.weight("08", "23"), 0.0);
    }

    #[test]
    fn division_links_cover_finer_codes() {
        let v = curated().unwrap();
        let l = v.link("08.99.32", "32.12").unwrap();
        assert_eq!((l.from.as_str(), l.to.as_str()), ("08", "32"));
        assert_eq!(v.weight("32.12", "08.99.32"), 0.0);
        let w = v.weights(&["08.99".to_string(), "32.12".to_string()]);
        assert_eq!(w.get(0, 1), 0.9);
        assert_eq!(w.get(1, 0), 0.0);
    }

    #[test]
    fn bad_rows_are_located() {
        let text = "from,to,weight,rationale\n08,32,0.9,ok\nx8,32,0.5,bad code\n08,32,0.5,repeat\n24,25,1.5,heavy\n24,28,abc,nan\n20,20,0.5,self\n20,21,0.5,\n";
        let e = from_bytes(
            text.as_bytes().to_vec(),
            "value_chain.csv",
            &LoadOptions::default(),
        )
        .unwrap_err();
        let ps = e.problems();
        assert_eq!(ps.len(), 6, "{e}");
        assert_eq!(
            ps[0],
            Problem::field("value_chain.csv", 3, "from", "x8", ps[0].reason.clone())
        );
        assert_eq!(ps[1].line, Some(4));
        assert!(ps[1].reason.contains("line 2"));
        assert_eq!(
            (ps[2].line, ps[2].column.as_deref()),
            (Some(5), Some("weight"))
        );
        assert_eq!(
            (ps[3].line, ps[3].reason.as_str()),
            (Some(6), "is not a number")
        );
        assert_eq!(ps[4].line, Some(7));
        assert_eq!(
            (ps[5].line, ps[5].column.as_deref()),
            (Some(8), Some("rationale"))
        );
        let e = from_bytes(
            b"from,to,weight\n".to_vec(),
            "v.csv",
            &LoadOptions::default(),
        )
        .unwrap_err();
        assert_eq!(e.problems()[0].column.as_deref(), Some("rationale"));
    }
}
