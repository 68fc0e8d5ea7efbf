//! `/v1/assessments`: the visitor's stored check.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
#[allow(unused_imports)]
use solecheck_shared::{
    Answers,
    api::{AssessmentCreated, AssessmentExport, AssessmentView, Problem, ViewRoute},
    validate,
};

use super::require_json;
use crate::{
    auth::AssessmentReader,
    error::ApiError,
    limits::RateLimited,
    services::{assessments, export, idempotency_key::IdempotencyKey},
    startup::AppState,
};

/// Store a finished self-check and get its result
///
/// Needs the visitor's consent. The reply's `token` is the visitor's key to this check (the server
/// keeps only a hash of it): keep it on the device.
///
/// **Idempotency.** Send a fresh `Idempotency-Key` with each new set of answers, ideally a
/// UUIDv7 made when the save starts (as the widget does): the server keeps the replies of such
/// keys in the order they come, which is faster to store than a random key. A retry with the same
/// key and body gets the first reply again (kept 24 hours), so a lost connection never stores a
/// check twice; the same key with other answers is refused, so make a new key when they change.
#[utoipa::path(post, path = "/v1/assessments", tag = "Visitor and app",
    request_body = Answers,
    params(("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 200, pattern = "^[!-~]+$",
        description = "Retry safely: same key and body -> same reply (kept 24 h, or until the check is erased). 1 to 200 visible ASCII characters.")),
    responses((status = 201, description = "Stored and scored", body = AssessmentCreated),
        (status = 400, description = "Not JSON, or a bad Idempotency-Key: `invalid_json`, `bad_request`", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body over 64 KiB: `payload_too_large`", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The Idempotency-Key's check was erased with DELETE: `assessment_erased`; nothing is replayed or stored (send it again with a new key)", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json: `unsupported_media_type`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (with `errors[].path`), `consent_required`, `idempotency_key_reused`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`rate_limited`, with Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn create_assessment(
    _limit: RateLimited,
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    require_json(&req)?;
    let key = req
        .headers()
        .get("idempotency-key")
        .map(|v| v.to_str().map_err(|_| ApiError::BadRequest("Idempotency-Key must be ASCII".into())))
        .transpose()?
        .map(IdempotencyKey::parse)
        .transpose()?;
    let answers = validate::parse_for_storage(&body)?;
    let outcome =
        assessments::create(&state.writer, state.settings.clinic.timezone, answers, key, Utc::now()).await?;
    Ok(HttpResponse::Created().json(outcome.into_created()))
}

/// Read a stored check
///
/// With the visitor's token, or a staff token. Every staff read is written to the audit log.
#[utoipa::path(get, path = "/v1/assessments/{id}", tag = "Visitor and app",
    params(("id" = String, Path)), security(("visitor_token" = []), ("staff_token" = [])),
    responses((status = 200, description = "The stored check", body = AssessmentView),
        (status = 401, description = "`unauthorized`, `token_expired`", body = Problem, content_type = "application/problem+json"), (status = 403, description = "`forbidden`, `account_disabled`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown or erased: `not_found`", body = Problem, content_type = "application/problem+json")))]
pub async fn get_assessment(
    state: web::Data<AppState>,
    reader: AssessmentReader,
) -> Result<HttpResponse, ApiError> {
    let stored =
        assessments::load_for(&state.db, reader.id, reader.staff, ViewRoute::Check, Utc::now()).await?;
    Ok(HttpResponse::Ok().json(stored.view()))
}

/// Download everything stored about a check
///
/// The visitor's own copy, with their token only: the answers, the result, the questionnaire
/// version and the times; every code issued for the check, with its status and campaign; every
/// logged exercise session; and how long each part is kept.
#[utoipa::path(get, path = "/v1/assessments/{id}/export", tag = "Visitor and app",
    params(("id" = String, Path)), security(("visitor_token" = [])),
    responses((status = 200, description = "Everything stored about this check, for its visitor: the answers, the result, the questionnaire version and the times; every code issued for it with its status and campaign; every logged exercise session; and how long the kept retry reply and the answers are kept", body = AssessmentExport),
        (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"), (status = 403, description = "Not the visitor's own token: `forbidden`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown or erased: `not_found`", body = Problem, content_type = "application/problem+json")))]
pub async fn export_assessment(
    state: web::Data<AppState>,
    reader: AssessmentReader,
) -> Result<HttpResponse, ApiError> {
    reader.require_visitor()?;
    let copy = export::export(&state.db, reader.id, state.settings.retention, Utc::now()).await?;
    Ok(HttpResponse::Ok().json(copy))
}

/// Erase a check's answers
///
/// With the visitor's token only. **What erasure keeps:** the week, the result's hint and referral
/// level and the source, which identify no one, so the clinic's figures stay right; codes already
/// issued stay valid. The answers, the result and the logged sessions are gone, and a retry of the
/// original request answers 410.
#[utoipa::path(delete, path = "/v1/assessments/{id}", tag = "Visitor and app",
    params(("id" = String, Path)), security(("visitor_token" = [])),
    responses((status = 204, description = "Answers, result and logged exercise sessions erased, and the reply kept for its Idempotency-Key blanked (a retry with that key then answers 410 `assessment_erased`); codes already issued stay valid"),
        (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"), (status = 403, description = "`forbidden`", body = Problem, content_type = "application/problem+json"), (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json")))]
pub async fn delete_assessment(
    state: web::Data<AppState>,
    reader: AssessmentReader,
) -> Result<HttpResponse, ApiError> {
    reader.require_visitor()?;
    assessments::erase(&state.db, reader.id, Utc::now()).await?;
    Ok(HttpResponse::NoContent().finish())
}
