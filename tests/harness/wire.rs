//! A request body as the collector reads it: Segment's batch-level `context`
//! merged under each message's own (objects key by key at every depth, the
//! message's own values winning), as trackq-collector's `envelope` does.

use super::js::js;
use std::io::Read;
use trackq::core::{Encoding, Value};

/// A transmit's JSON text: gzip inflated by a real inflater, as the
/// collector's is.
pub fn text(body: &[u8], encoding: Encoding) -> String {
    let bytes = match encoding {
        Encoding::Gzip => {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(body)
                .read_to_end(&mut out)
                .expect("a valid gzip body");
            out
        }
        Encoding::Json => {
            assert!(!body.starts_with(&[0x1f, 0x8b]), "JSON text");
            body.to_vec()
        }
    };
    String::from_utf8(bytes).expect("UTF-8 JSON text")
}

/// The body, parsed, with the batch-level `context` merged into every
/// message; the same with key order kept (the batch's keys first, then the
/// message's others, which is the order of the per-message form).
pub fn read_body(raw: &str) -> (serde_json::Value, Value) {
    let mut body: serde_json::Value =
        serde_json::from_str(raw).unwrap_or_else(|e| panic!("the body is not JSON ({e}): {raw}"));
    if let Some(shared) = body.as_object_mut().and_then(|b| b.remove("context")) {
        for m in body["batch"].as_array_mut().into_iter().flatten() {
            let own = m["context"].take();
            m["context"] = under(shared.clone(), own);
        }
    }
    let mut ordered = js(raw);
    if let Value::Obj(entries) = &mut ordered {
        let shared = entries.iter().position(|(k, _)| k == "context");
        if let Some((_, shared)) = shared.map(|i| entries.remove(i)) {
            for (k, batch) in entries.iter_mut() {
                let Value::Arr(messages) = batch else {
                    continue;
                };
                if k != "batch" {
                    continue;
                }
                for m in messages {
                    let Value::Obj(fields) = m else { continue };
                    match fields.iter_mut().find(|(k, _)| k == "context") {
                        Some((_, own)) => *own = ordered_under(shared.clone(), own.clone()),
                        None => fields.push(("context".into(), shared.clone())),
                    }
                }
            }
        }
    }
    (body, ordered)
}

/// `own` laid over `base` (serde_json).
fn under(base: serde_json::Value, own: serde_json::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match (base, own) {
        (base, J::Null) => base,
        (J::Object(mut base), J::Object(own)) => {
            for (k, v) in own {
                let merged = match base.remove(&k) {
                    Some(b) => under(b, v),
                    None => v,
                };
                base.insert(k, merged);
            }
            J::Object(base)
        }
        (_, own) => own,
    }
}

/// `own` laid over `base`, key order kept.
fn ordered_under(base: Value, own: Value) -> Value {
    match (base, own) {
        (Value::Obj(mut base), Value::Obj(own)) => {
            for (k, v) in own {
                match base.iter_mut().find(|(b, _)| *b == k) {
                    Some((_, b)) => *b = ordered_under(b.clone(), v),
                    None => base.push((k, v)),
                }
            }
            Value::Obj(base)
        }
        (_, own) => own,
    }
}
