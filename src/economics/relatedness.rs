//! Relatedness between sectors and relatedness density of regions, as EconGeo
//! (Balland) and py-ecomplexity (Harvard Growth Lab) define them.
//!
//! From the binary specialisation matrix `M` (regions x sectors, see
//! [`super::specialisation`]):
//!
//! - co-occurrence `C = Mᵀ M` with a zero diagonal: `C_st` is the number of
//!   regions specialised in both `s` and `t` (EconGeo `co_occurrence(t(M))`);
//! - relatedness from `C` by one of four normalisations ([`Normalisation`]),
//!   EconGeo `relatedness(C, method)` exactly: with `s_i = sum_j C_ij` (diagonal
//!   zeroed first) and `T = sum_ij C_ij`,
//!   - `prob`: `C_ij / ((s_i/T * s_j/(T - s_i) + s_j/T * s_i/(T - s_j)) * T/2)`
//!     (Steijn 2017),
//!   - `association`: `(C_ij / T) / ((s_i / T) (s_j / T))` (van Eck and Waltman 2009),
//!   - `cosine`: `C_ij / sqrt(s_i s_j)`,
//!   - `jaccard`: `C_ij / (s_i + s_j - C_ij)`,
//!
//!   each with a zero diagonal, and 0 where the formula divides by zero;
//! - proximity `phi_st = C_st / max(k_s, k_t)` with `k_s = sum_r M_rs` the
//!   ubiquity (Hidalgo, Klinger, Barabási, Hausmann 2007; py-ecomplexity
//!   `proximity`). The diagonal is 0 by default ([`ProximityDiagonal::Zero`]),
//!   as current py-ecomplexity sets it and as EconGeo's relatedness matrices
//!   have it; [`ProximityDiagonal::One`] gives `phi_ss = 1` (for `k_s > 0`), as
//!   `C_ss / k_s` with the diagonal of `Mᵀ M` kept, as in Hidalgo et al. and
//!   py-ecomplexity before it zeroed the diagonal;
//! - relatedness density `RD_rs = 100 * sum_t M_rt R_ts / sum_t R_ts`
//!   (EconGeo `relatedness_density`, which also rounds to 2 digits; coopnet
//!   does not round). py-ecomplexity's `density` is the same ratio without the
//!   factor 100: divide by 100 to compare.
//!
//! Every function returns 0, never NaN, where a formula divides by zero.
//!
//! ```
//! use coopnet::economics::{DenseMatrix, co_occurrence, proximity, ProximityDiagonal};
//! // three regions x three sectors
//! let m = DenseMatrix::from_rows(&[[1.0, 1.0, 0.0], [1.0, 1.0, 1.0], [0.0, 0.0, 1.0]]).unwrap();
//! let c = co_occurrence(&m);
//! assert_eq!(c.get(0, 1), 2.0); // regions 0 and 1 have both sectors 0 and 1
//! assert_eq!(c.get(0, 0), 0.0);
//! let phi = proximity(&m, ProximityDiagonal::Zero);
//! assert_eq!(phi.get(0, 2), 1.0 / 2.0); // C = 1, ubiquities 2 and 2
//! ```

use rayon::prelude::*;

use super::matrix::DenseMatrix;
use crate::error::{Error, Result};

/// How [`relatedness`] normalises co-occurrence counts (EconGeo's `method`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Normalisation {
    /// EconGeo's default, `"prob"`: the association strength adapted to
    /// combinations without repetition (Steijn 2017).
    #[default]
    Prob,
    /// `"association"`: association strength (van Eck and Waltman 2009).
    Association,
    /// `"cosine"`: cosine similarity.
    Cosine,
    /// `"jaccard"`: Jaccard index.
    Jaccard,
}

impl Normalisation {
    /// Every normalisation.
    pub const ALL: [Normalisation; 4] = [
        Normalisation::Prob,
        Normalisation::Association,
        Normalisation::Cosine,
        Normalisation::Jaccard,
    ];

    /// The name EconGeo uses (`prob`, `association`, `cosine`, `jaccard`).
    pub fn name(self) -> &'static str {
        match self {
            Normalisation::Prob => "prob",
            Normalisation::Association => "association",
            Normalisation::Cosine => "cosine",
            Normalisation::Jaccard => "jaccard",
        }
    }

    /// Parses an EconGeo method name (any case).
    pub fn from_name(name: &str) -> Option<Normalisation> {
        Normalisation::ALL
            .into_iter()
            .find(|n| n.name().eq_ignore_ascii_case(name.trim()))
    }
}

/// The diagonal of the proximity matrix (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum ProximityDiagonal {
    /// `phi_ss = 0`: current py-ecomplexity, and EconGeo's convention for
    /// relatedness matrices.
    #[default]
    Zero,
    /// `phi_ss = 1` for every sector with `k_s > 0`: Hidalgo et al. (2007) and
    /// py-ecomplexity before it zeroed the diagonal.
    One,
}

/// Sectors (columns) per rayon task.
const ROWS_PER_TASK: usize = 16;

/// Co-occurrence `C = Mᵀ M` with a zero diagonal, sectors x sectors.
///
/// `M` is usually binary, but any non-negative matrix works (`C_st = sum_r
/// M_rs M_rt`). Each row of `C` is computed on its own, summing regions in
/// order, so the result does not depend on the thread count.
///
/// # Complexity
///
/// For a 0/1 matrix, `O(sectors^2 x regions / 64)` with bit sets; otherwise
/// `O(sum_r nnz(row r)^2)`; plus `O(sectors^2)` for the result.
pub fn co_occurrence(m: &DenseMatrix) -> DenseMatrix {
    if m.as_slice().iter().all(|&v| v == 0.0 || v == 1.0) {
        return co_occurrence_binary(m);
    }
    let n = m.cols();
    // Non-zero entries of each region, and the regions present in each sector.
    let nz: Vec<Vec<(usize, f64)>> = (0..m.rows())
        .map(|r| {
            m.row(r)
                .iter()
                .copied()
                .enumerate()
                .filter(|&(_, v)| v != 0.0)
                .collect()
        })
        .collect();
    let mut by_sector: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for (r, row) in nz.iter().enumerate() {
        for &(s, v) in row {
            by_sector[s].push((r, v));
        }
    }
    let mut c = DenseMatrix::zeros(n, n);
    if n == 0 {
        return c;
    }
    c.as_mut_slice()
        .par_chunks_mut(n)
        .with_min_len(ROWS_PER_TASK)
        .enumerate()
        .for_each(|(s, out)| {
            for &(r, a) in &by_sector[s] {
                for &(t, b) in &nz[r] {
                    out[t] += a * b;
                }
            }
            out[s] = 0.0;
        });
    c
}

/// Co-occurrence of a 0/1 matrix: each sector's regions as a bit set, and
/// `C_st` the number of bits the two sets share. Counts are integers, so the
/// result is exact and the same at any thread count.
fn co_occurrence_binary(m: &DenseMatrix) -> DenseMatrix {
    let (rows, n) = (m.rows(), m.cols());
    let words = rows.div_ceil(64);
    let mut bits = vec![0u64; n * words];
    for r in 0..rows {
        for (s, &v) in m.row(r).iter().enumerate() {
            if v == 1.0 {
                bits[s * words + r / 64] |= 1 << (r % 64);
            }
        }
    }
    let mut c = DenseMatrix::zeros(n, n);
    if n == 0 || words == 0 {
        return c;
    }
    c.as_mut_slice()
        .par_chunks_mut(n)
        .with_min_len(ROWS_PER_TASK)
        .enumerate()
        .for_each(|(s, out)| {
            let a = &bits[s * words..(s + 1) * words];
            for (t, o) in out.iter_mut().enumerate() {
                if t != s {
                    let b = &bits[t * words..(t + 1) * words];
                    *o = a
                        .iter()
                        .zip(b)
                        .map(|(x, y)| (x & y).count_ones())
                        .sum::<u32>() as f64;
                }
            }
        });
    c
}

/// Relatedness from a square co-occurrence matrix by EconGeo's normalisation
/// `method` (formulas in the module docs). The diagonal of `cooccurrence` is
/// ignored (taken as 0), the result has a zero diagonal, and a value whose
/// formula divides by zero is 0.
///
/// # Errors
///
/// [`Error::Parameter`] when the matrix is not square or has a negative or
/// non-finite value.
pub fn relatedness(cooccurrence: &DenseMatrix, method: Normalisation) -> Result<DenseMatrix> {
    check_square(cooccurrence, "co-occurrence")?;
    let n = cooccurrence.rows();
    let c = |i: usize, j: usize| if i == j { 0.0 } else { cooccurrence.get(i, j) };
    // EconGeo: si <- colSums(cij) with the diagonal zeroed.
    let s: Vec<f64> = (0..n).map(|j| (0..n).map(|i| c(i, j)).sum()).collect();
    let t: f64 = s.iter().sum();
    let mut out = DenseMatrix::zeros(n, n);
    if n == 0 {
        return Ok(out);
    }
    out.as_mut_slice()
        .par_chunks_mut(n)
        .with_min_len(ROWS_PER_TASK)
        .enumerate()
        .for_each(|(i, row)| {
            for (j, o) in row.iter_mut().enumerate() {
                if i == j {
                    continue;
                }
                let cij = c(i, j);
                let (si, sj) = (s[i], s[j]);
                let v = match method {
                    Normalisation::Prob => {
                        cij / ((sj / t * (si / (t - sj)) + si / t * (sj / (t - si))) * (t / 2.0))
                    }
                    Normalisation::Association => (cij / t) / ((sj / t) * (si / t)),
                    Normalisation::Cosine => cij / (si * sj).sqrt(),
                    Normalisation::Jaccard => cij / (si + sj - cij),
                };
                *o = if v.is_finite() { v } else { 0.0 };
            }
        });
    Ok(out)
}

/// Proximity `phi_st = C_st / max(k_s, k_t)` from the binary specialisation
/// matrix `m` (regions x sectors), with the chosen diagonal; 0 where both
/// ubiquities are 0.
pub fn proximity(m: &DenseMatrix, diagonal: ProximityDiagonal) -> DenseMatrix {
    let c = co_occurrence(m);
    let k = m.col_sums();
    let n = c.rows();
    let mut phi = c;
    if n == 0 {
        return phi;
    }
    phi.as_mut_slice()
        .par_chunks_mut(n)
        .with_min_len(ROWS_PER_TASK)
        .enumerate()
        .for_each(|(s, row)| {
            for (t, v) in row.iter_mut().enumerate() {
                let d = k[s].max(k[t]);
                *v = if s == t {
                    match diagonal {
                        ProximityDiagonal::One if k[s] > 0.0 => 1.0,
                        _ => 0.0,
                    }
                } else if d > 0.0 {
                    *v / d
                } else {
                    0.0
                };
            }
        });
    phi
}

/// Relatedness density `RD_rs = 100 * sum_t M_rt R_ts / sum_t R_ts`, regions x
/// sectors, from a region x sector matrix `m` (usually binary) and a sector x
/// sector relatedness `r` (any of [`relatedness`] or [`proximity`]); 0 where
/// `sum_t R_ts = 0`. Each region's row is computed on its own (in parallel),
/// so the result does not depend on the thread count.
///
/// # Errors
///
/// [`Error::Parameter`] when `r` is not square or its size differs from the
/// number of sectors of `m`.
pub fn relatedness_density(m: &DenseMatrix, r: &DenseMatrix) -> Result<DenseMatrix> {
    check_square(r, "relatedness")?;
    if r.rows() != m.cols() {
        return Err(Error::parameter(
            "relatedness",
            format!(
                "{} x {} relatedness for {} sectors",
                r.rows(),
                r.cols(),
                m.cols()
            ),
        ));
    }
    let den = r.col_sums();
    let mut rd = m.matmul(r)?;
    let n = rd.cols();
    if n == 0 {
        return Ok(rd);
    }
    rd.as_mut_slice()
        .par_chunks_mut(n)
        .with_min_len(ROWS_PER_TASK)
        .for_each(|row| {
            for (v, &d) in row.iter_mut().zip(&den) {
                *v = if d != 0.0 { 100.0 * *v / d } else { 0.0 };
            }
        });
    Ok(rd)
}

fn check_square(m: &DenseMatrix, what: &str) -> Result<()> {
    if !m.is_square() {
        return Err(Error::parameter(
            what,
            format!("a {} x {} matrix is not square", m.rows(), m.cols()),
        ));
    }
    if m.as_slice().iter().any(|v| !v.is_finite() || *v < 0.0) {
        return Err(Error::parameter(
            what,
            "has a negative, NaN or infinite value",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_and_general_paths_agree() {
        let rows: Vec<Vec<f64>> = (0..130)
            .map(|r| {
                (0..7)
                    .map(|s| if (r * 7 + s * 3) % 5 < 2 { 1.0 } else { 0.0 })
                    .collect()
            })
            .collect();
        let m = DenseMatrix::from_rows(&rows).unwrap();
        let fast = co_occurrence(&m);
        let mut weighted = m.clone();
        weighted.set(0, 0, 2.0); // forces the general path
        let general = co_occurrence(&weighted);
        for s in 0..7 {
            for t in 0..7 {
                let extra = if s != t && m.get(0, s) * m.get(0, t) != 0.0 && (s == 0 || t == 0) {
                    1.0
                } else {
                    0.0
                };
                assert_eq!(fast.get(s, t) + extra, general.get(s, t), "({s}, {t})");
            }
        }
    }

    #[test]
    fn names_round_trip() {
        for n in Normalisation::ALL {
            assert_eq!(Normalisation::from_name(n.name()), Some(n));
        }
        assert_eq!(
            Normalisation::from_name("Jaccard"),
            Some(Normalisation::Jaccard)
        );
        assert_eq!(Normalisation::from_name("pmi"), None);
    }

    #[test]
    fn empty_and_zero_inputs_give_zeros() {
        let z = DenseMatrix::zeros(3, 4);
        let c = co_occurrence(&z);
        for n in Normalisation::ALL {
            assert!(
                relatedness(&c, n)
                    .unwrap()
                    .as_slice()
                    .iter()
                    .all(|&v| v == 0.0)
            );
        }
        assert!(
            proximity(&z, ProximityDiagonal::One)
                .as_slice()
                .iter()
                .all(|&v| v == 0.0)
        );
        let rd = relatedness_density(&z, &c).unwrap();
        assert!(rd.as_slice().iter().all(|&v| v == 0.0));
        assert!(relatedness(&DenseMatrix::zeros(2, 3), Normalisation::Prob).is_err());
        assert!(relatedness_density(&z, &DenseMatrix::zeros(3, 3)).is_err());
    }
}
