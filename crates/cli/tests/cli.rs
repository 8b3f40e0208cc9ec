//! The `microcred` binary as a user runs it: the demo register, tokens, catalogue commands with
//! per-element errors, and the offline credential commands with their exit statuses.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn microcred(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_microcred"))
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn vectors() -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/vectors");
    assert!(
        path.is_dir(),
        "the shared test vectors are missing at {}",
        path.display()
    );
    path
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("microcred_cli_{name}_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_demo_register_is_searchable_and_editable_from_the_command_line() {
    let dir = temp_dir("demo");
    let data = dir.join("data");
    let data = data.to_str().unwrap();
    let output = microcred(&["demo", "--data-dir", data]);
    assert!(output.status.success(), "{:?}", text(&output));
    // Seeding twice is refused: the demo only goes into an empty register.
    assert_eq!(
        microcred(&["demo", "--data-dir", data]).status.code(),
        Some(2)
    );

    let output = microcred(&[
        "offerings",
        "search",
        "cursussen",
        "--filter",
        "per_page=5",
        "--json",
        "--data-dir",
        data,
    ]);
    let (stdout, stderr) = text(&output);
    assert!(output.status.success(), "{stderr}");
    let page: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(page["total"].as_u64().unwrap() > 0);
    let first = page["items"][0]["id"].as_str().unwrap().to_owned();
    let provider = page["items"][0]["provider_id"].as_str().unwrap().to_owned();

    let bad_filter = microcred(&[
        "offerings",
        "search",
        "--filter",
        "eqf=12",
        "--data-dir",
        data,
    ]);
    assert_eq!(bad_filter.status.code(), Some(2));
    assert!(text(&bad_filter).1.contains("eqf"));

    // An invalid document is refused with every element named; nothing is stored.
    let file = dir.join("offering.json");
    let mut document =
        serde_json::to_value(serde_json::json!({"title": {"nl": "Onvolledig"}})).unwrap();
    document["awarding_bodies"] = serde_json::json!([provider]);
    std::fs::write(&file, document.to_string()).unwrap();
    let output = microcred(&[
        "offerings",
        "create",
        "--provider",
        &provider,
        file.to_str().unwrap(),
        "--data-dir",
        data,
    ]);
    let (_, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr.contains("learning_outcomes [missing_element]"),
        "{stderr}"
    );
    assert!(
        stderr.contains("participation [missing_element]"),
        "{stderr}"
    );

    let output = microcred(&["offerings", "show", &first, "--data-dir", data]);
    assert!(output.status.success());
    assert!(text(&output).0.contains("\"learning_outcomes\""));

    let output = microcred(&[
        "token",
        "create",
        "--role",
        "provider_admin",
        "--provider",
        &provider,
        "--data-dir",
        data,
    ]);
    assert!(output.status.success(), "{:?}", text(&output));
    assert!(text(&output).0.trim().starts_with("mct_"));
    let output = microcred(&[
        "token",
        "create",
        "--role",
        "provider_admin",
        "--data-dir",
        data,
    ]);
    assert_eq!(output.status.code(), Some(2));

    let output = microcred(&[
        "funding-schemes",
        "set",
        "brugse_premie",
        "--name",
        "nl=Brugse premie",
        "--data-dir",
        data,
    ]);
    assert!(output.status.success(), "{:?}", text(&output));
    assert!(
        text(&microcred(&["funding-schemes", "list", "--data-dir", data]))
            .0
            .contains("brugse_premie")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn vc_sign_reproduces_the_reference_signature_and_verify_reports_with_exit_statuses() {
    let vectors = vectors();
    // The reference sample's TEST-ONLY seed in the W3C key-file format:
    // privateKeyMultibase = "z" + base58btc(0x80 0x26 || seed).
    let dir = temp_dir("vc");
    let key = dir.join("key.json");
    let key_file = serde_json::json!({
        "publicKeyMultibase": "z6MkoQkQim6VHbgCTV5Yf8xg4WU6iXmGRmUyvRCH5brwmgJi",
        "privateKeyMultibase": "z3u2eENV8CnCTWi6hKTKyxa2mWiieFV9uNYYRgCQUzhWsM3r"
    });
    std::fs::write(&key, key_file.to_string()).unwrap();
    let unsigned = vectors.join("reference-generated/sample-unsigned.json");
    let output = microcred(&[
        "vc",
        "sign",
        "--key",
        key.to_str().unwrap(),
        "--created",
        "2025-06-30T12:00:00Z",
        unsigned.to_str().unwrap(),
    ]);
    let (stdout, stderr) = text(&output);
    assert!(output.status.success(), "{stderr}");
    let signed: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(vectors.join("reference-generated/sample-signed.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        signed["proof"]["proofValue"],
        expected["proof"]["proofValue"]
    );

    let sample = vectors.join("reference-generated/sample-signed.json");
    let list = vectors.join("reference-generated/sample-status-list.json");
    let output = microcred(&[
        "vc",
        "verify",
        sample.to_str().unwrap(),
        "--status-list",
        list.to_str().unwrap(),
        "--json",
    ]);
    let (stdout, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(0), "{stdout}{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["verified"], true);

    let revoked = vectors.join("reference-generated/sample-revoked-signed.json");
    let output = microcred(&[
        "vc",
        "verify",
        revoked.to_str().unwrap(),
        "--status-list",
        list.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1), "{:?}", text(&output));

    // Without the status list the status check cannot pass: never silently valid.
    let output = microcred(&["vc", "verify", sample.to_str().unwrap(), "--json"]);
    assert_eq!(output.status.code(), Some(1), "{:?}", text(&output));

    let tampered = dir.join("tampered.json");
    std::fs::write(
        &tampered,
        std::fs::read_to_string(&sample).unwrap().replacen(
            "Applied Data Analysis",
            "Applied Data Analysts",
            1,
        ),
    )
    .unwrap();
    assert_eq!(
        microcred(&[
            "vc",
            "verify",
            tampered.to_str().unwrap(),
            "--status-list",
            list.to_str().unwrap()
        ])
        .status
        .code(),
        Some(1)
    );
    assert_eq!(
        microcred(&["vc", "verify", dir.join("missing.json").to_str().unwrap()])
            .status
            .code(),
        Some(2)
    );

    let output = microcred(&["vc", "canonicalize", unsigned.to_str().unwrap()]);
    assert!(output.status.success());
    let expected = std::fs::read_to_string(
        vectors.join("reference-generated/sample-signed-intermediates/canonDoc.nq"),
    )
    .unwrap();
    assert_eq!(text(&output).0.trim(), expected.trim());
    let _ = std::fs::remove_dir_all(&dir);
}

/// Issuing from the command line on the demo register: credentials listed and downloaded in
/// every form, revoked once (and only once), a results file imported from the template, keys
/// rotated, the trust list shown.
#[test]
fn credentials_imports_and_keys_from_the_command_line() {
    let dir = temp_dir("issuing");
    let data = dir.join("data");
    let data = data.to_str().unwrap();
    let output = microcred(&["demo", "--data-dir", data]);
    assert!(output.status.success(), "{:?}", text(&output));
    assert!(
        dir.join("data/master.key").is_file(),
        "the demo makes a master key"
    );

    let page = microcred(&[
        "offerings",
        "search",
        "--filter",
        "per_page=1",
        "--json",
        "--data-dir",
        data,
    ]);
    let page: serde_json::Value = serde_json::from_str(&text(&page).0).unwrap();
    let provider = page["items"][0]["provider_id"].as_str().unwrap().to_owned();
    let offering = page["items"][0]["id"].as_str().unwrap().to_owned();

    let output = microcred(&[
        "credentials",
        "list",
        "--provider",
        &provider,
        "--state",
        "active",
        "--json",
        "--data-dir",
        data,
    ]);
    let (stdout, stderr) = text(&output);
    assert!(output.status.success(), "{stderr}");
    let listed: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(listed["total"].as_u64().unwrap() > 0, "{listed}");
    let id = listed["items"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(listed["items"][0]["status"], "active");
    // Paging by cursor: the second page of one starts after the first, and a made-up cursor
    // is refused naming the flag.
    let page = |after: Option<&str>| {
        let mut args = vec![
            "credentials",
            "list",
            "--provider",
            &provider,
            "--limit",
            "1",
            "--json",
            "--data-dir",
            data,
        ];
        if let Some(after) = after {
            args.extend(["--after", after]);
        }
        let output = microcred(&args);
        assert!(output.status.success(), "{:?}", text(&output));
        serde_json::from_str::<serde_json::Value>(&text(&output).0).unwrap()
    };
    let first = page(None);
    let next = first["next"]
        .as_str()
        .expect("more than one credential")
        .to_owned();
    let second = page(Some(&next));
    assert_ne!(first["items"][0]["id"], second["items"][0]["id"]);
    let refused = microcred(&[
        "credentials",
        "list",
        "--provider",
        &provider,
        "--after",
        "zz",
        "--data-dir",
        data,
    ]);
    assert!(!refused.status.success());
    assert!(text(&refused).1.contains("--after"), "{:?}", text(&refused));

    for (format, check) in [
        ("json", &b"{"[..]),
        ("pdf", &b"%PDF-"[..]),
        ("elm", &b"{"[..]),
    ] {
        let out = dir.join(format!("credential.{format}"));
        let output = microcred(&[
            "credentials",
            "download",
            &id,
            "--format",
            format,
            "--out",
            out.to_str().unwrap(),
            "--data-dir",
            data,
        ]);
        assert!(output.status.success(), "{format}: {:?}", text(&output));
        assert!(std::fs::read(&out).unwrap().starts_with(check), "{format}");
    }
    let elm = std::fs::read_to_string(dir.join("credential.elm")).unwrap();
    assert!(elm.contains("EuropeanDigitalCredential"));

    let output = microcred(&[
        "credentials",
        "revoke",
        &id,
        "--reason",
        "issued in error",
        "--data-dir",
        data,
    ]);
    assert!(output.status.success(), "{:?}", text(&output));
    assert!(text(&output).0.contains("revoked"));
    let again = microcred(&[
        "credentials",
        "revoke",
        &id,
        "--reason",
        "twice",
        "--data-dir",
        data,
    ]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        text(&again).1.contains("revocation is final"),
        "{:?}",
        text(&again)
    );

    // A results file made from the template: its two example learners are enrolled, assessed
    // and (where the row says so) issued a credential; the same file again changes nothing.
    let template = dir.join("results.csv");
    let output = microcred(&[
        "import",
        "template",
        "results",
        "--format",
        "csv",
        "--out",
        template.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{:?}", text(&output));
    assert!(text(&output).0.contains("assessed_on"));
    let import = || {
        microcred(&[
            "import",
            "results",
            template.to_str().unwrap(),
            "--provider",
            &provider,
            "--offering",
            &offering,
            "--data-dir",
            data,
        ])
    };
    let output = import();
    let (stdout, stderr) = text(&output);
    assert!(output.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains("2 applied"), "{stdout}");
    let output = import();
    let (stdout, _) = text(&output);
    assert!(
        stdout.contains("0 applied, 2 already applied before (skipped)"),
        "{stdout}"
    );
    assert!(stdout.contains("0 credentials issued"), "{stdout}");
    assert_eq!(output.status.code(), Some(0));

    // A file with a bad row: the good row is applied, the bad one listed, and the exit status
    // is 1 so that a script notices.
    let with_bad_row = dir.join("results-bad.csv");
    std::fs::write(
        &with_bad_row,
        "student_number;given_names;family_names;passed;assessed_on\n\
         cli-r9;Ria;Mertens;yes;2026-02-01\n\
         cli-r10;Tom;Aerts;yes;13/02/2026\n",
    )
    .unwrap();
    let output = microcred(&[
        "import",
        "results",
        with_bad_row.to_str().unwrap(),
        "--provider",
        &provider,
        "--offering",
        &offering,
        "--data-dir",
        data,
    ]);
    let (stdout, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stdout.contains("1 applied") && stdout.contains("1 failed"),
        "{stdout}"
    );
    assert!(
        stdout.contains("row 3, column assessed_on [invalid_date]"),
        "{stdout}"
    );
    assert!(stderr.contains("1 row(s) failed"), "{stderr}");

    let output = microcred(&[
        "keys",
        "rotate",
        "--provider",
        &provider,
        "--data-dir",
        data,
    ]);
    assert!(text(&output).0.contains("#key-2"), "{:?}", text(&output));
    let output = microcred(&["keys", "list", "--provider", &provider, "--data-dir", data]);
    assert!(text(&output).0.contains("retired"), "{:?}", text(&output));
    let output = microcred(&["trust", "list", "--data-dir", data]);
    assert!(text(&output).0.contains("register"), "{:?}", text(&output));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_credential_is_corrected_from_the_command_line() {
    let dir = temp_dir("correct");
    let data = dir.join("data");
    let data = data.to_str().unwrap();
    assert!(microcred(&["demo", "--data-dir", data]).status.success());
    let page = microcred(&[
        "offerings",
        "search",
        "--filter",
        "per_page=1",
        "--json",
        "--data-dir",
        data,
    ]);
    let page: serde_json::Value = serde_json::from_str(&text(&page).0).unwrap();
    let provider = page["items"][0]["provider_id"].as_str().unwrap().to_owned();
    let listed = microcred(&[
        "credentials",
        "list",
        "--provider",
        &provider,
        "--state",
        "active",
        "--json",
        "--data-dir",
        data,
    ]);
    let listed: serde_json::Value = serde_json::from_str(&text(&listed).0).unwrap();
    let id = listed["items"][0]["id"].as_str().unwrap().to_owned();
    let outcome = dir.join("outcome.json");
    std::fs::write(&outcome, r#"{"passed": true, "assessed_on": "2026-11-30", "route": "regular", "grade": {"value": "19", "scheme": "0-20"}}"#).unwrap();
    let output = microcred(&[
        "credentials",
        "correct",
        &id,
        "--reason",
        "grade",
        "--outcome",
        outcome.to_str().unwrap(),
        "--data-dir",
        data,
    ]);
    let (stdout, stderr) = text(&output);
    assert!(output.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains("now revoked"), "{stdout}");
    let new = stdout.split_whitespace().next().unwrap().to_owned();
    let shown = microcred(&["credentials", "show", &new, "--data-dir", data]);
    assert!(text(&shown).0.contains("\"19\""), "{:?}", text(&shown));
    // A bad outcome is refused with the element named.
    std::fs::write(&outcome, r#"{"passed": true, "route": "regular"}"#).unwrap();
    let output = microcred(&[
        "credentials",
        "correct",
        &new,
        "--reason",
        "x",
        "--outcome",
        outcome.to_str().unwrap(),
        "--data-dir",
        data,
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output).1.contains("outcome.assessed_on"),
        "{:?}",
        text(&output)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `vc verify` on the issue-8 reproducers (crates/vc/tests/repro): re-spelled status entries of
/// a revoked credential, `@index` display forgeries and a self-issued look-alike never pass
/// (exit 1); a genuine credential passes with what it proves, read from its signed data, and a
/// note when no trust list was given.
#[test]
fn vc_verify_refuses_the_reproducers_and_shows_only_signed_content() {
    let repro = Path::new(env!("CARGO_MANIFEST_DIR")).join("../vc/tests/repro");
    let path = |name: &str| repro.join(name).to_str().unwrap().to_owned();
    let inputs = [
        "--did-doc".to_owned(),
        path("did_bv.json"),
        "--status-list".to_owned(),
        path("sl_bv_revocation.json"),
        "--status-list".to_owned(),
        path("sl_bv_suspension.json"),
    ];
    let run = |file: &str, extra: &[String]| {
        let mut args = vec!["vc".to_owned(), "verify".to_owned(), path(file)];
        args.extend(inputs.iter().cloned());
        args.extend(extra.iter().cloned());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        microcred(&args)
    };
    for (file, expected) in [
        ("revoked_type_array.json", "[revoked]"),
        ("revoked_attype.json", "[revoked]"),
        ("revoked_fulliri_key.json", "[revoked]"),
        ("display_forgery_index.json", "[unsigned_data]"),
        ("learner_a.json", "[unsigned_data]"),
    ] {
        let output = run(file, &[]);
        let (stdout, stderr) = text(&output);
        assert_eq!(output.status.code(), Some(1), "{file}: {stdout}{stderr}");
        assert!(stdout.contains(expected), "{file}: {stdout}");
        assert!(
            !stdout.contains("Forgery") && !stdout.contains("Mallory"),
            "{file}: {stdout}"
        );
    }
    let trust = temp_dir("repro_trust").join("trust.json");
    std::fs::write(
        &trust,
        r#"{"issuers": [{"id": "did:web:127.0.0.1%3A18081:providers:bouwvorming-vlaanderen", "name": "Bouwvorming"}]}"#,
    )
    .unwrap();
    let trusted = [
        "--trust-list".to_owned(),
        trust.to_str().unwrap().to_owned(),
    ];
    let output = run("forge_selfissued_didkey_nostatus.json", &trusted);
    assert_eq!(output.status.code(), Some(1), "{:?}", text(&output));
    assert!(text(&output).0.contains("[issuer_not_trusted]"));
    let output = run("learner_b.json", &[]);
    let (stdout, _) = text(&output);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("Learner: Ilias De Backer"), "{stdout}");
    assert!(
        stdout.contains("not checked against a trust list"),
        "{stdout}"
    );
    let output = run("learner_b.json", &trusted);
    assert_eq!(output.status.code(), Some(0), "{:?}", text(&output));
    assert!(!text(&output).0.contains("note:"));
}

#[test]
fn statistics_from_the_command_line_and_the_same_answers_after_a_recount() {
    let dir = temp_dir("statistics");
    let data = dir.join("data");
    let data = data.to_str().unwrap();
    assert!(microcred(&["demo", "--data-dir", data]).status.success());
    let output = microcred(&["statistics", "list", "--data-dir", data]);
    let (stdout, stderr) = text(&output);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(
        stdout.lines().filter(|line| line.contains("by:")).count(),
        10,
        "{stdout}"
    );
    let show = |args: &[&str]| {
        let mut all = vec!["statistics", "show"];
        all.extend(args);
        all.extend(["--data-dir", data]);
        let output = microcred(&all);
        let (stdout, stderr) = text(&output);
        assert!(output.status.success(), "{args:?}: {stderr}");
        stdout
    };
    let json = |text: &str| {
        let mut value: serde_json::Value = serde_json::from_str(text).unwrap();
        value["generated_at"] = serde_json::Value::Null;
        value
    };
    let enrolments = json(&show(&["enrolments", "--json"]));
    let total = enrolments["totals"].as_array().unwrap().last().unwrap()["count"]
        .as_u64()
        .unwrap();
    assert!(
        total > 1000,
        "the demo's enrolments of five years: {enrolments}"
    );
    let completion = json(&show(&[
        "completion",
        "--json",
        "--filter",
        "year=academic",
    ]));
    let csv = show(&["credentials", "--csv", "--filter", "by=route"]);
    assert!(
        csv.starts_with("year,") && csv.contains("validation"),
        "{csv}"
    );
    // A bad filter names itself.
    let output = microcred(&[
        "statistics",
        "show",
        "enrolments",
        "--filter",
        "eqf=12",
        "--data-dir",
        data,
    ]);
    assert!(!output.status.success());
    assert!(text(&output).1.contains("eqf"), "{:?}", text(&output));

    // The counts kept by every write are what a recount from the learning tables gives.
    let output = microcred(&["statistics", "recount", "--data-dir", data]);
    assert!(output.status.success(), "{:?}", text(&output));
    assert_eq!(json(&show(&["enrolments", "--json"])), enrolments);
    assert_eq!(
        json(&show(&[
            "completion",
            "--json",
            "--filter",
            "year=academic"
        ])),
        completion
    );
    assert_eq!(show(&["credentials", "--csv", "--filter", "by=route"]), csv);

    let workbook = dir.join("statistics.xlsx");
    let output = microcred(&[
        "statistics",
        "export",
        "--out",
        workbook.to_str().unwrap(),
        "--data-dir",
        data,
    ]);
    assert!(output.status.success(), "{:?}", text(&output));
    let bytes = std::fs::read(&workbook).unwrap();
    assert!(bytes.starts_with(b"PK"), "an xlsx (zip) file");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn staff_are_invited_listed_and_disabled_from_the_command_line_and_the_audit_log_says_so() {
    let dir = temp_dir("accounts");
    let data = dir.join("data");
    let data = data.to_str().unwrap();
    assert!(microcred(&["demo", "--data-dir", data]).status.success());
    let invite = |args: &[&str]| {
        let mut all = vec!["accounts", "invite"];
        all.extend(args);
        all.extend(["--data-dir", data]);
        microcred(&all)
    };
    let output = invite(&[
        "--email",
        "Jan@Hogeschool.example",
        "--name",
        "Jan Issuer",
        "--role",
        "issuer",
        "--provider",
        "hogeschool-scheldeland",
    ]);
    let (stdout, stderr) = text(&output);
    assert!(output.status.success(), "{stderr}");
    let account: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(account["email"], "jan@hogeschool.example");
    // The invitation's link went to the log (no SMTP server).
    assert!(stderr.contains("/account/invitation/"), "{stderr}");
    // Bad input says what is wrong and stores nothing.
    for (args, says) in [
        (
            vec![
                "--email",
                "jan@hogeschool.example",
                "--name",
                "Again",
                "--role",
                "issuer",
                "--provider",
                "hogeschool-scheldeland",
            ],
            "has an account already",
        ),
        (
            vec!["--email", "x@example.be", "--name", "X", "--role", "issuer"],
            "needs a provider",
        ),
        (
            vec![
                "--email",
                "not an address",
                "--name",
                "X",
                "--role",
                "analyst",
            ],
            "@",
        ),
        (
            vec!["--email", "x@example.be", "--name", "X", "--role", "dean"],
            "unknown role",
        ),
    ] {
        let output = invite(&args);
        let (_, stderr) = text(&output);
        assert!(!output.status.success(), "{args:?}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
    let list = microcred(&[
        "accounts",
        "list",
        "--provider",
        "hogeschool-scheldeland",
        "--data-dir",
        data,
    ]);
    let listed: serde_json::Value = serde_json::from_str(&text(&list).0).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    let id = account["id"].as_str().unwrap();
    let disable = microcred(&["accounts", "disable", id, "--data-dir", data]);
    assert!(disable.status.success(), "{}", text(&disable).1);
    let again = microcred(&["accounts", "disable", id, "--data-dir", data]);
    assert!(!again.status.success());
    let audit = microcred(&["audit", "list", "--data-dir", data]);
    let (stdout, stderr) = text(&audit);
    assert!(audit.status.success(), "{stderr}");
    let actions: Vec<String> = stdout
        .lines()
        .map(|line| {
            serde_json::from_str::<serde_json::Value>(line).unwrap()["action"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        // (The demo's own history — issued, suspended and revoked credentials — is there too.)
        .filter(|action| action.starts_with("staff."))
        .collect();
    assert_eq!(actions, ["staff.remove", "staff.invite"], "{stdout}");
}
