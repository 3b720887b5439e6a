#!/usr/bin/env bash
# Benchmark (not a CI gate): Lighthouse's mobile profile on the bundled site.
# Builds site.yaml + content/ with the release binary under the sub-path
# /informes/, serves it from loopback the way a static host does (gzip for
# text, long cache for the ?v=hash assets; python3's http.server), and runs
# Lighthouse on the home page and a report with photos. Prints Performance,
# Accessibility, Best Practices and SEO (the median of RUNS runs per page).
#
#   bench/lighthouse.sh                       RUNS=3 by default
#   RUNS=1 PAGES="/ galeria/" bench/lighthouse.sh
#
# Needs: python3, Debian's chromium (CHROME_PATH, default /usr/bin/chromium),
# node/npm. Lighthouse itself (npm `lighthouse`, no browser download) is
# installed on first use into target/lighthouse/, outside package.json.
# Targets: Performance >= 95, Accessibility 100, Best Practices >= 95, SEO 100.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-3}
pages=${PAGES:-"/ informes/2024/01/"}   # paths under the base URL; / is the home page
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
lh_version=12.8.2
lh_dir="$here/target/lighthouse"
lh="$lh_dir/node_modules/.bin/lighthouse"
work=$(mktemp -d)
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

if [ ! -x "$lh" ]; then
  echo "installing lighthouse@$lh_version into target/lighthouse/ ..." >&2
  mkdir -p "$lh_dir"
  npm install --prefix "$lh_dir" --no-save --no-audit --no-fund --loglevel=error "lighthouse@$lh_version" >/dev/null
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port/informes/"
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
"$here/target/release/faro" build --root "$here" --output "$work/www/informes" --base-url "$base" >&2

cat >"$work/serve.py" <<'PY'
import gzip, http.server, os, sys
root, port = sys.argv[1], int(sys.argv[2])
TEXT = (".html", ".css", ".js", ".svg", ".json", ".csv", ".xml", ".txt")

class Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *a, **k):
        super().__init__(*a, directory=root, **k)

    def log_message(self, *a):
        pass

    def end_headers(self):
        if "?v=" in self.path:
            self.send_header("Cache-Control", "public, max-age=31536000, immutable")
        super().end_headers()

    def do_GET(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?")[0].endswith("/"):
                return super().do_GET()  # redirects to the slash
            path = os.path.join(path, "index.html")
        gz = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (gz and path.endswith(TEXT) and os.path.isfile(path)):
            return super().do_GET()
        with open(path, "rb") as f:
            body = gzip.compress(f.read(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
PY
python3 "$work/serve.py" "$work/www" "$port" &
server=$!
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('$base')" 2>/dev/null && break
  sleep 0.1
done

flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking --disable-component-update --no-first-run --disable-sync"
printf '%-28s %12s %14s %15s %5s\n' page Performance Accessibility "Best Practices" SEO
for page in $pages; do
  [ "$page" = / ] && page=
  for i in $(seq "$runs"); do
    "$lh" "$base$page" --quiet --output=json --output-path="$work/lh-$i.json" \
      --only-categories=performance,accessibility,best-practices,seo \
      --chrome-flags="$flags --user-data-dir=$work/profile-$i" >/dev/null 2>"$work/lh-$i.log" \
      || { cat "$work/lh-$i.log" >&2; exit 1; }
  done
  python3 - "$page" "$work" "$runs" <<'PY'
import json, statistics, sys
page, work, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
reports = [json.load(open(f"{work}/lh-{i}.json")) for i in range(1, runs + 1)]
def med(cat):
    return round(statistics.median(r["categories"][cat]["score"] * 100 for r in reports))
print(f"{'/' + page:<28} {med('performance'):>12} {med('accessibility'):>14} {med('best-practices'):>15} {med('seo'):>5}")
r = reports[-1]
a = r["audits"]
print("    last run: " + ", ".join(f"{k} {a[i]['displayValue']}" for k, i in (
    ("FCP", "first-contentful-paint"), ("LCP", "largest-contentful-paint"),
    ("TBT", "total-blocking-time"), ("CLS", "cumulative-layout-shift"),
    ("weight", "total-byte-weight"))).replace("\u00a0", " "))
# What kept a category below 100, from the last run: failing scored audits.
for cat in ("performance", "accessibility", "best-practices", "seo"):
    for ref in r["categories"][cat]["auditRefs"]:
        a = r["audits"][ref["id"]]
        if ref["weight"] > 0 and a["score"] is not None and a["score"] < 1:
            shown = a.get("displayValue", "")
            print(f"    {cat}: {ref['id']} score {a['score']:.2f} {shown}")
PY
done
