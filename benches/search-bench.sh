#!/usr/bin/env bash
# Search benchmark, run by hand: ours vs Pagefind on generated catalogs.
#   benches/search-bench.sh [SIZES…]        (default: 1000 10000 100000)
# Needs chromium + chromium-driver, and npm (Pagefind's binary comes from the `pagefind` package).
# Writes benches/results/search-<N>.txt; the table in docs/performance.md ("Search") is made from them.
# Every timed step holds /tmp/prospectus-bench.lock (the machine is shared: one benchmark at a time)
# and the load average is recorded with it.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${WORK:-/tmp/prospectus-search-bench}
mkdir -p "$WORK" benches/results
timed() { echo "load: $(uptime)"; flock /tmp/prospectus-bench.lock "$@"; }
cargo build --release --example gen-catalog --example search-bench
cargo build --release
[ -x "$WORK/pf/node_modules/.bin/pagefind" ] || (mkdir -p "$WORK/pf" && cd "$WORK/pf" && npm i --silent pagefind)
for N in "${@:-1000 10000 100000}"; do
  for n in $N; do
    site="$WORK/c$n"
    out="benches/results/search-$n.txt"
    [ -d "$site/content" ] || cargo run --release -q --example gen-catalog -- --modules "$n" --out "$site"
    {
      echo "== catalog of $n modules"
      echo "== our full build"
      timed /usr/bin/time -v target/release/prospectus build --root "$site" --out "$site/public" 2>&1 | grep -E "built|Elapsed|Maximum resident|User time|System time"
      echo "== our search index alone (median of 3)"
      timed target/release/examples/search-bench index --root "$site"
      echo "== pagefind index"
      timed /usr/bin/time -v "$WORK/pf/node_modules/.bin/pagefind" --site "$site/public" 2>&1 | grep -E "Indexed|Elapsed|Maximum resident|User time|System time"
      du -sb "$site/public/search" "$site/public/pagefind"
      echo "== ours in Chromium"
      timed target/release/examples/search-bench browser --site "$site/public" 2>/dev/null
      echo "== pagefind in Chromium"
      timed target/release/examples/search-bench browser --site "$site/public" --pagefind 2>/dev/null
    } > "$out" 2>&1
    echo "wrote $out"
  done
done
