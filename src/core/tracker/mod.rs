//! [`Tracker`]: the whole snippet as a state machine, owning one part per
//! concern and driven by the shell.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

#[cfg(feature = "autotrack")]
mod autotrack;
mod consent;
mod poll;
mod run;
mod send;
mod store;
mod timers;

use crate::core::consent::Consent;
use crate::core::delivery::outbox::Outbox;
use crate::core::delivery::{Delivery, Transmit};
use crate::core::identity::ids::Rng;
use crate::core::identity::Visitor;
use crate::core::input::Config;
use crate::core::limits::MAX_STRING_BYTES;
use crate::core::message::{shared_context, Page};
use crate::core::storage::keys::{self, StoreOp};
use crate::core::storage::{self, Persistence, Tab};
use crate::core::support::text::cut;
use crate::core::support::time::Now;
use crate::core::warning::Warning;
use timers::{Timer, Timers};

/// A line for the console.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Log {
    /// `console.warn`: something was dropped, trimmed or refused.
    Warn(String),
    /// `console.log`, only with `data-debug`: each message recorded.
    Debug(String),
}

/// The snippet's state: every decision trackq makes, with no clock, no
/// storage and no network of its own.
///
/// Inputs, each with the current time in ms:
/// - [`Tracker::new`]: the page's settings and facts, trackq's stored
///   entries, a random seed;
/// - [`Tracker::handle_json`]: a pushed command, then
///   [`Tracker::handle_callback`] when it has a callback;
///   [`Tracker::handle_ready`]: the page's queued commands have all been
///   pushed;
/// - [`Tracker::handle_timeout`]: the timer asked for by
///   [`Tracker::poll_timeout`] fired;
/// - [`Tracker::handle_response`], [`Tracker::handle_beacon`]: how a
///   request from [`Tracker::poll_transmits`] went;
/// - [`Tracker::handle_hidden`], [`Tracker::handle_visible`]: the page's
///   visibility, and leaving it;
/// - [`Tracker::handle_stored`]: another tab wrote one of trackq's keys;
/// - with `autotrack`, `handle_click`, `handle_submit`,
///   `handle_navigation`: a click, a form submitted, the URL changed
///   without a load.
///
/// After every input the shell drains, in this order:
/// [`Tracker::poll_stores`] (localStorage writes), then
/// [`Tracker::poll_transmits`] (requests; a beacon's result is an input
/// that may bring more writes and requests, so these two repeat until no
/// request is left), then [`Tracker::poll_later`] (what stays registered
/// with `fetchLater`), then [`Tracker::poll_logs`] (console lines) and
/// `poll_answer` (what `KM.ab()` answers, with the `autotrack` feature), and arms
/// one timer at [`Tracker::poll_timeout`]. Writes come first so that a
/// message is always stored before any request that carries it: a page
/// that dies mid-send loses nothing. Logs come last because nothing
/// depends on them.
///
/// The state is in parts, each owning its fields: consent (what may be
/// recorded, stored and sent), the visitor (identity and session), this
/// tab (its heartbeat), persistence (the open chunk and the chunks to
/// rewrite), the outbox, delivery (requests in flight, batch size,
/// backoff), one table of timers, and with `autotrack` the click and form
/// bindings in force. The tracker's own methods are
/// the inputs and outputs above; they hand each part what it needs.
#[derive(Debug)]
pub struct Tracker {
    config: Config,
    page: Page,
    rng: Rng,
    consent: Consent,
    visitor: Visitor,
    tab: Tab,
    persistence: Persistence,
    outbox: Outbox,
    delivery: Delivery,
    timers: Timers,
    #[cfg(feature = "autotrack")]
    autotrack: crate::core::autotrack::Autotrack,
    ops: Vec<StoreOp>,
    transmits: Vec<Transmit>,
    /// The answer of the command just pushed (`KM.ab()`'s variant).
    #[cfg(feature = "autotrack")]
    answer: Option<usize>,
    logs: Vec<Log>,
}

impl Tracker {
    /// Starts on a page. `stored` holds every localStorage entry whose key
    /// starts with [`keys::PREFIX`], sorted by key (a gone tab's chunks are
    /// adopted in that order); `seed` comes from a real random source.
    /// Adopts the outboxes of tabs that are gone. The session (and its
    /// "Visited Site") starts with the first event, or with
    /// [`Tracker::handle_ready`] once the page's queued commands have run.
    pub fn new(
        config: Config,
        mut page: Page,
        stored: Vec<(String, String)>,
        seed: [u64; 2],
        now: Now,
    ) -> Tracker {
        // A page's facts go into every message: held to the limit of a
        // property (a URL with a giant query string is no reason to drop them).
        cut(&mut page.url, MAX_STRING_BYTES);
        cut(&mut page.path, MAX_STRING_BYTES);
        cut(&mut page.referrer, MAX_STRING_BYTES);
        cut(&mut page.title, MAX_STRING_BYTES);
        cut(&mut page.user_agent, MAX_STRING_BYTES);
        let mut rng = Rng::new(seed);
        let mut ops = Vec::new();
        let get = |key: &str| {
            stored
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        };
        let consent = Consent::load(get(keys::CONSENT), config.consent, page.signals);
        let visitor = Visitor::load(
            get(keys::ANONYMOUS_ID),
            get(keys::USER_ID),
            get(keys::SESSION),
            &mut rng,
            &mut ops,
            now.mono,
        );
        let tab = Tab::new(&mut rng);
        let shared = (!config.context_per_message).then(|| shared_context(&page));
        let mut tracker = Tracker {
            config,
            page,
            rng,
            consent,
            visitor,
            tab,
            persistence: Persistence::default(),
            outbox: Outbox::default(),
            delivery: Delivery::new(shared),
            timers: Timers::default(),
            #[cfg(feature = "autotrack")]
            autotrack: Default::default(),
            ops,
            transmits: Vec::new(),
            #[cfg(feature = "autotrack")]
            answer: None,
            logs: Vec::new(),
        };
        let (adopted, dropped) = storage::adopt(
            &stored,
            now.wall,
            &mut tracker.persistence,
            &mut tracker.outbox,
            &mut tracker.ops,
        );
        if dropped {
            // Lines that are not one JSON object, or over the message limit.
            tracker.warn(Warning::Unsendable);
        }
        tracker.beat(now);
        tracker.persist();
        if !tracker.consent.may_record() {
            // What this page adopted goes; storage is cleared on the way out.
            tracker.forget();
        } else if adopted > 0 {
            // Another page's leftovers go at once (with this page's first events).
            tracker.timers.set(Timer::Flush, now.mono);
        } else {
            tracker.after_record(now);
        }
        tracker
    }

    /// Wakes up at the time [`Tracker::poll_timeout`] asked for.
    pub fn handle_timeout(&mut self, now: Now) {
        if self.timers.due(Timer::Heartbeat, now.mono) {
            self.beat(now);
        }
        if self.timers.due(Timer::Persist, now.mono) {
            self.persist();
            self.register_later(now);
        }
        if self.timers.due(Timer::Retry, now.mono) {
            self.timers.clear(Timer::Retry);
        }
        if self.timers.due(Timer::Flush, now.mono) {
            self.timers.clear(Timer::Flush);
            self.flush(now);
        }
        self.after_record(now);
    }

    /// The page is hidden (`leaving == false`, it may come back) or being
    /// left (`pagehide`): everything waiting goes out by beacon.
    pub fn handle_hidden(&mut self, leaving: bool, now: Now) {
        self.visitor.leave(&mut self.ops);
        self.persist();
        if leaving {
            self.tab.leave(&mut self.ops);
            self.delivery.set_leaving(true);
        }
        self.send_beacons(now);
        // The beacons carry them; a page coming back registers again.
        self.delivery.cancel_later();
    }

    /// The page is visible again (or restored from the back/forward cache).
    pub fn handle_visible(&mut self, now: Now) {
        self.delivery.set_leaving(false);
        self.beat(now);
        self.register_later(now);
        self.after_record(now);
    }

    /// The command just pushed has a callback (a function as its last
    /// argument), which may run once what the command recorded is safely in
    /// the outbox: writes it now, so that it is stored once the shell has
    /// drained the writes, and the shell runs the callback then.
    pub fn handle_callback(&mut self) {
        self.persist();
    }

    /// Another tab wrote (`Some`) or removed (`None`) one of trackq's keys
    /// (the page's `storage` event): follow its identity and session, so a
    /// visitor busy in one tab is not given a new session in another, and
    /// what it did with a chunk both adopted.
    pub fn handle_stored(&mut self, key: &str, value: Option<&str>, now: Now) {
        if key == keys::CONSENT {
            let change = self.consent.follow(value);
            return self.follow_consent(change, now);
        }
        self.outbox.follow(key, value.unwrap_or_default());
        self.visitor.observe(key, value, now.mono, &mut self.ops);
    }

    /// Logs `warning`: a [`Log::Warn`] for [`Tracker::poll_logs`].
    pub fn warn(&mut self, warning: Warning) {
        self.logs.push(Log::Warn(warning.render()));
    }
}
