//! The thin shell: feeds page events into [`Tracker`] and carries out what
//! it asks for. The bootstrap script owns the globals, listeners, timer and
//! requests and calls the exports below; the shell owns localStorage and the
//! conversion of pushed values.
//!
//! Every input goes through [`dispatch`], which queues it and runs it unless
//! a run is under way (a page hooking `console.warn` could push from inside
//! one), so the tracker is never borrowed twice.

mod convert;
mod host;
mod storage;

#[cfg(test)]
mod tests;

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use wasm_bindgen::prelude::*;

use crate::core::config::Config;
use crate::core::message::Page;
use crate::core::tracker::{Log, Response, Tracker};
use crate::core::value::Value;
use host::Host;
use storage::Store;

/// Something that happened on the page.
enum Input {
    Command(Value),
    Timer,
    Hidden { leaving: bool },
    Visible,
    Answer(u64, Response),
}

struct Shell {
    tracker: Tracker,
    store: Store,
    host: Host,
    endpoint: String,
    /// When the host's timer fires, if armed.
    timer_at: Option<u64>,
}

thread_local! {
    static SHELL: RefCell<Option<Shell>> = const { RefCell::new(None) };
    static INPUTS: RefCell<VecDeque<Input>> = const { RefCell::new(VecDeque::new()) };
    static RUNNING: Cell<bool> = const { Cell::new(false) };
}

/// Starts trackq on this page with the bootstrap's `host` and 128 random
/// bits (`crypto.getRandomValues`). A second call does nothing.
#[wasm_bindgen]
pub fn boot(host: Host, s0: u32, s1: u32, s2: u32, s3: u32) {
    if SHELL.with(|s| s.borrow().is_some()) {
        return;
    }
    let mut warnings = Vec::new();
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
    let mut store = Store::open();
    let stored = store.load();
    let tracker = Tracker::new(config, page, stored, seed, now());
    let mut shell = Shell {
        tracker,
        store,
        host,
        endpoint,
        timer_at: None,
    };
    shell.drain(now());
    SHELL.with(|s| *s.borrow_mut() = Some(shell));
}

/// Runs one pushed command (an array; anything else is dropped with a warning).
#[wasm_bindgen]
pub fn push(command: JsValue) {
    let value = convert::to_value(&command, 0).unwrap_or(Value::Null);
    dispatch(Input::Command(value));
}

/// The host's timer fired.
#[wasm_bindgen]
pub fn tick() {
    dispatch(Input::Timer);
}

/// The page was hidden (`leaving == false`) or is being left (`pagehide`).
#[wasm_bindgen]
pub fn hidden(leaving: bool) {
    dispatch(Input::Hidden { leaving });
}

/// The page is visible again.
#[wasm_bindgen]
pub fn visible() {
    dispatch(Input::Visible);
}

/// Request `id` ended: HTTP `status` (0 for a network error) and the
/// `Retry-After` seconds (0 when absent).
#[wasm_bindgen]
pub fn answer(id: f64, status: u16, retry_after_secs: f64) {
    let response = if status == 0 {
        Response::NetworkError
    } else {
        let retry_after_ms = (retry_after_secs > 0.0).then_some((retry_after_secs * 1000.0) as u64);
        Response::Status {
            status,
            retry_after_ms,
        }
    };
    dispatch(Input::Answer(id as u64, response));
}

fn now() -> u64 {
    js_sys::Date::now() as u64
}

fn dispatch(input: Input) {
    INPUTS.with(|q| q.borrow_mut().push_back(input));
    if RUNNING.with(|r| r.replace(true)) {
        return;
    }
    while let Some(input) = INPUTS.with(|q| q.borrow_mut().pop_front()) {
        SHELL.with(|s| {
            if let Ok(mut shell) = s.try_borrow_mut() {
                if let Some(shell) = shell.as_mut() {
                    shell.handle(input);
                }
            }
        });
    }
    RUNNING.with(|r| r.set(false));
}

impl Shell {
    fn handle(&mut self, input: Input) {
        let now = now();
        let t = &mut self.tracker;
        match input {
            Input::Command(v) => t.handle_command(&v, now),
            Input::Timer => {
                self.timer_at = None;
                t.handle_timeout(now);
            }
            Input::Hidden { leaving } => t.handle_hidden(leaving, now),
            Input::Visible => t.handle_visible(now),
            Input::Answer(id, r) => t.handle_response(id, r, now),
        }
        self.drain(now);
    }

    /// Carries out the tracker's outputs: storage first, then requests.
    fn drain(&mut self, now: u64) {
        loop {
            while let Some(op) = self.tracker.poll_store() {
                if let Err(e) = self.store.apply(op) {
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
