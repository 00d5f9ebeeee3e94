//! The data a page hands to trackq, converted once at the boundary.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

/// A JSON-like value taken from a pushed command.
///
/// Numbers keep the text JavaScript printed for them (`String(n)`): the core
/// never does arithmetic on a page's numbers, and carrying the text spares the
/// snippet a float formatter.
// A tag of four bytes instead of rustc's one (a value is 16 bytes either
// way, `Option<Value>` too): the wasm moves a value as whole aligned words
// instead of its tag byte and the 15 bytes after it (./build.sh on
// 7b7f3b5's tree: the wasms 181 / 208 bytes smaller, 62 / 59 brotli).
#[derive(Clone, Debug, PartialEq)]
#[repr(u32)]
pub enum Value {
    /// `null` (and `undefined` inside arrays).
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A finite number, as its JSON text.
    Num(String),
    /// A string.
    Str(String),
    /// An array.
    Arr(Vec<Value>),
    /// An object, in the page's key order.
    Obj(Vec<(String, Value)>),
}

impl Value {
    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The entries, if this is an object.
    pub fn as_obj(&self) -> Option<&[(String, Value)]> {
        match self {
            Value::Obj(o) => Some(o),
            _ => None,
        }
    }

    /// True for `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// A number from an `f64`, printed the way JavaScript prints it for the
    /// values a page usually sends; NaN and infinities become `null` as in
    /// `JSON.stringify`. Used by native callers (tests, the collector).
    pub fn num(n: f64) -> Value {
        if n.is_finite() {
            Value::Num(format!("{n}"))
        } else {
            Value::Null
        }
    }

    /// A string value.
    pub fn str(s: &str) -> Value {
        Value::Str(s.to_owned())
    }
}

/// Builds an object value from `(key, value)` pairs.
pub fn obj<const N: usize>(entries: [(&str, Value); N]) -> Value {
    Value::Obj(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}
