#!/usr/bin/env bash
# Benchmark (not a test): a full build of the synthetic 1,200-report archive,
# faro against Hugo on the same input. Prints hyperfine's median and the
# peak memory of each (GNU time's maximum resident set size).
#
#   bench/build-vs-hugo.sh [REPORTS]      (default 1200)
#
# Needs: python3, hugo, hyperfine, /usr/bin/time (apt-get install hugo hyperfine time).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$here/../shared}
reports=${1:-1200}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --manifest-path "$here/Cargo.toml"
faro="$here/target/release/faro"
python3 "$shared/bench/gen-corpus.py" "$work/corpus" --reports "$reports" >/dev/null
# Prepare Hugo's copy of the theme once, outside the timed runs.
"$shared/bench/hugo-build.sh" "$work/corpus" >/dev/null

hyperfine --warmup 1 --runs 10 --export-json "$work/h.json" \
  -n faro "$faro build --root $work/corpus --output $work/public-faro" \
  -n hugo "hugo --source $work/corpus --destination $work/corpus/public-hugo --quiet"

python3 - "$work/h.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
f, h = r["faro"]["median"], r["hugo"]["median"]
print(f"median wall: faro {f*1000:.0f} ms, hugo {h*1000:.0f} ms, faro/hugo = {f/h:.2f}")
PY

peak() { /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -1; }
for i in 1 2 3; do
  echo "faro $(peak "$faro" build --root "$work/corpus" --output "$work/public-faro") KB"
  echo "hugo $(peak hugo --source "$work/corpus" --destination "$work/corpus/public-hugo" --quiet) KB"
done | sort | awk '{a[$1]=a[$1]" "$2} END {for (k in a) print "peak RSS (3 runs)", k ":" a[k], "KB"}'
