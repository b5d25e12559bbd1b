//! Loading a large generated dataset: `cargo bench --bench load`.
//!
//! Setup generates a national-profile dataset (100k organisations, 1M links,
//! seed 1; about 40 MB of CSV) into a temporary folder; the benchmark loads
//! it with `load_dataset` and reports throughput in bytes of CSV per second.
//! Set `COOPNET_BENCH_LINKS` / `COOPNET_BENCH_ORGS` to change the size.

use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use coopnet::generate::national::{NationalConfig, generate_national};
use coopnet::load::load_dataset;

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn load(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = dir.path().join("national");
    let organisations = env_or("COOPNET_BENCH_ORGS", 100_000);
    let config = NationalConfig {
        seed: 1,
        organisations,
        links: env_or("COOPNET_BENCH_LINKS", 1_000_000),
        clusters: (organisations / 100).max(1) as u32,
        ..NationalConfig::default()
    };
    let summary = generate_national(&config, &out, &|_| {}).expect("generates");
    let csv_bytes: u64 = std::fs::read_dir(&out)
        .expect("lists")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "csv"))
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum();
    assert!(summary.bytes >= csv_bytes);

    let mut group = c.benchmark_group("load");
    group.throughput(Throughput::Bytes(csv_bytes));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    let name = format!(
        "{}k_orgs_{}k_links",
        organisations / 1000,
        config.links / 1000
    );
    group.bench_function(name, |b| {
        b.iter(|| load_dataset(&out).expect("loads"));
    });
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
