//! The snippet's settings, read from its `<script>` tag's `data-*` attributes
//! (or, for a script inserted without attributes, from the query string of
//! its URL: the bootstrap hands both over as one set of names).

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use crate::core::consent::Settings;
use crate::core::limits::{
    MAX_BATCH_SIZE, MAX_FLUSH_INTERVAL_MS, MIN_BATCH_SIZE, MIN_FLUSH_INTERVAL_MS,
};
use crate::core::support::text::{parse_u64, trim};
use crate::core::warning::{Setting, Warning};

/// How batches leave the page while it is alive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transport {
    /// `fetch(keepalive)` with confirmation and retries; `sendBeacon` on leave.
    Fetch,
    /// `sendBeacon` for every flush: fire and forget, for collectors that
    /// send no CORS headers. An accepted beacon counts as delivered.
    Beacon,
}

/// What happens to an event that breaks its taxonomy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Validation {
    /// Warn, and send it with its problems in `context.validation`.
    Warn,
    /// Warn and drop it.
    Strict,
    /// Don't check.
    Off,
}

/// Everything configurable.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Whether the script names an endpoint (the shell POSTs batches
    /// there); without one, events are kept, not sent.
    pub endpoint: bool,
    /// The write key sent in every batch.
    pub write_key: String,
    /// A batch leaves as soon as this many messages wait.
    pub batch_size: usize,
    /// Waiting messages leave at least this often (ms).
    pub flush_interval_ms: u64,
    /// Log every message to the console.
    pub debug: bool,
    /// How batches are sent.
    pub transport: Transport,
    /// Taxonomy checking.
    pub validation: Validation,
    /// Hash/redact the email properties `_upstack` allows too.
    pub pii_strict: bool,
    /// Which automatic events are on: the bits of `autotrack::switches`.
    #[cfg(feature = "autotrack")]
    pub auto: u8,
    /// `data-consent`, `data-gpc`, `data-respect-dnt`.
    pub consent: Settings,
    /// Every message carries its whole `context` (`data-context="message"`),
    /// for pipelines that read no batch-level `context`.
    pub context_per_message: bool,
    /// Bodies go gzip-compressed (`data-gzip="off"` for endpoints that only
    /// take plain JSON).
    pub gzip: bool,
    /// Keep the waiting messages registered with `fetchLater`, so that they
    /// leave even if the tab is killed (the bootstrap says `off` where the
    /// browser has none; `data-fetch-later="off"` turns it off).
    pub fetch_later: bool,
}

impl Default for Config {
    /// The settings of a script without any: what [`Config::from_attributes`]
    /// keeps where a setting is absent.
    fn default() -> Config {
        Config::from_attributes(|_| None, &mut |_| {})
    }
}

impl Config {
    /// Reads the settings through `attr(name)`, `name` as the element's
    /// `dataset` spells it (`batchSize` for `data-batch-size`); bad values
    /// keep their defaults and hand a warning each to `warn`.
    pub fn from_attributes<'a>(
        attr: impl Fn(&str) -> Option<&'a str>,
        warn: &mut impl FnMut(Warning),
    ) -> Config {
        let endpoint = attr("endpoint").is_some_and(|e| !trim(e).is_empty());
        if !endpoint {
            warn(Warning::NoEndpoint);
        }
        let (min, max) = (MIN_BATCH_SIZE, MAX_BATCH_SIZE);
        let batch_size = number(&attr, "batchSize", min, max, Setting::BatchSize, warn);
        let (min, max) = (MIN_FLUSH_INTERVAL_MS, MAX_FLUSH_INTERVAL_MS);
        let setting = Setting::FlushInterval;
        let flush_interval_ms = number(&attr, "flushInterval", min, max, setting, warn);
        // Fields are read in the order written here, which is the order the
        // warnings come in.
        #[allow(unused_mut)] // set further only by the builds with `saas` or `pii`
        let mut config = Config {
            endpoint,
            write_key: attr("key").unwrap_or_default().to_owned(),
            // Each request costs the page about half a millisecond of main
            // thread and its headers on the wire: a burst of 1,000 events
            // went in 55 requests with 20 (bench.mjs: 146-159 ms busy, 71 B
            // an event), in 12 with 100 (50-57 ms, 48 B).
            batch_size: batch_size.map_or(100, |n| n as usize),
            flush_interval_ms: flush_interval_ms.unwrap_or(5000),
            debug: flag(&attr, "debug", "false", false),
            #[cfg(feature = "autotrack")]
            auto: crate::core::autotrack::switches(&attr),
            transport: match choice(
                &attr,
                "transport",
                &["fetch", "beacon"],
                Setting::Transport,
                warn,
            ) {
                1 => Transport::Beacon,
                _ => Transport::Fetch,
            },
            consent: Settings {
                // Any value but "granted" waits: a typo errs on the visitor's side.
                pending: flag(&attr, "consent", "granted", false),
                // Anything but "ignore" respects it: a typo errs on the visitor's side.
                ignore_gpc: flag(&attr, "gpc", "ignore", true),
                respect_dnt: flag(&attr, "respectDnt", "false", false),
            },
            context_per_message: choice(
                &attr,
                "context",
                &["batch", "message"],
                Setting::Context,
                warn,
            ) == 1,
            gzip: choice(&attr, "gzip", &["on", "off"], Setting::Gzip, warn) == 0,
            fetch_later: choice(
                &attr,
                "fetchLater",
                &["on", "off"],
                Setting::FetchLater,
                warn,
            ) == 0,
            validation: Validation::Warn,
            pii_strict: false,
        };
        // Read without the tables too: with validation off, the production
        // build names no taxonomy for the collector to check.
        #[cfg(feature = "saas")]
        {
            let hint = Setting::Validation;
            config.validation =
                match choice(&attr, "validation", &["warn", "strict", "off"], hint, warn) {
                    0 => Validation::Warn,
                    1 => Validation::Strict,
                    _ => Validation::Off,
                };
        }
        #[cfg(feature = "pii")]
        {
            let hint = Setting::Pii;
            config.pii_strict = choice(&attr, "pii", &["standard", "strict"], hint, warn) == 1;
        }
        config
    }
}

/// Whether setting `name` is given and is (`is`) or is not (`!is`) `word`.
fn flag<'a>(attr: &impl Fn(&str) -> Option<&'a str>, name: &str, word: &str, is: bool) -> bool {
    attr(name).is_some_and(|v| (v == word) == is)
}

/// Setting `name` as a number within `min..=max` (none when absent); any
/// other value warns.
fn number<'a>(
    attr: &impl Fn(&str) -> Option<&'a str>,
    name: &str,
    min: u64,
    max: u64,
    hint: Setting,
    warn: &mut impl FnMut(Warning),
) -> Option<u64> {
    let n = parse_u64(trim(attr(name)?)).filter(|n| (min..=max).contains(n));
    if n.is_none() {
        warn(Warning::Ignored(hint));
    }
    n
}

/// Which of `options` setting `name` is (0, the default, when absent); any
/// other value warns.
fn choice<'a>(
    attr: &impl Fn(&str) -> Option<&'a str>,
    name: &str,
    options: &[&str],
    hint: Setting,
    warn: &mut impl FnMut(Warning),
) -> usize {
    let Some(value) = attr(name) else {
        return 0;
    };
    options.iter().position(|o| *o == value).unwrap_or_else(|| {
        warn(Warning::Ignored(hint));
        0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(pairs: &[(&str, &str)]) -> (Config, Vec<String>) {
        let mut warnings = Vec::new();
        let attr = |name: &str| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| *v);
        let config = Config::from_attributes(attr, &mut |w| warnings.push(w.render()));
        (config, warnings)
    }

    #[test]
    fn defaults_and_overrides() {
        let (c, w) = read(&[("endpoint", "https://c.example/v1/batch"), ("key", "K")]);
        assert!(w.is_empty());
        assert_eq!(
            (c.batch_size, c.flush_interval_ms, c.write_key.as_str()),
            (100, 5000, "K")
        );
        let (c, w) = read(&[
            ("endpoint", "/e"),
            ("batchSize", "5"),
            ("flushInterval", "200"),
            ("debug", ""),
            ("transport", "beacon"),
            ("validation", "strict"),
            ("pii", "strict"),
            ("consent", "pending"),
            ("gpc", "ignore"),
            ("respectDnt", ""),
        ]);
        assert!(w.is_empty());
        let all = Settings {
            pending: true,
            ignore_gpc: true,
            respect_dnt: true,
        };
        assert_eq!(c.consent, all);
        assert_eq!(c.batch_size, 5);
        assert_eq!(c.flush_interval_ms, 200);
        assert!(c.debug && c.pii_strict);
        assert_eq!(
            (c.transport, c.validation),
            (Transport::Beacon, Validation::Strict)
        );
    }

    #[test]
    fn missing_endpoint_and_bad_values_warn_once_each() {
        let (c, w) = read(&[
            ("batchSize", "0"),
            ("transport", "pigeon"),
            ("consent", "granted"),
        ]);
        assert!(!c.endpoint);
        assert_eq!(c.batch_size, 100);
        assert_eq!(c.consent, Settings::default());
        assert_eq!(w.len(), 3, "{w:?}");
        assert!(w.iter().all(|w| w.starts_with("trackq: ")));
    }
}
