//! The configuration file's precedence, end to end: a setting in the file is used, the
//! environment overrides it, a flag overrides both; an unknown key is warned about (here in a
//! JSON log line, as the file asks); a file that is not TOML stops the program with its name.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::{Command, Output};

fn microcred(args: &[&str], environment: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_microcred"));
    command.args(args).env("RUST_LOG", "warn");
    for variable in [
        "MICROCRED_DATA_DIR",
        "MICROCRED_CONFIG",
        "MICROCRED_LOG_FORMAT",
    ] {
        command.env_remove(variable);
    }
    for (name, value) in environment {
        command.env(name, value);
    }
    command.output().unwrap()
}

fn made_register(dir: &Path) -> bool {
    dir.join("microcred.db").is_file()
}

#[test]
fn the_file_the_environment_and_flags_take_precedence_in_that_order() {
    let dir = std::env::temp_dir().join(format!("microcred_cli_config_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("microcred.toml");
    let from_file = dir.join("from-file");
    std::fs::write(
        &file,
        format!(
            "data_dir = \"{}\"\nlog_format = \"json\"\ncolour = \"blue\"\n",
            from_file.display()
        ),
    )
    .unwrap();
    let file = file.to_str().unwrap();
    let create = ["presentation-request", "create", "--config", file];

    let output = microcred(&create, &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(made_register(&from_file));
    let warning = String::from_utf8_lossy(&output.stderr)
        .lines()
        .find(|line| line.contains("colour"))
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
        .expect("the unknown key is warned about");
    assert_eq!(warning["level"], "WARN", "{warning}");

    let from_env = dir.join("from-env");
    let output = microcred(
        &create,
        &[("MICROCRED_DATA_DIR", from_env.to_str().unwrap())],
    );
    assert!(output.status.success());
    assert!(made_register(&from_env));

    let from_flag = dir.join("from-flag");
    let mut with_flag = create.to_vec();
    with_flag.extend(["--data-dir", from_flag.to_str().unwrap()]);
    let output = microcred(
        &with_flag,
        &[("MICROCRED_DATA_DIR", from_env.to_str().unwrap())],
    );
    assert!(output.status.success());
    assert!(made_register(&from_flag));

    // Named by the environment instead of the flag; a broken file stops everything.
    std::fs::write(dir.join("broken.toml"), "data_dir = ").unwrap();
    let broken = dir.join("broken.toml");
    let output = microcred(
        &["presentation-request", "create"],
        &[("MICROCRED_CONFIG", broken.to_str().unwrap())],
    );
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("not valid TOML"));
    let _ = std::fs::remove_dir_all(&dir);
}
