//! Reading expected pairings, `id,regions,sectors`: groups of regional
//! specialisations a source (a study, a strategy, an expert) expects to form
//! a national cluster, so that the suggestion report can say where each
//! ranks, or which evidence is missing for it (see
//! [`crate::suggest::pipeline`]). The bundled
//! `datasets/russia/expected_pairings.csv` has the source study's
//! Kostroma-Sakha jewellery pairing.
//!
//! `regions` lists region ids separated by `|`; `sectors` lists one OKVED2
//! code per region, in the same order (`RU-KOS|RU-SA` with `32.12|08.99`:
//! jewellery in Kostroma, gem mining in Sakha), or a single code shared by
//! every region (a sectoral pairing). Optional columns: `name`, `kind`
//! (`sectoral` or `intersectoral`; by default intersectoral when the
//! sectors differ), `source` (where the pairing comes from, with its page
//! or section) and `reason`. Every bad row is reported with its line,
//! column, value and reason: an empty or repeated id, fewer than two
//! regions, a region that is not in the dataset or is listed twice, a
//! malformed code, a count of sectors that matches neither one nor the
//! regions, an unknown kind.
//!
//! ```
//! use coopnet::load::{LoadOptions, pairings};
//! let text = "id,regions,sectors\nKOS-SA,RU-KOS|RU-SA,32.12|08.99\n";
//! let p = pairings::from_bytes(text.as_bytes().to_vec(), "p.csv", &LoadOptions::default(), &["RU-KOS", "RU-SA"]).unwrap();
//! assert_eq!(p[0].members, [("RU-KOS".to_string(), "32.12".to_string()), ("RU-SA".to_string(), "08.99".to_string())]);
//! assert_eq!(p[0].kind, "intersectoral");
//! ```

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use super::LoadOptions;
use super::fields;
use super::sheet::not_blank;
use super::table::Table;
use crate::error::{Problem, Result};
use crate::model::SectorLevel;

/// The file name of a dataset folder's expected pairings (`suggest` and
/// `analyze` read it when present).
pub const FILE: &str = "expected_pairings.csv";

/// One expected pairing of regional specialisations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExpectedPairing {
    /// Its id (`KOS-SA`).
    pub id: String,
    /// Its name (the id when the file gives none).
    pub name: String,
    /// `sectoral` or `intersectoral`. Written as `expected_kind`: beside
    /// an evaluation, whose `kind` is that of the suggestion it was found in.
    #[serde(rename = "expected_kind")]
    pub kind: &'static str,
    /// Its specialisations, `(region id, OKVED2 code)`, in the file's order.
    pub members: Vec<(String, String)>,
    /// Where it comes from, in words (with page or section).
    pub source: String,
    /// Why it is expected.
    pub reason: String,
}

/// Reads the pairings at `path`; `regions` are the dataset's region ids.
///
/// # Errors
///
/// [`crate::Error::Invalid`] listing every problem (the file missing or
/// unreadable included); [`crate::Error::Io`] for another failure to read it.
pub fn read(path: &Path, options: &LoadOptions, regions: &[&str]) -> Result<Vec<ExpectedPairing>> {
    let file = super::display_name(path);
    from_bytes(super::read_file(path, &file)?, &file, options, regions)
}

/// Reads pairings from bytes; `file` names it in problems.
///
/// # Errors
///
/// As [`read`].
pub fn from_bytes(
    raw: Vec<u8>,
    file: &str,
    options: &LoadOptions,
    regions: &[&str],
) -> Result<Vec<ExpectedPairing>> {
    not_blank(&raw, file, "a header id,regions,sectors")?;
    let t = Table::from_bytes_with(raw, file, options)?;
    let mut problems = crate::error::Problems::new();
    let ci = t.require("id", &mut problems);
    let cr = t.require("regions", &mut problems);
    let cs = t.require("sectors", &mut problems);
    problems.into_result()?;
    let (cn, ck, csrc, creason) = (
        t.column("name"),
        t.column("kind"),
        t.column("source"),
        t.column("reason"),
    );
    let mut out = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut problems = t.for_each_row(|row, ps| {
        let before = ps.len();
        let id = fields::required(row, ci, ps);
        if let Some(id) = id
            && let Some(prev) = seen.insert(id.to_lowercase(), row.line)
        {
            ps.push(row.problem(ci, format!("repeats the pairing of line {prev}")));
        }
        let mut ids: Vec<&str> = Vec::new();
        for r in fields::list(row.get(cr)) {
            if !regions.contains(&r) {
                ps.push(Problem::field(
                    &t.file,
                    row.line,
                    &t.headers[cr],
                    r,
                    "is not a region of the dataset (regions.csv)",
                ));
            } else if ids.contains(&r) {
                ps.push(Problem::field(
                    &t.file,
                    row.line,
                    &t.headers[cr],
                    r,
                    "is listed twice in this pairing",
                ));
            } else {
                ids.push(r);
            }
        }
        if fields::list(row.get(cr)).count() < 2 {
            ps.push(row.problem(
                cr,
                "lists fewer than two regions; a pairing joins two or more, separated by |",
            ));
        }
        let codes: Vec<&str> = fields::list(row.get(cs)).collect();
        for code in &codes {
            if SectorLevel::of(code).is_none() {
                ps.push(Problem::field(
                    &t.file,
                    row.line,
                    &t.headers[cs],
                    *code,
                    "is not an OKVED2 or NACE code (digits such as 32, 32.1, 32.12)",
                ));
            }
        }
        let n = fields::list(row.get(cr)).count();
        if codes.is_empty() || (codes.len() != 1 && codes.len() != n) {
            ps.push(row.problem(
                cs,
                format!(
                    "has {} codes for {n} regions; give one code per region in the same order, \
                     or one code for all, separated by |",
                    codes.len()
                ),
            ));
        }
        let differ = codes.windows(2).any(|w| w[0] != w[1]);
        let kind = match row.opt(ck).to_ascii_lowercase().as_str() {
            "" if differ => Some("intersectoral"),
            "" | "sectoral" => Some("sectoral"),
            "intersectoral" => Some("intersectoral"),
            _ => {
                ps.push(row.problem(ck.unwrap_or(0), "is not sectoral or intersectoral"));
                None
            }
        };
        if ps.len() == before
            && let (Some(id), Some(kind)) = (id, kind)
        {
            let members = ids
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let code = if codes.len() == 1 { codes[0] } else { codes[i] };
                    (r.to_string(), code.to_string())
                })
                .collect();
            out.push(ExpectedPairing {
                id: id.to_string(),
                name: match row.opt(cn) {
                    "" => id.to_string(),
                    s => s.to_string(),
                },
                kind,
                members,
                source: row.opt(csrc).to_string(),
                reason: row.opt(creason).to_string(),
            });
        }
    });
    if problems.is_empty() && out.is_empty() {
        problems.push(Problem::file(file, "has a header but no pairings"));
    }
    problems.into_result()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: [&str; 3] = ["RU-KOS", "RU-SA", "RU-CU"];

    fn read_text(text: &str) -> Result<Vec<ExpectedPairing>> {
        from_bytes(
            text.as_bytes().to_vec(),
            "expected_pairings.csv",
            &LoadOptions::default(),
            &KNOWN,
        )
    }

    #[test]
    fn one_code_per_region_or_one_for_all() {
        let p = read_text(
            "id,name,kind,regions,sectors,source,reason\n\
             A,Jewellery,,RU-KOS|RU-SA,32.12|08.99,study,gems\n\
             B,,,RU-KOS|RU-CU,27,,\n",
        )
        .unwrap();
        assert_eq!(p[0].kind, "intersectoral");
        assert_eq!(p[0].source, "study");
        assert_eq!(p[1].kind, "sectoral");
        assert_eq!(p[1].name, "B");
        assert_eq!(
            p[1].members,
            [
                ("RU-KOS".to_string(), "27".to_string()),
                ("RU-CU".to_string(), "27".to_string())
            ]
        );
    }

    #[test]
    fn every_bad_row_is_located() {
        let e = read_text(
            "id,regions,sectors,kind\n\
             A,RU-KOS|RU-XX,32|08,\n\
             A,RU-KOS,32,\n\
             C,RU-KOS|RU-SA,32|08|21,\n\
             D,RU-KOS|RU-SA,3x|08,\n\
             E,RU-KOS|RU-SA,32|08,both\n",
        )
        .unwrap_err()
        .to_string();
        for needle in [
            "line 2",
            "RU-XX",
            "is not a region of the dataset",
            "repeats the pairing of line 2",
            "fewer than two regions",
            "has 3 codes for 2 regions",
            "\"3x\"",
            "is not sectoral or intersectoral",
        ] {
            assert!(e.contains(needle), "{needle} not in {e}");
        }
        assert!(read_text("id,regions,sectors\n").is_err());
        assert!(read_text("").is_err());
    }
}
