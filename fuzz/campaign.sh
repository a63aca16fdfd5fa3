#!/bin/sh
# One fuzzing run of one target, as the campaigns in docs/reliability.md ran them:
# without a sanitizer (the crate has no `unsafe`), with the content format's dictionary,
# small inputs, in one process (libFuzzer's default: one job, one worker; `-jobs=1` would only
# fork it into a child logging to fuzz-0.log) with one rayon thread, niced, stopping by
# itself after SECONDS.
# It prints libFuzzer's final statistics (executions, exec/s, peak memory) and any crash;
# the whole log is kept in $TMPDIR/fuzz-TARGET.log.
#
#   fuzz/campaign.sh TARGET SECONDS [MAX_LEN]
set -eu
target=$1 seconds=$2 max_len=${3:-1024}
cd "$(dirname "$0")/.."
mkdir -p "fuzz/corpus/$target"
log="${TMPDIR:-/tmp}/fuzz-$target.log"
RAYON_NUM_THREADS=1 nice -n 15 cargo +nightly fuzz run --sanitizer none "$target" -- \
    -dict=fuzz/dict/content.dict -max_len="$max_len" -max_total_time="$seconds" \
    -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 >"$log" 2>&1 || true
grep -E '^(stat::|#[0-9]+ +DONE|==[0-9]+== ERROR|SUMMARY|.*panicked|Test unit written|Done )' "$log" || true
