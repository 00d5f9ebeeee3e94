//! Consent: whether trackq may record, store and send, as one small state
//! machine. A page starts granted, pending (`data-consent="pending"`) or
//! denied (a stored opt-out, Global Privacy Control, Do Not Track), and
//! moves on `optIn`/`optOut` or when another tab of the site does.
//!
//! [`Consent`] decides; the tracker carries out what a change asks for
//! ([`Change`]) and lets every storage write through [`Consent::gate`].

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

mod gate;

use crate::core::storage::keys::{StoreOp, CONSENT};

/// Why nothing is recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
    /// `navigator.globalPrivacyControl === true`.
    pub gpc: bool,
    /// `navigator.doNotTrack == "1"`.
    pub dnt: bool,
}

/// What a transition asks of the tracker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Nothing.
    None,
    /// Now denied: drop what is held, remove what is stored.
    Forget,
    /// Now granted. `fresh`: it was denied, so start a new anonymous id and
    /// session (after pending, what was held in memory is stored and sent).
    Resume {
        /// It was denied.
        fresh: bool,
    },
}

/// The consent state, and the writes held while it is pending.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consent {
    state: State,
    /// Storage writes made while pending, the last one per key.
    held: Vec<StoreOp>,
}

/// The stored choice: `optIn`.
const IN: &str = "in";
/// The stored choice: `optOut`.
const OUT: &str = "out";

impl Consent {
    /// The state a page starts in: the visitor's stored choice first (an
    /// explicit `optIn` or `optOut` on this site), then the browser's
    /// signals as the page's settings say, then `data-consent`.
    pub fn load(stored: Option<&str>, settings: Settings, signals: Signals) -> Consent {
        let state = match stored {
            Some(OUT) => State::Denied(Reason::OptOut),
            Some(IN) => State::Granted,
            _ if signals.gpc && !settings.ignore_gpc => State::Denied(Reason::Gpc),
            _ if signals.dnt && settings.respect_dnt => State::Denied(Reason::Dnt),
            _ if settings.pending => State::Pending,
            _ => State::Granted,
        };
        Consent {
            state,
            held: Vec::new(),
        }
    }

    /// Where consent stands.
    pub fn state(&self) -> State {
        self.state
    }

    /// Events may be recorded (in memory at least).
    pub fn may_record(&self) -> bool {
        !matches!(self.state, State::Denied(_))
    }

    /// Messages may be sent.
    pub fn may_send(&self) -> bool {
        self.state == State::Granted
    }

    /// `optOut` on this page: kept for later visits.
    pub fn opt_out(&mut self, ops: &mut Vec<StoreOp>) -> Change {
        ops.push(StoreOp::Set(CONSENT.into(), OUT.into()));
        self.enter(State::Denied(Reason::OptOut))
    }

    /// `optIn` on this page: kept for later visits, so that a page with
    /// `data-consent="pending"` (or a browser's signal) does not ask again.
    pub fn opt_in(&mut self, ops: &mut Vec<StoreOp>) -> Change {
        ops.push(StoreOp::Set(CONSENT.into(), IN.into()));
        self.enter(State::Granted)
    }

    /// Another tab stored `value` as the choice (its `optIn` or `optOut`):
    /// this page follows it.
    pub fn observe(&mut self, value: Option<&str>) -> Change {
        match value {
            Some(OUT) => self.enter(State::Denied(Reason::OptOut)),
            Some(IN) => self.enter(State::Granted),
            _ => Change::None,
        }
    }

    fn enter(&mut self, to: State) -> Change {
        let was = ::core::mem::replace(&mut self.state, to);
        match to {
            State::Denied(_) => {
                self.held.clear();
                Change::Forget
            }
            _ if was == State::Granted => Change::None,
            _ => Change::Resume {
                fresh: was != State::Pending,
            },
        }
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
    fn opting_out_and_in_is_stored_and_says_what_to_do() {
        let mut ops = Vec::new();
        let mut c = Consent::load(None, PENDING, Signals::default());
        assert!(c.may_record() && !c.may_send());
        assert_eq!(c.opt_in(&mut ops), Change::Resume { fresh: false });
        assert!(c.may_send());
        assert_eq!(c.opt_in(&mut ops), Change::None);
        assert_eq!(c.opt_out(&mut ops), Change::Forget);
        assert!(!c.may_record() && !c.may_send());
        assert_eq!(c.opt_in(&mut ops), Change::Resume { fresh: true });
        let set = |v: &str| StoreOp::Set(CONSENT.into(), v.into());
        assert_eq!(ops, vec![set("in"), set("in"), set("out"), set("in")]);
    }

    #[test]
    fn another_tabs_choice_is_followed_without_storing_it_again() {
        let mut c = Consent::load(None, Settings::default(), Signals::default());
        assert_eq!(c.observe(Some("out")), Change::Forget);
        assert_eq!(c.state(), State::Denied(Reason::OptOut));
        assert_eq!(c.observe(None), Change::None);
        assert_eq!(c.observe(Some("in")), Change::Resume { fresh: true });
        assert_eq!(c.observe(Some("in")), Change::None);
        let mut gpc = Consent::load(
            None,
            Settings::default(),
            Signals {
                gpc: true,
                dnt: false,
            },
        );
        assert_eq!(gpc.observe(Some("in")), Change::Resume { fresh: true });
    }
}
