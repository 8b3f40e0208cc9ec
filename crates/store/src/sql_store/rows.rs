//! Converting between database rows and the model's records: timestamps, JSON documents,
//! statuses, and the derived columns an offering is indexed by.

use model::{
    ApiToken, LangText, Offering, OfferingContent, OfferingId, OfferingVersion, Provider,
    ProviderContent, ProviderId, PublicationStatus, Role, TokenId, Vocabulary,
};
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::{StoreError, StoreResult};

pub(crate) fn db(error: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(database_error) = &error {
        if database_error.is_unique_violation() {
            return StoreError::Conflict(database_error.message().to_owned());
        }
        // PostgreSQL's serialization failure and deadlock: the transaction may simply be retried.
        if matches!(database_error.code().as_deref(), Some("40001" | "40P01")) {
            return StoreError::Busy(database_error.message().to_owned());
        }
    }
    match error {
        sqlx::Error::RowNotFound => StoreError::NotFound,
        // The database cannot be reached or the pool has no connection to give: nothing was
        // read or written, and trying again later may work.
        sqlx::Error::Io(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed
        | sqlx::Error::Tls(_) => StoreError::Unavailable(error.to_string()),
        other => StoreError::Database(other.to_string()),
    }
}

/// A moment as stored: UTC with nine digits of the second, so that comparing the text in SQL
/// (`expires_at > $now`, `ORDER BY at`) is comparing the moments. (RFC 3339 as `time` writes it
/// drops trailing zeros: `…:00Z` would sort after `…:00.5Z`.)
pub(crate) fn timestamp(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:09}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second(),
        at.nanosecond()
    )
}

pub(crate) fn parse_timestamp(text: &str) -> StoreResult<OffsetDateTime> {
    OffsetDateTime::parse(text, &Rfc3339)
        .map_err(|error| StoreError::Corrupt(format!("timestamp `{text}`: {error}")))
}

pub(crate) fn parse_optional_timestamp(
    text: Option<String>,
) -> StoreResult<Option<OffsetDateTime>> {
    text.as_deref().map(parse_timestamp).transpose()
}

pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|error| StoreError::Corrupt(error.to_string()))
}

pub(crate) fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> StoreResult<T> {
    serde_json::from_str(text).map_err(|error| StoreError::Corrupt(error.to_string()))
}

pub(crate) fn status(code: &str) -> StoreResult<PublicationStatus> {
    PublicationStatus::from_code(code)
        .ok_or_else(|| StoreError::Corrupt(format!("status `{code}`")))
}

pub(crate) fn get<'r, T: sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>>(
    row: &'r AnyRow,
    column: &str,
) -> StoreResult<T> {
    row.try_get(column).map_err(db)
}

pub(crate) fn provider_from_row(row: &AnyRow) -> StoreResult<Provider> {
    Ok(Provider {
        id: ProviderId::parse(&get::<String>(row, "id")?).map_err(StoreError::Corrupt)?,
        status: status(&get::<String>(row, "status")?)?,
        created_at: parse_timestamp(&get::<String>(row, "created_at")?)?,
        updated_at: parse_timestamp(&get::<String>(row, "updated_at")?)?,
        content: from_json::<ProviderContent>(&get::<String>(row, "document")?)?,
    })
}

pub(crate) fn offering_from_row(row: &AnyRow) -> StoreResult<Offering> {
    let version: i64 = get(row, "version")?;
    Ok(Offering {
        id: OfferingId::parse(&get::<String>(row, "id")?).map_err(StoreError::Corrupt)?,
        provider_id: ProviderId::parse(&get::<String>(row, "provider_id")?)
            .map_err(StoreError::Corrupt)?,
        status: status(&get::<String>(row, "status")?)?,
        version: u32::try_from(version)
            .map_err(|_| StoreError::Corrupt(format!("version {version}")))?,
        created_at: parse_timestamp(&get::<String>(row, "created_at")?)?,
        updated_at: parse_timestamp(&get::<String>(row, "updated_at")?)?,
        published_at: parse_optional_timestamp(get(row, "published_at")?)?,
        withdrawn_at: parse_optional_timestamp(get(row, "withdrawn_at")?)?,
        content: from_json::<OfferingContent>(&get::<String>(row, "document")?)?,
    })
}

pub(crate) fn token_from_row(row: &AnyRow) -> StoreResult<ApiToken> {
    let role: String = get(row, "role")?;
    let provider: Option<String> = get(row, "provider_id")?;
    Ok(ApiToken {
        id: TokenId::parse(&get::<String>(row, "id")?).map_err(StoreError::Corrupt)?,
        role: Role::from_code(&role)
            .ok_or_else(|| StoreError::Corrupt(format!("role `{role}`")))?,
        provider_id: provider
            .as_deref()
            .map(ProviderId::parse)
            .transpose()
            .map_err(StoreError::Corrupt)?,
        label: get(row, "label")?,
        created_at: parse_timestamp(&get::<String>(row, "created_at")?)?,
        revoked_at: parse_optional_timestamp(get(row, "revoked_at")?)?,
        account_id: get::<Option<String>>(row, "account_id")?
            .as_deref()
            .map(model::AccountId::parse)
            .transpose()
            .map_err(StoreError::Corrupt)?,
        expires_at: parse_optional_timestamp(get(row, "expires_at")?)?,
        last_used_at: parse_optional_timestamp(get(row, "last_used_at")?)?,
    })
}

/// The search terms of an offering: its texts in their languages plus its provider's name.
pub(crate) fn offering_search_terms(content: &OfferingContent) -> String {
    let texts: Vec<&LangText> = [&content.title, &content.summary]
        .into_iter()
        .chain(
            content
                .learning_outcomes
                .iter()
                .map(|outcome| &outcome.text),
        )
        .collect();
    let mut terms = model::search::index_terms(texts.into_iter().flat_map(LangText::iter));
    for body in &content.awarding_bodies {
        terms.push(' ');
        terms.push_str(&body.as_str().replace('-', " "));
    }
    terms
}

pub(crate) fn title_sort(content: &OfferingContent) -> String {
    model::search::fold(content.title.best(model::UiLang::Nl))
}

pub(crate) fn version_from_row(id: &OfferingId, row: &AnyRow) -> StoreResult<OfferingVersion> {
    let version: i64 = get(row, "version")?;
    Ok(OfferingVersion {
        offering_id: id.clone(),
        version: u32::try_from(version)
            .map_err(|_| StoreError::Corrupt(format!("version {version}")))?,
        saved_at: parse_timestamp(&get::<String>(row, "saved_at")?)?,
        content: from_json(&get::<String>(row, "document")?)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn stored_moments_sort_as_text_in_the_order_of_time() {
        let moments = [
            datetime!(2026-03-01 10:00:00 UTC),
            datetime!(2026-03-01 10:00:00.5 UTC),
            datetime!(2026-03-01 10:00:00.51 UTC),
            datetime!(2026-03-01 12:00:01 +02:00),
            datetime!(2026-03-01 10:00:02 UTC),
        ];
        let texts: Vec<String> = moments.iter().map(|at| timestamp(*at)).collect();
        let mut sorted = texts.clone();
        sorted.sort();
        assert_eq!(texts, sorted);
        for (at, text) in moments.iter().zip(&texts) {
            assert_eq!(parse_timestamp(text).unwrap(), *at);
        }
        assert_eq!(texts[0], "2026-03-01T10:00:00.000000000Z");
    }
}
