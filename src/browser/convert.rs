//! JavaScript values -> [`Value`], once, at the boundary. Bounded: depth
//! beyond the limit (cycles included) becomes [`Value::TooDeep`], and no more
//! than one entry past the limit is read from an array or object, so the
//! core can see it was cut.

use js_sys::{Array, Date, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::core::limits::{MAX_DEPTH, MAX_ENTRIES};
use crate::core::time::push_num;
use crate::core::value::Value;

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
    if let Some(date) = v.dyn_ref::<Date>() {
        let valid = !date.get_time().is_nan();
        return Some(if valid {
            Value::Str(date.to_iso_string().into())
        } else {
            Value::Null
        });
    }
    if depth >= MAX_DEPTH {
        return Some(Value::TooDeep);
    }
    if Array::is_array(v) {
        let arr: &Array = v.unchecked_ref();
        let len = arr.length().min(MAX_ENTRIES as u32 + 1);
        let items = (0..len).map(|i| to_value(&arr.get(i), depth + 1).unwrap_or(Value::Null));
        return Some(Value::Arr(items.collect()));
    }
    let obj: &Object = v.unchecked_ref();
    let mut entries = Vec::new();
    for key in Object::keys(obj).iter().take(MAX_ENTRIES + 1) {
        let (Some(name), Ok(value)) = (key.as_string(), Reflect::get(obj, &key)) else {
            continue;
        };
        if let Some(value) = to_value(&value, depth + 1) {
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
    if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 {
        let mut text = String::new();
        if n < 0.0 {
            text.push('-');
        }
        push_num(&mut text, n.abs() as u64, 1);
        return Value::Num(text);
    }
    // A primitive is no `instanceof Number`, but Number.prototype.toString
    // accepts it.
    match v.unchecked_ref::<js_sys::Number>().to_string_with_radix(10) {
        Ok(s) => Value::Num(s.into()),
        Err(_) => Value::Null,
    }
}
