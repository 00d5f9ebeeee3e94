//! Running a pushed command: identity, and the session with its
//! "Visited Site".

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use super::api::Api;
use super::command::{self, Command, Props};
use super::identity::Identified;
use super::json_parse;
use super::message::Payload;
use super::tracker::Tracker;
use super::value::Value;

impl Tracker {
    /// Runs one pushed command, as the bootstrap's `JSON.stringify` wrote
    /// it (empty when it could not: a cyclic object, a BigInt). Strings and
    /// collections over the limits are trimmed, with one warning.
    pub fn handle_json(&mut self, json: &str, now: u64) {
        let parsed = json_parse::parse(json, true);
        let command = if json.is_empty() || parsed.too_deep {
            Err(command::bad(command::TOO_DEEP))
        } else {
            command::parse(parsed.value.unwrap_or(Value::Null))
        };
        match command {
            Ok(command) => {
                if parsed.trimmed {
                    let trimmed =
                        "trackq: strings over 2048 bytes or lists over 100 entries were trimmed";
                    self.warn(trimmed.into());
                }
                self.run(command, now);
            }
            Err(warning) => self.warn(warning),
        }
    }

    /// The commands the page queued before trackq loaded have all run (as
    /// [`Tracker::handle_json`]): starts the session, with its "Visited
    /// Site", if none of them did. Waiting for them lets a visitor that the
    /// page's queued `identify` names be the one who visited.
    pub fn handle_ready(&mut self, now: u64) {
        self.touch_session(now);
        self.after_record(now);
    }

    fn run(&mut self, command: Command, now: u64) {
        // An event starts the session first, so that "Visited Site" comes
        // before it; `identify` and its kin go first, so that "Visited Site"
        // carries who they say the visitor is.
        let track = matches!(command, Command::Track { .. });
        if track {
            self.touch_session(now);
        }
        match command {
            Command::Track { api, event, props } => self.track(api, &event, props, now),
            Command::Set(traits) => self.identify_message(traits, now),
            Command::Identify { id, traits } => {
                let previous = self.identity.anonymous_id.clone();
                match self.identity.identify(&id, &mut self.ops) {
                    Identified::FromAnonymous => self.record(
                        Payload::Alias {
                            previous_id: &previous,
                        },
                        now,
                    ),
                    Identified::Switched => self.identify_message(Props::new(), now),
                    Identified::Unchanged => {}
                }
                if !traits.is_empty() {
                    self.identify_message(traits, now);
                }
            }
            Command::Alias { from, to } => {
                let saved = self.identity.user_id.replace(to);
                self.record(Payload::Alias { previous_id: &from }, now);
                self.identity.user_id = saved;
            }
            Command::ClearIdentity => self.identity.clear(&mut self.rng, &mut self.ops),
        }
        if !track {
            self.touch_session(now);
        }
        self.after_record(now);
    }

    fn identify_message(&mut self, traits: Props, now: u64) {
        self.record(Payload::Identify { traits: &traits }, now);
    }

    fn touch_session(&mut self, now: u64) {
        if self.session.touch(now, &mut self.ops) {
            let mut props = vec![("URL".to_owned(), Value::Str(self.page.url.clone()))];
            if !self.page.referrer.is_empty() {
                props.push((
                    "Referrer".to_owned(),
                    Value::Str(self.page.referrer.clone()),
                ));
            }
            self.track(Api::Kissmetrics, "Visited Site", props, now);
        }
    }
}
