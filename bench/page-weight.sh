#!/usr/bin/env bash
# Benchmark (not a test): the bytes a phone downloads for the home page and
# the January 2024 report of the bundled site, before and after issue 17
# (compressed copies, hashed asset names), uncompressed and compressed.
#
#   bench/page-weight.sh FARO_BEFORE [FARO_AFTER]
#
# FARO_BEFORE is a faro binary built from the commit to compare with (e.g.
# main before issue 17); FARO_AFTER defaults to this checkout's debug build.
# Each builds the bundled site (site.yaml + content/) into a temp folder;
# bench/page-weight.py then lists each page's subresources from its HTML and
# sums their sizes as a server would send them (see that script's columns).
# Needs: python3, brotli (apt-get install brotli).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
before=${1:?usage: bench/page-weight.sh FARO_BEFORE [FARO_AFTER]}
after=${2:-}
if [ -z "$after" ]; then
  cargo build --quiet --manifest-path "$here/Cargo.toml"
  after="$here/target/debug/faro"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
base=$(sed -n 's/^base_url: *"\{0,1\}\([^"]*\)"\{0,1\}/\1/p' "$here/site.yaml" | sed 's#^[a-z]*://[^/]*##')
pages=("" "informes/2024/01/")
for which in before after; do
  bin=$before
  [ "$which" = after ] && bin=$after
  "$bin" build --root "$here" --output "$work/$which" >/dev/null
  echo "== $which ($bin)"
  python3 "$here/bench/page-weight.py" "$work/$which" "$base" "${pages[@]}"
done
