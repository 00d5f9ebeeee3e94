//! `trackq-loadtest`: starts a collector on 127.0.0.1 with a fresh SQLite
//! file (or `--collectors` of them on the PostgreSQL database `--db` names),
//! sends them batches shaped like the snippet's from `--concurrency`
//! connections until `--seconds` pass or `--max-batches` are sent, checks
//! that every message was stored exactly once, and prints batches/s,
//! messages/s, p50/p99 latency and bytes on disk per stored message.
//!
//! ```text
//! cargo run --release -p trackq-collector --bin trackq-loadtest -- --seconds 10 --batch 20
//! cargo run --release -p trackq-collector --bin trackq-loadtest -- --seconds 10 --batch 20 \
//!     --db postgres://trackq@127.0.0.1:5432/load --collectors 2
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
    /// A PostgreSQL URL to load instead of a temporary SQLite file (its
    /// `events` may hold rows already: only the new ones are counted).
    #[arg(long)]
    db: Option<String>,
    /// Collectors sharing `--db`, each with `--workers` threads; senders
    /// take turns among them.
    #[arg(long, default_value_t = 1)]
    collectors: usize,
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
    let pg = args.db.clone();
    let mut collectors = Vec::new();
    for _ in 0..args.collectors.max(1) {
        let mut config = Config::with_db(pg.clone().map_or(db.clone(), PathBuf::from));
        config.listen = "127.0.0.1:0".parse()?;
        config.durability = args.durability;
        config.max_pending = 4096;
        collectors.push(trackq_collector::spawn(config, args.workers)?);
        if pg.is_none() {
            break; // one SQLite file, one collector
        }
    }
    let addrs: Vec<_> = collectors.iter().map(|c| c.addr).collect();
    // After the collectors started: they make the tables.
    let before = match &pg {
        Some(url) => pg_stats(url)?.0,
        None => 0,
    };

    let issued = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let started = Instant::now();
    let threads: Vec<_> = (0..args.concurrency.max(1))
        .map(|t| {
            let issued = Arc::clone(&issued);
            let (per_batch, max_batches) = (args.batch.max(1), args.max_batches);
            let addr = addrs[t % addrs.len()];
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
    for c in collectors {
        c.stop()?;
    }

    let (stored, bytes) = match &pg {
        Some(url) => {
            let (rows, bytes) = pg_stats(url)?;
            (rows - before, bytes)
        }
        None => {
            let conn = rusqlite::Connection::open(&db)?;
            let stored: i64 = conn.query_row("SELECT count(*) FROM events", [], |r| r.get(0))?;
            conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
            drop(conn);
            let bytes = std::fs::read_dir(&dir)?
                .filter_map(|e| e.ok()?.metadata().ok())
                .map(|m| m.len())
                .sum::<u64>();
            (stored, bytes)
        }
    };
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
        "trackq-loadtest: {batches} batches of {} messages from {} connections in {elapsed:.2} s ({}, {} collector(s) of {} workers)",
        args.batch,
        args.concurrency,
        if pg.is_some() { "PostgreSQL".to_owned() } else { format!("SQLite, durability {:?}", args.durability) },
        addrs.len(),
        args.workers
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
        "  {} bytes on disk per stored message{}",
        if stored > 0 { bytes / stored as u64 } else { 0 },
        if pg.is_some() {
            " (the whole database / rows in it)"
        } else {
            ""
        }
    );
    println!(
        "  rows stored: {stored} (messages acknowledged: {}), non-200 replies or errors: {}{}",
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

/// Rows in `events` and the database's size on disk.
fn pg_stats(url: &str) -> Result<(i64, u64), Box<dyn std::error::Error>> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls).await?;
        tokio::spawn(conn);
        let row = client
            .query_one(
                "SELECT (SELECT count(*) FROM events), pg_database_size(current_database())",
                &[],
            )
            .await?;
        let (rows, bytes): (i64, i64) = (row.get(0), row.get(1));
        Ok((rows, u64::try_from(bytes).unwrap_or(0)))
    })
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
