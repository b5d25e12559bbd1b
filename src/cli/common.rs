//! What every subcommand shares: the run context, output to a file or
//! standard output and the checks on `--out`, error printing and exit codes,
//! thread counts, the value parsers that check every numeric flag's range,
//! and the argument groups several subcommands take (projection, sector
//! level, the region x sector matrix, communities and suggestions overlays).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use indicatif::{ProgressBar, ProgressStyle};

use coopnet::community::{self, LeidenConfig, leiden};
use coopnet::economics::{
    Duplicates, Measure, Normalisation, ProximityDiagonal, RegionSectorMatrix, RelatednessMethod,
    SectionMap, matrix_from_dataset,
};
use coopnet::export::{ColorBy, Communities, NetworkView, suggestion_groups};
use coopnet::graph::{CooperationGraph, ProjectionSpec, project};
use coopnet::model::{Dataset, SectorLevel};
use coopnet::suggest::{self, SuggestOptions, Suggestion};

/// Exit code: success.
pub const EXIT_SUCCESS: u8 = 0;
/// Exit code: finished, but some items failed (a batch with failed runs), or
/// the environment failed (Graphviz missing or failing, a disk error).
pub const EXIT_FAILURES: u8 = 1;
/// Exit code: bad input or usage; nothing was written.
pub const EXIT_BAD_INPUT: u8 = 2;
/// Exit code: an internal error, a bug of coopnet (EX_SOFTWARE of sysexits.h).
pub const EXIT_INTERNAL: u8 = 70;

/// How a subcommand ended, when it did not fail outright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything succeeded (exit code 0).
    Success,
    /// Finished, but some items failed (exit code 1).
    PartialFailure,
    /// Finished, but some items failed on a bug of coopnet (exit code 70).
    InternalFailure,
}

impl Outcome {
    /// The exit code.
    pub fn code(self) -> ExitCode {
        ExitCode::from(match self {
            Outcome::Success => EXIT_SUCCESS,
            Outcome::PartialFailure => EXIT_FAILURES,
            Outcome::InternalFailure => EXIT_INTERNAL,
        })
    }
}

/// What the subcommands know about the terminal.
#[derive(Debug, Clone)]
pub struct Context {
    /// `--quiet`: print nothing but errors.
    pub quiet: bool,
    /// Whether standard error is a terminal (progress bars only then).
    pub stderr_is_terminal: bool,
    /// How input files are read (`--encoding`).
    pub load: coopnet::load::LoadOptions,
}

impl Context {
    /// Prints a line of summary on standard error, unless quiet.
    pub fn note(&self, msg: impl AsRef<str>) {
        if !self.quiet {
            eprintln!("{}", msg.as_ref());
        }
    }

    /// A progress bar of `len` steps, hidden when quiet or not on a terminal.
    pub fn progress(&self, len: u64, what: &str) -> ProgressBar {
        if self.quiet || !self.stderr_is_terminal {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::new(len);
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} {elapsed}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(what.to_string());
        bar
    }

    /// A spinner for work of unknown length, hidden when quiet or not on a terminal.
    pub fn spinner(&self, what: &str) -> ProgressBar {
        if self.quiet || !self.stderr_is_terminal {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::new_spinner();
        bar.set_message(what.to_string());
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    }
}

/// Writes `content` to `out` atomically, or to standard output when `out` is
/// `None` or `-`.
pub fn write_output(out: Option<&Path>, content: &[u8]) -> anyhow::Result<()> {
    match out {
        Some(path) if path != Path::new("-") => coopnet::output::write_atomic(path, content)
            .with_context(|| format!("cannot write {}", path.display())),
        _ => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(content)?;
            stdout.flush()?;
            Ok(())
        }
    }
}

/// What is said after an internal error.
pub fn bug_report_note() -> String {
    format!(
        "This is a bug in coopnet {}, not a problem with your input or options. \
         Please report it with the command you ran and the message above.",
        env!("CARGO_PKG_VERSION")
    )
}

/// The exit code of an error: 0 for a closed pipe (`coopnet report ... |
/// head`), 70 for an internal error, 2 for bad input or usage, 1 otherwise
/// (Graphviz missing or failing, a disk that cannot be written).
pub fn exit_code(e: &anyhow::Error) -> u8 {
    if let Some(io) = e.downcast_ref::<std::io::Error>() {
        if io.kind() == std::io::ErrorKind::BrokenPipe {
            return EXIT_SUCCESS;
        }
    }
    let ours = || e.chain().filter_map(|c| c.downcast_ref::<coopnet::Error>());
    if ours().any(coopnet::Error::is_internal) {
        EXIT_INTERNAL
    } else if ours().any(coopnet::Error::is_bad_input)
        || e.chain().any(|c| c.downcast_ref::<UsageError>().is_some())
    {
        EXIT_BAD_INPUT
    } else {
        EXIT_FAILURES
    }
}

/// Prints an error with its chain (and, for an internal error, a request for
/// a bug report) and returns its [`exit_code`].
pub fn report_error(e: &anyhow::Error) -> ExitCode {
    let code = exit_code(e);
    if code == EXIT_SUCCESS {
        return ExitCode::SUCCESS;
    }
    let mut msg = format!("error: {e}");
    for cause in e.chain().skip(1) {
        msg.push_str(&format!("\n  caused by: {cause}"));
    }
    eprintln!("{msg}");
    if code == EXIT_INTERNAL {
        eprintln!("{}", bug_report_note());
    }
    ExitCode::from(code)
}

/// A usage problem found after parsing (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// A [`UsageError`] as an `anyhow` error.
pub fn usage(msg: impl Into<String>) -> anyhow::Error {
    UsageError(msg.into()).into()
}

/// Loads a dataset folder, cut at `--year` when given, with a spinner, a
/// one-line note of what was loaded and one of which year it is.
pub fn load(path: &Path, year: &YearArg, ctx: &Context) -> anyhow::Result<Dataset> {
    load_at(path, year.single()?, ctx)
}

/// Like [`load`], at the year `year` (`None`: the latest the network has).
pub fn load_at(path: &Path, year: Option<i32>, ctx: &Context) -> anyhow::Result<Dataset> {
    let ds = load_quietly(path, year, ctx)?;
    note_year(&ds, ctx);
    Ok(ds)
}

/// Like [`load_at`], without the note on the year of the network: for
/// commands that read every year (`dynamics`) and say so themselves.
pub fn load_quietly(path: &Path, year: Option<i32>, ctx: &Context) -> anyhow::Result<Dataset> {
    let spinner = ctx.spinner(&format!("loading {}", path.display()));
    let started = std::time::Instant::now();
    let ds = coopnet::load::load_dataset_at(path, &ctx.load, year)
        .with_context(|| format!("cannot load dataset {}", path.display()));
    spinner.finish_and_clear();
    let ds = ds?;
    ctx.note(format!(
        "loaded {}: {} regions, {} clusters, {} organisations, {} links in {:.2} s",
        ds.name,
        ds.regions.len(),
        ds.clusters.len(),
        ds.participants.len(),
        ds.links.len(),
        started.elapsed().as_secs_f64()
    ));
    for w in &ds.warnings {
        ctx.note(format!("warning: {w}"));
    }
    Ok(ds)
}

/// Says which year of the dataset is used, and what was left out of it.
pub fn note_year(ds: &Dataset, ctx: &Context) {
    if let Some(said) = ds.years.describe() {
        ctx.note(format!("note: {said}"));
    }
    if ds.years.links_left_out > 0 {
        ctx.note(format!(
            "note: {} links without a year join an organisation not present in {} and are left out of its network",
            ds.years.links_left_out,
            ds.years.year.unwrap_or_default()
        ));
    }
}

// ---------------------------------------------------------------- years

/// A value of `--year`: one year, or a range of years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearSpec {
    /// One year.
    One(i32),
    /// From the first year to the second, the first before the second.
    Range(i32, i32),
}

impl std::fmt::Display for YearSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            YearSpec::One(y) => write!(f, "{y}"),
            YearSpec::Range(a, b) => write!(f, "{a}..{b}"),
        }
    }
}

/// Value parser of `--year`: a year (`2021`) or a range (`2019..2022`), each
/// from 1800 to 2200.
pub fn year_value(s: &str) -> Result<YearSpec, String> {
    let years = coopnet::load::panel::YEARS;
    let one = |t: &str| -> Result<i32, String> {
        let y: i32 = t.trim().parse().map_err(|_| {
            format!("{s:?} is not a year (a whole number such as 2021) or a range of years such as 2019..2022")
        })?;
        if years.contains(&y) {
            Ok(y)
        } else {
            Err(format!(
                "{y} is not a year from {} to {}",
                years.start(),
                years.end()
            ))
        }
    };
    match s.split_once("..") {
        None => one(s).map(YearSpec::One),
        Some((a, b)) => {
            let (a, b) = (one(a)?, one(b)?);
            if a < b {
                Ok(YearSpec::Range(a, b))
            } else {
                Err(format!(
                    "{s}: the first year of a range comes before the second"
                ))
            }
        }
    }
}

/// Value parser of one year (`--from`, `--to`): a whole number from 1800 to 2200.
pub fn one_year(s: &str) -> Result<i32, String> {
    match year_value(s)? {
        YearSpec::One(y) => Ok(y),
        YearSpec::Range(..) => Err(format!("{s}: give one year here, not a range")),
    }
}

/// Checks that `--from` comes before `--to` when both are given.
pub fn check_year_order(from: Option<i32>, to: Option<i32>) -> anyhow::Result<()> {
    match (from, to) {
        (Some(a), Some(b)) if a >= b => Err(usage(format!(
            "--from {a} --to {b}: --from must be a year before --to"
        ))),
        _ => Ok(()),
    }
}

/// `--year`, which every command that reads a dataset takes: the year of its
/// network (docs/dataset-format.md, "Years").
#[derive(Debug, Clone, Default, clap::Args)]
pub struct YearArg {
    /// The year of the dataset: the organisations present in it and the links seen
    /// in it. Default: the latest year the dataset has. coopnet dynamics also takes a
    /// range, Y0..Y1.
    #[arg(long, value_name = "YEAR", value_parser = year_value)]
    pub year: Option<YearSpec>,
}

impl YearArg {
    /// The one year asked for; a range is refused (a network is of one year).
    pub fn single(&self) -> anyhow::Result<Option<i32>> {
        match self.year {
            None => Ok(None),
            Some(YearSpec::One(y)) => Ok(Some(y)),
            Some(r @ YearSpec::Range(..)) => Err(usage(format!(
                "--year {r}: this command works on the network of one year; give one (a range is for coopnet dynamics)"
            ))),
        }
    }

    /// Refuses `--year` for an input that is not a dataset folder.
    pub fn refuse_for_file(&self, input: &Path) -> anyhow::Result<()> {
        match self.year {
            Some(y) => Err(usage(format!(
                "--year {y}: {} is a file, not a dataset folder; --year chooses a year of a dataset",
                input.display()
            ))),
            None => Ok(()),
        }
    }
}

// ---------------------------------------------------------------- threads

/// The number of threads to start for `flag N`: 0 means one per core, and a
/// count above the cores this machine can run is capped to them, with a note
/// (more threads than cores only slow the work, and a huge count would take
/// minutes just to start).
pub fn thread_count(flag: &str, requested: usize, ctx: &Context) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if requested > cores {
        ctx.note(format!(
            "note: {flag} {requested} is more than the {cores} cores here can run; using {cores}"
        ));
        cores
    } else {
        requested
    }
}

// ---------------------------------------------------------------- values

/// A number parsed from text, with the reason when it is not one.
fn number(s: &str) -> Result<f64, String> {
    let x: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a number"))?;
    if !x.is_finite() {
        return Err(format!("{s:?} is not a finite number"));
    }
    Ok(x)
}

/// Value parser: a finite number above 0 (a resolution, an LQ threshold).
pub fn above_zero(s: &str) -> Result<f64, String> {
    let x = number(s)?;
    if x > 0.0 {
        Ok(x)
    } else {
        Err("must be a number above 0".into())
    }
}

/// Value parser: a finite number 0 or above (a weight).
pub fn zero_or_more(s: &str) -> Result<f64, String> {
    let x = number(s)?;
    if x >= 0.0 {
        Ok(x.abs())
    } else {
        Err("must be a number 0 or above".into())
    }
}

/// Value parser: a share from 0 to 1.
pub fn share(s: &str) -> Result<f64, String> {
    let x = number(s)?;
    if (0.0..=1.0).contains(&x) {
        Ok(x.abs())
    } else {
        Err("must be a share from 0 to 1".into())
    }
}

/// Value parser: a share above 0, at most 1.
pub fn positive_share(s: &str) -> Result<f64, String> {
    let x = number(s)?;
    if x > 0.0 && x <= 1.0 {
        Ok(x)
    } else {
        Err("must be a share above 0 and at most 1".into())
    }
}

/// Value parser: a whole number `min` or above.
pub fn whole_at_least<T>(
    min: T,
) -> impl Fn(&str) -> Result<T, String> + Clone + Send + Sync + 'static
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy + Send + Sync + 'static,
{
    move |s: &str| {
        let v: T = s
            .trim()
            .parse()
            .map_err(|_| format!("{s:?} is not a whole number {min} or above"))?;
        if v < min {
            return Err(format!("must be {min} or above"));
        }
        Ok(v)
    }
}

/// Value parser of `--level`: the sector level names, listed in `--help`.
pub fn level_parser() -> impl TypedValueParser<Value = SectorLevel> {
    PossibleValuesParser::new(SectorLevel::ALL.map(SectorLevel::name))
        .try_map(|s| SectorLevel::parse(&s).ok_or_else(|| format!("unknown level {s:?}")))
}

// ---------------------------------------------------------------- outputs

fn names_a_folder(path: &Path) -> bool {
    let text = path.as_os_str().to_string_lossy();
    text.ends_with('/') || text.ends_with(std::path::MAIN_SEPARATOR)
}

/// Checks an output file given to `flag`: not a folder, and not one of
/// `inputs` or inside one. A missing parent folder is fine: it is created.
pub fn check_file_out(flag: &str, path: &Path, inputs: &[&Path]) -> anyhow::Result<()> {
    if path.is_dir() || names_a_folder(path) {
        return Err(usage(format!(
            "{flag} {}: is a folder; name a file to write",
            path.display()
        )));
    }
    coopnet::output::check_not_input(flag, path, false, inputs)?;
    Ok(())
}

/// `--out` of a command that writes one file: `None` for standard output
/// (no `--out`, or `--out -`), otherwise the checked file.
pub fn out_file<'a>(out: Option<&'a Path>, inputs: &[&Path]) -> anyhow::Result<Option<&'a Path>> {
    match out {
        Some(path) if path != Path::new("-") => {
            check_file_out("--out", path, inputs)?;
            Ok(Some(path))
        }
        _ => Ok(None),
    }
}

/// `--out` of a command that writes a folder: refuses `-` (several files
/// cannot go to standard output), a file, and a folder that is or holds one
/// of `inputs` or lies inside one (`replaces`: the folder is replaced as a
/// whole, so it must hold no input either).
pub fn out_folder<'a>(
    command: &str,
    out: &'a Path,
    inputs: &[&Path],
    replaces: bool,
) -> anyhow::Result<&'a Path> {
    if out == Path::new("-") {
        return Err(usage(format!(
            "--out -: {command} writes a folder of files, which cannot go to standard output; name a folder"
        )));
    }
    if out.exists() && !out.is_dir() {
        return Err(usage(format!(
            "--out {}: is a file; name a folder",
            out.display()
        )));
    }
    coopnet::output::check_not_input("--out", out, replaces, inputs)?;
    Ok(out)
}

/// Refuses to replace a folder that is neither empty nor an earlier output of
/// the same command (it holds `marker`): a typo such as `--out .` must not
/// delete someone's work.
pub fn check_replaceable(out: &Path, marker: &str, what: &str) -> anyhow::Result<()> {
    if out.file_name().is_none() {
        return Err(usage(format!(
            "--out {}: name a folder of its own, e.g. --out out/run",
            out.display()
        )));
    }
    if !out.is_dir() {
        return Ok(());
    }
    let empty = std::fs::read_dir(out)
        .with_context(|| format!("cannot read {}", out.display()))?
        .next()
        .is_none();
    if !empty && !out.join(marker).is_file() {
        return Err(usage(format!(
            "--out {}: the folder exists and is not {what} (no {marker}); \
             it would be replaced, so choose a new or empty folder",
            out.display()
        )));
    }
    Ok(())
}

/// `NAME.suffix.EXT` beside `out` (`spec.csv` -> `spec.regions.csv`).
pub fn sibling(out: &Path, suffix: &str, ext: &str) -> PathBuf {
    let stem = out
        .file_stem()
        .map_or_else(|| "out".to_string(), |s| s.to_string_lossy().into_owned());
    out.with_file_name(format!("{stem}.{suffix}.{ext}"))
}

// ---------------------------------------------------------------- groups

/// `--projection`: which nodes a projection has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ProjectionArg {
    /// Organisations.
    Participants,
    /// Clusters.
    Clusters,
    /// Regions.
    Regions,
}

impl From<ProjectionArg> for coopnet::graph::Projection {
    fn from(p: ProjectionArg) -> Self {
        use coopnet::graph::Projection;
        match p {
            ProjectionArg::Participants => Projection::Participants,
            ProjectionArg::Clusters => Projection::Clusters,
            ProjectionArg::Regions => Projection::Regions,
        }
    }
}

/// What a dataset's region x sector matrix counts.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum MeasureArg {
    /// Employees of organisations.
    Employees,
    /// Number of organisations.
    Organisations,
    /// Number of clusters.
    Clusters,
    /// The dataset's panel file (organisations_by_year.csv) in the dataset's
    /// year: for datasets/russia, Rosstat's real counts of organisations by
    /// region and OKVED2 section (--level section).
    Panel,
}

impl From<MeasureArg> for Measure {
    fn from(m: MeasureArg) -> Self {
        match m {
            MeasureArg::Employees => Measure::Employees,
            MeasureArg::Organisations => Measure::Organisations,
            MeasureArg::Clusters => Measure::Clusters,
            MeasureArg::Panel => Measure::Panel,
        }
    }
}

/// The input of a command on the region x sector matrix (`specialisation`,
/// `relatedness`): the dataset or table, how the matrix is built, the year.
#[derive(Debug, clap::Args)]
pub struct MatrixSource {
    /// A dataset folder, or a long table file (region,sector,value).
    pub input: PathBuf,
    #[command(flatten)]
    pub matrix: MatrixArgs,
    #[command(flatten)]
    pub year: YearArg,
}

/// How the region x sector matrix is built (`specialisation`, `relatedness`).
#[derive(Debug, clap::Args)]
pub struct MatrixArgs {
    /// What a dataset's matrix counts (ignored for a table file).
    #[arg(long, value_enum, default_value_t = MeasureArg::Employees)]
    pub measure: MeasureArg,
    /// OKVED2 level to aggregate sectors to. Default: division for a dataset; a
    /// table file is used as given unless a level is named.
    #[arg(long, value_parser = level_parser(), value_name = "LEVEL")]
    pub level: Option<SectorLevel>,
    /// A region specialises in a sector when its location quotient is at least this.
    #[arg(long, default_value_t = coopnet::economics::specialisation::DEFAULT_THRESHOLD,
          value_parser = above_zero, value_name = "LQ")]
    pub threshold: f64,
}

/// Size and significance of a specialisation (`specialisation`, `suggest`).
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct SignificanceArgs {
    /// Smallest specialisation kept, in the matrix's unit: a region with fewer
    /// employees (organisations, clusters) than this in a sector is too small to
    /// matter, however high its LQ. Default: 50 employees (below one medium-sized
    /// firm, EU Recommendation 2003/361/EC), 3 organisations, 1 cluster; 0 for a
    /// table file.
    #[arg(long, value_name = "N", value_parser = zero_or_more)]
    pub min_size: Option<f64>,
    /// Smallest share of the national sector a specialisation must hold (0.01 is
    /// 1 %, an even share of a sector spread over 100 regions).
    #[arg(long, value_name = "SHARE", value_parser = share,
          default_value_t = coopnet::economics::significance::DEFAULT_MIN_SHARE)]
    pub min_share: f64,
    /// False discovery rate: a specialisation counts when the one-sided binomial
    /// test of "more organisations here than the national share predicts" has a
    /// Benjamini-Hochberg q-value at most this (the expected share of chance
    /// findings among those kept); 1 switches the test off.
    #[arg(long, value_name = "Q", value_parser = positive_share,
          default_value_t = coopnet::economics::significance::DEFAULT_FDR)]
    pub fdr: f64,
}

impl SignificanceArgs {
    /// The parameters, the minimum size left to the matrix's unit when not given.
    pub fn options(&self) -> coopnet::economics::significance::SignificanceOptions {
        coopnet::economics::significance::SignificanceOptions {
            min_size: self.min_size,
            min_share: self.min_share,
            fdr: self.fdr,
        }
    }

    /// The parameters for a matrix that counts `unit`.
    pub fn config(&self, unit: &str) -> coopnet::economics::SignificanceConfig {
        self.options().config(unit)
    }
}

/// Output format of `specialisation` and `relatedness`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TableFormat {
    /// Tidy CSV.
    Csv,
    /// JSON.
    Json,
    /// Markdown tables (only specialised pairs, for reading).
    Md,
}

/// `--method` of relatedness (`relatedness`, and any command that measures it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RelatednessArg {
    /// EconGeo "prob" (the default of EconGeo's relatedness()).
    Prob,
    /// Association strength.
    Association,
    /// Cosine.
    Cosine,
    /// Jaccard.
    Jaccard,
    /// Proximity, C_st / max(k_s, k_t).
    Proximity,
}

impl RelatednessArg {
    /// The method's name on the command line.
    pub fn name(self) -> &'static str {
        self.method(ProximityDiagonal::Zero).name()
    }

    /// The measure, with `diagonal` for proximity.
    pub fn method(self, diagonal: ProximityDiagonal) -> RelatednessMethod {
        match self {
            RelatednessArg::Prob => RelatednessMethod::Normalised(Normalisation::Prob),
            RelatednessArg::Association => {
                RelatednessMethod::Normalised(Normalisation::Association)
            }
            RelatednessArg::Cosine => RelatednessMethod::Normalised(Normalisation::Cosine),
            RelatednessArg::Jaccard => RelatednessMethod::Normalised(Normalisation::Jaccard),
            RelatednessArg::Proximity => RelatednessMethod::Proximity(diagonal),
        }
    }
}

/// The matrix of `specialisation` or `relatedness`, and where it came from.
pub struct MatrixInput {
    /// The matrix.
    pub matrix: RegionSectorMatrix,
    /// What it counts, for a dataset.
    pub measure: Option<Measure>,
    /// Its sector level, when known.
    pub level: Option<SectorLevel>,
    /// The units a significance test counts, laid out as the matrix, and
    /// their name: a dataset's organisations (or clusters); a table's own values.
    pub test_units: (coopnet::economics::DenseMatrix, &'static str),
}

/// Loads INPUT as a dataset folder (at `--year`) or a long table file.
pub fn load_matrix(
    input: &Path,
    args: &MatrixArgs,
    year: &YearArg,
    ctx: &Context,
) -> anyhow::Result<MatrixInput> {
    if input.is_dir() {
        let ds = load(input, year, ctx)?;
        let level = args.level.unwrap_or(SectorLevel::Division);
        let measure: Measure = args.measure.into();
        let built = matrix_from_dataset(&ds, measure, level).with_context(|| {
            format!(
                "cannot build the region x sector matrix of {}",
                input.display()
            )
        })?;
        if built.left_out > 0 {
            ctx.note(format!(
                "note: {} records have a sector coarser than the {} level and are left out",
                built.left_out,
                level.name()
            ));
        }
        if built.missing_employees > 0 {
            ctx.note(format!(
                "note: {} organisations have no employees figure and add nothing",
                built.missing_employees
            ));
        }
        panel_notes(&ds, &built, level, ctx);
        let test_units = coopnet::economics::significance::dataset_test_units(
            &ds,
            &built.matrix,
            measure,
            level,
        )
        .context("cannot count the organisations of the significance test")?;
        return Ok(MatrixInput {
            matrix: built.matrix,
            measure: Some(measure),
            level: Some(level),
            test_units,
        });
    }
    if !input.exists() {
        return Err(usage(format!(
            "{}: not found (give a dataset folder or a region,sector,value table)",
            input.display()
        )));
    }
    year.refuse_for_file(input)?;
    let mut matrix = coopnet::load::long_table::read(input, Duplicates::Reject, &ctx.load)
        .with_context(|| format!("cannot read the table {}", input.display()))?;
    if let Some(level) = args.level {
        matrix = matrix
            .aggregate(level, &SectionMap::okved2())
            .with_context(|| {
                format!(
                    "cannot aggregate {} to the {} level",
                    input.display(),
                    level.name()
                )
            })?;
    }
    ctx.note(format!(
        "read {}: {} regions x {} sectors",
        input.display(),
        matrix.n_regions(),
        matrix.n_sectors()
    ));
    Ok(MatrixInput {
        test_units: (matrix.values().clone(), "values"),
        matrix,
        measure: None,
        level: args.level,
    })
}

/// Says where a panel matrix's values come from, and at the section level
/// that a dataset's panel holds values the organisations do not.
pub fn panel_notes(
    ds: &coopnet::model::Dataset,
    built: &coopnet::economics::DatasetMatrix,
    level: SectorLevel,
    ctx: &Context,
) {
    match &built.panel {
        Some(p) => ctx.note(format!(
            "note: values from {} of {}, {} ({} rows, {}); not the organisations of participants.csv",
            p.file,
            ds.name,
            p.year,
            p.rows,
            if p.synthetic == 0 {
                "none marked synthetic".to_string()
            } else {
                format!("{} marked synthetic", p.synthetic)
            }
        )),
        None if level == SectorLevel::Section && !ds.years.panels.is_empty() => {
            ctx.note(format!(
                "note: the dataset has the panel {}; --measure panel takes the section-level values from it",
                ds.years.panels[0].file
            ));
        }
        None => {}
    }
}

/// The second table of a table command: the region indices of
/// `specialisation`, the relatedness density of `relatedness`.
#[derive(Debug)]
pub struct Companion {
    /// The flag that names its file.
    pub flag: &'static str,
    /// Its file beside `--out`: `NAME.suffix.EXT`.
    pub suffix: &'static str,
    /// What it holds, in words.
    pub what: &'static str,
    /// In Markdown on standard output, print it before the main table.
    pub first_in_md: bool,
}

/// A table command (`specialisation`, `relatedness`): its outputs, checked
/// before anything is read, and its matrix.
pub struct TableJob<'a> {
    /// The main table's file (`None`: standard output).
    pub out: Option<&'a Path>,
    /// The companion table's file (`None`: not written).
    pub side: Option<PathBuf>,
    /// The matrix.
    pub input: MatrixInput,
    companion: &'static Companion,
    format: TableFormat,
}

impl<'a> TableJob<'a> {
    /// Checks the outputs (`--out -` needs the companion's own file, which
    /// otherwise goes beside `--out`; no output onto the input or onto the
    /// other), then loads the matrix.
    pub fn open(
        source: &MatrixSource,
        (out, side): (Option<&'a Path>, Option<&'a Path>),
        companion: &'static Companion,
        format: TableFormat,
        ctx: &Context,
    ) -> anyhow::Result<Self> {
        let input = source.input.as_path();
        let inputs = [input];
        let main = out_file(out, &inputs)?;
        let ext = if format == TableFormat::Md {
            "md"
        } else {
            "csv"
        };
        let Companion { flag, suffix, .. } = companion;
        let side = match (side, format) {
            (_, TableFormat::Json) => None,
            (Some(p), _) => Some(p.to_path_buf()),
            (None, _) if out == Some(Path::new("-")) => {
                return Err(usage(format!(
                    "--out -: this writes two tables (the second beside --out as NAME.{suffix}.{ext}); \
                     give {flag} FILE for it, or leave out --out to print the first"
                )));
            }
            (None, _) => main.map(|o| sibling(o, suffix, ext)),
        };
        if let Some(path) = &side {
            check_file_out(flag, path, &inputs)?;
            if main.is_some_and(|m| coopnet::output::resolve(m) == coopnet::output::resolve(path)) {
                return Err(usage(format!(
                    "{flag} {}: is the same file as --out",
                    path.display()
                )));
            }
        }
        Ok(TableJob {
            out: main,
            side,
            input: load_matrix(input, &source.matrix, &source.year, ctx)?,
            companion,
            format,
        })
    }

    /// Writes the companion table `side` to its file and `main` to `--out`
    /// or standard output; without a companion file, Markdown prints both and
    /// CSV says how to get the second. JSON has no companion: one document
    /// holds both.
    pub fn write(&self, main: &str, side: Option<&str>, ctx: &Context) -> anyhow::Result<()> {
        let Companion {
            flag,
            what,
            first_in_md,
            ..
        } = self.companion;
        match (&self.side, side) {
            (Some(path), Some(side)) => {
                write_output(Some(path), side.as_bytes())?;
                write_output(self.out, main.as_bytes())?;
                ctx.note(format!("wrote {what} to {}", path.display()));
            }
            (None, Some(side)) if self.format == TableFormat::Md => {
                let both = if *first_in_md {
                    format!("{side}\n{main}")
                } else {
                    format!("{main}\n{side}")
                };
                write_output(None, both.as_bytes())?;
            }
            (None, Some(_)) => {
                write_output(None, main.as_bytes())?;
                ctx.note(format!(
                    "{what}: give {flag} FILE (or --out FILE) to write them"
                ));
            }
            (_, None) => write_output(self.out, main.as_bytes())?,
        }
        if let Some(out) = self.out {
            ctx.note(format!("wrote {}", out.display()));
        }
        Ok(())
    }
}

/// Default number of suggestions drawn as groups on a map or in an export:
/// fewer than are listed, so that the boxes stay legible.
pub const DEFAULT_TOP_DRAWN: usize = coopnet::export::groups::DEFAULT_TOP_DRAWN;

/// `--color-by`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorByArg {
    /// The federal district (or other grouping) of the node's region.
    District,
    /// The node's sector (a region's: where it cooperates most).
    Sector,
    /// The node's community (Leiden on the projection; see --seed, --resolution).
    Community,
}

impl From<ColorByArg> for ColorBy {
    fn from(c: ColorByArg) -> Self {
        match c {
            ColorByArg::District => ColorBy::District,
            ColorByArg::Sector => ColorBy::Sector,
            ColorByArg::Community => ColorBy::Community,
        }
    }
}

/// `--resolution` and `--seed` of community detection (`analyze`,
/// `communities`, `suggest`, `map`, `export`).
#[derive(Debug, Clone, clap::Args)]
pub struct CommunityArgs {
    /// Resolution gamma of community detection: higher gives more, smaller communities.
    #[arg(long, default_value_t = community::DEFAULT_RESOLUTION, value_name = "GAMMA",
          value_parser = above_zero)]
    pub resolution: f64,
    /// Seed of every random choice (recorded in the outputs).
    #[arg(long, default_value_t = community::DEFAULT_SEED, value_name = "N",
          value_parser = whole_at_least(0u64))]
    pub seed: u64,
}

impl CommunityArgs {
    /// Leiden with modularity at this resolution and seed, without the hierarchy.
    pub fn leiden(&self) -> LeidenConfig {
        LeidenConfig::modularity(self.resolution, self.seed)
    }
}

/// Which part of a dataset a map or an export shows (`map`, `export`).
#[derive(Debug, Clone, clap::Args)]
pub struct SelectionArgs {
    /// Which nodes: organisations, clusters or regions.
    #[arg(long, value_enum, default_value_t = ProjectionArg::Regions)]
    pub projection: ProjectionArg,
    /// Keep only links in these sectors (codes such as 32, 32.12 or C; repeatable).
    #[arg(long, value_name = "CODE")]
    pub sector: Vec<String>,
    /// Leave out cooperation inside one node (between organisations of the
    /// same region, or of the same cluster), so that the graph shows how the
    /// nodes cooperate with each other.
    #[arg(long)]
    pub between: bool,
}

impl SelectionArgs {
    /// The projection, with sector layers (for the edges' colours and attributes).
    pub fn spec(&self) -> ProjectionSpec {
        ProjectionSpec {
            projection: self.projection.into(),
            sectors: self.sector.clone(),
            layers: true,
            between_only: self.between,
            ..ProjectionSpec::default()
        }
    }
}

/// Communities and suggestions to draw or export (`map`, `export`).
#[derive(Debug, Clone, clap::Args)]
pub struct OverlayArgs {
    /// Add suggested national clusters, as `coopnet suggest` finds them with its
    /// defaults, as groups: cards of a diagram or outlines on a map, a `groups`
    /// attribute in exports.
    #[arg(long)]
    pub suggestions: bool,
    /// How many suggestions to show, strongest first.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_TOP_DRAWN,
          value_parser = whole_at_least(1usize))]
    pub top: usize,
    /// Community detection for --color-by community, --communities and --suggestions.
    #[command(flatten)]
    pub community: CommunityArgs,
}

/// Projects `ds` and attaches communities (Leiden on the projection) and
/// suggestions as the flags ask, noting what was found.
pub fn build_view<'a>(
    ds: &'a Dataset,
    spec: &ProjectionSpec,
    communities: bool,
    overlay: &OverlayArgs,
    ctx: &Context,
) -> anyhow::Result<NetworkView<'a>> {
    let graph = CooperationGraph::new(ds);
    let projected = project(&graph, spec).context("cannot project the dataset")?;
    let mut view = NetworkView::from_projected(ds, &projected);
    let config = overlay.community.leiden();
    let CommunityArgs { resolution, seed } = overlay.community;
    if communities {
        let found = leiden(&projected.graph, &config).context("cannot detect communities")?;
        ctx.note(format!(
            "communities: {} (Leiden, modularity {:.4}, resolution {resolution}, seed {seed})",
            found.count, found.modularity
        ));
        view = view.with_communities(Communities::new(&found.membership))?;
    }
    if overlay.suggestions {
        let all = national_clusters(ds, &config)?;
        let groups = suggestion_groups(&view, &all, overlay.top);
        ctx.note(format!(
            "suggestions: {} found, {} drawn (seed {seed})",
            all.len(),
            groups.len()
        ));
        if groups.is_empty() {
            ctx.note("warning: no suggested national cluster has members in this projection");
        }
        view = view.with_groups(groups)?;
    }
    Ok(view)
}

/// The national-cluster suggestions of `ds`, as `coopnet suggest` computes them
/// with its defaults (employees by division, the curated value chain), with
/// this command's seed and resolution.
pub fn national_clusters(ds: &Dataset, config: &LeidenConfig) -> anyhow::Result<Vec<Suggestion>> {
    let options = SuggestOptions {
        leiden: config.clone(),
        ..SuggestOptions::default()
    };
    let chain = coopnet::load::value_chain::curated()?;
    let report =
        suggest::suggest(ds, &chain, &options).context("cannot suggest national clusters")?;
    Ok(report.suggestions)
}

/// The paths among `paths` that are given, as a list of inputs.
pub fn inputs<'a>(paths: impl IntoIterator<Item = Option<&'a Path>>) -> Vec<&'a Path> {
    paths.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_error_has_its_exit_code() {
        let code = |e: anyhow::Error| exit_code(&e.context("cannot do it"));
        assert_eq!(
            code(coopnet::Error::internal("a bug").into()),
            EXIT_INTERNAL
        );
        assert_eq!(
            code(coopnet::Error::parameter("--seed", "bad").into()),
            EXIT_BAD_INPUT
        );
        assert_eq!(code(usage("--out -: no")), EXIT_BAD_INPUT);
        assert_eq!(
            code(
                coopnet::Error::External {
                    program: "dot".into(),
                    reason: "missing".into()
                }
                .into()
            ),
            EXIT_FAILURES
        );
        let pipe = anyhow::Error::from(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        assert_eq!(exit_code(&pipe), EXIT_SUCCESS);
        assert_eq!(
            [
                Outcome::Success,
                Outcome::PartialFailure,
                Outcome::InternalFailure
            ]
            .map(|o| { format!("{:?}", o.code()) }),
            [0, 1, 70].map(|c| format!("{:?}", ExitCode::from(c)))
        );
    }

    #[test]
    fn thread_counts_above_the_cores_are_capped() {
        let ctx = Context {
            quiet: true,
            stderr_is_terminal: false,
            load: Default::default(),
        };
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(thread_count("--threads", 100_000, &ctx), cores);
        assert_eq!(thread_count("--threads", 0, &ctx), 0);
        assert_eq!(thread_count("--threads", 1, &ctx), 1);
    }

    #[test]
    fn numeric_values_are_checked() {
        for bad in ["NaN", "inf", "-1", "0", "1e309", "", "x"] {
            assert!(above_zero(bad).is_err(), "{bad}");
        }
        assert_eq!(above_zero("0.5"), Ok(0.5));
        assert_eq!(zero_or_more("-0"), Ok(0.0));
        assert!(share("1.01").is_err() && share("1").is_ok());
        assert!(positive_share("0").is_err() && positive_share("0.05").is_ok());
        let seed = whole_at_least(0u64);
        assert!(seed("-1").unwrap_err().contains("whole number"));
        assert_eq!(seed(" 7 "), Ok(7));
        assert_eq!(
            whole_at_least(1usize)("0"),
            Err("must be 1 or above".into())
        );
    }

    #[test]
    fn years_and_ranges_are_checked() {
        assert_eq!(year_value("2021"), Ok(YearSpec::One(2021)));
        assert_eq!(year_value("2019..2022"), Ok(YearSpec::Range(2019, 2022)));
        for bad in [
            "abc",
            "",
            "20.5",
            "1066",
            "3000",
            "2022..2019",
            "2020..2020",
            "2019..",
            "..2022",
            "-1",
        ] {
            assert!(year_value(bad).is_err(), "{bad}");
        }
        let range = YearArg {
            year: Some(YearSpec::Range(2019, 2022)),
        };
        assert!(range.single().is_err());
        assert_eq!(one_year("2019"), Ok(2019));
        assert!(one_year("2019..2022").is_err() && one_year("x").is_err());
        assert!(check_year_order(Some(2022), Some(2019)).is_err());
        assert!(check_year_order(Some(2019), Some(2019)).is_err());
        assert!(check_year_order(Some(2019), Some(2022)).is_ok());
        assert!(check_year_order(None, Some(2019)).is_ok());
        assert_eq!(YearArg::default().single().unwrap(), None);
    }
}
