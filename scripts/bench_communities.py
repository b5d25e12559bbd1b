#!/usr/bin/env python3
"""Benchmark coopnet's community detection against the peers on the same graphs, in one run.

Usage:
  PY=$(../shared/peers/setup.sh)
  $PY scripts/bench_communities.py GRAPH_DIR [--sizes 100000,1000000] [--threads 2] [--reps 3]
        [--peers nk_plm,ig_leiden] [--algorithms leiden,louvain] [--md OUT.md]

GRAPH_DIR holds lfr_N.edges and lfr_N.gt written by the peers' gen_graphs.py:
  $PY ../shared/peers/gen_graphs.py lfr 100000 --out /tmp/graphs

For each graph it runs the peers with ../shared/peers/bench_peers.py (each in its own process,
detection call timed alone), then coopnet's examples/detect (release build) the same number of
times under /usr/bin/time -v (or the binary named by $COOPNET_DETECT). coopnet's membership is scored by the peers' own Evaluator (igraph
modularity at resolution 1, scikit-learn NMI against the planted communities), so every row is
measured the same way. Prints CSV rows with bench_peers.py's columns; --md also writes a Markdown
table with each time as a ratio to NetworKit PLM's in the same run.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PEERS = os.environ.get("PEERS_DIR") or next(
    (p for p in [os.path.join(ROOT, "..", "shared", "peers"), "/work/shared/peers"]
     if os.path.exists(os.path.join(p, "bench_peers.py"))), None)
COLS = ("peer,graph,n,m,reps,time_med_s,time_min_s,time_max_s,cpu_med_s,modularity,mod_min,mod_max,"
        "n_comms,nmi,peak_rss_mib,rss_before_detect_mib,load_s,loadavg1,note")


def loadavg():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def run_coopnet(binary, edges, spec, threads, seed, tmp):
    # spec: "leiden", "louvain", or "leiden:N" for at most N Leiden iterations.
    algorithm, _, iterations = spec.partition(":")
    out = os.path.join(tmp, f"coopnet_{algorithm}_{seed}.memb")
    tfile = os.path.join(tmp, "time.txt")
    load1 = loadavg()
    cmd = ["/usr/bin/time", "-v", "-o", tfile, binary, edges, "--algorithm", algorithm,
           "--threads", str(threads), "--seed", str(seed), "--out", out]
    if iterations:
        cmd[-2:-2] = ["--iterations", iterations]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        return {"error": (p.stderr.strip().splitlines() or ["rc=%d" % p.returncode])[-1][:200]}
    res = json.loads(p.stdout.strip().splitlines()[-1])
    with open(tfile) as f:
        mt = re.search(r"Maximum resident set size \(kbytes\): (\d+)", f.read())
    res["peak_rss_mib"] = int(mt.group(1)) / 1024.0 if mt else float("nan")
    res["load1"] = load1
    import numpy as np
    res["memb"] = np.loadtxt(out, dtype=np.int64)
    os.remove(out)
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("graph_dir")
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--peers", default="nk_plm,ig_leiden")
    ap.add_argument("--algorithms", default="leiden,leiden:1,louvain",
                    help="leiden (defaults), leiden:N (at most N iterations), louvain")
    ap.add_argument("--md", default=None, help="also write a Markdown table here")
    ap.add_argument("--no-build", action="store_true")
    a = ap.parse_args()
    if PEERS is None:
        sys.exit("cannot find shared/peers (set PEERS_DIR)")
    sys.path.insert(0, PEERS)
    import bench_peers  # noqa: E402

    if not a.no_build:
        subprocess.run(["cargo", "build", "--release", "--example", "detect"], cwd=ROOT, check=True)
    binary = os.environ.get("COOPNET_DETECT") or os.path.join(ROOT, "target", "release", "examples", "detect")
    print(COLS, flush=True)
    rows = []
    for size in a.sizes.split(","):
        edges = os.path.join(a.graph_dir, f"lfr_{size}.edges")
        gt = os.path.join(a.graph_dir, f"lfr_{size}.gt")
        graph = f"lfr_{size}"
        p = subprocess.run([sys.executable, os.path.join(PEERS, "bench_peers.py"), edges, gt,
                            "--peers", a.peers, "--threads", str(a.threads), "--reps", str(a.reps)],
                           capture_output=True, text=True)
        for line in p.stdout.strip().splitlines():
            print(line, flush=True)
            rows.append(line.split(","))
        ev = bench_peers.Evaluator(edges, gt)
        import numpy as np
        with tempfile.TemporaryDirectory() as tmp:
            for algorithm in a.algorithms.split(","):
                runs, note = [], ""
                for rep in range(a.reps):
                    r = run_coopnet(binary, edges, algorithm, a.threads, rep + 1, tmp)
                    if "error" in r:
                        note = r["error"]
                        break
                    memb = r.pop("memb")
                    r["mod"] = ev.modularity(memb)
                    r["nmi"] = ev.nmi(memb)
                    r["k"] = int(len(np.unique(memb)))
                    runs.append(r)
                label = f"coopnet_{algorithm.replace(':', '_it')}[t={a.threads}]"
                if not runs:
                    print(f"{label},{graph},,,0,,,,,,,,,,,,,,{note}", flush=True)
                    continue
                ts = [r["detect_s"] for r in runs]
                mods = [r["mod"] for r in runs]
                row = [label, graph, str(ev.n), str(ev.m), str(len(runs)),
                       f"{statistics.median(ts):.4f}", f"{min(ts):.4f}", f"{max(ts):.4f}",
                       f"{statistics.median([r['cpu_s'] for r in runs]):.4f}",
                       f"{statistics.mean(mods):.5f}", f"{min(mods):.5f}", f"{max(mods):.5f}",
                       str(int(statistics.median([r['k'] for r in runs]))),
                       f"{statistics.mean([r['nmi'] for r in runs]):.4f}",
                       f"{max(r['peak_rss_mib'] for r in runs):.0f}",
                       f"{max(r['rss_before_detect_mib'] for r in runs):.0f}",
                       f"{statistics.median([r['load_s'] for r in runs]):.2f}",
                       f"{statistics.mean([r['load1'] for r in runs]):.2f}", note]
                print(",".join(row), flush=True)
                rows.append(row)
    if a.md:
        with open(a.md, "w") as f:
            f.write("| graph | tool | detection s (median) | vs NetworKit PLM | CPU s | modularity | NMI "
                    "| communities | peak RSS MiB | load avg |\n|---|---|---|---|---|---|---|---|---|---|\n")
            plm = {r[1]: float(r[5]) for r in rows if r[0].startswith("nk_plm[") and r[5]}
            for r in rows:
                if len(r) < 18 or not r[5]:
                    continue
                ratio = f"{float(r[5]) / plm[r[1]]:.2f}x" if r[1] in plm else ""
                f.write(f"| {r[1]} | {r[0]} | {float(r[5]):.3f} | {ratio} | {r[8]} | {r[9]} | {r[13]} | {r[12]} "
                        f"| {r[14]} | {r[17]} |\n")


if __name__ == "__main__":
    main()
