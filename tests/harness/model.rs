//! A whole session decoded from bytes: commands, time (the wall clock
//! stepping too), answers, beacons, hiding, reloads, crashes, tabs and
//! other writers of the store, with
//! the invariants checked after every step. The fuzz target `session`
//! feeds it libFuzzer's bytes; `tests/core_session_model.rs` feeds it a
//! seeded generator's, so `cargo test` runs the same model.
//!
//! Invariants (beyond those [`Harness::drain`] checks on every output):
//! - every body is a batch: `writeKey`, `sentAt`, a non-empty `batch` of
//!   messages with a `type` and a `messageId`;
//! - what trackq itself records holds the caps: at most [`MAX_ENTRIES`]
//!   entries and [`MAX_STRING_BYTES`] a string or key at every level of
//!   `properties`/`traits`, at most [`MAX_MESSAGE_BYTES`] a message, at
//!   most [`MAX_OUTBOX_MESSAGES`] in an outbox;
//! - the next deadline of every tab is at most a heartbeat away;
//! - a message confirmed (2xx) is never sent again by the tab that sent it
//!   nor by a tab opened after the confirmation;
//! - a message stored and neither confirmed nor refused for good is still
//!   stored (across reloads and crashes), unless the caps may have evicted.

use super::{config, get, items, Harness, Outcome, FOREIGN};
use std::collections::{BTreeMap, BTreeSet};
use trackq::core::input::Value;
use trackq::core::input::{Config, Transport, Validation};
use trackq::core::limits::{
    MAX_ENTRIES, MAX_MESSAGE_BYTES, MAX_OUTBOX_BYTES, MAX_OUTBOX_MESSAGES, MAX_STRING_BYTES,
};
use trackq::core::storage::keys::{self as keys, MESSAGE};
use trackq::core::support::json::write_str;
use trackq::core::support::text::cut;
use trackq::core::Response;

/// Steps a session runs at most.
pub const MAX_STEPS: usize = 60;
/// How often a tab tells the others it is alive (ms): no deadline is ever
/// further away than this.
const HEARTBEAT_MS: u64 = 30_000;

/// Reads choices off the input; past its end every choice is 0.
pub struct Input<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Input<'a> {
    /// An input over `data`.
    pub fn new(data: &'a [u8]) -> Input<'a> {
        Input { data, at: 0 }
    }

    /// Whether every byte was read.
    pub fn done(&self) -> bool {
        self.at >= self.data.len()
    }

    /// The next byte (0 past the end).
    pub fn byte(&mut self) -> u8 {
        let b = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }

    /// A number below `n` (n > 0), from one or two bytes.
    pub fn below(&mut self, n: usize) -> usize {
        if n <= 256 {
            usize::from(self.byte()) % n
        } else {
            (usize::from(self.byte()) << 8 | usize::from(self.byte())) % n
        }
    }

    /// One of `options`.
    pub fn pick<T: Clone>(&mut self, options: &[T]) -> T {
        options[self.below(options.len())].clone()
    }

    /// Up to `max` raw bytes, as text.
    pub fn text(&mut self, max: usize) -> String {
        let n = self.below(max + 1);
        let end = (self.at + n).min(self.data.len());
        let bytes = self.data.get(self.at..end).unwrap_or_default();
        self.at = end;
        String::from_utf8_lossy(bytes).into_owned()
    }
}

/// Settings a session runs with, read from the input.
pub fn config_from(input: &mut Input) -> Config {
    let mut c = config();
    if input.byte() % 16 == 0 {
        c.endpoint = None;
    }
    c.batch_size = input.pick(&[20, 1, 2, 5, 100, 500]);
    c.flush_interval_ms = input.pick(&[5_000, 50, 1_000, 60_000]);
    c.debug = input.byte() % 8 == 0;
    if input.byte() % 4 == 0 {
        c.transport = Transport::Beacon;
    }
    c.validation = input.pick(&[Validation::Warn, Validation::Strict, Validation::Off]);
    c.pii_strict = input.byte() % 2 == 0;
    c
}

/// Runs the session `data` describes.
pub fn run(data: &[u8]) {
    let mut input = Input::new(data);
    let config = config_from(&mut input);
    let mut model = Model::new(Harness::with_config(config));
    for _ in 0..MAX_STEPS {
        if input.done() {
            break;
        }
        model.step(&mut input);
        model.check();
    }
}

/// A harness and what the invariants need to remember.
pub struct Model {
    /// The world.
    pub h: Harness,
    /// Requests looked at so far (`h.sent[..seen]`).
    seen: usize,
    /// Confirmed message ids: the tab that sent them, and how many tabs
    /// had been opened when it was confirmed.
    confirmed: BTreeMap<String, (usize, usize)>,
    /// Ids confirmed or refused for good.
    resolved: BTreeSet<String>,
    /// Ids of trackq's own messages ever seen in the store.
    stored: BTreeSet<String>,
    /// The caps may have evicted something: losses are no longer checked.
    evicting: bool,
    /// Foreign chunks written so far.
    foreign: usize,
}

impl Model {
    /// A model over `h`.
    pub fn new(h: Harness) -> Model {
        Model {
            h,
            seen: 0,
            confirmed: BTreeMap::new(),
            resolved: BTreeSet::new(),
            stored: BTreeSet::new(),
            evicting: false,
            foreign: 0,
        }
    }

    /// The current tab, opening one if every tab is closed.
    fn ensure_open(&mut self) {
        if self.h.tabs[self.h.current].is_none() {
            match self.h.tabs.iter().position(Option::is_some) {
                Some(tab) => self.h.current = tab,
                None => {
                    self.h.open();
                }
            }
        }
    }

    /// Decodes and applies one step.
    pub fn step(&mut self, input: &mut Input) {
        self.ensure_open();
        match input.byte() % 25 {
            0..=5 => {
                let command = command(input);
                self.h.push_value(&command);
            }
            6 => {
                let text = input.text(64);
                self.h.push_json(&text);
            }
            7 => self.h.push_json(""),
            8 | 9 => {
                let ms = input.pick(&[0, 1, 49, 50, 999, 1_000, 4_999, 5_000]);
                self.h.advance(ms);
            }
            10 => {
                let ms = input.pick(&[30_000, 60_000, 120_000, 300_000, 31 * 60_000]);
                self.h.advance(ms);
            }
            11..=13 => self.respond(input),
            14 => self.h.hide(),
            15 => self.h.show(),
            16 => {
                self.h.reload();
            }
            17 => {
                self.h.crash();
                if input.byte() % 2 == 0 {
                    self.h.open();
                }
            }
            18 => {
                self.h.open();
            }
            19 => {
                let open: Vec<usize> = (0..self.h.tabs.len())
                    .filter(|&t| self.h.tabs[t].is_some())
                    .collect();
                let tab = input.pick(&open);
                self.h.switch(tab);
            }
            20 => self.h.beacon_refuse_next(),
            21 => self.foreign_chunk(input),
            22 => self.foreign_write(input),
            23 => {
                let ms = input.pick(&[-3_600_000, -86_400_000, -1_000, 60_000, 3_600_000]);
                self.h.step_wall(ms);
            }
            _ => {
                self.confirm_all();
                self.h.advance(self.h.config.flush_interval_ms);
            }
        }
    }

    /// Answers one pending fetch of an open tab.
    fn respond(&mut self, input: &mut Input) {
        let pending: Vec<(usize, u64)> = self
            .h
            .sent
            .iter()
            .filter(|s| s.outcome == Outcome::Pending && !s.beacon)
            .map(|s| (s.tab, s.id))
            .collect();
        if pending.is_empty() {
            return;
        }
        let (tab, id) = input.pick(&pending);
        let status = input.pick(&[200, 200, 204, 400, 404, 408, 413, 429, 500, 503, 0]);
        let retry_after_ms = input.pick(&[None, Some(0), Some(2_000), Some(u64::MAX)]);
        let response = match status {
            0 => Response::NetworkError,
            status => Response::Status {
                status,
                retry_after_ms,
            },
        };
        let sent = self.h.sent.iter().find(|s| s.tab == tab && s.id == id);
        let batch = sent.map(|s| s.batch().to_vec()).unwrap_or_default();
        // What each answer means (README, "Delivery"): 2xx confirms; 408,
        // 429, 5xx, a network error and a 413 of several messages retry;
        // any other status drops the batch.
        let retried =
            matches!(status, 0 | 408 | 429 | 500..=599) || status == 413 && batch.len() > 1;
        for m in &batch {
            let mid = m["messageId"].as_str().unwrap_or_default().to_owned();
            if (200..300).contains(&status) {
                self.confirmed
                    .entry(mid.clone())
                    .or_insert((tab, self.h.tabs.len()));
            }
            if !retried {
                self.resolved.insert(mid);
            }
        }
        let current = self.h.current;
        self.h.current = tab;
        self.h.respond_with(id, response);
        self.h.current = current;
    }

    /// Answers every pending fetch with 200.
    fn confirm_all(&mut self) {
        let tabs = self.h.tabs.len();
        for s in self.h.sent.iter().filter(|s| s.outcome == Outcome::Pending) {
            for m in s.batch() {
                let id = m["messageId"].as_str().unwrap_or_default().to_owned();
                self.confirmed.entry(id.clone()).or_insert((s.tab, tabs));
                self.resolved.insert(id);
            }
        }
        self.h.respond_all(200);
    }

    /// Another writer (an older version, a page script) left a chunk
    /// under a tab that is gone: valid messages, damaged lines, a line over
    /// the message limit, blank lines.
    fn foreign_chunk(&mut self, input: &mut Input) {
        self.foreign += 1;
        let tab = format!("{FOREIGN}{}", self.foreign);
        let mut lines = Vec::new();
        for i in 0..=input.below(4) {
            let id = format!("{tab}-{i}");
            lines.push(match input.byte() % 6 {
                0 | 1 => foreign_message(&id, input.pick(&[0, 10, 2_000])),
                2 => r#"{"type":"track","messag}"#.to_owned(),
                3 => foreign_message(&id, input.pick(&[MAX_MESSAGE_BYTES, 65_000])),
                4 => String::new(),
                _ => input.text(40),
            });
        }
        let key = keys::message_key(&tab, 0);
        self.h.write_foreign(&key, Some(&lines.join("\n")));
        if input.byte() % 2 == 0 {
            let beat = self.h.now().wall.to_string();
            self.h
                .write_foreign(&keys::heartbeat_key(&tab), Some(&beat));
        }
    }

    /// Another tab (or a script) writes one of trackq's keys.
    fn foreign_write(&mut self, input: &mut Input) {
        let key = input.pick(&[keys::SESSION, keys::USER_ID, keys::ANONYMOUS_ID]);
        let now = self.h.now().wall.to_string();
        let value = input.pick(&[None, Some(""), Some("0"), Some("x"), Some(now.as_str())]);
        let value = value.map(str::to_owned);
        if key != keys::SESSION || input.byte() % 2 == 0 {
            self.h.write_foreign(key, value.as_deref());
        }
    }

    /// Checks the invariants after a step.
    pub fn check(&mut self) {
        let transport = self.h.config.transport;
        for s in &self.h.sent[self.seen..] {
            let body = &s.body;
            assert!(body["writeKey"].is_string(), "no writeKey: {}", s.raw);
            assert!(body["sentAt"].is_string(), "no sentAt: {}", s.raw);
            assert!(!s.batch().is_empty(), "an empty batch: {}", s.raw);
            let ordered = items(get(&s.ordered, "batch"));
            for (m, o) in s.batch().iter().zip(ordered) {
                let id = m["messageId"].as_str().expect("a messageId");
                assert!(
                    matches!(m["type"].as_str(), Some("track" | "identify" | "alias")),
                    "a message without its type: {m}"
                );
                if let Some(&(by, opened)) = self.confirmed.get(id) {
                    assert!(
                        s.tab != by && s.tab < opened,
                        "message {id}, confirmed, was sent again by tab {}",
                        s.tab
                    );
                }
                if !id.starts_with(FOREIGN) {
                    check_caps(m, o);
                }
            }
        }
        // Beacons are answered as they go: in beacon transport an accepted
        // one is a confirmation.
        for s in &self.h.sent[self.seen..] {
            if s.beacon && s.outcome == Outcome::Delivered && transport == Transport::Beacon {
                for m in s.batch() {
                    let id = m["messageId"].as_str().unwrap_or_default().to_owned();
                    self.confirmed
                        .entry(id.clone())
                        .or_insert((s.tab, self.h.tabs.len()));
                    self.resolved.insert(id);
                }
            }
        }
        self.seen = self.h.sent.len();
        let now = self.h.clock;
        for t in self.h.tabs.iter().flatten() {
            assert!(t.outbox_len() <= MAX_OUTBOX_MESSAGES);
            self.evicting |= t.outbox_len() * 2 >= MAX_OUTBOX_MESSAGES;
            let at = t.poll_timeout().expect("a heartbeat is always due");
            assert!(
                at <= now + HEARTBEAT_MS,
                "the next deadline is {} ms away",
                at - now
            );
        }
        let mut now_stored = BTreeSet::new();
        let mut bytes = 0;
        for (k, v) in self.h.store.range(MESSAGE.to_owned()..) {
            if !k.starts_with(MESSAGE) {
                break;
            }
            bytes += v.len();
            for line in v.lines() {
                if let Some(id) = message_id(line).filter(|id| !id.starts_with(FOREIGN)) {
                    now_stored.insert(id);
                }
            }
        }
        self.evicting |= bytes * 2 >= MAX_OUTBOX_BYTES;
        if !self.evicting {
            for id in self.stored.difference(&now_stored) {
                assert!(
                    self.resolved.contains(id),
                    "message {id} was lost: neither confirmed nor refused, and no longer stored"
                );
            }
        }
        self.stored.extend(now_stored);
    }
}

/// The `messageId` of a stored line, if it is a message.
fn message_id(line: &str) -> Option<String> {
    let m: serde_json::Value = serde_json::from_str(line).ok()?;
    Some(m["messageId"].as_str()?.to_owned())
}

/// The caps of what trackq records, on one sent message (`o`: the same
/// with key order and duplicate keys kept).
fn check_caps(m: &serde_json::Value, o: &Value) {
    // serde_json never writes a message longer than trackq does.
    let size = serde_json::to_string(m).map_or(0, |s| s.len());
    assert!(size <= MAX_MESSAGE_BYTES, "a message of {size} bytes");
    for part in ["properties", "traits"] {
        check_value(get(o, part), m);
    }
}

fn check_value(v: &Value, m: &serde_json::Value) {
    match v {
        Value::Str(s) => assert!(
            s.len() <= MAX_STRING_BYTES,
            "a string of {} bytes in {m}",
            s.len()
        ),
        Value::Arr(items) => {
            assert!(items.len() <= MAX_ENTRIES, "{} items in {m}", items.len());
            items.iter().for_each(|i| check_value(i, m));
        }
        Value::Obj(entries) => {
            assert!(
                entries.len() <= MAX_ENTRIES,
                "{} entries in {m}",
                entries.len()
            );
            for (k, v) in entries {
                assert!(
                    k.len() <= MAX_STRING_BYTES,
                    "a key of {} bytes in {m}",
                    k.len()
                );
                check_value(v, m);
            }
        }
        _ => {}
    }
}

/// A message line as another writer might have stored it, with a
/// property of `pad` bytes.
fn foreign_message(id: &str, pad: usize) -> String {
    let mut m = String::from(r#"{"type":"track","messageId":"#);
    write_str(&mut m, id);
    m.push_str(r#","timestamp":"2026-11-22T17:58:28.123Z","anonymousId":"a","event":"e","properties":{"p":""#);
    m.push_str(&"x".repeat(pad));
    m.push_str(r#""},"context":{}}"#);
    m
}

/// A pushed command: mostly well-formed for one of the three APIs, with
/// values near every limit.
pub fn command(input: &mut Input) -> Value {
    let s = Value::str;
    let mut args = vec![];
    match input.byte() % 16 {
        0..=3 => {
            args.push(s("record"));
            args.push(s(input.pick(&EVENTS)));
            args.push(props(input, 0));
        }
        4 => {
            args.push(s("set"));
            args.push(props(input, 0));
        }
        5 => {
            args.push(s("identify"));
            args.push(id(input));
        }
        6 => {
            args.push(s("alias"));
            args.push(id(input));
            args.push(id(input));
        }
        7 => args.push(s("clearIdentity")),
        8 => {
            args.push(s(input.pick(&["signedUp", "upgraded", "downgraded"])));
            args.push(input.pick(&[s("Pro"), Value::Null, Value::num(3.0)]));
            args.push(props(input, 0));
        }
        9 => {
            args.push(s("billed"));
            args.push(input.pick(&[Value::num(29.99), s("29.99"), Value::Null]));
            args.push(input.pick(&[s("Monthly"), Value::Null]));
            args.push(props(input, 0));
        }
        10 => {
            args.push(s("canceled"));
            args.push(props(input, 0));
        }
        11 | 12 => {
            args.push(s(input.pick(&["_upstack", "_df"])));
            args.push(s("track"));
            args.push(s(input.pick(&EVENTS)));
            args.push(props(input, 0));
        }
        13 => {
            args.push(s(input.pick(&["_upstack", "_df"])));
            args.push(s("identify"));
            args.push(id(input));
            args.push(props(input, 0));
        }
        14 => {
            for _ in 0..input.below(4) {
                args.push(value(input, 1));
            }
        }
        _ => return value(input, 0),
    }
    Value::Arr(args)
}

const EVENTS: [&str; 8] = [
    "Viewed Pricing",
    "Signed Up",
    "trial_started",
    "subscription_started",
    "invite_sent",
    "report_viewed",
    "Visited Site",
    "x",
];

fn id(input: &mut Input) -> Value {
    match input.byte() % 6 {
        0 => Value::str("user_1"),
        1 => Value::str("user_2"),
        2 => Value::num(42.0),
        3 => Value::str(&"i".repeat(input.pick(&[512, 513]))),
        4 => Value::str(" "),
        _ => Value::Null,
    }
}

fn props(input: &mut Input, depth: usize) -> Value {
    let n = match input.byte() % 8 {
        0 => input.pick(&[99, 100, 101, 150]),
        _ => input.below(5),
    };
    let entries = (0..n)
        .map(|i| {
            let key = match input.byte() % 8 {
                0 => "email".to_owned(),
                1 => "userEmail".to_owned(),
                2 => "invitee_email".to_owned(),
                3 => "invitee_email_hash".to_owned(),
                4 => "Plan Name".to_owned(),
                5 => format!("{}Email", "k".repeat(input.pick(&[10, 2_043, 2_050]))),
                _ => format!("k{i}"),
            };
            (key, value(input, depth + 1))
        })
        .collect();
    Value::Obj(entries)
}

fn value(input: &mut Input, depth: usize) -> Value {
    match input.byte() % 12 {
        0 => Value::Null,
        1 => Value::Bool(true),
        2 => Value::Num(
            input
                .pick(&["0", "-1", "29.99", "1e+21", "-1e-7"])
                .to_owned(),
        ),
        3 => Value::str("ann@acme.com"),
        4 => {
            // Emails right up to the cut: redaction and hashing make them longer.
            let bytes = input.pick(&[7, 2_030, 2_042, 2_048]);
            let unit = input.pick(&["a@b.co ", "é", "x@y.io"]);
            let mut s = unit.repeat(bytes / unit.len() + 1);
            cut(&mut s, bytes);
            Value::Str(s)
        }
        5 => Value::str(&input.text(24)),
        6 if depth < 7 => Value::Arr(
            (0..input.below(4))
                .map(|_| value(input, depth + 1))
                .collect(),
        ),
        7 if depth < 7 => props(input, depth),
        8 => Value::str(&"x".repeat(input.pick(&[2_047, 2_048, 2_049, 5_000]))),
        _ => Value::str("Pro"),
    }
}
