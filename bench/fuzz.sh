#!/usr/bin/env bash
# Fuzz the report loader: front matter + validation + Markdown rendering.
#
#   bench/fuzz.sh [SECONDS]      (default: 1500 s; MAX_LEN=… for the input size, default 8192)
#
# Target `report` (fuzz/fuzz_targets/report.rs) feeds each input, as the text
# of content/informes/2024/01/index.md, to faro::load::parse_report_text (the
# loader's own parser, no disk access), then renders the body with
# faro::markdown::render (raw HTML on and off) and faro::markdown::photo_refs.
# The checks are in fuzz/harness.rs; tests/fuzz_regressions.rs replays every
# input kept in tests/fixtures/fuzz/ through the same function.
#
# cargo-fuzz wants nightly for its sanitizer flags; only stable is installed,
# so RUSTC_BOOTSTRAP=1 lets stable accept them (AddressSanitizer on, which
# matters for serde_yaml's unsafe-libyaml). The first build takes ~10 min on
# two cores (the whole of faro, instrumented), in fuzz/target/.
#
# Corpus: the real reports in content/informes/ plus fuzz/seeds/, with the
# YAML/Markdown dictionary fuzz/report.dict. A crash is saved under
# fuzz/artifacts/report/: copy it to tests/fixtures/fuzz/ and fix the bug.
#
# Runs so far (2 shared cores, ASan, one worker), 55 min, 1.69 M inputs:
#   8192 B  1501 s  141,610 execs  none
#    512 B    38 s   27,786        harness false alarm (quote in text)
#    512 B   756 s  548,420        javascript: image src inside a heading
#   2048 B   481 s  534,260        none (after the fixes)
#   8192 B   256 s  187,897        YAML error line past U+0085 (NEL)
#   8192 B   301 s  251,483        none (final code)
# and, by hand in tests/robustness.rs: equal headings quadratic (hang),
# YAML alias bomb (out of memory).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN="${1:-1500}"
MAX_LEN="${MAX_LEN:-8192}"   # MAX_LEN=512 bench/fuzz.sh … favours small, fast inputs

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

corpus=fuzz/corpus/report
mkdir -p "$corpus"
for f in content/informes/*/*/index.md; do
    cp "$f" "$corpus/seed-$(echo "$f" | tr / -)"
done
cp fuzz/seeds/* "$corpus/"

export RUSTC_BOOTSTRAP=1
cd fuzz
cargo fuzz build report
# The binary `cargo fuzz run` would start, started directly: after a crash
# `cargo fuzz run` rebuilds everything with other debug settings just to
# print a backtrace (another ~10 min here). Replay a crash instead with
#   cargo test --test fuzz_regressions   (after copying it to tests/fixtures/fuzz/)
# -timeout: one input taking over 10 s counts as a hang (a crash).
mkdir -p artifacts/report
exec target/x86_64-unknown-linux-gnu/release/report corpus/report \
    -artifact_prefix=artifacts/report/ \
    -dict=report.dict \
    -max_total_time="$SECONDS_TO_RUN" \
    -max_len="$MAX_LEN" \
    -timeout=10 \
    -rss_limit_mb=2048 \
    -print_final_stats=1
