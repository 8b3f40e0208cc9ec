//! Row conversions and small helpers of the learning tables.

use model::{
    Assessment, AssessmentId, CredentialId, CredentialRecord, CredentialState, Enrolment,
    EnrolmentId, ImportJob, ImportJobId, ImportKind, ImportState, OfferingId, ProviderId,
    StatusSlot, Vocabulary,
};
use sqlx::any::AnyRow;

use crate::learning::{ImportRowRecord, ProviderKeyRecord};
pub(super) use crate::sql_store::rows::*;
use crate::{StoreError, StoreResult};

pub(super) type Transaction = sqlx::Transaction<'static, sqlx::Any>;

pub(super) fn int(value: usize) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

pub(super) fn count(value: i64) -> usize {
    usize::try_from(value).unwrap_or(0)
}

pub(super) fn small(value: i64, what: &str) -> StoreResult<u32> {
    u32::try_from(value).map_err(|_| StoreError::Corrupt(format!("{what} {value}")))
}

pub(super) fn date_text(day: time::Date) -> String {
    day.to_string()
}

pub(super) fn parse_date(text: &str) -> StoreResult<time::Date> {
    time::Date::parse(
        text,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map_err(|error| StoreError::Corrupt(format!("date `{text}`: {error}")))
}

pub(super) fn parse_id<T>(text: &str, parse: fn(&str) -> Result<T, String>) -> StoreResult<T> {
    parse(text).map_err(StoreError::Corrupt)
}

pub(super) fn enrolment_from_row(row: &AnyRow) -> StoreResult<Enrolment> {
    let status: String = get(row, "employment_status")?;
    Ok(Enrolment {
        id: parse_id(&get::<String>(row, "id")?, EnrolmentId::parse)?,
        provider_id: parse_id(&get::<String>(row, "provider_id")?, ProviderId::parse)?,
        offering_id: parse_id(&get::<String>(row, "offering_id")?, OfferingId::parse)?,
        learner: from_json(&get::<String>(row, "learner")?)?,
        employment_status: model::EmploymentStatus::from_code(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("employment status `{status}`")))?,
        enrolled_on: parse_date(&get::<String>(row, "enrolled_on")?)?,
        recorded_at: parse_timestamp(&get::<String>(row, "recorded_at")?)?,
        funding: match get::<Option<String>>(row, "funding_scheme")? {
            Some(scheme) => Some(model::EnrolmentFunding {
                scheme,
                amount_cents: get(row, "funding_cents")?,
            }),
            None => None,
        },
    })
}

pub(super) fn assessment_from_row(row: &AnyRow) -> StoreResult<Assessment> {
    Ok(Assessment {
        id: parse_id(&get::<String>(row, "id")?, AssessmentId::parse)?,
        enrolment_id: parse_id(&get::<String>(row, "enrolment_id")?, EnrolmentId::parse)?,
        provider_id: parse_id(&get::<String>(row, "provider_id")?, ProviderId::parse)?,
        offering_id: parse_id(&get::<String>(row, "offering_id")?, OfferingId::parse)?,
        offering_version: small(get(row, "offering_version")?, "offering version")?,
        outcome: from_json(&get::<String>(row, "outcome")?)?,
        recorded_at: parse_timestamp(&get::<String>(row, "recorded_at")?)?,
    })
}

pub(super) fn credential_from_row(row: &AnyRow) -> StoreResult<CredentialRecord> {
    let state: String = get(row, "state")?;
    let replaced_by: Option<String> = get(row, "replaced_by")?;
    Ok(CredentialRecord {
        id: parse_id(&get::<String>(row, "id")?, CredentialId::parse)?,
        provider_id: parse_id(&get::<String>(row, "provider_id")?, ProviderId::parse)?,
        offering_id: parse_id(&get::<String>(row, "offering_id")?, OfferingId::parse)?,
        enrolment_id: parse_id(&get::<String>(row, "enrolment_id")?, EnrolmentId::parse)?,
        assessment_id: parse_id(&get::<String>(row, "assessment_id")?, AssessmentId::parse)?,
        learner_name: get(row, "learner_name")?,
        state: CredentialState::from_code(&state)
            .ok_or_else(|| StoreError::Corrupt(format!("credential state `{state}`")))?,
        issued_at: parse_timestamp(&get::<String>(row, "issued_at")?)?,
        status_slot: StatusSlot {
            list: small(get(row, "status_list")?, "status list")?,
            index: small(get(row, "status_index")?, "status index")?,
        },
        status_reason: get(row, "status_reason")?,
        status_changed_at: parse_optional_timestamp(get(row, "status_changed_at")?)?,
        replaced_by: replaced_by
            .as_deref()
            .map(|id| parse_id(id, CredentialId::parse))
            .transpose()?,
        credential: from_json(&get::<String>(row, "document")?)?,
    })
}

pub(super) fn job_from_row(row: &AnyRow) -> StoreResult<ImportJob> {
    let kind: String = get(row, "kind")?;
    let state: String = get(row, "state")?;
    Ok(ImportJob {
        id: parse_id(&get::<String>(row, "id")?, ImportJobId::parse)?,
        provider_id: parse_id(&get::<String>(row, "provider_id")?, ProviderId::parse)?,
        offering_id: parse_id(&get::<String>(row, "offering_id")?, OfferingId::parse)?,
        kind: ImportKind::from_code(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("import kind `{kind}`")))?,
        file_name: get(row, "file_name")?,
        state: ImportState::from_code(&state)
            .ok_or_else(|| StoreError::Corrupt(format!("import state `{state}`")))?,
        total_rows: count(get(row, "total_rows")?),
        processed_rows: count(get(row, "processed_rows")?),
        applied_rows: count(get(row, "applied_rows")?),
        skipped_rows: count(get(row, "skipped_rows")?),
        failed_rows: count(get(row, "failed_rows")?),
        issued_credentials: count(get(row, "issued_credentials")?),
        problems: from_json(&get::<String>(row, "errors")?)?,
        message: get(row, "message")?,
        created_by: get(row, "created_by")?,
        created_at: parse_timestamp(&get::<String>(row, "created_at")?)?,
        updated_at: parse_timestamp(&get::<String>(row, "updated_at")?)?,
    })
}

pub(super) fn import_row_from_row(row: &AnyRow) -> StoreResult<ImportRowRecord> {
    let kind: String = get(row, "kind")?;
    let optional = |column: &str| -> StoreResult<Option<String>> { get(row, column) };
    Ok(ImportRowRecord {
        provider_id: parse_id(&get::<String>(row, "provider_id")?, ProviderId::parse)?,
        offering_id: parse_id(&get::<String>(row, "offering_id")?, OfferingId::parse)?,
        kind: ImportKind::from_code(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("import kind `{kind}`")))?,
        row_key: get(row, "row_key")?,
        job_id: parse_id(&get::<String>(row, "job_id")?, ImportJobId::parse)?,
        row_number: count(get(row, "row_number")?),
        enrolment_id: optional("enrolment_id")?
            .map(|id| parse_id(&id, EnrolmentId::parse))
            .transpose()?,
        assessment_id: optional("assessment_id")?
            .map(|id| parse_id(&id, AssessmentId::parse))
            .transpose()?,
        credential_id: optional("credential_id")?
            .map(|id| parse_id(&id, CredentialId::parse))
            .transpose()?,
    })
}

/// `$first, $first+1, …` placeholders for an IN list.
pub(crate) fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn key_from_row(row: &AnyRow) -> StoreResult<ProviderKeyRecord> {
    Ok(ProviderKeyRecord {
        provider_id: parse_id(&get::<String>(row, "provider_id")?, ProviderId::parse)?,
        key_number: small(get(row, "key_number")?, "key number")?,
        public_key: get(row, "public_key")?,
        sealed_key: get(row, "sealed_key")?,
        created_at: parse_timestamp(&get::<String>(row, "created_at")?)?,
        retired_at: parse_optional_timestamp(get(row, "retired_at")?)?,
    })
}
