#!/usr/bin/env bash
# Figures for docs/performance.md on large generated projects: import time, plan API
# now and as of a past date, saving one cell, the chart files, the plan and
# Gantt pages in Chromium, bytes on the wire, the wasm bundle. Release build,
# SQLite.
#
#   bash scripts/bench-history.sh      # BENCH_RUNS=50 requests per figure
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$FRAMDRIFT_ROOT"
bash scripts/install-tools.sh >/dev/null
cargo leptos build --release --split >/dev/null 2>&1

data=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$data"' EXIT
server=""
for n in 100 1000 10000; do
  key=$([ "$n" = 100 ] && echo small || ([ "$n" = 1000 ] && echo mid || echo big))
  target/release/server generate --activities "$n" --key "$key" > "$data/$key.toml"
  start=$(date +%s%N)
  RUST_LOG=warn target/release/server --sqlite-file "$data/bench.db" import "$data/$key.toml" >/dev/null
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  echo "== import of $n activities ($(du -h "$data/$key.toml" | cut -f1)): $ms ms"
done
# One plan of 10,000 rows, for the page: the project-wide plan holds them all.
target/release/server generate --activities 10000 --sub-projects 0 --key huge > "$data/huge.toml"
RUST_LOG=warn target/release/server --sqlite-file "$data/bench.db" import "$data/huge.toml" >/dev/null

LEPTOS_SITE_ADDR=127.0.0.1:3100 LEPTOS_SITE_ROOT=target/site LEPTOS_OUTPUT_NAME=framdrift \
  FRAMDRIFT_SQLITE_FILE="$data/bench.db" RUST_LOG=warn \
  target/release/server serve --no-demo &
server=$!
until curl -fs http://127.0.0.1:3100/api/v1/projects >/dev/null; do
  kill -0 "$server" || { echo "the server did not start" >&2; exit 1; }
  sleep 0.2
done
(cd end2end && node bench/timings.mjs http://127.0.0.1:3100)
(cd end2end && node bench/pages.mjs http://127.0.0.1:3100 /p/small/plan /p/mid/plan /p/huge/plan \
  /p/small/gantt /p/mid/gantt /p/big/gantt /p/huge/gantt)
# The wasm bundle as stored and as sent (the server precompresses it at start).
for wasm in target/site/pkg/*.wasm; do
  echo "== wasm bundle $(basename "$wasm"): $(stat -c%s "$wasm") bytes," \
    "gzip -9 $(gzip -9c "$wasm" | wc -c), brotli $(stat -c%s "$wasm.br" 2>/dev/null || echo '(not yet written)')"
done
