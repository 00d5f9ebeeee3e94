//! Shared by the HTTP tests: a collector on 127.0.0.1 with a real SQLite
//! file in a temp dir, and a small blocking client; [`stripe`] has the
//! Stripe webhook tests' payloads and signed delivery.
#![allow(dead_code)] // each test file uses a different part of it

use std::path::PathBuf;
use std::time::Duration;

use serde_json::{json, Value};
use trackq_collector::{spawn, Config, Running};

pub mod load;
pub mod pg;
pub mod raw_tcp;
pub mod stripe;

/// A running collector and its database folder (removed on drop).
pub struct Collector {
    /// The server.
    pub running: Running,
    /// Its database folder.
    pub dir: tempfile::TempDir,
    /// Its base URL, without a trailing slash.
    pub url: String,
}

impl Collector {
    /// Starts one with the defaults changed by `f`.
    pub fn start(f: impl FnOnce(&mut Config)) -> Collector {
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config::with_db(dir.path().join("trackq.db"));
        config.listen = "127.0.0.1:0".parse().unwrap();
        f(&mut config);
        let running = spawn(config, 2).unwrap();
        let url = running.url();
        Collector { running, dir, url }
    }

    /// Every stored event as the query API shows it, oldest first.
    pub fn events(&self, filter: &str) -> Vec<Value> {
        let mut all = Vec::new();
        let mut cursor = 0;
        for _ in 0..1000 {
            let r = self.get(
                &format!("/v1/events?after={cursor}&limit=1000{filter}"),
                &[],
            );
            assert_eq!(r.status, 200, "{}", r.body);
            let j = r.json();
            let page = j["events"].as_array().unwrap().clone();
            if page.is_empty() {
                return all;
            }
            cursor = j["next"].as_i64().unwrap();
            all.extend(page);
        }
        panic!("more than 1000 pages");
    }

    /// The SQLite file.
    pub fn db(&self) -> PathBuf {
        self.dir.path().join("trackq.db")
    }

    /// Rows in `events`, read straight from the SQLite file.
    pub fn count(&self) -> i64 {
        self.sql_i64("SELECT count(*) FROM events")
    }

    /// The one integer `sql` selects, read straight from the SQLite file.
    pub fn sql_i64(&self, sql: &str) -> i64 {
        let conn = rusqlite::Connection::open(self.db()).unwrap();
        conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }

    /// Every stored message body, oldest first.
    pub fn bodies(&self) -> Vec<Value> {
        let conn = rusqlite::Connection::open(self.db()).unwrap();
        let mut stmt = conn.prepare("SELECT body FROM events ORDER BY id").unwrap();
        let rows = stmt.query_map([], |r| r.get::<_, String>(0)).unwrap();
        rows.map(|b| serde_json::from_str(&b.unwrap()).unwrap())
            .collect()
    }

    /// POSTs `body` to `path`.
    pub fn post(&self, path: &str, headers: &[(&str, &str)], body: &str) -> Reply {
        request("POST", &format!("{}{path}", self.url), headers, Some(body))
    }

    /// POSTs raw bytes (a gzip body, say).
    pub fn post_bytes(&self, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
        let agent = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(20))
            .build();
        let mut req = agent.post(&format!("{}{path}", self.url));
        for (k, v) in headers {
            req = req.set(k, v);
        }
        reply(req.send_bytes(body), path)
    }

    /// GETs `path`.
    pub fn get(&self, path: &str, headers: &[(&str, &str)]) -> Reply {
        request("GET", &format!("{}{path}", self.url), headers, None)
    }
}

/// What came back.
#[derive(Debug)]
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The headers, in order.
    pub headers: Vec<(String, String)>,
    /// The body as text.
    pub body: String,
}

impl Reply {
    /// The body as JSON (the test fails if it is not).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// The header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One request, whatever its status (a 4xx or 5xx is a [`Reply`] too).
pub fn request(method: &str, url: &str, headers: &[(&str, &str)], body: Option<&str>) -> Reply {
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(20))
        .build();
    let mut req = agent.request(method, url);
    for (k, v) in headers {
        req = req.set(k, v);
    }
    let result = match body {
        Some(b) => req.send_string(b),
        None => req.call(),
    };
    reply(result, &format!("{method} {url}"))
}

fn reply(result: Result<ureq::Response, ureq::Error>, what: &str) -> Reply {
    let response = match result {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{what}: {e}"),
    };
    let status = response.status();
    let headers = response
        .headers_names()
        .into_iter()
        .map(|n| {
            let v = response.header(&n).unwrap_or("").to_owned();
            (n, v)
        })
        .collect();
    let body = response.into_string().unwrap();
    Reply {
        status,
        headers,
        body,
    }
}

/// A message as the snippet sends it.
pub fn message(id: &str, event: &str) -> Value {
    json!({
        "type": "track",
        "messageId": id,
        "timestamp": "2026-11-22T17:59:58.120Z",
        "anonymousId": "0b6a5d52-4f5e-4c1a-9d2e-8f3b7a6c5d4e",
        "event": event,
        "properties": {"Plan Name": "Premium Plan"},
        "context": {
            "page": {"url": "http://127.0.0.1/demo.html", "path": "/demo.html", "referrer": "", "title": "Demo"},
            "library": {"name": "trackq", "version": "0.1.0"},
            "userAgent": "test",
            "taxonomy": "kissmetrics"
        }
    })
}

/// A request body as the snippet sends it.
pub fn batch(messages: &[Value]) -> String {
    json!({"writeKey": "WRITE_KEY", "sentAt": "2026-11-22T18:00:00.000Z", "batch": messages})
        .to_string()
}

/// The snippet's Content-Type.
pub const TEXT: (&str, &str) = ("Content-Type", "text/plain;charset=UTF-8");

/// `data` gzipped.
pub fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}
