#!/usr/bin/env bash
# Sets up what is missing and runs every test: Rust unit and integration tests
# on SQLite and PostgreSQL, then the browser tests in headless Chromium
# against the release build.
#
#   TEST_DATABASE_URL        PostgreSQL for the tests (default postgres://postgres@127.0.0.1:5432/test)
#   FRAMDRIFT_REQUIRE_POSTGRES=1   fail instead of skipping when PostgreSQL does not answer (CI)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$FRAMDRIFT_ROOT"
started=$(date +%s)

bash scripts/install-tools.sh

export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
if ! command -v psql >/dev/null 2>&1; then
  # Without psql the Rust tests find out themselves: they use PostgreSQL when
  # it answers (and must, under FRAMDRIFT_REQUIRE_POSTGRES=1).
  echo "==> psql is missing: the tests decide on PostgreSQL when they connect"
  if [ "${FRAMDRIFT_REQUIRE_POSTGRES:-0}" = 1 ]; then export FRAMDRIFT_TEST_POSTGRES=require; fi
elif psql "$TEST_DATABASE_URL" -qtAc 'select 1' >/dev/null 2>&1; then
  echo "==> PostgreSQL answers at $TEST_DATABASE_URL: the tests run on SQLite and PostgreSQL"
  export FRAMDRIFT_TEST_POSTGRES=require
elif [ "${FRAMDRIFT_REQUIRE_POSTGRES:-0}" = 1 ]; then
  echo "FAILED: PostgreSQL does not answer at $TEST_DATABASE_URL, and FRAMDRIFT_REQUIRE_POSTGRES=1" >&2
  exit 1
else
  echo "==> SKIPPED: PostgreSQL does not answer at $TEST_DATABASE_URL; the tests run on SQLite only"
  export FRAMDRIFT_TEST_POSTGRES=skip
fi

echo "==> formatting"
cargo fmt --all --check

echo "==> lints"
# Also what .clippy.toml refuses (leptos_i18n's t!: docs/traps.md).
cargo clippy --locked -p app -p framdrift-core -p server -p migration --features app/ssr --tests -- -D warnings

echo "==> Rust unit and integration tests"
rust_tests=(cargo test --locked -p app -p framdrift-core -p server -p migration --features app/ssr)
"${rust_tests[@]}" --no-run
# Should a test binary stop making progress (it did, until the routes were
# found once per process: docs/traps.md), the run is stopped after 10
# minutes (it takes about 5) and run again, up to three times; a failing
# test fails at once.
for attempt in 1 2 3; do
  set +e
  timeout --kill-after=10 600 "${rust_tests[@]}"
  status=$?
  set -e
  [ "$status" -eq 0 ] && break
  pkill -KILL -f "$FRAMDRIFT_ROOT/target/debug/deps/" 2>/dev/null || true
  if [ "$status" -ne 124 ] && [ "$status" -ne 137 ]; then exit "$status"; fi
  [ "$attempt" -eq 3 ] && { echo "FAILED: the Rust tests stalled three times" >&2; exit 1; }
  echo "==> the Rust tests stalled (no end after 10 minutes): once more"
done

echo "==> release build"
# Built on its own first: `cargo leptos end-to-end` has been seen to exit 0
# when the build failed and no test ran. `--split`: the rarely opened pages
# load their code when first shown (app/src/rare_pages.rs); every build of
# the site passes it, or the next one rebuilds the wasm.
cargo leptos build --release --split

echo "==> the wasm bundle as browsers receive it (brotli), against its budget"
node end2end/wasm-budget.mjs target/site/pkg

echo "==> browser tests against the release build"
e2e_data="$FRAMDRIFT_ROOT/end2end/.data"
results="$FRAMDRIFT_ROOT/end2end/test-results"
rm -rf "$e2e_data" "$results" && mkdir -p "$e2e_data"
# A (public) plan of 1,000 activities for the windowed grid (window.spec.ts).
# The demo project and its accounts come from the server itself, started in
# demo mode as scripts/run.sh starts it (below).
target/release/server generate --activities 1000 --sub-projects 0 --key stor --public > "$e2e_data/stor.toml"
env -u DATABASE_URL target/release/server --sqlite-file "$e2e_data/e2e.db" import "$e2e_data/stor.toml" >/dev/null
# And 10,000 activities in one plan, for the Gantt chart's window (gantt.spec.ts).
target/release/server generate --activities 10000 --sub-projects 0 --key huge --public > "$e2e_data/huge.toml"
env -u DATABASE_URL target/release/server --sqlite-file "$e2e_data/e2e.db" import "$e2e_data/huge.toml" >/dev/null
# Two private projects, and a share link of the first (accounts.spec.ts).
target/release/server generate --activities 20 --key privat > "$e2e_data/privat.toml"
env -u DATABASE_URL target/release/server --sqlite-file "$e2e_data/e2e.db" import "$e2e_data/privat.toml" >/dev/null
target/release/server generate --activities 5 --key hemmelig > "$e2e_data/hemmelig.toml"
env -u DATABASE_URL target/release/server --sqlite-file "$e2e_data/e2e.db" import "$e2e_data/hemmelig.toml" >/dev/null
FRAMDRIFT_E2E_SHARE_PATH=$(env -u DATABASE_URL target/release/server --sqlite-file "$e2e_data/e2e.db" share create privat --label "Styringsgruppen")
export FRAMDRIFT_E2E_SHARE_PATH
# A fresh database per run, never the developer's own. Started as run.sh
# starts it: cargo-leptos names no subcommand, demo mode comes from the
# environment and loads the demo and its accounts.
env -u DATABASE_URL -u FRAMDRIFT_NO_DEMO FRAMDRIFT_DEMO=1 FRAMDRIFT_SQLITE_FILE="$e2e_data/e2e.db" \
  cargo leptos end-to-end --release --split
# Trust Playwright's own record, not only the exit code: it must have run and passed.
if ! grep -q '"status": "passed"' "$results/.last-run.json" 2>/dev/null; then
  echo "FAILED: the browser tests did not run, or did not pass ($results/.last-run.json)" >&2
  exit 1
fi

echo "==> all tests passed in $(( $(date +%s) - started )) s"
