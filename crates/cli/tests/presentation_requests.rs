//! OpenID4VP presentation requests from the command line: one is made (its link and view key
//! printed), shown pending by its key; an EQF level that does not exist and an unknown key are
//! refused with a message.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::{Command, Output};

fn microcred(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_microcred"))
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

#[test]
fn a_presentation_request_is_made_and_shown_from_the_command_line() {
    let dir = std::env::temp_dir().join(format!("microcred_cli_vp_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let data = dir.join("data");
    let data = data.to_str().unwrap();
    let made = microcred(&[
        "presentation-request",
        "create",
        "--ask-name",
        "--purpose",
        "Admission",
        "--data-dir",
        data,
    ]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let made: serde_json::Value = serde_json::from_slice(&made.stdout).unwrap();
    assert!(
        made["link"]
            .as_str()
            .unwrap()
            .starts_with("openid4vp://?client_id=redirect_uri")
    );
    let view = made["view"].as_str().unwrap();
    let shown = microcred(&["presentation-request", "show", view, "--data-dir", data]);
    assert!(
        shown.status.success(),
        "{}",
        String::from_utf8_lossy(&shown.stderr)
    );
    let shown: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(shown["status"], "pending");
    assert_eq!(shown["query"]["purpose"], "Admission");

    let refused = microcred(&[
        "presentation-request",
        "create",
        "--eqf-level",
        "9",
        "--data-dir",
        data,
    ]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("EQF level 9"));
    let unknown = microcred(&["presentation-request", "show", "nope", "--data-dir", data]);
    assert!(!unknown.status.success());
    let _ = std::fs::remove_dir_all(&dir);
}
