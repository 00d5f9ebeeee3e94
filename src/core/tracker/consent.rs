//! Carrying out a change of consent across the tracker's parts.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use super::Tracker;
use crate::core::consent::Change;
use crate::core::delivery::outbox::Outbox;
use crate::core::support::time::Now;

impl Tracker {
    /// `optIn` (`granted`) or `optOut` on this page.
    pub(super) fn choose(&mut self, granted: bool, now: Now) {
        let change = self.consent.choose(granted);
        if change == (Change::Resume { fresh: true }) {
            // A new visitor, with a new session; other tabs follow both
            // through storage.
            self.visitor.forget();
            self.visitor.clear(&mut self.rng, &mut self.ops);
        }
        self.follow_consent(change, now);
    }

    /// Does what a change of consent asks: forget what this page holds, or
    /// resume (what was held while pending is stored and sent).
    pub(super) fn follow_consent(&mut self, change: Change, now: Now) {
        match change {
            Change::None => {}
            Change::Forget => self.forget(),
            Change::Resume { .. } => {
                self.beat(now);
                self.register_later(now);
                self.after_record(now);
            }
        }
    }

    /// Drops the outbox (answers to requests in flight then find nothing to
    /// confirm or retry); the storage itself is cleared on the way out
    /// ([`Tracker::poll_stores`]), whatever persistence writes meanwhile.
    pub(super) fn forget(&mut self) {
        self.outbox = Outbox::default();
        self.visitor.forget();
        // Nothing registered with `fetchLater` leaves either.
        self.delivery.cancel_later();
    }
}
