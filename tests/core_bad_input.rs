//! Whatever a page pushes, nothing panics: a bad command is dropped with
//! exactly one `trackq:` warning, oversized values are trimmed with one,
//! and the next good command still arrives.

mod harness;

// In Chromium (`wasm-pack test --headless --chrome`) each `#[test]` is a wasm-bindgen test.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use harness::{event, get, js, Harness};
use trackq::core::limits::{MAX_ENTRIES, MAX_STRING_BYTES};
use trackq::core::support::json::to_string;
use trackq::core::Value;

/// Pushes each command on one page: each must add exactly one warning and
/// nothing to the outbox; then a good command must still arrive alone.
fn each_dropped_with_one_warning(commands: &[Value]) {
    let json: Vec<String> = commands.iter().map(to_string).collect();
    each_json_dropped_with_one_warning(&json, "");
}

/// [`each_dropped_with_one_warning`] for commands as the bootstrap hands them
/// over (JSON text; empty when `JSON.stringify` threw), whose warning says `why`.
fn each_json_dropped_with_one_warning(commands: &[impl AsRef<str>], why: &str) {
    let mut h = Harness::new();
    let stored = h.stored_messages();
    for c in commands.iter().map(AsRef::as_ref) {
        h.push_json(c);
        let warnings = h.take_warnings();
        assert_eq!(warnings.len(), 1, "{c}: {warnings:?}");
        assert!(warnings[0].starts_with("trackq: "), "{}", warnings[0]);
        assert!(warnings[0].contains(why), "{}", warnings[0]);
        assert_eq!(h.stored_messages(), stored, "{c} was recorded");
    }
    h.push("['record', 'still works']");
    h.settle();
    let events: Vec<_> = h.delivered_events();
    assert_eq!(events, ["Visited Site", "still works"]);
    assert!(h.warnings.is_empty(), "{:?}", h.warnings);
}

#[test]
fn non_arrays_empty_arrays_and_unknown_commands() {
    let commands = [
        "null",
        "'record'",
        "42",
        "true",
        "{record: 'x'}",
        "[]",
        "[42]",
        "[null, 'x']",
        "['fly', 'x']",
        "['track', 'x']",
    ];
    each_dropped_with_one_warning(&commands.map(js));
}

#[test]
fn wrong_argument_types() {
    let commands = [
        "['billed','abc']",
        "['billed']",
        "['billed', null]",
        "['billed', 1, 2]",
        "['billed', 1, 'x', 'notanobject']",
        "['identify', '']",
        "['identify', '   ']",
        "['identify']",
        "['identify', {id: 1}]",
        "['record', 42]",
        "['record']",
        "['record', '']",
        "['record','x','notanobject']",
        "['record','x',[1, 2]]",
        "['set', 'x']",
        "['set']",
        "['alias','a']",
        "['alias', null, 'b']",
        "['signedUp', 5]",
        "['signedUp', 'Pro', 'notanobject']",
        "['canceled', 'x']",
        "['_upstack']",
        "['_upstack', 'fly', 'x']",
        "['_upstack', 'track']",
        "['_upstack', 'track', 'x', 5]",
        "['_df', 'identify', '']",
        "['_df', 42, 'x']",
    ];
    each_dropped_with_one_warning(&commands.map(js));
}

#[test]
fn too_deep_or_cyclic_values_anywhere() {
    // The command is level 0; an object or array at level 5 is too deep.
    let commands = [
        "", // JSON.stringify threw: a cyclic object
        "[[[[[[]]]]]]",
        r#"["record",[[[[[]]]]]]"#,
        r#"["record","x",{"a":{"b":{"c":{"d":{}}}}}]"#,
        r#"["set",{"a":[null,[[[[]]]]]}]"#,
        r#"["_df","track","report_viewed",{"filters":{"f":{"g":{"h":[]}}}}]"#,
        r#"["signedUp",null,{"x":{"y":{"z":{"w":{}}}}}]"#,
        r#"["clearIdentity",[[[[[]]]]]]"#,
    ];
    each_json_dropped_with_one_warning(&commands, "nested");
    let mut h = Harness::new();
    h.push_json(r#"["record","x",{"a":{"b":{"c":{"d":1}}}}]"#);
    h.settle();
    assert_eq!(
        h.delivered_events(),
        ["Visited Site", "x"],
        "level 4 is fine"
    );
    assert!(h.warnings.is_empty(), "{:?}", h.warnings);
}

/// Pushes one command; returns the page, the properties of its message and
/// the warnings it caused.
fn sent_props(command: Value) -> (Harness, Value, Vec<String>) {
    let mut h = Harness::new();
    h.push_value(&command);
    let warnings = h.take_warnings();
    let m = h
        .ordered_messages_after_flush()
        .pop()
        .expect("the message arrives");
    (h, get(&m, "properties").clone(), warnings)
}

#[test]
fn huge_strings_are_trimmed_with_one_warning() {
    let long = "é".repeat(1500); // 3,000 bytes
    let obj = |pairs: Vec<(String, Value)>| Value::Obj(pairs);
    let command = Value::Arr(vec![
        Value::str("record"),
        Value::str("Long"),
        obj(vec![
            ("text".into(), Value::str(&long)),
            (
                "nested".into(),
                obj(vec![(long.clone(), Value::Arr(vec![Value::str(&long)]))]),
            ),
        ]),
    ]);
    let (_, props, warnings) = sent_props(command);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("trackq: ") && warnings[0].contains("trimmed"),
        "{}",
        warnings[0]
    );
    let text = get(&props, "text").as_str().expect("text");
    assert_eq!(text.len(), MAX_STRING_BYTES, "cut at a char boundary");
    assert!(long.starts_with(text));
    let (key, value) = &get(&props, "nested").as_obj().expect("nested")[0];
    assert_eq!(key.len(), MAX_STRING_BYTES);
    assert_eq!(
        harness::items(value)[0].as_str().map(str::len),
        Some(MAX_STRING_BYTES)
    );
}

#[test]
fn objects_and_arrays_keep_100_entries() {
    let many = (0..150)
        .map(|i| (format!("k{i}"), Value::num(f64::from(i))))
        .collect();
    let list = Value::Arr((0..150).map(|i| Value::num(f64::from(i))).collect());
    let command = Value::Arr(vec![
        Value::str("record"),
        Value::str("Wide"),
        Value::Obj(vec![
            ("list".into(), list),
            ("obj".into(), Value::Obj(many)),
        ]),
    ]);
    let (_, props, warnings) = sent_props(command);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(harness::items(get(&props, "list")).len(), MAX_ENTRIES);
    let obj = get(&props, "obj").as_obj().expect("obj");
    assert_eq!(obj.len(), MAX_ENTRIES);
    assert_eq!(obj[MAX_ENTRIES - 1].0, "k99", "the first 100 keys are kept");
    let mut h = Harness::new();
    let top = (0..120)
        .map(|i| (format!("p{i}"), Value::Bool(true)))
        .collect();
    h.push_value(&Value::Arr(vec![Value::str("set"), Value::Obj(top)]));
    assert_eq!(h.warnings.len(), 1, "{:?}", h.warnings);
    let m = h.ordered_messages_after_flush().pop().expect("identify");
    assert_eq!(
        get(&m, "traits").as_obj().map(<[_]>::len),
        Some(MAX_ENTRIES),
        "set's traits too"
    );
}

#[test]
fn huge_traits_are_trimmed_too() {
    let mut h = Harness::new();
    let traits = Value::Obj(vec![("bio".into(), Value::str(&"b".repeat(5_000)))]);
    h.push_value(&Value::Arr(vec![
        Value::str("_upstack"),
        Value::str("identify"),
        Value::str("usr_1"),
        traits,
    ]));
    assert_eq!(h.warnings.len(), 1, "{:?}", h.warnings);
    h.settle();
    let identify = h
        .messages()
        .into_iter()
        .find(|m| m["type"] == "identify")
        .expect("identify");
    assert_eq!(
        identify["traits"]["bio"].as_str().map(str::len),
        Some(MAX_STRING_BYTES)
    );
}

#[test]

fn a_huge_event_name_is_trimmed_with_one_warning() {
    let mut h = Harness::new();
    h.push_value(&Value::Arr(vec![
        Value::str("record"),
        Value::str(&"E".repeat(3_000)),
    ]));
    assert_eq!(h.warnings.len(), 1, "{:?}", h.warnings);
    h.settle();
    let (m, _) = h.delivered();
    assert_eq!(m.last().map(|m| event(m).len()), Some(MAX_STRING_BYTES));
}

#[test]

fn a_huge_user_id_does_not_poison_later_messages() {
    let mut h = Harness::new();
    h.push_value(&Value::Arr(vec![
        Value::str("identify"),
        Value::str(&"u".repeat(40_000)),
    ]));
    assert!(h.take_warnings().len() <= 1);
    h.push("['record', 'after']");
    assert!(h.warnings.is_empty(), "{:?}", h.warnings);
    h.reload();
    h.push("['record', 'next page']");
    h.settle();
    let events: Vec<_> = h.delivered_events();
    assert!(
        events.contains(&"after".to_owned()) && events.contains(&"next page".to_owned()),
        "{events:?}"
    );
}
