//! Years in a dataset: which of its files carry them, every year it has, and
//! the year of its cross-section.
//!
//! A dataset holds years in four ways (see `docs/dataset-format.md`, "Years"):
//!
//! - a panel file `NAME_by_year.csv` (`region,sector,year,value`), kept whole
//!   in [`Years::panels`];
//! - `participants.csv` with a `year` column, one row per organisation and
//!   year ([`ParticipantTiming::ByYear`]);
//! - `participants.csv` with founding and closing dates (`founded`/`closed` or
//!   `start_date`/`end_date`), one row per organisation
//!   ([`ParticipantTiming::ByDates`]);
//! - `links.csv` with a `year` column, one row per link and year it was seen.
//!
//! Every command works on one **cross-section**, the network of one year `Y`
//! ([`Years::year`]): the organisations present in `Y` (the rows of `Y`, or
//! those alive in `Y` by their dates: founded in or before `Y` and not closed
//! before `Y`), and the links seen in `Y` (a link without a year is kept in
//! every year in which both its ends are present). Without a chosen year it is
//! the latest year the network has. A panel does not change the cross-section;
//! it is read by `coopnet dynamics` and the dynamics of `coopnet analyze`.

use serde::Serialize;

use super::panel::Panel;
use super::{Link, Participant};

/// How `participants.csv` carries years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ParticipantTiming {
    /// No year and no dates: every organisation is present in every year.
    #[default]
    Static,
    /// A `year` column: one row per organisation and year it is present.
    ByYear,
    /// Founding and closing dates: one row per organisation, present from the
    /// year it was founded to the year it closed, both included.
    ByDates,
}

impl ParticipantTiming {
    /// In words, for notes.
    pub fn describe(self) -> &'static str {
        match self {
            ParticipantTiming::Static => "participants without years",
            ParticipantTiming::ByYear => "participants by year",
            ParticipantTiming::ByDates => "participants by founding and closing dates",
        }
    }
}

/// The years a row of `participants.csv` covers, both ends included; `None`
/// is unbounded (no founding date: present from the first year; no closing
/// date: still present).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Span {
    /// The first year present.
    pub first: Option<i32>,
    /// The last year present.
    pub last: Option<i32>,
}

impl Span {
    /// One year.
    pub fn year(y: i32) -> Span {
        Span {
            first: Some(y),
            last: Some(y),
        }
    }

    /// Whether the row is present in `year`.
    pub fn contains(self, year: i32) -> bool {
        self.first.is_none_or(|f| f <= year) && self.last.is_none_or(|l| year <= l)
    }
}

/// A panel file of the dataset folder (`NAME_by_year.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct DatasetPanel {
    /// Its file name.
    pub file: String,
    /// The values by region, sector and year.
    pub panel: Panel,
    /// Data rows read.
    pub rows: usize,
    /// Rows its `provenance` column marks synthetic.
    pub synthetic: usize,
}

/// Everything of a dataset that is not in its cross-section: every row of
/// `participants.csv` and `links.csv` when they carry years, so that another
/// year's cross-section can be cut ([`crate::model::Dataset::at_year`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct History {
    /// Every row of `participants.csv` (timed participants only), in file order.
    pub(crate) rows: Vec<Participant>,
    /// The years each row covers.
    pub(crate) spans: Vec<Span>,
    /// The organisation of each row: a number of `organisations`.
    pub(crate) row_org: Vec<u32>,
    /// How many distinct organisations there are (numbered in order of
    /// first appearance).
    pub(crate) organisation_count: usize,
    /// The rows of each organisation: those of organisation `o` are
    /// `org_rows[org_start[o]..org_start[o + 1]]`, in file order.
    pub(crate) org_start: Vec<u32>,
    /// Row numbers, grouped by organisation.
    pub(crate) org_rows: Vec<u32>,
    /// Every row of `links.csv` (when participants or links are timed), its
    /// participant ends numbered as `organisations` (timed participants) or
    /// as the participants (static ones).
    pub(crate) links: Vec<Link>,
    /// The year of each of `links` (empty when links have no year).
    pub(crate) link_years: Vec<i32>,
}

impl History {
    /// Groups the rows by organisation (after `rows`, `spans` and `row_org` are filled).
    pub(crate) fn group(&mut self) {
        let n = self.organisation_count;
        let mut start = vec![0u32; n + 1];
        for &o in &self.row_org {
            start[o as usize + 1] += 1;
        }
        for o in 0..n {
            start[o + 1] += start[o];
        }
        let mut next = start.clone();
        let mut rows = vec![0u32; self.row_org.len()];
        for (r, &o) in self.row_org.iter().enumerate() {
            rows[next[o as usize] as usize] = r as u32;
            next[o as usize] += 1;
        }
        self.org_start = start;
        self.org_rows = rows;
    }

    /// The rows of organisation `org`.
    pub(crate) fn rows_of(&self, org: u32) -> &[u32] {
        let o = org as usize;
        match (self.org_start.get(o), self.org_start.get(o + 1)) {
            (Some(&a), Some(&b)) => &self.org_rows[a as usize..b as usize],
            _ => &[],
        }
    }

    /// The row of organisation `org` present in `year`, if any.
    pub(crate) fn row_in(&self, org: u32, year: i32) -> Option<usize> {
        self.rows_of(org)
            .iter()
            .map(|&r| r as usize)
            .find(|&r| self.spans[r].contains(year))
    }
}

/// The years of a dataset and the year of its cross-section (see the module docs).
#[derive(Debug, Clone, Default)]
pub struct Years {
    /// Every year the dataset has (its network's and its panels'), increasing.
    pub all: Vec<i32>,
    /// The years its network has (participants' and links'), increasing;
    /// empty when neither carries years.
    pub network: Vec<i32>,
    /// The year of the cross-section; `None` when the network has no years.
    pub year: Option<i32>,
    /// Whether the year was asked for (`--year`); otherwise it is the
    /// network's latest.
    pub chosen: bool,
    /// The year asked for, even when the network has no years.
    pub asked: Option<i32>,
    /// How `participants.csv` carries years.
    pub participants: ParticipantTiming,
    /// Whether `links.csv` has a `year` column.
    pub links: bool,
    /// The panel files, by name.
    pub panels: Vec<DatasetPanel>,
    /// Links without a year left out of the cross-section because one of
    /// their organisations is not present in its year.
    pub links_left_out: usize,
    /// Organisations (rows) in the whole dataset, every year.
    pub organisation_rows: usize,
    pub(crate) history: History,
}

impl Years {
    /// Whether the network (participants or links) carries years.
    pub fn network_is_timed(&self) -> bool {
        self.participants != ParticipantTiming::Static || self.links
    }

    /// Whether the dataset has any year (network or panels).
    pub fn any(&self) -> bool {
        !self.all.is_empty()
    }

    /// What the cross-section is, in a sentence for a note; `None` when the
    /// dataset has no years and none was asked for.
    pub fn describe(&self) -> Option<String> {
        let what = self.sources();
        match self.year {
            Some(y) if self.chosen => Some(format!(
                "year {y}, as asked (the network has {}: {what})",
                years_text(&self.network)
            )),
            Some(y) => Some(format!(
                "year {y}, the latest the network has ({}: {what}); --year chooses another",
                years_text(&self.network)
            )),
            None if self.chosen => Some(format!(
                "year {}, as asked: participants.csv and links.csv have no years, so the network is the same in every year ({what})",
                self.asked.map_or_else(String::new, |y| y.to_string())
            )),
            None => None,
        }
    }

    /// Which files carry years, in words (`participants by year; the panel
    /// organisations_by_year.csv has 2019-2022`).
    pub fn sources(&self) -> String {
        let mut parts = Vec::new();
        if self.participants != ParticipantTiming::Static {
            parts.push(self.participants.describe().to_string());
        }
        if self.links {
            parts.push("links by year".to_string());
        }
        for p in &self.panels {
            parts.push(format!(
                "the panel {} has {}",
                p.file,
                years_text(p.panel.years())
            ));
        }
        if parts.is_empty() {
            "no file has years".to_string()
        } else {
            parts.join("; ")
        }
    }
}

/// Years in words: runs of consecutive years joined (`2015, 2017-2019`).
pub fn years_text(years: &[i32]) -> String {
    if years.is_empty() {
        return "no years".to_string();
    }
    let mut parts = Vec::new();
    let mut i = 0;
    while i < years.len() {
        let mut j = i;
        while j + 1 < years.len() && years[j + 1] == years[j] + 1 {
            j += 1;
        }
        parts.push(if j > i {
            format!("{}-{}", years[i], years[j])
        } else {
            years[i].to_string()
        });
        i = j + 1;
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_year_lists() {
        let s = Span {
            first: Some(2019),
            last: None,
        };
        assert!(!s.contains(2018) && s.contains(2019) && s.contains(3000));
        assert!(Span::default().contains(1800));
        assert!(Span::year(2020).contains(2020) && !Span::year(2020).contains(2021));
        assert_eq!(
            years_text(&[2015, 2017, 2018, 2019, 2022]),
            "2015, 2017-2019, 2022"
        );
        assert_eq!(years_text(&[]), "no years");
    }
}
