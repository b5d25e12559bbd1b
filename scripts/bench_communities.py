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
measured the same way.

The runs alternate: repetition 1 of every peer, then of every coopnet algorithm, then
repetition 2, and so on, so that a change in the machine's load touches every tool alike. Prints
CSV rows with bench_peers.py's columns, then, per coopnet algorithm, a line `# phases` with each
phase's wall time and its CPU time over (threads x wall time) (medians over the repetitions), and
a line `# connected` saying whether every community of every repetition induces a connected
subgraph. --md also writes a Markdown table with each time as a ratio to NetworKit PLM's in the
same run. --compare-threads T1,T2,... runs coopnet once more at each of those thread counts (seed
1) and checks that every membership equals the first one.
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


def connected_communities(n, u, v, memb):
    """(communities, connected communities): a community is connected when the edges inside it
    join all its nodes (components of the graph of intra-community edges refine the partition,
    so both counts are equal exactly when every community is connected)."""
    import numpy as np
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components
    inside = memb[u] == memb[v]
    a = sp.coo_matrix((np.ones(int(inside.sum()), dtype=np.int8), (u[inside], v[inside])), shape=(n, n))
    comps, label = connected_components(a, directed=False)
    ids = np.unique(memb)
    # The distinct (community, component) pairs; a community is connected when it has one.
    pairs = np.unique(memb.astype(np.int64) * comps + label)
    per_community = np.bincount(pairs // comps, minlength=memb.max() + 1)
    return len(ids), int((per_community[ids] == 1).sum())


def summary_row(label, graph, ev, runs, t_key, note=""):
    ts = [r[t_key] for r in runs]
    mods = [r["mod"] for r in runs]
    return [label, graph, str(ev.n), str(ev.m), str(len(runs)),
            f"{statistics.median(ts):.4f}", f"{min(ts):.4f}", f"{max(ts):.4f}",
            f"{statistics.median([r['cpu_s'] for r in runs]):.4f}",
            f"{statistics.mean(mods):.5f}", f"{min(mods):.5f}", f"{max(mods):.5f}",
            str(int(statistics.median([r['k'] for r in runs]))),
            f"{statistics.mean([r['nmi'] for r in runs]):.4f}",
            f"{max(r['peak_rss_mib'] for r in runs):.0f}",
            f"{max(r['rss_before_detect_mib'] for r in runs):.0f}",
            f"{statistics.median([r['load_s'] for r in runs]):.2f}",
            f"{statistics.mean([r['load1'] for r in runs]):.2f}", note.replace(",", ";")]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("graph_dir")
    ap.add_argument("--sizes", nargs="+", default=["100000,1000000"],
                    help="graph sizes, comma- or space-separated")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--peers", nargs="+", default=["nk_plm,ig_leiden"],
                    help="bench_peers.py peers, comma- or space-separated")
    ap.add_argument("--algorithms", nargs="+", default=["leiden,leiden:1,louvain"],
                    help="leiden (defaults), leiden:N (at most N iterations), louvain")
    ap.add_argument("--compare-threads", default="",
                    help="also check that Leiden (seed 1) gives the same membership at these thread counts")
    ap.add_argument("--timeout", type=float, default=600.0, help="per peer run wall limit (s)")
    ap.add_argument("--md", default=None, help="also write a Markdown table here")
    ap.add_argument("--no-build", action="store_true")
    a = ap.parse_args()
    split = lambda xs: [x for s in xs for x in s.split(",") if x]
    sizes, peers, algorithms = split(a.sizes), split(a.peers), split(a.algorithms)
    if PEERS is None:
        sys.exit("cannot find shared/peers (set PEERS_DIR)")
    sys.path.insert(0, PEERS)
    import bench_peers  # noqa: E402
    import numpy as np

    if not a.no_build:
        subprocess.run(["cargo", "build", "--release", "--example", "detect"], cwd=ROOT, check=True)
    binary = os.environ.get("COOPNET_DETECT") or os.path.join(ROOT, "target", "release", "examples", "detect")
    print(COLS, flush=True)
    rows = []
    for size in sizes:
        edges = os.path.join(a.graph_dir, f"lfr_{size}.edges")
        gt = os.path.join(a.graph_dir, f"lfr_{size}.gt")
        graph = f"lfr_{size}"
        ev = bench_peers.Evaluator(edges, gt)
        n, u, v, _ = bench_peers.read_edges(edges)
        u, v = np.asarray(u), np.asarray(v)
        peer_runs = {p: [] for p in peers}
        ours = {alg: [] for alg in algorithms}
        notes = {}
        with tempfile.TemporaryDirectory() as tmp:
            for rep in range(a.reps):
                for peer in peers:
                    if peer in notes:
                        continue
                    r = bench_peers.run_one(peer, edges, rep + 1, a.threads, a.timeout, tmp)
                    if "error" in r:
                        notes[peer] = r["error"]
                        continue
                    memb = r.pop("memb")
                    r.update(mod=ev.modularity(memb), nmi=ev.nmi(memb), k=int(len(np.unique(memb))))
                    peer_runs[peer].append(r)
                for alg in algorithms:
                    if alg in notes:
                        continue
                    r = run_coopnet(binary, edges, alg, a.threads, rep + 1, tmp)
                    if "error" in r:
                        notes[alg] = r["error"]
                        continue
                    memb = r.pop("memb")
                    k, connected = connected_communities(n, u, v, memb)
                    r.update(mod=ev.modularity(memb), nmi=ev.nmi(memb), k=k, connected=connected)
                    ours[alg].append(r)
            same_threads = None
            if a.compare_threads:
                first, same_threads = None, []
                for t in [int(x) for x in a.compare_threads.split(",")]:
                    r = run_coopnet(binary, edges, "leiden", t, 1, tmp)
                    if "error" in r:
                        same_threads.append((t, r["error"], None))
                        continue
                    memb = r.pop("memb")
                    if first is None:
                        first = memb
                    same_threads.append((t, bool(np.array_equal(first, memb)), r["detect_s"]))
        for peer in peers:
            label = f"{peer}[t={a.threads}]" if peer.startswith("nk_") else peer
            if not peer_runs[peer]:
                print(f"{label},{graph},{ev.n},{ev.m},0,,,,,,,,,,,,,,{notes.get(peer, '')}", flush=True)
                continue
            row = summary_row(label, graph, ev, peer_runs[peer], "det_s", notes.get(peer, ""))
            print(",".join(row), flush=True)
            rows.append(row)
        for alg in algorithms:
            label = f"coopnet_{alg.replace(':', '_it')}[t={a.threads}]"
            runs = ours[alg]
            if not runs:
                print(f"{label},{graph},,,0,,,,,,,,,,,,,,{notes.get(alg, '')}", flush=True)
                continue
            row = summary_row(label, graph, ev, runs, "detect_s", notes.get(alg, ""))
            print(",".join(row), flush=True)
            rows.append(row)
        for alg in algorithms:
            runs = ours[alg]
            if not runs:
                continue
            med = lambda key: statistics.median([r[key] for r in runs])
            parts = []
            for phase, wall, cpu in [("moving", "moving_s", "moving_cpu_s"),
                                     ("refinement", "refinement_s", "refinement_cpu_s"),
                                     ("aggregation", "aggregation_s", "aggregation_cpu_s"),
                                     ("detection", "detect_s", "cpu_s")]:
                if wall not in runs[0] or cpu not in runs[0]:
                    continue
                w = med(wall)
                if w <= 0:
                    continue  # Louvain has no refinement
                ratio = statistics.median([r[cpu] / (a.threads * r[wall]) for r in runs if r[wall] > 0] or [0.0])
                parts.append(f"{phase} {w:.3f} s cpu/(t*wall) {ratio:.2f}")
            print(f"# phases {graph} coopnet_{alg}[t={a.threads}]: " + "; ".join(parts), flush=True)
            bad = [(r["k"], r["connected"]) for r in runs if r["connected"] != r["k"]]
            print(f"# connected {graph} coopnet_{alg}: "
                  + ("every community connected in every repetition" if not bad else
                     f"DISCONNECTED communities: {bad} (communities, connected)"), flush=True)
        if same_threads is not None:
            print(f"# threads {graph} leiden seed 1: " + "; ".join(
                f"t={t}: {'same' if s is True else ('DIFFERENT' if s is False else s)}"
                + (f" {d:.3f} s" if d is not None else "") for t, s, d in same_threads), flush=True)
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
