//! A pushed array -> a typed [`Command`], for all three APIs.
//!
//! `_kmq.push([...])` arrives as the array itself; `_upstack(...)` and
//! `_df.track/identify(...)` arrive as `["_upstack", ...args]` and
//! `["_df", "track"|"identify", ...args]`, so one queue keeps one order.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

#[cfg(feature = "autotrack")]
use crate::core::autotrack::binding::{Binding, Target};
use crate::core::input::Api;
use crate::core::input::Value;
use crate::core::limits::MAX_ID_BYTES;
use crate::core::support::text::cat;

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
    /// `trackClick`, `trackClickOnOutboundLink`, `trackSubmit`.
    #[cfg(feature = "autotrack")]
    Bind(Binding),
    /// `optIn` (`true`) or `optOut` (`false`).
    Consent(bool),
}

/// Why a pushed command was dropped: its console warning.
pub type BadCommand = String;

/// The warning for a command dropped because of `why`.
pub fn bad(why: &str) -> BadCommand {
    cat(&["trackq: command dropped: ", why])
}

/// The reason for a command nested too deep (or cyclic).
pub const TOO_DEEP: &str = "properties nested more than 5 levels deep (or cyclic)";

const NOT_AN_ARRAY: &str = "a command must be an array like ['record', 'Event']";

/// Parses one pushed value, taking it apart (its strings and properties
/// move into the command).
pub fn parse(value: Value) -> Result<Command, BadCommand> {
    let Value::Arr(items) = value else {
        return Err(bad(NOT_AN_ARRAY));
    };
    let mut args = items.into_iter();
    let name = match args.next() {
        Some(Value::Str(name)) => name,
        Some(_) => return Err(bad("the command name must be a string")),
        None => return Err(bad(NOT_AN_ARRAY)),
    };
    // Arguments are read in order; a missing one reads as null.
    let mut arg = move || args.next().unwrap_or(Value::Null);
    let plan = [Named::PLAN];
    match name.as_str() {
        "record" => {
            let event = required_str(arg(), "record needs an event name")?;
            shorthand(&event, &[], arg)
        }
        "set" => match arg() {
            Value::Obj(props) => Ok(Command::Set(props)),
            _ => Err(bad("set needs an object of properties")),
        },
        "identify" => Ok(Command::Identify {
            id: required_id(arg(), "identify needs a non-empty id")?,
            traits: Vec::new(),
        }),
        "alias" => Ok(Command::Alias {
            from: required_id(arg(), "alias needs two ids")?,
            to: required_id(arg(), "alias needs two ids")?,
        }),
        "clearIdentity" => Ok(Command::ClearIdentity),
        #[cfg(feature = "autotrack")]
        "trackClick" | "trackClickOnOutboundLink" => bind(false, arg),
        #[cfg(feature = "autotrack")]
        "trackSubmit" => bind(true, arg),
        "optIn" => Ok(Command::Consent(true)),
        "optOut" => Ok(Command::Consent(false)),
        "signedUp" => shorthand("Signed Up", &plan, arg),
        "upgraded" => shorthand("Upgraded", &plan, arg),
        "downgraded" => shorthand("Downgraded", &plan, arg),
        "canceled" => shorthand("Canceled", &[], arg),
        "billed" => shorthand("Billed", &[Named::AMOUNT, Named::DESCRIPTION], arg),
        #[cfg(feature = "saas")]
        "_upstack" => front_end(Api::Upstack, arg),
        #[cfg(feature = "saas")]
        "_df" => front_end(Api::Df, arg),
        _ => Err(bad(&cat(&["unknown command \"", &name, "\""]))),
    }
}

/// A positional argument of a KISSmetrics shorthand, sent as a property.
struct Named {
    property: &'static str,
    /// A number (else a string).
    number: bool,
    /// May not be null or missing.
    required: bool,
    /// The warning when it is something else.
    why: &'static str,
}

impl Named {
    const PLAN: Named = Named {
        property: "Plan Name",
        number: false,
        required: false,
        why: "the plan name must be a string or null",
    };
    const AMOUNT: Named = Named {
        property: "Billing Amount",
        number: true,
        required: true,
        why: "billed needs a numeric amount",
    };
    const DESCRIPTION: Named = Named {
        property: "Billing Description",
        number: false,
        required: false,
        why: "the billing description must be a string or null",
    };
}

/// `['signedUp', plan?, props?]`, `['billed', amount, description?,
/// props?]` and the like: the named arguments become properties (first,
/// as in the seed's `record` twins), then come the page's `props`.
fn shorthand(
    event: &str,
    named: &[Named],
    mut arg: impl FnMut() -> Value,
) -> Result<Command, BadCommand> {
    let mut props = Props::new();
    for n in named {
        match arg() {
            Value::Null if !n.required => {}
            v @ Value::Num(_) if n.number => props.push((n.property.into(), v)),
            v @ Value::Str(_) if !n.number => props.push((n.property.into(), v)),
            _ => return Err(bad(n.why)),
        }
    }
    props.extend(optional_props(arg())?);
    Ok(Command::Track {
        api: Api::Kissmetrics,
        event: event.into(),
        props,
    })
}

/// `_upstack('track'|'identify', ...)` and `_df.track/identify(...)`.
#[cfg(feature = "saas")]
fn front_end(api: Api, mut arg: impl FnMut() -> Value) -> Result<Command, BadCommand> {
    match arg() {
        Value::Str(method) if method == "track" => Ok(Command::Track {
            api,
            event: required_str(arg(), "track needs an event name")?,
            props: optional_props(arg())?,
        }),
        Value::Str(method) if method == "identify" => Ok(Command::Identify {
            id: required_id(arg(), "identify needs a non-empty user id")?,
            traits: optional_props(arg())?,
        }),
        Value::Str(other) => Err(bad(&cat(&["unknown command \"", &other, "\""]))),
        _ => Err(bad("the first argument must be 'track' or 'identify'")),
    }
}

/// `[target, event, props?]`: the target is an id, a `.class`, or an
/// `Element` (which the shell hands over as a negative number).
#[cfg(feature = "autotrack")]
fn bind(submit: bool, mut arg: impl FnMut() -> Value) -> Result<Command, BadCommand> {
    let target = Target::parse(arg())
        .ok_or_else(|| bad("the target must be an element id, a .class or an Element"))?;
    let event = required_str(arg(), "an event name is needed")?;
    let props = optional_props(arg())?;
    Ok(Command::Bind(Binding::new(submit, target, &event, &props)))
}

fn required_str(v: Value, why: &'static str) -> Result<String, BadCommand> {
    match v {
        Value::Str(s) if !s.is_empty() => Ok(s),
        _ => Err(bad(why)),
    }
}

/// Ids may be strings or numbers (a numeric user id is common); numbers are
/// kept as their text.
fn required_id(v: Value, why: &'static str) -> Result<String, BadCommand> {
    match v {
        Value::Str(s) if s.len() > MAX_ID_BYTES => Err(bad("ids are limited to 512 bytes")),
        Value::Str(s) if !crate::core::support::text::trim(&s).is_empty() => Ok(s),
        Value::Num(n) => Ok(n),
        _ => Err(bad(why)),
    }
}

fn optional_props(v: Value) -> Result<Props, BadCommand> {
    match v {
        Value::Null => Ok(Props::new()),
        Value::Obj(props) => Ok(props),
        _ => Err(bad("properties must be an object")),
    }
}
