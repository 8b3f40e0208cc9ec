//! Reading API request bodies within the limit each call states in its handler's signature, so
//! a body over it is answered with the API's JSON error (413 `payload_too_large`, naming the
//! limit) instead of axum's plain-text rejection.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};

use crate::error::{ApiError, BodyError};

/// The request body, at most `LIMIT` bytes.
pub struct LimitedBody<const LIMIT: usize>(pub Bytes);

impl<S: Send + Sync, const LIMIT: usize> FromRequest<S> for LimitedBody<LIMIT> {
    type Rejection = ApiError;

    async fn from_request(request: Request, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(LimitedBody(read_within(request, LIMIT).await?))
    }
}

/// The whole body, or `TooLarge` as soon as more than `limit` bytes arrived. The route's
/// `DefaultBodyLimit` plays no part: the limit is the caller's.
pub async fn read_within(request: Request, limit: usize) -> Result<Bytes, BodyError> {
    axum::body::to_bytes(request.into_body(), limit)
        .await
        .map_err(|error| {
            if is_over_limit(&error) {
                BodyError::TooLarge { limit }
            } else {
                BodyError::Unreadable(error.to_string())
            }
        })
}

/// Whether reading stopped at the limit, rather than because the upload broke off.
fn is_over_limit(error: &axum::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = cause {
        if current.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        cause = current.source();
    }
    false
}
