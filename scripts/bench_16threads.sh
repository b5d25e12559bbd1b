#!/usr/bin/env bash
# Leiden at 1, 2, 4, 8 and 16 threads against NetworKit PLM on a machine with 16 cores that has
# Python 3.12 with numpy and scipy but no Rust toolchain and no package registry.
#
#   scripts/bench_16threads.sh prepare   # here: fills target/bench16 (ignored by git) with a
#                                        # stripped release build of examples/detect, the wheels
#                                        # the benchmark needs and the peers' scripts
#   scripts/bench_16threads.sh run       # there, with target/bench16 carried along: installs the
#                                        # wheels, generates LFR 1 M (peers' default seed), runs
#                                        # scripts/bench_communities.py at 1 and at 16 threads and
#                                        # checks that Leiden's membership is the same at every
#                                        # thread count
#
# Results go to $OUT (or /tmp/bench16 where OUT is unset): bench_t1.csv, bench_t16.csv and their
# Markdown tables. REPS (default 3) sets the repetitions; SIZE (default 1000000) the LFR size.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
carry=$root/target/bench16
reps=${REPS:-3}
size=${SIZE:-1000000}

case "${1:-}" in
prepare)
    peers=${PEERS_DIR:-$root/../shared/peers}
    [ -f "$peers/bench_peers.py" ] || peers=/work/shared/peers
    (cd "$root" && cargo build --release --example detect)
    rm -rf "$carry"
    mkdir -p "$carry/wheels" "$carry/peers"
    cp "$root/target/release/examples/detect" "$carry/detect"
    strip "$carry/detect"
    cp "$peers/bench_peers.py" "$peers/gen_graphs.py" "$carry/peers/"
    # The versions of the peers' requirements.txt; numpy and scipy are there already.
    python3 -m pip download --quiet --only-binary=:all: --python-version 3.12 \
        --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 \
        --platform manylinux2014_x86_64 --no-deps -d "$carry/wheels" \
        networkit==11.3 python-igraph==1.0.0 igraph==1.0.0 texttable \
        scikit-learn==1.9.1 joblib threadpoolctl
    du -sh "$carry"
    ;;
run)
    out=${OUT:-/tmp/bench16}
    mkdir -p "$out/graphs"
    nproc
    cat /proc/loadavg
    python3 -m pip install --quiet --no-index --find-links "$carry/wheels" \
        networkit python-igraph scikit-learn
    python3 "$carry/peers/gen_graphs.py" lfr "$size" --out "$out/graphs"
    export COOPNET_DETECT=$carry/detect PEERS_DIR=$carry/peers
    python3 "$root/scripts/bench_communities.py" "$out/graphs" --sizes "$size" --reps "$reps" \
        --threads 16 --peers nk_plm --algorithms leiden --no-build \
        --compare-threads 1,2,4,8,16 --md "$out/bench_t16.md" | tee "$out/bench_t16.csv"
    python3 "$root/scripts/bench_communities.py" "$out/graphs" --sizes "$size" --reps "$reps" \
        --threads 1 --peers nk_plm --algorithms leiden --no-build \
        --md "$out/bench_t1.md" | tee "$out/bench_t1.csv"
    cat /proc/loadavg
    ;;
*)
    echo "usage: $0 prepare|run" >&2
    exit 2
    ;;
esac
