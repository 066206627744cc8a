#!/usr/bin/env bash
# Sets up what is missing, builds the release and serves Framdrift on
# http://127.0.0.1:3000 with the embedded SQLite database (framdrift.db),
# which holds the demo project after the first start.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$FRAMDRIFT_ROOT"
FRAMDRIFT_SKIP_BROWSER=1 bash scripts/install-tools.sh
exec cargo leptos serve --release
