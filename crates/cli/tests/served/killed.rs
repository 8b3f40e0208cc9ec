//! A server killed with SIGKILL in the middle of a background import loses nothing: after a
//! restart the job resumes on its own, every row is applied exactly once and no credential is
//! issued twice.

use std::time::Duration;

use serde_json::Value;

use crate::{DemoRegister, free_bind, serve, wait_until_up};

async fn job(client: &reqwest::Client, base: &str, token: &str, id: &str) -> Value {
    client
        .get(format!("{base}/api/v1/imports/{id}"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn credential_total(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    provider: &str,
    offering: &str,
) -> u64 {
    let page: Value = client
        .get(format!(
            "{base}/api/v1/credentials?provider={provider}&offering={offering}&limit=1"
        ))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    page["total"].as_u64().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_killed_during_an_import_resumes_it_without_doing_anything_twice() {
    let demo = DemoRegister::new("kill");
    let (data, token) = (demo.data.as_str(), demo.token.clone());
    let (offering, provider) = (demo.offering.clone(), demo.provider.clone());

    let rows = 8_000;
    let mut file =
        String::from("student_number,full_name,employment_status,passed,assessed_on,issue\n");
    for number in 0..rows {
        let issue = if number % 10 == 0 { "yes" } else { "no" };
        file.push_str(&format!(
            "k{number:05},Learner {number},employed,yes,2026-06-01,{issue}\n"
        ));
    }
    let bind = free_bind();
    let base = format!("http://{bind}");
    let client = reqwest::Client::new();

    let mut server = serve(data, &bind, None);
    wait_until_up(&client, &base).await;
    let issued_before = credential_total(&client, &base, &token, &provider, &offering).await;
    let started: Value = client
        .post(format!(
            "{base}/api/v1/imports?offering={offering}&kind=results&file_name=big.csv"
        ))
        .bearer_auth(&token)
        .body(file)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = started["id"].as_str().expect("a background job").to_owned();
    // Kill it as soon as some rows are committed.
    let mut before = Value::Null;
    for _ in 0..600 {
        before = job(&client, &base, &token, &id).await;
        if before["processed_rows"].as_u64().unwrap_or(0) > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.kill().unwrap();
    server.wait().unwrap();
    let processed = before["processed_rows"].as_u64().unwrap();
    assert!(
        processed > 0 && processed < rows,
        "killed at {processed} of {rows} rows: {before}"
    );

    // Restarted, the server resumes the job by itself.
    let mut server = serve(data, &bind, None);
    wait_until_up(&client, &base).await;
    let mut after = Value::Null;
    for _ in 0..1_200 {
        after = job(&client, &base, &token, &id).await;
        if after["state"] == "done" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(after["state"], "done", "{after}");
    assert_eq!(after["processed_rows"], rows);
    assert_eq!(after["applied_rows"], rows, "{after}");
    assert_eq!(after["issued_credentials"], rows / 10);
    assert!(
        after["message"]
            .as_str()
            .unwrap_or_default()
            .contains("resumed"),
        "{after}"
    );
    let applied: Value = client
        .get(format!("{base}/api/v1/imports/{id}/rows"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(applied["items"].as_array().unwrap().len() as u64, rows);
    let issued_after = credential_total(&client, &base, &token, &provider, &offering).await;
    assert_eq!(
        issued_after,
        issued_before + rows / 10,
        "one credential per issued row, none twice"
    );
    let enrolments: Value = client
        .get(format!(
            "{base}/api/v1/enrolments?provider={provider}&offering={offering}&limit=1"
        ))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(enrolments["total"].as_u64().unwrap() >= rows);
    server.kill().unwrap();
    server.wait().unwrap();
}

/// The crash benchmark, short: a few SIGKILL cycles under load on SQLite and on PostgreSQL,
/// nothing acknowledged lost or doubled. The closing note of issue 14 reports long runs on both
/// (`microcred bench crash --cycles 1000 [--database-url …]`).
#[test]
fn a_few_kill_cycles_under_load_lose_nothing() {
    crash_cycles(None);
}

#[test]
fn a_few_kill_cycles_under_load_lose_nothing_on_postgresql() {
    if let Some(postgres) = crate::PostgresDatabase::fresh("mc_crash") {
        crash_cycles(Some(&postgres.url));
    }
}

fn crash_cycles(database: Option<&str>) {
    let mut args = vec!["bench", "crash", "--cycles", "3", "--json"];
    if let Some(database) = database {
        args.extend(["--database-url", database]);
    }
    let output = crate::microcred(&args);
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let summary: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(summary["mismatches"], serde_json::json!([]), "{summary}");
    assert!(
        summary["acknowledged_credentials"].as_u64().unwrap() > 0,
        "{summary}"
    );
}
