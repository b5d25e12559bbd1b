//! The steps of the main job, in order; each computes with the library and
//! hands the writing to [`crate::export`].

use std::path::Path;

use super::job::Job;
use super::{AnalyzeConfig, MAX_EXPORT_NODES};
use crate::community::{Communities, LeidenConfig, leiden};
use crate::economics::{
    Normalisation, RelatednessMethod, RelatednessTables, SpecialisationConfig,
    SpecialisationTables, ValueChain, matrix_by_employees_or_organisations, specialisation,
};
use crate::error::Result;
use crate::export::communities::{self as community_out, Partitioned};
use crate::export::report::{ReportFormat, render};
use crate::export::suggestions::{self as suggestion_out, RenderOptions};
use crate::export::{
    ColorBy, Communities as ViewCommunities, JsonFlavour, Layout, MapOptions, NetworkView, gexf,
    graphml, index, json, suggestion_groups, tables, to_dot,
};
use crate::graph::{Projected, Projection, ProjectionSpec, project_dataset};
use crate::load::{LoadOptions, load_dataset_at};
use crate::model::{Dataset, SectorLevel};
use crate::suggest::{SuggestOptions, SuggestReport, suggest};

/// The dataset and the value chain of the run.
pub(super) struct Loaded {
    pub(super) ds: Dataset,
    chain: ValueChain,
    chain_name: String,
}

/// Reads the dataset and the value chain; writes `dataset.json`.
pub(super) fn load(job: &mut Job<'_>, dataset: &Path, config: &AnalyzeConfig) -> Result<Loaded> {
    let options = LoadOptions {
        encoding: config.encoding,
    };
    let ds = load_dataset_at(dataset, &options, config.year)?;
    if let Some(said) = ds.years.describe() {
        job.note(format!("the network is that of {said}"));
        if let Some(y) = ds.years.year {
            job.figure("year", y);
        }
    }
    let (chain, chain_name) = match &config.value_chain {
        Some(path) => (
            crate::load::value_chain::read(path, &options)?,
            path.display().to_string(),
        ),
        None => (
            crate::load::value_chain::curated()?,
            "curated (datasets/value_chain.csv)".to_string(),
        ),
    };
    job.put(
        "dataset.json",
        "what was loaded: files, encodings, delimiters, counts",
        &index::dataset_json(&ds)?,
    )?;
    Ok(Loaded {
        ds,
        chain,
        chain_name,
    })
}

/// `report.md` and `report.json`, and the headline counts.
pub(super) fn report(job: &mut Job<'_>, ds: &Dataset) -> Result<()> {
    let report = crate::report::DescriptiveReport::compute(ds);
    job.put(
        "report.md",
        "the descriptive report: clusters by district and level, specialisations, correlations",
        &render(&report, ReportFormat::Md)?,
    )?;
    job.put(
        "report.json",
        "the descriptive report as JSON",
        &render(&report, ReportFormat::Json)?,
    )?;
    job.figure("regions", ds.regions.len());
    job.figure("clusters", ds.clusters.len());
    job.figure("organisations", ds.participants.len());
    job.figure("links", ds.links.len());
    Ok(())
}

/// The projections and the communities found in the chosen one.
pub(super) struct Graphs {
    /// The chosen projection.
    projected: Projected,
    /// The region projection, when the chosen one is another (for the maps).
    regions: Option<Projected>,
    /// Its communities (none for an empty projection).
    found: Option<Communities>,
}

impl Graphs {
    fn regions(&self) -> &Projected {
        self.regions.as_ref().unwrap_or(&self.projected)
    }
}

/// What one node of a projection is, in words.
fn node_noun(p: Projection) -> &'static str {
    match p {
        Projection::Participants => "organisation",
        Projection::Clusters => "cluster",
        Projection::Regions => "region",
    }
}

/// Leiden on the chosen projection: `communities.csv` and
/// `communities.json`, as `coopnet communities` writes them.
pub(super) fn communities(
    job: &mut Job<'_>,
    dataset: &Path,
    ds: &Dataset,
    config: &AnalyzeConfig,
) -> Result<Graphs> {
    // The projections straight from the links (no multigraph needed); the
    // region projection carries sector layers, for the maps' edge colours
    // (cheap: few nodes).
    let layered = |p: Projection| ProjectionSpec {
        layers: p == Projection::Regions,
        between_only: config.between,
        ..ProjectionSpec::merged(p)
    };
    let projected = project_dataset(ds, &layered(config.projection))?;
    let regions = if config.projection == Projection::Regions {
        None
    } else {
        Some(project_dataset(ds, &layered(Projection::Regions))?)
    };
    let found = if projected.graph.node_count() > 0 {
        let leiden_config = LeidenConfig {
            record_levels: true,
            ..config.leiden()
        };
        Some(leiden(&projected.graph, &leiden_config)?)
    } else {
        None
    };
    if let Some(c) = &found {
        job.put(
            "communities.csv",
            &format!(
                "the community of every {} (node,community)",
                node_noun(config.projection)
            ),
            &community_out::membership_csv(&projected.labels, &c.membership),
        )?;
        let input =
            community_out::dataset_input(dataset, config.projection, config.between, ds.years.year);
        let what = Partitioned {
            input: &input,
            projection: Some(config.projection),
            names: &projected.labels,
            edges: projected.graph.edge_count(),
            layers: &[],
        };
        job.put(
            "communities.json",
            "modularity, sizes, seed, parameters and membership of the communities",
            &community_out::to_json(&what, c, None)?,
        )?;
        job.figure("communities", c.count);
        job.figure("modularity", format!("{:.4}", c.modularity));
    }
    region_headlines(job, ds, config, &projected, found.as_ref())?;
    Ok(Graphs {
        projected,
        regions,
        found,
    })
}

/// One partition of the regions: with or without the links inside a region.
struct RegionPartition {
    between: bool,
    communities: usize,
    modularity: f64,
    /// The share of the link weight inside one region (the self-loops).
    within_share: f64,
}

/// Leiden on the region projection, with (`between` false) or without the
/// links inside a region; the run's own partition when it is that one.
fn region_partition(
    ds: &Dataset,
    config: &AnalyzeConfig,
    between: bool,
    chosen: (&Projected, Option<&Communities>),
) -> Result<Option<RegionPartition>> {
    let own = config.projection == Projection::Regions && config.between == between;
    let built;
    let (graph, found) = if own {
        (&chosen.0.graph, chosen.1.cloned())
    } else {
        let spec = ProjectionSpec {
            between_only: between,
            ..ProjectionSpec::merged(Projection::Regions)
        };
        built = project_dataset(ds, &spec)?;
        let found = (built.graph.node_count() > 0)
            .then(|| leiden(&built.graph, &config.leiden()))
            .transpose()?;
        (&built.graph, found)
    };
    let Some(c) = found else { return Ok(None) };
    let total = graph.total_weight();
    let loops: f64 = graph.edges().filter(|(u, v, _)| u == v).map(|e| e.2).sum();
    Ok(Some(RegionPartition {
        between,
        communities: c.count,
        modularity: c.modularity,
        within_share: if total > 0.0 { loops / total } else { 0.0 },
    }))
}

/// The headlines: both region partitions, each saying which it is and which
/// one `communities.csv` holds.
fn region_headlines(
    job: &mut Job<'_>,
    ds: &Dataset,
    config: &AnalyzeConfig,
    projected: &Projected,
    found: Option<&Communities>,
) -> Result<()> {
    let with = region_partition(ds, config, false, (projected, found))?;
    let without = region_partition(ds, config, true, (projected, found))?;
    let share = with.as_ref().map_or(0.0, |p| p.within_share);
    for p in [with, without].into_iter().flatten() {
        let holds = if config.projection == Projection::Regions && config.between == p.between {
            " This is the partition of communities.csv and the maps."
        } else {
            ""
        };
        let text = if p.between {
            format!(
                "Region communities of the links between regions (within-region links left out, `--between`): {} at modularity {:.3}. How regions cooperate with each other.{holds}",
                p.communities, p.modularity
            )
        } else {
            format!(
                "Region communities with within-region links kept as self-loops (the default projection): {} at modularity {:.3}. The links inside a region are {:.0} % of the link weight, and modularity counts a self-loop inside its community, so much of this figure is regions cooperating with themselves.{holds}",
                p.communities,
                p.modularity,
                100.0 * share
            )
        };
        job.headline(text);
    }
    Ok(())
}

/// Location quotients, region indices, relatedness and density, by division.
pub(super) fn specialisations(job: &mut Job<'_>, ds: &Dataset) -> Result<()> {
    let level = SectorLevel::Division;
    let (built, measure) = matrix_by_employees_or_organisations(ds, level)?;
    let m = &built.matrix;
    let spec = specialisation(m, &SpecialisationConfig::default())?;
    let t = SpecialisationTables::new(m, &spec);
    let by = format!("by {}, {} level", measure.name(), level.name());
    job.put(
        "specialisation.csv",
        &format!("location quotients of every region and sector ({by})"),
        &tables::specialisation_csv(&t),
    )?;
    job.put(
        "regions.csv",
        "Herfindahl, Krugman and entropy of every region",
        &tables::regions_csv(&t),
    )?;
    let related =
        RelatednessTables::new(m, &spec, RelatednessMethod::Normalised(Normalisation::Prob))?;
    job.put(
        "relatedness.csv",
        "relatedness of co-occurring sectors (EconGeo prob)",
        &tables::pairs_csv(&related),
    )?;
    job.put(
        "density.csv",
        "relatedness density of every region and sector (0 to 100)",
        &tables::density_csv(&related),
    )?;
    job.figure("specialisations", spec.diversity.iter().sum::<f64>());
    Ok(())
}

/// The national-cluster suggestions, as `coopnet suggest` finds them.
pub(super) fn suggestions(
    job: &mut Job<'_>,
    loaded: &Loaded,
    config: &AnalyzeConfig,
) -> Result<SuggestReport> {
    // the expected pairings of the dataset folder, evaluated beside the existing clusters
    let pairings = loaded.ds.path.join(crate::load::pairings::FILE);
    let expected = if pairings.exists() {
        let ids: Vec<&str> = loaded.ds.regions.iter().map(|r| r.id.as_str()).collect();
        crate::load::pairings::read(
            &pairings,
            &LoadOptions {
                encoding: config.encoding,
            },
            &ids,
        )?
    } else {
        Vec::new()
    };
    let options = SuggestOptions {
        leiden: config.leiden(),
        expected,
        ..SuggestOptions::default()
    };
    let suggested = suggest(&loaded.ds, &loaded.chain, &options)?;
    let everything = RenderOptions {
        top: suggested.suggestions.len(),
        value_chain: loaded.chain_name.clone(),
    };
    let readable = RenderOptions {
        top: config.top,
        value_chain: loaded.chain_name.clone(),
    };
    job.put(
        "suggestions.json",
        "every national-cluster suggestion, ranked, with anchors and explanations",
        &suggestion_out::json(&suggested, &everything)?,
    )?;
    job.put(
        "suggestions.md",
        "the top suggestions as a readable ranked list, with explanations and anchors",
        &suggestion_out::markdown(&suggested, &readable),
    )?;
    if !suggested.existing_clusters.is_empty() || !suggested.expected_pairings.is_empty() {
        job.put(
            "evaluation.csv",
            "where each existing inter-regional cluster and expected pairing ranks, or what kept it out",
            &suggestion_out::evaluation_csv(&suggested),
        )?;
    }
    job.figure("suggestions", suggested.suggestions.len());
    if let Some(best) = suggested.suggestions.first() {
        job.figure(
            "top_suggestion",
            best.explanation
                .first()
                .map(|e| e.text.clone())
                .unwrap_or_else(|| best.sectors.join(" ")),
        );
    }
    Ok(suggested)
}

/// With `nti_markets.csv` in the dataset folder: the clusters each market
/// should cooperate with, as `coopnet suggest --markets` ranks them
/// (`markets.md`, `markets.csv`, `markets.json`).
pub(super) fn markets(
    job: &mut Job<'_>,
    dataset: &Path,
    ds: &Dataset,
    config: &AnalyzeConfig,
) -> Result<()> {
    use crate::export::markets as out;
    use crate::suggest::markets::{MarketConfig, rank_markets};
    let path = dataset.join(crate::load::markets::FILE);
    if !path.exists() {
        return Ok(());
    }
    let options = LoadOptions {
        encoding: config.encoding,
    };
    let markets = crate::load::markets::read(&path, &options)?;
    let report = rank_markets(ds, &markets, &MarketConfig::default())?;
    job.put(
        "markets.md",
        "the clusters each NTI market should cooperate with, markets without participants first, explained",
        &out::markdown(&report),
    )?;
    job.put(
        "markets.csv",
        "the same, one row per market and cluster",
        &out::csv(&report),
    )?;
    job.put(
        "markets.json",
        "the same as JSON, with every term",
        &out::json(&report, &ds.name)?,
    )?;
    let none = markets.iter().filter(|m| m.participants == Some(0)).count();
    job.headline(format!(
        "NTI markets: {} in {}, {none} without participants; the clusters each should cooperate with, those without participants first, are in markets.md.",
        markets.len(),
        crate::load::markets::FILE
    ));
    Ok(())
}

/// The geographic map of regions and the diagram of the top suggestions,
/// drawn as SVG when asked and possible.
pub(super) fn maps(
    job: &mut Job<'_>,
    ds: &Dataset,
    graphs: &Graphs,
    suggested: &SuggestReport,
    config: &AnalyzeConfig,
) -> Result<()> {
    let regions_view = NetworkView::from_projected(ds, graphs.regions());
    let (geo_view, color_by) = match (&graphs.found, config.projection) {
        (Some(c), Projection::Regions) => (
            regions_view
                .clone()
                .with_communities(ViewCommunities::new(&c.membership))?,
            ColorBy::Community,
        ),
        _ => (regions_view.clone(), ColorBy::District),
    };
    let geo = to_dot(
        &geo_view,
        &MapOptions {
            color_by,
            layout: Layout::Geo,
            ..MapOptions::default()
        },
    )?;
    job.dot("map", "the geographic cooperation map of regions", &geo)?;
    let groups = suggestion_groups(&regions_view, &suggested.suggestions, config.top);
    if !groups.is_empty() {
        let diagram = regions_view.with_groups(groups)?.grouped_only();
        let map = to_dot(
            &diagram,
            &MapOptions {
                layout: Layout::Dot,
                ..MapOptions::default()
            },
        )?;
        job.dot(
            "suggestions",
            "the top suggestions as groups of regions",
            &map,
        )?;
    }
    job.draw_all(config.render);
    Ok(())
}

/// GraphML, GEXF and node-link JSON of the chosen projection with its
/// communities, unless it is too large for the tools that read them.
pub(super) fn exports(
    job: &mut Job<'_>,
    ds: &Dataset,
    graphs: &Graphs,
    config: &AnalyzeConfig,
) -> Result<()> {
    let projected = &graphs.projected;
    if projected.graph.node_count() > MAX_EXPORT_NODES {
        job.note(format!(
            "network exports were skipped: the {} projection has {} nodes (more than {MAX_EXPORT_NODES}); use coopnet export",
            config.projection.name(),
            projected.graph.node_count()
        ));
        return Ok(());
    }
    let mut view = NetworkView::from_projected(ds, projected);
    if let Some(c) = &graphs.found {
        view = view.with_communities(ViewCommunities::new(&c.membership))?;
    }
    let what = config.projection.name();
    job.put(
        "network.graphml",
        &format!("the {what} network with communities (GraphML: Gephi, networkx, igraph)"),
        &graphml::to_graphml(&view),
    )?;
    job.put(
        "network.gexf",
        &format!("the {what} network with communities (GEXF 1.2 for Gephi)"),
        &gexf::to_gexf(&view, ColorBy::District)?,
    )?;
    job.put(
        "network.json",
        &format!("the {what} network with communities (networkx node-link JSON)"),
        &json::to_json(&view, JsonFlavour::NetworkX),
    )?;
    Ok(())
}

/// With years: `dynamics.md` and `dynamics.json`, as `coopnet dynamics` with
/// its defaults (the first and the last year of each panel; the suggestion
/// back-test from the first to the last year of the links).
pub(super) fn dynamics(job: &mut Job<'_>, ds: &Dataset) -> Result<()> {
    use crate::dynamics::{DynamicsConfig, compare, link_backtest};
    use crate::export::dynamics_tables::{DynamicsSource, dynamics_md, link_backtest_md};
    let y = &ds.years;
    // the panel files, else organisations by year from participants.csv
    let mut panels: Vec<(String, &str, crate::dynamics::Panel, usize, usize)> = y
        .panels
        .iter()
        .map(|p| {
            let what = "panel table: value";
            (p.file.clone(), what, p.panel.clone(), p.synthetic, p.rows)
        })
        .collect();
    if panels.is_empty() {
        if let Some((panel, _)) =
            crate::dynamics::participants_panel(ds, SectorLevel::Division, false)?
        {
            let synthetic = ds.synthetic_rows();
            let what = "count of the participants by year";
            let rows = y.organisation_rows;
            panels.push(("participants.csv".to_string(), what, panel, synthetic, rows));
        }
    }
    if panels.is_empty() && !y.links {
        return Ok(());
    }
    let mut md = String::new();
    let mut json = serde_json::Map::new();
    let config = DynamicsConfig::default();
    for (file, what, panel, synthetic, rows) in &panels {
        let p = Named {
            file,
            panel,
            synthetic: *synthetic,
            rows: *rows,
        };
        let years = p.panel.years();
        let (Some(&from), Some(&to)) = (years.first(), years.last()) else {
            continue;
        };
        if from == to {
            job.note(format!(
                "{} has one year only ({from}): no dynamics",
                p.file
            ));
            continue;
        }
        let d = match compare(p.panel, from, to, &config) {
            Ok(d) => d,
            Err(e) => {
                job.note(format!("no dynamics of {}: {e}", p.file));
                continue;
            }
        };
        let source = DynamicsSource {
            file: p.file.clone(),
            measure: what.to_string(),
            level: (*file == "participants.csv").then(|| "division".to_string()),
            synthetic_rows: (p.synthetic > 0).then_some((p.synthetic, p.rows)),
        };
        md.push_str(&dynamics_md(&d, &source));
        md.push('\n');
        // headline figures (batch summary columns) of the first panel only
        if json.is_empty() {
            job.figure("dynamics_years", format!("{from}-{to}"));
            job.figure("entries", d.entries);
            if let Some(a) = d.backtest.auc {
                job.figure("relatedness_auc", format!("{a:.3}"));
            }
        }
        json.insert(
            p.file.clone(),
            serde_json::json!({ "source": source, "dynamics": d }),
        );
    }
    if y.links {
        let (from, to) = (
            y.network.first().copied().unwrap_or_default(),
            y.network.last().copied().unwrap_or_default(),
        );
        let chain = crate::load::value_chain::curated()?;
        match link_backtest(ds, from, to, &chain, &SuggestOptions::default()) {
            Ok(b) => {
                md.push_str(&link_backtest_md(&b, ds.any_synthetic()));
                if let Some(a) = b.auc {
                    job.figure("suggestion_auc", format!("{a:.3} ({from}-{to})"));
                }
                json.insert("link_backtest".to_string(), serde_json::json!(b));
            }
            Err(e) => job.note(format!("no suggestion back-test: {e}")),
        }
    }
    if md.is_empty() {
        return Ok(());
    }
    job.put(
        "dynamics.md",
        "growth, entry and exit of specialisations and the back-tests (docs/measures.md, Dynamics)",
        &md,
    )?;
    let text = crate::export::json::pretty(&json)?;
    job.put("dynamics.json", "the same as JSON", &text)
}

/// A panel of the dynamics step and where it comes from.
struct Named<'a> {
    file: &'a String,
    panel: &'a crate::dynamics::Panel,
    synthetic: usize,
    rows: usize,
}
