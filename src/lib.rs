//! coopnet: analyse inter-regional cooperation networks.

pub mod community;
pub mod error;
pub mod graph;
pub mod load;

pub use error::{Error, Problem, Problems, Result};
