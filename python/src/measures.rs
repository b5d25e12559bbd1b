//! Specialisation, relatedness and complexity of a dataset, as the
//! `specialisation` and `relatedness` commands compute them.

use std::sync::Arc;

use arrow_array::{ArrayRef, Float64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use coopnet::economics::{
    Complexity, ComplexityMethod, DatasetMatrix, Measure, Normalisation, ProximityDiagonal,
    RegionSectorMatrix, RelatednessMethod, RelatednessTables, Specialisation, SpecialisationConfig,
    SpecialisationTables, complexity, matrix_from_dataset, specialisation,
};
use coopnet::model::SectorLevel;
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3_arrow::PyTable;
use serde::Serialize;

use crate::compute;
use crate::dataset::PyDataset;
use crate::tables::{Col, table};

/// What the matrix counts, at which level, and the specialisation threshold.
pub(crate) struct MatrixOptions {
    pub measure: Measure,
    pub level: SectorLevel,
    pub threshold: f64,
}

pub(crate) fn matrix_options(
    measure: &str,
    level: &str,
    threshold: f64,
) -> PyResult<MatrixOptions> {
    let measure = Measure::ALL
        .into_iter()
        .find(|m| m.name() == measure)
        .ok_or_else(|| {
            PyValueError::new_err(format!(
                "measure {measure:?}: one of employees, organisations, clusters"
            ))
        })?;
    let level = SectorLevel::parse(level).ok_or_else(|| {
        let names: Vec<&str> = SectorLevel::ALL.iter().map(|l| l.name()).collect();
        PyValueError::new_err(format!("level {level:?}: one of {}", names.join(", ")))
    })?;
    Ok(MatrixOptions {
        measure,
        level,
        threshold,
    })
}

/// The matrix of `ds` and its specialisation.
fn specialised(
    ds: &coopnet::model::Dataset,
    o: &MatrixOptions,
) -> coopnet::Result<(DatasetMatrix, Specialisation)> {
    let built = matrix_from_dataset(ds, o.measure, o.level)?;
    let spec = specialisation(
        &built.matrix,
        &SpecialisationConfig {
            threshold: o.threshold,
        },
    )?;
    Ok((built, spec))
}

/// A region x sector table: `region` and one column per sector.
fn wide(m: &RegionSectorMatrix, get: impl Fn(usize, usize) -> f64) -> PyResult<PyTable> {
    let mut fields = vec![Field::new("region", DataType::Utf8, false)];
    let mut columns: Vec<ArrayRef> = vec![Arc::new(StringArray::from(m.regions().to_vec()))];
    for (j, sector) in m.sectors().iter().enumerate() {
        fields.push(Field::new(sector, DataType::Float64, false));
        let values: Vec<f64> = (0..m.n_regions()).map(|i| get(i, j)).collect();
        columns.push(Arc::new(Float64Array::from(values)));
    }
    let schema = Arc::new(Schema::new(fields));
    let batch = RecordBatch::try_new(schema.clone(), columns)
        .map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
    PyTable::try_new(vec![batch], schema)
}

/// What a measure's table came from: records left out (sector coarser than
/// the level) and organisations without an employees figure.
type Notes = (usize, usize);

fn notes(b: &DatasetMatrix) -> Notes {
    (b.left_out, b.missing_employees)
}

/// `region,sector,value,lq,specialised` and `region,total,diversity,herfindahl,krugman,entropy`
/// (or the LQ matrix, `wide`).
#[pyfunction]
#[pyo3(signature = (dataset, measure, level, threshold, wide, threads=None))]
fn location_quotient(
    py: Python<'_>,
    dataset: &PyDataset,
    measure: &str,
    level: &str,
    threshold: f64,
    wide: bool,
    threads: Option<usize>,
) -> PyResult<(PyTable, PyTable, Notes)> {
    let o = matrix_options(measure, level, threshold)?;
    let ds = dataset.ds.clone();
    let (built, spec) = compute(py, threads, move || specialised(&ds, &o))?;
    let m = &built.matrix;
    let tables = SpecialisationTables::new(m, &spec);
    let main = if wide {
        self::wide(m, |i, j| spec.lq.get(i, j))?
    } else {
        table(
            &[
                ("region", Col::Str),
                ("sector", Col::Str),
                ("value", Col::F64),
                ("lq", Col::F64),
                ("specialised", Col::Bool),
            ],
            &tables.specialisation,
        )?
    };
    let regions = table(
        &[
            ("region", Col::Str),
            ("total", Col::F64),
            ("diversity", Col::F64),
            ("herfindahl", Col::F64),
            ("krugman", Col::F64),
            ("entropy", Col::F64),
        ],
        &tables.regions,
    )?;
    Ok((main, regions, notes(&built)))
}

pub(crate) fn relatedness_method(method: &str, diagonal: &str) -> PyResult<RelatednessMethod> {
    let diagonal = match diagonal {
        "zero" => ProximityDiagonal::Zero,
        "one" => ProximityDiagonal::One,
        other => {
            return Err(PyValueError::new_err(format!(
                "diagonal {other:?}: one of zero, one"
            )));
        }
    };
    Ok(match method {
        "prob" => RelatednessMethod::Normalised(Normalisation::Prob),
        "association" => RelatednessMethod::Normalised(Normalisation::Association),
        "cosine" => RelatednessMethod::Normalised(Normalisation::Cosine),
        "jaccard" => RelatednessMethod::Normalised(Normalisation::Jaccard),
        "proximity" => RelatednessMethod::Proximity(diagonal),
        other => {
            return Err(PyValueError::new_err(format!(
                "method {other:?}: one of prob, association, cosine, jaccard, proximity"
            )));
        }
    })
}

/// `sector_a,sector_b,cooccurrence,relatedness` and
/// `region,sector,density,specialised` (or the density matrix, `wide`).
#[pyfunction]
#[pyo3(signature = (dataset, method, diagonal, measure, level, threshold, wide, threads=None))]
#[allow(clippy::too_many_arguments)]
fn relatedness(
    py: Python<'_>,
    dataset: &PyDataset,
    method: &str,
    diagonal: &str,
    measure: &str,
    level: &str,
    threshold: f64,
    wide: bool,
    threads: Option<usize>,
) -> PyResult<(PyTable, PyTable, Notes)> {
    let method = relatedness_method(method, diagonal)?;
    let o = matrix_options(measure, level, threshold)?;
    let ds = dataset.ds.clone();
    let (built, spec) = compute(py, threads, move || specialised(&ds, &o))?;
    let m = &built.matrix;
    let tables = compute(py, threads, || RelatednessTables::new(m, &spec, method))?;
    let pairs = table(
        &[
            ("sector_a", Col::Str),
            ("sector_b", Col::Str),
            ("cooccurrence", Col::F64),
            ("relatedness", Col::F64),
        ],
        &tables.pairs,
    )?;
    let density = if wide {
        let n = m.n_sectors();
        self::wide(m, |i, j| tables.density[i * n + j].density)?
    } else {
        table(
            &[
                ("region", Col::Str),
                ("sector", Col::Str),
                ("density", Col::F64),
                ("specialised", Col::Bool),
            ],
            &tables.density,
        )?
    };
    Ok((pairs, density, notes(&built)))
}

#[derive(Serialize)]
struct EciRow<'a> {
    region: &'a str,
    eci: Option<f64>,
    diversity: f64,
}

#[derive(Serialize)]
struct PciRow<'a> {
    sector: &'a str,
    pci: Option<f64>,
    ubiquity: f64,
}

/// `region,eci,diversity` and `sector,pci,ubiquity`.
#[pyfunction]
#[pyo3(signature = (dataset, method, steps, measure, level, threshold, threads=None))]
#[allow(clippy::too_many_arguments)]
fn eci(
    py: Python<'_>,
    dataset: &PyDataset,
    method: &str,
    steps: usize,
    measure: &str,
    level: &str,
    threshold: f64,
    threads: Option<usize>,
) -> PyResult<(PyTable, PyTable, Notes)> {
    let method = match method {
        "eigenvector" => ComplexityMethod::Eigenvector,
        "reflections" => ComplexityMethod::Reflections { steps },
        other => {
            return Err(PyValueError::new_err(format!(
                "method {other:?}: one of eigenvector, reflections"
            )));
        }
    };
    let o = matrix_options(measure, level, threshold)?;
    let ds = dataset.ds.clone();
    let (built, c): (DatasetMatrix, Complexity) = compute(py, threads, move || {
        let (built, spec) = specialised(&ds, &o)?;
        let c = complexity(&spec.specialised, method)?;
        Ok((built, c))
    })?;
    let m = &built.matrix;
    let regions: Vec<EciRow<'_>> = m
        .regions()
        .iter()
        .enumerate()
        .map(|(i, region)| EciRow {
            region,
            eci: c.eci[i],
            diversity: c.diversity[i],
        })
        .collect();
    let sectors: Vec<PciRow<'_>> = m
        .sectors()
        .iter()
        .enumerate()
        .map(|(j, sector)| PciRow {
            sector,
            pci: c.pci[j],
            ubiquity: c.ubiquity[j],
        })
        .collect();
    Ok((
        table(
            &[
                ("region", Col::Str),
                ("eci", Col::F64),
                ("diversity", Col::F64),
            ],
            &regions,
        )?,
        table(
            &[
                ("sector", Col::Str),
                ("pci", Col::F64),
                ("ubiquity", Col::F64),
            ],
            &sectors,
        )?,
        notes(&built),
    ))
}

/// The library's defaults, for the Python signatures.
#[pyfunction]
fn measure_defaults() -> Vec<(&'static str, f64)> {
    vec![
        (
            "threshold",
            coopnet::economics::specialisation::DEFAULT_THRESHOLD,
        ),
        (
            "steps",
            coopnet::economics::complexity::DEFAULT_REFLECTION_STEPS as f64,
        ),
    ]
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(location_quotient, m)?)?;
    m.add_function(wrap_pyfunction!(relatedness, m)?)?;
    m.add_function(wrap_pyfunction!(eci, m)?)?;
    m.add_function(wrap_pyfunction!(measure_defaults, m)?)?;
    Ok(())
}
