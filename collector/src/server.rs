//! Running the collector: on a Tokio runtime of the caller's (the binary),
//! or on a thread of its own (tests, the load test).

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;

use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, watch, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;

use crate::app::App;
use crate::clock;
use crate::config::Config;
use crate::routes::router;
use crate::store::StoreError;

/// Why the collector could not start.
#[derive(Debug)]
#[non_exhaustive]
pub enum StartError {
    /// The database could not be opened or set up.
    Db(StoreError),
    /// The address could not be bound, or the runtime not built.
    Io(io::Error),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::Db(e) => write!(f, "cannot open the database: {e}"),
            StartError::Io(e) => write!(f, "cannot listen: {e}"),
        }
    }
}

impl std::error::Error for StartError {}

/// Serves `app` on `listener` until `shutdown` completes, then lets the
/// requests in flight finish (their writes commit) for up to
/// `--shutdown-grace` seconds, closes whatever is left (a half-sent request
/// is given up on), and returns.
///
/// Each connection must send its headers within `--header-timeout`, and at
/// most `--max-connections` are open at once (the rest wait in the kernel's
/// backlog), so slow or idle clients cannot hold every socket.
pub async fn serve(
    listener: TcpListener,
    app: Arc<App>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let config = &app.config;
    let header_timeout = Duration::from_secs(config.header_timeout.max(1));
    let grace = Duration::from_secs(config.shutdown_grace);
    let slots = Arc::new(Semaphore::new(config.max_connections.max(1)));
    let router = router(Arc::clone(&app));
    if config.retain_months > 0 {
        tokio::spawn(retention(Arc::clone(&app)));
    }
    let (stop, stopping) = watch::channel(false);
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            () = &mut shutdown => break,
            slot = Arc::clone(&slots).acquire_owned() => slot.map_err(io::Error::other)?,
        };
        let stream = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors, say: wait rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        while connections.try_join_next().is_some() {}
        connections.spawn(connection(
            stream,
            router.clone(),
            header_timeout,
            stopping.clone(),
            slot,
        ));
    }
    drop(listener);
    let _ = stop.send(true);
    let drained = tokio::time::timeout(grace, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::warn!(
            connections = connections.len(),
            "shutdown: closing connections whose requests did not finish in time"
        );
        connections.abort_all();
        while connections.join_next().await.is_some() {}
    }
    Ok(())
}

/// Applies `--retain-months` now and every hour.
async fn retention(app: Arc<App>) {
    loop {
        match app
            .store
            .retain(app.config.retain_months, clock::now())
            .await
        {
            Ok(0) => {}
            Ok(n) => tracing::info!(events = n, "retention: old events deleted"),
            Err(e) => tracing::warn!(error = %e, "retention failed; trying again in an hour"),
        }
        tokio::time::sleep(Duration::from_secs(3600)).await;
    }
}

/// Serves one connection until the client closes it, a timeout does, or a
/// shutdown lets its request in flight finish.
async fn connection(
    stream: TcpStream,
    router: Router,
    header_timeout: Duration,
    mut stopping: watch::Receiver<bool>,
    _slot: OwnedSemaphorePermit,
) {
    let _ = stream.set_nodelay(true);
    let conn = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout)
        .serve_connection(TokioIo::new(stream), TowerToHyperService::new(router));
    tokio::pin!(conn);
    tokio::select! {
        result = conn.as_mut() => {
            if let Err(e) = result {
                tracing::debug!(error = %e, "connection ended");
            }
        }
        () = async { let _ = stopping.wait_for(|stop| *stop).await; } => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
}

/// A collector running on a thread of its own.
#[derive(Debug)]
pub struct Running {
    /// The address it listens on (the real port when `listen` had port 0).
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<io::Result<()>>>,
}

impl Running {
    /// `http://<addr>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops it and waits until it has finished.
    pub fn stop(mut self) -> io::Result<()> {
        self.shut()
    }

    fn shut(&mut self) -> io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(io::Error::other("collector thread panicked")),
            None => Ok(()),
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.shut();
    }
}

/// Opens the store, binds `config.listen`, and serves on a new thread with
/// a runtime of `workers` threads.
pub fn spawn(config: Config, workers: usize) -> Result<Running, StartError> {
    let listener = std::net::TcpListener::bind(config.listen).map_err(StartError::Io)?;
    listener.set_nonblocking(true).map_err(StartError::Io)?;
    let addr = listener.local_addr().map_err(StartError::Io)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers.max(1))
        .enable_all()
        .build()
        .map_err(StartError::Io)?;
    let app = Arc::new(
        runtime
            .block_on(App::open(config))
            .map_err(StartError::Db)?,
    );
    let (stop, stopped) = oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("trackq-collector".into())
        .spawn(move || {
            runtime.block_on(async move {
                let listener = TcpListener::from_std(listener)?;
                serve(listener, app, async {
                    let _ = stopped.await;
                })
                .await
            })
        })
        .map_err(StartError::Io)?;
    Ok(Running {
        addr,
        stop: Some(stop),
        thread: Some(thread),
    })
}
