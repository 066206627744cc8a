#!/usr/bin/env bash
# Sets up what is missing, builds the release and serves Framdrift on
# http://127.0.0.1:3000 with the embedded SQLite database (framdrift.db),
# which holds the demo project after the first start, with the demo accounts
# (README, "Demo accounts").
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$FRAMDRIFT_ROOT"
FRAMDRIFT_SKIP_BROWSER=1 bash scripts/install-tools.sh
# Demo mode: the demo accounts of the README can sign in.
# `--split`: the rarely opened pages load their code when first shown
# (app/src/rare_pages.rs); every build of the site passes it.
FRAMDRIFT_DEMO=1 exec cargo leptos serve --release --split
