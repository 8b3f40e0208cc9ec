//! Two real `microcred serve` processes on one PostgreSQL database (issue 14), driven at once:
//! both issue credentials concurrently (no status-list slot used twice, each credential
//! verifies on the other server), a revocation on one is what the other's status list and
//! verification say, a background import started on one is taken over by the other when the
//! first is killed — every row applied once —, and both are ready with the same schema.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

use crate::{PostgresDatabase, free_bind, microcred, wait_until_up};

/// A server of the register at `public` (behind one load balancer, all servers share it).
fn serve(database: &str, data: &str, bind: &str, public: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_microcred"))
        .args([
            "serve",
            "--database-url",
            database,
            "--data-dir",
            data,
            "--bind",
            bind,
            "--public-url",
            public,
        ])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

async fn send(
    client: &reqwest::Client,
    method: reqwest::Method,
    url: String,
    token: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = client.request(method, url).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Enrols a learner and issues their credential on `base`; the credential's id.
async fn issue(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    offering: &str,
    number: usize,
) -> String {
    let (status, enrolment) = send(
        client,
        reqwest::Method::POST,
        format!("{base}/api/v1/enrolments"),
        token,
        Some(json!({
            "offering_id": offering,
            "learner": {"given_names": "Twin", "family_names": format!("Learner {number}"), "email": format!("twin{number}@example.org")},
            "employment_status": "employed",
            "enrolled_on": "2026-01-10",
        })),
    )
    .await;
    assert_eq!(status, 201, "{enrolment}");
    let (status, recorded) = send(
        client,
        reqwest::Method::POST,
        format!("{base}/api/v1/assessments"),
        token,
        Some(json!({
            "enrolment_id": enrolment["id"],
            "outcome": {"passed": true, "assessed_on": "2026-02-20", "route": "regular"},
            "issue": true,
        })),
    )
    .await;
    assert_eq!(status, 201, "{recorded}");
    recorded["credential"]["id"].as_str().unwrap().to_owned()
}

/// The credential as `base` serves it, verified there.
async fn verified_on(client: &reqwest::Client, base: &str, id: &str) -> Value {
    let credential: Value = client
        .get(format!("{base}/credentials/{id}/credential.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    client
        .post(format!("{base}/api/v1/verify?lang=en"))
        .json(&credential)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap_or(Value::Null)
}

#[tokio::test(flavor = "multi_thread")]
async fn two_servers_on_one_postgresql_database_act_as_one_register() {
    let Some(postgres) = PostgresDatabase::fresh("mc_two_servers") else {
        return;
    };
    let database = postgres.url.clone();
    let dir = std::env::temp_dir().join(format!("microcred_cli_two_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let data = dir.join("data").to_str().unwrap().to_owned();
    let seeded = microcred(&["demo", "--database-url", &database, "--data-dir", &data]);
    assert!(
        seeded.status.success(),
        "{}",
        String::from_utf8_lossy(&seeded.stderr)
    );
    let token = microcred(&[
        "token",
        "create",
        "--role",
        "platform_admin",
        "--database-url",
        &database,
        "--data-dir",
        &data,
    ]);
    let token = String::from_utf8(token.stdout).unwrap().trim().to_owned();
    let page = microcred(&[
        "offerings",
        "search",
        "--filter",
        "per_page=1",
        "--json",
        "--database-url",
        &database,
        "--data-dir",
        &data,
    ]);
    let page: Value = serde_json::from_slice(&page.stdout).unwrap();
    let offering = page["items"][0]["id"].as_str().unwrap().to_owned();

    let (bind_a, bind_b) = (free_bind(), free_bind());
    let (base_a, base_b) = (format!("http://{bind_a}"), format!("http://{bind_b}"));
    // One public URL, as behind a load balancer: the providers' did:web and status lists are
    // the register's, whichever server answers.
    let mut server_a = serve(&database, &data, &bind_a, &base_a);
    let mut server_b = serve(&database, &data, &bind_b, &base_a);
    let client = reqwest::Client::new();
    wait_until_up(&client, &base_a).await;
    wait_until_up(&client, &base_b).await;
    for base in [&base_a, &base_b] {
        let ready: Value = client
            .get(format!("{base}/ready"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(ready["ready"], true, "{ready}");
    }

    // Both issue at once; each credential verifies on the other server.
    let mut issuing = tokio::task::JoinSet::new();
    for number in 0..24 {
        let (client, token, offering) = (client.clone(), token.clone(), offering.clone());
        let base = if number % 2 == 0 {
            base_a.clone()
        } else {
            base_b.clone()
        };
        issuing.spawn(async move {
            (
                number,
                issue(&client, &base, &token, &offering, number).await,
            )
        });
    }
    let mut issued = Vec::new();
    while let Some(result) = issuing.join_next().await {
        issued.push(result.unwrap());
    }
    assert_eq!(issued.len(), 24);
    for (number, id) in &issued {
        let other = if number % 2 == 0 { &base_b } else { &base_a };
        let report = verified_on(&client, other, id).await;
        assert_eq!(report["verified"], true, "{id} on {other}: {report}");
    }

    // Revoked on one server: the other's status list and verification say so.
    let (revoked_number, revoked) = &issued[0];
    let on = if revoked_number % 2 == 0 {
        &base_a
    } else {
        &base_b
    };
    let other = if revoked_number % 2 == 0 {
        &base_b
    } else {
        &base_a
    };
    let (status, _) = send(
        &client,
        reqwest::Method::POST,
        format!("{on}/api/v1/credentials/{revoked}/revoke"),
        &token,
        Some(json!({"reason": "two servers"})),
    )
    .await;
    assert_eq!(status, 200);
    let report = verified_on(&client, other, revoked).await;
    assert_eq!(report["verified"], false, "{report}");
    assert!(report.to_string().contains("revoked"), "{report}");

    // An import started on A; A killed; B takes it over when A's lease expires.
    let rows = 6_000;
    let mut file =
        String::from("student_number,full_name,employment_status,passed,assessed_on,issue\n");
    for number in 0..rows {
        let issue = if number % 10 == 0 { "yes" } else { "no" };
        file.push_str(&format!(
            "t{number:05},Twin Import {number},employed,yes,2026-06-01,{issue}\n"
        ));
    }
    let started: Value = client
        .post(format!(
            "{base_a}/api/v1/imports?offering={offering}&kind=results&file_name=twins.csv"
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
    let mut before = Value::Null;
    for _ in 0..600 {
        before = send(
            &client,
            reqwest::Method::GET,
            format!("{base_b}/api/v1/imports/{id}"),
            &token,
            None,
        )
        .await
        .1;
        if before["processed_rows"].as_u64().unwrap_or(0) > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server_a.kill().unwrap();
    server_a.wait().unwrap();
    let mut job = Value::Null;
    for _ in 0..900 {
        job = send(
            &client,
            reqwest::Method::GET,
            format!("{base_b}/api/v1/imports/{id}"),
            &token,
            None,
        )
        .await
        .1;
        if job["state"] == "done" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let processed = before["processed_rows"].as_u64().unwrap();
    assert!(
        processed > 0 && processed < rows,
        "A was killed mid-import: {before}"
    );
    assert_eq!(job["state"], "done", "{job}");
    assert!(
        job["message"]
            .as_str()
            .unwrap_or_default()
            .contains("resumed"),
        "B took it over: {job}"
    );
    assert_eq!(job["applied_rows"], rows, "every row once: {job}");
    assert_eq!(job["issued_credentials"], rows / 10, "{job}");
    let (_, applied) = send(
        &client,
        reqwest::Method::GET,
        format!("{base_b}/api/v1/imports/{id}/rows"),
        &token,
        None,
    )
    .await;
    assert_eq!(applied["items"].as_array().unwrap().len() as u64, rows);

    server_b.kill().unwrap();
    server_b.wait().unwrap();
    drop(postgres);
    let _ = std::fs::remove_dir_all(&dir);
}
