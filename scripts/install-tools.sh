#!/usr/bin/env bash
# Installs the build tools Framdrift needs, skipping whatever is already present
# at the right version. Everything comes from crates.io, Debian or npm: no step
# downloads a binary from elsewhere (README, "The two commands"; docs/traps.md).
set -euo pipefail

CARGO_LEPTOS_VERSION=0.3.10
# Must equal the `wasm-bindgen` pin in Cargo.toml: cargo-leptos does not check it.
WASM_BINDGEN_VERSION=0.2.130

export PATH="$HOME/.cargo/bin:$PATH"

# Compiled without LTO and with light optimisation (OPT_LEVEL), the tools
# install in a fraction of the time their own release profile takes (cargo-leptos:
# 8.5 min at opt-level 0 against 24 with its profile on two cores) and cost
# seconds per build.
fast_install() {
  CARGO_PROFILE_RELEASE_OPT_LEVEL="${OPT_LEVEL:-1}" \
  CARGO_PROFILE_RELEASE_LTO=false \
  CARGO_PROFILE_RELEASE_CODEGEN_UNITS=256 \
  CARGO_PROFILE_RELEASE_DEBUG=false \
  CARGO_PROFILE_RELEASE_INCREMENTAL=false \
    cargo install "$@"
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "==> adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  echo "==> installing cargo-leptos $CARGO_LEPTOS_VERSION (newer releases need rustc 1.96)"
  # cargo-leptos only orchestrates: unoptimised, it is as quick in use.
  OPT_LEVEL=0 fast_install --locked cargo-leptos --version "$CARGO_LEPTOS_VERSION"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  echo "==> installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: its lock file pins a yanked webpki-roots. Optimised a little:
  # it rewrites the whole wasm bundle on every build.
  OPT_LEVEL=1 fast_install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# Debian packages: Chromium for the browser tests (Playwright cannot download
# its own here), poppler-utils (pdfinfo, pdftotext) for the tests of the PDFs.
debian_packages=()
if ! command -v chromium >/dev/null 2>&1 && [ "${FRAMDRIFT_SKIP_BROWSER:-0}" != 1 ]; then
  debian_packages+=(chromium)
fi
if ! command -v pdftotext >/dev/null 2>&1; then
  debian_packages+=(poppler-utils)
fi
if [ "${#debian_packages[@]}" -gt 0 ]; then
  echo "==> installing Debian's ${debian_packages[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${debian_packages[@]}" >/dev/null
fi

# npm packages: Playwright, and binaryen's wasm-opt, which cargo-leptos runs
# on release builds (Debian's wasm-opt 108 breaks hydration).
E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../end2end" && pwd)"
if [ ! -x "$E2E_DIR/node_modules/.bin/wasm-opt" ] || [ "$E2E_DIR/package-lock.json" -nt "$E2E_DIR/node_modules/.package-lock.json" ]; then
  echo "==> installing npm packages in end2end/"
  (cd "$E2E_DIR" && npm ci --no-audit --no-fund)
fi
