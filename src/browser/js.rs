//! The JavaScript built-ins the shell calls, declared here rather than
//! taken from js-sys/web-sys: those crates put dozens of closure shims into
//! every build that links them, used or not.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `Date.now()`.
    #[wasm_bindgen(js_namespace = Date, js_name = now)]
    pub fn date_now() -> f64;

    /// `performance.now()`, through the glue's `tqMono` (imported as
    /// `performance.now` it would have the same short name as `Date.now`).
    #[wasm_bindgen(js_name = tqMono)]
    pub fn mono_now() -> f64;
}
