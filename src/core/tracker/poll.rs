//! The tracker's outputs, drained by the shell in the order the
//! [`Tracker`] doc gives, and what the shell and tests may read.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use super::{Log, Tracker};
use crate::core::consent::State;
use crate::core::delivery::{Later, Transmit};
use crate::core::identity::Identity;
use crate::core::input::Config;
use crate::core::storage::keys::StoreOp;

impl Tracker {
    /// The storage writes to make, in order, as consent allows
    /// ([`crate::core::consent::Consent::writes`]: none while pending, only
    /// clearing while denied). (All at once: taking them one by one from
    /// the front would bring `Vec::remove` and its panic message into the
    /// snippet.)
    pub fn poll_stores(&mut self) -> Vec<StoreOp> {
        self.consent.writes(&mut self.ops)
    }

    /// The requests to send (after every pending [`Tracker::poll_stores`]).
    pub fn poll_transmits(&mut self) -> Vec<Transmit> {
        ::core::mem::take(&mut self.transmits)
    }

    /// The change to make to what is registered with `fetchLater` (after
    /// every pending [`Tracker::poll_stores`]).
    pub fn poll_later(&mut self) -> Option<Later> {
        self.delivery.take_later()
    }

    /// The answer of the command just pushed, for the page: for `['ab',
    /// name, variants]` (`KM.ab()`), the index of this visitor's variant;
    /// `None` for other commands.
    #[cfg(feature = "autotrack")]
    pub fn poll_answer(&mut self) -> Option<usize> {
        self.answer.take()
    }

    /// The console lines.
    pub fn poll_logs(&mut self) -> Vec<Log> {
        ::core::mem::take(&mut self.logs)
    }

    /// When to call [`Tracker::handle_timeout`] next, on the monotonic
    /// clock ([`crate::core::Now::mono`]).
    pub fn poll_timeout(&self) -> Option<u64> {
        self.timers.next()
    }

    /// The settings in force.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Where consent stands.
    pub fn consent(&self) -> State {
        self.consent.state()
    }

    /// Who the visitor is.
    pub fn identity(&self) -> &Identity {
        self.visitor.identity()
    }

    /// Messages held (waiting, in flight or beaconed).
    pub fn outbox_len(&self) -> usize {
        self.outbox.len()
    }
}
