//! The SQL side of the catalogue index: reading what the index needs of offerings, following
//! the `catalogue_changes` log, and serving a search (index for ids, SQL for the documents).

use std::collections::HashMap;
use std::sync::Arc;

use model::{OfferingQuery, SearchPage, SharedOffering};
use sqlx::any::AnyRow;
use sqlx::{AnyPool, AssertSqlSafe};
use time::OffsetDateTime;

use crate::catalogue_index::{CatalogueIndex, IndexedOffering};
use crate::sql_store::{OFFERING_COLUMNS, db, get, offering_from_row, parse_timestamp};
use crate::{StoreError, StoreResult};

/// Past this many pending changes (a bulk load by another process), re-reading everything is
/// cheaper than re-reading each changed offering.
const REBUILD_AFTER: usize = 5_000;

/// Ids per `IN (…)` list: far below SQLite's and PostgreSQL's bound-parameter limits.
const IN_CHUNK: usize = 500;

/// Which offerings to read: all of them, some by id, or all of some providers.
#[derive(Clone, Copy)]
enum Selection<'a> {
    All,
    Offerings(&'a [String]),
    Providers(&'a [String]),
}

fn placeholders(count: usize) -> String {
    (1..=count)
        .map(|index| format!("${index}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn nanoseconds(at: OffsetDateTime) -> i64 {
    i64::try_from(at.unix_timestamp_nanos()).unwrap_or(i64::MAX)
}

pub(crate) async fn fetch(
    pool: &AnyPool,
    sql: String,
    values: &[String],
) -> StoreResult<Vec<AnyRow>> {
    let mut query = sqlx::query(AssertSqlSafe(sql));
    for value in values {
        query = query.bind(value.clone());
    }
    query.fetch_all(pool).await.map_err(db)
}

/// Offering id → values of a many-valued column (languages, funding schemes), each list in
/// order of value (the same on both databases, whatever their keys).
pub(super) async fn many(
    pool: &AnyPool,
    table: &str,
    column: &str,
    filter: &str,
    values: &[String],
) -> StoreResult<HashMap<String, Vec<String>>> {
    let sql = if filter.is_empty() {
        format!("SELECT offering_id, {column} AS value FROM {table} ORDER BY offering_id, {column}")
    } else {
        format!(
            "SELECT m.offering_id, m.{column} AS value FROM {table} m JOIN offerings o ON o.id = m.offering_id{filter} \
             ORDER BY m.offering_id, m.{column}"
        )
    };
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    for row in fetch(pool, sql, values).await? {
        map.entry(get(&row, "offering_id")?)
            .or_default()
            .push(get(&row, "value")?);
    }
    Ok(map)
}

async fn read_chunk(
    pool: &AnyPool,
    column: Option<&str>,
    values: &[String],
) -> StoreResult<Vec<IndexedOffering>> {
    let filter = column.map_or(String::new(), |column| {
        format!(" WHERE {column} IN ({})", placeholders(values.len()))
    });
    let mut languages = many(pool, "offering_languages", "language", &filter, values).await?;
    let mut funding = many(pool, "offering_funding", "scheme", &filter, values).await?;
    let sql = format!(
        "SELECT o.id, o.provider_id, o.eqf, o.ects, o.isced_field, o.isced_broad, o.mode, o.title_sort, o.search_terms, o.created_at, o.published_at, p.country, p.region, \
         CAST(CASE WHEN o.status = 'published' AND p.status = 'published' THEN 1 ELSE 0 END AS BIGINT) AS public, \
         CAST(CASE WHEN o.pilot THEN 1 ELSE 0 END AS BIGINT) AS pilot \
         FROM offerings o JOIN providers p ON p.id = o.provider_id{filter}"
    );
    let rows = fetch(pool, sql, values).await?;
    rows.iter()
        .map(|row| {
            let id: String = get(row, "id")?;
            let eqf: Option<i64> = get(row, "eqf")?;
            let published_at: Option<String> = get(row, "published_at")?;
            Ok(IndexedOffering {
                languages: languages.remove(&id).unwrap_or_default(),
                funding_schemes: funding.remove(&id).unwrap_or_default(),
                id,
                provider_id: get(row, "provider_id")?,
                public: get::<i64>(row, "public")? == 1,
                eqf: eqf.and_then(|eqf| u64::try_from(eqf).ok()),
                ects: get(row, "ects")?,
                isced_field: get(row, "isced_field")?,
                isced_broad: get(row, "isced_broad")?,
                mode: get(row, "mode")?,
                country: get(row, "country")?,
                region: get(row, "region")?,
                pilot: get::<i64>(row, "pilot")? == 1,
                published_at: published_at
                    .as_deref()
                    .map(parse_timestamp)
                    .transpose()?
                    .map(nanoseconds),
                created_at: nanoseconds(parse_timestamp(&get::<String>(row, "created_at")?)?),
                title_sort: get(row, "title_sort")?,
                terms: get(row, "search_terms")?,
            })
        })
        .collect()
}

async fn read_indexed(
    pool: &AnyPool,
    selection: Selection<'_>,
) -> StoreResult<Vec<IndexedOffering>> {
    let (column, values) = match selection {
        Selection::All => return read_chunk(pool, None, &[]).await,
        Selection::Offerings(ids) => ("o.id", ids),
        Selection::Providers(ids) => ("o.provider_id", ids),
    };
    let mut offerings = Vec::new();
    for chunk in values.chunks(IN_CHUNK) {
        offerings.extend(read_chunk(pool, Some(column), chunk).await?);
    }
    Ok(offerings)
}

async fn last_change(pool: &AnyPool) -> StoreResult<i64> {
    let row = sqlx::query("SELECT COALESCE(MAX(seq), 0) AS seq FROM catalogue_changes")
        .fetch_one(pool)
        .await
        .map_err(db)?;
    get(&row, "seq")
}

/// Up to `limit` changes after `after`, oldest first: (seq, offering id, provider id).
async fn changes_after(
    pool: &AnyPool,
    after: i64,
    limit: usize,
) -> StoreResult<Vec<(i64, Option<String>, Option<String>)>> {
    // The limit is written into the statement, not bound: SQLite re-plans a statement whose
    // LIMIT is a parameter every time it is bound again — before every search, where this
    // read runs — and re-parsing it was a tenth of a search's server time.
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT seq, offering_id, provider_id FROM catalogue_changes WHERE seq > $1 ORDER BY seq LIMIT {limit}"
    )))
    .bind(after)
    .fetch_all(pool)
    .await
    .map_err(db)?;
    rows.iter()
        .map(|row| {
            Ok((
                get(row, "seq")?,
                get(row, "offering_id")?,
                get(row, "provider_id")?,
            ))
        })
        .collect()
}

/// Runs index work (CPU-bound, up to seconds for a full build) off the async workers.
async fn blocking(work: impl FnOnce() -> StoreResult<()> + Send + 'static) -> StoreResult<()> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|error| StoreError::Database(format!("catalogue index task: {error}")))?
}

/// Rebuilds the whole index from the database.
pub(crate) async fn rebuild(pool: &AnyPool, index: &Arc<CatalogueIndex>) -> StoreResult<()> {
    // The log position is read before the offerings: a change committed in between is then
    // both in what we read and re-applied later, never lost.
    let up_to = last_change(pool).await?;
    let offerings = read_indexed(pool, Selection::All).await?;
    index.documents.clear();
    let index = Arc::clone(index);
    blocking(move || index.replace_all(&offerings, up_to)).await
}

/// Applies every change committed to the log since the index last looked.
async fn catch_up(pool: &AnyPool, index: &Arc<CatalogueIndex>) -> StoreResult<()> {
    if changes_after(pool, index.applied(), 1).await?.is_empty() {
        return Ok(());
    }
    let _catching_up = index.refresh.lock().await;
    // Another search may have applied them while this one waited.
    let changes = changes_after(pool, index.applied(), REBUILD_AFTER + 1).await?;
    let Some(up_to) = changes.last().map(|(seq, _, _)| *seq) else {
        return Ok(());
    };
    if changes.len() > REBUILD_AFTER {
        return rebuild(pool, index).await;
    }
    let mut offering_ids: Vec<String> = Vec::new();
    let mut provider_ids: Vec<String> = Vec::new();
    for (_, offering, provider) in changes {
        if let Some(offering) = offering {
            offering_ids.push(offering);
        }
        if let Some(provider) = provider {
            provider_ids.push(provider);
        }
    }
    for ids in [&mut offering_ids, &mut provider_ids] {
        ids.sort();
        ids.dedup();
    }
    let mut fresh = read_indexed(pool, Selection::Offerings(&offering_ids)).await?;
    fresh.extend(read_indexed(pool, Selection::Providers(&provider_ids)).await?);
    fresh.sort_by(|left, right| left.id.cmp(&right.id));
    fresh.dedup_by(|left, right| left.id == right.id);
    // Before the index shows the change: a page must not pair it with an older document.
    index.documents.forget(&offering_ids);
    let index = Arc::clone(index);
    blocking(move || index.apply(&offering_ids, &provider_ids, &fresh, up_to)).await
}

/// Reads the current documents of `ids`, in that order: from the index's cache, else from SQL.
async fn current_offerings(
    pool: &AnyPool,
    index: &CatalogueIndex,
    ids: &[String],
) -> StoreResult<Vec<SharedOffering>> {
    let (mut found, epoch) = index.documents.lookup(ids);
    let missing: Vec<String> = ids
        .iter()
        .filter(|id| !found.contains_key(*id))
        .cloned()
        .collect();
    let mut read = Vec::new();
    for chunk in missing.chunks(IN_CHUNK) {
        let sql = format!(
            "SELECT {OFFERING_COLUMNS} FROM offerings o JOIN offering_versions v ON v.offering_id = o.id AND v.version = o.version WHERE o.id IN ({})",
            placeholders(chunk.len())
        );
        for row in fetch(pool, sql, chunk).await? {
            read.push(SharedOffering::new(offering_from_row(&row)?));
        }
    }
    index.documents.keep(epoch, &read);
    for offering in read {
        found.insert(offering.id.as_str().to_owned(), offering);
    }
    // An id the index knows but SQL no longer has cannot happen (offerings are never deleted);
    // were it to, the page is merely one shorter.
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}

/// A catalogue search: catch up with the change log, ask the index, fetch the page from SQL.
pub(crate) async fn search(
    pool: &AnyPool,
    index: &Arc<CatalogueIndex>,
    query: &OfferingQuery,
) -> StoreResult<SearchPage> {
    catch_up(pool, index).await?;
    let (total, ids) = index.search(query)?;
    Ok(SearchPage {
        total,
        items: current_offerings(pool, index, &ids).await?,
    })
}
