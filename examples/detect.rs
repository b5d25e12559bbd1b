//! Benchmark helper: reads an edge list, detects communities, prints one JSON line with
//! times, modularity, number of communities and peak memory, and optionally writes the
//! membership (one community per line, in the order of the original integer ids).
//!
//! ```text
//! cargo run --release --example detect -- EDGES [--algorithm leiden|louvain] [--threads N]
//!     [--seed S] [--iterations N] [--out FILE]
//! ```

use std::io::Write;
use std::time::Instant;

use coopnet::community::{LeidenConfig, LouvainConfig, leiden, louvain};
use coopnet::load::edgelist::{self, NodeNames};

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|k| k.parse::<f64>().ok())
        .map_or(f64::NAN, |k| k / 1024.0)
}

/// CPU time of the whole process so far (user + system, all threads), in seconds.
fn cpu_s() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses): utime is the 12th, stime the 13th.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = rest
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    if f.len() > 12 {
        (f[11] + f[12]) / 100.0
    } else {
        f64::NAN
    }
}

fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut path = None;
    let (mut algorithm, mut threads, mut seed, mut iterations, mut out) =
        ("leiden".to_string(), 2usize, 42u64, None, None);
    let mut i = 0;
    while i < args.len() {
        let value = || {
            args.get(i + 1)
                .cloned()
                .ok_or(format!("{} needs a value", args[i]))
        };
        match args[i].as_str() {
            "--algorithm" => algorithm = value()?,
            "--threads" => threads = value()?.parse()?,
            "--seed" => seed = value()?.parse()?,
            "--iterations" => iterations = Some(value()?.parse()?),
            "--out" => out = Some(value()?),
            p => {
                path = Some(p.to_string());
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    let path = path.ok_or(
        "usage: detect EDGES [--algorithm leiden|louvain] [--threads N] [--seed S] [--out FILE]",
    )?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    pool.install(|| -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        let t0 = Instant::now();
        let list = edgelist::read(std::path::Path::new(&path))?;
        let load_s = t0.elapsed().as_secs_f64();
        let rss_before = peak_rss_mib();
        let c1 = cpu_s();
        let t1 = Instant::now();
        let result = match algorithm.as_str() {
            "leiden" => {
                let mut c = LeidenConfig { seed, record_levels: false, ..LeidenConfig::default() };
                if let Some(it) = iterations {
                    c.max_iterations = it;
                }
                leiden(&list.graph, &c)?
            }
            "louvain" => louvain(&list.graph, &LouvainConfig { seed, record_levels: false, ..LouvainConfig::default() })?,
            other => return Err(format!("unknown algorithm {other}").into()),
        };
        let detect_s = t1.elapsed().as_secs_f64();
        let detect_cpu_s = cpu_s() - c1;
        if let Some(out) = out {
            // Membership by original integer id (0..n), as the peers write it.
            let mut by_id = vec![-1i64; list.names.len()];
            if let NodeNames::Integers(names) = &list.names {
                let n = names.iter().copied().max().map_or(0, |m| m as usize + 1);
                by_id = vec![-1i64; n];
                for (dense, &name) in names.iter().enumerate() {
                    by_id[name as usize] = result.membership[dense] as i64;
                }
            }
            let mut f = std::io::BufWriter::new(std::fs::File::create(out)?);
            for c in by_id {
                writeln!(f, "{c}")?;
            }
        }
        let t = result.timings;
        println!(
            "{{\"algorithm\":\"{algorithm}\",\"threads\":{threads},\"seed\":{seed},\"n\":{},\"m\":{},\"load_s\":{load_s:.4},\
             \"detect_s\":{detect_s:.4},\"cpu_s\":{detect_cpu_s:.2},\"moving_s\":{:.4},\"refinement_s\":{:.4},\"aggregation_s\":{:.4},\
             \"moving_cpu_s\":{:.4},\"refinement_cpu_s\":{:.4},\"aggregation_cpu_s\":{:.4},\"total_cpu_s\":{:.4},\
             \"iterations\":{},\"modularity\":{:.6},\"communities\":{},\"rss_before_detect_mib\":{rss_before:.0},\
             \"peak_rss_mib\":{:.0}}}",
            list.graph.node_count(),
            list.graph.edge_count(),
            t.local_moving,
            t.refinement,
            t.aggregation,
            t.cpu.local_moving,
            t.cpu.refinement,
            t.cpu.aggregation,
            t.cpu.total,
            result.iterations,
            result.modularity,
            result.count,
            peak_rss_mib()
        );
        Ok(())
    })
}
