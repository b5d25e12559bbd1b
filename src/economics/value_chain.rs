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
//! [`crate::load::value_chain::curated`]; [`crate::load::value_chain::read`]
//! reads a researcher's own), or from a real input-output table
//! ([`ValueChain::from_io_table`]: the directed Ellison-Glaeser-Kerr supply
//! linkage between divisions, kept above a threshold).
//!
//! A link between two codes applies to every code beneath them: the division
//! pair `08 -> 32` covers `08.99.32 -> 32.12`. A finer code does not cover a
//! coarser one: a link `08.99 -> 32.12` says nothing about sector `08` as a
//! whole. When several links cover a pair, the strongest counts.
//!
//! ```
//! let v = coopnet::load::value_chain::curated().unwrap();
//! assert!(v.weight("08.99.32", "32.12") > 0.0);
//! assert_eq!(v.weight("32.12", "08.99.32"), 0.0); // links are directed
//! ```

use std::collections::HashMap;

use super::codes::{SectionMap, SectorLevel, is_beneath};
use super::io_table::{DivisionLinkages, IoTable};
use super::matrix::DenseMatrix;
use crate::error::{Error, Problem, Problems, Result};

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
