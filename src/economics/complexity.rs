//! Economic complexity: the economic complexity index of regions (ECI) and the
//! product (sector) complexity index (PCI), by the eigenvector method of
//! py-ecomplexity or the method of reflections of Hidalgo and Hausmann (2009).
//!
//! Both read a binary specialisation matrix `M` (regions x sectors). Regions
//! with diversity `k_c = sum_p M_cp = 0` and sectors with ubiquity
//! `k_p = sum_c M_cp = 0` are left out (as py-ecomplexity drops them) and get
//! `None`.
//!
//! # Eigenvector method (py-ecomplexity `calc_eci_pci`)
//!
//! `kp` is the eigenvector, of unit length, of the second largest eigenvalue of
//! `M_pp = D_p^-1 Mᵀ D_c^-1 M`; `kc = D_c^-1 M kp`; both change sign when
//! `corr(k_c, kc) < 0`; then, as the Stata package and py-ecomplexity do,
//! `ECI = (kc - mean(kc)) / sd(kc)` and `PCI = (kp - mean(kc)) / sd(kc)` with the
//! population standard deviation. coopnet finds the eigenvector through the
//! symmetric matrix `D^-1/2 ... D^-1/2` similar to `M_pp` (or to the region
//! matrix `M_cc`, whichever is smaller), with nalgebra's symmetric eigensolver;
//! the results are the same up to rounding. When the second eigenvalue is
//! repeated (a network in several disconnected pieces) the eigenvector, and so
//! the index, is not unique; any of them may be returned.
//!
//! # Method of reflections (Hidalgo and Hausmann 2009)
//!
//! `k_c,0 = k_c`, `k_p,0 = k_p`, `k_c,N = (1/k_c) sum_p M_cp k_p,N-1`,
//! `k_p,N = (1/k_p) sum_c M_cp k_c,N-1`. After an even number of steps `N`,
//! `ECI = z(k_c,N)` and `PCI = z(k_p,N+1)`, `z` the standardisation to mean 0
//! and population standard deviation 1. Means are subtracted at each step
//! (this does not change the result: the reflection maps constants to
//! constants) so that many steps stay well-conditioned. As `N` grows, the ECI
//! tends to that of the eigenvector method. EconGeo's `mort`/`morc` rescale to
//! 0..100 instead of standardising: the ordering is the same.
//!
//! ```
//! use coopnet::economics::{DenseMatrix, complexity, ComplexityMethod};
//! // a nested matrix: region 0 is the most diverse, sector 3 the least ubiquitous
//! let m = DenseMatrix::from_rows(&[
//!     [1.0, 1.0, 1.0, 1.0],
//!     [1.0, 1.0, 1.0, 0.0],
//!     [1.0, 1.0, 0.0, 0.0],
//!     [1.0, 0.0, 0.0, 0.0],
//! ]).unwrap();
//! let c = complexity(&m, ComplexityMethod::Eigenvector).unwrap();
//! let eci: Vec<f64> = c.eci.iter().map(|v| v.unwrap()).collect();
//! assert!(eci[0] > eci[1] && eci[1] > eci[2] && eci[2] > eci[3]);
//! ```

use nalgebra::DMatrix;

use super::matrix::DenseMatrix;
use crate::error::{Error, Result};

/// The default number of reflection steps (EconGeo's default for `morc`).
pub const DEFAULT_REFLECTION_STEPS: usize = 20;

/// How [`complexity`] computes the indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ComplexityMethod {
    /// The eigenvector method of py-ecomplexity (the default).
    #[default]
    Eigenvector,
    /// The method of reflections with an even number of steps (at least 2).
    Reflections {
        /// Number of steps `N` ([`DEFAULT_REFLECTION_STEPS`] is usual).
        steps: usize,
    },
}

/// ECI and PCI with the diversity and ubiquity they come from.
#[derive(Debug, Clone, PartialEq)]
pub struct Complexity {
    /// Economic complexity index per region; `None` for a region with no specialisation.
    pub eci: Vec<Option<f64>>,
    /// Product (sector) complexity index per sector; `None` for a sector no region specialises in.
    pub pci: Vec<Option<f64>>,
    /// Diversity `k_c` per region.
    pub diversity: Vec<f64>,
    /// Ubiquity `k_p` per sector.
    pub ubiquity: Vec<f64>,
    /// The method used.
    pub method: ComplexityMethod,
}

/// Computes ECI and PCI from a binary specialisation matrix (see the module docs).
///
/// # Errors
///
/// [`Error::Parameter`] when fewer than two regions or two sectors have any
/// specialisation, when a value is negative or not finite, or when the number
/// of reflection steps is odd or zero.
pub fn complexity(m: &DenseMatrix, method: ComplexityMethod) -> Result<Complexity> {
    if m.as_slice().iter().any(|v| !v.is_finite() || *v < 0.0) {
        return Err(Error::parameter(
            "matrix",
            "has a negative, NaN or infinite value",
        ));
    }
    if let ComplexityMethod::Reflections { steps } = method
        && (steps == 0 || steps % 2 == 1)
    {
        return Err(Error::parameter(
            "steps",
            format!("{steps} reflection steps: give an even number, at least 2"),
        ));
    }
    let diversity = m.row_sums();
    let ubiquity = m.col_sums();
    let rows: Vec<usize> = (0..m.rows()).filter(|&i| diversity[i] > 0.0).collect();
    let cols: Vec<usize> = (0..m.cols()).filter(|&j| ubiquity[j] > 0.0).collect();
    if rows.len() < 2 || cols.len() < 2 {
        return Err(Error::parameter(
            "matrix",
            format!(
                "complexity needs at least two regions and two sectors with specialisations ({} and {} here)",
                rows.len(),
                cols.len()
            ),
        ));
    }
    // The reduced matrix and its degrees.
    let mm: Vec<Vec<f64>> = rows
        .iter()
        .map(|&i| cols.iter().map(|&j| m.get(i, j)).collect())
        .collect();
    let kc: Vec<f64> = rows.iter().map(|&i| diversity[i]).collect();
    let kp: Vec<f64> = cols.iter().map(|&j| ubiquity[j]).collect();
    let (eci_r, pci_r) = match method {
        ComplexityMethod::Eigenvector => eigenvector(&mm, &kc, &kp),
        ComplexityMethod::Reflections { steps } => reflections(&mm, &kc, &kp, steps),
    };
    let mut eci = vec![None; m.rows()];
    let mut pci = vec![None; m.cols()];
    for (k, &i) in rows.iter().enumerate() {
        eci[i] = Some(eci_r[k]);
    }
    for (k, &j) in cols.iter().enumerate() {
        pci[j] = Some(pci_r[k]);
    }
    Ok(Complexity {
        eci,
        pci,
        diversity,
        ubiquity,
        method,
    })
}

/// `D_c^-1 M v`.
fn to_regions(mm: &[Vec<f64>], kc: &[f64], v: &[f64]) -> Vec<f64> {
    mm.iter()
        .zip(kc)
        .map(|(row, k)| row.iter().zip(v).map(|(a, b)| a * b).sum::<f64>() / k)
        .collect()
}

/// `D_p^-1 Mᵀ v`.
fn to_sectors(mm: &[Vec<f64>], kp: &[f64], v: &[f64]) -> Vec<f64> {
    let mut out = vec![0.0; kp.len()];
    for (row, &x) in mm.iter().zip(v) {
        for (o, a) in out.iter_mut().zip(row) {
            *o += a * x;
        }
    }
    out.iter_mut().zip(kp).for_each(|(o, k)| *o /= k);
    out
}

fn eigenvector(mm: &[Vec<f64>], kc: &[f64], kp: &[f64]) -> (Vec<f64>, Vec<f64>) {
    eigenvector_side(mm, kc, kp, kp.len() <= kc.len())
}

/// The eigenvector method through the sector matrix (`by_sectors`) or the region matrix.
fn eigenvector_side(
    mm: &[Vec<f64>],
    kc: &[f64],
    kp: &[f64],
    by_sectors: bool,
) -> (Vec<f64>, Vec<f64>) {
    let (nc, np) = (kc.len(), kp.len());
    // S = D_p^-1/2 Mᵀ D_c^-1 M D_p^-1/2 (np x np) or S = D_c^-1/2 M D_p^-1 Mᵀ D_c^-1/2 (nc x nc).
    let n = if by_sectors { np } else { nc };
    let mut s = DMatrix::<f64>::zeros(n, n);
    if by_sectors {
        for (row, &k) in mm.iter().zip(kc) {
            let nz: Vec<usize> = (0..np).filter(|&p| row[p] != 0.0).collect();
            for &a in &nz {
                for &b in &nz {
                    s[(a, b)] += row[a] * row[b] / k;
                }
            }
        }
        for a in 0..np {
            for b in 0..np {
                s[(a, b)] /= (kp[a] * kp[b]).sqrt();
            }
        }
    } else {
        for a in 0..nc {
            for b in 0..nc {
                let dot: f64 = (0..np).map(|p| mm[a][p] * mm[b][p] / kp[p]).sum();
                s[(a, b)] = dot / (kc[a] * kc[b]).sqrt();
            }
        }
    }
    let eig = nalgebra::SymmetricEigen::new(s);
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| eig.eigenvalues[b].total_cmp(&eig.eigenvalues[a]));
    let second = eig.eigenvectors.column(order[1]);
    let mut prod: Vec<f64> = if by_sectors {
        (0..np).map(|p| second[p] / kp[p].sqrt()).collect()
    } else {
        let kc_vec: Vec<f64> = (0..nc).map(|c| second[c] / kc[c].sqrt()).collect();
        to_sectors(mm, kp, &kc_vec)
    };
    let norm = prod.iter().map(|v| v * v).sum::<f64>().sqrt();
    if norm > 0.0 {
        prod.iter_mut().for_each(|v| *v /= norm);
    }
    let mut reg = to_regions(mm, kc, &prod);
    if correlation(kc, &reg) < 0.0 {
        reg.iter_mut().for_each(|v| *v = -*v);
        prod.iter_mut().for_each(|v| *v = -*v);
    }
    let (mean, sd) = mean_sd(&reg);
    let z = |v: f64| if sd > 0.0 { (v - mean) / sd } else { 0.0 };
    (
        reg.iter().map(|&v| z(v)).collect(),
        prod.iter().map(|&v| z(v)).collect(),
    )
}

fn reflections(mm: &[Vec<f64>], kc: &[f64], kp: &[f64], steps: usize) -> (Vec<f64>, Vec<f64>) {
    let center = |v: &mut Vec<f64>| {
        let (mean, sd) = mean_sd(v);
        v.iter_mut()
            .for_each(|x| *x = if sd > 0.0 { (*x - mean) / sd } else { 0.0 });
    };
    let mut c = kc.to_vec();
    let mut p = kp.to_vec();
    center(&mut c);
    center(&mut p);
    for _ in 0..steps {
        let c_next = to_regions(mm, kc, &p);
        let p_next = to_sectors(mm, kp, &c);
        c = c_next;
        p = p_next;
        center(&mut c);
        center(&mut p);
    }
    // PCI from the step after: k_p,N+1 from k_c,N.
    let mut p = to_sectors(mm, kp, &c);
    center(&mut p);
    (c, p)
}

fn mean_sd(v: &[f64]) -> (f64, f64) {
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    let var = v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n;
    (mean, var.sqrt())
}

fn correlation(a: &[f64], b: &[f64]) -> f64 {
    let (ma, sa) = mean_sd(a);
    let (mb, sb) = mean_sd(b);
    if sa == 0.0 || sb == 0.0 {
        return 0.0;
    }
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - ma) * (y - mb))
        .sum::<f64>()
        / (a.len() as f64 * sa * sb)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested() -> DenseMatrix {
        DenseMatrix::from_rows(&[
            [1.0, 1.0, 1.0, 1.0, 0.0],
            [1.0, 1.0, 1.0, 0.0, 0.0],
            [1.0, 1.0, 0.0, 0.0, 0.0],
            [1.0, 0.0, 0.0, 0.0, 0.0],
            [1.0, 1.0, 0.0, 0.0, 0.0],
        ])
        .unwrap()
    }

    #[test]
    fn both_sides_of_the_eigenproblem_agree() {
        // 5 regions x 5 sectors with one empty sector: 5 x 4 after dropping, so
        // the sector side is used; the transpose problem uses the region side.
        let m = nested();
        let c = complexity(&m, ComplexityMethod::Eigenvector).unwrap();
        assert_eq!(c.pci[4], None);
        let mm: Vec<Vec<f64>> = (0..5).map(|i| m.row(i)[..4].to_vec()).collect();
        let (kc, kp) = (vec![4.0, 3.0, 2.0, 1.0, 2.0], vec![5.0, 4.0, 2.0, 1.0]);
        let (e1, p1) = eigenvector_side(&mm, &kc, &kp, true);
        let (e2, p2) = eigenvector_side(&mm, &kc, &kp, false);
        for (a, b) in e1.iter().zip(&e2).chain(p1.iter().zip(&p2)) {
            assert!((a - b).abs() < 1e-9, "{a} {b}");
        }
        let eci: Vec<f64> = c.eci.iter().map(|v| v.unwrap()).collect();
        assert!(eci[0] > eci[1] && eci[1] > eci[2] && eci[2] > eci[3]);
        assert!((eci[2] - eci[4]).abs() < 1e-9); // identical rows
        let mean: f64 = eci.iter().sum::<f64>() / 5.0;
        assert!(mean.abs() < 1e-9);
    }

    #[test]
    fn reflections_tend_to_the_eigenvector() {
        let m = nested();
        let e = complexity(&m, ComplexityMethod::Eigenvector).unwrap();
        let r = complexity(&m, ComplexityMethod::Reflections { steps: 40 }).unwrap();
        for (a, b) in e.eci.iter().zip(&r.eci) {
            assert!((a.unwrap() - b.unwrap()).abs() < 1e-6, "{a:?} {b:?}");
        }
        let pe: Vec<f64> = e.pci.iter().flatten().copied().collect();
        let pr: Vec<f64> = r.pci.iter().flatten().copied().collect();
        assert!(correlation(&pe, &pr) > 0.999);
        assert!(pr[3] > pr[2] && pr[2] > pr[1] && pr[1] > pr[0]);
        assert!(complexity(&m, ComplexityMethod::Reflections { steps: 3 }).is_err());
    }

    #[test]
    fn too_small_is_an_error() {
        assert!(complexity(&DenseMatrix::zeros(3, 3), ComplexityMethod::Eigenvector).is_err());
    }
}
