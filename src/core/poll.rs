//! [`Tracker`]'s outputs, drained by the shell after every input: storage
//! writes first, then requests, then console lines; and when to wake it.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use super::config::Config;
use super::identity::Identity;
use super::storage_keys::StoreOp;
use super::tracker::{Log, Tracker, Transmit};

impl Tracker {
    /// The storage writes to make, in order. (All at once: taking them
    /// one by one from the front would bring `Vec::remove` and its panic
    /// message into the snippet.)
    pub fn poll_stores(&mut self) -> Vec<StoreOp> {
        ::core::mem::take(&mut self.ops)
    }

    /// The requests to send (after every pending [`Tracker::poll_stores`]).
    pub fn poll_transmits(&mut self) -> Vec<Transmit> {
        ::core::mem::take(&mut self.transmits)
    }

    /// The console lines.
    pub fn poll_logs(&mut self) -> Vec<Log> {
        ::core::mem::take(&mut self.logs)
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
