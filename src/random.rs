//! The one seeded random stream of coopnet, shared by the generators and
//! community detection, and the seed mixing behind it.
//!
//! Every random choice (a generator's draws, Leiden's node orders and its
//! refinement's random merges) comes from a [`Stream`]: ChaCha8 keyed by a
//! seed and a chunk index, on a numbered stream per purpose. Work split into
//! chunks (a generator's chunks of rows, Leiden's communities in refinement)
//! draws from one stream per chunk, so the result does not depend on how many
//! threads ran the chunks. A step that needs streams by several coordinates
//! (Leiden's iteration and level, a split of a suggestion community) derives
//! the stream's seed from the user's seed and those coordinates with
//! [`splitmix64`], so that the streams do not depend on the order or the
//! thread in which they are drawn.
//!
//! The helpers of [`Stream`] (bounded integers, floats, normal variates,
//! shuffles) are written out here rather than taken from `rand`'s
//! distributions, so that the bytes a seed produces depend only on ChaCha8's
//! output, which is specified, and not on the sampling algorithms of a
//! particular `rand` release: a committed dataset and a published partition
//! stay reproducible across dependency updates.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// SplitMix64's finaliser (Steele, Lea and Flood 2014, "Fast splittable
/// pseudorandom number generators", OOPSLA; the constants of Vigna's
/// reference implementation): a bijection of `u64` whose outputs for
/// consecutive inputs are statistically independent.
///
/// ```
/// use coopnet::random::splitmix64;
/// assert_eq!(splitmix64(0), 0xe220_a839_7b1d_cdaf);
/// assert_ne!(splitmix64(1), splitmix64(2));
/// ```
pub fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A deterministic random stream (see the module docs).
#[derive(Debug, Clone)]
pub struct Stream(ChaCha8Rng);

impl Stream {
    /// The stream for purpose `purpose`, chunk `chunk`, of seed `seed`.
    pub fn new(seed: u64, purpose: u64, chunk: u64) -> Self {
        let mut key = [0u8; 32];
        key[..8].copy_from_slice(&seed.to_le_bytes());
        key[8..16].copy_from_slice(&chunk.to_le_bytes());
        key[16..24].copy_from_slice(b"coopnet\0");
        let mut rng = ChaCha8Rng::from_seed(key);
        rng.set_stream(purpose);
        Stream(rng)
    }

    /// 64 random bits.
    pub fn bits(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A uniform integer in `0..n` (`0` when `n` is 0), without bias
    /// (Lemire's multiply-and-reject method).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        let threshold = n.wrapping_neg() % n;
        loop {
            let m = u128::from(self.bits()) * u128::from(n);
            if (m as u64) >= threshold {
                return (m >> 64) as u64;
            }
        }
    }

    /// A uniform index into a collection of `len` items (`0` when empty).
    pub fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }

    /// A uniform integer in `lo..=hi`.
    pub fn between(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below(hi - lo + 1)
    }

    /// A uniform float in `[0, 1)` with 53 random bits.
    pub fn unit(&mut self) -> f64 {
        (self.bits() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A standard normal variate, by the Irwin-Hall approximation (the sum of
    /// twelve uniforms, less six: mean 0, variance 1, tails cut at 6). It uses
    /// only additions, so it gives the same bits on every platform.
    pub fn normal(&mut self) -> f64 {
        let mut sum = 0.0;
        for _ in 0..12 {
            sum += self.unit();
        }
        sum - 6.0
    }

    /// A log-normal variate with median `median` and log-scale spread `sigma`
    /// (computed with [`exp`], the same bits on every platform).
    pub fn lognormal(&mut self, median: f64, sigma: f64) -> f64 {
        median * exp(sigma * self.normal())
    }

    /// An index drawn with probability proportional to `weights` (at least
    /// one must be positive; otherwise 0).
    pub fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        if total.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
            return 0;
        }
        let mut x = self.unit() * total;
        for (i, &w) in weights.iter().enumerate() {
            if x < w {
                return i;
            }
            x -= w;
        }
        weights.iter().rposition(|&w| w > 0.0).unwrap_or(0)
    }

    /// A uniformly chosen item (`None` when empty).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            None
        } else {
            items.get(self.index(items.len()))
        }
    }

    /// Shuffles `items` in place: Fisher-Yates with unbiased indexes, so every
    /// order is equally likely.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.index(i + 1);
            items.swap(i, j);
        }
    }
}

/// `e^x` from basic arithmetic only (range reduction by powers of two and a
/// Taylor series), so that generated data does not depend on the platform's
/// maths library. Accurate to a few units in the last place for |x| < 700.
pub fn exp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x > 709.0 {
        return f64::INFINITY;
    }
    if x < -708.0 {
        return 0.0;
    }
    const LN2_HI: f64 = 0.693_147_180_369_123_8;
    const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;
    let k = (x * std::f64::consts::LOG2_E).round();
    let r = (x - k * LN2_HI) - k * LN2_LO;
    let (mut term, mut sum) = (1.0, 1.0);
    for i in 1..=20 {
        term *= r / f64::from(i);
        sum += term;
    }
    let scale = f64::from_bits(((k as i64 + 1023) as u64) << 52);
    sum * scale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_numbers_and_streams_differ() {
        let a: Vec<u64> = {
            let mut s = Stream::new(7, 1, 0);
            (0..5).map(|_| s.bits()).collect()
        };
        let b: Vec<u64> = {
            let mut s = Stream::new(7, 1, 0);
            (0..5).map(|_| s.bits()).collect()
        };
        let c: Vec<u64> = {
            let mut s = Stream::new(7, 2, 0);
            (0..5).map(|_| s.bits()).collect()
        };
        let d: Vec<u64> = {
            let mut s = Stream::new(7, 1, 1);
            (0..5).map(|_| s.bits()).collect()
        };
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, d);
    }

    #[test]
    fn bounded_draws_stay_in_range_and_cover_it() {
        let mut s = Stream::new(1, 0, 0);
        let mut seen = [0usize; 6];
        for _ in 0..6000 {
            let x = s.below(6) as usize;
            seen[x] += 1;
        }
        assert!(seen.iter().all(|&n| (800..1200).contains(&n)), "{seen:?}");
        assert_eq!(s.below(0), 0);
        assert_eq!(s.between(5, 5), 5);
        for _ in 0..1000 {
            let u = s.unit();
            assert!((0.0..1.0).contains(&u));
        }
    }

    #[test]
    fn exp_matches_the_maths_library() {
        for &x in &[-20.0, -3.3, -1.0, -0.1, 0.0, 0.5, 1.0, 2.7, 10.0, 50.0] {
            let (a, b) = (exp(x), f64::exp(x));
            assert!(((a - b) / b).abs() < 1e-14, "{x}: {a} vs {b}");
        }
    }

    #[test]
    fn normal_has_roughly_unit_variance() {
        let mut s = Stream::new(3, 0, 0);
        let xs: Vec<f64> = (0..20_000).map(|_| s.normal()).collect();
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / xs.len() as f64;
        assert!(mean.abs() < 0.03, "{mean}");
        assert!((var - 1.0).abs() < 0.05, "{var}");
    }

    #[test]
    fn weighted_follows_weights_and_shuffle_permutes() {
        let mut s = Stream::new(5, 0, 0);
        let mut n = [0usize; 3];
        for _ in 0..10_000 {
            n[s.weighted(&[1.0, 0.0, 3.0])] += 1;
        }
        assert_eq!(n[1], 0);
        assert!((2200..2800).contains(&n[0]), "{n:?}");
        let mut v: Vec<u32> = (0..50).collect();
        s.shuffle(&mut v);
        let mut sorted = v.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..50).collect::<Vec<_>>());
        assert_ne!(v, sorted);
    }
}
