//! The specialisation and relatedness tables ([`crate::economics`]) as CSV
//! and Markdown, for the `specialisation` and `relatedness` commands and the
//! main job.
//!
//! | table | CSV columns | Markdown |
//! |---|---|---|
//! | specialisation | `region,sector,value,lq,specialised` (0 or 1), and with significance `test_count,test_expected,share,p_value,q_value,verdict,significant` | the specialised pairs only, by region then LQ, with p- and q-values and verdict |
//! | region indices | `region,total,diversity,herfindahl,krugman,entropy` | every region |
//! | relatedness | `sector_a,sector_b,cooccurrence,relatedness` | most related first |
//! | relatedness density | `region,sector,density,specialised` (0 or 1) | sectors a region does not yet specialise in |
//!
//! Numbers in CSV are written in full (Rust's shortest round-trip form);
//! Markdown rounds them for reading.

use super::text::{csv_table, md_table};
use crate::economics::tables::{
    CellTest, DensityRow, PairRow, RelatednessTables, SectorPair, SpecialisationTables,
};

fn flag(b: bool) -> String {
    u8::from(b).to_string()
}

/// `region,sector,value,lq,specialised` (specialised as 0 or 1), and when
/// the table carries significance
/// `test_count,test_expected,share,p_value,q_value,verdict,significant`.
pub fn specialisation_csv(t: &SpecialisationTables<'_>) -> String {
    let tested = t.specialisation.iter().any(|r| r.test.is_some());
    let mut header = vec!["region", "sector", "value", "lq", "specialised"];
    if tested {
        header.extend([
            "test_count",
            "test_expected",
            "share",
            "p_value",
            "q_value",
            "verdict",
            "significant",
        ]);
    }
    csv_table(&header, &t.specialisation, |r| {
        let mut row = vec![
            r.region.to_string(),
            r.sector.to_string(),
            r.value.to_string(),
            r.lq.to_string(),
            flag(r.specialised),
        ];
        if let Some(c) = &r.test {
            row.extend([
                c.test_count.to_string(),
                c.test_expected.to_string(),
                c.share.to_string(),
                p_csv(c.p_value),
                p_csv(c.q_value),
                c.verdict.to_string(),
                flag(c.significant),
            ]);
        }
        row
    })
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

/// The specialised pairs only, by region then LQ, as a Markdown table; with
/// significance, their p- and q-values and verdict too.
pub fn specialisation_md(t: &SpecialisationTables<'_>) -> String {
    let mut kept: Vec<&PairRow<'_>> = t.specialisation.iter().filter(|r| r.specialised).collect();
    kept.sort_by(|a, b| {
        a.region
            .cmp(b.region)
            .then(b.lq.total_cmp(&a.lq))
            .then(a.sector.cmp(b.sector))
    });
    if kept.iter().any(|r| r.test.is_some()) {
        let passing = kept
            .iter()
            .filter(|r| r.test.as_ref().is_some_and(|c| c.significant))
            .count();
        return md_table(
            &format!(
                "Specialisations (LQ at or above the threshold; {passing} of {} pass size, share and significance)",
                kept.len()
            ),
            &[
                ("region", false),
                ("sector", false),
                ("value", true),
                ("LQ", true),
                ("share", true),
                ("tested units", true),
                ("expected", true),
                ("p-value", true),
                ("q-value", true),
                ("verdict", false),
            ],
            kept,
            |r| {
                let c = r.test.as_ref();
                let num = |f: fn(&CellTest) -> f64, digits: usize| {
                    c.map_or_else(String::new, |c| format!("{:.digits$}", f(c)))
                };
                [
                    r.region.to_string(),
                    r.sector.to_string(),
                    r.value.to_string(),
                    format!("{:.3}", r.lq),
                    c.map_or_else(String::new, |c| format!("{:.2} %", 100.0 * c.share)),
                    c.map_or_else(String::new, |c| c.test_count.to_string()),
                    num(|c| c.test_expected, 2),
                    c.map_or_else(String::new, |c| p_text(c.p_value)),
                    c.map_or_else(String::new, |c| p_text(c.q_value)),
                    c.map_or_else(String::new, |c| c.verdict.to_string()),
                ]
            },
        );
    }
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

/// A p- or q-value in CSV: in full, in exponent form below 1e-4 (still the
/// shortest form that reads back to the same number).
fn p_csv(p: f64) -> String {
    if p > 0.0 && p < 1e-4 {
        format!("{p:e}")
    } else {
        p.to_string()
    }
}

/// A p- or q-value for reading: three significant digits, `< 1e-300` below that.
pub fn p_text(p: f64) -> String {
    if p == 0.0 {
        "< 1e-300".to_string()
    } else if p < 0.001 {
        format!("{p:.2e}")
    } else {
        format!("{p:.3}")
    }
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
