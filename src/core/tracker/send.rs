//! Getting the outbox out: when a flush is due, sending by `fetch` or
//! beacon, registering with `fetchLater`, and carrying out what an answer
//! means.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use super::timers::Timer;
use super::Tracker;
use crate::core::delivery::{Answer, Response};
use crate::core::input::Transport;
use crate::core::support::time::Now;
use crate::core::warning::Warning;

impl Tracker {
    /// What `sendBeacon` returned for request `id`.
    pub fn handle_beacon(&mut self, id: u64, accepted: bool, now: Now) {
        let answer = self
            .delivery
            .beacon_answered(id, accepted, &self.config, &mut self.outbox);
        let confirmed = answer == Answer::Delivered;
        self.settle(id, answer, now);
        if confirmed {
            // The beacon transport: what it carried is no longer registered.
            self.register_later(now);
        }
    }

    /// How `fetch` request `id` ended.
    pub fn handle_response(&mut self, id: u64, response: Response, now: Now) {
        let Some(answer) = self.delivery.answered(id, response, &mut self.outbox) else {
            return;
        };
        self.settle(id, answer, now);
        if self.delivery.take_held_back() {
            self.flush(now);
        }
        // Once per round of requests, not per answer: each registration
        // writes (and compresses) up to a whole body again, and the answers
        // of a burst's batches come one per task. Meanwhile nothing stays
        // registered: it may hold what this answer confirmed, and a tab
        // that dies would send that again. (What waits is stored; the fetches
        // in flight outlive the tab.)
        if self.delivery.idle() {
            self.register_later(now);
        } else {
            self.delivery.cancel_later();
        }
        self.after_record(now);
    }

    /// Messages may be sent at all: there is an endpoint, and consent.
    fn may_send(&self) -> bool {
        self.config.endpoint && self.consent.may_send()
    }

    /// Registers the oldest unconfirmed messages with `fetchLater` (when
    /// they may be sent at all: an endpoint, consent).
    pub(super) fn register_later(&mut self, now: Now) {
        if !self.may_send() {
            return self.delivery.cancel_later();
        }
        // Stored before anything can send them.
        self.persist();
        self.delivery
            .register_later(&self.config, &mut self.outbox, now.wall);
    }

    /// After something was recorded or answered: a full batch makes the
    /// flush due at once; otherwise the flush timer runs while messages wait.
    pub(super) fn after_record(&mut self, now: Now) {
        // Without an endpoint or consent: kept, never sent (or not yet:
        // consent is pending). Held back by the keepalive budget: the next
        // answer sends the rest, and a flush before it would only write and
        // gzip the same body again, to hold it back again.
        if self.delivery.held_back() || !self.may_send() {
            return;
        }
        if self.delivery.batch_ready(&self.config, &self.outbox)
            && !self.timers.is_set(Timer::Retry)
        {
            // Due now, but sent from the timer: a page pushing a burst of
            // events in one task pays for no request until the burst ends.
            self.timers.set(Timer::Flush, now.mono);
        }
        if self.outbox.waiting() > 0 {
            let at = now.mono.saturating_add(self.config.flush_interval_ms);
            self.timers.set_if_unset(Timer::Flush, at);
        }
    }

    /// Sends what waits, as far as the transport and the budget allow.
    pub(super) fn flush(&mut self, now: Now) {
        if self.timers.is_set(Timer::Retry) || !self.may_send() {
            return;
        }
        if self.config.transport == Transport::Beacon {
            return self.send_beacons(now);
        }
        self.persist();
        self.delivery.send(
            &self.config,
            &mut self.outbox,
            now.wall,
            &mut self.transmits,
        );
    }

    /// Sends every waiting message by beacon.
    pub(super) fn send_beacons(&mut self, now: Now) {
        if !self.may_send() {
            return;
        }
        self.persist();
        self.delivery.send_beacons(
            &self.config,
            &mut self.outbox,
            now.wall,
            &mut self.transmits,
        );
    }

    /// Carries out what delivery made of request `id`'s answer.
    pub(super) fn settle(&mut self, id: u64, answer: Answer, now: Now) {
        match answer {
            // Delivered, or refused for good: forgotten, here and in storage.
            Answer::Delivered | Answer::Refused(_) => {
                let dropped = self.outbox.remove(id, &mut self.persistence);
                self.persist();
                if let Answer::Refused(status) = answer {
                    self.warn(Warning::Refused { status, dropped });
                }
            }
            Answer::Retry(retry_after_ms) => {
                let delay = self.delivery.retry_delay(&mut self.rng, retry_after_ms);
                let at = now.mono.saturating_add(delay);
                self.timers.set(Timer::Retry, at);
                self.timers.set(Timer::Flush, at);
            }
            Answer::Kept => {}
        }
    }
}
