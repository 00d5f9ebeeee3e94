//! The page side: opening tabs on the shared store, switching between
//! them, hiding, leaving, crashing and reloading.

use super::{Harness, Outcome};
use trackq::core::storage::keys::PREFIX;
use trackq::core::support::json::write_str;
use trackq::core::{Response, Tracker};

impl Harness {
    /// Opens a tab on the shared store (as a page load would), makes it the
    /// current one and returns its index.
    pub fn open(&mut self) -> usize {
        self.open_with_queue(&[])
    }

    /// [`Harness::open`] on a page that queued `commands` (JavaScript
    /// literals) before trackq loaded: they run, then the tracker hears
    /// that the queue is done.
    pub fn open_with_queue(&mut self, commands: &[&str]) -> usize {
        let stored = self.stored();
        self.add_tab(stored);
        self.drain();
        for c in commands {
            self.push(c);
        }
        let now = self.now();
        self.tracker().handle_ready(now);
        self.drain();
        self.current
    }

    /// `n` tabs opened at the same moment on the shared store: each reads it
    /// before any of them writes (as two pages of a first visit can). The
    /// last becomes current; their indexes are returned.
    pub fn open_together(&mut self, n: usize) -> Vec<usize> {
        let stored = self.stored();
        let opened: Vec<usize> = (0..n).map(|_| self.add_tab(stored.clone())).collect();
        for &tab in &opened {
            self.current = tab;
            let now = self.now();
            self.tracker().handle_ready(now);
        }
        self.drain();
        opened
    }

    /// trackq's entries in the shared store, as a page reads them.
    fn stored(&self) -> Vec<(String, String)> {
        let stored = self.store.iter().filter(|(k, _)| k.starts_with(PREFIX));
        stored.map(|(k, v)| (k.clone(), v.clone())).collect()
    }

    /// A new tracker on `stored`, with a seed of its own, as the current
    /// tab; returns its index.
    fn add_tab(&mut self, stored: Vec<(String, String)>) -> usize {
        self.made += 1;
        let seed = [self.made.wrapping_mul(0x9e37_79b9_7f4a_7c15), !self.made];
        let (config, page) = (self.config.clone(), self.page.clone());
        let tracker = Tracker::new(config, page, stored, seed, self.now());
        self.tabs.push(Some(tracker));
        self.current = self.tabs.len() - 1;
        self.current
    }

    /// Another tab next to the current one: it becomes current.
    pub fn second_tab(&mut self) -> usize {
        self.open()
    }

    /// Makes `tab` the current tab.
    pub fn switch(&mut self, tab: usize) {
        assert!(self.tabs[tab].is_some(), "tab {tab} is closed");
        self.current = tab;
    }

    /// The page goes away as in Chromium: `pagehide` (beacons go out), then
    /// the page's fetches in flight fail for it (the keepalive requests
    /// themselves go on, and their answers never arrive), then
    /// `visibilitychange` to hidden; then the tab is gone.
    pub fn leave(&mut self) {
        let now = self.now();
        self.tracker().handle_hidden(true, now);
        self.drain();
        for id in self.pending() {
            self.tracker()
                .handle_response(id, Response::NetworkError, now);
            self.drain();
        }
        self.tracker().handle_hidden(false, now);
        self.drain();
        self.close();
    }

    /// The tab dies without `pagehide` (a crash, a killed process).
    pub fn crash(&mut self) {
        // The task in progress still ends (timers due now run): a renderer
        // dying inside a task loses that task's writes in any design, since
        // Chromium commits localStorage to disk asynchronously anyway.
        self.advance(0);
        // The browser sends what the tab registered with `fetchLater`.
        if let Some((body, encoding)) = self.later.remove(&self.current) {
            let raw = super::wire::text(&body, encoding);
            let (parsed, ordered) = super::read_body(&raw);
            self.sent.push(super::Sent {
                tab: self.current,
                id: 0,
                wire: body.len(),
                gzip: encoding == trackq::core::Encoding::Gzip,
                raw,
                body: parsed,
                ordered,
                beacon: false,
                outcome: Outcome::Delivered,
            });
        }
        self.close();
    }

    fn close(&mut self) {
        let tab = self.current;
        self.tabs[tab] = None;
        for s in self
            .sent
            .iter_mut()
            .filter(|s| s.tab == tab && s.outcome == Outcome::Pending)
        {
            s.outcome = Outcome::Lost;
        }
    }

    /// A page reload: `leave`, then a new tracker on the same store (the new
    /// current tab; its index is returned).
    pub fn reload(&mut self) -> usize {
        self.leave();
        self.open()
    }

    /// The page is hidden (it may come back).
    pub fn hide(&mut self) {
        let now = self.now();
        self.tracker().handle_hidden(false, now);
        self.drain();
    }

    /// Someone other than trackq writes (`Some`) or removes (`None`) `key`
    /// of the store; every open tab hears of it (the `storage` event).
    pub fn write_foreign(&mut self, key: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.persisted.extend(super::drain::message_ids(key, v));
        }
        match value {
            Some(v) => self.store.insert(key.to_owned(), v.to_owned()),
            None => self.store.remove(key),
        };
        let now = self.now();
        for t in self.tabs.iter_mut().flatten() {
            t.handle_stored(key, value, now);
        }
        self.drain();
    }

    /// The page is visible again.
    pub fn show(&mut self) {
        let now = self.now();
        self.tracker().handle_visible(now);
        self.drain();
    }
}

/// A message line as another writer (a page script, an older version)
/// might have stored it, with a property of `pad` bytes.
pub fn foreign_message(id: &str, pad: usize) -> String {
    let mut m = String::from(r#"{"type":"track","messageId":"#);
    write_str(&mut m, id);
    m.push_str(r#","timestamp":"2026-11-22T17:58:28.123Z","anonymousId":"a","event":"e","properties":{"p":""#);
    m.push_str(&"x".repeat(pad));
    m.push_str(r#""},"context":{}}"#);
    m
}
