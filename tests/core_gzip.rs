//! The snippet's gzip encoder against a real inflater (flate2): known
//! vectors, incompressible input, the largest body, and what it saves on a
//! batch of messages.

// In Chromium (`wasm-pack test --headless --chrome`) each `#[test]` is a wasm-bindgen test.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use std::io::Read;
use trackq::core::limits::MAX_BODY_BYTES;
use trackq::core::support::gzip::gzip;

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("a valid gzip stream (CRC and length checked)");
    out
}

/// A generator of reproducible noise (xorshift).
fn noise(n: usize, mut seed: u64) -> Vec<u8> {
    (0..n)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        })
        .collect()
}

#[test]
fn known_vectors() {
    // The empty input: header, an empty fixed block, CRC 0, length 0.
    assert_eq!(
        gzip(b""),
        [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    );
    // "a": CRC-32 0xe8b7be43, as every gzip writes it.
    let a = gzip(b"a");
    assert_eq!(&a[a.len() - 8..], &[0x43, 0xbe, 0xb7, 0xe8, 1, 0, 0, 0]);
    for input in [
        &b"a"[..],
        b"abc",
        b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        b"The quick brown fox jumps over the lazy dog. The quick brown fox jumps over the lazy dog.",
        "\u{e9}t\u{e9} \u{2713} \u{1f600} \u{e9}t\u{e9} \u{2713} \u{1f600}".as_bytes(),
        &[0u8, 255, 0, 255, 0, 255, 128, 143, 144, 255],
    ] {
        assert_eq!(gunzip(&gzip(input)), input);
    }
    // Every length (3 to 258) and a spread of distances, through each code.
    let mut text = noise(40_000, 7);
    for (len, dist) in (3..=258).zip((1..).map(|d: usize| d * 127 % 32_768 + 1)) {
        let at = text.len();
        let from = at.saturating_sub(dist);
        let piece: Vec<u8> = (0..len).map(|k| text[from + k % dist.max(1)]).collect();
        text.extend(piece);
    }
    assert_eq!(gunzip(&gzip(&text)), text);
}

#[test]
fn incompressible_input_round_trips_and_grows_by_at_most_an_eighth() {
    for n in [1, 100, 4096, 70_000] {
        let data = noise(n, n as u64);
        let z = gzip(&data);
        assert_eq!(gunzip(&z), data);
        assert!(z.len() <= n + n / 8 + 20, "{n} -> {}", z.len());
    }
}

/// A batch body like the snippet's: `count` messages of one page.
fn batch(count: usize) -> String {
    let mut body = String::from(
        r#"{"writeKey":"WRITE_KEY","sentAt":"2026-11-22T18:00:00.120Z","context":{"page":{"url":"https://app.acme.test/"}},"batch":["#,
    );
    let ids = noise(count * 16, 3);
    for i in 0..count {
        if i > 0 {
            body.push(',');
        }
        let id: String = ids[i * 16..i * 16 + 16]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        body.push_str(&format!(
            r#"{{"type":"track","messageId":"{}-{}-4{}-a{}-{}","timestamp":"2026-11-22T17:59:{:02}.{:03}Z","anonymousId":"0f8e2a4c-1b3d-4e5f-a6b7-c8d9e0f1a2b3","userId":"ann@acme.com","event":"Bench Event","properties":{{"i":{i},"plan":"Pro"}}}}"#,
            &id[..8], &id[8..12], &id[13..16], &id[17..20], &id[20..32], i / 1000 % 60, i % 1000
        ));
    }
    body.push_str("]}");
    body
}

#[test]
fn the_largest_body_round_trips_within_the_keepalive_budget() {
    let mut count = 1;
    while batch(count + 1).len() <= MAX_BODY_BYTES {
        count += 1;
    }
    let body = batch(count);
    let z = gzip(body.as_bytes());
    assert_eq!(gunzip(&z), body.as_bytes());
    // About 48 bytes a message (fixed codes; the random part of each
    // messageId does not compress): 1,000 messages fit in 64 KB.
    let per_message = z.len() / count;
    assert!(
        per_message <= 56,
        "{} B -> {} B: {per_message} B a message",
        body.len(),
        z.len()
    );
    assert!(z.len() * 4 < body.len(), "{} -> {}", body.len(), z.len());
}
