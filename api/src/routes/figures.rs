//! Exercise sessions and progress (visitor / mobile app), the staff list of
//! assessments and the admins' figures.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
#[allow(unused_imports)]
use solecheck_shared::api::{AssessmentPage, Problem, Progress, SessionView, Stats};
use solecheck_shared::api::{NewSession, ViewRoute};

use super::{body::Body, packed};
use crate::{
    auth::{Admin, AssessmentReader},
    error::ApiError,
    limits::RateLimited,
    services::{assessments, figures, paging::PageQuery, stats},
    startup::AppState,
};

/// Log an exercise session
///
/// The mobile app logs each home session of the check's exercise plan, for the visitor's progress.
#[utoipa::path(post, path = "/v1/assessments/{id}/sessions", tag = "Visitor and app",
    params(("id" = String, Path)), security(("visitor_token" = [])), request_body = NewSession,
    responses((status = 201, description = "Logged", body = SessionView), (status = 400, description = "`invalid_json`", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"), (status = 403, description = "`forbidden`", body = Problem, content_type = "application/problem+json"), (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not in the plan, or a bad day: `validation_failed`", body = Problem, content_type = "application/problem+json"), (status = 429, description = "`rate_limited`", body = Problem, content_type = "application/problem+json")))]
pub async fn log_session(
    _limit: RateLimited,
    state: web::Data<AppState>,
    reader: AssessmentReader,
    body: Body<NewSession>,
) -> Result<HttpResponse, ApiError> {
    reader.require_visitor()?;
    let stored = assessments::load(&state.db, reader.id).await?;
    let view = figures::log_session(
        &state.db,
        state.settings.clinic.timezone,
        stored,
        body.into_inner(),
        Utc::now(),
    )
    .await?;
    Ok(HttpResponse::Created().json(view))
}

/// Get progress on the exercise plan
///
/// Sessions in all, the current streak, the last 8 weeks and each exercise's total, with the
/// visitor's token or a staff token.
#[utoipa::path(get, path = "/v1/assessments/{id}/progress", tag = "Visitor and app",
    params(("id" = String, Path)), security(("visitor_token" = []), ("staff_token" = [])),
    responses((status = 200, description = "Adherence", body = Progress), (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`", body = Problem, content_type = "application/problem+json"), (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json")))]
pub async fn get_progress(
    state: web::Data<AppState>,
    reader: AssessmentReader,
) -> Result<HttpResponse, ApiError> {
    let stored =
        assessments::load_for(&state.db, reader.id, reader.staff, ViewRoute::Progress, Utc::now()).await?;
    let progress =
        figures::progress_of(&state.db, state.settings.clinic.timezone, stored, Utc::now()).await?;
    Ok(HttpResponse::Ok().json(progress))
}

/// List stored checks
///
/// Newest first, without the answers. Each listing is written to the audit log.
///
/// **Paging.** Pass the `next_cursor` of a page as `cursor` to get the next one; there are no more
/// when it is null.
#[utoipa::path(get, path = "/v1/assessments", tag = "Admin", security(("staff_token" = [])),
    params(PageQuery),
    responses((status = 200, description = "Newest first", body = AssessmentPage), (status = 400, description = "`bad_request`", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"), (status = 403, description = "`forbidden`", body = Problem, content_type = "application/problem+json")))]
pub async fn list_assessments(
    state: web::Data<AppState>,
    admin: Admin,
    query: web::Query<PageQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    packed::json_ok(
        &req,
        &figures::list(&state.writer, query.into_inner(), admin.0.actor(), Utc::now()).await?,
    )
}

/// Get the clinic's figures
///
/// Checks by hint, by referral level and by week (starting Monday, clinic time), and codes issued
/// and redeemed per campaign. Erased checks still count.
#[utoipa::path(get, path = "/v1/stats", tag = "Admin", security(("staff_token" = [])),
    responses((status = 200, description = "Figures", body = Stats), (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"), (status = 403, description = "`forbidden`", body = Problem, content_type = "application/problem+json")))]
pub async fn get_stats(
    state: web::Data<AppState>,
    _admin: Admin,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    packed::json_ok(&req, &stats::stats(&state.db).await?)
}
