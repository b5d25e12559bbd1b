//! What each result of the main job rests on: the rows behind it counted by
//! their `provenance` column (`synthetic`, `study`, or none: the user's own
//! data), for the index's "What each result rests on".
//!
//! Organisations and clusters are counted as loaded (the year's
//! cross-section, when the dataset has years); links carry no provenance in
//! the loaded dataset, so `links.csv`'s column is read again here (one pass
//! over the file, which the index alone needs); panels count their
//! synthetic rows as they are read.

use std::path::Path;

use crate::error::Result;
use crate::export::text::thousands;
use crate::load::{LoadOptions, Table};
use crate::model::{Dataset, Provenance};

/// Rows by provenance.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Counts {
    study: usize,
    synthetic: usize,
    user: usize,
}

impl Counts {
    fn add(&mut self, p: Provenance) {
        match p {
            Provenance::Study => self.study += 1,
            Provenance::Synthetic => self.synthetic += 1,
            Provenance::User => self.user += 1,
        }
    }

    fn of(items: impl Iterator<Item = Provenance>) -> Counts {
        let mut c = Counts::default();
        items.for_each(|p| c.add(p));
        c
    }

    fn total(&self) -> usize {
        self.study + self.synthetic + self.user
    }

    /// `7,330 organisations, all synthetic`; `120 clusters, all marked study
    /// (from the source study or published data)`; `85 regions: 3 synthetic,
    /// 82 marked study`.
    pub(super) fn phrase(&self, many: &str) -> String {
        let n = thousands(self.total());
        let all = self.total();
        if all == 0 {
            return format!("no {many}");
        }
        if self.synthetic == all {
            return format!("{n} {many}, all synthetic");
        }
        if self.study == all {
            return format!(
                "{n} {many}, all marked study (from the source study or published data)"
            );
        }
        if self.user == all {
            return format!(
                "{n} {many}, none marked synthetic (no provenance given: the user's data)"
            );
        }
        let mut parts = Vec::new();
        if self.synthetic > 0 {
            parts.push(format!("{} synthetic", thousands(self.synthetic)));
        }
        if self.study > 0 {
            parts.push(format!("{} marked study", thousands(self.study)));
        }
        if self.user > 0 {
            parts.push(format!("{} unmarked", thousands(self.user)));
        }
        format!("{n} {many}: {}", parts.join(", "))
    }
}

/// The rows of a dataset by provenance.
pub(super) struct Census {
    organisations: Counts,
    clusters: Counts,
    links: Counts,
    /// Each panel file: its name, rows and synthetic rows.
    panels: Vec<(String, usize, usize)>,
    markets: Option<Counts>,
    /// Whether the links have years (the dynamics step back-tests on them).
    dated_links: bool,
}

/// Counts the rows of the loaded dataset `ds` (read from `dir`) by provenance.
///
/// # Errors
///
/// Any error of reading `links.csv` or the markets file again (they were
/// read once already, so only a file changed meanwhile fails).
pub(super) fn census(dir: &Path, ds: &Dataset, options: &LoadOptions) -> Result<Census> {
    let read = |file: &str, present: bool| -> Result<Option<Counts>> {
        present
            .then(|| column_counts(&dir.join(file), file, options))
            .transpose()
    };
    let links = read(
        "links.csv",
        ds.sources.iter().any(|s| s.file == "links.csv"),
    )?
    .unwrap_or_default();
    let markets_file = crate::load::markets::FILE;
    let markets = read(markets_file, dir.join(markets_file).exists())?;
    Ok(Census {
        organisations: Counts::of(ds.participants.iter().map(|p| p.provenance)),
        clusters: Counts::of(ds.clusters.iter().map(|c| c.provenance)),
        links,
        panels: (ds.years.panels.iter())
            .map(|p| (p.file.clone(), p.rows, p.synthetic))
            .collect(),
        markets,
        dated_links: ds.years.links,
    })
}

/// The `provenance` column of a CSV file, counted (all `user` without one).
fn column_counts(path: &Path, file: &str, options: &LoadOptions) -> Result<Counts> {
    let t = Table::read_with(path, file, options)?;
    let mut c = Counts::default();
    match t.column("provenance") {
        Some(col) => {
            let problems = t.for_each_row(|row, _| {
                c.add(Provenance::parse(row.get(col)).unwrap_or_default());
            });
            problems.into_result()?;
        }
        None => c.user = t.body_lines(),
    }
    Ok(c)
}

impl Census {
    /// What each result written (`files`) rests on: `(result, sentence)`.
    /// `chain` names the value chain the suggestions used (`None`: the curated one).
    pub(super) fn bases(
        &self,
        files: &[(String, String)],
        chain: Option<&Path>,
    ) -> Vec<(String, String)> {
        let has = |f: &str| files.iter().any(|(n, _)| n == f);
        let orgs = self.organisations.phrase("organisations");
        let clusters = self.clusters.phrase("clusters");
        let links = self.links.phrase("links");
        let mut out = Vec::new();
        let mut push = |result: &str, what: String| out.push((result.to_string(), what));
        if has("report.md") {
            push("report.md, report.json", format!("{clusters}; {orgs}"));
        }
        if has("communities.csv") {
            push(
                "communities.csv, communities.json, the maps and network exports",
                format!("{links}, placed by their organisations ({orgs}) and clusters"),
            );
        }
        if has("specialisation.csv") {
            push(
                "specialisation.csv, regions.csv, relatedness.csv, density.csv",
                orgs.clone(),
            );
        }
        if has("dynamics.md") {
            let mut parts: Vec<String> = (self.panels.iter())
                .map(|(file, rows, synthetic)| {
                    let s = match *synthetic {
                        0 => "none synthetic".to_string(),
                        s if s == *rows => "all synthetic".to_string(),
                        s => format!("{} synthetic", thousands(s)),
                    };
                    format!("{file}: {} rows, {s}", thousands(*rows))
                })
                .collect();
            if parts.is_empty() {
                parts.push(format!("the years of {orgs}"));
            }
            if self.dated_links {
                parts.push(format!("the suggestion back-test: {links}"));
            }
            push("dynamics.md, dynamics.json", parts.join("; "));
        }
        if has("suggestions.json") {
            push(
                "suggestions.md, suggestions.json, the suggestion diagram",
                format!(
                    "{orgs} (location quotients); {clusters} (anchors); {}",
                    chain.map_or_else(
                        || "the curated value chain (datasets/value_chain.csv, written by hand)"
                            .to_string(),
                        |p| format!("the value chain {}", p.display())
                    )
                ),
            );
        }
        if let (true, Some(m)) = (has("markets.md"), &self.markets) {
            push(
                "markets.md, markets.csv, markets.json",
                format!(
                    "{}, their sectors as the file's sectors_provenance says; {clusters}; {orgs}; {links}",
                    m.phrase("markets")
                ),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_say_which_rows_are_synthetic() {
        let c = |study, synthetic, user| Counts {
            study,
            synthetic,
            user,
        };
        assert_eq!(
            c(0, 7330, 0).phrase("organisations"),
            "7,330 organisations, all synthetic"
        );
        assert_eq!(
            c(119, 0, 0).phrase("clusters"),
            "119 clusters, all marked study (from the source study or published data)"
        );
        assert_eq!(
            c(0, 0, 12).phrase("links"),
            "12 links, none marked synthetic (no provenance given: the user's data)"
        );
        assert_eq!(
            c(2, 1000, 3).phrase("links"),
            "1,005 links: 1,000 synthetic, 2 marked study, 3 unmarked"
        );
        assert_eq!(c(0, 0, 0).phrase("links"), "no links");
    }
}
