#!/usr/bin/env bash
# Benchmark (not a test): every kind of build of issue 28, faro against Hugo
# on the same synthetic archive, the two alternating run by run.
#
#   bench/speed.sh [REPORTS] [RUNS]        (defaults 1200, 5)
#
# Kinds of build, each RUNS times per tool after one that is not counted:
#
#   fresh    first build into an empty output: the last output moved aside
#            before each run (as on a new machine, or a CI job);
#   cold     first build right after `rm -rf` of the last output (on ext4,
#            creating files is far slower for a while after a delete);
#   bare     as cold, and the site's caches deleted too (faro's .faro-cache,
#            Hugo's resources/): a build that has never run on this machine;
#   changed  one word of the newest report changed since the last build
#            (the report an institute is writing); afterwards the search
#            index is checked to hold the new word and not the one it
#            replaced;
#   archived as changed, in the oldest report (a correction to the archive:
#            faro indexes its archive part again, src/search/parts.rs);
#   same     nothing changed since the last build.
#
# For each: the median wall time of each tool, the median of the per-pair
# ratios faro/Hugo (and its range), the same for CPU time (user + system:
# on a machine others load, CPU time varies less than wall time), and the
# largest peak memory (GNU time's maximum resident set size) of each. Then the files and bytes of each tool's output. The
# archive and the outputs are made under TMPDIR (tmpfs or disk as it says);
# the load average is printed first and last: the machine may be shared.
#
# Then item 5, on the same archive: whether a first build with no cache
# gives the very bytes the rebuilds left, save → reload in the preview
# (bench/serve-latency.sh) and the search page's first query
# (bench/search-weight.sh, when chromium and chromedriver are there).
#
# FARO=/path/to/faro runs that binary instead of building this tree's.
# KINDS="changed same" runs only those kinds (default: all, in the order above).
# EXTRAS=0 leaves item 5 out.
# Needs: python3, hugo, GNU time (apt-get install hugo time).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
reports=${1:-1200}
runs=${2:-5}
kinds=${KINDS:-fresh cold bare changed archived same}
for kind in $kinds; do
  case $kind in
    fresh | cold | bare | changed | archived | same) ;;
    *) echo "unknown kind in KINDS: $kind (fresh cold bare changed archived same)" >&2; exit 2 ;;
  esac
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v hugo >/dev/null || { echo "needs hugo: apt-get install hugo" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install time" >&2; exit 2; }

if [ -z "${FARO:-}" ]; then
  cargo build --release --quiet --manifest-path "$here/Cargo.toml"
fi
faro=${FARO:-$here/target/release/faro}
corpus=$work/corpus
python3 "$here/bench/gen-corpus.py" "$corpus" --reports "$reports" >/dev/null
newest=$(find "$corpus/content/informes" -name index.md | sort | tail -1)
oldest=$(find "$corpus/content/informes" -name index.md | sort | sed -n 1p)  # all read: head would end sort with SIGPIPE under pipefail
report=$newest
fstype=$(df --output=fstype "$work" | tail -1 | tr -d ' ')
if [ "$fstype" = ext4 ]; then
  # jbd2 lists each journaled device; without a journal ext4 skips the
  # inodes freed in the last seconds one by one, so creating files after a
  # delete (cold, bare) costs far more there (docs/benchmarks.md, note 9).
  device=$(basename "$(findmnt -no SOURCE -T "$work")")
  if ls /proc/fs/jbd2/ 2>/dev/null | grep -qx "$device-[0-9]*"; then
    fstype="ext4 with a journal"
  else
    fstype="ext4 without a journal"
  fi
fi
echo "== $reports reports, $runs runs per kind and tool, in $fstype ($work)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# faro's output and what it keeps beside it (staging folder, manifests, render cache).
faro_files() { echo "$work/public-faro" "$work"/.public-faro.*; }
hugo_out=$corpus/public-hugo
aside() { local d; d=$(mktemp -d "$work/aside.XXXXXX"); mv -t "$d" "$@" 2>/dev/null || true; }

prepare() { # KIND TOOL
  case $1-$2 in
    fresh-faro) aside $(faro_files) ;;
    fresh-hugo) aside "$hugo_out" ;;
    cold-faro) rm -rf $(faro_files) ;;
    cold-hugo) rm -rf "$hugo_out" ;;
    bare-faro) rm -rf $(faro_files) "$corpus/.faro-cache" ;;
    bare-hugo) rm -rf "$hugo_out" "$corpus/resources" ;;
    changed-*) report=$newest; change_word ;;
    archived-*) report=$oldest; change_word ;;
    same-*) ;;
  esac
}

# One word of the last report, different at every change: the last one put
# is remembered, to check the index after faro's build.
n=0
old_word=""
new_word=""  # faro_last: the word faro's last build indexed
change_word() {
  n=$((n + 1))
  old_word=$new_word
  # Letters Spanish stemming leaves alone (no vowel endings).
  new_word="zqxv$(printf '%s' "$n$RANDOM" | tr 0-9 bcdfghjklm)k"
  python3 - "$report" "$old_word" "$new_word" <<'PY'
import sys
path, old, new = sys.argv[1:]
text = open(path, encoding="utf-8").read()
if old and old in text:
    text = text.replace(old, new)
else:
    text = text.rstrip("\n") + f"\n\nPalabra de prueba: {new}.\n"
open(path, "w", encoding="utf-8").write(text)
PY
}

# Whether the index's word chunks hold WORD (each chunk is gzip, a
# signature, then CBOR, where words are plain UTF-8).
index_has() {
  python3 - "$work/public-faro/pagefind" "$1" <<'PY'
import gzip, pathlib, sys
root, word = pathlib.Path(sys.argv[1]), sys.argv[2].encode()
found = any(word in gzip.decompress(p.read_bytes()) for p in root.rglob("*.pf_index"))
sys.exit(0 if found else 1)
PY
}

run() { # KIND TOOL: writes "KIND TOOL WALL_MS KB CPU_S" to $work/last
  local t0 t1 kb cpu
  prepare "$1" "$2"
  t0=$(date +%s%N)
  case $2 in
    faro) /usr/bin/time -o "$work/time" -f "%M %U %S" "$faro" build --root "$corpus" --output "$work/public-faro" >/dev/null 2>"$work/err" \
            || { cat "$work/err" >&2; exit 1; } ;;
    hugo) /usr/bin/time -o "$work/time" -f "%M %U %S" hugo --source "$corpus" --destination "$hugo_out" --quiet >/dev/null ;;
  esac
  t1=$(date +%s%N)
  read -r kb user sys < <(tail -1 "$work/time")
  cpu=$(python3 -c "print($user + $sys)")
  echo "$1 $2 $(((t1 - t0) / 1000000)) $kb $cpu" >"$work/last"
}

results=$work/results
faro_last=""
for kind in $kinds; do
  # Each kind of change starts from a word of its own.
  old_word=""; new_word=""; faro_last=""
  for i in $(seq 0 "$runs"); do
    for tool in faro hugo; do
      run "$kind" "$tool"
      if [ "$i" -gt 0 ]; then cat "$work/last" >>"$results"; fi
      if { [ "$kind" = changed ] || [ "$kind" = archived ]; } && [ "$tool" = faro ]; then
        index_has "$new_word" || { echo "search index lacks the new word $new_word" >&2; exit 1; }
        if [ -n "$faro_last" ] && index_has "$faro_last"; then
          echo "search index still holds the replaced word $faro_last" >&2; exit 1
        fi
        faro_last=$new_word
      fi
    done
  done
  rm -rf "$work"/aside.*
  # The next kind starts from a built output, and faro's from a filled
  # staging folder (a second build fills it).
  run same faro; run same faro; run same hugo
done
[ "$runs" -gt 0 ] && echo "(changed, archived: the index held each new word and none it replaced)"

python3 - "$results" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
for kind in ["fresh", "cold", "bare", "changed", "archived", "same"]:
    f = [(int(ms), int(kb), float(cpu)) for k, t, ms, kb, cpu in rows if k == kind and t == "faro"]
    h = [(int(ms), int(kb), float(cpu)) for k, t, ms, kb, cpu in rows if k == kind and t == "hugo"]
    if not f:
        continue
    ratios = [a[0] / b[0] for a, b in zip(f, h)]
    cpu_ratios = [a[2] / b[2] for a, b in zip(f, h)]
    fm, hm = statistics.median(x[0] for x in f), statistics.median(x[0] for x in h)
    fc, hc = statistics.median(x[2] for x in f), statistics.median(x[2] for x in h)
    print(f"{kind:8} wall faro {fm:6.0f} ms hugo {hm:6.0f} ms faro/hugo {statistics.median(ratios):.2f}"
          f" (pairs {min(ratios):.2f}-{max(ratios):.2f});"
          f" CPU faro {fc:.2f} s hugo {hc:.2f} s faro/hugo {statistics.median(cpu_ratios):.2f};"
          f" peak MiB faro {max(x[1] for x in f)/1024:.0f} hugo {max(x[1] for x in h)/1024:.0f}")
PY

count() { echo "$(find "$1" -type f | wc -l) files, $(du -sb "$1" | cut -f1) bytes"; }
echo "output: faro $(count "$work/public-faro"); hugo $(count "$hugo_out")"
echo "faro by kind: $(find "$work/public-faro" -type f | sed -E 's/.*\.//; s/.*\/.*/other/' | sort | uniq -c | sort -rn | head -8 | awk '{printf "%s %s, ", $2, $1}')"

# Item 5 of issue 28, on the same archive (EXTRAS=0 leaves it out):
# - a first build into a new folder, with no cache of any kind, must give
#   the very bytes of the output the rebuilds above left (the never-stale
#   guarantee: an incremental build is a full one);
# - save → reload in the preview (bench/serve-latency.sh, 20 saves);
# - the search page's first query (bench/search-weight.sh, which makes its
#   own archive of the same size; needs chromium and chromedriver).
if [ "${EXTRAS:-1}" != 0 ] && [ -d "$work/public-faro" ]; then
  echo "== item 5"
  mv "$corpus/.faro-cache" "$work/cache-aside"
  rm -rf "$work/first"
  "$faro" build --root "$corpus" --output "$work/first" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  mv "$work/cache-aside" "$corpus/.faro-cache"
  if diff -r -q "$work/public-faro" "$work/first" >"$work/diff"; then
    echo "first build with no cache = the rebuilt output: identical, $(find "$work/first" -type f | wc -l) files"
  else
    echo "first build with no cache differs from the rebuilt output:"; head -20 "$work/diff"; exit 1
  fi
  FARO="$faro" "$here/bench/serve-latency.sh" "$corpus" 20 2>&1 | grep -E "^== save -> reload, median|^load average"
  if command -v chromedriver >/dev/null && { command -v chromium >/dev/null || command -v chromium-browser >/dev/null; }; then
    "$here/bench/search-weight.sh" "$reports" >"$work/weight" 2>&1 || { tail -20 "$work/weight" >&2; exit 1; }
    grep -E "^first query" "$work/weight"
  else
    echo "search's first query: skipped (needs chromium and chromedriver)"
  fi
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
