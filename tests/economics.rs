//! Known values, worked by hand, for every specialisation and relatedness
//! measure on a 4 x 4 matrix, and ECI ordering on a nested matrix.
//!
//! The matrix (regions R1..R4 in rows, sectors S1..S4 in columns):
//!
//! ```text
//!        S1  S2  S3  S4 | x_r.
//! R1     20  10  10   0 |  40
//! R2     10   0  10   0 |  20
//! R3      0  10   0  10 |  20
//! R4     10   0   0  10 |  20
//! x_.s   40  20  20  20 | 100
//! ```
//!
//! Sector shares of the economy: 0.4, 0.2, 0.2, 0.2. Location quotients:
//! R1 (0.5, 0.25, 0.25, 0) / shares = 1.25, 1.25, 1.25, 0; R2 1.25, 0, 2.5, 0;
//! R3 0, 2.5, 0, 2.5; R4 1.25, 0, 0, 2.5. So M (LQ >= 1):
//!
//! ```text
//! R1  1 1 1 0
//! R2  1 0 1 0
//! R3  0 1 0 1
//! R4  1 0 0 1      ubiquity k = 3 2 2 2
//! ```
//!
//! Co-occurrence C = MᵀM, zero diagonal: C12 = 1 (R1), C13 = 2 (R1, R2),
//! C14 = 1 (R4), C23 = 1 (R1), C24 = 1 (R3), C34 = 0; column sums
//! s = 4, 3, 3, 2; T = 12.

use coopnet::economics::{
    ComplexityMethod, DenseMatrix, Duplicates, Normalisation, ProximityDiagonal,
    RegionSectorMatrix, SpecialisationConfig, co_occurrence, complexity, proximity, relatedness,
    relatedness_density, specialisation,
};

const EPS: f64 = 1e-9;

fn example() -> RegionSectorMatrix {
    let rows = [
        [20.0, 10.0, 10.0, 0.0],
        [10.0, 0.0, 10.0, 0.0],
        [0.0, 10.0, 0.0, 10.0],
        [10.0, 0.0, 0.0, 10.0],
    ];
    let mut triples = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        for (s, &v) in row.iter().enumerate() {
            triples.push((format!("R{}", r + 1), format!("S{}", s + 1), v));
        }
    }
    RegionSectorMatrix::from_triples(triples, Duplicates::Reject).unwrap()
}

fn assert_matrix(actual: &DenseMatrix, expected: &[[f64; 4]; 4], what: &str) {
    for (i, row) in expected.iter().enumerate() {
        for (j, &e) in row.iter().enumerate() {
            let a = actual.get(i, j);
            assert!((a - e).abs() < 1e-6, "{what}[{i}][{j}] = {a}, expected {e}");
        }
    }
}

fn assert_vec(actual: &[f64], expected: &[f64], what: &str) {
    assert_eq!(actual.len(), expected.len(), "{what}");
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert!((a - e).abs() < EPS, "{what}[{i}] = {a}, expected {e}");
    }
}

fn m() -> DenseMatrix {
    specialisation(&example(), &SpecialisationConfig::default())
        .unwrap()
        .specialised
}

#[test]
fn location_quotients_and_binary_specialisation() {
    let s = specialisation(&example(), &SpecialisationConfig::default()).unwrap();
    assert_matrix(
        &s.lq,
        &[
            [1.25, 1.25, 1.25, 0.0],
            [1.25, 0.0, 2.5, 0.0],
            [0.0, 2.5, 0.0, 2.5],
            [1.25, 0.0, 0.0, 2.5],
        ],
        "LQ",
    );
    assert_matrix(
        &s.specialised,
        &[
            [1.0, 1.0, 1.0, 0.0],
            [1.0, 0.0, 1.0, 0.0],
            [0.0, 1.0, 0.0, 1.0],
            [1.0, 0.0, 0.0, 1.0],
        ],
        "M",
    );
    assert_vec(&s.diversity, &[3.0, 2.0, 2.0, 2.0], "diversity");
    assert_vec(&s.ubiquity, &[3.0, 2.0, 2.0, 2.0], "ubiquity");
    // A higher threshold keeps only LQ >= 2.5.
    let s2 = specialisation(&example(), &SpecialisationConfig { threshold: 2.0 }).unwrap();
    assert_vec(&s2.diversity, &[0.0, 1.0, 2.0, 1.0], "diversity at 2");
}

#[test]
fn herfindahl_krugman_entropy() {
    let s = specialisation(&example(), &SpecialisationConfig::default()).unwrap();
    // R1: (400 + 100 + 100) / 1600; the others (100 + 100) / 400.
    assert_vec(&s.herfindahl, &[0.375, 0.5, 0.5, 0.5], "H");
    // R1: .1 + .05 + .05 + .2; R2: .1 + .2 + .3 + .2; R3: .4 + .3 + .2 + .3; R4: .1 + .2 + .2 + .3
    assert_vec(&s.krugman, &[0.4, 0.8, 1.2, 0.8], "K");
    // R1: -(.5 log .5 + 2 * .25 log .25) = 0.5 + 1; the others two halves.
    assert_vec(&s.entropy, &[1.5, 1.0, 1.0, 1.0], "E");
}

#[test]
fn co_occurrence_by_hand() {
    let c = co_occurrence(&m());
    assert_matrix(
        &c,
        &[
            [0.0, 1.0, 2.0, 1.0],
            [1.0, 0.0, 1.0, 1.0],
            [2.0, 1.0, 0.0, 0.0],
            [1.0, 1.0, 0.0, 0.0],
        ],
        "C",
    );
}

#[test]
fn relatedness_association() {
    // C_ij T / (s_i s_j)
    let r = relatedness(&co_occurrence(&m()), Normalisation::Association).unwrap();
    let (a, b, c, d, e) = (12.0 / 12.0, 24.0 / 12.0, 12.0 / 8.0, 12.0 / 9.0, 12.0 / 6.0);
    assert_matrix(
        &r,
        &[
            [0.0, a, b, c],
            [a, 0.0, d, e],
            [b, d, 0.0, 0.0],
            [c, e, 0.0, 0.0],
        ],
        "association",
    );
}

#[test]
fn relatedness_cosine() {
    // C_ij / sqrt(s_i s_j)
    let r = relatedness(&co_occurrence(&m()), Normalisation::Cosine).unwrap();
    let (a, b, c, d, e) = (
        1.0 / 12f64.sqrt(),
        2.0 / 12f64.sqrt(),
        1.0 / 8f64.sqrt(),
        1.0 / 3.0,
        1.0 / 6f64.sqrt(),
    );
    assert_matrix(
        &r,
        &[
            [0.0, a, b, c],
            [a, 0.0, d, e],
            [b, d, 0.0, 0.0],
            [c, e, 0.0, 0.0],
        ],
        "cosine",
    );
}

#[test]
fn relatedness_jaccard() {
    // C_ij / (s_i + s_j - C_ij): 1/6, 2/5, 1/5, 1/5, 1/4
    let r = relatedness(&co_occurrence(&m()), Normalisation::Jaccard).unwrap();
    let (a, b, c, d, e) = (1.0 / 6.0, 0.4, 0.2, 0.2, 0.25);
    assert_matrix(
        &r,
        &[
            [0.0, a, b, c],
            [a, 0.0, d, e],
            [b, d, 0.0, 0.0],
            [c, e, 0.0, 0.0],
        ],
        "jaccard",
    );
}

#[test]
fn relatedness_prob() {
    // C_ij / (s_i s_j / 2 * (1/(T - s_i) + 1/(T - s_j))), T = 12:
    // (1,2): 6 * (1/8 + 1/9) = 17/12 -> 12/17; (1,3): 2 * 12/17; (1,4): 4 * (1/8 + 1/10) = 0.9 -> 1/0.9;
    // (2,3): 4.5 * 2/9 = 1 -> 1; (2,4): 3 * (1/9 + 1/10) = 19/30 -> 30/19.
    let r = relatedness(&co_occurrence(&m()), Normalisation::Prob).unwrap();
    let (a, b, c, d, e) = (12.0 / 17.0, 24.0 / 17.0, 1.0 / 0.9, 1.0, 30.0 / 19.0);
    assert_matrix(
        &r,
        &[
            [0.0, a, b, c],
            [a, 0.0, d, e],
            [b, d, 0.0, 0.0],
            [c, e, 0.0, 0.0],
        ],
        "prob",
    );
    assert_eq!(Normalisation::default(), Normalisation::Prob);
}

#[test]
fn proximity_both_diagonals() {
    // C_st / max(k_s, k_t), k = 3, 2, 2, 2
    let t = 1.0 / 3.0;
    let expected = [
        [0.0, t, 2.0 * t, t],
        [t, 0.0, 0.5, 0.5],
        [2.0 * t, 0.5, 0.0, 0.0],
        [t, 0.5, 0.0, 0.0],
    ];
    assert_matrix(&proximity(&m(), ProximityDiagonal::Zero), &expected, "phi");
    let mut one = expected;
    for (i, row) in one.iter_mut().enumerate() {
        row[i] = 1.0;
    }
    assert_matrix(
        &proximity(&m(), ProximityDiagonal::One),
        &one,
        "phi with diagonal 1",
    );
}

#[test]
fn relatedness_density_by_hand() {
    // RD_rs = 100 sum_t M_rt phi_ts / sum_t phi_ts; column sums of phi: 4/3, 4/3, 7/6, 5/6.
    let m = m();
    let rd = relatedness_density(&m, &proximity(&m, ProximityDiagonal::Zero)).unwrap();
    let s = 100.0 * (2.0 / 3.0) / (7.0 / 6.0); // 57.142857...
    let u = 100.0 * 0.5 / (7.0 / 6.0); // 42.857142...
    assert_matrix(
        &rd,
        &[
            [75.0, 62.5, 100.0, 100.0],
            [50.0, 62.5, s, 40.0],
            [50.0, 37.5, u, 60.0],
            [25.0, 62.5, s, 40.0],
        ],
        "RD",
    );
}

#[test]
fn eci_orders_a_nested_matrix() {
    let nested = DenseMatrix::from_rows(&[
        [1.0, 1.0, 1.0, 1.0],
        [1.0, 1.0, 1.0, 0.0],
        [1.0, 1.0, 0.0, 0.0],
        [1.0, 0.0, 0.0, 0.0],
    ])
    .unwrap();
    for method in [
        ComplexityMethod::Eigenvector,
        ComplexityMethod::Reflections { steps: 20 },
    ] {
        let c = complexity(&nested, method).unwrap();
        let eci: Vec<f64> = c.eci.iter().map(|v| v.unwrap()).collect();
        let pci: Vec<f64> = c.pci.iter().map(|v| v.unwrap()).collect();
        // more diverse regions are more complex; rarer sectors are more complex
        assert!(eci.windows(2).all(|w| w[0] > w[1]), "{method:?} {eci:?}");
        assert!(pci.windows(2).all(|w| w[0] < w[1]), "{method:?} {pci:?}");
        // ECI is standardised: mean 0, population standard deviation 1
        let mean = eci.iter().sum::<f64>() / 4.0;
        let sd = (eci.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / 4.0).sqrt();
        assert!(mean.abs() < 1e-9 && (sd - 1.0).abs() < 1e-9);
    }
}

#[test]
fn long_table_gives_the_same_matrix() {
    let mut csv = String::from("region;sector;value\n");
    let rows = [
        [20, 10, 10, 0],
        [10, 0, 10, 0],
        [0, 10, 0, 10],
        [10, 0, 0, 10],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (s, v) in row.iter().enumerate() {
            if *v > 0 {
                csv.push_str(&format!("R{};S{};{}\n", r + 1, s + 1, v));
            }
        }
    }
    let from_csv = coopnet::load::long_table::from_bytes(
        csv.as_bytes().to_vec(),
        "table.csv",
        Duplicates::Reject,
        &coopnet::load::LoadOptions::default(),
    )
    .unwrap();
    assert_eq!(from_csv, example());
}
