//! The page's globals: `_kmq`, `_upstack`, `_df`. What the stubs queued
//! before the script loaded is replayed in order; then each global is
//! replaced by one that calls straight in.

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::prelude::*;

use super::convert::to_value;
use super::{dispatch, Input};
use crate::core::value::Value;

/// The inputs queued before load: the `_kmq` array (into which the
/// documented `_upstack`/`_df` stubs also push, keeping one order), then the
/// `q` arrays of stubs written the other common way.
pub fn take_queued() -> Vec<Input> {
    let global = js_sys::global();
    let mut inputs = Vec::new();
    if let Ok(kmq) = Reflect::get(&global, &"_kmq".into()) {
        if Array::is_array(&kmq) {
            inputs.extend(Array::from(&kmq).iter().map(|item| pushed(&item)));
        }
    }
    for (name, prefix) in [("_upstack", &["_upstack"][..]), ("_df", &["_df"][..])] {
        let queue = Reflect::get(&global, &name.into()).and_then(|g| Reflect::get(&g, &"q".into()));
        if let Ok(queue) = queue {
            if Array::is_array(&queue) {
                for args in Array::from(&queue).iter() {
                    inputs.push(Input::Command(call(prefix, &Array::from(&args))));
                }
            }
        }
    }
    inputs
}

/// One `_kmq.push` argument: a function to call once ready, or a command.
fn pushed(item: &JsValue) -> Input {
    match item.dyn_ref::<Function>() {
        Some(f) => Input::Callback(f.clone()),
        None => Input::Command(to_value(item, 0).unwrap_or(Value::Null)),
    }
}

/// `prefix` followed by a call's arguments, as one command array.
fn call(prefix: &[&str], args: &Array) -> Value {
    let mut items: Vec<Value> = prefix.iter().map(|p| Value::str(p)).collect();
    items.extend(args.iter().map(|a| to_value(&a, 1).unwrap_or(Value::Null)));
    Value::Arr(items)
}

/// Replaces the stubs with the live globals. They live as long as the page,
/// so their closures are leaked on purpose.
pub fn install() {
    let global = js_sys::global();
    let kmq = Object::new();
    let push = Closure::<dyn FnMut(JsValue)>::new(|item: JsValue| dispatch(pushed(&item)));
    let _ = Reflect::set(&kmq, &"push".into(), &push.into_js_value());
    let _ = Reflect::set(&global, &"_kmq".into(), &kmq);

    let upstack = Closure::<dyn FnMut(JsValue, JsValue, JsValue)>::new(|a, b, c| {
        dispatch(Input::Command(call(&["_upstack"], &Array::of3(&a, &b, &c))))
    });
    let _ = Reflect::set(&global, &"_upstack".into(), &upstack.into_js_value());

    let df = Object::new();
    for method in ["track", "identify"] {
        let f = Closure::<dyn FnMut(JsValue, JsValue)>::new(move |a, b| {
            dispatch(Input::Command(call(&["_df", method], &Array::of2(&a, &b))))
        });
        let _ = Reflect::set(&df, &method.into(), &f.into_js_value());
    }
    let _ = Reflect::set(&global, &"_df".into(), &df);
}
