//! Several collectors in this process on one real PostgreSQL, and the load
//! the failure tests put on them: batches sent until told to stop, and what
//! was acknowledged compared with what is stored.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;

use super::pg::Pg;
use super::stripe::SECRET;
use super::{batch, message, Collector};

/// A collector on the PostgreSQL database `url`, taking Stripe deliveries.
pub fn collector_on(url: &str) -> Collector {
    let url = url.to_owned();
    Collector::start(move |cfg| {
        cfg.db = url.into();
        cfg.stripe_secrets = vec![SECRET.into()];
    })
}

/// Sends batches of 10 to `url` from 4 threads until `stop`; the batches
/// acknowledged (200) and every other status seen.
pub fn load(
    url: String,
    prefix: &'static str,
    stop: Arc<AtomicBool>,
) -> (Vec<Vec<String>>, Vec<u16>) {
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
pub struct KillOnDrop(pub std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The stored message ids that start with `prefix-`.
pub fn stored_ids(pg: &Pg, db: &str, prefix: &str) -> HashSet<String> {
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
