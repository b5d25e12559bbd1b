//! Seeded synthetic graphs with planted communities, for benches and tests (no downloads).
//!
//! - [`planted`]: the planted partition model (Condon and Karp 2001): `groups` groups of
//!   `size` nodes; each pair inside a group is linked with probability `p_in`, each pair
//!   across groups with `p_out`.
//! - [`lfr_like`]: a graph in the spirit of the LFR benchmark (Lancichinetti, Fortunato
//!   and Radicchi 2008): power-law degrees (exponent 2) and community sizes (exponent 1),
//!   each node with a fraction `mu` of its edges leaving its community, wired by a
//!   configuration model inside and across communities (repeated edges and self-loops
//!   dropped, so degrees and mixing are close to, not exactly, the targets).
#![allow(dead_code)]

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A generated graph: undirected edges over `0..n` and the planted community of each node.
pub struct Planted {
    /// Number of nodes.
    pub n: usize,
    /// Edges `(u, v, 1.0)`, each once, no self-loops.
    pub edges: Vec<(u32, u32, f64)>,
    /// The planted community of every node.
    pub truth: Vec<u32>,
}

fn shuffle<T>(items: &mut [T], rng: &mut ChaCha8Rng) {
    for i in (1..items.len()).rev() {
        let j = rng.random_range(0..=i);
        items.swap(i, j);
    }
}

fn dedup(mut edges: Vec<(u32, u32)>) -> Vec<(u32, u32, f64)> {
    for e in edges.iter_mut() {
        if e.0 > e.1 {
            *e = (e.1, e.0);
        }
    }
    edges.retain(|e| e.0 != e.1);
    edges.sort_unstable();
    edges.dedup();
    edges.into_iter().map(|(u, v)| (u, v, 1.0)).collect()
}

/// The planted partition model (module docs).
pub fn planted(groups: usize, size: usize, p_in: f64, p_out: f64, seed: u64) -> Planted {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let n = groups * size;
    let mut edges = Vec::new();
    for u in 0..n {
        for v in u + 1..n {
            let p = if u / size == v / size { p_in } else { p_out };
            if rng.random::<f64>() < p {
                edges.push((u as u32, v as u32));
            }
        }
    }
    Planted { n, edges: dedup(edges), truth: (0..n).map(|v| (v / size) as u32).collect() }
}

/// A power-law sample in `[min, max]` with exponent `gamma` (> 1).
fn power_law(rng: &mut ChaCha8Rng, min: f64, max: f64, gamma: f64) -> f64 {
    let u: f64 = rng.random();
    let a = min.powf(1.0 - gamma);
    let b = max.powf(1.0 - gamma);
    (a + u * (b - a)).powf(1.0 / (1.0 - gamma))
}

/// An LFR-like graph (module docs): `n` nodes, average degree about `avg_degree`, degrees
/// at most `max_degree`, community sizes in `[min_community, max_community]`, mixing `mu`.
pub fn lfr_like(
    n: usize,
    avg_degree: f64,
    max_degree: f64,
    mu: f64,
    (min_community, max_community): (usize, usize),
    seed: u64,
) -> Planted {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    // Degrees: exponent 2; the minimum is searched so that the mean is near the target.
    let (mut lo, mut hi) = (1.0f64, avg_degree);
    for _ in 0..40 {
        let mid = (lo + hi) / 2.0;
        // Mean of a continuous power law with exponent 2 on [mid, max].
        let mean = mid * max_degree * (max_degree / mid).ln() / (max_degree - mid);
        if mean < avg_degree { lo = mid } else { hi = mid }
    }
    let min_degree = lo;
    let degree: Vec<usize> =
        (0..n).map(|_| power_law(&mut rng, min_degree, max_degree, 2.0).round().max(1.0) as usize).collect();
    // Community sizes: exponent 1, until they cover n; the last absorbs the rest.
    let mut sizes = Vec::new();
    let mut covered = 0;
    while covered < n {
        let s = (power_law(&mut rng, min_community as f64, max_community as f64 + 0.999, 1.0001) as usize)
            .clamp(min_community, max_community);
        let s = s.min(n - covered);
        sizes.push(s);
        covered += s;
    }
    if sizes.len() > 1 && *sizes.last().unwrap_or(&0) < min_community {
        let last = sizes.pop().unwrap_or(0);
        let k = sizes.len();
        sizes[k - 1] += last;
    }
    let mut nodes: Vec<u32> = (0..n as u32).collect();
    shuffle(&mut nodes, &mut rng);
    let mut truth = vec![0u32; n];
    let mut members: Vec<Vec<u32>> = Vec::with_capacity(sizes.len());
    let mut pos = 0;
    for (c, &s) in sizes.iter().enumerate() {
        let group: Vec<u32> = nodes[pos..pos + s].to_vec();
        for &v in &group {
            truth[v as usize] = c as u32;
        }
        members.push(group);
        pos += s;
    }
    let mut edges = Vec::new();
    let mut external_stubs = Vec::new();
    for group in &members {
        let mut stubs = Vec::new();
        for &v in group {
            let k = degree[v as usize];
            let internal = (((1.0 - mu) * k as f64).round() as usize).min(group.len().saturating_sub(1));
            stubs.extend(std::iter::repeat_n(v, internal));
            external_stubs.extend(std::iter::repeat_n(v, k - internal.min(k)));
        }
        shuffle(&mut stubs, &mut rng);
        edges.extend(stubs.chunks_exact(2).map(|p| (p[0], p[1])));
    }
    shuffle(&mut external_stubs, &mut rng);
    edges.extend(
        external_stubs
            .chunks_exact(2)
            .filter(|p| truth[p[0] as usize] != truth[p[1] as usize])
            .map(|p| (p[0], p[1])),
    );
    Planted { n, edges: dedup(edges), truth }
}
