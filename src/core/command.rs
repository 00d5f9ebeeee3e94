//! A pushed array -> a typed [`Command`], for all three APIs.
//!
//! `_kmq.push([...])` arrives as the array itself; `_upstack(...)` and
//! `_df.track/identify(...)` arrive as `["_upstack", ...args]` and
//! `["_df", "track"|"identify", ...args]`, so one queue keeps one order.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use super::api::Api;
use super::limits::MAX_ID_BYTES;
use super::text::cat;
use super::value::Value;

/// Properties in the order the page gave them.
pub type Props = Vec<(String, Value)>;

/// What a page asked for.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// An event (`record`, the SaaS helpers, `_upstack('track')`, `_df.track`).
    Track {
        /// The API it came through: picks the taxonomy.
        api: Api,
        /// The event name.
        event: String,
        /// Its properties.
        props: Props,
    },
    /// `set`: traits of the current person.
    Set(Props),
    /// `identify`: the person is now known as `id`.
    Identify {
        /// The user id.
        id: String,
        /// Traits given with it (`_upstack`/`_df` identify).
        traits: Props,
    },
    /// `alias`: `from` and `to` are the same person.
    Alias {
        /// The previous id.
        from: String,
        /// The new id.
        to: String,
    },
    /// `clearIdentity`: forget the person, start a new anonymous id.
    ClearIdentity,
}

/// Why a pushed command was dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BadCommand {
    /// Not an array (or an empty one).
    NotAnArray,
    /// The command name is not one trackq knows.
    Unknown(String),
    /// An argument has the wrong type; the text says which.
    Argument(&'static str),
    /// Something nested deeper than the limit, or cyclic.
    TooDeep,
}

impl BadCommand {
    /// The console warning for it.
    pub fn warning(&self) -> String {
        let why = match self {
            BadCommand::NotAnArray => "a command must be an array like ['record', 'Event']".into(),
            BadCommand::Unknown(name) => cat(&["unknown command \"", name, "\""]),
            BadCommand::Argument(what) => (*what).to_owned(),
            BadCommand::TooDeep => "properties nested more than 5 levels deep (or cyclic)".into(),
        };
        cat(&["trackq: command dropped: ", &why])
    }
}

/// Parses one pushed value.
pub fn parse(value: &Value) -> Result<Command, BadCommand> {
    let Value::Arr(items) = value else {
        return Err(BadCommand::NotAnArray);
    };
    let (name, args) = match items.split_first() {
        Some((Value::Str(name), args)) => (name.as_str(), args),
        Some(_) => return Err(BadCommand::Argument("the command name must be a string")),
        None => return Err(BadCommand::NotAnArray),
    };
    let arg = |i: usize| args.get(i).unwrap_or(&Value::Null);
    let track = |event: &str, props: Props| Command::Track {
        api: Api::Kissmetrics,
        event: event.to_owned(),
        props,
    };
    match name {
        "record" => Ok(track(
            required_str(arg(0), "record needs an event name")?,
            optional_props(arg(1))?,
        )),
        "set" => match arg(0) {
            Value::Obj(props) => Ok(Command::Set(props.clone())),
            _ => Err(BadCommand::Argument("set needs an object of properties")),
        },
        "identify" => Ok(Command::Identify {
            id: required_id(arg(0), "identify needs a non-empty id")?,
            traits: Vec::new(),
        }),
        "alias" => Ok(Command::Alias {
            from: required_id(arg(0), "alias needs two ids")?,
            to: required_id(arg(1), "alias needs two ids")?,
        }),
        "clearIdentity" => Ok(Command::ClearIdentity),
        "signedUp" => plan_event("Signed Up", args),
        "upgraded" => plan_event("Upgraded", args),
        "downgraded" => plan_event("Downgraded", args),
        "canceled" => Ok(track("Canceled", optional_props(arg(0))?)),
        "billed" => billed(args),
        #[cfg(feature = "saas")]
        "_upstack" => front_end(Api::Upstack, args),
        #[cfg(feature = "saas")]
        "_df" => front_end(Api::Df, args),
        other => Err(BadCommand::Unknown(other.to_owned())),
    }
}

/// `['signedUp', plan?, props?]` and its siblings: "Plan Name" first, then props.
fn plan_event(event: &str, args: &[Value]) -> Result<Command, BadCommand> {
    let mut props = Props::new();
    match args.first() {
        None | Some(Value::Null) => {}
        Some(Value::Str(plan)) => props.push(("Plan Name".into(), Value::Str(plan.clone()))),
        Some(_) => {
            return Err(BadCommand::Argument(
                "the plan name must be a string or null",
            ))
        }
    }
    props.extend(optional_props(args.get(1).unwrap_or(&Value::Null))?);
    Ok(Command::Track {
        api: Api::Kissmetrics,
        event: event.into(),
        props,
    })
}

/// `['billed', amount, description?, props?]`, the twin of
/// `['record', 'Billed', {'Billing Amount': ..., 'Billing Description': ...}]`.
fn billed(args: &[Value]) -> Result<Command, BadCommand> {
    let mut props = Props::new();
    match args.first() {
        Some(amount @ Value::Num(_)) => props.push(("Billing Amount".into(), amount.clone())),
        _ => return Err(BadCommand::Argument("billed needs a numeric amount")),
    }
    match args.get(1) {
        None | Some(Value::Null) => {}
        Some(Value::Str(d)) => props.push(("Billing Description".into(), Value::Str(d.clone()))),
        Some(_) => {
            return Err(BadCommand::Argument(
                "the billing description must be a string or null",
            ))
        }
    }
    props.extend(optional_props(args.get(2).unwrap_or(&Value::Null))?);
    Ok(Command::Track {
        api: Api::Kissmetrics,
        event: "Billed".into(),
        props,
    })
}

/// `_upstack('track'|'identify', ...)` and `_df.track/identify(...)`.
#[cfg(feature = "saas")]
fn front_end(api: Api, args: &[Value]) -> Result<Command, BadCommand> {
    let arg = |i: usize| args.get(i).unwrap_or(&Value::Null);
    match arg(0).as_str() {
        Some("track") => Ok(Command::Track {
            api,
            event: required_str(arg(1), "track needs an event name")?.to_owned(),
            props: optional_props(arg(2))?,
        }),
        Some("identify") => Ok(Command::Identify {
            id: required_id(arg(1), "identify needs a non-empty user id")?,
            traits: optional_props(arg(2))?,
        }),
        Some(other) => Err(BadCommand::Unknown(other.to_owned())),
        None => Err(BadCommand::Argument(
            "the first argument must be 'track' or 'identify'",
        )),
    }
}

fn required_str<'a>(v: &'a Value, why: &'static str) -> Result<&'a str, BadCommand> {
    match v {
        Value::Str(s) if !s.is_empty() => Ok(s),
        _ => Err(BadCommand::Argument(why)),
    }
}

/// Ids may be strings or numbers (a numeric user id is common); numbers are
/// kept as their text.
fn required_id(v: &Value, why: &'static str) -> Result<String, BadCommand> {
    match v {
        Value::Str(s) if s.len() > MAX_ID_BYTES => {
            Err(BadCommand::Argument("ids are limited to 512 bytes"))
        }
        Value::Str(s) if !super::text::trim(s).is_empty() => Ok(s.clone()),
        Value::Num(n) => Ok(n.clone()),
        _ => Err(BadCommand::Argument(why)),
    }
}

fn optional_props(v: &Value) -> Result<Props, BadCommand> {
    match v {
        Value::Null => Ok(Props::new()),
        Value::Obj(props) => Ok(props.clone()),
        _ => Err(BadCommand::Argument("properties must be an object")),
    }
}
