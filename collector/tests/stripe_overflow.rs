//! Signed Stripe events with numbers at the edge of `i64` over real HTTP:
//! the collector neither panics (dropping the connection, in a debug build)
//! nor stores a wrapped number; a value that does not fit is left out and
//! flagged, the rest of the event stored.

mod common;

use common::stripe::{collector, deliver, event, items, price, pro, subscription, CREATED};
use serde_json::{json, Value};

fn stored_one(ev: &Value) -> Value {
    let c = collector();
    let r = deliver(&c, ev);
    assert_eq!(r.status, 200, "{}", r.body);
    let mut bodies = c.bodies();
    assert_eq!(bodies.len(), 1, "{}", r.body);
    bodies.remove(0)
}

#[test]
fn interval_count_of_2_pow_62_is_a_real_monthly_amount() {
    let mut huge = price("price_slow", 2900, "month", "Slow");
    huge["recurring"]["interval_count"] = json!(1_i64 << 62);
    let ev = event(
        "evt_1Slow",
        "customer.subscription.updated",
        subscription("active", huge),
        Some(json!({"items": items(pro())})),
    );
    let body = stored_one(&ev);
    assert_eq!(body["event"], "subscription_downgraded");
    assert_eq!(body["properties"]["mrr"], 0);
    assert_eq!(body["properties"]["mrrDelta"], -2900);
}

#[test]
fn unit_amount_of_i64_max_yearly_is_exact_and_twice_that_is_refused() {
    let yearly = price("price_max", i64::MAX, "year", "Max");
    let ev = event(
        "evt_1Max",
        "customer.subscription.updated",
        subscription("active", yearly),
        Some(json!({"items": items(pro())})),
    );
    let body = stored_one(&ev);
    assert_eq!(body["event"], "subscription_upgraded");
    let exact = (i128::from(i64::MAX) + 6) / 12;
    assert_eq!(body["properties"]["mrr"], json!(exact as i64));
    assert_eq!(body["properties"]["mrrDelta"], json!((exact - 2900) as i64));

    // Two seats at i64::MAX a month: more than an i64 holds.
    let mut sub = subscription("active", price("price_max", i64::MAX, "month", "Max"));
    sub["items"]["data"][0]["quantity"] = json!(2);
    let ev = event("evt_1Max2", "customer.subscription.deleted", sub, None);
    let body = stored_one(&ev);
    assert_eq!(body["event"], "subscription_churned");
    assert_eq!(body["properties"].get("mrr"), None, "{body}");
    assert_eq!(
        body["context"]["validation"],
        json!([{"property": "mrr", "problem": "out of range"}])
    );
}

#[test]
fn an_amount_beyond_any_integer_is_a_clear_400() {
    let mut daily = price("price_daily", i64::MAX, "day", "Daily");
    daily["recurring"]["interval_count"] = json!(1);
    let mut sub = subscription("active", daily);
    sub["items"]["data"][0]["quantity"] = json!(i64::MAX);
    let c = collector();
    let r = deliver(
        &c,
        &event("evt_1Daily", "customer.subscription.paused", sub, None),
    );
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(r.json()["code"], "out_of_range");
    assert_eq!(c.count(), 0);
}

#[test]
fn trial_end_of_i64_max_counts_days_and_refuses_the_date() {
    let mut sub = subscription("trialing", pro());
    sub["trial_end"] = json!(i64::MAX);
    let ev = event(
        "evt_1Trial",
        "customer.subscription.trial_will_end",
        sub,
        None,
    );
    let body = stored_one(&ev);
    let days = (i128::from(i64::MAX) - i128::from(CREATED) + 86_399) / 86_400;
    assert_eq!(body["properties"]["trialDaysRemaining"], json!(days as i64));
    assert_eq!(body["properties"].get("trialEndDate"), None);
    assert_eq!(
        body["context"]["validation"],
        json!([{"property": "trialEndDate", "problem": "out of range"}])
    );
}
