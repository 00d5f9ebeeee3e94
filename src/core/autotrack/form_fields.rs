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

use crate::core::input::command::Props;
use crate::core::input::Value;
use crate::core::support::text::{split, trim};

/// One field of a submitted form, as the page had it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Field {
    /// Its `name` attribute.
    pub name: String,
    /// Its `type` property (`text`, `password`, `select-one`, `textarea`...).
    pub kind: String,
    /// Its `value`.
    pub value: String,
    /// Its `class` attribute.
    pub class: String,
    /// Whether a checkbox or radio button is checked.
    pub checked: bool,
}

/// KISSmetrics' protected pattern
/// (`pass|billing|creditcard|cardnum|^cc|ccnum|exp|seccode|securitycode|securitynum|cvc|cvv|ssn|socialsec|socsec|csc`,
/// any case), as words: `^` marks a prefix.
const PROTECTED: &str = "pass billing creditcard cardnum ^cc ccnum exp seccode securitycode securitynum cvc cvv ssn socialsec socsec csc";

/// Field types never captured: `textarea` and `hidden` unless `.km_include`.
const SKIPPED: &str = "password submit button reset image file";

/// The properties a submitted form gives (fields sharing a name, like a
/// group of checkboxes, are joined with `, `), and the value of the first
/// captured field named `userid`, `login`, `username` or `email` (ignoring
/// `_` and case), which identifies an anonymous visitor.
pub fn capture(fields: Vec<Field>) -> (Props, Option<String>) {
    let mut props = Props::new();
    let mut identity = None;
    for f in fields {
        let include = has_class(&f.class, "km_include");
        let box_unchecked = matches!(f.kind.as_str(), "checkbox" | "radio") && !f.checked;
        let skipped = split(SKIPPED, b' ').any(|k| k == f.kind)
            || box_unchecked
            || f.name.is_empty()
            || trim(&f.value).is_empty()
            || has_class(&f.class, "km_ignore")
            || card_number(&f.value)
            || ssn(&f.value);
        let hidden = matches!(f.kind.as_str(), "hidden" | "textarea") || protected(&f.name);
        if skipped || hidden && !include {
            continue;
        }
        if identity.is_none() && names_visitor(&f.name) {
            identity = Some(f.value.clone());
        }
        match props.iter_mut().find(|(n, _)| *n == f.name) {
            Some((_, Value::Str(v))) => {
                v.push_str(", ");
                v.push_str(&f.value);
            }
            _ => props.push((f.name, Value::Str(f.value))),
        }
    }
    (props, identity)
}

fn has_class(classes: &str, class: &str) -> bool {
    split(classes, b' ').any(|c| c == class)
}

/// `name` without the bytes in `drop`, ASCII-lowercased.
fn squeeze(name: &str, drop: &[u8]) -> String {
    let kept = name.bytes().filter(|b| !drop.contains(b));
    String::from_utf8(kept.map(|b| b.to_ascii_lowercase()).collect()).unwrap_or_default()
}

/// Whether `name` matches the protected pattern once `_ - [ ] \` are gone
/// (`user[cc_num]` reads `userccnum`).
pub fn protected(name: &str) -> bool {
    let name = squeeze(name, b"_-[]\\");
    split(PROTECTED, b' ').any(|word| match word.strip_prefix("^") {
        Some(prefix) => name.starts_with(prefix),
        None => name.contains(word),
    })
}

fn names_visitor(name: &str) -> bool {
    let name = squeeze(name, b"_");
    matches!(name.as_str(), "userid" | "login" | "username" | "email")
}

/// The digits of `value` when it holds nothing else but spaces and dashes.
fn digits(value: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    for b in trim(value).bytes() {
        match b {
            b'0'..=b'9' => out.push(b - b'0'),
            b' ' | b'-' => {}
            _ => return None,
        }
    }
    Some(out)
}

/// 13 to 19 digits (spaces and dashes allowed between) passing the Luhn check.
pub fn card_number(value: &str) -> bool {
    let Some(d) = digits(value) else {
        return false;
    };
    let sum: u32 = d
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &n)| {
            let n = u32::from(n) << (i & 1);
            n % 10 + n / 10
        })
        .sum();
    (13..=19).contains(&d.len()) && sum % 10 == 0
}

/// A US social security number: `123-45-6789`, `123 45 6789` or nine
/// digits, with an area other than 000, 666 and 9xx, a group other than 00
/// and a serial other than 0000.
pub fn ssn(value: &str) -> bool {
    let v = trim(value).as_bytes();
    let grouped = match v {
        [_, _, _, s, _, _, t, _, _, _, _] => s == t && (*s == b'-' || *s == b' '),
        _ => v.len() == 9,
    };
    let Some(d) = digits(trim(value)).filter(|d| d.len() == 9 && grouped) else {
        return false;
    };
    let n = |r: ::core::ops::Range<usize>| {
        d.get(r)
            .map_or(0, |s| s.iter().fold(0u32, |a, &x| a * 10 + u32::from(x)))
    };
    let area = n(0..3);
    area != 0 && area != 666 && area < 900 && n(3..5) != 0 && n(5..9) != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str, kind: &str, value: &str, class: &str) -> Field {
        Field {
            name: name.into(),
            kind: kind.into(),
            value: value.into(),
            class: class.into(),
            checked: false,
        }
    }

    fn names(fields: Vec<Field>) -> Vec<String> {
        capture(fields).0.into_iter().map(|(k, _)| k).collect()
    }

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

    #[test]
    fn card_numbers_pass_luhn() {
        for v in [
            "4111 1111 1111 1111",
            "4111-1111-1111-1111",
            "378282246310005",
            "6011000990139424",
            " 4012888888881881 ",
        ] {
            assert!(card_number(v), "{v}");
        }
        for v in [
            "4111 1111 1111 1112",
            "411111111111",
            "41111111111111111111",
            "4111x1111111111111",
            "",
            "0000 0000 0000",
        ] {
            assert!(!card_number(v), "{v}");
        }
    }

    #[test]
    fn us_social_security_numbers() {
        for v in ["123-45-6789", "123 45 6789", "123456789", " 078-05-1120 "] {
            assert!(ssn(v), "{v}");
        }
        for v in [
            "000-12-3456",
            "666-12-3456",
            "912-34-5678",
            "123-00-4567",
            "123-45-0000",
            "123-45 6789",
            "12-345-6789",
            "1234567890",
            "94105-1234",
        ] {
            assert!(!ssn(v), "{v}");
        }
    }

    #[test]
    fn what_a_form_gives() {
        let mut agree = field("agree", "checkbox", "on", "");
        agree.checked = true;
        let mut red = field("colour", "checkbox", "red", "");
        red.checked = true;
        let mut blue = field("colour", "checkbox", "blue", "");
        blue.checked = true;
        let fields = vec![
            field("name", "text", "Ann", ""),
            field("pw", "password", "hunter2", "km_include"),
            field("token", "hidden", "t0k", ""),
            field("ref", "hidden", "ad7", "a km_include"),
            field("note", "textarea", "hello", ""),
            field("cc_number", "text", "x", ""),
            field("coupon", "text", "FREE10", "km_ignore"),
            field("", "text", "nameless", ""),
            field("empty", "text", "  ", ""),
            field("card", "text", "4111 1111 1111 1111", "km_include"),
            field("memo", "text", "123-45-6789", ""),
            field("go", "submit", "Send", ""),
            field("news", "checkbox", "on", ""),
            agree,
            red,
            blue,
            field("plan", "select-one", "pro", ""),
            field("E_mail", "email", "ann@acme.test", ""),
            field("username", "text", "ann", ""),
        ];
        let (props, id) = capture(fields);
        let got: Vec<_> = props
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str().unwrap()))
            .collect();
        assert_eq!(
            got,
            [
                ("name", "Ann"),
                ("ref", "ad7"),
                ("agree", "on"),
                ("colour", "red, blue"),
                ("plan", "pro"),
                ("E_mail", "ann@acme.test"),
                ("username", "ann"),
            ]
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
            let (_, id) = capture(vec![field(name, "text", "ann", "")]);
            assert_eq!(id.as_deref(), Some("ann"), "{name}");
        }
        for name in ["user-id", "emails", "user[email]"] {
            let (_, id) = capture(vec![field(name, "text", "ann", "")]);
            assert_eq!(id, None, "{name}");
        }
        let ignored = field("email", "email", "ann@acme.test", "km_ignore");
        assert_eq!(names(vec![ignored]), Vec::<String>::new());
    }
}
