//! DOT maps of large graphs: a synthetic dataset of 85 regions, 12 000
//! organisations and about 50 000 distinct cooperation edges (seeded), drawn
//! as the participant projection with the sfdp and geographic layouts.
//! Target: well under a second for 50 k edges.
//!
//! Run: `cargo bench --bench dot`.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;

use coopnet::export::{Layout, MapOptions, NetworkView, to_dot};
use coopnet::graph::{Projection, ProjectionSpec};
use criterion::{Criterion, criterion_group, criterion_main};

/// A small seeded generator (SplitMix64): the same dataset on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const SECTORS: [&str; 8] = [
    "08.99", "21.20", "32.12", "72.11", "24.10", "28.22", "20.14", "16.10",
];

/// Writes a dataset with `participants` organisations and `links` links into `dir`.
fn write_dataset(dir: &Path, participants: usize, links: usize) {
    let mut rng = Rng(42);
    let mut regions = String::from("id,name,district,lat,lon\n");
    for r in 0..85 {
        let lat = 42.0 + rng.below(2800) as f64 / 100.0;
        let lon = 20.0 + rng.below(15800) as f64 / 100.0;
        let _ = writeln!(regions, "R{r},Region {r},D{},{lat},{lon}", r % 8);
    }
    let mut ps = String::from("id,name,kind,sector,region,clusters,employees\n");
    for p in 0..participants {
        let _ = writeln!(
            ps,
            "P{p},Organisation {p},production,{},R{},,{}",
            SECTORS[rng.below(8) as usize],
            rng.below(85),
            rng.below(5000)
        );
    }
    let mut ls = String::from("source,target,sector,weight,kind\n");
    for _ in 0..links {
        let a = rng.below(participants as u64);
        let b = (a + 1 + rng.below(participants as u64 - 1)) % participants as u64;
        let _ = writeln!(
            ls,
            "P{a},P{b},{},{},supply",
            SECTORS[rng.below(8) as usize],
            1 + rng.below(9)
        );
    }
    std::fs::write(dir.join("regions.csv"), regions).expect("regions");
    std::fs::write(dir.join("participants.csv"), ps).expect("participants");
    std::fs::write(dir.join("links.csv"), ls).expect("links");
}

fn bench(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("tempdir");
    write_dataset(tmp.path(), 12_000, 50_100);
    let ds = coopnet::load::load_dataset(tmp.path()).expect("loads");
    let spec = ProjectionSpec::merged(Projection::Participants);
    let view = NetworkView::new(&ds, &spec).expect("view");
    let edges = view.edges.iter().filter(|e| !e.is_loop()).count();
    eprintln!(
        "dot bench: {} nodes, {} edges drawn",
        view.nodes.len(),
        edges
    );
    let mut group = c.benchmark_group("dot_50k_edges");
    group.sample_size(10);
    for layout in [Layout::Sfdp, Layout::Geo] {
        let opts = MapOptions {
            layout,
            ..MapOptions::default()
        };
        group.bench_function(format!("to_dot/{}", layout.name()), |b| {
            b.iter(|| black_box(to_dot(black_box(&view), &opts).expect("dot")))
        });
    }
    group.bench_function("view_and_dot/sfdp", |b| {
        b.iter(|| {
            let view = NetworkView::new(&ds, &spec).expect("view");
            black_box(to_dot(&view, &MapOptions::default()).expect("dot"))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
