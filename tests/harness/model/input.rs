//! A session's choices read off the fuzzer's bytes: the settings, and
//! commands with values near every limit.

use super::super::config;
use trackq::core::input::Value;
use trackq::core::input::{Config, Transport, Validation};
use trackq::core::support::text::cut;

/// Reads choices off the input; past its end every choice is 0.
pub struct Input<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Input<'a> {
    /// An input over `data`.
    pub fn new(data: &'a [u8]) -> Input<'a> {
        Input { data, at: 0 }
    }

    /// Whether every byte was read.
    pub fn done(&self) -> bool {
        self.at >= self.data.len()
    }

    /// The next byte (0 past the end).
    pub fn byte(&mut self) -> u8 {
        let b = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }

    /// A number below `n` (n > 0), from one or two bytes.
    pub fn below(&mut self, n: usize) -> usize {
        if n <= 256 {
            usize::from(self.byte()) % n
        } else {
            (usize::from(self.byte()) << 8 | usize::from(self.byte())) % n
        }
    }

    /// One of `options`.
    pub fn pick<T: Clone>(&mut self, options: &[T]) -> T {
        options[self.below(options.len())].clone()
    }

    /// Up to `max` raw bytes, as text.
    pub fn text(&mut self, max: usize) -> String {
        let n = self.below(max + 1);
        let end = (self.at + n).min(self.data.len());
        let bytes = self.data.get(self.at..end).unwrap_or_default();
        self.at = end;
        String::from_utf8_lossy(bytes).into_owned()
    }
}

/// Settings a session runs with, read from the input.
pub fn config_from(input: &mut Input) -> Config {
    let mut c = config();
    if input.byte() % 16 == 0 {
        c.endpoint = false;
    }
    c.batch_size = input.pick(&[20, 1, 2, 5, 100, 500]);
    c.flush_interval_ms = input.pick(&[5_000, 50, 1_000, 60_000]);
    c.debug = input.byte() % 8 == 0;
    if input.byte() % 4 == 0 {
        c.transport = Transport::Beacon;
    }
    c.validation = input.pick(&[Validation::Warn, Validation::Strict, Validation::Off]);
    c.pii_strict = input.byte() % 2 == 0;
    c
}

/// A pushed command: mostly well-formed for one of the three APIs, with
/// values near every limit.
pub fn command(input: &mut Input) -> Value {
    let s = Value::str;
    let mut args = vec![];
    match input.byte() % 16 {
        0..=3 => {
            args.push(s("record"));
            args.push(s(input.pick(&EVENTS)));
            args.push(props(input, 0));
        }
        4 => {
            args.push(s("set"));
            args.push(props(input, 0));
        }
        5 => {
            args.push(s("identify"));
            args.push(id(input));
        }
        6 => {
            args.push(s("alias"));
            args.push(id(input));
            args.push(id(input));
        }
        7 => args.push(s("clearIdentity")),
        8 => {
            args.push(s(input.pick(&["signedUp", "upgraded", "downgraded"])));
            args.push(input.pick(&[s("Pro"), Value::Null, Value::num(3.0)]));
            args.push(props(input, 0));
        }
        9 => {
            args.push(s("billed"));
            args.push(input.pick(&[Value::num(29.99), s("29.99"), Value::Null]));
            args.push(input.pick(&[s("Monthly"), Value::Null]));
            args.push(props(input, 0));
        }
        10 => {
            args.push(s("canceled"));
            args.push(props(input, 0));
        }
        11 | 12 => {
            args.push(s(input.pick(&["_upstack", "_df"])));
            args.push(s("track"));
            args.push(s(input.pick(&EVENTS)));
            args.push(props(input, 0));
        }
        13 => {
            args.push(s(input.pick(&["_upstack", "_df"])));
            args.push(s("identify"));
            args.push(id(input));
            args.push(props(input, 0));
        }
        14 => {
            for _ in 0..input.below(4) {
                args.push(value(input, 1));
            }
        }
        _ => return value(input, 0),
    }
    Value::Arr(args)
}

const EVENTS: [&str; 8] = [
    "Viewed Pricing",
    "Signed Up",
    "trial_started",
    "subscription_started",
    "invite_sent",
    "report_viewed",
    "Visited Site",
    "x",
];

fn id(input: &mut Input) -> Value {
    match input.byte() % 6 {
        0 => Value::str("user_1"),
        1 => Value::str("user_2"),
        2 => Value::num(42.0),
        3 => Value::str(&"i".repeat(input.pick(&[512, 513]))),
        4 => Value::str(" "),
        _ => Value::Null,
    }
}

fn props(input: &mut Input, depth: usize) -> Value {
    let n = match input.byte() % 8 {
        0 => input.pick(&[99, 100, 101, 150]),
        _ => input.below(5),
    };
    let entries = (0..n)
        .map(|i| {
            let key = match input.byte() % 8 {
                0 => "email".to_owned(),
                1 => "userEmail".to_owned(),
                2 => "invitee_email".to_owned(),
                3 => "invitee_email_hash".to_owned(),
                4 => "Plan Name".to_owned(),
                5 => format!("{}Email", "k".repeat(input.pick(&[10, 2_043, 2_050]))),
                _ => format!("k{i}"),
            };
            (key, value(input, depth + 1))
        })
        .collect();
    Value::Obj(entries)
}

fn value(input: &mut Input, depth: usize) -> Value {
    match input.byte() % 12 {
        0 => Value::Null,
        1 => Value::Bool(true),
        2 => Value::Num(
            input
                .pick(&["0", "-1", "29.99", "1e+21", "-1e-7"])
                .to_owned(),
        ),
        3 => Value::str("ann@acme.com"),
        4 => {
            // Emails right up to the cut: redaction and hashing make them longer.
            let bytes = input.pick(&[7, 2_030, 2_042, 2_048]);
            let unit = input.pick(&["a@b.co ", "é", "x@y.io"]);
            let mut s = unit.repeat(bytes / unit.len() + 1);
            cut(&mut s, bytes);
            Value::Str(s)
        }
        5 => Value::str(&input.text(24)),
        6 if depth < 7 => Value::Arr(
            (0..input.below(4))
                .map(|_| value(input, depth + 1))
                .collect(),
        ),
        7 if depth < 7 => props(input, depth),
        8 => Value::str(&"x".repeat(input.pick(&[2_047, 2_048, 2_049, 5_000]))),
        _ => Value::str("Pro"),
    }
}
