//! Comparing two partitions of the same nodes: normalised mutual information and the
//! adjusted Rand index.
//!
//! - NMI with arithmetic normalisation, `I(A; B) / ((H(A) + H(B)) / 2)` (Danon et al. 2005;
//!   the default of scikit-learn's `normalized_mutual_info_score`); 1 for identical
//!   partitions, 0 for independent ones. When both partitions have a single community
//!   the result is 1.
//! - Adjusted Rand index (Hubert and Arabie 1985): the Rand index corrected for chance;
//!   1 for identical partitions, about 0 for random ones, possibly negative.
//!
//! ```
//! use coopnet::community::{adjusted_rand_index, nmi};
//! let a = [0, 0, 1, 1, 2, 2];
//! let b = [5, 5, 9, 9, 7, 7]; // the same partition, other names
//! assert!((nmi(&a, &b).unwrap() - 1.0).abs() < 1e-12);
//! assert!((adjusted_rand_index(&a, &b).unwrap() - 1.0).abs() < 1e-12);
//! ```

use crate::{Error, Result};

/// The contingency table as sorted (a, b, count) cells, plus the marginals.
struct Table {
    cells: Vec<u64>,
    rows: Vec<u64>,
    cols: Vec<u64>,
    n: u64,
}

fn table(a: &[u32], b: &[u32]) -> Result<Table> {
    if a.len() != b.len() {
        return Err(Error::parameter(
            "partitions",
            format!(
                "cover different numbers of nodes ({} and {})",
                a.len(),
                b.len()
            ),
        ));
    }
    let (a, ka) = super::partition::canonical(a);
    let (b, kb) = super::partition::canonical(b);
    let mut pairs: Vec<u64> = a
        .iter()
        .zip(&b)
        .map(|(&x, &y)| ((x as u64) << 32) | y as u64)
        .collect();
    pairs.sort_unstable();
    let mut cells = Vec::new();
    let mut i = 0;
    while i < pairs.len() {
        let mut j = i;
        while j < pairs.len() && pairs[j] == pairs[i] {
            j += 1;
        }
        cells.push((j - i) as u64);
        i = j;
    }
    let mut rows = vec![0u64; ka];
    let mut cols = vec![0u64; kb];
    for (&x, &y) in a.iter().zip(&b) {
        rows[x as usize] += 1;
        cols[y as usize] += 1;
    }
    Ok(Table {
        cells,
        rows,
        cols,
        n: a.len() as u64,
    })
}

fn entropy(counts: &[u64], n: f64) -> f64 {
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| c as f64 / n)
        .map(|p| -p * p.ln())
        .sum()
}

/// Normalised mutual information between two partitions (module docs).
///
/// # Errors
///
/// [`Error::Parameter`] if the partitions have different lengths.
pub fn nmi(a: &[u32], b: &[u32]) -> Result<f64> {
    let t = table(a, b)?;
    if t.n == 0 {
        return Ok(1.0);
    }
    let n = t.n as f64;
    let ha = entropy(&t.rows, n);
    let hb = entropy(&t.cols, n);
    if ha == 0.0 && hb == 0.0 {
        return Ok(1.0);
    }
    // I = H(A) + H(B) - H(A, B)
    let hab = entropy(&t.cells, n);
    let mi = (ha + hb - hab).max(0.0);
    Ok((mi / ((ha + hb) / 2.0)).clamp(0.0, 1.0))
}

/// Adjusted Rand index between two partitions (module docs).
///
/// # Errors
///
/// [`Error::Parameter`] if the partitions have different lengths.
pub fn adjusted_rand_index(a: &[u32], b: &[u32]) -> Result<f64> {
    let t = table(a, b)?;
    let pairs = |x: u64| (x as f64) * (x as f64 - 1.0) / 2.0;
    let index: f64 = t.cells.iter().map(|&c| pairs(c)).sum();
    let sa: f64 = t.rows.iter().map(|&c| pairs(c)).sum();
    let sb: f64 = t.cols.iter().map(|&c| pairs(c)).sum();
    let total = pairs(t.n);
    if total == 0.0 {
        return Ok(1.0);
    }
    let expected = sa * sb / total;
    let max = (sa + sb) / 2.0;
    if max == expected {
        // Both partitions trivial in the same way (all singletons or all in one).
        return Ok(1.0);
    }
    Ok((index - expected) / (max - expected))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        // sklearn: adjusted_rand_score([0,0,1,1],[0,0,1,2]) = 0.5714285714285715
        let ari = adjusted_rand_index(&[0, 0, 1, 1], &[0, 0, 1, 2]).unwrap();
        assert!((ari - 0.5714285714285715).abs() < 1e-12, "{ari}");
        // sklearn: normalized_mutual_info_score([0,0,1,1],[0,0,1,2]) = 0.8
        let v = nmi(&[0, 0, 1, 1], &[0, 0, 1, 2]).unwrap();
        assert!((v - 0.8).abs() < 1e-12, "{v}");
        assert!(nmi(&[0, 1], &[0]).is_err());
        assert_eq!(nmi(&[0, 0, 0], &[1, 1, 1]).unwrap(), 1.0);
    }
}
