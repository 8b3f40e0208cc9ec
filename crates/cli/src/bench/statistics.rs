//! `microcred bench statistics`: builds a register of N enrolments over five years (with their
//! results and credentials, across the generated providers and offerings), written by the
//! database in bulk and then recounted (`learning_sql.rs`: the benchmark's data, not the code
//! under measurement), then times every statistics overview cold and warm through the use case
//! the API calls, and the workbook.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;

use app::statistics::StatisticsQuery;
use app::{App, Principal, SqlStore, Store, StoreOptions};
use model::UiLang;
use store::{StatisticsScope, StatisticsStore};

use super::{app, load, milliseconds, stopwatch};

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
                ..StoreOptions::default()
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
        let generated = super::learning_sql::generate(store, enrolments).await?;
        let written = Written {
            enrolments: generated.enrolments,
            assessments: generated.assessments,
            credentials: generated.credentials,
        };
        (inserted, written, (generated.written, generated.recounted))
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
        (Duration::ZERO, written, (Duration::ZERO, Duration::ZERO))
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
    /// Writing the learners, and recounting the statistics from them.
    generated: (Duration, Duration),
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
                "generate_s": report.generated.0.as_secs_f64(),
                "recount_s": report.generated.1.as_secs_f64(),
                "overviews": overviews,
                "workbook_ms": milliseconds(report.workbook.0),
                "workbook_bytes": report.workbook.1,
                "years": [report.years.0, report.years.1],
            })
        );
        return;
    }
    println!(
        "statistics on {}: {} offerings (written in {:.1} s); {} enrolments, {} results, {} credentials written in {:.1} s and recounted in {:.1} s; years {}–{}",
        report.backend,
        report.offerings,
        report.catalogue.as_secs_f64(),
        report.written.enrolments,
        report.written.assessments,
        report.written.credentials,
        report.generated.0.as_secs_f64(),
        report.generated.1.as_secs_f64(),
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
