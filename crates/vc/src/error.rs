//! The one error type of the credential engine, with a stable snake_case code per variant.

use thiserror::Error;

/// Everything that can go wrong in `vc`. Each variant has a stable code (see [`Error::code`]) that
/// the CLI, the API and the web pages show to users; the message says which element is wrong.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum Error {
    #[error("input is {size} bytes; the limit is {limit} bytes")]
    InputTooLarge { size: usize, limit: usize },
    #[error("JSON nesting deeper than {limit} levels")]
    NestingTooDeep { limit: usize },
    #[error("invalid JSON: {0}")]
    InvalidJson(String),
    #[error("duplicate JSON key \"{0}\"")]
    DuplicateKey(String),
    #[error(
        "unknown JSON-LD context \"{0}\": only pinned contexts are accepted, nothing is fetched"
    )]
    UnknownContext(String),
    #[error("pinned context \"{0}\" does not match its SHA-256 digest")]
    ContextDigestMismatch(String),
    #[error("JSON-LD error ({code}): {detail}")]
    JsonLd { code: &'static str, detail: String },
    #[error("\"{0}\" is not defined by the credential's contexts and would be silently dropped")]
    UndefinedTerm(String),
    #[error(
        "{0} is not covered by the signature: JSON-LD drops it before signing, so it could show \
         anything; a credential must carry only signed data"
    )]
    UnsignedData(String),
    #[error("an inline @context ({0}) is not accepted: only the pinned contexts may define terms")]
    InlineContext(String),
    #[error("invalid N-Quads: {0}")]
    InvalidNQuads(String),
    #[error(
        "canonicalization exceeded its work limit ({0}); the graph is too complex (poison graph?)"
    )]
    CanonicalizationLimit(String),
    #[error("invalid key: {0}")]
    InvalidKey(String),
    #[error("invalid DID: {0}")]
    InvalidDid(String),
    #[error("invalid proof: {0}")]
    InvalidProof(String),
    #[error("signature does not verify")]
    SignatureMismatch,
    #[error("invalid credential: {0}")]
    InvalidCredential(String),
    #[error("invalid status list: {0}")]
    InvalidStatusList(String),
    #[error("status cannot be read: {0}")]
    StatusUnreadable(String),
    #[error("{0}")]
    StatusUnavailable(String),
    #[error("invalid SD-JWT: {0}")]
    InvalidSdJwt(String),
}

impl Error {
    /// Every code [`Error::code`] answers (a test holds the two together).
    pub const CODES: &'static [&'static str] = &[
        "input_too_large",
        "nesting_too_deep",
        "invalid_json",
        "duplicate_json_key",
        "unknown_context",
        "context_digest_mismatch",
        "jsonld_error",
        "undefined_term",
        "unsigned_data",
        "inline_context",
        "invalid_nquads",
        "canonicalization_limit",
        "invalid_key",
        "invalid_did",
        "invalid_proof",
        "signature_mismatch",
        "invalid_credential",
        "invalid_status_list",
        "status_unreadable",
        "status_unavailable",
        "invalid_sd_jwt",
    ];

    /// Stable, machine-readable code for this error; never changes once published.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InputTooLarge { .. } => "input_too_large",
            Error::NestingTooDeep { .. } => "nesting_too_deep",
            Error::InvalidJson(_) => "invalid_json",
            Error::DuplicateKey(_) => "duplicate_json_key",
            Error::UnknownContext(_) => "unknown_context",
            Error::ContextDigestMismatch(_) => "context_digest_mismatch",
            Error::JsonLd { .. } => "jsonld_error",
            Error::UndefinedTerm(_) => "undefined_term",
            Error::UnsignedData(_) => "unsigned_data",
            Error::InlineContext(_) => "inline_context",
            Error::InvalidNQuads(_) => "invalid_nquads",
            Error::CanonicalizationLimit(_) => "canonicalization_limit",
            Error::InvalidKey(_) => "invalid_key",
            Error::InvalidDid(_) => "invalid_did",
            Error::InvalidProof(_) => "invalid_proof",
            Error::SignatureMismatch => "signature_mismatch",
            Error::InvalidCredential(_) => "invalid_credential",
            Error::InvalidStatusList(_) => "invalid_status_list",
            Error::StatusUnreadable(_) => "status_unreadable",
            Error::StatusUnavailable(_) => "status_unavailable",
            Error::InvalidSdJwt(_) => "invalid_sd_jwt",
        }
    }

    /// A JSON-LD processing error with the spec's error code (e.g. "invalid IRI mapping").
    pub(crate) fn jsonld(code: &'static str, detail: impl Into<String>) -> Self {
        Error::JsonLd {
            code,
            detail: detail.into(),
        }
    }

    /// The JSON-LD spec error code, if this is a JSON-LD processing error.
    pub fn jsonld_code(&self) -> Option<&'static str> {
        match self {
            Error::JsonLd { code, .. } => Some(code),
            Error::UnknownContext(_) => Some("loading remote context failed"),
            _ => None,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_lists_every_variants_code_once() {
        let text = || "x".to_owned();
        let every = [
            Error::InputTooLarge { size: 2, limit: 1 },
            Error::NestingTooDeep { limit: 1 },
            Error::InvalidJson(text()),
            Error::DuplicateKey(text()),
            Error::UnknownContext(text()),
            Error::ContextDigestMismatch(text()),
            Error::JsonLd {
                code: "x",
                detail: text(),
            },
            Error::UndefinedTerm(text()),
            Error::UnsignedData(text()),
            Error::InlineContext(text()),
            Error::InvalidNQuads(text()),
            Error::CanonicalizationLimit(text()),
            Error::InvalidKey(text()),
            Error::InvalidDid(text()),
            Error::InvalidProof(text()),
            Error::SignatureMismatch,
            Error::InvalidCredential(text()),
            Error::InvalidStatusList(text()),
            Error::StatusUnreadable(text()),
            Error::StatusUnavailable(text()),
            Error::InvalidSdJwt(text()),
        ];
        let codes: Vec<&str> = every.iter().map(Error::code).collect();
        assert_eq!(codes, Error::CODES);
        // A new variant fails to compile here until it is listed above.
        for (position, error) in every.iter().enumerate() {
            let listed = match error {
                Error::InputTooLarge { .. } => 0,
                Error::NestingTooDeep { .. } => 1,
                Error::InvalidJson(_) => 2,
                Error::DuplicateKey(_) => 3,
                Error::UnknownContext(_) => 4,
                Error::ContextDigestMismatch(_) => 5,
                Error::JsonLd { .. } => 6,
                Error::UndefinedTerm(_) => 7,
                Error::UnsignedData(_) => 8,
                Error::InlineContext(_) => 9,
                Error::InvalidNQuads(_) => 10,
                Error::CanonicalizationLimit(_) => 11,
                Error::InvalidKey(_) => 12,
                Error::InvalidDid(_) => 13,
                Error::InvalidProof(_) => 14,
                Error::SignatureMismatch => 15,
                Error::InvalidCredential(_) => 16,
                Error::InvalidStatusList(_) => 17,
                Error::StatusUnreadable(_) => 18,
                Error::StatusUnavailable(_) => 19,
                Error::InvalidSdJwt(_) => 20,
            };
            assert_eq!(listed, position);
        }
    }
}
