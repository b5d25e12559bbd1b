//! The tables the `specialisation` and `relatedness` commands and the main job
//! write: one row per region and sector, one per region, one per sector pair.
//!
//! | table | columns |
//! |---|---|
//! | specialisation | `region,sector,value,lq,specialised` |
//! | region indices | `region,total,diversity,herfindahl,krugman,entropy` |
//! | relatedness | `sector_a,sector_b,cooccurrence,relatedness` (pairs that co-occur) |
//! | relatedness density | `region,sector,density,specialised` |

use std::fmt::Write as _;

use serde::Serialize;

use super::{
    DenseMatrix, Normalisation, ProximityDiagonal, RegionSectorMatrix, Specialisation,
    co_occurrence, proximity, relatedness, relatedness_density,
};
use crate::error::Result;
use crate::export::escape::{csv_field, md_cell};

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

    /// `region,sector,value,lq,specialised` (specialised as 0 or 1).
    pub fn specialisation_csv(&self) -> String {
        let mut out = String::from("region,sector,value,lq,specialised\n");
        for r in &self.specialisation {
            let _ = writeln!(
                out,
                "{},{},{},{},{}",
                csv_field(r.region),
                csv_field(r.sector),
                r.value,
                r.lq,
                u8::from(r.specialised)
            );
        }
        out
    }

    /// `region,total,diversity,herfindahl,krugman,entropy`.
    pub fn regions_csv(&self) -> String {
        let mut out = String::from("region,total,diversity,herfindahl,krugman,entropy\n");
        for r in &self.regions {
            let _ = writeln!(
                out,
                "{},{},{},{},{},{}",
                csv_field(r.region),
                r.total,
                r.diversity,
                r.herfindahl,
                r.krugman,
                r.entropy
            );
        }
        out
    }

    /// The region indices as a Markdown table.
    pub fn regions_md(&self) -> String {
        let mut out = String::from(
            "## Region indices\n\n| region | total | specialisations | Herfindahl | Krugman | entropy (bits) |\n|---|---:|---:|---:|---:|---:|\n",
        );
        for r in &self.regions {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {:.4} | {:.4} | {:.4} |",
                md_cell(r.region),
                r.total,
                r.diversity,
                r.herfindahl,
                r.krugman,
                r.entropy
            );
        }
        out
    }

    /// The specialised pairs only, by region then LQ, as a Markdown table.
    pub fn specialisation_md(&self) -> String {
        let mut out = String::from(
            "## Specialisations (LQ at or above the threshold)\n\n| region | sector | value | LQ |\n|---|---|---:|---:|\n",
        );
        let mut kept: Vec<&PairRow> = self
            .specialisation
            .iter()
            .filter(|r| r.specialised)
            .collect();
        kept.sort_by(|a, b| {
            a.region
                .cmp(b.region)
                .then(b.lq.total_cmp(&a.lq))
                .then(a.sector.cmp(b.sector))
        });
        for r in kept {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {:.3} |",
                md_cell(r.region),
                md_cell(r.sector),
                r.value,
                r.lq
            );
        }
        out
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

    /// `sector_a,sector_b,cooccurrence,relatedness`.
    pub fn pairs_csv(&self) -> String {
        let mut out = String::from("sector_a,sector_b,cooccurrence,relatedness\n");
        for p in &self.pairs {
            let _ = writeln!(
                out,
                "{},{},{},{}",
                csv_field(p.sector_a),
                csv_field(p.sector_b),
                p.cooccurrence,
                p.relatedness
            );
        }
        out
    }

    /// `region,sector,density,specialised` (specialised as 0 or 1).
    pub fn density_csv(&self) -> String {
        let mut out = String::from("region,sector,density,specialised\n");
        for d in &self.density {
            let _ = writeln!(
                out,
                "{},{},{},{}",
                csv_field(d.region),
                csv_field(d.sector),
                d.density,
                u8::from(d.specialised)
            );
        }
        out
    }

    /// The pairs, most related first, as a Markdown table.
    pub fn pairs_md(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "## Related sectors ({})\n\n| sector | sector | regions with both | relatedness |\n|---|---|---:|---:|",
            self.method.name()
        );
        let mut sorted: Vec<&SectorPair> = self.pairs.iter().collect();
        sorted.sort_by(|a, b| {
            b.relatedness
                .total_cmp(&a.relatedness)
                .then(a.sector_a.cmp(b.sector_a))
        });
        for p in sorted {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {:.4} |",
                md_cell(p.sector_a),
                md_cell(p.sector_b),
                p.cooccurrence,
                p.relatedness
            );
        }
        out
    }

    /// Density of the sectors each region does not yet specialise in, as a Markdown table.
    pub fn density_md(&self) -> String {
        let mut out = String::from(
            "## Relatedness density of sectors a region does not yet specialise in\n\n| region | sector | density |\n|---|---|---:|\n",
        );
        let mut open: Vec<&DensityRow> = self
            .density
            .iter()
            .filter(|d| !d.specialised && d.density > 0.0)
            .collect();
        open.sort_by(|a, b| {
            a.region
                .cmp(b.region)
                .then(b.density.total_cmp(&a.density))
                .then(a.sector.cmp(b.sector))
        });
        for d in open {
            let _ = writeln!(
                out,
                "| {} | {} | {:.2} |",
                md_cell(d.region),
                md_cell(d.sector),
                d.density
            );
        }
        out
    }
}
