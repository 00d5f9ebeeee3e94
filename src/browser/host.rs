//! What the bootstrap script (`bootstrap.js`) does for the shell: timers,
//! requests, console and localStorage writes. Keeping these on the
//! JavaScript side spares the snippet wasm-bindgen's closure machinery, and
//! every call from there into the wasm is wrapped in `try`, so nothing
//! reaches the page.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The object `bootstrap.js` hands to [`super::Snippet::boot`].
    pub type Host;

    /// `localStorage.setItem(key, value)`, or `removeItem(key)` when
    /// `value` is `None`: false when it threw (over quota), true when it
    /// worked or there is no storage at all.
    #[wasm_bindgen(method)]
    pub fn set(this: &Host, key: &str, value: Option<&str>) -> bool;

    /// Calls `on(0)` after `ms` milliseconds, replacing any earlier timer.
    #[wasm_bindgen(method)]
    pub fn arm(this: &Host, ms: f64);

    /// Sends `body` to `url`: by `sendBeacon` (returns whether the browser
    /// took it) or by `fetch` with `keepalive` (returns true; the outcome
    /// comes back through `on(4, id, ...)`).
    #[wasm_bindgen(method)]
    pub fn send(this: &Host, url: &str, id: f64, body: &str, beacon: bool) -> bool;

    /// `console.warn` (or `console.log` when `warn` is false).
    #[wasm_bindgen(method)]
    pub fn log(this: &Host, warn: bool, text: &str);
}
