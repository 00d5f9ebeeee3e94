#!/usr/bin/env bash
# Where the bytes of the snippet's wasm come from, by module: builds the snippet as
# build.sh does (profile snippet, same features) but with line tables, and gives each
# byte of code to the source file it was written in (scripts/size-breakdown.mjs).
# The figures are code bytes before wasm-snip and wasm-opt (which take off about a
# tenth), not brotli; the data section (strings, tables) is not code and not counted.
#
#   scripts/size-breakdown.sh [FEATURES]     e.g. "autotrack" (dist/kmq), "saas,pii,autotrack"
#                                            (dist), "taxonomy,pii,autotrack" (dist's
#                                            development wasm)
#
# Needs llvm-dwarfdump (Debian's llvm; scripts/install.sh installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
features="${1-saas,pii,autotrack}"
command -v llvm-dwarfdump >/dev/null || { echo "llvm-dwarfdump not found: run scripts/install.sh" >&2; exit 1; }
CARGO_PROFILE_SNIPPET_DEBUG=line-tables-only CARGO_TARGET_DIR=target/size-breakdown \
    cargo build -q --lib --target wasm32-unknown-unknown --profile snippet \
    --no-default-features --features "$features"
wasm=target/size-breakdown/wasm32-unknown-unknown/snippet/trackq.wasm
llvm-dwarfdump --debug-line "$wasm" > target/size-breakdown/lines.txt
echo "features '$features':"
node scripts/size-breakdown.mjs target/size-breakdown/lines.txt
