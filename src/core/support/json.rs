//! A JSON writer for [`Value`]: the only serialisation the snippet needs.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use crate::core::input::Value;

/// Appends `value` as JSON to `out`.
pub fn write_value(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Num(n) => out.push_str(n),
        Value::Str(s) => write_str(out, s),
        Value::Arr(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Obj(entries) => write_obj(out, entries),
    }
}

/// Appends an object given as entries.
pub fn write_obj(out: &mut String, entries: &[(String, Value)]) {
    out.push('{');
    for (k, v) in entries {
        key(out, k);
        write_value(out, v);
    }
    out.push('}');
}

/// Appends `"name":` to the object being written in `out`, after a comma
/// unless it is the object's first entry; its value comes next.
pub fn key(out: &mut String, name: &str) {
    if !matches!(out.as_bytes().last(), Some(b'{')) {
        out.push(',');
    }
    write_str(out, name);
    out.push(':');
}

/// Appends `"name":"value"` to the object being written in `out`.
pub fn prop(out: &mut String, name: &str, value: &str) {
    key(out, name);
    write_str(out, value);
}

/// Appends `["record",<event>,{`: a `record` command whose properties
/// follow (with [`prop`]), then `}]`.
pub fn record(out: &mut String, event: &str) {
    out.push_str("[\"record\",");
    write_str(out, event);
    out.push_str(",{");
}

/// Appends `s` as a JSON string literal.
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    // Runs without escapes are copied whole; every escaped byte is ASCII,
    // so each cut falls on a char boundary.
    let (mut start, mut i) = (0, 0);
    while let Some(&b) = s.as_bytes().get(i) {
        i += 1;
        let escaped = match b {
            b'"' | b'\\' => b,
            b'\n' => b'n',
            b'\r' => b'r',
            b'\t' => b't',
            0..=0x1f => b'u',
            _ => continue,
        };
        out.push_str(s.get(start..i - 1).unwrap_or_default());
        out.push('\\');
        out.push(char::from(escaped));
        if escaped == b'u' {
            crate::core::support::text::push_hex(out, u64::from(b), 4);
        }
        start = i;
    }
    out.push_str(s.get(start..).unwrap_or_default());
    out.push('"');
}

/// `value` as a JSON string.
pub fn to_string(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::input::obj;

    #[test]
    fn escapes_strings() {
        assert_eq!(
            to_string(&Value::str("a\"b\\c\n\u{1}é")),
            r#""a\"b\\c\n\u0001é""#
        );
    }

    #[test]
    fn writes_nested_values_in_order() {
        let v = obj([
            ("b", Value::num(29.99)),
            (
                "a",
                Value::Arr(vec![Value::Null, Value::Bool(true), Value::num(3.0)]),
            ),
        ]);
        assert_eq!(to_string(&v), r#"{"b":29.99,"a":[null,true,3]}"#);
    }

    #[test]
    fn non_finite_numbers_are_null() {
        assert_eq!(to_string(&Value::num(f64::NAN)), "null");
    }
}
