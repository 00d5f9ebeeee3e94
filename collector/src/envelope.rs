//! What a request says for all its messages, applied to each before it is
//! checked: Segment's batch-level `context` and `integrations` (merged into
//! every message, the message's own fields winning, objects merged key by
//! key at every depth), and a `messageId` for a message that has none.

use serde_json::{Map, Value as Json};

/// The batch-level fields shared by every message of a request.
#[derive(Debug, Default)]
pub struct Shared {
    /// The batch's `context`.
    pub context: Option<Map<String, Json>>,
    /// The batch's `integrations`.
    pub integrations: Option<Map<String, Json>>,
}

impl Shared {
    /// Takes the shared fields out of a request body (a non-object value is
    /// ignored, as a message's own would be refused).
    pub fn from_body(doc: &mut Map<String, Json>) -> Shared {
        let mut take = |key: &str| match doc.remove(key) {
            Some(Json::Object(m)) => Some(m),
            _ => None,
        };
        Shared {
            context: take("context"),
            integrations: take("integrations"),
        }
    }
}

/// Applies `shared` to `msg` and gives it a `messageId` if it has none
/// (a missing or `null` one: Segment's API generates it too). A message that
/// is not an object is left for the check to refuse.
pub fn prepare(msg: &mut Json, shared: &Shared) {
    let Some(obj) = msg.as_object_mut() else {
        return;
    };
    for (key, batch) in [
        ("context", &shared.context),
        ("integrations", &shared.integrations),
    ] {
        let Some(batch) = batch else { continue };
        let merged = match obj.remove(key) {
            None | Some(Json::Null) => Json::Object(batch.clone()),
            Some(own) => under(Json::Object(batch.clone()), own),
        };
        obj.insert(key.to_owned(), merged);
    }
    if matches!(obj.get("messageId"), None | Some(Json::Null)) {
        obj.insert(
            "messageId".into(),
            Json::String(uuid::Uuid::new_v4().to_string()),
        );
    }
}

/// `own` laid over `base`: objects merged key by key, `own` winning
/// everywhere else.
fn under(base: Json, own: Json) -> Json {
    match (base, own) {
        (Json::Object(mut base), Json::Object(own)) => {
            for (k, v) in own {
                let merged = match base.remove(&k) {
                    Some(b) => under(b, v),
                    None => v,
                };
                base.insert(k, merged);
            }
            Json::Object(base)
        }
        (_, own) => own,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_messages_own_fields_win_at_every_depth() {
        let mut doc = json!({"batch": [], "context": {"library": {"name": "x", "version": "1"},
            "page": {"path": "/a", "title": "A"}, "locale": "en"},
            "integrations": {"All": false}})
        .as_object()
        .unwrap()
        .clone();
        let shared = Shared::from_body(&mut doc);
        assert_eq!(doc, json!({"batch": []}).as_object().unwrap().clone());
        let mut m = json!({"messageId": "m", "context": {"page": {"title": "B"}, "locale": null},
            "integrations": {"Mixpanel": true}});
        prepare(&mut m, &shared);
        assert_eq!(
            m["context"],
            json!({"library": {"name": "x", "version": "1"},
                "page": {"path": "/a", "title": "B"}, "locale": null})
        );
        assert_eq!(m["integrations"], json!({"All": false, "Mixpanel": true}));
        let mut bare = json!({"type": "track"});
        prepare(&mut bare, &shared);
        assert_eq!(bare["context"]["locale"], "en");
        assert_eq!(bare["messageId"].as_str().unwrap().len(), 36);
        let mut not_obj = json!(1);
        prepare(&mut not_obj, &shared);
        assert_eq!(not_obj, json!(1));
    }
}
