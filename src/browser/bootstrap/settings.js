// The settings: the data-* attributes of the element that configures
// trackq, else the query string of the URL KISSmetrics' loader inserted the
// script by, and the page's `_kmk`.
// That element: this script, or (in the ES-module build, which has no
// currentScript) the first with a data-endpoint, such as a <meta>.
var tqScript = TQ_MODULE ? document.querySelector('[data-endpoint]') : document.currentScript;
// The script's data-* attributes, as `dataset` names them
// (batchSize). A script inserted by KISSmetrics' loader (`_kms(url)`) has
// none: its settings are then in its URL's query string, named like the
// attributes without `data-` (batch-size), and its write key may be the
// page's `_kmk` (tqSettings). Attributes win over the query string.
var tqAttrs = {};
try {
  new URL(tqScript.src).searchParams.forEach((v, k) => {
    tqAttrs[k.replace(/-(.)/g, (m, c) => c.toUpperCase())] = v;
  });
} catch (e) {}
Object.assign(tqAttrs, tqScript && tqScript.dataset);

// The settings as the core gets them at start: the page's `_kmk` is the
// write key when none is set, and fetchLater is off where the browser has
// none.
function tqSettings() {
  if (!window.fetchLater) tqAttrs.fetchLater = 'off';
  tqAttrs.key = tqAttrs.key || window._kmk;
}
