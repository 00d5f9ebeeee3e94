//! localStorage writes, through the bootstrap's host (which also reads it
//! for [`super::boot`]): the host catches what every call may
//! throw (private mode, quota, disabled storage), so none of that reaches
//! the page.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use super::host;

use crate::core::storage::keys::PREFIX;
use crate::core::{StoreOp, Warning};

/// localStorage when it works. The core keeps all state in memory, so when
/// storage is missing or a write throws, the page still works from memory:
/// only persistence across loads is lost.
pub struct Store {
    warned: bool,
}

impl Store {
    /// No write has failed yet.
    pub fn new() -> Store {
        Store { warned: false }
    }

    /// Makes one write; the first failure returns a warning, later ones
    /// are silent.
    pub fn apply(&mut self, op: &StoreOp) -> Result<(), Warning<'static>> {
        let (key, value) = match op {
            StoreOp::Set(k, v) => (k.as_str(), Some(v.as_str())),
            StoreOp::Remove(k) => (k.as_str(), None),
            StoreOp::Clear => (PREFIX, None),
        };
        let written = host::set(key, value);
        if !written && !self.warned {
            self.warned = true;
            return Err(Warning::StorageRefused);
        }
        Ok(())
    }
}
