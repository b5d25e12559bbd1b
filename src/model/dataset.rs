//! The loaded dataset: every record, cross-referenced by dense ids.

use std::path::PathBuf;

use serde::Serialize;

use super::ids::IdIndex;

use super::{
    Cluster, ClusterId, District, DistrictId, Endpoint, Link, Participant, ParticipantId, Region,
    RegionId, SectorTable,
};

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
    /// Participating organisations.
    pub participants: Vec<Participant>,
    /// Cooperation links.
    pub links: Vec<Link>,
    /// Distinct kinds of participants (index = [`Participant::kind`]).
    pub participant_kinds: Vec<String>,
    /// Distinct kinds of links (index = [`Link::kind`]).
    pub link_kinds: Vec<String>,
    /// What was read from each file.
    pub sources: Vec<SourceFile>,
    /// Things worth knowing that are not errors.
    pub warnings: Vec<String>,
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
}
