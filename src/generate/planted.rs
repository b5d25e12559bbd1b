//! The planted profile: a small synthetic country with national clusters
//! planted among decoys, so that a ranking of suggestions can be checked
//! where the answer is known (`coopnet generate --profile planted`).
//!
//! Every planted cluster has all four properties an economist asks of a
//! national cluster; every decoy lacks at least one:
//!
//! - **near**: the capitals of its regions are at most about 200 km apart
//!   (great-circle distance); a far decoy's are over 4,000 km apart;
//! - **linked**: [`LINKS_PER_STRUCTURE`] cooperation links join the
//!   organisations of its specialisations across its regions (each pair of
//!   organisations at most once, so the tiny decoy's two organisations share
//!   one link); an unlinked
//!   structure has none (and no background link joins its regions);
//! - **complementary**: its sectors are one sector in several regions, or a
//!   supplier and a buyer of the curated value chain (`datasets/value_chain.csv`,
//!   weight 0.8 or 0.9); a non-complementary decoy joins two unrelated sectors;
//! - **significant**: each region's specialisation is
//!   [`SIGNIFICANT_ORGANISATIONS`] organisations of about 100 employees
//!   (location quotient about 26 for a sector in one region, 8 to 13 for one
//!   shared by two or three, at seed 1); a tiny decoy's is one organisation of
//!   a handful of employees, in a small region, so that its location quotient
//!   is the largest of the dataset (the trap of rare sectors in small regions).
//!
//! The structures are fixed ([`STRUCTURES`]); the seed draws the rest: the
//! background economy of every region (organisations in nine common service
//! and trade divisions, with shares that vary by about 10 % between regions,
//! so that no background location quotient departs far from 1), the
//! positions of the filler regions, employees, and the links (within regions,
//! and a few between random regions). Every row is `synthetic`; the region
//! and organisation names are invented. `planted.csv` lists the structures
//! with their properties, regions, sectors, distances and links: the answer
//! the ranking is checked against (the loader does not read it).

use std::collections::BTreeSet;

use super::rng::Stream;
use super::{GeneratedFiles, allocate};
use crate::error::{Error, Result};

/// The seed of the profile when none is given.
pub const DEFAULT_SEED: u64 = 1;

/// Organisations of a significant specialisation in one region.
pub const SIGNIFICANT_ORGANISATIONS: usize = 20;

/// Cross-regional cooperation links of a linked structure.
pub const LINKS_PER_STRUCTURE: usize = 25;

/// Regions of the country (structures' and fillers').
pub const REGIONS: usize = 30;

/// Background organisations of a region of ordinary size.
const BACKGROUND_ORGANISATIONS: u64 = 200;
/// Background organisations of a small region (the tiny decoys').
const SMALL_REGION_ORGANISATIONS: u64 = 20;
/// Links between random background organisations of different regions.
const NOISE_LINKS: usize = 150;

/// Divisions of every region's background economy: construction, trade,
/// land transport, catering, IT services, real estate, education, health.
pub const BACKGROUND_SECTORS: [&str; 9] = ["41", "46", "47", "49", "56", "62", "68", "85", "86"];

/// Settings of the planted profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlantedConfig {
    /// Seed of every random draw.
    pub seed: u64,
}

impl Default for PlantedConfig {
    fn default() -> Self {
        PlantedConfig { seed: DEFAULT_SEED }
    }
}

/// Whether a structure is a planted cluster or a decoy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A planted national cluster: near, linked, complementary, significant.
    Planted,
    /// A decoy: lacks at least one of the four.
    Decoy,
}

impl Role {
    /// `planted` or `decoy`.
    pub fn name(self) -> &'static str {
        match self {
            Role::Planted => "planted",
            Role::Decoy => "decoy",
        }
    }
}

/// One planted cluster or decoy: its specialisations (region index into the
/// generated regions, `ZZ-01` being 0, and division) and its properties.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Structure {
    /// Its id in `planted.csv` (`P1`, `D-far`, ...).
    pub id: &'static str,
    /// Planted or decoy.
    pub role: Role,
    /// `(region index, division)`, one per region.
    pub members: &'static [(usize, &'static str)],
    /// Capitals close (about 200 km or less).
    pub near: bool,
    /// Cooperation links between its regions' organisations.
    pub linked: bool,
    /// One sector, or a value-chain pair.
    pub complementary: bool,
    /// Large specialisations of many organisations.
    pub significant: bool,
    /// What it stands for, in words.
    pub what: &'static str,
}

/// The structures of the profile. Regions 0-18 are theirs; 19-29 are fillers.
pub const STRUCTURES: [Structure; 9] = [
    Structure {
        id: "P1",
        role: Role::Planted,
        members: &[(0, "08"), (1, "32")],
        near: true,
        linked: true,
        complementary: true,
        significant: true,
        what: "precious-stone mining (08) supplies jewellery (32) next door",
    },
    Structure {
        id: "P2",
        role: Role::Planted,
        members: &[(2, "06"), (3, "19")],
        near: true,
        linked: true,
        complementary: true,
        significant: true,
        what: "crude oil and gas (06) supplies a refinery region (19)",
    },
    Structure {
        id: "P3",
        role: Role::Planted,
        members: &[(4, "21"), (5, "21"), (6, "21")],
        near: true,
        linked: true,
        complementary: true,
        significant: true,
        what: "pharmaceuticals (21) in three neighbouring regions",
    },
    Structure {
        id: "P4",
        role: Role::Planted,
        members: &[(7, "26"), (8, "26")],
        near: true,
        linked: true,
        complementary: true,
        significant: true,
        what: "electronics (26) in two neighbouring regions",
    },
    Structure {
        id: "D-far",
        role: Role::Decoy,
        members: &[(9, "13"), (10, "14")],
        near: false,
        linked: true,
        complementary: true,
        significant: true,
        what: "textiles (13) and apparel (14), linked, but over 4,000 km apart",
    },
    Structure {
        id: "D-unlinked",
        role: Role::Decoy,
        members: &[(11, "02"), (12, "16")],
        near: true,
        linked: false,
        complementary: true,
        significant: true,
        what: "forestry (02) and wood products (16) next door, with no cooperation between them",
    },
    Structure {
        id: "D-tiny",
        role: Role::Decoy,
        members: &[(13, "12"), (14, "12")],
        near: true,
        linked: true,
        complementary: true,
        significant: false,
        what: "tobacco (12): one organisation of a few employees in each of two small regions, the largest location quotients of the dataset",
    },
    Structure {
        id: "D-unrelated",
        role: Role::Decoy,
        members: &[(15, "58"), (16, "93")],
        near: true,
        linked: true,
        complementary: false,
        significant: true,
        what: "publishing (58) and sports (93): near and linked, but no value chain joins them",
    },
    Structure {
        id: "D-chain-only",
        role: Role::Decoy,
        members: &[(17, "03"), (18, "10")],
        near: false,
        linked: false,
        complementary: true,
        significant: false,
        what: "fishing (03) and food (10): a value-chain pair and nothing else (far, unlinked, one small organisation each)",
    },
];

/// Capitals of the structures' regions (latitude, longitude), in
/// [`STRUCTURES`] order of their regions: pairs about 150-200 km apart where
/// near, over 4,000 km where far.
const POSITIONS: [(f64, f64); 19] = [
    (61.0, 40.0),
    (60.0, 42.0),
    (56.0, 50.0),
    (57.5, 51.5),
    (52.0, 60.0),
    (53.0, 62.0),
    (51.5, 62.5),
    (58.0, 70.0),
    (59.0, 72.5),
    (55.0, 32.0),
    (62.0, 110.0),
    (64.0, 90.0),
    (63.0, 93.0),
    (50.0, 100.0),
    (51.0, 102.0),
    (47.0, 44.0),
    (48.0, 46.0),
    (46.0, 134.0),
    (66.0, 36.0),
];

/// Great-circle distance in km between two (lat, lon) points in degrees
/// ([`haversine_km`](crate::economics::geography::haversine_km)).
pub fn great_circle_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    crate::economics::geography::haversine_km(a.0, a.1, b.0, b.1)
}

/// The id of region `i` (`ZZ-01`, ...; `ZZ` is a code ISO 3166 leaves to users).
pub fn region_id(i: usize) -> String {
    format!("ZZ-{:02}", i + 1)
}

struct Org {
    sector: &'static str,
    region: usize,
    employees: u64,
    kind: &'static str,
    name: String,
}

struct LinkRec {
    source: usize,
    target: usize,
    sector: &'static str,
    weight: u64,
    kind: &'static str,
}

// Purposes of the random streams.
const POSITIONS_STREAM: u64 = 1;
const ORGS_STREAM: u64 = 2;
const LINKS_STREAM: u64 = 3;

/// Generates the planted profile in memory: `regions.csv`,
/// `participants.csv`, `links.csv`, `planted.csv` and `README.md`.
///
/// # Errors
///
/// Only on a failure to write CSV into memory.
pub fn generate_planted(config: &PlantedConfig) -> Result<GeneratedFiles> {
    let mut s = Stream::new(config.seed, POSITIONS_STREAM, 0);
    let mut positions: Vec<(f64, f64)> = POSITIONS.to_vec();
    while positions.len() < REGIONS {
        // fillers anywhere in the country's box, at least 300 km from every
        // structure's region so that none is "near" by accident
        let p = (45.0 + 20.0 * s.unit(), 30.0 + 105.0 * s.unit());
        if POSITIONS.iter().all(|&q| great_circle_km(p, q) >= 300.0) {
            positions.push(p);
        }
    }
    let small: BTreeSet<usize> = STRUCTURES
        .iter()
        .filter(|st| st.id == "D-tiny")
        .flat_map(|st| st.members.iter().map(|m| m.0))
        .collect();
    let mut orgs: Vec<Org> = Vec::new();
    let mut by_region: Vec<Vec<usize>> = vec![Vec::new(); REGIONS];
    // background economy
    for r in 0..REGIONS {
        let mut s = Stream::new(config.seed, ORGS_STREAM, r as u64);
        let n = if small.contains(&r) {
            SMALL_REGION_ORGANISATIONS
        } else if r < POSITIONS.len() {
            BACKGROUND_ORGANISATIONS
        } else {
            // fillers: 0.5 to 1.5 times an ordinary region
            (BACKGROUND_ORGANISATIONS as f64 * (0.5 + s.unit())).round() as u64
        };
        let weights: Vec<f64> = BACKGROUND_SECTORS
            .iter()
            .map(|_| 0.9 + 0.2 * s.unit())
            .collect();
        let per_sector = allocate(n, &weights);
        for (k, &m) in per_sector.iter().enumerate() {
            for i in 0..m {
                let employees = (s.lognormal(80.0, 0.6).round() as u64).max(1);
                push_org(
                    &mut orgs,
                    &mut by_region,
                    BACKGROUND_SECTORS[k],
                    r,
                    employees,
                    i,
                );
            }
        }
    }
    // the structures' specialisations
    let mut members_of: Vec<Vec<Vec<usize>>> = Vec::new();
    for (k, st) in STRUCTURES.iter().enumerate() {
        let mut s = Stream::new(config.seed, ORGS_STREAM, 1000 + k as u64);
        let mut groups = Vec::new();
        for &(r, sector) in st.members {
            let mut group = Vec::new();
            let n = if st.significant {
                SIGNIFICANT_ORGANISATIONS
            } else {
                1
            };
            for i in 0..n {
                let employees = if st.significant {
                    (s.lognormal(100.0, 0.4).round() as u64).max(1)
                } else {
                    s.between(4, 9)
                };
                group.push(push_org(
                    &mut orgs,
                    &mut by_region,
                    sector,
                    r,
                    employees,
                    i as u64,
                ));
            }
            groups.push(group);
        }
        members_of.push(groups);
    }
    // links
    let mut links: Vec<LinkRec> = Vec::new();
    let mut s = Stream::new(config.seed, LINKS_STREAM, 0);
    for local in &by_region {
        for &a in local {
            for _ in 0..s.between(1, 2) {
                let b = local[s.index(local.len())];
                if a != b {
                    links.push(link(&orgs, a, b, "services", &mut s));
                }
            }
        }
    }
    let same_structure = |a: usize, b: usize| {
        STRUCTURES
            .iter()
            .any(|st| st.members.iter().any(|m| m.0 == a) && st.members.iter().any(|m| m.0 == b))
    };
    let mut made = 0;
    while made < NOISE_LINKS {
        let a = s.index(orgs.len());
        let b = s.index(orgs.len());
        let (ra, rb) = (orgs[a].region, orgs[b].region);
        if ra == rb || same_structure(ra, rb) {
            continue;
        }
        links.push(link(&orgs, a, b, "services", &mut s));
        made += 1;
    }
    for (k, st) in STRUCTURES.iter().enumerate() {
        if !st.linked {
            continue;
        }
        let groups = &members_of[k];
        let kind = if st.members.iter().all(|m| m.1 == st.members[0].1) {
            "joint project"
        } else {
            "supply"
        };
        // distinct pairs of organisations only: a tiny structure (one
        // organisation a region) has a single link
        let pairs: usize = (0..groups.len())
            .flat_map(|i| (i + 1..groups.len()).map(move |j| (i, j)))
            .map(|(i, j)| groups[i].len() * groups[j].len())
            .sum();
        let want = LINKS_PER_STRUCTURE.min(pairs);
        let mut seen: BTreeSet<(usize, usize)> = BTreeSet::new();
        let mut made = 0;
        let mut tries = 0;
        while made < want && tries < 100 * LINKS_PER_STRUCTURE {
            tries += 1;
            let i = s.index(groups.len());
            let j = s.index(groups.len());
            if i == j {
                continue;
            }
            // the supplier (first member) first
            let (i, j) = if i < j { (i, j) } else { (j, i) };
            let a = groups[i][s.index(groups[i].len())];
            let b = groups[j][s.index(groups[j].len())];
            if !seen.insert((a, b)) {
                continue;
            }
            links.push(link(&orgs, a, b, kind, &mut s));
            made += 1;
        }
    }
    let mut files = GeneratedFiles::default();
    files.push("regions.csv", regions_csv(&positions)?);
    files.push("participants.csv", participants_csv(&orgs)?);
    files.push("links.csv", links_csv(&links)?);
    files.push("planted.csv", planted_csv(&positions, &orgs, &links)?);
    files.push("README.md", readme(config.seed, &orgs, &links).into_bytes());
    Ok(files)
}

fn push_org(
    orgs: &mut Vec<Org>,
    by_region: &mut [Vec<usize>],
    sector: &'static str,
    region: usize,
    employees: u64,
    i: u64,
) -> usize {
    let kind = if BACKGROUND_SECTORS.contains(&sector) {
        "service"
    } else {
        "production"
    };
    orgs.push(Org {
        sector,
        region,
        employees,
        kind,
        name: format!("Region {:02} {sector} organisation {}", region + 1, i + 1),
    });
    by_region[region].push(orgs.len() - 1);
    orgs.len() - 1
}

fn link(orgs: &[Org], a: usize, b: usize, kind: &'static str, s: &mut Stream) -> LinkRec {
    LinkRec {
        source: a,
        target: b,
        sector: orgs[a].sector,
        weight: s.between(1, 5),
        kind,
    }
}

fn org_id(i: usize) -> String {
    format!("Z{:05}", i + 1)
}

fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new())
}

fn done(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>> {
    w.into_inner()
        .map_err(|e| Error::parameter("planted", format!("cannot write CSV: {e}")))
}

fn csv_err(e: csv::Error) -> Error {
    Error::parameter("planted", format!("cannot write CSV: {e}"))
}

fn district(lon: f64) -> &'static str {
    if lon < 60.0 {
        "West"
    } else if lon < 100.0 {
        "Centre"
    } else {
        "East"
    }
}

fn regions_csv(positions: &[(f64, f64)]) -> Result<Vec<u8>> {
    let mut w = writer();
    w.write_record(["id", "name", "district", "lat", "lon", "provenance"])
        .map_err(csv_err)?;
    for (i, &(lat, lon)) in positions.iter().enumerate() {
        w.write_record([
            region_id(i),
            format!("Region {:02}", i + 1),
            district(lon).to_string(),
            format!("{lat:.4}"),
            format!("{lon:.4}"),
            "synthetic".to_string(),
        ])
        .map_err(csv_err)?;
    }
    done(w)
}

fn participants_csv(orgs: &[Org]) -> Result<Vec<u8>> {
    let mut w = writer();
    w.write_record([
        "id",
        "name",
        "kind",
        "sector",
        "region",
        "employees",
        "provenance",
    ])
    .map_err(csv_err)?;
    for (i, o) in orgs.iter().enumerate() {
        w.write_record([
            org_id(i),
            o.name.clone(),
            o.kind.to_string(),
            o.sector.to_string(),
            region_id(o.region),
            o.employees.to_string(),
            "synthetic".to_string(),
        ])
        .map_err(csv_err)?;
    }
    done(w)
}

fn links_csv(links: &[LinkRec]) -> Result<Vec<u8>> {
    let mut w = writer();
    w.write_record(["source", "target", "sector", "weight", "kind", "provenance"])
        .map_err(csv_err)?;
    for l in links {
        w.write_record([
            org_id(l.source),
            org_id(l.target),
            l.sector.to_string(),
            l.weight.to_string(),
            l.kind.to_string(),
            "synthetic".to_string(),
        ])
        .map_err(csv_err)?;
    }
    done(w)
}

/// Links between the regions of `st` (any sector), and the employees of each
/// of its specialisations.
fn measured(st: &Structure, orgs: &[Org], links: &[LinkRec]) -> (usize, Vec<u64>) {
    let regions: BTreeSet<usize> = st.members.iter().map(|m| m.0).collect();
    let between = links
        .iter()
        .filter(|l| {
            let (a, b) = (orgs[l.source].region, orgs[l.target].region);
            a != b && regions.contains(&a) && regions.contains(&b)
        })
        .count();
    let employees = st
        .members
        .iter()
        .map(|&(r, sector)| {
            orgs.iter()
                .filter(|o| o.region == r && o.sector == sector)
                .map(|o| o.employees)
                .sum()
        })
        .collect();
    (between, employees)
}

fn planted_csv(positions: &[(f64, f64)], orgs: &[Org], links: &[LinkRec]) -> Result<Vec<u8>> {
    let mut w = writer();
    w.write_record([
        "id",
        "role",
        "regions",
        "sectors",
        "near",
        "linked",
        "complementary",
        "significant",
        "max_distance_km",
        "links_between",
        "employees",
        "what",
        "provenance",
    ])
    .map_err(csv_err)?;
    for st in &STRUCTURES {
        let mut max_km: f64 = 0.0;
        for &(a, _) in st.members {
            for &(b, _) in st.members {
                max_km = max_km.max(great_circle_km(positions[a], positions[b]));
            }
        }
        let (between, employees) = measured(st, orgs, links);
        let join = |v: Vec<String>| v.join("|");
        w.write_record([
            st.id.to_string(),
            st.role.name().to_string(),
            join(st.members.iter().map(|m| region_id(m.0)).collect()),
            join(st.members.iter().map(|m| m.1.to_string()).collect()),
            st.near.to_string(),
            st.linked.to_string(),
            st.complementary.to_string(),
            st.significant.to_string(),
            format!("{max_km:.0}"),
            between.to_string(),
            join(employees.iter().map(u64::to_string).collect()),
            st.what.to_string(),
            "synthetic".to_string(),
        ])
        .map_err(csv_err)?;
    }
    done(w)
}

fn readme(seed: u64, orgs: &[Org], links: &[LinkRec]) -> String {
    let mut table = String::new();
    for st in &STRUCTURES {
        let (between, employees) = measured(st, orgs, links);
        let yes = |b: bool| if b { "yes" } else { "**no**" };
        table.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} ({} links between its regions; employees {}) |\n",
            st.id,
            st.role.name(),
            st.members
                .iter()
                .map(|m| format!("{} in {}", m.1, region_id(m.0)))
                .collect::<Vec<_>>()
                .join(", "),
            yes(st.near),
            yes(st.linked),
            yes(st.complementary),
            yes(st.significant),
            st.what,
            between,
            employees
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(" and "),
        ));
    }
    format!(
        "# planted: national clusters planted among decoys (synthetic)\n\n\
         Generated by `coopnet generate --profile planted --seed {seed}`. **Everything here is\n\
         synthetic**: regions, organisations and links are invented, every row says so in its\n\
         `provenance` column, and any likeness to a real place or organisation is chance. Sector\n\
         codes are OKVED2 / NACE Rev.2 divisions.\n\n\
         A ranking of national-cluster suggestions (`coopnet suggest`) should put each planted\n\
         cluster in its top ranks and every decoy below them. `planted.csv` is the answer key\n\
         (coopnet's loader does not read it); `tests/suggest_planted.rs` holds the ranking to it.\n\n\
         {regions} regions ({structure_regions} for the structures below, the rest fillers at least\n\
         300 km from them), {orgs} organisations, {links} links. Every region has a background\n\
         economy in divisions {background} with shares varying by about 10 % between regions.\n\n\
         | id | role | specialisations | near | linked | complementary | significant | what |\n\
         |---|---|---|---|---|---|---|---|\n{table}\n\
         Near: capitals about 150-200 km apart (great-circle); far: over 4,000 km. Linked:\n\
         {per} cooperation links between the structure's regions (one for the tiny decoy's single\n\
         pair of organisations). Complementary: one sector, or a\n\
         pair of the curated value chain. Significant: {sig} organisations of about 100 employees\n\
         per region; a tiny one is a single organisation of 4 to 9 employees (the tiny tobacco\n\
         decoy in regions of {small} organisations, so that its location quotients are the\n\
         dataset's largest).\n",
        regions = REGIONS,
        structure_regions = POSITIONS.len(),
        orgs = orgs.len(),
        links = links.len(),
        background = BACKGROUND_SECTORS.join(", "),
        per = LINKS_PER_STRUCTURE,
        sig = SIGNIFICANT_ORGANISATIONS,
        small = SMALL_REGION_ORGANISATIONS,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_by_hand() {
        // one degree of latitude: 6371.0088 * pi / 180 = 111.195 km
        let d = great_circle_km((50.0, 30.0), (51.0, 30.0));
        assert!((d - 111.195).abs() < 0.01, "{d}");
        assert_eq!(great_circle_km((10.0, 10.0), (10.0, 10.0)), 0.0);
    }

    #[test]
    fn structures_have_the_properties_they_claim() {
        let files = generate_planted(&PlantedConfig::default()).unwrap();
        let again = generate_planted(&PlantedConfig::default()).unwrap();
        assert_eq!(files, again);
        let mut rdr = csv::Reader::from_reader(files.get("planted.csv").unwrap());
        let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), STRUCTURES.len());
        for (st, row) in STRUCTURES.iter().zip(&rows) {
            let km: f64 = row[8].parse().unwrap();
            let links: usize = row[9].parse().unwrap();
            if st.near {
                assert!(km <= 250.0, "{}: {km} km", st.id);
            } else {
                assert!(km >= 4000.0, "{}: {km} km", st.id);
            }
            if st.linked && st.significant {
                assert!(links >= LINKS_PER_STRUCTURE, "{}: {links}", st.id);
            } else if st.linked {
                assert!(links >= 1, "{}: {links}", st.id);
            } else {
                assert_eq!(links, 0, "{}", st.id);
            }
            let employees: Vec<u64> = row[10].split('|').map(|e| e.parse().unwrap()).collect();
            for e in employees {
                if st.significant {
                    assert!(e >= 1000, "{}: {e}", st.id);
                } else {
                    assert!(e < 10, "{}: {e}", st.id);
                }
            }
        }
    }
}
