//! Which storage writes reach localStorage. Every part of the tracker
//! writes as if consent were granted; the writes pass here on their way
//! out, so a part added later (or a write forgotten) cannot store anything
//! before consent or after an opt-out.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use super::{Consent, State};
use crate::core::storage::keys::{StoreOp, CONSENT};

impl Consent {
    /// The writes that may be made now, in order. Granted: all of them,
    /// after those held while pending. Pending: none; each is held (the
    /// last one per key) until [`Consent::opt_in`]. Denied: only removals
    /// and the choice itself.
    pub fn gate(&mut self, mut ops: Vec<StoreOp>) -> Vec<StoreOp> {
        match self.state {
            State::Granted => {
                let mut all = ::core::mem::take(&mut self.held);
                all.append(&mut ops);
                all
            }
            State::Pending => {
                for op in ops {
                    self.held.retain(|h| key(h) != key(&op));
                    self.held.push(op);
                }
                Vec::new()
            }
            State::Denied(_) => {
                ops.retain(|op| matches!(op, StoreOp::Remove(_)) || key(op) == CONSENT);
                ops
            }
        }
    }
}

fn key(op: &StoreOp) -> &str {
    match op {
        StoreOp::Set(k, _) | StoreOp::Remove(k) => k,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Settings, Signals};
    use super::*;

    fn set(k: &str, v: &str) -> StoreOp {
        StoreOp::Set(k.into(), v.into())
    }

    fn remove(k: &str) -> StoreOp {
        StoreOp::Remove(k.into())
    }

    #[test]
    fn pending_holds_the_last_write_per_key_and_optin_releases_them_first() {
        let pending = Settings {
            pending: true,
            ..Settings::default()
        };
        let mut c = Consent::load(None, pending, Signals::default());
        assert!(c
            .gate(vec![set("tq1:aid", "a"), set("tq1:ses", "1")])
            .is_empty());
        assert!(c
            .gate(vec![set("tq1:ses", "2"), remove("tq1:uid")])
            .is_empty());
        let mut ops = Vec::new();
        c.opt_in(&mut ops);
        assert_eq!(
            c.gate(ops),
            vec![
                set("tq1:aid", "a"),
                set("tq1:ses", "2"),
                remove("tq1:uid"),
                set(CONSENT, "in"),
            ]
        );
        assert_eq!(c.gate(vec![set("tq1:ses", "3")]), vec![set("tq1:ses", "3")]);
    }

    #[test]
    fn pending_then_optout_writes_nothing_held() {
        let pending = Settings {
            pending: true,
            ..Settings::default()
        };
        let mut c = Consent::load(None, pending, Signals::default());
        assert!(c.gate(vec![set("tq1:aid", "a")]).is_empty());
        let mut ops = Vec::new();
        c.opt_out(&mut ops);
        ops.push(remove("tq1:aid"));
        assert_eq!(c.gate(ops), vec![set(CONSENT, "out"), remove("tq1:aid")]);
    }

    #[test]
    fn denied_lets_only_removals_and_the_choice_through() {
        let mut c = Consent::load(Some("out"), Settings::default(), Signals::default());
        let ops = vec![
            set("tq1:aid", "a"),
            remove("tq1:m:t:000000001"),
            set(CONSENT, "out"),
        ];
        assert_eq!(
            c.gate(ops),
            vec![remove("tq1:m:t:000000001"), set(CONSENT, "out")]
        );
    }
}
