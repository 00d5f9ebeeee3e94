//! The SaaS event taxonomies of the three seeds, and validation against them.
//!
//! PLACEHOLDER API (being filled in): `validate` returns `None` for an event
//! that is not in the taxonomy (a custom event), else every problem found.

use super::api::Api;
use super::value::Value;

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

/// Checks `props` of `event` against the taxonomy of `api`; `None` when the
/// event is not in it.
pub fn validate(api: Api, event: &str, props: &[(String, Value)]) -> Option<Vec<Problem>> {
    let _ = (api, event, props);
    None
}
