//! `microcred bench load` (issue 14): drives a running server over HTTP with a bounded number
//! of concurrent clients, one scenario at a time — catalogue search, verification, issuance —
//! and prints each one's throughput and latency percentiles, and the server's resident memory
//! before and after (given its process id) so that a long run shows whether memory stays flat.
//! The server should run with `--rate-limits off`: the load comes from one address.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use serde_json::{Value, json};

/// What one scenario measured.
#[derive(Debug, serde::Serialize)]
pub struct Measured {
    pub scenario: &'static str,
    pub requests: usize,
    pub errors: usize,
    pub seconds: f64,
    pub per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// The server's CPU time (all threads, user and system) per request, given its process id:
    /// steadier than throughput on a shared machine, whose speed varies from minute to minute.
    pub server_cpu_us_per_request: Option<f64>,
    /// This load generator's own CPU time per request: on one machine, the server has the rest.
    pub client_cpu_us_per_request: Option<f64>,
}

/// How the load is made.
pub struct LoadOptions {
    pub url: String,
    pub token: Option<String>,
    pub seconds: u64,
    pub concurrency: usize,
    pub scenarios: Vec<String>,
    pub pid: Option<u32>,
    pub json: bool,
}

/// One operation of a scenario by client `n` (one or more requests): whether it succeeded.
type Request = Arc<
    dyn Fn(reqwest::Client, usize) -> std::pin::Pin<Box<dyn Future<Output = bool> + Send>>
        + Send
        + Sync,
>;

/// What a search or verification answer must hold to count as answered. Read with
/// `IgnoredAny`, which checks the whole JSON without building it: parsing each twenty-offering
/// page into a `Value` cost this generator more CPU than the server spent making it.
#[derive(serde::Deserialize)]
struct SearchAnswer {
    #[serde(rename = "total")]
    _total: u64,
    #[serde(rename = "items")]
    _items: Vec<serde::de::IgnoredAny>,
}

#[derive(serde::Deserialize)]
struct VerifyAnswer {
    verified: bool,
}

/// Sends one request; whether it succeeded and its body is a `T`.
async fn answered_as<T: serde::de::DeserializeOwned>(
    request: reqwest::RequestBuilder,
) -> Option<T> {
    let response = request.send().await.ok()?;
    if !response.status().is_success() {
        return None;
    }
    serde_json::from_slice(&response.bytes().await.ok()?).ok()
}

/// Sends one request; whether it succeeded, with its JSON answer.
async fn answered(request: reqwest::RequestBuilder) -> (bool, Value) {
    match request.send().await {
        Ok(response) => {
            let ok = response.status().is_success();
            (ok, response.json().await.unwrap_or(Value::Null))
        }
        Err(_) => (false, Value::Null),
    }
}

const QUERIES: &[&str] = &[
    "data",
    "python",
    "zorg",
    "management",
    "digital",
    "energie",
    "leadership",
    "safety",
    "onderwijs",
    "marketing",
    "cyber",
    "welding",
];

fn resident_kib(pid: Option<u32>) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", pid?)).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
}

/// A process's CPU time so far in µs, all threads, user and system (`/proc/PID/stat` fields 14
/// and 15, in clock ticks of USER_HZ, which Linux fixes at 100 a second for user space).
fn cpu_us(pid: Option<u32>) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{}/stat", pid?)).ok()?;
    // After the command name, which may itself hold spaces and parentheses.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(ticks * 10_000)
}

fn percentile(sorted: &[f64], fraction: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let position = ((sorted.len() as f64 - 1.0) * fraction).round() as usize;
    sorted[position.min(sorted.len() - 1)]
}

/// Runs `request` from `concurrency` clients for `seconds`.
#[allow(clippy::disallowed_methods)] // a benchmark measures wall time
async fn drive(
    scenario: &'static str,
    client: &reqwest::Client,
    request: Request,
    concurrency: usize,
    seconds: u64,
) -> Measured {
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let errors = Arc::new(AtomicUsize::new(0));
    let mut workers = tokio::task::JoinSet::new();
    for n in 0..concurrency {
        let (client, request, errors) = (client.clone(), request.clone(), errors.clone());
        workers.spawn(async move {
            let mut latencies = Vec::new();
            let mut round = 0;
            while Instant::now() < deadline {
                let sent = Instant::now();
                let ok = request(client.clone(), n * 1_000_003 + round).await;
                latencies.push(sent.elapsed().as_secs_f64() * 1000.0);
                if !ok {
                    errors.fetch_add(1, Ordering::Relaxed);
                }
                round += 1;
            }
            latencies
        });
    }
    let mut latencies = Vec::new();
    while let Some(Ok(part)) = workers.join_next().await {
        latencies.extend(part);
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort_by(f64::total_cmp);
    Measured {
        scenario,
        requests: latencies.len(),
        errors: errors.load(Ordering::Relaxed),
        seconds: elapsed,
        per_second: latencies.len() as f64 / elapsed,
        p50_ms: percentile(&latencies, 0.50),
        p99_ms: percentile(&latencies, 0.99),
        max_ms: latencies.last().copied().unwrap_or(0.0),
        server_cpu_us_per_request: None,
        client_cpu_us_per_request: None,
    }
}

/// Credentials to verify: a page of the register's (needs a token that may list them).
async fn sample_credentials(
    client: &reqwest::Client,
    options: &LoadOptions,
) -> anyhow::Result<Vec<Value>> {
    let token = options
        .token
        .as_deref()
        .context("the verify scenario needs --token (a platform admin's, to list credentials)")?;
    let (_, provider) = an_offering(client, &options.url).await?;
    let page: Value = client
        .get(format!(
            "{}/api/v1/credentials?provider={provider}&limit=100&state=active",
            options.url
        ))
        .bearer_auth(token)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let credentials: Vec<Value> = page["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|item| item["credential"].clone())
                .collect()
        })
        .unwrap_or_default();
    anyhow::ensure!(
        !credentials.is_empty(),
        "the register has no active credential to verify"
    );
    Ok(credentials)
}

/// An offering of the catalogue and its provider.
async fn an_offering(client: &reqwest::Client, url: &str) -> anyhow::Result<(String, String)> {
    let page: Value = client
        .get(format!("{url}/api/v1/offerings?limit=1"))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let first = &page["items"][0];
    match (first["id"].as_str(), first["provider_id"].as_str()) {
        (Some(offering), Some(provider)) => Ok((offering.to_owned(), provider.to_owned())),
        _ => anyhow::bail!("the register has no published offering"),
    }
}

pub async fn load(options: LoadOptions) -> anyhow::Result<()> {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(options.concurrency)
        .build()?;
    let url = options.url.trim_end_matches('/').to_owned();
    let memory_before = resident_kib(options.pid);
    let mut results = Vec::new();
    for scenario in &options.scenarios {
        let request: Request = match scenario.as_str() {
            "search" => {
                let url = url.clone();
                Arc::new(move |client: reqwest::Client, n: usize| {
                    let request = client.get(format!(
                        "{url}/api/v1/offerings?q={}&limit=20",
                        QUERIES[n % QUERIES.len()]
                    ));
                    Box::pin(async move { answered_as::<SearchAnswer>(request).await.is_some() })
                })
            }
            "verify" => {
                // Serialized once: the generator's time is the server's loss on one machine.
                let credentials: Arc<Vec<Vec<u8>>> = Arc::new(
                    sample_credentials(&client, &options)
                        .await?
                        .iter()
                        .map(serde_json::to_vec)
                        .collect::<Result<_, _>>()?,
                );
                let url = url.clone();
                Arc::new(move |client: reqwest::Client, n: usize| {
                    let request = client
                        .post(format!("{url}/api/v1/verify"))
                        .header(reqwest::header::CONTENT_TYPE, "application/json")
                        .body(credentials[n % credentials.len()].clone());
                    Box::pin(async move {
                        answered_as::<VerifyAnswer>(request)
                            .await
                            .is_some_and(|answer| answer.verified)
                    })
                })
            }
            "issue" => {
                let token = options
                    .token
                    .clone()
                    .context("the issue scenario needs --token (a platform admin's)")?;
                let (offering, _) = an_offering(&client, &url).await?;
                let url = url.clone();
                // Learners of this run alone: a second run on the same register enrols new ones
                // (the same learner twice in one offering is refused, and would count as errors).
                let run = format!("{:x}", std::process::id());
                // An enrolment, then its passed assessment with the credential issued at once.
                Arc::new(move |client: reqwest::Client, n: usize| {
                    let (url, token, offering) = (url.clone(), token.clone(), offering.clone());
                    let learner = format!("{n}-{run}");
                    Box::pin(async move {
                        let (ok, enrolment) = answered(
                            client
                                .post(format!("{url}/api/v1/enrolments"))
                                .bearer_auth(&token)
                                .json(&json!({
                                    "offering_id": offering,
                                    "learner": {"given_names": "Load", "family_names": format!("Learner {learner}"), "email": format!("load{learner}@example.org")},
                                    "employment_status": "employed",
                                    "enrolled_on": "2026-01-10",
                                })),
                        )
                        .await;
                        if !ok {
                            return false;
                        }
                        answered(
                            client
                                .post(format!("{url}/api/v1/assessments"))
                                .bearer_auth(&token)
                                .json(&json!({
                                    "enrolment_id": enrolment["id"],
                                    "outcome": {"passed": true, "assessed_on": "2026-02-20", "route": "regular"},
                                    "issue": true,
                                })),
                        )
                        .await
                        .0
                    })
                })
            }
            other => anyhow::bail!("unknown scenario `{other}` (search, verify, issue)"),
        };
        let name: &'static str = match scenario.as_str() {
            "search" => "catalogue search",
            "verify" => "verification",
            _ => "issuance",
        };
        let own = Some(std::process::id());
        let (server_before, client_before) = (cpu_us(options.pid), cpu_us(own));
        let mut measured =
            drive(name, &client, request, options.concurrency, options.seconds).await;
        let per_request = |before: Option<u64>, after: Option<u64>| {
            let (before, after) = (before?, after?);
            (measured.requests > 0)
                .then(|| after.saturating_sub(before) as f64 / measured.requests as f64)
        };
        measured.server_cpu_us_per_request = per_request(server_before, cpu_us(options.pid));
        measured.client_cpu_us_per_request = per_request(client_before, cpu_us(own));
        results.push(measured);
    }
    let memory_after = resident_kib(options.pid);
    if options.json {
        println!(
            "{}",
            json!({"concurrency": options.concurrency, "scenarios": results, "server_rss_kib_before": memory_before, "server_rss_kib_after": memory_after})
        );
        return Ok(());
    }
    println!(
        "{:<18} {:>9} {:>7} {:>10} {:>9} {:>9} {:>9} {:>14} {:>14}",
        "scenario",
        "requests",
        "errors",
        "req/s",
        "p50 ms",
        "p99 ms",
        "max ms",
        "server µs/req",
        "client µs/req"
    );
    let micros = |us: Option<f64>| us.map_or_else(|| "-".to_owned(), |us| format!("{us:.0}"));
    for result in &results {
        println!(
            "{:<18} {:>9} {:>7} {:>10.0} {:>9.2} {:>9.2} {:>9.1} {:>14} {:>14}",
            result.scenario,
            result.requests,
            result.errors,
            result.per_second,
            result.p50_ms,
            result.p99_ms,
            result.max_ms,
            micros(result.server_cpu_us_per_request),
            micros(result.client_cpu_us_per_request)
        );
    }
    println!(
        "{} concurrent clients, {} s per scenario",
        options.concurrency, options.seconds
    );
    if let (Some(before), Some(after)) = (memory_before, memory_after) {
        println!("server resident memory: {before} KiB before, {after} KiB after");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_process_cpu_time_is_read_and_grows() {
        let own = Some(std::process::id());
        let before = super::cpu_us(own).expect("this process's CPU time");
        // Spin for a few clock ticks (10 ms each).
        let mut x = 0u64;
        let mut spins = 0u64;
        while super::cpu_us(own).unwrap() < before + 50_000 && spins < 1 << 34 {
            for i in 0..100_000u64 {
                x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(i));
            }
            spins += 100_000;
        }
        assert!(super::cpu_us(own).unwrap() >= before + 50_000, "{x}");
        assert_eq!(super::cpu_us(Some(u32::MAX)), None, "no such process");
        assert_eq!(super::cpu_us(None), None);
    }
}
