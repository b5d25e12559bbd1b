//! coopnet: analyse inter-regional cooperation networks.

pub mod economics;
pub mod error;
pub mod graph;

pub use error::{Error, Problem, Problems, Result};
