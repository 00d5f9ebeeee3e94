//! The thin shell: feeds page events into [`Tracker`] and carries out what
//! it asks for. Every entry point goes through [`dispatch`], which queues the
//! input and runs it unless a run is already under way (a pushed function
//! may push again), so the tracker is never borrowed twice.

mod console;
mod convert;
mod globals;
mod lifecycle;
mod page;
mod storage;
mod transport;

#[cfg(test)]
mod tests;

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use gloo_timers::callback::Timeout;
use wasm_bindgen::prelude::*;

use crate::core::tracker::{Response, Tracker};
use crate::core::value::Value;
use storage::Store;

/// Something that happened on the page.
enum Input {
    Command(Value),
    Callback(js_sys::Function),
    Timer,
    Hidden { leaving: bool },
    Visible,
    Response(u64, Response),
}

struct Shell {
    tracker: Tracker,
    store: Store,
    endpoint: String,
    /// The armed timer and when it fires; dropping it cancels it.
    timer: Option<(u64, Timeout)>,
}

thread_local! {
    static SHELL: RefCell<Option<Shell>> = const { RefCell::new(None) };
    static INPUTS: RefCell<VecDeque<Input>> = const { RefCell::new(VecDeque::new()) };
    static RUNNING: Cell<bool> = const { Cell::new(false) };
}

/// Starts trackq on this page; `script` is the `<script>` element that
/// loaded it (its `data-*` attributes configure it). Called by the
/// bootstrap code in `trackq.js`; a second call does nothing.
#[wasm_bindgen]
pub fn boot(script: JsValue) {
    if SHELL.with(|s| s.borrow().is_some()) {
        return;
    }
    let (config, warnings) = page::config(&script);
    let endpoint = config.endpoint.clone().unwrap_or_default();
    let mut store = Store::open();
    let stored = store.load();
    let tracker = Tracker::new(config, page::info(), stored, page::seed(), now());
    SHELL.with(|s| {
        *s.borrow_mut() = Some(Shell { tracker, store, endpoint, timer: None });
    });
    for w in warnings {
        console::log(crate::core::tracker::Log::Warn(w));
    }
    for input in globals::take_queued() {
        dispatch(input);
    }
    globals::install();
    lifecycle::listen();
    run();
}

fn now() -> u64 {
    js_sys::Date::now() as u64
}

/// Runs `input` now, or after the run in progress.
fn dispatch(input: Input) {
    INPUTS.with(|q| q.borrow_mut().push_back(input));
    run();
}

fn run() {
    if RUNNING.with(|r| r.replace(true)) {
        return;
    }
    while let Some(input) = INPUTS.with(|q| q.borrow_mut().pop_front()) {
        match input {
            Input::Callback(f) => {
                if let Err(e) = f.call0(&JsValue::UNDEFINED) {
                    console::warn_js("trackq: a pushed function threw:", &e);
                }
            }
            other => SHELL.with(|s| {
                if let Some(shell) = s.borrow_mut().as_mut() {
                    shell.handle(other);
                }
            }),
        }
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
                self.timer = None;
                t.handle_timeout(now);
            }
            Input::Hidden { leaving } => t.handle_hidden(leaving, now),
            Input::Visible => t.handle_visible(now),
            Input::Response(id, r) => t.handle_response(id, r, now),
            Input::Callback(_) => {}
        }
        self.drain(now);
    }

    /// Carries out the tracker's outputs: storage first, then requests.
    fn drain(&mut self, now: u64) {
        loop {
            while let Some(op) = self.tracker.poll_store() {
                self.store.apply(op);
            }
            let Some(t) = self.tracker.poll_transmit() else { break };
            if t.beacon {
                let ok = transport::beacon(&self.endpoint, &t.body);
                self.tracker.handle_beacon(t.id, ok, now);
            } else {
                let id = t.id;
                transport::fetch(&self.endpoint, &t.body, move |r| dispatch(Input::Response(id, r)));
            }
        }
        while let Some(line) = self.tracker.poll_log() {
            console::log(line);
        }
        self.arm_timer(now);
    }

    fn arm_timer(&mut self, now: u64) {
        let Some(at) = self.tracker.poll_timeout() else {
            self.timer = None;
            return;
        };
        if self.timer.as_ref().is_some_and(|(armed, _)| *armed == at) {
            return;
        }
        let delay = at.saturating_sub(now).min(u32::MAX as u64) as u32;
        self.timer = Some((at, Timeout::new(delay, || dispatch(Input::Timer))));
    }
}
