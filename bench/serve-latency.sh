#!/usr/bin/env bash
# faro serve's save → reload latency: the time from saving a report to a
# browser-like client receiving the `reload` event over /__faro/events
# (and that event naming the report's page among the files that changed).
#
#   bench/serve-latency.sh [CORPUS | REPORTS] [SAVES]
#
# CORPUS is a site folder; a number instead (e.g. 1200) means
# /tmp/corpus<REPORTS>. Either is generated when missing with
#   python3 $GEN_CORPUS CORPUS --reports REPORTS
# (REPORTS defaults to 120; GEN_CORPUS to bench/gen-corpus.py). SAVES defaults to 20; they alternate between
# in-place writes and atomic renames, as editors do. Uses
# target/release/faro (or $FARO): run `cargo build --release` first.
# Runs the saves twice, against `faro serve` (only what a save changed is
# rendered) and `faro serve --full` (every save re-renders the whole site,
# trusting no render cache: the full rebuild the preview's goal is a
# fraction of), and prints the median
# and p90 of each measure, the ratio of the two medians, and `faro build`'s
# time for reference. Needs python3 (stdlib only).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
reports=120
corpus=${1:-/tmp/corpus120}
if [[ $corpus =~ ^[0-9]+$ ]]; then
  reports=$corpus
  corpus=/tmp/corpus$reports
fi
saves=${2:-20}
faro=${FARO:-$repo/target/release/faro}
gen=${GEN_CORPUS:-$repo/bench/gen-corpus.py}
# The log lines read below are the English ones, whatever the site's language.
export FARO_LANG=en

[ -x "$faro" ] || { echo "no $faro: run cargo build --release" >&2; exit 2; }
if [ ! -d "$corpus/content" ]; then
  python3 "$gen" "$corpus" --reports "$reports"
fi

echo "== full build (faro build, 5 runs)"
out=$(mktemp -d)
for _ in 1 2 3 4 5; do
  "$faro" build --root "$corpus" --output "$out/public" | sed 's/^/   /'
done
rm -rf "$out"

work=$(mktemp -d)
server=
# The server is gone by then (each measure stops its own): a failed kill
# must not make the script's exit status (set -e applies in the trap too).
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

# measure MODE [SERVE FLAGS…]: the saves against one `faro serve`; the
# median save → reload time goes to $work/MODE.
measure() {
local mode=$1; shift
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
log=$work/$mode.log
"$faro" serve --root "$corpus" --port "$port" "$@" >"$log" 2>&1 &
server=$!
# The first build of a large archive on a busy machine can take minutes.
for _ in $(seq 1 6000); do
  grep -q "serving" "$log" && break
  kill -0 "$server" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.1
done
port=$(sed -n 's/.*at http:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$log" | head -1)
echo "== faro serve${*:+ $*} on port $port: $saves saves ($mode)"

python3 - "$corpus" "$port" "$saves" "$log" "$work/$mode" <<'PY'
import glob, json, os, re, socket, statistics, sys, time

corpus, port, saves, log, record = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
target = sorted(glob.glob(os.path.join(corpus, "content/informes/*/*/index.md")))[-1]
original = open(target, encoding="utf-8").read()

def edited(k):
    # Raise the first table's first value and its total by k: still valid.
    m = re.search(r"total: (\d+)", original)
    text = original[:m.start()] + f"total: {int(m.group(1)) + k}" + original[m.end():]
    v = re.search(r"value: (\d+)", text[m.start():])
    at = m.start() + v.start()
    end = m.start() + v.end()
    return text[:at] + f"value: {int(v.group(1)) + k}" + text[end:], int(v.group(1)) + k

sse = socket.create_connection(("127.0.0.1", port))
sse.sendall(f"GET /__faro/events HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n".encode())
stream = sse.makefile("rb")
while stream.readline() not in (b"\r\n", b""):
    pass  # response headers

def next_event(timeout=30):
    """The next event that tells of a build (warnings may follow one), with its data."""
    sse.settimeout(timeout)
    name, data = None, ""
    while True:
        line = stream.readline().decode().rstrip("\r\n")
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            data = line[6:]
        elif line == "" and name:
            if name != "build-warnings":
                return name, data
            name, data = None, ""

assert next_event()[0] == "hello"

def fetch(path):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n".encode())
    data = b""
    while chunk := s.recv(65536):
        data += chunk
    s.close()
    return data.decode("utf-8", "replace")

rel = os.path.relpath(os.path.dirname(target), os.path.join(corpus, "content"))
page = "/" + rel.replace(os.sep, "/") + "/"
page_file = page[1:] + "index.html"
event_ms, page_ms, changed_counts = [], [], []
try:
    for k in range(1, saves + 1):
        text, value = edited(k)
        time.sleep(0.3)  # let the previous build's echo settle
        t0 = time.perf_counter()
        if k % 2:
            with open(target, "w", encoding="utf-8") as f:
                f.write(text)
        else:
            tmp = os.path.join(os.path.dirname(target), ".bench-save.tmp")
            with open(tmp, "w", encoding="utf-8") as f:
                f.write(text)
            os.rename(tmp, target)
        name, data = next_event()
        t1 = time.perf_counter()
        body = fetch(page)
        t2 = time.perf_counter()
        if name != "reload" or f"{value:,}" not in body:
            sys.exit(f"save {k}: got {name!r}, new value {value:,} in page: {f'{value:,}' in body}")
        event = json.loads(data)
        if not event.get("all") and page_file not in event.get("changed", [page_file]):
            sys.exit(f"save {k}: the reload event does not name {page_file}")
        changed_counts.append(len(event.get("changed", [])))
        event_ms.append((t1 - t0) * 1000)
        page_ms.append((t2 - t0) * 1000)
finally:
    with open(target, "w", encoding="utf-8") as f:
        f.write(original)

def show(label, xs):
    xs = sorted(xs)
    p90 = xs[min(len(xs) - 1, int(round(0.9 * (len(xs) - 1))))]
    print(f"{label}: median {statistics.median(xs):.0f} ms, min {xs[0]:.0f}, p90 {p90:.0f}, max {xs[-1]:.0f}")

# The server's own account of each rebuild, to split the latency into the
# build and what serve adds (debounce, burst window, notifying).
time.sleep(0.5)
builds = [int(m) for m in re.findall(r"rebuilt \(.*\): .* in (\d+) ms", open(log, encoding="utf-8").read())]
builds = builds[:len(event_ms)]
print("per save (ms):", " ".join(f"{x:.0f}" for x in event_ms))
show("save -> reload event", event_ms)
show("save -> new page fetched", page_ms)
if len(builds) == len(event_ms):
    show("rebuild (as logged)", builds)
    show("serve overhead (event - rebuild)", [e - b for e, b in zip(event_ms, builds)])
if changed_counts:
    print(f"files named as changed per save: median {statistics.median(changed_counts):.0f}")
print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
open(record, "w").write(f"{statistics.median(event_ms)}\n")
PY
echo "== server log (last lines)"
tail -n 3 "$log" | sed 's/^/   /'
kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true
}

measure incremental
measure full --full
python3 - "$work" <<'PY'
import sys
incremental, full = (float(open(f"{sys.argv[1]}/{m}").read()) for m in ("incremental", "full"))
print(f"== save -> reload, median: {incremental:.0f} ms incremental, {full:.0f} ms with --full; ratio {incremental / full:.2f}")
PY
