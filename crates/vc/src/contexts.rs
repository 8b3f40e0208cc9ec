//! The pinned JSON-LD contexts compiled into the binary, each checked against its SHA-256.

use crate::error::{Error, Result};
use crate::jsonld::{DocumentLoader, Processor};
use serde_json::Value;
use std::sync::OnceLock;

/// URL of our own Annex I extension context (versioned: a change means a new URL).
pub const MICROCRED_CONTEXT_V1: &str = "https://microcred.eu/contexts/microcred/v1.jsonld";
pub const CREDENTIALS_V2: &str = "https://www.w3.org/ns/credentials/v2";
pub const DATA_INTEGRITY_V2: &str = "https://w3id.org/security/data-integrity/v2";
pub const MULTIKEY_V1: &str = "https://w3id.org/security/multikey/v1";
pub const STATUS_LIST_V1: &str = "https://www.w3.org/ns/credentials/status/v1";
pub const OB_V3P0_3_0_3: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
pub const OB_V3P0_EXTENSIONS: &str = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json";
/// VC 1.1, which ELM 3 / Europass credentials are written in (only the ELM export uses it).
pub const CREDENTIALS_V1: &str = "https://www.w3.org/2018/credentials/v1";
/// The ELM 3.2 EDC application profile context (European Learning Model, Europass).
pub const ELM_EDC_AP: &str = "http://data.europa.eu/snb/model/context/edc-ap";

/// A context pinned by content: URL, bytes, expected SHA-256 (hex).
pub struct PinnedContext {
    pub url: &'static str,
    pub bytes: &'static [u8],
    pub sha256: &'static str,
}

pub const PINNED: &[PinnedContext] = &[
    PinnedContext {
        url: CREDENTIALS_V2,
        bytes: include_bytes!("../contexts/credentials-v2.jsonld"),
        sha256: "59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734",
    },
    PinnedContext {
        url: DATA_INTEGRITY_V2,
        bytes: include_bytes!("../contexts/data-integrity-v2.jsonld"),
        sha256: "67f21e6e33a6c14e5ccfd2fc7865f7474fb71a04af7e94136cb399dfac8ae8f4",
    },
    PinnedContext {
        url: MULTIKEY_V1,
        bytes: include_bytes!("../contexts/multikey-v1.jsonld"),
        sha256: "ba2c182de2d92f7e47184bcca8fcf0beaee6d3986c527bf664c195bbc7c58597",
    },
    PinnedContext {
        url: STATUS_LIST_V1,
        bytes: include_bytes!("../contexts/bitstring-status-list-v1.jsonld"),
        sha256: "fda5add353231e6a6884a46b12e6c75464281900cb348284d9c360f62381d9f7",
    },
    PinnedContext {
        url: "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
        bytes: include_bytes!("../contexts/ob-v3p0-context-3.0.0.json"),
        sha256: "b077fa134d909d92c1dcd1c153f2af1b244aeb415967fdc1467d7fc5dd48ac10",
    },
    PinnedContext {
        url: "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
        bytes: include_bytes!("../contexts/ob-v3p0-context-3.0.1.json"),
        sha256: "d582f3564282fb3b709136d28412e78e70b678b4dbc2f0221f67d84932748355",
    },
    PinnedContext {
        url: "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
        bytes: include_bytes!("../contexts/ob-v3p0-context-3.0.2.json"),
        sha256: "00666ad080ba407687ed1846b7f5e7495f5019042b202a727de47c48a1755c53",
    },
    PinnedContext {
        url: OB_V3P0_3_0_3,
        bytes: include_bytes!("../contexts/ob-v3p0-context-3.0.3.json"),
        sha256: "ef2fa9c7846dce233cc166b43639027278be4ee44f00bb1d45c75de2dd0cd761",
    },
    PinnedContext {
        url: OB_V3P0_EXTENSIONS,
        bytes: include_bytes!("../contexts/ob-v3p0-extensions.json"),
        sha256: "2d013f981d1f4516081a6a04e55468ba2b071d4153b794f19a79715c45a89a5e",
    },
    PinnedContext {
        url: MICROCRED_CONTEXT_V1,
        bytes: include_bytes!("../contexts/microcred-v1.jsonld"),
        sha256: MICROCRED_CONTEXT_V1_SHA256,
    },
    PinnedContext {
        url: CREDENTIALS_V1,
        bytes: include_bytes!("../contexts/credentials-v1.jsonld"),
        sha256: "ab4ddd9a531758807a79a5b450510d61ae8d147eab966cc9a200c07095b0cdcc",
    },
    PinnedContext {
        url: ELM_EDC_AP,
        bytes: include_bytes!("../contexts/elm-edc-ap-context-3.2.jsonld"),
        sha256: "fde0b3fd92e98a8870c173fb98baff361be6dd07e44653a9a5ac6c0fe626b411",
    },
];

/// Digest of our own context; the test `pinned_contexts_match_their_digests` keeps it honest.
pub const MICROCRED_CONTEXT_V1_SHA256: &str =
    "6d1edc2c529b48afaf97c8ab8510e15550abf98964de748ccc1cef94ef722430";

/// Look up a pinned context by URL (for serving it, e.g. from the web server).
pub fn pinned(url: &str) -> Option<&'static PinnedContext> {
    PINNED.iter().find(|c| c.url == url)
}

/// Loads only pinned contexts; refuses everything else. No network, ever.
pub struct PinnedLoader;

impl DocumentLoader for PinnedLoader {
    fn load(&self, url: &str) -> Result<Value> {
        let context = pinned(url).ok_or_else(|| Error::UnknownContext(url.to_owned()))?;
        if crate::keys::encode_hex(&crate::rdfc::sha256(context.bytes)) != context.sha256 {
            return Err(Error::ContextDigestMismatch(url.to_owned()));
        }
        crate::json::parse(context.bytes)
    }

    fn is_pinned(&self) -> bool {
        true
    }
}

/// The process-wide processor over the pinned contexts; its context cache is what makes
/// repeated credentials cheap.
pub fn processor() -> &'static Processor {
    static PROCESSOR: OnceLock<Processor> = OnceLock::new();
    PROCESSOR.get_or_init(|| Processor::new(Box::new(PinnedLoader)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinned_contexts_match_their_digests() {
        for context in PINNED {
            let digest = crate::keys::encode_hex(&crate::rdfc::sha256(context.bytes));
            assert_eq!(digest, context.sha256, "{}", context.url);
            assert!(crate::json::parse(context.bytes).is_ok(), "{}", context.url);
        }
    }

    #[test]
    fn unknown_contexts_are_refused() {
        let error = PinnedLoader
            .load("https://example.com/context.jsonld")
            .unwrap_err();
        assert_eq!(error.code(), "unknown_context");
    }
}
