//! Discount codes: issued to visitors, looked up and redeemed by staff,
//! corrected by admins.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
#[allow(unused_imports)]
use solecheck_shared::api::{AuditEntry, CodeIssued, CodeStatus, Page, Problem, Redeemed};
use solecheck_shared::{
    api::{CodeRequest, ReasonRequest},
    code::DiscountCode,
};

use super::{
    body::{self, Body},
    require_json,
};
use crate::{
    auth::{Admin, AssessmentReader, StaffUser},
    error::ApiError,
    limits::RateLimited,
    services::{
        audit::{self, AuditQuery},
        codes::{self, Correction, TypedCode},
        paging::PageQuery,
    },
    startup::AppState,
};

/// The `{code}` path segment, checked (format and check symbol) before any
/// database look-up.
fn code(path: &web::Path<String>) -> Result<DiscountCode, ApiError> {
    Ok(DiscountCode::parse(path.as_str())?)
}

/// `POST /v1/assessments/{id}/code`: 201 new, 200 when it existed.
#[utoipa::path(post, path = "/v1/assessments/{id}/code", tag = "public",
    params(("id" = String, Path)), security(("visitor_token" = [])), request_body(content = Option<CodeRequest>),
    responses((status = 201, description = "A new code", body = CodeIssued), (status = 200, description = "The code issued before", body = CodeIssued),
        (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"), (status = 403, description = "`forbidden`", body = Problem, content_type = "application/problem+json"), (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`no_active_offer`", body = Problem, content_type = "application/problem+json"), (status = 422, description = "Urgent result: `not_eligible`", body = Problem, content_type = "application/problem+json"), (status = 429, description = "`rate_limited`", body = Problem, content_type = "application/problem+json")))]
pub async fn issue_code(
    _limit: RateLimited,
    state: web::Data<AppState>,
    reader: AssessmentReader,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    reader.require_visitor()?;
    let request: CodeRequest = if body.is_empty() {
        CodeRequest::default()
    } else {
        require_json(&req)?;
        body::parse::<CodeRequest>(&body)?.into_inner()
    };
    let issued = codes::issue(
        &state.db,
        &state.writer,
        state.settings.clinic.timezone,
        reader.id,
        request.campaign,
        Utc::now(),
    )
    .await?;
    let mut response = if issued.created { HttpResponse::Created() } else { HttpResponse::Ok() };
    Ok(response.json(issued.body))
}

/// `GET /v1/codes/{code}`.
#[utoipa::path(get, path = "/v1/codes/{code}", tag = "staff",
    params(("code" = String, Path, description = "Typed or scanned; case, spaces, hyphens and O/I/L are forgiven")), security(("staff_token" = [])),
    responses((status = 200, description = "Status, campaign and the visitor's summary", body = CodeStatus),
        (status = 400, description = "Bad format or check symbol: `invalid_code`", body = Problem, content_type = "application/problem+json"), (status = 401, description = "`unauthorized`, `token_expired`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`account_disabled`", body = Problem, content_type = "application/problem+json"), (status = 404, description = "`unknown_code`", body = Problem, content_type = "application/problem+json")))]
pub async fn get_code(
    state: web::Data<AppState>,
    staff: StaffUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let typed = TypedCode::new(path.as_str());
    let status = codes::lookup(
        &state.db,
        state.settings.clinic.timezone,
        code(&path)?,
        &typed,
        staff.actor(),
        Utc::now(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(status))
}

/// `POST /v1/codes/{code}/redeem`: every attempt is audited, also on an
/// unknown code or one that fails its check symbol.
#[utoipa::path(post, path = "/v1/codes/{code}/redeem", tag = "staff",
    params(("code" = String, Path)), security(("staff_token" = [])),
    responses((status = 200, description = "Redeemed now, by this account", body = Redeemed),
        (status = 400, description = "`invalid_code`", body = Problem, content_type = "application/problem+json"), (status = 401, description = "`unauthorized`, `token_expired`", body = Problem, content_type = "application/problem+json"), (status = 403, description = "`account_disabled`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`unknown_code`", body = Problem, content_type = "application/problem+json"), (status = 409, description = "`already_redeemed`, with `redeemed_at` and `redeemed_by`", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "`expired`, `voided`", body = Problem, content_type = "application/problem+json")))]
pub async fn redeem_code(
    state: web::Data<AppState>,
    staff: StaffUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let redeemed = codes::redeem(&state.writer, TypedCode::new(&path), staff.actor(), Utc::now()).await?;
    Ok(HttpResponse::Ok().json(redeemed))
}

/// `POST /v1/codes/{code}/void` (admins; reason required).
#[utoipa::path(post, path = "/v1/codes/{code}/void", tag = "admin",
    params(("code" = String, Path)), security(("staff_token" = [])), request_body = ReasonRequest,
    responses((status = 200, description = "Voided", body = CodeStatus),
        (status = 400, description = "`invalid_code`, `invalid_json`", body = Problem, content_type = "application/problem+json"), (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"), (status = 403, description = "Not an admin: `forbidden`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`unknown_code`", body = Problem, content_type = "application/problem+json"), (status = 410, description = "Already void: `voided`", body = Problem, content_type = "application/problem+json"), (status = 422, description = "No reason: `validation_failed`", body = Problem, content_type = "application/problem+json")))]
pub async fn void_code(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<String>,
    body: Body<ReasonRequest>,
) -> Result<HttpResponse, ApiError> {
    let input = TypedCode::new(&path);
    let status = codes::correct(
        &state.db,
        input,
        state.settings.clinic.timezone,
        Correction::Void,
        &body.reason,
        admin.0.actor(),
        Utc::now(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(status))
}

/// `POST /v1/codes/{code}/unredeem` (admins; reason required).
#[utoipa::path(post, path = "/v1/codes/{code}/unredeem", tag = "admin",
    params(("code" = String, Path)), security(("staff_token" = [])), request_body = ReasonRequest,
    responses((status = 200, description = "Redemption undone", body = CodeStatus),
        (status = 400, description = "`invalid_code`, `invalid_json`", body = Problem, content_type = "application/problem+json"), (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"), (status = 403, description = "`forbidden`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`unknown_code`", body = Problem, content_type = "application/problem+json"), (status = 409, description = "`not_redeemed`", body = Problem, content_type = "application/problem+json"), (status = 422, description = "No reason: `validation_failed`", body = Problem, content_type = "application/problem+json")))]
pub async fn unredeem_code(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<String>,
    body: Body<ReasonRequest>,
) -> Result<HttpResponse, ApiError> {
    let input = TypedCode::new(&path);
    let status = codes::correct(
        &state.db,
        input,
        state.settings.clinic.timezone,
        Correction::Unredeem,
        &body.reason,
        admin.0.actor(),
        Utc::now(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(status))
}

/// `POST /v1/codes/{code}/erase-check` (admins; reason required).
#[utoipa::path(post, path = "/v1/codes/{code}/erase-check", tag = "admin",
    params(("code" = String, Path)), security(("staff_token" = [])), request_body = ReasonRequest,
    responses((status = 200, description = "For a visitor who asks the clinic (by phone, say) and has no token: the answers, result and logged sessions of the check this code was issued for are erased as the visitor's DELETE erases them, and audited (`erase_check`, with who, when and the reason). The code's own status is unchanged; erasing again is no error", body = CodeStatus),
        (status = 400, description = "`invalid_code`, `invalid_json`", body = Problem, content_type = "application/problem+json"), (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"), (status = 403, description = "Not an admin: `forbidden`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`unknown_code`", body = Problem, content_type = "application/problem+json"), (status = 422, description = "No reason: `validation_failed`", body = Problem, content_type = "application/problem+json")))]
pub async fn erase_check(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<String>,
    body: Body<ReasonRequest>,
) -> Result<HttpResponse, ApiError> {
    let input = TypedCode::new(&path);
    let tz = state.settings.clinic.timezone;
    let status = codes::erase_check(&state.db, input, tz, &body.reason, admin.0.actor(), Utc::now()).await?;
    Ok(HttpResponse::Ok().json(status))
}

/// `GET /v1/codes/{code}/audit` (admins).
#[utoipa::path(get, path = "/v1/codes/{code}/audit", tag = "admin",
    params(("code" = String, Path), PageQuery), security(("staff_token" = [])),
    responses((status = 200, description = "Every redeem attempt, void and un-redeem of this code, oldest first", body = Page<AuditEntry>),
        (status = 400, description = "`invalid_code`, or a bad cursor or limit: `bad_request`", body = Problem, content_type = "application/problem+json"), (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"), (status = 403, description = "`forbidden`", body = Problem, content_type = "application/problem+json"), (status = 404, description = "`unknown_code`", body = Problem, content_type = "application/problem+json")))]
pub async fn code_audit(
    state: web::Data<AppState>,
    _admin: Admin,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(codes::audit_log(&state.db, code(&path)?, query.into_inner()).await?))
}

/// `GET /v1/audit` (admins).
#[utoipa::path(get, path = "/v1/audit", tag = "admin",
    params(AuditQuery), security(("staff_token" = [])),
    responses((status = 200, description = "The whole audit log, newest first: every redeem attempt (also on codes never issued, with what was typed), void and un-redeem, and every staff read of a visitor's check (`view_check`: a code look-up, the check itself, the list of checks); `action` keeps one kind", body = Page<AuditEntry>),
        (status = 400, description = "A bad action, cursor or limit: `bad_request`", body = Problem, content_type = "application/problem+json"), (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"), (status = 403, description = "`forbidden`", body = Problem, content_type = "application/problem+json")))]
pub async fn audit_log(
    state: web::Data<AppState>,
    _admin: Admin,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(audit::recent(&state.db, query.into_inner()).await?))
}
