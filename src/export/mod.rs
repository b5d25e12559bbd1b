//! Every file coopnet writes: cooperation maps (Graphviz DOT) and their
//! rendering, exports for Gephi, networkx, D3 and spreadsheets, and the
//! tables and reports of the other modules, which compute and return data
//! and leave writing it to this one.
//!
//! | data | writer |
//! |---|---|
//! | the descriptive report | [`report`]: Markdown, tidy CSV, JSON |
//! | communities | [`communities`]: `node,community` CSV, one JSON document |
//! | specialisation and relatedness tables | [`tables`]: CSV, Markdown |
//! | national-cluster suggestions | [`suggestions`]: Markdown, CSV, JSON |
//! | the main job's index and records | [`index`]: `README.md`, `run.json`, `dataset.json` |
//! | a batch's comparison of runs | [`summary`]: `summary.csv`, `summary.md` |
//!
//! Networks:
//!
//! Everything starts from a [`NetworkView`]: one projection of a dataset with
//! names, regions, districts, sectors and figures, to which a community result
//! ([`Communities`]) and groups such as suggested national clusters
//! ([`MapGroup`]) can be attached. From a view:
//!
//! | output | function | notes |
//! |---|---|---|
//! | DOT map | [`to_dot`] | colours, legend, groups as `subgraph cluster_*`, layouts ([`map`], [`dot`]) |
//! | SVG, PNG, PDF | [`render::render_file`] | runs Graphviz with a time limit |
//! | choropleth SVG | [`choropleth::choropleth_svg`] | region shapes filled by a measure; PNG and PDF by [`convert`] |
//! | GraphML | [`graphml::to_graphml`] | typed keys |
//! | GEXF 1.2 | [`gexf::to_gexf`] | `viz:color`, `viz:size`, geographic `viz:position` |
//! | JSON | [`json::to_json`] | networkx (`edges`) or D3 (`links`) node-link |
//! | CSV | [`csv::to_csv`], [`csv::write_csv_dir`] | `nodes.csv`, `edges.csv`, `groups.csv` |
//!
//! All formats carry the same attributes ([`table`]), community ids and group
//! membership included when attached. All user text is escaped for its
//! format ([`escape`]). The library never prints: warnings come back in
//! [`DotMap::warnings`] and [`render::Rendered::warnings`].
//!
//! Drawing communities and suggestions:
//!
//! ```
//! use coopnet::export::{ColorBy, Communities, MapGroup, MapOptions, NetworkView, to_dot};
//! use coopnet::graph::{Projection, ProjectionSpec};
//! let ds = coopnet::load::load_dataset(std::path::Path::new("datasets/demo")).unwrap();
//! let view = NetworkView::new(&ds, &ProjectionSpec::merged(Projection::Regions))
//!     .unwrap()
//!     .with_communities(Communities::new(&[0, 0, 0, 1, 1]))
//!     .unwrap()
//!     // RU-KOS and RU-SA: node indices of the projection (record order)
//!     .with_groups(vec![MapGroup::new("NC1", "Jewellery from Yakutian stones", "intersectoral", 8.0, vec![2, 4])])
//!     .unwrap();
//! let opts = MapOptions { color_by: ColorBy::Community, ..MapOptions::default() };
//! let map = to_dot(&view, &opts).unwrap();
//! // groups with the auto layout: a suggestion diagram, one card per group
//! assert!(map.dot.contains("c0[label=<<TABLE"));
//! ```

pub mod choropleth;
pub mod communities;
pub mod convert;
pub mod csv;
pub mod describe;
pub mod diagram;
pub mod dot;
pub mod dynamics_tables;
pub mod escape;
pub mod forecast_chart;
pub mod gexf;
pub mod graphml;
pub mod groups;
pub mod html;
pub mod index;
pub mod json;
pub mod labels;
pub mod layout;
pub mod map;
pub mod markets;
pub mod palette;
pub mod render;
pub mod report;
pub mod scale;
pub mod suggestions;
pub mod summary;
pub mod table;
pub mod tables;
pub mod text;
pub mod view;

pub use dot::{ColorBy, DotMap, Engine, Layout, MapOptions};
pub use groups::suggestion_groups;
pub use json::JsonFlavour;
pub use layout::{GeoOptions, GeoProjection};
pub use map::to_dot;
pub use render::RenderFormat;
pub use report::ReportFormat;
pub use view::{Communities, MapGroup, NetworkView, NodeKind, ViewEdge, ViewNode};
