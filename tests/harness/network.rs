//! The network side: answers to fetches, refused beacons, and letting
//! time pass until everything is confirmed.

use super::{Harness, Outcome};
use trackq::core::{Response, Tracker};

impl Harness {
    /// The next `sendBeacon` returns false.
    pub fn beacon_refuse_next(&mut self) {
        self.refuse_beacons += 1;
    }

    /// Ids of the current tab's fetches still waiting for an answer.
    pub fn pending(&self) -> Vec<u64> {
        self.pending_of(self.current).map(|s| s.id).collect()
    }

    /// Answers the current tab's fetch `id`.
    pub fn respond_with(&mut self, id: u64, response: Response) {
        let tab = self.current;
        let s = self
            .sent
            .iter_mut()
            .find(|s| s.tab == tab && s.id == id && !s.beacon);
        let s = s.expect("no such request");
        assert_eq!(
            s.outcome,
            Outcome::Pending,
            "request {id} was answered already"
        );
        let ok = matches!(
            response,
            Response::Status {
                status: 200..=299,
                ..
            }
        );
        s.outcome = if ok {
            Outcome::Delivered
        } else {
            Outcome::Failed
        };
        let now = self.now();
        self.tracker().handle_response(id, response, now);
        self.drain();
    }

    /// Answers the current tab's fetch `id` with `status`.
    pub fn respond(&mut self, id: u64, status: u16) {
        self.respond_with(
            id,
            Response::Status {
                status,
                retry_after_ms: None,
            },
        );
    }

    /// Fetch `id` of the current tab fails without an answer.
    pub fn network_error(&mut self, id: u64) {
        self.respond_with(id, Response::NetworkError);
    }

    /// Answers every pending fetch of every open tab with `status`, oldest first.
    pub fn respond_all(&mut self, status: u16) {
        let current = self.current;
        let pending = self.sent.iter().filter(|s| s.outcome == Outcome::Pending);
        let pending: Vec<_> = pending.map(|s| (s.tab, s.id)).collect();
        for (tab, id) in pending {
            self.current = tab;
            self.respond(id, status);
        }
        self.current = current;
    }

    /// Answers 200 and lets time pass until the open tabs hold nothing.
    pub fn settle(&mut self) {
        for _ in 0..1000 {
            self.respond_all(200);
            if self.tabs.iter().flatten().all(|t| t.outbox_len() == 0) {
                return;
            }
            self.advance(self.config.flush_interval_ms);
        }
        panic!("the outboxes never emptied");
    }
}
