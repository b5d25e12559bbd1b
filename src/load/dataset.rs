//! Loading a dataset folder into a [`Dataset`], checking every reference.
//!
//! Files are read in dependency order (districts, regions, sectors, clusters,
//! participants, links) and every problem in every file is collected before
//! loading fails, so a user sees all of them at once (up to the limit).

use std::path::Path;

use rustc_hash::{FxHashMap, FxHashSet};

use super::LoadOptions;
use super::encoding::Confidence;
use super::fields;
use super::table::{Ahead, Row, Table, delimiter_name};
use crate::error::{Error, Problem, Problems, Result};
use crate::model::ids::{IdIndex, Prepared};
use crate::model::years::{DatasetPanel, ParticipantTiming, Span};
use crate::model::{
    Cluster, Dataset, District, DistrictId, Endpoint, Level, Link, Participant, ParticipantId,
    Provenance, Region, Scope, SectorId, SectorTable, SourceFile,
};

/// The tables a dataset folder may hold, in load order.
pub const FILES: [&str; 6] = [
    "districts.csv",
    "regions.csv",
    "sectors.csv",
    "clusters.csv",
    "participants.csv",
    "links.csv",
];

/// The name of a panel file: any file named so (`organisations_by_year.csv`)
/// is a panel `region,sector,year,value` of the dataset.
pub const PANEL_FILE: &str = "NAME_by_year.csv";

/// Every file a dataset folder may hold, in load order: the tables
/// ([`FILES`]), its panels ([`PANEL_FILE`]) and the regions' shapes
/// (`boundaries.geojson`).
pub const ALL_FILES: [&str; 8] = [
    FILES[0],
    FILES[1],
    FILES[2],
    FILES[3],
    FILES[4],
    FILES[5],
    PANEL_FILE,
    super::boundaries::FILE,
];

/// Loads the dataset in folder `dir`.
///
/// `regions.csv` is required, and at least one of `clusters.csv` and
/// `participants.csv`; the others are optional. Every problem found in every
/// file is returned together as [`Error::Invalid`].
///
/// ```
/// let ds = coopnet::load::load_dataset(std::path::Path::new("datasets/demo")).unwrap();
/// assert!(ds.regions.len() >= 3);
/// ```
pub fn load_dataset(dir: &Path) -> Result<Dataset> {
    load_dataset_with(dir, &LoadOptions::default())
}

/// Like [`load_dataset`], with options (an encoding that overrides detection).
///
/// ```
/// use coopnet::load::{Encoding, LoadOptions, load_dataset_with};
/// let options = LoadOptions { encoding: Some(Encoding::Utf8) };
/// let ds = load_dataset_with(std::path::Path::new("datasets/demo"), &options).unwrap();
/// assert!(ds.sources.iter().all(|s| s.encoding == "UTF-8"));
/// ```
pub fn load_dataset_with(dir: &Path, options: &LoadOptions) -> Result<Dataset> {
    load_dataset_at(dir, options, None)
}

/// Like [`load_dataset_with`], cut at `year` (see [`crate::model::years`]):
/// the organisations present in it and the links seen in it. `None` is the
/// latest year the network has (or none, when it has no years).
///
/// ```
/// use coopnet::load::{LoadOptions, load_dataset_at};
/// let dir = std::path::Path::new("datasets/russia");
/// let ds = load_dataset_at(dir, &LoadOptions::default(), Some(2020)).unwrap();
/// assert_eq!(ds.years.all, [2019, 2020, 2021, 2022]); // its panel's years
/// assert!(load_dataset_at(dir, &LoadOptions::default(), Some(2018)).is_err());
/// ```
///
/// # Errors
///
/// As [`load_dataset`], and [`Error::Parameter`] (`--year`) for a year the
/// dataset does not have, naming those it has.
pub fn load_dataset_at(dir: &Path, options: &LoadOptions, year: Option<i32>) -> Result<Dataset> {
    if !dir.is_dir() {
        let reason = if dir.exists() {
            "is not a folder (a dataset is a folder of CSV files)"
        } else {
            "not found"
        };
        return Err(Error::invalid(Problem::file(
            dir.display().to_string(),
            reason,
        )));
    }
    let mut loader = Loader {
        ds: Dataset::default(),
        problems: Problems::new(),
        dir,
        skip: Skip::default(),
        absent: FxHashSet::default(),
        options: *options,
    };
    loader.ds.name = dir
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| dir.display().to_string());
    loader.ds.path = dir.to_path_buf();
    loader.ds.sectors = SectorTable::open();

    // present: a file, or anything else under that name (a folder, a broken
    // link), which is then reported when it is opened
    let has = |f: &str| std::fs::symlink_metadata(dir.join(f)).is_ok();
    if !has("regions.csv") {
        loader.problems.push(Problem::file(
            "regions.csv",
            format!(
                "file not found; every dataset needs a regions.csv{}",
                other_case(dir, "regions.csv")
            ),
        ));
    }
    if !has("clusters.csv") && !has("participants.csv") {
        loader.problems.push(Problem::file(
            "clusters.csv",
            format!(
                "file not found; a dataset needs clusters.csv, participants.csv or both{}{}",
                other_case(dir, "clusters.csv"),
                other_case(dir, "participants.csv")
            ),
        ));
    }
    loader.problems.clone().into_result()?;

    if let Some(t) = loader.open("districts.csv", false) {
        loader.districts(&t);
    }
    if let Some(t) = loader.open("regions.csv", true) {
        loader.regions(&t);
    }
    if let Some(t) = loader.open("sectors.csv", false) {
        loader.sectors(&t);
    }
    if let Some(t) = loader.open("clusters.csv", false) {
        loader.clusters(&t);
    }
    // links.csv, the largest file, is read and decoded while the
    // participants are checked (much of which is sequential)
    let links_path = dir.join("links.csv");
    let read_links = || {
        links_path
            .is_file()
            .then(|| Table::read_with(&links_path, "links.csv", options))
    };
    let mut links_read = None;
    if let Some(t) = loader.open("participants.csv", false) {
        let ((), read) = rayon::join(|| loader.participants(&t), read_links);
        links_read = read;
    }
    if let Some(t) = loader.open_read("links.csv", false, links_read) {
        loader.links(&t);
    }
    loader.panels();
    loader.boundaries();
    loader.problems.into_result()?;
    // the id lookups were built as regions, clusters and participants were
    // read; links do not change them, and a cut rebuilds them
    let mut ds = loader.ds;
    settle_years(&mut ds, year)?;
    Ok(ds)
}

/// Every year the dataset has, then its cross-section at `year` (or at the
/// network's latest).
fn settle_years(ds: &mut Dataset, year: Option<i32>) -> Result<()> {
    let y = &mut ds.years;
    let mut network: Vec<i32> = Vec::new();
    let h = &y.history;
    match y.participants {
        ParticipantTiming::Static => {}
        ParticipantTiming::ByYear => network.extend(h.spans.iter().filter_map(|s| s.first)),
        ParticipantTiming::ByDates => {
            let named = h.spans.iter().flat_map(|s| [s.first, s.last]).flatten();
            if let (Some(a), Some(b)) = (named.clone().min(), named.max()) {
                network.extend(a..=b);
            }
        }
    }
    network.extend(h.link_years.iter().copied());
    network.sort_unstable();
    network.dedup();
    let mut all = network.clone();
    for p in &y.panels {
        all.extend(p.panel.years());
    }
    all.sort_unstable();
    all.dedup();
    y.organisation_rows = if y.participants == ParticipantTiming::Static {
        ds.participants.len()
    } else {
        h.rows.len()
    };
    y.network = network;
    y.all = all;
    match year {
        Some(want) => {
            ds.check_year(want)?;
            ds.years.chosen = true;
            ds.years.asked = Some(want);
            ds.cut(want);
        }
        None => {
            if let Some(&latest) = ds.years.network.last() {
                ds.cut(latest);
            }
        }
    }
    Ok(())
}

struct Loader<'a> {
    ds: Dataset,
    problems: Problems,
    dir: &'a Path,
    skip: Skip,
    /// Optional files the dataset does not have: a reference to what one
    /// of them would hold is a problem that says so.
    absent: FxHashSet<&'static str>,
    options: LoadOptions,
}

/// `" (the folder has Regions.CSV: ...)"` when the folder holds `file` under
/// another case, else nothing.
fn other_case(dir: &Path, file: &str) -> String {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return String::new();
    };
    entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.eq_ignore_ascii_case(file) && n != file)
        .map(|n| format!(" (the folder has {n}: name it {file})"))
        .unwrap_or_default()
}

/// Ids whose own rows had problems, and files that could not be read at all.
/// A reference to one of them is not reported again: the user sees the cause once.
#[derive(Default)]
struct Skip {
    files: FxHashSet<&'static str>,
    regions: FxHashSet<String>,
    sectors: FxHashSet<String>,
    clusters: FxHashSet<String>,
    participants: FxHashSet<String>,
}

impl Skip {
    fn region(&self, id: &str) -> bool {
        self.files.contains("regions.csv") || self.regions.contains(id)
    }
    fn sector(&self, code: &str) -> bool {
        self.sectors.contains(code)
    }
    fn cluster(&self, id: &str) -> bool {
        self.files.contains("clusters.csv") || self.clusters.contains(id)
    }
    fn endpoint(&self, id: &str) -> bool {
        self.cluster(id)
            || self.files.contains("participants.csv")
            || self.participants.contains(id)
    }
}

/// Column indexes of one file, resolved from its header.
struct Cols {
    required: Vec<usize>,
    optional: Vec<Option<usize>>,
}

/// The chunks of `links.csv`: the strings each interned, and its rows' range.
type LinkChunks = Vec<(ChunkStrings, std::ops::Range<usize>)>;

/// The columns of `links.csv`.
struct LinkCols {
    source: usize,
    target: usize,
    sector: usize,
    weight: Option<usize>,
    kind: Option<usize>,
    year: Option<usize>,
}

impl Loader<'_> {
    /// Reads a file if present; records a problem if it is required and missing,
    /// or when it cannot be decoded.
    fn open(&mut self, file: &'static str, required: bool) -> Option<Table> {
        self.open_read(file, required, None)
    }

    /// Like [`Loader::open`], with the file already read (or not) by the caller.
    fn open_read(
        &mut self,
        file: &'static str,
        required: bool,
        read: Option<Result<Table>>,
    ) -> Option<Table> {
        let path = self.dir.join(file);
        if std::fs::symlink_metadata(&path).is_err() {
            if required {
                self.problems.push(Problem::file(file, "file not found"));
                self.skip.files.insert(file);
            } else {
                self.absent.insert(file);
            }
            return None;
        }
        let table = match read.unwrap_or_else(|| Table::read_with(&path, file, &self.options)) {
            Ok(t) if t.is_body_empty() => Err(Problems::from(Problem::file(
                file,
                "has a header but no data rows",
            ))),
            Ok(t) => Ok(t),
            Err(Error::Invalid { problems, more }) => Err(Problems::from_parts(problems, more)),
            Err(e) => Err(Problems::from(Problem::file(file, e.to_string()))),
        };
        match table {
            Ok(t) => {
                if t.confidence == Confidence::Low {
                    self.ds.warnings.push(encoding_warning(&t));
                }
                self.ds.sources.push(SourceFile {
                    file: file.to_string(),
                    encoding: t.encoding.to_string(),
                    confidence: t.confidence.to_string(),
                    delimiter: delimiter_name(t.delimiter).to_string(),
                    rows: 0,
                    bytes: t.bytes,
                    years: Vec::new(),
                });
                Some(t)
            }
            Err(ps) => {
                self.problems.extend(ps);
                self.skip.files.insert(file);
                None
            }
        }
    }

    fn set_rows(&mut self, file: &str, rows: usize) {
        if let Some(s) = self.ds.sources.iter_mut().find(|s| s.file == file) {
            s.rows = rows;
        }
    }

    /// Resolves required and optional columns; `None` when a required one is missing.
    fn columns(&mut self, t: &Table, required: &[&str], optional: &[&str]) -> Option<Cols> {
        let mut ps = Problems::new();
        let required: Vec<usize> = required.iter().map(|c| t.require(c, &mut ps)).collect();
        let optional = optional.iter().map(|c| t.column(c)).collect();
        let ok = ps.is_empty();
        self.problems.extend(ps);
        if !ok {
            if let Some(file) = FILES.iter().find(|f| **f == t.file) {
                self.skip.files.insert(file);
            }
        }
        ok.then_some(Cols { required, optional })
    }

    fn districts(&mut self, t: &Table) {
        let Some(c) = self.columns(t, &["id"], &["name"]) else {
            return;
        };
        let (id_col, name_col) = (c.required[0], c.optional[0]);
        // Every other column is a numeric indicator, except text columns a
        // dataset may add: `provenance` and other names (`name_ru`, `name_*`).
        let is_text = |h: &str| {
            let h = h.to_ascii_lowercase();
            h == "provenance" || h.starts_with("name_")
        };
        let indicator_cols: Vec<usize> = (0..t.headers.len())
            .filter(|&i| i != id_col && Some(i) != name_col && !is_text(&t.headers[i]))
            .collect();
        self.ds.indicator_names = indicator_cols
            .iter()
            .map(|&i| t.headers[i].clone())
            .collect();
        let decimal_comma = t.delimiter == b';';
        let mut seen: FxHashMap<String, u64> = FxHashMap::default();
        let mut districts = Vec::new();
        let ps = t.for_each_row(|row, ps| {
            let Some(id) = fields::required(row, id_col, ps) else {
                return;
            };
            if let Some(first) = seen.insert(id.to_string(), row.line) {
                ps.push(row.problem(
                    id_col,
                    format!("is a duplicate id; first defined on line {first}"),
                ));
                return;
            }
            let mut indicators = Vec::with_capacity(indicator_cols.len());
            for &col in &indicator_cols {
                let s = row.get(col);
                if s.is_empty() {
                    indicators.push(f64::NAN);
                } else {
                    match fields::parse_f64(s, decimal_comma) {
                        Some(x) if x.is_finite() => indicators.push(x),
                        parsed => {
                            let reason = match parsed {
                                Some(_) => "is not a finite number".to_string(),
                                None => fields::not_a_number(s, decimal_comma),
                            };
                            ps.push(row.problem(
                                col,
                                format!("{reason} (indicator columns hold numbers)"),
                            ));
                            indicators.push(f64::NAN);
                        }
                    }
                }
            }
            let name = row.opt(name_col);
            districts.push(District {
                id: id.to_string(),
                name: if name.is_empty() {
                    id.to_string()
                } else {
                    name.to_string()
                },
                indicators,
            });
        });
        self.problems.extend(ps);
        self.set_rows(&t.file, districts.len());
        self.ds.districts = districts;
    }

    fn regions(&mut self, t: &Table) {
        let Some(c) = self.columns(t, &["id", "name", "district"], &["lat", "lon"]) else {
            return;
        };
        let [id_col, name_col, district_col] = [c.required[0], c.required[1], c.required[2]];
        let [lat_col, lon_col] = [c.optional[0], c.optional[1]];
        let decimal_comma = t.delimiter == b';';
        let from_file = !self.ds.districts.is_empty();
        let mut district_index: FxHashMap<String, DistrictId> = self
            .ds
            .districts
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), DistrictId(i as u32)))
            .collect();
        let mut districts = std::mem::take(&mut self.ds.districts);
        let mut seen: FxHashMap<String, u64> = FxHashMap::default();
        let mut regions = Vec::new();
        let broken = &mut self.skip.regions;
        let ps = t.for_each_row(|row, ps| {
            let before = ps.len();
            let id = fields::required(row, id_col, ps);
            let name = fields::required(row, name_col, ps);
            let district = fields::required(row, district_col, ps);
            let lat = fields::bounded(row, lat_col, -90.0, 90.0, decimal_comma, ps);
            let lon = fields::bounded(row, lon_col, -180.0, 180.0, decimal_comma, ps);
            let (Some(id), Some(name), Some(district), Ok(lat), Ok(lon)) =
                (id, name, district, lat, lon)
            else {
                broken.extend(id.map(str::to_string));
                return;
            };
            if let Some(first) = seen.insert(id.to_string(), row.line) {
                ps.push(row.problem(
                    id_col,
                    format!("is a duplicate id; first defined on line {first}"),
                ));
                return;
            }
            let district = match district_index.get(district) {
                Some(&d) => d,
                None if from_file => {
                    ps.push(row.problem(district_col, "is not a district listed in districts.csv"));
                    broken.insert(id.to_string());
                    return;
                }
                None => {
                    let d = DistrictId(districts.len() as u32);
                    districts.push(District {
                        id: district.to_string(),
                        name: district.to_string(),
                        indicators: vec![],
                    });
                    district_index.insert(district.to_string(), d);
                    d
                }
            };
            if lat.is_some() != lon.is_some() {
                ps.push(row.line_problem("has only one of lat and lon; give both or neither"));
            }
            if ps.len() > before {
                broken.insert(id.to_string());
                return;
            }
            regions.push(Region {
                id: id.to_string(),
                name: name.to_string(),
                district,
                lat,
                lon,
            });
        });
        self.problems.extend(ps);
        self.set_rows(&t.file, regions.len());
        self.ds.districts = districts;
        self.ds.regions = regions;
        self.ds.index_regions();
    }

    fn sectors(&mut self, t: &Table) {
        let Some(c) = self.columns(t, &["code"], &["name", "parent"]) else {
            return;
        };
        let (code_col, name_col, parent_col) = (c.required[0], c.optional[0], c.optional[1]);
        let mut rows: Vec<(u64, String, String, String)> = Vec::new();
        let mut seen: FxHashMap<String, u64> = FxHashMap::default();
        let broken = &mut self.skip.sectors;
        let ps = t.for_each_row(|row, ps| {
            let Some(code) = fields::required(row, code_col, ps) else { return };
            if crate::model::SectorLevel::of(code).is_none() {
                broken.insert(code.to_string());
                ps.push(row.problem(
                    code_col,
                    "is not a sector code (a section letter, or digits such as 32, 32.1, 32.12, 32.12.1)",
                ));
                return;
            }
            if let Some(first) = seen.insert(code.to_string(), row.line) {
                ps.push(row.problem(code_col, format!("is a duplicate code; first defined on line {first}")));
                return;
            }
            rows.push((row.line, code.to_string(), row.opt(name_col).to_string(), row.opt(parent_col).to_string()));
        });
        self.problems.extend(ps);
        for (line, code, _, parent) in &rows {
            if !parent.is_empty() && !seen.contains_key(parent) {
                self.problems.push(Problem::field(
                    &t.file,
                    *line,
                    "parent",
                    parent,
                    format!("is not a code listed in sectors.csv (parent of {code})"),
                ));
            }
        }
        for (_, code, name, parent) in &rows {
            let parent = (!parent.is_empty()).then_some(parent.as_str());
            self.ds.sectors.insert(code, name, parent);
        }
        self.ds.sectors.close();
        self.set_rows(&t.file, rows.len());
    }

    fn clusters(&mut self, t: &Table) {
        let Some(c) = self.columns(t, &ClusterCols::REQUIRED, &ClusterCols::OPTIONAL) else {
            return;
        };
        let cols = ClusterCols::new(&c);
        let mut ctx = ClusterContext {
            ds: &mut self.ds,
            skip: &mut self.skip,
        };
        let mut seen: FxHashMap<String, u64> = FxHashMap::default();
        let mut clusters = Vec::new();
        let ps = t.for_each_row(|row, ps| {
            let Some(cluster) = ctx.cluster_row(&cols, row, ps) else {
                return;
            };
            if let Some(first) = seen.insert(cluster.id.clone(), row.line) {
                ps.push(row.problem(
                    cols.id,
                    format!("is a duplicate id; first defined on line {first}"),
                ));
                return;
            }
            clusters.push(cluster);
        });
        if cols.level.is_none() {
            self.ds.warnings.push(
                "clusters.csv has no level column: every cluster is counted at the initial level"
                    .to_string(),
            );
        }
        self.problems.extend(ps);
        self.set_rows(&t.file, clusters.len());
        self.ds.clusters = clusters;
        self.ds.index_clusters();
    }

    fn participants(&mut self, t: &Table) {
        let Some(c) = self.columns(
            t,
            &["id", "name", "region", "sector"],
            &[
                "kind",
                "clusters",
                "employees",
                "provenance",
                "year",
                "founded",
                "closed",
                "start_date",
                "end_date",
            ],
        ) else {
            return;
        };
        let o = &c.optional;
        let timing = match (o[4], [o[5], o[6]], [o[7], o[8]]) {
            (Some(col), _, _) => TimingCols::Year(col),
            (None, [None, None], [None, None]) => TimingCols::None,
            (None, [first, last], [None, None]) | (None, [None, None], [first, last]) => {
                TimingCols::Dates { first, last }
            }
            (None, [first, last], _) => {
                self.problems.push(Problem::line(
                    &t.file,
                    1,
                    "has both founded/closed and start_date/end_date columns; keep one pair \
                     (the dates an organisation was founded and closed)",
                ));
                TimingCols::Dates { first, last }
            }
        };
        let cols = ParticipantCols {
            id: c.required[0],
            name: c.required[1],
            region: c.required[2],
            sector: c.required[3],
            kind: o[0],
            clusters: o[1],
            employees: o[2],
            provenance: o[3],
            timing,
        };
        // Rows are checked in parallel chunks against what is already loaded
        // (read only); what depends on the rows before (duplicate ids, the
        // numbering of new sectors and of kinds) is settled afterwards in
        // file order, so the result does not depend on the chunks.
        let check = ParticipantCheck {
            ds: &self.ds,
            skip: &self.skip,
            cols: &cols,
            no_clusters: self.absent.contains("clusters.csv"),
        };
        let (chunks, row_problems) = t.map_chunks(ParticipantChunk::default, |chunk, row, ps| {
            check.row(chunk, row, ps)
        });
        let timing = cols.timing.timing();
        let settled = self.settle_participants(t, cols.id, chunks, timing);
        if settled.kinds.len() > u16::MAX as usize {
            self.problems
                .push(Problem::file(&t.file, "has more than 65535 distinct kinds"));
        }
        self.problems
            .extend(merge_by_line(row_problems, settled.duplicates));
        let rows = match timing {
            ParticipantTiming::Static => settled.participants.len(),
            _ => settled.rows.len(),
        };
        self.set_rows(&t.file, rows);
        let y = &mut self.ds.years;
        y.participants = timing;
        if timing != ParticipantTiming::Static {
            let h = &mut y.history;
            h.organisation_count = settled.participants.len();
            h.rows = settled.rows;
            h.spans = settled.spans;
            h.row_org = settled.row_org;
            h.group();
            let mut years: Vec<i32> = match timing {
                ParticipantTiming::ByYear => h.spans.iter().filter_map(|s| s.first).collect(),
                _ => h
                    .spans
                    .iter()
                    .flat_map(|s| [s.first, s.last])
                    .flatten()
                    .collect(),
            };
            years.sort_unstable();
            years.dedup();
            if let Some(s) = self.ds.sources.iter_mut().find(|s| s.file == t.file) {
                s.years = years;
            }
        }
        self.ds
            .set_participants(settled.participants, settled.index);
        self.ds.participant_kinds = settled.kinds;
    }

    /// In file order: numbers new sectors as they first appear (in any row,
    /// as reading the rows one by one would), then accepts each candidate
    /// whose id was not seen before.
    fn settle_participants(
        &mut self,
        t: &Table,
        id_col: usize,
        chunks: Vec<(ParticipantChunk, Vec<Candidate>)>,
        timing: ParticipantTiming,
    ) -> SettledParticipants {
        let total = chunks.iter().map(|c| c.1.len()).sum();
        let mut index = IdIndex::with_capacity(total);
        let mut participants: Vec<Participant> = Vec::with_capacity(total);
        let mut lines: Vec<u64> = Vec::with_capacity(total);
        let mut duplicates = Vec::new();
        // kind name (lower case) -> id, in order of first use by an accepted participant
        let mut kind_ids: FxHashMap<String, u16> = FxHashMap::default();
        let mut kind_names: Vec<String> = Vec::new();
        // by year: (organisation, year) -> line, for rows repeating a year
        let mut year_lines: FxHashMap<(u32, i32), u64> = FxHashMap::default();
        let by_year = timing == ParticipantTiming::ByYear;
        let (mut rows, mut spans, mut row_org) = (Vec::new(), Vec::new(), Vec::new());
        for (chunk, candidates) in chunks {
            let sector_ids: Vec<Option<SectorId>> = chunk
                .new_sectors
                .strings
                .iter()
                .map(|s| self.ds.sectors.lookup_or_insert(s).ok())
                .collect();
            let mut kinds: Vec<Option<u16>> = vec![None; chunk.kinds.strings.len()];
            self.skip.participants.extend(chunk.broken);
            // First the ids, by reference, in blocks: the index is touched
            // where each id of the block goes (see `IdIndex::touch`) before
            // they are inserted. Then the accepted candidates are moved.
            // a sector for every accepted row, and its organisation when it
            // is another year's row of one seen before
            let mut accepted: Vec<Option<(SectorId, Option<u32>)>> =
                Vec::with_capacity(candidates.len());
            let mut slots = Vec::with_capacity(TOUCH_BLOCK);
            for (k, c) in candidates.iter().enumerate() {
                if k % TOUCH_BLOCK == 0 {
                    let block = &candidates[k..(k + TOUCH_BLOCK).min(candidates.len())];
                    slots.clear();
                    slots.extend(block.iter().map(|c| index.prepare(&c.participant.id)));
                    let touched = slots.iter().fold(0, |acc, s| acc ^ index.touch(s));
                    std::hint::black_box(touched);
                }
                let sector = match c.sector {
                    SectorRef::Known(id) => Some(id),
                    // always found: the code was checked
                    SectorRef::New(i) => sector_ids[i as usize],
                };
                let Some(sector) = sector else {
                    accepted.push(None);
                    continue;
                };
                let number = lines.len() as u32;
                let duplicate = |first: u64, what: String| {
                    Problem::field(
                        &t.file,
                        c.line,
                        &t.headers[id_col],
                        &c.participant.id,
                        format!("is a duplicate {what}; first defined on line {first}"),
                    )
                };
                let year = c.span.first.unwrap_or_default();
                match index.insert(&c.participant.id, number) {
                    None => {
                        if by_year {
                            year_lines.insert((number, year), c.line);
                        }
                        lines.push(c.line);
                        accepted.push(Some((sector, None)));
                    }
                    Some(org) if by_year => match year_lines.entry((org, year)) {
                        std::collections::hash_map::Entry::Occupied(e) => {
                            duplicates.push(duplicate(*e.get(), format!("id for {year}")));
                            accepted.push(None);
                        }
                        std::collections::hash_map::Entry::Vacant(e) => {
                            e.insert(c.line);
                            accepted.push(Some((sector, Some(org))));
                        }
                    },
                    Some(first) => {
                        duplicates.push(duplicate(lines[first as usize], "id".to_string()));
                        accepted.push(None);
                    }
                }
            }
            for (c, accepted) in candidates.into_iter().zip(accepted) {
                let Some((sector, seen)) = accepted else {
                    continue;
                };
                let mut participant = c.participant;
                participant.sector = sector;
                participant.kind = *kinds[c.kind as usize].get_or_insert_with(|| {
                    let written = &chunk.kinds.strings[c.kind as usize];
                    let name = match written.to_lowercase() {
                        k if k.is_empty() => "unspecified".to_string(),
                        k => k,
                    };
                    *kind_ids.entry(name).or_insert_with_key(|name| {
                        kind_names.push(name.clone());
                        (kind_names.len() - 1) as u16
                    })
                });
                if timing == ParticipantTiming::Static {
                    participants.push(participant);
                    continue;
                }
                // every row is kept; the first of each organisation also
                // stands for it until the cross-section is cut
                row_org.push(seen.unwrap_or(participants.len() as u32));
                spans.push(c.span);
                if seen.is_none() {
                    participants.push(participant.clone());
                }
                rows.push(participant);
            }
        }
        SettledParticipants {
            participants,
            index,
            duplicates,
            kinds: kind_names,
            rows,
            spans,
            row_org,
        }
    }

    fn links(&mut self, t: &Table) {
        let Some(c) = self.columns(
            t,
            &["source", "target", "sector"],
            &["weight", "kind", "year"],
        ) else {
            return;
        };
        let cols = LinkCols {
            source: c.required[0],
            target: c.required[1],
            sector: c.required[2],
            weight: c.optional[0],
            kind: c.optional[1],
            year: c.optional[2],
        };
        let (mut links, chunks, mut ps) = self.parse_links(t, &cols);
        let codes = self.link_sectors(t, cols.sector, &chunks, &mut ps);
        let dropped = self.settle_link_ids(&chunks, &codes, &mut links);
        // the year and line of every link, when links have years
        let mut dated: Vec<(i32, u64)> = chunks
            .iter()
            .flat_map(|(strings, _)| strings.years.iter().copied())
            .collect();
        if dropped {
            if !dated.is_empty() {
                let mut keep = links.iter().map(|l| !l.weight.is_nan());
                dated.retain(|_| keep.next().unwrap_or(false));
            }
            links.retain(|l| !l.weight.is_nan());
        }
        if cols.year.is_some() {
            self.check_link_years(t, [cols.source, cols.target], &links, &dated, &mut ps);
        }
        if self.ds.link_kinds.len() > u16::MAX as usize {
            ps.push(Problem::file(&t.file, "has more than 65535 distinct kinds"));
        }
        if let Some(col) = cols.weight {
            if let Some(p) =
                fields::weight_total(links.iter().map(|l| l.weight), &t.file, &t.headers[col])
            {
                ps.push(p);
            }
        }
        self.problems.extend(ps);
        self.store_links(t, links, dated, cols.year.is_some());
    }

    /// Parses the rows of `links.csv` in parallel chunks; sector codes and
    /// kinds are interned per chunk (mapped to dataset ids by
    /// [`Loader::settle_link_ids`], in file order).
    fn parse_links(&self, t: &Table, cols: &LinkCols) -> (Vec<Link>, LinkChunks, Problems) {
        let absent = match (
            self.absent.contains("participants.csv"),
            self.absent.contains("clusters.csv"),
        ) {
            (true, true) => " (the dataset has neither participants.csv nor clusters.csv)",
            (true, false) => " (the dataset has no participants.csv)",
            (false, true) => " (the dataset has no clusters.csv)",
            (false, false) => "",
        };
        let decimal_comma = t.delimiter == b';';
        let skip = &self.skip;
        let ds = &self.ds;
        // Resolving millions of endpoint ids in the participant index is most
        // of the work on a large file, waiting for memory: they are looked up
        // ahead, a block of rows at a time, so that the cache misses of
        // different rows overlap (see `EndpointAhead`).
        let endpoint = |s: &str| match ds.participant_id(s) {
            Some(p) => Some(Endpoint::Participant(p)),
            None => ds.cluster_id(s).map(Endpoint::Cluster),
        };
        let ahead = EndpointAhead {
            index: ds.participant_index(),
            src_col: cols.source,
            dst_col: cols.target,
        };
        let placeholder = Link {
            source: Endpoint::Participant(ParticipantId(0)),
            target: Endpoint::Participant(ParticipantId(0)),
            sector: SectorId(0),
            weight: 1.0,
            kind: 0,
        };
        let &LinkCols {
            source: src_col,
            target: dst_col,
            sector: sector_col,
            weight: weight_col,
            kind: kind_col,
            year: year_col,
        } = cols;
        t.map_into(placeholder, ChunkStrings::default, ahead, |strings, row, looked, ps| {
            let before = ps.len();
            let src = fields::required(row, src_col, ps);
            let dst = fields::required(row, dst_col, ps);
            let sector = fields::required(row, sector_col, ps);
            let weight = fields::weight(row, weight_col, 1.0, decimal_comma, ps);
            let year = year_col.map(|col| super::panel::year(row, col, ps));
            let resolve = |col: usize, id: Option<&str>, ps: &mut Problems| {
                let id = id?;
                let e = match looked.found[usize::from(col == dst_col)] {
                    Some(Some(p)) => Some(Endpoint::Participant(ParticipantId(p))),
                    Some(None) => ds.cluster_id(id).map(Endpoint::Cluster),
                    None => endpoint(id),
                };
                if e.is_none() && !skip.endpoint(id) {
                    let hint = if ps.is_full() {
                        String::new()
                    } else {
                        fields::did_you_mean(
                            id,
                            ds.participants
                                .iter()
                                .map(|p| p.id.as_str())
                                .chain(ds.clusters.iter().map(|c| c.id.as_str())),
                        )
                    };
                    ps.push(row.problem(
                        col,
                        format!("is not a participant or cluster id{absent}{hint}"),
                    ));
                }
                e
            };
            let source = resolve(src_col, src, ps);
            let target = resolve(dst_col, dst, ps);
            if ps.len() > before {
                return None;
            }
            let (source, target, sector, weight) = (source?, target?, sector?, weight?);
            if source == target {
                ps.push(row.problem(dst_col, "is the link's own source; a link must join two different nodes"));
                return None;
            }
            if matches!(source, Endpoint::Participant(_)) != matches!(target, Endpoint::Participant(_)) {
                ps.push(row.line_problem(
                    "links a participant with a cluster; link participants to participants or clusters to clusters",
                ));
                return None;
            }
            let sector = strings.intern_sector(sector, row.line);
            let kind = strings.intern_kind(row.opt(kind_col));
            if let Some(year) = year {
                strings.years.push((year?, row.line));
            }
            Some(Link { source, target, sector: SectorId(sector), weight, kind: kind as u16 })
        })
    }

    /// The dataset id of every sector code the chunks of `links.csv` use
    /// (`None` for a code not accepted). A code not accepted is reported
    /// once, at its first line, with the number of other lines that use it,
    /// whatever the chunks.
    fn link_sectors<'c>(
        &mut self,
        t: &Table,
        sector_col: usize,
        chunks: &'c LinkChunks,
        ps: &mut Problems,
    ) -> FxHashMap<&'c str, (u64, usize, Option<SectorId>)> {
        let mut codes: FxHashMap<&str, (u64, usize, Option<SectorId>)> = FxHashMap::default();
        let mut code_order: Vec<&str> = Vec::new();
        for (strings, _) in chunks {
            for (code, line, count) in &strings.sectors {
                match codes.get_mut(code.as_str()) {
                    Some(seen) => seen.1 += count,
                    None => {
                        let id = self.ds.sectors.lookup_or_insert(code).ok();
                        codes.insert(code, (*line, *count, id));
                        code_order.push(code);
                    }
                }
            }
        }
        for code in code_order {
            let (line, count, id) = codes[code];
            if id.is_some() || self.skip.sector(code) {
                continue;
            }
            if let Err(reason) = self.ds.sectors.lookup(code) {
                let reason = fields::code_reason(code, reason, &self.ds.sectors);
                let reason = match count {
                    1 => reason,
                    n => format!("{reason} (also on {} later lines)", n - 1),
                };
                ps.push(Problem::field(
                    &t.file,
                    line,
                    &t.headers[sector_col],
                    code,
                    reason,
                ));
            }
        }
        codes
    }

    /// Maps the chunk-local sector and kind numbers of `links` to dataset
    /// ids, in file order; a link whose sector was not accepted gets a NaN
    /// weight, to be dropped. Whether any was.
    fn settle_link_ids(
        &mut self,
        chunks: &LinkChunks,
        codes: &FxHashMap<&str, (u64, usize, Option<SectorId>)>,
        links: &mut [Link],
    ) -> bool {
        let mut kind_index: FxHashMap<String, u16> = FxHashMap::default();
        let mut dropped = false;
        for (strings, range) in chunks {
            let sector_map: Vec<Option<SectorId>> = strings
                .sectors
                .iter()
                .map(|(code, _, _)| codes.get(code.as_str()).and_then(|c| c.2))
                .collect();
            let kind_map: Vec<u16> = strings
                .kinds
                .iter()
                .map(|k| {
                    let next = self.ds.link_kinds.len() as u16;
                    *kind_index.entry(k.clone()).or_insert_with(|| {
                        self.ds.link_kinds.push(k.clone());
                        next
                    })
                })
                .collect();
            for l in &mut links[range.clone()] {
                match sector_map[l.sector.index()] {
                    Some(id) => {
                        l.sector = id;
                        l.kind = kind_map[l.kind as usize];
                    }
                    None => {
                        l.weight = f64::NAN; // dropped by the caller
                        dropped = true;
                    }
                }
            }
        }
        dropped
    }

    /// Keeps the links in the dataset, with their years (`dated`) when
    /// links have a year column, and in the history when the network is timed.
    fn store_links(&mut self, t: &Table, links: Vec<Link>, dated: Vec<(i32, u64)>, timed: bool) {
        self.set_rows(&t.file, links.len());
        let y = &mut self.ds.years;
        if timed {
            y.links = true;
            let mut years: Vec<i32> = dated.iter().map(|d| d.0).collect();
            years.sort_unstable();
            years.dedup();
            if let Some(s) = self.ds.sources.iter_mut().find(|s| s.file == t.file) {
                s.years = years;
            }
        }
        if y.network_is_timed() {
            y.history.link_years = dated.into_iter().map(|d| d.0).collect();
            y.history.links = links.clone();
        }
        self.ds.links = links;
    }

    /// Checks that both organisations of every link with a year are present
    /// in that year (with timed participants).
    fn check_link_years(
        &self,
        t: &Table,
        cols: [usize; 2],
        links: &[Link],
        dated: &[(i32, u64)],
        ps: &mut Problems,
    ) {
        let y = &self.ds.years;
        if y.participants == ParticipantTiming::Static {
            return;
        }
        let h = &y.history;
        for (l, &(year, line)) in links.iter().zip(dated) {
            for (end, col) in [l.source, l.target].into_iter().zip(cols) {
                let Endpoint::Participant(p) = end else {
                    continue;
                };
                if h.row_in(p.0, year).is_some() {
                    continue;
                }
                let rows = h.rows_of(p.0);
                let when = match y.participants {
                    ParticipantTiming::ByYear => {
                        let years: Vec<i32> = rows
                            .iter()
                            .filter_map(|&r| h.spans[r as usize].first)
                            .collect();
                        format!(
                            "has no row for {year} in participants.csv (it has {})",
                            crate::model::years::years_text(&years)
                        )
                    }
                    _ => {
                        let s = rows
                            .first()
                            .map(|&r| h.spans[r as usize])
                            .unwrap_or_default();
                        let said =
                            |y: Option<i32>| y.map_or_else(|| "-".to_string(), |y| y.to_string());
                        format!(
                            "is not present in {year} by its dates in participants.csv (founded {}, closed {})",
                            said(s.first),
                            said(s.last)
                        )
                    }
                };
                ps.push(Problem::field(
                    &t.file,
                    line,
                    &t.headers[col],
                    &self.ds.participants[p.index()].id,
                    format!("{when}; a link of a year joins organisations present in it"),
                ));
            }
        }
    }

    /// The panel files (`NAME_by_year.csv`), their regions checked against
    /// `regions.csv` and their sectors against the sector table.
    fn panels(&mut self) {
        let Ok(entries) = std::fs::read_dir(self.dir) else {
            return;
        };
        let mut names: Vec<String> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(super::panel::PANEL_SUFFIX))
            .collect();
        names.sort();
        for name in names {
            let path = self.dir.join(&name);
            if let Some(p) = super::unreadable(&path, &name) {
                self.problems.push(p);
                continue;
            }
            let table = match Table::read_with(&path, &name, &self.options) {
                Ok(t) => t,
                Err(Error::Invalid { problems, more }) => {
                    self.problems.extend(Problems::from_parts(problems, more));
                    continue;
                }
                Err(e) => {
                    self.problems.push(Problem::file(&name, e.to_string()));
                    continue;
                }
            };
            let (ds, skip) = (&self.ds, &self.skip);
            let read = super::panel::read_panel_checked(&table, |row, [cr, cs], ps| {
                let r = row.get(cr);
                if ds.region_id(r).is_none() && !skip.region(r) {
                    let hint = fields::did_you_mean(r, ds.regions.iter().map(|x| x.id.as_str()));
                    ps.push(row.problem(cr, format!("is not a region in regions.csv{hint}")));
                }
                let s = row.get(cs);
                if let Err(reason) = ds.sectors.lookup(s) {
                    if !skip.sector(s) {
                        ps.push(row.problem(cs, fields::code_reason(s, reason, &ds.sectors)));
                    }
                }
            });
            match read {
                Ok(p) => {
                    if table.confidence == Confidence::Low {
                        self.ds.warnings.push(encoding_warning(&table));
                    }
                    self.ds.sources.push(SourceFile {
                        file: name.clone(),
                        encoding: table.encoding.to_string(),
                        confidence: table.confidence.to_string(),
                        delimiter: delimiter_name(table.delimiter).to_string(),
                        rows: p.rows,
                        bytes: table.bytes,
                        years: p.panel.years().to_vec(),
                    });
                    self.ds.years.panels.push(DatasetPanel {
                        file: name,
                        panel: p.panel,
                        rows: p.rows,
                        synthetic: p.synthetic,
                    });
                }
                Err(Error::Invalid { problems, more }) => {
                    self.problems.extend(Problems::from_parts(problems, more));
                }
                Err(e) => self.problems.push(Problem::file(&name, e.to_string())),
            }
        }
    }

    /// The regions' shapes, `boundaries.geojson`, when the folder has one.
    fn boundaries(&mut self) {
        let file = super::boundaries::FILE;
        let path = self.dir.join(file);
        if std::fs::symlink_metadata(&path).is_err() {
            return;
        }
        let read = super::read_file(&path, file).and_then(|bytes| {
            super::boundaries::parse_boundaries(&bytes, file).map(|b| (b, bytes.len()))
        });
        match read {
            Ok((b, bytes)) => {
                self.ds.sources.push(SourceFile {
                    file: file.to_string(),
                    encoding: "UTF-8".to_string(),
                    confidence: "certain".to_string(),
                    delimiter: "none (GeoJSON)".to_string(),
                    rows: b.shapes.len(),
                    bytes,
                    years: Vec::new(),
                });
                self.ds.boundaries = Some(b);
            }
            Err(Error::Invalid { problems, more }) => {
                self.problems.extend(Problems::from_parts(problems, more));
            }
            Err(e) => self.problems.push(Problem::file(file, e.to_string())),
        }
    }
}

/// The columns of `clusters.csv`.
struct ClusterCols {
    id: usize,
    name: usize,
    sector: usize,
    regions: usize,
    level: Option<usize>,
    founded: Option<usize>,
    scope: Option<usize>,
    participants: Option<usize>,
    employees: Option<usize>,
    specialisation: Option<usize>,
    provenance: Option<usize>,
}

impl ClusterCols {
    const REQUIRED: [&'static str; 4] = ["id", "name", "sector", "regions"];
    const OPTIONAL: [&'static str; 7] = [
        "level",
        "founded",
        "scope",
        "participants",
        "employees",
        "specialisation",
        "provenance",
    ];

    fn new(c: &Cols) -> Self {
        ClusterCols {
            id: c.required[0],
            name: c.required[1],
            sector: c.required[2],
            regions: c.required[3],
            level: c.optional[0],
            founded: c.optional[1],
            scope: c.optional[2],
            participants: c.optional[3],
            employees: c.optional[4],
            specialisation: c.optional[5],
            provenance: c.optional[6],
        }
    }
}

/// What reading a row of `clusters.csv` reads and updates.
struct ClusterContext<'a> {
    ds: &'a mut Dataset,
    skip: &'a mut Skip,
}

impl ClusterContext<'_> {
    /// One row of `clusters.csv` as a cluster, or `None` with its problems
    /// recorded (and its id marked, so references to it are not reported again).
    fn cluster_row(
        &mut self,
        cols: &ClusterCols,
        row: &Row<'_>,
        ps: &mut Problems,
    ) -> Option<Cluster> {
        let before = ps.len();
        let mut skipped = false;
        let id = fields::required(row, cols.id, ps);
        let name = fields::required(row, cols.name, ps);
        let sector = fields::required(row, cols.sector, ps).and_then(|s| {
            match self.ds.sectors.lookup_or_insert(s) {
                Ok(id) => Some(id),
                Err(_) if self.skip.sector(s) => {
                    skipped = true;
                    None
                }
                Err(reason) => {
                    let reason = fields::code_reason(s, reason, &self.ds.sectors);
                    ps.push(row.problem(cols.sector, reason));
                    None
                }
            }
        });
        let level = cluster_level(row, cols.level, ps);
        let founded = fields::count(row, cols.founded, true, ps).ok().flatten();
        if let (Some(y), Some(col)) = (founded, cols.founded) {
            if !(1800..=2100).contains(&y) {
                ps.push(row.problem(col, "is not a plausible year (1800 to 2100)"));
            }
        }
        let participants = fields::count(row, cols.participants, true, ps);
        let employees = fields::count(row, cols.employees, false, ps);
        let provenance = provenance(row, cols.provenance, ps);
        let (regions, regions_skipped) = self.cluster_regions(row, cols.regions, ps);
        skipped |= regions_skipped;
        let scope = cluster_scope(row, cols.scope, regions.len(), ps);
        if ps.len() > before || skipped {
            self.skip.clusters.extend(id.map(str::to_string));
            return None;
        }
        let (id, name, sector, scope) = (id?, name?, sector?, scope?);
        let spec = row.opt(cols.specialisation);
        Some(Cluster {
            id: id.to_string(),
            name: name.to_string(),
            sector,
            specialisation: (!spec.is_empty()).then(|| spec.to_string()),
            level: level.unwrap_or(Level::Initial),
            founded: founded.map(|y| y as i32),
            scope,
            regions,
            participants: participants
                .ok()
                .flatten()
                .map(|n| n.min(u32::MAX as u64) as u32),
            employees: employees.ok().flatten(),
            provenance,
        })
    }

    /// The regions of a cluster (`R1|R2`), and whether one was skipped
    /// because its own row was broken.
    fn cluster_regions(
        &self,
        row: &Row<'_>,
        col: usize,
        ps: &mut Problems,
    ) -> (Vec<crate::model::RegionId>, bool) {
        let mut regions = Vec::new();
        let (mut skipped, mut named) = (false, false);
        for r in fields::list(row.get(col)) {
            named = true;
            match self.ds.region_id(r) {
                Some(id) if regions.contains(&id) => {
                    ps.push(row.problem(col, format!("lists region {r} twice")));
                }
                Some(id) => regions.push(id),
                None if self.skip.region(r) => skipped = true,
                None => ps.push(row.problem(
                    col,
                    format!(
                        "names region {r:?}, which is not in regions.csv{}",
                        fields::did_you_mean(r, self.ds.regions.iter().map(|x| x.id.as_str()))
                    ),
                )),
            }
        }
        if !named {
            let reason = if row.get(col).is_empty() {
                "is empty; a cluster needs at least one region (ids separated by |)"
            } else {
                "lists no region; a cluster needs at least one region (ids separated by |)"
            };
            ps.push(row.problem(col, reason));
        }
        (regions, skipped)
    }
}

/// The `level` of a cluster: required when the column is present.
fn cluster_level(row: &Row<'_>, col: Option<usize>, ps: &mut Problems) -> Option<Level> {
    let col = col?;
    match row.get(col) {
        "" => {
            ps.push(row.problem(col, "is empty; one of initial, medium, high is required"));
            None
        }
        s => Level::parse(s).or_else(|| {
            ps.push(row.problem(col, "is not one of initial, medium, high"));
            None
        }),
    }
}

/// The `scope` of a cluster of `regions` regions (from their number when empty).
fn cluster_scope(
    row: &Row<'_>,
    col: Option<usize>,
    regions: usize,
    ps: &mut Problems,
) -> Option<Scope> {
    let from_count = if regions > 1 {
        Scope::InterRegional
    } else {
        Scope::Regional
    };
    let Some(col) = col else {
        return Some(from_count);
    };
    match row.get(col) {
        "" => Some(from_count),
        s => match Scope::parse(s) {
            None => {
                ps.push(row.problem(col, "is not one of regional, inter-regional, national"));
                None
            }
            Some(Scope::Regional) if regions > 1 => {
                ps.push(row.problem(
                    col,
                    format!("says regional but the cluster lists {regions} regions"),
                ));
                None
            }
            Some(s) => Some(s),
        },
    }
}

/// The `provenance` of a row (`user` when the column is absent or empty).
fn provenance(row: &Row<'_>, col: Option<usize>, ps: &mut Problems) -> Provenance {
    Provenance::parse(row.opt(col)).unwrap_or_else(|| {
        ps.push(row.problem(col.unwrap_or(0), "is not one of study, synthetic, user"));
        Provenance::User
    })
}

/// The warning for a file whose encoding was guessed with low confidence.
fn encoding_warning(t: &Table) -> String {
    let sample = t
        .sample()
        .map(|s| format!("; check that this line reads right: {s:?}"))
        .unwrap_or_default();
    format!(
        "{}: the encoding was guessed as {} with low confidence{sample} (if it does not, name the encoding with --encoding)",
        t.file, t.encoding
    )
}

/// The look-ahead of `links.csv`: the endpoint ids looked up in the
/// participant index, in blocks (see [`Ahead`]).
struct EndpointAhead<'a> {
    index: &'a IdIndex,
    src_col: usize,
    dst_col: usize,
}

/// Source and target ids of a row, prepared and then looked up.
struct Endpoints {
    keys: [Prepared; 2],
    /// Participant numbers; `None` when not looked up (an id too long to prepare).
    found: [Option<Option<u32>>; 2],
}

impl Ahead for EndpointAhead<'_> {
    type Found = Endpoints;

    #[inline]
    fn find(&self, row: &Row<'_>) -> Endpoints {
        Endpoints {
            keys: [
                self.index.prepare(row.get(self.src_col)),
                self.index.prepare(row.get(self.dst_col)),
            ],
            found: [None, None],
        }
    }

    #[inline]
    fn touch(&self, e: &Endpoints) -> u64 {
        self.index.touch(&e.keys[0]) ^ self.index.touch(&e.keys[1])
    }

    #[inline]
    fn settle(&self, e: &mut Endpoints) {
        e.found = [self.index.lookup(&e.keys[0]), self.index.lookup(&e.keys[1])];
    }
}

/// The problems of `a` (in line order, possibly capped) and `b` (in line
/// order, none on a line of `a`), merged in line order and capped.
fn merge_by_line(a: Problems, b: Vec<Problem>) -> Problems {
    if b.is_empty() {
        return a;
    }
    let total = a.len() + b.len();
    let mut merged = Vec::with_capacity(a.list().len() + b.len());
    let (mut x, mut y) = (a.list().iter().peekable(), b.into_iter().peekable());
    loop {
        let take_a = match (x.peek(), y.peek()) {
            (Some(p), Some(q)) => p.line <= q.line,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        if take_a {
            merged.extend(x.next().cloned());
        } else {
            merged.extend(y.next());
        }
    }
    merged.truncate(crate::error::MAX_PROBLEMS);
    let listed = merged.len();
    Problems::from_parts(merged, total - listed)
}

/// The columns of `participants.csv`.
struct ParticipantCols {
    id: usize,
    name: usize,
    region: usize,
    sector: usize,
    kind: Option<usize>,
    clusters: Option<usize>,
    employees: Option<usize>,
    provenance: Option<usize>,
    timing: TimingCols,
}

/// How `participants.csv` carries years: its columns.
#[derive(Clone, Copy)]
enum TimingCols {
    /// No year, no dates.
    None,
    /// A `year` column.
    Year(usize),
    /// Founding and closing dates (either may be absent).
    Dates {
        first: Option<usize>,
        last: Option<usize>,
    },
}

impl TimingCols {
    fn timing(self) -> ParticipantTiming {
        match self {
            TimingCols::None => ParticipantTiming::Static,
            TimingCols::Year(_) => ParticipantTiming::ByYear,
            TimingCols::Dates { .. } => ParticipantTiming::ByDates,
        }
    }

    /// The years a row covers, or `Err` with its problems recorded.
    fn span(self, row: &Row<'_>, ps: &mut Problems) -> std::result::Result<Span, ()> {
        match self {
            TimingCols::None => Ok(Span::default()),
            TimingCols::Year(col) => super::panel::year(row, col, ps).map(Span::year).ok_or(()),
            TimingCols::Dates { first, last } => {
                let date = |col: Option<usize>, ps: &mut Problems| {
                    let Some(col) = col else { return Ok(None) };
                    let s = row.get(col);
                    if s.is_empty() {
                        return Ok(None);
                    }
                    super::panel::date(s).map(Some).ok_or_else(|| {
                        ps.push(row.problem(
                            col,
                            "is not a date (YYYY-MM-DD, DD.MM.YYYY or a year such as 2015, from 1800 to 2200)",
                        ));
                    })
                };
                let (a, b) = (date(first, ps), date(last, ps));
                let (a, b) = (a?, b?);
                if let (Some(f), Some(l), Some(col)) = (a, b, last) {
                    let year_only = f.1 == 0 || l.1 == 0;
                    if l.0 < f.0 || (!year_only && l < f) {
                        ps.push(row.problem(
                            col,
                            format!("is before the founding date {}", row.opt(first)),
                        ));
                        return Err(());
                    }
                }
                Ok(Span {
                    first: a.map(|d| d.0),
                    last: b.map(|d| d.0),
                })
            }
        }
    }
}

/// What checking a row of `participants.csv` reads (shared by the chunks).
struct ParticipantCheck<'a> {
    ds: &'a Dataset,
    skip: &'a Skip,
    cols: &'a ParticipantCols,
    /// True when the dataset has no clusters.csv.
    no_clusters: bool,
}

impl ParticipantCheck<'_> {
    /// Checks one row against what is already loaded; a candidate when it
    /// passed every check of its own row.
    fn row(
        &self,
        chunk: &mut ParticipantChunk,
        row: &Row<'_>,
        ps: &mut Problems,
    ) -> Option<Candidate> {
        let (ds, skip, cols) = (self.ds, self.skip, self.cols);
        let before = ps.len();
        let mut skipped = false;
        let id = fields::required(row, cols.id, ps);
        let name = fields::required(row, cols.name, ps);
        let region = fields::required(row, cols.region, ps).and_then(|r| {
            let found = ds.region_id(r);
            if found.is_none() {
                if skip.region(r) {
                    skipped = true;
                } else if !ps.is_full() {
                    let hint = fields::did_you_mean(r, ds.regions.iter().map(|x| x.id.as_str()));
                    ps.push(
                        row.problem(cols.region, format!("is not a region in regions.csv{hint}")),
                    );
                } else {
                    ps.push(row.problem(cols.region, "is not a region in regions.csv"));
                }
            }
            found
        });
        let sector =
            fields::required(row, cols.sector, ps).and_then(|s| match ds.sectors.lookup(s) {
                Ok(Some(id)) => Some(SectorRef::Known(id)),
                Ok(None) => Some(SectorRef::New(chunk.new_sectors.intern(s))),
                Err(_) if skip.sector(s) => {
                    skipped = true;
                    None
                }
                Err(reason) => {
                    let reason = if ps.is_full() {
                        reason
                    } else {
                        fields::code_reason(s, reason, &ds.sectors)
                    };
                    ps.push(row.problem(cols.sector, reason));
                    None
                }
            });
        let clusters = self.clusters(row, ps, &mut skipped);
        let employees = fields::count(row, cols.employees, false, ps);
        let provenance = provenance(row, cols.provenance, ps);
        let span = cols.timing.span(row, ps);
        if ps.len() > before || skipped {
            chunk.broken.extend(id.map(str::to_string));
            return None;
        }
        let span = span.ok()?;
        let (id, name, region, sector) = (id?, name?, region?, sector?);
        if ds.cluster_id(id).is_some() {
            ps.push(row.problem(
                cols.id,
                "is also a cluster id; participants and clusters need different ids, since links.csv refers to both",
            ));
            return None;
        }
        let kind = chunk.kinds.intern(row.opt(cols.kind));
        Some(Candidate {
            line: row.line,
            span,
            sector,
            kind,
            participant: Participant {
                id: id.to_string(),
                name: name.to_string(),
                kind: 0,
                sector: SectorId(0),
                region,
                clusters,
                employees: employees.ok().flatten(),
                provenance,
            },
        })
    }

    /// The clusters a participant names (`C1|C2`).
    fn clusters(
        &self,
        row: &Row<'_>,
        ps: &mut Problems,
        skipped: &mut bool,
    ) -> Vec<crate::model::ClusterId> {
        let col = self.cols.clusters.unwrap_or(0);
        let mut clusters = Vec::new();
        for cl in fields::list(row.opt(self.cols.clusters)) {
            match self.ds.cluster_id(cl) {
                Some(c) if !clusters.contains(&c) => clusters.push(c),
                Some(_) => ps.push(row.problem(col, format!("lists cluster {cl} twice"))),
                None if self.skip.cluster(cl) => *skipped = true,
                None => {
                    let hint = if ps.is_full() {
                        String::new()
                    } else {
                        fields::did_you_mean(cl, self.ds.clusters.iter().map(|c| c.id.as_str()))
                    };
                    let reason = if self.no_clusters {
                        format!("names cluster {cl:?}, but the dataset has no clusters.csv")
                    } else {
                        format!("names cluster {cl:?}, which is not in clusters.csv{hint}")
                    };
                    ps.push(row.problem(col, reason));
                }
            }
        }
        clusters
    }
}

/// The participants of a file, settled in file order.
struct SettledParticipants {
    /// One per organisation (with years: its first row).
    participants: Vec<Participant>,
    index: IdIndex,
    /// With years: every row, its span and its organisation (empty otherwise).
    rows: Vec<Participant>,
    spans: Vec<Span>,
    row_org: Vec<u32>,
    /// Duplicate ids, in line order.
    duplicates: Vec<Problem>,
    /// Kinds in order of first use.
    kinds: Vec<String>,
}

/// Ids inserted into the participant index at a time (see `IdIndex::touch`).
const TOUCH_BLOCK: usize = 128;

/// A participant that passed every check of its own row.
struct Candidate {
    line: u64,
    /// The years the row covers (unbounded without years).
    span: Span,
    sector: SectorRef,
    /// Index into the chunk's kinds as written.
    kind: u32,
    participant: Participant,
}

/// A sector known before the file was read, or one new to the table
/// (an index into the chunk's new codes).
#[derive(Clone, Copy)]
enum SectorRef {
    Known(SectorId),
    New(u32),
}

/// What one chunk of `participants.csv` collected besides its candidates.
#[derive(Default)]
struct ParticipantChunk {
    /// Well-formed sector codes not yet in the table, in order of first appearance.
    new_sectors: Interner,
    /// Kinds as written, in order of first appearance.
    kinds: Interner,
    /// Ids of rows with problems.
    broken: Vec<String>,
}

/// Strings numbered in order of first appearance.
#[derive(Default)]
struct Interner {
    strings: Vec<String>,
    index: IdIndex,
}

impl Interner {
    fn intern(&mut self, s: &str) -> u32 {
        let strings = &mut self.strings;
        intern_in(&mut self.index, s, strings.len(), || {
            strings.push(s.to_string())
        })
    }
}

/// The number of `key` in `index`, or, when it has none, `next` after
/// `add` stored the key's record.
fn intern_in(index: &mut IdIndex, key: &str, next: usize, add: impl FnOnce()) -> u32 {
    if let Some(i) = index.get(key) {
        return i;
    }
    add();
    index.insert(key, next as u32);
    next as u32
}

/// Sector codes and link kinds seen in one chunk of `links.csv`, interned locally.
#[derive(Default)]
struct ChunkStrings {
    /// Code, first line, number of rows.
    sectors: Vec<(String, u64, usize)>,
    sector_index: IdIndex,
    /// Kinds in lower case (`unspecified` for an empty cell).
    kinds: Vec<String>,
    /// Kinds as written -> index in `kinds`.
    kind_index: IdIndex,
    /// The year and line of each link, in order, when links have years.
    years: Vec<(i32, u64)>,
}

impl ChunkStrings {
    fn intern_sector(&mut self, code: &str, line: u64) -> u32 {
        let sectors = &mut self.sectors;
        let next = sectors.len();
        let i = intern_in(&mut self.sector_index, code, next, || {
            sectors.push((code.to_string(), line, 0));
        });
        sectors[i as usize].2 += 1;
        i
    }

    fn intern_kind(&mut self, kind: &str) -> u32 {
        let kind = if kind.is_empty() { "unspecified" } else { kind };
        let kinds = &mut self.kinds;
        intern_in(&mut self.kind_index, kind, kinds.len(), || {
            kinds.push(kind.to_lowercase());
        })
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;
    use std::path::Path;

    use super::load_dataset;
    use crate::load::table::{FORCE_CSV, TEST_PARALLEL_BYTES};

    /// Writes a dataset of a few hundred participants and a few thousand
    /// links (no `sectors.csv`, so new sector codes are numbered as they
    /// appear), with problems of every kind spread over `participants.csv`
    /// (`broken` 1) or `links.csv` (`broken` 2), or none (0).
    fn write_dataset(dir: &Path, broken: u8) {
        let mut rng = 12345u64;
        let mut next = move |n: u64| {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng % n
        };
        let files = [
            ("regions.csv", "id,name,district\nR1,One,D1\nR2,Two,D1\nR3,Three,D2\n".to_string()),
            (
                "clusters.csv",
                "id,name,sector,regions\nC1,First,32.12,R1\nC2,Second,08.99,R2|R3\nC3,Third,21.10,R3\n"
                    .to_string(),
            ),
        ];
        for (name, text) in files {
            std::fs::write(dir.join(name), text).expect("writes");
        }
        let kinds = ["production", "Production", "UNIVERSITY", "", "research"];
        let mut text = String::from("id,name,kind,sector,region,clusters,employees,provenance\n");
        let n = 400;
        for i in 0..n {
            let mut id = format!("P{i}");
            let mut sector = format!("{}.{}", 10 + next(5), next(10));
            let mut region = format!("R{}", 1 + next(3));
            let mut clusters = ["", "C1", "C2|C3", "C3"][next(4) as usize].to_string();
            let mut employees = next(1000).to_string();
            let mut provenance = ["", "synthetic", "Study"][next(3) as usize].to_string();
            if broken == 1 {
                match i % 37 {
                    3 => id = format!("P{}", i / 2), // a duplicate (or a broken row's id)
                    5 => sector = "x1".into(),
                    9 => region = "R9".into(),
                    11 => clusters = "C1|C7".into(),
                    13 => employees = "-3".into(),
                    17 => provenance = "maybe".into(),
                    19 => id = "C2".into(),
                    23 => text.push_str("\n\n"),
                    29 => text.push_str("too,few\n"),
                    _ => {}
                }
            }
            let kind = kinds[next(5) as usize];
            let _ = writeln!(
                text,
                "{id},Org {i},{kind},{sector},{region},{clusters},{employees},{provenance}"
            );
        }
        std::fs::write(dir.join("participants.csv"), text).expect("writes");
        let mut text = String::from("source,target,sector,weight,kind\r\n");
        for i in 0..3000 {
            let mut source = format!("P{}", next(n));
            let mut target = format!("P{}", next(n));
            if source == target {
                target = format!("C{}", 1 + next(3));
                source = "C1".into();
                if target == source {
                    continue;
                }
            }
            let mut sector = format!("{}.{}", 20 + next(3), next(10));
            let mut weight = format!("{}", 1 + next(9));
            let kind = ["supply", "R&D", "", "Supply", "education"][next(5) as usize];
            if broken == 2 {
                match (i % 101, i % 499) {
                    (7, _) => sector = "zz".into(),
                    (8, _) => sector = "y".into(),
                    (_, 5) => source = "P999".into(),
                    (_, 9) => target = source.clone(),
                    (_, 11) => weight = "0".into(),
                    (_, 13) => weight = "-1.5".into(),
                    (_, 17) => target = "C2".into(),
                    _ => {}
                }
            }
            let _ = write!(text, "{source},{target},{sector},{weight},{kind}\r\n");
        }
        std::fs::write(dir.join("links.csv"), text).expect("writes");
    }

    /// Loads `dir` with `threads` threads, through the csv crate or the
    /// plain path, in chunks of about `chunk` bytes or in one; returns the
    /// dataset's debug form or the problems.
    fn load(dir: &Path, threads: usize, csv: bool, chunk: Option<usize>) -> String {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a thread pool");
        pool.install(|| {
            FORCE_CSV.with(|f| f.set(csv));
            TEST_PARALLEL_BYTES.with(|c| c.set(chunk));
            let out = match load_dataset(dir) {
                Ok(ds) => format!("{ds:?}"),
                Err(e) => format!("{} more\n{e}", e.problems().len()),
            };
            FORCE_CSV.with(|f| f.set(false));
            TEST_PARALLEL_BYTES.with(|c| c.set(None));
            out
        })
    }

    #[test]
    fn same_dataset_and_problems_at_any_thread_count_chunk_size_and_path() {
        for broken in [0, 1, 2] {
            let dir = tempfile::tempdir().expect("a temporary folder");
            write_dataset(dir.path(), broken);
            let expected = load(dir.path(), 1, true, None);
            match broken {
                0 => assert!(expected.starts_with("Dataset"), "{expected}"),
                1 => assert!(
                    expected.contains("is a duplicate id; first defined on line"),
                    "{expected}"
                ),
                _ => assert!(expected.contains("(also on "), "{expected}"),
            }
            for threads in [1, 2, 4] {
                for chunk in [None, Some(300), Some(4096)] {
                    let got = load(dir.path(), threads, false, chunk);
                    assert_eq!(
                        got, expected,
                        "{threads} threads, chunks of {chunk:?} bytes"
                    );
                }
            }
        }
    }
}
