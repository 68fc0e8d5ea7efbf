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
    packed, require_json,
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

/// Get the discount code for a check
///
/// One code per check and campaign: the first call answers 201 with a new code, later ones 200 with
/// the same code. A check with an urgent result gets no code, and none is given while no offer
/// runs.
#[utoipa::path(post, path = "/v1/assessments/{id}/code", tag = "Visitor and app",
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

/// Look up a discount code
///
/// Its status, campaign and the visitor's summary. The look-up is written to the audit log. Typed
/// or scanned codes are forgiven case, spaces, hyphens and the letters O, I and L.
#[utoipa::path(get, path = "/v1/codes/{code}", tag = "Front desk",
    params(("code" = String, Path, description = "Typed or scanned; case, spaces, hyphens and O/I/L are forgiven")), security(("staff_token" = [])),
    responses((status = 200, description = "Status, campaign and the visitor's summary", body = CodeStatus),
        (status = 400, description = "Bad format or check symbol: `invalid_code`", body = Problem, content_type = "application/problem+json"), (status = 401, description = "`unauthorized`, `token_expired`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`account_disabled`", body = Problem, content_type = "application/problem+json"), (status = 404, description = "Never issued: `unknown_code`; or its check symbol does not match, so it is a typo: `invalid_code`", body = Problem, content_type = "application/problem+json")))]
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

/// Redeem a discount code
///
/// **Exactly once.** Of two desks redeeming one code at the same moment, one gets 200 and the other
/// 409 with when and by whom it was redeemed. Every attempt is written to the audit log, also for
/// an unknown code.
#[utoipa::path(post, path = "/v1/codes/{code}/redeem", tag = "Front desk",
    params(("code" = String, Path)), security(("staff_token" = [])),
    responses((status = 200, description = "Redeemed now, by this account", body = Redeemed),
        (status = 400, description = "`invalid_code`", body = Problem, content_type = "application/problem+json"), (status = 401, description = "`unauthorized`, `token_expired`", body = Problem, content_type = "application/problem+json"), (status = 403, description = "`account_disabled`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Never issued: `unknown_code`; or its check symbol does not match, so it is a typo: `invalid_code`", body = Problem, content_type = "application/problem+json"), (status = 409, description = "`already_redeemed`, with `redeemed_at` and `redeemed_by`", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "`expired`, `voided`", body = Problem, content_type = "application/problem+json")))]
pub async fn redeem_code(
    state: web::Data<AppState>,
    staff: StaffUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let redeemed = codes::redeem(&state.writer, TypedCode::new(&path), staff.actor(), Utc::now()).await?;
    Ok(HttpResponse::Ok().json(redeemed))
}

/// Void a discount code
///
/// With a reason, written to the audit log. A voided code can no longer be redeemed.
#[utoipa::path(post, path = "/v1/codes/{code}/void", tag = "Admin",
    params(("code" = String, Path)), security(("staff_token" = [])), request_body = ReasonRequest,
    responses((status = 200, description = "Voided", body = CodeStatus),
        (status = 400, description = "`invalid_code`, `invalid_json`", body = Problem, content_type = "application/problem+json"), (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"), (status = 403, description = "Not an admin: `forbidden`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Never issued: `unknown_code`; or its check symbol does not match, so it is a typo: `invalid_code`", body = Problem, content_type = "application/problem+json"), (status = 410, description = "Already void: `voided`", body = Problem, content_type = "application/problem+json"), (status = 422, description = "No reason: `validation_failed`", body = Problem, content_type = "application/problem+json")))]
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

/// Undo a redemption
///
/// With a reason, written to the audit log: for a code redeemed by mistake. The code can then be
/// redeemed again.
#[utoipa::path(post, path = "/v1/codes/{code}/unredeem", tag = "Admin",
    params(("code" = String, Path)), security(("staff_token" = [])), request_body = ReasonRequest,
    responses((status = 200, description = "Redemption undone", body = CodeStatus),
        (status = 400, description = "`invalid_code`, `invalid_json`", body = Problem, content_type = "application/problem+json"), (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"), (status = 403, description = "`forbidden`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Never issued: `unknown_code`; or its check symbol does not match, so it is a typo: `invalid_code`", body = Problem, content_type = "application/problem+json"), (status = 409, description = "`not_redeemed`", body = Problem, content_type = "application/problem+json"), (status = 422, description = "No reason: `validation_failed`", body = Problem, content_type = "application/problem+json")))]
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

/// Erase the check behind a code
///
/// For a visitor who phones the clinic to be erased. With a reason, written to the audit log. The
/// effect is the visitor's own erasure: the code's status stays as it was.
#[utoipa::path(post, path = "/v1/codes/{code}/erase-check", tag = "Admin",
    params(("code" = String, Path)), security(("staff_token" = [])), request_body = ReasonRequest,
    responses((status = 200, description = "For a visitor who asks the clinic (by phone, say) and has no token: the answers, result and logged sessions of the check this code was issued for are erased as the visitor's DELETE erases them, and audited (`erase_check`, with who, when and the reason). The code's own status is unchanged; erasing again is no error", body = CodeStatus),
        (status = 400, description = "`invalid_code`, `invalid_json`", body = Problem, content_type = "application/problem+json"), (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"), (status = 403, description = "Not an admin: `forbidden`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Never issued: `unknown_code`; or its check symbol does not match, so it is a typo: `invalid_code`", body = Problem, content_type = "application/problem+json"), (status = 422, description = "No reason: `validation_failed`", body = Problem, content_type = "application/problem+json")))]
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

/// List a code's audit trail
///
/// Every redemption attempt, void, undo and erasure of this code, oldest first. Who looked the code
/// up is in the whole audit log (`GET /v1/audit`).
#[utoipa::path(get, path = "/v1/codes/{code}/audit", tag = "Admin",
    params(("code" = String, Path), PageQuery), security(("staff_token" = [])),
    responses((status = 200, description = "Every redeem attempt, void and un-redeem of this code, oldest first", body = Page<AuditEntry>),
        (status = 400, description = "`invalid_code`, or a bad cursor or limit: `bad_request`", body = Problem, content_type = "application/problem+json"), (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"), (status = 403, description = "`forbidden`", body = Problem, content_type = "application/problem+json"), (status = 404, description = "Never issued: `unknown_code`; or its check symbol does not match, so it is a typo: `invalid_code`", body = Problem, content_type = "application/problem+json")))]
pub async fn code_audit(
    state: web::Data<AppState>,
    _admin: Admin,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    packed::json_ok(&req, &codes::audit_log(&state.db, code(&path)?, query.into_inner()).await?)
}

/// List the audit log
///
/// Newest first, filterable by action.
///
/// **Paging.** Pass the `next_cursor` of a page as `cursor` to get the next one; there are no more
/// when it is null.
#[utoipa::path(get, path = "/v1/audit", tag = "Admin",
    params(AuditQuery), security(("staff_token" = [])),
    responses((status = 200, description = "The whole audit log, newest first: every redeem attempt (also on codes never issued, with what was typed), void and un-redeem, and every staff read of a visitor's check (`view_check`: a code look-up, the check itself, the list of checks); `action` keeps one kind", body = Page<AuditEntry>),
        (status = 400, description = "A bad action, cursor or limit: `bad_request`", body = Problem, content_type = "application/problem+json"), (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"), (status = 403, description = "`forbidden`", body = Problem, content_type = "application/problem+json")))]
pub async fn audit_log(
    state: web::Data<AppState>,
    _admin: Admin,
    query: web::Query<AuditQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    packed::json_ok(&req, &audit::recent(&state.db, query.into_inner()).await?)
}
