//! Console output, the only way trackq speaks to a site's developers.

use wasm_bindgen::JsValue;

use crate::core::tracker::Log;

/// Writes one log line.
pub fn log(line: Log) {
    match line {
        Log::Warn(text) => web_sys::console::warn_1(&JsValue::from_str(&text)),
        Log::Debug(text) => web_sys::console::log_1(&JsValue::from_str(&text)),
    }
}

/// A warning followed by a JavaScript value (an exception, say).
pub fn warn_js(text: &str, value: &JsValue) {
    web_sys::console::warn_2(&JsValue::from_str(text), value);
}
