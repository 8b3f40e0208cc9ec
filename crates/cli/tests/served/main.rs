//! Tests against a real `microcred serve` process: what survives SIGKILL, and how many SQL
//! statements a request costs (read from sqlx's statement log).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod killed;
mod statements;

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

pub fn microcred(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_microcred"))
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

/// `microcred serve` on `data`, its log (at `log_filter`) written to `log` when given.
pub fn serve(data: &str, bind: &str, log: Option<(&Path, &str)>) -> Child {
    let mut command = Command::new(env!("CARGO_BIN_EXE_microcred"));
    command.args(["serve", "--data-dir", data, "--bind", bind]);
    match log {
        Some((file, filter)) => {
            let file = std::fs::File::create(file).unwrap();
            command
                .env("RUST_LOG", filter)
                .env("NO_COLOR", "1")
                .stderr(file.try_clone().unwrap())
                .stdout(file);
        }
        None => {
            command
                .env("RUST_LOG", "warn")
                .stdout(Stdio::null())
                .stderr(Stdio::null());
        }
    }
    command.spawn().unwrap()
}

/// An address on the loopback interface that nothing listens on now.
pub fn free_bind() -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    format!("127.0.0.1:{port}")
}

pub async fn wait_until_up(client: &reqwest::Client, base: &str) {
    for _ in 0..300 {
        if client
            .get(format!("{base}/api/v1/vocabularies"))
            .send()
            .await
            .is_ok()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server did not come up");
}
