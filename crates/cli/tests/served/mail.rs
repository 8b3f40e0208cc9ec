//! `serve --smtp-url`: the outbox's messages reach a real SMTP conversation (a small server
//! in the test speaking RFC 5321 over loopback), and a server that refuses the message leaves
//! it in the outbox with the reason, to be tried again.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;

use crate::{DemoRegister, free_bind, microcred, serve, wait_until_up};

/// An SMTP server on loopback that takes every message (or refuses each at DATA), keeping what
/// it was sent.
fn smtp_server(refuse: bool) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("smtp://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let received = Arc::new(Mutex::new(Vec::new()));
    let kept = received.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let _ = stream.write_all(b"220 test.example ESMTP\r\n");
            let mut data: Option<String> = None;
            let mut line = String::new();
            loop {
                line.clear();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    break;
                }
                if let Some(body) = data.as_mut() {
                    if line == ".\r\n" {
                        kept.lock().unwrap().push(std::mem::take(body));
                        data = None;
                        let _ = stream.write_all(b"250 2.0.0 queued\r\n");
                    } else {
                        body.push_str(&line);
                    }
                    continue;
                }
                let verb = line.get(..4).unwrap_or_default().to_ascii_uppercase();
                let answer: &[u8] = match verb.as_str() {
                    "EHLO" | "HELO" => b"250 test.example\r\n",
                    "MAIL" | "RCPT" | "RSET" | "NOOP" => b"250 2.1.0 ok\r\n",
                    "DATA" if refuse => b"554 5.7.1 refused by the test\r\n",
                    "DATA" => {
                        data = Some(String::new());
                        b"354 go ahead\r\n"
                    }
                    "QUIT" => {
                        let _ = stream.write_all(b"221 bye\r\n");
                        break;
                    }
                    _ => b"502 5.5.2 not implemented\r\n",
                };
                let _ = stream.write_all(answer);
            }
        }
    });
    (url, received)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_outbox_is_sent_by_smtp_and_a_refused_message_stays_with_its_reason() {
    let demo = DemoRegister::new("smtp");
    let data = demo.data.as_str();
    let (url, received) = smtp_server(false);
    let bind = free_bind();
    let base = format!("http://{bind}");
    let client = reqwest::Client::new();
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_microcred"))
        .args([
            "serve",
            "--data-dir",
            data,
            "--bind",
            &bind,
            "--smtp-url",
            &url,
        ])
        .args(["--mail-from", "Register <register@test.example>"])
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    wait_until_up(&client, &base).await;
    let answer = client
        .post(format!("{base}/api/v1/accounts"))
        .json(&json!({"name": "Mail Test", "email": "mail.test@example.org", "password": "correct horse battery staple"}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 202);
    let mut message = None;
    for _ in 0..100 {
        if let Some(first) = received.lock().unwrap().first() {
            message = Some(first.clone());
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    server.kill().unwrap();
    let _ = server.wait();
    let message = message.expect("the SMTP server received the confirmation message");
    assert!(message.contains("To: mail.test@example.org"), "{message}");
    assert!(
        message.contains("From: Register <register@test.example>"),
        "{message}"
    );
    assert!(message.contains("/account/confirm/"), "{message}");

    // A server that refuses: the message stays in the outbox, with the reason.
    let (url, received) = smtp_server(true);
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_microcred"))
        .args([
            "serve",
            "--data-dir",
            data,
            "--bind",
            &bind,
            "--smtp-url",
            &url,
        ])
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    wait_until_up(&client, &base).await;
    let answer = client
        .post(format!("{base}/api/v1/accounts/password-reset"))
        .json(&json!({"email": "mail.test@example.org"}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 202);
    tokio::time::sleep(Duration::from_secs(7)).await;
    server.kill().unwrap();
    let _ = server.wait();
    assert!(received.lock().unwrap().is_empty());
    let outbox = microcred(&["accounts", "outbox", "--data-dir", data]);
    let text = String::from_utf8_lossy(&outbox.stdout);
    assert!(
        outbox.status.success(),
        "{}",
        String::from_utf8_lossy(&outbox.stderr)
    );
    assert!(text.contains("refused by the test"), "{text}");
    let _ = serve;
}
