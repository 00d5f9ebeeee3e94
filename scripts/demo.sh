#!/usr/bin/env bash
# README's first command: installs what is missing, builds the snippet and the collector,
# starts the collector on 127.0.0.1 with a SQLite file, and prints the demo page's URL.
#
#   scripts/demo.sh                  run until Ctrl-C
#   scripts/demo.sh --smoke          start, check the demo works (page, snippet, one batch), stop
#   scripts/demo.sh stripe [TYPE]    send a signed sample Stripe webhook to a running demo
#                                    (TYPE: invoice.paid (default), customer.subscription.created,
#                                    customer.subscription.deleted, charge.refunded)
#
# Environment (all optional; the collector reads the same variables, see its --help):
#   TRACKQ_LISTEN=127.0.0.1:8080  TRACKQ_DB=trackq.db  TRACKQ_WRITE_KEY=demo_write_key
#   TRACKQ_SECRET_KEY=demo_secret_key  TRACKQ_STRIPE_SECRET=whsec_demo_secret
#   TRACKQ_SKIP_INSTALL=1 skips scripts/install.sh (e.g. when it already ran);
#   TRACKQ_SKIP_BUILD=1 uses the dist/ already built instead of running ./build.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

export TRACKQ_LISTEN="${TRACKQ_LISTEN:-127.0.0.1:8080}"
export TRACKQ_DB="${TRACKQ_DB:-trackq.db}"
# www/demo.html carries data-key="demo_write_key".
export TRACKQ_WRITE_KEY="${TRACKQ_WRITE_KEY:-demo_write_key}"
export TRACKQ_SECRET_KEY="${TRACKQ_SECRET_KEY:-demo_secret_key}"
export TRACKQ_STRIPE_SECRET="${TRACKQ_STRIPE_SECRET:-whsec_demo_secret}"
export TRACKQ_WWW="${TRACKQ_WWW:-www}"
export TRACKQ_DIST="${TRACKQ_DIST:-dist}"
BASE="http://$TRACKQ_LISTEN"

say() { printf 'demo: %s\n' "$*"; }
die() { printf 'demo: FAILED: %s\n' "$*" >&2; exit 1; }

# GET/POST without assuming curl: curl if present, else Python's urllib.
http() { # method url [body] [header...] -> prints "status body"
    local method=$1 url=$2 body=${3:-}
    shift 3 || shift $#
    if command -v curl >/dev/null 2>&1; then
        local args=(-s -o /dev/stdout -w '\n%{http_code}' -X "$method")
        local h
        for h in "$@"; do args+=(-H "$h"); done
        [ -n "$body" ] && args+=(--data-binary "$body")
        local out
        out=$(curl "${args[@]}" "$url" || true)
        printf '%s %s\n' "${out##*$'\n'}" "${out%$'\n'*}"
    else
        python3 - "$method" "$url" "$body" "$@" <<'PY'
import sys, urllib.request, urllib.error
method, url, body, headers = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
req = urllib.request.Request(url, data=body.encode() if body else None, method=method)
for h in headers:
    k, v = h.split(":", 1); req.add_header(k.strip(), v.strip())
try:
    with urllib.request.urlopen(req, timeout=10) as r: print(r.status, r.read().decode())
except urllib.error.HTTPError as e: print(e.code, e.read().decode())
except Exception as e: print(0, e)
PY
    fi
}

stripe_sample() { # type -> a Stripe-shaped event
    local type=$1 now id
    now=$(date +%s)
    id="evt_demo_${now}_$RANDOM"
    local sub='{"id":"sub_demo","object":"subscription","customer":"cus_demo","metadata":{"account_id":"acct_demo"},"status":"active","items":{"object":"list","data":[{"id":"si_demo","object":"subscription_item","quantity":1,"price":{"id":"price_pro_monthly","object":"price","currency":"usd","nickname":"Pro","unit_amount":2900,"recurring":{"interval":"month","interval_count":1}}}]}}'
    local object
    case "$type" in
        invoice.paid) object='{"id":"in_demo","object":"invoice","customer":"cus_demo","subscription":"sub_demo","metadata":{"account_id":"acct_demo"},"amount_due":2900,"amount_paid":2900,"currency":"usd","status":"paid"}' ;;
        customer.subscription.created | customer.subscription.deleted) object=$sub ;;
        charge.refunded) object='{"id":"ch_demo","object":"charge","customer":"cus_demo","metadata":{"account_id":"acct_demo"},"invoice":"in_demo","payment_intent":"pi_demo","amount":2900,"amount_refunded":2900,"currency":"usd","refunded":true}' ;;
        *) die "no sample for $type (try invoice.paid, customer.subscription.created, customer.subscription.deleted, charge.refunded)" ;;
    esac
    printf '{"id":"%s","object":"event","api_version":"2024-06-20","created":%s,"livemode":false,"type":"%s","data":{"object":%s}}' \
        "$id" "$now" "$type" "$object"
}

send_stripe() { # type
    local type=${1:-invoice.paid} payload t sig
    payload=$(stripe_sample "$type")
    t=$(date +%s)
    # Stripe's scheme: v1 = HMAC-SHA256(endpoint secret, "<t>.<body>"), hex.
    sig=$(printf '%s.%s' "$t" "$payload" | python3 -c 'import hmac,hashlib,sys; print(hmac.new(sys.argv[1].encode(), sys.stdin.buffer.read(), hashlib.sha256).hexdigest())' "${TRACKQ_STRIPE_SECRET%%,*}")
    say "POST $BASE/webhooks/stripe ($type)"
    http POST "$BASE/webhooks/stripe" "$payload" "Content-Type: application/json" "Stripe-Signature: t=$t,v1=$sig"
}

if [ "${1:-}" = stripe ]; then
    send_stripe "${2:-invoice.paid}"
    exit 0
fi
SMOKE=0
[ "${1:-}" = --smoke ] && SMOKE=1

# --- install and build ----------------------------------------------------------
if [ "${TRACKQ_SKIP_INSTALL:-0}" != 1 ] && [ -x scripts/install.sh ]; then
    say "installing what is missing (scripts/install.sh)"
    scripts/install.sh || die "scripts/install.sh"
fi
if [ "${TRACKQ_SKIP_BUILD:-0}" != 1 ] && [ -x ./build.sh ]; then
    say "building the snippet (./build.sh)"
    ./build.sh || die "./build.sh"
fi
[ -f "$TRACKQ_DIST/trackq.js" ] || die "$TRACKQ_DIST/trackq.js is missing: the snippet did not build"
say "building the collector (cargo build --release -p trackq-collector)"
cargo build --release -p trackq-collector --bin trackq-collector || die "cargo build"
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
BIN="$TARGET_DIR/release/trackq-collector"
[ -x "$BIN" ] || die "$BIN not found"

# --- start ----------------------------------------------------------------------
say "starting the collector on $TRACKQ_LISTEN (database $TRACKQ_DB)"
"$BIN" &
PID=$!
stop() {
    if kill -0 "$PID" 2>/dev/null; then
        kill -TERM "$PID" 2>/dev/null || true
        wait "$PID" 2>/dev/null || true
    fi
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

up=0
for _ in $(seq 1 100); do
    kill -0 "$PID" 2>/dev/null || die "the collector exited (is $TRACKQ_LISTEN in use? set TRACKQ_LISTEN=127.0.0.1:8081)"
    case "$(http GET "$BASE/healthz")" in "200 ok"*) up=1; break ;; esac
    sleep 0.1
done
[ "$up" = 1 ] || die "the collector did not answer on $BASE/healthz within 10 s"

if [ "$SMOKE" = 1 ]; then
    say "smoke test"
    case "$(http GET "$BASE/demo.html")" in 200*data-endpoint*) ;; *) die "GET /demo.html" ;; esac
    case "$(http GET "$BASE/trackq/trackq.js")" in 200*) ;; *) die "GET /trackq/trackq.js" ;; esac
    id="smoke-$(date +%s)-$RANDOM"
    body='{"writeKey":"'"${TRACKQ_WRITE_KEY%%,*}"'","batch":[{"type":"track","messageId":"'"$id"'","anonymousId":"smoke","event":"Signed Up","properties":{"Plan Name":"Pro"}}]}'
    case "$(http POST "$BASE/v1/batch" "$body" "Content-Type: text/plain")" in *'"stored":1'*) ;; *) die "POST /v1/batch" ;; esac
    case "$(http GET "$BASE/v1/events?event=Signed%20Up&limit=5")" in *"$id"*) ;; *) die "GET /v1/events" ;; esac
    say "smoke test passed: page, snippet, batch stored and queried"
    exit 0
fi

cat <<MSG

  trackq demo is running.

    Demo page:    $BASE/demo.html
    Live events:  $BASE/events.html

  Click through sign up, upgrade, billing and cancel on the demo page; each event shows
  on the right once the collector has stored it (in $TRACKQ_DB).

  Server-side events (seed 001's helper pattern):
    curl -H 'Authorization: Bearer ${TRACKQ_SECRET_KEY%%,*}' -H 'Content-Type: application/json' \\
      -d '{"event":"trial_started","properties":{"accountId":"acct_1","planId":"plan_pro"}}' $BASE/v1/events
  A signed sample Stripe webhook:
    scripts/demo.sh stripe invoice.paid

  Ctrl-C stops the collector.

MSG
wait "$PID"
