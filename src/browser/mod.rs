//! The thin shell: feeds page events into [`Tracker`] and carries out what
//! it asks for. The bootstrap script owns the globals, listeners, timer and
//! requests and calls the methods of the [`Snippet`] it holds; the shell
//! owns localStorage and the conversion of pushed values.
//!
//! A call that comes in while another runs (a page hooking `console.warn`
//! and pushing from there) is refused by wasm-bindgen with an exception,
//! which the bootstrap's `try` turns into a console warning.

pub(crate) mod host;
mod js;
mod storage;

use wasm_bindgen::prelude::*;

use crate::core::config::Config;
use crate::core::json_parse;
use crate::core::message::Page;
use crate::core::tracker::{Log, Response, Tracker};
use crate::core::value::Value;
use crate::prelude::*;
use host::Host;
use storage::Store;

/// trackq on one page: the tracker, its storage and the bootstrap's host.
#[wasm_bindgen]
pub struct Snippet {
    tracker: Tracker,
    store: Store,
    host: Host,
    endpoint: alloc::string::String,
    /// When the host's timer fires, if armed.
    timer_at: Option<u64>,
}

#[wasm_bindgen]
impl Snippet {
    /// Starts trackq with the bootstrap's `host` and 128 random bits
    /// (`crypto.getRandomValues`).
    pub fn boot(host: Host, s0: u32, s1: u32, s2: u32, s3: u32) -> Snippet {
        let mut warnings = alloc::vec::Vec::new();
        let config = Config::from_attributes(|name| host.attr(name), &mut warnings);
        for w in warnings {
            host.log(true, &w);
        }
        let page = Page {
            url: host.page(0),
            path: host.page(1),
            referrer: host.page(2),
            title: host.page(3),
            user_agent: host.page(4),
        };
        let seed = [
            u64::from(s0) << 32 | u64::from(s1),
            u64::from(s2) << 32 | u64::from(s3),
        ];
        let endpoint = config.endpoint.clone().unwrap_or_default();
        let store = Store::new();
        let stored = store.load(&host);
        let tracker = Tracker::new(config, page, stored, seed, now());
        let mut snippet = Snippet {
            tracker,
            store,
            host,
            endpoint,
            timer_at: None,
        };
        snippet.drain(now());
        snippet
    }

    /// Runs one pushed command, as the bootstrap's `JSON.stringify` wrote
    /// it; `None` when it could not (a cyclic object, a BigInt).
    pub fn push(&mut self, json: Option<String>) {
        let value = match json {
            Some(text) => json_parse::parse(&text).unwrap_or(Value::Null),
            None => Value::Arr(vec![Value::TooDeep]),
        };
        let now = now();
        self.tracker.handle_command(&value, now);
        self.drain(now);
    }

    /// The host's timer fired.
    pub fn tick(&mut self) {
        let now = now();
        self.timer_at = None;
        self.tracker.handle_timeout(now);
        self.drain(now);
    }

    /// The page was hidden (`leaving == false`) or is being left (`pagehide`).
    pub fn hidden(&mut self, leaving: bool) {
        let now = now();
        self.tracker.handle_hidden(leaving, now);
        self.drain(now);
    }

    /// The page is visible again.
    pub fn visible(&mut self) {
        let now = now();
        self.tracker.handle_visible(now);
        self.drain(now);
    }

    /// Another tab changed trackq's `key` in localStorage (`value` is
    /// `null` when removed): the page's `storage` event.
    pub fn stored(&mut self, key: &str, value: Option<String>) {
        self.tracker.handle_stored(key, value.as_deref());
    }

    /// Request `id` ended: HTTP `status` (0 for a network error) and the
    /// `Retry-After` seconds (0 when absent).
    pub fn answer(&mut self, id: f64, status: u16, retry_after_secs: f64) {
        let response = if status == 0 {
            Response::NetworkError
        } else {
            let retry_after_ms =
                (retry_after_secs > 0.0).then_some((retry_after_secs * 1000.0) as u64);
            Response::Status {
                status,
                retry_after_ms,
            }
        };
        let now = now();
        self.tracker.handle_response(id as u64, response, now);
        self.drain(now);
    }
}

fn now() -> u64 {
    js::date_now() as u64
}

impl Snippet {
    /// Carries out the tracker's outputs: storage first, then requests.
    fn drain(&mut self, now: u64) {
        loop {
            while let Some(op) = self.tracker.poll_store() {
                if let Err(e) = self.store.apply(&self.host, op) {
                    self.host.log(true, e);
                }
            }
            let Some(t) = self.tracker.poll_transmit() else {
                break;
            };
            let accepted = self
                .host
                .send(&self.endpoint, t.id as f64, &t.body, t.beacon);
            if t.beacon {
                self.tracker.handle_beacon(t.id, accepted, now);
            }
        }
        while let Some(line) = self.tracker.poll_log() {
            match line {
                Log::Warn(text) => self.host.log(true, &text),
                Log::Debug(text) => self.host.log(false, &text),
            }
        }
        let at = self.tracker.poll_timeout();
        if at != self.timer_at {
            if let Some(at) = at {
                self.host.arm(at.saturating_sub(now) as f64);
            }
            self.timer_at = at;
        }
    }
}
