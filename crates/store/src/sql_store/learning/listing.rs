//! Listings of enrolments and credentials, newest first: keyset pages (`after`: the rows whose
//! sort key comes after the cursor's, read from the index), offsets that skip in the index only
//! (the deferred join reads full rows for the page alone, so a deep offset no longer sorts and
//! holds every document before it), the learner search on the folded `learner_search` column,
//! and the rows that belong to one page's enrolments.

use model::{CredentialRecord, Enrolment, EnrolmentId, ImportJob, Vocabulary};
use sqlx::AssertSqlSafe;
use sqlx::any::AnyRow;

use super::rows::*;
use crate::StoreResult;
use crate::learning::{CredentialFilter, EnrolmentFilter};
use crate::listing::{Listing, ListingKind, PageCursor};
use crate::sql_store::SqlStore;
use crate::sql_store::rows::{db, get};

/// At most this many words of a learner search are used.
const MAX_SEARCH_WORDS: usize = 5;
/// Enrolments per `IN (…)` list.
const IN_CHUNK: usize = 500;

/// What a learner search matches: the folded name and identifiers, as stored in
/// `learner_search`.
pub(in crate::sql_store) fn learner_search_text<'a>(
    parts: impl IntoIterator<Item = &'a str>,
) -> String {
    let joined: Vec<&str> = parts.into_iter().filter(|part| !part.is_empty()).collect();
    model::search::fold(&joined.join(" "))
}

/// The search's words, folded, each a `LIKE` pattern with `%`, `_` and `\` escaped.
fn search_patterns(search: Option<&str>) -> Vec<String> {
    let folded = model::search::fold(search.unwrap_or_default());
    folded
        .split_whitespace()
        .take(MAX_SEARCH_WORDS)
        .map(|word| {
            let word: String = word.chars().take(60).collect();
            let escaped = word
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            format!("%{escaped}%")
        })
        .collect()
}

/// A listing's filter: equalities on our own columns, and search words.
struct Filter<'a> {
    equal: Vec<(&'static str, Option<String>)>,
    search: Option<&'a str>,
    limit: usize,
    offset: usize,
    after: Option<&'a PageCursor>,
}

impl SqlStore {
    pub(super) async fn enrolment_listing(
        &self,
        filter: &EnrolmentFilter,
    ) -> StoreResult<Listing<Enrolment>> {
        let equal = vec![
            (
                "provider_id",
                filter.provider.as_ref().map(|id| id.as_str().to_owned()),
            ),
            (
                "offering_id",
                filter.offering.as_ref().map(|id| id.as_str().to_owned()),
            ),
        ];
        self.listing(
            ListingKind::Enrolments,
            "enrolments",
            Filter {
                equal,
                search: filter.search.as_deref(),
                limit: filter.limit,
                offset: filter.offset,
                after: filter.after.as_ref(),
            },
            enrolment_from_row,
        )
        .await
    }

    pub(super) async fn credential_listing(
        &self,
        filter: &CredentialFilter,
    ) -> StoreResult<Listing<CredentialRecord>> {
        let equal = vec![
            (
                "provider_id",
                filter.provider.as_ref().map(|id| id.as_str().to_owned()),
            ),
            (
                "offering_id",
                filter.offering.as_ref().map(|id| id.as_str().to_owned()),
            ),
            (
                "enrolment_id",
                filter.enrolment.as_ref().map(|id| id.as_str().to_owned()),
            ),
            ("state", filter.state.map(|state| state.code().to_owned())),
        ];
        self.listing(
            ListingKind::Credentials,
            "credentials",
            Filter {
                equal,
                search: filter.search.as_deref(),
                limit: filter.limit,
                offset: filter.offset,
                after: filter.after.as_ref(),
            },
            credential_from_row,
        )
        .await
    }

    pub(super) async fn import_listing(
        &self,
        provider: &model::ProviderId,
        limit: usize,
        after: Option<&PageCursor>,
    ) -> StoreResult<Listing<ImportJob>> {
        self.listing(
            ListingKind::ImportJobs,
            "import_jobs",
            Filter {
                equal: vec![("provider_id", Some(provider.as_str().to_owned()))],
                search: None,
                limit,
                offset: 0,
                after,
            },
            job_from_row,
        )
        .await
    }

    /// The total of `table`'s rows that pass the filter, and one page of them in `kind`'s order
    /// (descending sort key). Table and column names are ours, never input.
    async fn listing<T>(
        &self,
        kind: ListingKind,
        table: &str,
        filter: Filter<'_>,
        from_row: fn(&AnyRow) -> StoreResult<T>,
    ) -> StoreResult<Listing<T>> {
        let mut conditions = Vec::new();
        let mut values: Vec<String> = Vec::new();
        for (column, value) in filter.equal {
            if let Some(value) = value {
                values.push(value);
                conditions.push(format!("{column} = ${}", values.len()));
            }
        }
        for pattern in search_patterns(filter.search) {
            values.push(pattern);
            conditions.push(format!("learner_search LIKE ${} ESCAPE '\\'", values.len()));
        }
        let total = {
            let sql = format!(
                "SELECT COUNT(*) AS n FROM {table}{}",
                where_clause(&conditions)
            );
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for value in &values {
                query = query.bind(value.as_str());
            }
            count(get(&query.fetch_one(&self.pool).await.map_err(db)?, "n")?)
        };
        let columns = kind.key_columns();
        let mut offset = filter.offset;
        if let Some(after) = filter.after {
            let first = values.len() + 1;
            values.extend(after.key().iter().cloned());
            conditions.push(format!(
                "({}) < ({})",
                columns.join(", "),
                placeholders(first, columns.len())
            ));
            offset = 0;
        }
        let order: Vec<String> = columns
            .iter()
            .map(|column| format!("{column} DESC"))
            .collect();
        let order = order.join(", ");
        let limit = filter.limit.max(1);
        // One row more than the page tells whether there is a next page.
        let sql = format!(
            "SELECT * FROM {table} WHERE id IN (SELECT id FROM {table}{} ORDER BY {order} LIMIT {} OFFSET {offset}) ORDER BY {order}",
            where_clause(&conditions),
            limit + 1
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for value in &values {
            query = query.bind(value.as_str());
        }
        let rows = query.fetch_all(&self.pool).await.map_err(db)?;
        let next = if rows.len() > limit {
            let last = &rows[limit - 1];
            let key = columns
                .iter()
                .map(|column| get::<String>(last, column))
                .collect::<StoreResult<Vec<_>>>()?;
            Some(PageCursor::new(kind, key))
        } else {
            None
        };
        let items = rows
            .iter()
            .take(limit)
            .map(from_row)
            .collect::<StoreResult<_>>()?;
        Ok(Listing { total, items, next })
    }

    /// The rows of `table` that belong to the given enrolments, ordered by `order` within each
    /// query of at most `IN_CHUNK` enrolments.
    pub(super) async fn rows_of_enrolments<T>(
        &self,
        table: &str,
        order: &str,
        enrolments: &[EnrolmentId],
        from_row: fn(&AnyRow) -> StoreResult<T>,
    ) -> StoreResult<Vec<T>> {
        let mut found = Vec::new();
        for chunk in enrolments.chunks(IN_CHUNK) {
            let sql = format!(
                "SELECT * FROM {table} WHERE enrolment_id IN ({}) ORDER BY {order}",
                placeholders(1, chunk.len())
            );
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for id in chunk {
                query = query.bind(id.as_str());
            }
            for row in query.fetch_all(&self.pool).await.map_err(db)? {
                found.push(from_row(&row)?);
            }
        }
        Ok(found)
    }
}

fn where_clause(conditions: &[String]) -> String {
    if conditions.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conditions.join(" AND "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_words_are_folded_and_their_wildcards_escaped() {
        assert_eq!(
            search_patterns(Some("  Émile  50%_\\x ")),
            ["%emile%", "%50\\%\\_\\\\x%"]
        );
        assert!(search_patterns(None).is_empty());
        assert_eq!(
            search_patterns(Some("a b c d e f g")).len(),
            MAX_SEARCH_WORDS
        );
        assert_eq!(
            learner_search_text(["Émile Peeters", "", "r0123"]),
            "emile peeters r0123"
        );
    }
}
