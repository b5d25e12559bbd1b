//! Gathering the edge weight from a node (or a community's members) to each neighbouring
//! community: the inner loop of local moving and aggregation.
//!
//! Entries keep the order in which their communities first appear, so that every result
//! built from them (the first of equally good moves, the row of an aggregate) has a fixed
//! order. Short rows use a linear search in a small array; longer rows an open-addressing
//! hash table sized to the row, which stays in the first-level cache where a dense array
//! over all communities (8 bytes per community and thread) would not.

use std::sync::{Mutex, MutexGuard};

use crate::graph::CsrGraph;
use crate::graph::csr::ArcWeights;

/// Rows up to this long use the linear search.
const SMALL: usize = 16;

/// A free slot of the hash table.
const FREE: u32 = u32::MAX;

/// Edge weight per community for one row at a time (see the module docs).
#[derive(Debug)]
pub(crate) struct Gather {
    small: [(u32, f64); SMALL],
    count: usize,
    hashed: bool,
    keys: Vec<u32>,
    values: Vec<f64>,
    /// Slots of `keys` in order of first appearance.
    used: Vec<u32>,
    shift: u32,
}

impl Default for Gather {
    fn default() -> Self {
        Gather {
            small: [(0, 0.0); SMALL],
            count: 0,
            hashed: false,
            keys: Vec::new(),
            values: Vec::new(),
            used: Vec::new(),
            shift: 0,
        }
    }
}

impl Gather {
    /// Starts a row of at most `len` entries towards community ids `< ids`.
    #[inline]
    pub fn begin(&mut self, len: usize, ids: usize) {
        self.count = 0;
        self.hashed = len > SMALL;
        if self.hashed {
            let keys = len.min(ids).max(1);
            let bits = (2 * keys).next_power_of_two().trailing_zeros().clamp(5, 31);
            let size = 1usize << bits;
            if self.keys.len() < size {
                self.keys.resize(size, FREE);
                self.values.resize(size, 0.0);
            }
            self.used.reserve(keys);
            self.shift = 32 - bits;
        }
    }

    /// Adds weight `w` towards community `c`.
    #[inline(always)]
    pub fn add(&mut self, c: u32, w: f64) {
        if self.hashed {
            self.add_hashed(c, w);
            return;
        }
        for e in &mut self.small[..self.count] {
            if e.0 == c {
                e.1 += w;
                return;
            }
        }
        self.small[self.count] = (c, w);
        self.count += 1;
    }

    #[inline(always)]
    fn add_hashed(&mut self, c: u32, w: f64) {
        let mask = (1usize << (32 - self.shift)) - 1;
        let mut h = (c.wrapping_mul(0x9E37_79B9) >> self.shift) as usize;
        loop {
            let k = self.keys[h];
            if k == c {
                self.values[h] += w;
                return;
            }
            if k == FREE {
                self.keys[h] = c;
                self.values[h] = w;
                self.used.push(h as u32);
                self.count += 1;
                return;
            }
            h = (h + 1) & mask;
        }
    }

    /// Number of communities gathered.
    #[inline]
    pub fn len(&self) -> usize {
        self.count
    }

    /// Calls `f(community, weight)` for every entry, in order of first appearance.
    #[inline(always)]
    pub fn for_each(&self, mut f: impl FnMut(u32, f64)) {
        if self.hashed {
            for &s in &self.used {
                f(self.keys[s as usize], self.values[s as usize]);
            }
        } else {
            for &(c, w) in &self.small[..self.count] {
                f(c, w);
            }
        }
    }

    /// Ends the row (frees the table's slots).
    #[inline]
    pub fn end(&mut self) {
        for &s in &self.used {
            self.keys[s as usize] = FREE;
        }
        self.used.clear();
        self.count = 0;
    }
}

/// Arcs whose communities are loaded together by [`for_arcs`].
const LOADS: usize = 32;

/// Calls `f(u, w, membership[u])` for every arc `(u, w)` of row `v` of `graph`, in order.
/// The communities of a block of arcs are loaded before any is used, so that the cache
/// misses of a block overlap instead of waiting for each other.
#[inline(always)]
pub(crate) fn for_arcs<W: ArcWeights, T: Copy + Default>(
    graph: &CsrGraph,
    weights: W,
    v: u32,
    membership: &[T],
    mut f: impl FnMut(u32, f64, T),
) {
    let range = graph.row_range(v);
    let targets = &graph.targets()[range.clone()];
    let mut ws = weights.slice(range);
    let mut cs = [T::default(); LOADS];
    for block in targets.chunks(LOADS) {
        for (c, &u) in cs.iter_mut().zip(block) {
            *c = membership[u as usize];
        }
        for ((&u, &c), w) in block.iter().zip(&cs).zip(ws.by_ref()) {
            f(u, w, c);
        }
    }
}

/// One [`Gather`] per thread of the current rayon pool.
pub(crate) struct Gathers {
    slots: Vec<Mutex<Gather>>,
}

impl Gathers {
    /// One per thread of the current pool.
    pub fn new() -> Self {
        let threads = rayon::current_num_threads().max(1);
        Gathers {
            slots: (0..threads)
                .map(|_| Mutex::new(Gather::default()))
                .collect(),
        }
    }

    /// The calling thread's gather (held while the guard lives).
    pub fn get(&self) -> MutexGuard<'_, Gather> {
        let i = rayon::current_thread_index().unwrap_or(0) % self.slots.len();
        self.slots[i].lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gathered(g: &Gather) -> Vec<(u32, f64)> {
        let mut out = Vec::new();
        g.for_each(|c, w| out.push((c, w)));
        out
    }

    #[test]
    fn both_paths_sum_in_order_of_first_appearance() {
        for len in [3usize, 40, 5000] {
            let mut g = Gather::default();
            let arcs: Vec<(u32, f64)> = (0..len as u32)
                .map(|i| {
                    (
                        (i * 7919) % 23 * 1_000_003 % 4_000_000_000,
                        0.5 + (i % 3) as f64,
                    )
                })
                .collect();
            g.begin(len, u32::MAX as usize);
            for &(c, w) in &arcs {
                g.add(c, w);
            }
            let mut want: Vec<(u32, f64)> = Vec::new();
            for &(c, w) in &arcs {
                match want.iter_mut().find(|e| e.0 == c) {
                    Some(e) => e.1 += w,
                    None => want.push((c, w)),
                }
            }
            assert_eq!(gathered(&g), want, "row of {len}");
            assert_eq!(g.len(), want.len());
            g.end();
            // A zero weight still lists its community once.
            g.begin(len, 100);
            g.add(7, 0.0);
            g.add(7, 1.0);
            g.add(3, 0.0);
            assert_eq!(gathered(&g), vec![(7, 1.0), (3, 0.0)]);
            g.end();
            assert!(gathered(&g).is_empty());
        }
    }
}
