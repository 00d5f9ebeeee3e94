//! Sessions: a new one after 30 minutes without activity, each opening
//! with a "Visited Site" event.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use crate::core::limits::SESSION_TIMEOUT_MS;
use crate::core::storage::keys::{StoreOp, SESSION};

/// Persisting the last activity on every event would be one more
/// localStorage write per event; this slack is far below the timeout.
const PERSIST_EVERY_MS: u64 = 5_000;

/// The current session's last activity (none yet by default).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Session {
    last_activity: Option<u64>,
    persisted: u64,
}

impl Session {
    /// The session stored as the text of its last activity (ms).
    pub fn load(stored: Option<&str>) -> Session {
        let last_activity = stored.and_then(crate::core::support::text::parse_u64);
        Session {
            last_activity,
            persisted: last_activity.unwrap_or(0),
        }
    }

    /// Records activity at `now`. When it opens a new session: whether an
    /// earlier one was seen (the visitor is returning).
    pub fn touch(&mut self, now: u64, ops: &mut Vec<StoreOp>) -> Option<bool> {
        let new = match self.last_activity {
            Some(last) => (now.saturating_sub(last) > SESSION_TIMEOUT_MS).then_some(true),
            None => Some(false),
        };
        self.last_activity = Some(now);
        if new.is_some() || now.saturating_sub(self.persisted) >= PERSIST_EVERY_MS {
            self.persist(ops);
        }
        new
    }

    /// Another tab recorded activity at `last`.
    pub fn observe(&mut self, last: u64) {
        if self.last_activity.is_none_or(|mine| mine < last) {
            self.last_activity = Some(last);
            self.persisted = last;
        }
    }

    /// Writes the last activity now (the page is going away).
    pub fn persist(&mut self, ops: &mut Vec<StoreOp>) {
        if let Some(last) = self.last_activity {
            if last != self.persisted {
                self.persisted = last;
                ops.push(StoreOp::Set(
                    SESSION.into(),
                    crate::core::support::text::num(last),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirty_minutes_of_silence_open_a_new_session() {
        let mut ops = Vec::new();
        let mut s = Session::load(None);
        assert_eq!(s.touch(1_000, &mut ops), Some(false));
        assert_eq!(s.touch(1_000 + SESSION_TIMEOUT_MS, &mut ops), None);
        assert_eq!(
            s.touch(2_001 + 2 * SESSION_TIMEOUT_MS, &mut ops),
            Some(true)
        );
    }

    #[test]
    fn writes_are_throttled_but_flushed_on_persist() {
        let mut ops = Vec::new();
        let mut s = Session::load(Some("1000"));
        assert_eq!(s.touch(2_000, &mut ops), None);
        assert!(ops.is_empty());
        s.persist(&mut ops);
        assert_eq!(ops, vec![StoreOp::Set(SESSION.into(), "2000".into())]);
        assert_eq!(
            Session::load(Some("2000")),
            Session {
                last_activity: Some(2000),
                persisted: 2000
            }
        );
    }
}
