//! The statistics' counts: `stat_enrolment_status`, `stat_enrolment_funding`,
//! `stat_credentials` and `stat_completion` hold the learning tables grouped by provider,
//! offering and term (`term`: January–August or September–December) and category, and every
//! learning
//! batch changes them in its own transaction by exactly what it changed, so an overview reads
//! thousands of groups instead of millions of rows and is exact at every commit.
//!
//! Why kept in the write transaction and not refreshed by a job: the answers must be exact (a
//! refreshed table is behind until the job runs), and a batch only inserts enrolments, results
//! and credentials and changes credential states, so its effect is small to compute. How: the
//! progress of every existing enrolment the batch touches and the group of every credential
//! whose state it changes are read before the writes (subtracted), and what they are after it is
//! added: derived from the batch's own rows where those tell it all (flags only turn on when
//! rows are inserted), read again with the same conditions the recount uses where they do not.
//! The store suite holds every kind of batch to a recount (`SqlStore::recount_statistics`).
//! On PostgreSQL the touched enrolments are locked first (`FOR UPDATE`, in id order) so two
//! batches adding results to one enrolment read each other's; SQLite's writers are serialized.

use std::collections::{BTreeMap, BTreeSet};

use model::Vocabulary;
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

use super::recount::{completion_flags, term, term_sql};
use super::rows::*;
use super::writes::Value;
use crate::StoreResult;
use crate::dialect::Backend;
use crate::learning::LearningBatch;
use crate::sql_store::SqlStore;

/// Ids per `IN (…)` list.
const IDS_PER_QUERY: usize = 500;

/// Provider, offering, term: the group every count belongs to.
type Group = (String, String, String);

/// What a batch changes in the counts, by group (ordered, so two transactions update the same
/// rows in the same order).
#[derive(Debug, Default)]
pub(super) struct Counts {
    /// (group, employment status) → enrolments.
    enrolment_status: BTreeMap<(Group, String), [i64; 1]>,
    /// (group, funding scheme or "") → enrolments, with amount, cents.
    enrolment_funding: BTreeMap<(Group, String), [i64; 3]>,
    /// (group, route, state) → credentials.
    credentials: BTreeMap<(Group, String, String), [i64; 1]>,
    /// group → enrolled and the six flags.
    completion: BTreeMap<Group, [i64; 7]>,
}

fn group(row: &AnyRow) -> StoreResult<Group> {
    Ok((
        get(row, "provider_id")?,
        get(row, "offering_id")?,
        get(row, "term")?,
    ))
}

fn add<K: Ord, const N: usize>(map: &mut BTreeMap<K, [i64; N]>, key: K, values: [i64; N]) {
    let entry = map.entry(key).or_insert([0; N]);
    for (total, value) in entry.iter_mut().zip(values) {
        *total += value;
    }
}

/// An enrolment's progress: enrolled and the six flags of `completion_flags`, 0 or 1 each.
type Progress = [i64; 7];

/// What a batch touches, read before its writes: the progress of the enrolments that existed
/// before it (by id, with their group), the credentials whose state it changes, and the
/// enrolments whose progress the batch's rows alone cannot tell (a state change may replace
/// their credential; a credential's result may be recorded earlier): those are read again.
pub(super) struct Touched {
    before: BTreeMap<String, (Group, Progress)>,
    changed_credentials: Vec<String>,
    read_again: BTreeSet<String>,
}

impl SqlStore {
    /// Reads the groups the batch is about to change and subtracts them; call before the writes.
    pub(super) async fn counts_before(
        &self,
        tx: &mut Transaction,
        batch: &LearningBatch,
    ) -> StoreResult<(Counts, Touched)> {
        let mut counts = Counts::default();
        let new: BTreeSet<&str> = batch.enrolments.iter().map(|e| e.id.as_str()).collect();
        let mut existing: BTreeSet<String> = BTreeSet::new();
        let mut read_again: BTreeSet<String> = BTreeSet::new();
        let changed: Vec<String> = batch
            .state_changes
            .iter()
            .map(|change| change.id.as_str().to_owned())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        for row in self.credential_groups(tx, &changed).await? {
            let enrolment: String = get(&row, "enrolment_id")?;
            existing.insert(enrolment.clone());
            read_again.insert(enrolment);
            credential_row(&mut counts, &row, -1)?;
        }
        let in_batch: BTreeSet<&str> = batch.assessments.iter().map(|a| a.id.as_str()).collect();
        for credential in &batch.credentials {
            if !in_batch.contains(credential.assessment_id.as_str()) {
                read_again.insert(credential.enrolment_id.as_str().to_owned());
            }
        }
        existing.extend(
            batch
                .assessments
                .iter()
                .map(|assessment| assessment.enrolment_id.as_str().to_owned())
                .chain(
                    batch
                        .credentials
                        .iter()
                        .map(|credential| credential.enrolment_id.as_str().to_owned()),
                ),
        );
        let existing: Vec<String> = existing
            .into_iter()
            .filter(|id| !new.contains(id.as_str()))
            .collect();
        if self.backend == Backend::Postgres {
            for ids in existing.chunks(IDS_PER_QUERY) {
                let sql = format!(
                    "SELECT id FROM enrolments WHERE id IN ({}) ORDER BY id FOR UPDATE",
                    placeholders(1, ids.len())
                );
                bind_all(sqlx::query(AssertSqlSafe(sql)), ids)
                    .fetch_all(&mut **tx)
                    .await
                    .map_err(db)?;
            }
        }
        let before = self.progress(tx, &existing).await?;
        for (group, progress) in before.values() {
            add(&mut counts.completion, group.clone(), progress.map(|v| -v));
        }
        let touched = Touched {
            before,
            changed_credentials: changed,
            read_again,
        };
        Ok((counts, touched))
    }

    /// Adds what the batch made of the groups it touched, then writes the differences; call
    /// after the writes, in the same transaction.
    ///
    /// A batch only inserts results and credentials (and changes credential states), so an
    /// enrolment's flags can only turn on: its progress after is its progress before with the
    /// batch's rows for it added, except where `Touched::read_again` says the database must be
    /// asked (the tests hold both ways to a recount).
    pub(super) async fn counts_after(
        &self,
        tx: &mut Transaction,
        batch: &LearningBatch,
        mut counts: Counts,
        touched: Touched,
    ) -> StoreResult<()> {
        let mut after: BTreeMap<String, (Group, Progress)> = touched.before;
        for enrolment in &batch.enrolments {
            let funding = enrolment.funding.as_ref();
            let cents = funding.and_then(|funding| funding.amount_cents);
            let group = (
                enrolment.provider_id.as_str().to_owned(),
                enrolment.offering_id.as_str().to_owned(),
                term(enrolment.enrolled_on),
            );
            add(
                &mut counts.enrolment_status,
                (group.clone(), enrolment.employment_status.code().to_owned()),
                [1],
            );
            add(
                &mut counts.enrolment_funding,
                (
                    group.clone(),
                    funding.map_or_else(String::new, |funding| funding.scheme.clone()),
                ),
                [1, i64::from(cents.is_some()), cents.unwrap_or(0)],
            );
            after.insert(
                enrolment.id.as_str().to_owned(),
                (group, [1, 0, 0, 0, 0, 0, 0]),
            );
        }
        // The batch's results and credentials turn flags on: assessed, passed, credentialed,
        // validation requested, passed, credentialed (the order of `completion_flags`).
        let mut routes: BTreeMap<&str, &'static str> = BTreeMap::new();
        for assessment in &batch.assessments {
            let route = assessment.outcome.route.code();
            let validation = route == "validation";
            routes.insert(assessment.id.as_str(), route);
            let passed = i64::from(assessment.outcome.passed);
            let flags = [
                1,
                passed,
                0,
                i64::from(validation),
                i64::from(validation) * passed,
                0,
            ];
            if let Some((_, progress)) = after.get_mut(assessment.enrolment_id.as_str()) {
                for (value, flag) in progress[1..].iter_mut().zip(flags) {
                    *value = (*value).max(flag);
                }
            }
        }
        let mut credentials_read: Vec<String> = touched.changed_credentials;
        for credential in &batch.credentials {
            let Some(&route) = routes.get(credential.assessment_id.as_str()) else {
                credentials_read.push(credential.id.as_str().to_owned());
                continue;
            };
            if credential.replaced_by.is_some() {
                continue;
            }
            let group = (
                credential.provider_id.as_str().to_owned(),
                credential.offering_id.as_str().to_owned(),
                term(credential.issued_at.date()),
            );
            let validation = route == "validation";
            let key = (group, route.to_owned(), credential.state.code().to_owned());
            add(&mut counts.credentials, key, [1]);
            if let Some((_, progress)) = after.get_mut(credential.enrolment_id.as_str()) {
                progress[3] = 1;
                progress[6] = progress[6].max(i64::from(validation));
            }
        }
        let read_again: Vec<String> = touched.read_again.into_iter().collect();
        after.extend(self.progress(tx, &read_again).await?);
        for (group, progress) in after.into_values() {
            add(&mut counts.completion, group, progress);
        }
        let credentials_read: Vec<String> = credentials_read
            .into_iter()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        for row in self.credential_groups(tx, &credentials_read).await? {
            credential_row(&mut counts, &row, 1)?;
        }
        self.write_counts(tx, counts).await
    }

    /// The group, route, state and enrolment of each credential of `ids`, and whether it
    /// counts (it is not replaced by a correction).
    async fn credential_groups(
        &self,
        tx: &mut Transaction,
        ids: &[String],
    ) -> StoreResult<Vec<AnyRow>> {
        let mut rows = Vec::new();
        for ids in ids.chunks(IDS_PER_QUERY) {
            let sql = format!(
                "SELECT c.provider_id, c.offering_id, {} AS term, a.route, c.state, c.enrolment_id, \
                 CAST(CASE WHEN c.replaced_by IS NULL THEN 1 ELSE 0 END AS BIGINT) AS counted \
                 FROM credentials c JOIN assessments a ON a.id = c.assessment_id WHERE c.id IN ({})",
                term_sql("c.issued_at"),
                placeholders(1, ids.len())
            );
            rows.extend(
                bind_all(sqlx::query(AssertSqlSafe(sql)), ids)
                    .fetch_all(&mut **tx)
                    .await
                    .map_err(db)?,
            );
        }
        Ok(rows)
    }

    /// The group and progress of each enrolment of `ids`, read from the database.
    async fn progress(
        &self,
        tx: &mut Transaction,
        ids: &[String],
    ) -> StoreResult<BTreeMap<String, (Group, Progress)>> {
        let flags: Vec<String> = completion_flags()
            .iter()
            .map(|(column, condition)| {
                format!("CAST(CASE WHEN {condition} THEN 1 ELSE 0 END AS BIGINT) AS {column}")
            })
            .collect();
        let mut progress = BTreeMap::new();
        for ids in ids.chunks(IDS_PER_QUERY) {
            let sql = format!(
                "SELECT e.id, e.provider_id, e.offering_id, {} AS term, {} \
                 FROM enrolments e WHERE e.id IN ({})",
                term_sql("e.enrolled_on"),
                flags.join(", "),
                placeholders(1, ids.len())
            );
            let rows = bind_all(sqlx::query(AssertSqlSafe(sql)), ids)
                .fetch_all(&mut **tx)
                .await
                .map_err(db)?;
            for row in rows {
                let mut values: Progress = [1; 7];
                for (value, (column, _)) in values[1..].iter_mut().zip(completion_flags()) {
                    *value = row.try_get::<i64, _>(column).map_err(db)?;
                }
                progress.insert(get(&row, "id")?, (group(&row)?, values));
            }
        }
        Ok(progress)
    }

    /// Adds the differences to the count tables (rows made where missing).
    async fn write_counts(&self, tx: &mut Transaction, counts: Counts) -> StoreResult<()> {
        let group = ["provider_id", "offering_id", "term"];
        self.upsert_counts(
            tx,
            "stat_enrolment_status",
            &[&group[..], &["employment_status"]].concat(),
            &["enrolments"],
            count_rows(&counts.enrolment_status),
        )
        .await?;
        self.upsert_counts(
            tx,
            "stat_enrolment_funding",
            &[&group[..], &["funding_scheme"]].concat(),
            &["enrolments", "with_amount", "amount_cents"],
            count_rows(&counts.enrolment_funding),
        )
        .await?;
        self.upsert_counts(
            tx,
            "stat_credentials",
            &[&group[..], &["route", "state"]].concat(),
            &["credentials"],
            count_rows(&counts.credentials),
        )
        .await?;
        let mut columns = vec!["enrolled"];
        columns.extend(completion_flags().map(|(column, _)| column));
        self.upsert_counts(
            tx,
            "stat_completion",
            &group,
            &columns,
            count_rows(&counts.completion),
        )
        .await
    }

    async fn upsert_counts(
        &self,
        tx: &mut Transaction,
        table: &str,
        keys: &[&str],
        values: &[&str],
        rows: Vec<Vec<Value>>,
    ) -> StoreResult<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let updates: Vec<String> = values
            .iter()
            .map(|column| format!("{column} = {table}.{column} + excluded.{column}"))
            .collect();
        let suffix = format!(
            " ON CONFLICT ({}) DO UPDATE SET {}",
            keys.join(", "),
            updates.join(", ")
        );
        let columns: Vec<&str> = keys.iter().chain(values).copied().collect();
        self.insert_rows_then(tx, table, &columns, rows, &suffix)
            .await
    }

    /// Empties the statistics' counts and fills them again from the learning tables, in one
    /// transaction (`microcred statistics recount`; the counts are kept by every write, so this
    /// is for a register whose tables were changed by hand).
    pub async fn recount_statistics(&self) -> StoreResult<()> {
        retried!(
            async {
                let mut tx = self.begin().await?;
                sqlx::raw_sql(AssertSqlSafe(super::recount::recount_sql()))
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?;
                tx.commit().await.map_err(db)?;
                // Refilled tables get fresh planner statistics at once: without them PostgreSQL sorted
                // an overview's groups on disk (0.5 s instead of 0.17 s at 10 M enrolments).
                sqlx::raw_sql(
                    "ANALYZE stat_enrolment_status; ANALYZE stat_enrolment_funding; \
                 ANALYZE stat_credentials; ANALYZE stat_completion;",
                )
                .execute(&self.pool)
                .await
                .map_err(db)?;
                Ok(())
            }
            .await
        )
    }
}

/// A count table's key: its group, then its categories.
trait CountKey {
    fn texts(&self) -> Vec<&str>;
}

impl CountKey for Group {
    fn texts(&self) -> Vec<&str> {
        vec![&self.0, &self.1, &self.2]
    }
}

impl CountKey for (Group, String) {
    fn texts(&self) -> Vec<&str> {
        let mut texts = self.0.texts();
        texts.push(&self.1);
        texts
    }
}

impl CountKey for (Group, String, String) {
    fn texts(&self) -> Vec<&str> {
        let mut texts = self.0.texts();
        texts.extend([self.1.as_str(), self.2.as_str()]);
        texts
    }
}

/// The rows of the differences that are not zero: key columns, then the values.
fn count_rows<K: CountKey, const N: usize>(counts: &BTreeMap<K, [i64; N]>) -> Vec<Vec<Value>> {
    counts
        .iter()
        .filter(|(_, values)| values.iter().any(|value| *value != 0))
        .map(|(key, values)| {
            key.texts()
                .into_iter()
                .map(|text| Value::Text(text.to_owned()))
                .chain(values.iter().map(|value| Value::Int(*value)))
                .collect()
        })
        .collect()
}

fn credential_row(counts: &mut Counts, row: &AnyRow, sign: i64) -> StoreResult<()> {
    if get::<i64>(row, "counted")? == 1 {
        let key = (group(row)?, get(row, "route")?, get(row, "state")?);
        add(&mut counts.credentials, key, [sign]);
    }
    Ok(())
}

fn bind_all<'q>(
    mut query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    ids: &'q [String],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    for id in ids {
        query = query.bind(id.as_str());
    }
    query
}
