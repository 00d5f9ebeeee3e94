//! Which fields of a submitted form become properties (`trackSubmit`), and
//! which one names an anonymous visitor.
//!
//! Never captured: passwords, hidden fields and textareas, buttons and file
//! inputs, unchecked boxes, fields without a name, `.km_ignore` fields,
//! names matching KISSmetrics' protected pattern, and (beyond KISSmetrics)
//! any value that looks like a card number or a US SSN. `.km_include`
//! brings in a hidden field, a textarea or a protected name; it never
//! brings in a password, a card number or an SSN.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use super::sensitive::{card_number, ssn};
use super::{has_word, list, text};
use crate::core::input::Value;
use crate::core::support::json::prop;
use crate::core::support::text::{split, trim};

/// KISSmetrics' protected pattern
/// (`pass|billing|creditcard|cardnum|^cc|ccnum|exp|seccode|securitycode|securitynum|cvc|cvv|ssn|socialsec|socsec|csc`,
/// any case), as words: `^` marks a prefix.
const PROTECTED: &str = "pass billing creditcard cardnum ^cc ccnum exp seccode securitycode securitynum cvc cvv ssn socialsec socsec csc";

/// Field types never captured: `textarea` and `hidden` unless `.km_include`.
const SKIPPED: &str = "password submit button reset image file";

/// Writes to `out` the properties a submitted form gives: each of
/// `fields` (`[name, type, value, class, checked]`, as the shell hands them
/// over) that [`keeps`], the first of those sharing a name (a group of
/// radio buttons or checkboxes: a field is passed over when an earlier one
/// of its name was kept; the facts are read within the command limits, so
/// at most 100 fields, and looking back stays cheap). Returns the value of the first one named
/// `userid`, `login`, `username` or `email` (ignoring `_` and case), which
/// identifies an anonymous visitor.
pub fn capture<'a>(out: &mut String, fields: &'a [Value]) -> Option<&'a str> {
    let mut identity = None;
    for i in 0..fields.len() {
        let (name, value) = (text(list(fields, i), 0), text(list(fields, i), 2));
        let same = |j| text(list(fields, j), 0) == name && kept(list(fields, j));
        if !kept(list(fields, i)) || (0..i).any(same) {
            continue;
        }
        if identity.is_none() && names_visitor(name) {
            identity = Some(value);
        }
        prop(out, name, value);
    }
    identity
}

/// Whether the field `f` ([`capture`]'s) is captured.
fn kept(f: &[Value]) -> bool {
    let checked = matches!(f.get(4), Some(Value::Bool(true)));
    keeps(text(f, 0), text(f, 1), text(f, 2), text(f, 3), checked)
}

/// Whether a field named `name`, of type `kind` (the `type` property:
/// `text`, `password`, `select-one`, `textarea`...), holding `value`, with
/// the class attribute `class`, is captured.
pub fn keeps(name: &str, kind: &str, value: &str, class: &str, checked: bool) -> bool {
    let has = |c: &str| has_word(class, c);
    let unchecked = has_word("checkbox radio", kind) && !checked;
    let hidden = has_word("hidden textarea", kind) || protected(name);
    !(name.is_empty()
        || trim(value).is_empty()
        || unchecked
        || has_word(SKIPPED, kind)
        || has("km_ignore")
        || hidden && !has("km_include")
        || card_number(value)
        || ssn(value))
}

/// Where `word` (lowercase) ends if it starts at byte `i` of `name`, case
/// ignored and connectors skipped: `_`, and with `all` also `- [ ] \`.
/// (By hand, without a lowercased copy of `name`: measured smaller, and
/// `str::contains` would bring its substring searcher into the snippet.)
fn word_at(name: &[u8], mut i: usize, word: &str, all: bool) -> Option<usize> {
    for w in word.bytes() {
        loop {
            let b = *name.get(i)?;
            i += 1;
            if !(b == b'_' || all && matches!(b, b'-' | b'[' | b']' | b'\\')) {
                if b.to_ascii_lowercase() != w {
                    return None;
                }
                break;
            }
        }
    }
    Some(i)
}

/// Whether `name` matches the protected pattern once `_ - [ ] \` are gone
/// (`user[cc_num]` reads `userccnum`).
pub fn protected(name: &str) -> bool {
    let name = name.as_bytes();
    split(PROTECTED, b' ').any(|word| match word.strip_prefix("^") {
        Some(prefix) => word_at(name, 0, prefix, true).is_some(),
        None => (0..name.len()).any(|i| word_at(name, i, word, true).is_some()),
    })
}

fn names_visitor(name: &str) -> bool {
    let name = name.as_bytes();
    split("userid login username email", b' ').any(|w| {
        word_at(name, 0, w, false).is_some_and(|end| {
            name.get(end..)
                .unwrap_or_default()
                .iter()
                .all(|&b| b == b'_')
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::input::json_parse::parse;

    #[test]
    fn the_protected_pattern_after_removing_connectors() {
        for name in [
            "password",
            "Pass_word",
            "billing_zip",
            "credit-card",
            "card[num]",
            "cc",
            "ccv",
            "cc_num",
            "user[ccnum]",
            "exp_month",
            "ExpiryYear",
            "sec_code",
            "security-code",
            "security_num",
            "cvc",
            "CVV2",
            "ssn",
            "social_sec",
            "soc\\sec",
            "csc",
            "compass",
        ] {
            assert!(protected(name), "{name}");
        }
        for name in [
            "email",
            "user[name]",
            "accent",
            "company",
            "account",
            "plan",
            "c_c",
        ] {
            assert_eq!(protected(name), name == "c_c", "{name}");
        }
    }

    fn captured(fields: &str) -> (String, Option<String>) {
        let Some(Value::Arr(fields)) = parse(fields, false).value else {
            panic!("{fields}")
        };
        let mut out = String::from("{");
        let id = capture(&mut out, &fields).map(str::to_owned);
        (out + "}", id)
    }

    #[test]
    fn what_a_form_gives() {
        let (props, id) = captured(
            r#"[
            ["name", "text", "Ann", ""],
            ["pw", "password", "hunter2", "km_include"],
            ["token", "hidden", "t0k", ""],
            ["ref", "hidden", "ad7", "a km_include"],
            ["note", "textarea", "hello", ""],
            ["cc_number", "text", "x", ""],
            ["coupon", "text", "FREE10", "km_ignore"],
            ["", "text", "nameless", ""],
            ["empty", "text", "  ", ""],
            ["card", "text", "4111 1111 1111 1111", "km_include"],
            ["memo", "text", "123-45-6789", ""],
            ["go", "submit", "Send", ""],
            ["news", "checkbox", "on", "", false],
            ["agree", "checkbox", "on", "", true],
            ["colour", "radio", "red", "", false],
            ["colour", "radio", "blue", "", true],
            ["colour", "radio", "green", "", true],
            ["plan", "select-one", "pro", ""],
            ["E_mail", "email", "ann@acme.test", ""],
            ["username", "text", "ann", ""],
            "not a field"
        ]"#,
        );
        assert_eq!(
            props,
            r#"{"name":"Ann","ref":"ad7","agree":"on","colour":"blue","plan":"pro","E_mail":"ann@acme.test","username":"ann"}"#
        );
        assert_eq!(id.as_deref(), Some("ann@acme.test"));
    }

    #[test]
    fn identity_fields() {
        for name in [
            "userid",
            "user_id",
            "login",
            "user_name",
            "USERNAME",
            "email",
            "e_mail",
        ] {
            let (_, id) = captured(&format!(r#"[["{name}", "text", "ann", ""]]"#));
            assert_eq!(id.as_deref(), Some("ann"), "{name}");
        }
        for name in ["user-id", "emails", "user[email]"] {
            let (_, id) = captured(&format!(r#"[["{name}", "text", "ann", ""]]"#));
            assert_eq!(id, None, "{name}");
        }
        let (props, id) = captured(r#"[["email", "email", "ann@acme.test", "km_ignore"]]"#);
        assert_eq!((props.as_str(), id), ("{}", None));
    }
}
