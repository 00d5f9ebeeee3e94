//! The SaaS event taxonomies of the three seeds, and validation against them.
//!
//! Each API's events are one `&'static str` table, parsed when looked up:
//! the tables ship to every visitor, and text is smaller than code or
//! structs of pointers (and compresses well). A line is
//! `event,prop:k,prop:k!,...`: `k` is the [`Kind`] code
//! (`s n b l a o d` = string, number, boolean, string[], array, object,
//! date) and `!` marks a required property.
//!
//! Which string properties are [`Kind::Date`]: those whose description in
//! the seed mentions a date ("ISO 8601 trial expiration date", "New trial
//! end date", "Trial expiration date", "ISO 8601 estimated delivery date").
//! The seed tests check that rule against the documents.
//!
//! [`validate`] returns `None` for an event that is not in the taxonomy (a
//! custom event), else every problem found.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

mod check;
mod date;
mod df;
mod kissmetrics;
mod report;
#[cfg(test)]
mod seeds;
mod upstack;

pub use check::{check_event, validate};
pub use date::is_iso_date;
pub use report::write_problems;

use crate::core::input::Api;
use crate::core::support::text::{split, split_once};

/// The type a property's value must have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A string.
    String,
    /// A number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// An array of strings.
    StringArray,
    /// Any array.
    Array,
    /// An object.
    Object,
    /// An ISO 8601 date string.
    Date,
}

impl Kind {
    /// The kind a table code stands for (`s n b l a o d`).
    fn from_code(code: u8) -> Option<Kind> {
        Some(match code {
            b's' => Kind::String,
            b'n' => Kind::Number,
            b'b' => Kind::Boolean,
            b'l' => Kind::StringArray,
            b'a' => Kind::Array,
            b'o' => Kind::Object,
            b'd' => Kind::Date,
            _ => return None,
        })
    }

    /// The kind's name as written after `expected ` in `context.validation`
    /// and in the seeds' tables: `string`, `number`, `boolean`, `string[]`,
    /// `array`, `object`, `date`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::String => "string",
            Kind::Number => "number",
            Kind::Boolean => "boolean",
            Kind::StringArray => "string[]",
            Kind::Array => "array",
            Kind::Object => "object",
            Kind::Date => "date",
        }
    }
}

/// What is wrong with one property of an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Issue {
    /// A required property is absent (or `null`).
    Missing,
    /// The value is not of the expected kind.
    WrongType(Kind),
    /// The spec does not list this property: allowed, only noted.
    Unplanned,
}

/// One finding of [`validate`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The property's name.
    pub property: String,
    /// What is wrong with it.
    pub issue: Issue,
}

/// One property of an event in a taxonomy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PropSpec {
    /// The property's name, as the page must send it.
    pub name: &'static str,
    /// The type its value must have.
    pub kind: Kind,
    /// Whether the event is invalid without it.
    pub required: bool,
}

/// One event of a taxonomy; its properties are parsed from the table on
/// demand by [`EventSpec::props`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventSpec {
    /// The event's name, as the page must send it.
    pub name: &'static str,
    /// The rest of the table line: `prop:k,prop:k!,...`.
    fields: &'static str,
}

impl EventSpec {
    /// The event a table line describes: `event,prop:k,prop:k!,...`.
    pub fn from_line(line: &'static str) -> EventSpec {
        let (name, fields) = split_once(line, b',');
        EventSpec {
            name,
            fields: fields.unwrap_or_default(),
        }
    }

    /// The event's properties, in the order of the seed's table.
    pub fn props(&self) -> impl Iterator<Item = PropSpec> {
        pieces(self.fields, b',').filter_map(|field| {
            let (name, code) = split_once(field, b':');
            let code = code.unwrap_or_default().as_bytes();
            Some(PropSpec {
                name,
                kind: Kind::from_code(*code.first()?)?,
                required: matches!(code.last(), Some(b'!')),
            })
        })
    }

    /// The property called `name`, if the event lists it.
    pub fn prop(&self, name: &str) -> Option<PropSpec> {
        self.props().find(|p| p.name == name)
    }
}

/// The table of `api`.
fn table(api: Api) -> &'static str {
    match api {
        Api::Kissmetrics => kissmetrics::TABLE,
        Api::Upstack => upstack::TABLE,
        Api::Df => df::TABLE,
    }
}

/// Every event of `api`'s taxonomy, in the order of its seed.
pub fn events(api: Api) -> impl Iterator<Item = EventSpec> {
    pieces(table(api), b'\n').map(EventSpec::from_line)
}

/// The non-empty pieces of `s` between `sep`s (a table ends with a newline;
/// an event without properties has no fields).
fn pieces(s: &'static str, sep: u8) -> impl Iterator<Item = &'static str> {
    split(s, sep).filter(|piece| !piece.is_empty())
}

/// The spec of `event` in `api`'s taxonomy; `None` for a custom event.
pub fn find(api: Api, event: &str) -> Option<EventSpec> {
    events(api).find(|e| e.name == event)
}

#[cfg(test)]
mod tests {
    use super::*;

    const APIS: [Api; 3] = [Api::Kissmetrics, Api::Upstack, Api::Df];

    #[test]
    fn every_table_field_parses() {
        for api in APIS {
            for e in events(api) {
                let fields = if e.fields.is_empty() {
                    0
                } else {
                    e.fields.split(',').count()
                };
                assert_eq!(e.props().count(), fields, "{}: {}", api.name(), e.name);
                for p in e.props() {
                    let code = p.kind.name().len(); // touch every kind's name
                    assert!(code > 0 && !p.name.is_empty());
                }
            }
        }
    }

    #[test]
    fn event_and_property_names_are_unique() {
        for api in APIS {
            let names: Vec<_> = events(api).map(|e| e.name).collect();
            for (i, n) in names.iter().enumerate() {
                assert!(!names[..i].contains(n), "{}: {n} twice", api.name());
            }
            for e in events(api) {
                let props: Vec<_> = e.props().map(|p| p.name).collect();
                for (i, p) in props.iter().enumerate() {
                    assert!(!props[..i].contains(p), "{}: {p} twice", e.name);
                }
            }
        }
    }

    #[test]
    fn counts_and_lookups() {
        assert_eq!(events(Api::Upstack).count(), 35);
        assert_eq!(events(Api::Df).count(), 21);
        assert_eq!(events(Api::Kissmetrics).count(), 6);
        let billed = find(Api::Kissmetrics, "Billed").unwrap();
        assert_eq!(
            billed.prop("Billing Amount"),
            Some(PropSpec {
                name: "Billing Amount",
                kind: Kind::Number,
                required: true
            })
        );
        assert_eq!(
            find(Api::Kissmetrics, "Canceled").unwrap().props().count(),
            0
        );
        assert_eq!(find(Api::Df, "logged_out").unwrap().props().count(), 0);
        // The same name means different things in different APIs.
        assert!(find(Api::Upstack, "trial_started")
            .unwrap()
            .prop("accountId")
            .is_some());
        assert!(find(Api::Df, "trial_started")
            .unwrap()
            .prop("accountId")
            .is_none());
        assert!(find(Api::Df, "Signed Up").is_none());
    }
}
