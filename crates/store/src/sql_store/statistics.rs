//! `StatisticsStore` over SQL: the offerings read from their tables, the counts of people from
//! the count tables that every learning write keeps (`learning/counts.rs`), never from the
//! learning tables' millions of rows. A term is named by its first month (`YYYY-01`, `YYYY-09`).

use model::{OfferingId, ProviderId};
use sqlx::any::AnyRow;

use super::SqlStore;
use super::catalogue_sync::{fetch, many};
use super::rows::*;
use crate::StoreResult;
use crate::statistics::{
    CategoryTotal, CompletionFacts, CredentialFacts, EnrolmentCategory, EnrolmentFacts, FactRange,
    FeedbackFacts, FundingFacts, Grain, OfferingFacts, StatisticsScope, StatisticsStore,
};

/// ` AND {column} = $n` for a provider's scope (its value appended to `values`), or nothing.
fn scope_filter(scope: &StatisticsScope, column: &str, values: &mut Vec<String>) -> String {
    match scope {
        StatisticsScope::Register => String::new(),
        StatisticsScope::Provider(provider) => {
            values.push(provider.as_str().to_owned());
            format!(" AND {column} = ${}", values.len())
        }
    }
}

fn count(row: &AnyRow, column: &str) -> StoreResult<u64> {
    Ok(u64::try_from(get::<i64>(row, column)?).unwrap_or(0))
}

fn offering_id(row: &AnyRow) -> StoreResult<OfferingId> {
    OfferingId::parse(&get::<String>(row, "offering_id")?).map_err(crate::StoreError::Corrupt)
}

impl StatisticsStore for SqlStore {
    async fn offering_facts(&self, scope: &StatisticsScope) -> StoreResult<Vec<OfferingFacts>> {
        let mut values = Vec::new();
        let filter = scope_filter(scope, "o.provider_id", &mut values);
        let many_filter = format!(" WHERE o.published_at IS NOT NULL{filter}");
        let mut languages = many(
            &self.pool,
            "offering_languages",
            "language",
            &many_filter,
            &values,
        )
        .await?;
        let mut funding = many(
            &self.pool,
            "offering_funding",
            "scheme",
            &many_filter,
            &values,
        )
        .await?;
        let sql = format!(
            "SELECT o.id, o.provider_id, o.status, o.eqf, o.ects, o.hours, o.isced_field, o.mode, o.setting, o.published_at, o.withdrawn_at, \
             CAST(CASE WHEN o.pilot THEN 1 ELSE 0 END AS BIGINT) AS pilot \
             FROM offerings o WHERE o.published_at IS NOT NULL{filter} ORDER BY o.id"
        );
        let rows = fetch(&self.pool, sql, &values).await?;
        rows.iter()
            .map(|row| {
                let id: String = get(row, "id")?;
                let eqf: Option<i64> = get(row, "eqf")?;
                let hours: Option<i64> = get(row, "hours")?;
                Ok(OfferingFacts {
                    languages: languages.remove(&id).unwrap_or_default(),
                    funding_schemes: funding.remove(&id).unwrap_or_default(),
                    id: OfferingId::parse(&id).map_err(crate::StoreError::Corrupt)?,
                    provider_id: ProviderId::parse(&get::<String>(row, "provider_id")?)
                        .map_err(crate::StoreError::Corrupt)?,
                    status: status(&get::<String>(row, "status")?)?,
                    eqf: eqf.and_then(|eqf| u8::try_from(eqf).ok()),
                    ects: get(row, "ects")?,
                    hours: hours.and_then(|hours| u32::try_from(hours).ok()),
                    isced_field: get(row, "isced_field")?,
                    mode: get(row, "mode")?,
                    setting: get(row, "setting")?,
                    pilot: get::<i64>(row, "pilot")? == 1,
                    published_at: parse_optional_timestamp(get(row, "published_at")?)?,
                    withdrawn_at: parse_optional_timestamp(get(row, "withdrawn_at")?)?,
                })
            })
            .collect()
    }

    async fn offering_titles(
        &self,
        scope: &StatisticsScope,
    ) -> StoreResult<Vec<(OfferingId, model::LangText)>> {
        let mut values = Vec::new();
        let filter = scope_filter(scope, "o.provider_id", &mut values);
        let sql = format!(
            "SELECT o.id, v.document FROM offerings o JOIN offering_versions v ON v.offering_id = o.id AND v.version = o.version \
             WHERE o.published_at IS NOT NULL{filter} ORDER BY o.id"
        );
        let rows = fetch(&self.pool, sql, &values).await?;
        rows.iter()
            .map(|row| {
                let id: String = get(row, "id")?;
                let document: serde_json::Value = from_json(&get::<String>(row, "document")?)?;
                let title = serde_json::from_value(document["title"].clone()).map_err(|error| {
                    crate::StoreError::Corrupt(format!("title of {id}: {error}"))
                })?;
                Ok((
                    OfferingId::parse(&id).map_err(crate::StoreError::Corrupt)?,
                    title,
                ))
            })
            .collect()
    }

    async fn enrolment_facts(
        &self,
        scope: &StatisticsScope,
        range: &FactRange,
    ) -> StoreResult<Vec<EnrolmentFacts>> {
        let (sql, values) = counts_query(
            "stat_enrolment_status",
            &["employment_status"],
            &["enrolments"],
            scope,
            range,
            Offerings::Apart,
        );
        let rows = fetch(&self.pool, sql, &values).await?;
        rows.iter()
            .map(|row| {
                Ok(EnrolmentFacts {
                    offering_id: offering_id(row)?,
                    term: get(row, "term")?,
                    employment_status: get(row, "employment_status")?,
                    enrolments: count(row, "enrolments")?,
                })
            })
            .collect()
    }

    async fn funding_facts(
        &self,
        scope: &StatisticsScope,
        range: &FactRange,
    ) -> StoreResult<Vec<FundingFacts>> {
        let (sql, values) = counts_query(
            "stat_enrolment_funding",
            &["funding_scheme"],
            &["enrolments", "with_amount", "amount_cents"],
            scope,
            range,
            Offerings::Apart,
        );
        let rows = fetch(&self.pool, sql, &values).await?;
        rows.iter()
            .map(|row| {
                let scheme: String = get(row, "funding_scheme")?;
                Ok(FundingFacts {
                    offering_id: offering_id(row)?,
                    term: get(row, "term")?,
                    funding_scheme: (!scheme.is_empty()).then_some(scheme),
                    enrolments: count(row, "enrolments")?,
                    with_amount: count(row, "with_amount")?,
                    amount_cents: get(row, "amount_cents")?,
                })
            })
            .collect()
    }

    async fn enrolment_totals(
        &self,
        scope: &StatisticsScope,
        range: &FactRange,
        by: EnrolmentCategory,
        offerings: Option<&[OfferingId]>,
    ) -> StoreResult<Vec<CategoryTotal>> {
        let (table, category, sums): (_, _, &[&str]) = match by {
            EnrolmentCategory::EmploymentStatus => (
                "stat_enrolment_status",
                "employment_status",
                &["enrolments"],
            ),
            EnrolmentCategory::FundingScheme => (
                "stat_enrolment_funding",
                "funding_scheme",
                &["enrolments", "with_amount", "amount_cents"],
            ),
        };
        let ids: Vec<String> = offerings
            .unwrap_or_default()
            .iter()
            .map(|id| id.as_str().to_owned())
            .collect();
        // Offerings in chunks of bind parameters; their sums added up here.
        let chunks: Vec<Option<&[String]>> = match offerings {
            None => vec![None],
            Some(_) => ids.chunks(1_000).map(Some).collect(),
        };
        let mut totals: std::collections::BTreeMap<(String, String), CategoryTotal> =
            Default::default();
        for chunk in chunks {
            let (sql, values) = counts_query(
                table,
                &[category],
                sums,
                scope,
                range,
                Offerings::Summed(chunk),
            );
            for row in fetch(&self.pool, sql, &values).await? {
                let term: String = get(&row, "term")?;
                let key: String = get(&row, category)?;
                let total = totals
                    .entry((term.clone(), key.clone()))
                    .or_insert_with(|| CategoryTotal {
                        term,
                        category: key,
                        enrolments: 0,
                        with_amount: 0,
                        amount_cents: 0,
                    });
                total.enrolments += count(&row, "enrolments")?;
                if by == EnrolmentCategory::FundingScheme {
                    total.with_amount += count(&row, "with_amount")?;
                    total.amount_cents += get::<i64>(&row, "amount_cents")?;
                }
            }
        }
        Ok(totals.into_values().collect())
    }

    async fn credential_facts(
        &self,
        scope: &StatisticsScope,
        range: &FactRange,
    ) -> StoreResult<Vec<CredentialFacts>> {
        let (sql, values) = counts_query(
            "stat_credentials",
            &["route", "state"],
            &["credentials"],
            scope,
            range,
            Offerings::Apart,
        );
        let rows = fetch(&self.pool, sql, &values).await?;
        rows.iter()
            .map(|row| {
                Ok(CredentialFacts {
                    offering_id: offering_id(row)?,
                    term: get(row, "term")?,
                    route: get(row, "route")?,
                    state: get(row, "state")?,
                    credentials: count(row, "credentials")?,
                })
            })
            .collect()
    }

    async fn completion_facts(
        &self,
        scope: &StatisticsScope,
        range: &FactRange,
    ) -> StoreResult<Vec<CompletionFacts>> {
        let (sql, values) = counts_query(
            "stat_completion",
            &[],
            &[
                "enrolled",
                "assessed",
                "passed",
                "credentialed",
                "validation_requested",
                "validation_passed",
                "validation_credentialed",
            ],
            scope,
            range,
            Offerings::Apart,
        );
        let rows = fetch(&self.pool, sql, &values).await?;
        rows.iter()
            .map(|row| {
                Ok(CompletionFacts {
                    offering_id: offering_id(row)?,
                    term: get(row, "term")?,
                    enrolled: count(row, "enrolled")?,
                    assessed: count(row, "assessed")?,
                    passed: count(row, "passed")?,
                    credentialed: count(row, "credentialed")?,
                    validation_requested: count(row, "validation_requested")?,
                    validation_passed: count(row, "validation_passed")?,
                    validation_credentialed: count(row, "validation_credentialed")?,
                })
            })
            .collect()
    }

    async fn feedback_facts(
        &self,
        scope: &StatisticsScope,
        range: &FactRange,
    ) -> StoreResult<Vec<FeedbackFacts>> {
        let (sql, values) = counts_query(
            "stat_feedback",
            &[],
            &["responses", "satisfied", "workload_more", "workload_less"],
            scope,
            range,
            Offerings::Apart,
        );
        let rows = fetch(&self.pool, sql, &values).await?;
        rows.iter()
            .map(|row| {
                Ok(FeedbackFacts {
                    offering_id: offering_id(row)?,
                    term: get(row, "term")?,
                    responses: count(row, "responses")?,
                    satisfied: count(row, "satisfied")?,
                    workload_more: count(row, "workload_more")?,
                    workload_less: count(row, "workload_less")?,
                })
            })
            .collect()
    }
}

/// Whether a count query keeps the offerings apart, or sums them (all, or those listed).
enum Offerings<'a> {
    Apart,
    Summed(Option<&'a [String]>),
}

/// A count table's sums per offering (or over the offerings), period of `range.grain` (named
/// by its first term) and `categories`, for the terms of `range` in `scope`, leaving out groups
/// whose first sum is zero (a count that went back to zero). The periods are summed by the
/// database, so an overview reads one row per offering, year and category, not one per term.
fn counts_query(
    table: &str,
    categories: &[&str],
    sums: &[&str],
    scope: &StatisticsScope,
    range: &FactRange,
    offerings: Offerings<'_>,
) -> (String, Vec<String>) {
    let term = |date: &str| date.get(..7).unwrap_or(date).to_owned();
    let mut values = vec![term(&range.from), term(&range.to)];
    let mut filter = scope_filter(scope, "provider_id", &mut values);
    if let Offerings::Summed(Some(ids)) = &offerings {
        let first = values.len() + 1;
        values.extend(ids.iter().cloned());
        filter.push_str(&format!(
            " AND offering_id IN ({})",
            (first..first + ids.len())
                .map(|n| format!("${n}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let period = match range.grain {
        Grain::Term => "term".to_owned(),
        Grain::CalendarYear => "substr(term, 1, 4) || '-01'".to_owned(),
        Grain::AcademicYear => "CASE WHEN substr(term, 6, 2) = '09' THEN term \
             ELSE CAST(CAST(substr(term, 1, 4) AS INTEGER) - 1 AS TEXT) || '-09' END"
            .to_owned(),
    };
    let mut columns = vec![format!("{period} AS term")];
    columns.extend(categories.iter().map(|column| (*column).to_owned()));
    let offering_column = matches!(offerings, Offerings::Apart);
    let groups: Vec<String> = (1..=columns.len() + usize::from(offering_column))
        .map(|n| n.to_string())
        .collect();
    columns.extend(
        sums.iter()
            .map(|column| format!("CAST(SUM({column}) AS BIGINT) AS {column}")),
    );
    let first = sums.first().copied().unwrap_or("1");
    (
        format!(
            "SELECT {}{} FROM {table} WHERE term >= $1 AND term < $2{filter} \
             GROUP BY {} HAVING SUM({first}) <> 0",
            if offering_column { "offering_id, " } else { "" },
            columns.join(", "),
            groups.join(", ")
        ),
        values,
    )
}
