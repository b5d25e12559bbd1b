//! The generators' random streams: the crate's one [`Stream`]
//! ([`crate::random`]), keyed by the user's seed, a purpose per kind of row
//! (regions, clusters, organisations, links, ...) and a chunk index.

pub use crate::random::{Stream, exp};
