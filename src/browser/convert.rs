//! JavaScript values -> [`Value`], once, at the boundary. Bounded: depth
//! beyond the limit (cycles included) becomes [`Value::TooDeep`], and no more
//! than one entry past the limit is read from an array or object, so the
//! core can see it was cut.

use wasm_bindgen::{JsCast, JsValue};

use super::js;
use crate::core::limits::{MAX_DEPTH, MAX_ENTRIES};
use crate::core::time::push_num;
use crate::core::value::Value;
use crate::prelude::*;

/// Converts `v`; `None` for what JSON leaves out (`undefined`, functions, symbols).
pub fn to_value(v: &JsValue, depth: usize) -> Option<Value> {
    if v.is_null() {
        return Some(Value::Null);
    }
    if let Some(b) = v.as_bool() {
        return Some(Value::Bool(b));
    }
    if let Some(n) = v.as_f64() {
        return Some(number(n, v));
    }
    if let Some(s) = v.as_string() {
        return Some(Value::Str(s));
    }
    if v.is_undefined() || v.is_function() || v.is_symbol() || !v.is_object() {
        return None;
    }
    if let Some(date) = v.dyn_ref::<js::JsDate>() {
        return Some(date.to_iso_string().map_or(Value::Null, Value::Str));
    }
    if depth >= MAX_DEPTH {
        return Some(Value::TooDeep);
    }
    let at = |key: &JsValue| {
        js::get(v, key)
            .ok()
            .and_then(|item| to_value(&item, depth + 1))
    };
    if js::is_array(v) {
        let len = js::len(v).min(MAX_ENTRIES as u32 + 1);
        let items = (0..len).map(|i| at(&JsValue::from(i)).unwrap_or(Value::Null));
        return Some(Value::Arr(items.collect()));
    }
    let keys = js::object_keys(v).unwrap_or(JsValue::NULL);
    let len = js::len(&keys).min(MAX_ENTRIES as u32 + 1);
    let mut entries = Vec::new();
    for i in 0..len {
        let Some(key) = js::get(&keys, &JsValue::from(i)).ok() else {
            continue;
        };
        if let (Some(name), Some(value)) = (key.as_string(), at(&key)) {
            entries.push((name, value));
        }
    }
    Some(Value::Obj(entries))
}

/// A number as JSON text: integers without a call into JavaScript, others
/// as `String(n)` prints them.
fn number(n: f64, v: &JsValue) -> Value {
    if !n.is_finite() {
        return Value::Null;
    }
    if n.abs() < 9_007_199_254_740_992.0 && (n as i64) as f64 == n {
        let mut text = String::new();
        if n < 0.0 {
            text.push('-');
        }
        push_num(&mut text, n.abs() as u64, 1);
        return Value::Num(text);
    }
    Value::Num(js::to_js_string(v))
}
