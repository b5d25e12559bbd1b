//! Reading organisations by year from a registry export: the
//! `russian-sme-registry` panel, or any table whose columns a mapping names.
//!
//! The `russian-sme-registry` package (PyPI; Syomin, *JOSS*) builds a panel of
//! all Russian small and medium enterprises from the Federal Tax Service's
//! open data, one row per enterprise and year:
//!
//! ```text
//! tin,activity_code_main,region_iso_code,lat,lon,start_date,end_date,year,revenue,expenditure,employees_count
//! ```
//!
//! Its header is recognised by `tin`, `activity_code_main`,
//! `region_iso_code` and `year` ([`ColumnMap::russian_sme_registry`]). Other
//! exports are read through a [`ColumnMap`]: source column = coopnet field,
//! given on the command line (`--columns inn=id,okved=sector,...`) or in a
//! TOML file
//!
//! ```toml
//! [columns]
//! inn = "id"
//! okved = "sector"
//! region = "region"
//! year = "year"
//! staff = "employees"
//! ```
//!
//! The fields ([`Field`]): `id`, `sector` (an OKVED2 / NACE code), `region`,
//! `year` are required; `employees`, `revenue`, `expenditure`, `lat`, `lon`,
//! `start_date`, `end_date` are optional. A table whose columns already have
//! those names needs no mapping. Every bad row is reported with file, line,
//! column, value and reason; an enterprise given twice in one year is an error.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;

use super::fields::bounded;
use super::panel::{number, repeated, year};
use super::table::{Row, Table};
use crate::error::{Error, Problem, Problems, Result};
use crate::model::Panel;
use crate::model::sector::aggregate_code;
use crate::model::{SectionMap, SectorLevel};

/// A field of an organisation-year record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The organisation's identifier (the taxpayer number, `tin`).
    Id,
    /// Its main activity, an OKVED2 / NACE code.
    Sector,
    /// Its region (ISO 3166-2, e.g. `RU-KOS`).
    Region,
    /// The year of the record.
    Year,
    /// Employees (average headcount).
    Employees,
    /// Revenue.
    Revenue,
    /// Expenditure.
    Expenditure,
    /// Latitude, degrees.
    Lat,
    /// Longitude, degrees.
    Lon,
    /// Registration date, `YYYY-MM-DD`.
    StartDate,
    /// Closing date, `YYYY-MM-DD` (empty while active).
    EndDate,
}

impl Field {
    /// Every field.
    pub const ALL: [Field; 11] = [
        Field::Id,
        Field::Sector,
        Field::Region,
        Field::Year,
        Field::Employees,
        Field::Revenue,
        Field::Expenditure,
        Field::Lat,
        Field::Lon,
        Field::StartDate,
        Field::EndDate,
    ];

    /// The required fields.
    pub const REQUIRED: [Field; 4] = [Field::Id, Field::Sector, Field::Region, Field::Year];

    /// The field's name in mappings.
    pub fn name(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Sector => "sector",
            Field::Region => "region",
            Field::Year => "year",
            Field::Employees => "employees",
            Field::Revenue => "revenue",
            Field::Expenditure => "expenditure",
            Field::Lat => "lat",
            Field::Lon => "lon",
            Field::StartDate => "start_date",
            Field::EndDate => "end_date",
        }
    }

    /// Parses a field name (any case).
    pub fn from_name(s: &str) -> Option<Field> {
        Field::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s.trim()))
    }
}

/// Which source column holds which field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnMap {
    /// A name for the layout (`russian-sme-registry`, `mapping`, `coopnet`).
    pub layout: String,
    /// `field -> source column`.
    pub columns: BTreeMap<Field, String>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct MapFile {
    columns: BTreeMap<String, String>,
}

impl ColumnMap {
    /// The `russian-sme-registry` layout.
    pub fn russian_sme_registry() -> ColumnMap {
        let pairs = [
            ("tin", Field::Id),
            ("activity_code_main", Field::Sector),
            ("region_iso_code", Field::Region),
            ("year", Field::Year),
            ("employees_count", Field::Employees),
            ("revenue", Field::Revenue),
            ("expenditure", Field::Expenditure),
            ("lat", Field::Lat),
            ("lon", Field::Lon),
            ("start_date", Field::StartDate),
            ("end_date", Field::EndDate),
        ];
        ColumnMap {
            layout: "russian-sme-registry".to_string(),
            columns: pairs.iter().map(|(c, f)| (*f, c.to_string())).collect(),
        }
    }

    /// Columns named as the fields themselves (`id`, `sector`, ...).
    pub fn identity() -> ColumnMap {
        ColumnMap {
            layout: "coopnet".to_string(),
            columns: Field::ALL
                .iter()
                .map(|f| (*f, f.name().to_string()))
                .collect(),
        }
    }

    fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        what: &str,
    ) -> Result<ColumnMap> {
        let mut columns = BTreeMap::new();
        for (source, field) in pairs {
            let f = Field::from_name(field).ok_or_else(|| {
                Error::parameter(
                    what,
                    format!(
                        "{field:?} (for column {source:?}) is not a field; the fields are {}",
                        Field::ALL.map(Field::name).join(", ")
                    ),
                )
            })?;
            if source.trim().is_empty() {
                return Err(Error::parameter(
                    what,
                    format!("an empty column name for {field}"),
                ));
            }
            if let Some(prev) = columns.insert(f, source.trim().to_string()) {
                return Err(Error::parameter(
                    what,
                    format!(
                        "{} is given twice (columns {prev:?} and {source:?})",
                        f.name()
                    ),
                ));
            }
        }
        Ok(ColumnMap {
            layout: "mapping".to_string(),
            columns,
        })
    }

    /// Parses `SOURCE=FIELD,SOURCE=FIELD,...` (as `--columns` takes it).
    ///
    /// # Errors
    ///
    /// [`Error::Parameter`] (`--columns`) for a pair without `=`, an unknown
    /// field, or a field given twice.
    pub fn parse(spec: &str) -> Result<ColumnMap> {
        let mut pairs = Vec::new();
        for item in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let Some((source, field)) = item.split_once('=') else {
                return Err(Error::parameter(
                    "--columns",
                    format!("{item:?} is not SOURCE=FIELD (e.g. inn=id)"),
                ));
            };
            pairs.push((source.trim(), field.trim()));
        }
        Self::from_pairs(pairs, "--columns")
    }

    /// Parses a TOML mapping file's text (a `[columns]` table of
    /// `source = "field"`); `file` names it in messages.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] for TOML that does not parse (with its line), and as
    /// [`ColumnMap::parse`] for the pairs.
    pub fn from_toml(text: &str, file: &str) -> Result<ColumnMap> {
        let parsed: MapFile = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() as u64 + 1);
            let reason = e.message().to_string();
            Error::invalid(match line {
                Some(l) => Problem::line(file, l, reason),
                None => Problem::file(file, reason),
            })
        })?;
        Self::from_pairs(
            parsed.columns.iter().map(|(s, f)| (s.as_str(), f.as_str())),
            file,
        )
    }

    /// The map to read `table` with: the given one, else the
    /// `russian-sme-registry` layout when the header has its columns, else
    /// columns named as the fields.
    pub fn for_table(table: &Table, given: Option<&ColumnMap>) -> ColumnMap {
        if let Some(m) = given {
            return m.clone();
        }
        let sme = ColumnMap::russian_sme_registry();
        if Field::REQUIRED
            .iter()
            .all(|f| table.column(&sme.columns[f]).is_some())
        {
            sme
        } else {
            ColumnMap::identity()
        }
    }
}

/// True when `table`'s header has the `russian-sme-registry` columns, or the
/// required fields by their own names.
pub fn looks_like_registry(table: &Table) -> bool {
    let map = ColumnMap::for_table(table, None);
    Field::REQUIRED
        .iter()
        .all(|f| table.column(&map.columns[f]).is_some())
}

/// One organisation in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegistryRecord {
    /// Identifier.
    pub id: String,
    /// Sector code as written.
    pub sector: String,
    /// Region.
    pub region: String,
    /// Year.
    pub year: i32,
    /// Employees, when given.
    pub employees: Option<f64>,
    /// Revenue, when given.
    pub revenue: Option<f64>,
    /// Expenditure, when given.
    pub expenditure: Option<f64>,
    /// Latitude, when given.
    pub lat: Option<f64>,
    /// Longitude, when given.
    pub lon: Option<f64>,
    /// Registration date, when given.
    pub start_date: Option<String>,
    /// Closing date, when given.
    pub end_date: Option<String>,
}

/// Organisations by year read from a file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Registry {
    /// The file as named in messages.
    pub file: String,
    /// The layout it was read with.
    pub layout: String,
    /// The records, in file order.
    pub records: Vec<RegistryRecord>,
    /// Records whose `provenance` column (when the file has one) says `synthetic`.
    pub synthetic: usize,
}

impl Registry {
    /// What was read, in a sentence for a note: `read FILE (LAYOUT): N
    /// organisation-years, years 2019-2021 (3 years); K marked synthetic`.
    pub fn summary(&self) -> String {
        let span = super::panel::years_span(&self.years());
        let synthetic = if self.synthetic > 0 {
            format!("; {} marked synthetic", self.synthetic)
        } else {
            String::new()
        };
        format!(
            "read {} ({} layout): {} organisation-years, years {span}{synthetic}",
            self.file,
            self.layout,
            self.records.len()
        )
    }

    /// What a panel of `measure` built from it counts, for a report's header:
    /// `count of organisations by year, LAYOUT layout`.
    pub fn measure_description(&self, measure: RegistryMeasure) -> String {
        let counted = match measure {
            RegistryMeasure::Organisations => "count",
            RegistryMeasure::Employees => "employees",
            RegistryMeasure::Revenue => "revenue",
        };
        format!("{counted} of organisations by year, {} layout", self.layout)
    }
}

impl RegistryPanel {
    /// A note on the records that lack the measured figure, if any.
    pub fn missing_note(&self, measure: RegistryMeasure) -> Option<String> {
        (self.missing_measure > 0).then(|| {
            format!(
                "{} organisation-year(s) have no {} figure and add nothing",
                self.missing_measure,
                measure.name()
            )
        })
    }
}

/// What a registry panel counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RegistryMeasure {
    /// Organisations (records).
    Organisations,
    /// Their employees.
    Employees,
    /// Their revenue.
    Revenue,
}

impl RegistryMeasure {
    /// The name in messages.
    pub fn name(self) -> &'static str {
        match self {
            RegistryMeasure::Organisations => "organisations",
            RegistryMeasure::Employees => "employees",
            RegistryMeasure::Revenue => "revenue",
        }
    }
}

/// A registry summed to a region x sector x year panel.
#[derive(Debug, Clone)]
pub struct RegistryPanel {
    /// The panel.
    pub panel: Panel,
    /// Records without the measured figure (they add nothing).
    pub missing_measure: usize,
}

/// An optional `YYYY-MM-DD` date; a problem otherwise.
fn date(row: &Row<'_>, col: Option<usize>, ps: &mut Problems) -> Result<Option<String>, ()> {
    let s = row.opt(col);
    if s.is_empty() {
        return Ok(None);
    }
    let b = s.as_bytes();
    let ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && [0, 1, 2, 3, 5, 6, 8, 9]
            .iter()
            .all(|&i| b[i].is_ascii_digit())
        && (1..=12).contains(&s[5..7].parse::<u32>().unwrap_or(0))
        && (1..=31).contains(&s[8..10].parse::<u32>().unwrap_or(0));
    if ok {
        Ok(Some(s.to_string()))
    } else if let Some(c) = col {
        ps.push(row.problem(c, "is not a date YYYY-MM-DD"));
        Err(())
    } else {
        Err(())
    }
}

/// An optional non-negative figure.
fn figure(
    row: &Row<'_>,
    col: Option<usize>,
    comma: bool,
    ps: &mut Problems,
) -> Result<Option<f64>, ()> {
    match col {
        Some(c) if !row.get(c).is_empty() => number(row, c, comma, true, ps).map(Some).ok_or(()),
        _ => Ok(None),
    }
}

/// Reads organisations by year from `path` with `map` (see
/// [`ColumnMap::for_table`] when `None`).
///
/// # Errors
///
/// [`Error::Invalid`] listing every problem found (missing columns with the
/// mapping that was used, bad fields, repeated organisation-years);
/// [`Error::Io`] when the file cannot be read.
pub fn read_registry(path: &Path, map: Option<&ColumnMap>) -> Result<Registry> {
    let name = path.display().to_string();
    read_registry_table(&Table::read(path, &name)?, map)
}

/// Reads organisations by year from a table already read.
///
/// # Errors
///
/// As [`read_registry`].
pub fn read_registry_table(table: &Table, map: Option<&ColumnMap>) -> Result<Registry> {
    let map = ColumnMap::for_table(table, map);
    let mut problems = Problems::new();
    let mut col: HashMap<Field, usize> = HashMap::new();
    for (f, source) in &map.columns {
        match table.column(source) {
            Some(c) => {
                col.insert(*f, c);
            }
            None if Field::REQUIRED.contains(f) || map.layout == "mapping" => {
                problems.push(Problem::line(
                    &table.file,
                    1,
                    format!(
                        "missing column {source:?} for {} (read as {}; the header has: {}){}",
                        f.name(),
                        map.layout,
                        table.headers.join(", "),
                        if map.layout == "mapping" {
                            ""
                        } else {
                            "; name the columns with --columns SOURCE=FIELD,... (docs/your-data.md)"
                        }
                    ),
                ));
            }
            None => {}
        }
    }
    for f in Field::REQUIRED {
        if !map.columns.contains_key(&f) {
            problems.push(Problem::file(
                &table.file,
                format!("the mapping gives no column for {}", f.name()),
            ));
        }
    }
    problems.into_result()?;
    let c = |f: Field| col.get(&f).copied();
    let (ci, cs, cr, cy) = (
        col[&Field::Id],
        col[&Field::Sector],
        col[&Field::Region],
        col[&Field::Year],
    );
    let comma = table.delimiter == b';';
    let mut seen: HashMap<(String, i32), u64> = HashMap::new();
    let mut records = Vec::new();
    let provenance = table.column("provenance");
    let mut synthetic = 0;
    let mut problems = table.for_each_row(|row, ps| {
        let before = ps.len();
        synthetic += usize::from(super::panel::is_synthetic(row.opt(provenance)));
        let id = super::fields::required(row, ci, ps);
        let sector = super::fields::required(row, cs, ps);
        if let Some(s) = sector {
            if SectorLevel::of(s).is_none() {
                ps.push(row.problem(
                    cs,
                    "is not an OKVED2 / NACE code (a section letter, NN, NN.N, NN.NN, NN.NN.N or NN.NN.NN)",
                ));
            }
        }
        let region = super::fields::required(row, cr, ps);
        let y = year(row, cy, ps);
        let employees = figure(row, c(Field::Employees), comma, ps);
        let revenue = figure(row, c(Field::Revenue), comma, ps);
        let expenditure = figure(row, c(Field::Expenditure), comma, ps);
        let lat = bounded(row, c(Field::Lat), -90.0, 90.0, comma, ps);
        let lon = bounded(row, c(Field::Lon), -180.0, 180.0, comma, ps);
        let start = date(row, c(Field::StartDate), ps);
        let end = date(row, c(Field::EndDate), ps);
        if let (Ok(Some(s)), Ok(Some(e)), Some(ce)) = (&start, &end, c(Field::EndDate)) {
            if e < s {
                ps.push(row.problem(ce, format!("is before the start date {s}")));
            }
        }
        if ps.len() > before {
            return;
        }
        let (Some(id), Some(sector), Some(region), Some(y)) = (id, sector, region, y) else {
            return;
        };
        if repeated(
            &mut seen,
            (id.to_string(), y),
            row,
            ci,
            || format!("the organisation-year ({id}, {y})"),
            ps,
        ) {
            return;
        }
        records.push(RegistryRecord {
            id: id.to_string(),
            sector: sector.to_string(),
            region: region.to_string(),
            year: y,
            employees: employees.unwrap_or(None),
            revenue: revenue.unwrap_or(None),
            expenditure: expenditure.unwrap_or(None),
            lat: lat.unwrap_or(None),
            lon: lon.unwrap_or(None),
            start_date: start.unwrap_or(None),
            end_date: end.unwrap_or(None),
        });
    });
    if problems.is_empty() && records.is_empty() {
        problems.push(Problem::file(&table.file, "has a header but no data rows"));
    }
    problems.into_result()?;
    Ok(Registry {
        file: table.file.clone(),
        layout: map.layout,
        records,
        synthetic,
    })
}

impl Registry {
    /// The years present, increasing.
    pub fn years(&self) -> Vec<i32> {
        let mut y: Vec<i32> = self.records.iter().map(|r| r.year).collect();
        y.sort_unstable();
        y.dedup();
        y
    }

    /// Sums the records to a panel of `measure` by region, sector (at
    /// `level` when given, else the codes as written) and year.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] listing sector codes coarser than `level` or whose
    /// division `sections` lacks (pseudo-file `sector codes`).
    pub fn panel(
        &self,
        measure: RegistryMeasure,
        level: Option<SectorLevel>,
        sections: &SectionMap,
    ) -> Result<RegistryPanel> {
        let mut problems = Problems::new();
        let mut codes: HashMap<&str, Option<String>> = HashMap::new();
        let mut missing = 0;
        let mut records = Vec::with_capacity(self.records.len());
        for r in &self.records {
            let code = codes
                .entry(r.sector.as_str())
                .or_insert_with(|| match level {
                    None => Some(r.sector.clone()),
                    Some(l) => match aggregate_code(&r.sector, l, sections) {
                        Ok(c) => Some(c),
                        Err(reason) => {
                            problems.push(Problem::field(
                                "sector codes",
                                0,
                                "sector",
                                r.sector.as_str(),
                                reason,
                            ));
                            None
                        }
                    },
                });
            let Some(code) = code.clone() else { continue };
            let value = match measure {
                RegistryMeasure::Organisations => Some(1.0),
                RegistryMeasure::Employees => r.employees,
                RegistryMeasure::Revenue => r.revenue,
            };
            match value {
                Some(v) => records.push((r.region.clone(), code, r.year, v)),
                None => missing += 1,
            }
        }
        problems.into_result()?;
        if records.is_empty() {
            return Err(Error::parameter(
                "--measure",
                format!("no record of {} has a {} figure", self.file, measure.name()),
            ));
        }
        Ok(RegistryPanel {
            panel: Panel::from_records(records)?,
            missing_measure: missing,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mappings_parse_and_reject_unknown_fields() {
        let m = ColumnMap::parse("inn=id, okved=sector,reg=region,y=year").unwrap();
        assert_eq!(m.columns[&Field::Sector], "okved");
        assert!(
            ColumnMap::parse("inn=identifier")
                .unwrap_err()
                .to_string()
                .contains("is not a field")
        );
        assert!(ColumnMap::parse("inn").is_err());
        assert!(
            ColumnMap::parse("a=id,b=id")
                .unwrap_err()
                .to_string()
                .contains("given twice")
        );
        let m = ColumnMap::from_toml("[columns]\ninn = \"id\"\nokved = \"sector\"\n", "m.toml")
            .unwrap();
        assert_eq!(m.columns.len(), 2);
        let err = ColumnMap::from_toml("[columns]\ninn = \"id\"\n[other]\n", "m.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("m.toml"), "{err}");
    }
}
