//! The accept loop: every connection is served by hyper's HTTP/1 connection with a header-read
//! timeout. `axum::serve` sets none, so a client that opened a connection and then sent nothing,
//! or a request line a byte a minute, held its buffers for ever (10,000 such connections took
//! the server to 1.5 GB). Headers are capped in size, and every request must be received and
//! answered within a time limit that grows with the body it declares, so a client trickling
//! its body is cut off too.

use std::io;
use std::pin::pin;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tower::Service;

use crate::SharedState;

/// The network address a request came from (the connection's peer; behind a reverse proxy, the
/// proxy's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeerAddress(pub std::net::IpAddr);

/// How connections are served.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// How long a client may take to send a request's line and headers, counted from when the
    /// server starts waiting for them: when the connection opens, and again after each answer
    /// on a kept-alive connection — so it is also how long an idle connection stays open.
    pub header_read_timeout: Duration,
    /// How long a request may take, from its headers to its answer's headers, before the
    /// server answers `408` and closes the connection: this, plus the time its declared body
    /// takes at `min_body_rate`.
    pub request_timeout: Duration,
    /// Bytes per second a client must at least send its body at (the allowance a large upload
    /// gets on top of `request_timeout`).
    pub min_body_rate: u64,
    /// The most bytes a request's line and headers may take (`431` above).
    pub max_header_bytes: usize,
    /// Reverse proxies (load balancers) whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<crate::client_address::TrustedProxy>,
}

impl Default for ServeOptions {
    fn default() -> ServeOptions {
        ServeOptions {
            // Long enough for a person on a slow mobile link; short enough that held
            // connections cannot pile up faster than they are closed.
            header_read_timeout: Duration::from_secs(10),
            // A minute for any request; a 50 MiB import at 64 KiB/s gets 13 minutes more.
            request_timeout: Duration::from_secs(60),
            min_body_rate: 64 * 1024,
            // Browsers send a few KiB; hyper's default let a client make the server hold 400 KiB.
            max_header_bytes: 64 * 1024,
            trusted_proxies: Vec::new(),
        }
    }
}

/// Serves the site on `listener` until `shutdown` completes; then stops accepting and waits
/// for the requests in progress to be answered (idle connections are closed at once).
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: SharedState,
    options: ServeOptions,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let router = crate::router(state);
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(options.header_read_timeout)
        .max_buf_size(options.max_header_bytes.max(8192))
        .keep_alive(true);
    let graceful = GracefulShutdown::new();
    let mut shutdown = pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let stream = match accepted {
            Ok(accepted) => accepted,
            Err(error) => {
                if wait_after_accept_error(&error, &mut shutdown).await {
                    break;
                }
                continue;
            }
        };
        let (stream, peer) = stream;
        // Every request carries the address it came from (sign-in counts failures per address).
        let router = router.clone();
        let trusted = options.trusted_proxies.clone();
        let options_limit = (options.request_timeout, options.min_body_rate);
        let service = hyper::service::service_fn(
            move |mut request: hyper::Request<hyper::body::Incoming>| {
                let client = crate::client_address::client_address(
                    peer.ip(),
                    request
                        .headers()
                        .get_all("x-forwarded-for")
                        .iter()
                        .filter_map(|value| value.to_str().ok()),
                    &trusted,
                );
                request.extensions_mut().insert(PeerAddress(client));
                let limit = time_limit(&request, options_limit);
                let mut router = router.clone();
                async move {
                    match tokio::time::timeout(limit, router.call(request)).await {
                        Ok(answered) => answered,
                        Err(_) => Ok(timed_out(limit)),
                    }
                }
            },
        );
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            // Timeouts, resets and malformed requests end here; none concerns the server.
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection closed with an error");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// The most body a request is given time for: the largest body any route takes (imports,
/// 50 MiB) and a little more. A client declaring more gets no more time — it would otherwise
/// hold its connection for days by declaring a huge body and sending it a byte at a time.
const MOST_BODY_TIMED: u64 = 64 * 1024 * 1024;

/// How long `request` may take: the base limit plus its declared body at the minimum rate.
fn time_limit<B>(request: &hyper::Request<B>, (base, rate): (Duration, u64)) -> Duration {
    let declared = request
        .headers()
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok())
        .unwrap_or(0)
        .min(MOST_BODY_TIMED);
    base.saturating_add(Duration::from_secs(declared / rate.max(1)))
}

/// The answer to a request that was not received and answered in time; the connection closes.
fn timed_out(limit: Duration) -> axum::response::Response {
    use axum::response::IntoResponse;
    let mut response = crate::error::ApiError::new(
        crate::codes::ErrorCode::RequestTimeout,
        format!(
            "the request was not received and answered within {} s",
            limit.as_secs_f64()
        ),
    )
    .into_response();
    response.headers_mut().insert(
        hyper::header::CONNECTION,
        hyper::header::HeaderValue::from_static("close"),
    );
    response
}

/// After a failed accept: a connection the peer already dropped is nothing; anything else
/// (typically too many open files) is logged and waited out for a second, because accepting
/// again at once would fail again at once. True when `shutdown` completed meanwhile.
async fn wait_after_accept_error(
    error: &io::Error,
    shutdown: &mut std::pin::Pin<&mut impl Future<Output = ()>>,
) -> bool {
    if matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    ) {
        return false;
    }
    tracing::error!(%error, "accepting a connection failed");
    tokio::select! {
        () = tokio::time::sleep(Duration::from_secs(1)) => false,
        () = shutdown.as_mut() => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn declaring(length: Option<&str>) -> hyper::Request<()> {
        let mut request = hyper::Request::new(());
        if let Some(length) = length {
            request.headers_mut().insert(
                hyper::header::CONTENT_LENGTH,
                hyper::header::HeaderValue::from_str(length).unwrap(),
            );
        }
        request
    }

    #[test]
    fn a_request_gets_time_for_its_declared_body_up_to_the_largest_one_taken() {
        let limits = (Duration::from_secs(60), 64 * 1024);
        assert_eq!(
            time_limit(&declaring(None), limits),
            Duration::from_secs(60)
        );
        assert_eq!(
            time_limit(&declaring(Some("nonsense")), limits),
            Duration::from_secs(60)
        );
        // A 50 MiB import: 800 s more.
        assert_eq!(
            time_limit(&declaring(Some("52428800")), limits),
            Duration::from_secs(860)
        );
        // A declared body of any size gets no more than the largest route's; no overflow even
        // at one byte a second.
        let most = time_limit(&declaring(Some("64000000000")), limits);
        assert_eq!(most, Duration::from_secs(60 + 1024));
        let slowest = time_limit(
            &declaring(Some(&u64::MAX.to_string())),
            (Duration::from_secs(60), 1),
        );
        assert_eq!(slowest, Duration::from_secs(60 + MOST_BODY_TIMED));
    }
}
