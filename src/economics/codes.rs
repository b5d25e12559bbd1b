//! OKVED2 / NACE Rev.2 sector codes: their levels, sections and aggregation.
//!
//! The one implementation lives in [`crate::model::sector`] (datasets are read
//! with it too); this module names it where the economics functions use it.

pub use crate::model::sector::{NOT_A_CODE, SectionMap, SectorLevel, aggregate_code, is_beneath};
