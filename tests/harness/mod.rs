//! A simulated world for the sans-IO core, in the spirit of quinn's test
//! `Pair`: virtual time, a localStorage map shared by every tab, a record of
//! every request, and a collector that deduplicates by `messageId`.
//!
//! Nothing here sleeps or does I/O: `advance` jumps the clock from one
//! `poll_timeout` deadline to the next, and every `drain` checks the
//! invariants the shell relies on (storage before sending, body sizes, the
//! keepalive budget, `tq1:` keys, `trackq:` warnings).
// Each test binary uses a different part of the harness.
#![allow(dead_code, unused_imports)]

mod inspect;
mod js;
pub mod model;
mod network;
mod tabs;
mod wire;

// As wasm, every suite runs in the browser (headless Chromium), not in Node.
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use std::collections::{BTreeMap, BTreeSet};

pub use inspect::{event, is_iso, is_uuid_v4, items};
pub use js::{get, js};
use trackq::core::limits::{MAX_BODY_BYTES, MAX_INFLIGHT_BYTES};
use trackq::core::storage::keys::{StoreOp, MESSAGE, PREFIX};
use trackq::core::support::json::to_string;
use trackq::core::Config;
use trackq::core::Page;
use trackq::core::Value;
use trackq::core::{Encoding, Later, Log, Now, Response, Tracker};
pub use wire::read_body;
pub use wire::text as wire_text;

/// 2026-11-22T17:58:28.123Z: the clock every harness starts at.
pub const START: u64 = 1_795_370_308_123;
/// The tab token of chunks [`Harness::write_foreign`] writes: another
/// writer's (an older version, a page script, an extension), which need not
/// be JSON.
pub const FOREIGN: &str = "other-";
/// The collector's address in the test config.
pub const ENDPOINT: &str = "https://collector.test/v1/batch";

/// What became of a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A fetch without an answer yet.
    Pending,
    /// A 2xx answer or an accepted beacon: the collector has it.
    Delivered,
    /// A non-2xx answer, a network error or a refused beacon.
    Failed,
    /// The page went away before the answer came.
    Lost,
}

/// One transmit, as the shell would have sent it.
#[derive(Clone, Debug)]
pub struct Sent {
    /// The tab (index into `Harness::tabs`) that sent it.
    pub tab: usize,
    /// Its id for `handle_response` / `handle_beacon`.
    pub id: u64,
    /// The body's JSON text (inflated when it went as gzip).
    pub raw: String,
    /// Its size on the wire.
    pub wire: usize,
    /// Whether it went as gzip.
    pub gzip: bool,
    /// The body parsed, the batch-level `context` merged into each message.
    pub body: serde_json::Value,
    /// The same with key order kept.
    pub ordered: Value,
    /// `sendBeacon` rather than `fetch`.
    pub beacon: bool,
    /// What became of it.
    pub outcome: Outcome,
}

impl Sent {
    /// The messages of the batch.
    pub fn batch(&self) -> &[serde_json::Value] {
        self.body["batch"].as_array().expect("a batch array")
    }
}

/// A page, its tabs, its storage and the collector.
pub struct Harness {
    /// Every tab ever opened; `None` once closed. Reloads open a new slot.
    pub tabs: Vec<Option<Tracker>>,
    /// The tab `push`, `respond` etc. act on.
    pub current: usize,
    /// Virtual time (ms since the epoch): the monotonic clock, which every
    /// deadline is on; the wall clock is this plus `skew`.
    pub clock: u64,
    /// How far [`Harness::step_wall`] moved the wall clock from `clock`.
    skew: i64,
    /// localStorage, shared by all tabs.
    pub store: BTreeMap<String, String>,
    /// Every transmit, in order.
    pub sent: Vec<Sent>,
    /// Every `console.warn`, in order.
    pub warnings: Vec<String>,
    /// Every debug line.
    pub debug: Vec<String>,
    /// The answers of the commands that answer (`poll_answer`), in order.
    pub answers: Vec<usize>,
    /// The config new tabs start with.
    pub config: Config,
    /// The page new tabs start on.
    pub page: Page,
    refuse_beacons: usize,
    /// Every `messageId` ever written to the store. (Several pages opened
    /// after a tab is gone each adopt its chunks; once one has confirmed
    /// a message and rewritten the chunk, another may still send its copy:
    /// stored before, though no longer.)
    persisted: BTreeSet<String>,
    /// Trackers created so far: each gets its own fixed seed.
    pub made: u64,
    /// What each tab has registered with `fetchLater`: the browser sends
    /// it when the tab dies without `pagehide` ([`Harness::crash`]).
    pub later: BTreeMap<usize, (Vec<u8>, Encoding)>,
}

/// The default test config: an endpoint, a write key, default batching.
pub fn config() -> Config {
    Config {
        endpoint: Some(ENDPOINT.into()),
        write_key: "WRITE_KEY".into(),
        ..Config::default()
    }
}

/// The default test page.
pub fn page() -> Page {
    Page {
        url: "https://app.acme.test/pricing?plan=pro".into(),
        path: "/pricing".into(),
        referrer: "https://search.test/?q=acme".into(),
        title: "Pricing - Acme".into(),
        user_agent: "Mozilla/5.0 (X11; Linux x86_64) trackq-test".into(),
        ..Page::default()
    }
}

/// The page at `url`, reached from `referrer`, with the facts the browser
/// shell hands over: the path, and (with `autotrack`) both URLs' decoded
/// query parameters and the referrer's host, as `URL` and
/// `URLSearchParams` read them for these simple URLs.
#[allow(unused_variables)] // without `autotrack`, the page has no query facts
pub fn page_at(url: &str, referrer: &str) -> Page {
    let after_scheme = |u: &str| u.split_once("://").map_or("", |(_, rest)| rest).to_owned();
    let host = |u: &str| {
        let rest = after_scheme(u);
        rest.split(['/', '?', '#', ':'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    let path = after_scheme(url)
        .split(['?', '#'])
        .next()
        .and_then(|p| p.find('/').map(|i| p[i..].to_owned()))
        .unwrap_or_else(|| "/".into());
    let query = |u: &str| -> Vec<(String, String)> {
        let Some((_, q)) = u.split('#').next().unwrap_or("").split_once('?') else {
            return Vec::new();
        };
        let mut pairs: Vec<(String, String)> = Vec::new();
        for p in q.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let (k, v) = (decode(k), decode(v));
            // Object.fromEntries: the last of a name wins, in first place.
            match pairs.iter_mut().find(|(n, _)| *n == k) {
                Some(pair) => pair.1 = v,
                None => pairs.push((k, v)),
            }
        }
        pairs
    };
    Page {
        url: url.into(),
        path,
        referrer: referrer.into(),
        title: "Acme".into(),
        user_agent: "Mozilla/5.0 (X11; Linux x86_64) trackq-test".into(),
        signals: Default::default(),
        #[cfg(feature = "autotrack")]
        query: query(url),
        #[cfg(feature = "autotrack")]
        referrer_host: host(referrer),
        #[cfg(feature = "autotrack")]
        referrer_query: query(referrer),
    }
}

/// `decodeURIComponent` with `+` as a space.
fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() && u8::from_str_radix(&s[i + 1..i + 3], 16).is_ok() => {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Harness {
    /// One tab open with the default config and page, outputs drained.
    pub fn new() -> Harness {
        Harness::with(config(), page())
    }

    /// One tab open with `config` on the default page.
    pub fn with_config(config: Config) -> Harness {
        Harness::with(config, page())
    }

    /// One tab open with `config` on `page`.
    pub fn with(config: Config, page: Page) -> Harness {
        let mut h = Harness {
            tabs: Vec::new(),
            current: 0,
            clock: START,
            store: BTreeMap::new(),
            sent: Vec::new(),
            warnings: Vec::new(),
            debug: Vec::new(),
            answers: Vec::new(),
            config,
            page,
            refuse_beacons: 0,
            skew: 0,
            persisted: BTreeSet::new(),
            made: 0,
            later: BTreeMap::new(),
        };
        h.open();
        h
    }

    /// The current tab's tracker.
    pub fn tracker(&mut self) -> &mut Tracker {
        self.tabs[self.current]
            .as_mut()
            .expect("the current tab is closed")
    }

    /// Pushes a command written as a JavaScript literal, e.g.
    /// `['billed', 29.99, 'Monthly Bill']`.
    pub fn push(&mut self, src: &str) {
        self.push_value(&js(src));
    }

    /// Pushes a command value, as the bootstrap hands it over: as JSON.
    pub fn push_value(&mut self, command: &Value) {
        self.push_json(&to_string(command));
    }

    /// Pushes a command's JSON text (empty: `JSON.stringify` threw, as on a
    /// cyclic object).
    pub fn push_json(&mut self, json: &str) {
        let now = self.now();
        self.tracker().handle_json(json, now);
        self.drain();
    }

    /// Pushes a command whose last argument was a function, as the
    /// bootstrap hands it over (the command without it, then
    /// `handle_callback`), and checks what the callback may rely on: every
    /// message the tab holds is stored once the writes are drained.
    pub fn push_with_callback(&mut self, src: &str) {
        let now = self.now();
        let json = to_string(&js(src));
        self.tracker().handle_json(&json, now);
        self.tracker().handle_callback();
        self.drain();
        let chunks = self.store.iter().filter(|(k, _)| k.starts_with(MESSAGE));
        let stored: usize = chunks.map(|(_, v)| v.lines().count()).sum();
        let held = self.tracker().outbox_len();
        assert!(
            stored >= held,
            "{held} messages held, {stored} stored when the callback runs"
        );
    }

    /// Pushes a command that answers (`['ab', ...]`) and returns the answer
    /// (`None`: there was none).
    pub fn ask(&mut self, src: &str) -> Option<usize> {
        let before = self.answers.len();
        self.push(src);
        assert!(self.answers.len() <= before + 1, "one answer per command");
        self.answers.get(before).cloned()
    }

    /// Applies every tab's storage writes, then records its transmits (a
    /// beacon is answered at once, as `sendBeacon` does), then its logs,
    /// until nothing is left; checks the invariants on the way.
    pub fn drain(&mut self) {
        for tab in 0..self.tabs.len() {
            while self.drain_tab(tab) {}
        }
    }

    fn drain_tab(&mut self, tab: usize) -> bool {
        let now = self.now();
        let Some(tracker) = self.tabs[tab].as_mut() else {
            return false;
        };
        let mut busy = false;
        let mut changed = Vec::new();
        for op in tracker.poll_stores() {
            busy = true;
            match op {
                StoreOp::Set(k, v) => {
                    assert!(k.starts_with(PREFIX), "unversioned key {k}");
                    changed.push((k.clone(), Some(v.clone())));
                    self.persisted.extend(message_ids(&k, &v));
                    self.store.insert(k, v);
                }
                StoreOp::Remove(k) => {
                    changed.push((k.clone(), None));
                    self.store.remove(&k);
                }
                StoreOp::Clear => {
                    let ours = self.store.keys().filter(|k| k.starts_with(PREFIX));
                    let ours: Vec<String> = ours.cloned().collect();
                    for k in ours {
                        self.store.remove(&k);
                        changed.push((k, None));
                    }
                }
            }
        }
        // The browser's `storage` event: every other open tab sees the write.
        for (other, t) in self.tabs.iter_mut().enumerate() {
            if let (true, Some(t)) = (other != tab, t.as_mut()) {
                for (k, v) in &changed {
                    t.handle_stored(k, v.as_deref(), now);
                }
            }
        }
        let Some(tracker) = self.tabs[tab].as_mut() else {
            return busy;
        };
        let mut beacons = Vec::new();
        for t in tracker.poll_transmits() {
            busy = true;
            let wire = t.body.len();
            let raw = wire::text(&t.body, t.encoding);
            assert!(raw.len() <= MAX_BODY_BYTES, "a body of {} bytes", raw.len());
            // What the collector reads: the batch's context in each message.
            let (body, ordered) = read_body(&raw);
            for m in body["batch"].as_array().expect("a batch") {
                let id = m["messageId"].as_str().expect("a messageId");
                assert!(
                    self.persisted.contains(id),
                    "message {id} sent by tab {tab} before it was stored"
                );
            }
            let outcome = if t.beacon {
                Outcome::Delivered
            } else {
                Outcome::Pending
            };
            let sent = Sent {
                tab,
                id: t.id,
                raw,
                wire,
                gzip: t.encoding == trackq::core::Encoding::Gzip,
                body,
                ordered,
                beacon: t.beacon,
                outcome,
            };
            self.sent.push(sent);
            if t.beacon {
                beacons.push((self.sent.len() - 1, t.id));
            }
        }
        match tracker.poll_later() {
            Some(Later::Register { body, encoding }) => {
                let raw = wire::text(&body, encoding);
                let (parsed, _) = read_body(&raw);
                for m in parsed["batch"].as_array().expect("a batch") {
                    let id = m["messageId"].as_str().expect("a messageId");
                    assert!(
                        self.persisted.contains(id),
                        "message {id} registered by tab {tab} before it was stored"
                    );
                }
                self.later.insert(tab, (body, encoding));
            }
            Some(Later::Cancel) => {
                assert!(self.later.remove(&tab).is_some(), "nothing to withdraw");
            }
            None => {}
        }
        #[cfg(feature = "autotrack")]
        if let Some(answer) = tracker.poll_answer() {
            self.answers.push(answer);
        }
        for log in tracker.poll_logs() {
            busy = true;
            match log {
                Log::Warn(w) => {
                    assert!(w.starts_with("trackq: "), "warning without prefix: {w}");
                    self.warnings.push(w);
                }
                Log::Debug(d) => self.debug.push(d),
            }
        }
        let inflight: usize = self.pending_of(tab).map(|s| s.raw.len()).sum();
        assert!(inflight <= MAX_INFLIGHT_BYTES, "{inflight} bytes in flight");
        for (index, id) in beacons {
            let accepted = self.refuse_beacons == 0;
            self.refuse_beacons = self.refuse_beacons.saturating_sub(1);
            if !accepted {
                self.sent[index].outcome = Outcome::Failed;
            }
            if let Some(tracker) = self.tabs[tab].as_mut() {
                tracker.handle_beacon(id, accepted, now);
            }
        }
        busy
    }

    fn pending_of(&self, tab: usize) -> impl Iterator<Item = &Sent> {
        self.sent
            .iter()
            .filter(move |s| s.tab == tab && s.outcome == Outcome::Pending)
    }

    /// The time of an input now: the wall clock (`clock` moved by
    /// [`Harness::step_wall`]) and the monotonic one (`clock`).
    pub fn now(&self) -> Now {
        Now {
            wall: self.clock.saturating_add_signed(self.skew),
            mono: self.clock,
        }
    }

    /// The wall clock steps by `ms` (back when negative): an NTP
    /// correction, a laptop or VM restored, a user fixing the clock. The
    /// monotonic clock does not move.
    pub fn step_wall(&mut self, ms: i64) {
        self.skew += ms;
    }

    /// Steps virtual time by `ms`, waking every tab at each deadline it asked for.
    pub fn advance(&mut self, ms: u64) {
        let target = self.clock + ms;
        for _ in 0..1_000_000 {
            self.drain();
            let next = self
                .tabs
                .iter()
                .flatten()
                .filter_map(Tracker::poll_timeout)
                .min();
            match next {
                Some(at) if at <= target => {
                    self.clock = self.clock.max(at);
                    let now = self.now();
                    for t in self.tabs.iter_mut().flatten() {
                        if t.poll_timeout().is_some_and(|at| at <= now.mono) {
                            t.handle_timeout(now);
                        }
                    }
                }
                _ => {
                    self.clock = target;
                    return self.drain();
                }
            }
        }
        panic!("timers never settle");
    }
}

impl Default for Harness {
    fn default() -> Harness {
        Harness::new()
    }
}

/// The `messageId`s of the messages in the store entry `key` (trackq's
/// own lines must be messages; another writer's need not).
fn message_ids(key: &str, value: &str) -> Vec<String> {
    if !key.starts_with(MESSAGE) {
        return Vec::new();
    }
    let foreign = key.starts_with(&[MESSAGE, FOREIGN].concat());
    let mut ids = Vec::new();
    for line in value.lines() {
        let m = serde_json::from_str::<serde_json::Value>(line);
        let id = m.as_ref().ok().and_then(|m| m["messageId"].as_str());
        match id {
            Some(id) => ids.push(id.to_owned()),
            None => assert!(foreign, "a stored line without a messageId: {line}"),
        }
    }
    ids
}
