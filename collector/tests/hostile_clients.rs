//! What a hostile client can try against a collector on the open internet,
//! each over real HTTP (or raw TCP) on 127.0.0.1: half-sent requests,
//! too many connections, unbounded replies, static-file escapes, malformed
//! query strings, and Stripe signature headers made to burn CPU.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::stripe::SECRET;
use common::{batch, message, Collector, TEXT};
use serde_json::json;
use trackq_collector::clock::unix_now;
use trackq_collector::stripe_sig::sign;

fn connect(c: &Collector) -> TcpStream {
    let s = TcpStream::connect(c.running.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
    s
}

/// Reads until the server closes the connection (or 15 s pass).
fn read_all(s: &mut TcpStream) -> String {
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// A GET /healthz on a new connection, with a deadline; `None` if no
/// answer came in time.
fn healthz_within(c: &Collector, deadline: Duration) -> Option<Duration> {
    let start = Instant::now();
    let mut s = connect(c);
    s.set_read_timeout(Some(deadline)).unwrap();
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .ok()?;
    let mut buf = [0u8; 64];
    let n = s.read(&mut buf).ok()?;
    (n > 0 && buf.starts_with(b"HTTP/1.1 200")).then(|| start.elapsed())
}

#[test]
fn half_sent_headers_are_cut_off_after_the_header_timeout() {
    let c = Collector::start(|cfg| cfg.header_timeout = 1);
    let start = Instant::now();
    let mut silent = connect(&c);
    let mut partial = connect(&c);
    partial
        .write_all(b"POST /v1/batch HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    read_all(&mut partial);
    read_all(&mut silent);
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn a_body_that_stops_coming_gets_408() {
    let c = Collector::start(|cfg| cfg.body_timeout = 1);
    let mut s = connect(&c);
    s.write_all(b"POST /v1/batch HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"batch\":[")
        .unwrap();
    let start = Instant::now();
    let reply = read_all(&mut s);
    assert!(reply.starts_with("HTTP/1.1 408"), "{reply}");
    assert!(reply.contains("\"code\":\"request_timeout\""), "{reply}");
    assert!(start.elapsed() < Duration::from_secs(5));
}

#[test]
fn open_connections_are_capped_and_the_rest_wait_their_turn() {
    let c = Collector::start(|cfg| {
        cfg.max_connections = 4;
        cfg.header_timeout = 30;
    });
    let mut hogs: Vec<TcpStream> = (0..4).map(|_| connect(&c)).collect();
    for h in &mut hogs {
        h.write_all(b"GET /healthz HTTP/1.1\r\n").unwrap();
    }
    std::thread::sleep(Duration::from_millis(200));
    // A fifth connection is not served while four are held...
    assert_eq!(healthz_within(&c, Duration::from_millis(500)), None);
    // ...and is as soon as one of them goes.
    drop(hogs.pop());
    assert!(healthz_within(&c, Duration::from_secs(5)).is_some());
}

#[test]
fn a_shutdown_gives_up_on_half_sent_requests() {
    let c = Collector::start(|cfg| {
        cfg.shutdown_grace = 1;
        cfg.header_timeout = 60;
        cfg.body_timeout = 60;
    });
    let mut s = connect(&c);
    s.write_all(b"POST /v1/batch HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{")
        .unwrap();
    let mut idle = connect(&c);
    idle.write_all(b"GET /heal").unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let start = Instant::now();
    let Collector { running, dir, .. } = c;
    running.stop().unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    drop(dir);
}

#[test]
fn the_events_reply_is_capped_in_bytes_and_pages_on() {
    let c = Collector::start(|cfg| {
        cfg.max_reply = 1024 * 1024;
        cfg.max_message = 500 * 1024;
    });
    for i in 0..8 {
        let mut m = message(&format!("fat{i}"), "Signed Up");
        m["properties"]["filler"] = json!("x".repeat(300 * 1024));
        assert_eq!(c.post("/v1/batch", &[TEXT], &batch(&[m])).status, 200);
    }
    let mut seen = Vec::new();
    let mut cursor = 0;
    for _ in 0..10 {
        let r = c.get(&format!("/v1/events?after={cursor}&limit=1000"), &[]);
        assert!(
            r.body.len() < 1024 * 1024 + 300 * 1024,
            "{} bytes",
            r.body.len()
        );
        let j = r.json();
        let events = j["events"].as_array().unwrap();
        if events.is_empty() {
            break;
        }
        seen.extend(
            events
                .iter()
                .map(|e| e["messageId"].as_str().unwrap().to_owned()),
        );
        cursor = j["next"].as_i64().unwrap();
    }
    assert_eq!(seen, (0..8).map(|i| format!("fat{i}")).collect::<Vec<_>>());
    // Newest first pages the same way, with `before`.
    let r = c.get("/v1/events?limit=1000", &[]).json();
    assert_eq!(r["more"], true);
    assert!(r["events"].as_array().unwrap().len() < 8);
}

#[test]
fn malformed_query_strings_get_json_errors_and_only_after_the_key() {
    let c = Collector::start(|cfg| cfg.read_key = Some("rk_1".into()));
    let r = c.get("/v1/events?limit=lots", &[]);
    assert_eq!(r.status, 401, "{}", r.body);
    assert!(!r.body.contains("limit"), "{}", r.body);
    let r = c.get("/v1/events?limit=lots&key=rk_1", &[]);
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["code"], "invalid_query");
    let r = c.get("/v1/events?after=x", &[("Authorization", "Bearer rk_1")]);
    assert_eq!(r.status, 400);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let r = c.post(
        "/v1/batch?writeKey=a&writeKey=b",
        &[TEXT],
        &batch(&[message("q", "E")]),
    );
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(r.json()["code"], "invalid_query");
}

#[cfg(unix)]
#[test]
fn static_files_stay_inside_their_folders_and_redirect_safely() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "secret").unwrap();
    let www = tempfile::tempdir().unwrap();
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(www.path().join("index.html"), "home").unwrap();
    std::fs::create_dir(www.path().join("docs")).unwrap();
    std::fs::write(www.path().join("docs/index.html"), "docs").unwrap();
    std::fs::create_dir(www.path().join("evil.example")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        www.path().join("leak.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), www.path().join("out")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        dist.path().join("leak.js"),
    )
    .unwrap();
    std::fs::create_dir(dist.path().join("kmq")).unwrap();
    std::fs::write(dist.path().join("kmq/trackq.js"), "js").unwrap();
    let (w, d) = (www.path().to_owned(), dist.path().to_owned());
    let c = Collector::start(move |cfg| {
        cfg.www = w;
        cfg.dist = d;
    });
    for path in ["/leak.txt", "/out/secret.txt", "/trackq/leak.js", "/out/"] {
        let r = c.get(path, &[]);
        assert_eq!(r.status, 404, "{path}: {}", r.body);
        assert!(!r.body.contains("secret"), "{path}");
    }
    assert_eq!(c.get("/docs/", &[]).body, "docs");
    assert_eq!(c.get("/trackq/kmq/trackq.js", &[]).body, "js");
    let raw = |path: &str| {
        let mut s = connect(&c);
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        read_all(&mut s)
    };
    let location = |reply: &str| {
        reply
            .lines()
            .find_map(|l| l.strip_prefix("location: "))
            .map(str::to_owned)
    };
    let r = raw("/trackq/kmq");
    assert!(r.starts_with("HTTP/1.1 301"), "{r}");
    assert_eq!(location(&r).as_deref(), Some("/trackq/kmq/"));
    let r = raw("//evil.example");
    assert!(r.starts_with("HTTP/1.1 301"), "{r}");
    assert_eq!(location(&r).as_deref(), Some("/evil.example/"));
    assert_eq!(location(&raw("/docs")).as_deref(), Some("/docs/"));
}

/// A 4 MB webhook body signed wrongly, with `v1s` signatures.
fn burn(c: &Collector, v1s: usize) -> (u16, Duration) {
    let payload = format!(
        "{{\"id\":\"evt_x\",\"type\":\"invoice.paid\",\"pad\":\"{}\"}}",
        "x".repeat(4 << 20)
    );
    let t = unix_now();
    let wrong = sign(payload.as_bytes(), "whsec_wrong", t);
    let v1 = wrong.split_once(",v1=").unwrap().1;
    let header = format!("t={t}{}", format!(",v1={v1}").repeat(v1s));
    let start = Instant::now();
    let r = c.post(
        "/webhooks/stripe",
        &[("Stripe-Signature", &header)],
        &payload,
    );
    (r.status, start.elapsed())
}

fn stripe_collector() -> Collector {
    Collector::start(|cfg| {
        cfg.stripe_secrets = vec![SECRET.into()];
        cfg.max_body = 8 << 20;
    })
}

#[test]
fn a_stripe_header_full_of_signatures_costs_one_hmac_and_a_huge_one_none() {
    let c = stripe_collector();
    let (status, one) = burn(&c, 1);
    assert_eq!(status, 400);
    let (status, eight) = burn(&c, 8);
    assert_eq!(status, 400);
    // Eight signatures cost about what one does: the HMAC is computed once.
    assert!(
        eight < one * 3 + Duration::from_millis(300),
        "1: {one:?}, 8: {eight:?}"
    );
    // Past the caps the header is refused before the body is even hashed.
    let t = unix_now();
    let many = format!("t={t}{}", ",v1=00".repeat(9));
    let r = c.post("/webhooks/stripe", &[("Stripe-Signature", &many)], "{}");
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["error"],
        "Stripe-Signature header is too large or has too many signatures"
    );
    let long = format!("t={t},v1=00,v0={}", "0".repeat(64 * 1024));
    let r = c.post("/webhooks/stripe", &[("Stripe-Signature", &long)], "{}");
    assert_eq!(r.status, 400);
}

#[test]
fn healthz_answers_while_webhooks_are_being_verified() {
    // Eight secrets (rolling over) and eight v1 entries each: the most a
    // delivery can make the collector hash, done off the async workers.
    let c = Collector::start(|cfg| {
        cfg.stripe_secrets = (0..8).map(|i| format!("whsec_{i}")).collect();
        cfg.max_body = 8 << 20;
    });
    let url = c.url.clone();
    let busy: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || {
                let payload = format!("{{\"pad\":\"{}\"}}", "x".repeat(7 << 20));
                let t = unix_now();
                let wrong = sign(payload.as_bytes(), "whsec_wrong", t);
                let v1 = wrong.split_once(",v1=").unwrap().1;
                let header = format!("t={t}{}", format!(",v1={v1}").repeat(8));
                common::request(
                    "POST",
                    &format!("{url}/webhooks/stripe"),
                    &[("Stripe-Signature", &header)],
                    Some(&payload),
                )
                .status
            })
        })
        .collect();
    let mut worst = Duration::ZERO;
    let mut probes = 0;
    while probes < 400 && busy.iter().any(|b| !b.is_finished()) {
        let took = healthz_within(&c, Duration::from_secs(10)).expect("healthz answered");
        worst = worst.max(took);
        probes += 1;
        std::thread::sleep(Duration::from_millis(20));
    }
    for b in busy {
        assert_eq!(b.join().unwrap(), 400);
    }
    assert!(worst < Duration::from_millis(500), "healthz took {worst:?}");
}
