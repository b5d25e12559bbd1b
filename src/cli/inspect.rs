//! `coopnet inspect`: what a dataset holds and how it was read.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use serde::Serialize;

use super::common::{Context, Outcome, load, out_file, write_output};
use coopnet::model::years::years_text;
use coopnet::model::{Dataset, Scope, SectorLevel};

const AFTER_HELP: &str = "\
Examples:
  coopnet inspect datasets/demo
  coopnet inspect my-data --format json --out inspect.json

Every problem in every file is listed with its file, line, column and value,
and the exit code is 2; see docs/your-data.md for what each message means.";

/// Arguments of `coopnet inspect`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The dataset folder (regions.csv, clusters.csv, participants.csv, links.csv, ...).
    pub dataset: PathBuf,
    #[command(flatten)]
    pub year: super::common::YearArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Output format of `inspect`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// Lines for a person to read.
    Text,
    /// A JSON object.
    Json,
}

#[derive(Serialize)]
struct Summary<'a> {
    dataset: &'a str,
    files: &'a [coopnet::model::SourceFile],
    districts: usize,
    regions: usize,
    regions_with_coordinates: usize,
    sectors: usize,
    sectors_listed: bool,
    clusters: BTreeMap<&'static str, usize>,
    participants: usize,
    participant_kinds: BTreeMap<&'a str, usize>,
    links: usize,
    link_kinds: BTreeMap<&'a str, usize>,
    link_sectors_by_section: BTreeMap<String, usize>,
    years: YearsSummary<'a>,
    boundaries: Option<ShapesSummary>,
    warnings: &'a [String],
}

/// The years of the dataset, for `inspect`.
#[derive(Serialize)]
struct YearsSummary<'a> {
    /// Every year (network and panels).
    all: &'a [i32],
    /// The network's years.
    network: &'a [i32],
    /// The year of the cross-section shown.
    year: Option<i32>,
    participants: coopnet::model::years::ParticipantTiming,
    links: bool,
    /// Organisation rows in every year.
    organisation_rows: usize,
    panels: Vec<PanelSummary<'a>>,
}

#[derive(Serialize)]
struct PanelSummary<'a> {
    file: &'a str,
    years: &'a [i32],
    regions: usize,
    sectors: usize,
    synthetic_rows: usize,
}

/// How the shapes of `boundaries.geojson` match the regions.
#[derive(Serialize)]
struct ShapesSummary {
    shapes: usize,
    regions_with_shape: usize,
    regions_without_shape: Vec<String>,
    shapes_without_region: Vec<String>,
}

fn summarise(ds: &Dataset) -> Summary<'_> {
    let mut clusters = BTreeMap::new();
    for s in Scope::ALL {
        clusters.insert(
            s.name(),
            ds.clusters.iter().filter(|c| c.scope == s).count(),
        );
    }
    let mut participant_kinds = BTreeMap::new();
    for p in &ds.participants {
        *participant_kinds.entry(ds.participant_kind(p)).or_default() += 1;
    }
    let mut link_kinds = BTreeMap::new();
    let mut per_sector = vec![0usize; ds.sectors.len()];
    for l in &ds.links {
        *link_kinds.entry(ds.link_kind(l)).or_default() += 1;
        per_sector[l.sector.index()] += 1;
    }
    let mut link_sectors_by_section = BTreeMap::new();
    for (id, info) in ds.sectors.iter() {
        if per_sector[id.index()] > 0 {
            let section = ds
                .sectors
                .code_at(&info.code, SectorLevel::Section)
                .unwrap_or_else(|| "?".to_string());
            *link_sectors_by_section.entry(section).or_default() += per_sector[id.index()];
        }
    }
    let y = &ds.years;
    let years = YearsSummary {
        all: &y.all,
        network: &y.network,
        year: y.year,
        participants: y.participants,
        links: y.links,
        organisation_rows: y.organisation_rows,
        panels: y
            .panels
            .iter()
            .map(|p| PanelSummary {
                file: &p.file,
                years: p.panel.years(),
                regions: p.panel.regions().len(),
                sectors: p.panel.sectors().len(),
                synthetic_rows: p.synthetic,
            })
            .collect(),
    };
    let boundaries = ds.boundaries.as_ref().map(|b| {
        let m = b.match_regions(ds);
        ShapesSummary {
            shapes: b.shapes.len(),
            regions_with_shape: ds.regions.len() - m.missing.len(),
            regions_without_shape: m.missing.iter().map(|&r| ds.region(r).id.clone()).collect(),
            shapes_without_region: m
                .unmatched
                .iter()
                .map(|&i| b.shapes[i].id.clone())
                .collect(),
        }
    });
    Summary {
        dataset: &ds.name,
        files: &ds.sources,
        districts: ds.districts.len(),
        regions: ds.regions.len(),
        regions_with_coordinates: ds.regions.iter().filter(|r| r.lat.is_some()).count(),
        sectors: ds.sectors.len(),
        sectors_listed: ds.sectors.is_closed(),
        clusters,
        participants: ds.participants.len(),
        participant_kinds,
        links: ds.links.len(),
        link_kinds,
        link_sectors_by_section,
        years,
        boundaries,
        warnings: &ds.warnings,
    }
}

fn text(s: &Summary<'_>, ds: &Dataset) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "dataset {}", s.dataset);
    let _ = writeln!(o, "\nfiles:");
    let width = s
        .files
        .iter()
        .map(|f| f.file.chars().count())
        .max()
        .unwrap_or(0)
        .max(18);
    for f in s.files {
        if f.file.ends_with(".geojson") {
            let _ = writeln!(o, "  {:<width$} {:>9} shapes GeoJSON", f.file, f.rows);
            continue;
        }
        let years = if f.years.is_empty() {
            String::new()
        } else {
            format!(", years {}", years_text(&f.years))
        };
        let _ = writeln!(
            o,
            "  {:<width$} {:>9} rows  {:<14} {:<14} {} delimiter{years}",
            f.file,
            f.rows,
            f.encoding,
            format!("({})", f.confidence),
            f.delimiter
        );
    }
    let _ = writeln!(
        o,
        "\nregions:      {} in {} districts ({} with coordinates)",
        s.regions, s.districts, s.regions_with_coordinates
    );
    for (i, d) in ds.districts.iter().enumerate() {
        let n = ds
            .regions
            .iter()
            .filter(|r| r.district.index() == i)
            .count();
        let _ = writeln!(o, "  {:<24} {n} regions", d.name);
    }
    let _ = writeln!(
        o,
        "sectors:      {} ({})",
        s.sectors,
        if s.sectors_listed {
            "listed in sectors.csv"
        } else {
            "no sectors.csv: any well-formed code accepted"
        }
    );
    let scopes: Vec<String> = s.clusters.iter().map(|(k, v)| format!("{v} {k}")).collect();
    let _ = writeln!(
        o,
        "clusters:     {} ({})",
        ds.clusters.len(),
        scopes.join(", ")
    );
    let kinds: Vec<String> = s
        .participant_kinds
        .iter()
        .map(|(k, v)| format!("{v} {k}"))
        .collect();
    let _ = writeln!(o, "participants: {} ({})", s.participants, kinds.join(", "));
    let kinds: Vec<String> = s
        .link_kinds
        .iter()
        .map(|(k, v)| format!("{v} {k}"))
        .collect();
    let _ = writeln!(o, "links:        {} ({})", s.links, kinds.join(", "));
    if !s.link_sectors_by_section.is_empty() {
        let secs: Vec<String> = s
            .link_sectors_by_section
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        let _ = writeln!(o, "links by section: {}", secs.join(", "));
    }
    let y = &s.years;
    if !y.all.is_empty() {
        let _ = writeln!(
            o,
            "years:        {} ({})",
            years_text(y.all),
            ds.years.sources()
        );
        match y.year {
            Some(year) => {
                let _ = writeln!(
                    o,
                    "  shown: the network of {year}, {} of {} organisation rows",
                    s.participants, y.organisation_rows
                );
            }
            None => {
                let _ = writeln!(o, "  the network (participants, links) has no years");
            }
        }
    }
    if let Some(b) = &s.boundaries {
        let _ = writeln!(
            o,
            "shapes:       {} in boundaries.geojson; {} of {} regions have one",
            b.shapes, b.regions_with_shape, s.regions
        );
        for (what, list) in [
            ("regions without a shape", &b.regions_without_shape),
            ("shapes without a region", &b.shapes_without_region),
        ] {
            if !list.is_empty() {
                let _ = writeln!(o, "  {what}: {}", list.join(", "));
            }
        }
    }
    if s.warnings.is_empty() {
        let _ = writeln!(o, "\nno warnings");
    } else {
        let _ = writeln!(o, "\nwarnings:");
        for w in s.warnings {
            let _ = writeln!(o, "  {w}");
        }
    }
    o
}

/// Runs `coopnet inspect`.
pub fn run(args: &Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let out = out_file(args.out.as_deref(), &[args.dataset.as_path()])?;
    let ds = load(&args.dataset, &args.year, ctx)?;
    let summary = summarise(&ds);
    let content = match args.format {
        Format::Text => text(&summary, &ds),
        Format::Json => coopnet::export::json::pretty(&summary)?,
    };
    write_output(out, content.as_bytes())?;
    Ok(Outcome::Success)
}
