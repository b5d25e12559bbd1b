//! Partitions as membership vectors: canonical numbering and community sizes.
//!
//! A partition of `n` nodes is a `Vec<u32>` giving each node's community. Two membership
//! vectors describe the same partition when they differ only by the names of the
//! communities; [`canonical`] picks one name for each: communities are numbered
//! `0, 1, 2, ...` in order of their first (smallest) node.
//!
//! ```
//! use coopnet::community::{canonical, sizes};
//! let (m, count) = canonical(&[7, 7, 3, 9, 3]);
//! assert_eq!(m, vec![0, 0, 1, 2, 1]);
//! assert_eq!(count, 3);
//! assert_eq!(sizes(&m, count), vec![2, 2, 1]);
//! ```

/// Renumbers communities `0..count` in order of first appearance; returns the new
/// membership and `count`.
pub fn canonical(membership: &[u32]) -> (Vec<u32>, usize) {
    let max = membership.iter().copied().max().map_or(0, |m| m as usize + 1);
    // Dense map when ids are dense enough, otherwise sort-based.
    if max <= membership.len().saturating_mul(4).max(1024) {
        let mut map = vec![u32::MAX; max];
        let mut count = 0u32;
        let out = membership
            .iter()
            .map(|&c| {
                let slot = &mut map[c as usize];
                if *slot == u32::MAX {
                    *slot = count;
                    count += 1;
                }
                *slot
            })
            .collect();
        (out, count as usize)
    } else {
        let mut map = std::collections::HashMap::new();
        let out = membership
            .iter()
            .map(|&c| {
                let next = map.len() as u32;
                *map.entry(c).or_insert(next)
            })
            .collect();
        let count = map.len();
        (out, count)
    }
}

/// Number of nodes in each community `0..count` of `membership` (ids must be `< count`;
/// larger ids are ignored).
pub fn sizes(membership: &[u32], count: usize) -> Vec<usize> {
    let mut s = vec![0usize; count];
    for &c in membership {
        if let Some(x) = s.get_mut(c as usize) {
            *x += 1;
        }
    }
    s
}
