//! Running a pushed command: identity, the session with its "Visited Site",
//! and an event's way to the outbox (trimmed, guarded for PII, checked
//! against its taxonomy).

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use super::{Log, Tracker};
#[cfg(feature = "autotrack")]
use crate::core::identity::ab;
use crate::core::identity::Identified;
use crate::core::input::command::{self, Command, Props};
use crate::core::input::{json_parse, Api, Value};
use crate::core::limits::MAX_MESSAGE_BYTES;
use crate::core::message::{write_message, Payload};
use crate::core::support::json::{prop, record};
use crate::core::support::text::cat;
use crate::core::support::time::Now;
use crate::core::warning::{BadCommand, Warning};

/// The outcome of checking an event that is in a taxonomy.
struct Checked {
    /// The `context.validation` JSON array (only the tables find problems).
    #[cfg(feature = "taxonomy")]
    problems_json: String,
    /// A required property is missing or a type is wrong.
    #[cfg(feature = "taxonomy")]
    invalid: bool,
}

impl Checked {
    /// The `context.validation` JSON array, empty without the tables.
    fn problems_json(&self) -> &str {
        #[cfg(feature = "taxonomy")]
        let json = self.problems_json.as_str();
        #[cfg(not(feature = "taxonomy"))]
        let json = "";
        json
    }
}

impl Tracker {
    /// Runs one pushed command, as the bootstrap's `JSON.stringify` wrote
    /// it (empty when it could not: a cyclic object, a BigInt). Strings and
    /// collections over the limits are trimmed, with one warning.
    pub fn handle_json(&mut self, json: &str, now: Now) {
        let parsed = json_parse::parse(json, true);
        let command = if json.is_empty() || parsed.too_deep {
            Err(BadCommand::TooDeep)
        } else {
            command::parse(parsed.value)
        };
        match command {
            Ok(Command::Unknown(name)) => self.warn(Warning::Unknown(&name)),
            Ok(command) => {
                if parsed.trimmed {
                    self.warn(Warning::Trimmed);
                }
                self.run(command, now);
            }
            Err(why) => self.warn(Warning::Dropped(why)),
        }
    }

    /// The commands the page queued before trackq loaded have all run (as
    /// [`Tracker::handle_json`]): starts the session, with its "Visited
    /// Site", if none of them did. Waiting for them lets a visitor that the
    /// page's queued `identify` names be the one who visited.
    pub fn handle_ready(&mut self, now: Now) {
        self.touch_session(now);
        self.after_record(now);
    }

    fn run(&mut self, command: Command, now: Now) {
        match command {
            Command::Track { api, event, props } => {
                // An event starts the session first, so that "Visited Site"
                // comes before it. Nothing else starts one (nor does in
                // KISSmetrics): the page's queued `identify` and its kin run
                // before the session starts at `handle_ready`, so "Visited
                // Site" carries the last of them.
                self.touch_session(now);
                self.track(api, &event, props, now)
            }
            Command::Set(traits) => self.record(Payload::Identify { traits: &traits }, now),
            Command::Identify {
                id,
                #[cfg(feature = "saas")]
                traits,
            } => {
                match self.visitor.identify(&id, &mut self.ops) {
                    // (Identifying keeps the anonymous id.)
                    Identified::FromAnonymous => self.record(
                        Payload::Alias {
                            previous_id: None,
                            to: None,
                        },
                        now,
                    ),
                    Identified::Switched => self.record(Payload::Identify { traits: &[] }, now),
                    Identified::Unchanged => {}
                }
                #[cfg(feature = "saas")]
                if !traits.is_empty() {
                    self.record(Payload::Identify { traits: &traits }, now);
                }
            }
            Command::Alias { from, to } => {
                self.record(
                    Payload::Alias {
                        previous_id: Some(&from),
                        to: Some(&to),
                    },
                    now,
                );
            }
            Command::ClearIdentity => self.visitor.clear(&mut self.rng, &mut self.ops),
            #[cfg(feature = "autotrack")]
            Command::Bind(binding) => self.autotrack.bindings.push(binding),
            Command::Consent(granted) => {
                self.choose(granted, now);
                // Tracking starts (again) here: with it, the visit.
                self.touch_session(now);
            }
            Command::Unknown(_) => {}
            #[cfg(feature = "autotrack")]
            Command::Ab { name, variants } => {
                let anonymous_id = &self.visitor.identity().anonymous_id;
                let index = ab::pick(anonymous_id, &name, variants.len());
                if let Some(Value::Str(variant)) = variants.get(index) {
                    self.answer = Some(index);
                    let traits = [(name, Value::Str(variant.clone()))];
                    self.record(Payload::Identify { traits: &traits }, now);
                }
            }
        }
        self.after_record(now);
    }

    /// Activity: the first on this page runs the page's own events (feature
    /// `autotrack`); a new session opens with "Visited Site" (`Returning: 1`
    /// after the visitor's first).
    fn touch_session(&mut self, now: Now) {
        #[cfg(feature = "autotrack")]
        self.land(now);
        if let Some(returning) = self.visitor.touch(now.wall, &mut self.ops) {
            #[cfg(feature = "autotrack")]
            let on = self.config.auto & crate::core::autotrack::VISITED_SITE != 0;
            #[cfg(not(feature = "autotrack"))]
            let on = true;
            if on {
                // Run as the command a page could push, as the landing's
                // events are (smaller than building its `Props`); its run
                // finds the session open.
                let mut c = String::new();
                record(&mut c, "Visited Site");
                prop(&mut c, "URL", &self.page.url);
                if !self.page.referrer.is_empty() {
                    prop(&mut c, "Referrer", &self.page.referrer);
                }
                if returning {
                    c.push_str(",\"Returning\":1");
                }
                c.push_str("}]");
                self.handle_json(&c, now);
            }
        }
    }

    /// Records event `event` of `api` with `props`.
    fn track(&mut self, api: Api, event: &str, props: Props, now: Now) {
        #[cfg(feature = "pii")]
        let props = {
            let mut props = props;
            crate::core::pii::guard(api, self.config.pii_strict, &mut props);
            props
        };
        let checked = self.check(api, event, &props);
        // Only the tables can find an event invalid (the bootstrap loads the
        // development wasm for `data-validation="strict"`).
        #[cfg(feature = "taxonomy")]
        {
            let strict = self.config.validation == crate::core::input::Validation::Strict;
            if strict && checked.as_ref().is_some_and(|c| c.invalid) {
                return self.warn(Warning::Invalid(event));
            }
        }
        let checked = checked.as_ref().map(|c| (api.name(), c.problems_json()));
        self.record(
            Payload::Track {
                event,
                props: &props,
                checked,
            },
            now,
        );
    }

    /// Validates against the taxonomy: `None` for a custom event or with
    /// validation off. Warns once per problem that makes the event invalid.
    #[cfg(feature = "taxonomy")]
    fn check(&mut self, api: Api, event: &str, props: &Props) -> Option<Checked> {
        use crate::core::taxonomy;
        if self.config.validation == crate::core::input::Validation::Off {
            return None;
        }
        let problems = taxonomy::validate(api, event, props)?;
        let mut invalid = false;
        for p in problems.iter().filter(|p| p.is_invalid()) {
            self.warn(Warning::Problem { event, problem: p });
            invalid = true;
        }
        let mut problems_json = String::new();
        taxonomy::write_problems(&mut problems_json, &problems);
        Some(Checked {
            problems_json,
            invalid,
        })
    }

    /// Without the tables (the SaaS build a page gets unless it asks for
    /// `data-debug`): every event names its API's taxonomy, unchecked, and
    /// the collector checks it. With validation off, or in the `_kmq`-only
    /// build, none is named.
    #[cfg(not(feature = "taxonomy"))]
    fn check(&mut self, _: Api, _: &str, _: &Props) -> Option<Checked> {
        let on = self.config.validation != crate::core::input::Validation::Off;
        (cfg!(feature = "saas") && on).then_some(Checked {})
    }

    /// Builds, persists and queues one message.
    fn record(&mut self, payload: Payload, now: Now) {
        if !self.consent.may_record() {
            return;
        }
        let id = self.rng.uuid();
        let json = write_message(&self.page, self.visitor.identity(), &id, now.wall, payload);
        if json.len() > MAX_MESSAGE_BYTES {
            return self.warn(Warning::TooLarge(json.len()));
        }
        if self.config.debug {
            self.logs.push(Log::Debug(cat(&["trackq: ", &json])));
        }
        self.stash(json, now);
    }
}
