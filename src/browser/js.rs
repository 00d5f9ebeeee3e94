//! The few JavaScript built-ins the shell calls. Declared here rather than
//! taken from js-sys: js-sys's closure-taking APIs put dozens of closure
//! shims into every build that links it, used or not.

use wasm_bindgen::prelude::*;

use crate::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A `Date` object (told apart with `instanceof`).
    #[wasm_bindgen(js_name = Date)]
    pub type JsDate;

    /// `date.toISOString()`; throws for an invalid date.
    #[wasm_bindgen(method, catch, js_name = toISOString)]
    pub fn to_iso_string(this: &JsDate) -> Result<String, JsValue>;

    /// `Date.now()`.
    #[wasm_bindgen(js_namespace = Date, js_name = now)]
    pub fn date_now() -> f64;

    /// `Array.isArray(v)`.
    #[wasm_bindgen(js_namespace = Array, js_name = isArray)]
    pub fn is_array(v: &JsValue) -> bool;

    /// `Object.keys(v)`; a Proxy can make it throw.
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    pub fn object_keys(v: &JsValue) -> Result<JsValue, JsValue>;

    /// `Reflect.get(target, key)`; a getter can throw.
    #[wasm_bindgen(js_namespace = Reflect, js_name = get, catch)]
    pub fn get(target: &JsValue, key: &JsValue) -> Result<JsValue, JsValue>;

    /// `String(v)`: how JavaScript prints a number.
    #[wasm_bindgen(js_name = String)]
    pub fn to_js_string(v: &JsValue) -> String;
}

/// `v.length` of an array-like, 0 when absent.
pub fn len(v: &JsValue) -> u32 {
    get(v, &JsValue::from_str("length"))
        .ok()
        .and_then(|l| l.as_f64())
        .unwrap_or(0.0) as u32
}

#[wasm_bindgen]
extern "C" {
    /// A `Storage` (localStorage); every method may throw.
    pub type Storage;

    /// `storage.length`.
    #[wasm_bindgen(method, getter, catch)]
    pub fn length(this: &Storage) -> Result<u32, JsValue>;

    /// `storage.key(i)`.
    #[wasm_bindgen(method, catch)]
    pub fn key(this: &Storage, i: u32) -> Result<Option<String>, JsValue>;

    /// `storage.getItem(key)`.
    #[wasm_bindgen(method, catch, js_name = getItem)]
    pub fn get_item(this: &Storage, key: &str) -> Result<Option<String>, JsValue>;

    /// `storage.setItem(key, value)`: throws when over quota.
    #[wasm_bindgen(method, catch, js_name = setItem)]
    pub fn set_item(this: &Storage, key: &str, value: &str) -> Result<(), JsValue>;

    /// `storage.removeItem(key)`.
    #[wasm_bindgen(method, catch, js_name = removeItem)]
    pub fn remove_item(this: &Storage, key: &str) -> Result<(), JsValue>;
}
