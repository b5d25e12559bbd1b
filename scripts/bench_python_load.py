#!/usr/bin/env python3
"""Loading a dataset from pandas frames against reading the same CSV files.

Usage (with the coopnet package installed, and pandas and pyarrow):

    coopnet generate --profile national --regions 85 --clusters 2000 \\
        --organisations 1000000 --links 10000000 --seed 1 --out /tmp/nat1m
    python3 scripts/bench_python_load.py /tmp/nat1m [--runs 3] [--threads N]

Each run is a fresh process, so that one measurement's memory does not
carry into the next, and the two ways alternate:

- csv: ``coopnet.read_dataset(folder)``;
- frames: ``coopnet.Dataset.from_frames`` on the same files read into
  pandas DataFrames beforehand (not timed: the frames are what a user has).

Both start from the same state: the frames are read in the csv runs too,
so that both calls meet the same allocator and the same resident memory.

Time is the wall-clock time of the one call; memory is the peak resident
set size during the call above the resident set size just before it (the
peak is reset with /proc/self/clear_refs after malloc_trim, Linux with
glibc only). Medians are printed,
with the ratio frames / csv and the load average at the start and the end.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

FRAMES = ["districts", "regions", "sectors", "clusters", "participants", "links"]
# Codes and ids stay text (pandas would read 08.99 as a float).
TEXT = {"id", "sector", "code", "parent", "region", "regions", "district",
        "clusters", "source", "target", "name", "kind", "provenance"}


def status_kb(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(field)


def reset_peak():
    # give back what the allocator holds free (pandas' reading leaves some),
    # so that the call is not measured on memory the process already had
    import ctypes

    ctypes.CDLL("libc.so.6").malloc_trim(0)
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def child(mode, folder, threads):
    import coopnet
    import pandas as pd

    # Both ways start from the same process state: the frames in memory.
    frames = {}
    for name in FRAMES:
        path = os.path.join(folder, name + ".csv")
        if os.path.exists(path):
            header = open(path, encoding="utf-8").readline().strip().split(",")
            dtype = {c: "str" for c in header if c in TEXT}
            frames[name] = pd.read_csv(path, dtype=dtype, keep_default_na=False,
                                       na_values=[""], engine="pyarrow")
    if mode == "frames":
        call = lambda: coopnet.Dataset.from_frames(**frames, name="bench", threads=threads)  # noqa: E731
    else:
        call = lambda: coopnet.read_dataset(folder, threads=threads)  # noqa: E731
    reset_peak()
    before = status_kb("VmRSS")
    t = time.perf_counter()
    ds = call()
    seconds = time.perf_counter() - t
    peak = status_kb("VmHWM")
    print(json.dumps({"mode": mode, "seconds": seconds, "peak_mb": (peak - before) / 1024,
                      "counts": ds.counts}))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("folder")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--child", choices=["csv", "frames"])
    a = ap.parse_args()
    if a.child:
        child(a.child, a.folder, a.threads)
        return
    results = {"csv": [], "frames": []}
    print(f"load average at the start: {open('/proc/loadavg').read().strip()}", flush=True)
    for run in range(a.runs):
        for mode in ("csv", "frames"):
            cmd = [sys.executable, __file__, a.folder, "--child", mode]
            if a.threads is not None:
                cmd += ["--threads", str(a.threads)]
            out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
            r = json.loads(out.strip().splitlines()[-1])
            results[mode].append(r)
            print(f"run {run + 1} {mode:6}: {r['seconds']:.2f} s, {r['peak_mb']:.0f} MB above the start",
                  flush=True)
    assert results["csv"][0]["counts"] == results["frames"][0]["counts"], "different datasets"
    med = {m: (statistics.median(r["seconds"] for r in rs), statistics.median(r["peak_mb"] for r in rs))
           for m, rs in results.items()}
    print(f"dataset: {results['csv'][0]['counts']}")
    for m, (s, mb) in med.items():
        print(f"median {m:6}: {s:.2f} s, {mb:.0f} MB")
    print(f"frames / csv: time {med['frames'][0] / med['csv'][0]:.2f}x, "
          f"memory {med['frames'][1] / med['csv'][1]:.2f}x")
    print(f"load average at the end: {open('/proc/loadavg').read().strip()}")


if __name__ == "__main__":
    main()
