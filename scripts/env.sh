# Sourced by the other scripts: puts the installed tools on PATH.
FRAMDRIFT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$FRAMDRIFT_ROOT/end2end/node_modules/.bin:$PATH"
