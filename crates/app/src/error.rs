//! Errors of the use cases. Each maps to one HTTP status and stable code in `web::error`.

use model::ValidationErrors;
use store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The submitted document breaks Annex I or register rules; every element is named.
    #[error(transparent)]
    Validation(#[from] ValidationErrors),
    /// No credentials, or credentials that are unknown, revoked or expired.
    #[error("authentication required: {0}")]
    Unauthenticated(&'static str),
    /// Too many failed sign-ins for an address or from a network address: try again after
    /// this many seconds.
    #[error("too many failed sign-ins; try again in {retry_after_seconds} s")]
    TooManyAttempts { retry_after_seconds: u64 },
    /// Authenticated, but this role or provider may not do this.
    #[error("forbidden: {0}")]
    Forbidden(String),
    #[error("{0} not found")]
    NotFound(String),
    /// The request conflicts with the stored state (duplicate id, stale edit).
    #[error("conflict: {0}")]
    Conflict(String),
    /// The action does not apply in the entity's current state.
    #[error("{0}")]
    InvalidState(String),
    /// A credential could not be produced or read (e.g. a term that would expand to nothing);
    /// `code` is the credential engine's stable code.
    #[error("{message}")]
    Credential { code: &'static str, message: String },
    /// The server lacks a setting this needs (e.g. no master key for signing keys).
    #[error("not configured: {0}")]
    NotConfigured(String),
    /// The PDF certificate could not be made from a stored credential.
    #[error("the certificate could not be made: {0}")]
    Certificate(String),
    /// A bulk file that cannot be read as a whole; no row of it was applied.
    #[error("{0}")]
    ImportFile(#[from] crate::import_file::FileError),
    /// Signing in with an identity provider failed: the sign-in was not started here or was
    /// used already, the provider refused, or its ID token is not valid. The message says which.
    #[error("{0}")]
    SignInRefused(String),
    /// An identity provider could not be reached or answered something unusable.
    #[error("{0}")]
    IdentityProviderUnavailable(String),
    /// Storage failed; details go to the log, not to the user.
    #[error("storage failure: {0}")]
    Store(StoreError),
}

impl AppError {
    /// Maps a store error, naming what was not found.
    pub fn from_store(error: StoreError, what: impl FnOnce() -> String) -> AppError {
        match error {
            StoreError::NotFound => AppError::NotFound(what()),
            StoreError::Conflict(message) => AppError::Conflict(message),
            other => AppError::Store(other),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> AppError {
        AppError::from_store(error, || "record".to_owned())
    }
}

pub type AppResult<T> = Result<T, AppError>;

impl From<vc::Error> for AppError {
    fn from(error: vc::Error) -> AppError {
        AppError::Credential {
            code: error.code(),
            message: error.to_string(),
        }
    }
}
