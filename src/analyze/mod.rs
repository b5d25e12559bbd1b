//! The main job: everything for one dataset into one output folder.
//!
//! [`analyze`] loads a dataset and writes, into a staged folder that appears
//! only when complete (see [`Step`] for the order):
//!
//! | file | what |
//! |---|---|
//! | `README.md` | an index linking the rest, with the headline figures |
//! | `run.json` | every parameter, the seed, the coopnet version, seconds per step |
//! | `dataset.json` | what was loaded: files, encodings, delimiters, counts |
//! | `report.md`, `report.json` | the descriptive report ([`crate::report`]) |
//! | `communities.csv`, `communities.json` | Leiden communities of the chosen projection |
//! | `specialisation.csv`, `regions.csv` | location quotients; Herfindahl, Krugman, entropy per region |
//! | `relatedness.csv`, `density.csv` | sector relatedness (EconGeo `prob`) and relatedness density |
//! | `suggestions.md`, `suggestions.json` | ranked national-cluster suggestions |
//! | `map.dot` (+ `map.svg`) | the geographic cooperation map of regions |
//! | `suggestions.dot` (+ `suggestions.svg`) | the top suggestions as a diagram of regions |
//! | `network.graphml`, `network.gexf`, `network.json` | the projection with communities, for Gephi and networkx |
//!
//! SVG files are drawn when Graphviz is installed; without it the DOT files
//! are still written and the index says how to draw them.
//!
//! [`AnalyzeConfig`] holds every parameter, with the defaults the command line
//! and batch manifests share.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;

use crate::batch::Params;
use crate::community::{self, LeidenConfig, Quality, leiden};
use crate::economics::{
    Normalisation, RelatednessMethod, RelatednessTables, SpecialisationConfig,
    SpecialisationTables, ValueChain, matrix_by_employees_or_organisations, specialisation,
};
use crate::error::{Error, Result};
use crate::export::escape::{csv_field, md_cell};
use crate::export::render::{self, RenderFormat};
use crate::export::{
    ColorBy, Communities as ViewCommunities, JsonFlavour, Layout, MapOptions, NetworkView, gexf,
    graphml, json, suggestion_groups, to_dot,
};
use crate::graph::{Projection, ProjectionSpec, project_dataset};
use crate::load::load_dataset;
use crate::model::{Dataset, SectorLevel};
use crate::output::{StagedDir, write_atomic};
use crate::report::{DescriptiveReport, ReportFormat, render};
use crate::suggest::{SuggestOptions, suggest};

/// Default seed of every randomised step.
pub const DEFAULT_SEED: u64 = community::DEFAULT_SEED;
/// Default resolution of community detection.
pub const DEFAULT_RESOLUTION: f64 = community::DEFAULT_RESOLUTION;
/// Default number of suggestions drawn in the diagram and listed first.
pub const DEFAULT_TOP: usize = 10;
/// Projections with more nodes than this are not exported as GraphML, GEXF
/// and JSON by the main job (Gephi and networkx struggle well before that;
/// `coopnet export` still writes them on request).
pub const MAX_EXPORT_NODES: usize = 200_000;
/// Time limit for drawing one picture with Graphviz.
pub const RENDER_TIMEOUT: Duration = Duration::from_secs(120);

/// Every parameter of the main job.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnalyzeConfig {
    /// Which nodes community detection and the exports use.
    pub projection: Projection,
    /// Leave out cooperation inside one node (see
    /// [`ProjectionSpec::between_only`]): communities of how regions (or
    /// clusters, organisations) cooperate with each other.
    pub between: bool,
    /// Resolution of community detection (modularity's gamma), for the
    /// projection and for the specialisation graph of the suggestions.
    pub resolution: f64,
    /// Seed of every randomised step.
    pub seed: u64,
    /// A value-chain table (`from,to,weight,rationale`); default: the curated one
    /// bundled with coopnet, as for `coopnet suggest` and `coopnet map`. A
    /// dataset's own `value_chain.csv` is used only when named here.
    pub value_chain: Option<PathBuf>,
    /// Suggestions drawn in the diagram.
    pub top: usize,
    /// Draw SVG pictures when Graphviz is installed.
    pub render: bool,
}

impl Default for AnalyzeConfig {
    fn default() -> Self {
        AnalyzeConfig {
            projection: Projection::Regions,
            between: false,
            resolution: DEFAULT_RESOLUTION,
            seed: DEFAULT_SEED,
            value_chain: None,
            top: DEFAULT_TOP,
            render: true,
        }
    }
}

/// The parameter names a batch manifest may set, with what each takes.
pub const PARAMETERS: &[(&str, &str)] = &[
    ("projection", "participants, clusters or regions"),
    ("between", "true or false"),
    ("resolution", "a positive number"),
    ("seed", "a whole number >= 0"),
    ("value_chain", "a path to a value-chain CSV"),
    ("top", "a whole number >= 1"),
    ("render", "true or false"),
];

impl AnalyzeConfig {
    /// The configuration for a batch parameter set: defaults overridden by `params`.
    pub fn from_params(params: &Params) -> Result<Self> {
        let mut c = AnalyzeConfig::default();
        for (name, value) in params {
            let what = PARAMETERS.iter().find(|p| p.0 == name).map(|p| p.1);
            let bad = || {
                Error::parameter(
                    name.clone(),
                    format!("{value} is not {}", what.unwrap_or("valid")),
                )
            };
            match name.as_str() {
                "projection" => {
                    c.projection = value.as_str().and_then(Projection::parse).ok_or_else(bad)?
                }
                "resolution" => {
                    let r = value
                        .as_float()
                        .or_else(|| value.as_integer().map(|i| i as f64));
                    c.resolution = r.filter(|r| *r > 0.0 && r.is_finite()).ok_or_else(bad)?
                }
                "seed" => {
                    c.seed = value
                        .as_integer()
                        .and_then(|i| u64::try_from(i).ok())
                        .ok_or_else(bad)?
                }
                "value_chain" => {
                    c.value_chain = Some(value.as_str().map(PathBuf::from).ok_or_else(bad)?)
                }
                "top" => {
                    c.top = value
                        .as_integer()
                        .and_then(|i| usize::try_from(i).ok())
                        .filter(|t| *t >= 1)
                        .ok_or_else(bad)?
                }
                "render" => c.render = value.as_bool().ok_or_else(bad)?,
                "between" => c.between = value.as_bool().ok_or_else(bad)?,
                _ => {
                    let known: Vec<&str> = PARAMETERS.iter().map(|p| p.0).collect();
                    return Err(Error::parameter(
                        name.clone(),
                        format!(
                            "is not a parameter of analyze (known: {})",
                            known.join(", ")
                        ),
                    ));
                }
            }
        }
        Ok(c)
    }

    /// Files besides the dataset that the configuration reads.
    pub fn extra_inputs(&self) -> Vec<PathBuf> {
        self.value_chain.iter().cloned().collect()
    }

    fn leiden(&self) -> LeidenConfig {
        LeidenConfig {
            quality: Quality::Modularity {
                resolution: self.resolution,
            },
            seed: self.seed,
            record_levels: false,
            ..LeidenConfig::default()
        }
    }
}

/// A step of the main job, for progress reporting and timings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Step {
    /// Reading the dataset.
    Load,
    /// The descriptive report.
    Report,
    /// Community detection on the projection.
    Communities,
    /// Specialisation and relatedness.
    Specialisation,
    /// National-cluster suggestions.
    Suggestions,
    /// Maps (DOT, and SVG with Graphviz).
    Maps,
    /// GraphML, GEXF and JSON.
    Exports,
    /// The index and the run record.
    Finish,
}

impl Step {
    /// All steps in order.
    pub const ALL: [Step; 8] = [
        Step::Load,
        Step::Report,
        Step::Communities,
        Step::Specialisation,
        Step::Suggestions,
        Step::Maps,
        Step::Exports,
        Step::Finish,
    ];

    /// The step's name.
    pub fn name(self) -> &'static str {
        match self {
            Step::Load => "load",
            Step::Report => "report",
            Step::Communities => "communities",
            Step::Specialisation => "specialisation",
            Step::Suggestions => "suggestions",
            Step::Maps => "maps",
            Step::Exports => "exports",
            Step::Finish => "finish",
        }
    }
}

/// What the main job did, for summaries.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnalyzeSummary {
    /// The dataset's name.
    pub dataset: String,
    /// Every parameter used.
    pub config: AnalyzeConfig,
    /// Seconds per step.
    pub seconds: Vec<(Step, f64)>,
    /// Files written, relative to the output folder, with what each holds.
    pub files: Vec<(String, String)>,
    /// Headline figures (name, value as text), for the index and batch summaries.
    pub figures: Vec<(String, String)>,
    /// Things the user should know (a picture not drawn, an export skipped).
    pub notes: Vec<String>,
}

/// Runs the main job on the dataset folder `dataset`, writing into `out`
/// (replaced as a whole, only on success). `on_step` is called as each step starts.
pub fn analyze(
    dataset: &Path,
    config: &AnalyzeConfig,
    out: &Path,
    on_step: &(dyn Fn(Step) + Sync),
) -> Result<AnalyzeSummary> {
    let staged = StagedDir::new(out)?;
    let summary = analyze_into(dataset, config, staged.path(), on_step)?;
    staged.commit()?;
    Ok(summary)
}

/// The files and figures being written, with a clock per step.
struct Job<'a> {
    dir: &'a Path,
    summary: AnalyzeSummary,
    step: Option<(Step, Instant)>,
    on_step: &'a (dyn Fn(Step) + Sync),
}

impl Job<'_> {
    fn start(&mut self, step: Step) {
        self.stop();
        (self.on_step)(step);
        self.step = Some((step, Instant::now()));
    }

    fn stop(&mut self) {
        if let Some((step, t)) = self.step.take() {
            self.summary.seconds.push((step, t.elapsed().as_secs_f64()));
        }
    }

    fn put(&mut self, name: &str, what: &str, content: &str) -> Result<()> {
        write_atomic(&self.dir.join(name), content.as_bytes())?;
        self.summary
            .files
            .push((name.to_string(), what.to_string()));
        Ok(())
    }

    fn figure(&mut self, name: &str, value: impl ToString) {
        self.summary
            .figures
            .push((name.to_string(), value.to_string()));
    }

    /// Writes `name.dot` and queues it to be drawn as SVG.
    fn dot(
        &mut self,
        name: &str,
        what: &str,
        map: &crate::export::DotMap,
        queue: &mut Vec<Drawing>,
    ) -> Result<()> {
        self.put(
            &format!("{name}.dot"),
            &format!("{what} (Graphviz DOT)"),
            &map.dot,
        )?;
        queue.push(Drawing {
            name: name.to_string(),
            what: what.to_string(),
            dot: map.dot.clone(),
            engine: map.engine,
        });
        Ok(())
    }

    /// Draws the queued DOT files as SVG, in parallel, when asked and possible;
    /// notes why not otherwise. A picture that fails is a note, not an error.
    fn draw_all(&mut self, queue: Vec<Drawing>, render: bool) {
        if !render || queue.is_empty() {
            return;
        }
        if !render::graphviz_available() {
            for d in &queue {
                self.summary.notes.push(format!(
                    "{0}.svg was not drawn: Graphviz is not installed (apt install graphviz, brew install graphviz, \
                     or https://graphviz.org/download/); draw it with: {1}",
                    d.name,
                    d.engine.command_line("svg", &format!("{}.dot", d.name), &format!("{}.svg", d.name))
                ));
            }
            return;
        }
        let dir = self.dir;
        let results: Vec<(Drawing, Result<render::Rendered>)> = queue
            .into_par_iter()
            .map(|d| {
                let r = render::render_file(
                    &d.dot,
                    d.engine,
                    RenderFormat::Svg,
                    &dir.join(format!("{}.svg", d.name)),
                    RENDER_TIMEOUT,
                );
                (d, r)
            })
            .collect();
        for (d, r) in results {
            match r {
                Ok(_) => self.summary.files.push((format!("{}.svg", d.name), d.what)),
                Err(e) => self
                    .summary
                    .notes
                    .push(format!("{}.svg was not drawn: {e}", d.name)),
            }
        }
    }
}

/// A DOT map waiting to be drawn.
struct Drawing {
    name: String,
    what: String,
    dot: String,
    engine: crate::export::Engine,
}

/// Like [`analyze`], writing into an existing folder `dir` without staging
/// (the batch stages each run itself).
pub fn analyze_into(
    dataset: &Path,
    config: &AnalyzeConfig,
    dir: &Path,
    on_step: &(dyn Fn(Step) + Sync),
) -> Result<AnalyzeSummary> {
    let mut job = Job {
        dir,
        summary: AnalyzeSummary {
            dataset: String::new(),
            config: config.clone(),
            seconds: Vec::new(),
            files: Vec::new(),
            figures: Vec::new(),
            notes: Vec::new(),
        },
        step: None,
        on_step,
    };

    job.start(Step::Load);
    let ds = load_dataset(dataset)?;
    let (chain, chain_name) = match &config.value_chain {
        Some(path) => (ValueChain::from_csv_path(path)?, path.display().to_string()),
        None => (
            ValueChain::curated()?,
            "curated (datasets/value_chain.csv)".to_string(),
        ),
    };
    job.summary.dataset = ds.name.clone();
    job.put(
        "dataset.json",
        "what was loaded: files, encodings, delimiters, counts",
        &dataset_json(&ds),
    )?;

    job.start(Step::Report);
    let report = DescriptiveReport::compute(&ds);
    job.put(
        "report.md",
        "the descriptive report: clusters by district and level, specialisations, correlations",
        &render(&report, ReportFormat::Md),
    )?;
    job.put(
        "report.json",
        "the descriptive report as JSON",
        &render(&report, ReportFormat::Json),
    )?;
    job.figure("regions", ds.regions.len());
    job.figure("clusters", ds.clusters.len());
    job.figure("organisations", ds.participants.len());
    job.figure("links", ds.links.len());

    job.start(Step::Communities);
    // The projections straight from the links (no multigraph needed); the
    // region projection carries sector layers, for the maps' edge colours
    // (cheap: few nodes).
    let layered = |p: Projection| ProjectionSpec {
        layers: p == Projection::Regions,
        between_only: config.between,
        ..ProjectionSpec::merged(p)
    };
    let projected = project_dataset(&ds, &layered(config.projection))?;
    let regions_projected = if config.projection == Projection::Regions {
        None
    } else {
        Some(project_dataset(&ds, &layered(Projection::Regions))?)
    };
    let found = if projected.graph.node_count() > 0 {
        Some(leiden(&projected.graph, &config.leiden())?)
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
            &membership_csv(&projected.labels, &c.membership),
        )?;
        let doc = serde_json::json!({
            "projection": config.projection.name(),
            "nodes": projected.graph.node_count(),
            "edges": projected.graph.edge_count(),
            "modularity": c.modularity,
            "quality": c.quality,
            "communities": c.count,
            "sizes": c.sizes,
            "seed": c.parameters.seed,
            "parameters": c.parameters,
            "iterations": c.iterations,
        });
        job.put(
            "communities.json",
            "modularity, sizes, seed and parameters of the communities",
            &json_text(&doc),
        )?;
        job.figure("communities", c.count);
        job.figure("modularity", format!("{:.4}", c.modularity));
    }

    job.start(Step::Specialisation);
    let level = SectorLevel::Division;
    let (built, measure) = matrix_by_employees_or_organisations(&ds, level)?;
    let m = &built.matrix;
    let spec = specialisation(m, &SpecialisationConfig::default())?;
    let tables = SpecialisationTables::new(m, &spec);
    let by = format!("by {}, {} level", measure.name(), level.name());
    job.put(
        "specialisation.csv",
        &format!("location quotients of every region and sector ({by})"),
        &tables.specialisation_csv(),
    )?;
    job.put(
        "regions.csv",
        "Herfindahl, Krugman and entropy of every region",
        &tables.regions_csv(),
    )?;
    let related =
        RelatednessTables::new(m, &spec, RelatednessMethod::Normalised(Normalisation::Prob))?;
    job.put(
        "relatedness.csv",
        "relatedness of co-occurring sectors (EconGeo prob)",
        &related.pairs_csv(),
    )?;
    job.put(
        "density.csv",
        "relatedness density of every region and sector (0 to 100)",
        &related.density_csv(),
    )?;
    job.figure("specialisations", spec.diversity.iter().sum::<f64>());

    job.start(Step::Suggestions);
    let options = SuggestOptions {
        leiden: config.leiden(),
        ..SuggestOptions::default()
    };
    let suggested = suggest(&ds, &chain, &options)?;
    let everything = crate::suggest::render::RenderOptions {
        top: suggested.suggestions.len(),
        value_chain: chain_name.clone(),
    };
    let readable = crate::suggest::render::RenderOptions {
        top: config.top,
        value_chain: chain_name,
    };
    job.put(
        "suggestions.json",
        "every national-cluster suggestion, ranked, with anchors and explanations",
        &crate::suggest::render::json(&suggested, &everything),
    )?;
    job.put(
        "suggestions.md",
        "the top suggestions as a readable ranked list, with explanations and anchors",
        &crate::suggest::render::markdown(&suggested, &readable),
    )?;
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

    job.start(Step::Maps);
    let regions_view =
        NetworkView::from_projected(&ds, regions_projected.as_ref().unwrap_or(&projected));
    let (geo_view, color_by) = match (&found, config.projection) {
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
    let mut queue = Vec::new();
    job.dot(
        "map",
        "the geographic cooperation map of regions",
        &geo,
        &mut queue,
    )?;
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
            &mut queue,
        )?;
    }
    job.draw_all(queue, config.render);

    job.start(Step::Exports);
    if projected.graph.node_count() <= MAX_EXPORT_NODES {
        let mut view = NetworkView::from_projected(&ds, &projected);
        if let Some(c) = &found {
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
    } else {
        job.summary.notes.push(format!(
            "network exports were skipped: the {} projection has {} nodes (more than {MAX_EXPORT_NODES}); use coopnet export",
            config.projection.name(),
            projected.graph.node_count()
        ));
    }

    job.start(Step::Finish);
    job.stop();
    job.summary
        .files
        .push(("README.md".to_string(), "this index".to_string()));
    job.summary.files.push((
        "run.json".to_string(),
        "every parameter, the seed, the version and the time per step".to_string(),
    ));
    write_atomic(&dir.join("README.md"), index(&job.summary).as_bytes())?;
    let run = serde_json::json!({
        "coopnet": env!("CARGO_PKG_VERSION"),
        "dataset": ds.name,
        "dataset_path": dataset.display().to_string(),
        "parameters": config,
        "seed": config.seed,
        "value_chain": config.value_chain.as_ref().map(|p| p.display().to_string())
            .unwrap_or_else(|| "curated".into()),
        "figures": job.summary.figures.iter().cloned().collect::<BTreeMap<_, _>>(),
        "seconds": job.summary.seconds.iter().map(|(s, t)| (s.name(), t)).collect::<BTreeMap<_, _>>(),
        "files": job.summary.files.iter().map(|f| &f.0).collect::<Vec<_>>(),
        "notes": job.summary.notes,
    });
    write_atomic(&dir.join("run.json"), json_text(&run).as_bytes())?;
    Ok(job.summary)
}

/// What one node of a projection is, in words.
fn node_noun(p: Projection) -> &'static str {
    match p {
        Projection::Participants => "organisation",
        Projection::Clusters => "cluster",
        Projection::Regions => "region",
    }
}

fn json_text(v: &impl Serialize) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default() + "\n"
}

/// `node,community` rows.
fn membership_csv(labels: &[String], membership: &[u32]) -> String {
    let mut s = String::with_capacity(labels.len() * 16 + 16);
    s.push_str("node,community\n");
    for (name, c) in labels.iter().zip(membership) {
        let _ = writeln!(s, "{},{c}", csv_field(name));
    }
    s
}

fn dataset_json(ds: &Dataset) -> String {
    let v = serde_json::json!({
        "dataset": ds.name,
        "files": ds.sources,
        "districts": ds.districts.len(),
        "regions": ds.regions.len(),
        "sectors": ds.sectors.len(),
        "clusters": ds.clusters.len(),
        "participants": ds.participants.len(),
        "links": ds.links.len(),
        "warnings": ds.warnings,
    });
    json_text(&v)
}

fn index(s: &AnalyzeSummary) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# coopnet analysis: {}\n", s.dataset);
    let _ = writeln!(
        o,
        "Parameters: projection {}{}, resolution {}, seed {} (all in [run.json](run.json)).\n",
        s.config.projection.name(),
        if s.config.between {
            " (links inside a node left out)"
        } else {
            ""
        },
        s.config.resolution,
        s.config.seed
    );
    if s.files.iter().any(|f| f.0 == "map.svg") {
        let _ = writeln!(o, "![cooperation map](map.svg)\n");
    }
    let _ = writeln!(o, "## Figures\n\n| figure | value |\n|---|---|");
    for (k, v) in &s.figures {
        let _ = writeln!(o, "| {} | {} |", md_cell(k), md_cell(v));
    }
    let _ = writeln!(o, "\n## Files\n\n| file | what |\n|---|---|");
    for (f, what) in &s.files {
        let _ = writeln!(o, "| [{f}]({f}) | {} |", md_cell(what));
    }
    if !s.notes.is_empty() {
        let _ = writeln!(o, "\n## Notes\n");
        for n in &s.notes {
            let _ = writeln!(o, "- {n}");
        }
    }
    o
}

/// Runs [`analyze_into`] for each run of a batch.
#[derive(Debug, Default)]
pub struct AnalyzeRunner;

impl crate::batch::Runner for AnalyzeRunner {
    fn check(&self, params: &Params) -> Result<()> {
        AnalyzeConfig::from_params(params).map(|_| ())
    }

    fn extra_inputs(&self, params: &Params) -> Vec<PathBuf> {
        AnalyzeConfig::from_params(params)
            .map(|c| c.extra_inputs())
            .unwrap_or_default()
    }

    fn run(&self, dataset: &Path, params: &Params, out: &Path) -> Result<crate::batch::Metrics> {
        let config = AnalyzeConfig::from_params(params)?;
        let summary = analyze_into(dataset, &config, out, &|_| {})?;
        Ok(summary.figures.into_iter().collect())
    }
}
