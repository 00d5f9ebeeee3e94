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

    /// `window.localStorage`, or `null` where reading it throws.
    #[wasm_bindgen(method)]
    pub fn storage(this: &Host) -> Option<super::js::Storage>;

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
