//! Backup and restore of the embedded register: the demo register is copied while it is open,
//! restored into an empty data directory (with its master key), and there every credential
//! verifies as its state says — active ones fully, revoked ones by their proof; a backup never
//! overwrites a file, a restore never overwrites a register.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::{Command, Output};

fn microcred(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_microcred"))
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_backup_restores_into_a_register_where_every_credential_verifies() {
    let dir = std::env::temp_dir().join(format!("microcred_cli_backup_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let data = dir.join("data");
    let data = data.to_str().unwrap();
    assert!(microcred(&["demo", "--data-dir", data]).status.success());
    let file = dir.join("register.backup");
    let file = file.to_str().unwrap();

    let made = microcred(&["backup", "--out", file, "--data-dir", data]);
    assert!(made.status.success(), "{}", stderr(&made));
    let made: serde_json::Value = serde_json::from_slice(&made.stdout).unwrap();
    assert!(made["bytes"].as_u64().unwrap() > 100_000, "{made}");
    let again = microcred(&["backup", "--out", file, "--data-dir", data]);
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("never overwrites"),
        "{}",
        stderr(&again)
    );

    let restored = dir.join("restored");
    std::fs::create_dir_all(&restored).unwrap();
    std::fs::copy(
        std::path::Path::new(data).join("master.key"),
        restored.join("master.key"),
    )
    .unwrap();
    let restored = restored.to_str().unwrap();
    let output = microcred(&["restore", "--from", file, "--data-dir", restored]);
    assert!(output.status.success(), "{}", stderr(&output));
    let check: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let total = check["credentials"].as_u64().unwrap();
    assert!(total > 100, "{check}");
    assert_eq!(check["problems"], serde_json::json!([]), "{check}");
    assert_eq!(
        check["active_verified"].as_u64().unwrap() + check["withdrawn_signed"].as_u64().unwrap(),
        total
    );
    assert!(
        check["withdrawn_signed"].as_u64().unwrap() > 0,
        "the demo revokes some: {check}"
    );
    let over = microcred(&["restore", "--from", file, "--data-dir", restored]);
    assert!(!over.status.success());
    assert!(
        stderr(&over).contains("without a register"),
        "{}",
        stderr(&over)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Runs a PostgreSQL client tool; panics with its output when it fails.
fn pg_tool(tool: &str, args: &[&str]) {
    let output = Command::new(tool).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{tool} {args:?}: {}",
        stderr(&output)
    );
}

#[test]
fn a_postgresql_register_restored_from_pg_dump_verifies_every_credential() {
    let Ok(url) = std::env::var("MICROCRED_TEST_POSTGRES_URL") else {
        if std::env::var("MICROCRED_REQUIRE_POSTGRES").as_deref() == Ok("1") {
            panic!("MICROCRED_REQUIRE_POSTGRES=1 but MICROCRED_TEST_POSTGRES_URL is not set");
        }
        eprintln!("SKIPPED PostgreSQL backup test: set MICROCRED_TEST_POSTGRES_URL");
        return;
    };
    let server = url.rsplit_once('/').unwrap().0.to_owned();
    let source = format!("mc_backup_src_{}", std::process::id());
    let restored = format!("mc_backup_dst_{}", std::process::id());
    let drop_both = || {
        for database in [&source, &restored] {
            let _ = Command::new("psql")
                .args([
                    &url,
                    "-q",
                    "-c",
                    &format!("DROP DATABASE IF EXISTS {database}"),
                ])
                .output();
        }
    };
    drop_both();
    let dir = std::env::temp_dir().join(format!("microcred_cli_pg_backup_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let data = dir.join("data");
    let data = data.to_str().unwrap();
    pg_tool(
        "psql",
        &[&url, "-q", "-c", &format!("CREATE DATABASE {source}")],
    );
    let source_url = format!("{server}/{source}");
    let seeded = microcred(&["demo", "--database-url", &source_url, "--data-dir", data]);
    assert!(seeded.status.success(), "{}", stderr(&seeded));
    // The register's own commands name the tools.
    let refused = microcred(&["backup", "--out", "x", "--database-url", &source_url]);
    assert!(stderr(&refused).contains("pg_dump"), "{}", stderr(&refused));

    let dump = dir.join("register.dump");
    let dump = dump.to_str().unwrap();
    pg_tool(
        "pg_dump",
        &["--format=custom", &format!("--file={dump}"), &source_url],
    );
    pg_tool(
        "psql",
        &[&url, "-q", "-c", &format!("CREATE DATABASE {restored}")],
    );
    let restored_url = format!("{server}/{restored}");
    pg_tool(
        "pg_restore",
        &["--no-owner", &format!("--dbname={restored_url}"), dump],
    );
    let output = microcred(&["check", "--database-url", &restored_url, "--data-dir", data]);
    assert!(output.status.success(), "{}", stderr(&output));
    let check: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(check["credentials"].as_u64().unwrap() > 100, "{check}");
    assert_eq!(check["problems"], serde_json::json!([]), "{check}");
    drop_both();
    let _ = std::fs::remove_dir_all(&dir);
}
