#!/usr/bin/env bash
# Installs what building and testing trackq needs, skipping whatever is already there.
# Safe to run again and again; runs unattended (CI=true, no stdin) on a fresh Debian machine.
#
#   rustup target wasm32-unknown-unknown
#   chromium, chromium-driver, brotli          (Debian packages; never Debian's binaryen)
#   postgresql                                 (Debian; the collector's PostgreSQL tests run
#                                               initdb/pg_ctl from /usr/lib/postgresql/*/bin)
#   wasm-bindgen-cli at Cargo.lock's version   (wasm-bindgen + wasm-bindgen-test-runner)
#   wasm-snip                                  (build.sh: the panic paths -> unreachable)
#   wasm-pack                                  (`wasm-pack test --headless --chrome`)
#   node_modules from package.json             (binaryen's wasm-opt, terser, playwright-core)
#   .venv with Python client libraries         (segment-analytics-python, rudder-sdk-python:
#                                               the collector's interop test)
#
# Exits non-zero with a message as soon as something cannot be installed.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'install: %s\n' "$*"; }
die() { printf 'install: FAILED: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

# Cargo's bin dir may not be on PATH in a non-login shell (CI).
export PATH="$HOME/.cargo/bin:$PATH"

# --- Rust target --------------------------------------------------------------
have cargo || die "cargo not found (install Rust with rustup first)"
if have rustup; then
    if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
        say "rust target wasm32-unknown-unknown: present"
    else
        say "rust target wasm32-unknown-unknown: adding"
        rustup target add wasm32-unknown-unknown || die "rustup target add wasm32-unknown-unknown"
    fi
    # fmt and clippy are run by scripts/test.sh.
    for comp in rustfmt clippy; do
        if rustup component list --installed 2>/dev/null | grep -q "^$comp"; then
            say "rust component $comp: present"
        else
            say "rust component $comp: adding"
            rustup component add "$comp" || die "rustup component add $comp"
        fi
    done
else
    die "rustup not found: cannot add the wasm32-unknown-unknown target"
fi

# --- Debian packages ----------------------------------------------------------
missing=()
have chromium || missing+=(chromium)
have chromedriver || [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
have brotli || missing+=(brotli)
have gzip || missing+=(gzip)
have llvm-dwarfdump || missing+=(llvm)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
    say "apt packages missing: ${missing[*]}: installing"
    have apt-get || die "apt-get not found; install ${missing[*]} by hand"
    SUDO=""
    if [ "$(id -u)" != 0 ]; then
        have sudo || die "not root and no sudo: cannot apt-get install ${missing[*]}"
        SUDO="sudo -n"
    fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update </dev/null || die "apt-get update"
    $SUDO apt-get install -y --no-install-recommends "${missing[@]}" </dev/null \
        || die "apt-get install ${missing[*]}"
else
    say "apt packages chromium, chromium-driver, brotli, llvm, postgresql: present"
fi

# --- wasm-bindgen-cli, pinned to Cargo.lock --------------------------------------
wb_version=""
if [ -f Cargo.lock ]; then
    wb_version=$(awk '
        /^\[\[package\]\]/ { inpkg = 0 }
        /^name = "wasm-bindgen"$/ { inpkg = 1; next }
        inpkg && /^version = / { gsub(/"/, "", $3); print $3; exit }
    ' Cargo.lock)
else
    # No lock file yet: Cargo.toml pins wasm-bindgen exactly ("=X.Y.Z").
    wb_version=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml | head -n1)
fi
[ -n "$wb_version" ] || die "cannot find the wasm-bindgen version in Cargo.lock or Cargo.toml"
have_wb=""
if have wasm-bindgen && have wasm-bindgen-test-runner; then
    have_wb=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')
fi
if [ "$have_wb" = "$wb_version" ]; then
    say "wasm-bindgen-cli $wb_version: present"
else
    say "wasm-bindgen-cli $wb_version: installing (found '${have_wb:-none}'; takes a few minutes)"
    # No --locked: it fails against the crates.io index reachable here.
    cargo install wasm-bindgen-cli --version "$wb_version" --force \
        || die "cargo install wasm-bindgen-cli --version $wb_version"
    [ "$(wasm-bindgen --version | awk '{print $2}')" = "$wb_version" ] \
        || die "wasm-bindgen --version does not report $wb_version after install"
fi

# --- wasm-snip --------------------------------------------------------------------
if have wasm-snip; then
    say "wasm-snip: present"
else
    say "wasm-snip: installing (takes a few minutes)"
    # No --locked, as for wasm-bindgen-cli.
    cargo install wasm-snip --version 0.4.0 || die "cargo install wasm-snip --version 0.4.0"
    have wasm-snip || die "wasm-snip not on PATH after install"
fi

# --- wasm-pack -------------------------------------------------------------------
# `wasm-pack test --headless --chrome` runs the wasm tests in Chromium. It finds everything
# it needs here, so it downloads nothing: wasm-bindgen-test-runner (above, at Cargo.lock's
# version), /usr/bin/chromedriver (chromium-driver) and, for `wasm-pack build`, wasm-opt
# from node_modules/.bin. scripts/test.sh adds `--mode no-install`: a missing tool fails
# the run instead of being fetched.
wp_version=0.15.1
if have wasm-pack && [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" = "$wp_version" ]; then
    say "wasm-pack $wp_version: present"
else
    say "wasm-pack $wp_version: installing (takes a few minutes)"
    cargo install wasm-pack --version "$wp_version" --locked \
        || die "cargo install wasm-pack --version $wp_version --locked"
    have wasm-pack || die "wasm-pack not on PATH after install"
fi

# --- npm devDependencies ---------------------------------------------------------
have node || die "node not found (needed for wasm-opt, terser and the page tests)"
have npm || die "npm not found"
npm_ok() {
    [ -x node_modules/.bin/wasm-opt ] && [ -x node_modules/.bin/terser ] && [ -x node_modules/.bin/tsc ] \
        && [ -f node_modules/playwright-core/package.json ] \
        && [ -f node_modules/.package-lock.json ] \
        && { [ ! -f package-lock.json ] || [ ! package-lock.json -nt node_modules/.package-lock.json ]; }
}
if npm_ok; then
    say "node_modules (binaryen, terser, playwright-core): present"
else
    say "node_modules: installing from package.json"
    if [ -f package-lock.json ]; then
        npm ci --no-audit --no-fund </dev/null || die "npm ci"
    else
        npm install --no-audit --no-fund </dev/null || die "npm install"
    fi
    npm_ok || die "node_modules incomplete after npm install"
fi
say "wasm-opt: $(node_modules/.bin/wasm-opt --version)"

# --- Python client libraries for tests/e2e/collector_clients.test.mjs ---------------
PY_PKGS=(segment-analytics-python==2.4.0 rudder-sdk-python==2.1.9)
py_ok() {
    [ -x .venv/bin/python ] && .venv/bin/python - "${PY_PKGS[@]}" <<'PY' 2>/dev/null
import sys
from importlib.metadata import version
sys.exit(any(version(n) != v for n, v in (p.split("==") for p in sys.argv[1:])))
PY
}
if py_ok; then
    say ".venv (${PY_PKGS[*]}): present"
else
    say ".venv: installing ${PY_PKGS[*]}"
    have python3 || die "python3 not found (needed for the Python client libraries)"
    [ -x .venv/bin/python ] || python3 -m venv .venv || die "python3 -m venv .venv (Debian: apt-get install python3-venv)"
    .venv/bin/pip install --quiet "${PY_PKGS[@]}" </dev/null || die "pip install ${PY_PKGS[*]}"
    py_ok || die ".venv incomplete after pip install"
fi
say "done"
