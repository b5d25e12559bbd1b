//! The descriptive report: the source study's own tables, computed from any dataset.
//!
//! | part | the study's |
//! |---|---|
//! | [`DescriptiveReport::clusters_by_district`] | Table 1: clusters by district and level, regions with clusters and their share |
//! | [`DescriptiveReport::levels`] | level shares (73.2 / 18.4 / 8.4 % as printed) |
//! | [`DescriptiveReport::specialisations`] | Figure 3: clusters by main specialisation |
//! | [`DescriptiveReport::founded`] | Figure 1: clusters founded per year |
//! | [`DescriptiveReport::inter_regional`] | the inter-regional and national clusters it names |
//! | [`DescriptiveReport::participants_employees`] | the correlation of participants with employees (0.564) |
//! | [`DescriptiveReport::indicators`] | Table 2 indicators against each district's cluster count |
//!
//! Counting rules (documented in `docs/dataset-format.md`): national clusters
//! are left out of the regional counts, as the study's Table 1 leaves out ARNEST;
//! an inter-regional cluster is counted once, in the district of its home
//! (first-listed) region; a region "has clusters" when a regional or
//! inter-regional cluster lists it.
//!
//! The report is data: the export module writes it as Markdown, CSV or JSON.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Dataset, Level, Scope};
use crate::stats::{pearson, spearman};

/// One row of Table 1.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DistrictRow {
    /// District name.
    pub district: String,
    /// Clusters at the initial level.
    pub initial: usize,
    /// Clusters at the medium level.
    pub medium: usize,
    /// Clusters at the high level.
    pub high: usize,
    /// All clusters counted in the district.
    pub total: usize,
    /// Regions of the district that have clusters.
    pub regions_with_clusters: usize,
    /// Regions in the district.
    pub regions: usize,
    /// `regions_with_clusters / regions`, in percent, rounded to 0.1.
    pub share_pct: f64,
}

/// Count and share of one level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelShare {
    /// `initial`, `medium` or `high`.
    pub level: Level,
    /// Clusters at that level (regional and inter-regional).
    pub clusters: usize,
    /// Share of all counted clusters, in percent, rounded to 0.1.
    pub share_pct: f64,
}

/// Clusters with one main specialisation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpecialisationCount {
    /// The specialisation label (the `specialisation` column, else the sector's name).
    pub specialisation: String,
    /// Clusters with it.
    pub clusters: usize,
}

/// Clusters founded in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearCount {
    /// The year.
    pub year: i32,
    /// Clusters founded that year.
    pub clusters: usize,
}

/// A cluster spanning several regions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MultiRegionCluster {
    /// Cluster id.
    pub id: String,
    /// Cluster name.
    pub name: String,
    /// `inter-regional` or `national`.
    pub scope: Scope,
    /// Region ids, home region first.
    pub regions: Vec<String>,
    /// Region names, in the same order.
    pub region_names: Vec<String>,
    /// Distinct districts crossed, in order of the regions.
    pub districts: Vec<String>,
}

/// A correlation with the number of observations behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Correlation {
    /// What is correlated with what.
    pub between: String,
    /// The coefficient, when defined (at least three pairs, neither side constant).
    pub r: Option<f64>,
    /// Number of pairs.
    pub n: usize,
}

/// Headline counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Totals {
    /// Regions in the dataset.
    pub regions: usize,
    /// Districts.
    pub districts: usize,
    /// All clusters.
    pub clusters: usize,
    /// Clusters counted in Table 1 (regional and inter-regional).
    pub regional_clusters: usize,
    /// National clusters (outside Table 1).
    pub national_clusters: usize,
    /// Regions with clusters.
    pub regions_with_clusters: usize,
    /// Organisations.
    pub participants: usize,
    /// Cooperation links.
    pub links: usize,
}

/// The whole descriptive report (see the module docs).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DescriptiveReport {
    /// The dataset's name.
    pub dataset: String,
    /// The year of the network (`--year`, else the latest) when the dataset's
    /// participants or links carry years.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// Headline counts.
    pub totals: Totals,
    /// Table 1, one row per district in the dataset's order.
    pub clusters_by_district: Vec<DistrictRow>,
    /// Table 1's total row.
    pub clusters_by_district_total: DistrictRow,
    /// Level counts and shares.
    pub levels: Vec<LevelShare>,
    /// Clusters by specialisation, most frequent first.
    pub specialisations: Vec<SpecialisationCount>,
    /// Clusters founded per year, by year.
    pub founded: Vec<YearCount>,
    /// Inter-regional and national clusters.
    pub inter_regional: Vec<MultiRegionCluster>,
    /// Pearson correlation of reported participants with employees, over clusters with both.
    pub participants_employees: Correlation,
    /// Spearman rank correlation of each district indicator with the district's cluster count.
    pub indicators: Vec<Correlation>,
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn pct(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        round1(100.0 * part as f64 / whole as f64)
    }
}

/// Whether a cluster of this scope is counted in the regional tables
/// (national clusters are not, as the study's Table 1 leaves out ARNEST).
fn counted(s: Scope) -> bool {
    s != Scope::National
}

/// Table 1: clusters by district and level; the total row; and each
/// district's clusters by level, for the correlations.
fn district_table(ds: &Dataset) -> (Vec<DistrictRow>, DistrictRow, Vec<[usize; 3]>) {
    let nd = ds.districts.len();
    let mut by_level = vec![[0usize; 3]; nd];
    let mut has_cluster = vec![false; ds.regions.len()];
    for c in ds.clusters.iter().filter(|c| counted(c.scope)) {
        let d = ds.district_of(c.home_region()).index();
        by_level[d][c.level as usize] += 1;
        for r in &c.regions {
            has_cluster[r.index()] = true;
        }
    }
    let mut regions_in = vec![0usize; nd];
    let mut with_clusters = vec![0usize; nd];
    for (i, r) in ds.regions.iter().enumerate() {
        regions_in[r.district.index()] += 1;
        with_clusters[r.district.index()] += usize::from(has_cluster[i]);
    }
    let row = |name: String, l: [usize; 3], with: usize, regions: usize| DistrictRow {
        district: name,
        initial: l[0],
        medium: l[1],
        high: l[2],
        total: l.iter().sum(),
        regions_with_clusters: with,
        regions,
        share_pct: pct(with, regions),
    };
    let rows = (0..nd)
        .map(|d| {
            row(
                ds.districts[d].name.clone(),
                by_level[d],
                with_clusters[d],
                regions_in[d],
            )
        })
        .collect();
    let sum_levels = by_level
        .iter()
        .fold([0; 3], |a, l| [a[0] + l[0], a[1] + l[1], a[2] + l[2]]);
    let total = row(
        "Total".to_string(),
        sum_levels,
        with_clusters.iter().sum(),
        ds.regions.len(),
    );
    (rows, total, by_level)
}

/// Figure 3 and Figure 1: counted clusters by specialisation (most first)
/// and by the year they were founded.
fn specialisations_and_years(ds: &Dataset) -> (Vec<SpecialisationCount>, Vec<YearCount>) {
    let mut spec: BTreeMap<String, usize> = BTreeMap::new();
    let mut years: BTreeMap<i32, usize> = BTreeMap::new();
    for c in ds.clusters.iter().filter(|c| counted(c.scope)) {
        let label = c
            .specialisation
            .clone()
            .unwrap_or_else(|| ds.sectors.name(c.sector).to_string());
        *spec.entry(label).or_default() += 1;
        if let Some(y) = c.founded {
            *years.entry(y).or_default() += 1;
        }
    }
    let mut specialisations: Vec<SpecialisationCount> = spec
        .into_iter()
        .map(|(specialisation, clusters)| SpecialisationCount {
            specialisation,
            clusters,
        })
        .collect();
    specialisations.sort_by(|a, b| {
        b.clusters
            .cmp(&a.clusters)
            .then_with(|| a.specialisation.cmp(&b.specialisation))
    });
    let founded = years
        .into_iter()
        .map(|(year, clusters)| YearCount { year, clusters })
        .collect();
    (specialisations, founded)
}

/// The clusters that span more than one region, with their districts.
fn inter_regional(ds: &Dataset) -> Vec<MultiRegionCluster> {
    ds.clusters
        .iter()
        .filter(|c| c.scope != Scope::Regional)
        .map(|c| {
            let mut districts: Vec<String> = Vec::new();
            for &r in &c.regions {
                let d = &ds.district(ds.district_of(r)).name;
                if !districts.contains(d) {
                    districts.push(d.clone());
                }
            }
            MultiRegionCluster {
                id: c.id.clone(),
                name: c.name.clone(),
                scope: c.scope,
                regions: c.regions.iter().map(|&r| ds.region(r).id.clone()).collect(),
                region_names: c
                    .regions
                    .iter()
                    .map(|&r| ds.region(r).name.clone())
                    .collect(),
                districts,
            }
        })
        .collect()
}

/// The correlation of participants with employees across clusters (Pearson),
/// and of each district indicator with the district's cluster count (Spearman).
fn correlations(ds: &Dataset, by_level: &[[usize; 3]]) -> (Correlation, Vec<Correlation>) {
    let (px, py): (Vec<f64>, Vec<f64>) = ds
        .clusters
        .iter()
        .filter_map(|c| Some((c.participants? as f64, c.employees? as f64)))
        .unzip();
    let participants_employees = Correlation {
        between: "participants and employees of clusters (Pearson)".to_string(),
        r: pearson(&px, &py),
        n: px.len(),
    };
    let counts: Vec<f64> = by_level
        .iter()
        .map(|l| l.iter().sum::<usize>() as f64)
        .collect();
    let indicators = ds
        .indicator_names
        .iter()
        .enumerate()
        .map(|(k, name)| {
            let (x, y): (Vec<f64>, Vec<f64>) = ds
                .districts
                .iter()
                .zip(&counts)
                .filter_map(|(d, &c)| d.indicators.get(k).filter(|v| !v.is_nan()).map(|&v| (v, c)))
                .unzip();
            Correlation {
                between: format!("{name} and clusters (Spearman)"),
                r: spearman(&x, &y),
                n: x.len(),
            }
        })
        .collect();
    (participants_employees, indicators)
}

impl DescriptiveReport {
    /// Computes the report for `ds`.
    pub fn compute(ds: &Dataset) -> Self {
        let (clusters_by_district, clusters_by_district_total, by_level) = district_table(ds);
        let t = &clusters_by_district_total;
        let regional_clusters = t.total;
        let levels = Level::ALL
            .iter()
            .zip([t.initial, t.medium, t.high])
            .map(|(&level, clusters)| LevelShare {
                level,
                clusters,
                share_pct: pct(clusters, regional_clusters),
            })
            .collect();
        let (specialisations, founded) = specialisations_and_years(ds);
        let (participants_employees, indicators) = correlations(ds, &by_level);
        DescriptiveReport {
            dataset: ds.name.clone(),
            year: ds.years.year,
            totals: Totals {
                regions: ds.regions.len(),
                districts: ds.districts.len(),
                clusters: ds.clusters.len(),
                regional_clusters,
                national_clusters: ds
                    .clusters
                    .iter()
                    .filter(|c| c.scope == Scope::National)
                    .count(),
                regions_with_clusters: t.regions_with_clusters,
                participants: ds.participants.len(),
                links: ds.links.len(),
            },
            inter_regional: inter_regional(ds),
            clusters_by_district,
            clusters_by_district_total,
            levels,
            specialisations,
            founded,
            participants_employees,
            indicators,
        }
    }
}
