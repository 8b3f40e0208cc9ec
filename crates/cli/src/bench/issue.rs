//! `microcred bench issue`: issues and persists N credentials through the use-case layer on an
//! embedded SQLite register (synchronous=FULL), and prints credentials per second. The results
//! are recorded first by importing a generated results file (timed and printed too), then
//! `App::issue_pending` issues a credential for each, in batches of one transaction each.
//! Target (design.md §8): at least 5,000 credentials/s on a 2-core machine.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use app::{App, FixedClock, IssuerRight, IssuingConfig, PlatformAdmin, SqlStore, StoreOptions};
use model::{ImportKind, PublicationStatus};
use serde_json::json;
use time::macros::datetime;
use vc::keystore::MasterKey;

use super::stopwatch;

/// design.md §8: credentials issued and persisted per second on one 2-core machine.
const TARGET_PER_SECOND: f64 = 5_000.0;

pub async fn issue(
    count: usize,
    batch: usize,
    data_dir: Option<PathBuf>,
    json: bool,
) -> anyhow::Result<()> {
    let scratch = super::Scratch::new(data_dir, "issue")?;
    run(&scratch.url, count, batch, json).await
}

fn results_file(count: usize) -> Vec<u8> {
    let mut text = String::from(
        "student_number,full_name,email,employment_status,passed,grade,grading_scheme,assessed_on,issue\n",
    );
    let statuses = [
        "employed",
        "self_employed",
        "job_seeker",
        "student",
        "inactive",
        "unknown",
    ];
    for number in 0..count {
        text.push_str(&format!(
            "b{number:07},Learner {number},learner{number}@example.org,{},yes,{},0-20,2026-06-{:02},no\n",
            statuses[number % statuses.len()],
            10 + number % 11,
            1 + number % 28
        ));
    }
    text.into_bytes()
}

async fn run(url: &str, count: usize, batch: usize, json_output: bool) -> anyhow::Result<()> {
    let store = SqlStore::open(url, StoreOptions::default()).await?;
    let app = App::new(
        store,
        Arc::new(FixedClock::new(datetime!(2026-07-01 12:00 UTC))),
        [42; 32],
    )
    .with_issuing(IssuingConfig {
        register_url: "https://register.example.eu".to_owned(),
        master_key: Some(MasterKey::from_bytes([7; 32])),
    });
    app.ensure_default_funding_schemes().await?;
    let admin = PlatformAdmin::local_operator();
    let mut provider = model::sample::provider_json();
    provider["slug"] = json!("bench-provider");
    let provider = app.create_provider(&admin, &provider).await?;
    app.set_provider_status(&admin, &provider.id, PublicationStatus::Published)
        .await?;
    let provider_admin = admin.as_provider_admin(&provider.id);
    let offering = app
        .create_offering(
            &provider_admin,
            &model::sample::offering_json(provider.id.as_str()),
        )
        .await?;
    app.publish_offering(&provider_admin, &offering.id).await?;
    let right = IssuerRight::from(&provider_admin);

    let file = results_file(count);
    let started = stopwatch();
    let job = app
        .start_import(
            &right,
            &offering.id,
            ImportKind::Results,
            "bench.csv",
            &file,
            "bench",
        )
        .await?;
    let job = app.run_import(&job.id, &|_| {}).await?;
    let recorded = started.elapsed();
    anyhow::ensure!(
        job.applied_rows == count,
        "the results import applied {} of {count} rows: {:?}",
        job.applied_rows,
        job.problems.first()
    );

    let started = stopwatch();
    let issued = app
        .issue_pending(&right, Some(&offering.id), count, batch)
        .await?;
    let issuing = started.elapsed();
    anyhow::ensure!(issued == count, "issued {issued} of {count}");

    // Spot check: the last credential verifies against the register.
    let store::Listing { items: last, .. } = app
        .credentials(
            &right,
            store::CredentialFilter {
                limit: 1,
                ..Default::default()
            },
        )
        .await?;
    let verified = match last.first() {
        Some(record) => {
            let bytes = serde_json::to_vec(&record.credential)?;
            app.verify_credential(&bytes).await?.report.verified
        }
        None => false,
    };
    let lists = listing_times(&app, &right, count).await?;
    app.close().await;

    let per_second = |duration: Duration| count as f64 / duration.as_secs_f64().max(1e-9);
    let issued_per_second = per_second(issuing);
    if json_output {
        println!(
            "{}",
            json!({
                "credentials": count,
                "batch": batch,
                "threads": std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
                "results_recorded_per_second": per_second(recorded),
                "issued_per_second": issued_per_second,
                "issuing_seconds": issuing.as_secs_f64(),
                "verified_spot_check": verified,
                "list_page_ms": {
                    "first": lists.first_ms,
                    "deep_offset": lists.offset_ms,
                    "deep_cursor": lists.cursor_ms,
                    "depth": lists.depth,
                },
                "target_per_second": TARGET_PER_SECOND,
                "meets_target": issued_per_second >= TARGET_PER_SECOND,
            })
        );
    } else {
        println!(
            "bench issue: {count} credentials, SQLite (WAL, synchronous=FULL), {batch} per transaction"
        );
        println!(
            "  results recorded (import of a {count}-row CSV):  {:>8.0} rows/s  ({:.1} s)",
            per_second(recorded),
            recorded.as_secs_f64()
        );
        println!(
            "  credentials issued and persisted:              {:>8.0} /s     ({:.1} s)  target >= {TARGET_PER_SECOND:.0}/s: {}",
            issued_per_second,
            issuing.as_secs_f64(),
            if issued_per_second >= TARGET_PER_SECOND {
                "met"
            } else {
                "NOT met"
            }
        );
        println!("  spot check: the last credential verifies: {verified}");
        println!(
            "  list of 50 credentials (median of 7):  first page {:.2} ms, after {} rows by offset {:.2} ms, by cursor {:.2} ms",
            lists.first_ms, lists.depth, lists.offset_ms, lists.cursor_ms
        );
    }
    Ok(())
}

/// Milliseconds for one page of 50 credentials: the first, and one deep in the list by offset
/// and by cursor (the same rows, checked).
struct ListingTimes {
    depth: usize,
    first_ms: f64,
    offset_ms: f64,
    cursor_ms: f64,
}

async fn listing_times(
    app: &App<SqlStore>,
    right: &IssuerRight,
    count: usize,
) -> anyhow::Result<ListingTimes> {
    let depth = count - count / 10;
    let page =
        |offset: usize, after: Option<store::PageCursor>, limit: usize| store::CredentialFilter {
            limit,
            offset,
            after,
            ..Default::default()
        };
    let cursor = if depth == 0 {
        None
    } else {
        app.credentials(right, page(depth - 1, None, 1)).await?.next
    };
    let by_offset = app.credentials(right, page(depth, None, 50)).await?;
    let by_cursor = app.credentials(right, page(0, cursor.clone(), 50)).await?;
    anyhow::ensure!(
        by_offset.items == by_cursor.items,
        "the page after {depth} rows differs by offset and by cursor"
    );
    let median_ms = async |filter: store::CredentialFilter| -> anyhow::Result<f64> {
        let mut times = Vec::new();
        for _ in 0..7 {
            let started = stopwatch();
            app.credentials(right, filter.clone()).await?;
            times.push(started.elapsed().as_secs_f64() * 1_000.0);
        }
        times.sort_by(f64::total_cmp);
        Ok(times[times.len() / 2])
    };
    Ok(ListingTimes {
        depth,
        first_ms: median_ms(page(0, None, 50)).await?,
        offset_ms: median_ms(page(depth, None, 50)).await?,
        cursor_ms: median_ms(page(0, cursor, 50)).await?,
    })
}
