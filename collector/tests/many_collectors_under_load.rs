//! Several collectors on one real PostgreSQL, failing under load: an
//! instance killed with SIGKILL loses nothing it acknowledged and leaves no
//! batch half-written while the others keep serving, and a PostgreSQL
//! restart gives 503s while it is gone, nothing acknowledged lost, and the
//! collector recovers without a restart.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::load::{collector_on, load, stored_ids, KillOnDrop};
use common::pg::Pg;
use common::{batch, message, request, TEXT};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_trackq-collector");

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
    let b = collector_on(&url);

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
    let c = collector_on(&url);
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
