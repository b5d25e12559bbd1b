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
    let max = membership
        .iter()
        .copied()
        .max()
        .map_or(0, |m| m as usize + 1);
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

/// The members of every community of a partition, in node order (for the phases that
/// work community by community).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Groups {
    /// Start of each community's members in `members`, `communities + 1` entries.
    pub offsets: Vec<usize>,
    /// The nodes, community after community.
    pub members: Vec<u32>,
}

impl Groups {
    /// The groups of `membership` (ids `< communities`): a stable counting sort.
    pub fn of(membership: &[u32], communities: usize) -> Self {
        Self::with_ranks(membership, communities).0
    }

    /// [`Groups::of`], and the index of every node among the members of its community.
    pub fn with_ranks(membership: &[u32], communities: usize) -> (Self, Vec<u32>) {
        let mut offsets = vec![0usize; communities + 1];
        for &c in membership {
            offsets[c as usize + 1] += 1;
        }
        for c in 0..communities {
            offsets[c + 1] += offsets[c];
        }
        let mut members = vec![0u32; membership.len()];
        let mut rank = vec![0u32; membership.len()];
        let mut next = offsets.clone();
        for (v, &c) in membership.iter().enumerate() {
            let pos = next[c as usize];
            members[pos] = v as u32;
            rank[v] = (pos - offsets[c as usize]) as u32;
            next[c as usize] += 1;
        }
        (Groups { offsets, members }, rank)
    }

    /// Number of communities.
    pub fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    /// The members of community `c`, in node order.
    #[inline]
    pub fn members(&self, c: usize) -> &[u32] {
        &self.members[self.offsets[c]..self.offsets[c + 1]]
    }
}
