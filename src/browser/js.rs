//! The JavaScript built-ins the shell calls, declared here rather than
//! taken from js-sys/web-sys: those crates put dozens of closure shims into
//! every build that links them, used or not.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `Date.now()`.
    #[wasm_bindgen(js_namespace = Date, js_name = now)]
    pub fn date_now() -> f64;
}
