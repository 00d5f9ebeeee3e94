//! Cuts oversized property values down to the limits in [`super::limits`].

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use super::limits::{MAX_ENTRIES, MAX_STRING_BYTES};
use super::value::Value;

/// Trims every string and collection under `props`; true if anything was cut.
pub fn trim_props(props: &mut Vec<(String, Value)>) -> bool {
    let mut cut = props.len() > MAX_ENTRIES;
    props.truncate(MAX_ENTRIES);
    for (key, value) in props.iter_mut() {
        cut |= trim_string(key);
        cut |= trim_value(value);
    }
    cut
}

fn trim_value(value: &mut Value) -> bool {
    match value {
        Value::Str(s) => trim_string(s),
        Value::Arr(items) => {
            let mut cut = items.len() > MAX_ENTRIES;
            items.truncate(MAX_ENTRIES);
            for item in items.iter_mut() {
                cut |= trim_value(item);
            }
            cut
        }
        Value::Obj(entries) => trim_props(entries),
        _ => false,
    }
}

/// Cuts `s` to the string limit at a char boundary; true if it was cut.
pub fn trim_string(s: &mut String) -> bool {
    if s.len() <= MAX_STRING_BYTES {
        return false;
    }
    let mut end = MAX_STRING_BYTES;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.truncate(end);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_long_strings_at_char_boundaries_and_long_collections() {
        let long = "é".repeat(MAX_STRING_BYTES);
        let many = Value::Arr(vec![Value::Null; MAX_ENTRIES + 5]);
        let mut props = vec![("a".to_owned(), Value::Str(long)), ("b".to_owned(), many)];
        assert!(trim_props(&mut props));
        assert_eq!(props[0].1.as_str().map(str::len), Some(MAX_STRING_BYTES));
        assert!(matches!(&props[1].1, Value::Arr(v) if v.len() == MAX_ENTRIES));
        assert!(!trim_props(&mut props));
    }
}
