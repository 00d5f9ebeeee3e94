//! String literals: the runs between escapes are copied whole.

use crate::prelude::*;

use super::Parser;
use crate::core::limits::MAX_STRING_BYTES;
use crate::core::support::text::cut;

impl Parser<'_> {
    /// A string literal at the cursor, after whitespace.
    pub(super) fn string(&mut self) -> Option<String> {
        if !self.eat(b'"') {
            return None;
        }
        let mut out = String::new();
        loop {
            // Copy the run up to the next quote or escape in one go; both are
            // ASCII, so the cut is always at a char boundary.
            let start = self.i;
            while !matches!(self.peek()?, b'"' | b'\\') {
                self.i += 1;
            }
            out.push_str(self.s.get(start..self.i)?);
            if self.peek()? == b'"' {
                self.i += 1;
                self.trimmed |= self.limited && cut(&mut out, MAX_STRING_BYTES);
                return Some(out);
            }
            self.i += 1;
            let c = match self.peek()? {
                b'n' => '\n',
                b't' => '\t',
                b'r' => '\r',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'u' => {
                    let mut code = 0;
                    for _ in 0..4 {
                        self.i += 1;
                        code = code * 16 + char::from(self.peek()?).to_digit(16)?;
                    }
                    // JSON.stringify escapes control characters and lone
                    // surrogates only, never a pair: a surrogate becomes
                    // U+FFFD, as TextDecoder makes of one.
                    char::from_u32(code).unwrap_or('\u{fffd}')
                }
                other => char::from(other),
            };
            out.push(c);
            self.i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::core::input::json_parse::parse;
    use crate::core::input::Value;

    fn value(text: &str) -> Option<Value> {
        parse(text, false).value
    }

    #[test]
    fn decodes_escapes_and_lone_surrogates() {
        let v = value(r#""a\"b\\c\/\n\t\u00e9\u001f\ud83d""#).unwrap();
        assert_eq!(v, Value::str("a\"b\\c/\n\té\u{1f}\u{fffd}"));
        assert_eq!(value(" \"é😀\" "), Some(Value::str("é😀")));
    }
}
