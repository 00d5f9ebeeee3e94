//! What the bootstrap script (`bootstrap/host.js`) does for the shell: timers,
//! requests, console and localStorage writes. Keeping these on the
//! JavaScript side spares the snippet wasm-bindgen's closure machinery, and
//! every call from there into the wasm is wrapped in `try`, so nothing
//! reaches the page.
//!
//! They are plain functions in the snippet's scope (build.sh wraps the glue
//! and the bootstrap in one function), not methods of an object handed
//! over: an object would cost every call an externref table slot.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `localStorage.setItem(key, value)`, or `removeItem(key)` when
    /// `value` is `None` (of every key that starts with it, when `key` is
    /// trackq's prefix): false when it threw (over quota), true when it
    /// worked or there is no storage at all.
    #[wasm_bindgen(js_name = tqSet)]
    pub fn set(key: &str, value: Option<&str>) -> bool;

    /// Calls `on(0)` after `ms` milliseconds, replacing any earlier timer.
    #[wasm_bindgen(js_name = tqArm)]
    pub fn arm(ms: f64);

    /// Sends `body` to the endpoint (the setting the bootstrap read: a
    /// transmit only exists when the core found one there): by `sendBeacon`
    /// (returns whether the browser took it) or by `fetch` with `keepalive`
    /// (returns true; the outcome comes back through `on(4, id, ...)`).
    /// `gzip`: 0 JSON text, 1 gzip bytes.
    #[wasm_bindgen(js_name = tqSend)]
    pub fn send(id: f64, body: &[u8], gzip: u8, beacon: bool) -> bool;

    /// Registers `body` with `fetchLater` to the endpoint, withdrawing the
    /// body registered before (an empty `body` only withdraws); `gzip` as
    /// for [`send`]. Nothing where the browser has no `fetchLater`.
    #[wasm_bindgen(js_name = tqLater)]
    pub fn later(body: &[u8], gzip: u8);

    /// Fills `seed` with random bits: `crypto.getRandomValues`, else
    /// `Math.random` where the page has no `crypto`.
    #[wasm_bindgen(js_name = tqRandom)]
    pub fn random(seed: &mut [u64]);

    /// `console.warn` (or `console.log` when `warn` is false).
    #[wasm_bindgen(js_name = tqLog)]
    pub fn log(warn: bool, text: &str);
}
