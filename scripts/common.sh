# Sourced by the scripts: paths, tool locations and the one-time installs both README commands need.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# Builds and tools live outside the clone so that later runs on this machine reuse them.
CACHE="${IMMIVO_CACHE:-$HOME/.cache/immivo}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$CACHE/target}"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
mkdir -p "$CACHE"

say() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }

# Rust side: the wasm target, wasm-bindgen matching the workspace's pin, cargo-leptos.
ensure_rust_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "installing the wasm32 target"
    rustup target add wasm32-unknown-unknown
  fi
  local want
  want="$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)"
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    say "installing wasm-bindgen-cli $want (a few minutes, once)"
    cargo install --locked "wasm-bindgen-cli@$want"
  fi
  # 0.3.11 needs a newer rustc than this machine's 1.95.
  if ! cargo leptos --version >/dev/null 2>&1; then
    say "installing cargo-leptos (several minutes, once)"
    cargo install --locked cargo-leptos@0.3.10
  fi
}

# Front-end tools from the committed lock file: Tailwind, playwright-core.
ensure_node_modules() {
  if [ ! -x node_modules/.bin/tailwindcss ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm packages"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

leptos_env() {
  eval "$(scripts/leptos-env)"
  # Site output lands in the shared target directory, not in the clone.
  export LEPTOS_SITE_ROOT="$CARGO_TARGET_DIR/site"
}
