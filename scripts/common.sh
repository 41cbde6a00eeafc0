# Sourced by the scripts: paths, tool locations and the one-time installs both README commands need.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# Builds and tools live outside the clone so that later runs on this machine reuse them.
CACHE="${IMMIVO_CACHE:-$HOME/.cache/immivo}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$CACHE/target}"
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
mkdir -p "$CACHE"

say() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }

# Runs one long step: says what it starts, then how long it took (or that it failed, and after
# how long).
step() {
  local what="$1" start=$SECONDS status=0
  shift
  say "$what"
  "$@" || status=$?
  local took=$((SECONDS - start))
  if [ "$status" -ne 0 ]; then
    say "$what: failed after $((took / 60)) min $((took % 60)) s"
    return "$status"
  fi
  say "$what: done in $((took / 60)) min $((took % 60)) s"
}

# Rust side: the wasm target, wasm-bindgen matching the workspace's pin, cargo-leptos.
# Build tools need no fat LTO and one codegen unit (their release profiles' defaults): without
# them cargo-leptos's last crate builds in a fraction of the time on two cores.
ensure_rust_tools() {
  local tool_env=(env CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16)
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    step "installing the wasm32 target" rustup target add wasm32-unknown-unknown
  fi
  local want
  want="$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)"
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    step "installing wasm-bindgen-cli $want from crates.io (about 2 min, once)" \
      "${tool_env[@]}" cargo install --locked "wasm-bindgen-cli@$want"
  fi
  # 0.3.11 needs a newer rustc than this machine's 1.95.
  if ! cargo leptos --version >/dev/null 2>&1; then
    step "installing cargo-leptos 0.3.10 from crates.io (about 10 min, once)" \
      "${tool_env[@]}" cargo install --locked cargo-leptos@0.3.10
  fi
}

# An optimised build runs wasm-opt: cargo-leptos takes the one on the PATH, else downloads
# Binaryen from GitHub into its cache. A machine that reaches only the package registries gets
# Debian's binaryen instead (an older wasm-opt, which reads today's wasm all the same).
ensure_wasm_opt() {
  if command -v wasm-opt >/dev/null || ls -d "$HOME"/.cache/cargo-leptos/wasm-opt-* >/dev/null 2>&1 ||
    curl -sfI --max-time 5 https://github.com >/dev/null; then
    return
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    step "installing wasm-opt (Debian binaryen; GitHub, where cargo-leptos fetches it, is out of reach)" \
      bash -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq binaryen >/dev/null'
  else
    say "GitHub is out of reach and wasm-opt is missing: install Binaryen (Debian: apt-get install binaryen)"
    return 1
  fi
}

# Front-end tools from the committed lock file: Tailwind, playwright-core.
ensure_node_modules() {
  if [ ! -x node_modules/.bin/tailwindcss ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    step "installing the npm packages (Tailwind, playwright-core)" npm ci --no-audit --no-fund --loglevel=error
  fi
}

leptos_env() {
  eval "$(scripts/leptos-env)"
  # Site output lands in the shared target directory, not in the clone.
  export LEPTOS_SITE_ROOT="$CARGO_TARGET_DIR/site"
}

# The browser's wasm must hold no server code: not the domain, the database layer, a runtime or
# a network client. A dependency that pulls one in by accident fails here, not in a user's tab.
wasm_holds_no_server_code() {
  local found
  found="$(cargo tree -p frontend --target wasm32-unknown-unknown -e normal --prefix none --locked |
    awk '{print $1}' | sort -u |
    grep -xE 'domain|entity|migration|server|sea-orm|sqlx.*|reqwest|hyper|axum|tokio|argon2|mail-parser|async-graphql' || true)"
  if [ -n "$found" ]; then
    say "the wasm build pulls in server code: $(echo "$found" | tr '\n' ' ')"
    return 1
  fi
}
