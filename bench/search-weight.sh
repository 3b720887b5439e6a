#!/usr/bin/env bash
# Benchmark (not a test): what search costs on the synthetic 1,200-report
# archive.
#
#   bench/search-weight.sh [REPORTS]      (default 1200)
#
# (Build time: bench/search-build.sh.)
# Weight: the built site is served on loopback by a static server in
#   search-weight.py (no compression, so the figures are an upper bound)
#   and opened in headless Chromium through chromedriver; the server counts
#   what /buscar/?q=… and its first query download (the page, its assets,
#   and Pagefind's worker, WebAssembly and index chunks), then what later
#   queries add.
#
# Needs: python3, chromium, chromedriver
# (apt-get install chromium chromium-driver).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
reports=${1:-1200}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --manifest-path "$here/Cargo.toml"
faro="$here/target/release/faro"
python3 "$here/bench/gen-corpus.py" "$work/corpus" --reports "$reports" >/dev/null

# search-weight.py serves the site on this port under /portal/.
base="http://127.0.0.1:8765/portal/"
out="$work/www/portal"
mkdir -p "$work/www"

"$faro" build --root "$work/corpus" --output "$out" --base-url "$base" >/dev/null
echo "index: $(find "$out/pagefind" -type f | wc -l) files, $(du -sh "$out/pagefind" | cut -f1)"

echo "== weight in the browser"
python3 "$here/bench/search-weight.py" "$out" "${CHROMEDRIVER:-chromedriver}" "${CHROME_PATH:-chromium}"
