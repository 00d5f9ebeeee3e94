//! The shell in real Chromium: localStorage persistence, the fallback when
//! storage throws, real beacons. (The globals and the bootstrap are tested
//! at page level in `tests/e2e/`.)

use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

use crate::browser::on;
use crate::contract;

wasm_bindgen_test_configure!(run_in_browser);

/// A host that records what the shell asks of it, installed as the global
/// `tq*` functions the wasm imports; `tqSend` uses the real
/// `navigator.sendBeacon` for beacons. `start()` gives what the bootstrap
/// boots the wasm with: the attributes, the page, and trackq's entries in
/// localStorage.
fn host(attrs: &str) -> JsValue {
    let make = Function::new_with_args(
        "attrs",
        // JSON bodies, to look into, unless a test asks for gzip.
        "attrs = Object.assign({ gzip: 'off' }, attrs);
         var h = { sent: [], logs: [], armed: [], later: [],
           start: function () {
             var stored = {};
             Object.keys(localStorage).sort().forEach(function (k) {
               if (k.indexOf('tq1:') == 0) stored[k] = localStorage.getItem(k);
             });
             // The facts as bootstrap/start.js gives them (the autotrack ones last).
             var page = ['https://shop.example/pricing', '/pricing', 'https://ref.example/', 'Pricing', 'test-agent',
               'undefined', null, 'ref.example', {}, {}];
             return JSON.stringify([attrs].concat(page, [stored]));
           } };
         window.tqSet = function (k, v) {
           try { v == null ? localStorage.removeItem(k) : localStorage.setItem(k, v); return true; } catch (e) { return false; }
         };
         window.tqArm = function (ms) { h.armed.push(ms); };
         window.tqRandom = function (seed) { crypto.getRandomValues(seed); };
         window.tqMono = function () { return performance.now(); };
         window.tqSend = function (id, body, gzip, beacon) {
           var url = attrs.endpoint;
           var ok = beacon ? navigator.sendBeacon(url, body) : true;
           var stored = Object.keys(localStorage).filter(function (k) { return k.indexOf('tq1:m:') == 0; });
           h.sent.push({ url: url, id: id, gzip: gzip, magic: [body[0], body[1]],
             body: gzip ? null : JSON.parse(new TextDecoder().decode(body)), beacon: beacon, ok: ok,
             storedBefore: stored.map(function (k) { return localStorage.getItem(k); }).join('\\n') });
           return ok;
         };
         window.tqLater = function (body, gzip) { h.later.push({ size: body.length, gzip: gzip }); };
         window.tqLog = function (warn, text) { h.logs.push(text); };
         return h;",
    );
    let attrs = js_sys::JSON::parse(attrs).unwrap_or(JsValue::NULL);
    make.call1(&JsValue::NULL, &attrs).unwrap()
}

fn get(v: &JsValue, path: &str) -> JsValue {
    path.split('.')
        .fold(v.clone(), |v, k| Reflect::get(&v, &k.into()).unwrap())
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Starts a fresh shell (tests share one wasm instance, and the page's
/// one snippet with it).
fn start(host: &JsValue) {
    let start = get(host, "start")
        .unchecked_into::<Function>()
        .call0(host)
        .unwrap();
    on(contract::BOOT, &start.as_string().unwrap(), 0.0, 0.0);
}

fn record(name: &str) {
    on(contract::PUSH, &format!(r#"["record","{name}"]"#), 0.0, 0.0);
}

/// `v` as JSON text.
fn json_text(v: &JsValue) -> String {
    js_sys::JSON::stringify(v).unwrap().as_string().unwrap()
}

/// The beacon the shell sent through host `h`, which Chromium must have
/// accepted (`why` says what that shows).
fn accepted_beacon(h: &JsValue, why: &str) -> JsValue {
    let sent = js_sys::Array::from(&get(h, "sent"));
    let beacon = sent
        .iter()
        .find(|s| get(s, "beacon").as_bool() == Some(true))
        .expect("a beacon");
    assert_eq!(get(&beacon, "ok").as_bool(), Some(true), "{why}");
    beacon
}

/// What the shell last registered with fetchLater through host `h` (a
/// `size` of 0: the registration withdrawn).
fn last_later(h: &JsValue) -> JsValue {
    let later = js_sys::Array::from(&get(h, "later"));
    later.get(later.length().saturating_sub(1))
}

fn stored_messages() -> Vec<String> {
    let s = storage();
    (0..s.length().unwrap())
        .filter_map(|i| s.key(i).unwrap())
        .filter(|k| k.starts_with("tq1:m:"))
        .flat_map(|k| {
            let chunk = s.get_item(&k).unwrap().unwrap();
            chunk.lines().map(str::to_owned).collect::<Vec<_>>()
        })
        .collect()
}

#[wasm_bindgen_test]
fn events_are_persisted_in_local_storage_before_sending() {
    storage().clear().unwrap();
    let h = host(r#"{"endpoint": "/collect", "batchSize": "2"}"#);
    start(&h);
    record("Persisted Event");
    let sent = || js_sys::Array::from(&get(&h, "sent"));
    assert_eq!(sent().length(), 0, "nothing is sent inside push");
    assert_eq!(
        get(&h, "armed.1").as_f64(),
        Some(0.0),
        "a full batch arms the timer at 0 ms"
    );
    on(contract::TIMER, "", 0.0, 0.0);
    assert_eq!(
        sent().length(),
        1,
        "the full batch of 2 went when the task ended"
    );
    let batch = js_sys::Array::from(&get(&sent().get(0), "body.batch"));
    assert_eq!(batch.length(), 2);
    let stored_then = get(&sent().get(0), "storedBefore").as_string().unwrap();
    for event in ["Visited Site", "Persisted Event"] {
        let needle = format!("\"event\":\"{event}\"");
        assert!(
            stored_then.contains(&needle),
            "{event} stored before the send: {stored_then}"
        );
    }
    assert_eq!(
        stored_messages().len(),
        2,
        "kept until the collector confirms"
    );
    assert!(storage().get_item("tq1:aid").unwrap().is_some());
}

#[wasm_bindgen_test]
fn identity_survives_a_new_shell_on_the_same_storage() {
    storage().clear().unwrap();
    let h = host(r#"{"endpoint": "/collect"}"#);
    start(&h);
    on(contract::PUSH, r#"["identify","ann@acme.com"]"#, 0.0, 0.0);
    let anonymous = storage().get_item("tq1:aid").unwrap();
    start(&host(r#"{"endpoint": "/collect"}"#));
    assert_eq!(storage().get_item("tq1:aid").unwrap(), anonymous);
    assert_eq!(
        storage().get_item("tq1:uid").unwrap().as_deref(),
        Some("ann@acme.com")
    );
}

#[wasm_bindgen_test]
fn storage_that_throws_falls_back_to_memory_without_throwing() {
    storage().clear().unwrap();
    let patch = Function::new_no_args(
        "window.__realSetItem = Storage.prototype.setItem;
         Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };",
    );
    patch.call0(&JsValue::NULL).unwrap();
    let h = host(r#"{"endpoint": "/collect", "batchSize": "1"}"#);
    start(&h);
    record("Kept In Memory");
    on(contract::LEAVING, "", 0.0, 0.0);
    Function::new_no_args("Storage.prototype.setItem = window.__realSetItem;")
        .call0(&JsValue::NULL)
        .unwrap();
    assert!(stored_messages().is_empty());
    let logs = js_sys::Array::from(&get(&h, "logs"));
    let warned = logs
        .iter()
        .filter(|l| l.as_string().unwrap_or_default().contains("localStorage"))
        .count();
    assert_eq!(warned, 1, "one warning, however many writes failed");
    let sent = json_text(&get(&h, "sent"));
    assert!(sent.contains("Kept In Memory"), "still delivered: {sent}");
}

#[wasm_bindgen_test]
fn leaving_the_page_sends_a_real_beacon_and_keeps_the_messages() {
    storage().clear().unwrap();
    let h = host(r#"{"endpoint": "/beacon-sink"}"#);
    start(&h);
    record("Before Leaving");
    on(contract::LEAVING, "", 0.0, 0.0);
    let beacon = accepted_beacon(&h, "Chromium accepted the beacon");
    assert!(json_text(&get(&beacon, "body")).contains("Before Leaving"));
    assert!(
        stored_messages()
            .iter()
            .any(|m| m.contains("Before Leaving")),
        "a beacon is not a confirmation: the message stays for the next load"
    );
}

#[wasm_bindgen_test]
fn bodies_go_as_gzip_bytes_and_what_waits_is_registered_with_fetch_later() {
    storage().clear().unwrap();
    let h = host(r#"{"endpoint": "/beacon-sink", "gzip": "on"}"#);
    start(&h);
    record("Zipped");
    on(contract::TIMER, "", 0.0, 0.0); // the task ends
    let last = last_later(&h);
    assert!(
        get(&last, "size").as_f64().unwrap_or(0.0) > 0.0,
        "a body registered"
    );
    assert_eq!(get(&last, "gzip").as_f64(), Some(1.0));
    on(contract::LEAVING, "", 0.0, 0.0);
    let beacon = accepted_beacon(&h, "Chromium took the bytes");
    let magic = js_sys::Array::from(&get(&beacon, "magic"));
    assert_eq!(
        (magic.get(0).as_f64(), magic.get(1).as_f64()),
        (Some(31.0), Some(139.0))
    );
    // Leaving withdraws the registration (the beacon carries it).
    assert_eq!(get(&last_later(&h), "size").as_f64(), Some(0.0));
}

#[wasm_bindgen_test]
fn a_code_the_shell_does_not_know_is_ignored() {
    storage().clear().unwrap();
    let h = host(r#"{"endpoint": "/collect", "batchSize": "1"}"#);
    start(&h);
    let unknown = (0..)
        .find(|code| contract::CODES.iter().all(|(_, known)| known != code))
        .unwrap();
    // Shaped like another tab's write: taken as one, it would make this page
    // follow a user id.
    let write = "tq1:uid\nmallory";
    on(unknown, write, 1.0, 200.0);
    record("After Unknown");
    on(contract::STORED, write, 0.0, 0.0);
    record("After Stored");
    on(contract::TIMER, "", 0.0, 0.0);
    let sent = js_sys::Array::from(&get(&h, "sent"));
    let user_of = |event: &str| {
        let needle = format!("\"event\":\"{event}\"");
        let messages = sent
            .iter()
            .flat_map(|s| js_sys::Array::from(&get(&s, "body.batch")).to_vec())
            .map(|m| json_text(&m));
        let message = messages
            .filter(|m| m.contains(&needle))
            .last()
            .unwrap_or_else(|| panic!("{event} was not sent"));
        message.contains("\"userId\":\"mallory\"")
    };
    assert!(
        !user_of("After Unknown"),
        "the unknown code changed nothing"
    );
    assert!(
        user_of("After Stored"),
        "the same text as a storage event does"
    );
    let logs = js_sys::Array::from(&get(&h, "logs"));
    assert_eq!(logs.length(), 0, "and nothing was logged");
}
