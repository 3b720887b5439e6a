#!/usr/bin/env bash
# Builds the Hugo side of an archive made by bench/gen-corpus.py (its
# hugo.toml and layouts/, over the same content/ as the faro site).
#
#   bench/hugo-build.sh CORPUS [DEST] [-- HUGO FLAGS…]    (DEST: CORPUS/public-hugo)
#
# Hugo's processed photos go to CORPUS/resources (its cache): delete that
# folder for a cold build. Needs hugo (apt-get install hugo).
set -euo pipefail
corpus=${1:?usage: bench/hugo-build.sh CORPUS [DEST] [-- HUGO FLAGS…]}
shift
dest=$corpus/public-hugo
if [ $# -gt 0 ] && [ "$1" != -- ]; then dest=$1; shift; fi
[ "${1:-}" = -- ] && shift
[ -f "$corpus/hugo.toml" ] || { echo "$corpus/hugo.toml missing: make the archive with bench/gen-corpus.py" >&2; exit 2; }
command -v hugo >/dev/null || { echo "needs hugo: apt-get install hugo" >&2; exit 2; }
case $dest in /*) ;; *) dest=$PWD/$dest ;; esac
exec hugo --source "$corpus" --destination "$dest" --quiet "$@"
