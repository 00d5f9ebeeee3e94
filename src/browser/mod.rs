//! The thin shell: feeds page events into [`Tracker`] and carries out what
//! it asks for. The bootstrap script owns the globals, listeners, timer,
//! requests and localStorage, and calls the functions exported here; the
//! shell turns those calls into the tracker's inputs.
//!
//! The page's one [`Snippet`] lives in a static rather than in a
//! wasm-bindgen class: that spares the snippet the class's glue. A call that
//! comes in while another runs (a page hooking `console.warn` and pushing
//! from there) finds it locked and is dropped.

pub(crate) mod host;
mod js;
mod storage;

use wasm_bindgen::prelude::*;

use crate::contract;
use crate::core::consent::{Signals, State};
use crate::core::input::json_parse;
use crate::core::support::text::{parse_u64, split_once};
use crate::core::support::time::from_js;
use crate::core::{Config, Later, Log, Now, Page, Response, Tracker, Value};
use crate::prelude::*;
use storage::Store;

/// trackq on one page: the tracker and its storage.
pub struct Snippet {
    tracker: Tracker,
    store: Store,
}

static SNIPPET: spin::Mutex<Option<Snippet>> = spin::Mutex::new(None);

/// Runs `f` on the page's snippet, then carries out what it asked for;
/// nothing before [`boot`], or while another call runs. Returns where
/// consent stands then: 1 granted, 2 pending, 3 denied (0: nothing ran);
/// with the `autotrack` feature, after an `['ab', ...]` (`KM.ab()`), 4 +
/// the index of the visitor's variant instead.
fn with(f: impl FnOnce(&mut Snippet, Now)) -> u32 {
    if let Some(mut snippet) = SNIPPET.try_lock() {
        if let Some(snippet) = snippet.as_mut() {
            let now = now();
            f(snippet, now);
            snippet.drain(now);
            #[cfg(feature = "autotrack")]
            if let Some(index) = snippet.tracker.poll_answer() {
                return index as u32 + 4;
            }
            return match snippet.tracker.consent() {
                State::Granted => 1,
                State::Pending => 2,
                State::Denied(_) => 3,
            };
        }
    }
    0
}

/// Starts trackq (`on`'s [`contract::BOOT`]), seeded with 128 random bits
/// from the host ([`host::random`]): `start` is the JSON of
/// `[settings, ...page, stored]`: the settings by their
/// `dataset` names (the script's `data-*` attributes, else its URL's query
/// parameters, and `window._kmk` as the key: bootstrap/settings.js gathers
/// them), the page's facts as items of their own (URL, path, referrer,
/// title, user agent, navigator.globalPrivacyControl,
/// navigator.doNotTrack, those two as text; with the `autotrack` feature,
/// then the referrer's host, the referrer's query and the URL's query,
/// each query an object of its decoded parameters), and trackq's
/// localStorage entries as an object in key order (`{}` without storage).
fn boot(start: &str) {
    let mut start = json_parse::parse(start, false).value;
    let mut parts = items(start.as_mut());
    let mut seed = [0; 2];
    host::random(&mut seed);
    let attrs = strings(&mut parts);
    let mut fact = || match parts.next() {
        Some(Value::Str(s)) => ::core::mem::take(s),
        _ => String::new(),
    };
    // Fields are read in the order written here, which is the facts' order.
    let page = Page {
        url: fact(),
        path: fact(),
        referrer: fact(),
        title: fact(),
        user_agent: fact(),
        signals: Signals {
            gpc: fact() == "true",
            dnt: fact() == "1",
        },
        #[cfg(feature = "autotrack")]
        referrer_host: fact(),
        #[cfg(feature = "autotrack")]
        referrer_query: strings(&mut parts),
        #[cfg(feature = "autotrack")]
        query: strings(&mut parts),
    };
    let stored = strings(&mut parts);
    let config = Config::from_attributes(
        |name| {
            let found = attrs.iter().find(|(k, _)| k == name);
            found.map(|(_, v)| v.as_str())
        },
        &mut |w| host::log(true, &w.render()),
    );
    let now = now();
    let tracker = Tracker::new(config, page, stored, seed, now);
    let mut snippet = Snippet {
        tracker,
        store: Store::new(),
    };
    snippet.drain(now);
    // A page boots once; a second boot (the wasm tests) leaks the first
    // snippet, and a boot that finds the lock taken leaks its own, rather
    // than bring the code that drops one into every page.
    match SNIPPET.try_lock() {
        Some(mut slot) => ::core::mem::forget(slot.replace(snippet)),
        None => ::core::mem::forget(snippet),
    }
}

/// Everything the page hands over, [`boot`] first: `what` is one of the
/// codes in [`crate::contract`] (which says what `text`, `a` and `b`
/// carry); a code this wasm does not know is ignored. Returns where consent
/// stands, or `KM.ab()`'s answer (see `with`): [`contract::CONSENT`] asks
/// only the first (0 after [`contract::BOOT`]).
///
/// One function rather than one per event: each export costs the snippet its
/// own wasm-bindgen shim (`boot` as an export of its own was 202 bytes
/// more wasm), and each argument its own conversion (a request's id is read
/// from `text` rather than from a third number: 28 bytes less).
#[wasm_bindgen]
pub fn on(what: u32, text: &str, a: f64, b: f64) -> u32 {
    if what == contract::BOOT {
        boot(text);
        return 0;
    }
    with(|s, now| match what {
        contract::TIMER => s.tracker.handle_timeout(now),
        contract::HIDDEN | contract::LEAVING => {
            s.tracker.handle_hidden(what == contract::LEAVING, now)
        }
        contract::VISIBLE => s.tracker.handle_visible(now),
        contract::RESPONSE => {
            let response = if a > 0.0 {
                Response::Status {
                    status: a as u16,
                    retry_after_ms: (b > 0.0).then_some((b * 1000.0) as u64),
                }
            } else {
                Response::NetworkError
            };
            let id = parse_u64(text).unwrap_or_default();
            s.tracker.handle_response(id, response, now);
        }
        contract::PUSH => {
            s.tracker.handle_json(text, now);
            if a > 0.0 {
                s.tracker.handle_callback();
            }
        }
        contract::STORED => {
            let (key, value) = split_once(text, b'\n');
            s.tracker.handle_stored(key, value, now);
        }
        contract::READY => s.tracker.handle_ready(now),
        #[cfg(feature = "autotrack")]
        contract::CLICK => s.tracker.handle_click(text, a as u8, b > 0.0, now),
        #[cfg(feature = "autotrack")]
        contract::SUBMIT => s.tracker.handle_submit(text, now),
        #[cfg(feature = "autotrack")]
        contract::NAVIGATED => {
            let (url, rest) = split_once(text, b'\n');
            let (path, title) = split_once(rest.unwrap_or_default(), b'\n');
            s.tracker
                .handle_navigation(url, path, title.unwrap_or_default(), now);
        }
        _ => {}
    })
}

/// The items of an array, taken out in place (none for anything else).
fn items(v: Option<&mut Value>) -> ::core::slice::IterMut<'_, Value> {
    match v {
        Some(Value::Arr(items)) => items.iter_mut(),
        _ => [].iter_mut(),
    }
}

/// The string entries of the next item, an object (none for anything
/// else).
fn strings(items: &mut ::core::slice::IterMut<Value>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(Value::Obj(entries)) = items.next() {
        // Taken out in place rather than by a by-value loop, whose iterator
        // (and its drop glue) nothing else in the snippet needs.
        for (k, v) in entries {
            if let Value::Str(v) = v {
                out.push((::core::mem::take(k), ::core::mem::take(v)));
            }
        }
    }
    out
}

/// The time on both clocks, clamped (a page may have replaced either
/// function with one returning anything).
fn now() -> Now {
    Now {
        wall: from_js(js::date_now()),
        mono: from_js(js::mono_now()),
    }
}

impl Snippet {
    /// Carries out the tracker's outputs: storage first, then requests.
    fn drain(&mut self, now: Now) {
        loop {
            for op in &self.tracker.poll_stores() {
                if let Err(e) = self.store.apply(op) {
                    self.tracker.warn(e);
                }
            }
            let transmits = self.tracker.poll_transmits();
            for t in &transmits {
                let accepted = host::send(t.id as f64, &t.body, t.encoding as u8, t.beacon);
                if t.beacon {
                    self.tracker.handle_beacon(t.id, accepted, now);
                }
            }
            if transmits.is_empty() {
                break;
            }
        }
        if let Some(later) = self.tracker.poll_later() {
            match later {
                Later::Register { body, encoding } => host::later(&body, encoding as u8),
                Later::Cancel => host::later(&[], 0),
            }
        }
        for line in &self.tracker.poll_logs() {
            match line {
                Log::Warn(text) => host::log(true, text),
                Log::Debug(text) => host::log(false, text),
            }
        }
        // Armed again after every call, the same deadline or a new one (the
        // host replaces its timer): cheaper than remembering the last one.
        if let Some(at) = self.tracker.poll_timeout() {
            host::arm(at.saturating_sub(now.mono) as f64);
        }
    }
}
