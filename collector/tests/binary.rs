//! The `trackq-collector` binary itself: --help, flags, logs, and a graceful
//! stop on SIGTERM that keeps what it stored.

mod common;

use std::io::{BufRead, BufReader, Lines};
use std::process::{Child, ChildStderr, Command, Stdio};
use std::time::{Duration, Instant};

use common::{batch, message, TEXT};

const BIN: &str = env!("CARGO_BIN_EXE_trackq-collector");

/// Starts `cmd` (the binary with `--log-format json`) with stderr on a pipe
/// and reads the first log line, which says where it listens: the child,
/// the log lines after that one, that one, and the URL without its `/`.
#[cfg(unix)]
fn start(
    cmd: &mut Command,
) -> (
    Child,
    Lines<BufReader<ChildStderr>>,
    serde_json::Value,
    String,
) {
    let mut child = cmd.stderr(Stdio::piped()).spawn().unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let log: serde_json::Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    let url = log["fields"]["url"]
        .as_str()
        .unwrap()
        .trim_end_matches('/')
        .to_owned();
    (child, lines, log, url)
}

#[test]
fn help_lists_every_flag_and_endpoint() {
    let out = Command::new(BIN).arg("--help").output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "--listen",
        "TRACKQ_LISTEN",
        "--db",
        "--write-key",
        "--secret-key",
        "--stripe-secret",
        "--allow-origin",
        "--read-key",
        "--www",
        "--dist",
        "--max-body",
        "--durability",
        "/v1/events answers 401 to every request",
        "POST /webhooks/stripe",
        "GET  /v1/events",
    ] {
        assert!(help.contains(needle), "--help lacks {needle}:\n{help}");
    }
}

#[test]
fn secrets_from_the_environment_are_not_shown_in_help() {
    let out = Command::new(BIN)
        .arg("--help")
        .env("TRACKQ_SECRET_KEY", "sk_do_not_print")
        .env("TRACKQ_STRIPE_SECRET", "whsec_do_not_print")
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(!help.contains("do_not_print"));
}

#[test]
#[cfg(unix)]
fn sigterm_stops_it_gracefully_with_the_data_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bin.db");
    let (mut child, mut lines, log, url) = start(
        Command::new(BIN)
            .args(["--listen", "127.0.0.1:0", "--db"])
            .arg(&db)
            .args(["--log-format", "json", "--write-key", "wk_bin"]),
    );
    assert_eq!(log["level"], "INFO");
    assert_eq!(log["fields"]["message"], "collector listening");

    let mut body: serde_json::Value =
        serde_json::from_str(&batch(&[message("bin1", "Signed Up")])).unwrap();
    body["writeKey"] = "wk_bin".into();
    let r = common::request(
        "POST",
        &format!("{url}/v1/batch"),
        &[TEXT],
        Some(&body.to_string()),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let line: serde_json::Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    assert_eq!(line["fields"]["message"], "batch");
    assert_eq!(line["fields"]["stored"], 1);

    let kill = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "did not stop on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status}");
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    assert!(rest.iter().any(|l| l.contains("SIGTERM")), "{rest:?}");

    let conn = rusqlite::Connection::open(&db).unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
#[cfg(unix)]
fn a_kill_mid_load_leaves_whole_batches_and_loses_no_acknowledged_one() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex};

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    let (mut child, lines, _, url) = start(
        Command::new(BIN)
            .args(["--listen", "127.0.0.1:0", "--log-format", "json", "--db"])
            .arg(&db)
            .env("RUST_LOG", "warn,trackq_collector=info"),
    );
    // Keep draining stderr so the collector never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});

    const PER_BATCH: usize = 10;
    let stop = Arc::new(AtomicBool::new(false));
    let acked = Arc::new(Mutex::new(Vec::<String>::new()));
    let senders: Vec<_> = (0..4)
        .map(|t| {
            let (stop, acked, url) = (Arc::clone(&stop), Arc::clone(&acked), url.clone());
            std::thread::spawn(move || {
                let agent = ureq::AgentBuilder::new()
                    .timeout(Duration::from_secs(5))
                    .build();
                for seq in 0..10_000 {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let prefix = format!("k{t}-{seq}");
                    let msgs: Vec<_> = (0..PER_BATCH)
                        .map(|i| message(&format!("{prefix}-{i}"), "Billed"))
                        .collect();
                    match agent
                        .post(&format!("{url}/v1/batch"))
                        .send_string(&batch(&msgs))
                    {
                        Ok(r) if r.status() == 200 => acked.lock().unwrap().push(prefix),
                        _ => break, // the collector is gone
                    }
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(700));
    child.kill().unwrap(); // SIGKILL: no shutdown, no checkpoint
    child.wait().unwrap();
    stop.store(true, Ordering::Relaxed);
    for s in senders {
        s.join().unwrap();
    }

    let conn = rusqlite::Connection::open(&db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let mut stmt = conn
        .prepare(
            "SELECT substr(message_id, 1, length(message_id) - 2) AS b, count(*) FROM events GROUP BY b",
        )
        .unwrap();
    let batches: Vec<(String, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let acked = acked.lock().unwrap();
    assert!(
        acked.len() > 10,
        "the load ran: {} batches acknowledged",
        acked.len()
    );
    for (b, n) in &batches {
        assert_eq!(*n, PER_BATCH as i64, "batch {b} half-written");
    }
    let stored: std::collections::HashSet<_> = batches.into_iter().map(|(b, _)| b).collect();
    for b in acked.iter() {
        assert!(stored.contains(b), "acknowledged batch {b} lost");
    }
}
