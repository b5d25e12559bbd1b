//! The library's errors as the package's exceptions (`coopnet/_errors.py`).

use coopnet::{Error, Problem};
use pyo3::prelude::*;

/// A problem as the tuple `(file, line, column, value, reason)`.
pub(crate) type ProblemTuple = (String, Option<u64>, Option<String>, Option<String>, String);

pub(crate) fn problem_tuple(p: &Problem) -> ProblemTuple {
    (
        p.file.clone(),
        p.line,
        p.column.clone(),
        p.value.clone(),
        p.reason.clone(),
    )
}

/// Raises `coopnet.<class>(*args)`.
fn raise<'py, A: pyo3::call::PyCallArgs<'py>>(py: Python<'py>, class: &str, args: A) -> PyErr {
    let made = py
        .import("coopnet._errors")
        .and_then(|m| m.getattr(class))
        .and_then(|c| c.call1(args));
    match made {
        Ok(exc) => PyErr::from_value(exc),
        Err(e) => e,
    }
}

/// `DatasetError(problems, more)` for the input's problems, as listed.
pub(crate) fn dataset_error(py: Python<'_>, problems: Vec<ProblemTuple>, more: usize) -> PyErr {
    raise(py, "DatasetError", (problems, more))
}

/// The library's error as the exception a Python user expects: bad input
/// as `DatasetError` (with its problems), a bad parameter as `ParameterError`
/// (a `ValueError`), a failed read or write as `OSError`, a failed external
/// program (Graphviz) as `ExternalError`.
pub(crate) fn to_py(py: Python<'_>, e: Error) -> PyErr {
    match e {
        Error::Invalid { problems, more } => {
            dataset_error(py, problems.iter().map(problem_tuple).collect(), more)
        }
        Error::Parameter { name, reason } => raise(py, "ParameterError", (name, reason)),
        Error::Io { path, source } => {
            let errno = source.raw_os_error().unwrap_or(0);
            let message = source.to_string();
            raise(
                py,
                "_os_error",
                (errno, message, path.display().to_string()),
            )
        }
        Error::External { program, reason } => raise(py, "ExternalError", (program, reason)),
        #[allow(unreachable_patterns)]
        other => pyo3::exceptions::PyRuntimeError::new_err(other.to_string()),
    }
}
