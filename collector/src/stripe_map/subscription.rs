//! The subscription rows of the mapping: a price change (upgrade or
//! downgrade, by monthly amount) and the churned / paused / resumed shape.

use serde_json::Value as Json;

use super::money::{monthly, number, OutOfRange};
use super::{mapped, price, Mapped};

/// `subscription_upgraded` or `subscription_downgraded` when the price changed.
pub(super) fn plan_change(
    obj: &Json,
    previous: &Json,
    account: Json,
) -> Result<Option<Mapped>, OutOfRange> {
    let old_item = &previous["items"]["data"][0];
    let new_item = &obj["items"]["data"][0];
    let (Some(new_mrr), Some(old_mrr)) = (monthly(new_item)?, monthly(old_item)?) else {
        return Ok(None);
    };
    let event = match new_mrr.cmp(&old_mrr) {
        std::cmp::Ordering::Greater => "subscription_upgraded",
        std::cmp::Ordering::Less => "subscription_downgraded",
        std::cmp::Ordering::Equal => return Ok(None),
    };
    let mut m = mapped(
        event,
        [
            ("subscriptionId", obj["id"].clone()),
            ("accountId", account),
            ("planId", new_item["price"]["id"].clone()),
            ("planName", new_item["price"]["nickname"].clone()),
            ("previousPlanId", old_item["price"]["id"].clone()),
            ("mrr", number(new_mrr).unwrap_or(Json::Null)),
            ("mrrDelta", number(new_mrr - old_mrr).unwrap_or(Json::Null)),
        ],
    );
    if number(new_mrr).is_none() {
        m.refused.push("mrr");
    }
    if number(new_mrr - old_mrr).is_none() {
        m.refused.push("mrrDelta");
    }
    Ok(Some(m))
}

/// The churned / paused / resumed shape.
pub(super) fn subscription(
    event: &'static str,
    obj: &Json,
    account: Json,
) -> Result<Mapped, OutOfRange> {
    let mrr = monthly(&obj["items"]["data"][0])?;
    let mut m = mapped(
        event,
        [
            ("subscriptionId", obj["id"].clone()),
            ("accountId", account),
            ("planId", price(obj)["id"].clone()),
            ("mrr", mrr.and_then(number).unwrap_or(Json::Null)),
        ],
    );
    if mrr.is_some_and(|v| number(v).is_none()) {
        m.refused.push("mrr");
    }
    Ok(m)
}
