//! Several collectors on one real PostgreSQL (Debian's server, started by
//! the test as an unprivileged user on 127.0.0.1) share it: a batch resent to
//! another instance is stored once, the same Stripe event delivered to two
//! instances at the same moment is stored once, and every instance sees every
//! instance's writes. (Failures under load: `many_collectors_under_load.rs`.)

mod common;

use std::sync::{Arc, Barrier};

use common::load::collector_on;
use common::pg::Pg;
use common::stripe::{deliver, event, invoice};
use common::{batch, message, TEXT};
use serde_json::{json, Value};

#[test]
fn a_batch_resent_to_another_instance_is_stored_once_and_both_see_it() {
    let pg = Pg::start();
    let url = pg.database("resend");
    let (a, b) = (collector_on(&url), collector_on(&url));
    let body = batch(&[message("r1", "Signed Up"), message("r2", "Billed")]);
    assert_eq!(a.post("/v1/batch", &[TEXT], &body).json()["stored"], 2);
    let again = b.post("/v1/batch", &[TEXT], &body).json();
    assert_eq!(
        (again["stored"].clone(), again["duplicates"].clone()),
        (json!(0), json!(2))
    );
    assert_eq!(
        b.post("/v1/batch", &[TEXT], &batch(&[message("r3", "E")]))
            .json()["stored"],
        1
    );
    for c in [&a, &b] {
        let ids: Vec<_> = c
            .events("")
            .iter()
            .map(|e| e["messageId"].clone())
            .collect();
        assert_eq!(ids, [json!("r1"), json!("r2"), json!("r3")]);
    }
    assert_eq!(pg.sql("resend", "SELECT count(*) FROM events"), "3");
}

#[test]
fn the_same_stripe_event_at_the_same_moment_on_two_instances_is_stored_once() {
    let pg = Pg::start();
    let url = pg.database("stripe");
    let (a, b) = (Arc::new(collector_on(&url)), Arc::new(collector_on(&url)));
    for n in 0..20 {
        let ev = event(
            &format!("evt_race{n}"),
            "invoice.paid",
            invoice(json!({})),
            None,
        );
        let gate = Arc::new(Barrier::new(2));
        let replies: Vec<Value> = [Arc::clone(&a), Arc::clone(&b)]
            .into_iter()
            .map(|c| {
                let (ev, gate) = (ev.clone(), Arc::clone(&gate));
                std::thread::spawn(move || {
                    gate.wait();
                    let r = deliver(&c, &ev);
                    assert_eq!(r.status, 200, "{}", r.body);
                    r.json()
                })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|t| t.join().unwrap())
            .collect();
        let stored = replies.iter().filter(|r| r.get("events").is_some()).count();
        let duplicate = replies.iter().filter(|r| r["duplicate"] == true).count();
        assert_eq!((stored, duplicate), (1, 1), "{replies:?}");
    }
    // invoice.paid makes two events each.
    assert_eq!(pg.sql("stripe", "SELECT count(*) FROM events"), "40");
    assert_eq!(pg.sql("stripe", "SELECT count(*) FROM stripe_events"), "20");
}
