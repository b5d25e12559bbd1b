#!/usr/bin/env bash
# Regenerates every picture in docs/img from the bundled datasets.
#
#   scripts/gallery.sh            # writes docs/img/*.dot and, with Graphviz, docs/img/*.svg
#   scripts/gallery.sh OUT_DIR    # writes them elsewhere (tests/gallery.rs compares the DOT files)
#
# Each picture is one `coopnet map` command; the DOT file beside each SVG is the
# exact input Graphviz drew, so the pictures in the repository are the ones this
# script makes.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/img}
mkdir -p "$out"
bin=${COOPNET:-target/release/coopnet}
if [ ! -x "$bin" ]; then cargo build --release --quiet; fi
render=()
if command -v dot >/dev/null 2>&1; then render=(--render svg); else echo "Graphviz not found: writing DOT files only" >&2; fi

map() { "$bin" --quiet map "$@" "${render[@]}"; }

# The geographic cooperation map of Russia's regions, coloured by federal district.
map datasets/russia --layout geo --out "$out/russia-geo.dot"
# The same map coloured by the communities Leiden finds in the region projection.
map datasets/russia --layout geo --color-by community --out "$out/russia-communities.dot"
# The five strongest national-cluster suggestions as boxes of regions (dot layout).
map datasets/russia --suggestions --top 5 --out "$out/russia-suggestions.dot"
# The hand-written demo: suggestions and organisations on the map.
map datasets/demo --suggestions --out "$out/demo-suggestions.dot"
map datasets/demo --projection participants --layout geo --out "$out/demo-participants-geo.dot"
echo "gallery written to $out" >&2
