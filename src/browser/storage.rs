//! localStorage, guarded: every call may throw (private mode, quota,
//! disabled storage) and none of that may reach the page.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use super::js::Storage;

use crate::core::storage_keys::{StoreOp, PREFIX};

/// localStorage when it works. The core keeps all state in memory, so when
/// storage is missing or a write throws, the page still works from memory:
/// only persistence across loads is lost.
pub struct Store {
    local: Option<Storage>,
    warned: bool,
}

impl Store {
    /// Uses `local`, the page's localStorage if the host could get it.
    pub fn new(local: Option<Storage>) -> Store {
        Store {
            local,
            warned: false,
        }
    }

    /// Every entry of trackq's, in no particular order.
    pub fn load(&mut self) -> Vec<(String, String)> {
        let Some(local) = &self.local else {
            return Vec::new();
        };
        let len = local.length().unwrap_or(0);
        (0..len)
            .filter_map(|i| local.key(i).ok().flatten())
            .filter(|k| k.starts_with(PREFIX))
            .filter_map(|k| local.get_item(&k).ok().flatten().map(|v| (k, v)))
            .collect()
    }

    /// Makes one write; the first failure returns a warning, later ones
    /// are silent.
    pub fn apply(&mut self, op: StoreOp) -> Result<(), &'static str> {
        let Some(local) = &self.local else {
            return Ok(());
        };
        let result = match op {
            StoreOp::Set(k, v) => local.set_item(&k, &v),
            StoreOp::Remove(k) => local.remove_item(&k),
        };
        if result.is_err() && !self.warned {
            self.warned = true;
            return Err(
                "trackq: localStorage refused a write; this page keeps its events in memory",
            );
        }
        Ok(())
    }
}
