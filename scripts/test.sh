#!/usr/bin/env bash
# README's test command: installs what is missing, then runs every check and test in order,
# stopping at the first failure (non-zero exit).
#
#   install            scripts/install.sh (idempotent)
#   fmt                cargo fmt --all --check
#   clippy native      cargo clippy --workspace --all-targets -- -D warnings
#   clippy wasm        cargo clippy -p trackq --lib --tests --target wasm32-unknown-unknown -- -D warnings
#   clippy snippet     the same for the no_std snippet builds (--no-default-features --features
#                      taxonomy,pii,autotrack,texts: the development wasm; saas,pii,autotrack: the
#                      production one; autotrack and autotrack,texts: dist/kmq/'s)
#   clippy terse       the core's unit tests without the `texts` feature (as the production
#                      wasms log warnings: codes, not texts)
#   clippy fuzz        the fuzz targets (fuzz/, a workspace of its own that scripts/fuzz.sh
#                      runs on nightly) built by stable clippy, so that they follow the core's API
#   test native        cargo test --workspace (core + collector)
#   test terse         those unit tests, run
#   test wasm          wasm-pack test --headless --chrome --mode no-install: the shell's
#                      tests and the core's scenario suites (tests/*.rs) as wasm in
#                      headless Chromium (downloading nothing: see scripts/install.sh)
#   build              ./build.sh (dist/, pkg/, sizes)
#   e2e                node --test tests/e2e/ (page-level tests in headless Chromium)
#
# The last line printed is "N passed, M failed" (N = steps passed); CI reads it.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

passed=0
start_all=$SECONDS

run_step() { # name, command...
    local name=$1
    shift
    printf '\n======== %s: %s\n' "$name" "$*"
    local t0=$SECONDS
    if "$@"; then
        passed=$((passed + 1))
        printf '======== %s: ok (%ds)\n' "$name" $((SECONDS - t0))
    else
        local rc=$?
        printf '======== %s: FAILED (exit %d, %ds)\n' "$name" "$rc" $((SECONDS - t0))
        printf '\n%d passed, 1 failed\n' "$passed"
        exit "$rc"
    fi
}

run_step install scripts/install.sh
run_step fmt cargo fmt --all --check
run_step "clippy native" cargo clippy --workspace --all-targets -- -D warnings
run_step "clippy wasm" cargo clippy -p trackq --lib --tests --target wasm32-unknown-unknown -- -D warnings
run_step "clippy snippet" cargo clippy -p trackq --lib --target wasm32-unknown-unknown \
    --no-default-features --features taxonomy,pii,autotrack,texts -- -D warnings
run_step "clippy snippet (production)" cargo clippy -p trackq --lib --target wasm32-unknown-unknown \
    --no-default-features --features saas,pii,autotrack -- -D warnings
run_step "clippy snippet (_kmq)" cargo clippy -p trackq --lib --target wasm32-unknown-unknown \
    --no-default-features --features autotrack -- -D warnings
run_step "clippy snippet (_kmq development)" cargo clippy -p trackq --lib --target wasm32-unknown-unknown \
    --no-default-features --features autotrack,texts -- -D warnings
TERSE=(-p trackq --lib --no-default-features --features std,taxonomy,pii,autotrack)
run_step "clippy terse" cargo clippy "${TERSE[@]}" --tests -- -D warnings
run_step "clippy fuzz" cargo clippy --manifest-path fuzz/Cargo.toml --bins -- -D warnings
run_step "test native" cargo test --workspace
run_step "test terse" cargo test "${TERSE[@]}"
# A browser that wedges fails its step within these bounds instead of holding CI for hours.
run_step "test wasm" timeout --kill-after=30 1200 wasm-pack test --headless --chrome --mode no-install
run_step build ./build.sh
run_step e2e timeout --kill-after=30 1800 node --test tests/e2e/

printf '\nall steps passed in %ds\n' $((SECONDS - start_all))
printf '%d passed, 0 failed\n' "$passed"
