//! Request and response types of the REST API (DESIGN.md "API (v1)"), shared by
//! the api and the widget so neither re-declares a shape by hand.

use serde::{Deserialize, Serialize};

use crate::{key_enum, result::AssessmentResult, text, validate::FieldError};

key_enum! {
    /// Stable machine codes of `application/problem+json` errors; clients match
    /// on these, never on the human `detail`.
    pub enum ErrorCode {
        InvalidJson => "invalid_json",
        ValidationFailed => "validation_failed",
        ConsentRequired => "consent_required",
        UnsupportedMediaType => "unsupported_media_type",
        PayloadTooLarge => "payload_too_large",
        NotFound => "not_found",
        MethodNotAllowed => "method_not_allowed",
        BadRequest => "bad_request",
        Unauthorized => "unauthorized",
        InvalidCredentials => "invalid_credentials",
        AccountDisabled => "account_disabled",
        PasswordChangeRequired => "password_change_required",
        TwoStepEnrolmentRequired => "two_step_enrolment_required",
        OneTimeCodeRequired => "one_time_code_required",
        InvalidOneTimeCode => "invalid_one_time_code",
        TwoStepAlreadyOn => "two_step_already_on",
        TwoStepNotStarted => "two_step_not_started",
        TemporaryPasswordUsed => "temporary_password_used",
        TokenExpired => "token_expired",
        EmailTaken => "email_taken",
        SlugTaken => "slug_taken",
        NotRedeemed => "not_redeemed",
        Forbidden => "forbidden",
        RateLimited => "rate_limited",
        IdempotencyKeyReused => "idempotency_key_reused",
        AssessmentErased => "assessment_erased",
        NotEligible => "not_eligible",
        NoActiveOffer => "no_active_offer",
        InvalidCode => "invalid_code",
        UnknownCode => "unknown_code",
        AlreadyRedeemed => "already_redeemed",
        Expired => "expired",
        Voided => "voided",
        Unavailable => "database_unavailable",
        StorageFull => "storage_full",
        InvalidText => "invalid_text",
        Internal => "internal",
    }
}

/// An RFC 9457 problem; `code` is the stable machine code.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    #[serde(rename = "type")]
    pub type_uri: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub code: ErrorCode,
    /// The fields that failed validation, with their paths.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// For `already_redeemed`: when (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redeemed_at: Option<String>,
    /// For `already_redeemed`: by whom (staff email).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redeemed_by: Option<String>,
}

/// `GET /healthz` and `GET /readyz`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// `ok`; from `/readyz` also `database_unavailable` or `storage_full`.
    pub status: String,
    pub version: String,
}

/// `GET /v1/clinic`: who runs this instance, for the widget, the console and
/// the mobile app (nothing clinic-specific is compiled into the rules).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClinicInfo {
    pub name: String,
    /// Town and state, e.g. `St. George, Utah`.
    pub location: String,
    /// The front desk's phone number as people dial it, if configured.
    pub phone: Option<String>,
    /// An `https://` page where visitors book a visit, if configured.
    pub booking_url: Option<String>,
    /// IANA time zone: offers run on its local calendar days.
    pub time_zone: String,
}

/// `POST /v1/assessments` 201.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentCreated {
    pub id: String,
    /// The visitor's bearer secret for this one assessment.
    pub token: String,
    pub result: AssessmentResult,
}

/// `GET /v1/assessments/{id}`: a stored check with its answers and result.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessmentView {
    pub id: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub questionnaire_version: String,
    pub answers: crate::Answers,
    pub result: AssessmentResult,
}

mod campaigns;
mod codes;
mod export;
mod progress;
mod staff;

pub use campaigns::*;
pub use codes::*;
pub use export::*;
pub use progress::*;
pub use staff::*;

#[cfg(test)]
mod tests {
    use super::{AuditOutcome, ErrorCode};

    #[test]
    fn every_refusal_outcome_is_the_error_code_it_was_refused_with() {
        for outcome in AuditOutcome::ALL.iter().copied().filter(|o| *o != AuditOutcome::Done) {
            let code = ErrorCode::from_key(outcome.as_str()).expect("an error code");
            assert_eq!(AuditOutcome::refused(code), Some(outcome));
        }
        assert_eq!(ErrorCode::from_key(AuditOutcome::Done.as_str()), None, "`ok` is no error");
        assert_eq!(AuditOutcome::refused(ErrorCode::Internal), None);
    }
}
