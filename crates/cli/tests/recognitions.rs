//! Recognition decisions from the command line on the demo register: the demo's own decision
//! is listed; a decision from a file is recorded, named problems refused (nothing stored), and
//! withdrawn; an organisation that does not receive is told how to become one.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::{Command, Output};

fn microcred(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_microcred"))
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn recognitions_are_recorded_listed_and_withdrawn_from_the_command_line() {
    let dir =
        std::env::temp_dir().join(format!("microcred_cli_recognitions_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let data = dir.join("data");
    let data = data.to_str().unwrap();
    assert!(microcred(&["demo", "--data-dir", data]).status.success());

    // The demo: universities and colleges recognise offerings of other providers.
    let listed = microcred(&["recognitions", "list", "--data-dir", data]);
    assert!(listed.status.success(), "{}", stderr(&listed));
    let decisions: serde_json::Value = serde_json::from_str(&stdout(&listed)).unwrap();
    assert!(decisions.as_array().unwrap().len() >= 8, "{decisions}");
    let demo = &decisions[0];
    assert_eq!(demo["receiving_kind"], "higher_education", "{decisions}");
    let organisation = demo["provider_id"].as_str().unwrap().to_owned();
    let offering = demo["offering_id"].as_str().unwrap().to_owned();

    let file = dir.join("decision.json");
    let write = |valid_until: &str| {
        let decision = serde_json::json!({
            "about": {"offering": offering},
            "terms": {"purpose": "employment", "scope": "full", "recognised_as": {"en": "Meets the data requirement"},
                      "legal_basis": "collective_agreement", "valid_from": "2026-01-01", "valid_until": valid_until},
        });
        std::fs::write(&file, decision.to_string()).unwrap();
    };
    let file_arg = file.to_str().unwrap();
    write("2025-12-31");
    let refused = microcred(&[
        "recognitions",
        "decide",
        "--organisation",
        &organisation,
        file_arg,
        "--data-dir",
        data,
    ]);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("valid_until"),
        "{}",
        stderr(&refused)
    );

    write("2027-12-31");
    let decided = microcred(&[
        "recognitions",
        "decide",
        "--organisation",
        &organisation,
        file_arg,
        "--data-dir",
        data,
    ]);
    assert!(decided.status.success(), "{}", stderr(&decided));
    let decision: serde_json::Value = serde_json::from_str(&stdout(&decided)).unwrap();
    let id = decision["id"].as_str().unwrap().to_owned();
    let about = microcred(&[
        "recognitions",
        "list",
        "--offering",
        &offering,
        "--data-dir",
        data,
    ]);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&stdout(&about))
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let withdrawn = microcred(&[
        "recognitions",
        "withdraw",
        "--organisation",
        &organisation,
        &id,
        "--data-dir",
        data,
    ]);
    assert!(withdrawn.status.success(), "{}", stderr(&withdrawn));
    let again = microcred(&[
        "recognitions",
        "withdraw",
        "--organisation",
        &organisation,
        &id,
        "--data-dir",
        data,
    ]);
    assert!(!again.status.success(), "withdrawn once");
    let about = microcred(&[
        "recognitions",
        "list",
        "--offering",
        &offering,
        "--data-dir",
        data,
    ]);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&stdout(&about))
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // The requests to the organisation: none in the demo.
    let requests = microcred(&[
        "recognitions",
        "requests",
        "--organisation",
        &organisation,
        "--data-dir",
        data,
    ]);
    assert!(requests.status.success(), "{}", stderr(&requests));
    assert_eq!(stdout(&requests).trim(), "[]");
    let _ = std::fs::remove_dir_all(&dir);
}
