#!/usr/bin/env bash
# Regenerates every picture in docs/img from the bundled datasets.
#
#   scripts/gallery.sh            # writes docs/img/*.svg (and the DOT files Graphviz draws)
#   scripts/gallery.sh OUT_DIR    # writes them elsewhere (tests/gallery.rs compares them)
#
# Each picture is one `coopnet map` command. The choropleths (--layout shapes)
# are SVG written by coopnet itself; the diagrams and network maps are DOT
# files, drawn by Graphviz into the SVG beside each one, so the pictures in
# the repository are the ones this script makes.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/img}
mkdir -p "$out"
bin=${COOPNET:-target/release/coopnet}
if [ ! -x "$bin" ]; then cargo build --release --quiet; fi
render=()
if command -v dot >/dev/null 2>&1; then render=(--render svg); else echo "Graphviz not found: writing DOT files only" >&2; fi

map() { "$bin" --quiet map "$@"; }

# Choropleths (SVG, no Graphviz needed).
# Clusters per region with the 60 strongest links between regions.
map datasets/russia --layout shapes --fill clusters --out "$out/russia-clusters.svg"
# The strongest suggested national cluster, by the sector each region brings.
map datasets/russia --layout shapes --fill suggestion --rank 1 --out "$out/russia-suggestion.svg"
# Communities of regions that cooperate with each other (links inside a region left out).
map datasets/russia --layout shapes --fill community --between --out "$out/russia-communities.svg"

# Graphviz diagrams and maps (DOT, and SVG with Graphviz).
# The six strongest national-cluster suggestions as a grid of cards.
map datasets/russia --suggestions --top 6 --out "$out/russia-suggestions.dot" "${render[@]}"
# The network map: regions at their capitals, coloured by federal district.
map datasets/russia --layout geo --out "$out/russia-geo.dot" "${render[@]}"
# The hand-written demo: its suggestions, its organisations on the map, and its shapes.
map datasets/demo --suggestions --out "$out/demo-suggestions.dot" "${render[@]}"
map datasets/demo --projection participants --layout geo --out "$out/demo-participants-geo.dot" "${render[@]}"
map datasets/demo --layout shapes --fill lq --sector 32 --out "$out/demo-lq-32.svg"
echo "gallery written to $out" >&2
