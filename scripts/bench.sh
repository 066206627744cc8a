#!/usr/bin/env bash
# Load figures for the README: the release server on a fresh demo database,
# measured with wrk (Debian package `wrk`) from the same machine.
#
#   bash scripts/bench.sh            # 15 s per URL, 16 connections, 2 threads
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$FRAMDRIFT_ROOT"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

bash scripts/install-tools.sh >/dev/null
cargo leptos build --release >/dev/null 2>&1

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

for path in \
  /api/v1/projects/interreg-integrering/plan \
  /api/v1/projects/interreg-integrering/sub-projects/kbt-senteret/plan \
  /p/interreg-integrering/plan \
  /p/interreg-integrering; do
  echo "== GET $path"
  wrk -t2 -c16 -d"${BENCH_SECONDS:-15}"s --latency "http://127.0.0.1:3100$path" | grep -E "Requests/sec|Latency|50%|99%"
done

echo "== wasm bundle"
wasm=target/site/pkg/framdrift.wasm
echo "$(stat -c %s "$wasm") bytes, $(gzip -9 -c "$wasm" | wc -c) gzipped"
