//! Regional specialisation over time: growth, entry and exit of
//! specialisations, and whether relatedness predicted the entries.
//!
//! Everything starts from a [`Panel`] (a region x sector matrix per year,
//! read by `crate::load::panel` or built from participants by year,
//! `crate::load::registry`). [`compare`] takes two of its years and computes,
//! on the regions and sectors active in both:
//!
//! - growth of every cell, region and sector ([`growth`], EconGeo
//!   `growth_mat`, `growth_reg`, `growth_ind`);
//! - location quotients and binary specialisation in each year (the
//!   existing `crate::economics::specialisation`, threshold 1 by default);
//! - entries and exits of specialisations ([`events`], EconGeo `entry_list`,
//!   `exit_list`);
//! - relatedness density at the first year from that year's specialisations
//!   (`crate::economics::RelatednessTables`, EconGeo's `prob` by default),
//!   and the back-test of entry on density ([`backtest`]: AUC and a linear
//!   probability model with region and sector fixed effects).
//!
//! When links have years, [`link_backtest`] asks the same of the
//! national-cluster suggestions: do those of `t0` predict the pairs of
//! regions that start cooperating after it, and the new links in the
//! suggestions' sectors ([`links`], "Two levels")?
//!
//! The [`Panel`] itself is a model type (`crate::model::panel`), re-exported
//! here, since the readers build it.
//!
//! Formulas and sources: `docs/measures.md`, section "Dynamics".
//!
//! ```
//! use coopnet::dynamics::{Panel, DynamicsConfig, compare};
//! let panel = Panel::from_records([
//!     ("A", "x", 2019, 10.0), ("A", "y", 2019, 1.0), ("B", "x", 2019, 1.0), ("B", "y", 2019, 10.0),
//!     ("C", "x", 2019, 6.0), ("C", "y", 2019, 4.0),
//!     ("A", "x", 2022, 10.0), ("A", "y", 2022, 1.0), ("B", "x", 2022, 1.0), ("B", "y", 2022, 10.0),
//!     ("C", "x", 2022, 2.0), ("C", "y", 2022, 8.0),
//! ]).unwrap();
//! let d = compare(&panel, 2019, 2022, &DynamicsConfig::default()).unwrap();
//! // C moves from x (LQ 1.13 in 2019) to y (LQ 1.35 in 2022)
//! assert_eq!((d.entries, d.exits), (1, 1));
//! assert_eq!(d.backtest.candidates, 3);
//! ```

pub mod backtest;
pub mod events;
pub mod growth;
pub mod links;

use serde::Serialize;

pub use crate::model::panel::{Panel, participants_panel};
pub use backtest::{Lpm, auc, lpm_two_way};
pub use events::{Transition, entry_list, exit_list};
pub use growth::{
    IndicatorGrowth, growth_ind, growth_mat, growth_rate, growth_reg, indicator_growth,
};
pub use links::{LinkBacktest, SectorBacktest, Suggested, link_backtest, score_backtest};

use crate::economics::{
    DenseMatrix, Normalisation, RegionSectorMatrix, RelatednessMethod, RelatednessTables,
    SpecialisationConfig, specialisation,
};
use crate::error::Result;

/// Parameters of [`compare`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DynamicsConfig {
    /// A region specialises in a sector when its LQ is at least this (1, as EconGeo).
    pub threshold: f64,
    /// How relatedness is measured from the first year's co-occurrences
    /// (EconGeo's default `prob`, as `coopnet relatedness`).
    pub relatedness: RelatednessMethod,
}

impl Default for DynamicsConfig {
    fn default() -> Self {
        DynamicsConfig {
            threshold: crate::economics::specialisation::DEFAULT_THRESHOLD,
            relatedness: RelatednessMethod::Normalised(Normalisation::Prob),
        }
    }
}

/// What happened to one region and sector's specialisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Event {
    /// Not specialised in the first year, specialised in the second.
    Entry,
    /// Specialised in the first year, not in the second.
    Exit,
    /// Specialised in both.
    Kept,
    /// Specialised in neither.
    None,
}

impl Event {
    /// The name in tables.
    pub fn name(self) -> &'static str {
        match self {
            Event::Entry => "entry",
            Event::Exit => "exit",
            Event::Kept => "kept",
            Event::None => "none",
        }
    }
}

/// One region and sector in both years.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellChange {
    /// Region id.
    pub region: String,
    /// Sector code.
    pub sector: String,
    /// Value in the first year.
    pub value_from: f64,
    /// Value in the second year.
    pub value_to: f64,
    /// Growth, % (EconGeo `growth_mat`); `None` from 0.
    pub growth_pct: Option<f64>,
    /// Location quotient in the first year.
    pub lq_from: f64,
    /// Location quotient in the second year.
    pub lq_to: f64,
    /// Relatedness density in the first year (0 to 100).
    pub density_from: f64,
    /// What happened to the specialisation.
    pub event: Event,
}

/// A total in both years and its growth.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TotalChange {
    /// Region id or sector code (`all` for the grand total).
    pub label: String,
    /// Total in the first year.
    pub from: f64,
    /// Total in the second year.
    pub to: f64,
    /// Growth, %; `None` from 0.
    pub growth_pct: Option<f64>,
}

/// The relatedness back-test of one pair of years.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelatednessBacktest {
    /// The relatedness measure the density was computed with.
    pub relatedness: &'static str,
    /// Candidate cells (not specialised in the first year).
    pub candidates: usize,
    /// Entries among them.
    pub entries: usize,
    /// AUC of density for entry; `None` without entries or without non-entries.
    pub auc: Option<f64>,
    /// The linear probability model; `None` when it cannot be estimated.
    pub lpm: Option<Lpm>,
    /// Mean density of the entering cells.
    pub mean_density_entries: Option<f64>,
    /// Mean density of the other candidates.
    pub mean_density_others: Option<f64>,
}

/// Everything [`compare`] finds between two years.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dynamics {
    /// The first year.
    pub from: i32,
    /// The second year.
    pub to: i32,
    /// Every year of the panel.
    pub panel_years: Vec<i32>,
    /// The specialisation threshold.
    pub threshold: f64,
    /// Regions compared (active in both years), sorted.
    pub regions: Vec<String>,
    /// Sectors compared (active in both years), sorted.
    pub sectors: Vec<String>,
    /// Regions left out: no activity in one of the years.
    pub regions_left_out: Vec<String>,
    /// Sectors left out: no activity in one of the years.
    pub sectors_left_out: Vec<String>,
    /// Every region and sector compared, regions then sectors in order.
    pub cells: Vec<CellChange>,
    /// Region totals (EconGeo `growth_reg`).
    pub region_totals: Vec<TotalChange>,
    /// Sector totals (EconGeo `growth_ind`).
    pub sector_totals: Vec<TotalChange>,
    /// The grand total.
    pub total: TotalChange,
    /// Specialisations in the first year.
    pub specialised_from: usize,
    /// Specialisations in the second year.
    pub specialised_to: usize,
    /// Entries.
    pub entries: usize,
    /// Exits.
    pub exits: usize,
    /// Does density predict entry?
    pub backtest: RelatednessBacktest,
}

/// The sub-matrix of `m` on rows `rows` and columns `cols`.
fn restrict(m: &RegionSectorMatrix, rows: &[usize], cols: &[usize]) -> Result<RegionSectorMatrix> {
    let mut values = DenseMatrix::zeros(rows.len(), cols.len());
    for (i, &r) in rows.iter().enumerate() {
        for (j, &c) in cols.iter().enumerate() {
            values.set(i, j, m.get(r, c));
        }
    }
    RegionSectorMatrix::new(
        rows.iter().map(|&r| m.regions()[r].clone()).collect(),
        cols.iter().map(|&c| m.sectors()[c].clone()).collect(),
        values,
    )
}

fn totals(labels: &[String], a: &[f64], b: &[f64]) -> Vec<TotalChange> {
    labels
        .iter()
        .zip(a.iter().zip(b))
        .map(|(l, (&x, &y))| TotalChange {
            label: l.clone(),
            from: x,
            to: y,
            growth_pct: growth_rate(x, y),
        })
        .collect()
}

fn mean(v: impl Iterator<Item = f64>) -> Option<f64> {
    let (s, n) = v.fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
    (n > 0).then(|| s / n as f64)
}

/// Compares years `from` and `to` of `panel` (see the module docs).
///
/// # Errors
///
/// [`crate::Error::Parameter`] when the panel lacks a year, `to` is not after
/// `from`, the threshold is invalid, or fewer than two regions or sectors are
/// active in both years.
pub fn compare(panel: &Panel, from: i32, to: i32, config: &DynamicsConfig) -> Result<Dynamics> {
    panel.check_years(from, to)?;
    let (Some(m0), Some(m1)) = (panel.matrix(from), panel.matrix(to)) else {
        return Err(crate::Error::parameter("--from", "year missing")); // checked above
    };
    let (r0, r1) = (m0.values().row_sums(), m1.values().row_sums());
    let (c0, c1) = (m0.values().col_sums(), m1.values().col_sums());
    let rows: Vec<usize> = (0..r0.len())
        .filter(|&i| r0[i] > 0.0 && r1[i] > 0.0)
        .collect();
    let cols: Vec<usize> = (0..c0.len())
        .filter(|&j| c0[j] > 0.0 && c1[j] > 0.0)
        .collect();
    let left = |labels: &[String], kept: &[usize]| {
        (0..labels.len())
            .filter(|i| kept.binary_search(i).is_err())
            .map(|i| labels[i].clone())
            .collect::<Vec<_>>()
    };
    let regions_left_out = left(m0.regions(), &rows);
    let sectors_left_out = left(m0.sectors(), &cols);
    if rows.len() < 2 || cols.len() < 2 {
        return Err(crate::Error::parameter(
            "panel",
            format!(
                "{} regions and {} sectors have values in both {from} and {to}; at least 2 of each are needed",
                rows.len(),
                cols.len()
            ),
        ));
    }
    let (a, b) = (restrict(m0, &rows, &cols)?, restrict(m1, &rows, &cols)?);
    let spec_config = SpecialisationConfig {
        threshold: config.threshold,
    };
    let (s0, s1) = (
        specialisation(&a, &spec_config)?,
        specialisation(&b, &spec_config)?,
    );
    let density = RelatednessTables::new(&a, &s0, config.relatedness)?.density;
    let growth = growth_mat(a.values(), b.values())?;
    let n_sectors = a.n_sectors();
    let mut cells = Vec::with_capacity(a.n_regions() * n_sectors);
    for (i, region) in a.regions().iter().enumerate() {
        for (j, sector) in a.sectors().iter().enumerate() {
            let (was, is) = (
                s0.specialised.get(i, j) == 1.0,
                s1.specialised.get(i, j) == 1.0,
            );
            cells.push(CellChange {
                region: region.clone(),
                sector: sector.clone(),
                value_from: a.get(i, j),
                value_to: b.get(i, j),
                growth_pct: growth[i * n_sectors + j],
                lq_from: s0.lq.get(i, j),
                lq_to: s1.lq.get(i, j),
                density_from: density[i * n_sectors + j].density,
                event: match (was, is) {
                    (false, true) => Event::Entry,
                    (true, false) => Event::Exit,
                    (true, true) => Event::Kept,
                    (false, false) => Event::None,
                },
            });
        }
    }
    let entry = entry_list(&s0.specialised, &s1.specialised)?;
    let exits = exit_list(&s0.specialised, &s1.specialised)?
        .iter()
        .filter(|t| t.happened)
        .count();
    let scores: Vec<f64> = entry
        .iter()
        .map(|t| density[t.region * n_sectors + t.sector].density)
        .collect();
    let labels: Vec<bool> = entry.iter().map(|t| t.happened).collect();
    let y: Vec<f64> = labels.iter().map(|&l| f64::from(u8::from(l))).collect();
    let reg: Vec<u32> = entry.iter().map(|t| t.region as u32).collect();
    let sec: Vec<u32> = entry.iter().map(|t| t.sector as u32).collect();
    let pick = |want: bool| {
        mean(
            scores
                .iter()
                .zip(&labels)
                .filter(move |(_, l)| **l == want)
                .map(|(s, _)| *s),
        )
    };
    let backtest = RelatednessBacktest {
        relatedness: config.relatedness.name(),
        candidates: entry.len(),
        entries: labels.iter().filter(|&&l| l).count(),
        auc: auc(&scores, &labels),
        lpm: lpm_two_way(&y, &scores, &reg, &sec)?,
        mean_density_entries: pick(true),
        mean_density_others: pick(false),
    };
    let (ta, tb) = (a.values().total(), b.values().total());
    Ok(Dynamics {
        from,
        to,
        panel_years: panel.years().to_vec(),
        threshold: config.threshold,
        region_totals: totals(a.regions(), &a.values().row_sums(), &b.values().row_sums()),
        sector_totals: totals(a.sectors(), &a.values().col_sums(), &b.values().col_sums()),
        total: TotalChange {
            label: "all".to_string(),
            from: ta,
            to: tb,
            growth_pct: growth_rate(ta, tb),
        },
        regions: a.regions().to_vec(),
        sectors: a.sectors().to_vec(),
        regions_left_out,
        sectors_left_out,
        specialised_from: s0
            .specialised
            .as_slice()
            .iter()
            .filter(|&&v| v == 1.0)
            .count(),
        specialised_to: s1
            .specialised
            .as_slice()
            .iter()
            .filter(|&&v| v == 1.0)
            .count(),
        entries: backtest.entries,
        exits,
        cells,
        backtest,
    })
}
