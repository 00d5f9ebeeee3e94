//! [`Tracker`]'s outputs, drained by the shell after every input: storage
//! writes first, then requests, then console lines; and when to wake it.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use super::config::Config;
use super::identity::Identity;
use super::storage_keys::StoreOp;
use super::tracker::{Log, Tracker, Transmit};

impl Tracker {
    /// The next storage write to make.
    pub fn poll_store(&mut self) -> Option<StoreOp> {
        if self.ops.is_empty() {
            None
        } else {
            Some(self.ops.remove(0))
        }
    }

    /// The next request to send (after every pending [`Tracker::poll_store`]).
    pub fn poll_transmit(&mut self) -> Option<Transmit> {
        (!self.transmits.is_empty()).then(|| self.transmits.remove(0))
    }

    /// The next console line.
    pub fn poll_log(&mut self) -> Option<Log> {
        (!self.logs.is_empty()).then(|| self.logs.remove(0))
    }

    /// When to call [`Tracker::handle_timeout`] next (ms since the epoch).
    pub fn poll_timeout(&self) -> Option<u64> {
        [
            self.persist_at,
            self.flush_at,
            self.retry_at,
            Some(self.heartbeat_at),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// The settings in force.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Who the visitor is.
    pub fn identity(&self) -> &Identity {
        &self.identity
    }

    /// Messages held (waiting, in flight or beaconed).
    pub fn outbox_len(&self) -> usize {
        self.outbox.len()
    }
}
