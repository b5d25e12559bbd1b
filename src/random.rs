//! Seed mixing shared by every randomised step.
//!
//! A step that needs many independent random streams (one per Leiden
//! iteration and level, one per split of a suggestion community) derives each
//! stream's seed from the user's seed and the stream's coordinates with
//! [`splitmix64`], so that the streams do not depend on the order or the
//! thread in which they are drawn. The generators' streams are in
//! `generate::rng` (ChaCha8 keyed by seed, purpose and chunk).

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
