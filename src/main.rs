//! The `coopnet` command: see `coopnet --help` and `docs/reference.md`.

fn main() -> std::process::ExitCode {
    coopnet::cli::main()
}
