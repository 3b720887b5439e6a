#!/usr/bin/env bash
# Fuzz faro's parsers of untrusted input.
#
#   bench/fuzz.sh [TARGET] [SECONDS]     (default: report, 1500 s)
#   MAX_LEN=… for the input size (default 8192 for report, 65536 for import_*)
#
# Targets (fuzz/fuzz_targets/):
#   report       each input, as the text of content/informes/2024/01/index.md,
#                goes to faro::load::parse_report_text (the loader's own
#                parser, no disk access), then faro::markdown::render (raw
#                HTML on and off) and photo_refs. Checks: fuzz/harness.rs.
#   import_docx  each input, as a .docx, goes through the reading step a
#   import_pdf   `faro import` worker runs (faro::import::read_document, with
#   import_txt   the default limits): bytes → the text model. Checks:
#                fuzz/import_harness.rs (a document or a non-empty refusal;
#                the model survives the worker's JSON; images are JPEG/PNG).
#
# cargo-fuzz wants nightly for its sanitizer flags; RUSTC_BOOTSTRAP=1 lets
# stable accept them (AddressSanitizer on). The first build takes ~10 min on
# two cores (the whole of faro, instrumented), in fuzz/target/.
#
# Corpus (fuzz/corpus/TARGET, not committed): for report, the real reports in
# content/informes/ plus fuzz/seeds/ with the dictionary fuzz/report.dict; for
# import_*, the committed fuzz/import-seeds/EXT/ (the tests' January 2024
# report as text, as Word and PDF from LibreOffice, with and without ruled
# tables, and the hostile PDFs of tests/import_hostile.rs). A crash is saved
# under fuzz/artifacts/TARGET/: copy it to tests/fixtures/fuzz/ (report) or
# tests/fixtures/fuzz-import/EXT/ (import) and fix the bug;
# tests/fuzz_regressions.rs replays both folders and the import seeds.
#
# Runs and findings are listed in docs/testing.md ("Fuzzing").
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=report
if [[ $# -gt 0 && ! "$1" =~ ^[0-9]+$ ]]; then
    TARGET="$1"
    shift
fi
SECONDS_TO_RUN="${1:-1500}"

case "$TARGET" in
report) MAX_LEN="${MAX_LEN:-8192}" ;;
import_docx | import_pdf | import_txt) MAX_LEN="${MAX_LEN:-65536}" ;;
*)
    echo "unknown target $TARGET (report, import_docx, import_pdf, import_txt)" >&2
    exit 2
    ;;
esac

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

corpus=fuzz/corpus/$TARGET
mkdir -p "$corpus"
dict=()
if [[ "$TARGET" == report ]]; then
    for f in content/informes/*/*/index.md; do
        cp "$f" "$corpus/seed-$(echo "$f" | tr / -)"
    done
    cp fuzz/seeds/* "$corpus/"
    dict=(-dict=report.dict)
else
    cp fuzz/import-seeds/"${TARGET#import_}"/* "$corpus/"
fi

export RUSTC_BOOTSTRAP=1
cd fuzz
cargo fuzz build "$TARGET"
# The binary `cargo fuzz run` would start, started directly: after a crash
# `cargo fuzz run` rebuilds everything with other debug settings just to
# print a backtrace (another ~10 min here). Replay a crash instead with
#   cargo test --test fuzz_regressions   (after copying it to tests/fixtures/)
# -timeout: one input taking over 10 s counts as a hang (a crash);
# -rss_limit_mb: the worker's own memory limit is 1 GiB, so 2 GiB is a leak.
mkdir -p "artifacts/$TARGET"
exec "target/x86_64-unknown-linux-gnu/release/$TARGET" "corpus/$TARGET" \
    -artifact_prefix="artifacts/$TARGET/" \
    "${dict[@]}" \
    -max_total_time="$SECONDS_TO_RUN" \
    -max_len="$MAX_LEN" \
    -timeout=10 \
    -rss_limit_mb=2048 \
    -print_final_stats=1
