//! Two-step sign-in: a staff member's own set-up, an admin turning it off
//! for a lost phone, and the clinic's rule that every account uses it.

use actix_web::{HttpResponse, web};
#[allow(unused_imports)]
use solecheck_shared::api::{Problem, StaffView, TwoStepEnabled, TwoStepSetup};
use solecheck_shared::api::{SecurityPolicy, TwoStepBegin, TwoStepCode};

use super::body::Body;
use crate::{
    auth::{Admin, SignedIn},
    error::ApiError,
    limits::RateLimited,
    services::two_step,
    startup::AppState,
};

/// Start setting up two-step sign-in
///
/// Needs the current password. Answers a new secret, as a QR code drawn by the server and as text,
/// for an authenticator app; it is on only once confirmed with a code from the app.
#[utoipa::path(post, path = "/v1/auth/two-step", tag = "Front desk", security(("staff_token" = [])),
    request_body = TwoStepBegin,
    responses((status = 200, description = "A new seed for an authenticator app, as a QR code's rows and as text. Nothing changes at sign-in until a code from it is confirmed; starting again replaces it", body = TwoStepSetup),
        (status = 401, description = "`unauthorized`, `token_expired`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`account_disabled`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`two_step_already_on`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `current_password` is not the account's password (counted as a failed sign-in)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong passwords for the account, or too many requests from the address: `rate_limited`, with Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn begin(
    _limit: RateLimited,
    state: web::Data<AppState>,
    user: SignedIn,
    body: Body<TwoStepBegin>,
) -> Result<HttpResponse, ApiError> {
    let password = body.into_inner().current_password;
    let setup =
        two_step::begin(&state.db, state.two_step_keys(), &user.0.actor(), password, chrono::Utc::now())
            .await?;
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(setup))
}

/// Turn on two-step sign-in
///
/// Confirms the set-up with a code from the authenticator app. Answers 10 one-time recovery codes,
/// shown this once: the server keeps only their hashes.
#[utoipa::path(post, path = "/v1/auth/two-step/confirm", tag = "Front desk", security(("staff_token" = [])),
    request_body = TwoStepCode,
    responses((status = 200, description = "Two-step sign-in is on. The ten recovery codes are shown this once; each signs in once in place of a code", body = TwoStepEnabled),
        (status = 401, description = "`unauthorized`, `token_expired`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`account_disabled`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`two_step_already_on`, or `two_step_not_started`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: the `code` does not match the new seed now", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from the address: `rate_limited`, with Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn confirm(
    _limit: RateLimited,
    state: web::Data<AppState>,
    user: SignedIn,
    body: Body<TwoStepCode>,
) -> Result<HttpResponse, ApiError> {
    let code = body.into_inner().code;
    let enabled =
        two_step::confirm(&state.db, state.two_step_keys(), &user.0.actor(), &code, chrono::Utc::now())
            .await?;
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(enabled))
}

/// Turn off a staff member's two-step sign-in
///
/// For a lost phone: the account sets it up again at its next sign-in if the clinic requires it.
#[utoipa::path(delete, path = "/v1/staff/{id}/two-step", tag = "Admin", security(("staff_token" = [])),
    params(("id" = String, Path)),
    responses((status = 200, description = "Off: the seed and recovery codes are gone. With two-step required, the account sets it up again at its next sign-in", body = StaffView),
        (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: not an admin, or the admin's own account", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json")))]
pub async fn turn_off(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(two_step::turn_off(&state.db, &admin.0.actor(), path.into_inner()).await?))
}

/// Get the clinic's sign-in rules
#[utoipa::path(get, path = "/v1/security", tag = "Admin", security(("staff_token" = [])),
    responses((status = 200, description = "The rules", body = SecurityPolicy),
        (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`", body = Problem, content_type = "application/problem+json")))]
pub async fn get_policy(state: web::Data<AppState>, _admin: Admin) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(two_step::policy(&state.db).await?))
}

/// Set the clinic's sign-in rules
///
/// For example, require two-step sign-in for every account.
#[utoipa::path(put, path = "/v1/security", tag = "Admin", security(("staff_token" = [])),
    request_body = SecurityPolicy,
    responses((status = 200, description = "Saved. With `require_two_step`, every account without two-step can do nothing but set it up, from its next request on", body = SecurityPolicy),
        (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `require_two_step` while the admin's own account has two-step off", body = Problem, content_type = "application/problem+json")))]
pub async fn set_policy(
    state: web::Data<AppState>,
    admin: Admin,
    body: Body<SecurityPolicy>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(two_step::set_policy(&state.db, &admin.0.actor(), body.into_inner()).await?))
}
