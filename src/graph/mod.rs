//! The cooperation multigraph (petgraph) and the compact views the algorithms read.
//!
//! Loading builds a [`crate::model::Dataset`]; [`CooperationGraph`] turns it into one
//! petgraph multigraph with every node and link kept; [`project`] derives from it a
//! weighted undirected [`CsrGraph`] of participants, clusters or regions, with all
//! sectors merged or one layer per sector. Algorithms only ever see a `CsrGraph`.

pub mod csr;
pub mod multigraph;
pub mod projection;

pub use csr::CsrGraph;
pub use multigraph::{CooperationGraph, Edge, EdgeKind, Node};
pub use projection::{Layer, Projected, Projection, ProjectionSpec, project, project_dataset};
