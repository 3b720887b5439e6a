#!/usr/bin/env bash
# Benchmark (not a test): a full build of the synthetic 1,200-report archive,
# faro against Hugo on the same input. Prints hyperfine's median and the
# peak memory of each (GNU time's maximum resident set size).
#
#   bench/build-vs-hugo.sh [--cold | --fresh] [REPORTS]      (default 1200)
#
# By default each tool rebuilds over its previous output, as on an editor's
# machine. Both other modes start every run without an output, as a first
# build does: --fresh moves the previous output aside (as on a new CI
# machine), --cold deletes it. Right after a delete, creating files is far
# slower on some filesystems (ext4 without a journal skips inodes freed in
# the last minutes); faro writes about 8 times as many files as Hugo's
# benchmark theme (every chart also as a standalone SVG), so it pays more.
#
# Needs: python3, hugo, hyperfine, /usr/bin/time (apt-get install hugo hyperfine time).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
mode=warm
case ${1:-} in --cold|--fresh) mode=${1#--}; shift ;; esac
reports=${1:-1200}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --manifest-path "$here/Cargo.toml"
faro="$here/target/release/faro"
python3 "$here/bench/gen-corpus.py" "$work/corpus" --reports "$reports" >/dev/null
# One Hugo build outside the timed runs, to check the Hugo site builds.
"$here/bench/hugo-build.sh" "$work/corpus" >/dev/null

# What runs before each timed build: nothing, a delete, or a move aside.
faro_out="$work/public-faro $work/.public-faro.faro-next $work/.public-faro.faro-manifest $work/.public-faro.faro-next-manifest $work/.public-faro.faro-render-cache"
hugo_out="$work/corpus/public-hugo"
# Warm: the first build is a first build and the second fills the staging
# folder (see docs/commands.md, "faro build"): the third is the first of the steady
# rebuilds measured.
warmup=1
case $mode in
  warm) prep_faro=true prep_hugo=true warmup=3 ;;
  cold) prep_faro="rm -rf $faro_out" prep_hugo="rm -rf $hugo_out" ;;
  fresh)
    aside='d=$(mktemp -d '"$work"'/aside.XXXXXX) && mv -t "$d" '
    prep_faro="$aside $faro_out 2>/dev/null; true"
    prep_hugo="$aside $hugo_out 2>/dev/null; true" ;;
esac
hyperfine --warmup "$warmup" --runs 10 --export-json "$work/h.json" \
  --prepare "$prep_faro" -n faro "$faro build --root $work/corpus --output $work/public-faro" \
  --prepare "$prep_hugo" -n hugo "hugo --source $work/corpus --destination $work/corpus/public-hugo --quiet"

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
