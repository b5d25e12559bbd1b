//! What fills the regions of a choropleth map, one value or category per region.

use crate::economics::{Measure, location_quotients, matrix_by_employees_or_organisations};
use crate::error::{Error, Result};
use crate::model::{Dataset, SectorLevel};
use crate::suggest::Suggestion;

use super::Arrow;

use super::super::dot::fmt_num;
use super::super::scale::{self, OTHER, ZERO};

/// One category of a categorical fill.
#[derive(Debug, Clone, PartialEq)]
pub struct FillCategory {
    /// What the legend writes.
    pub label: String,
    /// The fill colour.
    pub color: String,
}

/// The values behind a fill, and so its colour scheme.
#[derive(Debug, Clone, PartialEq)]
pub enum FillValues {
    /// A magnitude per region (sequential scale, viridis); zero is shown apart.
    Magnitude(Vec<Option<f64>>),
    /// A location quotient per region (diverging scale around 1, RdBu).
    LocationQuotient(Vec<Option<f64>>),
    /// A category per region (qualitative), as an index into `categories`.
    Category {
        /// The category of each region (`None`: none, drawn without fill).
        of_region: Vec<Option<usize>>,
        /// The categories, in legend order.
        categories: Vec<FillCategory>,
    },
    /// The sectors each region brings (a suggestion): none (light grey), one
    /// (its colour) or several (stripes of their colours, one stripe a
    /// sector), with a legend row per sector and a row per region naming
    /// every sector it brings, so the map reads in greyscale too.
    Sectors {
        /// The sectors of each region, as indices into `categories`,
        /// strongest first (empty: the region brings none).
        of_region: Vec<Vec<usize>>,
        /// The sectors, in legend order (`24 Manufacture of basic metals`).
        categories: Vec<FillCategory>,
        /// One legend row per region that brings a sector, in legend
        /// order: the region and what it brings, every sector by code and
        /// name (`Sverdlovsk Oblast: 07 Mining of metal ores (LQ 3.2); 25 ...`).
        brings: Vec<(usize, String)>,
    },
}

/// What fills a choropleth's regions: the values, the legend's title, a
/// line per region for its tooltip, and notes for the legend.
#[derive(Debug, Clone, PartialEq)]
pub struct Fill {
    /// The legend's title and the map title's subject (`Clusters by region`).
    pub name: String,
    /// The values.
    pub values: FillValues,
    /// One line per region for its tooltip (`Clusters: 3`).
    pub tooltip: Vec<String>,
    /// Notes for the legend (what the values are measured from).
    pub notes: Vec<String>,
    /// How strongly each region should be labelled first (higher first).
    pub priority: Vec<f64>,
    /// Regions whose labels stand out (bold; the others in grey): the
    /// members of a suggestion. Empty: none does.
    pub emphasis: Vec<bool>,
}

impl Fill {
    /// The clusters operating in each region (a cluster counts in every region it spans).
    pub fn clusters(ds: &Dataset) -> Fill {
        let mut counts = vec![0usize; ds.regions.len()];
        let mut inter = vec![0usize; ds.regions.len()];
        for c in &ds.clusters {
            for r in &c.regions {
                counts[r.index()] += 1;
                if c.regions.len() > 1 {
                    inter[r.index()] += 1;
                }
            }
        }
        Fill {
            emphasis: Vec::new(),
            name: "Clusters operating in each region".into(),
            values: FillValues::Magnitude(counts.iter().map(|&c| Some(c as f64)).collect()),
            tooltip: counts
                .iter()
                .zip(&inter)
                .map(|(&c, &i)| {
                    if i > 0 {
                        format!("Clusters: {c} ({i} inter-regional)")
                    } else {
                        format!("Clusters: {c}")
                    }
                })
                .collect(),
            notes: vec!["An inter-regional cluster counts in each of its regions.".into()],
            priority: counts.iter().map(|&c| c as f64).collect(),
        }
    }

    /// The location quotient of sector `code` in each region, from employees
    /// (organisations when the dataset has no employee counts), at the code's
    /// own level (`32` a division, `32.12` a class).
    ///
    /// # Errors
    ///
    /// [`Error::Parameter`] (`--sector`) when the code is not a sector code or
    /// no organisation of the dataset is in it.
    pub fn location_quotient(ds: &Dataset, code: &str) -> Result<Fill> {
        let Some(level) = SectorLevel::of(code) else {
            return Err(Error::parameter(
                "--sector",
                format!("{code:?} is not a sector code (OKVED2 or NACE, e.g. 32 or 32.12)"),
            ));
        };
        let (built, measure) = matrix_by_employees_or_organisations(ds, level)?;
        let m = &built.matrix;
        let Some(col) = m.sectors().iter().position(|s| s == code) else {
            return Err(Error::parameter(
                "--sector",
                format!(
                    "no organisation of {} is in sector {code} ({}); `coopnet specialisation {}` lists the sectors",
                    ds.name,
                    ds.sectors.name_of(code),
                    ds.path.display()
                ),
            ));
        };
        let lq = location_quotients(m.values());
        let values: Vec<Option<f64>> = ds
            .regions
            .iter()
            .map(|r| {
                m.regions()
                    .iter()
                    .position(|id| *id == r.id)
                    .map(|row| lq.get(row, col))
            })
            .collect();
        let what = match measure {
            Measure::Organisations => "organisations",
            _ => "employees",
        };
        let name = ds.sectors.name_of(code);
        Ok(Fill {
            emphasis: Vec::new(),
            name: format!("Location quotient of {code} {name}"),
            tooltip: values
                .iter()
                .map(|v| match v {
                    Some(v) => format!("LQ in {code}: {}", fmt_num((v * 100.0).round() / 100.0)),
                    None => format!("LQ in {code}: no {what} recorded"),
                })
                .collect(),
            priority: values.iter().map(|v| v.unwrap_or(0.0)).collect(),
            values: FillValues::LocationQuotient(values),
            notes: vec![format!(
                "LQ = (x_rs / x_r) / (x_s / x), from {what} by {}; 1 is the national share. \
                 Classes are symmetric in the logarithm around 1.",
                level.name()
            )],
        })
    }

    /// The district (or other grouping) of each region.
    pub fn district(ds: &Dataset) -> Fill {
        let colors = scale::qualitative(ds.districts.len());
        Fill {
            emphasis: Vec::new(),
            name: "District of each region".into(),
            values: FillValues::Category {
                of_region: ds
                    .regions
                    .iter()
                    .map(|r| Some(r.district.index()))
                    .collect(),
                categories: ds
                    .districts
                    .iter()
                    .zip(colors)
                    .map(|(d, c)| FillCategory {
                        label: d.name.clone(),
                        color: c.to_string(),
                    })
                    .collect(),
            },
            tooltip: ds
                .regions
                .iter()
                .map(|r| format!("District: {}", ds.district(r.district).name))
                .collect(),
            notes: Vec::new(),
            priority: vec![0.0; ds.regions.len()],
        }
    }

    /// Communities of regions (one id per region, as community detection on
    /// the region projection gives them). Communities of two or more regions
    /// are coloured, largest first, and named by their largest members; the
    /// single-region ones share one light grey, and the legend says how many
    /// it groups.
    pub fn community(ds: &Dataset, membership: &[u32], method: &str) -> Fill {
        let mut members: std::collections::BTreeMap<u32, Vec<usize>> = Default::default();
        for (r, &c) in membership.iter().enumerate().take(ds.regions.len()) {
            members.entry(c).or_default().push(r);
        }
        let mut groups: Vec<(u32, Vec<usize>)> = members.into_iter().collect();
        groups.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
        let multi: Vec<&(u32, Vec<usize>)> = groups.iter().filter(|g| g.1.len() > 1).collect();
        let singles = groups.len() - multi.len();
        let colors = scale::qualitative(multi.len());
        let mut categories = Vec::new();
        let mut cat_of = std::collections::HashMap::new();
        let mut other = (0usize, 0usize);
        for (k, (c, rs)) in multi.iter().enumerate() {
            let color = colors[k];
            if color == OTHER {
                other.0 += 1;
                other.1 += rs.len();
                cat_of.insert(*c, usize::MAX);
                continue;
            }
            let names: Vec<&str> = rs
                .iter()
                .take(3)
                .map(|&r| ds.regions[r].name.as_str())
                .collect();
            let more = if rs.len() > 3 {
                format!(" and {} more", rs.len() - 3)
            } else {
                String::new()
            };
            cat_of.insert(*c, categories.len());
            categories.push(FillCategory {
                label: format!("{}{more}", names.join(", ")),
                color: color.to_string(),
            });
        }
        let other_cat = (other.0 > 0).then(|| {
            categories.push(FillCategory {
                label: format!("{} more communities", other.0),
                color: OTHER.to_string(),
            });
            categories.len() - 1
        });
        let single_cat = (singles > 0).then(|| {
            categories.push(FillCategory {
                label: "each a community of its own (cooperating mostly inside)".to_string(),
                color: ZERO.to_string(),
            });
            categories.len() - 1
        });
        let size_of = |c: u32| groups.iter().find(|g| g.0 == c).map_or(0, |g| g.1.len());
        let of_region: Vec<Option<usize>> = membership
            .iter()
            .take(ds.regions.len())
            .map(|&c| match cat_of.get(&c) {
                Some(&usize::MAX) => other_cat,
                Some(&k) => Some(k),
                None => single_cat,
            })
            .collect();
        Fill {
            emphasis: Vec::new(),
            name: format!("Communities of cooperating regions ({method})"),
            tooltip: membership
                .iter()
                .map(|&c| format!("Community {c} ({} regions)", size_of(c)))
                .collect(),
            priority: membership.iter().map(|&c| size_of(c) as f64).collect(),
            values: FillValues::Category {
                of_region,
                categories,
            },
            notes: vec![format!(
                "{} communities: {} of two or more regions, {singles} of one.",
                groups.len(),
                multi.len()
            )],
        }
    }

    /// The regions of one suggested national cluster, filled by every
    /// sector each brings (its specialisations in the suggestion, strongest
    /// first): one sector in its colour (Okabe-Ito, in the order the sectors come),
    /// several in stripes of theirs;
    /// the other regions stay light grey. The legend lists each region with
    /// its sectors by code and name.
    pub fn suggestion(ds: &Dataset, s: &Suggestion) -> Fill {
        let mut sectors: Vec<String> = Vec::new();
        let mut of_region = vec![Vec::new(); ds.regions.len()];
        let mut tooltip = vec![format!("Not in national cluster {}", s.rank); ds.regions.len()];
        let mut priority = vec![0.0; ds.regions.len()];
        let mut brings_rows = Vec::new();
        for region in &s.regions {
            let Some(r) = ds.region_id(region) else {
                continue;
            };
            // members are strongest first
            let brings: Vec<&crate::suggest::Member> =
                s.members.iter().filter(|m| &m.region == region).collect();
            let Some(main) = brings.first() else {
                continue;
            };
            for m in &brings {
                let k = match sectors.iter().position(|c| *c == m.sector) {
                    Some(k) => k,
                    None => {
                        sectors.push(m.sector.clone());
                        sectors.len() - 1
                    }
                };
                if !of_region[r.index()].contains(&k) {
                    of_region[r.index()].push(k);
                }
            }
            priority[r.index()] = 1.0 + main.strength;
            let lines: Vec<String> = brings
                .iter()
                .map(|m| {
                    format!(
                        "{} {} (LQ {})",
                        m.sector,
                        ds.sectors.name_of(&m.sector),
                        fmt_num((m.lq * 10.0).round() / 10.0)
                    )
                })
                .collect();
            tooltip[r.index()] =
                format!("National cluster {}: brings {}", s.rank, lines.join("; "));
            brings_rows.push((
                r.index(),
                format!("{}: {}", ds.regions[r.index()].name, lines.join("; ")),
            ));
        }
        // Okabe-Ito in the order the sectors come (strongest region first):
        // the fixed sector colours of the network maps are hashed and may
        // coincide for two sectors of one suggestion, these never do.
        let categories: Vec<FillCategory> = sectors
            .iter()
            .zip(scale::qualitative(sectors.len()))
            .map(|(c, color)| FillCategory {
                label: format!("{c} {}", ds.sectors.name_of(c)),
                color: color.to_string(),
            })
            .collect();
        let kind = match s.kind {
            crate::suggest::SuggestionKind::Sectoral => "sectoral",
            crate::suggest::SuggestionKind::Intersectoral => "intersectoral",
        };
        let emphasis = priority.iter().map(|&p| p > 0.0).collect();
        Fill {
            emphasis,
            name: format!(
                "Suggested national cluster {} ({kind}, score {}): the sectors each region brings",
                s.rank,
                fmt_num((s.score * 100.0).round() / 100.0)
            ),
            values: FillValues::Sectors {
                of_region,
                categories,
                brings: brings_rows,
            },
            tooltip,
            notes: explanation_notes(ds, s),
            priority,
        }
    }

    /// A district indicator (a column of `districts.csv`): each region shows
    /// its district's value.
    ///
    /// # Errors
    ///
    /// [`Error::Parameter`] (`--indicator`) when the dataset has no such column.
    pub fn indicator(ds: &Dataset, name: &str) -> Result<Fill> {
        let Some(k) = ds.indicator_names.iter().position(|n| n == name) else {
            return Err(Error::parameter(
                "--indicator",
                if ds.indicator_names.is_empty() {
                    format!("{} has no indicator columns in districts.csv", ds.name)
                } else {
                    format!(
                        "{name:?} is not a column of districts.csv; it has {}",
                        ds.indicator_names.join(", ")
                    )
                },
            ));
        };
        let values: Vec<Option<f64>> = ds
            .regions
            .iter()
            .map(|r| {
                ds.district(r.district)
                    .indicators
                    .get(k)
                    .copied()
                    .filter(|v| v.is_finite())
            })
            .collect();
        Ok(Fill {
            emphasis: Vec::new(),
            name: format!("{name} (the region's district)"),
            tooltip: values
                .iter()
                .zip(&ds.regions)
                .map(|(v, r)| match v {
                    Some(v) => format!(
                        "{name} of {}: {}",
                        ds.district(r.district).name,
                        fmt_num(*v)
                    ),
                    None => format!("{name}: no value"),
                })
                .collect(),
            priority: values.iter().map(|v| v.unwrap_or(0.0)).collect(),
            values: FillValues::Magnitude(values),
            notes: vec![
                "A district indicator: every region of a district shows the district's value."
                    .into(),
            ],
        })
    }
}

/// The value-chain links of a suggestion between two regions of the
/// dataset, in the order of its explanation: the links drawn as arrows,
/// numbered from 1 in this order.
/// Each as the supplying region, the buying region and the link's index in
/// the explanation.
fn value_chain_links(ds: &Dataset, s: &Suggestion) -> Vec<(usize, usize, usize)> {
    let region = |id: &str| ds.region_id(id).map(|r| r.index());
    s.explanation
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == crate::suggest::LinkKind::ValueChain)
        .filter_map(|(k, e)| Some((region(&e.supplier_region)?, region(&e.buyer_region)?, k)))
        .collect()
}

/// The value-chain links of a suggestion as arrows, supplier to buyer,
/// numbered from 1 as [`Fill::suggestion`]'s notes number them; each with
/// its line of the legend's key (the link in words).
pub fn suggestion_arrows(ds: &Dataset, s: &Suggestion) -> Vec<Arrow> {
    value_chain_links(ds, s)
        .into_iter()
        .map(|(from, to, k)| (from, to, &s.explanation[k]))
        .map(|(from, to, e)| Arrow {
            from,
            to,
            label: format!("{} → {}", e.supplier_sector, e.buyer_sector),
            key: e.text.clone(),
            tooltip: format!("{}: {}", e.text, e.rationale),
        })
        .collect()
}

/// One flag per region of the dataset: whether it is a region of the
/// suggestion (the links a suggestion map draws are those among them).
pub fn suggestion_regions(ds: &Dataset, s: &Suggestion) -> Vec<bool> {
    let mut members = vec![false; ds.regions.len()];
    for id in &s.regions {
        if let Some(r) = ds.region_id(id) {
            members[r.index()] = true;
        }
    }
    members
}

/// A suggestion's explanation as notes, one line per rationale: the
/// value-chain links drawn as numbered arrows by their numbers (the key
/// spells them out: `Arrows 1 and 2: metal ores are the raw material of
/// basic metals`), the others in words (`08 in RU-SA supplies 32 in RU-KOS;
/// 08 in RU-BEL supplies 32 in RU-KOS: precious stones for jewellery`), at
/// most four lines.
fn explanation_notes(ds: &Dataset, s: &Suggestion) -> Vec<String> {
    let numbered: Vec<usize> = value_chain_links(ds, s)
        .into_iter()
        .map(|(_, _, k)| k)
        .collect();
    // (rationale, arrow numbers, links in words)
    let mut grouped: Vec<(String, Vec<usize>, Vec<String>)> = Vec::new();
    for (j, e) in s.explanation.iter().enumerate() {
        let k = match grouped.iter().position(|g| g.0 == e.rationale) {
            Some(k) => k,
            None => {
                grouped.push((e.rationale.clone(), Vec::new(), Vec::new()));
                grouped.len() - 1
            }
        };
        match numbered.iter().position(|&n| n == j) {
            Some(n) => grouped[k].1.push(n + 1),
            None => grouped[k].2.push(e.text.clone()),
        }
    }
    grouped
        .into_iter()
        .take(4)
        .map(|(why, arrows, words)| {
            let mut parts = Vec::new();
            if !arrows.is_empty() {
                parts.push(arrows_named(&arrows));
            }
            parts.extend(words);
            format!("{}: {why}", parts.join("; "))
        })
        .collect()
}

/// `Arrow 1`, `Arrows 1 and 2`, `Arrows 1, 2 and 3`.
fn arrows_named(numbers: &[usize]) -> String {
    let n: Vec<String> = numbers.iter().map(usize::to_string).collect();
    match n.as_slice() {
        [one] => format!("Arrow {one}"),
        [init @ .., last] => format!("Arrows {} and {last}", init.join(", ")),
        [] => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Dataset {
        crate::load::load_dataset(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/demo"),
        )
        .expect("demo")
    }

    #[test]
    fn cluster_counts_and_lq() {
        let ds = demo();
        let f = Fill::clusters(&ds);
        let FillValues::Magnitude(v) = &f.values else {
            panic!("magnitude")
        };
        let total: f64 = v.iter().flatten().sum();
        let spans: usize = ds.clusters.iter().map(|c| c.regions.len()).sum();
        assert_eq!(total, spans as f64);
        let f = Fill::location_quotient(&ds, "32").expect("lq");
        let FillValues::LocationQuotient(v) = &f.values else {
            panic!("lq")
        };
        let kos = ds.region_id("RU-KOS").expect("kos").index();
        assert!(
            v[kos].expect("value") > 1.0,
            "Kostroma specialises in jewellery"
        );
        assert!(Fill::location_quotient(&ds, "99").is_err());
        assert!(Fill::location_quotient(&ds, "x").is_err());
    }

    #[test]
    fn communities_group_single_regions() {
        let ds = demo();
        let f = Fill::community(&ds, &[0, 0, 1, 2, 2], "Leiden");
        let FillValues::Category {
            of_region,
            categories,
        } = &f.values
        else {
            panic!("category")
        };
        assert_eq!(categories.len(), 3, "{categories:?}");
        assert!(
            categories[2].label.starts_with("each a community"),
            "{categories:?}"
        );
        assert_eq!(of_region[2], Some(2));
        assert_eq!(of_region[0], of_region[1]);
        assert!(Fill::indicator(&ds, "no such").is_err());
    }

    #[test]
    fn arrows_are_named_by_their_numbers() {
        assert_eq!(arrows_named(&[3]), "Arrow 3");
        assert_eq!(arrows_named(&[1, 2]), "Arrows 1 and 2");
        assert_eq!(arrows_named(&[1, 2, 4]), "Arrows 1, 2 and 4");
    }
}
