//! Thin command functions behind `microcred vc …` and `microcred bench vc`: bytes in, output text
//! and exit status out. The CLI reads files and the clock; this module does neither.

use crate::keys::KeyPair;
use crate::proof::SignOptions;
use crate::verify::VerifyInputs;
use serde_json::Value;

/// Exit statuses: valid / invalid / usage or IO error.
pub const EXIT_VALID: i32 = 0;
pub const EXIT_INVALID: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandOutput {
    pub stdout: String,
    pub stderr: String,
    pub status: i32,
}

impl CommandOutput {
    fn ok(stdout: String) -> Self {
        CommandOutput {
            stdout,
            stderr: String::new(),
            status: EXIT_VALID,
        }
    }
    fn fail(status: i32, error: &crate::Error) -> Self {
        CommandOutput {
            stdout: String::new(),
            stderr: format!("error [{}]: {error}\n", error.code()),
            status,
        }
    }
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// `microcred vc sign --key KEY.json [--verification-method URL] [--created RFC3339] IN.json`.
/// `created` is required here: the CLI passes the current time when `--created` is absent.
pub fn sign(
    key_json: &[u8],
    credential_json: &[u8],
    verification_method: Option<&str>,
    created: &str,
) -> CommandOutput {
    let key = match KeyPair::from_key_file_json(key_json) {
        Ok(key) => key,
        Err(error) => return CommandOutput::fail(EXIT_USAGE, &error),
    };
    if crate::time::parse_rfc3339(created).is_none() {
        let error = crate::Error::InvalidProof(format!(
            "--created \"{created}\" is not an RFC 3339 date-time"
        ));
        return CommandOutput::fail(EXIT_USAGE, &error);
    }
    let credential = match crate::json::parse(credential_json) {
        Ok(credential) => credential,
        Err(error) => return CommandOutput::fail(EXIT_INVALID, &error),
    };
    let options = SignOptions {
        verification_method: verification_method
            .map(str::to_owned)
            .unwrap_or_else(|| key.public().did_key_verification_method()),
        created: created.to_owned(),
    };
    match crate::proof::sign(crate::contexts::processor(), &credential, &key, &options) {
        Ok(signed) => CommandOutput::ok(pretty(&signed)),
        Err(error) => CommandOutput::fail(EXIT_INVALID, &error),
    }
}

/// `microcred vc verify IN.json [--did-doc FILE…] [--status-list FILE…] [--json]`.
/// `now` (RFC 3339) enables the validity-period check; the CLI passes the current time.
pub fn verify(
    credential_json: &[u8],
    did_documents: &[Vec<u8>],
    status_lists: &[Vec<u8>],
    now: Option<&str>,
    json: bool,
) -> CommandOutput {
    let parse_all = |files: &[Vec<u8>]| {
        files
            .iter()
            .map(|f| crate::json::parse(f))
            .collect::<crate::Result<Vec<_>>>()
    };
    let (documents, lists) = match (parse_all(did_documents), parse_all(status_lists)) {
        (Ok(documents), Ok(lists)) => (documents, lists),
        (Err(error), _) | (_, Err(error)) => return CommandOutput::fail(EXIT_USAGE, &error),
    };
    let inputs = VerifyInputs {
        did_documents: &documents,
        status_lists: &lists,
        trusted_issuers: None,
        now,
    };
    let report =
        crate::verify::verify_bytes(crate::contexts::processor(), credential_json, &inputs);
    let stdout = if json {
        pretty(&report.to_json(model::UiLang::En))
    } else {
        report.to_text()
    };
    let status = if report.verified {
        EXIT_VALID
    } else {
        EXIT_INVALID
    };
    CommandOutput {
        stdout,
        stderr: String::new(),
        status,
    }
}

/// `microcred vc canonicalize IN.json`: the canonical N-Quads (safe mode).
pub fn canonicalize(credential_json: &[u8]) -> CommandOutput {
    let result = crate::json::parse(credential_json)
        .and_then(|document| crate::proof::canonicalize(crate::contexts::processor(), &document));
    match result {
        Ok(nquads) => CommandOutput::ok(nquads),
        Err(error) => CommandOutput::fail(EXIT_INVALID, &error),
    }
}

/// `microcred bench vc [--count N] [--json]`.
pub fn bench(count: usize, json: bool) -> CommandOutput {
    match crate::bench::run(count) {
        Ok(report) if json => CommandOutput::ok(pretty(
            &serde_json::to_value(&report).unwrap_or(Value::Null),
        )),
        Ok(report) => CommandOutput::ok(report.to_text()),
        Err(error) => CommandOutput::fail(EXIT_INVALID, &error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = r#"{"publicKeyMultibase":"z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2","privateKeyMultibase":"z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"}"#;

    #[test]
    fn sign_then_verify_round_trips_and_tampering_exits_1() {
        let key = KeyPair::from_key_file_json(KEY.as_bytes()).unwrap();
        let credential = crate::bench::fixture_for(&key).unwrap();
        let mut unsigned = credential.clone();
        unsigned.as_object_mut().unwrap().remove("credentialStatus");
        let signed = sign(
            KEY.as_bytes(),
            unsigned.to_string().as_bytes(),
            None,
            "2026-06-30T12:00:00Z",
        );
        assert_eq!(signed.status, EXIT_VALID, "{}", signed.stderr);
        let verified = verify(
            signed.stdout.as_bytes(),
            &[],
            &[],
            Some("2027-01-01T00:00:00Z"),
            true,
        );
        assert_eq!(verified.status, EXIT_VALID, "{}", verified.stdout);
        let report: Value = serde_json::from_str(&verified.stdout).unwrap();
        assert_eq!(report["verified"], true);
        assert_eq!(report["annex_i"]["complete"], true);
        let tampered = signed
            .stdout
            .replace("data-analyse met Python", "data-analyse met Pythom");
        assert_ne!(tampered, signed.stdout);
        assert_eq!(
            verify(tampered.as_bytes(), &[], &[], None, false).status,
            EXIT_INVALID
        );
    }

    #[test]
    fn usage_errors_exit_2_and_invalid_documents_exit_1() {
        assert_eq!(
            sign(b"{}", b"{}", None, "2026-01-01T00:00:00Z").status,
            EXIT_USAGE
        );
        assert_eq!(
            sign(KEY.as_bytes(), b"{}", None, "not a date").status,
            EXIT_USAGE
        );
        let undefined = r#"{"@context":["https://www.w3.org/ns/credentials/v2"],"type":"VerifiableCredential","issuer":"did:example:1","credentialSubject":{"favouriteColour":"blue"}}"#;
        let output = sign(
            KEY.as_bytes(),
            undefined.as_bytes(),
            None,
            "2026-01-01T00:00:00Z",
        );
        assert_eq!(output.status, EXIT_INVALID);
        assert!(
            output.stderr.contains("favouriteColour"),
            "{}",
            output.stderr
        );
        assert_eq!(
            verify(b"{}", &[b"nope".to_vec()], &[], None, false).status,
            EXIT_USAGE
        );
        let inline = canonicalize(br#"{"@context":{"@vocab":"http://example.org/"},"a":1}"#);
        assert_eq!(inline.status, EXIT_INVALID);
        assert!(
            inline.stderr.contains("inline_context"),
            "{}",
            inline.stderr
        );
        let canonical = canonicalize(
            br#"{"@context":"https://www.w3.org/ns/credentials/v2","id":"urn:x","name":"a"}"#,
        );
        assert_eq!(canonical.status, EXIT_VALID, "{}", canonical.stderr);
        assert_eq!(
            canonical.stdout,
            "<urn:x> <https://schema.org/name> \"a\" .\n"
        );
    }
}
