//! Tests of `command`.

use super::*;

fn parse_strs(items: &[&str]) -> Result<Command, BadCommand> {
    parse(Some(Value::Arr(
        items.iter().map(|s| Value::str(s)).collect(),
    )))
}

#[test]
fn arguments_are_taken_in_order_and_missing_ones_read_as_null() {
    assert_eq!(parse(Some(Value::Arr(vec![]))), Err(BadCommand::NotAnArray));
    assert_eq!(parse(None), Err(BadCommand::NotAnArray));
    let no_name = Value::Arr(vec![Value::Null, Value::str("x")]);
    assert_eq!(parse(Some(no_name)), Err(BadCommand::NameNotString));
    let alias = Command::Alias {
        from: "a".into(),
        to: "b".into(),
    };
    assert_eq!(parse_strs(&["alias", "a", "b", "c"]), Ok(alias));
    assert_eq!(parse_strs(&["alias", "a"]), Err(BadCommand::AliasNeedsIds));
    let upgraded = Command::Track {
        api: Api::Kissmetrics,
        event: "Upgraded".into(),
        props: vec![("Plan Name".into(), Value::str("Pro"))],
    };
    assert_eq!(parse_strs(&["upgraded", "Pro"]), Ok(upgraded));
}
