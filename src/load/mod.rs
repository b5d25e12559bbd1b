//! Reading datasets and edge lists, with every problem located.
//!
//! [`load_dataset`] reads a dataset folder (see `docs/dataset-format.md`);
//! [`table::Table`] reads one CSV file with encoding and delimiter detection;
//! [`edgelist`] reads plain `u v [w]` edge lists.

pub mod boundaries;
mod dataset;
pub mod edgelist;
pub mod fields;
pub mod ids;
pub mod table;

pub use dataset::{FILES, load_dataset};
pub use table::{Encoding, Table};
