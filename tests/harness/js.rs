//! JavaScript literals -> [`Value`], key order kept: the seeds' examples
//! (`{accountId: 'acct_abc123', // comment`) and JSON bodies alike.
//!
//! Numbers become the text JavaScript's `String(n)` gives for them (`49.00`
//! is `49`), which is what the browser shell hands the core.

use trackq::core::Value;

/// Parses one literal; panics on anything else (test input).
pub fn js(src: &str) -> Value {
    let mut p = Parser {
        s: src.as_bytes(),
        i: 0,
    };
    let v = p.value();
    p.space();
    assert_eq!(p.i, p.s.len(), "trailing text in {src:?}");
    v
}

/// `object[key]`, or `Null` when absent or not an object.
pub fn get<'a>(object: &'a Value, key: &str) -> &'a Value {
    const NULL: &Value = &Value::Null;
    let entries = object.as_obj().unwrap_or_default();
    entries
        .iter()
        .find(|(k, _)| k == key)
        .map_or(NULL, |(_, v)| v)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> u8 {
        self.s.get(self.i).copied().unwrap_or(0)
    }

    fn space(&mut self) {
        loop {
            while self.peek().is_ascii_whitespace() {
                self.i += 1;
            }
            if self.s[self.i..].starts_with(b"//") {
                while !matches!(self.peek(), b'\n' | 0) {
                    self.i += 1;
                }
            } else {
                return;
            }
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        self.space();
        let hit = self.peek() == b;
        self.i += usize::from(hit);
        hit
    }

    fn value(&mut self) -> Value {
        self.space();
        match self.peek() {
            b'{' => {
                self.i += 1;
                let mut entries = Vec::new();
                while !self.eat(b'}') {
                    let key = self.key();
                    assert!(self.eat(b':'), "':' expected at {}", self.i);
                    entries.push((key, self.value()));
                    self.eat(b',');
                }
                Value::Obj(entries)
            }
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                while !self.eat(b']') {
                    items.push(self.value());
                    self.eat(b',');
                }
                Value::Arr(items)
            }
            b'\'' | b'"' => Value::Str(self.string()),
            _ => {
                let word = self.word();
                match word.as_str() {
                    "null" | "undefined" => Value::Null,
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    n => Value::num(n.parse().unwrap_or_else(|_| panic!("not a literal: {n:?}"))),
                }
            }
        }
    }

    fn key(&mut self) -> String {
        self.space();
        match self.peek() {
            b'\'' | b'"' => self.string(),
            _ => self.word(),
        }
    }

    fn word(&mut self) -> String {
        let start = self.i;
        while self.peek().is_ascii_alphanumeric()
            || matches!(self.peek(), b'_' | b'$' | b'.' | b'-' | b'+')
        {
            self.i += 1;
        }
        assert!(
            self.i > start,
            "unexpected {:?} at {}",
            self.peek() as char,
            self.i
        );
        String::from_utf8_lossy(&self.s[start..self.i]).into_owned()
    }

    fn string(&mut self) -> String {
        let quote = self.peek();
        self.i += 1;
        let mut out = Vec::new();
        loop {
            let b = self.peek();
            self.i += 1;
            match b {
                0 => panic!("unterminated string"),
                b'\\' => {
                    let e = self.peek();
                    self.i += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'u' => {
                            let hex =
                                std::str::from_utf8(&self.s[self.i..self.i + 4]).expect("hex");
                            let c = char::from_u32(u32::from_str_radix(hex, 16).expect("hex"))
                                .expect("a char");
                            out.extend_from_slice(c.to_string().as_bytes());
                            self.i += 4;
                        }
                        other => out.push(other),
                    }
                }
                b if b == quote => break,
                b => out.push(b),
            }
        }
        String::from_utf8(out).expect("UTF-8")
    }
}
