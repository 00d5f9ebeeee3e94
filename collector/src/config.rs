//! Configuration: command-line flags, each with an environment variable.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, ValueEnum};

/// How hard SQLite pushes a commit to the disk (`PRAGMA synchronous`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Durability {
    /// WAL with `synchronous=NORMAL`: a commit survives the collector
    /// crashing; the last commits before a power cut may be lost (the file
    /// stays consistent either way).
    Normal,
    /// `synchronous=FULL`: every commit is on the disk before the reply.
    Full,
}

/// How log lines are written to stderr.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// `key=value` lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// Everything the collector can be told. Every flag has an environment
/// variable (`TRACKQ_...`); a list takes a comma-separated value or the flag
/// repeated.
#[derive(Clone, Debug, Parser)]
#[command(
    name = "trackq-collector",
    version,
    about = "Collects trackq beacons, server-side events and Stripe webhooks into SQLite.",
    after_help = "ENDPOINTS:
  POST /v1/batch        beacons from the snippet and Segment/RudderStack libraries
                        (any Content-Type, gzip or not); also /v1/b and
                        /beacon/v1/batch (RudderStack's beacon path)
  POST /v1/track /v1/identify /v1/page /v1/screen /v1/group /v1/alias
                        one message each (also /v1/t /v1/i /v1/p /v1/s /v1/g /v1/a)
  POST /v1/events       server-side events, Authorization: Bearer <secret key>
  POST /webhooks/stripe Stripe webhooks, checked against --stripe-secret
  GET  /v1/events       stored events: ?event= &user= &type= &source= &since= &until=
                        &problems=1 &after=<id> (oldest first) or &before=<id> &limit=
  GET  /healthz         liveness
  GET  /trackq/*        the built snippet (--dist); GET /* the pages in --www

Logs go to stderr; RUST_LOG (e.g. RUST_LOG=debug) sets the level."
)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "TRACKQ_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// SQLite database file (created if missing, WAL mode), or a PostgreSQL
    /// URL (`postgres://user@host:port/db`) that several collectors can share.
    #[arg(
        long,
        env = "TRACKQ_DB",
        default_value = "trackq.db",
        hide_env_values = true
    )]
    pub db: PathBuf,

    /// Connections to PostgreSQL per collector (ignored for SQLite).
    #[arg(long, env = "TRACKQ_MAX_DB_CONNECTIONS", default_value_t = 16)]
    pub max_db_connections: usize,

    /// Months of events kept (by the month they were received); older ones
    /// are deleted at start and every hour (PostgreSQL drops whole
    /// partitions). 0: keep everything.
    #[arg(long, env = "TRACKQ_RETAIN_MONTHS", default_value_t = 0)]
    pub retain_months: u32,

    /// Write keys accepted on /v1/batch (body `writeKey`, `?writeKey=`, or
    /// Basic auth). None configured: any batch is accepted.
    #[arg(
        long = "write-key",
        env = "TRACKQ_WRITE_KEY",
        value_delimiter = ',',
        hide_env_values = true
    )]
    pub write_keys: Vec<String>,

    /// Secret keys for POST /v1/events (`Authorization: Bearer <key>`).
    /// None configured: /v1/events answers 401 to every request.
    #[arg(
        long = "secret-key",
        env = "TRACKQ_SECRET_KEY",
        value_delimiter = ',',
        hide_env_values = true
    )]
    pub secret_keys: Vec<String>,

    /// Stripe webhook endpoint secrets (`whsec_...`; several while rolling
    /// one over). None configured: /webhooks/stripe answers 401.
    #[arg(
        long = "stripe-secret",
        env = "TRACKQ_STRIPE_SECRET",
        value_delimiter = ',',
        hide_env_values = true
    )]
    pub stripe_secrets: Vec<String>,

    /// How far (seconds) a Stripe signature's timestamp may be from now.
    #[arg(long, env = "TRACKQ_STRIPE_TOLERANCE", default_value_t = 300)]
    pub stripe_tolerance: u64,

    /// Browser origins allowed to send beacons (e.g. https://app.example.com).
    /// None, or `*`: any origin. A batch from another origin gets 403.
    #[arg(
        long = "allow-origin",
        env = "TRACKQ_ALLOW_ORIGIN",
        value_delimiter = ','
    )]
    pub allow_origins: Vec<String>,

    /// Key for GET /v1/events (`Authorization: Bearer <key>` or `?key=`).
    /// None configured: anyone who can reach the collector can read events.
    #[arg(long = "read-key", env = "TRACKQ_READ_KEY", hide_env_values = true)]
    pub read_key: Option<String>,

    /// Folder served at / (the demo and the live events page).
    #[arg(long, env = "TRACKQ_WWW", default_value = "www")]
    pub www: PathBuf,

    /// Folder served at /trackq/ (the built snippet: trackq.js, trackq_bg.wasm).
    #[arg(long, env = "TRACKQ_DIST", default_value = "dist")]
    pub dist: PathBuf,

    /// Largest request body in bytes, also once inflated; larger ones get
    /// 413 (Segment's limit: 500 KB).
    #[arg(long, env = "TRACKQ_MAX_BODY", default_value_t = 500 * 1024)]
    pub max_body: usize,

    /// Largest message in bytes (as JSON text, after the batch's `context`
    /// is merged in); a larger one is refused (Segment's limit: 32 KB).
    #[arg(long, env = "TRACKQ_MAX_MESSAGE", default_value_t = 32 * 1024)]
    pub max_message: usize,

    /// Most bytes of stored messages in one reply of GET /v1/events; past
    /// it the page ends early and `next` goes on from there.
    #[arg(long, env = "TRACKQ_MAX_REPLY", default_value_t = 4 * 1024 * 1024)]
    pub max_reply: usize,

    /// Writes allowed to wait for the database at once; past it a request
    /// gets 503 with Retry-After, which the snippet honours.
    #[arg(long, env = "TRACKQ_MAX_PENDING", default_value_t = 256)]
    pub max_pending: usize,

    /// Seconds a client has to send a request's headers (on a new or an
    /// idle kept-alive connection) before the connection is closed.
    #[arg(long, env = "TRACKQ_HEADER_TIMEOUT", default_value_t = 10)]
    pub header_timeout: u64,

    /// Seconds a client has to send a request's whole body; past it, 408.
    #[arg(long, env = "TRACKQ_BODY_TIMEOUT", default_value_t = 30)]
    pub body_timeout: u64,

    /// Most connections open at once; further ones wait in the kernel's
    /// backlog until one closes.
    #[arg(long, env = "TRACKQ_MAX_CONNECTIONS", default_value_t = 512)]
    pub max_connections: usize,

    /// Seconds a shutdown (SIGTERM, Ctrl-C) waits for requests in flight
    /// before closing their connections.
    #[arg(long, env = "TRACKQ_SHUTDOWN_GRACE", default_value_t = 10)]
    pub shutdown_grace: u64,

    /// SQLite durability of a commit.
    #[arg(long, env = "TRACKQ_DURABILITY", value_enum, default_value_t = Durability::Normal)]
    pub durability: Durability,

    /// Log line format.
    #[arg(long, env = "TRACKQ_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

impl Config {
    /// The defaults, with the database at `db`: what tests and the load test
    /// start from (no environment variables read).
    pub fn with_db(db: impl Into<PathBuf>) -> Config {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            db: db.into(),
            max_db_connections: 16,
            retain_months: 0,
            write_keys: Vec::new(),
            secret_keys: Vec::new(),
            stripe_secrets: Vec::new(),
            stripe_tolerance: 300,
            allow_origins: Vec::new(),
            read_key: None,
            www: PathBuf::from("www"),
            dist: PathBuf::from("dist"),
            max_body: 500 * 1024,
            max_message: 32 * 1024,
            max_reply: 4 * 1024 * 1024,
            max_pending: 256,
            header_timeout: 10,
            body_timeout: 30,
            max_connections: 512,
            shutdown_grace: 10,
            durability: Durability::Normal,
            log_format: LogFormat::Text,
        }
    }

    /// True when any origin may send beacons.
    pub fn any_origin(&self) -> bool {
        self.allow_origins.is_empty() || self.allow_origins.iter().any(|o| o == "*")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_parse_and_lists_split_on_commas() {
        let c = Config::try_parse_from([
            "trackq-collector",
            "--listen",
            "127.0.0.1:0",
            "--write-key",
            "a,b",
            "--write-key",
            "c",
            "--durability",
            "full",
        ])
        .unwrap();
        assert_eq!(c.write_keys, ["a", "b", "c"]);
        assert_eq!(c.durability, Durability::Full);
        assert_eq!(c.listen.port(), 0);
    }

    #[test]
    fn help_mentions_every_flag() {
        use clap::CommandFactory;
        let help = Config::command().render_long_help().to_string();
        for flag in [
            "--listen",
            "--db",
            "--retain-months",
            "--write-key",
            "--secret-key",
            "--stripe-secret",
            "--allow-origin",
            "--read-key",
            "--www",
            "--dist",
            "--max-body",
            "--max-message",
            "--durability",
            "--header-timeout",
            "--body-timeout",
            "--max-connections",
            "--shutdown-grace",
            "answers 401 to every request",
        ] {
            assert!(help.contains(flag), "{flag} missing from --help");
        }
    }
}
