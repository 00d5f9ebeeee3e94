// trackq bootstrap, appended to the wasm-bindgen glue by build.sh: find our
// own <script>, load trackq_bg.wasm from beside it, start. Nothing here may
// throw into the page.
(function () {
  var script = document.currentScript || document.querySelector('script[data-endpoint]');
  try {
    var wasm = new URL('trackq_bg.wasm', script ? script.src : location.href);
    __trackq({ module_or_path: wasm }).then(function () {
      __trackq.boot(script);
    }).catch(function (e) {
      console.warn('trackq: could not start', e);
    });
  } catch (e) {
    console.warn('trackq: could not start', e);
  }
})();
