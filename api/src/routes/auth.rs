//! `/v1/auth/*`: staff sign-in, refresh and sign-out.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use solecheck_shared::api::{LoginRequest, PasswordChange, RefreshRequest, StaffView};
#[allow(unused_imports)]
use solecheck_shared::api::{Problem, TokenPair};

use super::body::Body;
use crate::{
    auth::SignedIn,
    error::ApiError,
    limits::RateLimited,
    services::{accounts, auth, credentials},
    startup::AppState,
};

/// Sign in
///
/// Staff sign in with email and password, and a one-time code when two-step sign-in is on. Answers
/// a short-lived access token and a refresh token.
///
/// **Throttling.** Five wrong attempts within 15 minutes lock the account for 15 minutes (429 with
/// Retry-After); so do twenty from one address.
#[utoipa::path(post, path = "/v1/auth/login", tag = "Front desk", request_body = LoginRequest,
    responses((status = 200, description = "Signed in", body = TokenPair),
        (status = 400, description = "`invalid_json`", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`invalid_credentials`; for an account with two-step sign-in on, after the right password: `one_time_code_required` (no `one_time_code` sent) or `invalid_one_time_code` (wrong, already used or too old; counted like a wrong password); `temporary_password_used`: a reset's temporary password signs in once", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`account_disabled`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failures for the account or address: `rate_limited`, with Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn login(
    _limit: RateLimited,
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Body<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let address = crate::client_address::client_ip(&req);
    let tokens =
        auth::login(&state.db, state.issuer(), state.two_step_keys(), body.into_inner(), address, Utc::now())
            .await?;
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(tokens))
}

/// Get new tokens with a refresh token
///
/// Refresh tokens rotate: each one works once. A refresh token used a second time ends that whole
/// sign-in, since it was copied.
#[utoipa::path(post, path = "/v1/auth/refresh", tag = "Front desk", request_body = RefreshRequest,
    responses((status = 200, description = "New tokens; the old refresh token is spent", body = TokenPair),
        (status = 400, description = "`invalid_json`", body = Problem, content_type = "application/problem+json"), (status = 401, description = "Ended, expired or reused (the sign-in is then revoked): `unauthorized`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`account_disabled`", body = Problem, content_type = "application/problem+json")))]
pub async fn refresh(
    state: web::Data<AppState>,
    body: Body<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let tokens =
        auth::refresh(&state.db, state.issuer(), body.into_inner().refresh_token, Utc::now()).await?;
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(tokens))
}

/// Sign out
///
/// Ends the sign-in its refresh token belongs to. Answers 204 also when it had already ended.
#[utoipa::path(post, path = "/v1/auth/logout", tag = "Front desk", request_body = RefreshRequest,
    responses((status = 204, description = "The sign-in is ended"), (status = 400, description = "`invalid_json`", body = Problem, content_type = "application/problem+json")))]
pub async fn logout(
    state: web::Data<AppState>,
    body: Body<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    auth::logout(&state.db, body.into_inner().refresh_token, Utc::now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Get the signed-in account
///
/// So a client knows the account's role and what it must do first (a new password, two-step set-
/// up).
#[utoipa::path(get, path = "/v1/auth/me", tag = "Front desk", security(("staff_token" = [])),
    responses((status = 200, description = "The signed-in account", body = StaffView),
        (status = 401, description = "`unauthorized`, `token_expired`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`account_disabled`", body = Problem, content_type = "application/problem+json")))]
pub async fn me(state: web::Data<AppState>, user: SignedIn) -> Result<HttpResponse, ApiError> {
    let account = accounts::me(&state.db, user.0.id).await?;
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(account))
}

/// Change your own password
///
/// Needs the current password. The new one has at least 12 characters and is not a common password.
/// Every other sign-in of the account ends; this one gets fresh tokens.
#[utoipa::path(post, path = "/v1/auth/password", tag = "Front desk", security(("staff_token" = [])),
    request_body = PasswordChange,
    responses((status = 200, description = "Changed. Every other sign-in of the account has ended (their refresh and access tokens no longer work); these new tokens keep this one signed in", body = TokenPair),
        (status = 401, description = "`unauthorized`, `token_expired`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`account_disabled`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `current_password` is not the account's password (counted as a failed sign-in), or `new_password` is under 12 or over 128 characters, one of the common passwords built into the server, built from the account's email, too repetitive, or the current one", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong current passwords or failed sign-ins for the account, or too many requests from the address: `rate_limited`, with Retry-After", body = Problem, content_type = "application/problem+json")))]
pub async fn change_password(
    _limit: RateLimited,
    state: web::Data<AppState>,
    user: SignedIn,
    body: Body<PasswordChange>,
) -> Result<HttpResponse, ApiError> {
    let PasswordChange { current_password, new_password } = body.into_inner();
    let tokens = credentials::change_password(
        &state.db,
        state.issuer(),
        &user.0.actor(),
        current_password,
        new_password,
        Utc::now(),
    )
    .await?;
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(tokens))
}
