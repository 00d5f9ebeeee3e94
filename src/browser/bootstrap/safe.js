// The guard every call into the wasm goes through, and every page callback
// trackq runs: what throws is logged as one `trackq:` warning and goes no
// further, so nothing trackq does can throw into the page.

function tqSafe(f) {
  return function () {
    try {
      return f.apply(this, arguments);
    } catch (e) {
      console.warn('trackq:', e);
    }
  };
}
