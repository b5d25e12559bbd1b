//! The loaded dataset: every record, cross-referenced by dense ids.

use std::path::PathBuf;

use serde::Serialize;

use super::ids::IdIndex;
use super::years::{ParticipantTiming, Span, Years, years_text};

use super::boundaries::Boundaries;
use super::{
    Cluster, ClusterId, District, DistrictId, Endpoint, Link, Participant, ParticipantId, Region,
    RegionId, SectorId, SectorTable,
};
use crate::error::{Error, Result};

/// What was read from one file of the dataset.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceFile {
    /// File name within the dataset folder.
    pub file: String,
    /// Detected encoding (`UTF-8`, `UTF-8 with BOM`, `UTF-16LE`,
    /// `Windows-1251`, `Windows-1252`, ...; see `coopnet::load::Encoding`).
    pub encoding: String,
    /// How sure the detection is: `certain`, `high` or `low`.
    pub confidence: String,
    /// Detected delimiter (`comma`, `semicolon`, `tab`).
    pub delimiter: String,
    /// Data rows read.
    pub rows: usize,
    /// Size in bytes.
    pub bytes: usize,
    /// The years the file has (a panel, participants or links by year), increasing.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub years: Vec<i32>,
}

/// A loaded dataset (see `docs/dataset-format.md` for the files behind it).
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// The dataset's name (its folder's name).
    pub name: String,
    /// The folder it was read from.
    pub path: PathBuf,
    /// Districts, from `districts.csv` or from the `district` column of `regions.csv`.
    pub districts: Vec<District>,
    /// Names of the indicator columns of `districts.csv`, in file order.
    pub indicator_names: Vec<String>,
    /// Regions.
    pub regions: Vec<Region>,
    /// Sector codes used or listed.
    pub sectors: SectorTable,
    /// Clusters.
    pub clusters: Vec<Cluster>,
    /// Participating organisations (those present in the cross-section's
    /// year, when participants have years; see [`Years`]).
    pub participants: Vec<Participant>,
    /// Cooperation links (of the cross-section's year, when links have years).
    pub links: Vec<Link>,
    /// Distinct kinds of participants (index = [`Participant::kind`]).
    pub participant_kinds: Vec<String>,
    /// Distinct kinds of links (index = [`Link::kind`]).
    pub link_kinds: Vec<String>,
    /// What was read from each file.
    pub sources: Vec<SourceFile>,
    /// Things worth knowing that are not errors.
    pub warnings: Vec<String>,
    /// The years the dataset has, and the year of its cross-section.
    pub years: Years,
    /// The regions' shapes, from `boundaries.geojson` when the folder has one.
    pub boundaries: Option<Boundaries>,
    region_index: IdIndex,
    cluster_index: IdIndex,
    participant_index: IdIndex,
}

/// An index of the ids of `records`, numbered in order (the first of equal ids wins).
fn index_of<T>(records: &[T], id: impl Fn(&T) -> &str) -> IdIndex {
    let mut index = IdIndex::with_capacity(records.len());
    for (i, r) in records.iter().enumerate() {
        index.insert(id(r), i as u32);
    }
    index
}

impl Dataset {
    /// Rebuilds the id lookups after the record vectors were filled or changed.
    pub fn reindex(&mut self) {
        self.index_regions();
        self.index_clusters();
        self.participant_index = index_of(&self.participants, |p| &p.id);
    }

    /// Rebuilds the region id lookup.
    pub(crate) fn index_regions(&mut self) {
        self.region_index = index_of(&self.regions, |r| &r.id);
    }

    /// Rebuilds the cluster id lookup.
    pub(crate) fn index_clusters(&mut self) {
        self.cluster_index = index_of(&self.clusters, |c| &c.id);
    }

    /// Sets the participants with the index of their ids, built by the
    /// loader while it checked them for duplicates.
    pub(crate) fn set_participants(&mut self, participants: Vec<Participant>, index: IdIndex) {
        debug_assert_eq!(participants.len(), index.len());
        self.participants = participants;
        self.participant_index = index;
    }

    /// The index of participant ids, for batched lookups (see [`IdIndex::touch`]).
    pub(crate) fn participant_index(&self) -> &IdIndex {
        &self.participant_index
    }

    /// The region with user id `id`.
    pub fn region_id(&self, id: &str) -> Option<RegionId> {
        self.region_index.get(id).map(RegionId)
    }

    /// The cluster with user id `id`.
    pub fn cluster_id(&self, id: &str) -> Option<ClusterId> {
        self.cluster_index.get(id).map(ClusterId)
    }

    /// The participant with user id `id`.
    pub fn participant_id(&self, id: &str) -> Option<ParticipantId> {
        self.participant_index.get(id).map(ParticipantId)
    }

    /// A region's record.
    pub fn region(&self, id: RegionId) -> &Region {
        &self.regions[id.index()]
    }

    /// A cluster's record.
    pub fn cluster(&self, id: ClusterId) -> &Cluster {
        &self.clusters[id.index()]
    }

    /// A participant's record.
    pub fn participant(&self, id: ParticipantId) -> &Participant {
        &self.participants[id.index()]
    }

    /// A district's record.
    pub fn district(&self, id: DistrictId) -> &District {
        &self.districts[id.index()]
    }

    /// The district of a region.
    pub fn district_of(&self, region: RegionId) -> DistrictId {
        self.regions[region.index()].district
    }

    /// The user id of a link endpoint.
    pub fn endpoint_id(&self, e: Endpoint) -> &str {
        match e {
            Endpoint::Participant(p) => &self.participants[p.index()].id,
            Endpoint::Cluster(c) => &self.clusters[c.index()].id,
        }
    }

    /// The regions of a link endpoint: a participant's one region, or a cluster's regions.
    pub fn endpoint_regions(&self, e: Endpoint) -> &[RegionId] {
        match e {
            Endpoint::Participant(p) => std::slice::from_ref(&self.participants[p.index()].region),
            Endpoint::Cluster(c) => &self.clusters[c.index()].regions,
        }
    }

    /// The name of a participant kind.
    pub fn participant_kind(&self, p: &Participant) -> &str {
        &self.participant_kinds[p.kind as usize]
    }

    /// The name of a link kind.
    pub fn link_kind(&self, l: &Link) -> &str {
        &self.link_kinds[l.kind as usize]
    }

    /// The same dataset cut at another year: the organisations present in
    /// `year` and the links seen in it (see [`Years`]).
    ///
    /// # Errors
    ///
    /// [`Error::Parameter`] (`--year`) when the dataset does not have `year`,
    /// naming the years it has.
    pub fn at_year(&self, year: i32) -> Result<Dataset> {
        self.check_year(year)?;
        let mut ds = self.clone();
        ds.cut(year);
        ds.years.chosen = true;
        ds.years.asked = Some(year);
        Ok(ds)
    }

    /// Checks that `year` is one the dataset can be cut at: one of its
    /// network's years, or of its panels' when the network has none.
    ///
    /// # Errors
    ///
    /// As [`Dataset::at_year`].
    pub fn check_year(&self, year: i32) -> Result<()> {
        let y = &self.years;
        if y.all.is_empty() {
            return Err(Error::parameter(
                "--year",
                format!(
                    "{year}: the dataset has no years (no year column in participants.csv or links.csv, \
                     no founding or closing dates, no NAME_by_year.csv panel; docs/dataset-format.md, \"Years\")"
                ),
            ));
        }
        let (allowed, whose) = if y.network_is_timed() {
            (
                &y.network,
                format!("its network has {}", years_text(&y.network)),
            )
        } else {
            (
                &y.all,
                "participants.csv and links.csv have no years".to_string(),
            )
        };
        if allowed.binary_search(&year).is_err() {
            return Err(Error::parameter(
                "--year",
                format!("the dataset has no year {year}: {whose} ({})", y.sources()),
            ));
        }
        Ok(())
    }

    /// Cuts the cross-section of `year` from the history (nothing to do when
    /// the network has no years).
    pub(crate) fn cut(&mut self, year: i32) {
        if !self.years.network_is_timed() {
            return;
        }
        self.years.year = Some(year);
        let h = &self.years.history;
        let timed = self.years.participants != ParticipantTiming::Static;
        let mut pid = Vec::new();
        if timed {
            pid = vec![u32::MAX; h.organisation_count];
            let mut participants = Vec::new();
            for (r, row) in h.rows.iter().enumerate() {
                if h.spans[r].contains(year) {
                    pid[h.row_org[r] as usize] = participants.len() as u32;
                    participants.push(row.clone());
                }
            }
            self.participants = participants;
        }
        let map = |e: Endpoint| match e {
            Endpoint::Participant(p) if timed => match pid[p.index()] {
                u32::MAX => None,
                n => Some(Endpoint::Participant(ParticipantId(n))),
            },
            other => Some(other),
        };
        let mut links = Vec::new();
        let mut left_out = 0;
        for (i, l) in h.links.iter().enumerate() {
            if h.link_years.get(i).is_some_and(|&y| y != year) {
                continue;
            }
            match (map(l.source), map(l.target)) {
                (Some(source), Some(target)) => links.push(Link {
                    source,
                    target,
                    ..*l
                }),
                _ => left_out += 1,
            }
        }
        self.links = links;
        self.years.links_left_out = left_out;
        self.reindex();
    }

    /// Every row of organisations with the years it covers: the rows of
    /// `participants.csv` in every year when they have years, else the
    /// participants, each present in every year.
    pub fn presences(&self) -> Vec<(&Participant, Span)> {
        let h = &self.years.history;
        if self.years.participants == ParticipantTiming::Static {
            self.participants
                .iter()
                .map(|p| (p, Span::default()))
                .collect()
        } else {
            h.rows.iter().zip(h.spans.iter().copied()).collect()
        }
    }

    /// Every link that has a year, with where its ends were in that year.
    /// Empty when `links.csv` has no year column.
    pub fn dated_links(&self) -> Vec<DatedLink> {
        let h = &self.years.history;
        let timed = self.years.participants != ParticipantTiming::Static;
        let place = |e: Endpoint, year: i32| match e {
            Endpoint::Cluster(c) => Some(Place::Cluster(c)),
            Endpoint::Participant(p) if timed => {
                h.row_in(p.0, year).map(|r| Place::organisation(&h.rows[r]))
            }
            Endpoint::Participant(p) => self.participants.get(p.index()).map(Place::organisation),
        };
        h.links
            .iter()
            .zip(&h.link_years)
            .filter_map(|(l, &year)| {
                Some(DatedLink {
                    year,
                    source: place(l.source, year)?,
                    target: place(l.target, year)?,
                    sector: l.sector,
                    weight: l.weight,
                })
            })
            .collect()
    }

    /// Whether any row of `participants.csv` (in any year) is marked synthetic.
    pub fn any_synthetic(&self) -> bool {
        self.synthetic_rows() > 0
    }

    /// The rows of `participants.csv` (in every year) marked synthetic.
    pub fn synthetic_rows(&self) -> usize {
        self.presences()
            .iter()
            .filter(|(p, _)| p.provenance == super::Provenance::Synthetic)
            .count()
    }

    /// The regions of a link end.
    pub fn place_regions<'a>(&'a self, p: &'a Place) -> &'a [RegionId] {
        match p {
            Place::Organisation { region, .. } => std::slice::from_ref(region),
            Place::Cluster(c) => &self.clusters[c.index()].regions,
        }
    }

    /// The sector of a link end: an organisation's main activity in the
    /// link's year, a cluster's specialisation.
    pub fn place_sector(&self, p: &Place) -> SectorId {
        match p {
            Place::Organisation { sector, .. } => *sector,
            Place::Cluster(c) => self.clusters[c.index()].sector,
        }
    }
}

/// Where one end of a link was in the link's year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Place {
    /// An organisation: its region and main activity in the link's year.
    Organisation {
        /// Its region.
        region: RegionId,
        /// Its sector.
        sector: SectorId,
    },
    /// A cluster (in its listed regions, with its sector).
    Cluster(ClusterId),
}

impl Place {
    fn organisation(p: &Participant) -> Place {
        Place::Organisation {
            region: p.region,
            sector: p.sector,
        }
    }
}

/// A link with its year (see [`Dataset::dated_links`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DatedLink {
    /// The year it was seen.
    pub year: i32,
    /// One end.
    pub source: Place,
    /// The other end.
    pub target: Place,
    /// Its sector.
    pub sector: SectorId,
    /// Its weight.
    pub weight: f64,
}
