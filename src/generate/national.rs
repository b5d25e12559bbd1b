//! The national profile: synthetic national-scale datasets with planted
//! cooperation communities and sector structure, for benchmarks and scale tests.
//!
//! # Model
//!
//! - `R` regions in `round(sqrt(R))` districts (contiguous blocks of regions).
//! - `C` clusters, each the core of one **planted community**. A cluster has a
//!   specialisation ([`crate::generate::specs::SPECS`]), a home region, a
//!   scope (85 % regional, 12 % inter-regional within a district, 3 %
//!   national), a level (73 / 18 / 9 %, as in the study) and a relative size
//!   (log-normal), and two or three partner communities, most of them
//!   downstream of it in a value chain.
//! - `N` organisations, shuffled over the communities in proportion to their
//!   sizes (at least two each). An organisation is in its community's home
//!   region (90 %, else anywhere), a member of its cluster (60 %; the first of
//!   each community always), of a kind (production, research, ...) and a
//!   sector drawn from its cluster's specialisation.
//! - `M` links. A link starts at a uniformly drawn organisation; with
//!   probability `1 - mixing` it ends in the same community, with
//!   `mixing / 2` in a partner community, and otherwise anywhere. So `mixing`
//!   is the expected share of links that leave their planted community.
//!
//! The planted community of each organisation is the `community` column of
//! `participants.csv` (the community's number, which is also its cluster's
//! position in `clusters.csv`); the loader ignores the column.
//!
//! # Determinism and memory
//!
//! Organisations and links are made in chunks of fixed size, each from its
//! own [`Stream`] (seed, purpose, chunk), formatted in parallel and written in
//! order: the bytes do not depend on the number of threads. Only compact
//! per-organisation records (16 bytes each) are held in memory; rows are
//! streamed to the files, so 1 M organisations and 10 M links need about
//! 100 MB.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use rayon::prelude::*;

use super::rng::Stream;
use super::sectors::Classification;
use super::specs::{self, SPECS, VALUE_CHAINS, support};
use super::{Progress, allocate, exp};
use crate::error::{Error, Result};
use crate::output::StagedDir;

/// Default seed.
pub const DEFAULT_SEED: u64 = 1;
/// Default number of regions (as many as Russia's federal subjects).
pub const DEFAULT_REGIONS: u32 = 85;
/// Default number of clusters (and planted communities).
pub const DEFAULT_CLUSTERS: u32 = 1_000;
/// Default number of organisations.
pub const DEFAULT_ORGANISATIONS: u64 = 100_000;
/// Default number of links.
pub const DEFAULT_LINKS: u64 = 1_000_000;
/// Default share of links leaving their community.
pub const DEFAULT_MIXING: f64 = 0.2;

/// Name of the links file, as reported in [`Progress::phase`].
pub const LINKS_FILE: &str = "links.csv";
/// Name of the organisations file, as reported in [`Progress::phase`].
pub const PARTICIPANTS_FILE: &str = "participants.csv";

/// Organisations per chunk (one random stream each).
const ORG_CHUNK: u64 = 1 << 13;
/// Links per chunk (one random stream each).
const LINK_CHUNK: u64 = 1 << 14;
/// Chunks formatted in parallel before they are written.
const BATCH: u64 = 64;

// Purposes of the random streams.
const CLUSTERS: u64 = 11;
const ASSIGN: u64 = 12;
const ORGS: u64 = 13;
const LINKS: u64 = 14;

/// Settings of the national profile.
#[derive(Debug, Clone, PartialEq)]
pub struct NationalConfig {
    /// Seed of every random draw.
    pub seed: u64,
    /// Number of regions.
    pub regions: u32,
    /// Number of clusters, one planted community each.
    pub clusters: u32,
    /// Number of organisations.
    pub organisations: u64,
    /// Number of cooperation links.
    pub links: u64,
    /// Expected share of links that leave their planted community, 0 to 1.
    pub mixing: f64,
}

impl Default for NationalConfig {
    fn default() -> Self {
        NationalConfig {
            seed: DEFAULT_SEED,
            regions: DEFAULT_REGIONS,
            clusters: DEFAULT_CLUSTERS,
            organisations: DEFAULT_ORGANISATIONS,
            links: DEFAULT_LINKS,
            mixing: DEFAULT_MIXING,
        }
    }
}

impl NationalConfig {
    /// Checks the settings: at least one region and cluster, two organisations
    /// per cluster, at most 2^32 - 1 organisations, `mixing` within 0 to 1.
    pub fn validate(&self) -> Result<()> {
        if self.regions == 0 {
            return Err(Error::parameter("--regions", "must be at least 1"));
        }
        if self.clusters == 0 {
            return Err(Error::parameter("--clusters", "must be at least 1"));
        }
        if self.organisations < 2 * u64::from(self.clusters) {
            return Err(Error::parameter(
                "--organisations",
                format!(
                    "is {}; at least two per cluster ({}) are needed",
                    self.organisations,
                    2 * u64::from(self.clusters)
                ),
            ));
        }
        if self.organisations > u64::from(u32::MAX) {
            return Err(Error::parameter("--organisations", "must be below 2^32"));
        }
        if !(0.0..=1.0).contains(&self.mixing) {
            return Err(Error::parameter(
                "--mixing",
                format!("is {}; it is a share, 0 to 1", self.mixing),
            ));
        }
        Ok(())
    }
}

/// What [`generate_national`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NationalSummary {
    /// Bytes written in all.
    pub bytes: u64,
    /// Organisations that are members of their cluster.
    pub members: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Production,
    Research,
    University,
    Education,
    Infrastructure,
    Finance,
    Service,
}

const KINDS: [(Kind, &str, f64); 7] = [
    (Kind::Production, "production", 0.66),
    (Kind::Research, "research", 0.08),
    (Kind::University, "university", 0.04),
    (Kind::Education, "education", 0.04),
    (Kind::Infrastructure, "infrastructure", 0.04),
    (Kind::Finance, "finance", 0.04),
    (Kind::Service, "service", 0.10),
];

#[derive(Debug, Clone)]
struct ClusterPlan {
    spec: usize,
    sector: u16,
    regions: Vec<u32>,
    scope: &'static str,
    level: &'static str,
    founded: i32,
    partners: Vec<u32>,
}

/// Compact record of one organisation.
#[derive(Debug, Clone, Copy)]
struct OrgData {
    community: u32,
    region: u32,
    employees: u32,
    sector: u16,
    kind: u8,
    /// 0: no cluster; 1: its community's cluster; 2: and a partner's.
    member: u8,
}

struct Model<'a> {
    config: &'a NationalConfig,
    districts: u32,
    sectors: Vec<&'static str>,
    clusters: Vec<ClusterPlan>,
    /// Community of each organisation.
    community: Vec<u32>,
    /// Members of community k: `members[offsets[k]..offsets[k + 1]]`.
    offsets: Vec<u64>,
    members: Vec<u32>,
    orgs: Vec<OrgData>,
    weights_cdf: Vec<f64>,
    id_width: usize,
    cluster_width: usize,
    region_width: usize,
}

/// Generates a national-scale dataset into folder `out` (replaced as a
/// whole, see [`StagedDir`]), calling `progress` between batches of rows.
///
/// # Errors
///
/// [`Error::Parameter`] for settings [`NationalConfig::validate`] rejects;
/// [`Error::Io`] when writing fails (nothing is left half-written).
pub fn generate_national(
    config: &NationalConfig,
    out: &Path,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<NationalSummary> {
    config.validate()?;
    let model = Model::build(config);
    let staged = StagedDir::new(out)?;
    let dir = staged.path();
    let mut bytes = 0u64;
    bytes += write_small(dir, "regions.csv", &model.regions_csv())?;
    bytes += write_small(dir, "districts.csv", &model.districts_csv())?;
    bytes += write_small(dir, "sectors.csv", &model.sectors_csv())?;
    bytes += write_small(dir, "clusters.csv", &model.clusters_csv())?;
    bytes += write_streamed(
        dir,
        PARTICIPANTS_FILE,
        config.organisations,
        ORG_CHUNK,
        b"id,name,kind,sector,region,clusters,employees,provenance,community\n",
        |chunk, buf| model.participant_rows(chunk, buf),
        progress,
    )?;
    // links.csv is optional, and a header alone would not load
    if config.links > 0 {
        bytes += write_streamed(
            dir,
            LINKS_FILE,
            config.links,
            LINK_CHUNK,
            b"source,target,sector,weight,kind\n",
            |chunk, buf| model.link_rows(chunk, buf),
            progress,
        )?;
    }
    bytes += write_small(dir, "README.md", &model.readme())?;
    staged.commit()?;
    Ok(NationalSummary {
        bytes,
        members: model.orgs.iter().filter(|o| o.member > 0).count() as u64,
    })
}

fn write_small(dir: &Path, name: &str, text: &str) -> Result<u64> {
    let path = dir.join(name);
    std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
    Ok(text.len() as u64)
}

/// Writes `rows` rows made by `fill` in chunks of `chunk` rows, formatting
/// `BATCH` chunks in parallel at a time and writing them in order.
fn write_streamed(
    dir: &Path,
    name: &'static str,
    rows: u64,
    chunk: u64,
    header: &[u8],
    fill: impl Fn(u64, &mut Vec<u8>) + Sync,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<u64> {
    let path = dir.join(name);
    let file = std::fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
    let io = |e| Error::io(&path, e);
    w.write_all(header).map_err(io)?;
    let mut bytes = header.len() as u64;
    let chunks = rows.div_ceil(chunk);
    let mut next = 0;
    while next < chunks {
        let end = (next + BATCH).min(chunks);
        let bufs: Vec<Vec<u8>> = (next..end)
            .into_par_iter()
            .map(|c| {
                let mut buf = Vec::with_capacity((chunk * 48) as usize);
                fill(c, &mut buf);
                buf
            })
            .collect();
        for b in &bufs {
            w.write_all(b).map_err(io)?;
            bytes += b.len() as u64;
        }
        next = end;
        progress(Progress {
            phase: name,
            done: (next * chunk).min(rows),
            total: rows,
        });
    }
    w.flush().map_err(io)?;
    Ok(bytes)
}

fn digits(n: u64) -> usize {
    n.max(1).to_string().len()
}

impl<'a> Model<'a> {
    fn build(config: &'a NationalConfig) -> Self {
        let n = config.organisations;
        let k = config.clusters as usize;
        let districts = ((f64::from(config.regions)).sqrt().round() as u32).max(1);
        // sectors: every class a specialisation or support organisation uses
        let mut sectors: Vec<&'static str> = Vec::new();
        let mut add = |c: &'static str| {
            if !sectors.contains(&c) {
                sectors.push(c);
            }
        };
        for s in SPECS {
            add(s.sector);
            add(s.research);
            s.production.iter().for_each(|&c| add(c));
        }
        for c in [
            support::UNIVERSITY,
            support::EDUCATION,
            support::CENTRE,
            support::PARK,
        ] {
            add(c);
        }
        support::FINANCE.iter().for_each(|&c| add(c));
        support::SERVICE.iter().for_each(|&c| add(c));
        let index: std::collections::HashMap<&'static str, u16> = sectors
            .iter()
            .enumerate()
            .map(|(i, &c)| (c, i as u16))
            .collect();
        let sector_index = move |c: &str| index.get(c).copied().unwrap_or(0);

        // clusters
        let mut s = Stream::new(config.seed, CLUSTERS, 0);
        let mut sizes = Vec::with_capacity(k);
        let mut clusters = Vec::with_capacity(k);
        let regions = config.regions;
        for _ in 0..k {
            let spec = s.index(SPECS.len());
            let home = s.below(u64::from(regions)) as u32;
            let district = home * districts / regions;
            let scope_draw = s.unit();
            let (scope, extra) = if scope_draw < 0.85 || regions < 3 {
                ("regional", 0)
            } else if scope_draw < 0.97 {
                ("inter-regional", s.between(1, 2))
            } else {
                ("national", 2)
            };
            let mut rs = vec![home];
            for _ in 0..extra * 8 {
                if rs.len() as u64 > extra {
                    break;
                }
                let r = if scope == "national" {
                    s.below(u64::from(regions)) as u32
                } else {
                    // a region of the same district
                    let lo = (district * regions).div_ceil(districts);
                    let hi = ((district + 1) * regions).div_ceil(districts);
                    lo + s.below(u64::from(hi - lo)) as u32
                };
                if !rs.contains(&r) {
                    rs.push(r);
                }
            }
            let scope = if rs.len() == 1 { "regional" } else { scope };
            let level = ["initial", "medium", "high"][s.weighted(&[0.73, 0.18, 0.09])];
            let founded = 2009 + s.below(15) as i32;
            let sp = &SPECS[spec];
            let sector = if s.chance(0.7) {
                sp.sector
            } else {
                sp.production[s.index(sp.production.len())]
            };
            sizes.push(s.lognormal(1.0, 0.8));
            clusters.push(ClusterPlan {
                spec,
                sector: sector_index(sector),
                regions: rs,
                scope,
                level,
                founded,
                partners: Vec::new(),
            });
        }
        // partners: downstream communities along value chains where possible
        let mut by_division: std::collections::HashMap<&str, Vec<u32>> =
            std::collections::HashMap::new();
        for (i, c) in clusters.iter().enumerate() {
            by_division
                .entry(&SPECS[c.spec].sector[..2])
                .or_default()
                .push(i as u32);
        }
        for i in 0..k {
            let division = &SPECS[clusters[i].spec].sector[..2];
            let downstream: Vec<u32> = VALUE_CHAINS
                .iter()
                .filter(|v| v.from == division)
                .flat_map(|v| by_division.get(v.to).cloned().unwrap_or_default())
                .collect();
            let want = s.between(2, 3) as usize;
            let mut partners = Vec::with_capacity(want);
            for _ in 0..want * 4 {
                if partners.len() >= want || k < 2 {
                    break;
                }
                let p = if !downstream.is_empty() && s.chance(0.7) {
                    downstream[s.index(downstream.len())]
                } else {
                    s.below(k as u64) as u32
                };
                if p as usize != i && !partners.contains(&p) {
                    partners.push(p);
                }
            }
            clusters[i].partners = partners;
        }

        // communities: sizes (at least two each), shuffled over organisations
        let extra = allocate(n - k as u64, &sizes);
        let mut community: Vec<u32> = Vec::with_capacity(n as usize);
        for (c, &e) in extra.iter().enumerate() {
            // allocate gives at least 1; one more makes two
            community.extend(std::iter::repeat_n(c as u32, (e + 1) as usize));
        }
        community.truncate(n as usize);
        let mut s = Stream::new(config.seed, ASSIGN, 0);
        s.shuffle(&mut community);
        let mut offsets = vec![0u64; k + 1];
        for &c in &community {
            offsets[c as usize + 1] += 1;
        }
        for i in 0..k {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets.clone();
        let mut members = vec![0u32; n as usize];
        for (i, &c) in community.iter().enumerate() {
            members[fill[c as usize] as usize] = i as u32;
            fill[c as usize] += 1;
        }

        let mut model = Model {
            config,
            districts,
            sectors,
            clusters,
            community,
            offsets,
            members,
            orgs: Vec::new(),
            weights_cdf: weight_cdf(),
            id_width: digits(n),
            cluster_width: digits(k as u64),
            region_width: digits(u64::from(regions)),
        };
        model.orgs = model.make_orgs(&sector_index);
        model
    }

    fn make_orgs(&self, sector_index: &(dyn Fn(&str) -> u16 + Sync)) -> Vec<OrgData> {
        let n = self.config.organisations;
        let chunks = n.div_ceil(ORG_CHUNK);
        let kind_weights: Vec<f64> = KINDS.iter().map(|k| k.2).collect();
        let parts: Vec<Vec<OrgData>> = (0..chunks)
            .into_par_iter()
            .map(|chunk| {
                let mut s = Stream::new(self.config.seed, ORGS, chunk);
                let lo = chunk * ORG_CHUNK;
                let hi = (lo + ORG_CHUNK).min(n);
                (lo..hi)
                    .map(|i| {
                        let community = self.community[i as usize];
                        let plan = &self.clusters[community as usize];
                        let spec = &SPECS[plan.spec];
                        let region = if s.chance(0.9) {
                            plan.regions[s.index(plan.regions.len())]
                        } else {
                            s.below(u64::from(self.config.regions)) as u32
                        };
                        let first =
                            self.members[self.offsets[community as usize] as usize] == i as u32;
                        let member = if first || s.chance(0.6) {
                            if s.chance(0.02) && !plan.partners.is_empty() {
                                2
                            } else {
                                1
                            }
                        } else {
                            0
                        };
                        let kind = s.weighted(&kind_weights);
                        let (sector, median, sigma) = match KINDS[kind].0 {
                            Kind::Production => {
                                let sector = if s.chance(0.4) {
                                    plan.sector
                                } else {
                                    sector_index(spec.production[s.index(spec.production.len())])
                                };
                                (sector, 80.0, 1.2)
                            }
                            Kind::Research => (sector_index(spec.research), 60.0, 0.8),
                            Kind::University => (sector_index(support::UNIVERSITY), 900.0, 0.7),
                            Kind::Education => (sector_index(support::EDUCATION), 120.0, 0.5),
                            Kind::Infrastructure => (sector_index(support::PARK), 40.0, 0.6),
                            Kind::Finance => (
                                sector_index(support::FINANCE[s.index(support::FINANCE.len())]),
                                30.0,
                                0.8,
                            ),
                            Kind::Service => (
                                sector_index(support::SERVICE[s.index(support::SERVICE.len())]),
                                25.0,
                                1.0,
                            ),
                        };
                        let employees =
                            (s.lognormal(median, sigma).round() as u64).clamp(1, 500_000) as u32;
                        OrgData {
                            community,
                            region,
                            employees,
                            sector,
                            kind: kind as u8,
                            member,
                        }
                    })
                    .collect()
            })
            .collect();
        parts.into_iter().flatten().collect()
    }

    fn region_id(&self, r: u32) -> String {
        format!("R{:0w$}", r + 1, w = self.region_width)
    }

    fn district_of(&self, r: u32) -> u32 {
        r * self.districts / self.config.regions
    }

    fn cluster_id(&self, c: u32) -> String {
        format!("C{:0w$}", c + 1, w = self.cluster_width)
    }

    fn regions_csv(&self) -> String {
        let mut out = String::from("id,name,district,lat,lon\n");
        let mut s = Stream::new(self.config.seed, CLUSTERS, 1);
        for r in 0..self.config.regions {
            let d = self.district_of(r);
            // districts on a band from west to east, regions scattered around them
            let lon = 30.0
                + 140.0 * (f64::from(d) + 0.5) / f64::from(self.districts)
                + (s.unit() - 0.5) * 12.0;
            let lat = 55.0 + (s.unit() - 0.5) * 16.0;
            let _ = writeln!(
                out,
                "{},Region {},D{:02},{lat:.4},{lon:.4}",
                self.region_id(r),
                r + 1,
                d + 1
            );
        }
        out
    }

    fn districts_csv(&self) -> String {
        let mut research = vec![0u64; self.districts as usize];
        for o in &self.orgs {
            if KINDS[o.kind as usize].0 == Kind::Research {
                research[self.district_of(o.region) as usize] += 1;
            }
        }
        let mut out = String::from("id,name,rnd_organisations\n");
        for (d, n) in research.iter().enumerate() {
            let _ = writeln!(out, "D{:02},District {},{n}", d + 1, d + 1);
        }
        out
    }

    fn sectors_csv(&self) -> String {
        let mut out = String::from("code,name,parent\n");
        let c = Classification::okved2();
        for r in c.rows_for(self.sectors.iter().copied()) {
            let name = r.name.replace('"', "\"\"");
            let _ = writeln!(out, "{},\"{name}\",{}", r.code, r.parent);
        }
        out
    }

    fn clusters_csv(&self) -> String {
        let k = self.clusters.len();
        let mut participants = vec![0u64; k];
        let mut employees = vec![0u64; k];
        for o in &self.orgs {
            if o.member > 0 {
                participants[o.community as usize] += 1;
                employees[o.community as usize] += u64::from(o.employees);
            }
            if o.member == 2 {
                if let Some(&p) = self.clusters[o.community as usize].partners.first() {
                    participants[p as usize] += 1;
                    employees[p as usize] += u64::from(o.employees);
                }
            }
        }
        let mut out = String::from(
            "id,name,sector,specialisation,level,founded,scope,regions,participants,employees,provenance\n",
        );
        for (i, c) in self.clusters.iter().enumerate() {
            let spec = &SPECS[c.spec];
            let regions: Vec<String> = c.regions.iter().map(|&r| self.region_id(r)).collect();
            let _ = writeln!(
                out,
                "{},Region {} {} cluster {},{},{},{},{},{},{},{},{},synthetic",
                self.cluster_id(i as u32),
                c.regions[0] + 1,
                spec.key,
                i + 1,
                self.sectors[c.sector as usize],
                spec.label,
                c.level,
                c.founded,
                c.scope,
                regions.join("|"),
                participants[i],
                employees[i],
            );
        }
        out
    }

    fn participant_rows(&self, chunk: u64, buf: &mut Vec<u8>) {
        let lo = chunk * ORG_CHUNK;
        let hi = (lo + ORG_CHUNK).min(self.config.organisations);
        let w = self.id_width;
        for i in lo..hi {
            let o = &self.orgs[i as usize];
            let sector = self.sectors[o.sector as usize];
            let (kind, kind_name, _) = KINDS[o.kind as usize];
            let _ = write!(buf, "P{:0w$},", i + 1);
            let _ = match kind {
                Kind::Production | Kind::Service => {
                    write!(buf, "{} Company {}", specs::noun(sector), i + 1)
                }
                Kind::Research => write!(buf, "Research Institute {}", i + 1),
                Kind::University => write!(buf, "University {}", i + 1),
                Kind::Education => write!(buf, "College {}", i + 1),
                Kind::Infrastructure => write!(buf, "Industrial Park {}", i + 1),
                Kind::Finance => write!(buf, "Fund {}", i + 1),
            };
            let _ = write!(buf, ",{kind_name},{sector},{},", self.region_id(o.region));
            if o.member > 0 {
                buf.extend_from_slice(self.cluster_id(o.community).as_bytes());
                if o.member == 2 {
                    if let Some(&p) = self.clusters[o.community as usize].partners.first() {
                        buf.push(b'|');
                        buf.extend_from_slice(self.cluster_id(p).as_bytes());
                    }
                }
            }
            let _ = writeln!(buf, ",{},synthetic,{}", o.employees, o.community + 1);
        }
    }

    fn random_member(&self, community: u32, s: &mut Stream) -> u32 {
        let lo = self.offsets[community as usize];
        let hi = self.offsets[community as usize + 1];
        self.members[(lo + s.below(hi - lo)) as usize]
    }

    fn link_rows(&self, chunk: u64, buf: &mut Vec<u8>) {
        let mut s = Stream::new(self.config.seed, LINKS, chunk);
        let lo = chunk * LINK_CHUNK;
        let hi = (lo + LINK_CHUNK).min(self.config.links);
        let n = self.config.organisations;
        let mixing = self.config.mixing;
        let w = self.id_width;
        for _ in lo..hi {
            let a = s.below(n) as u32;
            let oa = &self.orgs[a as usize];
            let r = s.unit();
            let mut b = a;
            for _ in 0..16 {
                b = if r >= mixing {
                    self.random_member(oa.community, &mut s)
                } else if r < mixing / 2.0 {
                    match self.clusters[oa.community as usize].partners.as_slice() {
                        [] => s.below(n) as u32,
                        ps => self.random_member(ps[s.index(ps.len())], &mut s),
                    }
                } else {
                    s.below(n) as u32
                };
                if b != a {
                    break;
                }
            }
            if b == a {
                b = ((u64::from(a) + 1) % n) as u32;
            }
            let ob = &self.orgs[b as usize];
            let (ka, kb) = (KINDS[oa.kind as usize].0, KINDS[ob.kind as usize].0);
            let kind = link_kind(ka, kb);
            let weight = 1 + self
                .weights_cdf
                .partition_point(|&c| c <= s.unit())
                .min(self.weights_cdf.len() - 1);
            let _ = writeln!(
                buf,
                "P{:0w$},P{:0w$},{},{weight},{kind}",
                u64::from(a) + 1,
                u64::from(b) + 1,
                self.sectors[oa.sector as usize],
            );
        }
    }

    fn readme(&self) -> String {
        let c = self.config;
        format!(
            "# A synthetic national-scale cooperation network\n\n\
             Generated by `coopnet generate --profile national --regions {} --clusters {} \
             --organisations {} --links {} --mixing {} --seed {}`.\n\n\
             Everything here is synthetic: {} regions in {} districts, {} clusters, {} \
             organisations and {} links. Each cluster is the core of one planted cooperation \
             community; the `community` column of `participants.csv` gives each organisation's \
             community (the number of its cluster's row in `clusters.csv`), so community \
             detection can be scored against it. A share of about {} of the links leaves its \
             community, half of those towards partner communities downstream in a value chain.\n\n\
             Sector codes are OKVED2 classes (names from NACE Rev.2); see \
             `src/generate/national.rs` for the model.\n",
            c.regions,
            c.clusters,
            c.organisations,
            c.links,
            c.mixing,
            c.seed,
            c.regions,
            self.districts,
            c.clusters,
            c.organisations,
            c.links,
            c.mixing,
        )
    }
}

/// The kind of a link between organisations of kinds `a` and `b`.
fn link_kind(a: Kind, b: Kind) -> &'static str {
    let has = |k: Kind| a == k || b == k;
    if has(Kind::University) || has(Kind::Education) {
        "education"
    } else if has(Kind::Research) {
        "R&D"
    } else if has(Kind::Finance) {
        "finance"
    } else if has(Kind::Infrastructure) || has(Kind::Service) {
        "services"
    } else {
        "supply"
    }
}

/// Cumulative probabilities of link weights 1..=60: a discretised
/// log-normal (median about 7), so a weight costs one random draw.
fn weight_cdf() -> Vec<f64> {
    let density: Vec<f64> = (1..=60)
        .map(|w| {
            let x = f64::from(w);
            // log-normal density with median 6 and sigma 0.8, up to a constant;
            // ln x by bisection on exp keeps it platform-independent
            let lx = ln(x);
            let z = (lx - ln(6.0)) / 0.8;
            exp(-0.5 * z * z) / x
        })
        .collect();
    let total: f64 = density.iter().sum();
    let mut acc = 0.0;
    density
        .iter()
        .map(|d| {
            acc += d / total;
            acc
        })
        .collect()
}

/// Natural logarithm of a positive number: a first guess from the binary
/// exponent, then Newton's method on [`exp`] (platform-independent bits).
fn ln(x: f64) -> f64 {
    let e = ((x.to_bits() >> 52) & 0x7ff) as i64 - 1023;
    let m = x / f64::from_bits(((e + 1023) as u64) << 52);
    let mut y = e as f64 * std::f64::consts::LN_2 + (m - 1.0);
    for _ in 0..20 {
        let next = y - 1.0 + x / exp(y);
        if (next - y).abs() < 1e-15 {
            return next;
        }
        y = next;
    }
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_inverts_exp() {
        for &x in &[0.5, 1.0, 6.0, 60.0] {
            assert!((ln(x) - f64::ln(x)).abs() < 1e-12);
        }
    }

    #[test]
    fn weight_cdf_ends_at_one() {
        let cdf = weight_cdf();
        assert_eq!(cdf.len(), 60);
        assert!((cdf[59] - 1.0).abs() < 1e-12);
        assert!(cdf.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn rejects_bad_settings() {
        let ok = NationalConfig::default();
        assert!(ok.validate().is_ok());
        let bad = NationalConfig {
            organisations: 5,
            clusters: 3,
            ..ok.clone()
        };
        assert!(
            bad.validate()
                .unwrap_err()
                .to_string()
                .contains("--organisations")
        );
        let bad = NationalConfig { mixing: 1.5, ..ok };
        assert!(bad.validate().is_err());
    }
}
