//! POST /webhooks/stripe over real HTTP: the subscription rows of seed 001's
//! "Stripe Webhook Mapping" table (created, upgraded, downgraded, churned,
//! paused, resumed, trial ending soon).

mod common;

use common::stripe::{
    collector, deliver, event, items, maps_to, price, pro, subscription, CREATED,
};
use serde_json::json;

#[test]
fn subscription_created() {
    maps_to(
        event(
            "evt_1Created",
            "customer.subscription.created",
            subscription("active", pro()),
            None,
        ),
        &[(
            "subscription_created",
            json!({"subscriptionId": "sub_1Nv0aBcDeFgHiJ", "accountId": "acct_abc123",
            "planId": "price_pro_monthly", "billingInterval": "month"}),
        )],
    );
}

#[test]
fn subscription_updated_to_a_higher_price_is_an_upgrade() {
    let business = price("price_business_monthly", 9900, "month", "Business");
    maps_to(
        event(
            "evt_1Upgrade",
            "customer.subscription.updated",
            subscription("active", business),
            Some(json!({"items": items(pro())})),
        ),
        &[(
            "subscription_upgraded",
            json!({"subscriptionId": "sub_1Nv0aBcDeFgHiJ", "accountId": "acct_abc123",
            "planId": "price_business_monthly", "planName": "Business", "previousPlanId": "price_pro_monthly",
            "mrr": 9900, "mrrDelta": 7000}),
        )],
    );
}

#[test]
fn subscription_updated_to_a_lower_price_is_a_downgrade() {
    let starter = price("price_starter_monthly", 900, "month", "Starter");
    maps_to(
        event(
            "evt_1Downgrade",
            "customer.subscription.updated",
            subscription("active", starter),
            Some(json!({"items": items(pro())})),
        ),
        &[(
            "subscription_downgraded",
            json!({"subscriptionId": "sub_1Nv0aBcDeFgHiJ", "accountId": "acct_abc123",
            "planId": "price_starter_monthly", "planName": "Starter", "previousPlanId": "price_pro_monthly",
            "mrr": 900, "mrrDelta": -2000}),
        )],
    );
}

#[test]
fn subscription_updated_without_a_price_change_maps_to_nothing_but_is_recorded() {
    let c = collector();
    let ev = event(
        "evt_1Status",
        "customer.subscription.updated",
        subscription("past_due", pro()),
        Some(json!({"status": "active"})),
    );
    let r = deliver(&c, &ev);
    assert_eq!(r.json(), json!({"received": true, "events": []}));
    assert_eq!(c.count(), 0);
    assert_eq!(
        c.sql_i64("SELECT count(*) FROM stripe_events WHERE id = 'evt_1Status'"),
        1
    );
}

#[test]
fn subscription_deleted_is_churn() {
    maps_to(
        event(
            "evt_1Deleted",
            "customer.subscription.deleted",
            subscription("canceled", pro()),
            None,
        ),
        &[(
            "subscription_churned",
            json!({"subscriptionId": "sub_1Nv0aBcDeFgHiJ", "accountId": "acct_abc123",
            "planId": "price_pro_monthly", "mrr": 2900}),
        )],
    );
}

#[test]
fn subscription_paused_and_resumed() {
    let props = json!({"subscriptionId": "sub_1Nv0aBcDeFgHiJ", "accountId": "acct_abc123",
        "planId": "price_pro_monthly", "mrr": 2900});
    maps_to(
        event(
            "evt_1Paused",
            "customer.subscription.paused",
            subscription("paused", pro()),
            None,
        ),
        &[("subscription_paused", props.clone())],
    );
    maps_to(
        event(
            "evt_1Resumed",
            "customer.subscription.resumed",
            subscription("active", pro()),
            None,
        ),
        &[("subscription_resumed", props)],
    );
}

#[test]
fn trial_will_end_is_trial_ending_soon() {
    let mut sub = subscription("trialing", pro());
    sub["trial_end"] = json!(CREATED + 3 * 86_400);
    maps_to(
        event(
            "evt_1Trial",
            "customer.subscription.trial_will_end",
            sub,
            None,
        ),
        &[(
            "trial_ending_soon",
            json!({"accountId": "acct_abc123", "trialDaysRemaining": 3,
            "planId": "price_pro_monthly", "trialEndDate": "2025-11-25T18:00:00.000Z"}),
        )],
    );
}
