//! The error-code table: every code the API answers, with its HTTP status and what it means.
//!
//! The API's own codes are the `ErrorCode` enum below, written here and nowhere else. The
//! families that other crates own — element violations (`model::ViolationCode`), problems with an
//! uploaded file (`app::import_file::FileError`), the credential engine's errors (`vc::Error`)
//! and failed verification checks (`vc::report::CheckFailure`) — are described here, and a test
//! holds each family's list to its crate's. The README's table and the OpenAPI document are
//! made from `rows()` (the README's is checked by a test).

use axum::http::StatusCode;

macro_rules! error_codes {
    ($($variant:ident = ($status:ident, $code:literal, $meaning:literal),)*) => {
        /// A code of the API's own, with its status.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum ErrorCode {
            $($variant,)*
        }

        impl ErrorCode {
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            pub fn status(self) -> StatusCode {
                match self {
                    $(ErrorCode::$variant => StatusCode::$status,)*
                }
            }

            /// The stable snake_case code.
            pub fn code(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                }
            }

            pub fn meaning(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $meaning,)*
                }
            }
        }
    };
}

error_codes! {
    MalformedJson = (BAD_REQUEST, "malformed_json", "The body is not JSON (with line and column), has a key twice or nests too deep."),
    InvalidQueryParameter = (BAD_REQUEST, "invalid_query_parameter", "A query parameter is not valid; `element` names it."),
    UnreadableBody = (BAD_REQUEST, "unreadable_body", "The body could not be read (the connection broke or the encoding is wrong)."),
    Unauthenticated = (UNAUTHORIZED, "unauthenticated", "No valid `Authorization: Bearer` token (or session) was sent."),
    SignInRefused = (UNAUTHORIZED, "sign_in_refused", "Signing in with an identity provider failed: the sign-in was not started in this browser, expired or was used already, the provider refused, or its ID token is not valid; the message says which."),
    TooManyAttempts = (TOO_MANY_REQUESTS, "too_many_attempts", "Too many failed sign-ins for the address or from the network address; `Retry-After` says how many seconds to wait."),
    RateLimited = (TOO_MANY_REQUESTS, "rate_limited", "Too many requests of a costly kind (verification, signing in, share links) from the address; `Retry-After` says how many seconds to wait."),
    Forbidden = (FORBIDDEN, "forbidden", "The caller may not do this: another provider's data, or a role that may not."),
    NotFound = (NOT_FOUND, "not_found", "There is no such record (or it is a draft the caller may not see)."),
    Conflict = (CONFLICT, "conflict", "The record exists already or was changed meanwhile (id taken, stale edit); nothing was stored."),
    InvalidState = (CONFLICT, "invalid_state", "The record's state does not allow this (e.g. reinstating a revoked credential)."),
    RequestTimeout = (REQUEST_TIMEOUT, "request_timeout", "The request was not received and answered in time: a minute, plus a second per 64 KiB of declared body; the connection is closed."),
    PayloadTooLarge = (PAYLOAD_TOO_LARGE, "payload_too_large", "The body is over the endpoint's limit (1 MiB; 4 MiB for verification, 50 MiB for imports); the message names it."),
    UnsupportedMediaType = (UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "The body's `Content-Type` is not one the endpoint takes."),
    InternalError = (INTERNAL_SERVER_ERROR, "internal_error", "Something failed that should not; nothing was changed, and the log says what."),
    CertificateFailed = (INTERNAL_SERVER_ERROR, "certificate_failed", "The PDF certificate could not be made from the stored credential."),
    NotConfigured = (SERVICE_UNAVAILABLE, "not_configured", "The register has no master key, so nothing can be signed."),
    IdentityProviderUnavailable = (BAD_GATEWAY, "identity_provider_unavailable", "An identity provider could not be reached or answered something unusable (discovery, keys or token endpoint); the message names it."),
    Busy = (SERVICE_UNAVAILABLE, "busy", "The database gave up a write after its retries; nothing was stored: try again."),
    StoreUnavailable = (SERVICE_UNAVAILABLE, "store_unavailable", "The database cannot be reached; nothing was read or changed: try again."),
}

/// The codes of element violations (HTTP 422, each with the element at fault).
const VIOLATIONS: &[(&str, &str)] = &[
    ("missing_element", "A mandatory element is absent or empty."),
    (
        "unknown_vocabulary_value",
        "A value is not in the element's controlled vocabulary; `allowed` lists the codes.",
    ),
    (
        "invalid_type",
        "A value has the wrong JSON type (text where a number belongs, …).",
    ),
    (
        "invalid_value",
        "A value has the right type but breaks a rule (range, format, check digit, …).",
    ),
    ("too_long", "A text or list is longer than allowed."),
    (
        "unknown_element",
        "A key the document does not define (often a typo).",
    ),
    (
        "duplicate_value",
        "The same value is listed twice where values must be distinct.",
    ),
    (
        "unknown_provider",
        "A referenced provider does not exist in the register.",
    ),
];

/// The codes of an uploaded file that cannot be read (HTTP 422, element `file`).
const FILE_PROBLEMS: &[(&str, &str)] = &[
    ("file_too_large", "The file is over 50 MB."),
    (
        "too_many_rows",
        "The file has more rows than one import takes.",
    ),
    ("empty_file", "The file has no header or no rows."),
    (
        "not_utf8",
        "A CSV line is not UTF-8; the message names the line.",
    ),
    ("unreadable_csv", "The CSV cannot be read."),
    ("unreadable_xlsx", "The workbook cannot be read."),
    (
        "xlsx_too_large_unpacked",
        "The workbook unpacks to more than 300 MB.",
    ),
    (
        "unknown_columns",
        "A column is not one of the template's; the message lists the allowed ones.",
    ),
    ("missing_columns", "A required column is missing."),
    ("duplicate_columns", "A column is named twice."),
    ("template_failed", "A template could not be written."),
];

/// The credential engine's codes: HTTP 422 when a credential cannot be signed or read, and the
/// `code` of a failed check in a verification report.
const ENGINE: &[(&str, &str)] = &[
    (
        "input_too_large",
        "The credential is larger than the engine reads.",
    ),
    (
        "nesting_too_deep",
        "The credential's JSON nests deeper than allowed.",
    ),
    ("invalid_json", "The credential is not JSON."),
    (
        "duplicate_json_key",
        "The credential's JSON has a key twice.",
    ),
    (
        "unknown_context",
        "A JSON-LD context that is not pinned in the register (nothing is fetched).",
    ),
    (
        "context_digest_mismatch",
        "A pinned context's bytes do not match their SHA-256 digest.",
    ),
    (
        "jsonld_error",
        "JSON-LD processing failed (the specification's error code is in the message).",
    ),
    (
        "undefined_term",
        "A term the contexts do not define, which JSON-LD would silently drop.",
    ),
    (
        "unsigned_data",
        "JSON that JSON-LD drops before signing (`@index`, keywords outside a context, blank-node keys, ill-formed language-map keys, `@direction`), so the signature does not cover it.",
    ),
    (
        "inline_context",
        "An inline `@context` object: only the pinned contexts may define terms.",
    ),
    ("invalid_nquads", "The signed data is not valid N-Quads."),
    (
        "canonicalization_limit",
        "Canonicalization exceeded its work limit (a poison graph).",
    ),
    ("invalid_key", "A key is not a valid Ed25519 Multikey."),
    (
        "invalid_did",
        "A DID or its document is not valid, or could not be resolved.",
    ),
    (
        "invalid_proof",
        "The proof is missing, malformed or of an unsupported suite.",
    ),
    (
        "signature_mismatch",
        "The signature does not match the credential: it was altered.",
    ),
    (
        "invalid_credential",
        "The credential lacks what a verifiable credential needs (issuer, subject, type).",
    ),
    (
        "invalid_status_list",
        "A status list cannot be used (unsigned, not the issuer's, malformed).",
    ),
    (
        "status_unreadable",
        "A status entry of an unknown type, purpose or shape.",
    ),
    (
        "status_unavailable",
        "The status list could not be fetched, so revocation cannot be ruled out.",
    ),
    (
        "invalid_sd_jwt",
        "An SD-JWT is malformed: bad parts, a disclosure not signed for, or one given twice.",
    ),
];

/// The codes of failed verification checks besides the engine's (in a 200 report).
const CHECKS: &[(&str, &str)] = &[
    (
        "key_not_issuers",
        "The signing key is controlled by someone other than the issuer.",
    ),
    (
        "key_not_for_assertion",
        "The signing key is not listed for issuing credentials.",
    ),
    (
        "issuer_not_trusted",
        "The issuer is not in the register's trust list.",
    ),
    ("revoked", "The issuer revoked the credential."),
    ("suspended", "The issuer suspended the credential."),
    ("not_yet_valid", "The credential's validity starts later."),
    ("expired", "The credential's validity has ended."),
    (
        "invalid_date",
        "A validity date is not an RFC 3339 date-time.",
    ),
];

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeRow {
    /// `400`, …, or `200` for a code that only appears in a verification report.
    pub status: &'static str,
    pub code: &'static str,
    pub meaning: &'static str,
}

fn status_text(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "400",
        401 => "401",
        403 => "403",
        404 => "404",
        409 => "409",
        413 => "413",
        415 => "415",
        502 => "502",
        422 => "422",
        503 => "503",
        _ => "500",
    }
}

/// Every code, ordered by status.
pub fn rows() -> Vec<CodeRow> {
    let mut rows: Vec<CodeRow> = ErrorCode::ALL
        .iter()
        .map(|code| CodeRow {
            status: status_text(code.status()),
            code: code.code(),
            meaning: code.meaning(),
        })
        .collect();
    let family = |status: &'static str, list: &'static [(&'static str, &'static str)]| {
        list.iter().map(move |(code, meaning)| CodeRow {
            status,
            code,
            meaning,
        })
    };
    rows.extend(family("422", VIOLATIONS));
    rows.extend(family("422", FILE_PROBLEMS));
    rows.extend(family("422 / 200", ENGINE));
    rows.extend(family("200", CHECKS));
    rows.sort_by_key(|row| match row.status {
        "200" => "999",
        other => other,
    });
    rows
}

/// The table as Markdown, as the README carries it.
pub fn markdown() -> String {
    let mut text = String::from("| status | code | meaning |\n|---|---|---|\n");
    for row in rows() {
        text.push_str(&format!(
            "| {} | `{}` | {} |\n",
            row.status,
            row.code,
            row.meaning.replace('|', "\\|")
        ));
    }
    text
}

/// Every code of a family, as its crate lists them (for the tests that hold them together).
pub fn family_codes() -> [(&'static str, Vec<&'static str>, Vec<&'static str>); 4] {
    let ours = |list: &[(&'static str, &'static str)]| list.iter().map(|(code, _)| *code).collect();
    [
        (
            "model::ViolationCode",
            ours(VIOLATIONS),
            model::ViolationCode::ALL
                .iter()
                .map(|code| code.as_str())
                .collect(),
        ),
        (
            "app::import_file::FileError",
            ours(FILE_PROBLEMS),
            app::import_file::FileError::CODES.to_vec(),
        ),
        ("vc::Error", ours(ENGINE), vc::Error::CODES.to_vec()),
        (
            "vc::report::CheckFailure",
            ours(CHECKS),
            vc::report::CheckFailure::ALL
                .iter()
                .map(|code| code.code())
                .collect(),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_family_is_described_and_every_code_is_unique() {
        for (family, described, listed) in family_codes() {
            assert_eq!(
                described, listed,
                "{family}: the table and the crate differ"
            );
        }
        let mut seen = std::collections::BTreeSet::new();
        for row in rows() {
            assert!(seen.insert(row.code), "`{}` twice", row.code);
            assert!(
                row.code
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                "{}",
                row.code
            );
            assert!(row.meaning.ends_with('.'), "{}", row.code);
        }
    }
}
