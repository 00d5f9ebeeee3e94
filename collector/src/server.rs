//! Running the collector: on a Tokio runtime of the caller's (the binary),
//! or on a thread of its own (tests, the load test).

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;

use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::app::App;
use crate::config::Config;
use crate::routes::router;

/// Why the collector could not start.
#[derive(Debug)]
#[non_exhaustive]
pub enum StartError {
    /// The database could not be opened or set up.
    Db(rusqlite::Error),
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
/// requests in flight finish (their writes commit) and returns.
pub async fn serve(
    listener: TcpListener,
    app: Arc<App>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    axum::serve(listener, router(app))
        .with_graceful_shutdown(shutdown)
        .await
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
    let app = Arc::new(App::open(config).map_err(StartError::Db)?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers.max(1))
        .enable_all()
        .build()
        .map_err(StartError::Io)?;
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
