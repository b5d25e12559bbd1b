//! The `coopnet._coopnet` extension module: the library's public API as
//! Python functions, and the command line.
//!
//! Everything here is conversion: Python arguments to the library's
//! configurations, the library's results to Arrow tables and Python objects,
//! the library's errors to Python exceptions. The computation releases the
//! GIL and runs on a rayon pool of the size asked for. The public Python API,
//! with its docstrings and defaults, is `python/coopnet/__init__.py`.

// The command line: the binary's own source (src/cli/, which names the
// library as `coopnet::`) compiled here too, so that the package's `coopnet`
// command is the same program.
#[path = "../../src/cli/mod.rs"]
#[allow(dead_code)] // what only the binary uses (the reference generator, main)
mod cli;
mod communities;
mod dataset;
mod dynamics;
mod errors;
mod forecast;
mod frames;
mod maps;
mod measures;
mod suggest;
mod tables;

use pyo3::prelude::*;

/// Runs `f` without the GIL on a pool of `threads` worker threads (`None`:
/// the global pool, all cores; `0`: all cores, as the command line's `--threads 0`).
pub(crate) fn compute<T: Send>(
    py: Python<'_>,
    threads: Option<usize>,
    f: impl FnOnce() -> coopnet::Result<T> + Send,
) -> PyResult<T> {
    let result = py.detach(|| match threads {
        None => Ok(f()),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map(|pool| pool.install(f))
            .map_err(|e| format!("cannot start {n} worker threads: {e}")),
    });
    match result {
        Ok(r) => r.map_err(|e| errors::to_py(py, e)),
        Err(msg) => Err(pyo3::exceptions::PyRuntimeError::new_err(msg)),
    }
}

/// Runs the command line on `argv` (the program's name first) without the
/// GIL; returns the exit code (0 success, 1 failures, 2 bad input or usage).
#[pyfunction]
fn run_cli(py: Python<'_>, argv: Vec<std::ffi::OsString>) -> u8 {
    let code = py.detach(|| cli::run_from(argv));
    // ExitCode has no getter: find the code it was made from
    (0..=u8::MAX)
        .find(|&c| std::process::ExitCode::from(c) == code)
        .unwrap_or(1)
}

#[pymodule]
fn _coopnet(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(run_cli, m)?)?;
    dataset::register(m)?;
    communities::register(m)?;
    measures::register(m)?;
    suggest::register(m)?;
    dynamics::register(m)?;
    forecast::register(m)?;
    maps::register(m)?;
    Ok(())
}
