//! Getting the outbox to the collector: batches by count and bytes, the
//! keepalive budget, beacons on leave, and what each response means.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use super::config::Transport;
use super::limits::{MAX_BODY_BYTES, MAX_INFLIGHT_BYTES};
use super::message::{batch_bytes, write_batch};
use super::outbox::State;
use super::text::{cat, num};
use super::tracker::{Response, Tracker, Transmit};

impl Tracker {
    /// After something was recorded or answered: a full batch makes the
    /// flush due at once; otherwise the flush timer runs while messages wait.
    pub(super) fn after_record(&mut self, now: u64) {
        if self.config.endpoint.is_none() {
            return; // kept, never sent
        }
        let waiting = self.outbox.waiting();
        // Held back by the keepalive budget, the next answer sends the rest.
        if waiting >= self.batch_limit() && self.retry_at.is_none() && !self.held_back {
            // Due now, but sent from the timer: a page pushing a burst of
            // events in one task pays for no request until the burst ends.
            self.flush_at = Some(now);
        }
        if self.outbox.waiting() > 0 && self.flush_at.is_none() {
            self.flush_at = Some(now + self.config.flush_interval_ms);
        }
    }

    fn batch_limit(&self) -> usize {
        self.split_limit
            .unwrap_or(self.config.batch_size)
            .min(self.config.batch_size)
    }

    /// Sends what waits, as far as the transport and the budget allow.
    pub(super) fn flush(&mut self, now: u64) {
        if self.config.endpoint.is_none() || self.retry_at.is_some() {
            return;
        }
        if self.config.transport == Transport::Beacon {
            return self.send_beacons(now);
        }
        self.persist();
        let limit = self.batch_limit();
        while self.outbox.waiting() > 0 {
            let busy: usize = self.inflight.iter().map(|(_, bytes, _)| bytes).sum();
            let budget = MAX_BODY_BYTES.min(MAX_INFLIGHT_BYTES.saturating_sub(busy));
            let Some(transmit) = self.take_batch(now, limit, budget, false) else {
                break;
            };
            if !self.inflight.is_empty() && transmit.1 > budget {
                // Over the keepalive budget: wait for an answer to free it.
                self.outbox.set_state(transmit.0.id, State::Waiting);
                self.held_back = true;
                break;
            }
            self.inflight.push((transmit.0.id, transmit.1, transmit.2));
            self.transmits.push(transmit.0);
        }
    }

    /// Marks a batch of waiting messages as request `id` and writes its body;
    /// returns it with its byte and message counts.
    fn take_batch(
        &mut self,
        now: u64,
        max_count: usize,
        max_bytes: usize,
        beacon: bool,
    ) -> Option<(Transmit, usize, usize)> {
        let id = self.next_request;
        let key = &self.config.write_key;
        let jsons = self.outbox.take(id, |count, bytes| {
            count <= max_count && batch_bytes(key, bytes, count) <= max_bytes
        });
        if jsons.is_empty() {
            return None;
        }
        self.next_request += 1;
        let count = jsons.len();
        let body = write_batch(key, now, jsons.into_iter());
        let bytes = body.len();
        Some((Transmit { id, body, beacon }, bytes, count))
    }

    /// Sends every waiting message by beacon, in bodies of at most 60 KB.
    pub(super) fn send_beacons(&mut self, now: u64) {
        if self.config.endpoint.is_none() {
            return;
        }
        self.persist();
        while let Some((transmit, _, _)) = self.take_batch(now, usize::MAX, MAX_BODY_BYTES, true) {
            self.transmits.push(transmit);
        }
    }

    /// What `sendBeacon` returned for request `id`.
    pub fn handle_beacon(&mut self, id: u64, accepted: bool, now: u64) {
        if !accepted {
            self.outbox.set_state(id, State::Waiting);
            self.schedule_retry(now, None);
        } else if self.config.transport == Transport::Beacon {
            self.remove_batch(id);
        } else {
            self.outbox.set_state(id, State::Beaconed);
        }
    }

    /// How `fetch` request `id` ended.
    pub fn handle_response(&mut self, id: u64, response: Response, now: u64) {
        let Some(pos) = self.inflight.iter().position(|(i, ..)| *i == id) else {
            return;
        };
        let (_, _, count) = self.inflight.swap_remove(pos);
        match response {
            Response::Status {
                status: 200..=299, ..
            } => {
                self.remove_batch(id);
                self.backoff.reset();
                // Smaller batches until the split ones have all gone.
                if self.outbox.waiting() == 0 {
                    self.split_limit = None;
                }
            }
            Response::Status { status: 413, .. } if count > 1 => {
                self.outbox.set_state(id, State::Waiting);
                self.split_limit = Some(count.div_ceil(2));
            }
            Response::Status {
                status: 408 | 429 | 500..=599,
                retry_after_ms,
            } => {
                self.outbox.set_state(id, State::Waiting);
                self.schedule_retry(now, retry_after_ms);
            }
            Response::NetworkError => {
                self.outbox.set_state(id, State::Waiting);
                self.schedule_retry(now, None);
            }
            Response::Status { status, .. } => {
                let dropped = self.remove_batch(id);
                let (status, dropped) = (num(u64::from(status)), num(dropped as u64));
                self.warn(cat(&[
                    "trackq: the collector refused a batch with status ",
                    &status,
                    ": ",
                    &dropped,
                    " message(s) dropped",
                ]));
            }
        }
        if ::core::mem::take(&mut self.held_back) {
            self.flush(now);
        }
        self.after_record(now);
    }

    fn schedule_retry(&mut self, now: u64, retry_after_ms: Option<u64>) {
        let delay = self.backoff.next_delay(&mut self.rng, retry_after_ms);
        self.retry_at = Some(now + delay);
        self.flush_at = Some(now + delay);
    }

    /// Forgets request `id`'s messages, here and in storage.
    fn remove_batch(&mut self, id: u64) -> usize {
        let gone = self.outbox.remove(id);
        for e in &gone {
            self.mark_dirty(&e.key);
        }
        self.persist();
        gone.len()
    }
}
