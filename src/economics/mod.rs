//! Economic geography: specialisation, relatedness, complexity, input-output
//! linkages and value chains.
//!
//! Everything here reads a finished region x sector matrix (or an input-output
//! table) and computes the measures of EconGeo (Balland, R) and py-ecomplexity
//! (Harvard Growth Lab, Python) with the same definitions, so a user can check
//! coopnet against those packages. `docs/measures.md` lists every formula, its
//! source, the coopnet function and where the two packages differ.
//!
//! # Data layout
//!
//! A [`RegionSectorMatrix`] holds labelled non-negative values `x_rs`, regions in
//! rows and sectors in columns, dense and row-major; results are plain
//! [`DenseMatrix`] values in the same order as the labels they came from.
//!
//! ```
//! use coopnet::economics::{RegionSectorMatrix, Duplicates, specialisation, SpecialisationConfig};
//! // two regions, two sectors
//! let m = RegionSectorMatrix::from_triples(
//!     [("RU-KOS", "32.12", 30.0), ("RU-KOS", "08.99", 10.0), ("RU-SA", "08.99", 60.0)],
//!     Duplicates::Sum,
//! ).unwrap();
//! let spec = specialisation(&m, &SpecialisationConfig::default()).unwrap();
//! // regions and sectors are sorted: rows RU-KOS, RU-SA; columns 08.99, 32.12
//! // LQ(RU-KOS, 32.12) = (30/40) / (30/100) = 2.5
//! assert!((spec.lq.get(0, 1) - 2.5).abs() < 1e-12);
//! assert_eq!(spec.specialised.get(1, 0), 1.0); // RU-SA specialises in 08.99
//! ```
//!
//! # Modules
//!
//! - [`matrix`]: [`DenseMatrix`], [`RegionSectorMatrix`] and its long-table reader;
//! - [`from_dataset`]: the matrix of a loaded dataset, by employees,
//!   organisations or clusters;
//! - [`coagglomeration`]: the Ellison-Glaeser-Kerr coagglomeration index,
//!   Delgado-Porter-Stern validation scores, groups of sectors from data;
//! - [`codes`]: OKVED2 / NACE Rev.2 code levels, sections, aggregation;
//! - [`specialisation`]: location quotients, Herfindahl, Krugman, entropy;
//! - [`significance`]: size, share of the national sector and a binomial
//!   test with Benjamini-Hochberg control of each location quotient;
//! - [`relatedness`]: co-occurrence, the EconGeo normalisations, proximity,
//!   relatedness density;
//! - [`complexity`]: ECI and PCI by the eigenvector and reflections methods;
//! - [`io_table`]: input-output tables, technical coefficients, the Leontief
//!   inverse, multipliers, Ellison-Glaeser-Kerr linkages, ISIC to NACE mapping;
//! - [`value_chain`]: supplier -> buyer sector pairs, curated or derived from an
//!   input-output table.

pub mod coagglomeration;
pub mod codes;
pub mod complexity;
pub mod from_dataset;
pub mod geography;
pub mod io_table;
pub use crate::model::matrix;
pub mod relatedness;
pub mod significance;
pub mod specialisation;
pub mod tables;
pub mod value_chain;

pub use codes::{SectionMap, SectorLevel};
pub use complexity::{Complexity, ComplexityMethod, complexity};
pub use from_dataset::{
    DatasetMatrix, Measure, PANEL_MEASURE_FILE, PanelSource, matrix_by_employees_or_organisations,
    matrix_from_dataset,
};
pub use io_table::{DivisionLinkages, IoTable, Linkages};
pub use matrix::{DenseMatrix, Duplicates, RegionSectorMatrix};
pub use relatedness::{
    Normalisation, ProximityDiagonal, co_occurrence, proximity, relatedness, relatedness_density,
};
pub use significance::{Significance, SignificanceConfig, Verdict, significance};
pub use specialisation::{
    Specialisation, SpecialisationConfig, binary_specialisation, entropy, herfindahl, krugman,
    location_quotients, specialisation,
};
pub use tables::{RelatednessMethod, RelatednessTables, SpecialisationTables};
pub use value_chain::{ValueChain, ValueChainLink};
