//! Keeping raw email addresses out of event properties.
//!
//! - `_df` (always, seed 002: "never send raw email addresses"): a property
//!   the spec wants hashed (`invitee_email_hash`) is sent as the SHA-256 hex
//!   of the lowercased, trimmed address, whether the page gave it raw under
//!   the base name (`invitee_email`) or raw under the `_hash` name; every
//!   other email, whole value or inside free text, nested or not, becomes
//!   `[redacted email]`.
//! - `_upstack`: untouched (its spec defines `userEmail`, `inviteeEmail`,
//!   `email`) unless strict; then any `email` / `…Email` property becomes
//!   `…Hash` (`userEmailHash`) and every other email is redacted.
//! - `_kmq`: untouched unless strict; then every email is redacted.
//!
//! Lowercasing is ASCII only: Unicode case tables would cost the snippet
//! more than the rare non-ASCII address is worth.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

mod email;

pub use email::{hash_email, is_email};

use email::redact_value;

use crate::core::input::Api;
use crate::core::input::Value;
use crate::core::limits::MAX_STRING_BYTES;
use crate::core::support::text::cut;

/// What an email address inside a string is replaced with.
pub const REDACTED: &str = "[redacted email]";

/// The `_df` property its spec wants hashed, by base name: sent as
/// `<base>_hash`. (The one `_hash` property of the df taxonomy; a test checks.)
const DF_HASHED: &str = "invitee_email";

/// Applies the rules above to the top-level `props` of an event of `api`.
/// `strict` is the page's opt-in to the stricter `_upstack` / `_kmq`
/// handling.
///
/// When the page sends both `invitee_email` and `invitee_email_hash`, the
/// raw one is dropped and the page's hash kept.
pub fn guard(api: Api, strict: bool, props: &mut Vec<(String, Value)>) {
    if api != Api::Df && !strict {
        return;
    }
    let mut i = 0;
    while let Some((key, value)) = props.get_mut(i) {
        let target = hashed_name(api, key);
        let raw_in_hash = api == Api::Df && key.ends_with("_hash");
        match value.as_str() {
            Some(raw) if target.is_some() || raw_in_hash && is_email(raw) => {
                *value = Value::Str(hash_email(raw));
                if let Some(target) = target {
                    if props.iter().any(|(k, _)| *k == target) {
                        // Moved to the end and popped rather than `remove`d,
                        // whose panic message would come into the snippet.
                        if let Some(rest) = props.get_mut(i..) {
                            for j in 1..rest.len() {
                                rest.swap(j - 1, j);
                            }
                        }
                        props.pop();
                        continue;
                    }
                    if let Some((key, _)) = props.get_mut(i) {
                        *key = target;
                    }
                }
            }
            _ => redact_value(value),
        }
        i += 1;
    }
}

/// The name under which `key` must be sent hashed, if it must.
/// (Held to the limit of a key: a name at the limit is cut before the
/// suffix, so it still differs from every other.)
fn hashed_name(api: Api, key: &str) -> Option<String> {
    let suffix = match api {
        Api::Df if key == DF_HASHED => "_hash",
        Api::Upstack if key == "email" || key.ends_with("Email") => "Hash",
        _ => return None,
    };
    let mut name = key.to_owned();
    cut(&mut name, MAX_STRING_BYTES - suffix.len());
    Some(name + suffix)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::input::obj;

    const ANN_HASH: &str = "f9669db96e65a194239696238f1c70f32c9cba34c3d842b805cf2c9e42b1f3a5";

    fn props(v: Value) -> Vec<(String, Value)> {
        v.as_obj().unwrap().to_vec()
    }

    fn guarded(api: Api, strict: bool, v: Value) -> Value {
        let mut p = props(v);
        guard(api, strict, &mut p);
        Value::Obj(p)
    }

    #[test]
    fn hashes_lowercased_trimmed_addresses() {
        assert_eq!(hash_email(" Ann@ACME.com\n"), ANN_HASH);
    }

    #[test]
    fn df_hashes_raw_invitee_email_in_place() {
        let v = guarded(
            Api::Df,
            false,
            obj([
                ("invitee_email", Value::str("Ann@Acme.com ")),
                ("role", Value::str("member")),
            ]),
        );
        assert_eq!(
            v,
            obj([
                ("invitee_email_hash", Value::str(ANN_HASH)),
                ("role", Value::str("member"))
            ])
        );
        let v = guarded(
            Api::Df,
            false,
            obj([("invitee_email_hash", Value::str(" ann@acme.com"))]),
        );
        assert_eq!(v, obj([("invitee_email_hash", Value::str(ANN_HASH))]));
    }

    #[test]
    fn df_keeps_a_given_hash_and_drops_the_raw_address() {
        let given = obj([
            ("invitee_email_hash", Value::str("b3a8e0e1...")),
            ("seats_total", Value::num(8.0)),
        ]);
        assert_eq!(guarded(Api::Df, false, given.clone()), given.clone());
        let raw = || ("invitee_email".to_owned(), Value::str("ann@acme.com"));
        let mut both = props(given.clone());
        both.insert(0, raw());
        assert_eq!(guarded(Api::Df, false, Value::Obj(both)), given);
        // The raw one after the hash: the others keep their order.
        let mut both = props(given.clone());
        both.insert(1, raw());
        assert_eq!(guarded(Api::Df, false, Value::Obj(both)), given);
    }

    #[test]
    fn df_redacts_every_other_email() {
        let v = guarded(
            Api::Df,
            false,
            obj([
                (
                    "feedback",
                    Value::str("Write to ann@acme.com, or bob@acme.com"),
                ),
                ("plan", Value::str(" bob@acme.com")),
                (
                    "filters",
                    obj([
                        ("owner", Value::str("ann@acme.com")),
                        ("n", Value::num(2.0)),
                    ]),
                ),
                (
                    "tags",
                    Value::Arr(vec![Value::str("x"), Value::str("ann@acme.com")]),
                ),
                ("reason", Value::str("too_expensive")),
            ]),
        );
        assert_eq!(
            v,
            obj([
                (
                    "feedback",
                    Value::str("Write to [redacted email], or [redacted email]")
                ),
                ("plan", Value::str(" [redacted email]")),
                (
                    "filters",
                    obj([("owner", Value::str(REDACTED)), ("n", Value::num(2.0))])
                ),
                (
                    "tags",
                    Value::Arr(vec![Value::str("x"), Value::str(REDACTED)])
                ),
                ("reason", Value::str("too_expensive")),
            ])
        );
    }

    #[test]
    fn upstack_sends_its_email_properties_unless_strict() {
        let event = obj([
            ("userEmail", Value::str("Ann@acme.com")),
            ("inviteeEmail", Value::str("ann@acme.com")),
            ("email", Value::str("ann@acme.com")),
            ("cancelFeedback", Value::str("call ann@acme.com")),
            (
                "items",
                Value::Arr(vec![obj([("email", Value::str("ann@acme.com"))])]),
            ),
            ("mrr", Value::num(9900.0)),
        ]);
        assert_eq!(guarded(Api::Upstack, false, event.clone()), event);
        let v = guarded(Api::Upstack, true, event);
        assert_eq!(
            v,
            obj([
                ("userEmailHash", Value::str(ANN_HASH)),
                ("inviteeEmailHash", Value::str(ANN_HASH)),
                ("emailHash", Value::str(ANN_HASH)),
                ("cancelFeedback", Value::str("call [redacted email]")),
                (
                    "items",
                    Value::Arr(vec![obj([("email", Value::str(REDACTED))])])
                ),
                ("mrr", Value::num(9900.0)),
            ])
        );
    }

    #[test]
    fn kissmetrics_is_redacted_only_when_strict() {
        let event = obj([
            ("Plan Name", Value::str("Pro")),
            ("Contact", Value::str("ann@acme.com")),
        ]);
        assert_eq!(guarded(Api::Kissmetrics, false, event.clone()), event);
        let v = guarded(Api::Kissmetrics, true, event);
        assert_eq!(
            v,
            obj([
                ("Plan Name", Value::str("Pro")),
                ("Contact", Value::str(REDACTED))
            ])
        );
    }

    #[cfg(feature = "taxonomy")]
    #[test]
    fn hashed_and_email_names_match_the_taxonomies() {
        use crate::core::taxonomy::events;
        let names = |api| {
            let mut v: Vec<_> = events(api)
                .flat_map(|e| e.props())
                .map(|p| p.name)
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        let df: Vec<_> = names(Api::Df)
            .into_iter()
            .filter(|n| n.ends_with("_hash"))
            .collect();
        assert_eq!(df, [format!("{DF_HASHED}_hash")]);
        let upstack: Vec<_> = names(Api::Upstack)
            .into_iter()
            .filter(|n| n.to_ascii_lowercase().contains("mail"))
            .inspect(|n| assert!(hashed_name(Api::Upstack, n).is_some(), "{n}"))
            .collect();
        assert_eq!(upstack, ["email", "inviteeEmail", "userEmail"]);
    }
}
