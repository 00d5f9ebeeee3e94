//! What the bootstrap script (`bootstrap.js`) does for the shell: timers,
//! requests, console, and reading the page. Keeping these on the JavaScript
//! side spares the snippet wasm-bindgen's closure machinery, and every call
//! from there into the wasm is wrapped in `try`, so nothing reaches the page.

use wasm_bindgen::prelude::*;

use crate::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The object `bootstrap.js` hands to [`super::boot`].
    pub type Host;

    /// The value of the script tag's `data-<name>` attribute.
    #[wasm_bindgen(method)]
    pub fn attr(this: &Host, name: &str) -> Option<String>;

    /// `localStorage.length`; 0 without storage or when it throws.
    #[wasm_bindgen(method, js_name = len)]
    pub fn stored_len(this: &Host) -> u32;

    /// `localStorage.key(i)`; `null` without storage or when it throws.
    #[wasm_bindgen(method, js_name = key)]
    pub fn stored_key(this: &Host, i: u32) -> Option<String>;

    /// `localStorage.getItem(key)`; `null` without storage or when it throws.
    #[wasm_bindgen(method)]
    pub fn get(this: &Host, key: &str) -> Option<String>;

    /// `localStorage.setItem(key, value)`: false when it threw (over quota),
    /// true when it worked or there is no storage at all.
    #[wasm_bindgen(method)]
    pub fn set(this: &Host, key: &str, value: &str) -> bool;

    /// `localStorage.removeItem(key)`: false when it threw, as [`Host::set`].
    #[wasm_bindgen(method)]
    pub fn remove(this: &Host, key: &str) -> bool;

    /// Page facts: 0 URL, 1 path, 2 referrer, 3 title, 4 user agent.
    #[wasm_bindgen(method)]
    pub fn page(this: &Host, what: u32) -> String;

    /// Calls `tick()` after `ms` milliseconds, replacing any earlier timer.
    #[wasm_bindgen(method)]
    pub fn arm(this: &Host, ms: f64);

    /// Sends `body` to `url`: by `sendBeacon` (returns whether the browser
    /// took it) or by `fetch` with `keepalive` (returns true; the outcome
    /// comes back through `answer(id, ...)`).
    #[wasm_bindgen(method)]
    pub fn send(this: &Host, url: &str, id: f64, body: &str, beacon: bool) -> bool;

    /// `console.warn` (or `console.log` when `warn` is false).
    #[wasm_bindgen(method)]
    pub fn log(this: &Host, warn: bool, text: &str);
}
