//! Exercise logs for the mobile app, and the clinic's figures for admins.

use chrono::{DateTime, Days, NaiveDate, Utc};
use chrono_tz::Tz;
use solecheck_shared::{
    api::{AssessmentListItem, AssessmentPage, NewSession, Progress, SessionView, ViewRoute},
    result::PlanKey,
    validate::{FieldError, FieldErrorCode},
};

use super::{
    Actor,
    assessments::Stored,
    audit::{self, Viewed},
    batch::Writer,
    paging::{self, PageQuery},
    progress::progress,
    time::rfc3339,
    windows::local_today,
};
use crate::{
    db::{
        Db, assessments,
        sessions::{self, SessionRow},
    },
    error::ApiError,
};

/// How far back a session may be logged.
pub const MAX_BACKDATE_DAYS: u64 = 60;

fn invalid(path: &str, code: FieldErrorCode, message: &str) -> ApiError {
    ApiError::Validation(vec![FieldError { path: path.into(), code, message: message.into() }])
}

/// Checks a session against the stored plan and the calendar.
pub fn check_session(stored: &Stored, input: &NewSession, today: NaiveDate) -> Result<NaiveDate, ApiError> {
    if !stored.result.plan.items.iter().any(|i| i.key == input.plan_key) {
        return Err(invalid(
            "plan_key",
            FieldErrorCode::NotOffered,
            "this exercise is not in this check's plan",
        ));
    }
    if input.sets_done.is_some_and(|s| !solecheck_shared::fields::SETS_DONE.contains(&s)) {
        return Err(invalid("sets_done", FieldErrorCode::OutOfRange, "must be 1 to 20"));
    }
    let day = match &input.performed_on {
        None => today,
        Some(text) => solecheck_shared::fields::day(text).ok_or_else(|| {
            invalid("performed_on", FieldErrorCode::InvalidValue, "use a date like 2026-11-24")
        })?,
    };
    let earliest = today.checked_sub_days(Days::new(MAX_BACKDATE_DAYS)).unwrap_or(today);
    if day > today || day < earliest {
        return Err(invalid(
            "performed_on",
            FieldErrorCode::OutOfRange,
            "must be today or in the last 60 days",
        ));
    }
    Ok(day)
}

/// Logs a session for a stored check.
pub async fn log_session(
    db: &Db,
    tz: Tz,
    stored: Stored,
    input: NewSession,
    now: DateTime<Utc>,
) -> Result<SessionView, ApiError> {
    let day = check_session(&stored, &input, local_today(tz, now))?;
    let row = SessionRow {
        id: uuid::Uuid::new_v4().to_string(),
        assessment_id: stored.row.id,
        plan_key: crate::db::Key(input.plan_key),
        performed_on: day,
        sets_done: input.sets_done,
        created_at: now.naive_utc(),
    };
    let view = SessionView {
        id: row.id.clone(),
        plan_key: input.plan_key,
        performed_on: day.to_string(),
        sets_done: row.sets_done,
    };
    db.write(move |conn| sessions::insert(conn, &row).map_err(ApiError::from)).await?;
    Ok(view)
}

/// Adherence of a stored check.
pub async fn progress_of(db: &Db, tz: Tz, stored: Stored, now: DateTime<Utc>) -> Result<Progress, ApiError> {
    let id = stored.row.id.clone();
    let rows = db.run(move |conn| sessions::of(conn, &id).map_err(ApiError::from)).await?;
    let done: Vec<(PlanKey, NaiveDate)> = rows.iter().map(|r| (r.plan_key.0, r.performed_on)).collect();
    let plan: Vec<PlanKey> = stored.result.plan.items.iter().map(|i| i.key).collect();
    Ok(progress(&plan, &done, local_today(tz, now)))
}

/// One page of assessments, newest first.
pub async fn list(
    writer: &Writer,
    query: PageQuery,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<AssessmentPage, ApiError> {
    let limit = query.limit()?;
    let before = query.after_instant()?;
    // Each check shown is audited as read (`view_check`), in the same
    // transaction: a group commit's, so pages read at once share one sync of
    // the log (fifty rows written per page made the page a write). The rows
    // are new, so any lane will do.
    let (rows, next_cursor) = writer
        .run_uncontended(move |batch| {
            let rows = assessments::page(batch, before.clone(), limit + 1)?;
            let (rows, next) = paging::cut(rows, limit, |r| paging::instant_cursor(r.created_at, &r.id));
            let viewed: Vec<Viewed<'_>> =
                rows.iter().map(|r| Viewed { assessment_id: &r.id, code: None, typed: "" }).collect();
            audit::record_views(batch, &actor, ViewRoute::CheckList, &viewed, now)?;
            Ok::<_, ApiError>((rows, next))
        })
        .await?;
    Ok(AssessmentPage {
        items: rows
            .into_iter()
            .map(|r| AssessmentListItem {
                created_at: rfc3339(r.created_at),
                erased: r.erased_at.is_some(),
                id: r.id,
                questionnaire_version: r.questionnaire_version,
                locale: r.locale.0,
                source: r.source.0,
                hint: r.hint.0,
                referral_level: r.referral_level.0,
            })
            .collect(),
        next_cursor,
    })
}
