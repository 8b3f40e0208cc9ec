//! Shared test helpers: where the shared vectors live, and reading them (failing loudly if absent).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

/// `../shared/vectors` beside the repository root (CI clones the repo with `shared/` beside it).
pub fn vectors_dir() -> PathBuf {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/vectors"
    ));
    assert!(
        dir.join("MANIFEST.md").is_file(),
        "test vectors not found at {} — the shared/ folder must sit beside the repository",
        dir.display()
    );
    dir
}

pub fn read(relative: &str) -> Vec<u8> {
    let path = vectors_dir().join(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

pub fn read_string(relative: &str) -> String {
    String::from_utf8(read(relative)).expect("utf-8")
}

pub fn read_json(relative: &str) -> serde_json::Value {
    serde_json::from_slice(&read(relative)).expect("json")
}
