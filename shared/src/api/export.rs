//! `GET /v1/assessments/{id}/export`: a visitor's own copy of everything
//! SoleCheck stores about their check.

use super::*;

/// Everything stored about one check, for its visitor (their token only).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessmentExport {
    /// When this copy was made (RFC 3339, UTC).
    pub exported_at: String,
    /// The check: its id, when it was stored, the questionnaire version, the
    /// answers and the result.
    pub check: AssessmentView,
    /// The language the check was taken in.
    pub locale: crate::answers::Locale,
    /// Where it was taken (the widget on the clinic's site, the app).
    pub source: crate::answers::Source,
    /// Every discount code issued for it, oldest first.
    pub codes: Vec<ExportedCode>,
    /// Every exercise session logged against its plan, oldest first.
    pub sessions: Vec<ExportedSession>,
    /// Until when the server keeps its reply to the request that stored the
    /// check, so a retry of that request gets the same answer (sealed: the
    /// server alone cannot read it); `null` when none is kept.
    pub retry_reply_kept_until: Option<String>,
    /// When the check's answers will be erased unless the visitor erases them
    /// sooner; `null` when the clinic keeps them without a limit.
    pub erased_after: Option<String>,
}

/// A discount code as its visitor's copy shows it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedCode {
    /// Display form (`XXXX-XXXX-XXXX-C`).
    pub code: String,
    pub status: CodeState,
    pub campaign: CodeCampaign,
    pub issued_at: String,
    pub expires_at: String,
    pub redeemed_at: Option<String>,
    pub voided_at: Option<String>,
    pub void_reason: Option<String>,
}

/// A logged exercise session as its visitor's copy shows it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedSession {
    pub plan_key: crate::result::PlanKey,
    /// The day it was done (`YYYY-MM-DD`).
    pub performed_on: String,
    pub sets_done: Option<i32>,
    /// When it was logged (RFC 3339, UTC).
    pub logged_at: String,
}
