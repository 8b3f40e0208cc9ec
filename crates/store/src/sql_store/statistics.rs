//! `StatisticsStore` over SQL: grouped reads (GROUP BY offering and month) that both databases
//! answer alike. Months are the first seven characters of the stored ISO dates and RFC 3339
//! timestamps (`YYYY-MM`); sums are cast to BIGINT so PostgreSQL does not answer NUMERIC.

use model::{OfferingId, ProviderId};
use sqlx::any::AnyRow;

use super::SqlStore;
use super::catalogue_sync::{fetch, many};
use super::rows::*;
use crate::StoreResult;
use crate::statistics::{
    CompletionFacts, CredentialFacts, EnrolmentFacts, OfferingFacts, StatisticsScope,
    StatisticsStore,
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
        from: &str,
        to: &str,
    ) -> StoreResult<Vec<EnrolmentFacts>> {
        let mut values = vec![from.to_owned(), to.to_owned()];
        let filter = scope_filter(scope, "provider_id", &mut values);
        let sql = format!(
            "SELECT offering_id, substr(enrolled_on, 1, 7) AS month, employment_status, funding_scheme, \
             CAST(COUNT(*) AS BIGINT) AS enrolments, CAST(COUNT(funding_cents) AS BIGINT) AS with_amount, \
             CAST(COALESCE(SUM(funding_cents), 0) AS BIGINT) AS amount_cents \
             FROM enrolments WHERE enrolled_on >= $1 AND enrolled_on < $2{filter} GROUP BY 1, 2, 3, 4"
        );
        let rows = fetch(&self.pool, sql, &values).await?;
        rows.iter()
            .map(|row| {
                Ok(EnrolmentFacts {
                    offering_id: offering_id(row)?,
                    month: get(row, "month")?,
                    employment_status: get(row, "employment_status")?,
                    funding_scheme: get(row, "funding_scheme")?,
                    enrolments: count(row, "enrolments")?,
                    with_amount: count(row, "with_amount")?,
                    amount_cents: get(row, "amount_cents")?,
                })
            })
            .collect()
    }

    async fn credential_facts(
        &self,
        scope: &StatisticsScope,
        from: &str,
        to: &str,
    ) -> StoreResult<Vec<CredentialFacts>> {
        let mut values = vec![from.to_owned(), to.to_owned()];
        let filter = scope_filter(scope, "c.provider_id", &mut values);
        let sql = format!(
            "SELECT c.offering_id, substr(c.issued_at, 1, 7) AS month, a.route, c.state, CAST(COUNT(*) AS BIGINT) AS credentials \
             FROM credentials c JOIN assessments a ON a.id = c.assessment_id \
             WHERE c.replaced_by IS NULL AND c.issued_at >= $1 AND c.issued_at < $2{filter} GROUP BY 1, 2, 3, 4"
        );
        let rows = fetch(&self.pool, sql, &values).await?;
        rows.iter()
            .map(|row| {
                Ok(CredentialFacts {
                    offering_id: offering_id(row)?,
                    month: get(row, "month")?,
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
        from: &str,
        to: &str,
    ) -> StoreResult<Vec<CompletionFacts>> {
        let mut values = vec![from.to_owned(), to.to_owned()];
        let filter = scope_filter(scope, "e.provider_id", &mut values);
        let exists = |condition: &str| {
            format!("CAST(SUM(CASE WHEN EXISTS ({condition}) THEN 1 ELSE 0 END) AS BIGINT)")
        };
        let assessment = "SELECT 1 FROM assessments a WHERE a.enrolment_id = e.id";
        let credential = "SELECT 1 FROM credentials c JOIN assessments a ON a.id = c.assessment_id WHERE c.enrolment_id = e.id AND c.replaced_by IS NULL";
        let sql = format!(
            "SELECT e.offering_id, substr(e.enrolled_on, 1, 7) AS month, CAST(COUNT(*) AS BIGINT) AS enrolled, \
             {} AS assessed, {} AS passed, {} AS credentialed, \
             {} AS validation_requested, {} AS validation_passed, {} AS validation_credentialed \
             FROM enrolments e WHERE e.enrolled_on >= $1 AND e.enrolled_on < $2{filter} GROUP BY 1, 2",
            exists(assessment),
            exists(&format!("{assessment} AND a.passed = 1")),
            exists(credential),
            exists(&format!("{assessment} AND a.route = 'validation'")),
            exists(&format!(
                "{assessment} AND a.route = 'validation' AND a.passed = 1"
            )),
            exists(&format!("{credential} AND a.route = 'validation'")),
        );
        let rows = fetch(&self.pool, sql, &values).await?;
        rows.iter()
            .map(|row| {
                Ok(CompletionFacts {
                    offering_id: offering_id(row)?,
                    month: get(row, "month")?,
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
}
