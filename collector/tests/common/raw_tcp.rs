//! Raw TCP against a collector, for the tests that send what no HTTP
//! client would: half-sent requests, held connections, hand-made requests.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::Collector;

/// A new connection to `c`, reads giving up after 15 s.
pub fn connect(c: &Collector) -> TcpStream {
    let s = TcpStream::connect(c.running.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
    s
}

/// Reads until the server closes the connection (or 15 s pass).
pub fn read_all(s: &mut TcpStream) -> String {
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// A GET /healthz on a new connection, with a deadline; `None` if no
/// answer came in time.
pub fn healthz_within(c: &Collector, deadline: Duration) -> Option<Duration> {
    let start = Instant::now();
    let mut s = connect(c);
    s.set_read_timeout(Some(deadline)).unwrap();
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .ok()?;
    let mut buf = [0u8; 64];
    let n = s.read(&mut buf).ok()?;
    (n > 0 && buf.starts_with(b"HTTP/1.1 200")).then(|| start.elapsed())
}
