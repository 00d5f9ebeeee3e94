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
use crate::core::warning::BadCommand;

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
        #[cfg(feature = "saas")]
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
    /// A command of this name, which trackq does not know: dropped with a
    /// warning. (A command rather than an error: the error type stays
    /// without a `String`: measured 75 B brotli smaller on the `_kmq` build.)
    Unknown(String),
    /// `ab` (`KM.ab(name, variants)`): answer with the index of this
    /// visitor's variant of A/B test `name`, and set it as a property of the
    /// person.
    #[cfg(feature = "autotrack")]
    Ab {
        /// The test's name: the property.
        name: String,
        /// The variants (strings; a pick that is not one answers nothing).
        variants: Vec<Value>,
    },
}

/// Parses one pushed value (`None`: the text was not JSON), taking it apart
/// (its strings and properties move into the command).
pub fn parse(value: Option<Value>) -> Result<Command, BadCommand> {
    let Some(Value::Arr(mut items)) = value else {
        return Err(BadCommand::NotAnArray);
    };
    if items.is_empty() {
        return Err(BadCommand::NotAnArray);
    }
    // Arguments are taken out in order; a missing one reads as null.
    let mut next = 0;
    let mut arg = || {
        next += 1;
        match items.get_mut(next - 1) {
            Some(v) => core::mem::replace(v, Value::Null),
            None => Value::Null,
        }
    };
    let Value::Str(name) = arg() else {
        return Err(BadCommand::NameNotString);
    };
    // A shorthand's event and named arguments; the other commands return.
    let (event, named): (&str, &[Named]) = match name.as_str() {
        "record" => {
            let event = required_str(&mut arg, BadCommand::RecordNeedsName)?;
            return shorthand(&event, &[], &mut arg);
        }
        "set" => {
            return match arg() {
                Value::Obj(props) => Ok(Command::Set(props)),
                _ => Err(BadCommand::SetNeedsObject),
            }
        }
        "identify" => {
            return Ok(Command::Identify {
                id: required_id(&mut arg, BadCommand::IdentifyNeedsId)?,
                #[cfg(feature = "saas")]
                traits: Vec::new(),
            })
        }
        "alias" => {
            return Ok(Command::Alias {
                from: required_id(&mut arg, BadCommand::AliasNeedsIds)?,
                to: required_id(&mut arg, BadCommand::AliasNeedsIds)?,
            })
        }
        "clearIdentity" => return Ok(Command::ClearIdentity),
        #[cfg(feature = "autotrack")]
        "trackClick" | "trackClickOnOutboundLink" => return bind(false, &mut arg),
        #[cfg(feature = "autotrack")]
        "trackSubmit" => return bind(true, &mut arg),
        "optIn" => return Ok(Command::Consent(true)),
        "optOut" => return Ok(Command::Consent(false)),
        #[cfg(feature = "autotrack")]
        "ab" => {
            return Ok(Command::Ab {
                name: required_str(&mut arg, BadCommand::AbNeedsVariants)?,
                variants: match arg() {
                    Value::Arr(variants) => variants,
                    _ => return Err(BadCommand::AbNeedsVariants),
                },
            })
        }
        "signedUp" => ("Signed Up", &[Named::PLAN]),
        "upgraded" => ("Upgraded", &[Named::PLAN]),
        "downgraded" => ("Downgraded", &[Named::PLAN]),
        "canceled" => ("Canceled", &[]),
        "billed" => ("Billed", &[Named::AMOUNT, Named::DESCRIPTION]),
        #[cfg(feature = "saas")]
        "_upstack" => return front_end(Api::Upstack, &mut arg),
        #[cfg(feature = "saas")]
        "_df" => return front_end(Api::Df, &mut arg),
        _ => return Ok(Command::Unknown(name)),
    };
    shorthand(event, named, &mut arg)
}

/// A positional argument of a KISSmetrics shorthand, sent as a property.
struct Named {
    property: &'static str,
    /// A number (else a string).
    number: bool,
    /// May not be null or missing.
    required: bool,
    /// Why the command is dropped when it is something else.
    why: BadCommand,
}

impl Named {
    const PLAN: Named = Named {
        property: "Plan Name",
        number: false,
        required: false,
        why: BadCommand::PlanName,
    };
    const AMOUNT: Named = Named {
        property: "Billing Amount",
        number: true,
        required: true,
        why: BadCommand::BilledAmount,
    };
    const DESCRIPTION: Named = Named {
        property: "Billing Description",
        number: false,
        required: false,
        why: BadCommand::BillingDescription,
    };
}

/// `['signedUp', plan?, props?]`, `['billed', amount, description?,
/// props?]` and the like: the named arguments become properties (first,
/// as in the seed's `record` twins), then come the page's `props`.
fn shorthand(
    event: &str,
    named: &[Named],
    arg: &mut impl FnMut() -> Value,
) -> Result<Command, BadCommand> {
    let mut props = Props::new();
    for n in named {
        let v = arg();
        match (&v, n.number) {
            (Value::Null, _) if !n.required => {}
            (Value::Num(_), true) | (Value::Str(_), false) => props.push((n.property.into(), v)),
            _ => return Err(n.why),
        }
    }
    props.append(&mut optional_props(arg)?);
    Ok(Command::Track {
        api: Api::Kissmetrics,
        event: event.into(),
        props,
    })
}

/// `_upstack('track'|'identify', ...)` and `_df.track/identify(...)`.
#[cfg(feature = "saas")]
fn front_end(api: Api, arg: &mut impl FnMut() -> Value) -> Result<Command, BadCommand> {
    let Value::Str(method) = arg() else {
        return Err(BadCommand::NotAMethod);
    };
    let track = match method.as_str() {
        "track" => true,
        "identify" => false,
        _ => return Ok(Command::Unknown(method)),
    };
    // An event name or a user id, then properties or traits.
    let name = if track {
        required_str(arg, BadCommand::TrackNeedsName)?
    } else {
        required_id(arg, BadCommand::IdentifyNeedsUserId)?
    };
    let props = optional_props(arg)?;
    Ok(if track {
        Command::Track {
            api,
            event: name,
            props,
        }
    } else {
        Command::Identify {
            id: name,
            traits: props,
        }
    })
}

/// `[target, event, props?]`: the target is an id, a `.class`, or an
/// `Element` (which the shell hands over as a negative number).
#[cfg(feature = "autotrack")]
fn bind(submit: bool, arg: &mut impl FnMut() -> Value) -> Result<Command, BadCommand> {
    let target = Target::parse(arg()).ok_or(BadCommand::BadTarget)?;
    let event = required_str(arg, BadCommand::BindNeedsName)?;
    let props = optional_props(arg)?;
    Ok(Command::Bind(Binding::new(submit, target, &event, &props)))
}

fn required_str(arg: &mut impl FnMut() -> Value, why: BadCommand) -> Result<String, BadCommand> {
    match arg() {
        Value::Str(s) if !s.is_empty() => Ok(s),
        _ => Err(why),
    }
}

/// Ids may be strings or numbers (a numeric user id is common); numbers are
/// kept as their text.
fn required_id(arg: &mut impl FnMut() -> Value, why: BadCommand) -> Result<String, BadCommand> {
    let (Value::Str(id) | Value::Num(id)) = arg() else {
        return Err(why);
    };
    if id.len() > MAX_ID_BYTES {
        return Err(BadCommand::IdTooLong);
    }
    if crate::core::support::text::trim(&id).is_empty() {
        return Err(why);
    }
    Ok(id)
}

fn optional_props(arg: &mut impl FnMut() -> Value) -> Result<Props, BadCommand> {
    match arg() {
        Value::Null => Ok(Props::new()),
        Value::Obj(props) => Ok(props),
        _ => Err(BadCommand::PropsNotObject),
    }
}

#[cfg(test)]
mod tests;
