//! The time dimension of the Russia profile: Rosstat's real panel of
//! organisations by region, OKVED2 section and year (copied as it is), and
//! the indicator series the source study states or that its clusters give.

use super::{csv_error, csv_writer, finish};
use crate::error::Result;

/// `organisations_by_year.csv`: Rosstat's counts of registered organisations
/// on 1 October by federal subject and OKVED2 section, 2019-2022 (the
/// section-level rows of the shared reference data; see `data/README.md`).
pub(super) const ORGANISATIONS_BY_YEAR: &[u8] =
    include_bytes!("data/rosstat_organisations_by_section_2019_2022.csv");

/// Where the founding years come from.
const FOUNDED_SOURCE: &str = "clusters.csv (column founded) of the 119 regional and inter-regional clusters; \
the years are drawn by the generator to follow the shape of the study's Figure 1 \
(whose values are not printed), except those the study states";

/// `series.csv`: `entity,indicator,year,value,unit,provenance,source`.
/// `founded` holds the founding year of every regional and inter-regional
/// cluster (national ones left out, as in the study's Table 1).
pub(super) fn series_csv(founded: &[i32]) -> Result<Vec<u8>> {
    let mut w = csv_writer();
    w.write_record([
        "entity",
        "indicator",
        "year",
        "value",
        "unit",
        "provenance",
        "source",
    ])
    .map_err(csv_error)?;
    let (Some(&first), Some(&last)) = (founded.iter().min(), founded.iter().max()) else {
        return finish(w);
    };
    for year in first..=last {
        let n = founded.iter().filter(|&&y| y == year).count();
        w.write_record([
            "Russia",
            "clusters_founded",
            &year.to_string(),
            &n.to_string(),
            "clusters",
            "synthetic",
            FOUNDED_SOURCE,
        ])
        .map_err(csv_error)?;
    }
    let stated: [(&str, i32, &str, &str, &str, &str); 5] = [
        (
            "cluster_employees",
            2015,
            "935.5",
            "thousand",
            "derived",
            "the study: 1,029 thousand employees in clusters in 2019, 10 % more than in 2015; \
             2015 = 1029 / 1.10, rounded (the 2015 figure itself is not printed)",
        ),
        (
            "cluster_employees",
            2019,
            "1029",
            "thousand",
            "study",
            "the study: employees in clusters in 2019",
        ),
        (
            "industrial_cluster_support",
            2023,
            "430",
            "million roubles",
            "study",
            "the study: federal budget of the preferential programme for industrial clusters",
        ),
        (
            "industrial_cluster_support",
            2024,
            "436",
            "million roubles",
            "study",
            "the study: federal budget of the preferential programme for industrial clusters",
        ),
        (
            "industrial_cluster_support",
            2025,
            "439",
            "million roubles",
            "study",
            "the study: federal budget of the preferential programme for industrial clusters",
        ),
    ];
    for (indicator, year, value, unit, provenance, source) in stated {
        w.write_record([
            "Russia",
            indicator,
            &year.to_string(),
            value,
            unit,
            provenance,
            source,
        ])
        .map_err(csv_error)?;
    }
    finish(w)
}
