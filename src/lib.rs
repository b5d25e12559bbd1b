//! coopnet: analyse inter-regional cooperation networks.

pub mod error;
pub mod graph;
pub mod load;
pub mod model;

pub use error::{Error, Problem, Problems, Result};
