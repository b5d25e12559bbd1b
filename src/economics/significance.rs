//! Size and significance of a specialisation: a location quotient counts
//! only when the specialisation is large enough to matter and unlikely to be
//! chance.
//!
//! A region with five employees in a sector the nation barely has gets a
//! location quotient in the hundreds; such a cell is noise, not a cluster.
//! [`significance`] keeps a cell `(r, s)` when all of these hold:
//!
//! 1. **size**: its value `x_rs` (employees, organisations, ... as the matrix
//!    counts) is at least [`SignificanceConfig::min_size`];
//! 2. **share of the national sector**: `x_rs / x_.s` is at least
//!    [`SignificanceConfig::min_share`];
//! 3. **significance**: the one-sided exact binomial test of "more units of
//!    sector `s` in region `r` than its national share predicts" rejects at a
//!    false discovery rate of [`SignificanceConfig::fdr`], with the
//!    Benjamini-Hochberg step-up procedure over every cell tested;
//! 4. the location quotient reaches the specialisation threshold (1 by
//!    default), as before.
//!
//! # The test
//!
//! With `n_rs` the cell's count of *test units*, `n_r.` the region's total,
//! `n_.s` the sector's national total and `n..` the grand total, the null
//! hypothesis is that the region's units fall into sector `s` with the
//! national probability `p_s = n_.s / n..`, so `n_rs ~ Binomial(n_r., p_s)`;
//! the alternative is over-representation (the location quotient of the
//! counts above 1). The p-value is the upper tail
//!
//! `P(X >= n_rs) = sum_{k >= n_rs} C(n_r., k) p_s^k (1 - p_s)^(n_r. - k) = I_{p_s}(n_rs, n_r. - n_rs + 1)`
//!
//! the regularised incomplete beta function (Abramowitz and Stegun 1964,
//! *Handbook of Mathematical Functions*, 26.5.24), evaluated by `statrs`
//! (continued fraction of Numerical Recipes §6.4): the same value as
//! `scipy.stats.binomtest(n_rs, n_r., p_s, alternative="greater")`, exact in
//! the tail where a sum of terms would lose every digit to `1 - ...`. The
//! identity also gives a continuous p-value when the counts are not whole
//! numbers (a long table of values). A cell with `n_rs = 0` has p-value 1.
//!
//! This is the exact form of the binomial model behind the location-quotient
//! confidence intervals of Moineddin, Beyene and Boyle (2003, *On the
//! location quotient confidence interval*, Geographical Analysis 35(3),
//! 249-256). O'Donoghue and Gleave's (2004, *A note on methods for measuring
//! industrial agglomeration*, Regional Studies 38(4), 419-427) standardised
//! LQ was not chosen: it standardises each sector's LQ by the spread of its
//! LQs across regions and assumes that spread normal, which regional LQs,
//! with their many zeros and their long right tail, are not; and it gives no
//! error rate to control.
//!
//! # Which units are tested
//!
//! Employees are not independent draws: they come in firms, and one plant of
//! 2,000 people moves 2,000 "draws" at once. A binomial test on employee
//! counts is therefore wildly over-confident (any sector of a few hundred
//! employees would look significant). The test runs on **organisation
//! counts** where the dataset has them, whatever the matrix measures: the
//! organisation is the unit that chooses where to locate (the point of
//! Ellison and Glaeser 1997, whose plant-level Herfindahl corrects the
//! employment-based index for exactly this lumpiness). A region whose
//! employment LQ rests on a single firm is then not significant, however
//! large the firm, which is the intended reading: one firm is not an
//! agglomeration. Organisations themselves are not independent either (they
//! co-locate, which is what a cluster is); the test asks only whether the
//! cell is more than chance placement, and the false-discovery control makes
//! it conservative across the thousands of cells. For a long table of plain
//! values there is nothing else to test, so its values are the units, and
//! the command that reads it says so.
//!
//! # The family of tests
//!
//! Every cell whose test is defined (`n_r. > 0` and `n_.s > 0`) is tested and
//! enters the Benjamini-Hochberg procedure, not only those with LQ above 1:
//! choosing the hypotheses after looking at the LQs would understate the
//! false discovery rate. The q-value of the cell of rank `i` among `m`
//! p-values sorted ascending is `q_(i) = min_{j >= i} min(1, m p_(j) / j)`
//! (Benjamini and Hochberg 1995, *Controlling the false discovery rate: a
//! practical and powerful approach to multiple testing*, JRSS B 57(1),
//! 289-300; the step-up rule "reject `H_(1..k)` for the largest `k` with
//! `p_(k) <= k q / m`" rejects exactly the cells with `q <= fdr`; the
//! adjusted form is that of R's `p.adjust(method = "BH")`). The procedure
//! controls the FDR for independent and positively dependent tests (Benjamini
//! and Yekutieli 2001); the cells of one region are slightly negatively
//! dependent (a region's units are shared among its sectors), a departure the
//! literature finds harmless for BH in practice.
//!
//! # Example
//!
//! ```
//! use coopnet::economics::significance::{binomial_upper_tail, benjamini_hochberg};
//! // scipy.stats.binomtest(3, 15, 0.1, alternative="greater").pvalue = 0.18406106910639114
//! assert!((binomial_upper_tail(3.0, 15.0, 0.1) - 0.18406106910639114).abs() < 1e-12);
//! // m = 4 p-values: sorted, 4 p_(i) / i = 0.02, 0.02, 0.04, 0.04
//! let q = benjamini_hochberg(&[0.01, 0.04, 0.03, 0.005]);
//! for (got, want) in q.iter().zip([0.02, 0.04, 0.04, 0.02]) {
//!     assert!((got - want).abs() < 1e-15);
//! }
//! ```

use serde::Serialize;
use statrs::function::beta::checked_beta_reg;

use super::from_dataset::{Measure, matrix_from_dataset};
use super::matrix::{DenseMatrix, RegionSectorMatrix};
use crate::error::{Error, Result};
use crate::model::{Dataset, SectorLevel};

/// Default false discovery rate: 0.05, the level of Benjamini and Hochberg's
/// (1995) own examples and the conventional 5 % of a single test, now
/// spent on the expected share of false specialisations among those kept.
pub const DEFAULT_FDR: f64 = 0.05;

/// Default minimum share of the national sector: 1 %. An even spread of a
/// sector over 100 regions gives each 1 % (over Russia's 85 regions, 1.2 %):
/// a region holding less than that holds less than an average region's part
/// of the nation's sector, too little to be a pillar of a national cluster,
/// however high its LQ.
pub const DEFAULT_MIN_SHARE: f64 = 0.01;

/// Default minimum size when the matrix counts employees: 50. The European
/// Commission's definition of enterprise size (Recommendation 2003/361/EC,
/// Annex Art. 2) puts a small enterprise below 50 employees: a
/// specialisation that employs fewer people than one medium-sized firm is too
/// small to anchor a cluster.
pub const DEFAULT_MIN_EMPLOYEES: f64 = 50.0;

/// Default minimum size when the matrix counts organisations: 3, the fewest
/// that make the "group of interconnected companies" of a cluster rather
/// than a firm and its one partner (Porter 1998, *Clusters and the new
/// economics of competition*, HBR 76(6)).
pub const DEFAULT_MIN_ORGANISATIONS: f64 = 3.0;

/// Default minimum size when the matrix counts clusters: 1 (one cluster is
/// already a specialisation of the region's cluster policy).
pub const DEFAULT_MIN_CLUSTERS: f64 = 1.0;

/// Parameters of [`significance`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SignificanceConfig {
    /// Smallest value `x_rs` of a kept cell, in the matrix's unit (see
    /// [`DEFAULT_MIN_EMPLOYEES`], [`DEFAULT_MIN_ORGANISATIONS`],
    /// [`DEFAULT_MIN_CLUSTERS`]; 0 for a table of unknown unit).
    pub min_size: f64,
    /// Smallest share `x_rs / x_.s` of the national sector ([`DEFAULT_MIN_SHARE`]).
    pub min_share: f64,
    /// False discovery rate of the Benjamini-Hochberg procedure ([`DEFAULT_FDR`]);
    /// 1 keeps every cell whatever its test.
    pub fdr: f64,
}

impl Default for SignificanceConfig {
    /// The defaults for a matrix of employees.
    fn default() -> Self {
        SignificanceConfig {
            min_size: DEFAULT_MIN_EMPLOYEES,
            min_share: DEFAULT_MIN_SHARE,
            fdr: DEFAULT_FDR,
        }
    }
}

impl SignificanceConfig {
    /// Checks the parameters.
    ///
    /// # Errors
    ///
    /// [`Error::Parameter`] for a negative or non-finite size, a share
    /// outside `[0, 1]`, or a false discovery rate outside `(0, 1]`.
    pub fn validate(&self) -> Result<()> {
        if !(self.min_size.is_finite() && self.min_size >= 0.0) {
            return Err(Error::parameter(
                "min-size",
                format!("{} is not a finite number >= 0", self.min_size),
            ));
        }
        if !(0.0..=1.0).contains(&self.min_share) {
            return Err(Error::parameter(
                "min-share",
                format!(
                    "{} is not a share between 0 and 1 (0.01 is 1 %)",
                    self.min_share
                ),
            ));
        }
        if !(self.fdr > 0.0 && self.fdr <= 1.0) {
            return Err(Error::parameter(
                "fdr",
                format!(
                    "{} is not a rate in (0, 1]; the usual value is 0.05",
                    self.fdr
                ),
            ));
        }
        Ok(())
    }
}

/// The parameters as a user gives them: the minimum size may be left to the
/// default of the unit the matrix turns out to count.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SignificanceOptions {
    /// Smallest value kept; `None`: [`default_min_size`] of the matrix's unit.
    pub min_size: Option<f64>,
    /// Smallest share of the national sector ([`DEFAULT_MIN_SHARE`]).
    pub min_share: f64,
    /// False discovery rate ([`DEFAULT_FDR`]).
    pub fdr: f64,
}

impl Default for SignificanceOptions {
    fn default() -> Self {
        SignificanceOptions {
            min_size: None,
            min_share: DEFAULT_MIN_SHARE,
            fdr: DEFAULT_FDR,
        }
    }
}

impl SignificanceOptions {
    /// The parameters for a matrix that counts `unit` (`employees`, ...).
    pub fn config(&self, unit: &str) -> SignificanceConfig {
        SignificanceConfig {
            min_size: self.min_size.unwrap_or_else(|| default_min_size(unit)),
            min_share: self.min_share,
            fdr: self.fdr,
        }
    }
}

/// The default minimum size for a matrix that counts `unit`
/// (`employees`, `organisations`, `clusters`; 0 for anything else).
pub fn default_min_size(unit: &str) -> f64 {
    match unit {
        "employees" => DEFAULT_MIN_EMPLOYEES,
        "organisations" => DEFAULT_MIN_ORGANISATIONS,
        "clusters" => DEFAULT_MIN_CLUSTERS,
        _ => 0.0,
    }
}

/// Why a cell is kept or not, first failing condition first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Large enough, a large enough share, significant and specialised.
    Passes,
    /// Its value is below the minimum size.
    TooSmall,
    /// Its share of the national sector is below the minimum.
    SmallShare,
    /// Its q-value is above the false discovery rate.
    NotSignificant,
    /// Its location quotient is below the specialisation threshold.
    NotSpecialised,
}

impl Verdict {
    /// The verdict in the outputs: `passes`, `too-small`, ...
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Passes => "passes",
            Verdict::TooSmall => "too-small",
            Verdict::SmallShare => "small-share",
            Verdict::NotSignificant => "not-significant",
            Verdict::NotSpecialised => "not-specialised",
        }
    }
}

/// The size and significance of every cell of a matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct Significance {
    /// The test units of each cell `n_rs` (organisations, or the values).
    pub count: DenseMatrix,
    /// Units expected under the null, `n_r. n_.s / n..`.
    pub expected: DenseMatrix,
    /// Share of the national sector `x_rs / x_.s` (of the matrix's values).
    pub share: DenseMatrix,
    /// One-sided binomial p-value of over-representation (1 where untested).
    pub p_value: DenseMatrix,
    /// Benjamini-Hochberg q-value (1 where untested).
    pub q_value: DenseMatrix,
    /// The verdict of each cell, row-major.
    pub verdict: Vec<Verdict>,
    /// Cells tested (the `m` of the procedure).
    pub tested: usize,
    /// The parameters used.
    pub config: SignificanceConfig,
    /// What the test counted: `organisations`, or the matrix's own unit.
    pub units: String,
}

impl Significance {
    /// Whether the cell of region row `r` and sector column `s` passes.
    pub fn passes(&self, r: usize, s: usize) -> bool {
        self.verdict[r * self.p_value.cols() + s] == Verdict::Passes
    }

    /// The verdict of a cell.
    pub fn verdict(&self, r: usize, s: usize) -> Verdict {
        self.verdict[r * self.p_value.cols() + s]
    }

    /// How many cells pass.
    pub fn passing(&self) -> usize {
        self.verdict
            .iter()
            .filter(|v| **v == Verdict::Passes)
            .count()
    }
}

/// `P(X >= k)` for `X ~ Binomial(n, p)`, as
/// `I_p(k, n - k + 1)` (Abramowitz and Stegun 26.5.24): 1 for `k <= 0`, 0 for
/// `k > n`. Non-integer `k` and `n` give the continuous extension.
pub fn binomial_upper_tail(k: f64, n: f64, p: f64) -> f64 {
    if k <= 0.0 || p >= 1.0 {
        return 1.0;
    }
    if k > n || p <= 0.0 {
        return 0.0;
    }
    checked_beta_reg(k, n - k + 1.0, p).map_or(1.0, |v| v.clamp(0.0, 1.0))
}

/// Benjamini-Hochberg adjusted p-values ("q-values"), in the order given:
/// `q_(i) = min_{j >= i} min(1, m p_(j) / j)` for the p-values sorted
/// ascending (ties keep their order; the result does not depend on it).
pub fn benjamini_hochberg(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]).then(a.cmp(&b)));
    let mut q = vec![1.0; m];
    let mut running = 1.0_f64;
    for (rank, &i) in order.iter().enumerate().rev() {
        let adjusted = (m as f64 * p[i] / (rank + 1) as f64).min(1.0);
        running = running.min(adjusted);
        q[i] = running;
    }
    q
}

/// Size, share and significance of every cell of `values`, testing the
/// units in `counts` (the same regions and sectors, in the same order:
/// organisation counts, or `values` itself); `lq` and `threshold` decide
/// the last condition. `units` names what `counts` counts, for the outputs.
///
/// # Errors
///
/// [`Error::Parameter`] for invalid parameters or matrices of different shapes.
///
/// # Complexity
///
/// `O(R S log(R S))` for the sort of the procedure.
pub fn significance(
    values: &DenseMatrix,
    counts: &DenseMatrix,
    lq: &DenseMatrix,
    threshold: f64,
    config: &SignificanceConfig,
    units: &str,
) -> Result<Significance> {
    config.validate()?;
    let (nr, ns) = (values.rows(), values.cols());
    for (what, m) in [("counts", counts), ("location quotients", lq)] {
        if m.rows() != nr || m.cols() != ns {
            return Err(Error::parameter(
                "significance",
                format!(
                    "{what} are {} x {}, the values {nr} x {ns}",
                    m.rows(),
                    m.cols()
                ),
            ));
        }
    }
    let (n_r, n_s) = (counts.row_sums(), counts.col_sums());
    let n: f64 = n_r.iter().sum();
    let x_s = values.col_sums();
    let mut expected = DenseMatrix::zeros(nr, ns);
    let mut share = DenseMatrix::zeros(nr, ns);
    let mut p_value = DenseMatrix::from_vec(nr, ns, vec![1.0; nr * ns])?;
    let mut tested_cells = Vec::new();
    let mut tested_p = Vec::new();
    for (r, &nr_r) in n_r.iter().enumerate() {
        for s in 0..ns {
            if x_s[s] > 0.0 {
                share.set(r, s, values.get(r, s) / x_s[s]);
            }
            if nr_r > 0.0 && n_s[s] > 0.0 && n > 0.0 {
                let p_s = n_s[s] / n;
                expected.set(r, s, nr_r * p_s);
                let p = binomial_upper_tail(counts.get(r, s), nr_r, p_s);
                p_value.set(r, s, p);
                tested_cells.push(r * ns + s);
                tested_p.push(p);
            }
        }
    }
    let q = benjamini_hochberg(&tested_p);
    let mut q_value = DenseMatrix::from_vec(nr, ns, vec![1.0; nr * ns])?;
    for (&cell, &qv) in tested_cells.iter().zip(&q) {
        q_value.set(cell / ns, cell % ns, qv);
    }
    let verdict = (0..nr * ns)
        .map(|cell| {
            let (r, s) = (cell / ns, cell % ns);
            if values.get(r, s) < config.min_size || values.get(r, s) <= 0.0 {
                Verdict::TooSmall
            } else if share.get(r, s) < config.min_share {
                Verdict::SmallShare
            } else if q_value.get(r, s) > config.fdr {
                Verdict::NotSignificant
            } else if lq.get(r, s) < threshold {
                Verdict::NotSpecialised
            } else {
                Verdict::Passes
            }
        })
        .collect();
    Ok(Significance {
        count: counts.clone(),
        expected,
        share,
        p_value,
        q_value,
        verdict,
        tested: tested_cells.len(),
        config: *config,
        units: units.to_string(),
    })
}

/// The values of `counts` (another matrix of the same regions) laid out on
/// the sectors of `like`: a sector `like` lacks is left out, one `counts`
/// lacks is zero. Used to test a matrix of employees on the organisation
/// counts of the same dataset.
///
/// # Errors
///
/// [`Error::Parameter`] when the two matrices have different regions.
pub fn align_counts(like: &RegionSectorMatrix, counts: &RegionSectorMatrix) -> Result<DenseMatrix> {
    if like.regions() != counts.regions() {
        return Err(Error::parameter(
            "significance",
            "the organisation counts have other regions than the matrix",
        ));
    }
    let mut out = DenseMatrix::zeros(like.n_regions(), like.n_sectors());
    for (s, sector) in like.sectors().iter().enumerate() {
        if let Some(t) = counts.sector_index(sector) {
            for r in 0..like.n_regions() {
                out.set(r, s, counts.get(r, t));
            }
        }
    }
    Ok(out)
}

/// The test units of a dataset's matrix `m` (built by `measure` at
/// `level`): its organisation counts for a matrix of employees or of
/// organisations, its cluster counts for a matrix of clusters, a panel's own
/// values for a matrix of panel values. Returns the
/// counts, laid out as `m`, and their name.
///
/// # Errors
///
/// As [`super::matrix_from_dataset`].
pub fn dataset_test_units(
    ds: &Dataset,
    m: &RegionSectorMatrix,
    measure: Measure,
    level: SectorLevel,
) -> Result<(DenseMatrix, &'static str)> {
    match measure {
        Measure::Employees => {
            let orgs = matrix_from_dataset(ds, Measure::Organisations, level)?;
            Ok((align_counts(m, &orgs.matrix)?, "organisations"))
        }
        Measure::Organisations => Ok((m.values().clone(), "organisations")),
        Measure::Clusters => Ok((m.values().clone(), "clusters")),
        // A panel of organisations by year (Rosstat's counts for
        // datasets/russia) is tested on its own counts.
        Measure::Panel => Ok((m.values().clone(), "panel values")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * b.abs().max(1e-300)
    }

    #[test]
    fn binomial_tail_matches_exact_sums() {
        // Exact sums of the binomial terms in rational arithmetic (Python's
        // fractions), and the scipy documentation's binomtest example.
        assert!(close(
            binomial_upper_tail(3.0, 15.0, 0.1),
            0.18406106910639114
        ));
        assert!(close(binomial_upper_tail(2.0, 4.0, 0.25), 0.26171875));
        assert!(close(
            binomial_upper_tail(30.0, 100.0, 0.1),
            2.445112239390966e-08
        ));
        assert!(close(
            binomial_upper_tail(1.0, 40.0, 4.0 / 7000.0),
            0.022604282773884717
        ));
        assert!(close(
            binomial_upper_tail(7.0, 20.0, 0.2),
            0.08669251356740026
        ));
        // P(X >= 0) = 1; more successes than trials is impossible; P(X >= n) = p^n
        assert_eq!(binomial_upper_tail(0.0, 10.0, 0.3), 1.0);
        assert_eq!(binomial_upper_tail(11.0, 10.0, 0.3), 0.0);
        assert!(close(binomial_upper_tail(10.0, 10.0, 0.5), 0.5f64.powi(10)));
    }

    #[test]
    fn benjamini_hochberg_by_hand() {
        // m = 4: sorted 0.005, 0.01, 0.03, 0.04 -> 4p/i = 0.02, 0.02, 0.04, 0.04
        let q = benjamini_hochberg(&[0.01, 0.04, 0.03, 0.005]);
        for (got, want) in q.iter().zip([0.02, 0.04, 0.04, 0.02]) {
            assert!(close(*got, want), "{q:?}");
        }
        // the running minimum from the top: 3 * 0.04 / 2 = 0.06 > 3 * 0.045 / 3 = 0.045
        let q = benjamini_hochberg(&[0.04, 0.045, 0.001]);
        assert!(close(q[0], 0.045) && close(q[1], 0.045) && close(q[2], 0.003));
        // capped at 1
        assert_eq!(benjamini_hochberg(&[0.9, 0.8]), vec![0.9, 0.9]);
        assert!(benjamini_hochberg(&[]).is_empty());
    }

    #[test]
    fn benjamini_hochberg_1995_example() {
        // The fifteen p-values of Benjamini and Hochberg (1995, section 4):
        // at q* = 0.05 the procedure rejects the four smallest.
        let p = [
            0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262,
            0.5719, 0.6528, 0.7590, 1.0000,
        ];
        let q = benjamini_hochberg(&p);
        let rejected: Vec<usize> = (0..15).filter(|&i| q[i] <= 0.05).collect();
        assert_eq!(rejected, [0, 1, 2, 3]);
    }

    /// A country of 3 regions and 3 sectors, employees and organisations.
    /// Region 0 ("Adygea") has one firm of 5 employees in the rare sector 2;
    /// region 2 ("Kostroma") has 100 of the nation's 110 firms of sector 1.
    fn country() -> (DenseMatrix, DenseMatrix) {
        let employees = DenseMatrix::from_rows(&[
            [1995.0, 0.0, 5.0],
            [500_000.0, 500.0, 15.0],
            [10_000.0, 8_000.0, 0.0],
        ])
        .unwrap();
        let organisations =
            DenseMatrix::from_rows(&[[39.0, 0.0, 1.0], [5000.0, 10.0, 3.0], [400.0, 100.0, 0.0]])
                .unwrap();
        (employees, organisations)
    }

    #[test]
    fn a_tiny_huge_lq_is_filtered_and_a_large_specialisation_kept() {
        let (emp, orgs) = country();
        let lq = crate::economics::location_quotients(&emp);
        assert!(lq.get(0, 2) > 60.0, "the tiny cell has a huge LQ");
        let s = significance(&emp, &orgs, &lq, 1.0, &SignificanceConfig::default(), "x").unwrap();
        assert_eq!(s.tested, 9);
        assert_eq!(s.verdict(0, 2), Verdict::TooSmall);
        assert!(s.passes(2, 1), "{:?}", s.verdict(2, 1));
        assert!(s.q_value.get(2, 1) < 1e-50);
        // without the size floor it is still not significant: one firm of 40
        let loose = SignificanceConfig {
            min_size: 0.0,
            min_share: 0.0,
            ..SignificanceConfig::default()
        };
        let s = significance(&emp, &orgs, &lq, 1.0, &loose, "x").unwrap();
        assert_eq!(s.verdict(0, 2), Verdict::NotSignificant);
        // its p-value is the upper tail of Binomial(40, 4/5553) at 1
        let p = binomial_upper_tail(1.0, 40.0, 4.0 / 5553.0);
        assert!(close(s.p_value.get(0, 2), p));
        // tested on employees, the same cell would look significant: why
        // the test runs on organisations
        let naive = significance(&emp, &emp, &lq, 1.0, &loose, "x").unwrap();
        assert!(naive.passes(0, 2));
        // what passes on organisations: the large specialisation, and the
        // big region's bulk sector (5,000 firms where 4,909 are expected, LQ 1.016)
        let passing: Vec<(usize, usize)> = (0..9)
            .map(|c| (c / 3, c % 3))
            .filter(|&(r, c)| s.passes(r, c))
            .collect();
        assert_eq!(passing, [(1, 0), (2, 1)]);
    }

    #[test]
    fn share_and_threshold_conditions() {
        let (emp, orgs) = country();
        let lq = crate::economics::location_quotients(&emp);
        let strict = SignificanceConfig {
            min_share: 0.95,
            ..SignificanceConfig::default()
        };
        let s = significance(&emp, &orgs, &lq, 1.0, &strict, "x").unwrap();
        // 8000 of 8500 is 94 %
        assert_eq!(s.verdict(2, 1), Verdict::SmallShare);
        let s = significance(
            &emp,
            &orgs,
            &lq,
            1000.0,
            &SignificanceConfig::default(),
            "x",
        )
        .unwrap();
        assert_eq!(s.verdict(2, 1), Verdict::NotSpecialised);
        assert!(
            SignificanceConfig {
                fdr: 0.0,
                ..Default::default()
            }
            .validate()
            .is_err()
        );
        assert!(
            SignificanceConfig {
                min_share: 2.0,
                ..Default::default()
            }
            .validate()
            .is_err()
        );
        assert!(
            significance(
                &emp,
                &DenseMatrix::zeros(2, 2),
                &lq,
                1.0,
                &Default::default(),
                "x"
            )
            .is_err()
        );
    }
}
