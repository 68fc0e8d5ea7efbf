//! `/v1/staff`: accounts, for admins.

use actix_web::{HttpResponse, web};
use solecheck_shared::api::{NewStaff, PasswordReset, StaffPatch, StaffView};
#[allow(unused_imports)]
use solecheck_shared::api::{Page, Problem};

use super::body::Body;
use crate::{
    auth::Admin,
    error::ApiError,
    services::{accounts, credentials, paging::PageQuery},
    startup::AppState,
};

/// List staff accounts
#[utoipa::path(get, path = "/v1/staff", tag = "Admin", security(("staff_token" = [])),
    params(PageQuery),
    responses((status = 200, description = "Accounts by email", body = Page<StaffView>),
        (status = 400, description = "A bad cursor or limit: `bad_request`", body = Problem, content_type = "application/problem+json"), (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"), (status = 403, description = "`forbidden`", body = Problem, content_type = "application/problem+json")))]
pub async fn list_staff(
    state: web::Data<AppState>,
    _admin: Admin,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(accounts::accounts(&state.db, query.into_inner()).await?))
}

/// Add a staff account
#[utoipa::path(post, path = "/v1/staff", tag = "Admin", security(("staff_token" = [])), request_body = NewStaff,
    responses((status = 201, description = "Created", body = StaffView), (status = 400, description = "`invalid_json`, `bad_request`", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"), (status = 403, description = "`forbidden`", body = Problem, content_type = "application/problem+json"), (status = 409, description = "`email_taken`", body = Problem, content_type = "application/problem+json")))]
pub async fn create_staff(
    state: web::Data<AppState>,
    _admin: Admin,
    body: Body<NewStaff>,
) -> Result<HttpResponse, ApiError> {
    let NewStaff { email, password, role } = body.into_inner();
    let account = accounts::create_account(&state.db, email, password, role, chrono::Utc::now()).await?;
    Ok(HttpResponse::Created().json(account))
}

/// Change a staff member's role, or disable the account
///
/// A disabled account is refused from its next request on. No admin can disable or demote their own
/// account.
#[utoipa::path(patch, path = "/v1/staff/{id}", tag = "Admin", security(("staff_token" = [])),
    params(("id" = String, Path)), request_body = StaffPatch,
    responses((status = 200, description = "Saved", body = StaffView), (status = 400, description = "`invalid_json`, `bad_request`", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"), (status = 403, description = "`forbidden`", body = Problem, content_type = "application/problem+json"), (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json")))]
pub async fn update_staff(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<String>,
    body: Body<StaffPatch>,
) -> Result<HttpResponse, ApiError> {
    let StaffPatch { role, disabled } = body.into_inner();
    let account =
        accounts::update_account(&state.db, &admin.0.actor(), path.into_inner(), role, disabled).await?;
    Ok(HttpResponse::Ok().json(account))
}

/// Reset a staff member's password
///
/// Answers a one-time temporary password, shown this once. The account's sign-ins end, and it must
/// choose a new password at its next sign-in.
#[utoipa::path(post, path = "/v1/staff/{id}/password-reset", tag = "Admin", security(("staff_token" = [])),
    params(("id" = String, Path)),
    responses((status = 200, description = "The temporary password, shown this once and stored only hashed. Every sign-in of the account has ended; its next sign-in gets `password_change_required` and may do nothing but change it", body = PasswordReset),
        (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"), (status = 403, description = "`forbidden`: not an admin, or the admin's own account (change it with the current password instead)", body = Problem, content_type = "application/problem+json"), (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json")))]
pub async fn reset_password(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let reset =
        credentials::reset_password(&state.db, &admin.0.actor(), path.into_inner(), chrono::Utc::now())
            .await?;
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(reset))
}
