//! The one error type of the HTTP layer and its one mapping to RFC 9457
//! `application/problem+json`. A 5xx body is generic; its cause goes to the log.

use actix_web::{
    HttpRequest, HttpResponse, ResponseError,
    body::BoxBody,
    error::QueryPayloadError,
    http::{StatusCode, header},
};
use solecheck_shared::{
    api::{ErrorCode, Problem},
    validate::{AnswersError, FieldError, FieldErrorCode},
};

use crate::db::{DbError, Outage};

/// Everything a handler can fail with. `Debug` (what request logs show) names
/// only the code: client errors can echo submitted values, and health answers
/// never go to the logs.
#[derive(thiserror::Error)]
pub enum ApiError {
    #[error("the request body is not valid JSON for this route: {0}")]
    InvalidJson(String),
    #[error("the request is not valid: {}", fields_text(.0))]
    Validation(Vec<FieldError>),
    #[error("a text field holds characters it cannot hold")]
    InvalidText(Vec<FieldError>),
    #[error("storing answers needs consent")]
    ConsentRequired,
    #[error("{0}")]
    BadRequest(String),
    #[error("no such resource")]
    NotFound,
    #[error("method not allowed here; this path allows {allow}")]
    MethodNotAllowed { allow: String },
    #[error("the body must be application/json")]
    UnsupportedMediaType,
    #[error("the body is larger than this route accepts")]
    PayloadTooLarge,
    #[error("{0}")]
    Unauthorized(String),
    #[error("the email or password is not right")]
    InvalidCredentials,
    #[error("this account is disabled; ask a clinic admin")]
    AccountDisabled,
    #[error(
        "this account signed in with a temporary password; choose a new one first (POST /v1/auth/password)"
    )]
    PasswordChangeRequired,
    #[error("this clinic requires two-step sign-in; set it up first (POST /v1/auth/two-step)")]
    TwoStepEnrolmentRequired,
    #[error("this temporary password was already used to sign in; ask an admin for a new one")]
    TemporaryPasswordUsed,
    #[error(
        "this account signs in with two steps; send the code from the authenticator app, or a recovery code, as one_time_code"
    )]
    OneTimeCodeRequired,
    #[error("this one-time code is wrong, already used, or too old; try the newest code")]
    InvalidOneTimeCode,
    #[error("two-step sign-in is already on for this account")]
    TwoStepAlreadyOn,
    #[error("no two-step set-up is waiting; start it again")]
    TwoStepNotStarted,
    #[error("the access token has expired; refresh it or sign in again")]
    TokenExpired,
    #[error("an account with this email already exists")]
    EmailTaken,
    #[error("a campaign with this slug already exists")]
    SlugTaken,
    #[error("an urgent result does not come with an offer")]
    NotEligible,
    #[error("no offer is running today")]
    NoActiveOffer,
    #[error("this is not a valid code: {0}")]
    InvalidCode(#[from] solecheck_shared::code::CodeError),
    #[error("no such code")]
    UnknownCode,
    #[error("this code was already redeemed on {at} by {by}")]
    AlreadyRedeemed { at: String, by: String },
    #[error("this code has expired")]
    Expired,
    #[error("this code was voided")]
    Voided,
    #[error("this code is not redeemed")]
    NotRedeemed,
    #[error("{0}")]
    Forbidden(String),
    #[error("too many attempts; try again in {retry_after} seconds")]
    RateLimited { retry_after: u64 },
    #[error("this Idempotency-Key was used with a different request body")]
    IdempotencyKeyReused,
    #[error("the check stored under this Idempotency-Key was erased; send a new check with a new key")]
    AssessmentErased,
    #[error("the database cannot be reached just now; try again shortly")]
    Unavailable(#[source] Cause),
    #[error("the database has no room to store this just now; try again later")]
    StorageFull(#[source] Cause),
    #[error("internal error")]
    Internal(#[source] Cause),
}

/// `path: message; ...`, what the problem's `detail` says of refused fields.
fn fields_text(errors: &[FieldError]) -> String {
    errors.iter().map(|e| format!("{}: {}", e.path, e.message)).collect::<Vec<_>>().join("; ")
}

/// The cause of a 5xx, for the log.
pub type Cause = Box<dyn std::error::Error + Send + Sync>;

impl std::fmt::Debug for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unavailable(cause) => write!(f, "unavailable: {cause}"),
            Self::StorageFull(cause) => write!(f, "storage full: {cause}"),
            Self::Internal(cause) => write!(f, "internal: {cause}"),
            other => write!(f, "{}", other.code()),
        }
    }
}

impl From<DbError> for ApiError {
    fn from(error: DbError) -> Self {
        Self::from_db(error.outage(), error)
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(error: diesel::result::Error) -> Self {
        DbError::from(error).into()
    }
}

impl From<AnswersError> for ApiError {
    fn from(error: AnswersError) -> Self {
        match error {
            AnswersError::Invalid(errors) => Self::fields(errors),
            AnswersError::ConsentRequired => Self::ConsentRequired,
        }
    }
}

impl ApiError {
    /// Fields a body got wrong. Not JSON at all is a bad request (400); JSON
    /// that breaks the format is 422, `invalid_text` when a text field holds
    /// control characters, `validation_failed` otherwise.
    pub fn fields(errors: Vec<FieldError>) -> Self {
        if errors.iter().all(|e| e.code == FieldErrorCode::InvalidJson) {
            Self::InvalidJson(errors.into_iter().map(|e| e.message).collect::<Vec<_>>().join("; "))
        } else if errors.iter().any(|e| e.code == FieldErrorCode::InvalidText) {
            Self::InvalidText(errors)
        } else {
            Self::Validation(errors)
        }
    }

    /// One field refused for its value (`validation_failed`, 422), with what to do.
    pub fn invalid_value(path: &str, message: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError {
            path: path.into(),
            code: FieldErrorCode::InvalidValue,
            message: message.into(),
        }])
    }

    /// A staff sign-in whose account's password changed or was reset since.
    pub fn sign_in_ended() -> Self {
        Self::Unauthorized(
            "this sign-in has ended because the account's password was changed; sign in again".into(),
        )
    }

    /// Wraps an unexpected failure; its cause is logged, never sent.
    pub fn internal(error: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Internal(Box::new(error))
    }

    /// A failed database call: 503 for an outage, 500 for anything else.
    pub fn from_db(outage: Option<Outage>, cause: impl std::error::Error + Send + Sync + 'static) -> Self {
        match outage {
            Some(Outage::Unreachable) => Self::Unavailable(Box::new(cause)),
            Some(Outage::StorageFull) => Self::StorageFull(Box::new(cause)),
            None => Self::Internal(Box::new(cause)),
        }
    }

    /// Whether a write failed on a unique constraint: it lost a race with
    /// another request, whose row is there to be read once it commits.
    pub fn is_unique_violation(&self) -> bool {
        use diesel::result::{DatabaseErrorKind, Error};
        matches!(self, Self::Internal(cause) if matches!(
            cause.downcast_ref::<crate::db::DbError>(),
            Some(crate::db::DbError::Query(Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _)))
        ))
    }

    /// The stable machine code.
    pub const fn code(&self) -> ErrorCode {
        match self {
            Self::InvalidJson(_) => ErrorCode::InvalidJson,
            Self::Validation(_) => ErrorCode::ValidationFailed,
            Self::InvalidText(_) => ErrorCode::InvalidText,
            Self::ConsentRequired => ErrorCode::ConsentRequired,
            Self::BadRequest(_) => ErrorCode::BadRequest,
            Self::NotFound => ErrorCode::NotFound,
            Self::MethodNotAllowed { .. } => ErrorCode::MethodNotAllowed,
            Self::UnsupportedMediaType => ErrorCode::UnsupportedMediaType,
            Self::PayloadTooLarge => ErrorCode::PayloadTooLarge,
            Self::Unauthorized(_) => ErrorCode::Unauthorized,
            Self::InvalidCredentials => ErrorCode::InvalidCredentials,
            Self::AccountDisabled => ErrorCode::AccountDisabled,
            Self::PasswordChangeRequired => ErrorCode::PasswordChangeRequired,
            Self::TwoStepEnrolmentRequired => ErrorCode::TwoStepEnrolmentRequired,
            Self::TemporaryPasswordUsed => ErrorCode::TemporaryPasswordUsed,
            Self::OneTimeCodeRequired => ErrorCode::OneTimeCodeRequired,
            Self::InvalidOneTimeCode => ErrorCode::InvalidOneTimeCode,
            Self::TwoStepAlreadyOn => ErrorCode::TwoStepAlreadyOn,
            Self::TwoStepNotStarted => ErrorCode::TwoStepNotStarted,
            Self::TokenExpired => ErrorCode::TokenExpired,
            Self::EmailTaken => ErrorCode::EmailTaken,
            Self::SlugTaken => ErrorCode::SlugTaken,
            Self::NotEligible => ErrorCode::NotEligible,
            Self::NoActiveOffer => ErrorCode::NoActiveOffer,
            Self::InvalidCode(_) => ErrorCode::InvalidCode,
            Self::UnknownCode => ErrorCode::UnknownCode,
            Self::AlreadyRedeemed { .. } => ErrorCode::AlreadyRedeemed,
            Self::Expired => ErrorCode::Expired,
            Self::Voided => ErrorCode::Voided,
            Self::NotRedeemed => ErrorCode::NotRedeemed,
            Self::Forbidden(_) => ErrorCode::Forbidden,
            Self::RateLimited { .. } => ErrorCode::RateLimited,
            Self::IdempotencyKeyReused => ErrorCode::IdempotencyKeyReused,
            Self::AssessmentErased => ErrorCode::AssessmentErased,
            Self::Unavailable(_) => ErrorCode::Unavailable,
            Self::StorageFull(_) => ErrorCode::StorageFull,
            Self::Internal(_) => ErrorCode::Internal,
        }
    }

    /// The RFC 9457 body.
    pub fn problem(&self) -> Problem {
        let status = self.status_code();
        let code = self.code();
        Problem {
            type_uri: format!("/problems/{code}"),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: self.to_string(),
            code,
            errors: match self {
                Self::Validation(errors) | Self::InvalidText(errors) => errors.clone(),
                _ => Vec::new(),
            },
            redeemed_at: match self {
                Self::AlreadyRedeemed { at, .. } => Some(at.clone()),
                _ => None,
            },
            redeemed_by: match self {
                Self::AlreadyRedeemed { by, .. } => Some(by.clone()),
                _ => None,
            },
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::InvalidJson(_) | Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Validation(_)
            | Self::InvalidText(_)
            | Self::ConsentRequired
            | Self::IdempotencyKeyReused => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unauthorized(_) | Self::InvalidCredentials | Self::TokenExpired => StatusCode::UNAUTHORIZED,
            Self::AccountDisabled | Self::PasswordChangeRequired | Self::TwoStepEnrolmentRequired => {
                StatusCode::FORBIDDEN
            }
            Self::OneTimeCodeRequired | Self::InvalidOneTimeCode | Self::TemporaryPasswordUsed => {
                StatusCode::UNAUTHORIZED
            }
            Self::TwoStepAlreadyOn | Self::TwoStepNotStarted => StatusCode::CONFLICT,
            Self::EmailTaken
            | Self::SlugTaken
            | Self::NoActiveOffer
            | Self::AlreadyRedeemed { .. }
            | Self::NotRedeemed => StatusCode::CONFLICT,
            Self::NotEligible => StatusCode::UNPROCESSABLE_ENTITY,
            // A code of the right shape whose check symbol fails was never
            // issued: not found (no pattern can say what the check symbol is).
            Self::InvalidCode(solecheck_shared::code::CodeError::CheckFailed) => StatusCode::NOT_FOUND,
            Self::InvalidCode(_) => StatusCode::BAD_REQUEST,
            Self::UnknownCode => StatusCode::NOT_FOUND,
            Self::Expired | Self::Voided | Self::AssessmentErased => StatusCode::GONE,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Unavailable(_) | Self::StorageFull(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse<BoxBody> {
        match self {
            Self::Unavailable(cause) => tracing::error!(error = %cause, "database unavailable"),
            Self::StorageFull(cause) => tracing::error!(error = %cause, "database storage full"),
            Self::Internal(cause) => tracing::error!(error = %cause, "request failed"),
            _ => {}
        }
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((header::CONTENT_TYPE, "application/problem+json"));
        match self {
            Self::RateLimited { retry_after } => {
                response.insert_header((header::RETRY_AFTER, retry_after.to_string()));
            }
            // Outages pass; a client may come back soon, and should not hammer.
            Self::Unavailable(_) | Self::StorageFull(_) => {
                response.insert_header((header::RETRY_AFTER, "5"));
            }
            Self::Unauthorized(_) | Self::TokenExpired => {
                response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            Self::MethodNotAllowed { allow } => {
                response.insert_header((header::ALLOW, allow.as_str()));
            }
            _ => {}
        }
        response.json(self.problem())
    }
}

/// Turns any error response that is not yet JSON (actix's own 404,
/// 405, 413, 415 and payload errors) into one, keeping its status.
pub fn problem_for_framework_errors<B>(
    res: actix_web::dev::ServiceResponse<B>,
) -> actix_web::Result<actix_web::middleware::ErrorHandlerResponse<B>> {
    use actix_web::middleware::ErrorHandlerResponse;
    // Our own handlers answer JSON (problems, or /readyz's health body); only
    // actix's plain-text or empty error bodies are replaced.
    let is_json =
        res.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"application/"));
    if is_json {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let error = match status {
        StatusCode::NOT_FOUND => ApiError::NotFound,
        StatusCode::METHOD_NOT_ALLOWED => ApiError::MethodNotAllowed {
            allow: res
                .headers()
                .get(header::ALLOW)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned(),
        },
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::UnsupportedMediaType,
        s if s.is_client_error() => {
            ApiError::BadRequest(s.canonical_reason().unwrap_or("bad request").to_owned())
        }
        _ => ApiError::internal(std::io::Error::other(format!("framework error {status}"))),
    };
    let mut problem = error.problem();
    problem.status = status.as_u16();
    let (req, _) = res.into_parts();
    // The error's own response brings its headers (Allow on a 405).
    let mut response = error.error_response();
    *response.status_mut() = status;
    let response = response.set_body(BoxBody::new(serde_json::to_vec(&problem).unwrap_or_default()));
    Ok(ErrorHandlerResponse::Response(
        actix_web::dev::ServiceResponse::new(req, response).map_into_right_body(),
    ))
}

/// Maps query-string errors.
pub fn query_error(error: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::BadRequest(error.to_string()).into()
}

/// The fallback for unknown paths.
pub async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_maps_to_a_problem_with_its_status() {
        let cases = [
            (ApiError::InvalidJson("x".into()), 400, ErrorCode::InvalidJson),
            (ApiError::Validation(vec![]), 422, ErrorCode::ValidationFailed),
            (ApiError::ConsentRequired, 422, ErrorCode::ConsentRequired),
            (ApiError::NotFound, 404, ErrorCode::NotFound),
            (ApiError::MethodNotAllowed { allow: "GET".into() }, 405, ErrorCode::MethodNotAllowed),
            (ApiError::UnsupportedMediaType, 415, ErrorCode::UnsupportedMediaType),
            (ApiError::PayloadTooLarge, 413, ErrorCode::PayloadTooLarge),
            (
                ApiError::from(DbError::Connection(diesel::ConnectionError::BadConnection("x".into()))),
                503,
                ErrorCode::Unavailable,
            ),
            (ApiError::from_db(Some(Outage::StorageFull), DbError::Cancelled), 503, ErrorCode::StorageFull),
            (ApiError::from(DbError::Cancelled), 500, ErrorCode::Internal),
            (ApiError::internal(DbError::Cancelled), 500, ErrorCode::Internal),
            (ApiError::Unauthorized("x".into()), 401, ErrorCode::Unauthorized),
            (ApiError::Forbidden("x".into()), 403, ErrorCode::Forbidden),
            (ApiError::PasswordChangeRequired, 403, ErrorCode::PasswordChangeRequired),
            (ApiError::TwoStepEnrolmentRequired, 403, ErrorCode::TwoStepEnrolmentRequired),
            (ApiError::OneTimeCodeRequired, 401, ErrorCode::OneTimeCodeRequired),
            (ApiError::InvalidOneTimeCode, 401, ErrorCode::InvalidOneTimeCode),
            (ApiError::TwoStepAlreadyOn, 409, ErrorCode::TwoStepAlreadyOn),
            (ApiError::TemporaryPasswordUsed, 401, ErrorCode::TemporaryPasswordUsed),
            (ApiError::RateLimited { retry_after: 5 }, 429, ErrorCode::RateLimited),
            (ApiError::IdempotencyKeyReused, 422, ErrorCode::IdempotencyKeyReused),
            (ApiError::AssessmentErased, 410, ErrorCode::AssessmentErased),
        ];
        for (error, status, code) in cases {
            let problem = error.problem();
            assert_eq!(problem.status, status);
            assert_eq!(problem.code, code);
            assert_eq!(error.error_response().status().as_u16(), status);
        }
    }

    #[test]
    fn logs_of_client_errors_carry_no_submitted_values() {
        let error = ApiError::Validation(vec![FieldError {
            path: "symptoms.back_pain".into(),
            code: FieldErrorCode::InvalidType,
            message: "invalid type: string \"unbearable\"".into(),
        }]);
        assert_eq!(format!("{error:?}"), "validation_failed");
        let redeemed = ApiError::AlreadyRedeemed { at: "t".into(), by: "desk@clinic.test".into() };
        assert_eq!(format!("{redeemed:?}"), "already_redeemed");
    }

    #[test]
    fn server_errors_do_not_leak_their_cause() {
        let error = ApiError::internal(DbError::Migration("secret table detail".into()));
        assert!(!error.problem().detail.contains("secret"));
    }
}
