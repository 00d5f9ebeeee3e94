//! Validation against the seeds' taxonomies, with the snippet's own rules
//! (`trackq::core::taxonomy`), and the problems as they are stored.

use serde_json::{json, Map, Value as Json};
use trackq::core::taxonomy::{validate, Issue, Problem};
use trackq::core::Api;
use trackq::core::Value;

use crate::taxonomy_extra;

/// The taxonomy named in a message's `context.taxonomy`.
pub fn api_named(name: &str) -> Option<Api> {
    [Api::Kissmetrics, Api::Upstack, Api::Df]
        .into_iter()
        .find(|api| api.name() == name)
}

/// Checks `event` with `props` against `api` (for Upstack, also the
/// collector's own events, [`taxonomy_extra`]): `None` when the taxonomy does
/// not know the event (a custom event), else the problems as the wire's
/// `context.validation` array (possibly empty).
pub fn check(api: Api, event: &str, props: &Map<String, Json>) -> Option<Vec<Json>> {
    let entries: Vec<(String, Value)> = props
        .iter()
        .map(|(k, v)| (k.clone(), to_value(v)))
        .collect();
    validate(api, event, &entries)
        .or_else(|| {
            matches!(api, Api::Upstack)
                .then(|| taxonomy_extra::validate(event, &entries))
                .flatten()
        })
        .map(|problems| problems.iter().map(problem_json).collect())
}

/// One problem as on the wire: `{"property":"Plan Name","problem":"missing"}`.
pub fn problem_json(p: &Problem) -> Json {
    json!({"property": p.property, "problem": issue_text(&p.issue)})
}

/// True if a stored problem is more than a note (anything but `unplanned`):
/// [`Problem::is_invalid`] for a problem read back from the database.
pub fn is_invalid(problem: &Json) -> bool {
    problem.get("problem").and_then(Json::as_str) != Some("unplanned")
}

/// As [`write_problems`](trackq::core::taxonomy::write_problems) writes it
/// in the snippet, with [`Kind::name`](trackq::core::taxonomy::Kind::name).
fn issue_text(issue: &Issue) -> String {
    match issue {
        Issue::Missing => "missing".to_owned(),
        Issue::Unplanned => "unplanned".to_owned(),
        Issue::WrongType(kind) => format!("expected {}", kind.name()),
    }
}

/// A parsed JSON value as the snippet's [`Value`] (numbers keep their text).
pub fn to_value(v: &Json) -> Value {
    match v {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => Value::Num(n.to_string()),
        Json::String(s) => Value::Str(s.clone()),
        Json::Array(items) => Value::Arr(items.iter().map(to_value).collect()),
        Json::Object(map) => {
            Value::Obj(map.iter().map(|(k, v)| (k.clone(), to_value(v))).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use trackq::core::taxonomy::Kind;

    #[test]
    fn names_round_trip_and_values_convert() {
        for api in [Api::Kissmetrics, Api::Upstack, Api::Df] {
            assert_eq!(api_named(api.name()), Some(api));
        }
        assert_eq!(api_named("segment"), None);
        assert_eq!(
            to_value(&json!({"a": [1.5, "x", null, true]})),
            Value::Obj(vec![(
                "a".into(),
                Value::Arr(vec![
                    Value::Num("1.5".into()),
                    Value::str("x"),
                    Value::Null,
                    Value::Bool(true)
                ])
            )])
        );
    }

    #[test]
    fn problems_print_as_on_the_wire() {
        let p = Problem {
            property: "amount".into(),
            issue: Issue::WrongType(Kind::Number),
        };
        assert_eq!(
            problem_json(&p),
            json!({"property": "amount", "problem": "expected number"})
        );
        assert!(is_invalid(&problem_json(&p)));
        let u = Problem {
            property: "x".into(),
            issue: Issue::Unplanned,
        };
        assert!(!is_invalid(&problem_json(&u)));
    }
}
