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

/// Pinned contexts first, then the extra contexts of the shared vectors (examples, citizenship).
pub struct VectorsLoader;

impl vc::jsonld::DocumentLoader for VectorsLoader {
    fn load(&self, url: &str) -> vc::Result<serde_json::Value> {
        if vc::contexts::pinned(url).is_some() {
            return vc::contexts::PinnedLoader.load(url);
        }
        let index = read_json("contexts/index.json");
        let file = index[url]
            .as_str()
            .ok_or_else(|| vc::Error::UnknownContext(url.to_owned()))?;
        Ok(read_json(&format!("contexts/{file}")))
    }
    fn is_pinned(&self) -> bool {
        true
    }
}

pub fn vectors_processor() -> &'static vc::jsonld::Processor {
    static PROCESSOR: std::sync::OnceLock<vc::jsonld::Processor> = std::sync::OnceLock::new();
    PROCESSOR.get_or_init(|| vc::jsonld::Processor::new(Box::new(VectorsLoader)))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
