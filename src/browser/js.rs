//! The JavaScript built-ins the shell calls, declared here rather than
//! taken from js-sys/web-sys: those crates put dozens of closure shims into
//! every build that links them, used or not.

use wasm_bindgen::prelude::*;

use crate::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `Date.now()`.
    #[wasm_bindgen(js_namespace = Date, js_name = now)]
    pub fn date_now() -> f64;
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
