//! Test-only: proves the tables match the seed documents in `tests/seeds/`
//! by parsing the documents' property tables and JavaScript examples.

use super::{events, validate, Kind};
use crate::core::input::Api;
use crate::core::input::{obj, Value};

const UPSTACK: &str = include_str!("../../../tests/seeds/upstack.txt");
const DF: &str = include_str!("../../../tests/seeds/df.txt");
const KISSMETRICS: &str = include_str!("../../../tests/seeds/kissmetrics.txt");

/// `(event, [(property, type as the seed writes it, required)])`.
type Spec = Vec<(String, Vec<(String, String, bool)>)>;

/// Type names as the seeds write them; `string[]` before `string`.
const TYPES: [&str; 6] = ["string[]", "string", "number", "boolean", "array", "object"];

/// A heading line: an event name alone, or glued after the previous
/// example's closing `)` as in seed 002 (`})logged_in`).
fn heading(line: &str) -> Option<&str> {
    let tail = line.rsplit(')').next()?;
    let ok = !tail.is_empty() && tail.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
    ok.then_some(tail)
}

/// The seed's type, except that a string described as a date is `date`
/// (the rule the tables follow).
fn seed_type(ty: &str, description: &str) -> String {
    if ty == "string" && description.to_lowercase().contains("date") {
        "date".to_owned()
    } else {
        ty.to_owned()
    }
}

/// Seed 001: `accountIdstringYesUnique account identifier` rows after a
/// `PropertyTypeRequiredDescription` line, under the event's heading.
fn parse_upstack() -> Spec {
    let mut spec: Spec = Vec::new();
    let mut event = None;
    let mut lines = UPSTACK.lines();
    while let Some(line) = lines.next() {
        if let Some(h) = heading(line) {
            event = Some(h.to_owned());
        }
        if line != "PropertyTypeRequiredDescription" {
            continue;
        }
        let mut props = Vec::new();
        for row in lines.by_ref().take_while(|l| !l.trim().is_empty()) {
            // The first place where a type name is directly followed by Yes/No.
            let (name, ty, rest) = (0..row.len())
                .find_map(|i| {
                    let tail = row.get(i..)?;
                    let ty = TYPES.iter().find(|t| {
                        let after = tail.strip_prefix(**t);
                        after.is_some_and(|a| a.starts_with("Yes") || a.starts_with("No"))
                    })?;
                    Some((&row[..i], *ty, &tail[ty.len()..]))
                })
                .unwrap_or_else(|| panic!("unparsed row {row:?}"));
            let required = rest.starts_with("Yes");
            let description = rest.trim_start_matches("Yes").trim_start_matches("No");
            props.push((name.to_owned(), seed_type(ty, description), required));
        }
        spec.push((event.clone().expect("a table under a heading"), props));
    }
    spec
}

/// Seed 002: markdown rows `name | type | Yes | description |`, or
/// "No additional properties.", under the event's heading.
fn parse_df() -> Spec {
    let mut spec: Spec = Vec::new();
    for line in DF.lines() {
        if let Some(h) = heading(line) {
            spec.push((h.to_owned(), Vec::new()));
            continue;
        }
        let cells: Vec<_> = line.split('|').map(str::trim).collect();
        let [name, ty, req, description, ""] = cells[..] else {
            continue;
        };
        if name.is_empty() || name == "Property" || !TYPES.contains(&ty) {
            continue;
        }
        let (_, props) = spec.last_mut().expect("a table under a heading");
        props.push((name.to_owned(), seed_type(ty, description), req == "Yes"));
    }
    spec
}

/// The compiled table of `api`, in the same shape.
fn compiled(api: Api) -> Spec {
    events(api)
        .map(|e| {
            let props = e
                .props()
                .map(|p| (p.name.to_owned(), p.kind.name().to_owned(), p.required));
            (e.name.to_owned(), props.collect())
        })
        .collect()
}

fn assert_same(api: Api, from_doc: Spec) {
    let table = compiled(api);
    for ((doc_event, doc_props), (event, props)) in from_doc.iter().zip(&table) {
        assert_eq!(doc_event, event);
        assert_eq!(doc_props, props, "{event}");
        println!(
            "{}: {event}: {} properties match the seed",
            api.name(),
            props.len()
        );
    }
    assert_eq!(from_doc.len(), table.len(), "{}: event count", api.name());
}

#[test]
fn upstack_table_matches_seed_001() {
    let doc = parse_upstack();
    assert_eq!(doc.len(), 35);
    assert_same(Api::Upstack, doc);
}

#[test]
fn df_table_matches_seed_002() {
    let doc = parse_df();
    assert_eq!(doc.len(), 21);
    assert_same(Api::Df, doc);
}

#[test]
fn kissmetrics_events_are_the_ones_seed_000_links() {
    for e in events(Api::Kissmetrics) {
        assert!(
            KISSMETRICS.contains(&format!("[{}](/apis/saas_events#", e.name)),
            "{}",
            e.name
        );
    }
    assert!(KISSMETRICS.contains("requires the `Billing Amount`"));
}

/// A JavaScript literal as the seeds' examples write them: objects with
/// bare keys, single-quoted strings, numbers, booleans, arrays, `//` comments.
fn js_value(src: &mut &str) -> Value {
    skip_space(src);
    let s = *src;
    if let Some(rest) = s.strip_prefix('{') {
        *src = rest;
        let mut entries = Vec::new();
        loop {
            skip_space(src);
            if let Some(rest) = src.strip_prefix('}') {
                *src = rest;
                return Value::Obj(entries);
            }
            let (key, rest) = src.split_once(':').expect("key");
            *src = rest;
            entries.push((key.trim().to_owned(), js_value(src)));
            skip_space(src);
            *src = src.strip_prefix(',').unwrap_or(src);
        }
    } else if let Some(rest) = s.strip_prefix('[') {
        *src = rest;
        let mut items = Vec::new();
        loop {
            skip_space(src);
            if let Some(rest) = src.strip_prefix(']') {
                *src = rest;
                return Value::Arr(items);
            }
            items.push(js_value(src));
            skip_space(src);
            *src = src.strip_prefix(',').unwrap_or(src);
        }
    } else if let Some(rest) = s.strip_prefix('\'') {
        let (text, rest) = rest.split_once('\'').expect("closing quote");
        *src = rest;
        Value::str(text)
    } else {
        let end = s.find([',', '}', ']', '\n']).unwrap_or(s.len());
        *src = &s[end..];
        match s[..end].trim() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            n => Value::num(n.parse().unwrap_or_else(|_| panic!("literal {n:?}"))),
        }
    }
}

fn skip_space(src: &mut &str) {
    loop {
        *src = src.trim_start();
        match src.strip_prefix("//") {
            Some(comment) => *src = comment.split_once('\n').map_or("", |(_, rest)| rest),
            None => return,
        }
    }
}

/// Every `<call>'event'[, {...}])` example in `doc`.
fn examples(doc: &str, call: &str) -> Vec<(String, Vec<(String, Value)>)> {
    doc.split(call)
        .skip(1)
        .map(|ex| {
            let (event, mut rest) = ex.split_once('\'').expect("event name");
            let props = match rest.strip_prefix(", ") {
                Some(mut literal) => match js_value(&mut literal) {
                    Value::Obj(o) => {
                        rest = literal;
                        o
                    }
                    other => panic!("{event}: {other:?}"),
                },
                None => Vec::new(),
            };
            assert!(rest.starts_with(')'), "{event}: example not fully read");
            (event.to_owned(), props)
        })
        .collect()
}

fn assert_examples_valid(api: Api, examples: &[(String, Vec<(String, Value)>)]) {
    for (event, props) in examples {
        let problems =
            validate(api, event, props).unwrap_or_else(|| panic!("{event} not in the table"));
        assert_eq!(problems, [], "{}: {event}: {props:?}", api.name());
        println!(
            "{}: example of {event} validates ({} properties)",
            api.name(),
            props.len()
        );
    }
}

#[test]
fn every_upstack_example_validates() {
    let ex = examples(UPSTACK, "window._upstack('track', '");
    assert_eq!(ex.len(), 35);
    assert_examples_valid(Api::Upstack, &ex);
    let shipped = &ex.iter().find(|(e, _)| e == "order_shipped").unwrap().1;
    let item = obj([
        ("id", Value::str("SKU_001")),
        ("name", Value::str("Monthly Snack Box")),
        ("price", Value::num(39.99)),
        ("quantity", Value::num(1.0)),
    ]);
    assert_eq!(
        shipped.iter().find(|(k, _)| k == "items").unwrap().1,
        Value::Arr(vec![item])
    );
    let date = &shipped
        .iter()
        .find(|(k, _)| k == "estimatedDelivery")
        .unwrap()
        .1;
    assert_eq!(date, &Value::str("2026-02-25T00:00:00.000Z"));
    assert_eq!(
        events(Api::Upstack)
            .filter(|e| e.props().any(|p| p.kind == Kind::Date))
            .count(),
        4
    );
}

#[test]
fn every_df_example_validates() {
    let ex = examples(DF, "_df.track('");
    assert_eq!(ex.len(), 21);
    assert_examples_valid(Api::Df, &ex);
    let find = |event: &str, prop: &str| {
        let props = &ex.iter().find(|(e, _)| e == event).unwrap().1;
        props.iter().find(|(k, _)| k == prop).unwrap().1.clone()
    };
    let filters = obj([
        ("date_range", Value::str("last_30_days")),
        ("segment", Value::str("pro_users")),
    ]);
    assert_eq!(find("report_viewed", "filters"), filters);
    let features = Value::Arr(vec![Value::str("reporting"), Value::str("integrations")]);
    assert_eq!(find("trial_expired", "features_used"), features);
    assert_eq!(find("trial_converted", "revenue"), Value::Num("49".into()));
    assert_eq!(
        find("invitation_sent", "seats_total"),
        Value::Num("8".into())
    );
}
