//! One message of a batch: checked, validated, and made ready to store.

use serde_json::{Map, Value as Json};

use crate::clock;
use crate::problems;
use crate::store::{NewEvent, Source};

/// The message types the collector stores (Segment's spec; the snippet
/// sends the first three).
pub const TYPES: [&str; 6] = ["track", "identify", "alias", "page", "screen", "group"];

/// Longest `messageId` accepted.
pub const MAX_ID_LEN: usize = 256;

/// Checks one message and turns it into a row; `Err` says what is wrong.
///
/// `fallback_time` is used when the message has no `timestamp`; a message
/// longer than `max_bytes` as JSON text is refused. A message
/// whose properties break its taxonomy is still accepted: its problems are
/// stored with it (the collector's own check when it knows the event, else
/// what the browser reported in `context.validation`).
pub fn check(
    msg: &Json,
    fallback_time: &str,
    source: Source,
    max_bytes: usize,
) -> Result<NewEvent, String> {
    let obj = msg.as_object().ok_or("message is not an object")?;
    let message_id = match obj.get("messageId") {
        Some(Json::String(s)) if s.is_empty() => return Err("messageId is empty".into()),
        Some(Json::String(s)) if s.len() > MAX_ID_LEN => {
            return Err(format!("messageId is longer than {MAX_ID_LEN} bytes"))
        }
        Some(Json::String(s)) => s.clone(),
        Some(_) => return Err("messageId is not a string".into()),
        None => return Err("messageId is missing".into()),
    };
    let kind = match obj.get("type") {
        Some(Json::String(s)) if TYPES.contains(&s.as_str()) => s.clone(),
        Some(Json::String(s)) => {
            return Err(format!("type {s:?} is not one of {}", TYPES.join(", ")))
        }
        Some(_) => return Err("type is not a string".into()),
        None => return Err("type is missing".into()),
    };
    let user_id = opt_str(obj, "userId")?;
    let anonymous_id = opt_str(obj, "anonymousId")?;
    if user_id.is_none() && anonymous_id.is_none() {
        return Err("neither userId nor anonymousId is set".into());
    }
    let event = opt_str(obj, "event")?;
    match kind.as_str() {
        "track" if event.as_deref().map_or(true, str::is_empty) => {
            return Err("a track message needs an event name".into())
        }
        "alias" if user_id.is_none() || opt_str(obj, "previousId")?.is_none() => {
            return Err("an alias message needs userId and previousId".into())
        }
        _ => {}
    }
    let timestamp = match obj.get("timestamp") {
        None | Some(Json::Null) => fallback_time.to_owned(),
        Some(Json::String(s)) => {
            clock::normalize(s).ok_or("timestamp is not an ISO 8601 date-time")?
        }
        Some(_) => return Err("timestamp is not a string".into()),
    };
    let properties = opt_obj(obj, "properties")?;
    opt_obj(obj, "traits")?;
    let context = opt_obj(obj, "context")?;

    let taxonomy = context
        .and_then(|c| c.get("taxonomy"))
        .and_then(Json::as_str)
        .and_then(problems::api_named);
    // The snippet's production build names its queue's taxonomy on every
    // event without checking it: the collector's check is the one that counts,
    // and an event the taxonomy does not know (a custom one) is stored as
    // checked against none.
    let server = match (taxonomy, event.as_deref(), kind.as_str()) {
        (Some(api), Some(name), "track") => {
            problems::check(api, name, properties.unwrap_or(&Map::new()))
        }
        _ => None,
    };
    let server_checked = server.is_some();
    let found = server.or_else(|| {
        context
            .and_then(|c| c.get("validation"))
            .and_then(Json::as_array)
            .cloned()
    });
    let body = msg.to_string();
    if body.len() > max_bytes {
        return Err(format!("message is larger than {max_bytes} bytes"));
    }
    Ok(NewEvent {
        message_id,
        kind,
        event,
        user_id,
        anonymous_id,
        timestamp,
        source,
        taxonomy: taxonomy
            .filter(|_| server_checked)
            .map(|api| api.name().to_owned()),
        problems: problems_column(found),
        body,
    })
}

/// The `problems` column: a JSON array, or `None` when there are none.
pub fn problems_column(found: Option<Vec<Json>>) -> Option<String> {
    found
        .filter(|p| !p.is_empty())
        .map(|p| Json::Array(p).to_string())
}

fn opt_str(obj: &Map<String, Json>, key: &str) -> Result<Option<String>, String> {
    match obj.get(key) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(format!("{key} is not a string")),
    }
}

fn opt_obj<'a>(
    obj: &'a Map<String, Json>,
    key: &str,
) -> Result<Option<&'a Map<String, Json>>, String> {
    match obj.get(key) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::Object(m)) => Ok(Some(m)),
        Some(_) => Err(format!("{key} is not an object")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const NOW: &str = "2026-11-22T18:00:00.000Z";

    fn ok(m: Json) -> NewEvent {
        check(&m, NOW, Source::Batch, 32 * 1024).unwrap()
    }
    fn err(m: Json) -> String {
        check(&m, NOW, Source::Batch, 32 * 1024).unwrap_err()
    }

    #[test]
    fn a_wire_message_is_taken_whole() {
        let m = json!({"type":"track","messageId":"m1","timestamp":"2026-11-22T17:59:58.120Z",
            "anonymousId":"a1","userId":"ann@acme.com","event":"Signed Up",
            "properties":{"Plan Name":"Premium Plan"},
            "context":{"taxonomy":"kissmetrics"}});
        let e = ok(m.clone());
        assert_eq!(e.message_id, "m1");
        assert_eq!(e.event.as_deref(), Some("Signed Up"));
        assert_eq!(e.timestamp, "2026-11-22T17:59:58.120Z");
        assert_eq!(e.taxonomy.as_deref(), Some("kissmetrics"));
        assert_eq!(e.problems, None);
        assert_eq!(serde_json::from_str::<Json>(&e.body).unwrap(), m);
    }

    #[test]
    fn the_collector_checks_again_with_the_named_taxonomy() {
        // The browser said nothing was wrong; the collector finds the
        // missing amount itself.
        let e = ok(
            json!({"type":"track","messageId":"m2","anonymousId":"a1","event":"Billed",
            "properties":{"Billing Description":"Monthly"},"context":{"taxonomy":"kissmetrics"}}),
        );
        let problems: Json = serde_json::from_str(e.problems.as_deref().unwrap()).unwrap();
        assert_eq!(
            problems,
            json!([{"property":"Billing Amount","problem":"missing"}])
        );
    }

    #[test]
    fn a_production_message_is_flagged_by_the_collector() {
        // As the snippet's production build writes it: the queue's taxonomy
        // named, nothing checked in the page (no context.validation).
        let e = ok(
            json!({"type":"track","messageId":"m4","anonymousId":"a1","event":"trial_started",
            "properties":{"planId":"plan_pro","trialDaysRemaining":"14"},
            "context":{"taxonomy":"upstack"}}),
        );
        assert_eq!(e.taxonomy.as_deref(), Some("upstack"));
        let problems: Json = serde_json::from_str(e.problems.as_deref().unwrap()).unwrap();
        assert_eq!(
            problems,
            json!([
                {"property":"accountId","problem":"missing"},
                {"property":"trialDaysRemaining","problem":"expected number"}
            ])
        );
        // A custom event of the same queue: no taxonomy knows it.
        let custom = ok(
            json!({"type":"track","messageId":"m5","anonymousId":"a1","event":"Custom Thing",
            "properties":{"n":1},"context":{"taxonomy":"kissmetrics"}}),
        );
        assert_eq!(custom.taxonomy, None);
        assert_eq!(custom.problems, None);
    }

    #[test]
    fn the_browsers_findings_are_kept_when_the_collector_has_none() {
        let e = ok(
            json!({"type":"track","messageId":"m3","anonymousId":"a1","event":"Custom Thing",
            "context":{"validation":[{"property":"x","problem":"missing"}]}}),
        );
        assert_eq!(
            e.problems.as_deref(),
            Some(r#"[{"property":"x","problem":"missing"}]"#)
        );
        assert_eq!(e.taxonomy, None);
    }

    #[test]
    fn bad_messages_say_what_is_wrong() {
        assert_eq!(err(json!([1])), "message is not an object");
        assert_eq!(
            err(json!({"type":"track","event":"x","anonymousId":"a"})),
            "messageId is missing"
        );
        assert_eq!(
            err(json!({"messageId":"m","event":"x","anonymousId":"a"})),
            "type is missing"
        );
        assert!(
            err(json!({"messageId":"m","type":"bogus","anonymousId":"a"}))
                .starts_with("type \"bogus\"")
        );
        assert_eq!(
            err(json!({"messageId":"m","type":"track","anonymousId":"a"})),
            "a track message needs an event name"
        );
        assert_eq!(
            err(json!({"messageId":"m","type":"track","event":"x"})),
            "neither userId nor anonymousId is set"
        );
        assert_eq!(
            err(
                json!({"messageId":"m","type":"track","event":"x","anonymousId":"a","timestamp":"soon"})
            ),
            "timestamp is not an ISO 8601 date-time"
        );
        assert_eq!(
            err(
                json!({"messageId":"m","type":"track","event":"x","anonymousId":"a","properties":[]})
            ),
            "properties is not an object"
        );
        assert_eq!(
            err(json!({"messageId":"m","type":"alias","userId":"u","anonymousId":"a"})),
            "an alias message needs userId and previousId"
        );
    }

    #[test]
    fn no_timestamp_means_received_now() {
        let e = ok(json!({"messageId":"m","type":"identify","userId":"u","traits":{"a":1}}));
        assert_eq!(e.timestamp, NOW);
        assert_eq!(e.problems, None);
    }
}
