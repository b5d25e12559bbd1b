//! The command reference in Markdown, generated from the clap definitions, so
//! that `docs/reference.md` says exactly what `--help` says (a test compares
//! them), and every flag as JSON, for the tests that try every flag. Both
//! come from the hidden subcommand `coopnet reference [--flags]`.

use std::fmt::Write as _;

use clap::CommandFactory;
use serde::Serialize;

use super::Cli;
use super::common::Outcome;

/// Arguments of the hidden `coopnet reference`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print every flag of every subcommand as JSON instead of the Markdown reference.
    #[arg(long)]
    pub flags: bool,
}

/// Runs `coopnet reference`: the Markdown reference, or the flags as JSON.
pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let text = if args.flags {
        coopnet::export::json::pretty(&flags())?
    } else {
        markdown()
    };
    super::common::write_output(None, text.as_bytes())?;
    Ok(Outcome::Success)
}

/// One flag or positional argument of a subcommand.
#[derive(Debug, Serialize)]
struct FlagInfo {
    /// `--out`, or the positional's name in capitals.
    name: String,
    /// Whether it is positional.
    positional: bool,
    /// Whether it takes a value.
    takes_value: bool,
    /// Its listed values, when it has a fixed set.
    values: Vec<String>,
    /// Whether it is required.
    required: bool,
}

/// Every visible subcommand with its flags (global ones included).
#[derive(Debug, Serialize)]
struct CommandInfo {
    command: String,
    flags: Vec<FlagInfo>,
}

fn flags() -> Vec<CommandInfo> {
    let mut root = super::command();
    root.build();
    let globals: Vec<clap::Arg> = root
        .get_arguments()
        .filter(|a| a.is_global_set())
        .cloned()
        .collect();
    root.get_subcommands()
        .filter(|s| s.get_name() != "help" && !s.is_hide_set())
        .map(|sub| CommandInfo {
            command: sub.get_name().to_string(),
            flags: sub
                .get_arguments()
                .chain(
                    globals
                        .iter()
                        .filter(|g| sub.get_arguments().all(|a| a.get_id() != g.get_id())),
                )
                .filter(|a| a.get_id() != "help" && a.get_id() != "version")
                .map(|a| FlagInfo {
                    name: match a.get_long() {
                        Some(l) => format!("--{l}"),
                        None => a.get_id().as_str().to_uppercase(),
                    },
                    positional: a.is_positional(),
                    takes_value: a.get_action().takes_values(),
                    values: a
                        .get_possible_values()
                        .iter()
                        .map(|v| v.get_name().to_string())
                        .collect(),
                    required: a.is_required_set(),
                })
                .collect(),
        })
        .collect()
}

/// Every subcommand with its usage, arguments, options, defaults and examples.
pub fn markdown() -> String {
    let mut root = Cli::command();
    root.build();
    let mut o = String::new();
    let _ = writeln!(o, "## Global options\n");
    let _ = writeln!(o, "These go before or after the subcommand.\n");
    options_table(&mut o, root.get_arguments().filter(|a| a.is_global_set()));
    for sub in root
        .get_subcommands()
        .filter(|s| s.get_name() != "help" && !s.is_hide_set())
    {
        let name = sub.get_name();
        let _ = writeln!(o, "\n## {name}\n");
        if let Some(about) = sub.get_long_about().or(sub.get_about()) {
            let _ = writeln!(o, "{}\n", about.to_string().trim());
        }
        let mut sub = sub.clone();
        let usage = sub.render_usage().to_string().replace("Usage: ", "");
        let _ = writeln!(o, "```\n{}\n```\n", usage.trim());
        let positionals: Vec<_> = sub.get_positionals().collect();
        if !positionals.is_empty() {
            let _ = writeln!(o, "| argument | meaning |\n|---|---|");
            for a in positionals {
                let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
                let _ = writeln!(
                    o,
                    "| `{}` | {}. |",
                    a.get_id().as_str().to_uppercase(),
                    cell(&help)
                );
            }
            o.push('\n');
        }
        options_table(
            &mut o,
            sub.get_arguments()
                .filter(|a| !a.is_positional() && !a.is_global_set()),
        );
        if let Some(after) = sub.get_after_help() {
            let _ = writeln!(o, "\n```\n{}\n```", after.to_string().trim_end());
        }
    }
    o
}

fn options_table<'a>(o: &mut String, args: impl Iterator<Item = &'a clap::Arg>) {
    let _ = writeln!(o, "| option | default | meaning |\n|---|---|---|");
    for a in args {
        if a.get_id() == "help" || a.get_id() == "version" {
            continue;
        }
        let mut flag = match (a.get_short(), a.get_long()) {
            (Some(s), Some(l)) => format!("-{s}, --{l}"),
            (None, Some(l)) => format!("--{l}"),
            (Some(s), None) => format!("-{s}"),
            (None, None) => a.get_id().to_string(),
        };
        if a.get_action().takes_values() {
            let names = a
                .get_value_names()
                .map(|v| v.join(" "))
                .unwrap_or_else(|| a.get_id().to_string().to_uppercase());
            flag.push_str(&format!(" {names}"));
        }
        let default: Vec<String> = if a.get_action().takes_values() {
            a.get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect()
        } else {
            Vec::new() // a switch: off unless given
        };
        let mut help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
        if !help.is_empty() && !help.ends_with(['.', ')', ':']) {
            help.push('.');
        }
        let values: Vec<String> = a
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| format!("`{}`", v.get_name()))
            .collect();
        if !values.is_empty() && a.get_action().takes_values() {
            help.push_str(&format!(" One of {}.", values.join(", ")));
        }
        let _ = writeln!(
            o,
            "| `{}` | {} | {} |",
            flag,
            if default.is_empty() {
                String::new()
            } else {
                format!("`{}`", default.join(" "))
            },
            cell(&help)
        );
    }
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}
