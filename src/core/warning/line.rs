//! What a warning says ([`Say`]): its stable code, its words and the facts
//! of this occurrence. The console line is made of the words with the facts
//! in them under the `texts` feature (native builds and the development
//! wasms), of the code and the facts without it (the production wasms:
//! `trackq: W19 fly`; README, "Warnings", has the table of codes).

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use crate::core::support::text::split_once;
use crate::core::support::time::push_num;

/// A warning's words: [`joined!`](crate::core::support::joined::joined)'s
/// text under the `texts` feature, `""` without it. Each `{...}` in them
/// stands for the next fact. (Every build compiles the words, so each is
/// checked; without `texts` the optimiser drops them: no production wasm
/// has them.)
macro_rules! words {
    ($($piece:tt),+ $(,)?) => {
        if cfg!(feature = "texts") {
            $crate::core::support::joined::joined!($($piece),+)
        } else {
            ""
        }
    };
}
pub(crate) use words;

/// A fact of one warning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fact<'a> {
    /// A name: a command's, an event's, a property's.
    Name(&'a str),
    /// A number: a size, a count, a status.
    Num(u64),
}

impl Fact<'_> {
    /// Appends it to `out`.
    fn push_to(&self, out: &mut String) {
        match *self {
            Fact::Name(name) => out.push_str(name),
            Fact::Num(n) => push_num(out, n, 1),
        }
    }
}

/// Where a warning says what it says ([`Warning::says`](super::Warning::says)):
/// the console line (a [`String`]), or a test. (Said to this rather than
/// returned as a struct of code, words and facts: 113 B brotli less on
/// `dist/kmq/`, `./build.sh` on commit 31276e2's tree.)
pub(crate) trait Say {
    /// Takes the warning's code (`W<code>`: one per warning and reason, never
    /// reused), its words ([`words!`], `trackq: ` first) and its facts, in
    /// the order of the words' `{...}`.
    fn say(&mut self, code: u8, text: &'static str, facts: &[Fact]);
}

/// The renderer: the words with the facts in them under the `texts`
/// feature, else the code and the facts (`trackq: W19 fly`).
impl Say for String {
    fn say(&mut self, code: u8, text: &'static str, facts: &[Fact]) {
        let mut facts = facts.iter();
        if cfg!(feature = "texts") {
            let mut rest = text;
            loop {
                let (words, after) = split_once(rest, b'{');
                self.push_str(words);
                let Some(after) = after else { break };
                if let Some(fact) = facts.next() {
                    fact.push_to(self);
                }
                rest = split_once(after, b'}').1.unwrap_or_default();
            }
        } else {
            self.push_str("trackq: W");
            Fact::Num(u64::from(code)).push_to(self);
            for fact in facts {
                self.push(' ');
                fact.push_to(self);
            }
        }
    }
}
