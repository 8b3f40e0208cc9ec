//! `microcred bench statistics`: builds a register of N enrolments over five years (with their
//! results and credentials, across the generated providers and offerings), written straight to
//! the store in bulk (the benchmark's data, not the code under measurement), then times every
//! statistics overview cold and warm through the use case the API calls, and the workbook.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;

use app::statistics::StatisticsQuery;
use app::{App, Principal, SqlStore, Store, StoreOptions};
use model::learning::{STATUS_LIST_SIZE, StatusSlot};
use model::{
    Assessment, AssessmentId, AssessmentOutcome, AssessmentRoute, CredentialId, CredentialRecord,
    CredentialState, EmploymentStatus, Enrolment, EnrolmentFunding, EnrolmentId, LearnerIdentity,
    LearnerName, UiLang, Vocabulary,
};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use store::{LearningBatch, LearningStore, StatisticsScope, StatisticsStore};
use time::macros::{date, datetime};

use super::{app, load, milliseconds, stopwatch};

/// Records written per transaction.
const CHUNK: usize = 10_000;

/// Where the benchmark register lives: a fresh SQLite file, or a fresh schema on PostgreSQL.
pub async fn statistics(
    enrolments: usize,
    offerings: usize,
    database_url: Option<String>,
    data_dir: Option<PathBuf>,
    keep: bool,
    json: bool,
) -> anyhow::Result<()> {
    // `_scratch` removes a temporary SQLite directory when the benchmark ends.
    let (url, options, cleanup, _scratch) = match &database_url {
        Some(url) => {
            let schema = if keep {
                "bench_statistics_kept".to_owned()
            } else {
                format!("bench_statistics_{}", std::process::id())
            };
            let options = StoreOptions {
                postgres_schema: Some(schema.clone()),
                max_connections: Some(4),
            };
            (url.clone(), options, (!keep).then_some(schema), None)
        }
        None if keep => {
            let directory = data_dir.context("--keep needs --data-dir for SQLite")?;
            std::fs::create_dir_all(&directory)?;
            let url = format!(
                "sqlite://{}",
                directory.join("bench-statistics.sqlite").display()
            );
            (url, StoreOptions::default(), None, None)
        }
        None => {
            let scratch = super::Scratch::new(data_dir, "statistics")?;
            (
                scratch.url.clone(),
                StoreOptions::default(),
                None,
                Some(scratch),
            )
        }
    };
    let store = SqlStore::open(&url, options).await?;
    let loader = app(store.clone());
    let result = run(&loader, &store, enrolments, offerings, json).await;
    loader.close().await;
    if let Some(schema) = cleanup {
        SqlStore::drop_postgres_schema(&url, &schema).await?;
    }
    result
}

async fn run(
    app: &App<SqlStore>,
    store: &SqlStore,
    enrolments: usize,
    mut offerings: usize,
    json: bool,
) -> anyhow::Result<()> {
    // A kept register that holds enrolments already is measured as it is.
    let kept: Vec<store::CompletionFacts> = store
        .completion_facts(
            &StatisticsScope::Register,
            &store::FactRange {
                from: "2000-01-01".to_owned(),
                to: "2100-01-01".to_owned(),
                grain: store::Grain::Term,
            },
        )
        .await?;
    let (inserted, written, generated) = if kept.is_empty() {
        let (inserted, _) = load(app, store, offerings).await?;
        let started = stopwatch();
        let written = generate(store, enrolments).await?;
        (inserted, written, started.elapsed())
    } else {
        let sum = |value: fn(&store::CompletionFacts) -> u64| {
            kept.iter().map(value).sum::<u64>() as usize
        };
        offerings = store
            .offering_facts(&StatisticsScope::Register)
            .await?
            .len();
        let written = Written {
            enrolments: sum(|fact| fact.enrolled),
            assessments: sum(|fact| fact.assessed),
            credentials: sum(|fact| fact.credentialed),
        };
        (Duration::ZERO, written, Duration::ZERO)
    };
    let query = StatisticsQuery::from_params(&[], app.now().date())
        .map_err(|error| anyhow::anyhow!(error.message))?;
    let operator = Principal::local_operator();
    let mut timings = Vec::new();
    for overview in app::statistics::OVERVIEWS {
        let mut times = Vec::new();
        for _ in 0..2 {
            let started = stopwatch();
            let table = app
                .statistics(Some(&operator), overview.id, &query, UiLang::En)
                .await?;
            times.push((started.elapsed(), table.rows.len()));
        }
        timings.push((overview.id, times[0].0, times[1].0, times[1].1));
    }
    let started = stopwatch();
    let workbook = app
        .statistics_workbook(Some(&operator), &query, UiLang::En)
        .await?;
    let workbook_time = started.elapsed();
    report(&Report {
        backend: match store.backend() {
            app::Backend::Sqlite => "SQLite",
            app::Backend::Postgres => "PostgreSQL",
        },
        offerings,
        written,
        catalogue: inserted,
        generated,
        timings,
        workbook: (workbook_time, workbook.len()),
        years: (query.from, query.to),
        json,
    });
    Ok(())
}

struct Report {
    backend: &'static str,
    offerings: usize,
    written: Written,
    catalogue: Duration,
    generated: Duration,
    timings: Vec<(&'static str, Duration, Duration, usize)>,
    workbook: (Duration, usize),
    years: (i32, i32),
    json: bool,
}

#[derive(Default, Clone, Copy)]
struct Written {
    enrolments: usize,
    assessments: usize,
    credentials: usize,
}

fn report(report: &Report) {
    if report.json {
        let overviews: Vec<serde_json::Value> = report
            .timings
            .iter()
            .map(|(id, cold, warm, rows)| {
                serde_json::json!({"id": id, "cold_ms": milliseconds(*cold), "warm_ms": milliseconds(*warm), "rows": rows})
            })
            .collect();
        println!(
            "{}",
            serde_json::json!({
                "backend": report.backend,
                "offerings": report.offerings,
                "enrolments": report.written.enrolments,
                "assessments": report.written.assessments,
                "credentials": report.written.credentials,
                "generate_s": report.generated.as_secs_f64(),
                "overviews": overviews,
                "workbook_ms": milliseconds(report.workbook.0),
                "workbook_bytes": report.workbook.1,
                "years": [report.years.0, report.years.1],
            })
        );
        return;
    }
    println!(
        "statistics on {}: {} offerings (written in {:.1} s); {} enrolments, {} results, {} credentials written in {:.1} s; years {}–{}",
        report.backend,
        report.offerings,
        report.catalogue.as_secs_f64(),
        report.written.enrolments,
        report.written.assessments,
        report.written.credentials,
        report.generated.as_secs_f64(),
        report.years.0,
        report.years.1
    );
    println!(
        "{:<16} {:>10} {:>10} {:>8}",
        "overview", "cold ms", "warm ms", "rows"
    );
    for (id, cold, warm, rows) in &report.timings {
        println!(
            "{id:<16} {:>10.1} {:>10.1} {rows:>8}",
            milliseconds(*cold),
            milliseconds(*warm)
        );
    }
    println!(
        "workbook (every overview): {:.1} ms, {} bytes",
        milliseconds(report.workbook.0),
        report.workbook.1
    );
}

/// Writes `count` enrolments spread over the published offerings and five years; four in five
/// get a result (one in twelve by validation), and most passed results a credential.
async fn generate(store: &SqlStore, count: usize) -> anyhow::Result<Written> {
    let offerings = store.offering_facts(&StatisticsScope::Register).await?;
    anyhow::ensure!(
        !offerings.is_empty(),
        "the benchmark catalogue has no published offering"
    );
    let schemes: Vec<String> = model::default_funding_schemes()
        .into_iter()
        .map(|scheme| scheme.code)
        .collect();
    let mut rng = StdRng::seed_from_u64(0x5747_1571);
    let mut slots: HashMap<String, u32> = HashMap::new();
    let mut written = Written::default();
    let first = date!(2021 - 01 - 01);
    let days = 5 * 365;
    let recorded = datetime!(2026-11-01 09:00 UTC);
    let mut number = 0usize;
    while number < count {
        let mut batch = LearningBatch::default();
        for _ in 0..CHUNK.min(count - number) {
            number += 1;
            let offering = &offerings[rng.random_range(0..offerings.len())];
            let enrolled_on = first + time::Duration::days(rng.random_range(0..days));
            let enrolment = Enrolment {
                id: EnrolmentId::parse(&format!("enr-{number:012x}"))
                    .map_err(anyhow::Error::msg)?,
                provider_id: offering.provider_id.clone(),
                offering_id: offering.id.clone(),
                learner: LearnerIdentity {
                    name: LearnerName::Full {
                        full_name: format!("Learner {number}"),
                    },
                    email: Some(format!("l{number}@bench.example")),
                    student_number: None,
                    did: None,
                },
                employment_status: EmploymentStatus::ALL
                    [rng.random_range(0..EmploymentStatus::ALL.len())],
                enrolled_on,
                recorded_at: recorded,
                funding: (rng.random_range(0..4) == 0).then(|| EnrolmentFunding {
                    scheme: schemes[rng.random_range(0..schemes.len())].clone(),
                    amount_cents: Some(rng.random_range(5_000..90_000)),
                }),
            };
            if rng.random_range(0..5) > 0 {
                let passed = rng.random_range(0..100) < 85;
                let route = if rng.random_range(0..12) == 0 {
                    AssessmentRoute::Validation {
                        prior_learning: model::vocab::LearningSetting::NonFormal,
                    }
                } else {
                    AssessmentRoute::Regular
                };
                let assessment = Assessment {
                    id: AssessmentId::parse(&format!("asm-{number:012x}"))
                        .map_err(anyhow::Error::msg)?,
                    enrolment_id: enrolment.id.clone(),
                    provider_id: enrolment.provider_id.clone(),
                    offering_id: enrolment.offering_id.clone(),
                    offering_version: 1,
                    outcome: AssessmentOutcome {
                        passed,
                        grade: None,
                        assessed_on: enrolled_on + time::Duration::days(60),
                        supervision: None,
                        route,
                    },
                    recorded_at: recorded,
                };
                if passed && rng.random_range(0..10) < 9 {
                    let used = slots.entry(enrolment.provider_id.to_string()).or_default();
                    let slot = StatusSlot {
                        list: *used / STATUS_LIST_SIZE + 1,
                        index: *used % STATUS_LIST_SIZE,
                    };
                    *used += 1;
                    let state = match rng.random_range(0..100) {
                        0 => CredentialState::Revoked,
                        1 => CredentialState::Suspended,
                        _ => CredentialState::Active,
                    };
                    batch.credentials.push(CredentialRecord {
                        id: CredentialId::from_urn(&format!(
                            "00000000-0000-4000-8000-{number:012x}"
                        ))
                        .map_err(anyhow::Error::msg)?,
                        provider_id: enrolment.provider_id.clone(),
                        offering_id: enrolment.offering_id.clone(),
                        enrolment_id: enrolment.id.clone(),
                        assessment_id: assessment.id.clone(),
                        learner_name: format!("Learner {number}"),
                        state,
                        issued_at: recorded.replace_date(assessment.outcome.assessed_on),
                        status_slot: slot,
                        status_reason: None,
                        status_changed_at: None,
                        replaced_by: None,
                        credential: serde_json::json!({"benchmark": true}),
                    });
                }
                batch.assessments.push(assessment);
            }
            batch.enrolments.push(enrolment);
        }
        written.enrolments += batch.enrolments.len();
        written.assessments += batch.assessments.len();
        written.credentials += batch.credentials.len();
        store.apply_learning_batch(&batch).await?;
    }
    Ok(written)
}
