use sea_orm::DbErr;

use model::error::{ApiError, ErrorCode, FieldError};

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong in the domain. Adapters map it once each: HTTP status, GraphQL
/// `extensions.code`, server-function error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not signed in")]
    Unauthenticated,
    #[error("not allowed")]
    Forbidden,
    /// Also what an id of another tenant (or another agent's lead) looks like.
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    #[error("{0}")]
    Conflict(String),
    #[error("too many attempts, try again in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    /// An outside service did not answer usefully; the text is safe to show (no secrets, no
    /// request content).
    #[error("{0}")]
    Unavailable(String),
    #[error("database error")]
    Db(#[from] DbErr),
    #[error("internal error")]
    Internal(String),
}

impl Error {
    pub fn invalid(field: &str, code: &str, message: impl Into<String>) -> Self {
        Error::Invalid(vec![FieldError { field: field.to_owned(), code: code.to_owned(), message: message.into() }])
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Unauthenticated => ErrorCode::Unauthenticated,
            Error::Forbidden => ErrorCode::Forbidden,
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::Invalid(_) => ErrorCode::BadUserInput,
            Error::Conflict(_) => ErrorCode::Conflict,
            Error::RateLimited { .. } => ErrorCode::RateLimited,
            Error::Unavailable(_) => ErrorCode::Unavailable,
            Error::Db(_) | Error::Internal(_) => ErrorCode::Internal,
        }
    }

    /// Internal causes are logged here, once, and never reach the client.
    pub fn to_api(&self) -> ApiError {
        match self {
            Error::Db(e) => {
                tracing::error!(error = %e, "database error");
                ApiError::new(ErrorCode::Internal, "internal error")
            }
            Error::Internal(e) => {
                tracing::error!(error = %e, "internal error");
                ApiError::new(ErrorCode::Internal, "internal error")
            }
            Error::Invalid(fields) => ApiError {
                code: ErrorCode::BadUserInput,
                message: fields.iter().map(|f| format!("{}: {}", f.field, f.message)).collect::<Vec<_>>().join("; "),
                fields: fields.clone(),
                retry_after_secs: None,
            },
            Error::RateLimited { retry_after_secs } => ApiError {
                retry_after_secs: Some(*retry_after_secs),
                ..ApiError::new(ErrorCode::RateLimited, self.to_string())
            },
            other => ApiError::new(other.code(), other.to_string()),
        }
    }
}

/// The HTTP status (and `Retry-After`) follow from the code: the server sets them on every
/// server-function error answer (`server/src/http.rs`), pages where they render one.
impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        e.to_api()
    }
}
