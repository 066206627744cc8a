#!/usr/bin/env bash
# Load figures for issue 7 and docs/performance.md ("Load"): the release server on the
# demo with its accounts, 64 connections for 30 s per run (wrk, Debian's
# package), on SQLite and, when it answers, PostgreSQL:
#   - the plan API alone, and the same bytes as a static file of the same
#     server (both as a browser asks, compressed, and uncompressed);
#   - the Gantt page alone;
#   - mixed loads by a signed-in leader (session cookie): 90 % plan reads,
#     10 % writes — status statements (outside the plan), activities'
#     progress (in the plan), and the two in turn (scripts/bench-mixed.lua).
#
#   bash scripts/bench-load.sh                 # both databases
#   BENCH_SECONDS=10 BENCH_DATABASES=sqlite bash scripts/bench-load.sh
#   BENCH_MIXED_ONLY=1 BENCH_WRITES=progress bash scripts/bench-load.sh
#   BENCH_MIXED_ONLY=1 BENCH_THINK_MS=30 bash scripts/bench-load.sh   # at a rate
#   BENCH_MIXED_ONLY=1 BENCH_PROBE=1 bash scripts/bench-load.sh  # reads and writes apart
#   BENCH_READS_ONLY=1 BENCH_DATABASES=postgres bash scripts/bench-load.sh  # no mixed loads
#   BENCH_FLOOD=1 BENCH_SECONDS=15 bash scripts/bench-load.sh  # the leader's saves, alone
#       and during a flood of refused anonymous writes (scripts/bench-flood.lua)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$FRAMDRIFT_ROOT"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

seconds=${BENCH_SECONDS:-30}
connections=${BENCH_CONNECTIONS:-64}
databases=${BENCH_DATABASES:-sqlite postgres}
pg_admin=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}
port=3101
base=http://127.0.0.1:$port
project=/api/v1/projects/interreg-integrering

if [ ! -x target/release/server ] || [ "${BENCH_BUILD:-1}" = 1 ]; then
  bash scripts/install-tools.sh >/dev/null
  cargo leptos build --release --split >/dev/null 2>&1
fi

work=$(mktemp -d)
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
# A copy of the site, so the static twin of the plan lies beside the bundle.
cp -r target/site "$work/site"

run_wrk() { # name, wrk arguments…
  local name=$1; shift
  echo "== $name"
  wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@" \
    | grep -E "Requests/sec|Latency  |50%|99%|Non-2xx|Socket errors|requests in"
}

for database in $databases; do
  if [ "$database" = postgres ]; then
    if ! psql "$pg_admin" -qtAc 'select 1' >/dev/null 2>&1; then
      echo "SKIPPED: PostgreSQL does not answer at $pg_admin"; continue
    fi
    psql "$pg_admin" -qc 'DROP DATABASE IF EXISTS framdrift_bench' >/dev/null
    psql "$pg_admin" -qc 'CREATE DATABASE framdrift_bench' >/dev/null
    store=(env DATABASE_URL="${pg_admin%/*}/framdrift_bench")
  else
    store=(env -u DATABASE_URL FRAMDRIFT_SQLITE_FILE="$work/bench.db")
  fi
  echo "######## $database"
  "${store[@]}" target/release/server demo load --with-users >/dev/null
  "${store[@]}" LEPTOS_SITE_ADDR=127.0.0.1:$port LEPTOS_SITE_ROOT="$work/site" \
    LEPTOS_OUTPUT_NAME=framdrift RUST_LOG=warn target/release/server serve --no-demo &
  server=$!
  until curl -fs "$base$project" >/dev/null; do
    kill -0 "$server" || { echo "the server did not start" >&2; exit 1; }
    sleep 0.2
  done
  # The server compresses its assets once at start (brotli at its best takes
  # a core for seconds): measure only once that is done.
  deadline=$(( $(date +%s) + 120 ))
  for asset in "$work"/site/pkg/*.wasm "$work"/site/pkg/*.js "$work"/site/pkg/*.css; do
    until [ -e "$asset.br" ] && [ -e "$asset.gz" ]; do
      [ "$(date +%s)" -lt "$deadline" ] || { echo "the server did not compress $asset within 2 minutes" >&2; exit 1; }
      sleep 0.2
    done
  done
  # The leader's session, as a browser holds it after signing in.
  cookie=$(curl -s -D - -o /dev/null \
    -H 'Content-Type: application/x-www-form-urlencoded' -H 'Accept: application/json' \
    --data 'email=leder@demo.framdrift.no&password=framdrift-demo' \
    "$base$(curl -s "$base/login" | grep -o '/rpc/sign_in[0-9]*' | head -1)" \
    | grep -i '^set-cookie: framdrift_session=' | sed 's/^[^:]*: //; s/;.*//' | tr -d '\r')
  [ -n "$cookie" ] || { echo "could not sign in" >&2; exit 1; }
  # The plan's bytes as a static file of the same server.
  curl -fs "$base$project/plan" > "$work/site/pkg/plan-twin.json"

  if [ "${BENCH_FLOOD:-0}" = 1 ]; then
    echo "== the leader alone (probe: one request at a time)"
    python3 scripts/bench-probe.py "$base" "$project" "$cookie"
    python3 scripts/bench-probe.py "$base" "$project" "$cookie" > "$work/probe.txt" &
    probe=$!
    PROJECT="$project" run_wrk "flood: anonymous writes, all refused" \
      -s scripts/bench-flood.lua "$base"
    wait "$probe"
    echo "== the leader during the flood"
    cat "$work/probe.txt"
    kill "$server"; wait "$server" 2>/dev/null || true; server=""
    [ "$database" = postgres ] && psql "$pg_admin" -qc 'DROP DATABASE IF EXISTS framdrift_bench' >/dev/null
    continue
  fi
  if [ "${BENCH_MIXED_ONLY:-0}" != 1 ]; then
    run_wrk "plan API, compressed ($(stat -c %s "$work/site/pkg/plan-twin.json") bytes raw)" \
      -H 'Accept-Encoding: br, gzip' "$base$project/plan"
    run_wrk "same bytes as a static file, compressed" \
      -H 'Accept-Encoding: br, gzip' "$base/pkg/plan-twin.json"
    run_wrk "plan API, uncompressed" "$base$project/plan"
    run_wrk "same bytes as a static file, uncompressed" "$base/pkg/plan-twin.json"
    run_wrk "Gantt page" -H 'Accept-Encoding: br, gzip' "$base/p/interreg-integrering/gantt"
  fi
  mixes=${BENCH_WRITES:-statements progress both}
  [ "${BENCH_READS_ONLY:-0}" = 1 ] && mixes=""
  for writes in $mixes; do
    # Every activity of the project with its current version: the progress
    # writes carry it.
    activities=$(python3 - "$base$project" "$cookie" <<'PY'
import json, sys, urllib.request
base, cookie = sys.argv[1], sys.argv[2]
def get(path):
    request = urllib.request.Request(base + path, headers={"Cookie": cookie})
    return json.load(urllib.request.urlopen(request))
plan = get("/plan")
rows = list(plan["rows"])
for sub in plan["sub_projects_with_plans"]:
    rows += get(f"/sub-projects/{sub['key']}/plan")["rows"]
print(",".join(f"{r['key']}:{r['version']}" for r in rows))
PY
)
    probe=""
    if [ "${BENCH_PROBE:-0}" = 1 ]; then
      python3 scripts/bench-probe.py "$base" "$project" "$cookie" > "$work/probe.txt" &
      probe=$!
    fi
    COOKIE="$cookie" PROJECT="$project" WRITES="$writes" ACTIVITIES="$activities" \
      run_wrk "mixed: 90 % plan reads, 10 % writes ($writes), signed-in leader" \
      -s scripts/bench-mixed.lua "$base"
    if [ -n "$probe" ]; then wait "$probe"; cat "$work/probe.txt"; fi
  done
  statements=$(curl -fs -H "Cookie: $cookie" "$base$project/schedule" | grep -o '"text":"Last [0-9]*"' | wc -l)
  echo "   status statements written by the mixed loads: $statements"

  kill "$server"; wait "$server" 2>/dev/null || true; server=""
  if [ "$database" = postgres ]; then
    psql "$pg_admin" -qc 'DROP DATABASE IF EXISTS framdrift_bench' >/dev/null
  fi
done
