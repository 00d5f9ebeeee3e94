//! Slow and greedy clients against a collector on 127.0.0.1, over raw TCP:
//! half-sent headers and bodies are cut off, open connections are capped,
//! and a shutdown does not wait for requests that never finish.

mod common;

use std::io::Write;
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::raw_tcp::{connect, healthz_within, read_all};
use common::Collector;
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
