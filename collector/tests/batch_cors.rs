//! POST /v1/batch over real HTTP: CORS preflight and response headers, and
//! an origin allow-list.

mod common;

use common::{batch, message, Collector, TEXT};

#[test]
fn cors_preflight_and_response_headers() {
    let c = Collector::start(|_| {});
    let pre = common::request(
        "OPTIONS",
        &format!("{}/v1/batch", c.url),
        &[
            ("Origin", "http://shop.test:3000"),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "content-type"),
        ],
        None,
    );
    assert_eq!(pre.status, 200);
    assert_eq!(
        pre.header("access-control-allow-origin"),
        Some("http://shop.test:3000")
    );
    assert!(pre
        .header("access-control-allow-methods")
        .unwrap()
        .contains("POST"));
    assert!(pre
        .header("access-control-allow-headers")
        .unwrap()
        .contains("content-type"));
    assert!(pre.header("access-control-max-age").is_some());
    assert!(pre
        .header("vary")
        .unwrap()
        .to_ascii_lowercase()
        .contains("origin"));

    let r = c.post(
        "/v1/batch",
        &[TEXT, ("Origin", "http://shop.test:3000")],
        &batch(&[message("c1", "Signed Up")]),
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("http://shop.test:3000")
    );
    assert!(r
        .header("access-control-expose-headers")
        .unwrap()
        .to_ascii_lowercase()
        .contains("retry-after"));
}

#[test]
fn an_allow_list_refuses_other_origins() {
    let c = Collector::start(|cfg| cfg.allow_origins = vec!["https://app.acme.test".into()]);
    let body = batch(&[message("o1", "Signed Up")]);
    let ok = c.post(
        "/v1/batch",
        &[TEXT, ("Origin", "https://app.acme.test")],
        &body,
    );
    assert_eq!(ok.status, 200);
    assert_eq!(
        ok.header("access-control-allow-origin"),
        Some("https://app.acme.test")
    );

    let body = batch(&[message("o2", "Signed Up")]);
    let other = c.post("/v1/batch", &[TEXT, ("Origin", "https://evil.test")], &body);
    assert_eq!(other.status, 403);
    assert_eq!(
        other.json()["error"],
        "origin https://evil.test is not allowed"
    );
    assert_eq!(other.header("access-control-allow-origin"), None);
    let pre = common::request(
        "OPTIONS",
        &format!("{}/v1/batch", c.url),
        &[
            ("Origin", "https://evil.test"),
            ("Access-Control-Request-Method", "POST"),
        ],
        None,
    );
    assert_eq!(pre.header("access-control-allow-origin"), None);
    // No Origin header: not a cross-origin browser request (a server, curl).
    assert_eq!(
        c.post("/v1/batch", &[TEXT], &batch(&[message("o3", "Signed Up")]))
            .status,
        200
    );
    assert_eq!(c.count(), 2);
}
