// The host functions the wasm imports (src/browser/host.rs): localStorage
// (or its stand-in), the requests, the timer and the console.
var tqTimer;
// The delay tqTimer was set with (-1 once it has fired: no delay is).
var tqTimerMs;
// localStorage, set in tqStart(): reading it throws where storage is
// disabled, and then a plain object stands in for it (the core runs from
// memory, and trackq's keys live there for the page: KM.i() reads the ids).
// trackq's keys are read, written and deleted as properties of either: on
// localStorage that is getItem, setItem and removeItem for every key no
// Storage member is named like (all of trackq's start with TQ_PREFIX), and
// the stand-in needs no methods.
var tqStorage;

// trackq's keys in localStorage, sorted.
var tqKeys = () => Object.keys(tqStorage).filter((k) => k.startsWith(TQ_PREFIX)).sort();

// A request's body: gzip bytes (copied: the wasm reuses its memory), or
// JSON text. Neither a string (text/plain) nor bytes (no Content-Type)
// costs a CORS preflight; the collector knows gzip by its magic bytes.
var tqBody = (ptr, len, gzip) => (gzip ? tqBytes(ptr, len).slice() : tqString(ptr, len));

// The body registered with fetchLater (Chromium 135+): see tqImports.l.
var tqLaterAbort;

// The imports, in module `t`, by the one-letter names scripts/trim-bindgen.mjs
// gives them (each comment names the js_name of src/browser/host.rs or js.rs);
// their arguments as glue.js says. build.sh checks that every import of the
// built wasm has an entry here.
var tqImports = {
  // now: Date.now
  n: Date.now,
  // tqMono: performance.now
  m: () => performance.now(),
  // tqArm: on(TQ_TIMER) after `ms`, replacing any earlier timer. The wasm
  // hands its next deadline over after every call, and a new timer for
  // every push of a burst cost about 2 µs each: the same delay again keeps
  // the timer. Its deadline is then the same or earlier (set no later), so
  // at worst the tracker wakes early and sets the timer again.
  a(ms) {
    if (ms != tqTimerMs) {
      clearTimeout(tqTimer);
      tqTimerMs = ms;
      tqTimer = setTimeout(() => {
        tqTimerMs = -1;
        on(TQ_TIMER);
      }, ms);
    }
  },
  // tqLog
  c: (warn, ptr, len) => console[warn ? 'warn' : 'log'](tqString(ptr, len)),
  // tqRandom: `len` u64s of random bits at `ptr`, from Math.random
  // where the page has no crypto.
  r(ptr, len) {
    var bytes = tqBytes(ptr, len * 8);
    try {
      crypto.getRandomValues(bytes);
    } catch (e) {
      bytes.forEach((_, i) => (bytes[i] = Math.random() * 256));
    }
  },
  // tqSet: the key set, or removed when there is no value (all of trackq's
  // keys when `k` is their prefix: an opt-out). Without localStorage a write
  // goes to its stand-in (the page runs from memory, no warning); false
  // when it threw.
  s(keyPtr, keyLen, valuePtr, valueLen) {
    var k = tqString(keyPtr, keyLen);
    try {
      if (valuePtr) tqStorage[k] = tqString(valuePtr, valueLen);
      else (k == TQ_PREFIX ? tqKeys() : [k]).forEach((k) => delete tqStorage[k]);
      return true;
    } catch (e) {
      return false;
    }
  },
  // tqSend. The endpoint is the setting as the page gave it: the core
  // sends nothing without one.
  f(id, ptr, len, gzip, beacon) {
    var url = tqAttrs.endpoint, body = tqBody(ptr, len, gzip);
    if (beacon) {
      try {
        return navigator.sendBeacon(url, body);
      } catch (e) {
        return false;
      }
    }
    // The answer names the request by `id` as `on`'s text (TextEncoder
    // writes the number's digits).
    fetch(url, { method: 'POST', body, keepalive: true }).then((r) => {
      // A Retry-After that is not a number of seconds is NaN: none, for the core.
      var done = () => on(TQ_RESPONSE, id, r.status, +r.headers.get('Retry-After'));
      // Answer once the body is read: Chromium frees the request's share of
      // the 64 KB keepalive quota only when it has completed.
      r.text().then(done, done);
    }, () => on(TQ_RESPONSE, id)); // no status: a network error
    return true;
  },
  // tqLater: the body registered with fetchLater (Chromium 135+), which the browser
  // sends when the page is gone, even killed or crashed: withdrawn and
  // replaced as the core says (an empty body only withdraws).
  l(ptr, len, gzip) {
    try {
      tqLaterAbort && tqLaterAbort.abort();
      if (len) {
        tqLaterAbort = new AbortController();
        fetchLater(tqAttrs.endpoint, { method: 'POST', body: tqBody(ptr, len, gzip), signal: tqLaterAbort.signal });
      }
    } catch (e) {} // over the browser's quota: pagehide's beacons remain
  }
};
