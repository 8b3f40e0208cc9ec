//! Connections over raw TCP: clients that stall or trickle their request headers, and kept-alive
//! connections left idle, are disconnected after the header-read timeout while normal requests
//! are answered; a client trickling its body is answered 408 when the request's time limit is
//! up; headers over the size limit are refused; shutdown answers the request in progress, then
//! stops accepting.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::{TestOptions, TestServer};

const TIMEOUT: Duration = Duration::from_millis(400);
/// How long past the timeout a test waits before it calls a connection held open.
const PATIENCE: Duration = Duration::from_secs(5);

#[allow(clippy::disallowed_methods)] // what is measured is how long the server kept a connection
fn now() -> Instant {
    Instant::now()
}

async fn short_timeout_server() -> TestServer {
    TestServer::start_with(TestOptions {
        serve: web::ServeOptions {
            header_read_timeout: TIMEOUT,
            ..web::ServeOptions::default()
        },
        ..TestOptions::default()
    })
    .await
}

fn address(server: &TestServer) -> SocketAddr {
    server.base.trim_start_matches("http://").parse().unwrap()
}

/// Reads until the server closes the connection: what it sent, or `None` if the connection
/// was still open after `patience`.
async fn read_until_closed(stream: &mut TcpStream, patience: Duration) -> Option<Vec<u8>> {
    let mut received = Vec::new();
    let read = tokio::time::timeout(patience, async {
        let mut buffer = [0u8; 4096];
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(count) => received.extend_from_slice(&buffer[..count]),
            }
        }
    })
    .await;
    read.ok().map(|()| received)
}

fn status_line(received: &[u8]) -> String {
    String::from_utf8_lossy(received)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn clients_that_stall_in_their_headers_are_disconnected_after_the_timeout() {
    let server = short_timeout_server().await;
    let opened = now();
    let mut silent = TcpStream::connect(address(&server)).await.unwrap();
    let mut stalled = TcpStream::connect(address(&server)).await.unwrap();
    stalled
        .write_all(b"GET /api/v1/offerings HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: appl")
        .await
        .unwrap();

    // Meanwhile a whole request is answered, by a client and over a raw connection.
    let (status, search) = server.get("/api/v1/offerings").await;
    assert_eq!(status, 200, "{search}");
    let mut prompt = TcpStream::connect(address(&server)).await.unwrap();
    prompt
        .write_all(
            b"GET /api/v1/offerings HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        )
        .await
        .unwrap();
    let answer = read_until_closed(&mut prompt, PATIENCE).await.unwrap();
    assert_eq!(status_line(&answer), "HTTP/1.1 200 OK");

    for (name, stream) in [("silent", &mut silent), ("stalled", &mut stalled)] {
        let received = read_until_closed(stream, TIMEOUT + PATIENCE).await;
        assert!(
            received.is_some(),
            "the {name} connection was still open long after the header-read timeout"
        );
        assert!(
            opened.elapsed() >= TIMEOUT,
            "the {name} connection was closed before its timeout"
        );
    }
}

#[tokio::test]
async fn a_client_trickling_its_request_line_is_disconnected_after_the_timeout() {
    let server = short_timeout_server().await;
    let mut trickling = TcpStream::connect(address(&server)).await.unwrap();
    let opened = now();
    // One byte every tenth of the timeout: each arrives in time, the headers never do.
    let request = b"GET /api/v1/offerings?q=a-very-long-search-for-nothing-at-all HTTP/1.1\r\n";
    let mut closed = false;
    for byte in request {
        if trickling.write_all(&[*byte]).await.is_err() {
            closed = true;
            break;
        }
        tokio::time::sleep(TIMEOUT / 10).await;
    }
    if !closed {
        closed = read_until_closed(&mut trickling, PATIENCE).await.is_some();
    }
    assert!(closed, "a trickling client kept its connection");
    let lasted = opened.elapsed();
    assert!(lasted >= TIMEOUT, "closed after {lasted:?}");
    // The whole request line would have taken 7 timeouts to send.
    assert!(lasted < TIMEOUT * 5, "closed only after {lasted:?}");
}

#[tokio::test]
async fn a_kept_alive_connection_left_idle_is_closed_after_the_timeout() {
    let server = short_timeout_server().await;
    let mut kept = TcpStream::connect(address(&server)).await.unwrap();
    kept.write_all(b"GET /api/v1/offerings HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await
        .unwrap();
    let received = read_until_closed(&mut kept, TIMEOUT + PATIENCE)
        .await
        .expect("an idle kept-alive connection stayed open");
    assert_eq!(status_line(&received), "HTTP/1.1 200 OK");
}

#[tokio::test]
async fn shutdown_answers_the_request_in_progress_then_stops_accepting() {
    let mut server = TestServer::start().await;
    let body = br#"{"not": "a credential"}"#;
    let mut in_progress = TcpStream::connect(address(&server)).await.unwrap();
    let head = format!(
        "POST /api/v1/verify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    in_progress.write_all(head.as_bytes()).await.unwrap();
    in_progress.write_all(&body[..5]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;

    server.begin_shutdown();
    tokio::time::sleep(Duration::from_millis(200)).await;
    in_progress.write_all(&body[5..]).await.unwrap();
    let answer = read_until_closed(&mut in_progress, PATIENCE)
        .await
        .expect("the answered connection stayed open after shutdown");
    assert_eq!(status_line(&answer), "HTTP/1.1 200 OK");

    tokio::time::timeout(PATIENCE, server.served())
        .await
        .expect("serve did not return after shutdown")
        .unwrap();
    assert!(TcpStream::connect(address(&server)).await.is_err());
}

#[tokio::test]
async fn a_client_trickling_its_body_is_answered_408_and_disconnected() {
    let server = TestServer::start_with(TestOptions {
        serve: web::ServeOptions {
            request_timeout: TIMEOUT,
            // 100 bytes declared add nothing at this rate: the limit is the timeout itself.
            min_body_rate: 1024,
            ..web::ServeOptions::default()
        },
        ..TestOptions::default()
    })
    .await;
    let opened = now();
    let mut trickling = TcpStream::connect(address(&server)).await.unwrap();
    trickling
        .write_all(
            b"POST /api/v1/verify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"@context\"",
        )
        .await
        .unwrap();
    // Meanwhile a whole request is answered.
    let (status, _) = server.get("/api/v1/offerings").await;
    assert_eq!(status, 200);
    let received = read_until_closed(&mut trickling, TIMEOUT + PATIENCE)
        .await
        .expect("the trickling client is disconnected");
    assert!(opened.elapsed() >= TIMEOUT);
    let text = String::from_utf8_lossy(&received);
    assert!(status_line(&received).starts_with("HTTP/1.1 408"), "{text}");
    assert!(text.contains("\"request_timeout\""), "{text}");
}

#[tokio::test]
async fn headers_over_the_size_limit_are_refused() {
    let server = TestServer::start_with(TestOptions {
        serve: web::ServeOptions {
            max_header_bytes: 16 * 1024,
            ..web::ServeOptions::default()
        },
        ..TestOptions::default()
    })
    .await;
    let mut stream = TcpStream::connect(address(&server)).await.unwrap();
    let mut request = b"GET /api/v1/offerings HTTP/1.1\r\nHost: 127.0.0.1\r\n".to_vec();
    for n in 0..40 {
        request.extend_from_slice(format!("X-Padding-{n}: {}\r\n", "a".repeat(1000)).as_bytes());
    }
    request.extend_from_slice(b"\r\n");
    // The server may stop reading (and close) before the whole request is written.
    let _ = stream.write_all(&request).await;
    let received = read_until_closed(&mut stream, PATIENCE)
        .await
        .expect("the connection is closed");
    assert!(
        status_line(&received).starts_with("HTTP/1.1 431"),
        "{}",
        String::from_utf8_lossy(&received)
    );
    // A request within the limit on a fresh connection is answered.
    let (status, _) = server.get("/api/v1/offerings").await;
    assert_eq!(status, 200);
}
