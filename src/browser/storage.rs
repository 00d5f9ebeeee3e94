//! localStorage, guarded: every call may throw (private mode, quota,
//! disabled storage) and none of that may reach the page.

use web_sys::Storage;

use crate::core::storage_keys::{StoreOp, PREFIX};

/// localStorage when it works. The core keeps all state in memory, so when
/// storage is missing or a write throws, the page still works from memory:
/// only persistence across loads is lost.
pub struct Store {
    local: Option<Storage>,
    warned: bool,
}

impl Store {
    /// Opens the page's localStorage (reading `window.localStorage` itself
    /// can throw a SecurityError).
    pub fn open() -> Store {
        let local = web_sys::window().and_then(|w| w.local_storage().ok().flatten());
        Store { local, warned: false }
    }

    /// Every entry of trackq's, in no particular order.
    pub fn load(&mut self) -> Vec<(String, String)> {
        let Some(local) = &self.local else { return Vec::new() };
        let len = local.length().unwrap_or(0);
        (0..len)
            .filter_map(|i| local.key(i).ok().flatten())
            .filter(|k| k.starts_with(PREFIX))
            .filter_map(|k| local.get_item(&k).ok().flatten().map(|v| (k, v)))
            .collect()
    }

    /// Makes one write; a failure is reported once and then ignored.
    pub fn apply(&mut self, op: StoreOp) {
        let Some(local) = &self.local else { return };
        let result = match op {
            StoreOp::Set(k, v) => local.set_item(&k, &v),
            StoreOp::Remove(k) => local.remove_item(&k),
        };
        if let Err(e) = result {
            if !self.warned {
                self.warned = true;
                super::console::warn_js("trackq: localStorage failed, keeping events in memory:", &e);
            }
        }
    }
}

/// Whether a write works right now (used by tests).
#[cfg(test)]
pub fn probe() -> Result<(), wasm_bindgen::JsValue> {
    let local = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or_else(|| wasm_bindgen::JsValue::from_str("no localStorage"))?;
    local.set_item("tq1:probe", "1")?;
    local.remove_item("tq1:probe")
}
