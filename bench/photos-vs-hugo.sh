#!/usr/bin/env bash
# Benchmark (not a test): the photo pipeline on a synthetic archive of
# 120 monthly reports with 6 photographs each (720 JPEGs), built with the
# widths [480, 960, 1600], thumbnail 320, quality 80.
#
#   bench/photos-vs-hugo.sh [--hugo] [--runs N] PHOTO_DIR
#
# PHOTO_DIR (required): a folder of real photographs as .jpg files, copied
# into the archive in turn by bench/gen-corpus.py (each copy made unique).
# Camera-sized photos give figures that mean something: issue 5's figures
# (Hugo's, quoted below) used 1.3–4.9 MP JPEGs, the nature photos of
# Debian's mate-backgrounds package (usr/share/backgrounds/mate/nature/*.jpg).
# faro is timed cold (no .faro-cache, no public/) and warm (cache present),
# N times each (default 3), printing the median wall time, CPU seconds
# (user + sys) and peak RSS of each, from GNU time.
# --hugo also times Hugo (bench/hugo-build.sh) cold (no resources/)
# once, about 12 minutes on 2 cores, and warm N times; without it, Hugo's
# figures measured for issue 5 on this kind of machine are quoted.
#
# Needs: python3, /usr/bin/time (apt-get install time),
# and for --hugo: hugo (apt-get install hugo).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
hugo=0
runs=3
photos=
while [ $# -gt 0 ]; do
  case $1 in
    --hugo) hugo=1 ;;
    --runs) runs=${2:?--runs N}; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) photos=$1 ;;
  esac
  shift
done
[ -n "$photos" ] && [ -d "$photos" ] || {
  echo "usage: bench/photos-vs-hugo.sh [--hugo] [--runs N] PHOTO_DIR (a folder of .jpg photos)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install time" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
corpus=$work/corpus
python3 "$here/bench/gen-corpus.py" "$corpus" --reports 120 --photos 6 --photo-dir "$photos" >/dev/null
n=$(find "$corpus/content" -name '*.jpg' | wc -l)
mb=$(du -sm "$corpus/content" | cut -f1)

cargo build --release --quiet --bin faro --manifest-path "$here/Cargo.toml"
faro="$here/target/release/faro"

# measure LABEL CMD...: runs CMD, appends "wall cpu peak_kb" to $work/LABEL.
measure() {
  local label=$1; shift
  /usr/bin/time -o "$work/t" -f "%e %U %S %M" "$@" >/dev/null 2>"$work/err" || {
    cat "$work/err" >&2; echo "failed: $*" >&2; exit 1; }
  awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$work/t" >>"$work/$label"
}
# summary LABEL: median of each column over the runs.
summary() {
  python3 - "$work/$1" "$1" <<'PY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
wall, cpu, rss = (statistics.median(c) for c in zip(*rows))
print(f"{sys.argv[2]:10} median of {len(rows)}: wall {wall:7.2f} s  cpu {cpu:7.2f} s  peak {rss/1024:6.0f} MB"
      f"   (walls: {' '.join(f'{r[0]:.2f}' for r in rows)})")
print(f"{wall} {cpu} {rss}", file=open(sys.argv[1] + ".median", "w"))
PY
}

echo "corpus: 120 reports, $n photos ($mb MB), $(nproc) cores"
for i in $(seq "$runs"); do
  rm -rf "$corpus/.faro-cache" "$corpus/public"
  sync
  measure faro-cold "$faro" build --root "$corpus"
done
summary faro-cold
for i in $(seq "$runs"); do
  measure faro-warm "$faro" build --root "$corpus"
done
summary faro-warm

if [ "$hugo" = 1 ]; then
  rm -rf "$corpus/resources" "$corpus/public-hugo"
  measure hugo-cold bash "$here/bench/hugo-build.sh" "$corpus"
  summary hugo-cold
  for i in $(seq "$runs"); do
    measure hugo-warm bash "$here/bench/hugo-build.sh" "$corpus"
  done
  summary hugo-warm
  read -r hc _ _ <"$work/hugo-cold.median"
  read -r hw _ _ <"$work/hugo-warm.median"
else
  echo "hugo (issue 5, same machine kind): cold about 720 s wall, 850 s cpu; warm 1.8 s wall (--hugo to measure)"
  hc=720 hw=1.8
fi
read -r fc fcpu frss <"$work/faro-cold.median"
read -r fw _ wrss <"$work/faro-warm.median"
python3 - "$fc" "$fw" "$hc" "$hw" "$frss" "$wrss" "$n" "$fcpu" <<'PY'
import sys
fc, fw, hc, hw, frss, wrss, n, fcpu = map(float, sys.argv[1:])
print(f"cold: faro/hugo = {fc/hc:.3f} (target <= 0.1), {fcpu/n*1000:.0f} ms cpu per photo")
print(f"warm: faro/hugo = {fw/hw:.3f} (target <= 1)")
print(f"peak: {max(frss, wrss)/1024:.0f} MB (target < 500)")
PY
