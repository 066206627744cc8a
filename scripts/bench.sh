#!/usr/bin/env bash
# Load figures for docs/performance.md: the release server on a fresh demo database,
# measured with wrk (Debian package `wrk`) from the same machine.
#
#   bash scripts/bench.sh            # 15 s per URL, 16 connections, 2 threads
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$FRAMDRIFT_ROOT"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

bash scripts/install-tools.sh >/dev/null
cargo leptos build --release --split >/dev/null 2>&1

data=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$data"' EXIT
LEPTOS_SITE_ADDR=127.0.0.1:3100 LEPTOS_SITE_ROOT=target/site LEPTOS_OUTPUT_NAME=framdrift \
  FRAMDRIFT_SQLITE_FILE="$data/bench.db" RUST_LOG=warn \
  target/release/server serve &
server=$!
until curl -fs http://127.0.0.1:3100/api/v1/projects >/dev/null; do
  kill -0 "$server" || { echo "the server did not start" >&2; exit 1; }
  sleep 0.2
done

# Static files by their hashed names (the server precompresses them at start).
css=/pkg/$(basename "$(ls target/site/pkg/*.css | grep -v '\.css\.' | head -1)")
wasm=/pkg/$(basename "$(ls target/site/pkg/*.wasm | head -1)")
sleep 20 # brotli at its best takes a while for the wasm bundle

# As a browser asks: compressed answers accepted.
for path in \
  /api/v1/projects/interreg-integrering/plan \
  /api/v1/projects/interreg-integrering/sub-projects/kbt-senteret/plan \
  /p/interreg-integrering/plan \
  /p/interreg-integrering \
  /p/interreg-integrering/gantt \
  "$css" \
  "$wasm"; do
  echo "== GET $path"
  wrk -t2 -c16 -d"${BENCH_SECONDS:-15}"s --latency -H "Accept-Encoding: br, gzip" \
    "http://127.0.0.1:3100$path" | grep -E "Requests/sec|Latency|50%|99%|Transfer"
done

echo "== wasm bundle"
wasm_file="target/site/pkg/$(basename "$wasm")"
echo "$(stat -c %s "$wasm_file") bytes, $(gzip -9 -c "$wasm_file" | wc -c) gzipped, $(stat -c %s "$wasm_file.br") brotli"
