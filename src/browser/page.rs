//! What the shell reads from the page once: settings, page info, a seed.

use wasm_bindgen::{JsCast, JsValue};

use crate::core::config::Config;
use crate::core::message::Page;

/// The settings from the script tag's `data-*` attributes, and warnings.
pub fn config(script: &JsValue) -> (Config, Vec<String>) {
    let element = script.dyn_ref::<web_sys::Element>();
    let attr = |name: &str| element.and_then(|e| e.get_attribute(&format!("data-{name}")));
    let mut warnings = Vec::new();
    let config = Config::from_attributes(attr, &mut warnings);
    (config, warnings)
}

/// URL, path, referrer, title and user agent.
pub fn info() -> Page {
    let Some(window) = web_sys::window() else { return Page::default() };
    let location = window.location();
    let document = window.document();
    Page {
        url: location.href().unwrap_or_default(),
        path: location.pathname().unwrap_or_default(),
        referrer: document.as_ref().map(|d| d.referrer()).unwrap_or_default(),
        title: document.as_ref().map(|d| d.title()).unwrap_or_default(),
        user_agent: window.navigator().user_agent().unwrap_or_default(),
    }
}

/// 128 random bits from `crypto.getRandomValues`, or from `Math.random`
/// and the clock where there is no Web Crypto.
pub fn seed() -> [u64; 2] {
    let mut bytes = [0u8; 16];
    let crypto = web_sys::window().and_then(|w| w.crypto().ok());
    if crypto.and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok()).is_none() {
        let a = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
        return [a, js_sys::Date::now() as u64 ^ 0x5851_f42d_4c95_7f2d];
    }
    let (a, b) = bytes.split_at(8);
    let word = |s: &[u8]| s.iter().fold(0u64, |acc, &b| acc << 8 | u64::from(b));
    [word(a), word(b)]
}
