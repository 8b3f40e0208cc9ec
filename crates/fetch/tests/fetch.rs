//! The fetcher against a local HTTP server on an ephemeral port (no external network): what it
//! accepts, and each way it refuses — size, time, redirects to private addresses, bad JSON,
//! HTTP errors, DID documents that are not the DID's.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use fetch::{FetchError, FetchPolicy, SafeFetcher};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Bodies over this size are refused in these tests (a small cap keeps them fast).
const TEST_CAP: usize = 64 * 1024;

/// A running test server: its port.
struct Server {
    port: u16,
}

impl Server {
    async fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(answer(stream, port));
            }
        });
        Server { port }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

fn local_fetcher() -> SafeFetcher {
    SafeFetcher::new(FetchPolicy {
        allow_http_localhost: true,
        max_bytes: TEST_CAP,
        timeout: Duration::from_millis(1_500),
        max_redirects: 3,
    })
    .unwrap()
}

async fn read_path(stream: &mut TcpStream) -> String {
    let mut request = Vec::new();
    let mut buffer = [0u8; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") && request.len() < 16 * 1024 {
        let read = stream.read(&mut buffer).await.unwrap_or(0);
        if read == 0 {
            break;
        }
        request.extend_from_slice(&buffer[..read]);
    }
    let text = String::from_utf8_lossy(&request);
    text.split_whitespace().nth(1).unwrap_or("/").to_owned()
}

async fn respond(stream: &mut TcpStream, status: &str, headers: &[(&str, String)], body: &[u8]) {
    let mut head = format!("HTTP/1.1 {status}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.write_all(body).await;
    let _ = stream.shutdown().await;
}

fn json_headers(body: &[u8]) -> Vec<(&'static str, String)> {
    vec![
        ("Content-Type", "application/json".into()),
        ("Content-Length", body.len().to_string()),
    ]
}

async fn answer(mut stream: TcpStream, port: u16) {
    let path = read_path(&mut stream).await;
    let big_json = || format!("[{}0]", "0,".repeat(TEST_CAP));
    match path.as_str() {
        "/good" => {
            let body = br#"{"id":"https://example.org/status/1","ok":true}"#;
            respond(&mut stream, "200 OK", &json_headers(body), body).await;
        }
        // No Content-Length: the end of the body is the end of the connection.
        "/big" => {
            let head = [("Content-Type", "application/json".to_owned())];
            respond(&mut stream, "200 OK", &head, big_json().as_bytes()).await;
        }
        // A Content-Length that lies is cut to its word by HTTP; chunked bodies have none.
        "/big-chunked" => {
            let head =
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
            let _ = stream.write_all(head).await;
            let body = big_json();
            for piece in body.as_bytes().chunks(4096) {
                let chunk = format!("{:x}\r\n", piece.len());
                let _ = stream.write_all(chunk.as_bytes()).await;
                let _ = stream.write_all(piece).await;
                let _ = stream.write_all(b"\r\n").await;
            }
            let _ = stream.write_all(b"0\r\n\r\n").await;
        }
        "/announced-big" => {
            let headers = [("Content-Length", (TEST_CAP + 1).to_string())];
            respond(&mut stream, "200 OK", &headers, b"").await;
        }
        // Headers at once, then a body that trickles in too slowly to finish in time.
        "/slow" => {
            let head = b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n{";
            let _ = stream.write_all(head).await;
            for _ in 0..100 {
                tokio::time::sleep(Duration::from_millis(100)).await;
                if stream.write_all(b" ").await.is_err() {
                    return;
                }
            }
        }
        "/redirect-metadata" => {
            let location = [(
                "Location",
                "http://169.254.169.254/latest/meta-data/".into(),
            )];
            respond(&mut stream, "302 Found", &location, b"").await;
        }
        "/redirect-private-https" => {
            let location = [("Location", "https://10.0.0.1/status/1".into())];
            respond(&mut stream, "301 Moved Permanently", &location, b"").await;
        }
        "/redirect-good" => {
            let location = [("Location", "/good".into())];
            respond(&mut stream, "307 Temporary Redirect", &location, b"").await;
        }
        "/redirect-loop" => {
            let location = [("Location", "/redirect-loop".into())];
            respond(&mut stream, "302 Found", &location, b"").await;
        }
        "/invalid" => {
            let body = b"{\"id\": \"x\",";
            respond(&mut stream, "200 OK", &json_headers(body), body).await;
        }
        "/duplicate" => {
            let body = br#"{"id":"a","proof":{"proofValue":"z1","proofValue":"z2"}}"#;
            respond(&mut stream, "200 OK", &json_headers(body), body).await;
        }
        "/gzip" => {
            let body = b"\x1f\x8b\x08\x00\x00\x00\x00\x00";
            let mut headers = json_headers(body);
            headers.push(("Content-Encoding", "gzip".into()));
            respond(&mut stream, "200 OK", &headers, body).await;
        }
        "/.well-known/did.json" => {
            let body = format!(r#"{{"id":"did:web:127.0.0.1%3A{port}"}}"#);
            respond(
                &mut stream,
                "200 OK",
                &json_headers(body.as_bytes()),
                body.as_bytes(),
            )
            .await;
        }
        "/impostor/did.json" => {
            let body = br#"{"id":"did:web:register.example.eu"}"#;
            respond(&mut stream, "200 OK", &json_headers(body), body).await;
        }
        _ => respond(&mut stream, "404 Not Found", &json_headers(b"{}"), b"{}").await,
    }
}

fn assert_refused(result: Result<serde_json::Value, FetchError>, code: &str, url: &str) {
    let error = result.expect_err("must be refused");
    assert_eq!(error.code(), code, "{error}");
    assert!(
        error.to_string().contains(url),
        "the message names {url}: {error}"
    );
}

#[tokio::test]
async fn a_good_document_is_fetched_from_an_allowed_localhost() {
    let server = Server::start().await;
    let document = local_fetcher()
        .get_json(&server.url("/good"))
        .await
        .unwrap();
    assert_eq!(document["ok"], true);
    let redirected = local_fetcher()
        .get_json(&server.url("/redirect-good"))
        .await
        .unwrap();
    assert_eq!(redirected["ok"], true);
}

#[tokio::test]
async fn localhost_is_refused_without_the_explicit_allowance() {
    let server = Server::start().await;
    let strict = SafeFetcher::new(FetchPolicy::default()).unwrap();
    let url = format!("http://localhost:{}/good", server.port);
    assert_refused(strict.get_json(&url).await, "not_https", &url);
    // An address literal is judged by its address first: the more telling reason.
    let url = server.url("/good");
    assert_refused(strict.get_json(&url).await, "private_address", &url);
    // Over https, the literal address is refused before any connection ...
    let url = format!("https://127.0.0.1:{}/good", server.port);
    assert_refused(strict.get_json(&url).await, "private_address", &url);
    // ... and a name is refused once resolved, by the resolver the client connects through.
    let url = format!("https://localhost:{}/good", server.port);
    assert_refused(strict.get_json(&url).await, "private_address", &url);
}

#[tokio::test]
async fn bodies_over_the_cap_are_refused_without_trusting_content_length() {
    let server = Server::start().await;
    for path in ["/big", "/big-chunked", "/announced-big"] {
        let url = server.url(path);
        assert_refused(local_fetcher().get_json(&url).await, "too_large", &url);
    }
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let server = Server::start().await;
    let url = server.url("/slow");
    assert_refused(local_fetcher().get_json(&url).await, "timeout", &url);
}

#[tokio::test]
async fn redirects_to_private_addresses_are_refused() {
    let server = Server::start().await;
    let fetcher = local_fetcher();
    let error = fetcher
        .get_json(&server.url("/redirect-metadata"))
        .await
        .unwrap_err();
    assert_eq!(error.code(), "private_address", "{error}");
    assert!(error.to_string().contains("169.254.169.254"), "{error}");
    let error = fetcher
        .get_json(&server.url("/redirect-private-https"))
        .await
        .unwrap_err();
    assert_eq!(error.code(), "private_address", "{error}");
    assert!(error.to_string().contains("10.0.0.1"), "{error}");
    let url = server.url("/redirect-loop");
    assert_refused(fetcher.get_json(&url).await, "too_many_redirects", &url);
}

#[tokio::test]
async fn invalid_json_duplicate_keys_and_compressed_bodies_are_not_json() {
    let server = Server::start().await;
    for path in ["/invalid", "/duplicate", "/gzip"] {
        let url = server.url(path);
        assert_refused(local_fetcher().get_json(&url).await, "not_json", &url);
    }
    let error = local_fetcher()
        .get_json(&server.url("/duplicate"))
        .await
        .unwrap_err();
    assert!(error.to_string().contains("proofValue"), "{error}");
}

#[tokio::test]
async fn http_errors_are_reported_with_their_status() {
    let server = Server::start().await;
    let url = server.url("/missing");
    let error = local_fetcher().get_json(&url).await.unwrap_err();
    assert_eq!(error, FetchError::HttpStatus { url, status: 404 });
}

#[tokio::test]
async fn a_server_that_is_down_is_a_connection_error() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        listener.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}/good");
    assert_refused(local_fetcher().get_json(&url).await, "connect", &url);
}

#[tokio::test]
async fn did_web_documents_are_fetched_and_must_be_the_dids() {
    let server = Server::start().await;
    let did = format!("did:web:127.0.0.1%3A{}", server.port);
    let document = local_fetcher()
        .resolve_did_web(&format!("{did}#key-1"))
        .await
        .unwrap();
    assert_eq!(document["id"], did.as_str());
    let error = local_fetcher()
        .resolve_did_web(&format!("{did}:impostor"))
        .await
        .unwrap_err();
    assert_eq!(error.code(), "did_mismatch", "{error}");
    // Without the allowance the same DID is an https URL to a loopback address.
    let strict = SafeFetcher::new(FetchPolicy::default()).unwrap();
    let error = strict.resolve_did_web(&did).await.unwrap_err();
    assert_eq!(error.code(), "private_address", "{error}");
}
