//! The static folders: `--dist` at `/trackq/`, `--www` at `/`.
//!
//! Only regular files that resolve inside their folder are served: a
//! symlink leading out of it, a FIFO or a device is answered 404 like a
//! missing file. A folder asked for without its final slash is redirected
//! to the same path with one, prefix kept; the `Location` is always one
//! path starting with a single `/` (`GET //name` never sends a client to a
//! protocol-relative `//name/`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;
use tower::ServiceExt;
use tower_http::services::ServeFile;

use crate::app::App;
use crate::error::ApiError;

/// Where the snippet is served.
pub const DIST_PREFIX: &str = "/trackq";

/// Serves a file of `--dist` or `--www`.
pub async fn serve(State(app): State<Arc<App>>, req: Request) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method not allowed").into_response();
    }
    let path = req.uri().path().to_owned();
    let (root, prefix, rest) = match path.strip_prefix(DIST_PREFIX) {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => {
            (&app.config.dist, DIST_PREFIX, rest)
        }
        _ => (&app.config.www, "", path.as_str()),
    };
    let Some((raw, decoded)) = segments(rest) else {
        return not_found();
    };
    match resolve(root, &decoded).await {
        Some(Found::Dir(_)) if !rest.ends_with('/') => {
            redirect(&format!("{prefix}/{}/", raw.join("/")).replace("//", "/"))
        }
        Some(Found::Dir(dir)) => match inside(root, &dir.join("index.html")).await {
            Some(index) if index.is_file() => file(index, req).await,
            _ => not_found(),
        },
        Some(Found::File(f)) => file(f, req).await,
        None => not_found(),
    }
}

enum Found {
    Dir(PathBuf),
    File(PathBuf),
}

/// The non-empty segments of `path`, as sent and percent-decoded; `None`
/// if one is `..` or decodes to something that is not one plain name.
fn segments(path: &str) -> Option<(Vec<&str>, Vec<String>)> {
    let raw: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect();
    let mut decoded = Vec::with_capacity(raw.len());
    for s in &raw {
        let d = percent_decode_str(s).decode_utf8().ok()?;
        if d == ".." || d == "." || d.contains(['/', '\\', '\0']) {
            return None;
        }
        decoded.push(d.into_owned());
    }
    Some((raw, decoded))
}

/// A folder or a regular file under `root` at `segments`, after following
/// symlinks, if it is still inside `root`.
async fn resolve(root: &Path, segments: &[String]) -> Option<Found> {
    let mut path = root.to_path_buf();
    path.extend(segments);
    let real = inside(root, &path).await?;
    let meta = tokio::fs::metadata(&real).await.ok()?;
    if meta.is_dir() {
        Some(Found::Dir(real))
    } else if meta.is_file() {
        Some(Found::File(real))
    } else {
        None
    }
}

/// `path` with every symlink resolved, if that lies inside `root`.
async fn inside(root: &Path, path: &Path) -> Option<PathBuf> {
    let root = tokio::fs::canonicalize(root).await.ok()?;
    let real = tokio::fs::canonicalize(path).await.ok()?;
    real.starts_with(&root).then_some(real)
}

async fn file(path: PathBuf, req: Request) -> Response {
    match ServeFile::new(path).oneshot(req).await {
        Ok(response) => response.map(Body::new),
        Err(never) => match never {},
    }
}

fn redirect(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(value) => (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, value)]).into_response(),
        Err(_) => not_found(),
    }
}

fn not_found() -> Response {
    ApiError::new(StatusCode::NOT_FOUND, "not found").into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_refuse_climbing_out() {
        assert_eq!(segments("//a/./b%20c/").unwrap().1, ["a", "b c"]);
        assert!(segments("/a/../b").is_none());
        assert!(segments("/a/%2e%2e/b").is_none());
        assert!(segments("/a%2fb").is_none());
    }
}
