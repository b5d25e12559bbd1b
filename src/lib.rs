//! coopnet: analyse inter-regional cooperation networks.

#![warn(clippy::unwrap_used, clippy::expect_used)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod error;
pub mod generate;
pub mod graph;
pub mod load;
pub mod model;

pub use error::{Error, Problem, Problems, Result};
pub mod cli;
pub mod output;
pub mod report;
