//! Value chains: which sector supplies which, with a weight and a reason.
//!
//! A [`ValueChain`] is a list of supplier -> buyer sector pairs
//! ([`ValueChainLink`]) with a weight in `(0, 1]` and a rationale. It comes
//! either from a curated `value_chain.csv`:
//!
//! ```text
//! from,to,weight,rationale
//! 08,32,0.9,"Precious-stone mining supplies the stones that jewellery manufacture cuts and sets"
//! ```
//!
//! (the bundled default, `datasets/value_chain.csv`, is
//! [`ValueChain::curated`]), or from a real input-output table
//! ([`ValueChain::from_io_table`]: the directed Ellison-Glaeser-Kerr supply
//! linkage between divisions, kept above a threshold).
//!
//! A link between two codes applies to every code beneath them: the division
//! pair `08 -> 32` covers `08.99.32 -> 32.12`. A finer code does not cover a
//! coarser one: a link `08.99 -> 32.12` says nothing about sector `08` as a
//! whole. When several links cover a pair, the strongest counts.
//!
//! ```
//! use coopnet::economics::ValueChain;
//! let v = ValueChain::curated().unwrap();
//! assert!(v.weight("08.99.32", "32.12") > 0.0);
//! assert_eq!(v.weight("32.12", "08.99.32"), 0.0); // links are directed
//! ```

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use super::codes::{SectionMap, SectorLevel, is_beneath};
use super::io_table::{DivisionLinkages, IoTable};
use super::matrix::DenseMatrix;
use crate::error::{Error, Problem, Problems, Result};

/// The curated default value chain, `datasets/value_chain.csv`, as bundled.
pub const CURATED_CSV: &str = include_str!("../../datasets/value_chain.csv");

/// The default threshold of [`ValueChain::from_io_table`]: a supply linkage of
/// at least 5 % (a supplier selling 5 % of its output to the buyer, or the
/// buyer getting 5 % of its intermediate inputs from the supplier).
pub const DEFAULT_IO_THRESHOLD: f64 = 0.05;

/// One supplier -> buyer pair.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueChainLink {
    /// Supplying sector code (a division such as `08`, or finer).
    pub from: String,
    /// Buying sector code.
    pub to: String,
    /// Strength in `(0, 1]`.
    pub weight: f64,
    /// Why `from` supplies `to`, in words.
    pub rationale: String,
}

/// A set of supplier -> buyer links (see the module docs).
#[derive(Debug, Clone, PartialEq)]
pub struct ValueChain {
    links: Vec<ValueChainLink>,
    sections: SectionMap,
}

impl ValueChain {
    /// A value chain from links.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] listing each link (by 1-based position in a
    /// pseudo-file `value chain`) with a malformed code, a weight outside
    /// `(0, 1]`, an empty rationale, a sector linked to itself, or a repeated pair.
    pub fn new(links: Vec<ValueChainLink>) -> Result<Self> {
        let mut problems = Problems::new();
        let mut seen = HashMap::new();
        for (k, l) in links.iter().enumerate() {
            let line = k as u64 + 1;
            for p in check_link(&l.from, &l.to, l.weight, &l.rationale) {
                problems.push(locate(p, "value chain", line));
            }
            if let Some(prev) = seen.insert((l.from.clone(), l.to.clone()), line) {
                problems.push(Problem::field(
                    "value chain",
                    line,
                    "to",
                    l.to.clone(),
                    format!("repeats the pair {} -> {} of link {prev}", l.from, l.to),
                ));
            }
        }
        problems.into_result()?;
        Ok(ValueChain {
            links,
            sections: SectionMap::okved2(),
        })
    }

    /// The curated default bundled with coopnet (`datasets/value_chain.csv`):
    /// OKVED2 division pairs (and one group pair, quarrying 08.1 -> 23), each
    /// with a written rationale. A starting point
    /// to replace with a real input-output table or a researcher's own list.
    ///
    /// # Errors
    ///
    /// Only if the bundled file were broken (a test checks it is not).
    pub fn curated() -> Result<Self> {
        crate::load::value_chain::from_bytes(
            CURATED_CSV.as_bytes().to_vec(),
            "value_chain.csv",
            &crate::load::LoadOptions::default(),
        )
    }

    /// Reads a `from,to,weight,rationale` file (header required, `,` or `;`).
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the file cannot be read; [`Error::Invalid`] listing
    /// every bad row with file, line, column, value and reason.
    pub fn from_csv_path(path: impl AsRef<Path>) -> Result<Self> {
        crate::load::value_chain::read(path.as_ref(), &crate::load::LoadOptions::default())
    }

    /// Reads a value chain from any reader; `file` names it in problems.
    ///
    /// # Errors
    ///
    /// As [`ValueChain::from_csv_path`].
    pub fn from_csv_reader<R: Read>(reader: R, file: &str) -> Result<Self> {
        let bytes = super::io_table::read_all(reader, file)?;
        crate::load::value_chain::from_bytes(bytes, file, &crate::load::LoadOptions::default())
    }

    /// A value chain from division linkages: every ordered pair of divisions
    /// whose directed supply linkage is at least `threshold` becomes a link
    /// with that weight and a rationale giving the shares' source.
    ///
    /// # Errors
    ///
    /// [`Error::Parameter`] when `threshold` is not in `(0, 1]`.
    pub fn from_linkages(linkages: &DivisionLinkages, threshold: f64) -> Result<Self> {
        if !(threshold > 0.0 && threshold <= 1.0) {
            return Err(Error::parameter(
                "threshold",
                format!("{threshold} is not in (0, 1]"),
            ));
        }
        let n = linkages.divisions.len();
        let mut links = Vec::new();
        for a in 0..n {
            for b in 0..n {
                let w = linkages.supply.get(a, b);
                if a != b && w >= threshold {
                    let (sa, sb) = (&linkages.sources[a], &linkages.sources[b]);
                    let via = if sa == sb {
                        format!("own use of industry {sa}")
                    } else {
                        format!("industry {sa} supplies {sb}")
                    };
                    links.push(ValueChainLink {
                        from: linkages.divisions[a].clone(),
                        to: linkages.divisions[b].clone(),
                        weight: w.min(1.0),
                        rationale: format!("input-output table: {via}, supply linkage {w:.3} (Ellison-Glaeser-Kerr)"),
                    });
                }
            }
        }
        Ok(ValueChain {
            links,
            sections: SectionMap::okved2(),
        })
    }

    /// A value chain from an input-output table with ISIC Rev.4 industry codes
    /// ([`IoTable::division_linkages`], then [`ValueChain::from_linkages`]).
    ///
    /// # Errors
    ///
    /// As those two functions.
    pub fn from_io_table(table: &IoTable, threshold: f64) -> Result<Self> {
        Self::from_linkages(&table.division_linkages()?, threshold)
    }

    /// The links, in file order.
    pub fn links(&self) -> &[ValueChainLink] {
        &self.links
    }

    /// Number of links.
    pub fn len(&self) -> usize {
        self.links.len()
    }

    /// True when there are no links.
    pub fn is_empty(&self) -> bool {
        self.links.is_empty()
    }

    /// The strongest link that covers `supplier -> buyer` (see the module
    /// docs), the first in file order among equals.
    pub fn link(&self, supplier: &str, buyer: &str) -> Option<&ValueChainLink> {
        let mut best: Option<&ValueChainLink> = None;
        for l in &self.links {
            if is_beneath(supplier, &l.from, &self.sections)
                && is_beneath(buyer, &l.to, &self.sections)
                && best.is_none_or(|b| l.weight > b.weight)
            {
                best = Some(l);
            }
        }
        best
    }

    /// The weight `V_st` of `supplier -> buyer`: that of [`ValueChain::link`], or 0.
    pub fn weight(&self, supplier: &str, buyer: &str) -> f64 {
        self.link(supplier, buyer).map_or(0.0, |l| l.weight)
    }

    /// The weights between every pair of `sectors`, row supplies column, zero
    /// diagonal: the `V` of the specialisation graph. Each sector is matched
    /// against the links once, so a 615-class list costs no more than a few
    /// thousand code comparisons per link.
    pub fn weights(&self, sectors: &[String]) -> DenseMatrix {
        let n = sectors.len();
        let covers = |code: &str, of: fn(&ValueChainLink) -> &str| -> Vec<usize> {
            (0..self.links.len())
                .filter(|&k| is_beneath(code, of(&self.links[k]), &self.sections))
                .collect()
        };
        let as_supplier: Vec<Vec<usize>> = sectors.iter().map(|s| covers(s, |l| &l.from)).collect();
        let as_buyer: Vec<Vec<usize>> = sectors.iter().map(|s| covers(s, |l| &l.to)).collect();
        let mut v = DenseMatrix::zeros(n, n);
        for (a, sup) in as_supplier.iter().enumerate() {
            if sup.is_empty() {
                continue;
            }
            for (b, buy) in as_buyer.iter().enumerate() {
                if a == b {
                    continue;
                }
                let w = sup
                    .iter()
                    .filter(|k| buy.binary_search(k).is_ok())
                    .map(|&k| self.links[k].weight)
                    .fold(0.0, f64::max);
                v.set(a, b, w);
            }
        }
        v
    }
}

/// Problems of one link, with file and line left to fill in.
pub(crate) fn check_link(from: &str, to: &str, weight: f64, rationale: &str) -> Vec<Problem> {
    let mut out = Vec::new();
    let field = |column: &str, value: &str, reason: String| Problem {
        file: String::new(),
        line: None,
        column: Some(column.to_string()),
        value: Some(value.to_string()),
        reason,
    };
    for (column, code) in [("from", from), ("to", to)] {
        if SectorLevel::of(code).is_none() {
            out.push(field(column, code, super::codes::NOT_A_CODE.to_string()));
        }
    }
    if !(weight > 0.0 && weight <= 1.0) {
        out.push(field(
            "weight",
            &weight.to_string(),
            "is not in (0, 1]".to_string(),
        ));
    }
    if rationale.trim().is_empty() {
        out.push(field(
            "rationale",
            rationale,
            "is empty; say why the first sector supplies the second".to_string(),
        ));
    }
    if from == to && !from.is_empty() {
        out.push(field(
            "to",
            to,
            "is the same sector as from; a sector's links with itself are sectoral, not a value chain".to_string(),
        ));
    }
    out
}

pub(crate) fn locate(mut p: Problem, file: &str, line: u64) -> Problem {
    p.file = file.to_string();
    p.line = Some(line);
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curated_default_is_valid_and_complete() {
        let v = ValueChain::curated().unwrap();
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
        let v = ValueChain::curated().unwrap();
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
        let e = ValueChain::from_csv_reader(text.as_bytes(), "value_chain.csv").unwrap_err();
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
        let e = ValueChain::from_csv_reader("from,to,weight\n".as_bytes(), "v.csv").unwrap_err();
        assert_eq!(e.problems()[0].column.as_deref(), Some("rationale"));
    }
}
