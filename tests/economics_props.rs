//! Property tests: invariants of the specialisation and relatedness measures on
//! random non-negative matrices (with empty rows and columns), and the same
//! results at 1 and 4 threads.

use coopnet::economics::{
    DenseMatrix, Normalisation, ProximityDiagonal, co_occurrence, entropy, herfindahl, krugman,
    location_quotients, proximity, relatedness, relatedness_density,
};
use proptest::prelude::*;

/// Random matrices up to 12 x 12 whose values are often zero, so that empty
/// rows and columns appear.
fn matrices() -> impl Strategy<Value = DenseMatrix> {
    (1usize..12, 1usize..12).prop_flat_map(|(r, c)| {
        prop::collection::vec(
            prop_oneof![3 => Just(0.0), 2 => 0.0f64..1000.0, 1 => 0.0f64..1e-6],
            r * c,
        )
        .prop_map(move |v| DenseMatrix::from_vec(r, c, v).unwrap())
    })
}

fn binary(lq: &DenseMatrix) -> DenseMatrix {
    lq.map(|v| if v >= 1.0 { 1.0 } else { 0.0 })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// sum_r x_r. LQ_rs = x.. for every sector with x_.s > 0, and
    /// sum_s (x_.s / x..) LQ_rs = 1 for every region with x_r. > 0.
    #[test]
    fn lq_weighted_means(x in matrices()) {
        let lq = location_quotients(&x);
        let (row, col) = (x.row_sums(), x.col_sums());
        let total: f64 = row.iter().sum();
        for (s, &cs) in col.iter().enumerate() {
            if cs > 0.0 {
                let m: f64 = (0..x.rows()).map(|r| row[r] * lq.get(r, s)).sum();
                prop_assert!((m - total).abs() <= 1e-9 * total.max(1.0), "sector {s}: {m} vs {total}");
            } else {
                prop_assert!((0..x.rows()).all(|r| lq.get(r, s) == 0.0));
            }
        }
        for (r, &rs) in row.iter().enumerate() {
            if rs > 0.0 {
                let m: f64 = (0..x.cols()).map(|s| col[s] / total * lq.get(r, s)).sum();
                prop_assert!((m - 1.0).abs() < 1e-9, "region {r}: {m}");
                // a weighted mean of 1 means some LQ >= 1 (up to rounding)
                prop_assert!(lq.row(r).iter().any(|&v| v >= 1.0 - 1e-9));
            }
        }
    }

    /// Every measure is finite on any non-negative matrix, and within its range.
    #[test]
    fn no_nan_anywhere(x in matrices()) {
        let lq = location_quotients(&x);
        prop_assert!(lq.all_finite());
        let n = x.cols() as f64;
        for (r, h) in herfindahl(&x).into_iter().enumerate() {
            prop_assert!(h.is_finite() && (0.0..=1.0 + 1e-12).contains(&h));
            if x.row_sums()[r] > 0.0 { prop_assert!(h >= 1.0 / n - 1e-12); }
        }
        for k in krugman(&x) { prop_assert!(k.is_finite() && (-1e-12..=2.0 + 1e-12).contains(&k)); }
        for e in entropy(&x) { prop_assert!(e.is_finite() && (-1e-12..=n.log2() + 1e-9).contains(&e)); }
        let m = binary(&lq);
        let c = co_occurrence(&m);
        prop_assert!(c.all_finite());
        for method in Normalisation::ALL {
            let r = relatedness(&c, method).unwrap();
            prop_assert!(r.all_finite());
            for i in 0..r.rows() {
                prop_assert_eq!(r.get(i, i), 0.0);
                for j in 0..r.cols() {
                    prop_assert!(r.get(i, j) >= 0.0);
                    prop_assert!((r.get(i, j) - r.get(j, i)).abs() <= 1e-12 * r.get(i, j).max(1.0));
                }
            }
            let rd = relatedness_density(&m, &r).unwrap();
            prop_assert!(rd.all_finite());
            prop_assert!(rd.as_slice().iter().all(|&v| (0.0..=100.0 + 1e-9).contains(&v)));
        }
        for diagonal in [ProximityDiagonal::Zero, ProximityDiagonal::One] {
            let phi = proximity(&m, diagonal);
            prop_assert!(phi.as_slice().iter().all(|&v| (0.0..=1.0).contains(&v)));
            let rd = relatedness_density(&m, &phi).unwrap();
            prop_assert!(rd.as_slice().iter().all(|&v| v.is_finite() && (0.0..=100.0 + 1e-9).contains(&v)));
        }
    }

    /// Co-occurrence is symmetric, integral for binary M, with a zero diagonal,
    /// and C_st <= min(k_s, k_t).
    #[test]
    fn co_occurrence_counts(x in matrices()) {
        let m = binary(&location_quotients(&x));
        let c = co_occurrence(&m);
        let k = m.col_sums();
        for s in 0..c.rows() {
            prop_assert_eq!(c.get(s, s), 0.0);
            for t in 0..c.cols() {
                prop_assert_eq!(c.get(s, t), c.get(t, s));
                prop_assert_eq!(c.get(s, t).fract(), 0.0);
                if s != t { prop_assert!(c.get(s, t) <= k[s].min(k[t])); }
            }
        }
    }
}

fn all_measures(x: &DenseMatrix) -> Vec<DenseMatrix> {
    let lq = location_quotients(x);
    let m = binary(&lq);
    let c = co_occurrence(&m);
    let mut out = vec![lq, c.clone()];
    for method in Normalisation::ALL {
        let r = relatedness(&c, method).unwrap();
        out.push(relatedness_density(&m, &r).unwrap());
        out.push(r);
    }
    out.push(proximity(&m, ProximityDiagonal::Zero));
    out.push(DenseMatrix::from_vec(1, x.rows(), entropy(x)).unwrap());
    out
}

#[test]
fn same_results_at_one_and_four_threads() {
    // 300 x 200 with a fixed pseudo-random pattern (no generator needed).
    let (r, c) = (300, 200);
    let v: Vec<f64> = (0..r * c)
        .map(|i| {
            let h = (i as u64)
                .wrapping_mul(0x9E37_79B9_7F4A_7C15)
                .rotate_left(17);
            if h % 3 == 0 {
                0.0
            } else {
                (h % 1000) as f64 / 7.0
            }
        })
        .collect();
    let x = DenseMatrix::from_vec(r, c, v).unwrap();
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| all_measures(&x))
    };
    let one = run(1);
    let four = run(4);
    for (a, b) in one.iter().zip(&four) {
        // bit-identical, not merely close
        assert!(
            a.as_slice()
                .iter()
                .zip(b.as_slice())
                .all(|(p, q)| p.to_bits() == q.to_bits())
        );
    }
}
