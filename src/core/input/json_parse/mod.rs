//! Reading the JSON text the bootstrap makes of a pushed command
//! (`JSON.stringify`, native and fast, instead of walking the JavaScript
//! value through hundreds of wasm-bindgen calls).
//!
//! Values nested deeper than [`MAX_DEPTH`] are skipped without recursion,
//! so no input can exhaust the stack. A command's size limits are applied
//! while reading it: no oversized copy is ever made.

use crate::prelude::*;

use crate::core::input::Value;
use crate::core::limits::{MAX_DEPTH, MAX_ENTRIES};

mod string;

/// What [`parse`] read.
#[derive(Debug, PartialEq)]
pub struct Parsed {
    /// The value; `None` when the text is not JSON.
    pub value: Option<Value>,
    /// A string was cut to [`MAX_STRING_BYTES`](crate::core::limits::MAX_STRING_BYTES)
    /// (at a char boundary), or an object or array to its first
    /// [`MAX_ENTRIES`] entries.
    pub trimmed: bool,
    /// Something was nested deeper than [`MAX_DEPTH`]; it reads as `null`.
    pub too_deep: bool,
}

/// Parses `text`, trimming what is over the limits when `limited`.
pub fn parse(text: &str, limited: bool) -> Parsed {
    let mut p = Parser {
        s: text,
        i: 0,
        limited,
        trimmed: false,
        too_deep: false,
    };
    let mut value = p.value(0);
    p.ws();
    if p.i != text.len() {
        value = None;
    }
    Parsed {
        value,
        trimmed: p.trimmed,
        too_deep: p.too_deep,
    }
}

struct Parser<'a> {
    s: &'a str,
    i: usize,
    limited: bool,
    trimmed: bool,
    too_deep: bool,
}

impl Parser<'_> {
    // Inlined: called, it hands its `Option` back through memory.
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        self.ws();
        self.take(b)
    }

    /// Steps over the byte at the cursor if it is `b`.
    fn take(&mut self, b: u8) -> bool {
        let hit = self.peek() == Some(b);
        self.i += usize::from(hit);
        hit
    }

    fn value(&mut self, depth: usize) -> Option<Value> {
        self.ws();
        match self.peek()? {
            b'{' | b'[' if depth >= MAX_DEPTH => {
                self.too_deep = true;
                self.skip()
            }
            b'{' => {
                self.i += 1;
                let mut entries = Vec::new();
                if !self.eat(b'}') {
                    loop {
                        let key = self.string()?;
                        if !self.eat(b':') {
                            return None;
                        }
                        let value = self.value(depth + 1)?;
                        if self.keep(entries.len()) {
                            entries.push((key, value));
                        }
                        if self.eat(b'}') {
                            break;
                        }
                        if !self.eat(b',') {
                            return None;
                        }
                    }
                }
                Some(Value::Obj(entries))
            }
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                if !self.eat(b']') {
                    loop {
                        let item = self.value(depth + 1)?;
                        if self.keep(items.len()) {
                            items.push(item);
                        }
                        if self.eat(b']') {
                            break;
                        }
                        if !self.eat(b',') {
                            return None;
                        }
                    }
                }
                Some(Value::Arr(items))
            }
            b'"' => self.string().map(Value::Str),
            b't' if self.literal("true") => Some(Value::Bool(true)),
            b'f' if self.literal("false") => Some(Value::Bool(false)),
            b'n' if self.literal("null") => Some(Value::Null),
            b't' | b'f' | b'n' => None,
            _ => {
                let start = self.i;
                self.number()?;
                let text = self.s.get(start..self.i)?;
                Some(Value::Num(text.to_owned()))
            }
        }
    }

    /// Steps over a number in JSON's grammar: `-`, then `0` or digits not
    /// starting with `0`, then `.` and digits, then `e`, a sign and digits.
    fn number(&mut self) -> Option<()> {
        self.take(b'-');
        if !self.take(b'0') {
            self.digits()?;
        }
        if self.take(b'.') {
            self.digits()?;
        }
        if self.take(b'e') || self.take(b'E') {
            let _ = self.take(b'+') || self.take(b'-');
            self.digits()?;
        }
        Some(())
    }

    /// Steps over one or more ASCII digits; `None` if there is none.
    fn digits(&mut self) -> Option<()> {
        let start = self.i;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        (self.i > start).then_some(())
    }

    /// Whether an object or array holding `len` entries takes one more.
    fn keep(&mut self, len: usize) -> bool {
        let over = self.limited && len >= MAX_ENTRIES;
        self.trimmed |= over;
        !over
    }

    /// Steps over `word` if it is at the cursor; whether it was (a miss
    /// may leave the cursor inside it: the text is not JSON then).
    fn literal(&mut self, word: &str) -> bool {
        word.bytes().all(|b| self.take(b))
    }

    /// Steps over one object or array without building it, iteratively
    /// (its strings read as any string is, so a bracket in one is no
    /// bracket); it reads as null.
    fn skip(&mut self) -> Option<Value> {
        let mut depth = 0usize;
        while let Some(b) = self.peek() {
            if b == b'"' {
                self.string()?;
                continue;
            }
            self.i += 1;
            match b {
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(Value::Null);
                    }
                }
                _ => {}
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::limits::MAX_STRING_BYTES;
    use crate::core::support::json::to_string;

    fn value(text: &str) -> Option<Value> {
        parse(text, false).value
    }

    #[test]
    fn reads_what_json_stringify_writes() {
        let text = r#"["billed",29.99,"Monthly Bill",{"Billing Method":"Credit Card","n":-1e+21,"ok":true,"x":null,"a":[1,{"b":[]}]}]"#;
        let p = parse(text, true);
        assert_eq!(p.value.as_ref().map(to_string).as_deref(), Some(text));
        assert!(!p.trimmed && !p.too_deep);
    }

    #[test]
    fn deep_values_are_flagged_and_skipped_without_recursion() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let p = parse(
            &format!(r#"["record","x",{{"deep":{deep},"after":1}}]"#),
            true,
        );
        assert!(p.too_deep);
        let Some(Value::Arr(items)) = p.value else {
            panic!()
        };
        let Value::Obj(props) = &items[2] else {
            panic!()
        };
        // The command is level 0, its properties level 2: two more levels
        // of arrays fit under the limit, the third is cut.
        let cut = Value::Arr(vec![Value::Arr(vec![Value::Arr(vec![Value::Null])])]);
        assert_eq!(props[0].1, cut);
        assert_eq!(props[1], ("after".into(), Value::Num("1".into())));
        let tricky = r#"[[[[[["]}\"",{"a":"]"}]]]]]]"#;
        assert_eq!(
            value(tricky).map(|v| to_string(&v)),
            Some("[[[[[null]]]]]".into())
        );
        assert!(!parse("[[[[1]]]]", true).too_deep);
    }

    #[test]
    fn limited_parses_cut_long_strings_at_char_boundaries_and_long_collections() {
        let long = "é".repeat(MAX_STRING_BYTES);
        let text = format!(
            r#"{{"{long}":"{long}","b":[{}],"c":"short"}}"#,
            vec!["0"; MAX_ENTRIES + 5].join(",")
        );
        let p = parse(&text, true);
        assert!(p.trimmed);
        let Some(Value::Obj(props)) = p.value else {
            panic!()
        };
        assert_eq!(props[0].0.len(), MAX_STRING_BYTES);
        assert_eq!(props[0].1.as_str().map(str::len), Some(MAX_STRING_BYTES));
        assert!(matches!(&props[1].1, Value::Arr(v) if v.len() == MAX_ENTRIES));
        assert_eq!(props[2].1, Value::str("short"));
        let whole = parse(&text, false);
        assert!(!whole.trimmed);
        assert_eq!(whole.value.map(|v| to_string(&v)), Some(text));
    }

    #[test]
    fn rejects_what_is_not_json() {
        for bad in [
            "",
            "[",
            "[1,]",
            "{\"a\"}",
            "tru",
            "\"open",
            "[1] x",
            "{\"a\":1,}",
            "[\"\\u12\"]",
            "[\"\\u12g4\"]",
        ] {
            assert_eq!(value(bad), None, "{bad}");
        }
    }
}
