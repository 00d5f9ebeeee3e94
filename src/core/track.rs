//! An event's way from the page to the outbox: trimmed, guarded for PII,
//! checked against its taxonomy.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use super::api::Api;
use super::command::Props;
use super::message::Payload;
use super::text::cat;
use super::tracker::Tracker;

/// The outcome of checking an event that is in a taxonomy.
struct Checked {
    /// The `context.validation` JSON array.
    problems_json: String,
    /// A required property is missing or a type is wrong.
    invalid: bool,
}

impl Tracker {
    /// Records event `event` of `api` with `props`.
    pub(super) fn track(&mut self, api: Api, event: &str, props: Props, now: u64) {
        #[cfg(feature = "pii")]
        let props = {
            let mut props = props;
            super::pii::guard(api, self.config.pii_strict, &mut props);
            props
        };
        let checked = self.check(api, event, &props);
        let strict = self.config.validation == super::config::Validation::Strict;
        if strict && checked.as_ref().is_some_and(|c| c.invalid) {
            return self.warn(cat(&[
                "trackq: ",
                event,
                ": dropped (data-validation=\"strict\")",
            ]));
        }
        let checked = checked
            .as_ref()
            .map(|c| (api.name(), c.problems_json.as_str()));
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
        use super::taxonomy;
        if self.config.validation == super::config::Validation::Off {
            return None;
        }
        let problems = taxonomy::validate(api, event, props)?;
        let mut invalid = false;
        for p in problems.iter().filter(|p| p.is_invalid()) {
            self.warn(p.warning(event));
            invalid = true;
        }
        let mut problems_json = String::new();
        taxonomy::write_problems(&mut problems_json, &problems);
        Some(Checked {
            problems_json,
            invalid,
        })
    }

    #[cfg(not(feature = "taxonomy"))]
    fn check(&mut self, _: Api, _: &str, _: &Props) -> Option<Checked> {
        None
    }
}
