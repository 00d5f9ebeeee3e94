//! The tracker's inputs for what happens on the page after load (feature
//! `autotrack`): clicks, form submits and single-page-app navigations, as
//! facts from the shell; and the page's own events on its first activity.
//! The decisions are `core::autotrack`'s; the state is its [`Autotrack`]
//! part.
//!
//! [`Autotrack`]: crate::core::autotrack::Autotrack

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use super::Tracker;
use crate::core::autotrack::binding::leaves_page;
use crate::core::autotrack::form_fields::capture;
use crate::core::autotrack::{identify, landing, list, page_view, text, FORM_FIELDS, PAGE_VIEWS};
use crate::core::input::json_parse::parse;
use crate::core::input::Value;
use crate::core::limits::MAX_STRING_BYTES;
use crate::core::support::text::{cut, split_once};
use crate::core::support::time::Now;

/// The items of the JSON array `json` (none for anything else).
fn facts(json: &str) -> Vec<Value> {
    match parse(json, true).value {
        Some(Value::Arr(items)) => items,
        _ => Vec::new(),
    }
}

impl Tracker {
    /// A click (or a middle click) with mouse `button`, `modified` when
    /// Ctrl, Meta, Shift or Alt was down; `json` is the JSON of `[chain,
    /// href, target]`: the clicked element and those it is in, up to the
    /// root (see `autotrack::binding::Target::matches`), and the `href` and
    /// `target` of the link it is on (if any). Each matching `trackClick`
    /// records its event; when the click leaves the page, what waits goes
    /// at once, by beacon.
    pub fn handle_click(&mut self, json: &str, button: u8, modified: bool, now: Now) {
        // A right click opens a menu, not the link.
        if button < 2 {
            self.handle_element(false, json, button, modified, now);
        }
    }

    /// A form submitted, as the JSON of `[chain, fields]`, each field
    /// `[name, type, value, class, checked]`. Each matching `trackSubmit`
    /// records its event with the fields [`capture`] keeps (none with
    /// `data-form-fields="off"`); an anonymous visitor is first identified
    /// by the form's identity field.
    pub fn handle_submit(&mut self, json: &str, now: Now) {
        self.handle_element(true, json, 0, false, now);
    }

    /// A click or a submit (one path for both: the facts read once, the
    /// bindings run by one loop).
    fn handle_element(&mut self, submit: bool, json: &str, button: u8, modified: bool, now: Now) {
        let f = facts(json);
        // A click's second fact is its link's `href`: no fields.
        let fields = if self.config.auto & FORM_FIELDS != 0 {
            list(&f, 1)
        } else {
            &[]
        };
        if self.fire(submit, list(&f, 0), fields, now)
            && !submit
            && leaves_page(text(&f, 1), text(&f, 2), button, modified)
        {
            self.send_beacons(now);
        }
    }

    /// Runs the command of every binding of this kind that `chain`
    /// matches, with the form's `fields`; whether any did.
    fn fire(&mut self, submit: bool, chain: &[Value], fields: &[Value], now: Now) -> bool {
        let mut hit = false;
        let mut i = 0;
        while let Some(b) = self.autotrack.bindings.get(i) {
            i += 1;
            if b.submit != submit || !b.target.matches(chain) {
                continue;
            }
            // The binding's properties, then the form's, then `}]`.
            // (`0..`, not `..`: one instance of str::get less in the wasm)
            let props = b.command.get(0..b.command.len() - 1);
            let mut command = String::from(props.unwrap_or_default());
            if let Some(id) = capture(&mut command, fields) {
                if self.visitor.identity().user_id.is_none() {
                    let mut c = String::new();
                    identify(&mut c, id);
                    self.handle_json(&c, now);
                }
            }
            command.push_str("}]");
            self.handle_json(&command, now);
            hit = true;
        }
        hit
    }

    /// The page's own events ([`landing`]), once, with its first activity.
    pub(super) fn land(&mut self, now: Now) {
        if !::core::mem::replace(&mut self.autotrack.landed, true) {
            let commands = landing(&self.page, self.config.auto);
            let mut rest = commands.as_str();
            while let (command, Some(tail)) = split_once(rest, b'\n') {
                self.handle_json(command, now);
                rest = tail;
            }
        }
    }

    /// The page's URL changed without a load (`history.pushState`,
    /// `replaceState`, `popstate`, `hashchange`) to `url` (`path` is its
    /// `location.pathname`, `title` the page's title then): later messages
    /// carry them, with the URL before as their referrer; with
    /// `data-page-views`, a "Page View" is recorded. The same URL again (a
    /// `replaceState` of the state alone, the `hashchange` after a
    /// `popstate`) changes nothing.
    pub fn handle_navigation(&mut self, url: &str, path: &str, title: &str, now: Now) {
        let owned = |fact: &str| {
            let mut fact = String::from(fact);
            cut(&mut fact, MAX_STRING_BYTES);
            fact
        };
        let (url, path, title) = (owned(url), owned(path), owned(title));
        if url == self.page.url {
            return;
        }
        let previous = ::core::mem::replace(&mut self.page.url, url);
        self.page.path = path;
        self.page.title = title;
        let mut view = String::new();
        page_view(&mut view, &self.page.url, &previous);
        self.page.referrer = previous;
        if self.config.auto & PAGE_VIEWS != 0 {
            self.handle_json(&view, now);
        }
    }
}
