//! Several collectors on one real PostgreSQL (Debian's server, started by
//! the test as an unprivileged user on 127.0.0.1): a batch resent to another
//! instance is stored once, the same Stripe event delivered to two instances
//! at the same moment is stored once, every instance sees every instance's
//! writes, an instance killed with SIGKILL under load loses nothing it
//! acknowledged and leaves no batch half-written, and a PostgreSQL restart
//! under load gives 503s while it is gone and nothing acknowledged lost.

mod common;

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

use common::pg::Pg;
use common::stripe::{deliver, event, invoice, SECRET};
use common::{batch, message, request, Collector, TEXT};
use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_trackq-collector");

fn on(url: &str) -> Collector {
    let url = url.to_owned();
    Collector::start(move |cfg| {
        cfg.db = url.into();
        cfg.stripe_secrets = vec![SECRET.into()];
    })
}

#[test]
fn a_batch_resent_to_another_instance_is_stored_once_and_both_see_it() {
    let pg = Pg::start();
    let url = pg.database("resend");
    let (a, b) = (on(&url), on(&url));
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
    let (a, b) = (Arc::new(on(&url)), Arc::new(on(&url)));
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

/// Sends batches of 10 to `url` from 4 threads until `stop`; the batches
/// acknowledged (200) and every other status seen.
fn load(url: String, prefix: &'static str, stop: Arc<AtomicBool>) -> (Vec<Vec<String>>, Vec<u16>) {
    let acked = Arc::new(Mutex::new(Vec::new()));
    let other = Arc::new(Mutex::new(Vec::new()));
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let (url, stop, acked, other) = (
                url.clone(),
                Arc::clone(&stop),
                Arc::clone(&acked),
                Arc::clone(&other),
            );
            std::thread::spawn(move || {
                let agent = ureq::AgentBuilder::new()
                    .timeout(Duration::from_secs(20))
                    .build();
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) && n < 5000 {
                    let ids: Vec<String> =
                        (0..10).map(|i| format!("{prefix}-{t}-{n}-{i}")).collect();
                    let ms: Vec<Value> = ids.iter().map(|id| message(id, "Signed Up")).collect();
                    match agent
                        .post(&format!("{url}/v1/batch"))
                        .set("Content-Type", "text/plain")
                        .send_string(&batch(&ms))
                    {
                        Ok(r) if r.status() == 200 => acked.lock().unwrap().push(ids),
                        Ok(r) => other.lock().unwrap().push(r.status()),
                        Err(ureq::Error::Status(s, r)) => {
                            if s == 503 {
                                assert!(r.header("retry-after").is_some());
                            }
                            other.lock().unwrap().push(s);
                        }
                        Err(_) => {
                            other.lock().unwrap().push(0);
                            std::thread::sleep(Duration::from_millis(20));
                        }
                    }
                    n += 1;
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let acked = std::mem::take(&mut *acked.lock().unwrap());
    let other = std::mem::take(&mut *other.lock().unwrap());
    (acked, other)
}

/// A child process killed if the test fails before it does.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn stored_ids(pg: &Pg, db: &str, prefix: &str) -> HashSet<String> {
    pg.sql(
        db,
        &format!(
            "SELECT string_agg(message_id, ',') FROM events WHERE message_id LIKE '{prefix}-%'"
        ),
    )
    .split(',')
    .filter(|s| !s.is_empty())
    .map(str::to_owned)
    .collect()
}

#[cfg(unix)]
#[test]
fn an_instance_killed_under_load_loses_nothing_it_acknowledged() {
    let pg = Pg::start();
    let url = pg.database("kill");
    let mut child = Command::new(BIN)
        .args([
            "--listen",
            "127.0.0.1:0",
            "--db",
            &url,
            "--log-format",
            "json",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut child = KillOnDrop(child);
    // The first lines may say which migrations were applied.
    let a_url = loop {
        let line: Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
        if let Some(url) = line["fields"]["url"].as_str() {
            break url.trim_end_matches('/').to_owned();
        }
    };
    std::thread::spawn(move || for _ in lines.by_ref() {});
    let b = on(&url);

    let stop_a = Arc::new(AtomicBool::new(false));
    let stop_b = Arc::new(AtomicBool::new(false));
    let load_a = {
        let stop = Arc::clone(&stop_a);
        std::thread::spawn(move || load(a_url, "a", stop))
    };
    let load_b = {
        let (url, stop) = (b.url.clone(), Arc::clone(&stop_b));
        std::thread::spawn(move || load(url, "b", stop))
    };
    std::thread::sleep(Duration::from_millis(1500));
    child.0.kill().unwrap(); // SIGKILL
    child.0.wait().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    stop_a.store(true, Ordering::Relaxed);
    let (acked_a, _) = load_a.join().unwrap();
    // B kept serving through it.
    std::thread::sleep(Duration::from_millis(700));
    stop_b.store(true, Ordering::Relaxed);
    let (acked_b, other_b) = load_b.join().unwrap();
    assert!(
        acked_a.len() > 10,
        "A acknowledged {} batches",
        acked_a.len()
    );
    assert!(
        acked_b.len() > 10 && other_b.is_empty(),
        "{} {other_b:?}",
        acked_b.len()
    );

    let stored_a = stored_ids(&pg, "kill", "a");
    for ids in &acked_a {
        assert!(
            ids.iter().all(|id| stored_a.contains(id)),
            "acknowledged, lost: {ids:?}"
        );
    }
    // No batch half-written: by batch (thread, n), all ten ids or none.
    let mut batches: std::collections::HashMap<String, usize> = Default::default();
    for id in &stored_a {
        let key = id.rsplit_once('-').unwrap().0.to_owned();
        *batches.entry(key).or_default() += 1;
    }
    assert!(batches.values().all(|n| *n == 10), "{batches:?}");
    let stored_b = stored_ids(&pg, "kill", "b");
    assert_eq!(stored_b.len(), acked_b.len() * 10);
    assert_eq!(b.events("").len(), stored_a.len() + stored_b.len());
}

#[test]
fn a_postgres_restart_under_load_gives_503s_and_loses_nothing_acknowledged() {
    let pg = Pg::start();
    let url = pg.database("restart");
    let c = on(&url);
    let stop = Arc::new(AtomicBool::new(false));
    let sender = {
        let (url, stop) = (c.url.clone(), Arc::clone(&stop));
        std::thread::spawn(move || load(url, "r", stop))
    };
    std::thread::sleep(Duration::from_millis(1000));
    pg.restart_after(Duration::from_secs(2));
    // Back: the same collector, not restarted, takes writes again.
    let start = Instant::now();
    let mut recovered = false;
    while start.elapsed() < Duration::from_secs(20) {
        let r = c.post(
            "/v1/batch",
            &[TEXT],
            &batch(&[message(
                &format!("probe{}", start.elapsed().as_millis()),
                "E",
            )]),
        );
        if r.status == 200 {
            recovered = true;
            break;
        }
        assert_eq!(r.status, 503, "{}", r.body);
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(recovered, "the collector did not recover");
    std::thread::sleep(Duration::from_millis(500));
    stop.store(true, Ordering::Relaxed);
    let (acked, other) = sender.join().unwrap();
    assert!(
        other.contains(&503),
        "no 503 while PostgreSQL was gone: {other:?}"
    );
    assert!(other.iter().all(|s| *s == 503), "{other:?}");
    let stored = stored_ids(&pg, "restart", "r");
    for ids in &acked {
        assert!(
            ids.iter().all(|id| stored.contains(id)),
            "acknowledged, lost: {ids:?}"
        );
    }
    let r = request("GET", &format!("{}/v1/events?limit=1", c.url), &[], None);
    assert_eq!(r.status, 200);
}
