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
use crate::core::support::text::{rfind, split_once, trim};

/// KISSmetrics' protected pattern
/// (`pass|billing|creditcard|cardnum|^cc|ccnum|exp|seccode|securitycode|securitynum|cvc|cvv|ssn|socialsec|socsec|csc`,
/// any case), as words found anywhere in a name; `^cc`, the one prefix, is
/// [`protected`]'s own test.
const PROTECTED: &str = "pass billing creditcard cardnum ccnum exp seccode securitycode securitynum cvc cvv ssn socialsec socsec csc";

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
        let f = list(fields, i);
        let (name, value) = (text(f, 0), text(f, 2));
        let same = |j| text(list(fields, j), 0) == name && kept(list(fields, j));
        if !kept(f) || (0..i).any(same) {
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
    let unchecked = has_word("checkbox radio", kind) && !checked;
    let hidden = has_word("hidden textarea", kind) || protected(name);
    !(name.is_empty()
        || trim(value).is_empty()
        || unchecked
        || has_word(SKIPPED, kind)
        || has_word(class, "km_ignore")
        || hidden && !has_word(class, "km_include")
        || card_number(value)
        || ssn(value))
}

/// `name` lowercased, without `_` and, with `all`, `- [ ] \`
/// (`user[cc_num]` reads `userccnum`).
fn squash(name: &str, all: bool) -> String {
    let connector = |b: u8| b == b'_' || all && matches!(b, b'-' | b'[' | b']' | b'\\');
    let mut out = String::new();
    // A byte over 0x7f goes in as another non-ASCII char: the words looked
    // for are ASCII, so they match as in `name` itself.
    for b in name.bytes() {
        if !connector(b) {
            out.push(char::from(b.to_ascii_lowercase()));
        }
    }
    out
}

/// Whether `name` matches the protected pattern once `_ - [ ] \` are gone.
pub fn protected(name: &str) -> bool {
    let name = squash(name, true);
    let mut rest = Some(PROTECTED);
    while let Some(words) = rest {
        let (word, tail) = split_once(words, b' ');
        if rfind(&name, word).is_some() {
            return true;
        }
        rest = tail;
    }
    name.starts_with("cc")
}

/// Whether `name` is `userid`, `login`, `username` or `email`, ignoring `_`
/// and case.
fn names_visitor(name: &str) -> bool {
    let name = squash(name, false);
    has_word("userid login username email", &name)
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
            "Passé",
            "çcvv",
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
            "pässword",
            "éxp",
        ] {
            assert_eq!(protected(name), name == "c_c", "{name}");
        }
    }

    /// The pattern read with the standard library's string search, on
    /// names made of pieces of the words, connectors and non-ASCII chars.
    #[test]
    fn names_read_as_std_reads_them() {
        let pieces = [
            "", "_", "-", "[", "]", "\\", "p", "a", "ss", "c", "cv", "exp", "e", "S", "é", "mail",
            "user", "id", "login", "name",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let name = format!("{a}{b}{c}");
                    let low = name.to_ascii_lowercase();
                    let all: String = low.chars().filter(|c| !"_-[]\\".contains(*c)).collect();
                    let protected_std =
                        all.starts_with("cc") || PROTECTED.split(' ').any(|w| all.contains(w));
                    assert_eq!(protected(&name), protected_std, "{name}");
                    let id = low.replace('_', "");
                    let names_std = ["userid", "login", "username", "email"].contains(&id.as_str());
                    assert_eq!(names_visitor(&name), names_std, "{name}");
                }
            }
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
        for name in ["user-id", "emails", "user[email]", "émail", "e_maïl"] {
            let (_, id) = captured(&format!(r#"[["{name}", "text", "ann", ""]]"#));
            assert_eq!(id, None, "{name}");
        }
        let (props, id) = captured(r#"[["email", "email", "ann@acme.test", "km_ignore"]]"#);
        assert_eq!((props.as_str(), id), ("{}", None));
    }
}
