//! The visitor's exercise sessions and progress, the staff list of checks, pages, and the figures.

use super::*;

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
    pub locale: crate::answers::Locale,
    pub source: crate::answers::Source,
    pub hint: crate::result::Hint,
    pub referral_level: crate::result::ReferralLevel,
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
