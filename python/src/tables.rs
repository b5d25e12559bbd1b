//! The library's rows as Arrow tables (through `serde_arrow`), returned to
//! Python as objects with `__arrow_c_stream__`; and, for a user without
//! pyarrow or polars, the columns of such a table as Python lists.

use std::sync::Arc;

use arrow_array::{
    Array, ArrayRef, BooleanArray, Float64Array, Int64Array, ListArray, RecordBatch, StringArray,
};
use arrow_schema::{DataType, Field, FieldRef, Schema};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use pyo3_arrow::PyTable;
use serde::Serialize;

/// The type of one column.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Col {
    /// Text.
    Str,
    /// A float (`NaN` where the library has none).
    F64,
    /// A whole number.
    I64,
    /// True or false.
    Bool,
    /// A list of texts.
    Strs,
}

impl Col {
    fn data_type(self) -> DataType {
        match self {
            Col::Str => DataType::Utf8,
            Col::F64 => DataType::Float64,
            Col::I64 => DataType::Int64,
            Col::Bool => DataType::Boolean,
            Col::Strs => DataType::List(Arc::new(Field::new("element", DataType::Utf8, false))),
        }
    }
}

/// A table of `rows` (structs whose fields are named as `columns`, in any order).
pub(crate) fn table<T: Serialize>(columns: &[(&str, Col)], rows: &[T]) -> PyResult<PyTable> {
    let fields: Vec<FieldRef> = columns
        .iter()
        .map(|(name, col)| Arc::new(Field::new(*name, col.data_type(), true)))
        .collect();
    let batch = serde_arrow::to_record_batch(&fields, &rows)
        .map_err(|e| PyRuntimeError::new_err(format!("cannot build a table: {e}")))?;
    let schema = batch.schema();
    PyTable::try_new(vec![batch], schema)
}

/// `t` with its column `index` called `name`.
pub(crate) fn rename(t: PyTable, index: usize, name: &str) -> PyResult<PyTable> {
    let (batches, schema) = t.into_inner();
    let mut fields: Vec<FieldRef> = schema.fields().iter().cloned().collect();
    if let Some(f) = fields.get_mut(index) {
        *f = Arc::new(f.as_ref().clone().with_name(name));
    }
    let schema = Arc::new(Schema::new(fields));
    let batches = batches
        .into_iter()
        .map(|b| RecordBatch::try_new(schema.clone(), b.columns().to_vec()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| PyRuntimeError::new_err(format!("cannot build a table: {e}")))?;
    PyTable::try_new(batches, schema)
}

/// The column names and the number of rows of a table.
#[pyfunction]
pub(crate) fn table_shape(table: &PyTable) -> (Vec<String>, usize) {
    let names = table
        .batches()
        .first()
        .map(|b| {
            b.schema()
                .fields()
                .iter()
                .map(|f| f.name().clone())
                .collect()
        })
        .unwrap_or_default();
    let rows = table.batches().iter().map(|b| b.num_rows()).sum();
    (names, rows)
}

/// The columns of a table (any object with `__arrow_c_stream__`) as a dict
/// of Python lists (nulls as `None`).
#[pyfunction]
pub(crate) fn table_to_pydict<'py>(
    py: Python<'py>,
    table: PyTable,
) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    let Some(first) = table.batches().first() else {
        return Ok(out);
    };
    let schema = first.schema();
    for (i, field) in schema.fields().iter().enumerate() {
        let list = PyList::empty(py);
        for batch in table.batches() {
            append(py, &list, batch.column(i))?;
        }
        out.set_item(field.name(), list)?;
    }
    Ok(out)
}

fn append(py: Python<'_>, list: &Bound<'_, PyList>, array: &ArrayRef) -> PyResult<()> {
    macro_rules! each {
        ($ty:ty) => {{
            let a = array
                .as_any()
                .downcast_ref::<$ty>()
                .ok_or_else(|| PyRuntimeError::new_err("unexpected column type"))?;
            for i in 0..a.len() {
                if a.is_null(i) {
                    list.append(py.None())?;
                } else {
                    list.append(a.value(i))?;
                }
            }
        }};
    }
    match array.data_type() {
        DataType::Utf8 => each!(StringArray),
        DataType::Float64 => each!(Float64Array),
        DataType::Int64 => each!(Int64Array),
        DataType::Boolean => each!(BooleanArray),
        DataType::List(_) => {
            let a = array
                .as_any()
                .downcast_ref::<ListArray>()
                .ok_or_else(|| PyRuntimeError::new_err("unexpected column type"))?;
            for i in 0..a.len() {
                if a.is_null(i) {
                    list.append(py.None())?;
                } else {
                    let inner = PyList::empty(py);
                    append(py, &inner, &a.value(i))?;
                    list.append(inner)?;
                }
            }
        }
        other => {
            return Err(PyRuntimeError::new_err(format!(
                "no Python conversion for a column of type {other}"
            )));
        }
    }
    Ok(())
}
