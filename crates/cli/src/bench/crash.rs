//! `microcred bench crash --cycles N` (issue 14): proof that nothing acknowledged is lost. A real
//! `microcred serve` (this very program) runs on a register under a load of issuance,
//! revocation and imports; it is killed with SIGKILL at a random moment, restarted on the same
//! data, and so on. At the end, on a last start: every credential whose issuance was
//! acknowledged (201) is there, every acknowledged revocation holds, every import finished with
//! each row applied once (row keys), and every credential verifies as its state says — with
//! no status-list slot used twice (the database's constraint, and the check of every
//! credential's status entry). Prints the counts and any mismatch; fails on one.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde_json::{Value, json};

/// What a crash run is told.
pub struct CrashOptions {
    pub cycles: usize,
    pub database_url: Option<String>,
    pub data_dir: Option<PathBuf>,
    pub json: bool,
}

/// What the clients were told was done.
#[derive(Default)]
struct Acknowledged {
    credentials: Vec<String>,
    revoked: Vec<String>,
    imports: Vec<(String, u64)>,
}

fn storage_args(data: &Path, database: Option<&str>) -> Vec<String> {
    let mut args = vec!["--data-dir".to_owned(), data.display().to_string()];
    if let Some(url) = database {
        args.extend(["--database-url".to_owned(), url.to_owned()]);
    }
    args
}

fn run_self(args: &[String]) -> anyhow::Result<String> {
    let output = Command::new(std::env::current_exe()?)
        .args(args)
        .env("RUST_LOG", "warn")
        .output()?;
    anyhow::ensure!(
        output.status.success(),
        "microcred {}: {}{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn serve(storage: &[String], bind: &str) -> anyhow::Result<Child> {
    let mut args = vec!["serve".to_owned(), "--bind".to_owned(), bind.to_owned()];
    args.extend(["--rate-limits".to_owned(), "off".to_owned()]);
    args.extend(storage.iter().cloned());
    Ok(Command::new(std::env::current_exe()?)
        .args(args)
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?)
}

async fn wait_ready(client: &reqwest::Client, base: &str) -> anyhow::Result<()> {
    for _ in 0..600 {
        if let Ok(response) = client.get(format!("{base}/ready")).send().await
            && response.status().is_success()
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    anyhow::bail!("the server did not become ready")
}

async fn post(client: &reqwest::Client, url: String, token: &str, body: Value) -> Option<Value> {
    let response = client
        .post(url)
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .ok()?;
    if !response.status().is_success() {
        return None;
    }
    response.json().await.ok()
}

/// One client's load until it is stopped: issue, now and then revoke what it issued.
async fn load(
    client: reqwest::Client,
    base: String,
    token: String,
    offering: String,
    worker: usize,
    acknowledged: Arc<Mutex<Acknowledged>>,
) {
    for round in 0usize.. {
        let number =
            worker * 1_000_000_000 + round + (std::process::id() as usize % 1000) * 1_000_000;
        let Some(enrolment) = post(
            &client,
            format!("{base}/api/v1/enrolments"),
            &token,
            json!({
                "offering_id": offering,
                "learner": {"full_name": format!("Crash {number}"), "student_number": format!("c{number}")},
                "employment_status": "employed",
                "enrolled_on": "2026-01-10",
            }),
        )
        .await
        else {
            continue;
        };
        let Some(recorded) = post(
            &client,
            format!("{base}/api/v1/assessments"),
            &token,
            json!({"enrolment_id": enrolment["id"], "outcome": {"passed": true, "assessed_on": "2026-02-20", "route": "regular"}, "issue": true}),
        )
        .await
        else {
            continue;
        };
        let Some(id) = recorded["credential"]["id"].as_str().map(str::to_owned) else {
            continue;
        };
        if let Ok(mut acknowledged) = acknowledged.lock() {
            acknowledged.credentials.push(id.clone());
        }
        if round % 4 == 3
            && post(
                &client,
                format!("{base}/api/v1/credentials/{id}/revoke"),
                &token,
                json!({"reason": "crash test"}),
            )
            .await
            .is_some()
            && let Ok(mut acknowledged) = acknowledged.lock()
        {
            acknowledged.revoked.push(id);
        }
    }
}

async fn start_import(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    offering: &str,
    cycle: usize,
) -> Option<(String, u64)> {
    let rows = 400u64;
    let mut file =
        String::from("student_number,full_name,employment_status,passed,assessed_on,issue\n");
    for row in 0..rows {
        let issue = if row % 10 == 0 { "yes" } else { "no" };
        file.push_str(&format!(
            "i{cycle}x{row},Import {cycle} {row},employed,yes,2026-06-01,{issue}\n"
        ));
    }
    let response = client
        .post(format!(
            "{base}/api/v1/imports?offering={offering}&kind=results&file_name=crash{cycle}.csv"
        ))
        .bearer_auth(token)
        .body(file)
        .send()
        .await
        .ok()?;
    if !response.status().is_success() {
        return None;
    }
    let job: Value = response.json().await.ok()?;
    Some((job["id"].as_str()?.to_owned(), rows))
}

#[allow(clippy::disallowed_methods)] // a benchmark measures wall time
pub async fn crash(options: CrashOptions) -> anyhow::Result<()> {
    let started = Instant::now();
    let data = match &options.data_dir {
        Some(dir) => dir.clone(),
        None => std::env::temp_dir().join(format!("microcred-crash-{}", std::process::id())),
    };
    std::fs::create_dir_all(&data).with_context(|| format!("cannot make {}", data.display()))?;
    // One address for the whole run: the credentials' did:web and status lists name it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let bind = format!("127.0.0.1:{port}");
    let base = format!("http://{bind}");
    let mut storage = storage_args(&data, options.database_url.as_deref());
    storage.extend(["--public-url".to_owned(), base.clone()]);
    let mut demo = vec!["demo".to_owned()];
    demo.extend(storage.iter().cloned());
    run_self(&demo)?;
    let mut create = vec![
        "token".to_owned(),
        "create".to_owned(),
        "--role".to_owned(),
        "platform_admin".to_owned(),
    ];
    create.extend(storage.iter().cloned());
    let token = run_self(&create)?.trim().to_owned();
    let mut search = vec![
        "offerings".to_owned(),
        "search".to_owned(),
        "--filter".to_owned(),
        "per_page=1".to_owned(),
        "--json".to_owned(),
    ];
    search.extend(storage.iter().cloned());
    let page: Value = serde_json::from_str(&run_self(&search)?)?;
    let offering = page["items"][0]["id"]
        .as_str()
        .context("no offering")?
        .to_owned();

    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()?;
    let acknowledged = Arc::new(Mutex::new(Acknowledged::default()));
    let mut random = StdRng::from_seed(crate::edge::os_seed()?);
    for cycle in 0..options.cycles {
        let mut server = serve(&storage, &bind)?;
        wait_ready(&client, &base).await?;
        let mut clients = tokio::task::JoinSet::new();
        for worker in 0..4 {
            clients.spawn(load(
                client.clone(),
                base.clone(),
                token.clone(),
                offering.clone(),
                worker + cycle * 4,
                acknowledged.clone(),
            ));
        }
        if cycle % 10 == 0
            && let Some(job) = start_import(&client, &base, &token, &offering, cycle).await
            && let Ok(mut acknowledged) = acknowledged.lock()
        {
            acknowledged.imports.push(job);
        }
        tokio::time::sleep(Duration::from_millis(random.random_range(20..400))).await;
        server.kill()?;
        server.wait()?;
        clients.abort_all();
        while clients.join_next().await.is_some() {}
        if !options.json && (cycle + 1) % 50 == 0 {
            eprintln!("{} cycles", cycle + 1);
        }
    }

    // A last start: what was acknowledged must be there.
    let mut server = serve(&storage, &bind)?;
    wait_ready(&client, &base).await?;
    let acknowledged = std::mem::take(
        &mut *acknowledged
            .lock()
            .map_err(|_| anyhow::anyhow!("poisoned"))?,
    );
    let mut mismatches = Vec::new();
    let revoked: std::collections::HashSet<&String> = acknowledged.revoked.iter().collect();
    for id in &acknowledged.credentials {
        let response = client
            .get(format!("{base}/api/v1/credentials/{id}"))
            .bearer_auth(&token)
            .send()
            .await?;
        if !response.status().is_success() {
            mismatches.push(format!(
                "credential {id} acknowledged, missing ({})",
                response.status()
            ));
            continue;
        }
        let record: Value = response.json().await?;
        if revoked.contains(id) && record["status"] != "revoked" {
            mismatches.push(format!(
                "credential {id}: revocation acknowledged, state {}",
                record["status"]
            ));
        }
    }
    for (id, rows) in &acknowledged.imports {
        let mut job = Value::Null;
        for _ in 0..1_200 {
            job = client
                .get(format!("{base}/api/v1/imports/{id}"))
                .bearer_auth(&token)
                .send()
                .await?
                .json()
                .await?;
            if job["state"] == "done" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let applied: Value = client
            .get(format!("{base}/api/v1/imports/{id}/rows"))
            .bearer_auth(&token)
            .send()
            .await?
            .json()
            .await?;
        let keys: std::collections::HashSet<u64> = applied["items"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|row| row["row"].as_u64())
            .collect();
        let listed = applied["items"].as_array().map_or(0, Vec::len);
        if job["state"] != "done"
            || job["applied_rows"].as_u64() != Some(*rows)
            || listed as u64 != *rows
            || keys.len() != listed
        {
            mismatches.push(format!(
                "import {id}: {job} with {listed} rows listed, {} distinct",
                keys.len()
            ));
        }
    }
    server.kill()?;
    server.wait()?;
    let mut check = vec!["check".to_owned()];
    check.extend(storage.iter().cloned());
    let checked: Value = serde_json::from_str(&run_self(&check).unwrap_or_else(|error| {
        mismatches.push(format!("check: {error}"));
        "{}".to_owned()
    }))
    .unwrap_or(Value::Null);
    let summary = json!({
        "cycles": options.cycles,
        "backend": if options.database_url.is_some() { "postgresql" } else { "sqlite" },
        "acknowledged_credentials": acknowledged.credentials.len(),
        "acknowledged_revocations": acknowledged.revoked.len(),
        "imports": acknowledged.imports.len(),
        "credentials_checked": checked["credentials"],
        "mismatches": mismatches,
        "seconds": started.elapsed().as_secs_f64(),
    });
    if options.json {
        println!("{summary}");
    } else {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    }
    if options.data_dir.is_none() {
        let _ = std::fs::remove_dir_all(&data);
    }
    anyhow::ensure!(
        summary["mismatches"].as_array().is_some_and(Vec::is_empty),
        "acknowledged writes were lost or doubled"
    );
    Ok(())
}
