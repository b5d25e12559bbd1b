//! The rows of the tables the `specialisation` and `relatedness` commands and
//! the main job write: one row per region and sector, one per region, one per
//! sector pair. The export module writes them as CSV and Markdown.
//!
//! | table | columns |
//! |---|---|
//! | specialisation | `region,sector,value,lq,specialised`, and with significance `test_count,test_expected,share,p_value,q_value,verdict,significant` |
//! | region indices | `region,total,diversity,herfindahl,krugman,entropy` |
//! | relatedness | `sector_a,sector_b,cooccurrence,relatedness` (pairs that co-occur) |
//! | relatedness density | `region,sector,density,specialised` |

use serde::Serialize;

use super::{
    DenseMatrix, Normalisation, ProximityDiagonal, RegionSectorMatrix, Specialisation,
    co_occurrence, proximity, relatedness, relatedness_density,
};
use crate::error::Result;

/// One region and sector.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairRow<'a> {
    /// Region id.
    pub region: &'a str,
    /// Sector code.
    pub sector: &'a str,
    /// The matrix value x_rs.
    pub value: f64,
    /// Location quotient.
    pub lq: f64,
    /// Whether LQ is at or above the threshold.
    pub specialised: bool,
    /// Its size and significance, when computed.
    #[serde(flatten)]
    pub test: Option<CellTest>,
}

/// The size and significance of one cell (see [`super::significance`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellTest {
    /// Test units of the cell (organisations, or the values).
    pub test_count: f64,
    /// Units expected at the national share.
    pub test_expected: f64,
    /// Share of the national sector, `x_rs / x_.s`.
    pub share: f64,
    /// One-sided binomial p-value of over-representation.
    pub p_value: f64,
    /// Benjamini-Hochberg q-value.
    pub q_value: f64,
    /// `passes`, `too-small`, `small-share`, `not-significant` or `not-specialised`.
    pub verdict: &'static str,
    /// Whether the cell passes every condition.
    pub significant: bool,
}

impl CellTest {
    /// The cell of region row `i` and sector column `j` of `t`.
    pub fn of(t: &super::Significance, i: usize, j: usize) -> Self {
        CellTest {
            test_count: t.count.get(i, j),
            test_expected: t.expected.get(i, j),
            share: t.share.get(i, j),
            p_value: t.p_value.get(i, j),
            q_value: t.q_value.get(i, j),
            verdict: t.verdict(i, j).name(),
            significant: t.passes(i, j),
        }
    }
}

/// One region's indices.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionRow<'a> {
    /// Region id.
    pub region: &'a str,
    /// Row total x_r.
    pub total: f64,
    /// Number of sectors it specialises in.
    pub diversity: f64,
    /// Herfindahl index.
    pub herfindahl: f64,
    /// Krugman index.
    pub krugman: f64,
    /// Shannon entropy, bits.
    pub entropy: f64,
}

/// The specialisation tables of a matrix.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpecialisationTables<'a> {
    /// Every region and sector, regions in matrix order, sectors within.
    pub specialisation: Vec<PairRow<'a>>,
    /// Every region.
    pub regions: Vec<RegionRow<'a>>,
}

impl<'a> SpecialisationTables<'a> {
    /// The rows of `m` and its specialisation `s`.
    pub fn new(m: &'a RegionSectorMatrix, s: &Specialisation) -> Self {
        let mut specialisation = Vec::with_capacity(m.n_regions() * m.n_sectors());
        for (i, region) in m.regions().iter().enumerate() {
            for (j, sector) in m.sectors().iter().enumerate() {
                specialisation.push(PairRow {
                    region,
                    sector,
                    value: m.get(i, j),
                    lq: s.lq.get(i, j),
                    specialised: s.specialised.get(i, j) == 1.0,
                    test: s.significance.as_ref().map(|t| CellTest::of(t, i, j)),
                });
            }
        }
        let totals = m.values().row_sums();
        let regions = m
            .regions()
            .iter()
            .enumerate()
            .map(|(i, region)| RegionRow {
                region,
                total: totals[i],
                diversity: s.diversity[i],
                herfindahl: s.herfindahl[i],
                krugman: s.krugman[i],
                entropy: s.entropy[i],
            })
            .collect();
        SpecialisationTables {
            specialisation,
            regions,
        }
    }
}

/// How sector relatedness is measured from co-occurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelatednessMethod {
    /// One of EconGeo's `relatedness()` normalisations.
    Normalised(Normalisation),
    /// Hidalgo et al.'s proximity, with the chosen diagonal.
    Proximity(ProximityDiagonal),
}

impl RelatednessMethod {
    /// The method's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            RelatednessMethod::Normalised(n) => n.name(),
            RelatednessMethod::Proximity(_) => "proximity",
        }
    }
}

/// Two sectors that co-occur in at least one region.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectorPair<'a> {
    /// First sector (matrix order).
    pub sector_a: &'a str,
    /// Second sector.
    pub sector_b: &'a str,
    /// Regions specialised in both.
    pub cooccurrence: f64,
    /// Their relatedness by the chosen method.
    pub relatedness: f64,
}

/// One region and sector's relatedness density.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DensityRow<'a> {
    /// Region id.
    pub region: &'a str,
    /// Sector code.
    pub sector: &'a str,
    /// Relatedness density, 0 to 100.
    pub density: f64,
    /// Whether the region already specialises in the sector.
    pub specialised: bool,
}

/// The relatedness tables of a matrix.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelatednessTables<'a> {
    /// The method used.
    #[serde(skip)]
    pub method: RelatednessMethod,
    /// Co-occurring sector pairs, in matrix order.
    pub pairs: Vec<SectorPair<'a>>,
    /// Every region and sector.
    pub density: Vec<DensityRow<'a>>,
}

impl<'a> RelatednessTables<'a> {
    /// Co-occurrence, relatedness by `method`, and relatedness density of `m`
    /// with specialisation `s`.
    pub fn new(
        m: &'a RegionSectorMatrix,
        s: &Specialisation,
        method: RelatednessMethod,
    ) -> Result<Self> {
        let c = co_occurrence(&s.specialised);
        let r: DenseMatrix = match method {
            RelatednessMethod::Normalised(n) => relatedness(&c, n)?,
            RelatednessMethod::Proximity(d) => proximity(&s.specialised, d),
        };
        let rd = relatedness_density(&s.specialised, &r)?;
        let sectors = m.sectors();
        let mut pairs = Vec::new();
        for a in 0..sectors.len() {
            for b in a + 1..sectors.len() {
                if c.get(a, b) > 0.0 {
                    pairs.push(SectorPair {
                        sector_a: &sectors[a],
                        sector_b: &sectors[b],
                        cooccurrence: c.get(a, b),
                        relatedness: r.get(a, b),
                    });
                }
            }
        }
        let mut density = Vec::with_capacity(m.n_regions() * m.n_sectors());
        for (i, region) in m.regions().iter().enumerate() {
            for (j, sector) in sectors.iter().enumerate() {
                density.push(DensityRow {
                    region,
                    sector,
                    density: rd.get(i, j),
                    specialised: s.specialised.get(i, j) == 1.0,
                });
            }
        }
        Ok(RelatednessTables {
            method,
            pairs,
            density,
        })
    }
}
