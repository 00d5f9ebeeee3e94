//! `trackq-loadtest`: starts a collector on 127.0.0.1 with a fresh SQLite
//! file, sends it batches shaped like the snippet's from `--concurrency`
//! connections until `--seconds` pass or `--max-batches` are sent, checks
//! that every message was stored exactly once, and prints batches/s,
//! messages/s and p50/p99 latency.
//!
//! ```text
//! cargo run --release -p trackq-collector --bin trackq-loadtest -- --seconds 10 --batch 20
//! ```
#![forbid(unsafe_code)]

mod client;

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;
use serde_json::json;
use trackq_collector::config::{Config, Durability};

/// Load test of trackq-collector on loopback, bounded in time and count.
#[derive(Debug, Parser)]
#[command(name = "trackq-loadtest")]
struct Args {
    /// Stop sending after this many seconds.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Stop after this many batches in all.
    #[arg(long, default_value_t = 200_000)]
    max_batches: u64,
    /// Messages per batch.
    #[arg(long, default_value_t = 20)]
    batch: usize,
    /// Connections sending at once (one thread each).
    #[arg(long, default_value_t = 8)]
    concurrency: usize,
    /// Tokio worker threads of the collector.
    #[arg(long, default_value_t = 2)]
    workers: usize,
    /// SQLite durability of the collector.
    #[arg(long, value_enum, default_value_t = Durability::Normal)]
    durability: Durability,
    /// Folder for the temporary database (removed afterwards).
    #[arg(long)]
    dir: Option<PathBuf>,
}

/// One sender's results.
#[derive(Default)]
struct Tally {
    latencies: Vec<Duration>,
    messages: u64,
    errors: u64,
    statuses: Vec<u16>,
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(true) => std::process::ExitCode::SUCCESS,
        Ok(false) => std::process::ExitCode::FAILURE,
        Err(e) => {
            eprintln!("trackq-loadtest: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<bool, Box<dyn std::error::Error>> {
    let base = args.dir.clone().unwrap_or_else(std::env::temp_dir);
    let dir = base.join(format!("trackq-loadtest-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let db = dir.join("load.db");
    let mut config = Config::with_db(&db);
    config.listen = "127.0.0.1:0".parse()?;
    config.durability = args.durability;
    config.max_pending = 4096;
    let collector = trackq_collector::spawn(config, args.workers)?;
    let addr = collector.addr;

    let issued = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let started = Instant::now();
    let threads: Vec<_> = (0..args.concurrency.max(1))
        .map(|t| {
            let issued = Arc::clone(&issued);
            let (per_batch, max_batches) = (args.batch.max(1), args.max_batches);
            std::thread::spawn(move || sender(t, addr, per_batch, max_batches, deadline, &issued))
        })
        .collect();
    let mut all = Tally::default();
    for t in threads {
        let tally = t.join().map_err(|_| "a sender thread panicked")??;
        all.latencies.extend(tally.latencies);
        all.messages += tally.messages;
        all.errors += tally.errors;
        all.statuses.extend(tally.statuses);
    }
    let elapsed = started.elapsed().as_secs_f64();
    collector.stop()?;

    let conn = rusqlite::Connection::open(&db)?;
    let stored: i64 = conn.query_row("SELECT count(*) FROM events", [], |r| r.get(0))?;
    drop(conn);
    let _ = std::fs::remove_dir_all(&dir);

    all.latencies.sort_unstable();
    let batches = all.latencies.len() as u64;
    let pct = |p: f64| -> f64 {
        if all.latencies.is_empty() {
            return 0.0;
        }
        let i = ((all.latencies.len() as f64 - 1.0) * p).round() as usize;
        all.latencies[i].as_secs_f64() * 1000.0
    };
    println!(
        "trackq-loadtest: {batches} batches of {} messages from {} connections in {elapsed:.2} s (durability {:?}, {} collector workers)",
        args.batch, args.concurrency, args.durability, args.workers
    );
    println!(
        "  {:.0} batches/s, {:.0} messages/s stored",
        batches as f64 / elapsed,
        all.messages as f64 / elapsed
    );
    println!(
        "  latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        pct(0.50),
        pct(0.99),
        all.latencies
            .last()
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    );
    let ok = stored as u64 == all.messages && all.errors == 0;
    println!(
        "  rows in SQLite: {stored} (messages acknowledged: {}), non-200 replies or errors: {}{}",
        all.messages,
        all.errors,
        if all.statuses.is_empty() {
            String::new()
        } else {
            format!(" {:?}", &all.statuses[..all.statuses.len().min(5)])
        }
    );
    Ok(ok)
}

fn sender(
    thread: usize,
    addr: std::net::SocketAddr,
    per_batch: usize,
    max_batches: u64,
    deadline: Instant,
    issued: &AtomicU64,
) -> std::io::Result<Tally> {
    let mut conn = client::Conn::open(addr)?;
    let mut tally = Tally::default();
    let mut seq = 0u64;
    while Instant::now() < deadline && issued.fetch_add(1, Ordering::Relaxed) < max_batches {
        let body = batch_body(thread, seq, per_batch);
        seq += 1;
        let sent = Instant::now();
        match conn.post("/v1/batch", body.as_bytes()) {
            Ok((200, _)) => {
                tally.latencies.push(sent.elapsed());
                tally.messages += per_batch as u64;
            }
            Ok((status, _)) => {
                tally.errors += 1;
                tally.statuses.push(status);
            }
            Err(_) => {
                tally.errors += 1;
                conn = client::Conn::open(addr)?;
            }
        }
    }
    Ok(tally)
}

/// A body like the snippet's: `per_batch` track messages with unique ids.
fn batch_body(thread: usize, seq: u64, per_batch: usize) -> String {
    let batch: Vec<_> = (0..per_batch)
        .map(|i| {
            json!({
                "type": "track",
                "messageId": format!("lt-{thread}-{seq}-{i}"),
                "timestamp": "2026-11-22T17:59:58.120Z",
                "anonymousId": format!("anon-{thread}"),
                "event": "Billed",
                "properties": {"Billing Amount": 29.99, "Billing Description": "Monthly Bill"},
                "context": {
                    "page": {"url": "http://127.0.0.1:8080/demo.html", "path": "/demo.html", "referrer": "", "title": "Demo"},
                    "library": {"name": "trackq", "version": "0.1.0"},
                    "userAgent": "trackq-loadtest",
                    "taxonomy": "kissmetrics"
                }
            })
        })
        .collect();
    json!({"writeKey": "WRITE_KEY", "sentAt": "2026-11-22T18:00:00.000Z", "batch": batch})
        .to_string()
}
