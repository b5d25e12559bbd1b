//! Reading a list of markets, `market,participants,sectors` (see
//! [`crate::suggest::markets`]; the bundled `datasets/russia/nti_markets.csv`
//! has the study's 13 NTI markets). Optional columns: `name_ru`,
//! `sector_names` (the sectors' names, separated by `|` in the order of
//! `sectors`: shown where the dataset does not name a code),
//! `provenance` (`study`, `synthetic` or `user`: of the name and
//! participants), `sectors_provenance` (free text: where the sectors come
//! from) and `reason`. `participants` is a whole number, or empty when
//! unknown; `sectors` lists OKVED2 codes separated by `|`. Any delimiter and
//! encoding [`super::encoding`] detects. Every bad row is reported with its
//! line, column, value and reason: an empty or repeated market, a count that
//! is not a whole number, no sectors, a malformed or repeated code.
//!
//! ```
//! use coopnet::load::{LoadOptions, markets};
//! let text = "market,participants,sectors\nHealthNet,0,21|86\n";
//! let m = markets::from_bytes(text.as_bytes().to_vec(), "m.csv", &LoadOptions::default()).unwrap();
//! assert_eq!(m[0].sectors, ["21", "86"]);
//! ```

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use super::LoadOptions;
use super::fields;
use super::sheet::not_blank;
use super::table::{Row, Table};
use crate::error::{Problem, Problems, Result};
use crate::model::{Provenance, SectorLevel};

/// The file name a dataset folder's markets have (`analyze` reads it when present).
pub const FILE: &str = "nti_markets.csv";

/// One market: its sectors and the participants the source reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Market {
    /// The market's name (`TechNet`).
    pub id: String,
    /// Its Russian name, when given (`Технет`).
    pub name_ru: Option<String>,
    /// Participants reported by the source (`None` when unknown).
    pub participants: Option<u64>,
    /// Where the name and participants come from.
    pub provenance: Provenance,
    /// The OKVED2 codes the market covers (divisions, groups or classes).
    pub sectors: Vec<String>,
    /// Their names as the markets file gives them (empty, or one per sector),
    /// shown where the dataset does not name a code.
    pub sector_names: Vec<String>,
    /// Where the sectors come from, in words (`coopnet mapping`).
    pub sectors_provenance: String,
    /// Why the market covers these sectors.
    pub reason: String,
}

/// Reads the markets at `path` (named by its file name in problems).
///
/// # Errors
///
/// [`crate::Error::Invalid`] listing every problem (the file missing or
/// unreadable included); [`crate::Error::Io`] for another failure to read it.
pub fn read(path: &Path, options: &LoadOptions) -> Result<Vec<Market>> {
    let file = super::display_name(path);
    from_bytes(super::read_file(path, &file)?, &file, options)
}

/// Reads markets from bytes; `file` names it in problems.
///
/// # Errors
///
/// As [`read`].
pub fn from_bytes(raw: Vec<u8>, file: &str, options: &LoadOptions) -> Result<Vec<Market>> {
    not_blank(&raw, file, "a header market,participants,sectors")?;
    let t = Table::from_bytes_with(raw, file, options)?;
    let mut problems = crate::error::Problems::new();
    let cm = t.require("market", &mut problems);
    let cp = t.require("participants", &mut problems);
    let cs = t.require("sectors", &mut problems);
    problems.into_result()?;
    let name_ru = t.column("name_ru");
    let provenance = t.column("provenance");
    let sectors_provenance = t.column("sectors_provenance");
    let sector_names = t.column("sector_names");
    let reason = t.column("reason");
    let mut markets = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut problems = t.for_each_row(|row, ps| {
        let before = ps.len();
        let id = fields::required(row, cm, ps);
        if let Some(id) = id {
            if let Some(prev) = seen.insert(id.to_lowercase(), row.line) {
                ps.push(row.problem(cm, format!("repeats the market of line {prev}")));
            }
        }
        let participants = fields::count(row, Some(cp), false, ps).ok().flatten();
        let prov = Provenance::parse(row.opt(provenance)).unwrap_or_else(|| {
            ps.push(row.problem(
                provenance.unwrap_or(0),
                "is not one of study, synthetic, user",
            ));
            Provenance::User
        });
        let cell = row.get(cs);
        let sectors = market_sectors(row, cs, &t.headers[cs], &t.file, ps);
        let names = sector_names_of(row, sector_names, fields::list(cell).count(), ps);
        if ps.len() == before {
            if let Some(id) = id {
                markets.push(Market {
                    id: id.to_string(),
                    name_ru: Some(row.opt(name_ru))
                        .filter(|s| !s.is_empty())
                        .map(str::to_string),
                    participants,
                    provenance: prov,
                    sectors,
                    sector_names: names,
                    sectors_provenance: match row.opt(sectors_provenance) {
                        "" => "user".to_string(),
                        s => s.to_string(),
                    },
                    reason: row.opt(reason).to_string(),
                });
            }
        }
    });
    if problems.is_empty() && markets.is_empty() {
        problems.push(Problem::file(file, "has a header but no markets"));
    }
    problems.into_result()?;
    Ok(markets)
}

/// The sector codes of a market's row (column `cs`, named `header`), each
/// checked once: a code that is not OKVED2 or NACE, or is listed twice, is a
/// problem; so is an empty cell.
fn market_sectors(
    row: &Row<'_>,
    cs: usize,
    header: &str,
    file: &str,
    ps: &mut Problems,
) -> Vec<String> {
    let mut sectors: Vec<String> = Vec::new();
    for code in fields::list(row.get(cs)) {
        let reason = if SectorLevel::of(code).is_none() {
            "is not an OKVED2 or NACE code (a section letter, or digits such as 21, 30.1, 26.60)"
        } else if sectors.iter().any(|s| s == code) {
            "is listed twice in this market"
        } else {
            sectors.push(code.to_string());
            continue;
        };
        ps.push(Problem::field(file, row.line, header, code, reason));
    }
    if fields::list(row.get(cs)).next().is_none() {
        ps.push(row.problem(
            cs,
            "has no sectors; list the market's OKVED2 codes separated by |",
        ));
    }
    sectors
}

/// The sector names of a market's row (column `col`, `|`-separated), one
/// for each of its `codes` sector codes when given; a problem when their
/// numbers differ.
fn sector_names_of(
    row: &Row<'_>,
    col: Option<usize>,
    codes: usize,
    ps: &mut Problems,
) -> Vec<String> {
    let names: Vec<String> = match col {
        Some(col) if !row.get(col).is_empty() => row
            .get(col)
            .split('|')
            .map(|n| n.trim().to_string())
            .collect(),
        _ => Vec::new(),
    };
    if !names.is_empty() && names.len() != codes {
        ps.push(row.problem(
            col.unwrap_or(0),
            format!(
                "has {} names for {codes} sectors; give one name per sector, in the same order, separated by |",
                names.len(),
            ),
        ));
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> Result<Vec<Market>> {
        from_bytes(
            text.as_bytes().to_vec(),
            "nti_markets.csv",
            &LoadOptions::default(),
        )
    }

    #[test]
    fn bundled_markets_are_the_studys_thirteen() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let m = read(
            &dir.join("datasets/russia/nti_markets.csv"),
            &LoadOptions::default(),
        )
        .unwrap();
        assert_eq!(m.len(), 13);
        let study =
            std::fs::read_to_string(dir.join("src/generate/russia/data/nti_markets.csv")).unwrap();
        assert!(study.starts_with("market,name_ru,participants,provenance,sectors"));
        let counts: Vec<(&str, Option<u64>)> =
            m.iter().map(|x| (x.id.as_str(), x.participants)).collect();
        assert_eq!(
            counts,
            [
                ("TechNet", Some(11)),
                ("SafeNet", Some(10)),
                ("AeroNet", Some(8)),
                ("NeuroNet", Some(8)),
                ("AutoNet", Some(7)),
                ("MariNet", Some(7)),
                ("EnergyNet", Some(3)),
                ("HealthNet", Some(0)),
                ("FoodNet", Some(0)),
                ("EduNet", Some(0)),
                ("SportNet", Some(0)),
                ("HomeNet", Some(0)),
                ("WearNet", Some(0)),
            ]
        );
        for x in &m {
            assert_eq!(x.provenance, Provenance::Study, "{}", x.id);
            assert_eq!(x.sectors_provenance, "coopnet mapping", "{}", x.id);
            assert!(x.reason.len() > 40, "{} has a reason", x.id);
            assert_eq!(x.sector_names.len(), x.sectors.len(), "{}", x.id);
            // every code of the mapping is named in the reason
            for s in &x.sectors {
                assert!(x.reason.contains(&format!("({s})")), "{}: {s}", x.id);
            }
        }
    }

    #[test]
    fn bad_rows_are_located() {
        let e = read_text(
            "market,participants,sectors\nA,1,21\n,2,21\nA,x,21\nB,-1,21|21\nC,3,\nD,4,2.1\n",
        )
        .unwrap_err();
        let ps = e.problems();
        let got: Vec<(Option<u64>, Option<&str>, Option<&str>)> = ps
            .iter()
            .map(|p| (p.line, p.column.as_deref(), p.value.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (Some(3), Some("market"), Some("")),
                (Some(4), Some("market"), Some("A")),
                (Some(4), Some("participants"), Some("x")),
                (Some(5), Some("participants"), Some("-1")),
                (Some(5), Some("sectors"), Some("21")),
                (Some(6), Some("sectors"), Some("")),
                (Some(7), Some("sectors"), Some("2.1")),
            ],
            "{e}"
        );
        assert!(ps[1].reason.contains("line 2"), "{}", ps[1].reason);
        assert!(ps[3].reason.contains("negative"), "{}", ps[3].reason);
        assert!(ps[4].reason.contains("twice"), "{}", ps[4].reason);
    }

    #[test]
    fn missing_columns_and_empty_files_are_named() {
        let e = read_text("market,sectors\nA,21\n").unwrap_err();
        assert!(e.problems()[0].reason.contains("\"participants\""), "{e}");
        let e = read_text("market,participants,sectors\n").unwrap_err();
        assert!(e.to_string().contains("no markets"), "{e}");
        let e = read_text("").unwrap_err();
        assert!(e.to_string().contains("is empty"), "{e}");
        let e =
            read_text("market,participants,sectors,sector_names\nA,1,21|86,Pharma\n").unwrap_err();
        assert_eq!(
            e.problems()[0].column.as_deref(),
            Some("sector_names"),
            "{e}"
        );
        assert!(
            e.problems()[0].reason.contains("1 names for 2 sectors"),
            "{e}"
        );
        let e = read_text("market,participants,sectors,provenance\nA,1,21,maybe\n").unwrap_err();
        assert_eq!(e.problems()[0].column.as_deref(), Some("provenance"), "{e}");
    }

    #[test]
    fn semicolons_and_unknown_counts_are_read() {
        let m = read_text("Market;Participants;Sectors\nX;;26.60 | 86\n").unwrap();
        assert_eq!(m[0].participants, None);
        assert_eq!(m[0].sectors, ["26.60", "86"]);
        assert_eq!(m[0].sectors_provenance, "user");
    }
}
