//! The SQL statements one `POST /api/v1/assessments` with `issue: true` costs (a result recorded
//! and its credential issued), counted in sqlx's statement log of a real server. Issue 9 took it
//! from 13 to 11 (the enrolment read once; the issuer's provider reused as awarding body); issue
//! 10 added 3 (the enrolment's progress read before the write, and the two count tables of the
//! statistics changed in the same transaction, so an overview never scans the learners); issue
//! 11 added 2 (the audit line, in the same transaction, and the lookup of a DID the learner made
//! in their wallet, to bind the credential to it); a change that adds a round trip to this path
//! fails here and says which statements ran.

use std::time::Duration;

use serde_json::{Value, json};

use crate::{DemoRegister, free_bind, serve, serve_with, wait_until_up};

/// The statements measured when this test was written.
const STATEMENTS: usize = 16;

/// The log filter that writes every statement: sqlx's, and the store's direct SQLite reads.
const STATEMENT_LOG: &str = "warn,sqlx::query=debug,store::direct=debug";

/// The statement log's lines so far, each `sqlx: …` or `direct: …` (read on SQLite without
/// sqlx), without the PRAGMAs of a pool connection being opened (not part of any request).
fn statements(log: &std::path::Path) -> Vec<String> {
    let text = std::fs::read_to_string(log).unwrap();
    text.lines()
        .filter(|line| {
            (line.contains("sqlx::query") || line.contains("store::direct"))
                && !line.contains("PRAGMA")
        })
        .map(|line| {
            let by = if line.contains("store::direct") {
                "direct"
            } else {
                "sqlx"
            };
            let summary = line.split_once("summary=").map_or(line, |(_, rest)| rest);
            format!("{by}: {}", summary.chars().take(120).collect::<String>())
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn recording_a_result_and_issuing_its_credential_takes_sixteen_statements() {
    let demo = DemoRegister::new("sql");
    let (data, token, offering) = (demo.data.as_str(), &demo.token, &demo.offering);

    let bind = free_bind();
    let base = format!("http://{bind}");
    let client = reqwest::Client::new();
    let log = demo.dir.join("serve.log");
    let mut server = serve(data, &bind, Some((&log, STATEMENT_LOG)));
    wait_until_up(&client, &base).await;
    let enrolment: Value = client
        .post(format!("{base}/api/v1/enrolments"))
        .bearer_auth(token)
        .json(&json!({
            "offering_id": offering,
            "learner": {"full_name": "Round Trip", "email": "round.trip@example.org"},
            "employment_status": "employed",
            "enrolled_on": "2026-09-01",
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let enrolment = enrolment["id"].as_str().expect("an enrolment").to_owned();
    // Let anything the server does after answering settle before counting.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = statements(&log).len();
    let answer = client
        .post(format!("{base}/api/v1/assessments"))
        .bearer_auth(token)
        .json(&json!({
            "enrolment_id": enrolment,
            "outcome": {"passed": true, "assessed_on": "2026-10-01", "route": "regular"},
            "issue": true,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 201, "{}", answer.text().await.unwrap());
    let answer: Value = answer.json().await.unwrap();
    assert!(answer["credential"]["id"].is_string(), "{answer}");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let ran: Vec<String> = statements(&log).split_off(before);
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(
        ran.len() <= STATEMENTS,
        "POST /api/v1/assessments with issue: true ran {} statements (was {STATEMENTS}):\n{}",
        ran.len(),
        ran.join("\n")
    );
    // The count is not vacuous: the record and the credential were written.
    assert!(
        ran.iter()
            .any(|sql| sql.contains("INSERT INTO assessments")),
        "{ran:?}"
    );
    assert!(
        ran.iter()
            .any(|sql| sql.contains("INSERT INTO credentials")),
        "{ran:?}"
    );
    println!(
        "statements: {} (13 before issue 9, 11 after it; issue 10 keeps the statistics)",
        ran.len()
    );
}

/// The statements one `POST /api/v1/verify` of a credential of this register costs once its
/// status list has been verified and its issuer's DID document kept (the steady state): the
/// status list's revision with the issuer's publication status (trusted?), and the recognition
/// decisions about the credential or its offering. Issue 14 took it from 8 to 6 (one revision
/// read for both purposes; decision views batched), then to 4 (the issuer's DID looked up
/// once, not once as issuer and once as signer; the two decision reads made one), then to 2
/// (DID documents kept, since keys only grow; the status read with the revision).
const VERIFY_STATEMENTS: usize = 2;

#[tokio::test(flavor = "multi_thread")]
async fn verifying_a_credential_of_the_register_takes_two_statements() {
    let demo = DemoRegister::new("sql-verify");
    let (data, token) = (demo.data.as_str(), &demo.token);
    let bind = free_bind();
    let base = format!("http://{bind}");
    let client = reqwest::Client::new();
    let log = demo.dir.join("serve.log");
    // The demo register was made for the default public URL: its credentials' DIDs and status
    // lists name it, so the server must answer as that register.
    let mut server = serve_with(
        data,
        &bind,
        Some((&log, STATEMENT_LOG)),
        &["--public-url", "http://127.0.0.1:8080"],
    );
    wait_until_up(&client, &base).await;
    let provider = &demo.provider;
    let page: Value = client
        .get(format!(
            "{base}/api/v1/credentials?provider={provider}&limit=1&state=active"
        ))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let credential = page["items"][0]["credential"].clone();
    assert!(credential.is_object(), "an active credential: {page}");
    let verify = || async {
        let answer = client
            .post(format!("{base}/api/v1/verify"))
            .json(&credential)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200);
        answer.json::<Value>().await.unwrap()
    };
    // The first verification also reads and verifies the status list; count the second.
    verify().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let before = statements(&log).len();
    let report = verify().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let ran: Vec<String> = statements(&log).split_off(before);
    server.kill().unwrap();
    server.wait().unwrap();
    assert_eq!(report["verified"], true, "{report}");
    assert!(
        ran.len() <= VERIFY_STATEMENTS,
        "POST /api/v1/verify ran {} statements (was {VERIFY_STATEMENTS}):\n{}",
        ran.len(),
        ran.join("\n")
    );
    // Not vacuous: the status and the issuer's standing are read fresh from the database
    // for every verification — on this embedded register, both reads on the request's own
    // thread, not handed to sqlx's worker thread.
    assert!(
        ran.iter().any(|sql| sql.starts_with("direct:")
            && sql.contains("FROM status_lists")
            && sql.contains("JOIN providers")),
        "{ran:?}"
    );
    assert!(
        ran.iter()
            .any(|sql| sql.starts_with("direct:") && sql.contains("FROM recognition_decisions")),
        "{ran:?}"
    );
    println!("verification statements: {}", ran.len());
}
