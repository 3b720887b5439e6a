#!/usr/bin/env bash
# Benchmark (not a test): what the search step adds to `faro build` on the
# synthetic 1,200-report archive, in three situations:
#
#   cold     a first build, into an empty output folder;
#   changed  the oldest report's text changed since the last build: every
#            page is checked, and the part of the index it is in (the
#            archive part, src/search/parts.rs) is made anew (Pagefind builds
#            a part whole); bench/speed.sh times a change to the newest;
#   warm     nothing changed: the published index is reused.
#
#   plain    a first build with `compress: false`: the same, without the
#            compressed copies (the share of search against rendering alone).
#
#   bench/search-build.sh [REPORTS] [RUNS]      (defaults 1200, 5)
#
# "Without search": for first builds (cold, plain), the same builds with
# `search: false` in site.yaml, run alternately with the others (the index
# is made beside the compressed copies, so its step's time is not what it
# adds); after a change or with nothing changed, each build's time less its
# search step, read from --timings (little else runs beside it then).
# Medians of RUNS builds, after one that is not counted.
#
# FARO=/path/to/faro runs that binary instead of building this tree's
# (to compare with an earlier one).
#
# Needs: python3, cargo.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
reports=${1:-1200}
runs=${2:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ -z "${FARO:-}" ]; then
  cargo build --release --quiet --manifest-path "$here/Cargo.toml"
fi
faro=${FARO:-$here/target/release/faro}
python3 "$here/bench/gen-corpus.py" "$work/corpus" --reports "$reports" >/dev/null
out="$work/out/public"
mkdir -p "$work/out"
one=$(find "$work/corpus/content/informes" -name index.md | sort | sed -n 1p)

build() { FARO_LANG=en "$faro" build --root "$work/corpus" --output "$out" --timings; }

summarize() {
  python3 -c '
import re, statistics, sys
label = sys.argv[1]
total, search, hows, compress = [], [], [], []
for line in sys.stdin:
    m = re.search(r" in (\d+) ms$", line)
    if m: total.append(float(m.group(1)))
    # "search", or "search (index reused)", "(recent part only)"…
    m = re.match(r"\s+search(?: \((.*?)\))?\s+([\d.]+) ms", line)
    if m:
        search.append(float(m.group(2)))
        hows.append(m.group(1) or "indexed")
    m = re.match(r"\s+compress\s+([\d.]+) ms", line)
    if m: compress.append(float(m.group(1)))
t, s = statistics.median(total), statistics.median(search)
how = hows[0] if len(set(hows)) == 1 else "mixed!"
print(f"{label:8} median of {len(total)}: build {t:.0f} ms, search step {s:.0f} ms ({how});"
      f" without search {t-s:.0f} ms; search adds {s/(t-s)*100:.0f}%"
      + (f"; compress step {statistics.median(compress):.0f} ms" if compress else ""))
' "$1"
}

# first NAME: RUNS first builds into an empty folder, each with search and
# then without (a copy of the corpus with `search: false`), alternately.
first() {
  rm -rf "$work/off" && cp -r "$work/corpus" "$work/off"
  printf '\nsearch: false\n' >>"$work/off/site.yaml"
  for i in $(seq 0 "$runs"); do
    for root in "$work/corpus" "$work/off"; do
      rm -rf "$work/out" && mkdir -p "$work/out"
      local t0 t1
      t0=$(date +%s%N)
      FARO_LANG=en "$faro" build --root "$root" --output "$out" >/dev/null
      t1=$(date +%s%N)
      [ "$i" -gt 0 ] && echo "$root $(((t1 - t0) / 1000000))"
    done
  done | python3 -c '
import statistics, sys
label, on = sys.argv[1], sys.argv[2]
with_s, without = [], []
for line in sys.stdin:
    root, ms = line.split()
    (with_s if root == on else without).append(float(ms))
w, wo = statistics.median(with_s), statistics.median(without)
print(f"{label:8} median of {len(with_s)}: with search {w:.0f} ms, with search: false {wo:.0f} ms;"
      f" search adds {(w-wo)/wo*100:.0f}%")
' "$1" "$work/corpus"
}

echo "== $reports reports, $runs runs each"
first cold
for i in $(seq 0 "$runs"); do
  printf '\nUna palabra nueva: cambio%s.\n' "$i$RANDOM" >>"$one"
  if [ "$i" -gt 0 ]; then build; else build >/dev/null; fi
done | summarize changed
for i in $(seq 0 "$runs"); do
  if [ "$i" -gt 0 ]; then build; else build >/dev/null; fi
done | summarize warm
echo "index: $(find "$out/pagefind" -type f | wc -l) files, $(du -sh "$out/pagefind" | cut -f1)"
# Last, as it changes the corpus's site.yaml.
printf '\ncompress: false\n' >>"$work/corpus/site.yaml"
first plain
