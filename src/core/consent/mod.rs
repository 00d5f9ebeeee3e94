//! Consent: whether trackq may record, store and send, as one small state
//! machine. A page starts granted, pending (`data-consent="pending"`) or
//! denied (a stored opt-out, Global Privacy Control, Do Not Track), and
//! moves when the visitor's choice is stored, by `optIn`/`optOut` on this
//! page or in another tab of the site.
//!
//! [`Consent`] decides, and the tracker carries out what a change asks of
//! its parts ([`Change`]). Every storage write passes through
//! [`Consent::writes`] on its way out: held while pending, dropped while
//! denied, so no part has to know.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use crate::core::storage::keys::{StoreOp, CONSENT};

/// Why nothing is recorded.
// Four-byte tags here and in `State`, as `Value`'s: a state then moves and
// compares as words (on 3fe84f9's tree, against StoreOp's tag alone: the
// wasms 12 / 12 bytes and 19 / 21 brotli smaller).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum Reason {
    /// `optOut`, on this page, another tab or an earlier visit.
    OptOut,
    /// The browser sends Global Privacy Control (and no `data-gpc="ignore"`).
    Gpc,
    /// The browser sends Do Not Track and the page asked to respect it.
    Dnt,
}

/// Where consent stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum State {
    /// Recorded, stored and sent.
    Granted,
    /// Recorded in memory only: nothing stored, nothing sent, until `optIn`.
    Pending,
    /// Nothing recorded; trackq's storage holds the opt-out at most.
    Denied(Reason),
}

/// The page's choices about consent (its `data-*` attributes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// `data-consent="pending"`: wait for `optIn` before storing or sending.
    pub pending: bool,
    /// `data-gpc="ignore"`: Global Privacy Control is not an opt-out here.
    pub ignore_gpc: bool,
    /// `data-respect-dnt`: Do Not Track is an opt-out here.
    pub respect_dnt: bool,
}

/// What the browser says, read once by the shell.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Signals {
    /// `navigator.globalPrivacyControl` is `true`.
    pub gpc: bool,
    /// `navigator.doNotTrack` is `"1"`.
    pub dnt: bool,
}

/// What a change of state asks of the tracker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Nothing.
    None,
    /// Now denied: drop what is held in memory (storage is cleared by
    /// [`Consent::writes`]).
    Forget,
    /// Now granted. `fresh`: it was denied, so a new anonymous id (after
    /// pending, what was held in memory is stored and sent as it is).
    Resume {
        /// It was denied.
        fresh: bool,
    },
}

/// The stored choice of `optIn`.
pub const IN: &str = "in";
/// The stored choice of `optOut`.
pub const OUT: &str = "out";

/// Where consent stands on this page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consent {
    state: State,
    /// Storage is not in line with the state yet: the choice to store, or
    /// (denied) everything to remove.
    unsaved: bool,
}

impl Consent {
    /// The state a page starts in: the visitor's stored choice first (an
    /// explicit `optIn` or `optOut` on this site), then the browser's
    /// signals as the page's settings say, then `data-consent`. A page
    /// that starts denied removes what earlier visits stored.
    pub fn load(stored: Option<&str>, settings: Settings, signals: Signals) -> Consent {
        let state = if signals.gpc && !settings.ignore_gpc {
            State::Denied(Reason::Gpc)
        } else if signals.dnt && settings.respect_dnt {
            State::Denied(Reason::Dnt)
        } else if settings.pending {
            State::Pending
        } else {
            State::Granted
        };
        let mut consent = Consent {
            state,
            unsaved: false,
        };
        // A stored choice overrides them, as another tab's would.
        consent.follow(stored);
        consent.unsaved = !consent.may_record();
        consent
    }

    /// Where consent stands.
    pub fn state(&self) -> State {
        self.state
    }

    /// Events may be recorded (in memory at least).
    pub fn may_record(&self) -> bool {
        !matches!(self.state, State::Denied(_))
    }

    /// Messages may be stored and sent.
    pub fn may_send(&self) -> bool {
        matches!(self.state, State::Granted)
    }

    /// `optIn` (`granted`) or `optOut` on this page: kept for later
    /// visits, so that a page with `data-consent="pending"` or a browser's
    /// signal does not ask again.
    pub fn choose(&mut self, granted: bool) -> Change {
        self.unsaved = true;
        self.follow(Some(if granted { IN } else { OUT }))
    }

    /// Another tab stored the visitor's choice (`stored`, [`IN`] or
    /// [`OUT`]): this page follows it.
    pub fn follow(&mut self, stored: Option<&str>) -> Change {
        let was = self.state;
        self.state = match stored {
            Some(OUT) => State::Denied(Reason::OptOut),
            Some(IN) => State::Granted,
            _ => return Change::None,
        };
        match was {
            _ if was == self.state => Change::None,
            State::Pending if self.may_send() => Change::Resume { fresh: false },
            _ if self.may_send() => Change::Resume { fresh: true },
            _ => {
                // What this tab wrote since the other tab cleared storage goes too.
                self.unsaved = true;
                Change::Forget
            }
        }
    }

    /// The storage writes to make now, out of `ops`, those the tracker's
    /// parts made as if consent were granted. Granted: all of them
    /// (those held while pending first), then the choice if unsaved.
    /// Pending: none; `ops` keeps them until `optIn`. Denied: none of
    /// them; only clearing trackq's keys and storing an opt-out.
    pub fn writes(&mut self, ops: &mut Vec<StoreOp>) -> Vec<StoreOp> {
        match self.state {
            State::Pending => return Vec::new(),
            State::Granted => {}
            State::Denied(_) => *ops = Vec::new(),
        }
        if ::core::mem::take(&mut self.unsaved) {
            let choice = match self.state {
                State::Denied(reason) => {
                    ops.push(StoreOp::Clear);
                    (reason == Reason::OptOut).then_some(OUT)
                }
                _ => Some(IN),
            };
            if let Some(choice) = choice {
                ops.push(StoreOp::set(CONSENT, choice));
            }
        }
        ::core::mem::take(ops)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(stored: Option<&str>, settings: Settings, gpc: bool, dnt: bool) -> State {
        Consent::load(stored, settings, Signals { gpc, dnt }).state()
    }

    const PENDING: Settings = Settings {
        pending: true,
        ignore_gpc: false,
        respect_dnt: false,
    };

    #[test]
    fn a_page_starts_from_the_stored_choice_then_the_signals_then_its_settings() {
        let none = Settings::default();
        assert_eq!(load(None, none, false, false), State::Granted);
        assert_eq!(load(None, PENDING, false, false), State::Pending);
        assert_eq!(
            load(Some("out"), none, false, false),
            State::Denied(Reason::OptOut)
        );
        assert_eq!(load(Some("in"), PENDING, true, true), State::Granted);
        assert_eq!(load(None, PENDING, true, false), State::Denied(Reason::Gpc));
        let ignore = Settings {
            ignore_gpc: true,
            ..PENDING
        };
        assert_eq!(load(None, ignore, true, false), State::Pending);
        // Do Not Track counts only where the page asks for it.
        assert_eq!(load(None, none, false, true), State::Granted);
        let dnt = Settings {
            respect_dnt: true,
            ..none
        };
        assert_eq!(load(None, dnt, false, true), State::Denied(Reason::Dnt));
        assert_eq!(load(Some("garbage"), none, false, false), State::Granted);
    }

    #[test]
    fn each_choice_says_what_to_do_and_another_tabs_is_followed() {
        let mut c = Consent::load(None, PENDING, Signals::default());
        assert!(c.may_record() && !c.may_send());
        assert_eq!(c.choose(true), Change::Resume { fresh: false });
        assert!(c.may_send());
        assert_eq!(c.choose(true), Change::None);
        assert_eq!(c.follow(None), Change::None);
        assert_eq!(c.choose(false), Change::Forget);
        assert_eq!(c.state(), State::Denied(Reason::OptOut));
        assert!(!c.may_record() && !c.may_send());
        assert_eq!(c.follow(Some(OUT)), Change::None, "already out");
        assert_eq!(c.follow(Some("garbage")), Change::None);
        assert_eq!(c.follow(Some(IN)), Change::Resume { fresh: true });
        let mut gpc = Consent::load(
            None,
            PENDING,
            Signals {
                gpc: true,
                dnt: false,
            },
        );
        assert_eq!(gpc.follow(Some(OUT)), Change::Forget);
        assert_eq!(gpc.follow(Some(IN)), Change::Resume { fresh: true });
        let mut pending = Consent::load(None, PENDING, Signals::default());
        assert_eq!(pending.follow(Some(OUT)), Change::Forget);
    }

    fn set(k: &str, v: &str) -> StoreOp {
        StoreOp::Set(k.into(), v.into())
    }

    #[test]
    fn writes_are_held_while_pending_dropped_while_denied_and_the_choice_is_stored() {
        let mut c = Consent::load(None, PENDING, Signals::default());
        let mut ops = vec![set("tq1:aid", "a")];
        assert!(c.writes(&mut ops).is_empty());
        ops.push(set("tq1:ses", "1"));
        c.choose(true);
        assert_eq!(
            c.writes(&mut ops),
            vec![set("tq1:aid", "a"), set("tq1:ses", "1"), set(CONSENT, IN)]
        );
        assert!(ops.is_empty());
        ops.push(set("tq1:ses", "2"));
        assert_eq!(c.writes(&mut ops), vec![set("tq1:ses", "2")]);
        ops.push(set("tq1:ses", "3"));
        c.choose(false);
        assert_eq!(c.writes(&mut ops), vec![StoreOp::Clear, set(CONSENT, OUT)]);
        ops.push(set("tq1:ses", "4"));
        assert!(c.writes(&mut ops).is_empty() && ops.is_empty());
        // Denied on loading: what earlier visits stored goes.
        let mut gpc = Consent::load(
            None,
            PENDING,
            Signals {
                gpc: true,
                dnt: false,
            },
        );
        assert_eq!(
            gpc.writes(&mut vec![set("tq1:aid", "a")]),
            vec![StoreOp::Clear]
        );
        let mut out = Consent::load(Some(OUT), PENDING, Signals::default());
        assert_eq!(
            out.writes(&mut Vec::new()),
            vec![StoreOp::Clear, set(CONSENT, OUT)]
        );
    }
}
