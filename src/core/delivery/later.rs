//! What stays registered with the browser's `fetchLater` (Chromium 135+):
//! a body of the oldest unconfirmed messages, which the browser sends even
//! when the tab is killed or crashes, with no `pagehide` to beacon them.
//! Replaced when those messages change, withdrawn once a beacon carries
//! them (leaving) or none is left.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use super::{Encoding, Written};

/// A change to the registration, for the shell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Later {
    /// Register this body, replacing any earlier one.
    Register {
        /// The body, as [`crate::core::Transmit::body`].
        body: Vec<u8>,
        /// What it is.
        encoding: Encoding,
    },
    /// Withdraw the registered body.
    Cancel,
}

/// Whether a body is registered, and the change the shell has not taken yet.
#[derive(Debug, Default)]
pub(crate) struct Registration {
    registered: bool,
    change: Option<Later>,
}

impl Registration {
    /// Registers `body` (or withdraws, when `None`).
    pub(crate) fn set(&mut self, body: Option<Written>) {
        match body {
            Some(Written { body, encoding, .. }) => {
                self.registered = true;
                self.change = Some(Later::Register { body, encoding });
            }
            None => self.cancel(),
        }
    }

    /// Withdraws what is registered.
    pub(crate) fn cancel(&mut self) {
        if ::core::mem::take(&mut self.registered) {
            self.change = Some(Later::Cancel);
        } else {
            self.change = None;
        }
    }

    /// The change to carry out, if any.
    pub(crate) fn take(&mut self) -> Option<Later> {
        self.change.take()
    }
}
