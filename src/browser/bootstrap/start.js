// Start-up: the wasm loaded (the production or the development one), the
// core booted with the page's facts, then the globals, the replay and the
// listeners (tqStart).

// `m`: the instantiated wasm.
function tqStart(m) {
  tqWasm = m.instance.exports;
  tqSettings();
  // trackq's entries in localStorage, read once here and sorted by key: the
  // core keeps its state in memory from now on and only writes.
  var entries = {};
  try {
    tqStorage = localStorage;
    tqKeys().forEach((k) => {
      entries[k] = tqStorage[k];
    });
  } catch (e) {
    tqStorage = {}; // no localStorage: the core runs from memory
  }
  // KISSmetrics' override of the referrer (a page in an iframe sets it to
  // the parent's), for every use of it.
  var referrer = typeof window.KM_REFERRER == 'string' ? window.KM_REFERRER : document.referrer;
  // The browser's privacy signals are facts like the others, as text: the
  // core decides what they mean.
  var n = navigator;
  var page = [location.href, location.pathname, referrer, document.title, n.userAgent,
    '' + n.globalPrivacyControl, n.doNotTrack,
    // The facts of the landing's own events: the referrer's host and both
    // query strings, decoded.
    ...(TQ_AUTOTRACK ? [...tqQuery(referrer), tqQuery(location.href)[1]] : [])];
  // Booted through the export itself, not `on`'s safe wrapper: a boot that
  // throws stops tqStart here, before the globals.
  tqWasm.on(TQ_BOOT, ...tqPass(JSON.stringify([tqAttrs, ...page, entries])));
  tqGlobals(referrer);
  on(TQ_READY); // the queue is replayed: a session not started by it starts now
  addEventListener('pagehide', () => on(TQ_LEAVING));
  addEventListener('pageshow', () => on(TQ_VISIBLE));
  // Other tabs' writes: identity and session stay shared, and what another
  // page confirmed of a chunk both adopted is not sent again. The core
  // ignores keys that are not trackq's (and a clear(), whose key is null).
  addEventListener('storage', (e) => on(TQ_STORED, e.key + (e.newValue == null ? '' : '\n' + e.newValue)));
  document.addEventListener('visibilitychange', () => on(document.hidden ? TQ_HIDDEN : TQ_VISIBLE));
  if (TQ_AUTOTRACK) tqAutotrack();
}

try {
  // From its bytes rather than with compileStreaming: that works whatever
  // Content-Type the server gives the wasm.
  // A page asking for `data-debug` or `data-validation="strict"` gets the
  // development wasm (TQ_DEBUG_WASM: the build has one), which has the
  // warnings' full texts and, in a build with the SaaS front-ends, the
  // taxonomies' tables; elsewhere warnings are codes (README, "Warnings") and
  // the collector checks the events.
  var tqDebug = TQ_DEBUG_WASM && ((TQ_SAAS && tqAttrs.validation == 'strict') || (tqAttrs.debug != null && tqAttrs.debug != 'false'));
  // What trackq_bg.wasm is found relative to.
  var tqBase = TQ_MODULE ? TQ_MODULE_URL : (tqScript && tqScript.src) || location.href;
  fetch(new URL(tqDebug ? 'trackq_debug_bg.wasm' : 'trackq_bg.wasm', tqBase))
    .then((r) => r.arrayBuffer())
    .then((bytes) => WebAssembly.instantiate(bytes, { t: tqImports }))
    .then(tqSafe(tqStart), (e) => console.warn('trackq: could not load', e));
} catch (e) {
  console.warn('trackq: could not start', e);
}
