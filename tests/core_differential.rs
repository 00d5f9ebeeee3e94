#![cfg(not(target_arch = "wasm32"))]
//! The JSON reader against serde_json, and SHA-256 against the `sha2`
//! crate, on seeded random inputs.

mod rng;

use rng::Rng;
use trackq::core::input::json_parse::parse;
use trackq::core::input::Value;
use trackq::core::support::json::to_string;
use trackq::core::support::sha256::sha256_hex;

/// serde_json's reading of `text`: `None` when it is not JSON, `Some(None)`
/// when it is JSON with a number out of `f64`'s range (serde_json refuses
/// those: read again with every exponent made 0).
fn strict(text: &str) -> Option<Option<serde_json::Value>> {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(v) => Some(Some(v)),
        Err(e) if e.to_string().contains("number out of range") => {
            let mut small = String::new();
            let mut chars = text.chars().peekable();
            while let Some(c) = chars.next() {
                small.push(c);
                if c == 'e' || c == 'E' {
                    chars.next_if(|c| *c == '+' || *c == '-');
                    if chars.next_if(char::is_ascii_digit).is_some() {
                        while chars.next_if(char::is_ascii_digit).is_some() {}
                        small.push('0');
                    }
                }
            }
            assert_ne!(small, text, "another number out of range");
            strict(&small).map(|_| None)
        }
        Err(_) => None,
    }
}

/// Our value as serde_json's (a repeated key: the last one wins, as there).
fn to_serde(v: &Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Num(n) => serde_json::from_str(n).expect("a number is JSON"),
        Value::Str(s) => serde_json::Value::String(s.clone()),
        Value::Arr(items) => serde_json::Value::Array(items.iter().map(to_serde).collect()),
        Value::Obj(entries) => {
            let mut map = serde_json::Map::new();
            for (k, v) in entries {
                map.insert(k.clone(), to_serde(v));
            }
            serde_json::Value::Object(map)
        }
    }
}

const NUMBERS: [&str; 30] = [
    "0",
    "-0",
    "7",
    "-12",
    "29.99",
    "0.5",
    "1e5",
    "1E+5",
    "1e-7",
    "-1e+21",
    "2.5E-3",
    "123456789012345678901234567890",
    "1e400", // JSON, if not an f64
    "1e",
    "-",
    "+1",
    "01",
    ".5",
    "1.",
    "-.5",
    "1e+",
    "--1",
    "1.2.3",
    "0x10",
    "1e5.5",
    "00",
    "-01",
    "1ee5",
    "Infinity",
    "NaN",
];

/// Random JSON-like text: JSON values (at most 4 levels deep) with random
/// whitespace, numbers both valid and not, and sometimes a stray edit.
fn text(rng: &mut Rng) -> String {
    let mut out = String::new();
    value(rng, &mut out, 0);
    if rng.below(3) == 0 {
        let edit = rng.pick(&[
            "", ",", "]", "}", "\"", ":", "-", "0", "e", ".", " ", "\\", "x",
        ]);
        let mut at = rng.below(out.len() + 1);
        while !out.is_char_boundary(at) {
            at -= 1;
        }
        let cut = (at + rng.below(3)).min(out.len());
        let cut = if out.is_char_boundary(cut) { cut } else { at };
        out.replace_range(at..cut, edit);
    }
    out
}

fn value(rng: &mut Rng, out: &mut String, depth: usize) {
    out.push_str(rng.pick(&["", "", " ", "\n\t", "\r "]));
    match rng.below(if depth < 4 { 8 } else { 5 }) {
        0 => out.push_str(rng.pick(&["null", "true", "false", "nul", "tru"])),
        1 | 2 => out.push_str(rng.pick(&NUMBERS)),
        3 | 4 => {
            let s = rng.pick(&[
                "",
                "a",
                "é😀",
                "a\\\"b",
                "\\n\\t\\/",
                "\\u00e9",
                "\\u001f",
                "x y",
            ]);
            out.push('"');
            out.push_str(s);
            out.push('"');
        }
        5 | 6 => {
            out.push('{');
            for i in 0..rng.below(4) {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(rng.pick(&["\"a\"", "\"b\"", "\"a\"", " \"\" "]));
                out.push(':');
                value(rng, out, depth + 1);
            }
            out.push('}');
        }
        _ => {
            out.push('[');
            for i in 0..rng.below(4) {
                if i > 0 {
                    out.push(',');
                }
                value(rng, out, depth + 1);
            }
            out.push(']');
        }
    }
    out.push_str(rng.pick(&["", "", " "]));
}

/// Checks the reader against serde_json on `text`: it takes what is JSON,
/// reads it as serde_json does, and what it takes it writes back as JSON.
/// (It is lenient about strings, which JSON.stringify never gets wrong:
/// any escaped character and raw control characters are taken as text,
/// and written back escaped.)
fn agrees(text: &str) {
    let ours = parse(text, false);
    assert!(!ours.too_deep, "{text:?}");
    match (&ours.value, strict(text)) {
        (Some(v), Some(theirs)) => {
            let written = to_string(v);
            let again = strict(&written);
            assert!(again.is_some(), "{text:?} was written back as {written:?}");
            if let Some(theirs) = theirs {
                assert_eq!(to_serde(v), theirs, "{text:?}");
            }
        }
        (Some(v), None) => {
            let written = to_string(v);
            assert!(
                strict(&written).is_some(),
                "{text:?} is not JSON, was taken, and was written back as {written:?}"
            );
            assert!(
                text.contains('\\') || text.chars().any(|c| c < ' ' && !"\t\n\r ".contains(c)),
                "{text:?} is not JSON and was taken as {written:?}"
            );
        }
        (None, Some(_)) => panic!("{text:?} is JSON and was refused"),
        (None, None) => {}
    }
}

#[test]
fn numbers_are_read_by_the_json_grammar() {
    for n in NUMBERS {
        let json = strict(n).is_some();
        let ours = parse(n, false).value;
        assert_eq!(ours.is_some(), json, "{n:?}");
        let in_array = format!("[{n},1]");
        assert_eq!(
            parse(&in_array, false).value.is_some(),
            json,
            "{in_array:?}"
        );
        if let Some(v) = ours {
            assert_eq!(to_string(&v), n);
        }
    }
}

#[test]
fn the_json_reader_agrees_with_serde_json() {
    let mut rng = Rng(0x6a73_6f6e_0000_0001);
    for _ in 0..20_000 {
        agrees(&text(&mut rng));
    }
}

#[test]
fn sha256_agrees_with_the_sha2_crate() {
    use sha2::{Digest, Sha256};
    let mut rng = Rng(0x7368_6132_0000_0001);
    let lengths = (0..300).chain([447, 448, 511, 512, 1_000, 4_096, 65_537]);
    for len in lengths {
        let input: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        let theirs: String = Sha256::digest(&input)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(sha256_hex(input), theirs, "{len} bytes");
    }
}
