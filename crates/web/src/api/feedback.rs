//! API handlers of learners' feedback: a learner rates what they were assessed in
//! (`/api/v1/me/feedback…`); an offering's provider staff, analysts and platform admins read
//! the aggregate (`/api/v1/offerings/{id}/feedback`), which holds only the number of answers
//! below the statistics' threshold.

use app::feedback::{FeedbackForm, FeedbackSummary, MyFeedback};
use axum::Json;
use axum::extract::{Path, State};
use model::{EnrolmentId, OfferingId, ViolationCode};
use serde::Serialize;
use serde_json::Value;

use crate::SharedState;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::json::StrictJson;

const FIELDS: [&str; 6] = [
    "overall",
    "content",
    "teaching",
    "assessment",
    "workload",
    "comment",
];

/// A whole number field (422 naming it when missing, not a number, or far out of range).
fn number<T: TryFrom<i64>>(document: &Value, key: &str) -> ApiResult<T> {
    let value = document.get(key).ok_or_else(|| {
        ApiError::violation(ViolationCode::MissingElement, format!("`{key}` is missing"))
            .with_element(key)
    })?;
    value
        .as_i64()
        .and_then(|number| T::try_from(number).ok())
        .ok_or_else(|| {
            ApiError::violation(
                ViolationCode::InvalidType,
                format!("`{key}` must be a whole number in its range, not {value}"),
            )
            .with_element(key)
        })
}

/// The answer of a JSON body, every field checked by name.
fn form(document: &Value) -> ApiResult<FeedbackForm> {
    let object = document.as_object().ok_or_else(|| {
        ApiError::violation(
            ViolationCode::InvalidType,
            "the answer must be an object".to_owned(),
        )
    })?;
    if let Some(unknown) = object.keys().find(|key| !FIELDS.contains(&key.as_str())) {
        return Err(ApiError::violation(
            ViolationCode::UnknownElement,
            format!(
                "`{unknown}` is not a field of an answer ({})",
                FIELDS.join(", ")
            ),
        )
        .with_element(unknown));
    }
    let comment = match document.get("comment") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(_) => {
            return Err(ApiError::violation(
                ViolationCode::InvalidType,
                "`comment` must be text".to_owned(),
            )
            .with_element("comment"));
        }
    };
    Ok(FeedbackForm {
        overall: number(document, "overall")?,
        content: number(document, "content")?,
        teaching: number(document, "teaching")?,
        assessment: number(document, "assessment")?,
        workload: number(document, "workload")?,
        comment,
    })
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct MyFeedbackResponse {
    pub items: Vec<MyFeedback>,
}

/// `PUT /api/v1/me/feedback/{enrolment}`: give (or, within 30 days, change) an answer.
pub async fn give(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(enrolment): Path<String>,
    StrictJson(document): StrictJson,
) -> ApiResult<Json<MyFeedback>> {
    let learner = caller.learner()?;
    let enrolment = EnrolmentId::parse(&enrolment)
        .map_err(|reason| ApiError::violation(ViolationCode::InvalidValue, reason))?;
    let form = form(&document)?;
    Ok(Json(
        state.app.give_feedback(&learner, &enrolment, &form).await?,
    ))
}

/// `GET /api/v1/me/feedback`: the learner's own answers.
pub async fn mine(
    State(state): State<SharedState>,
    Caller(caller): Caller,
) -> ApiResult<Json<MyFeedbackResponse>> {
    let learner = caller.learner()?;
    Ok(Json(MyFeedbackResponse {
        items: state.app.my_feedback(&learner).await?,
    }))
}

/// `GET /api/v1/offerings/{id}/feedback`: the aggregate.
pub async fn summary(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<FeedbackSummary>> {
    let offering = OfferingId::parse(&id)
        .map_err(|reason| ApiError::violation(ViolationCode::InvalidValue, reason))?;
    Ok(Json(state.app.feedback_summary(&caller, &offering).await?))
}
