// The host functions the wasm imports (src/browser/host.rs): localStorage
// (or its stand-in), the requests, the timer and the console.
var tqTimer;
var tqStorage; // localStorage (or a stand-in), set in tqStart(): reading it throws where storage is disabled

// trackq's keys in localStorage, sorted.
function tqKeys() {
  return Object.keys(tqStorage).filter(function (k) { return k.startsWith(TQ_PREFIX); }).sort();
}

// Where localStorage is disabled (reading it throws): the core runs from
// memory, and trackq's keys live in this stand-in for the page (KM.i()
// reads the ids there).
var tqStandIn = {
  setItem: function (k, v) {
    this[k] = v;
  },
  getItem: function (k) {
    return this[k];
  },
  removeItem: function (k) {
    delete this[k];
  }
};

// setItem, or removeItem when `v` is null (of all trackq's keys when `k` is
// their prefix: an opt-out). Without localStorage a write goes to its
// stand-in (the page runs from memory, no warning); false when it threw.
function tqSet(k, v) {
  try {
    if (v != null) tqStorage.setItem(k, v);
    else (k == TQ_PREFIX ? tqKeys() : [k]).forEach(function (k) { tqStorage.removeItem(k); });
    return true;
  } catch (e) {
    return false;
  }
}

function tqArm(ms) {
  clearTimeout(tqTimer);
  tqTimer = setTimeout(tqSafe(function () { on(TQ_TIMER); }), ms);
}

// `body`: JSON text, or gzip bytes. Neither a string (text/plain) nor bytes
// (no Content-Type) costs a CORS preflight; the collector knows gzip by its
// magic bytes.
// The endpoint is the setting as the page gave it: the core sends nothing
// without one.
function tqSend(id, body, beacon) {
  var url = tqAttrs.endpoint;
  if (beacon) {
    try {
      return navigator.sendBeacon(url, body);
    } catch (e) {
      return false;
    }
  }
  var answer = tqSafe(function (status, retryAfter) { on(TQ_RESPONSE, '', id, status, retryAfter); });
  fetch(url, { method: 'POST', body: body, keepalive: true }).then(function (r) {
    var done = function () {
      answer(r.status, +r.headers.get('Retry-After') || 0);
    };
    // Answer once the body is read: Chromium frees the request's share of
    // the 64 KB keepalive quota only when it has completed.
    r.text().then(done, done);
  }, function () {
    answer(0, 0);
  });
  return true;
}

// The body registered with fetchLater (Chromium 135+), which the browser
// sends when the page is gone, even killed or crashed: withdrawn and
// replaced as the core says (an empty body only withdraws).
var tqLaterAbort;
function tqLater(body) {
  try {
    tqLaterAbort && tqLaterAbort.abort();
    tqLaterAbort = 0;
    if (body.length) {
      tqLaterAbort = new AbortController();
      fetchLater(tqAttrs.endpoint, { method: 'POST', body: body, signal: tqLaterAbort.signal });
    }
  } catch (e) {} // over the browser's quota: pagehide's beacons remain
}

function tqLog(warn, text) {
  console[warn ? 'warn' : 'log'](text);
}
