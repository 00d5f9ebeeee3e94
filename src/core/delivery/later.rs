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

/// Whether the shell holds a registered body, and the change it has not
/// taken yet.
#[derive(Debug, Default)]
pub(crate) struct Registration {
    /// The shell holds a body: it took a `Register` since the last
    /// `Cancel`. (Not the pending change: a body replaced and then withdrawn
    /// before the shell took either never reached it.)
    registered: bool,
    change: Option<Later>,
}

impl Registration {
    /// Registers `body` (or withdraws, when `None`).
    pub(crate) fn set(&mut self, body: Option<Written>) {
        match body {
            Some(Written { body, encoding, .. }) => {
                self.change = Some(Later::Register { body, encoding });
            }
            None => self.cancel(),
        }
    }

    /// Withdraws what the shell holds; a body it has not taken yet is
    /// simply dropped.
    pub(crate) fn cancel(&mut self) {
        self.change = if self.registered {
            Some(Later::Cancel)
        } else {
            None
        };
    }

    /// The change to carry out, if any.
    pub(crate) fn take(&mut self) -> Option<Later> {
        let change = self.change.take();
        if let Some(change) = &change {
            self.registered = matches!(change, Later::Register { .. });
        }
        change
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> Option<Written> {
        Some(Written {
            body: text.as_bytes().to_vec(),
            encoding: Encoding::Json,
            bytes: text.len(),
            count: 1,
        })
    }

    #[test]
    fn a_body_withdrawn_before_the_shell_took_it_never_reaches_it() {
        let mut later = Registration::default();
        later.set(body("{}"));
        later.cancel();
        assert_eq!(later.take(), None);
        // And nothing is held afterwards either.
        later.cancel();
        assert_eq!(later.take(), None);
    }

    #[test]
    fn what_the_shell_holds_is_withdrawn_even_under_a_newer_body() {
        let mut later = Registration::default();
        later.set(body("{\"a\":1}"));
        assert!(matches!(later.take(), Some(Later::Register { .. })));
        later.set(body("{\"a\":2}"));
        later.set(None);
        assert_eq!(later.take(), Some(Later::Cancel));
        later.cancel();
        assert_eq!(later.take(), None);
    }
}
