#!/usr/bin/env bash
# Runs the fuzz targets of fuzz/ (cargo-fuzz, libFuzzer, nightly Rust), one at a time, each
# for the given number of seconds (default 600), on one core. Installs the nightly toolchain
# and cargo-fuzz when they are missing.
#
#   scripts/fuzz.sh                    # command, session and config, 10 minutes each
#   scripts/fuzz.sh 60 session         # one target, one minute
#
# Targets (fuzz/fuzz_targets/):
#   command   one pushed command as the bootstrap hands it over (JSON.stringify text);
#             the JSON reader is also checked against serde_json
#   session   a whole session decoded from the input: commands, time, answers, beacons,
#             reloads, crashes, tabs, other writers of the store, clock steps; the
#             invariants of tests/harness/model/check.rs checked after every step
#   config    the script tag's data-* attributes, then a session on them
# A crash leaves its input in fuzz/artifacts/<target>/; replay it with
#   (cd fuzz && cargo +nightly fuzz run <target> artifacts/<target>/<file>)
# The session model also runs on seeded inputs in `cargo test` (tests/core_session_model.rs).
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
export PATH="$HOME/.cargo/bin:$PATH"

seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(command session config)

rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
cargo +nightly fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz

for target in "${targets[@]}"; do
    echo "fuzz: $target for ${seconds}s"
    cargo +nightly fuzz run "$target" -- -max_total_time="$seconds" -jobs=1 -workers=1 \
        -print_final_stats=1
done
