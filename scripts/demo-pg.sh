#!/usr/bin/env bash
# Two trackq collectors on one local PostgreSQL, for a person to try.
#
#   scripts/demo-pg.sh            # PostgreSQL on 127.0.0.1 (a throwaway cluster in a temp
#                                 # folder), collectors on 127.0.0.1:8080 and :8081, both
#                                 # serving the demo; Ctrl-C stops everything
#   scripts/demo-pg.sh --smoke    # the same, then a batch sent to one collector is read
#                                 # back from the other, resent to it as a duplicate; exits
#   scripts/demo-pg.sh --pg-only  # only the database: prints its URL (for
#                                 # trackq-loadtest --db URL --collectors 2) until Ctrl-C
#
# PostgreSQL is Debian's (scripts/install.sh installs it); the cluster is made by an
# unprivileged user (postgres, when run as root), listens on 127.0.0.1 only, and is removed
# on exit. TRACKQ_PG_PORT sets its port (default 5433); TRACKQ_SKIP_BUILD=1 skips ./build.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf 'demo-pg: %s\n' "$*"; }
die() { printf 'demo-pg: FAILED: %s\n' "$*" >&2; exit 1; }

MODE=${1:-}
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
[ -x "$PG_BIN/initdb" ] || die "no PostgreSQL server (run scripts/install.sh)"
PORT=${TRACKQ_PG_PORT:-5433}
DIR=$(mktemp -d /tmp/trackq-pg-demo.XXXXXX)
chmod 755 "$DIR"
as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" = 0 ] && chown postgres "$DIR"

PIDS=()
stop() {
    local pid
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    as_pg "$PG_BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$DIR"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "PostgreSQL: initdb in $DIR, listening on 127.0.0.1:$PORT"
as_pg "$PG_BIN/initdb" -D "$DIR/data" -U trackq --auth=trust -E UTF8 >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$DIR/data" -l "$DIR/data/server.log" -w \
    -o "-p $PORT -c listen_addresses=127.0.0.1 -k $DIR/data" start >/dev/null
as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U trackq trackq
URL="postgres://trackq@127.0.0.1:$PORT/trackq"

if [ "$MODE" = --pg-only ]; then
    say "database: $URL (Ctrl-C stops it)"
    while true; do
        # In the background and waited for, so a trap runs at once; without our output, so
        # it holds no reader of it open.
        sleep 3600 </dev/null >/dev/null 2>&1 &
        PIDS+=($!)
        wait $!
    done
fi

if [ "${TRACKQ_SKIP_BUILD:-0}" != 1 ]; then
    say "building the snippet (./build.sh) and the collector"
    ./build.sh >/dev/null || die "./build.sh"
fi
cargo build --release -q -p trackq-collector --bin trackq-collector || die "cargo build"
BIN="${CARGO_TARGET_DIR:-target}/release/trackq-collector"

for port in 8080 8081; do
    "$BIN" --listen "127.0.0.1:$port" --db "$URL" --write-key demo_write_key \
        --secret-key demo_secret_key --stripe-secret whsec_demo_secret --www www --dist dist &
    PIDS+=($!)
done
for port in 8080 8081; do
    for _ in $(seq 1 100); do
        curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
        sleep 0.1
    done
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null || die "collector on :$port did not start"
done

if [ "$MODE" = --smoke ]; then
    id="pg-smoke-$(date +%s)-$RANDOM"
    body='{"writeKey":"demo_write_key","batch":[{"type":"track","messageId":"'"$id"'","anonymousId":"smoke","event":"Signed Up"}]}'
    curl -sf -H 'Content-Type: text/plain' --data-binary "$body" http://127.0.0.1:8080/v1/batch \
        | grep -q '"stored":1' || die "POST to :8080"
    curl -sf "http://127.0.0.1:8081/v1/events?event=Signed%20Up" | grep -q "$id" \
        || die "the event is not seen from :8081"
    curl -sf -H 'Content-Type: text/plain' --data-binary "$body" http://127.0.0.1:8081/v1/batch \
        | grep -q '"duplicates":1' || die "the batch resent to :8081 is not a duplicate"
    say "smoke test passed: stored through :8080, seen and deduplicated through :8081"
    exit 0
fi

cat <<MSG

  Two collectors on one PostgreSQL ($URL):

    http://127.0.0.1:8080/demo.html    http://127.0.0.1:8081/events.html

  Events sent through either show on both live pages. Ctrl-C stops both and the database.
MSG
wait "${PIDS[0]}"
