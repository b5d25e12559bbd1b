//! Tidy CSV: one file of nodes, one of edges (and one of groups when given).
//!
//! `nodes.csv` has `id` and then every node attribute of [`super::table`];
//! `edges.csv` has `source`, `target` (node ids), `year` (the year of the
//! network, only when the dataset has years) and every edge attribute;
//! `groups.csv` (only with groups) has `id, label, kind, score, size,
//! members` with members' ids separated by `|`. Unknown values are empty
//! cells. UTF-8 with a header row, comma-delimited, quoted where needed.
//!
//! ```
//! use coopnet::export::{NetworkView, csv::to_csv};
//! use coopnet::graph::{Projection, ProjectionSpec};
//! let ds = coopnet::load::load_dataset(std::path::Path::new("datasets/demo")).unwrap();
//! let view = NetworkView::new(&ds, &ProjectionSpec::merged(Projection::Regions)).unwrap();
//! let t = to_csv(&view).unwrap();
//! assert!(String::from_utf8(t.nodes).unwrap().starts_with("id,label,kind,"));
//! ```

use std::path::{Path, PathBuf};

use super::table::{AttrTable, edge_table, node_table};
use super::view::NetworkView;
use crate::error::{Error, Result};

/// The CSV files of a view, as bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvTables {
    /// `nodes.csv`.
    pub nodes: Vec<u8>,
    /// `edges.csv`.
    pub edges: Vec<u8>,
    /// `groups.csv`, when the view has groups.
    pub groups: Option<Vec<u8>>,
}

fn csv_error(e: impl std::fmt::Display) -> Error {
    Error::io(
        "csv",
        std::io::Error::other(format!("cannot write CSV: {e}")),
    )
}

fn write_table(
    first: &[&str],
    keys: impl Iterator<Item = Vec<String>>,
    table: &AttrTable,
) -> Result<Vec<u8>> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let header: Vec<&str> = first
        .iter()
        .copied()
        .chain(table.columns.iter().map(|c| c.name))
        .collect();
    w.write_record(&header).map_err(csv_error)?;
    for (row, key) in keys.enumerate() {
        let record: Vec<String> = key
            .into_iter()
            .chain(table.columns.iter().map(|c| c.values[row].to_text()))
            .collect();
        w.write_record(&record).map_err(csv_error)?;
    }
    w.into_inner().map_err(csv_error)
}

/// Writes `view` as tidy CSV tables.
///
/// # Errors
///
/// Only if the CSV writer fails, which writing to memory does not.
pub fn to_csv(view: &NetworkView<'_>) -> Result<CsvTables> {
    let nodes = write_table(
        &["id"],
        view.nodes.iter().map(|n| vec![n.id.clone()]),
        &node_table(view),
    )?;
    let id = |i: u32| view.nodes[i as usize].id.clone();
    // A network of one year (a dataset with years) says which in every edge
    // row, so that tables of several years can be stacked.
    let year = view.dataset().years.year;
    let first: &[&str] = if year.is_some() {
        &["source", "target", "year"]
    } else {
        &["source", "target"]
    };
    let edges = write_table(
        first,
        view.edges.iter().map(|e| {
            let mut key = vec![id(e.source), id(e.target)];
            key.extend(year.map(|y| y.to_string()));
            key
        }),
        &edge_table(view),
    )?;
    let groups = if view.groups().is_empty() {
        None
    } else {
        let mut w = ::csv::Writer::from_writer(Vec::new());
        w.write_record(["id", "label", "kind", "score", "size", "members"])
            .map_err(csv_error)?;
        for g in view.groups() {
            let members: Vec<String> = g.members.iter().map(|&m| id(m)).collect();
            w.write_record([
                g.id.clone(),
                g.label.clone(),
                g.kind.clone(),
                super::table::format_double(g.score),
                g.members.len().to_string(),
                members.join("|"),
            ])
            .map_err(csv_error)?;
        }
        Some(w.into_inner().map_err(csv_error)?)
    };
    Ok(CsvTables {
        nodes,
        edges,
        groups,
    })
}

/// Writes `nodes.csv`, `edges.csv` (and `groups.csv`) into folder `dir`,
/// each atomically, and returns their paths. Other files in `dir` are left alone.
///
/// # Errors
///
/// [`Error::Io`] when a file cannot be written.
pub fn write_csv_dir(view: &NetworkView<'_>, dir: &Path) -> Result<Vec<PathBuf>> {
    let t = to_csv(view)?;
    let mut written = Vec::new();
    let mut files = vec![("nodes.csv", t.nodes), ("edges.csv", t.edges)];
    if let Some(g) = t.groups {
        files.push(("groups.csv", g));
    }
    for (name, bytes) in files {
        let path = dir.join(name);
        crate::output::write_atomic(&path, &bytes)?;
        written.push(path);
    }
    Ok(written)
}
