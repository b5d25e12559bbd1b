//! The `coopnet` command: see `coopnet --help` and `docs/reference.md`.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
