//! The statistics shared across coopnet: Pearson and Spearman correlation
//! (the descriptive report), average ranks and percentile ranks (the
//! innovation index of the suggestions). Nothing here knows about datasets.

/// Pearson's correlation coefficient of paired samples; `None` with fewer
/// than three pairs or when either sample is constant.
///
/// ```
/// use coopnet::stats::pearson;
/// let r = pearson(&[1.0, 2.0, 3.0, 4.0], &[2.0, 4.0, 6.0, 8.5]).unwrap();
/// assert!(r > 0.99);
/// ```
pub fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len();
    if n != y.len() || n < 3 {
        return None;
    }
    let mx = x.iter().sum::<f64>() / n as f64;
    let my = y.iter().sum::<f64>() / n as f64;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    if sxx == 0.0 || syy == 0.0 {
        return None;
    }
    Some(sxy / (sxx * syy).sqrt())
}

/// Ranks with ties given their average rank (1-based), as R's `rank()` does.
pub fn average_ranks(x: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut ranks = vec![0.0; x.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && x[order[j + 1]] == x[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            ranks[k] = rank;
        }
        i = j + 1;
    }
    ranks
}

/// Mid-rank percentiles in `[0, 1]`: `(rank - 1) / (n - 1)` with `rank` the
/// average rank of [`average_ranks`], so ties share their middle rank; 0.5
/// for a single value.
///
/// ```
/// use coopnet::stats::percentile_ranks;
/// assert_eq!(percentile_ranks(&[0.0, 5.0, 5.0, 10.0]), [0.0, 0.5, 0.5, 1.0]);
/// ```
pub fn percentile_ranks(x: &[f64]) -> Vec<f64> {
    let n = x.len();
    if n < 2 {
        return vec![0.5; n];
    }
    average_ranks(x)
        .into_iter()
        .map(|r| (r - 1.0) / (n as f64 - 1.0))
        .collect()
}

/// Spearman's rank correlation: Pearson's on average ranks (R's
/// `cor(x, y, method = "spearman")`).
///
/// ```
/// use coopnet::stats::spearman;
/// assert_eq!(spearman(&[1.0, 2.0, 3.0], &[10.0, 30.0, 20.0]), Some(0.5));
/// ```
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    pearson(&average_ranks(x), &average_ranks(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_get_average_ranks() {
        assert_eq!(
            average_ranks(&[3.0, 1.0, 3.0, 2.0]),
            vec![3.5, 1.0, 3.5, 2.0]
        );
    }

    #[test]
    fn spearman_with_ties_matches_r() {
        // ranks (1, 2.5, 2.5, 4, 5) and (1, 4, 2.5, 2.5, 5): r = 7.25 / 9.5, as R gives
        let r = spearman(&[1.0, 2.0, 2.0, 3.0, 4.0], &[1.0, 3.0, 2.0, 2.0, 5.0]).unwrap();
        assert!((r - 7.25 / 9.5).abs() < 1e-12, "{r}");
    }

    #[test]
    fn percentiles_share_ties() {
        assert_eq!(
            percentile_ranks(&[0.0, 5.0, 5.0, 10.0]),
            [0.0, 0.5, 0.5, 1.0]
        );
        assert_eq!(percentile_ranks(&[3.0]), [0.5]);
        assert!(percentile_ranks(&[]).is_empty());
    }

    #[test]
    fn constant_sample_has_no_correlation() {
        assert_eq!(pearson(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]), None);
    }
}
