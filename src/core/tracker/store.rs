//! Keeping this tab's state in storage: its heartbeat, the messages it
//! records (stashed in the open chunk, written when the task ends).

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use super::timers::Timer;
use super::Tracker;
use crate::core::support::time::Now;
use crate::core::warning::Warning;

impl Tracker {
    /// Tells other tabs this tab is alive, and when it will say so again.
    pub(super) fn beat(&mut self, now: Now) {
        let next = self.tab.beat(now.wall, now.mono, &mut self.ops);
        self.timers.set(Timer::Heartbeat, next);
    }

    /// Adds a new message to the outbox; written when the task ends, or at
    /// once when its chunk is full.
    pub(super) fn stash(&mut self, json: String, now: Now) {
        if self
            .persistence
            .stash(self.tab.id(), &mut self.outbox, json)
        {
            self.persist();
        } else {
            self.timers.set_if_unset(Timer::Persist, now.mono);
        }
    }

    /// Writes the chunks that changed; reports what the caps evicted.
    pub(super) fn persist(&mut self) {
        self.timers.clear(Timer::Persist);
        let lost = self.persistence.write(&self.outbox, &mut self.ops);
        if lost > 0 {
            self.warn(Warning::OutboxFull(lost));
        }
    }
}
