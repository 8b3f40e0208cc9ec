//! Thin command functions behind `microcred vc …` and `microcred bench vc`: bytes in, output text
//! and exit status out. `vc_commands.rs` reads the files and the clock; this module does neither.

use serde_json::Value;
use vc::keys::KeyPair;
use vc::proof::SignOptions;

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
    fn fail(status: i32, error: &vc::Error) -> Self {
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
    if vc::time::parse_rfc3339(created).is_none() {
        let error = vc::Error::InvalidProof(format!(
            "--created \"{created}\" is not an RFC 3339 date-time"
        ));
        return CommandOutput::fail(EXIT_USAGE, &error);
    }
    let credential = match vc::json::parse(credential_json) {
        Ok(credential) => credential,
        Err(error) => return CommandOutput::fail(EXIT_INVALID, &error),
    };
    let options = SignOptions {
        verification_method: verification_method
            .map(str::to_owned)
            .unwrap_or_else(|| key.public().did_key_verification_method()),
        created: created.to_owned(),
    };
    match vc::proof::sign(vc::contexts::processor(), &credential, &key, &options) {
        Ok(signed) => CommandOutput::ok(pretty(&signed)),
        Err(error) => CommandOutput::fail(EXIT_INVALID, &error),
    }
}

/// `microcred vc canonicalize IN.json`: the canonical N-Quads (safe mode).
pub fn canonicalize(credential_json: &[u8]) -> CommandOutput {
    let result = vc::json::parse(credential_json)
        .and_then(|document| vc::proof::canonicalize(vc::contexts::processor(), &document));
    match result {
        Ok(nquads) => CommandOutput::ok(nquads),
        Err(error) => CommandOutput::fail(EXIT_INVALID, &error),
    }
}

/// `microcred bench vc [--count N] [--json]`.
pub fn bench(count: usize, json: bool) -> CommandOutput {
    match crate::bench::vc::run(count) {
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
        let credential = vc::sample::fixture_for(&key).unwrap();
        let mut unsigned = credential.clone();
        unsigned.as_object_mut().unwrap().remove("credentialStatus");
        let signed = sign(
            KEY.as_bytes(),
            unsigned.to_string().as_bytes(),
            None,
            "2026-06-30T12:00:00Z",
        );
        assert_eq!(signed.status, EXIT_VALID, "{}", signed.stderr);
        let report = |bytes: &[u8], now: Option<&str>| {
            let inputs = vc::verify::VerifyInputs {
                did_documents: &[],
                status_lists: &[],
                trusted_issuers: None,
                now,
            };
            vc::verify::verify_bytes(vc::contexts::processor(), bytes, &inputs)
        };
        let verified = report(signed.stdout.as_bytes(), Some("2027-01-01T00:00:00Z"));
        assert!(verified.verified, "{}", verified.to_text());
        assert!(
            verified
                .annex_i
                .as_ref()
                .is_some_and(|annex_i| annex_i.complete)
        );
        let tampered = signed
            .stdout
            .replace("data-analyse met Python", "data-analyse met Pythom");
        assert_ne!(tampered, signed.stdout);
        assert!(!report(tampered.as_bytes(), None).verified);
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
