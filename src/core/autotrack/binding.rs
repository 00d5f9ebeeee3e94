//! `trackClick`, `trackClickOnOutboundLink` and `trackSubmit`: which
//! element a command names, and whether a click or a submit was on it.
//!
//! The shell listens once on the whole document, so elements added later
//! count too, and hands over the facts of each click or submit: the
//! element's chain up to the root (each node's id, class attribute, and the
//! number the shell gave it if a command named it as an `Element`).

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use crate::core::input::Value;
use crate::core::support::json::{write_obj, write_str};

/// What a command names: an element id (`'signup_form'`), a class
/// (`'.play_button'`), or an `Element`, by the negative number the shell
/// stood in for it with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// Which of a node's facts it is compared with: 0 the id, 1 the class
    /// attribute, 2 the element number.
    fact: usize,
    /// The id, the class with its dot, or the number.
    name: String,
}

impl Target {
    /// An id, a `.class`, or an `Element` (a negative number from the shell).
    pub fn parse(v: Value) -> Option<Target> {
        let (fact, name) = match v {
            // A class needs a name besides its dot, an id a name.
            Value::Str(s) if s.len() > usize::from(s.starts_with(".")) => {
                (usize::from(s.starts_with(".")), s)
            }
            Value::Num(n) if n.starts_with("-") => (2, n),
            _ => return None,
        };
        Some(Target { fact, name })
    }

    /// Whether the node at the start of `chain`, or one it is inside, is
    /// this target. A node is `[id, class attribute, element number]`.
    pub fn matches(&self, chain: &[Value]) -> bool {
        (0..chain.len()).any(|i| {
            let fact = super::text(super::list(chain, i), self.fact);
            match self.fact {
                1 => super::has_word(fact, self.name.get(1..).unwrap_or_default()),
                _ => fact == self.name,
            }
        })
    }
}

/// A `trackClick`, `trackClickOnOutboundLink` or `trackSubmit` in force.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    /// `trackSubmit` (else a click).
    pub submit: bool,
    /// The element(s) it watches.
    pub target: Target,
    /// The `record` command it runs, without its closing `]`:
    /// `["record","Invite Friends Clicked",{"color":"red"}` (a form's
    /// fields go before that last `}`).
    pub command: String,
}

impl Binding {
    /// `[target, event, props?]` of a `trackClick`-like command, the
    /// event and properties already read.
    pub fn new(submit: bool, target: Target, event: &str, props: &[(String, Value)]) -> Binding {
        let mut command = String::from("[\"record\",");
        write_str(&mut command, event);
        command.push(',');
        write_obj(&mut command, props);
        Binding {
            submit,
            target,
            command,
        }
    }
}

/// Whether a click on a link to `href` (absolute, as `a.href` reads) with
/// `target` (its `target` attribute) makes this tab leave the page: a
/// plain left click on an `http(s)` link that opens in this tab. Clicks
/// with Ctrl, Meta, Shift or Alt, or with another button, open a tab or
/// download and leave the page where it is.
pub fn leaves_page(href: &str, target: &str, button: u8, modified: bool) -> bool {
    href.starts_with("http")
        // The leading space makes "" (no `target`) one of the words.
        && super::has_word(" _self _top _parent", target)
        && button == 0
        && !modified
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::input::json_parse::parse;

    fn chain(json: &str) -> Vec<Value> {
        match parse(json, true).value {
            Some(Value::Arr(nodes)) => nodes,
            _ => panic!("{json}"),
        }
    }

    #[test]
    fn targets_by_id_class_or_element() {
        let t = |v: Value| Target::parse(v).unwrap();
        let clicked =
            chain(r#"[["", "icon", 0], ["invite_link", "btn play_button", -2], ["", null, 0]]"#);
        assert!(t(Value::str("invite_link")).matches(&clicked));
        assert!(t(Value::str(".play_button")).matches(&clicked));
        assert!(t(Value::str(".icon")).matches(&clicked));
        assert!(t(Value::Num("-2".into())).matches(&clicked));
        assert!(!t(Value::str("play_button")).matches(&clicked));
        assert!(!t(Value::str(".play")).matches(&clicked));
        assert!(!t(Value::Num("-1".into())).matches(&clicked));
        for bad in [
            Value::str(""),
            Value::str("."),
            Value::Num("3".into()),
            Value::Null,
        ] {
            assert_eq!(Target::parse(bad), None);
        }
    }

    #[test]
    fn which_clicks_leave_the_page() {
        assert!(leaves_page("https://other.test/", "", 0, false));
        assert!(leaves_page("http://other.test/", "_top", 0, false));
        assert!(!leaves_page("https://other.test/", "_blank", 0, false));
        assert!(!leaves_page("https://other.test/", "", 1, false));
        assert!(!leaves_page("https://other.test/", "", 0, true));
        assert!(!leaves_page("mailto:ann@acme.test", "", 0, false));
        assert!(!leaves_page("", "", 0, false));
    }
}
