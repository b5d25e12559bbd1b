//! The Russia profile: the study's clusters on the 85 federal subjects, with
//! synthetic organisations and links where the study is silent.
//!
//! Real, from the study (`shared/paper`) and reference data (copies in
//! `src/generate/russia/data/`):
//!
//! - `regions.csv`: the 85 federal subjects (ISO 3166-2 code, Russian name,
//!   federal district, capital and its coordinates; hflabs/region and
//!   hflabs/city, CC BY-SA 4.0), with conventional English names;
//! - `districts.csv`: the eight federal districts in Table 1's order, with
//!   Table 2's indicators (2018-2020);
//! - `sectors.csv`: OKVED2 (Rosstat) sections and divisions, and every group
//!   and class the data uses, English names from NACE Rev.2;
//! - in `clusters.csv`, the structure of Table 1 (clusters by district and level,
//!   regions with clusters), Figure 3's specialisation counts, and the facts
//!   of the clusters the study names (see `src/generate/russia/plan.rs`).
//!
//! Synthetic, drawn from the seed: each cluster's participants and employees
//! (10..227 and 21..151,561, Pearson correlation near the study's 0.564),
//! founding years (the first in 1999 in St Petersburg, none until 2009, more
//! than 75 % after 2011, most in 2012-2015), every organisation and link.
//!
//! Invariants the tests check: the members of each cluster in
//! `participants.csv` number exactly its `participants`, and their employees
//! add up exactly to its `employees`.

pub mod backdrop;
mod names;
mod plan;
mod series;

use std::collections::{BTreeSet, HashMap, HashSet};

use super::rng::Stream;
use super::sectors::Classification;
use super::specs::{self, Spec, VALUE_CHAINS, support};
use super::{GeneratedFiles, allocate};
use crate::error::{Error, Result};
use crate::model::{Level, Scope};
use crate::stats::pearson;

/// The seed of the bundled `datasets/russia`.
pub const DEFAULT_SEED: u64 = 2024;

/// The study's correlation of cluster participants with employees.
pub const TARGET_CORRELATION: f64 = 0.564;

/// How close to [`TARGET_CORRELATION`] the drawn sizes must come.
pub const CORRELATION_TOLERANCE: f64 = 0.01;

/// Fewest participants of a cluster (the study's range).
pub const MIN_PARTICIPANTS: u64 = 10;
/// Most participants of a cluster.
pub const MAX_PARTICIPANTS: u64 = 227;
/// Fewest employees of a cluster.
pub const MIN_EMPLOYEES: u64 = 21;
/// Most employees of a cluster.
pub const MAX_EMPLOYEES: u64 = 151_561;

/// Settings of the Russia profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RussiaConfig {
    /// Seed of every random draw.
    pub seed: u64,
    /// The year of Rosstat's counts that places the organisations outside
    /// clusters ([`backdrop`]); `None`: the latest ([`rosstat_years`]).
    pub year: Option<i32>,
}

impl Default for RussiaConfig {
    fn default() -> Self {
        RussiaConfig {
            seed: DEFAULT_SEED,
            year: None,
        }
    }
}

/// The years of Rosstat's counts of organisations the generator holds
/// (2019-2022), increasing.
pub fn rosstat_years() -> Vec<i32> {
    backdrop::RosstatCounts::parse(series::ORGANISATIONS_BY_YEAR)
        .map(|c| c.years())
        .unwrap_or_default()
}

const REGIONS_CSV: &str = include_str!("data/ru_federal_subjects_with_capitals.csv");
const TABLE2_CSV: &str = include_str!("data/table2_innovation_infrastructure.csv");
const README_TEMPLATE: &str = include_str!("README.template.md");
const BOUNDARIES: &[u8] = include_bytes!("data/ru_federal_subjects_boundaries.geojson");
/// The study's 13 NTI markets with the OKVED2 sectors each covers, copied verbatim.
const NTI_MARKETS: &[u8] = include_bytes!("data/nti_markets.csv");
/// The study's pairing of regional specialisations that is not a cluster (Kostroma-Sakha), copied unchanged.
const EXPECTED_PAIRINGS: &[u8] = include_bytes!("data/expected_pairings.csv");

// Purposes of the random streams.
const SIZES: u64 = 1;
const YEARS: u64 = 2;
const ORGS: u64 = 3;
const LINKS: u64 = 4;
const EXTRA_ORGS: u64 = 5;
const BACKDROP: u64 = 6;

/// Median employees per participant of an initial-level cluster.
const EMPLOYEES_PER_PARTICIPANT: f64 = 70.0;

/// Attempts at drawing cluster sizes with the target correlation.
const MAX_SIZE_ATTEMPTS: u64 = 20_000;

/// Kinds of organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Kind {
    Production,
    University,
    Research,
    Education,
    Infrastructure,
    Finance,
    Service,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Production => "production",
            Kind::University => "university",
            Kind::Research => "research",
            Kind::Education => "education",
            Kind::Infrastructure => "infrastructure",
            Kind::Finance => "finance",
            Kind::Service => "service",
        }
    }
}

/// Kinds of cluster members after the development centre, with weights.
const MEMBER_KINDS: &[(Kind, f64)] = &[
    (Kind::Production, 0.64),
    (Kind::Research, 0.09),
    (Kind::University, 0.04),
    (Kind::Education, 0.05),
    (Kind::Infrastructure, 0.04),
    (Kind::Finance, 0.04),
    (Kind::Service, 0.10),
];

/// Organisations a region's clusters share (universities, parks, funds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Shared {
    StateUniversity,
    TechnicalUniversity,
    MedicalUniversity,
    AgrarianUniversity,
    Technopark,
    DevelopmentFund,
}

impl Shared {
    fn kind(self) -> Kind {
        match self {
            Shared::Technopark => Kind::Infrastructure,
            Shared::DevelopmentFund => Kind::Finance,
            _ => Kind::University,
        }
    }

    fn name(self, stem: &str) -> String {
        match self {
            Shared::StateUniversity => format!("{stem} State University"),
            Shared::TechnicalUniversity => format!("{stem} Technical University"),
            Shared::MedicalUniversity => format!("{stem} Medical University"),
            Shared::AgrarianUniversity => format!("{stem} Agrarian University"),
            Shared::Technopark => format!("{stem} Technopark"),
            Shared::DevelopmentFund => format!("{stem} Regional Development Fund"),
        }
    }

    fn sector(self) -> &'static str {
        match self {
            Shared::Technopark => support::PARK,
            Shared::DevelopmentFund => support::FINANCE[0],
            _ => support::UNIVERSITY,
        }
    }

    /// Median and spread of employees.
    fn size(self) -> (f64, f64) {
        match self {
            Shared::Technopark => (90.0, 0.5),
            Shared::DevelopmentFund => (35.0, 0.4),
            _ => (2500.0, 0.5),
        }
    }

    /// The shared organisations a cluster of `spec` may draw on.
    fn for_spec(spec: &Spec) -> Vec<Shared> {
        let mut v = vec![
            Shared::StateUniversity,
            Shared::Technopark,
            Shared::DevelopmentFund,
        ];
        match spec.key {
            "pharma" | "medtech" | "bio" => v.push(Shared::MedicalUniversity),
            "food" | "wood" => v.push(Shared::AgrarianUniversity),
            "tour" | "creative" => {}
            _ => v.push(Shared::TechnicalUniversity),
        }
        v
    }
}

#[derive(Debug, Clone)]
struct Region {
    id: String,
    name: String,
    name_ru: String,
    district: usize,
    capital_ru: String,
    lat: String,
    lon: String,
    okato: String,
    stem: String,
}

#[derive(Debug, Clone)]
struct ClusterRec {
    id: String,
    name: String,
    name_ru: String,
    spec: &'static Spec,
    sector: &'static str,
    level: Level,
    scope: Scope,
    regions: Vec<usize>,
    founded: Option<i32>,
    participants: u64,
    employees: u64,
    study: bool,
    study_fields: &'static str,
    fixed_participants: Option<u64>,
    members: Vec<usize>,
}

#[derive(Debug, Clone)]
struct Org {
    name: String,
    kind: Kind,
    sector: &'static str,
    region: usize,
    clusters: Vec<usize>,
    employees: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum End {
    Org(usize),
    Cluster(usize),
}

#[derive(Debug, Clone)]
struct LinkRec {
    source: End,
    target: End,
    sector: &'static str,
    weight: u64,
    kind: &'static str,
}

struct Builder {
    seed: u64,
    year: i32,
    regions: Vec<Region>,
    clusters: Vec<ClusterRec>,
    orgs: Vec<Org>,
    links: Vec<LinkRec>,
    shared: HashMap<(usize, Shared), usize>,
    names: HashMap<String, u32>,
}

/// Generates the Russia profile in memory: `regions.csv`, `districts.csv`,
/// `sectors.csv`, `clusters.csv`, `participants.csv`, `links.csv`,
/// `value_chain.csv` and `README.md`. The same seed gives the same bytes on
/// every platform.
///
/// # Errors
///
/// Only if the built-in reference data were inconsistent (a bug, caught by
/// the tests).
pub fn generate_russia(config: &RussiaConfig) -> Result<GeneratedFiles> {
    let regions = read_regions()?;
    let counts = backdrop::RosstatCounts::parse(series::ORGANISATIONS_BY_YEAR)
        .map_err(|e| internal(format!("Rosstat's counts: {e}")))?;
    let years = counts.years();
    let year = match config.year {
        None => *years
            .last()
            .ok_or_else(|| internal("Rosstat's counts have no year"))?,
        Some(y) if years.contains(&y) => y,
        Some(y) => {
            return Err(Error::parameter(
                "year",
                format!(
                    "Rosstat's counts of organisations cover {}-{}, not {y}",
                    years.first().copied().unwrap_or_default(),
                    years.last().copied().unwrap_or_default()
                ),
            ));
        }
    };
    let mut b = Builder {
        seed: config.seed,
        year,
        regions,
        clusters: Vec::new(),
        orgs: Vec::new(),
        links: Vec::new(),
        shared: HashMap::new(),
        names: HashMap::new(),
    };
    b.plan_clusters()?;
    b.draw_sizes();
    b.draw_years();
    for c in 0..b.clusters.len() {
        b.members(c);
    }
    let backdrop = b.backdrop(&counts)?;
    b.outside_orgs();
    b.cluster_links();
    b.local_links();
    b.value_chain_links();
    b.agreements();
    b.files(&counts, &backdrop)
}

fn internal(what: impl Into<String>) -> Error {
    Error::invalid(crate::error::Problem::file(
        "built-in Russia reference data",
        what,
    ))
}

fn read_regions() -> Result<Vec<Region>> {
    let mut rdr = csv::ReaderBuilder::new().from_reader(REGIONS_CSV.as_bytes());
    let mut by_district: Vec<Vec<Region>> = vec![Vec::new(); names::DISTRICTS.len()];
    for rec in rdr.records() {
        let rec = rec.map_err(|e| internal(e.to_string()))?;
        let field = |i: usize| rec.get(i).unwrap_or("").trim().to_string();
        let id = field(0);
        let district_en = field(4);
        if district_en.is_empty() {
            continue; // Baikonur: not a federal subject
        }
        let district = names::DISTRICTS
            .iter()
            .position(|d| d.2 == district_en)
            .ok_or_else(|| internal(format!("{id}: unknown district {district_en}")))?;
        let (_, name, stem) = names::REGION_NAMES
            .iter()
            .find(|r| r.0 == id)
            .ok_or_else(|| internal(format!("{id}: no English name")))?;
        by_district[district].push(Region {
            id,
            name: name.to_string(),
            name_ru: field(1),
            district,
            okato: field(5),
            capital_ru: field(6),
            lat: field(7),
            lon: field(8),
            stem: stem.to_string(),
        });
    }
    Ok(by_district.into_iter().flatten().collect())
}

/// Lower-cases the first letter of a label unless it starts an acronym.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), s.chars().nth(1)) {
        (Some(c), Some(d)) if !d.is_uppercase() => c.to_lowercase().chain(chars).collect(),
        _ => s.to_string(),
    }
}

impl Builder {
    fn region_index(&self, id: &str) -> Result<usize> {
        self.regions
            .iter()
            .position(|r| r.id == id)
            .ok_or_else(|| internal(format!("the cluster plan names unknown region {id}")))
    }

    fn unique(&mut self, base: String) -> String {
        let n = self.names.entry(base.clone()).or_insert(0);
        *n += 1;
        if *n == 1 { base } else { format!("{base} {n}") }
    }

    fn plan_clusters(&mut self) -> Result<()> {
        let plans = plan::CLUSTERS.iter().chain(std::iter::once(&plan::ARNEST));
        for (i, p) in plans.enumerate() {
            let spec = specs::spec(p.spec)
                .ok_or_else(|| internal(format!("unknown specialisation {}", p.spec)))?;
            let regions = p
                .regions
                .iter()
                .map(|r| self.region_index(r))
                .collect::<Result<Vec<_>>>()?;
            let national = i == plan::CLUSTERS.len();
            let scope = if national {
                Scope::National
            } else if regions.len() > 1 {
                Scope::InterRegional
            } else {
                Scope::Regional
            };
            let home = &self.regions[regions[0]];
            let (name, name_ru) = match &p.named {
                Some(n) => (
                    n.name.to_string(),
                    if n.name_ru.is_empty() {
                        format!("Кластер «{}» ({})", spec.label_ru, home.name_ru)
                    } else {
                        n.name_ru.to_string()
                    },
                ),
                None => {
                    let kind = if p.level == Level::Initial {
                        "cluster"
                    } else {
                        "innovation cluster"
                    };
                    (
                        format!("{} {} {kind}", home.name, lower_first(spec.label)),
                        format!("Кластер «{}» ({})", spec.label_ru, home.name_ru),
                    )
                }
            };
            let name = self.unique(name);
            let id = if national {
                "NC001".to_string()
            } else {
                format!("CL{:03}", i + 1)
            };
            self.clusters.push(ClusterRec {
                id,
                name,
                name_ru,
                spec,
                sector: p.sector.unwrap_or(spec.sector),
                level: p.level,
                scope,
                regions,
                founded: p.named.and_then(|n| n.founded),
                participants: 0,
                employees: 0,
                study: p.named.is_some(),
                study_fields: p.named.map(|n| n.study_fields).unwrap_or(""),
                fixed_participants: p.named.and_then(|n| n.participants),
                members: Vec::new(),
            });
        }
        Ok(())
    }

    /// Draws participants and employees until their correlation is within
    /// [`CORRELATION_TOLERANCE`] of [`TARGET_CORRELATION`] (the closest draw
    /// otherwise), with the study's extremes present exactly once each.
    fn draw_sizes(&mut self) {
        let n = self.clusters.len();
        let free: Vec<usize> = (0..n)
            .filter(|&i| self.clusters[i].fixed_participants.is_none())
            .collect();
        let mut best: Option<(f64, Vec<u64>, Vec<u64>)> = None;
        for attempt in 0..MAX_SIZE_ATTEMPTS {
            let mut s = Stream::new(self.seed, SIZES, attempt);
            let mut p = vec![0u64; n];
            for (i, c) in self.clusters.iter().enumerate() {
                p[i] = c.fixed_participants.unwrap_or_else(|| {
                    (s.lognormal(42.0, 0.65).round() as u64)
                        .clamp(MIN_PARTICIPANTS + 1, MAX_PARTICIPANTS - 1)
                });
            }
            let lo = free[s.index(free.len())];
            let mut hi = free[s.index(free.len())];
            while hi == lo {
                hi = free[s.index(free.len())];
            }
            p[lo] = MIN_PARTICIPANTS;
            p[hi] = MAX_PARTICIPANTS;
            let mut e = vec![0u64; n];
            for i in 0..n {
                // higher levels of organisational development employ more
                let level = match self.clusters[i].level {
                    Level::Initial => 1.0,
                    Level::Medium => 1.6,
                    Level::High => 2.5,
                };
                let x = s.lognormal(EMPLOYEES_PER_PARTICIPANT * level * p[i] as f64, 1.0);
                e[i] =
                    (x.round() as u64).clamp((MIN_EMPLOYEES + 1).max(3 * p[i]), MAX_EMPLOYEES / 2);
            }
            e[lo] = MIN_EMPLOYEES;
            let big: Vec<usize> = (0..n).filter(|&i| i != lo && p[i] >= 60).collect();
            let top = big[s.index(big.len())];
            e[top] = MAX_EMPLOYEES;
            let xs: Vec<f64> = p.iter().map(|&v| v as f64).collect();
            let ys: Vec<f64> = e.iter().map(|&v| v as f64).collect();
            let Some(r) = pearson(&xs, &ys) else { continue };
            let dist = (r - TARGET_CORRELATION).abs();
            if best.as_ref().is_none_or(|b| dist < b.0) {
                best = Some((dist, p, e));
            }
            if dist <= CORRELATION_TOLERANCE {
                break;
            }
        }
        if let Some((_, p, e)) = best {
            for (i, c) in self.clusters.iter_mut().enumerate() {
                c.participants = p[i];
                c.employees = e[i];
            }
        }
    }

    /// Founding years: the study's two, then [`plan::FOUNDED`] spread over the
    /// others, earlier years more often to higher levels.
    fn draw_years(&mut self) {
        let mut s = Stream::new(self.seed, YEARS, 0);
        let mut keyed: Vec<(f64, usize)> = self
            .clusters
            .iter()
            .enumerate()
            .filter(|(_, c)| c.founded.is_none() && c.scope != Scope::National)
            .map(|(i, c)| {
                let bonus = match c.level {
                    Level::High => 0.35,
                    Level::Medium => 0.15,
                    Level::Initial => 0.0,
                };
                (s.unit() - bonus, i)
            })
            .collect();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let years = plan::FOUNDED
            .iter()
            .flat_map(|&(y, n)| std::iter::repeat_n(y, n));
        for ((_, i), y) in keyed.into_iter().zip(years) {
            self.clusters[i].founded = Some(y);
        }
    }

    fn shared_org(&mut self, region: usize, what: Shared, employees: u64) -> usize {
        if let Some(&o) = self.shared.get(&(region, what)) {
            return o;
        }
        let name = self.unique(what.name(&self.regions[region].stem));
        self.orgs.push(Org {
            name,
            kind: what.kind(),
            sector: what.sector(),
            region,
            clusters: Vec::new(),
            employees,
        });
        let o = self.orgs.len() - 1;
        self.shared.insert((region, what), o);
        o
    }

    fn org_name(&mut self, kind: Kind, sector: &'static str, spec: &Spec, region: usize) -> String {
        let stem = self.regions[region].stem.clone();
        let base = match kind {
            Kind::Production | Kind::Service => format!("{stem} {} Company", specs::noun(sector)),
            Kind::Research => format!("{stem} Research Institute of {}", spec.field),
            Kind::University => format!("{stem} Institute of {}", spec.field),
            Kind::Education => format!("{stem} College of {}", spec.field),
            Kind::Infrastructure => format!("{stem} Industrial Park"),
            Kind::Finance => format!("{stem} {} Fund", specs::noun(sector)),
        };
        self.unique(base)
    }

    /// Creates the members of cluster `c`: a development centre, shared
    /// organisations of its regions when its employees allow, and its own
    /// organisations; employees split so that they add up to the cluster's.
    fn members(&mut self, c: usize) {
        let mut s = Stream::new(self.seed, ORGS, c as u64);
        let (spec, sector, regions, p, e) = {
            let cl = &self.clusters[c];
            (
                cl.spec,
                cl.sector,
                cl.regions.clone(),
                cl.participants,
                cl.employees,
            )
        };
        let home = regions[0];
        // shared organisations of the home region: existing ones keep their
        // employees, new ones are drawn now and created only if kept
        let mut options = Shared::for_spec(spec);
        s.shuffle(&mut options);
        let want = s.between(u64::from(p >= 30), (p / 12).min(4)) as usize;
        let mut candidates: Vec<(Shared, u64)> = Vec::new();
        for what in options.into_iter().take(want) {
            let employees = match self.shared.get(&(home, what)) {
                Some(&o) => self.orgs[o].employees,
                None => {
                    let (median, sigma) = what.size();
                    (s.lognormal(median, sigma).round() as u64).max(5)
                }
            };
            candidates.push((what, employees));
        }
        // drop the largest while the rest cannot be given three employees each
        loop {
            let used: u64 = candidates.iter().map(|c| c.1).sum();
            let own = p - candidates.len() as u64;
            if used + 3 * own <= e || candidates.is_empty() {
                break;
            }
            let mut k = 0;
            for (i, cand) in candidates.iter().enumerate() {
                if cand.1 > candidates[k].1 {
                    k = i;
                }
            }
            candidates.remove(k);
        }
        let shared: Vec<usize> = candidates
            .iter()
            .map(|&(what, employees)| self.shared_org(home, what, employees))
            .collect();
        let own = (p - shared.len() as u64) as usize;
        let used: u64 = shared.iter().map(|&o| self.orgs[o].employees).sum();
        let mut weights = Vec::with_capacity(own);
        let mut created = Vec::with_capacity(own);
        // the cluster's development centre (its specialised organisation)
        let centre_name = {
            let cl = &self.clusters[c];
            self.unique(format!("{} development centre", cl.name))
        };
        self.orgs.push(Org {
            name: centre_name,
            kind: Kind::Infrastructure,
            sector: support::CENTRE,
            region: home,
            clusters: vec![c],
            employees: 0,
        });
        created.push(self.orgs.len() - 1);
        weights.push(0.03 * s.lognormal(1.0, 0.3));
        let kind_weights: Vec<f64> = MEMBER_KINDS.iter().map(|k| k.1).collect();
        for _ in 1..own {
            let kind = MEMBER_KINDS[s.weighted(&kind_weights)].0;
            let region = if regions.len() > 1 && !s.chance(0.5) {
                regions[1 + s.index(regions.len() - 1)]
            } else {
                home
            };
            let org_sector: &'static str = match kind {
                Kind::Production => {
                    if s.chance(0.35) {
                        sector
                    } else {
                        spec.production[s.index(spec.production.len())]
                    }
                }
                Kind::Research => spec.research,
                Kind::University => support::UNIVERSITY,
                Kind::Education => support::EDUCATION,
                Kind::Infrastructure => support::PARK,
                Kind::Finance => support::FINANCE[s.index(support::FINANCE.len())],
                Kind::Service => support::SERVICE[s.index(support::SERVICE.len())],
            };
            let weight = match kind {
                Kind::Production => s.lognormal(1.0, 1.1),
                Kind::Research => s.lognormal(0.5, 0.7),
                Kind::University => s.lognormal(0.8, 0.5),
                Kind::Education => s.lognormal(0.25, 0.5),
                Kind::Infrastructure => s.lognormal(0.08, 0.5),
                Kind::Finance => s.lognormal(0.05, 0.5),
                Kind::Service => s.lognormal(0.15, 0.8),
            };
            let name = self.org_name(kind, org_sector, spec, region);
            self.orgs.push(Org {
                name,
                kind,
                sector: org_sector,
                region,
                clusters: vec![c],
                employees: 0,
            });
            created.push(self.orgs.len() - 1);
            weights.push(weight);
        }
        for (o, n) in created.iter().zip(allocate(e - used, &weights)) {
            self.orgs[*o].employees = n;
        }
        for &o in &shared {
            self.orgs[o].clusters.push(c);
        }
        let mut members = created;
        members.extend(shared);
        self.clusters[c].members = members;
    }

    /// Organisations in no cluster placed by Rosstat's counts (see
    /// [`backdrop`]): for each region and section as many as
    /// [`backdrop::plan`] says, filed under the section, with names and
    /// employees drawn from the seed. Returns the plan.
    fn backdrop(&mut self, counts: &backdrop::RosstatCounts) -> Result<Vec<[u64; 21]>> {
        let mut s = Stream::new(self.seed, BACKDROP, 0);
        let ids: Vec<&str> = self.regions.iter().map(|r| r.id.as_str()).collect();
        let plan = backdrop::plan(counts, &ids, self.year)?;
        for (region, per_section) in plan.iter().enumerate() {
            for (k, &n) in per_section.iter().enumerate() {
                let section = backdrop::SECTIONS[k];
                let kind = match section {
                    "A" | "B" | "C" | "D" | "E" | "F" => Kind::Production,
                    "K" => Kind::Finance,
                    _ => Kind::Service,
                };
                for _ in 0..n {
                    let employees = (s.lognormal(25.0, 1.2).round() as u64).max(1);
                    let stem = &self.regions[region].stem;
                    let name = self.unique(format!("{stem} {} Company", backdrop::noun(section)));
                    self.orgs.push(Org {
                        name,
                        kind,
                        sector: section,
                        region,
                        clusters: Vec::new(),
                        employees,
                    });
                }
            }
        }
        Ok(plan)
    }

    /// The study's pair outside clusters: jewellery makers in Kostroma and
    /// precious-stone miners in Yakutia, with a few of each elsewhere.
    fn outside_orgs(&mut self) {
        let mut s = Stream::new(self.seed, EXTRA_ORGS, 0);
        let (Some(jewel), Some(diamond)) = (specs::spec("jewel"), specs::spec("diamond")) else {
            return;
        };
        let fixed: [(&str, &Spec, usize); 6] = [
            ("RU-KOS", jewel, 14),
            ("RU-MOW", jewel, 3),
            ("RU-SPE", jewel, 2),
            ("RU-SA", diamond, 10),
            ("RU-ARK", diamond, 3),
            ("RU-SVE", diamond, 2),
        ];
        for (region, spec, count) in fixed {
            let Ok(r) = self.region_index(region) else {
                continue;
            };
            for _ in 0..count {
                self.outside_org(Kind::Production, spec.sector, spec, r, &mut s);
            }
        }
    }

    fn outside_org(
        &mut self,
        kind: Kind,
        sector: &'static str,
        spec: &Spec,
        region: usize,
        s: &mut Stream,
    ) {
        let employees = (s.lognormal(60.0, 1.3).round() as u64).max(1);
        let name = self.org_name(kind, sector, spec, region);
        self.orgs.push(Org {
            name,
            kind,
            sector,
            region,
            clusters: Vec::new(),
            employees,
        });
    }

    fn push_link(&mut self, a: usize, b: usize, cluster_sector: &'static str, s: &mut Stream) {
        let (ka, kb) = (self.orgs[a].kind, self.orgs[b].kind);
        let has = |k: Kind| ka == k || kb == k;
        let (source, target, kind, sector) = if has(Kind::University) || has(Kind::Education) {
            let (x, y) = if matches!(ka, Kind::University | Kind::Education) {
                (a, b)
            } else {
                (b, a)
            };
            (x, y, "education", cluster_sector)
        } else if has(Kind::Research) {
            let (x, y) = if ka == Kind::Research { (a, b) } else { (b, a) };
            (x, y, "R&D", cluster_sector)
        } else if has(Kind::Finance) {
            let (x, y) = if ka == Kind::Finance { (a, b) } else { (b, a) };
            (x, y, "finance", cluster_sector)
        } else if has(Kind::Infrastructure) || has(Kind::Service) {
            let (x, y) = if matches!(ka, Kind::Infrastructure | Kind::Service) {
                (a, b)
            } else {
                (b, a)
            };
            (x, y, "services", self.orgs[x].sector)
        } else {
            // two producers: the supplier is the one upstream in a value chain
            // (a section code, of an organisation placed by Rosstat's counts,
            // is in no value chain)
            let division = |o: usize| self.orgs[o].sector.get(..2).unwrap_or("");
            let (da, db) = (division(a), division(b));
            let forward = VALUE_CHAINS.iter().any(|v| v.from == da && v.to == db);
            let backward = VALUE_CHAINS.iter().any(|v| v.from == db && v.to == da);
            let (x, y) = if backward && !forward { (b, a) } else { (a, b) };
            (x, y, "supply", self.orgs[x].sector)
        };
        let weight = 1 + (s.lognormal(2.0, 0.8).floor() as u64).min(59);
        self.links.push(LinkRec {
            source: End::Org(source),
            target: End::Org(target),
            sector,
            weight,
            kind,
        });
    }

    /// Links within each cluster: the development centre serves about a third
    /// of the members; other pairs are drawn with a preference for larger
    /// organisations.
    fn cluster_links(&mut self) {
        for c in 0..self.clusters.len() {
            let mut s = Stream::new(self.seed, LINKS, c as u64);
            let members = self.clusters[c].members.clone();
            let sector = self.clusters[c].sector;
            let mut seen: HashSet<(usize, usize)> = HashSet::new();
            let centre = members[0];
            for &m in &members[1..] {
                if s.chance(0.35) {
                    seen.insert((centre.min(m), centre.max(m)));
                    self.push_link(centre, m, sector, &mut s);
                }
            }
            let weights: Vec<f64> = members
                .iter()
                .map(|&m| (self.orgs[m].employees as f64).sqrt() + 1.0)
                .collect();
            let want = (members.len() as f64 * 1.4).round() as usize;
            let mut made = 0;
            let mut tries = 0;
            while made < want && tries < want * 20 {
                tries += 1;
                let a = members[s.weighted(&weights)];
                let b = members[s.index(members.len())];
                if a == b || !seen.insert((a.min(b), a.max(b))) {
                    continue;
                }
                let (a, b) = if s.chance(0.5) { (a, b) } else { (b, a) };
                self.push_link(a, b, sector, &mut s);
                made += 1;
            }
        }
    }

    /// Links inside a region across clusters, and every organisation outside
    /// clusters linked to one to three organisations nearby.
    fn local_links(&mut self) {
        let mut s = Stream::new(self.seed, LINKS, 1_000_000);
        let mut by_region: Vec<Vec<usize>> = vec![Vec::new(); self.regions.len()];
        let mut by_district: Vec<Vec<usize>> = vec![Vec::new(); names::DISTRICTS.len()];
        for (i, o) in self.orgs.iter().enumerate() {
            by_region[o.region].push(i);
            by_district[self.regions[o.region].district].push(i);
        }
        // cross-cluster cooperation within regions
        let n = self.orgs.len() / 12;
        for _ in 0..n {
            let a = s.index(self.orgs.len());
            let local = &by_region[self.orgs[a].region];
            let b = local[s.index(local.len())];
            if a == b || self.orgs[a].clusters == self.orgs[b].clusters {
                continue;
            }
            let sector = self.orgs[a].sector;
            self.push_link(a, b, sector, &mut s);
        }
        // organisations outside clusters
        for a in 0..self.orgs.len() {
            if !self.orgs[a].clusters.is_empty() {
                continue;
            }
            let region = self.orgs[a].region;
            let pool = if by_region[region].len() > 1 {
                &by_region[region]
            } else {
                &by_district[self.regions[region].district]
            };
            if pool.len() < 2 {
                continue;
            }
            for _ in 0..s.between(1, 3) {
                let b = pool[s.index(pool.len())];
                if b != a {
                    let sector = self.orgs[a].sector;
                    let (x, y) = if s.chance(0.5) { (a, b) } else { (b, a) };
                    self.push_link(x, y, sector, &mut s);
                }
            }
        }
    }

    /// Supply links between regions along [`VALUE_CHAINS`]; the study's pair
    /// (precious stones to jewellery) gets a fixed, larger share.
    fn value_chain_links(&mut self) {
        let mut s = Stream::new(self.seed, LINKS, 2_000_000);
        for chain in VALUE_CHAINS {
            let (from, to) = match (chain.from, chain.to) {
                ("08", "32") => ("08.99", "32.12"),
                ("26", "32") => ("26", "32.50"),
                pair => pair,
            };
            let suppliers: Vec<usize> = (0..self.orgs.len())
                .filter(|&i| {
                    self.orgs[i].kind == Kind::Production && self.orgs[i].sector.starts_with(from)
                })
                .collect();
            let buyers: Vec<usize> = (0..self.orgs.len())
                .filter(|&i| {
                    self.orgs[i].kind == Kind::Production && self.orgs[i].sector.starts_with(to)
                })
                .collect();
            if suppliers.is_empty() || buyers.is_empty() {
                continue;
            }
            let n = if chain.from_study {
                45
            } else {
                ((chain.weight * suppliers.len().min(buyers.len()) as f64 * 0.6).round() as usize)
                    .min(250)
            };
            let mut made = 0;
            let mut tries = 0;
            while made < n && tries < n * 20 {
                tries += 1;
                let a = suppliers[s.index(suppliers.len())];
                let b = buyers[s.index(buyers.len())];
                if self.orgs[a].region == self.orgs[b].region {
                    continue;
                }
                let weight = 1 + (s.lognormal(3.0, 0.7).floor() as u64).min(59);
                self.links.push(LinkRec {
                    source: End::Org(a),
                    target: End::Org(b),
                    sector: self.orgs[a].sector,
                    weight,
                    kind: "supply",
                });
                made += 1;
            }
        }
    }

    /// Cooperation agreements between clusters of one specialisation in
    /// different regions: the seeds of sectoral national clusters.
    fn agreements(&mut self) {
        let mut s = Stream::new(self.seed, LINKS, 3_000_000);
        for a in 0..self.clusters.len() {
            for b in a + 1..self.clusters.len() {
                let (ca, cb) = (&self.clusters[a], &self.clusters[b]);
                if ca.spec.key != cb.spec.key || ca.regions[0] == cb.regions[0] {
                    continue;
                }
                if s.chance(0.2) {
                    let weight = s.between(1, 3);
                    self.links.push(LinkRec {
                        source: End::Cluster(a),
                        target: End::Cluster(b),
                        sector: ca.sector,
                        weight,
                        kind: "agreement",
                    });
                }
            }
        }
    }

    fn org_id(i: usize) -> String {
        format!("P{:05}", i + 1)
    }

    fn end_id(&self, e: End) -> String {
        match e {
            End::Org(i) => Self::org_id(i),
            End::Cluster(c) => self.clusters[c].id.clone(),
        }
    }

    fn files(
        &self,
        counts: &backdrop::RosstatCounts,
        plan: &[[u64; 21]],
    ) -> Result<GeneratedFiles> {
        let classification = Classification::okved2();
        let mut files = GeneratedFiles::default();
        files.push("regions.csv", self.regions_csv()?);
        files.push("districts.csv", self.districts_csv()?);
        let mut used: BTreeSet<&str> = BTreeSet::new();
        used.extend(self.clusters.iter().map(|c| c.sector));
        used.extend(self.orgs.iter().map(|o| o.sector));
        used.extend(self.links.iter().map(|l| l.sector));
        let sectors = classification.rows_for(used.iter().copied());
        for code in &used {
            if !sectors.iter().any(|r| r.code == *code) {
                return Err(internal(format!("sector {code} is not in OKVED2")));
            }
        }
        let mut w = csv_writer();
        w.write_record(["code", "name", "parent", "level", "name_ru", "provenance"])
            .map_err(csv_error)?;
        for r in &sectors {
            w.write_record([
                r.code.as_str(),
                &r.name,
                &r.parent,
                r.level.name(),
                &r.name_ru,
                "study",
            ])
            .map_err(csv_error)?;
        }
        files.push("sectors.csv", finish(w)?);
        files.push("clusters.csv", self.clusters_csv()?);
        files.push("participants.csv", self.participants_csv()?);
        files.push("links.csv", self.links_csv()?);
        files.push("value_chain.csv", value_chain_csv()?);
        files.push(
            "organisations_by_year.csv",
            series::ORGANISATIONS_BY_YEAR.to_vec(),
        );
        let founded: Vec<i32> = (self.clusters.iter())
            .filter(|c| c.scope != Scope::National)
            .filter_map(|c| c.founded)
            .collect();
        files.push("series.csv", series::series_csv(&founded)?);
        files.push("boundaries.geojson", BOUNDARIES.to_vec());
        files.push("nti_markets.csv", NTI_MARKETS.to_vec());
        files.push("expected_pairings.csv", EXPECTED_PAIRINGS.to_vec());
        let fit = self.backdrop_fit(&classification, counts, plan);
        files.push("README.md", self.readme(sectors.len(), &fit).into_bytes());
        Ok(files)
    }

    fn regions_csv(&self) -> Result<Vec<u8>> {
        let mut w = csv_writer();
        w.write_record([
            "id",
            "name",
            "name_ru",
            "district",
            "capital_ru",
            "lat",
            "lon",
            "okato",
            "provenance",
        ])
        .map_err(csv_error)?;
        for r in &self.regions {
            w.write_record([
                r.id.as_str(),
                &r.name,
                &r.name_ru,
                names::DISTRICTS[r.district].0,
                &r.capital_ru,
                &r.lat,
                &r.lon,
                &r.okato,
                "study",
            ])
            .map_err(csv_error)?;
        }
        finish(w)
    }

    fn districts_csv(&self) -> Result<Vec<u8>> {
        // Table 2: (district, year) -> [output, costs, organisations]
        let mut table2: HashMap<(String, String), [String; 3]> = HashMap::new();
        let mut rdr = csv::ReaderBuilder::new().from_reader(TABLE2_CSV.as_bytes());
        for rec in rdr.records() {
            let rec = rec.map_err(|e| internal(e.to_string()))?;
            let f = |i: usize| rec.get(i).unwrap_or("").to_string();
            table2.insert((f(1), f(2)), [f(3), f(4), f(5)]);
        }
        const YEARS: [&str; 3] = ["2018", "2019", "2020"];
        const INDICATORS: [&str; 3] = [
            "innovative_output_bn_rub",
            "tech_innovation_costs_pct",
            "rnd_organisations",
        ];
        let mut header = vec!["id".to_string(), "name".to_string(), "name_ru".to_string()];
        for ind in INDICATORS {
            for y in YEARS {
                header.push(format!("{ind}_{y}"));
            }
        }
        header.push("provenance".to_string());
        let mut w = csv_writer();
        w.write_record(&header).map_err(csv_error)?;
        for (id, name, _, name_ru) in names::DISTRICTS {
            let mut row = vec![id.to_string(), name.to_string(), name_ru.to_string()];
            for k in 0..INDICATORS.len() {
                for y in YEARS {
                    let v = table2
                        .get(&(name.to_string(), y.to_string()))
                        .ok_or_else(|| internal(format!("Table 2 has no row {name} {y}")))?;
                    row.push(v[k].clone());
                }
            }
            row.push("study".to_string());
            w.write_record(&row).map_err(csv_error)?;
        }
        finish(w)
    }

    fn clusters_csv(&self) -> Result<Vec<u8>> {
        let mut w = csv_writer();
        w.write_record([
            "id",
            "name",
            "sector",
            "specialisation",
            "level",
            "founded",
            "scope",
            "regions",
            "participants",
            "employees",
            "provenance",
            "name_ru",
            "study_fields",
        ])
        .map_err(csv_error)?;
        for c in &self.clusters {
            let regions: Vec<&str> = c
                .regions
                .iter()
                .map(|&r| self.regions[r].id.as_str())
                .collect();
            w.write_record([
                c.id.as_str(),
                &c.name,
                c.sector,
                c.spec.label,
                c.level.name(),
                &c.founded.map(|y| y.to_string()).unwrap_or_default(),
                c.scope.name(),
                &regions.join("|"),
                &c.participants.to_string(),
                &c.employees.to_string(),
                if c.study { "study" } else { "synthetic" },
                &c.name_ru,
                c.study_fields,
            ])
            .map_err(csv_error)?;
        }
        finish(w)
    }

    fn participants_csv(&self) -> Result<Vec<u8>> {
        let mut w = csv_writer();
        w.write_record([
            "id",
            "name",
            "kind",
            "sector",
            "region",
            "clusters",
            "employees",
            "provenance",
        ])
        .map_err(csv_error)?;
        for (i, o) in self.orgs.iter().enumerate() {
            let clusters: Vec<&str> = o
                .clusters
                .iter()
                .map(|&c| self.clusters[c].id.as_str())
                .collect();
            w.write_record([
                Self::org_id(i).as_str(),
                &o.name,
                o.kind.name(),
                o.sector,
                &self.regions[o.region].id,
                &clusters.join("|"),
                &o.employees.to_string(),
                "synthetic",
            ])
            .map_err(csv_error)?;
        }
        finish(w)
    }

    fn links_csv(&self) -> Result<Vec<u8>> {
        let mut w = csv_writer();
        w.write_record(["source", "target", "sector", "weight", "kind", "provenance"])
            .map_err(csv_error)?;
        for l in &self.links {
            w.write_record([
                self.end_id(l.source).as_str(),
                &self.end_id(l.target),
                l.sector,
                &l.weight.to_string(),
                l.kind,
                "synthetic",
            ])
            .map_err(csv_error)?;
        }
        finish(w)
    }

    /// How closely the organisations follow Rosstat's section shares.
    fn backdrop_fit(
        &self,
        classification: &Classification,
        counts: &backdrop::RosstatCounts,
        plan: &[[u64; 21]],
    ) -> BackdropFit {
        let section = |code: &str| {
            let mut c = code.to_string();
            while let Some(p) = classification.parent(&c) {
                c = p;
            }
            backdrop::SECTIONS.iter().position(|&x| x == c)
        };
        let mut all = vec![[0u64; 21]; self.regions.len()];
        for o in &self.orgs {
            if let Some(k) = section(o.sector) {
                all[o.region][k] += 1;
            }
        }
        let mut fit = BackdropFit {
            year: self.year,
            organisations: plan.iter().flatten().sum(),
            ..BackdropFit::default()
        };
        let mut whole = Vec::new();
        for (r, region) in self.regions.iter().enumerate() {
            let Some(real) = counts.of(&region.id, self.year) else {
                fit.unreported
                    .push(format!("{} ({})", region.name, region.id));
                continue;
            };
            let n: u64 = plan[r].iter().sum();
            if n >= backdrop::TVD_MIN_ORGANISATIONS {
                let d = backdrop::total_variation(&plan[r], real).unwrap_or(1.0);
                fit.tested += 1;
                fit.max_tvd = fit.max_tvd.max(d);
            }
            if let Some(d) = backdrop::total_variation(&all[r], real) {
                whole.push(d);
            }
        }
        whole.sort_by(f64::total_cmp);
        fit.whole_median = whole.get(whole.len() / 2).copied().unwrap_or(f64::NAN);
        fit.whole_max = whole.last().copied().unwrap_or(f64::NAN);
        fit
    }

    fn readme(&self, sectors: usize, fit: &BackdropFit) -> String {
        let count = |k: &str| self.links.iter().filter(|l| l.kind == k).count();
        let in_clusters = self.orgs.iter().filter(|o| !o.clusters.is_empty()).count();
        let shared = self.orgs.iter().filter(|o| o.clusters.len() > 1).count();
        let cross_region = self
            .links
            .iter()
            .filter(|l| match (l.source, l.target) {
                (End::Org(a), End::Org(b)) => self.orgs[a].region != self.orgs[b].region,
                _ => true,
            })
            .count();
        let chain_links = self
            .links
            .iter()
            .filter(|l| match (l.kind, l.source, l.target) {
                ("supply", End::Org(a), End::Org(b)) => self.orgs[a].region != self.orgs[b].region,
                _ => false,
            })
            .count();
        let employees: u64 = self.clusters.iter().map(|c| c.employees).sum();
        let (xs, ys): (Vec<f64>, Vec<f64>) = self
            .clusters
            .iter()
            .map(|c| (c.participants as f64, c.employees as f64))
            .unzip();
        let pearson = pearson(&xs, &ys).unwrap_or(f64::NAN);
        let counted = self
            .clusters
            .iter()
            .filter(|c| c.scope != Scope::National)
            .count();
        let after_2011 = self
            .clusters
            .iter()
            .filter(|c| c.scope != Scope::National && c.founded.is_some_and(|y| y > 2011))
            .count();
        let founded = self
            .clusters
            .iter()
            .filter(|c| c.scope != Scope::National)
            .filter_map(|c| c.founded);
        let founded_years = match (founded.clone().min(), founded.max()) {
            (Some(a), Some(b)) => format!("{a}-{b}"),
            _ => "none".to_string(),
        };
        README_TEMPLATE
            .replace("{rosstat_year}", &fit.year.to_string())
            .replace("{backdrop}", &fit.organisations.to_string())
            .replace("{backdrop_min}", &backdrop::MIN_PER_REGION.to_string())
            .replace("{tvd_n}", &backdrop::TVD_MIN_ORGANISATIONS.to_string())
            .replace("{tvd_tolerance}", &backdrop::TVD_TOLERANCE.to_string())
            .replace("{tvd_regions}", &fit.tested.to_string())
            .replace("{tvd_max}", &format!("{:.4}", fit.max_tvd))
            .replace("{whole_median}", &format!("{:.3}", fit.whole_median))
            .replace("{whole_max}", &format!("{:.3}", fit.whole_max))
            .replace("{unreported}", &fit.unreported.join(" and "))
            .replace("{founded_years}", &founded_years)
            .replace("{seed}", &self.seed.to_string())
            .replace("{regions}", &self.regions.len().to_string())
            .replace("{sectors}", &sectors.to_string())
            .replace("{clusters}", &self.clusters.len().to_string())
            .replace("{organisations}", &self.orgs.len().to_string())
            .replace("{in_clusters}", &in_clusters.to_string())
            .replace("{outside}", &(self.orgs.len() - in_clusters).to_string())
            .replace("{shared}", &shared.to_string())
            .replace("{links}", &self.links.len().to_string())
            .replace("{cross_region}", &cross_region.to_string())
            .replace("{chain_links}", &chain_links.to_string())
            .replace("{agreements}", &count("agreement").to_string())
            .replace("{employees}", &employees.to_string())
            .replace("{pearson}", &format!("{pearson:.3}"))
            .replace(
                "{after_2011}",
                &format!(
                    "{after_2011} ({:.1} %)",
                    100.0 * after_2011 as f64 / counted as f64
                ),
            )
    }
}

/// How the generated organisations follow Rosstat's section shares (for the README).
#[derive(Debug, Clone, Default)]
struct BackdropFit {
    year: i32,
    organisations: u64,
    /// Regions with at least `TVD_MIN_ORGANISATIONS` backdrop organisations.
    tested: usize,
    /// Their largest total variation distance from Rosstat's shares.
    max_tvd: f64,
    /// Median and largest distance of all of a region's organisations
    /// (clusters included) from Rosstat's shares.
    whole_median: f64,
    whole_max: f64,
    /// Regions without Rosstat figures.
    unreported: Vec<String>,
}

fn value_chain_csv() -> Result<Vec<u8>> {
    let mut w = csv_writer();
    w.write_record(["from", "to", "weight", "rationale", "provenance"])
        .map_err(csv_error)?;
    for v in VALUE_CHAINS {
        w.write_record([
            v.from,
            v.to,
            &v.weight.to_string(),
            v.rationale,
            if v.from_study { "study" } else { "synthetic" },
        ])
        .map_err(csv_error)?;
    }
    finish(w)
}

fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new())
}

fn csv_error(e: csv::Error) -> Error {
    internal(format!("writing CSV: {e}"))
}

fn finish(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>> {
    w.into_inner()
        .map_err(|e| internal(format!("writing CSV: {}", e.error())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allocate_splits_exactly_with_at_least_one_each() {
        let v = allocate(21, &[0.03, 5.0, 1.0, 0.0, 2.0]);
        assert_eq!(v.iter().sum::<u64>(), 21);
        assert!(v.iter().all(|&x| x >= 1));
        assert!(v[1] > v[2]);
        assert_eq!(allocate(3, &[1.0, 1.0, 1.0]), vec![1, 1, 1]);
        assert_eq!(allocate(7, &[0.0, 0.0]).iter().sum::<u64>(), 7);
    }

    #[test]
    fn lower_first_keeps_acronyms() {
        assert_eq!(lower_first("Tourism"), "tourism");
        assert_eq!(lower_first("ICT"), "ICT");
    }

    #[test]
    fn regions_follow_table_1() {
        let regions = read_regions().expect("reads");
        assert_eq!(regions.len(), 85);
        let per: Vec<usize> = (0..8)
            .map(|d| regions.iter().filter(|r| r.district == d).count())
            .collect();
        assert_eq!(per, vec![18, 11, 8, 7, 14, 6, 10, 11]);
        assert!(regions.iter().any(|r| r.id == "UA-43"));
        assert!(!regions.iter().any(|r| r.id == "KZ-BAY"));
    }
}
