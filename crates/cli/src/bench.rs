//! `microcred bench catalogue`: generates a catalogue of N offerings in four languages and
//! measures public search latency over a fixed query mix, through the use case the API calls.

pub mod crash;
mod generate;
mod issue;
mod learning_sql;
pub mod load;
mod statistics;
pub mod vc;

pub use issue::issue;
pub use statistics::statistics;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use app::{App, FixedClock, SqlStore, Store, StoreOptions};
use model::vocab::ParticipationMode;
use model::{OfferingContent, OfferingQuery, OfferingRules, SortOrder};
use rand::SeedableRng;
use rand::rngs::StdRng;
use time::macros::datetime;

use generate::{PROVIDERS, offering, provider, provider_id};

const BATCH: usize = 5_000;
const ROUNDS: usize = 20;
/// design.md §8: catalogue search p95 under 20 ms at 100,000 offerings.
const TARGET_P95_MS: f64 = 20.0;

/// The fixed query mix: (name, query). Words hit from a few hundred to tens of thousands of rows.
fn query_mix() -> Vec<(&'static str, OfferingQuery)> {
    let text = |words: &str| OfferingQuery {
        text: Some(words.to_owned()),
        ..OfferingQuery::default()
    };
    let all = OfferingQuery::default;
    vec![
        ("browse newest (no filter)", all()),
        ("text nl: cursussen", text("cursussen")),
        ("text nl: warmtepompen", text("warmtepompen")),
        ("text en: safety", text("safety")),
        ("text fr: formation", text("formation")),
        ("text de: Grundlagen", text("Grundlagen")),
        ("two words: data python", text("data python")),
        // Prefix matches: `bouw` only begins compounds (bouwsector), `werk` begins many words
        // in many offerings (werken, werkvloer, werkzoekenden).
        ("prefix nl: bouw", text("bouw")),
        ("prefix nl: werk", text("werk")),
        ("two words: cursus veiligheid", text("cursus veiligheid")),
        (
            "filter eqf 5",
            OfferingQuery {
                eqf: Some(5),
                ..all()
            },
        ),
        (
            "filter ects 3-6",
            OfferingQuery {
                ects_min: Some(3.0),
                ects_max: Some(6.0),
                ..all()
            },
        ),
        (
            "filter field 061",
            OfferingQuery {
                isced_field: Some("061".into()),
                ..all()
            },
        ),
        (
            "filter mode + language",
            OfferingQuery {
                mode: Some(ParticipationMode::Online),
                language: Some("fr".into()),
                ..all()
            },
        ),
        (
            "filter region BE2",
            OfferingQuery {
                region: Some("BE2".into()),
                ..all()
            },
        ),
        (
            "filter funding scheme",
            OfferingQuery {
                funding_scheme: Some("kmo_portefeuille".into()),
                ..all()
            },
        ),
        (
            "filter pilot",
            OfferingQuery {
                pilot: Some(true),
                ..all()
            },
        ),
        (
            "text + filters",
            OfferingQuery {
                text: Some("opleiding".into()),
                eqf: Some(4),
                region: Some("BE2".into()),
                ..all()
            },
        ),
        (
            "page 5 of broad text",
            OfferingQuery {
                text: Some("course".into()),
                offset: 80,
                limit: 20,
                ..all()
            },
        ),
        (
            "sort by title, field 04",
            OfferingQuery {
                isced_field: Some("04".into()),
                sort: SortOrder::Title,
                ..all()
            },
        ),
    ]
}

#[allow(clippy::disallowed_methods)] // A benchmark measures wall-clock time; nothing else here reads the clock.
fn stopwatch() -> Instant {
    Instant::now()
}

fn milliseconds(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1_000.0
}

/// (p50, p95, max) in milliseconds; nearest-rank percentiles.
fn percentiles(samples: &mut [Duration]) -> (f64, f64, f64) {
    samples.sort();
    let rank = |q: f64| {
        samples
            .get(((q * samples.len() as f64).ceil() as usize).saturating_sub(1))
            .copied()
            .unwrap_or_default()
    };
    (
        milliseconds(rank(0.50)),
        milliseconds(rank(0.95)),
        milliseconds(samples.last().copied().unwrap_or_default()),
    )
}

/// Generates a catalogue of `offerings` offerings in a fresh SQLite store (in `data_dir`, or a
/// temporary directory that is removed afterwards) and prints search latency.
pub async fn catalogue(
    offerings: usize,
    data_dir: Option<PathBuf>,
    json: bool,
) -> anyhow::Result<()> {
    let scratch = Scratch::new(data_dir, "catalogue")?;
    run(&scratch.url, offerings, json).await
}

/// A fresh SQLite database for a benchmark: `bench-{name}.sqlite` in `data_dir` (kept), or in a
/// temporary directory that is removed when this is dropped.
pub(super) struct Scratch {
    pub url: String,
    directory: PathBuf,
    temporary: bool,
}

impl Scratch {
    pub(super) fn new(data_dir: Option<PathBuf>, name: &str) -> anyhow::Result<Scratch> {
        let temporary = data_dir.is_none();
        let directory = data_dir.unwrap_or_else(|| {
            std::env::temp_dir().join(format!("microcred-bench-{name}-{}", std::process::id()))
        });
        std::fs::create_dir_all(&directory)
            .with_context(|| format!("creating {}", directory.display()))?;
        let database = directory.join(format!("bench-{name}.sqlite"));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", database.display()));
        }
        Ok(Scratch {
            url: format!("sqlite://{}", database.display()),
            directory,
            temporary,
        })
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if self.temporary {
            let _ = std::fs::remove_dir_all(&self.directory);
        }
    }
}

fn app(store: SqlStore) -> App<SqlStore> {
    App::new(
        store,
        Arc::new(FixedClock::new(datetime!(2026-11-22 12:00 UTC))),
        [42; 32],
    )
}

/// Times of the set-up: generating and inserting, refreshing statistics, and opening the store
/// again, which builds the in-memory search index from the database.
#[derive(Clone, Copy)]
struct SetUp {
    inserted: Duration,
    generated: Duration,
    index_built: Duration,
}

async fn run(url: &str, offerings: usize, json: bool) -> anyhow::Result<()> {
    let store = SqlStore::open(url, StoreOptions::default()).await?;
    let loader = app(store.clone());
    let loaded = load(&loader, &store, offerings).await;
    loader.close().await;
    let (inserted, generated) = loaded?;
    let started = stopwatch();
    let store = SqlStore::open(url, StoreOptions::default()).await?;
    let app = app(store.clone());
    let set_up = SetUp {
        inserted,
        generated,
        index_built: started.elapsed(),
    };
    let result = measure(&app, &store, offerings, &set_up, json).await;
    app.close().await;
    result
}

/// Fills the store with `offerings` generated offerings, written straight to the store (the
/// benchmark's data, not the use cases under measurement); returns (inserted, statistics done).
async fn load(
    app: &App<SqlStore>,
    store: &SqlStore,
    offerings: usize,
) -> anyhow::Result<(Duration, Duration)> {
    let started = stopwatch();
    app.ensure_default_funding_schemes().await?;
    let schemes = app.funding_scheme_codes().await?;
    for index in 0..PROVIDERS {
        store.insert_provider(&provider(index, &schemes)?).await?;
    }
    let template = OfferingContent::from_json(
        &model::sample::offering_json(provider_id(0)?.as_str()),
        &OfferingRules {
            funding_schemes: &schemes,
        },
    )
    .map_err(|errors| anyhow::anyhow!("{errors:?}"))?;
    let mut rng = StdRng::seed_from_u64(0x00be_0c47);
    let mut remaining = offerings;
    while remaining > 0 {
        let batch = (0..remaining.min(BATCH))
            .map(|_| offering(&template, &mut rng))
            .collect::<anyhow::Result<Vec<_>>>()?;
        store.insert_offerings(&batch).await?;
        remaining -= batch.len();
    }
    let inserted = started.elapsed();
    store.optimize().await?;
    Ok((inserted, started.elapsed()))
}

async fn measure(
    app: &App<SqlStore>,
    store: &SqlStore,
    offerings: usize,
    set_up: &SetUp,
    json: bool,
) -> anyhow::Result<()> {
    let SetUp {
        inserted,
        generated,
        index_built,
    } = *set_up;
    let mix = query_mix();
    let mut samples: Vec<Vec<Duration>> = vec![Vec::new(); mix.len()];
    let mut hits = vec![0u64; mix.len()];
    // Round 0 warms the page cache and is not counted.
    for round in 0..=ROUNDS {
        for (index, (_, query)) in mix.iter().enumerate() {
            let start = stopwatch();
            let page = app.search(query.clone()).await?;
            let elapsed = start.elapsed();
            hits[index] = page.total;
            if round > 0 {
                samples[index].push(elapsed);
            }
        }
    }
    let mut overall: Vec<Duration> = samples.iter().flatten().copied().collect();
    let (p50, p95, max) = percentiles(&mut overall);
    let (write_p50, write_p95, write_max) = percentiles(&mut search_after_write(app, store).await?);
    if json {
        let per_query: Vec<serde_json::Value> = mix.iter().zip(samples.iter_mut()).zip(&hits).map(|(((name, _), samples), hits)| {
            let (p50, p95, max) = percentiles(samples);
            serde_json::json!({"query": name, "hits": hits, "p50_ms": p50, "p95_ms": p95, "max_ms": max})
        }).collect();
        let report = serde_json::json!({"offerings": offerings, "queries": overall.len(), "rounds": ROUNDS, "p50_ms": p50, "p95_ms": p95, "max_ms": max, "insert_s": inserted.as_secs_f64(), "generate_s": generated.as_secs_f64(), "index_build_s": index_built.as_secs_f64(), "after_write_p50_ms": write_p50, "after_write_p95_ms": write_p95, "per_query": per_query});
        println!("{report}");
        return Ok(());
    }
    println!(
        "catalogue of {offerings} offerings from {PROVIDERS} providers generated and inserted in {:.1} s, analyzed in {:.1} s (SQLite)",
        inserted.as_secs_f64(),
        (generated - inserted).as_secs_f64()
    );
    println!(
        "store reopened, in-memory search index built from the database in {:.2} s",
        index_built.as_secs_f64()
    );
    println!(
        "{ROUNDS} rounds of {} queries after one warm-up round, through the public search use case:\n",
        mix.len()
    );
    println!(
        "{:<32} {:>8} {:>8} {:>8} {:>8}",
        "query", "hits", "p50 ms", "p95 ms", "max ms"
    );
    for (((name, _), samples), hits) in mix.iter().zip(samples.iter_mut()).zip(&hits) {
        let (p50, p95, max) = percentiles(samples);
        println!("{name:<32} {hits:>8} {p50:>8.2} {p95:>8.2} {max:>8.2}");
    }
    println!(
        "{:<32} {:>8} {p50:>8.2} {p95:>8.2} {max:>8.2}",
        "overall",
        overall.len()
    );
    println!(
        "{:<32} {:>8} {write_p50:>8.2} {write_p95:>8.2} {write_max:>8.2}",
        "(browse right after a write)", ROUNDS
    );
    let verdict = if p95 < TARGET_P95_MS { "met" } else { "MISSED" };
    println!("\ntarget p95 < {TARGET_P95_MS} ms (design.md §8): {verdict}");
    Ok(())
}

/// Search latency right after a write: the search first applies that change to its index
/// (re-reads the offering, replaces it, commits). Not part of the mix: writes are rare.
async fn search_after_write(
    app: &App<SqlStore>,
    store: &SqlStore,
) -> anyhow::Result<Vec<Duration>> {
    let newest = app.search(OfferingQuery::default()).await?;
    let mut samples = Vec::new();
    for item in newest.items.iter().cycle().take(ROUNDS) {
        store.replace_offering(item).await?;
        let start = stopwatch();
        app.search(OfferingQuery::default()).await?;
        samples.push(start.elapsed());
    }
    Ok(samples)
}
