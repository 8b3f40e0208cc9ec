//! The write paths shared by several `Store` methods: the change log search catches up from,
//! an offering's filter columns and languages/funding rows, its versions, and providers.

use model::{Offering, OfferingId, Provider, ProviderId, Vocabulary};

use super::SqlStore;
use super::rows::*;
use crate::{StoreError, StoreResult};

impl SqlStore {
    /// Notes in the change log, inside the caller's transaction, that search must re-read an
    /// offering, or every offering of a provider. Call it first in the transaction: the seq is
    /// drawn by incrementing the feed's counter row, whose lock — held to commit — orders the
    /// writers' seqs as their commits (a seq drawn earlier but committed later would otherwise
    /// be skipped by an index that has read past it), and taking it before any other row lock
    /// leaves no room for a deadlock. A row, not a sequence or a table lock: every engine of
    /// the portable subset (docs/scaling.md) runs it.
    pub(super) async fn log_change(
        &self,
        transaction: &mut sqlx::Transaction<'static, sqlx::Any>,
        offering: Option<&OfferingId>,
        provider: Option<&ProviderId>,
    ) -> StoreResult<()> {
        let row = sqlx::query(
            "UPDATE catalogue_feed SET last_seq = last_seq + 1 WHERE name = 'catalogue' RETURNING last_seq",
        )
        .fetch_one(&mut **transaction)
        .await
        .map_err(db)?;
        let seq: i64 = get(&row, "last_seq")?;
        sqlx::query(
            "INSERT INTO catalogue_changes (seq, offering_id, provider_id) VALUES ($1, $2, $3)",
        )
        .bind(seq)
        .bind(offering.map(|id| id.as_str().to_owned()))
        .bind(provider.map(|id| id.as_str().to_owned()))
        .execute(&mut **transaction)
        .await
        .map_err(db)?;
        Ok(())
    }

    /// Writes the filter columns, languages, funding schemes and search terms (with the version
    /// of the rules that made them) of an offering's current version (inside the caller's
    /// transaction). A new offering (`insert`) has no old
    /// rows to delete first.
    pub(super) async fn write_offering_index(
        &self,
        transaction: &mut sqlx::Transaction<'static, sqlx::Any>,
        offering: &Offering,
        insert: bool,
    ) -> StoreResult<()> {
        let content = &offering.content;
        let id = offering.id.as_str();
        let sql = if insert {
            "INSERT INTO offerings (id, provider_id, status, version, eqf, ects, hours, isced_field, isced_broad, mode, setting, pilot, title_sort, search_terms, created_at, updated_at, published_at, withdrawn_at, terms_version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)"
        } else {
            "UPDATE offerings SET provider_id = $2, status = $3, version = $4, eqf = $5, ects = $6, hours = $7, isced_field = $8, isced_broad = $9, mode = $10, setting = $11, pilot = $12, \
             title_sort = $13, search_terms = $14, created_at = $15, updated_at = $16, published_at = $17, withdrawn_at = $18, terms_version = $19 WHERE id = $1"
        };
        let terms = offering_search_terms(content);
        let result = sqlx::query(sql)
            .bind(id)
            .bind(offering.provider_id.as_str())
            .bind(offering.status.code())
            .bind(i64::from(offering.version))
            .bind(content.level.eqf.number().map(i64::from))
            .bind(content.workload.ects)
            .bind(content.workload.hours.map(i64::from))
            .bind(content.isced_field.as_str())
            .bind(content.isced_field.get(..2).unwrap_or_default())
            .bind(content.participation.mode.code())
            .bind(content.participation.setting.code())
            .bind(content.pilot_project)
            .bind(title_sort(content))
            .bind(terms.as_str())
            .bind(timestamp(offering.created_at))
            .bind(timestamp(offering.updated_at))
            .bind(offering.published_at.map(timestamp))
            .bind(offering.withdrawn_at.map(timestamp))
            .bind(model::search::TERMS_VERSION)
            .execute(&mut **transaction)
            .await
            .map_err(db)?;
        if result.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        if !insert {
            sqlx::query("DELETE FROM offering_languages WHERE offering_id = $1")
                .bind(id)
                .execute(&mut **transaction)
                .await
                .map_err(db)?;
        }
        for language in &content.languages {
            sqlx::query(
                "INSERT INTO offering_languages (offering_id, language, provider_id) VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(language.as_str())
            .bind(offering.provider_id.as_str())
                .execute(&mut **transaction)
                .await
                .map_err(db)?;
        }
        if !insert {
            sqlx::query("DELETE FROM offering_funding WHERE offering_id = $1")
                .bind(id)
                .execute(&mut **transaction)
                .await
                .map_err(db)?;
        }
        for scheme in &content.funding_schemes {
            sqlx::query(
                "INSERT INTO offering_funding (offering_id, scheme, provider_id) VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(scheme.as_str())
            .bind(offering.provider_id.as_str())
                .execute(&mut **transaction)
                .await
                .map_err(db)?;
        }
        Ok(())
    }

    pub(super) async fn write_version(
        transaction: &mut sqlx::Transaction<'static, sqlx::Any>,
        offering: &Offering,
        insert: bool,
    ) -> StoreResult<()> {
        let document = to_json(&offering.content)?;
        let sql = if insert {
            "INSERT INTO offering_versions (offering_id, version, document, saved_at, provider_id) VALUES ($1, $2, $3, $4, $5)"
        } else {
            "UPDATE offering_versions SET document = $3, saved_at = $4 WHERE offering_id = $1 AND version = $2 AND provider_id = $5"
        };
        sqlx::query(sql)
            .bind(offering.id.as_str())
            .bind(i64::from(offering.version))
            .bind(document)
            .bind(timestamp(offering.updated_at))
            .bind(offering.provider_id.as_str())
            .execute(&mut **transaction)
            .await
            .map_err(db)?;
        Ok(())
    }

    pub(super) async fn write_provider(
        &self,
        provider: &Provider,
        insert: bool,
    ) -> StoreResult<()> {
        retried!(async {
            let sql = if insert {
                "INSERT INTO providers (id, status, country, region, provider_type, name_sort, document, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
            } else {
                "UPDATE providers SET status = $2, country = $3, region = $4, provider_type = $5, name_sort = $6, document = $7, created_at = $8, updated_at = $9 WHERE id = $1"
            };
            let content = &provider.content;
            let mut transaction = self.begin().await?;
            if !insert {
                // Its status, country and region are filter values of all its offerings.
                self.log_change(&mut transaction, None, Some(&provider.id))
                    .await?;
            }
            let result = sqlx::query(sql)
                .bind(provider.id.as_str())
                .bind(provider.status.code())
                .bind(content.country.as_str())
                .bind(content.region.clone())
                .bind(content.provider_type.code())
                .bind(model::search::fold(
                    content.legal_name.best(model::UiLang::Nl),
                ))
                .bind(to_json(content)?)
                .bind(timestamp(provider.created_at))
                .bind(timestamp(provider.updated_at))
                .execute(&mut *transaction)
                .await
                .map_err(db)?;
            if result.rows_affected() != 1 {
                return Err(StoreError::NotFound);
            }
            transaction.commit().await.map_err(db)
        }
        .await)
    }
}
