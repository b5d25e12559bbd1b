//! coopnet: analyse inter-regional cooperation networks.
//!
//! Regions, the clusters and organisations in them, and the sector-labelled
//! cooperation links between those organisations are loaded from a dataset
//! folder of CSV files ([`load`]), held as one petgraph multigraph and
//! projected onto a compact CSR view ([`graph`]), on which the algorithms run:
//! community detection ([`community`]), the study's descriptive tables
//! ([`report`]), specialisation, relatedness and value chains ([`economics`]),
//! national-cluster suggestions ([`suggest`]); [`analyze`] and [`batch`] run
//! them end to end. Those modules compute and return data; every file is
//! written by [`export`], through [`output`] (atomic, never onto an input).
//! The `coopnet` binary (`src/main.rs` and its command-line module) owns the
//! terminal and the command-line types; the library never prints or exits.
//!
//! ```
//! use coopnet::graph::{CooperationGraph, Projection, ProjectionSpec, project};
//! use coopnet::community::{LeidenConfig, leiden};
//!
//! let ds = coopnet::load::load_dataset(std::path::Path::new("datasets/demo")).unwrap();
//! let graph = CooperationGraph::new(&ds);
//! let regions = project(&graph, &ProjectionSpec::merged(Projection::Regions)).unwrap();
//! let found = leiden(&regions.graph, &LeidenConfig::default()).unwrap();
//! assert_eq!(found.membership.len(), ds.regions.len());
//! ```

#![warn(clippy::unwrap_used, clippy::expect_used)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod analyze;
pub mod batch;
pub mod community;
pub mod dynamics;
pub mod economics;
pub mod error;
pub mod export;
pub mod forecast;
pub mod generate;
pub mod graph;
pub mod load;
pub mod model;
pub mod output;
pub mod random;
pub mod report;
pub mod stats;
pub mod suggest;

pub use error::{Error, Problem, Problems, Result};
