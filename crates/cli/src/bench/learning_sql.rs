//! The statistics benchmark's learners, written by the database itself: `INSERT … SELECT` over
//! a table of numbers, a chunk at a time, in SQL both databases run, then one recount of the
//! statistics' counts (the recount a migration or `microcred statistics recount` runs, which
//! the store suite holds equal to the counts every write keeps). Writing ten million
//! enrolments through `apply_learning_batch` took almost an hour on PostgreSQL; the benchmark
//! measures the overviews, not the writes, so it writes the rows this way.
//!
//! Every choice (offering, day, employment status, funding, result, credential) is a fixed
//! pseudo-random function of the enrolment's number, so a run is repeatable.

use std::fmt::Write as _;
use std::time::Duration;

use model::learning::STATUS_LIST_SIZE;
use model::{EmploymentStatus, LearnerIdentity, LearnerName, Vocabulary};
use store::{SqlStore, StatisticsScope, StatisticsStore};
use time::macros::date;

use super::stopwatch;

/// Enrolments per `INSERT`.
const CHUNK: usize = 100_000;
/// Days of enrolment: five years from 1 January 2021.
const DAYS: usize = 5 * 365;
/// A result is dated this many days after its enrolment.
const ASSESSED_AFTER: usize = 60;

/// What was written and how long the writing and the recount took.
pub(super) struct Generated {
    pub enrolments: usize,
    pub assessments: usize,
    pub credentials: usize,
    pub written: Duration,
    pub recounted: Duration,
}

/// A pseudo-random number in `0..modulus` drawn from the enrolment number `n`, one stream per
/// `stream` (a different multiplier each: n · a mod p is well spread for a prime p).
fn draw(stream: usize, modulus: usize) -> String {
    const MULTIPLIERS: [u64; 12] = [
        2_654_435_761,
        2_246_822_519,
        3_266_489_917,
        668_265_263,
        374_761_393,
        1_181_783_497,
        2_870_177_453,
        3_575_046_729,
        1_640_531_527,
        2_971_215_073,
        433_494_437,
        1_073_676_287,
    ];
    format!(
        "((n * {} % 4294967291) % {modulus})",
        MULTIPLIERS[stream % MULTIPLIERS.len()]
    )
}

/// `CASE expression WHEN 0 THEN 'a' WHEN 1 THEN 'b' … END`.
fn choose(expression: &str, choices: &[String]) -> String {
    let mut sql = format!("CASE {expression}");
    for (index, choice) in choices.iter().enumerate() {
        write!(sql, " WHEN {index} THEN '{}'", choice.replace('\'', "''")).ok();
    }
    sql.push_str(" END");
    sql
}

/// Writes `count` enrolments over the published offerings and five years: one in four financed
/// by a funding scheme (most with an amount), four in five with a result (one in twelve by
/// validation, 85 % passed), nine in ten passed results with a credential (1 % revoked, 1 %
/// suspended); then recounts the statistics.
pub(super) async fn generate(store: &SqlStore, count: usize) -> anyhow::Result<Generated> {
    let offerings = store.offering_facts(&StatisticsScope::Register).await?;
    anyhow::ensure!(
        !offerings.is_empty(),
        "the benchmark catalogue has no published offering"
    );
    let started = stopwatch();
    let mut setup = String::from(
        "DROP TABLE IF EXISTS bench_numbers;\n\
         DROP TABLE IF EXISTS bench_offerings;\n\
         DROP TABLE IF EXISTS bench_days;\n\
         CREATE TABLE bench_numbers (n BIGINT PRIMARY KEY);\n\
         CREATE TABLE bench_offerings (k BIGINT PRIMARY KEY, provider_id TEXT NOT NULL, offering_id TEXT NOT NULL);\n\
         CREATE TABLE bench_days (k BIGINT PRIMARY KEY, day TEXT NOT NULL);\n",
    );
    let values = |rows: Vec<String>| rows.join(", ");
    for numbers in (0..CHUNK).collect::<Vec<_>>().chunks(5_000) {
        let rows = numbers.iter().map(|n| format!("({n})")).collect();
        writeln!(
            setup,
            "INSERT INTO bench_numbers (n) VALUES {};",
            values(rows)
        )
        .ok();
    }
    let rows = offerings
        .iter()
        .enumerate()
        .map(|(k, offering)| format!("({k}, '{}', '{}')", offering.provider_id, offering.id))
        .collect();
    writeln!(
        setup,
        "INSERT INTO bench_offerings (k, provider_id, offering_id) VALUES {};",
        values(rows)
    )
    .ok();
    let first = date!(2021 - 01 - 01);
    let rows = (0..DAYS + ASSESSED_AFTER)
        .map(|k| format!("({k}, '{}')", first + time::Duration::days(k as i64)))
        .collect();
    writeln!(
        setup,
        "INSERT INTO bench_days (k, day) VALUES {};",
        values(rows)
    )
    .ok();
    store.execute_trusted(&setup).await?;

    // The learner as the store writes it, with the number spliced in.
    let learner = serde_json::to_string(&LearnerIdentity {
        name: LearnerName::Full {
            full_name: "Learner 0".to_owned(),
        },
        email: None,
        student_number: None,
        did: None,
    })?
    .replace('\'', "''");
    let (before, after) = learner
        .split_once("Learner 0")
        .ok_or_else(|| anyhow::anyhow!("learner JSON without its name"))?;
    let statuses: Vec<String> = EmploymentStatus::ALL
        .iter()
        .map(|status| status.code().to_owned())
        .collect();
    let schemes: Vec<String> = model::default_funding_schemes()
        .into_iter()
        .map(|scheme| scheme.code)
        .collect();
    let offering = format!("o.k = {}", draw(0, offerings.len()));
    let day = format!("d.k = {}", draw(1, DAYS));
    let financed = format!("{} = 0", draw(2, 4));
    let assessed = format!("{} > 0", draw(3, 5));
    let passed = format!("{} < 85", draw(4, 100));
    let credentialed = format!("{assessed} AND {passed} AND {} < 9", draw(5, 10));
    let state = draw(6, 100);
    let validation = format!("{} = 0", draw(7, 12));
    let amount_known = format!("{} < 9", draw(10, 10));
    let mut generated = Generated {
        enrolments: count,
        assessments: 0,
        credentials: 0,
        written: Duration::ZERO,
        recounted: Duration::ZERO,
    };
    for offset in (0..count).step_by(CHUNK) {
        let numbers = format!(
            "(SELECT b.n + {} AS n FROM bench_numbers b WHERE b.n < {}) x",
            offset + 1,
            (count - offset).min(CHUNK)
        );
        let from = format!(
            "FROM {numbers} JOIN bench_offerings o ON {offering} JOIN bench_days d ON {day}"
        );
        let sql = format!(
            "INSERT INTO enrolments (id, provider_id, offering_id, learner_key, learner_name, learner, \
             employment_status, enrolled_on, recorded_at, funding_scheme, funding_cents) \
             SELECT 'enr-' || n, o.provider_id, o.offering_id, 'bench-' || n, 'Learner ' || n, \
             '{before}Learner ' || n || '{after}', {status}, d.day, '2026-11-01T09:00:00Z', \
             CASE WHEN {financed} THEN {scheme} END, \
             CASE WHEN {financed} AND {amount_known} THEN 5000 + {amount} END {from};\n\
             INSERT INTO assessments (id, enrolment_id, provider_id, offering_id, offering_version, passed, route, assessed_on, outcome, recorded_at) \
             SELECT 'asm-' || n, 'enr-' || n, o.provider_id, o.offering_id, 1, \
             CASE WHEN {passed} THEN 1 ELSE 0 END, CASE WHEN {validation} THEN 'validation' ELSE 'regular' END, \
             a.day, '{{}}', '2026-11-01T09:00:00Z' \
             {from} JOIN bench_days a ON a.k = d.k + {ASSESSED_AFTER} WHERE {assessed};\n\
             INSERT INTO credentials (id, provider_id, offering_id, enrolment_id, assessment_id, learner_name, state, issued_at, \
             status_list, status_index, document) \
             SELECT '00000000-0000-4000-8000-' || (100000000000 + n), o.provider_id, o.offering_id, 'enr-' || n, 'asm-' || n, \
             'Learner ' || n, CASE {state} WHEN 0 THEN 'revoked' WHEN 1 THEN 'suspended' ELSE 'active' END, \
             a.day || 'T09:00:00Z', n / {STATUS_LIST_SIZE} + 1, n % {STATUS_LIST_SIZE}, '{{\"benchmark\":true}}' \
             {from} JOIN bench_days a ON a.k = d.k + {ASSESSED_AFTER} WHERE {credentialed};\n",
            status = choose(&draw(8, statuses.len()), &statuses),
            scheme = choose(&draw(9, schemes.len()), &schemes),
            amount = draw(11, 85_000),
        );
        store.execute_trusted(&sql).await?;
    }
    store
        .execute_trusted(
            "DROP TABLE bench_numbers;\nDROP TABLE bench_offerings;\nDROP TABLE bench_days;\n",
        )
        .await?;
    generated.written = started.elapsed();
    let started = stopwatch();
    store.recount_statistics().await?;
    generated.recounted = started.elapsed();
    let all = store::FactRange {
        from: "2000-01-01".to_owned(),
        to: "2100-01-01".to_owned(),
        grain: store::Grain::Term,
    };
    for fact in store
        .completion_facts(&StatisticsScope::Register, &all)
        .await?
    {
        generated.assessments += fact.assessed as usize;
        generated.credentials += fact.credentialed as usize;
    }
    Ok(generated)
}
