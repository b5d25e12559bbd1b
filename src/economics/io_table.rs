//! Input-output tables: technical coefficients, the Leontief inverse, output
//! multipliers and the Ellison-Glaeser-Kerr linkages, and the mapping of OECD
//! ISIC Rev.4 industries onto NACE Rev.2 / OKVED2 divisions.
//!
//! An [`IoTable`] holds `n` industries, the intermediate flows `z_st` (what
//! industry `s` sells to industry `t`, row `s`, column `t`) and the total
//! output `x_s` of each industry.
//!
//! - technical coefficients `a_st = z_st / x_t` (0 when `x_t = 0`);
//! - Leontief inverse `L = (I - A)^-1`, by LU decomposition with partial
//!   pivoting (nalgebra);
//! - output multipliers, the column sums of `L`;
//! - Ellison, Glaeser and Kerr (2010) linkages ([`Linkages`]): the input share
//!   `in_{t<-s} = z_st / sum_k z_kt` (the share of `t`'s intermediate inputs
//!   that come from `s`), the output share `out_{s->t} = z_st / x_s` (the share
//!   of `s`'s output sold to `t`), the directed supply linkage
//!   `supply_st = max(out_{s->t}, in_{t<-s})` and the symmetric
//!   `IO_st = max(supply_st, supply_ts)`, the measure of EGK 2010 and Delgado,
//!   Porter and Stern (2016).
//!
//! # Layouts read
//!
//! - [`crate::load::io_table::read_oecd`]: the OECD harmonised national IOT layout, as
//!   `oecd_iot_BEL2020ttl.csv`: a header row whose first cell is empty and whose
//!   industry columns are `D` codes (`D01`, `D10T12`, `D24A`, `D301`, ...)
//!   followed by final-demand columns (`HFCE`, ..., `EXPO`, `IMPO`); industry
//!   rows `TTL_xx` (total flows, domestic and imported) matching the columns;
//!   and an `OUTPUT` row. Other rows (`TXS_IMP_FNL`, `TXS_INT_FNL`,
//!   `TTL_INT_FNL`, `VALU`) are skipped. Without an `OUTPUT` row the output of an
//!   industry is the sum of its row over every column (intermediate use plus
//!   final demand, with imports entered negative as OECD does), which gives
//!   `OUTPUT` again to rounding.
//! - [`crate::load::io_table::read_square`]: a plain square matrix. The first column
//!   names the industry of each row; the other columns are industries named as
//!   the rows (in any order), an optional `output` column, and any final-demand
//!   columns. The output comes from the `output` column, else from a row named
//!   `output`, else from the row sums of every numeric column.
//!
//!   ```text
//!   industry,01,10,output
//!   01,10,50,200
//!   10,5,20,400
//!   ```
//! - [`crate::load::io_table::read_eurostat`]: the layout of the Eurostat manual's
//!   examples as the `iotables` R package keeps them
//!   (`eurostat_manual_beutel_15_4_germany.csv`): columns `t_rows2` (row code),
//!   `t_rows2_lab` (its name), `iotables_row` (the row's key), then one column per
//!   industry named by the industries' `iotables_row` keys, final-demand columns
//!   and `output_bp`. Industry rows are those whose `iotables_row` key is a
//!   column; output is the `output_bp` column (else the `output_bp` row).
//!
//! Every reader reports each bad cell (not a number, NaN or infinite, a negative
//! intermediate flow), each missing industry row and a missing output, with
//! file, line and column.
//!
//! # Example
//!
//! ```
//! use coopnet::economics::{DenseMatrix, IoTable};
//! let z = DenseMatrix::from_rows(&[[10.0, 40.0], [20.0, 10.0]]).unwrap();
//! let t = IoTable::new(vec!["01".into(), "10".into()], z, vec![100.0, 200.0]).unwrap();
//! let a = t.technical_coefficients();
//! assert_eq!(a.get(0, 1), 0.2); // 40 / 200
//! let m = t.output_multipliers().unwrap();
//! assert!(m[0] > 1.0 && m[1] > 1.0);
//! ```

use std::collections::{BTreeMap, HashMap};

use nalgebra::DMatrix;

use super::codes::SectionMap;
use super::matrix::DenseMatrix;
use crate::error::{Error, Problem, Problems, Result};

/// An input-output table (see the module docs).
#[derive(Debug, Clone, PartialEq)]
pub struct IoTable {
    codes: Vec<String>,
    labels: Vec<String>,
    flows: DenseMatrix,
    output: Vec<f64>,
    /// The file it was read from, named in problems of its codes.
    file: Option<String>,
}

/// The Ellison-Glaeser-Kerr shares and linkages of an [`IoTable`], industries
/// x industries in the table's order.
#[derive(Debug, Clone, PartialEq)]
pub struct Linkages {
    /// `in_{t<-s} = z_st / sum_k z_kt` at row `s`, column `t`: the share of
    /// `t`'s intermediate inputs bought from `s`.
    pub input_share: DenseMatrix,
    /// `out_{s->t} = z_st / x_s` at row `s`, column `t`: the share of `s`'s
    /// output sold to `t`.
    pub output_share: DenseMatrix,
    /// Directed supply linkage `max(out_{s->t}, in_{t<-s})`: how much `s`
    /// supplies `t`, in `[0, 1]`.
    pub supply: DenseMatrix,
    /// Symmetric EGK linkage `IO_st = max(supply_st, supply_ts)`.
    pub egk: DenseMatrix,
}

/// Supply and EGK linkages between NACE Rev.2 / OKVED2 divisions, derived from
/// an industry-level table ([`IoTable::division_linkages`]).
#[derive(Debug, Clone, PartialEq)]
pub struct DivisionLinkages {
    /// The divisions covered (`"01"`, `"10"`, ...), sorted.
    pub divisions: Vec<String>,
    /// The table industry (or merged industries, joined by `+`) each division takes its values from.
    pub sources: Vec<String>,
    /// Directed supply linkage between divisions, row supplies column; zero diagonal.
    pub supply: DenseMatrix,
    /// Symmetric EGK linkage between divisions; zero diagonal.
    pub egk: DenseMatrix,
}

/// The industries of the OECD harmonised national input-output tables (2023
/// edition, ISIC Rev.4) and the NACE Rev.2 / OKVED2 divisions each covers.
/// `D24A`/`D24B` split division 24 (iron and steel; precious and non-ferrous
/// metals) and `D301`/`D302T309` split division 30 (ships; other transport
/// equipment); division 99 (extraterritorial organisations) is in none.
pub const OECD_INDUSTRIES: [(&str, &str, &[&str]); 50] = [
    (
        "D01",
        "Crop and animal production, hunting and related service activities",
        &["01"],
    ),
    ("D02", "Forestry and logging", &["02"]),
    ("D03", "Fishing and aquaculture", &["03"]),
    ("D05", "Mining of coal and lignite", &["05"]),
    (
        "D06",
        "Extraction of crude petroleum and natural gas",
        &["06"],
    ),
    ("D07", "Mining of metal ores", &["07"]),
    ("D08", "Other mining and quarrying", &["08"]),
    ("D09", "Mining support service activities", &["09"]),
    (
        "D10T12",
        "Food products, beverages and tobacco",
        &["10", "11", "12"],
    ),
    (
        "D13T15",
        "Textiles, textile products, leather and footwear",
        &["13", "14", "15"],
    ),
    ("D16", "Wood and products of wood and cork", &["16"]),
    ("D17T18", "Paper products and printing", &["17", "18"]),
    ("D19", "Coke and refined petroleum products", &["19"]),
    ("D20", "Chemical and chemical products", &["20"]),
    (
        "D21",
        "Pharmaceuticals, medicinal chemical and botanical products",
        &["21"],
    ),
    ("D22", "Rubber and plastics products", &["22"]),
    ("D23", "Other non-metallic mineral products", &["23"]),
    ("D24A", "Manufacture of basic iron and steel", &["24"]),
    (
        "D24B",
        "Manufacture of basic precious and other non-ferrous metals",
        &["24"],
    ),
    (
        "D25",
        "Fabricated metal products, except machinery and equipment",
        &["25"],
    ),
    ("D26", "Computer, electronic and optical equipment", &["26"]),
    ("D27", "Electrical equipment", &["27"]),
    ("D28", "Machinery and equipment n.e.c.", &["28"]),
    ("D29", "Motor vehicles, trailers and semi-trailers", &["29"]),
    ("D301", "Building of ships and boats", &["30"]),
    (
        "D302T309",
        "Manufacture of other transport equipment",
        &["30"],
    ),
    (
        "D31T33",
        "Manufacturing n.e.c.; repair and installation of machinery and equipment",
        &["31", "32", "33"],
    ),
    (
        "D35",
        "Electricity, gas, steam and air conditioning supply",
        &["35"],
    ),
    (
        "D36T39",
        "Water supply; sewerage, waste management and remediation activities",
        &["36", "37", "38", "39"],
    ),
    ("D41T43", "Construction", &["41", "42", "43"]),
    (
        "D45T47",
        "Wholesale and retail trade; repair of motor vehicles",
        &["45", "46", "47"],
    ),
    ("D49", "Land transport and transport via pipelines", &["49"]),
    ("D50", "Water transport", &["50"]),
    ("D51", "Air transport", &["51"]),
    (
        "D52",
        "Warehousing and support activities for transportation",
        &["52"],
    ),
    ("D53", "Postal and courier activities", &["53"]),
    (
        "D55T56",
        "Accommodation and food service activities",
        &["55", "56"],
    ),
    (
        "D58T60",
        "Publishing, audiovisual and broadcasting activities",
        &["58", "59", "60"],
    ),
    ("D61", "Telecommunications", &["61"]),
    ("D62T63", "IT and other information services", &["62", "63"]),
    (
        "D64T66",
        "Financial and insurance activities",
        &["64", "65", "66"],
    ),
    ("D68", "Real estate activities", &["68"]),
    (
        "D69T75",
        "Professional, scientific and technical activities",
        &["69", "70", "71", "72", "73", "74", "75"],
    ),
    (
        "D77T82",
        "Administrative and support services",
        &["77", "78", "79", "80", "81", "82"],
    ),
    (
        "D84",
        "Public administration and defence; compulsory social security",
        &["84"],
    ),
    ("D85", "Education", &["85"]),
    (
        "D86T88",
        "Human health and social work activities",
        &["86", "87", "88"],
    ),
    (
        "D90T93",
        "Arts, entertainment and recreation",
        &["90", "91", "92", "93"],
    ),
    ("D94T96", "Other service activities", &["94", "95", "96"]),
    (
        "D97T98",
        "Activities of households as employers",
        &["97", "98"],
    ),
];

/// The NACE Rev.2 / OKVED2 divisions an ISIC Rev.4 industry code covers.
///
/// Looks `code` up in [`OECD_INDUSTRIES`] (with or without the `D` or `TTL_`
/// prefix), else reads the OECD code forms: `NN` (a division), `NNTMM` (a range
/// of divisions, those in the OKVED2 table), `NNA` (part of a division), `NNN`
/// and `NNNTMMM` (groups of one division). `None` when the code is none of these.
///
/// ```
/// use coopnet::economics::io_table::isic_divisions;
/// assert_eq!(isic_divisions("D10T12").unwrap(), ["10", "11", "12"]);
/// assert_eq!(isic_divisions("TTL_24A").unwrap(), ["24"]);
/// assert_eq!(isic_divisions("D05T06").unwrap(), ["05", "06"]);
/// assert_eq!(isic_divisions("D302T309").unwrap(), ["30"]);
/// assert_eq!(isic_divisions("HFCE"), None);
/// ```
pub fn isic_divisions(code: &str) -> Option<Vec<String>> {
    // every industry code is ASCII, so the byte slices below are char boundaries
    if !code.is_ascii() {
        return None;
    }
    let bare = code
        .trim()
        .trim_start_matches("TTL_")
        .trim_start_matches('D');
    let with_d = format!("D{bare}");
    if let Some((_, _, divs)) = OECD_INDUSTRIES.iter().find(|(c, _, _)| *c == with_d) {
        return Some(divs.iter().map(|d| d.to_string()).collect());
    }
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let sections = SectionMap::okved2();
    let division = |s: &str| sections.contains_division(s).then(|| s.to_string());
    match bare.split_once('T') {
        None if bare.len() == 2 && digits(bare) => division(bare).map(|d| vec![d]),
        None if bare.len() == 3
            && digits(&bare[..2])
            && bare.as_bytes()[2].is_ascii_uppercase() =>
        {
            division(&bare[..2]).map(|d| vec![d])
        }
        None if bare.len() == 3 && digits(bare) => division(&bare[..2]).map(|d| vec![d]),
        Some((a, b)) if a.len() == 2 && b.len() == 2 && digits(a) && digits(b) => {
            let (lo, hi) = (a.parse::<u32>().ok()?, b.parse::<u32>().ok()?);
            let v: Vec<String> = (lo..=hi)
                .map(|d| format!("{d:02}"))
                .filter(|d| sections.contains_division(d))
                .collect();
            (!v.is_empty()).then_some(v)
        }
        Some((a, b))
            if a.len() == 3 && b.len() == 3 && digits(a) && digits(b) && a[..2] == b[..2] =>
        {
            division(&a[..2]).map(|d| vec![d])
        }
        _ => None,
    }
}

impl IoTable {
    /// A table from industry codes, intermediate flows (`n x n`) and outputs.
    /// Labels default to the codes.
    ///
    /// # Errors
    ///
    /// [`Error::Parameter`] when the sizes disagree, a code is repeated, a flow
    /// is negative or a value is not finite.
    pub fn new(codes: Vec<String>, flows: DenseMatrix, output: Vec<f64>) -> Result<Self> {
        let n = codes.len();
        if flows.rows() != n || flows.cols() != n || output.len() != n {
            return Err(Error::parameter(
                "io table",
                format!(
                    "{} codes, {} x {} flows and {} outputs",
                    n,
                    flows.rows(),
                    flows.cols(),
                    output.len()
                ),
            ));
        }
        let mut seen = std::collections::HashSet::new();
        if let Some(c) = codes.iter().find(|c| !seen.insert(c.as_str())) {
            return Err(Error::parameter(
                "io table",
                format!("industry {c:?} given twice"),
            ));
        }
        if flows.as_slice().iter().any(|v| !v.is_finite() || *v < 0.0) {
            return Err(Error::parameter(
                "io table",
                "a flow is negative, NaN or infinite",
            ));
        }
        if output.iter().any(|v| !v.is_finite()) {
            return Err(Error::parameter("io table", "an output is NaN or infinite"));
        }
        Ok(IoTable {
            labels: codes.clone(),
            codes,
            flows,
            output,
            file: None,
        })
    }

    /// The same table with industry names (in code order).
    ///
    /// # Errors
    ///
    /// [`Error::Parameter`] when the number of labels differs from the number of industries.
    pub fn with_labels(mut self, labels: Vec<String>) -> Result<Self> {
        if labels.len() != self.codes.len() {
            return Err(Error::parameter(
                "labels",
                format!("{} labels for {} industries", labels.len(), self.len()),
            ));
        }
        self.labels = labels;
        Ok(self)
    }

    /// The same table, read from `file` (named in problems about its codes).
    pub fn from_file(mut self, file: &str) -> Self {
        self.file = Some(file.to_string());
        self
    }

    /// A problem with the table's data: of its file when it was read from
    /// one, else a parameter error.
    fn error(&self, reason: &str) -> Error {
        match &self.file {
            Some(file) => Error::invalid(Problem::file(file, reason)),
            None => Error::parameter("io table", reason),
        }
    }

    /// The file the table was read from, if it was.
    pub fn file(&self) -> Option<&str> {
        self.file.as_deref()
    }

    /// Number of industries.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// True when the table has no industries.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// Industry codes, in row (and column) order.
    pub fn codes(&self) -> &[String] {
        &self.codes
    }

    /// Industry names, in code order (the codes when the layout has none).
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Intermediate flows `z_st`, row supplies column.
    pub fn flows(&self) -> &DenseMatrix {
        &self.flows
    }

    /// Total output `x_s` per industry.
    pub fn output(&self) -> &[f64] {
        &self.output
    }

    /// Technical coefficients `a_st = z_st / x_t`; a column with `x_t <= 0` is 0.
    pub fn technical_coefficients(&self) -> DenseMatrix {
        let n = self.len();
        let mut a = DenseMatrix::zeros(n, n);
        for s in 0..n {
            for t in 0..n {
                let x = self.output[t];
                if x > 0.0 {
                    a.set(s, t, self.flows.get(s, t) / x);
                }
            }
        }
        a
    }

    /// The Leontief inverse `L = (I - A)^-1` (LU with partial pivoting).
    ///
    /// # Errors
    ///
    /// When `I - A` is singular (an industry whose inputs from the others
    /// reach its whole output in a closed loop): [`Error::Invalid`] naming
    /// the table's file when it was read from one, else [`Error::Parameter`].
    pub fn leontief_inverse(&self) -> Result<DenseMatrix> {
        let n = self.len();
        let a = self.technical_coefficients();
        let m = DMatrix::from_fn(n, n, |i, j| if i == j { 1.0 } else { 0.0 } - a.get(i, j));
        let inv = m
            .lu()
            .try_inverse()
            .ok_or_else(|| self.error("I - A is singular: the Leontief inverse does not exist"))?;
        let mut l = DenseMatrix::zeros(n, n);
        for i in 0..n {
            for j in 0..n {
                l.set(i, j, inv[(i, j)]);
            }
        }
        if !l.all_finite() {
            return Err(self.error("I - A is numerically singular"));
        }
        Ok(l)
    }

    /// Output multipliers: the column sums of the Leontief inverse, the total
    /// output in the economy needed for one unit of final demand for each industry.
    ///
    /// # Errors
    ///
    /// As [`IoTable::leontief_inverse`].
    pub fn output_multipliers(&self) -> Result<Vec<f64>> {
        Ok(self.leontief_inverse()?.col_sums())
    }

    /// The Ellison-Glaeser-Kerr shares and linkages (see the module docs); a
    /// share whose denominator is zero is 0.
    pub fn linkages(&self) -> Linkages {
        let n = self.len();
        let inputs = self.flows.col_sums();
        let mut input_share = DenseMatrix::zeros(n, n);
        let mut output_share = DenseMatrix::zeros(n, n);
        for s in 0..n {
            for (t, &input) in inputs.iter().enumerate() {
                let z = self.flows.get(s, t);
                if input > 0.0 {
                    input_share.set(s, t, z / input);
                }
                if self.output[s] > 0.0 {
                    output_share.set(s, t, (z / self.output[s]).min(1.0));
                }
            }
        }
        let mut supply = DenseMatrix::zeros(n, n);
        for s in 0..n {
            for t in 0..n {
                supply.set(s, t, output_share.get(s, t).max(input_share.get(s, t)));
            }
        }
        let mut egk = DenseMatrix::zeros(n, n);
        for s in 0..n {
            for t in 0..n {
                egk.set(s, t, supply.get(s, t).max(supply.get(t, s)));
            }
        }
        Linkages {
            input_share,
            output_share,
            supply,
            egk,
        }
    }

    /// Sums industries into groups: `group(code)` names the group of each
    /// industry; flows and outputs of a group are summed, codes are the group
    /// names in order of first appearance.
    pub fn aggregate(&self, group: impl Fn(&str) -> String) -> IoTable {
        let mut names: Vec<String> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let map: Vec<usize> = self
            .codes
            .iter()
            .map(|c| {
                let g = group(c);
                *index.entry(g.clone()).or_insert_with(|| {
                    names.push(g);
                    names.len() - 1
                })
            })
            .collect();
        let m = names.len();
        let mut flows = DenseMatrix::zeros(m, m);
        let mut output = vec![0.0; m];
        for s in 0..self.len() {
            output[map[s]] += self.output[s];
            for t in 0..self.len() {
                let v = flows.get(map[s], map[t]) + self.flows.get(s, t);
                flows.set(map[s], map[t], v);
            }
        }
        IoTable {
            labels: names.clone(),
            codes: names,
            flows,
            output,
            file: self.file.clone(),
        }
    }

    /// Supply and EGK linkages between NACE Rev.2 / OKVED2 divisions, for a
    /// table whose codes are ISIC Rev.4 industries ([`isic_divisions`]).
    ///
    /// Industries that share a division (`D24A` and `D24B`, `D301` and
    /// `D302T309`) are first summed into one; every division then takes the
    /// linkages of its industry. Two divisions of one industry (`13` and `14` in
    /// `D13T15`) take that industry's own-use share, the diagonal of its
    /// linkages: the only information the table has about them.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] listing industry codes that map onto no division.
    pub fn division_linkages(&self) -> Result<DivisionLinkages> {
        let mut problems = Problems::new();
        let mut divisions_of: Vec<Vec<String>> = Vec::with_capacity(self.len());
        for c in &self.codes {
            match isic_divisions(c) {
                Some(d) => divisions_of.push(d),
                None => {
                    problems.push(Problem {
                        file: self.file.clone().unwrap_or_else(|| "io table".to_string()),
                        line: None,
                        column: Some("industry".to_string()),
                        value: Some(c.clone()),
                        reason: "is not an ISIC Rev.4 industry code coopnet can map onto divisions"
                            .to_string(),
                    });
                    divisions_of.push(Vec::new());
                }
            }
        }
        problems.into_result()?;
        // Union-find over industries sharing a division.
        let n = self.len();
        let mut parent: Vec<usize> = (0..n).collect();
        fn find(p: &mut [usize], i: usize) -> usize {
            let mut r = i;
            while p[r] != r {
                r = p[r];
            }
            p[i] = r;
            r
        }
        let mut owner: BTreeMap<String, usize> = BTreeMap::new();
        for (i, divs) in divisions_of.iter().enumerate() {
            for d in divs {
                if let Some(&j) = owner.get(d) {
                    let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                    parent[a.max(b)] = a.min(b);
                } else {
                    owner.insert(d.clone(), i);
                }
            }
        }
        let roots: Vec<usize> = (0..n).map(|i| find(&mut parent, i)).collect();
        let mut group_name: BTreeMap<usize, String> = BTreeMap::new();
        for (i, &r) in roots.iter().enumerate() {
            group_name
                .entry(r)
                .and_modify(|s| s.push_str(&format!("+{}", self.codes[i])))
                .or_insert(self.codes[i].clone());
        }
        let code_root: HashMap<&str, usize> = self
            .codes
            .iter()
            .map(String::as_str)
            .zip(roots.iter().copied())
            .collect();
        let grouped = self.aggregate(|c| group_name[&code_root[c]].clone());
        let links = grouped.linkages();
        let gindex: HashMap<&str, usize> = grouped
            .codes
            .iter()
            .enumerate()
            .map(|(k, c)| (c.as_str(), k))
            .collect();
        let divisions: Vec<String> = owner.keys().cloned().collect();
        let sources: Vec<String> = divisions
            .iter()
            .map(|d| group_name[&roots[owner[d]]].clone())
            .collect();
        let gi: Vec<usize> = sources.iter().map(|s| gindex[s.as_str()]).collect();
        let m = divisions.len();
        let mut supply = DenseMatrix::zeros(m, m);
        let mut egk = DenseMatrix::zeros(m, m);
        for a in 0..m {
            for b in 0..m {
                if a != b {
                    supply.set(a, b, links.supply.get(gi[a], gi[b]));
                    egk.set(a, b, links.egk.get(gi[a], gi[b]));
                }
            }
        }
        Ok(DivisionLinkages {
            divisions,
            sources,
            supply,
            egk,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_oecd_division_is_an_okved2_division() {
        let s = SectionMap::okved2();
        let mut covered = std::collections::BTreeSet::new();
        for (code, _, divs) in OECD_INDUSTRIES {
            for d in divs {
                assert!(s.contains_division(d), "{code} {d}");
                covered.insert(*d);
            }
        }
        assert_eq!(covered.len(), 87); // all but 99
    }

    #[test]
    fn singular_tables_are_reported() {
        let z = DenseMatrix::from_rows(&[[0.0, 10.0], [10.0, 0.0]]).unwrap();
        let t = IoTable::new(vec!["a".into(), "b".into()], z, vec![10.0, 10.0]).unwrap();
        assert!(t.leontief_inverse().is_err());
    }

    #[test]
    fn linkages_by_hand() {
        // z = [[0, 30], [10, 0]], x = [100, 50]
        let z = DenseMatrix::from_rows(&[[0.0, 30.0], [10.0, 0.0]]).unwrap();
        let t = IoTable::new(vec!["a".into(), "b".into()], z, vec![100.0, 50.0]).unwrap();
        let l = t.linkages();
        assert_eq!(l.output_share.get(0, 1), 0.3); // 30 / 100
        assert_eq!(l.input_share.get(0, 1), 1.0); // all of b's inputs come from a
        assert_eq!(l.output_share.get(1, 0), 0.2); // 10 / 50
        assert_eq!(l.supply.get(0, 1), 1.0);
        assert_eq!(l.supply.get(1, 0), 1.0); // a's only input is from b
        assert_eq!(l.egk.get(0, 1), l.egk.get(1, 0));
    }
}
