//! Stacking pathways from the command line on the demo register: rules that break the
//! register's rules are refused with every problem named at its element; a good one is
//! defined, listed, shown and withdrawn.

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
fn pathways_are_defined_listed_and_withdrawn_from_the_command_line() {
    let dir = std::env::temp_dir().join(format!("microcred_cli_pathways_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let data = dir.join("data");
    let data = data.to_str().unwrap();
    assert!(microcred(&["demo", "--data-dir", data]).status.success());
    let page = microcred(&[
        "offerings",
        "search",
        "--filter",
        "per_page=100",
        "--json",
        "--data-dir",
        data,
    ]);
    let page: serde_json::Value = serde_json::from_str(&stdout(&page)).unwrap();
    let items = page["items"].as_array().unwrap();
    let provider = items[0]["provider_id"].as_str().unwrap().to_owned();
    let own: Vec<&str> = items
        .iter()
        .filter(|item| item["provider_id"] == provider.as_str())
        .map(|item| item["id"].as_str().unwrap())
        .collect();
    let theirs = items
        .iter()
        .find(|item| item["provider_id"] != provider.as_str())
        .map(|item| item["id"].as_str().unwrap())
        .unwrap();
    assert!(own.len() >= 3, "{own:?}");
    let file = dir.join("rules.json");
    let write = |awards: &str, at_least: u32| {
        let rules = serde_json::json!({
            "name": {"en": "Demo stack"}, "awards": awards,
            "requirements": [{"kind": "offerings", "label": {"en": "Core"}, "offerings": [own[1], own[2]], "at_least": at_least}],
        });
        std::fs::write(&file, rules.to_string()).unwrap();
    };
    let create = || {
        microcred(&[
            "pathways",
            "create",
            "--provider",
            &provider,
            file.to_str().unwrap(),
            "--data-dir",
            data,
        ])
    };

    write(theirs, 3);
    let refused = create();
    assert!(!refused.status.success());
    let said = stderr(&refused);
    assert!(
        said.contains("awards") && said.contains("requirements[0]"),
        "{said}"
    );
    std::fs::write(&file, "{\"name\": {\"en\": \"X\"}, \"name\": {}}").unwrap();
    let duplicate = create();
    assert!(!duplicate.status.success());
    assert!(
        stderr(&duplicate).contains("name"),
        "{}",
        stderr(&duplicate)
    );

    write(own[0], 1);
    let created = create();
    assert!(created.status.success(), "{}", stderr(&created));
    let pathway: serde_json::Value = serde_json::from_str(&stdout(&created)).unwrap();
    let id = pathway["id"].as_str().unwrap();
    let listed = microcred(&[
        "pathways",
        "list",
        "--provider",
        &provider,
        "--data-dir",
        data,
    ]);
    assert!(stdout(&listed).contains(id), "{}", stdout(&listed));
    let shown = microcred(&["pathways", "show", id, "--data-dir", data]);
    assert!(stdout(&shown).contains("Demo stack"));
    let withdrawn = microcred(&["pathways", "withdraw", id, "--data-dir", data]);
    assert!(withdrawn.status.success(), "{}", stderr(&withdrawn));
    let listed = microcred(&["pathways", "list", "--data-dir", data]);
    assert!(!stdout(&listed).contains(id));
    let _ = std::fs::remove_dir_all(&dir);
}
