//! Entry and exit of specialisations between two years, as EconGeo defines
//! them (`entry_list`, `exit_list`; Boschma, Balland and Kogler 2015).
//!
//! From binary specialisation matrices `M(t0)` and `M(t1)` (regions x sectors,
//! the same labels):
//!
//! - **entry**: over the cells not yet specialised, `M_rs(t0) = 0`, entry is
//!   1 when `M_rs(t1) = 1` and 0 otherwise. Cells already specialised at `t0`
//!   are not candidates (EconGeo sets them to `NA`);
//! - **exit**: over the cells specialised at `t0`, `M_rs(t0) = 1`, exit is 1
//!   when `M_rs(t1) = 0`.
//!
//! This is what EconGeo 1.3's `entry.list` and `exit.list` compute (`bim1[bim1
//! == 1] <- NA; entry = bim2 - bim1`; `bim1[bim1 == 0] <- NA; exit = bim1 +
//! bim2; exit[exit == 2] <- 0`). EconGeo 2.0's `entry_list` and `exit_list`
//! as first released (source of 2023-03-31) read their matrices with
//! `get(paste0("mat", i))` instead of from their arguments, so they use
//! whatever objects called `mat1`, `mat2` exist where they are called; the
//! package's tracker reports wrong entries from 2.0 and right ones from 1.3
//! (PABalland/EconGeo issue 5). The source was corrected on 2023-08-01.
//!
//! ```
//! use coopnet::economics::DenseMatrix;
//! use coopnet::dynamics::events::{entry_list, exit_list};
//! let m0 = DenseMatrix::from_rows(&[[1.0, 0.0], [0.0, 1.0]]).unwrap();
//! let m1 = DenseMatrix::from_rows(&[[1.0, 1.0], [0.0, 0.0]]).unwrap();
//! let entries = entry_list(&m0, &m1).unwrap();
//! // candidates (0, 1) and (1, 0); (0, 1) entered
//! assert_eq!(entries.iter().filter(|t| t.happened).count(), 1);
//! assert_eq!(exit_list(&m0, &m1).unwrap().iter().filter(|t| t.happened).count(), 1);
//! ```

use serde::Serialize;

use crate::economics::DenseMatrix;
use crate::error::{Error, Result};

/// One candidate cell of [`entry_list`] or [`exit_list`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Transition {
    /// Row (region) index.
    pub region: usize,
    /// Column (sector) index.
    pub sector: usize,
    /// Whether the entry (or exit) happened.
    pub happened: bool,
}

/// EconGeo `entry_list`: every cell with `M(t0) = 0`, in row-major order,
/// with whether `M(t1) = 1`.
///
/// # Errors
///
/// [`Error::Parameter`] when the matrices differ in size or are not 0/1.
pub fn entry_list(m0: &DenseMatrix, m1: &DenseMatrix) -> Result<Vec<Transition>> {
    transitions(m0, m1, 0.0)
}

/// EconGeo `exit_list`: every cell with `M(t0) = 1`, in row-major order,
/// with whether `M(t1) = 0`.
///
/// # Errors
///
/// As [`entry_list`].
pub fn exit_list(m0: &DenseMatrix, m1: &DenseMatrix) -> Result<Vec<Transition>> {
    transitions(m0, m1, 1.0)
}

fn transitions(m0: &DenseMatrix, m1: &DenseMatrix, start: f64) -> Result<Vec<Transition>> {
    if m0.rows() != m1.rows() || m0.cols() != m1.cols() {
        return Err(Error::parameter(
            "specialisation",
            format!(
                "a {} x {} matrix and a {} x {} one",
                m0.rows(),
                m0.cols(),
                m1.rows(),
                m1.cols()
            ),
        ));
    }
    if m0
        .as_slice()
        .iter()
        .chain(m1.as_slice())
        .any(|&v| v != 0.0 && v != 1.0)
    {
        return Err(Error::parameter(
            "specialisation",
            "entry and exit need binary (0/1) specialisation matrices",
        ));
    }
    let cols = m0.cols();
    Ok(m0
        .as_slice()
        .iter()
        .zip(m1.as_slice())
        .enumerate()
        .filter(|(_, (a, _))| **a == start)
        .map(|(k, (_, &b))| Transition {
            region: k / cols.max(1),
            sector: k % cols.max(1),
            happened: b != start,
        })
        .collect())
}
