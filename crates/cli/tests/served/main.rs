//! Tests against a real `microcred serve` process: what survives SIGKILL, and how many SQL
//! statements a request costs (read from sqlx's statement log).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod killed;
mod mail;
mod statements;
mod two_servers;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

pub fn microcred(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_microcred"))
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

/// A demo register in a directory of its own (removed when dropped), a platform admin's token
/// and the first offering of the catalogue.
pub struct DemoRegister {
    pub dir: PathBuf,
    pub data: String,
    pub token: String,
    pub offering: String,
    pub provider: String,
}

impl DemoRegister {
    pub fn new(name: &str) -> DemoRegister {
        let dir = std::env::temp_dir().join(format!("microcred_cli_{name}_{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let data = dir.join("data").to_str().unwrap().to_owned();
        assert!(microcred(&["demo", "--data-dir", &data]).status.success());
        let token = microcred(&[
            "token",
            "create",
            "--role",
            "platform_admin",
            "--data-dir",
            &data,
        ]);
        let token = String::from_utf8(token.stdout).unwrap().trim().to_owned();
        let page = microcred(&[
            "offerings",
            "search",
            "--filter",
            "per_page=1",
            "--json",
            "--data-dir",
            &data,
        ]);
        let page: serde_json::Value = serde_json::from_slice(&page.stdout).unwrap();
        let first = &page["items"][0];
        DemoRegister {
            offering: first["id"].as_str().unwrap().to_owned(),
            provider: first["provider_id"].as_str().unwrap().to_owned(),
            dir,
            data,
            token,
        }
    }
}

impl Drop for DemoRegister {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `microcred serve` on `data`, its log (at `log_filter`) written to `log` when given.
pub fn serve(data: &str, bind: &str, log: Option<(&Path, &str)>) -> Child {
    serve_with(data, bind, log, &[])
}

/// [`serve`] with more flags.
pub fn serve_with(data: &str, bind: &str, log: Option<(&Path, &str)>, flags: &[&str]) -> Child {
    let mut command = Command::new(env!("CARGO_BIN_EXE_microcred"));
    command.args(["serve", "--data-dir", data, "--bind", bind]);
    command.args(flags);
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

/// A PostgreSQL database of a test's own on the server of `MICROCRED_TEST_POSTGRES_URL`, made
/// fresh and dropped when the test is done; `None` (skipped) without that URL, a failure
/// without it under `MICROCRED_REQUIRE_POSTGRES=1`.
pub struct PostgresDatabase {
    server: String,
    name: String,
    pub url: String,
}

impl PostgresDatabase {
    pub fn fresh(prefix: &str) -> Option<PostgresDatabase> {
        let Ok(server) = std::env::var("MICROCRED_TEST_POSTGRES_URL") else {
            if std::env::var("MICROCRED_REQUIRE_POSTGRES").as_deref() == Ok("1") {
                panic!("MICROCRED_REQUIRE_POSTGRES=1 but MICROCRED_TEST_POSTGRES_URL is not set");
            }
            eprintln!("SKIPPED {prefix}: set MICROCRED_TEST_POSTGRES_URL");
            return None;
        };
        let name = format!("{prefix}_{}", std::process::id());
        let url = format!("{}/{name}", server.rsplit_once('/').unwrap().0);
        let database = PostgresDatabase { server, name, url };
        database.psql(&format!("DROP DATABASE IF EXISTS {}", database.name));
        database.psql(&format!("CREATE DATABASE {}", database.name));
        Some(database)
    }

    fn psql(&self, sql: &str) {
        let output = Command::new("psql")
            .args([&self.server, "-q", "-c", sql])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

impl Drop for PostgresDatabase {
    fn drop(&mut self) {
        // Not asserted: a drop while a failed test unwinds must not panic again.
        let _ = Command::new("psql")
            .args([
                &self.server,
                "-q",
                "-c",
                &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
            ])
            .output();
    }
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
