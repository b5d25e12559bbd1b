//! `coopnet suggest --markets FILE`: the clusters each market should cooperate with.

use std::path::Path;

use anyhow::Context as _;

use super::common::{Context, Outcome, inputs, load, out_file, write_output};
use super::suggest::{Args, Format};
use coopnet::export::markets as render;
use coopnet::suggest::markets::{MarketConfig, rank_markets};

/// Runs `coopnet suggest DATASET --markets FILE`.
pub fn run(args: &Args, markets: &Path, ctx: &Context) -> anyhow::Result<Outcome> {
    let out = out_file(
        args.out.as_deref(),
        &inputs([Some(args.dataset.as_path()), Some(markets)]),
    )?;
    let list = coopnet::load::markets::read(markets, &ctx.load)
        .with_context(|| format!("cannot read the markets {}", markets.display()))?;
    let ds = load(&args.dataset, &args.year, ctx)?;
    let config = MarketConfig {
        top: args.top,
        ..MarketConfig::default()
    };
    let report =
        rank_markets(&ds, &list, &config).context("cannot rank the clusters for the markets")?;
    let text = match args.format {
        Format::Json => render::json(&report, &ds.name)?,
        Format::Csv => render::csv(&report),
        Format::Md => render::markdown(&report),
    };
    write_output(out, text.as_bytes())?;
    let listed: usize = report.markets.iter().map(|m| m.clusters.len()).sum();
    ctx.note(format!(
        "{} markets, {listed} cluster entries (at most {} per market)",
        report.markets.len(),
        config.top
    ));
    if let Some(out) = out {
        ctx.note(format!("wrote {}", out.display()));
    }
    Ok(Outcome::Success)
}
