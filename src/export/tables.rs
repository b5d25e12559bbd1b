//! The specialisation and relatedness tables ([`crate::economics`]) as CSV
//! and Markdown, for the `specialisation` and `relatedness` commands and the
//! main job.
//!
//! | table | CSV columns | Markdown |
//! |---|---|---|
//! | specialisation | `region,sector,value,lq,specialised` (0 or 1) | the specialised pairs only, by region then LQ |
//! | region indices | `region,total,diversity,herfindahl,krugman,entropy` | every region |
//! | relatedness | `sector_a,sector_b,cooccurrence,relatedness` | most related first |
//! | relatedness density | `region,sector,density,specialised` (0 or 1) | sectors a region does not yet specialise in |
//!
//! Numbers in CSV are written in full (Rust's shortest round-trip form);
//! Markdown rounds them for reading.

use super::text::{csv_table, md_table};
use crate::economics::tables::{
    DensityRow, PairRow, RelatednessTables, SectorPair, SpecialisationTables,
};

fn flag(b: bool) -> String {
    u8::from(b).to_string()
}

/// `region,sector,value,lq,specialised` (specialised as 0 or 1).
pub fn specialisation_csv(t: &SpecialisationTables<'_>) -> String {
    csv_table(
        &["region", "sector", "value", "lq", "specialised"],
        &t.specialisation,
        |r| {
            [
                r.region.to_string(),
                r.sector.to_string(),
                r.value.to_string(),
                r.lq.to_string(),
                flag(r.specialised),
            ]
        },
    )
}

/// `region,total,diversity,herfindahl,krugman,entropy`.
pub fn regions_csv(t: &SpecialisationTables<'_>) -> String {
    csv_table(
        &[
            "region",
            "total",
            "diversity",
            "herfindahl",
            "krugman",
            "entropy",
        ],
        &t.regions,
        |r| {
            [
                r.region.to_string(),
                r.total.to_string(),
                r.diversity.to_string(),
                r.herfindahl.to_string(),
                r.krugman.to_string(),
                r.entropy.to_string(),
            ]
        },
    )
}

/// The region indices as a Markdown table.
pub fn regions_md(t: &SpecialisationTables<'_>) -> String {
    md_table(
        "Region indices",
        &[
            ("region", false),
            ("total", true),
            ("specialisations", true),
            ("Herfindahl", true),
            ("Krugman", true),
            ("entropy (bits)", true),
        ],
        &t.regions,
        |r| {
            [
                r.region.to_string(),
                r.total.to_string(),
                r.diversity.to_string(),
                format!("{:.4}", r.herfindahl),
                format!("{:.4}", r.krugman),
                format!("{:.4}", r.entropy),
            ]
        },
    )
}

/// The specialised pairs only, by region then LQ, as a Markdown table.
pub fn specialisation_md(t: &SpecialisationTables<'_>) -> String {
    let mut kept: Vec<&PairRow<'_>> = t.specialisation.iter().filter(|r| r.specialised).collect();
    kept.sort_by(|a, b| {
        a.region
            .cmp(b.region)
            .then(b.lq.total_cmp(&a.lq))
            .then(a.sector.cmp(b.sector))
    });
    md_table(
        "Specialisations (LQ at or above the threshold)",
        &[
            ("region", false),
            ("sector", false),
            ("value", true),
            ("LQ", true),
        ],
        kept,
        |r| {
            [
                r.region.to_string(),
                r.sector.to_string(),
                r.value.to_string(),
                format!("{:.3}", r.lq),
            ]
        },
    )
}

/// `sector_a,sector_b,cooccurrence,relatedness`.
pub fn pairs_csv(t: &RelatednessTables<'_>) -> String {
    csv_table(
        &["sector_a", "sector_b", "cooccurrence", "relatedness"],
        &t.pairs,
        |p| {
            [
                p.sector_a.to_string(),
                p.sector_b.to_string(),
                p.cooccurrence.to_string(),
                p.relatedness.to_string(),
            ]
        },
    )
}

/// `region,sector,density,specialised` (specialised as 0 or 1).
pub fn density_csv(t: &RelatednessTables<'_>) -> String {
    csv_table(
        &["region", "sector", "density", "specialised"],
        &t.density,
        |d| {
            [
                d.region.to_string(),
                d.sector.to_string(),
                d.density.to_string(),
                flag(d.specialised),
            ]
        },
    )
}

/// The pairs, most related first, as a Markdown table.
pub fn pairs_md(t: &RelatednessTables<'_>) -> String {
    let mut sorted: Vec<&SectorPair<'_>> = t.pairs.iter().collect();
    sorted.sort_by(|a, b| {
        b.relatedness
            .total_cmp(&a.relatedness)
            .then(a.sector_a.cmp(b.sector_a))
    });
    md_table(
        &format!("Related sectors ({})", t.method.name()),
        &[
            ("sector", false),
            ("sector", false),
            ("regions with both", true),
            ("relatedness", true),
        ],
        sorted,
        |p| {
            [
                p.sector_a.to_string(),
                p.sector_b.to_string(),
                p.cooccurrence.to_string(),
                format!("{:.4}", p.relatedness),
            ]
        },
    )
}

/// Density of the sectors each region does not yet specialise in, as a Markdown table.
pub fn density_md(t: &RelatednessTables<'_>) -> String {
    let mut open: Vec<&DensityRow<'_>> = t
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
    md_table(
        "Relatedness density of sectors a region does not yet specialise in",
        &[("region", false), ("sector", false), ("density", true)],
        open,
        |d| {
            [
                d.region.to_string(),
                d.sector.to_string(),
                format!("{:.2}", d.density),
            ]
        },
    )
}
