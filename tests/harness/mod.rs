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

mod consent;
mod drain;
mod inspect;
mod js;
pub mod model;
mod network;
mod page;
mod tabs;
mod visit;
mod wire;

// As wasm, every suite runs in the browser (headless Chromium), not in Node.
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use std::collections::{BTreeMap, BTreeSet};

pub use consent::{only_the_opt_out, pending, sends_in_a_minute, visits, CONSENT};
pub use inspect::{event, is_iso, is_uuid_v4, items};
pub use js::{get, js};
pub use page::{config, page, page_at, quiet};
pub use tabs::foreign_message;
use trackq::core::storage::keys::MESSAGE;
use trackq::core::support::json::to_string;
use trackq::core::Config;
use trackq::core::Page;
use trackq::core::Value;
use trackq::core::{Encoding, Now, Response, Tracker};
pub use visit::{names, run, sent, visit, LANDING};
pub use wire::read_body;
pub use wire::text as wire_text;

/// 2026-11-22T17:58:28.123Z: the clock every harness starts at.
pub const START: u64 = 1_795_370_308_123;
/// The tab token of chunks [`Harness::write_foreign`] writes: another
/// writer's (an older version, a page script, an extension), which need not
/// be JSON.
pub const FOREIGN: &str = "other-";

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
    /// How many times a body was registered with `fetchLater` (each one
    /// written and compressed anew).
    pub registrations: usize,
}

/// `['record', name, {p0: 'xxx…', …}]` with `strings` values of 2,000 bytes.
pub fn heavy(name: &str, strings: usize) -> Value {
    let props = (0..strings)
        .map(|i| (format!("p{i}"), Value::Str("x".repeat(2000))))
        .collect();
    Value::Arr(vec![
        Value::str("record"),
        Value::str(name),
        Value::Obj(props),
    ])
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
            registrations: 0,
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
