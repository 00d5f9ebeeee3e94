// trackq bootstrap. build.sh puts it after glue.js, both inside one
// function: the wasm's exports (`boot`, `on`) and
// `tqInstantiate` are in scope here, and the `tq*` functions below are what
// the wasm imports (src/browser/host.rs).
// It owns what is cheaper in JavaScript than through wasm-bindgen: the
// page's globals, the lifecycle listeners, the timer, the requests and
// localStorage. Every call into the wasm goes through `safe`, so nothing
// trackq does can throw into the page.
// The TQ_* names are constants terser puts in (build.sh's --define):
// `on`'s codes and TQ_PREFIX from src/contract.rs (`cargo run --example
// contract`); TQ_SAAS, false in a build without the `saas` feature, whose
// branches serve `_upstack` and `_df`; TQ_DEBUG_WASM, true when the build
// has a development wasm (trackq_debug_bg.wasm); TQ_MODULE, true in the ES-module
// build (pkg/), where TQ_MODULE_URL is `import.meta.url`.
// The element whose data-* attributes configure trackq: this script, or (in
// the ES-module build, which has no currentScript) the first with a
// data-endpoint, such as a <meta>.
var tqScript = document.currentScript || document.querySelector('[data-endpoint]');
// What trackq_bg.wasm is found relative to.
var tqBase = TQ_MODULE ? TQ_MODULE_URL : (tqScript && tqScript.src) || location.href;
var tqSlice = [].slice;
// The settings: the script's data-* attributes, as `dataset` names them
// (batchSize). A script inserted by KISSmetrics' loader (`_kms(url)`) has
// none: its settings are then in its URL's query string, named like the
// attributes without `data-` (batch-size), and its write key may be the
// page's `_kmk` (tqStart). Attributes win over the query string.
var tqAttrs = {};
try {
  new URL(tqScript.src).searchParams.forEach(function (v, k) {
    tqAttrs[k.replace(/-(.)/g, function (m, c) { return c.toUpperCase(); })] = v;
  });
} catch (e) {}
Object.assign(tqAttrs, tqScript && tqScript.dataset);
var tqTimer;
var tqStorage; // localStorage (or a stand-in), read in tqStart(): reading it throws where storage is disabled
// The Elements commands named (`trackClick` with an Element): the core
// knows each by a negative number, -1 for the first.
var tqEls = [];

function tqSafe(f) {
  return function () {
    try {
      return f.apply(this, arguments);
    } catch (e) {
      console.warn('trackq:', e);
    }
  };
}

// A function pushed on _kmq runs once trackq is ready; anything else is a
// command, handed over as JSON (one native call instead of walking the
// value from wasm), an Element as its number. What cannot be serialised
// (cycles, BigInt) goes as '' and is dropped with a warning. A command's
// last argument may be a function, its callback: with one, what the
// command recorded is stored by the time `on` returns, and the callback
// runs then, on its own (one that throws breaks nothing of ours).
var tqPush = tqSafe(function (c) {
  if (typeof c == 'function') return c();
  var json = '', f = Array.isArray(c) && c[c.length - 1];
  if (typeof f == 'function') {
    c = c.slice(0, -1);
    // Runs once this call has returned, and `on` with it.
    queueMicrotask(tqSafe(f));
  } else f = 0;
  try {
    json = (TQ_AUTOTRACK ? JSON.stringify(c, tqElement) : JSON.stringify(c)) || 'null';
  } catch (e) {}
  return on(TQ_PUSH, json, !!f);
});

// An Element in a command (`trackClick`) goes as its number.
function tqElement(k, v) {
  return v && v.nodeType == 1 ? -(tqEls.indexOf(v) + 1 || tqEls.push(v)) : v;
}

// The facts of a click or a submit on `n`: it and the elements it is in,
// up to the root, each as [id, class, its number if a command named it].
function tqChain(n) {
  for (var chain = []; n && n.getAttribute; n = n.parentNode) {
    chain.push([n.id, n.getAttribute('class'), -1 - tqEls.indexOf(n)]);
  }
  return chain;
}

// A click, with the link it is on: the core decides what it records and
// whether the page is being left.
var tqClick = TQ_AUTOTRACK && tqSafe(function (e) {
  var t = e.target, a = (t.closest && t.closest('a[href]')) || {};
  on(TQ_CLICK, JSON.stringify([tqChain(t), a.href, a.target, e.button, e.ctrlKey || e.metaKey || e.shiftKey || e.altKey]));
});

// A URL change without a load (single-page apps).
var tqNav = TQ_AUTOTRACK && tqSafe(function () {
  on(TQ_NAVIGATED, [location.href, location.pathname, document.title].join('\n'));
});

// A URL's host and decoded query parameters, by the browser's own parser.
function tqQuery(u) {
  try {
    u = new URL(u);
    return [u.hostname, Object.fromEntries(u.searchParams)];
  } catch (e) {
    return ['', {}];
  }
}

// A function that pushes `prefix` and its arguments as a command.
function tqCall(prefix) {
  return function () {
    tqPush(prefix.concat(tqSlice.call(arguments)));
  };
}

// The queue of a stub that kept its calls itself (`_upstack.q`, `_df.q`):
// each entry is the call's `arguments`; a `_df` entry names its method
// first ('track' or 'identify'), or is taken as a `track`.
function tqFromStub(prefix, q) {
  (q || []).forEach(function (args) {
    args = tqSlice.call(args);
    if (prefix[0] == '_df' && args[0] != 'track' && args[0] != 'identify') args.unshift('track');
    tqPush(prefix.concat(args));
  });
}

// trackq's keys in localStorage, sorted.
function tqKeys() {
  return Object.keys(tqStorage).filter(function (k) { return k.startsWith(TQ_PREFIX); }).sort();
}

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
function tqSend(url, id, body, gzip, beacon) {
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
function tqLater(url, body) {
  try {
    tqLaterAbort && tqLaterAbort.abort();
    tqLaterAbort = 0;
    if (body.length) {
      tqLaterAbort = new AbortController();
      fetchLater(url, { method: 'POST', body: body, signal: tqLaterAbort.signal });
    }
  } catch (e) {} // over the browser's quota: pagehide's beacons remain
}

function tqLog(warn, text) {
  console[warn ? 'warn' : 'log'](text);
}

function tqStart() {
  var seed = new Uint32Array(4);
  try {
    crypto.getRandomValues(seed);
  } catch (e) {
    for (var i = 0; i < 4; i++) seed[i] = Math.random() * 4294967296;
  }
  // trackq's entries in localStorage, read once here and sorted by key: the
  // core keeps its state in memory from now on and only writes.
  var entries = {};
  try {
    tqStorage = localStorage;
    tqKeys().forEach(function (k) {
      entries[k] = tqStorage.getItem(k);
    });
  } catch (e) {
    // No localStorage: the core runs from memory, and trackq's keys live
    // in this stand-in for the page (KM.i() reads the ids there).
    tqStorage = {
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
  }
  var w = window, queued = w._kmq, upstack = w._upstack, df = w._df, attrs = tqAttrs;
  if (!w.fetchLater) attrs.fetchLater = 'off';
  attrs.key = attrs.key || w._kmk;
  // KISSmetrics' override of the referrer (a page in an iframe sets it to
  // the parent's), for every use of it.
  var referrer = typeof w.KM_REFERRER == 'string' ? w.KM_REFERRER : document.referrer;
  // The browser's privacy signals are facts like the others, as text: the
  // core decides what they mean.
  var n = navigator;
  var page = [location.href, location.pathname, referrer, document.title, n.userAgent,
    '' + n.globalPrivacyControl, n.doNotTrack];
  // The facts of the landing's own events: the referrer's host and both
  // query strings, decoded.
  if (TQ_AUTOTRACK) page = page.concat(tqQuery(referrer), [tqQuery(location.href)[1]]);
  boot(JSON.stringify([attrs, page, entries]), seed[0], seed[1], seed[2], seed[3]);
  // KISSmetrics' `KM` object, there before the queue is replayed: a function
  // pushed on `_kmq` before load may call it. Its commands are `_kmq`'s.
  var KM = (w.KM = {
    // The visitor's id, as the core stored it.
    i: function () {
      try {
        return tqStorage.getItem(TQ_UID) || tqStorage.getItem(TQ_AID);
      } catch (e) {}
    },
    ts: function () {
      return Math.floor(Date.now() / 1000);
    },
    rf: function () {
      return referrer;
    },
    // Where consent stands (`on` returns it after every call).
    consent: function () {
      return [, 'granted', 'pending', 'denied'][on(TQ_CONSENT)];
    }
  });
  // KM.ab, with the `autotrack` feature: the core picks, and
  // answers with 4 + the index of the variant.
  if (TQ_AUTOTRACK) {
    KM.ab = function (name, variants) {
      return (variants || 0)[tqPush(['ab', name, variants]) - 4];
    };
  }
  ['record', 'set', 'identify', 'alias', 'clearIdentity', 'optOut', 'optIn'].forEach(function (c) {
    KM[c] = tqCall([c]);
  });
  if (TQ_SAAS) {
    w._upstack = tqCall(['_upstack']);
    w._df = { track: tqCall(['_df', 'track']), identify: tqCall(['_df', 'identify']) };
  }
  w._kmq = { push: tqPush };
  // Replay in order: _kmq holds the calls of the documented stubs too.
  (Array.isArray(queued) ? queued : []).forEach(tqPush);
  if (TQ_SAAS) {
    tqFromStub(['_upstack'], upstack && upstack.q);
    tqFromStub(['_df'], df && df.q);
  }
  on(TQ_READY); // the queue is replayed: a session not started by it starts now
  addEventListener('pagehide', tqSafe(function () { on(TQ_LEAVING); }));
  addEventListener('pageshow', tqSafe(function () { on(TQ_VISIBLE); }));
  // Other tabs' writes: identity and session stay shared, and what another
  // page confirmed of a chunk both adopted is not sent again.
  addEventListener('storage', tqSafe(function (e) {
    if (e.key && e.key.startsWith(TQ_PREFIX)) on(TQ_STORED, e.key + (e.newValue == null ? '' : '\n' + e.newValue));
  }));
  document.addEventListener('visibilitychange', tqSafe(function () {
    on(document.visibilityState == 'hidden' ? TQ_HIDDEN : TQ_VISIBLE);
  }));
  if (TQ_AUTOTRACK) {
    // On the whole window, capturing (before the page's handlers can stop
    // the event): elements added later count too.
    addEventListener('click', tqClick, true);
    addEventListener('auxclick', tqClick, true);
    addEventListener('submit', tqSafe(function (e) {
      var f = e.target;
      on(TQ_SUBMIT, JSON.stringify([tqChain(f), [].map.call(f.elements || [], function (i) {
        return [i.name, i.type, i.value, i.className, i.checked];
      })]));
    }), true);
    ['pushState', 'replaceState'].forEach(function (m) {
      var f = history[m];
      history[m] = function () {
        var r = f.apply(this, arguments);
        tqNav();
        return r;
      };
    });
    addEventListener('popstate', tqNav);
    addEventListener('hashchange', tqNav);
  }
}

try {
  // From its bytes rather than with compileStreaming: that works whatever
  // Content-Type the server gives the wasm.
  // A page asking for `data-debug` or `data-validation="strict"` gets the
  // development wasm (TQ_DEBUG_WASM: the build has one), which has the
  // warnings' full texts and, in a build with the SaaS front-ends, the
  // taxonomies' tables; elsewhere warnings are codes (README, "Warnings") and
  // the collector checks the events.
  var tqDebug = TQ_DEBUG_WASM && ((tqAttrs.debug != null && tqAttrs.debug != 'false') || (TQ_SAAS && tqAttrs.validation == 'strict'));
  fetch(new URL(tqDebug ? 'trackq_debug_bg.wasm' : 'trackq_bg.wasm', tqBase))
    .then(function (r) { return r.arrayBuffer(); })
    .then(tqInstantiate)
    .then(tqSafe(tqStart), function (e) {
      console.warn('trackq: could not load', e);
    });
} catch (e) {
  console.warn('trackq: could not start', e);
}
