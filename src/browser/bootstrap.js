// trackq bootstrap, after wasm-bindgen's glue in dist/trackq.js (build.sh keeps
// the glue's exports (`boot`, `command`, `on`, `stored`), `__wbg_get_imports` and
// `__wbg_finalize_init`, not its loader). It owns what
// is cheaper in JavaScript than through wasm-bindgen: the page's globals, the
// lifecycle listeners, the timer and the requests. Every call into the wasm
// goes through `safe`, so nothing trackq does can throw into the page.
(function () {
  var w = window;
  var script = document.currentScript || document.querySelector('script[data-endpoint]');
  var slice = [].slice;
  var timer;

  var storage; // localStorage, read in start(): reading it throws where storage is disabled

  function safe(f) {
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
  // value from wasm). What cannot be serialised (cycles, BigInt) goes as
  // undefined and is dropped with a warning.
  var push = safe(function (c) {
    if (typeof c == 'function') return c();
    var json;
    try {
      json = JSON.stringify(c);
      if (json === undefined) json = 'null';
    } catch (e) {}
    command(host, json);
  });
  function call(prefix) {
    return function () {
      push(prefix.concat(slice.call(arguments)));
    };
  }
  // The queue of a stub that kept its calls itself (`_upstack.q`, `_df.q`):
  // each entry is the call's `arguments`; a `_df` entry names its method
  // first ('track' or 'identify'), or is taken as a `track`.
  var fromStub = function (prefix, q) {
    (q || []).forEach(function (args) {
      args = slice.call(args);
      if (prefix[0] == '_df' && args[0] != 'track' && args[0] != 'identify') args.unshift('track');
      push(prefix.concat(args));
    });
  };

  var host = {
    // setItem, or removeItem when `v` is null. Without storage a write
    // "works" (the page runs from memory, no warning); false when it threw.
    set: function (k, v) {
      try {
        if (storage) v == null ? storage.removeItem(k) : storage.setItem(k, v);
        return true;
      } catch (e) {
        return false;
      }
    },
    arm: function (ms) {
      clearTimeout(timer);
      timer = setTimeout(safe(function () { on(host, 0); }), ms);
    },
    send: function (url, id, body, beacon) {
      if (beacon) {
        try {
          return navigator.sendBeacon(url, body);
        } catch (e) {
          return false;
        }
      }
      var answer = safe(function (id, status, retryAfter) { on(host, 4, id, status, retryAfter); });
      // A string body is sent as text/plain: no CORS preflight.
      fetch(url, { method: 'POST', body: body, keepalive: true }).then(function (r) {
        var done = function () {
          answer(id, r.status, +r.headers.get('Retry-After') || 0);
        };
        // Answer once the body is read: Chromium frees the request's share
        // of the 64 KB keepalive quota only when it has completed.
        r.text().then(done, done);
      }, function () {
        answer(id, 0, 0);
      });
      return true;
    },
    log: function (warn, text) {
      warn ? console.warn(text) : console.log(text);
    }
  };

  function start() {
    var seed = new Uint32Array(4);
    try {
      crypto.getRandomValues(seed);
    } catch (e) {
      for (var i = 0; i < 4; i++) seed[i] = Math.random() * 4294967296;
    }
    // trackq's entries in localStorage, read once here; the core keeps
    // its state in memory from now on and only writes.
    var entries = {};
    try {
      storage = localStorage;
      for (var i = 0; i < storage.length; i++) {
        var k = storage.key(i);
        if (k.lastIndexOf('tq1:', 0) == 0) entries[k] = storage.getItem(k);
      }
    } catch (e) {}
    var page = [location.href, location.pathname, document.referrer, document.title, navigator.userAgent];
    boot(host, JSON.stringify([script ? script.dataset : {}, page, entries]), seed[0], seed[1], seed[2], seed[3]);
    var queued = w._kmq, upstack = w._upstack, df = w._df;
    w._kmq = { push: push };
    w._upstack = call(['_upstack']);
    w._df = { track: call(['_df', 'track']), identify: call(['_df', 'identify']) };
    // Replay in order: _kmq holds the calls of the documented stubs too.
    (Array.isArray(queued) ? queued : []).forEach(push);
    fromStub(['_upstack'], upstack && upstack.q);
    fromStub(['_df'], df && df.q);
    addEventListener('pagehide', safe(function () { on(host, 2); }));
    addEventListener('pageshow', safe(function () { on(host, 3); }));
    // Other tabs' writes: identity and session stay shared.
    addEventListener('storage', safe(function (e) {
      if (e.key && e.key.lastIndexOf('tq1:', 0) == 0) stored(host, e.key, e.newValue);
    }));
    document.addEventListener('visibilitychange', safe(function () {
      on(host, document.visibilityState == 'hidden' ? 1 : 3);
    }));
  }

  try {
    // Loaded by hand rather than by the glue's loader: instantiate() works
    // whatever Content-Type the server gives the wasm.
    fetch(new URL('trackq_bg.wasm', script ? script.src : location.href))
      .then(function (r) { return r.arrayBuffer(); })
      .then(function (b) { return WebAssembly.instantiate(b, __wbg_get_imports()); })
      .then(safe(function (m) {
        __wbg_finalize_init(m.instance, m.module);
        start();
      }), function (e) {
        console.warn('trackq: could not load', e);
      });
  } catch (e) {
    console.warn('trackq: could not start', e);
  }
})();
