//! `trackq-collector`: see `--help`.
#![forbid(unsafe_code)]

use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use tracing_subscriber::EnvFilter;
use trackq_collector::app::App;
use trackq_collector::config::{Config, LogFormat};

fn main() -> ExitCode {
    let config = Config::parse();
    init_logs(config.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            tracing::error!(error = %e, "cannot start the runtime");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            tracing::error!(error = message, "collector stopped");
            ExitCode::FAILURE
        }
    }
}

async fn run(config: Config) -> Result<(), String> {
    let listen = config.listen;
    let db = if trackq_collector::store::is_postgres(&config.db.to_string_lossy()) {
        "postgres".to_owned() // the URL may hold a password
    } else {
        config.db.display().to_string()
    };
    let open_keys = config.write_keys.is_empty();
    let no_read_key = config.read_key.is_none();
    let app = App::open(config)
        .await
        .map_err(|e| format!("cannot open database {db}: {e}"))?;
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    if !addr.ip().is_loopback() && no_read_key {
        tracing::warn!(
            "listening beyond loopback with no --read-key: anyone who can reach it can read events"
        );
    }
    tracing::info!(url = %format!("http://{addr}/"), db, any_write_key = open_keys, "collector listening");
    trackq_collector::serve(listener, Arc::new(app), shutdown_signal())
        .await
        .map_err(|e| e.to_string())?;
    tracing::info!("collector stopped: requests in flight finished, database closed");
    Ok(())
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => tracing::info!("SIGINT: shutting down"),
        () = terminate => tracing::info!("SIGTERM: shutting down"),
    }
}

fn init_logs(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.with_ansi(false).init(),
    }
}
