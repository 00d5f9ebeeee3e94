//! The tracker's timers, one table: the shell arms a single host timer at
//! the earliest of them.

/// What a timer is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Timer {
    /// Send what waits (a full batch: at once; else after the flush interval).
    Flush,
    /// No sending before this (a failure's backoff).
    Retry,
    /// Write the chunks this task changed (due at once: when the task ends).
    Persist,
    /// Tell other tabs this one is alive.
    Heartbeat,
}

/// When each [`Timer`] is due (monotonic ms), if set.
#[derive(Debug, Default)]
pub(super) struct Timers {
    at: [Option<u64>; 4],
}

impl Timers {
    /// When `timer` is due.
    pub(super) fn get(&self, timer: Timer) -> Option<u64> {
        // `get` rather than indexing: no bounds-check panic in the snippet.
        self.at.get(timer as usize).copied().flatten()
    }

    /// Whether `timer` is set.
    pub(super) fn is_set(&self, timer: Timer) -> bool {
        self.get(timer).is_some()
    }

    /// Whether `timer` is set and due at `now`.
    pub(super) fn due(&self, timer: Timer, now: u64) -> bool {
        self.get(timer).is_some_and(|at| now >= at)
    }

    /// Sets (or moves) `timer` to `at`.
    pub(super) fn set(&mut self, timer: Timer, at: u64) {
        if let Some(slot) = self.at.get_mut(timer as usize) {
            *slot = Some(at);
        }
    }

    /// Sets `timer` to `at` unless it is set already.
    pub(super) fn set_if_unset(&mut self, timer: Timer, at: u64) {
        if !self.is_set(timer) {
            self.set(timer, at);
        }
    }

    /// Stops `timer`.
    pub(super) fn clear(&mut self, timer: Timer) {
        if let Some(slot) = self.at.get_mut(timer as usize) {
            *slot = None;
        }
    }

    /// The earliest timer due.
    pub(super) fn next(&self) -> Option<u64> {
        let mut next = None;
        for &at in self.at.iter().flatten() {
            next = Some(next.map_or(at, |n: u64| n.min(at)));
        }
        next
    }
}
