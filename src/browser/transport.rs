//! Sending batches: `fetch` with `keepalive` while the page lives,
//! `navigator.sendBeacon` when it goes.

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::tracker::Response;

#[wasm_bindgen]
extern "C" {
    /// The promise `fetch` returns, seen only through `then`.
    type FetchPromise;

    // The global `fetch`, with a plain init object: web-sys has no
    // `keepalive` setter, and a plain object keeps the glue small.
    #[wasm_bindgen(js_name = fetch, catch)]
    fn fetch_with(url: &str, init: &Object) -> Result<FetchPromise, JsValue>;

    // `then` taking any callable, so one self-freeing closure can serve as
    // both the fulfilment and the rejection handler.
    #[wasm_bindgen(method, js_name = then)]
    fn then_both(this: &FetchPromise, ok: &JsValue, err: &JsValue);
}

/// POSTs `body` as `text/plain` (no CORS preflight); `done` gets the outcome.
pub fn fetch(url: &str, body: &str, done: impl FnOnce(Response) + 'static) {
    let init = Object::new();
    // Setting properties on a fresh plain object cannot fail.
    let _ = Reflect::set(&init, &"method".into(), &"POST".into());
    let _ = Reflect::set(&init, &"body".into(), &body.into());
    let _ = Reflect::set(&init, &"keepalive".into(), &true.into());
    let promise = match fetch_with(url, &init) {
        Ok(p) => p,
        Err(_) => return done(Response::NetworkError),
    };
    let handler = Closure::once_into_js(move |v: JsValue| done(outcome(&v)));
    promise.then_both(&handler, &handler);
}

/// A settled fetch: a `Response`, or the rejection reason.
fn outcome(v: &JsValue) -> Response {
    let Some(response) = v.dyn_ref::<web_sys::Response>() else {
        return Response::NetworkError;
    };
    let retry_after_ms = response
        .headers()
        .get("Retry-After")
        .ok()
        .flatten()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .map(|secs| secs.saturating_mul(1000));
    Response::Status {
        status: response.status(),
        retry_after_ms,
    }
}

/// Queues `body` with `sendBeacon`; false when the browser refused it (over
/// its quota, or no beacon support).
pub fn beacon(url: &str, body: &str) -> bool {
    web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| n.send_beacon_with_opt_str(url, Some(body)).ok())
        .unwrap_or(false)
}
