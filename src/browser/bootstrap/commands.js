// The page's queues and commands: `_kmq`, KISSmetrics' `KM` object, the
// `_upstack` and `_df` stubs, a command's callback, and the Elements
// commands name.
// The Elements commands named (`trackClick` with an Element): the core
// knows each by a negative number, -1 for the first.
var tqEls = [];

// A function pushed on _kmq runs once trackq is ready; anything else is a
// command, handed over as JSON (one native call instead of walking the
// value from wasm), the Element a command targets (`['trackClick', el,
// ...]`) as its number. What cannot be serialised
// (cycles, BigInt) goes as '' and is dropped with a warning. A command's
// last argument may be a function, its callback: with one, what the
// command recorded is stored by the time `on` returns, and the callback
// runs then, on its own (one that throws breaks nothing of ours).
var tqPush = tqSafe((c) => {
  if (typeof c == 'function') return c();
  var json = '', f = Array.isArray(c) && c[c.length - 1], callback = typeof f == 'function';
  if (callback) {
    c = c.slice(0, -1);
    // Runs once this call has returned, and `on` with it.
    queueMicrotask(tqSafe(f));
  }
  try {
    // Not a replacer function: with one, JSON.stringify calls back into
    // JavaScript for every value, and a push took twice as long.
    if (TQ_AUTOTRACK && c && c[1] && c[1].nodeType == 1) {
      c = c.slice();
      c[1] = -(tqEls.indexOf(c[1]) + 1 || tqEls.push(c[1]));
    }
    json = JSON.stringify(c) || 'null';
  } catch (e) {}
  return on(TQ_PUSH, json, callback);
});

// A function that pushes `prefix` and its arguments as a command (and
// returns nothing).
var tqCall = (prefix) => (...args) => {
  tqPush(prefix.concat(args));
};

// Once the core has booted: the page's globals become trackq's, and what
// the page queued before is replayed.
function tqGlobals(referrer) {
  var w = window, queued = w._kmq;
  // The stubs' own queues, read before their globals are replaced.
  var stubs = TQ_SAAS && [['_upstack', w._upstack], ['_df', w._df]];
  // KISSmetrics' `KM` object, there before the queue is replayed: a function
  // pushed on `_kmq` before load may call it. Its commands are `_kmq`'s.
  var KM = (w.KM = {
    // The visitor's id, as the core stored it.
    i() {
      try {
        return tqStorage[TQ_UID] || tqStorage[TQ_AID] || null;
      } catch (e) {}
    },
    ts: () => Math.floor(Date.now() / 1000),
    rf: () => referrer,
    // Where consent stands (`on` returns it after every call).
    consent: () => [, 'granted', 'pending', 'denied'][on(TQ_CONSENT)]
  });
  // KM.ab, with the `autotrack` feature: the core picks, and
  // answers with 4 + the index of the variant.
  if (TQ_AUTOTRACK) {
    KM.ab = (name, variants) => (variants || 0)[tqPush(['ab', name, variants]) - 4];
  }
  ['record', 'set', 'identify', 'alias', 'clearIdentity', 'optOut', 'optIn'].forEach((c) => {
    KM[c] = tqCall([c]);
  });
  if (TQ_SAAS) {
    w._upstack = tqCall(['_upstack']);
    w._df = { track: tqCall(['_df', 'track']), identify: tqCall(['_df', 'identify']) };
  }
  w._kmq = { push: tqPush };
  // Replay in order: _kmq holds the calls of the documented stubs too.
  (Array.isArray(queued) ? queued : []).forEach(tqPush);
  // The queue of a stub that kept its calls itself (`_upstack.q`, `_df.q`):
  // each entry is the call's `arguments`; a `_df` entry names its method
  // first ('track' or 'identify'), or is taken as a `track`.
  if (TQ_SAAS) {
    stubs.forEach((stub) => {
      ((stub[1] || 0).q || []).forEach((args) => {
        args = Array.from(args);
        if (stub[0] == '_df' && args[0] != 'track' && args[0] != 'identify') args.unshift('track');
        tqPush([stub[0]].concat(args));
      });
    });
  }
}
