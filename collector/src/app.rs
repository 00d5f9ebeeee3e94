//! The state every handler shares: configuration, the store, and the bound
//! on writes waiting for it.

use std::future::Future;
use std::time::Duration;

use axum::body::{Body, Bytes};

use tokio::sync::Semaphore;

use crate::body::read_limited;
use crate::config::Config;
use crate::error::ApiError;
use crate::store::{Store, StoreError};

/// Shared by every request.
#[derive(Debug)]
pub struct App {
    /// The configuration the collector started with.
    pub config: Config,
    /// The database.
    pub store: Store,
    pending: Semaphore,
    cpu: Semaphore,
}

impl App {
    /// Opens the store named in `config`.
    pub async fn open(config: Config) -> Result<App, StoreError> {
        let store = Store::open(&config).await?;
        Ok(App {
            pending: Semaphore::new(config.max_pending.max(1)),
            cpu: Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get().max(2))),
            store,
            config,
        })
    }

    /// Reads a request body under `--max-body` and `--body-timeout`.
    pub async fn body(&self, body: Body) -> Result<Bytes, ApiError> {
        let timeout = Duration::from_secs(self.config.body_timeout);
        read_limited(body, self.config.max_body, timeout).await
    }

    /// Runs CPU-heavy work of a request (a webhook's HMAC over its body,
    /// parsing it) on a blocking thread, a few at a time, so the async
    /// workers keep answering everyone else.
    pub async fn cpu<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce() -> Result<T, ApiError> + Send + 'static,
    {
        let _permit = self
            .cpu
            .acquire()
            .await
            .map_err(|_| ApiError::unavailable("collector stopping, retry later", 1))?;
        match tokio::task::spawn_blocking(f).await {
            Ok(result) => result,
            Err(e) => {
                tracing::error!(error = %e, "request task failed");
                Err(ApiError::unavailable("request task failed, retry later", 1))
            }
        }
    }

    /// Runs a write. Past `max_pending` writes waiting, or if the database
    /// fails, the client is told to retry (503, Retry-After): the snippet
    /// keeps the messages and sends them again.
    pub async fn write<T>(
        &self,
        f: impl Future<Output = Result<T, StoreError>>,
    ) -> Result<T, ApiError> {
        let Ok(_permit) = self.pending.try_acquire() else {
            tracing::warn!("too many writes waiting: answering 503");
            return Err(ApiError::unavailable("collector busy, retry later", 1));
        };
        self.read(f).await
    }

    /// Runs a read; a database failure is a 503 with Retry-After.
    pub async fn read<T>(
        &self,
        f: impl Future<Output = Result<T, StoreError>>,
    ) -> Result<T, ApiError> {
        f.await.map_err(|e| {
            tracing::error!(error = %e, "database error");
            ApiError::unavailable("database error, retry later", 5)
        })
    }
}
