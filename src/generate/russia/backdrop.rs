//! The regional economy around the clusters: organisations outside clusters
//! placed by Rosstat's real counts of organisations by federal subject and
//! OKVED2 section (`data/rosstat_organisations_by_section_2019_2022.csv`).
//!
//! How they are placed (no random draw decides a sector):
//!
//! 1. The [`BACKDROP_ORGANISATIONS`] are split over the regions Rosstat
//!    reports in proportion to each region's total of registered
//!    organisations in the chosen year, at least [`MIN_PER_REGION`] each
//!    (largest remainder). Crimea and Sevastopol, which Rosstat's export
//!    leaves out, get none.
//! 2. A region's organisations are split over the 21 sections in proportion
//!    to Rosstat's counts of that region and year (largest remainder, ties
//!    to the earlier section), so their section shares are Rosstat's to
//!    within rounding: the total variation distance between the two is at
//!    most `k / (2 n)` for `n` organisations over `k` sections with
//!    organisations, and [`TVD_TOLERANCE`] bounds it where `n` is at least
//!    [`TVD_MIN_ORGANISATIONS`] (tested).
//! 3. Each organisation is filed under its section (`C`, not a division):
//!    Rosstat's export gives sections, and the generator invents no finer
//!    detail. Analyses at the division level or finer leave them out (and
//!    say so); at the section level they are the region's structure.
//!
//! Their names and employees are drawn from the seed and are synthetic.

use std::collections::BTreeMap;

use super::super::allocate;
use crate::error::Result;

/// The OKVED2 sections, in order.
pub const SECTIONS: [&str; 21] = [
    "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S",
    "T", "U",
];

/// Organisations outside clusters placed by Rosstat's counts. Reason: about
/// as many as the clusters' members (6,515), so that a region's structure at
/// the section level is visible beside its clusters, while the dataset stays
/// small enough for every test and tutorial command to run in seconds.
pub const BACKDROP_ORGANISATIONS: u64 = 6000;

/// Fewest backdrop organisations of a region Rosstat reports. Reason: every
/// region gets some economy around its clusters, even Chukotka (Rosstat's
/// share 0.03 %).
pub const MIN_PER_REGION: u64 = 5;

/// Regions with at least this many backdrop organisations are held to
/// [`TVD_TOLERANCE`].
pub const TVD_MIN_ORGANISATIONS: u64 = 100;

/// Largest total variation distance between a region's backdrop section
/// shares and Rosstat's, where the region has at least
/// [`TVD_MIN_ORGANISATIONS`]. Reason: largest-remainder rounding moves each
/// of at most 21 sections by less than one organisation, and in practice
/// about half the sections by half an organisation: about 21 / (4 n), 0.05
/// for n = 100.
pub const TVD_TOLERANCE: f64 = 0.05;

/// Rosstat's counts: region id -> (year -> organisations by section, in
/// [`SECTIONS`] order).
#[derive(Debug, Clone, Default)]
pub struct RosstatCounts {
    by_region: BTreeMap<String, BTreeMap<i32, [u64; 21]>>,
}

impl RosstatCounts {
    /// Parses the section-level panel `region,sector,year,value`.
    pub fn parse(csv_bytes: &[u8]) -> std::result::Result<RosstatCounts, String> {
        let mut out = RosstatCounts::default();
        let mut rdr = csv::Reader::from_reader(csv_bytes);
        for (i, row) in rdr.records().enumerate() {
            let row = row.map_err(|e| format!("row {}: {e}", i + 2))?;
            let (region, sector, year, value) = (&row[0], &row[1], &row[2], &row[3]);
            let s = SECTIONS
                .iter()
                .position(|&x| x == sector)
                .ok_or_else(|| format!("row {}: {sector} is not a section", i + 2))?;
            let year: i32 = year
                .parse()
                .map_err(|_| format!("row {}: year {year}", i + 2))?;
            let value: u64 = value
                .parse()
                .map_err(|_| format!("row {}: value {value}", i + 2))?;
            out.by_region
                .entry(region.to_string())
                .or_default()
                .entry(year)
                .or_insert([0; 21])[s] = value;
        }
        Ok(out)
    }

    /// Every year the counts have, increasing.
    pub fn years(&self) -> Vec<i32> {
        let mut ys: Vec<i32> = self
            .by_region
            .values()
            .flat_map(|m| m.keys().copied())
            .collect();
        ys.sort_unstable();
        ys.dedup();
        ys
    }

    /// The counts of `region` in `year`, by section.
    pub fn of(&self, region: &str, year: i32) -> Option<&[u64; 21]> {
        self.by_region.get(region).and_then(|m| m.get(&year))
    }
}

/// How many backdrop organisations each region gets, and in which sections:
/// `plan[r][s]` for region `regions[r]` and section `SECTIONS[s]`. A region
/// without Rosstat figures in `year` gets zeros.
pub fn plan(counts: &RosstatCounts, regions: &[&str], year: i32) -> Result<Vec<[u64; 21]>> {
    let totals: Vec<Option<u64>> = regions
        .iter()
        .map(|r| counts.of(r, year).map(|c| c.iter().sum()))
        .collect();
    let reported: Vec<usize> = (0..regions.len())
        .filter(|&r| totals[r].is_some_and(|t| t > 0))
        .collect();
    let mut out = vec![[0u64; 21]; regions.len()];
    if reported.is_empty() {
        return Ok(out);
    }
    // at least MIN_PER_REGION each: allocate gives at least one, so split
    // the rest of (total - (min - 1) * n) and add min - 1 back
    let n = reported.len() as u64;
    let extra = MIN_PER_REGION.saturating_sub(1);
    let weights: Vec<f64> = reported
        .iter()
        .map(|&r| totals[r].unwrap_or(0) as f64)
        .collect();
    let per_region = allocate(BACKDROP_ORGANISATIONS - extra * n, &weights);
    for (k, &r) in reported.iter().enumerate() {
        let c = counts.of(regions[r], year).copied().unwrap_or([0; 21]);
        out[r] = apportion(per_region[k] + extra, &c);
    }
    Ok(out)
}

/// Splits `n` over the sections in proportion to `counts` by largest
/// remainder (ties to the earlier section); sections with no organisations
/// get none.
pub fn apportion(n: u64, counts: &[u64; 21]) -> [u64; 21] {
    let total: u64 = counts.iter().sum();
    let mut out = [0u64; 21];
    if total == 0 {
        return out;
    }
    let mut given = 0;
    let mut fracs: Vec<(u128, usize)> = Vec::with_capacity(21);
    for (s, &c) in counts.iter().enumerate() {
        // exact integer arithmetic: n * c / total with its remainder
        let num = u128::from(n) * u128::from(c);
        let q = (num / u128::from(total)) as u64;
        out[s] = q;
        given += q;
        if c > 0 {
            fracs.push((num % u128::from(total), s));
        }
    }
    fracs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, s) in fracs.iter().take((n - given) as usize) {
        out[s] += 1;
    }
    out
}

/// Total variation distance between two count vectors' shares, half the sum
/// of the absolute differences of the shares (Levin, Peres and Wilmer,
/// *Markov Chains and Mixing Times*, 2009, section 4.1); `None` when either
/// is all zeros.
pub fn total_variation(a: &[u64], b: &[u64]) -> Option<f64> {
    let (ta, tb) = (a.iter().sum::<u64>(), b.iter().sum::<u64>());
    if ta == 0 || tb == 0 || a.len() != b.len() {
        return None;
    }
    let d: f64 = a
        .iter()
        .zip(b)
        .map(|(&x, &y)| (x as f64 / ta as f64 - y as f64 / tb as f64).abs())
        .sum();
    Some(d / 2.0)
}

/// An English noun for a section, for organisation names.
pub fn noun(section: &str) -> &'static str {
    match section {
        "A" => "Farming",
        "B" => "Mining",
        "C" => "Manufacturing",
        "D" => "Power",
        "E" => "Water and Waste",
        "F" => "Construction",
        "G" => "Trading",
        "H" => "Transport",
        "I" => "Catering",
        "J" => "Media and IT",
        "K" => "Finance",
        "L" => "Property",
        "M" => "Consulting",
        "N" => "Business Services",
        "O" => "Public Administration",
        "P" => "Education",
        "Q" => "Health",
        "R" => "Leisure",
        "S" => "Services",
        "T" => "Household",
        _ => "International",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportion_is_exact_and_proportional() {
        let mut c = [0u64; 21];
        c[0] = 1;
        c[2] = 2;
        c[6] = 7;
        let a = apportion(10, &c);
        assert_eq!((a[0], a[2], a[6]), (1, 2, 7));
        let a = apportion(4, &c);
        // 0.4, 0.8, 2.8: floors 0, 0, 2; remainders .8 (C), .8 (G), .4 (A)
        assert_eq!((a[0], a[2], a[6]), (0, 1, 3));
        assert_eq!(a.iter().sum::<u64>(), 4);
        assert_eq!(apportion(5, &[0; 21]), [0; 21]);
    }

    #[test]
    fn total_variation_by_hand() {
        assert_eq!(total_variation(&[1, 1], &[1, 1]), Some(0.0));
        assert_eq!(total_variation(&[1, 0], &[0, 1]), Some(1.0));
        // (0.5, 0.5) against (0.75, 0.25): (0.25 + 0.25) / 2
        assert_eq!(total_variation(&[2, 2], &[3, 1]), Some(0.25));
        assert_eq!(total_variation(&[0, 0], &[1, 1]), None);
    }
}
