//! [`Tracker`]: the whole snippet as a state machine. The shell feeds it
//! inputs (`handle_*`, each with the current time) and drains its outputs
//! (`poll_*`) after every input, storage writes first: a message is always
//! persisted before any request that carries it.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use super::backoff::Backoff;
use super::config::Config;
use super::identity::Identity;
use super::ids::Rng;
use super::limits::{MAX_MESSAGE_BYTES, MAX_STRING_BYTES};
use super::message::{write_message, Page, Payload};
use super::outbox::Outbox;
use super::session::Session;
use super::storage_keys::{self as keys, StoreOp};
use super::text::{cat, cut, num};

/// A request the shell must send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transmit {
    /// Pass it back to [`Tracker::handle_response`] or [`Tracker::handle_beacon`].
    pub id: u64,
    /// The `text/plain` body.
    pub body: String,
    /// Send with `navigator.sendBeacon` (else `fetch` with `keepalive`).
    pub beacon: bool,
}

/// A line for the console.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Log {
    /// `console.warn`: something was dropped, trimmed or refused.
    Warn(String),
    /// `console.log`, only with `data-debug`: each message recorded.
    Debug(String),
}

/// How a `fetch` ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Response {
    /// The collector answered with this status; `retry_after_ms` from its
    /// `Retry-After` header.
    Status {
        /// The HTTP status.
        status: u16,
        /// `Retry-After`, in ms.
        retry_after_ms: Option<u64>,
    },
    /// No answer (offline, DNS, CORS, aborted).
    NetworkError,
}

/// The snippet's state.
#[derive(Debug)]
pub struct Tracker {
    pub(super) config: Config,
    pub(super) page: Page,
    pub(super) rng: Rng,
    pub(super) tab: String,
    /// The open chunk of this tab's outbox, and its size so far.
    pub(super) chunk: u64,
    pub(super) chunk_bytes: usize,
    /// Chunks whose stored text is out of date, and when to write them.
    pub(super) dirty: Vec<String>,
    pub(super) persist_at: Option<u64>,
    /// Unsent messages the caps evicted since the last report.
    pub(super) evicted_unsent: usize,
    pub(super) identity: Identity,
    pub(super) session: Session,
    pub(super) outbox: Outbox,
    pub(super) backoff: Backoff,
    /// Requests in flight: id, body bytes, messages.
    pub(super) inflight: Vec<(u64, usize, usize)>,
    pub(super) next_request: u64,
    pub(super) ops: Vec<StoreOp>,
    pub(super) transmits: Vec<Transmit>,
    pub(super) logs: Vec<Log>,
    pub(super) flush_at: Option<u64>,
    pub(super) retry_at: Option<u64>,
    /// After a 413, batches hold at most this many messages until one succeeds.
    pub(super) split_limit: Option<usize>,
    /// A flush stopped at the keepalive budget: send the rest on an answer.
    pub(super) held_back: bool,
    pub(super) heartbeat_at: u64,
    /// Until when the anonymous id this page made on a first visit may
    /// still lose to one another page made at the same moment (0: never).
    pub(super) fresh_id_until: u64,
}

/// How often a tab tells others it is alive (ms).
const HEARTBEAT_MS: u64 = 30_000;
/// How long after a first visit's page made its anonymous id another page's
/// may still replace it, if smaller (ms): see [`Tracker::handle_stored`].
const FRESH_ID_MS: u64 = 10_000;

impl Tracker {
    /// Starts on a page. `stored` holds every localStorage entry whose key
    /// starts with [`keys::PREFIX`], sorted by key (a gone tab's chunks are
    /// adopted in that order); `seed` comes from a real random source.
    /// Adopts the outboxes of tabs that are gone. The session (and its
    /// "Visited Site") starts with the first command, or with
    /// [`Tracker::handle_ready`] once the page's queued commands have run.
    pub fn new(
        config: Config,
        mut page: Page,
        stored: Vec<(String, String)>,
        seed: [u64; 2],
        now: u64,
    ) -> Tracker {
        // A page's facts go into every message: held to the limit of a
        // property (a URL with a giant query string is no reason to drop them).
        for fact in [
            &mut page.url,
            &mut page.path,
            &mut page.referrer,
            &mut page.title,
            &mut page.user_agent,
        ] {
            cut(fact, MAX_STRING_BYTES);
        }
        let mut rng = Rng::new(seed);
        let mut ops = Vec::new();
        let get = |key: &str| {
            stored
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        };
        let first_visit = get(keys::ANONYMOUS_ID).is_none_or(str::is_empty);
        let identity = Identity::load(
            get(keys::ANONYMOUS_ID),
            get(keys::USER_ID),
            &mut rng,
            &mut ops,
        );
        let fresh_id_until = if first_visit { now + FRESH_ID_MS } else { 0 };
        let session = Session::load(get(keys::SESSION));
        let tab = rng.token();
        let mut tracker = Tracker {
            config,
            page,
            rng,
            tab,
            chunk: 0,
            chunk_bytes: 0,
            dirty: Vec::new(),
            persist_at: None,
            evicted_unsent: 0,
            identity,
            session,
            outbox: Outbox::default(),
            backoff: Backoff::default(),
            inflight: Vec::new(),
            next_request: 1,
            ops,
            transmits: Vec::new(),
            logs: Vec::new(),
            flush_at: None,
            retry_at: None,
            split_limit: None,
            held_back: false,
            heartbeat_at: now,
            fresh_id_until,
        };
        let adopted = tracker.adopt(&stored, now);
        tracker.beat(now);
        tracker.persist();
        if adopted > 0 {
            // Another page's leftovers go at once (with this page's first events).
            tracker.flush_at = Some(now);
        } else {
            tracker.after_record(now);
        }
        tracker
    }

    pub(super) fn beat(&mut self, now: u64) {
        self.heartbeat_at = now + HEARTBEAT_MS;
        self.ops
            .push(StoreOp::Set(keys::heartbeat_key(&self.tab), num(now)));
    }

    /// Builds, persists and queues one message.
    pub(super) fn record(&mut self, payload: Payload, now: u64) {
        let id = self.rng.uuid();
        let json = write_message(&self.page, &self.identity, &id, now, payload);
        if json.len() > MAX_MESSAGE_BYTES {
            let (size, limit) = (num(json.len() as u64), num(MAX_MESSAGE_BYTES as u64));
            return self.warn(cat(&[
                "trackq: a message of ",
                &size,
                " bytes was dropped (the limit is ",
                &limit,
                ")",
            ]));
        }
        if self.config.debug {
            self.logs.push(Log::Debug(cat(&["trackq: ", &json])));
        }
        self.stash(json, now);
    }

    /// Adds a stored message to the outbox, forgetting what the caps evict.
    pub(super) fn enqueue(&mut self, key: String, json: String) {
        let evicted = self.outbox.push(key, json);
        let lost = evicted
            .iter()
            .filter(|e| e.state != super::outbox::State::Beaconed)
            .count();
        for e in evicted {
            self.mark_dirty(&e.key);
        }
        // Counted, and reported once when the chunk is written: a burst past
        // the cap must not cost a console line per event.
        self.evicted_unsent += lost;
    }

    pub(super) fn warn(&mut self, text: String) {
        self.logs.push(Log::Warn(text));
    }

    /// Wakes up at the time [`Tracker::poll_timeout`] asked for.
    pub fn handle_timeout(&mut self, now: u64) {
        if now >= self.heartbeat_at {
            self.beat(now);
        }
        if self.persist_at.is_some_and(|at| now >= at) {
            self.persist();
        }
        if self.retry_at.is_some_and(|at| now >= at) {
            self.retry_at = None;
        }
        if self.flush_at.is_some_and(|at| now >= at) {
            self.flush_at = None;
            self.flush(now);
        }
        self.after_record(now);
    }

    /// The page is hidden (`leaving == false`, it may come back) or being
    /// left (`pagehide`): everything waiting goes out by beacon.
    pub fn handle_hidden(&mut self, leaving: bool, now: u64) {
        self.session.persist(&mut self.ops);
        self.persist();
        if leaving {
            self.ops
                .push(StoreOp::Set(keys::heartbeat_key(&self.tab), "0".into()));
        }
        self.send_beacons(now);
    }

    /// The page is visible again (or restored from the back/forward cache).
    pub fn handle_visible(&mut self, now: u64) {
        self.beat(now);
        self.after_record(now);
    }
}
