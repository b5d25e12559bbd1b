//! Evidence beyond specialisation: the cooperation already observed between
//! regions and the distance between them, as a factor on the edges of the
//! specialisation graph and as facts in every suggestion.
//!
//! # Observed cooperation
//!
//! `L_rq` counts the links of `links.csv` between organisations of regions
//! `r != q` (a link to a cluster counts for the cluster's region when it has
//! one; links inside one region are not cooperation between regions). Every
//! edge between `r` and `q` is multiplied by the **tie boost**
//! `1 + beta ln(1 + L_rq)`. Existing collaboration is the strongest predictor
//! of further collaboration between regions: social and institutional
//! proximity lower the cost of new joint work (Boschma 2005, "Proximity and
//! innovation: a critical assessment", *Regional Studies* 39(1), 61), and
//! inter-regional co-operation grows with prior ties beyond what distance
//! explains (Ponds, van Oort and Frenken 2007, "The geographical and
//! institutional proximity of research collaboration", *Papers in Regional
//! Science* 86(3), 423). The logarithm gives the first links the most weight
//! and keeps a pair with hundreds of links from swamping complementarity.
//! Default `beta` = [`DEFAULT_LINK_BOOST`] = 1: one observed link multiplies
//! an edge by `1 + ln 2 = 1.69`, about what halving the distance from the
//! decay scale gains (`exp(1/2) = 1.65`), so one tie and proximity weigh
//! alike.
//!
//! # Geography
//!
//! `d_rq` is the great-circle distance between the regions' capitals
//! ([`crate::economics::geography::haversine_km`], from `lat`/`lon` of
//! `regions.csv`), or the user's own distance from `distances.csv` (km or
//! travel time). Every edge is multiplied by the exponential **distance
//! decay** `exp(-d_rq / d0)` of the gravity model (Wilson 1967;
//! Fotheringham and O'Kelly 1989). The default scale `d0` is the **median
//! distance between the dataset's regions** ([`DistanceScale::Median`]): a
//! pair at the typical distance keeps `1/e` of its weight, whatever the
//! size of the country, so the same default means the same for Germany's
//! Länder and Russia's federal subjects. A pair whose distance is unknown
//! (a region without coordinates and not in `distances.csv`) is treated as
//! lying at `d0` (factor `1/e`): neither favoured nor penalised against a
//! typical pair; the report lists those regions.
//!
//! Both factors multiply the edges the specialisation graph keeps (each
//! specialisation's strongest partners by complementarity): they change
//! which of them community detection groups together, and the scores, but
//! never join regions with nothing to exchange. Weighting before the
//! pruning would let every node scan all regions of its partner sectors
//! (the bounds of the candidate search no longer hold), several times
//! slower at 1000 regions.

use std::collections::HashMap;

use serde::Serialize;

use super::{LinkKind, SpecialisationGraph, Suggestion};
use crate::economics::geography::{EARTH_RADIUS_KM, exponential_decay, haversine_km, median};
use crate::error::{Error, Result};
use crate::graph::CsrGraph;
use crate::load::distances::DistanceTable;
use crate::model::{Dataset, Endpoint, SectorLevel};

/// Per region pair `(r, q)`, `r < q`: `(sector of one end, sector of the other, weight)` of each link.
type PairLinks = HashMap<(u32, u32), Vec<(u32, u32, f64)>>;
/// Default tie boost `beta`: 1 (see the module docs).
pub const DEFAULT_LINK_BOOST: f64 = 1.0;

/// The scale `d0` of the distance decay.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DistanceScale {
    /// The median distance between the dataset's regions (the default).
    Median,
    /// A given scale, in the distances' unit.
    Fixed(f64),
    /// No distance decay.
    Off,
}

/// Parameters of the evidence factors.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EvidenceConfig {
    /// `beta` of the tie boost (0: off; [`DEFAULT_LINK_BOOST`]).
    pub link_boost: f64,
    /// The scale of the distance decay ([`DistanceScale::Median`]).
    pub distance_scale: DistanceScale,
}

impl Default for EvidenceConfig {
    fn default() -> Self {
        EvidenceConfig {
            link_boost: DEFAULT_LINK_BOOST,
            distance_scale: DistanceScale::Median,
        }
    }
}

impl EvidenceConfig {
    /// Checks the parameters.
    ///
    /// # Errors
    ///
    /// [`Error::Parameter`] for a negative or non-finite boost or a fixed
    /// scale that is not a positive finite number.
    pub fn validate(&self) -> Result<()> {
        if !(self.link_boost.is_finite() && self.link_boost >= 0.0) {
            return Err(Error::parameter(
                "link-boost",
                format!("{} is not a finite number >= 0", self.link_boost),
            ));
        }
        if let DistanceScale::Fixed(d0) = self.distance_scale
            && !(d0.is_finite() && d0 > 0.0)
        {
            return Err(Error::parameter(
                "distance-scale",
                format!("{d0} is not a positive finite number"),
            ));
        }
        Ok(())
    }
}

/// A factor on every edge between two regions: the evidence of observed
/// cooperation and geography (the module docs). `factor[r * n + q]`
/// multiplies every edge between regions `r` and `q` (symmetric, positive,
/// finite); `max[r]` is the largest factor of region `r` with another region,
/// which bounds the candidate search.
#[derive(Debug, Clone, PartialEq)]
pub struct PairFactors {
    /// Number of regions (the matrix's).
    pub n: usize,
    /// Row-major `n x n` factors.
    pub factor: Vec<f64>,
    /// Each region's largest factor with another region.
    pub max: Vec<f64>,
}

impl PairFactors {
    /// Factors from a symmetric row-major `n x n` matrix (the diagonal is
    /// ignored).
    ///
    /// # Errors
    ///
    /// [`Error::Parameter`] when the matrix is not `n x n` or not symmetric,
    /// or a factor is not a positive finite number.
    pub fn new(n: usize, factor: Vec<f64>) -> Result<PairFactors> {
        if factor.len() != n * n {
            return Err(Error::parameter(
                "pair factors",
                format!("{} values for {n} regions", factor.len()),
            ));
        }
        if let Some(bad) = factor.iter().find(|f| !(f.is_finite() && **f > 0.0)) {
            return Err(Error::parameter(
                "pair factors",
                format!("{bad} is not a positive finite number"),
            ));
        }
        for r in 0..n {
            for q in r + 1..n {
                if factor[r * n + q] != factor[q * n + r] {
                    return Err(Error::parameter(
                        "pair factors",
                        format!("not symmetric between regions {r} and {q}"),
                    ));
                }
            }
        }
        let max = (0..n)
            .map(|r| {
                (0..n)
                    .filter(|&q| q != r)
                    .map(|q| factor[r * n + q])
                    .fold(0.0, f64::max)
            })
            .collect();
        Ok(PairFactors { n, factor, max })
    }
}

/// Multiplies every edge of `g` between regions `r` and `q` by
/// `pairs.factor[r * n + q]` (see [`PairFactors`]).
///
/// # Errors
///
/// [`Error::Parameter`] when `pairs` is not for the graph's regions.
pub fn weight_by_pairs(g: &mut SpecialisationGraph, pairs: &PairFactors) -> Result<()> {
    if pairs.n != g.regions.len() {
        return Err(Error::parameter(
            "pair factors",
            "computed for another set of regions",
        ));
    }
    let n = pairs.n;
    let mut weights = Vec::with_capacity(g.graph.arc_count());
    for u in 0..g.graph.node_count() as u32 {
        let ru = g.nodes[u as usize].region;
        for (v, w) in g.graph.neighbors(u) {
            let rv = g.nodes[v as usize].region;
            weights.push(w * pairs.factor[ru * n + rv]);
        }
    }
    g.graph = CsrGraph::from_raw_parts(
        g.graph.offsets().to_vec(),
        g.graph.targets().to_vec(),
        weights,
    )
    .ok_or_else(|| Error::internal("evidence weighting: the reweighted graph is inconsistent"))?;
    Ok(())
}

/// Whether a suggestion builds on cooperation already observed among its
/// regions or proposes new ties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Ties {
    /// Links of `links.csv` join organisations of its regions.
    Existing,
    /// No observed link joins its regions.
    #[default]
    New,
}

impl Ties {
    /// `existing` or `new`, as in the outputs.
    pub fn name(self) -> &'static str {
        match self {
            Ties::Existing => "existing",
            Ties::New => "new",
        }
    }
}

/// Observed links and distance between two regions of a suggestion.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct PairEvidence {
    /// One region's id (the first in the suggestion's order).
    pub region_a: String,
    /// Its name.
    pub region_a_name: String,
    /// The other region's id.
    pub region_b: String,
    /// Its name.
    pub region_b_name: String,
    /// Their distance (`None` when unknown).
    pub distance: Option<f64>,
    /// `great-circle` or the distances file's name; `unknown`.
    pub distance_source: String,
    /// Links between them with either end in one of the suggestion's sectors.
    pub links_in_sectors: u32,
    /// The summed weight of those links.
    pub weight_in_sectors: f64,
    /// Links between them in any sector.
    pub links: u32,
    /// The summed weight of those links.
    pub weight: f64,
    /// The factor on the edges between them: tie boost times distance decay.
    pub factor: f64,
}

/// The observed cooperation and distances of a suggestion.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct SuggestionEvidence {
    /// Links among its regions with either end in one of its sectors (at the
    /// suggestion's sector level).
    pub links_in_sectors: u32,
    /// Their summed weight.
    pub weight_in_sectors: f64,
    /// Links among its regions in any sector.
    pub links: u32,
    /// Their summed weight.
    pub weight: f64,
    /// The largest distance between two of its regions (`None` when one is unknown).
    pub max_distance: Option<f64>,
    /// The unit of the distances (`km`, `min`, `h`).
    pub distance_unit: String,
    /// Every pair of its regions.
    pub pairs: Vec<PairEvidence>,
}

/// How the evidence was computed, for the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvidenceSummary {
    /// `beta` of the tie boost `1 + beta ln(1 + L)`.
    pub link_boost: f64,
    /// `exponential` (`exp(-d / d0)`) or `off`.
    pub distance_decay: &'static str,
    /// The scale `d0` used, in `distance_unit`.
    pub distance_scale: Option<f64>,
    /// Where `d0` comes from, in words.
    pub distance_scale_source: String,
    /// Unit of the distances.
    pub distance_unit: &'static str,
    /// Where the distances come from, in words.
    pub distance_source: String,
    /// Regions (`Name (ID)`) with no known distance to some other region
    /// for want of their own coordinates (or, with a distances file not in
    /// km, of a row of it).
    pub regions_without_distance: Vec<String>,
    /// What the decay does for a pair of unknown distance, in words.
    pub unknown_distance: String,
    /// Links between organisations of two different regions of the matrix.
    pub inter_regional_links: usize,
    /// Links inside one region (not counted as ties between regions).
    pub within_region_links: usize,
    /// Links with an end not placed in one region of the matrix (a cluster
    /// spanning several regions, or a region without activity).
    pub unplaced_links: usize,
}

/// One region's end of a link: its region and its sector, as indices of the
/// matrix (`u32::MAX` for a sector outside it).
type End = (u32, u32);

/// The evidence of a dataset over the matrix's regions and sectors.
#[derive(Debug, Clone)]
pub struct RegionEvidence {
    regions: Vec<String>,
    names: Vec<String>,
    sector_index: HashMap<String, u32>,
    n: usize,
    distance: Vec<Option<f64>>,
    from_table: Vec<bool>,
    table_name: Option<String>,
    links: Vec<u32>,
    weights: Vec<f64>,
    /// Per region pair `(r, q)`, `r < q`: the sectors of each link's two ends and its weight.
    pair_links: PairLinks,
    scale: Option<f64>,
    boost: f64,
    summary: EvidenceSummary,
}

impl RegionEvidence {
    /// Counts the links between the regions `regions` (the matrix's ids,
    /// sectors `sectors` at `level`) and measures their distances, from
    /// `distances` where given (see the module docs).
    ///
    /// # Errors
    ///
    /// [`Error::Parameter`] for an invalid configuration.
    pub fn new(
        ds: &Dataset,
        regions: &[String],
        sectors: &[String],
        level: SectorLevel,
        distances: Option<&DistanceTable>,
        config: &EvidenceConfig,
    ) -> Result<RegionEvidence> {
        config.validate()?;
        let n = regions.len();
        let region_ids: Vec<Option<crate::model::RegionId>> =
            regions.iter().map(|r| ds.region_id(r)).collect();
        let names: Vec<String> = regions
            .iter()
            .zip(&region_ids)
            .map(|(id, r)| r.map_or_else(|| id.clone(), |r| ds.region(r).name.clone()))
            .collect();
        let mut index_of_region = vec![u32::MAX; ds.regions.len()];
        for (i, r) in region_ids.iter().enumerate() {
            if let Some(r) = r {
                index_of_region[r.index()] = i as u32;
            }
        }
        let sector_index: HashMap<String, u32> = sectors
            .iter()
            .enumerate()
            .map(|(i, s)| (s.clone(), i as u32))
            .collect();
        // distances
        let use_table_only = distances.is_some_and(|t| !t.is_km());
        let mut distance = vec![None; n * n];
        let mut from_table = vec![false; n * n];
        for r in 0..n {
            for q in r + 1..n {
                let mut d = distances.and_then(|t| t.get(&regions[r], &regions[q]));
                let table = d.is_some();
                if d.is_none() && !use_table_only {
                    d = match (region_ids[r], region_ids[q]) {
                        (Some(a), Some(b)) => {
                            let (a, b) = (ds.region(a), ds.region(b));
                            match (a.lat, a.lon, b.lat, b.lon) {
                                (Some(la), Some(lo), Some(lb), Some(lob)) => {
                                    Some(haversine_km(la, lo, lb, lob))
                                }
                                _ => None,
                            }
                        }
                        _ => None,
                    };
                }
                for k in [r * n + q, q * n + r] {
                    distance[k] = d;
                    from_table[k] = table;
                }
            }
        }
        let unit = distances.map_or("km", |t| t.unit);
        let mut known: Vec<f64> = (0..n)
            .flat_map(|r| (r + 1..n).map(move |q| (r, q)))
            .filter_map(|(r, q)| distance[r * n + q])
            .collect();
        let pairs_known = known.len();
        let scale = match config.distance_scale {
            DistanceScale::Off => None,
            DistanceScale::Fixed(d0) => Some(d0),
            DistanceScale::Median => median(&mut known).filter(|&m| m > 0.0),
        };
        let scale_source = match config.distance_scale {
            DistanceScale::Off => "off (--distance-scale 0)".to_string(),
            DistanceScale::Fixed(_) => "given (--distance-scale)".to_string(),
            DistanceScale::Median if scale.is_some() => format!(
                "the median of the {pairs_known} known distances between the dataset's regions"
            ),
            DistanceScale::Median => {
                "none: no two regions have a known distance, so there is no decay".to_string()
            }
        };
        // a region is listed when it lacks a distance to some other region
        // for want of its own coordinates (or, with a table not in km, of a row)
        let has_coordinates = |r: usize| {
            region_ids[r].is_some_and(|id| {
                let x = ds.region(id);
                x.lat.is_some() && x.lon.is_some()
            })
        };
        let without: Vec<String> = (0..n)
            .filter(|&r| use_table_only || !has_coordinates(r))
            .filter(|&r| (0..n).any(|q| q != r && distance[r * n + q].is_none()))
            .map(|r| {
                if names[r] == regions[r] {
                    regions[r].clone()
                } else {
                    format!("{} ({})", names[r], regions[r])
                }
            })
            .collect();
        let distance_source = match distances {
            Some(t) if t.is_km() => format!(
                "{} ({} pairs, km); other pairs: great-circle between region capitals \
                 (haversine, R = {EARTH_RADIUS_KM} km)",
                t.file,
                t.len()
            ),
            Some(t) => format!(
                "{} ({} pairs, {}); pairs it does not list are unknown (its unit is not km)",
                t.file,
                t.len(),
                t.unit
            ),
            None => format!(
                "great-circle between region capitals (regions.csv lat/lon; haversine, R = {EARTH_RADIUS_KM} km)"
            ),
        };
        // links
        let mut code_cache: HashMap<u32, u32> = HashMap::new();
        let mut sector_of = |sid: crate::model::SectorId| -> u32 {
            *code_cache.entry(sid.0).or_insert_with(|| {
                ds.sectors
                    .code_at(ds.sectors.code(sid), level)
                    .and_then(|c| sector_index.get(&c).copied())
                    .unwrap_or(u32::MAX)
            })
        };
        let mut end = |e: Endpoint| -> Option<End> {
            let (region, sector) = match e {
                Endpoint::Participant(p) => {
                    let p = ds.participant(p);
                    (p.region, p.sector)
                }
                Endpoint::Cluster(c) => {
                    let c = ds.cluster(c);
                    match c.regions[..] {
                        [r] => (r, c.sector),
                        _ => return None,
                    }
                }
            };
            let r = index_of_region[region.index()];
            (r != u32::MAX).then(|| (r, sector_of(sector)))
        };
        let mut links = vec![0u32; n * n];
        let mut weights = vec![0.0f64; n * n];
        let mut pair_links: PairLinks = HashMap::new();
        let (mut inter, mut within, mut unplaced) = (0, 0, 0);
        for l in &ds.links {
            let (Some(a), Some(b)) = (end(l.source), end(l.target)) else {
                unplaced += 1;
                continue;
            };
            if a.0 == b.0 {
                within += 1;
                continue;
            }
            inter += 1;
            let (a, b) = if a.0 < b.0 { (a, b) } else { (b, a) };
            let (r, q) = (a.0 as usize, b.0 as usize);
            for k in [r * n + q, q * n + r] {
                links[k] += 1;
                weights[k] += l.weight;
            }
            pair_links
                .entry((a.0, b.0))
                .or_default()
                .push((a.1, b.1, l.weight));
        }
        let boost = config.link_boost;
        let summary = EvidenceSummary {
            link_boost: boost,
            distance_decay: if scale.is_some() {
                "exponential"
            } else {
                "off"
            },
            distance_scale: scale,
            distance_scale_source: scale_source,
            distance_unit: unit,
            distance_source,
            unknown_distance: match scale {
                Some(d0) if !without.is_empty() => format!(
                    "a pair of unknown distance is treated as lying at d0 = {}: factor 1/e = 0.368, \
                     neither favoured nor penalised against a typical pair",
                    distance_text(Some(d0), unit)
                ),
                Some(_) => "every pair has a known distance".to_string(),
                None => "no distance decay: distance does not change the ranking".to_string(),
            },
            regions_without_distance: without,
            inter_regional_links: inter,
            within_region_links: within,
            unplaced_links: unplaced,
        };
        Ok(RegionEvidence {
            regions: regions.to_vec(),
            names,
            sector_index,
            n,
            distance,
            from_table,
            table_name: distances.map(|t| t.file.clone()),
            links,
            weights,
            pair_links,
            scale,
            boost,
            summary,
        })
    }

    /// How the evidence was computed.
    pub fn summary(&self) -> &EvidenceSummary {
        &self.summary
    }

    /// The factor between regions `r` and `q` (indices of the matrix):
    /// `(1 + beta ln(1 + L_rq)) exp(-d_rq / d0)` (see the module docs).
    pub fn factor(&self, r: usize, q: usize) -> f64 {
        let k = r * self.n + q;
        let boost = 1.0 + self.boost * (self.links[k] as f64).ln_1p();
        let decay = match self.scale {
            Some(d0) => exponential_decay(self.distance[k].unwrap_or(d0), d0),
            None => 1.0,
        };
        boost * decay
    }

    /// The factors of every pair of regions for the graph, or `None` when
    /// every factor is 1 (no decay, and no links or no boost).
    ///
    /// # Errors
    ///
    /// Only if a factor were not a positive number (a bug).
    pub fn pair_factors(&self) -> Result<Option<PairFactors>> {
        let n = self.n;
        let any_boost = self.boost > 0.0 && self.links.iter().any(|&l| l > 0);
        if self.scale.is_none() && !any_boost {
            return Ok(None);
        }
        let mut factor = vec![1.0; n * n];
        for r in 0..n {
            for q in r + 1..n {
                let f = self.factor(r, q);
                factor[r * n + q] = f;
                factor[q * n + r] = f;
            }
        }
        PairFactors::new(n, factor).map(Some)
    }

    fn region(&self, id: &str) -> Option<usize> {
        self.regions.iter().position(|r| r == id)
    }

    fn distance_source(&self, k: usize) -> String {
        match (self.distance[k], self.from_table[k], &self.table_name) {
            (None, _, _) => "unknown".to_string(),
            (Some(_), true, Some(name)) => name.clone(),
            _ => "great-circle".to_string(),
        }
    }

    /// Links between regions `r < q` with either end in `sectors` (indices):
    /// their count and weight.
    fn links_in(&self, r: usize, q: usize, sectors: &[u32]) -> (u32, f64) {
        let (a, b) = (r.min(q) as u32, r.max(q) as u32);
        self.pair_links.get(&(a, b)).map_or((0, 0.0), |list| {
            list.iter()
                .filter(|(x, y, _)| sectors.contains(x) || sectors.contains(y))
                .fold((0, 0.0), |(c, w), &(_, _, lw)| (c + 1, w + lw))
        })
    }

    /// The evidence between regions `r` and `q` (indices of the matrix),
    /// with links counted in `sectors` (indices).
    fn pair_at(&self, r: usize, q: usize, sectors: &[u32]) -> PairEvidence {
        let k = r * self.n + q;
        let (li, wi) = self.links_in(r, q, sectors);
        PairEvidence {
            region_a: self.regions[r].clone(),
            region_a_name: self.names[r].clone(),
            region_b: self.regions[q].clone(),
            region_b_name: self.names[q].clone(),
            distance: self.distance[k],
            distance_source: self.distance_source(k),
            links_in_sectors: li,
            weight_in_sectors: wi,
            links: self.links[k],
            weight: self.weights[k],
            factor: self.factor(r, q),
        }
    }

    /// The evidence between regions `a` and `b` (ids), with links counted in
    /// the sectors `sectors` (codes at the matrix's level), and the distance
    /// decay alone (1 without decay); `None` when a region is not in the matrix.
    pub fn between(&self, a: &str, b: &str, sectors: &[&str]) -> Option<(PairEvidence, f64)> {
        let (r, q) = (self.region(a)?, self.region(b)?);
        let idx: Vec<u32> = sectors
            .iter()
            .filter_map(|c| self.sector_index.get(*c).copied())
            .collect();
        let decay = match self.scale {
            Some(d0) => exponential_decay(self.distance[r * self.n + q].unwrap_or(d0), d0),
            None => 1.0,
        };
        Some((self.pair_at(r, q, &idx), decay))
    }

    /// Fills in a suggestion's observed cooperation, distances and ties, and
    /// puts its explanation into words with names, distance and links:
    /// `08 Other mining and quarrying in Sakha (RU-SA) (LQ 40.1, p 2.0e-62,
    /// q 1.1e-60) supplies 32 Other manufacturing in Kostroma Oblast (RU-KOS)
    /// (LQ 41.0, p ..., q ...), 180 km, 25 observed links,
    /// 25 in these sectors`, each specialisation with its LQ, p- and
    /// q-value. `sector_name` names a sector code; with `undirected` (a value
    /// chain from coagglomeration, which has no direction) a value-chain
    /// line says that one sector co-locates with the other, not that it
    /// supplies it.
    pub fn describe(
        &self,
        s: &mut Suggestion,
        sector_name: &dyn Fn(&str) -> String,
        undirected: bool,
    ) {
        let idx: Vec<Option<usize>> = s.regions.iter().map(|r| self.region(r)).collect();
        let sectors: Vec<u32> = s
            .sectors
            .iter()
            .filter_map(|c| self.sector_index.get(c).copied())
            .collect();
        let unit = self.summary.distance_unit;
        let mut ev = SuggestionEvidence {
            distance_unit: unit.to_string(),
            ..SuggestionEvidence::default()
        };
        let mut max_distance = Some(0.0f64);
        for i in 0..idx.len() {
            for j in i + 1..idx.len() {
                let (Some(r), Some(q)) = (idx[i], idx[j]) else {
                    max_distance = None;
                    continue;
                };
                let pair = self.pair_at(r, q, &sectors);
                max_distance = match (max_distance, pair.distance) {
                    (Some(m), Some(d)) => Some(m.max(d)),
                    _ => None,
                };
                ev.links_in_sectors += pair.links_in_sectors;
                ev.weight_in_sectors += pair.weight_in_sectors;
                ev.links += pair.links;
                ev.weight += pair.weight;
                ev.pairs.push(pair);
            }
        }
        ev.max_distance = if ev.pairs.is_empty() {
            None
        } else {
            max_distance
        };
        s.ties = if ev.links > 0 {
            Ties::Existing
        } else {
            Ties::New
        };
        s.evidence = ev;
        let named = |id: &str| match self.region(id) {
            Some(r) if self.names[r] != *id => format!("{} ({id})", self.names[r]),
            _ => id.to_string(),
        };
        let sector = |code: &str| {
            let name = sector_name(code);
            if name.is_empty() || name == code {
                code.to_string()
            } else {
                format!("{code} {name}")
            }
        };
        for e in &mut s.explanation {
            let (r, q) = (
                self.region(&e.supplier_region),
                self.region(&e.buyer_region),
            );
            let (d, links, within) = match (r, q) {
                (Some(r), Some(q)) => {
                    let mine: Vec<u32> = [&e.supplier_sector, &e.buyer_sector]
                        .iter()
                        .filter_map(|c| self.sector_index.get(*c).copied())
                        .collect();
                    (
                        self.distance[r * self.n + q],
                        self.links[r * self.n + q],
                        self.links_in(r, q, &mine).0,
                    )
                }
                _ => (None, 0, 0),
            };
            e.supplier_region_name = r.map_or_else(String::new, |r| self.names[r].clone());
            e.buyer_region_name = q.map_or_else(String::new, |q| self.names[q].clone());
            e.supplier_sector_name = sector_name(&e.supplier_sector);
            e.buyer_sector_name = sector_name(&e.buyer_sector);
            e.distance = d;
            e.links = links;
            e.links_in_sectors = within;
            let these = if e.kind == LinkKind::Sectoral {
                "in this sector"
            } else {
                "in these sectors"
            };
            let tail = format!(
                "{}, {}",
                distance_text(d, unit),
                links_text(links, within, these)
            );
            let lq = |region: &str, code: &str, v: f64| {
                let m = s
                    .members
                    .iter()
                    .find(|m| m.region == region && m.sector == code);
                lq_text(v, m.and_then(|m| m.p_value), m.and_then(|m| m.q_value))
            };
            let (a, b) = (
                lq(&e.supplier_region, &e.supplier_sector, e.supplier_lq),
                lq(&e.buyer_region, &e.buyer_sector, e.buyer_lq),
            );
            let verb = if undirected {
                "co-locates with"
            } else {
                "supplies"
            };
            e.text = match e.kind {
                LinkKind::ValueChain => format!(
                    "{} in {} ({a}) {verb} {} in {} ({b}), {tail}",
                    sector(&e.supplier_sector),
                    named(&e.supplier_region),
                    sector(&e.buyer_sector),
                    named(&e.buyer_region)
                ),
                LinkKind::Sectoral => format!(
                    "{} and {} both specialise in {} ({a}; {b}), {tail}",
                    named(&e.supplier_region),
                    named(&e.buyer_region),
                    sector(&e.supplier_sector),
                ),
            };
        }
    }
}

/// `LQ 19.2, p 3.1e-31, q 1.2e-29`; the LQ alone when untested.
pub fn lq_text(lq: f64, p: Option<f64>, q: Option<f64>) -> String {
    match (p, q) {
        (Some(p), Some(q)) => format!("LQ {lq:.1}, p {}, q {}", p_text(p), p_text(q)),
        _ => format!("LQ {lq:.1}"),
    }
}

/// A p- or q-value in words: `0.012`, `3.1e-31`, `< 1e-300` for an
/// underflow to 0.
pub fn p_text(p: f64) -> String {
    if p <= 0.0 {
        "< 1e-300".to_string()
    } else if p < 0.001 {
        format!("{p:.1e}")
    } else {
        format!("{p:.3}")
    }
}

/// `7,352 km`, `95 min`, `distance unknown`.
pub fn distance_text(d: Option<f64>, unit: &str) -> String {
    match d {
        Some(d) => format!("{} {unit}", grouped(d)),
        None => "distance unknown".to_string(),
    }
}

/// `no observed links`, `1 observed link, 1 in these sectors`.
fn links_text(links: u32, within: u32, these: &str) -> String {
    match links {
        0 => "no observed links".to_string(),
        1 => format!("1 observed link, {within} {these}"),
        n => format!("{} observed links, {within} {these}", grouped(n as f64)),
    }
}

/// A number rounded to a whole, with thousands separated by commas: `7,352`.
pub fn grouped(x: f64) -> String {
    let v = x.round();
    let digits = format!("{}", v.abs() as u64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0.0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::economics::{Measure, matrix_from_dataset};

    /// The synthetic split case of `tests/data/split_pair` and its evidence.
    fn case(config: &EvidenceConfig, table: Option<&DistanceTable>) -> (Dataset, RegionEvidence) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/split_pair");
        let ds = crate::load::load_dataset(&dir).unwrap();
        let m = matrix_from_dataset(&ds, Measure::Employees, SectorLevel::Division)
            .unwrap()
            .matrix;
        let ev = RegionEvidence::new(
            &ds,
            m.regions(),
            m.sectors(),
            SectorLevel::Division,
            table,
            config,
        )
        .unwrap();
        (ds, ev)
    }

    fn at(ev: &RegionEvidence, a: &str, b: &str) -> (usize, usize) {
        (ev.region(a).unwrap(), ev.region(b).unwrap())
    }

    #[test]
    fn links_in_the_sectors_and_in_any_sector() {
        let (_, ev) = case(&EvidenceConfig::default(), None);
        let (min, jew) = at(&ev, "X-MIN", "X-JEW");
        let k = min * ev.n + jew;
        // 24 links of weight 2 between mines and jewellery works, 1 of weight 1 between their stores
        assert_eq!((ev.links[k], ev.weights[k]), (25, 49.0));
        let s = |c: &str| ev.sector_index[c];
        assert_eq!(ev.links_in(min, jew, &[s("08"), s("32")]), (24, 48.0));
        assert_eq!(ev.links_in(jew, min, &[s("47")]), (1, 1.0));
        assert_eq!(ev.links_in(min, jew, &[s("86")]), (0, 0.0));
        // a link counts when either end is in the sectors: hospital to stores is in 86
        let (h1, h2) = at(&ev, "X-H1", "X-H2");
        assert_eq!(ev.links_in(h1, h2, &[s("86")]), (3, 3.0));
        assert_eq!(ev.links_in(h1, h2, &[s("47")]), (1, 1.0));
        let e = ev.summary();
        assert_eq!(
            (
                e.inter_regional_links,
                e.within_region_links,
                e.unplaced_links
            ),
            (29, 1, 0)
        );
    }

    #[test]
    fn boost_and_decay_by_hand() {
        let (_, ev) = case(&EvidenceConfig::default(), None);
        // d0 = median of the 10 known great-circle distances (X-H3 has no coordinates)
        let d0 = ev.summary().distance_scale.unwrap();
        assert!((d0 - 1205.617).abs() < 0.01, "{d0}");
        let (min, jew) = at(&ev, "X-MIN", "X-JEW");
        let d = ev.distance[min * ev.n + jew].unwrap();
        assert!((d - 180.003).abs() < 0.01, "{d}");
        // (1 + ln 26) exp(-180.003 / 1205.617) = 4.258097 * 0.861308 = 3.667532
        assert!((ev.factor(min, jew) - 3.667532).abs() < 1e-5);
        // no links and no coordinates: treated as lying at d0, factor 1/e
        let (h3, cap) = at(&ev, "X-H3", "X-CAP");
        assert_eq!(ev.distance[h3 * ev.n + cap], None);
        assert!((ev.factor(h3, cap) - (-1.0f64).exp()).abs() < 1e-12);
        let e = ev.summary();
        assert_eq!(
            e.regions_without_distance,
            ["Health region 3 (synthetic; no coordinates) (X-H3)"]
        );
        assert!(
            e.unknown_distance.contains("treated as lying at d0"),
            "{}",
            e.unknown_distance
        );
        // the graph's factors are these, symmetric
        let f = ev.pair_factors().unwrap().unwrap();
        assert_eq!(f.factor[min * f.n + jew], f.factor[jew * f.n + min]);
        assert_eq!(f.factor[min * f.n + jew], ev.factor(min, jew));
        // both off: no factors at all; boost alone: 1 + ln 26
        let off = EvidenceConfig {
            link_boost: 0.0,
            distance_scale: DistanceScale::Off,
        };
        assert!(case(&off, None).1.pair_factors().unwrap().is_none());
        let boost_only = EvidenceConfig {
            distance_scale: DistanceScale::Off,
            ..EvidenceConfig::default()
        };
        let (_, b) = case(&boost_only, None);
        assert!((b.factor(min, jew) - (1.0 + 26f64.ln())).abs() < 1e-12);
        assert!(
            EvidenceConfig {
                link_boost: -1.0,
                ..EvidenceConfig::default()
            }
            .validate()
            .is_err()
        );
    }

    #[test]
    fn a_users_distances_replace_great_circle() {
        let known = ["X-MIN", "X-JEW", "X-H1", "X-H2", "X-H3", "X-CAP"];
        let km = crate::load::distances::from_bytes(
            b"from,to,km\nX-MIN,X-JEW,250\nX-H3,X-CAP,900\n".to_vec(),
            "distances.csv",
            &Default::default(),
            &known,
        )
        .unwrap();
        let (_, ev) = case(&EvidenceConfig::default(), Some(&km));
        let (min, jew) = at(&ev, "X-MIN", "X-JEW");
        assert_eq!(ev.distance[min * ev.n + jew], Some(250.0));
        assert_eq!(ev.distance_source(min * ev.n + jew), "distances.csv");
        // km: unlisted pairs keep their great-circle distance
        let (h1, h2) = at(&ev, "X-H1", "X-H2");
        assert!((ev.distance[h1 * ev.n + h2].unwrap() - 845.502).abs() < 0.01);
        assert!(ev.summary().regions_without_distance.len() == 1);
        // minutes: only the listed pairs are known
        let minutes = crate::load::distances::from_bytes(
            b"from,to,minutes\nX-MIN,X-JEW,150\n".to_vec(),
            "distances.csv",
            &Default::default(),
            &known,
        )
        .unwrap();
        let (_, ev) = case(&EvidenceConfig::default(), Some(&minutes));
        assert_eq!(ev.summary().distance_unit, "min");
        assert_eq!(ev.distance[h1 * ev.n + h2], None);
        assert_eq!(ev.summary().distance_scale, Some(150.0));
        assert_eq!(ev.summary().regions_without_distance.len(), 6);
    }

    #[test]
    fn words_of_numbers() {
        assert_eq!(grouped(7352.4), "7,352");
        assert_eq!(grouped(180.0), "180");
        assert_eq!(grouped(1_234_567.0), "1,234,567");
        assert_eq!(distance_text(None, "km"), "distance unknown");
        assert_eq!(links_text(0, 0, "in these sectors"), "no observed links");
        assert_eq!(
            links_text(25, 24, "in these sectors"),
            "25 observed links, 24 in these sectors"
        );
    }
}
