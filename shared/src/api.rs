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

key_enum! {
    /// A staff member's role: `staff` looks up and redeems codes; `admin` does everything.
    pub enum Role { Staff => "staff", Admin => "admin" }
}

/// `POST /v1/auth/login`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::line))]
    #[serde(deserialize_with = "text::line")]
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::line))]
    #[serde(deserialize_with = "text::line")]
    pub password: String,
}

/// `POST /v1/auth/refresh` and `POST /v1/auth/logout`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::line))]
    #[serde(deserialize_with = "text::line")]
    pub refresh_token: String,
}

/// Login and refresh 200.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
}

/// A staff account as admins see it (never the password hash).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffView {
    pub id: String,
    pub email: String,
    pub role: Role,
    pub disabled: bool,
    /// RFC 3339, UTC.
    pub created_at: String,
}

/// `POST /v1/staff`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewStaff {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::email))]
    #[serde(deserialize_with = "text::line")]
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::password))]
    #[serde(deserialize_with = "text::line")]
    pub password: String,
    pub role: Role,
}

/// `PATCH /v1/staff/{id}`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
}

key_enum! {
    /// Whether a campaign repeats every year on the same days.
    pub enum Recurrence { None => "none", Yearly => "yearly" }
}

/// A campaign as admins write it (`POST /v1/campaigns`). Dates are the clinic's
/// local calendar days (`YYYY-MM-DD`), both inclusive.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CampaignInput {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::slug))]
    #[serde(deserialize_with = "text::line")]
    pub slug: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::title))]
    #[serde(deserialize_with = "text::line")]
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::description))]
    #[serde(deserialize_with = "text::text")]
    pub description: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::percent_off))]
    #[serde(deserialize_with = "crate::fields::whole")]
    pub percent_off: i32,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::title))]
    #[serde(deserialize_with = "text::line")]
    pub applies_to: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::day))]
    #[serde(deserialize_with = "text::line")]
    pub starts_on: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::day))]
    #[serde(deserialize_with = "text::line")]
    pub ends_on: String,
    pub recurrence: Recurrence,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::code_life_days))]
    #[serde(default, deserialize_with = "crate::fields::whole_or_null")]
    pub code_life_days: Option<i32>,
}

/// `PATCH /v1/campaigns/{id}`: any field, or `ended: true` to end it now.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CampaignPatch {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::title))]
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "text::opt_line")]
    pub title: Option<String>,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::description))]
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "text::opt_text")]
    pub description: Option<String>,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::percent_off))]
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::fields::opt_whole")]
    pub percent_off: Option<i32>,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::title))]
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "text::opt_line")]
    pub applies_to: Option<String>,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::day))]
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "text::opt_line")]
    pub starts_on: Option<String>,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::day))]
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "text::opt_line")]
    pub ends_on: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurrence: Option<Recurrence>,
    /// `Some(None)` (JSON `null`) clears it.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::code_life_days))]
    #[serde(default, skip_serializing_if = "Option::is_none", with = "double_option")]
    pub code_life_days: Option<Option<i32>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended: Option<bool>,
}

mod double_option {
    use serde::{Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(value: &Option<Option<i32>>, s: S) -> Result<S::Ok, S::Error> {
        value.flatten().serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<i32>>, D::Error> {
        crate::fields::whole_or_null(d).map(Some)
    }
}

/// A campaign as stored (`GET /v1/campaigns` item).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignView {
    pub id: String,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub percent_off: i32,
    pub applies_to: String,
    pub starts_on: String,
    pub ends_on: String,
    pub recurrence: Recurrence,
    pub code_life_days: Option<i32>,
    /// A demo campaign made by `serve --demo`.
    pub demo: bool,
    /// RFC 3339 when an admin ended it.
    pub ended_at: Option<String>,
    /// Whether it is running now.
    pub active: bool,
}

/// One offer as visitors see it: the campaign's current or next window.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferView {
    pub slug: String,
    pub title: String,
    pub description: String,
    pub percent_off: i32,
    pub applies_to: String,
    /// This window's first local day.
    pub starts_on: String,
    /// This window's last local day.
    pub ends_on: String,
    pub demo: bool,
}

/// `GET /v1/offers`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offers {
    /// The clinic's local date today.
    pub today: String,
    pub time_zone: String,
    pub active: Vec<OfferView>,
    /// The next window to start after today, if any.
    pub next: Option<OfferView>,
}

/// The campaign part of a code.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeCampaign {
    pub slug: String,
    pub title: String,
    pub percent_off: i32,
    pub applies_to: String,
}

/// `POST /v1/assessments/{id}/code`: 201 new, 200 existing.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeIssued {
    /// Display form `XXXX-XXXX-XXXX-C`.
    pub code: String,
    /// The code as a QR code, to show at the desk: one string per row, top to
    /// bottom, `1` a dark module and `0` a light one. Draw it with a light
    /// margin of four modules on every side.
    pub qr: Vec<String>,
    pub campaign: CodeCampaign,
    /// RFC 3339: the instant the code stops working, the end of the
    /// campaign's last local day (the next local midnight), or sooner.
    pub expires_at: String,
    /// The last day the code can be used on, as a clinic-local calendar date
    /// (`YYYY-MM-DD`): the day that ends at `expires_at`. Show this to people;
    /// `expires_at` read in another time zone can fall on the next day.
    #[cfg_attr(feature = "openapi", schema(format = Date, example = "2026-08-31"))]
    pub valid_through: String,
}

/// `POST /v1/assessments/{id}/code` body (optional).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeRequest {
    /// Which active campaign; the one ending soonest when left out.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::line))]
    #[serde(default, deserialize_with = "text::opt_line")]
    pub campaign: Option<String>,
}

key_enum! {
    /// A code's state.
    pub enum CodeState { Issued => "issued", Redeemed => "redeemed", Expired => "expired", Voided => "voided" }
}

/// What the desk needs to prepare the visit (no answers).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultSummary {
    /// `unknown` once the visitor erased their check.
    pub hint: crate::result::Hint,
    /// `none` once the visitor erased their check.
    pub referral_level: crate::result::ReferralLevel,
    /// Plan item keys; empty once the visitor erased their answers.
    pub plan: Vec<crate::result::PlanKey>,
    pub erased: bool,
}

impl ResultSummary {
    /// What is left of an erased check: nothing to prepare with.
    pub const ERASED: Self = Self {
        hint: crate::result::Hint::Unknown,
        referral_level: crate::result::ReferralLevel::None,
        plan: Vec::new(),
        erased: true,
    };
}

key_enum! {
    /// What an audited staff action on a code was.
    pub enum AuditAction { Redeem => "redeem", Void => "void", Unredeem => "unredeem" }
}

key_enum! {
    /// How an audited action ended: done, or the refusal's error code.
    pub enum AuditOutcome {
        Done => "ok",
        InvalidCode => "invalid_code",
        UnknownCode => "unknown_code",
        AlreadyRedeemed => "already_redeemed",
        Expired => "expired",
        Voided => "voided",
        NotRedeemed => "not_redeemed",
    }
}

impl AuditOutcome {
    /// The outcome a refusal with this error code is audited as; `None` for
    /// a code that never refuses an action on a code.
    pub fn refused(code: ErrorCode) -> Option<Self> {
        Self::from_key(code.as_str()).filter(|outcome| *outcome != Self::Done)
    }
}

/// `GET /v1/codes/{code}`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeStatus {
    pub code: String,
    pub status: CodeState,
    pub campaign: CodeCampaign,
    pub issued_at: String,
    /// RFC 3339: the instant the code stops working.
    pub expires_at: String,
    /// The last clinic-local day (`YYYY-MM-DD`) the code can be used on.
    #[cfg_attr(feature = "openapi", schema(format = Date, example = "2026-08-31"))]
    pub valid_through: String,
    pub redeemed_at: Option<String>,
    /// Email of the staff member who redeemed it.
    pub redeemed_by: Option<String>,
    pub voided_at: Option<String>,
    pub void_reason: Option<String>,
    pub assessment: ResultSummary,
}

/// `POST /v1/codes/{code}/redeem` 200.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redeemed {
    pub code: String,
    /// Always `redeemed`.
    pub status: CodeState,
    pub redeemed_at: String,
    pub redeemed_by: String,
}

/// Body of void and un-redeem: why (required, audited).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReasonRequest {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::reason))]
    #[serde(deserialize_with = "text::text")]
    pub reason: String,
}

/// One audit log entry of a code.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: String,
    /// Staff email, if the actor was a person.
    pub actor: Option<String>,
    pub action: AuditAction,
    /// `ok`, or the error code the action was refused with.
    pub outcome: AuditOutcome,
    pub reason: Option<String>,
    /// The code the entry is about, in display form; `null` when what was
    /// typed named no issued code (unknown, or refused by its check symbol).
    pub code: Option<String>,
    /// What staff typed or scanned.
    pub typed: String,
    /// The address the staff member acted from, as the server sees it
    /// behind its trusted proxies; `null` for entries older than this field.
    pub client_address: Option<String>,
}

/// `POST /v1/assessments/{id}/sessions`: one exercise session done.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewSession {
    /// A key of this assessment's plan.
    pub plan_key: crate::result::PlanKey,
    /// The local day it was done (`YYYY-MM-DD`); today when left out.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::day))]
    #[serde(default, deserialize_with = "text::opt_line")]
    pub performed_on: Option<String>,
    /// Sets done, 1 to 20, if counted.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::fields::schema::sets_done))]
    #[serde(default, deserialize_with = "crate::fields::whole_or_null")]
    pub sets_done: Option<i32>,
}

/// A logged exercise session.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    pub id: String,
    pub plan_key: crate::result::PlanKey,
    pub performed_on: String,
    pub sets_done: Option<i32>,
}

/// Sessions in one week (weeks start on Monday).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekCount {
    pub week_start: String,
    pub sessions: u32,
}

/// Per-exercise totals.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExerciseTotal {
    pub plan_key: crate::result::PlanKey,
    pub sessions: u32,
    pub last_on: String,
}

/// `GET /v1/assessments/{id}/progress`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub total_sessions: u32,
    /// Days in a row, up to today (or yesterday), with at least one session.
    pub current_streak_days: u32,
    /// The last 8 weeks, oldest first, this week last.
    pub weeks: Vec<WeekCount>,
    /// In plan order; exercises never done are left out.
    pub exercises: Vec<ExerciseTotal>,
}

/// One row of the staff list of assessments (no answers).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentListItem {
    pub id: String,
    pub created_at: String,
    pub questionnaire_version: String,
    pub locale: String,
    pub source: String,
    pub hint: String,
    pub referral_level: String,
    pub erased: bool,
}

/// One page of a list: at most `limit` items; pass `next_cursor` as `cursor`
/// for the next page (absent on the last).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

/// `GET /v1/assessments`: newest first.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentPage {
    pub items: Vec<AssessmentListItem>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// Counts by key.
pub type Counts = std::collections::BTreeMap<String, u32>;

/// Assessments of one week.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekStats {
    pub week_start: String,
    pub total: u32,
    pub by_hint: Counts,
    pub by_referral: Counts,
}

/// Codes of one campaign.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignStats {
    pub slug: String,
    pub title: String,
    pub issued: u32,
    pub redeemed: u32,
}

/// `GET /v1/stats`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub assessments: u32,
    pub by_hint: Counts,
    pub by_referral: Counts,
    /// Weeks (Monday start, clinic time) that have assessments, oldest first.
    pub weeks: Vec<WeekStats>,
    pub codes: Vec<CampaignStats>,
}

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
