#!/usr/bin/env bash
# Builds the snippet and prints its size.
#
#   dist/trackq.js        classic script: src/browser/glue.js + src/browser/bootstrap/*.js
#   dist/trackq_bg.wasm   the wasm, after wasm-opt
#   dist/trackq_debug_bg.wasm  the development wasm (`data-debug`): the same plus taxonomies
#                         and the warnings' full texts (the production wasms log codes)
#   dist/kmq/             the same for the `_kmq`-only build (its development wasm: + the texts)
#   dist/trackq.d.ts      the public API types (from `cargo run --example dts`, when it exists)
#   (the bootstrap<->wasm contract comes from `cargo run --example contract`: terser --defines)
#   pkg/                  the default snippet as an ES module, for bundlers (glue + bootstrap)
#
# Tools: cargo (+ wasm32-unknown-unknown), wasm-snip, wasm-bindgen (Cargo.lock's version),
# wasm-opt and terser from node_modules/.bin, gzip, brotli. scripts/install.sh installs them all.
#
# Environment: TRACKQ_OPT_LEVEL overrides the rustc opt-level of the snippet profile (see below).
# TRACKQ_NAMES=1 keeps the functions' names in the wasms (the same code, a names section
# more), so that a profile says where the time goes (`node tests/e2e/profile.mjs`); the
# sizes it prints are then not what a page downloads.
set -euo pipefail
cd "$(dirname "$0")"
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

step() { printf '\n== build: %s\n' "$*"; }
die() { printf 'build: FAILED: %s\n' "$*" >&2; exit 1; }
for tool in cargo wasm-snip wasm-bindgen wasm-opt terser gzip brotli; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool not found: run scripts/install.sh"
done
case "$(command -v wasm-opt)" in
    "$PWD"/node_modules/*) ;;
    # Debian's binaryen (wasm-opt 108) silently corrupts wasm-bindgen output.
    *) die "wasm-opt is not the npm binaryen one ($(command -v wasm-opt)): run scripts/install.sh" ;;
esac

# opt-level of the `snippet` profile, measured once on the real crate (commit 3a4b2cb's
# tree, wasm after wasm-bindgen + wasm-opt -Oz, brotli -q 11; the glue is the same for all):
#   opt-level "z": 72698 bytes, 29638 brotli   <- kept
#   opt-level "s": 81370 bytes, 31985 brotli
#   opt-level 3:  115984 bytes, 35361 brotli
# Measure again with TRACKQ_OPT_LEVEL=s|3 ./build.sh after big changes.
OPT_LEVEL="${TRACKQ_OPT_LEVEL:-z}"

# wasm-opt flags, measured on the same wasm (brotli bytes):
#   -Oz 29638; -Oz --converge 29734; -O3 -Oz 29752;
#   -Oz --strip-debug --strip-producers --strip-target-features 29541  <- kept
# --low-memory-unused (23763 -> 23524, wasm-snip'd tree): folds `load/store (x + C)` into
# `offset=C (x)` for 0 <= C < 1024 (binaryen's optimize-added-constants). The two differ only
# when x + C wraps past 2^32, and then the address lands below 1024. Nothing lives there:
# rustc links wasm32 with --stack-first (data from 1 MiB up), so those addresses are the far
# end of a 1 MiB stack that the depth-bounded code never reaches (wasm-ld without
# --stack-first leaves the low 1 KiB empty for this very flag). Kept.
# Then (brotli, wasm, after --low-memory-unused -Oz 23524): -Oz -Oz 23482; -Oz --converge
# 23472; --gufa -Oz, --monomorphize -Oz: no gain; --flatten --rereloop -Oz 23480,
# --flatten --rereloop -Oz -Oz 23368 <- kept (control flow rebuilt by the relooper; the
# bench's push loop is unchanged, 20-23 us/cmd); a third -Oz or --converge after it: larger.
# --traps-never-happen: not used; a panic traps here and the bootstrap catches it, and the
# flag lets binaryen drop or move effects before a trap.
# Then (wasm brotli, dist/kmq / dist, wasm raw, on 8c1fb24's tree, against 17,527 / 19,395):
# --merge-similar-functions on the relooped flat code, before the -Oz (-Oz's own run of it
# comes after the optimizations and finds nothing more to merge): -44 / -33, raw -355 / -346;
# with --precompute-propagate and --simplify-locals after it -102 / -83, raw -390 / -395
# <- kept (functions that differ only in constants become one taking them as arguments).
# --simplify-locals-notee instead -112 / -27; the merge after the first -Oz or the second:
# no change.
# --generate-global-effects first (the effects of each function, which the later passes
# then use at its call sites; optimizations only ever remove effects, so the information
# stays safe): -16 / -4, raw -4 / -4 (on 68b590d's tree, against 17,378 / 19,271); placed
# between the two -Oz instead: +30 / +9.
WASM_OPT_FLAGS=(--generate-global-effects --low-memory-unused --flatten --rereloop --merge-similar-functions
    --precompute-propagate --simplify-locals -Oz -Oz
    --strip-debug --strip-producers --strip-target-features)
if [ "${TRACKQ_NAMES:-}" = 1 ]; then
    WASM_OPT_FLAGS=("${WASM_OPT_FLAGS[@]/--strip-debug/-g}")
fi

WASM_FEATURES=(
    # What rustc enables by default for wasm32-unknown-unknown; wasm-opt must accept
    # the instructions already in the module.
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
    --enable-mutable-globals --enable-reference-types --enable-multivalue
)

# The panic paths of core and alloc: all diverge into our panic handler, which traps. As
# `unreachable` they trap the same way, and wasm-opt drops what every call site passes
# them (message, location). Measured: 24063 -> 23763 bytes brotli (wasm).
SNIP_PATTERNS=(panicking slice_index_fail assert_failed capacity_overflow
    'raw_vec[0-9]*handle_error' handle_alloc_error alloc_error_handler)

glue=src/browser/glue.js
# The bootstrap: the page's side of trackq, one file per concept, put after the glue in this
# order inside one function (build_snippet). They share that scope with the glue: the wasm's
# exports (`tqWasm`, and `on` wrapped) are in scope in each, a name one file declares
# the others see (the functions are hoisted; start.js, last, starts the load once all the
# rest is declared), and host.js's `tqImports` are what the wasm imports (src/browser/host.rs). It owns
# what is cheaper in JavaScript than through wasm-bindgen: the page's globals, the
# listeners, the timer, the requests and localStorage; every call into the wasm goes
# through safe.js's `tqSafe` (`on` is wrapped in it once).
# The TQ_* names are constants terser puts in (--define): `on`'s codes, TQ_PREFIX and the
# identity's keys from src/contract.rs (`cargo run --example contract`); TQ_SAAS, false in
# a build without the `saas` feature, whose branches serve `_upstack` and `_df`;
# TQ_AUTOTRACK, true with the `autotrack` feature (autotrack.js); TQ_DEBUG_WASM, true when
# the build has a development wasm (trackq_debug_bg.wasm); TQ_MODULE, true in the
# ES-module build (pkg/), where TQ_MODULE_URL is `import.meta.url`.
bootstrap=()
for part in safe settings host commands autotrack start; do
    bootstrap+=("src/browser/bootstrap/$part.js")
done
for f in "$glue" "${bootstrap[@]}"; do
    [ -f "$f" ] || die "$f is missing"
done

# The contract between the bootstrap and the wasm (src/contract.rs): `on`'s codes and the
# storage prefix, as terser --defines. The bootstrap names them (TQ_PUSH, TQ_PREFIX); terser
# puts the values in. Nothing edits the sources: each build differs only by its defines.
step "contract (cargo run --example contract)"
contract=$(cargo run -q --example contract) || die "cargo run --example contract"
CONTRACT_DEFINES=()
while IFS= read -r define; do
    [ -n "$define" ] && CONTRACT_DEFINES+=(--define "$define")
done <<< "$contract"
printf '%s\n' "$contract"

# build_wasm FEATURES WASM: the snippet's wasm with these Cargo features into WASM; the
# wasm-bindgen'd wasm (before wasm-opt) stays in target/bindgen.
build_wasm() {
    local features="$1" wasm="$2"
    step "$wasm: cargo build (profile snippet, opt-level $OPT_LEVEL, features '$features')"
    CARGO_PROFILE_SNIPPET_OPT_LEVEL="$OPT_LEVEL" \
        cargo build --lib --target wasm32-unknown-unknown --profile snippet \
            --no-default-features --features "$features"
    local raw_wasm=target/wasm32-unknown-unknown/snippet/trackq.wasm
    [ -f "$raw_wasm" ] || die "$raw_wasm not produced"

    step "$wasm: wasm-snip (panic paths -> unreachable)"
    mkdir -p target/snip
    snipped_wasm=target/snip/trackq.wasm
    wasm-snip "$raw_wasm" -o "$snipped_wasm" -p "${SNIP_PATTERNS[@]}"

    step "$wasm: wasm-bindgen (the wasm only: src/browser/glue.js is the page's glue)"
    rm -rf target/bindgen
    wasm-bindgen --target web --no-typescript --out-dir target/bindgen "$snipped_wasm"

    # Only the imports and exports glue.js uses, the imports by short names
    # (scripts/trim-bindgen.mjs says what goes and what it saved).
    node scripts/trim-bindgen.mjs target/bindgen/trackq_bg.wasm target/bindgen/trackq_trim.wasm

    step "$wasm: wasm-opt ${WASM_OPT_FLAGS[*]}"
    mkdir -p "$(dirname "$wasm")"
    wasm-opt "${WASM_OPT_FLAGS[@]}" "${WASM_FEATURES[@]}" target/bindgen/trackq_trim.wasm \
        -o "$wasm"
    # The text of the panics wasm-snip removed (measured on the _kmq build: 14633 -> 14458
    # bytes brotli).
    node scripts/scrub-panic-text.mjs "$wasm" "$wasm"
    # Every import of the wasm must have its entry in host.js's tqImports (by the name
    # trim-bindgen.mjs gave it), every export the glue calls must exist: the ABI is
    # the pinned wasm-bindgen version's.
    node -e '
const fs = require("fs");
const [wasmFile, hostFile] = process.argv.slice(1);
const m = new WebAssembly.Module(fs.readFileSync(wasmFile));
const host = fs.readFileSync(hostFile, "utf8");
const missing = [];
for (const i of WebAssembly.Module.imports(m)) {
  if (i.module !== "t" || !new RegExp("^  " + i.name + "[:(]", "m").test(host)) missing.push("import " + i.module + " " + i.name);
}
const exported = WebAssembly.Module.exports(m).map((e) => e.name);
for (const e of ["on", "m", "a"]) {
  if (!exported.includes(e)) missing.push("export " + e);
}
if (missing.length) { console.error("the glue does not match the wasm: " + missing.join(", ")); process.exit(1); }
' "$wasm" src/browser/bootstrap/host.js || die "src/browser/glue.js and bootstrap/host.js do not match $wasm"
}

# build_snippet FEATURES OUT [DEBUG_FEATURES]: the snippet with these Cargo features into
# OUT/trackq.js and OUT/trackq_bg.wasm; with DEBUG_FEATURES, also the development wasm
# OUT/trackq_debug_bg.wasm, which the script loads instead on a page that asks for
# `data-debug` or `data-validation="strict"` (the warnings' full texts, the `texts`
# feature, and the taxonomies' tables and checks are only in that one: README,
# "Warnings" and "Validation").
build_snippet() {
    local features="$1" out="$2" debug_features="${3-}"
    build_wasm "$features" "$out/trackq_bg.wasm"
    local debug_wasm=false
    if [ -n "$debug_features" ]; then
        build_wasm "$debug_features" "$out/trackq_debug_bg.wasm"
        debug_wasm=true
    fi

    step "$out: trackq.js (glue + bootstrap, terser)"
    # One function scope around glue + bootstrap: nothing leaks into the page's globals,
    # a second copy of the snippet on the same page cannot clash with the first, and
    # terser drops what the bootstrap never calls.
    # A build without the `saas` feature (neither taxonomy nor pii) serves `_kmq`
    # alone: TQ_SAAS=false, and terser drops the bootstrap's `if (TQ_SAAS)` branches.
    local saas=false autotrack=false
    case ",$features," in
        *,saas,* | *,taxonomy,* | *,pii,*) saas=true ;;
    esac
    # Likewise TQ_AUTOTRACK: the listeners of the `autotrack` feature.
    case ",$features," in *,autotrack,*) autotrack=true ;; esac
    {
        echo '(function () {'
        cat "$glue" "${bootstrap[@]}"
        echo '})();'
    } > target/bindgen/trackq.script.js
    # Still a classic script (no module syntax). Measured (js brotli): --compress 2788,
    # passes=2 2780 <- kept; --toplevel: no change (all of it is inside one function);
    # unsafe: no further gain, not used. unsafe_arrows (a function expression that reads
    # neither `this` nor `arguments` becomes an arrow; nothing here calls one with `new` or
    # reads its prototype): -3 / -3 (21ed0c6's tree, 1,702 / 1,817) <- kept; with
    # collapse_vars=false too -10 / -7 but 1 byte more raw: not kept. The script must go
    # through terser: only its --defines give the TQ_* names their values.
    terser target/bindgen/trackq.script.js --compress passes=2,unsafe_arrows --mangle --ecma 2017 \
        "${CONTRACT_DEFINES[@]}" --define TQ_SAAS="$saas" --define TQ_AUTOTRACK="$autotrack" \
        --define TQ_DEBUG_WASM="$debug_wasm" --define TQ_MODULE=false \
        -o "$out/trackq.js"
    echo "terser: $(brotli -q 11 -c target/bindgen/trackq.script.js | wc -c) -> $(brotli -q 11 -c "$out/trackq.js" | wc -c) bytes brotli"
    if grep -q 'TQ_[A-Z]' "$out/trackq.js"; then
        die "$out/trackq.js still names $(grep -o 'TQ_[A-Z_]*' "$out/trackq.js" | sort -u | tr '\n' ' '): a --define is missing"
    fi
}

rm -rf dist
# The `_kmq` snippet alone (issue 2's product), then the default one with the `_upstack`
# and `_df` front-ends and the PII guard (pkg/ below gets its wasm), whose development
# wasm adds their taxonomies. Both carry the rest of KISSmetrics' library (`autotrack`:
# click and form tracking, the automatic events, KM.ab): a site that uses `_kmq` uses it.
# Each development wasm has the warnings' full texts (`texts`); the production ones log a
# code (README, "Warnings").
build_snippet "autotrack" dist/kmq "autotrack,texts"
build_snippet "saas,pii,autotrack" dist "taxonomy,pii,autotrack,texts"

step "dist/trackq.d.ts"
if [ -f examples/dts.rs ]; then
    cargo run -q --example dts > dist/trackq.d.ts.tmp
    mv dist/trackq.d.ts.tmp dist/trackq.d.ts
    echo "dist/trackq.d.ts: $(wc -c < dist/trackq.d.ts) bytes"
else
    echo "note: examples/dts.rs not there yet: no dist/trackq.d.ts"
fi

step "pkg/ (ES module for bundlers)"
# The default snippet as an ES module: `import 'trackq'` runs it, and the wasm is found
# with `new URL(..., import.meta.url)` (TQ_MODULE_URL), which bundlers and browsers both
# resolve. Its settings come from the first element with a data-endpoint (a <meta>, say).
rm -rf pkg
mkdir -p pkg
cat "$glue" "${bootstrap[@]}" > target/bindgen/trackq.module.js
terser target/bindgen/trackq.module.js --module --compress passes=2,unsafe_arrows --mangle --ecma 2020 \
    "${CONTRACT_DEFINES[@]}" --define TQ_SAAS=true --define TQ_AUTOTRACK=true --define TQ_DEBUG_WASM=true --define TQ_MODULE=true \
    --define TQ_MODULE_URL=import.meta.url -o pkg/trackq.js
if grep -q 'TQ_[A-Z]' pkg/trackq.js; then
    die "pkg/trackq.js still names $(grep -o 'TQ_[A-Z_]*' pkg/trackq.js | sort -u | tr '\n' ' '): a --define is missing"
fi
cp dist/trackq_bg.wasm dist/trackq_debug_bg.wasm pkg/
[ -f dist/trackq.d.ts ] && cp dist/trackq.d.ts pkg/trackq.d.ts
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
cat > pkg/package.json <<JSON
{
  "name": "trackq",
  "version": "$version",
  "description": "A browser tracking snippet for SaaS products: _kmq, _upstack and _df command queues, batched delivery.",
  "license": "MIT",
  "type": "module",
  "module": "trackq.js",
  "main": "trackq.js",
  "types": "trackq.d.ts",
  "files": ["trackq.js", "trackq_bg.wasm", "trackq_debug_bg.wasm", "trackq.d.ts"],
  "sideEffects": true
}
JSON
ls pkg

step "sizes (bytes)"
[ "${TRACKQ_NAMES:-}" = 1 ] && echo "(TRACKQ_NAMES=1: the wasms carry their functions' names; not the sizes a page gets)"
size_row() { # name raw gzip brotli
    printf '%-26s %9s %9s %9s\n' "$1" "$2" "$3" "$4"
}
size_row file raw gzip-9 brotli-11
budget=15360
for out in dist/kmq dist; do
    t_raw=0 t_gz=0 t_br=0
    for f in "$out/trackq.js" "$out/trackq_bg.wasm"; do
        raw=$(wc -c < "$f")
        gz=$(gzip -9 -c "$f" | wc -c)
        br=$(brotli -q 11 -c "$f" | wc -c)
        size_row "$f" "$raw" "$gz" "$br"
        t_raw=$((t_raw + raw)) t_gz=$((t_gz + gz)) t_br=$((t_br + br))
    done
    size_row "$out total" "$t_raw" "$t_gz" "$t_br"
    if [ "$t_br" -gt "$budget" ]; then
        echo "  $out: $t_br bytes brotli, over the $budget-byte budget by $((t_br - budget))"
    else
        echo "  $out: $t_br bytes brotli, within the $budget-byte budget"
    fi
    # The development wasm, instead of trackq_bg.wasm on pages with data-debug.
    f="$out/trackq_debug_bg.wasm"
    if [ -f "$f" ]; then
        size_row "$f" "$(wc -c < "$f")" "$(gzip -9 -c "$f" | wc -c)" "$(brotli -q 11 -c "$f" | wc -c)"
    fi
done
