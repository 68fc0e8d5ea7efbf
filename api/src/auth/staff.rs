//! Signed-in staff. Every request re-reads the account, so disabling it,
//! changing its role or its password (which moves its session epoch on)
//! takes effect at once, whatever the token says.

use std::{future::Future, pin::Pin};

use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use solecheck_shared::api::Role;

use super::bearer;
use crate::{db::staff, error::ApiError, services::two_step, startup::AppState};

/// A signed-in staff member (any role).
#[derive(Debug, Clone)]
pub struct StaffUser {
    pub id: String,
    pub email: String,
    pub role: Role,
    /// Where this request came from (`client_address::client_ip`), for the audit log.
    pub address: Option<std::net::IpAddr>,
}

impl StaffUser {
    /// The services' view of who acts.
    pub fn actor(&self) -> crate::services::Actor {
        crate::services::Actor { id: self.id.clone(), email: self.email.clone(), address: self.address }
    }
}

/// A signed-in admin.
#[derive(Debug, Clone)]
pub struct Admin(pub StaffUser);

/// Signed in, perhaps with a temporary password still to be replaced or
/// two-step still to set up: for the few routes such a sign-in may use (its
/// own account, the password change, the two-step set-up).
#[derive(Debug, Clone)]
pub struct SignedIn(pub StaffUser);

/// Whether a sign-in that must still change its password gets through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pending {
    Refused,
    Allowed,
}

/// Checks an access token and the account behind it; an account that must
/// change its password (`password_change_required`) or set up two-step
/// sign-in (`two_step_enrolment_required`) is refused.
pub async fn authenticate(state: &AppState, token: &str) -> Result<StaffUser, ApiError> {
    check(state, token, Pending::Refused).await
}

async fn check(state: &AppState, token: &str, pending: Pending) -> Result<StaffUser, ApiError> {
    let claims = state.keys.verify(&state.db, token).await?;
    let sub = claims.sub.clone();
    let (account, enrol) = state
        .db
        .run(move |conn| {
            let Some(account) = staff::find(conn, &sub)? else { return Ok::<_, ApiError>(None) };
            let enrol = two_step::must_enrol(conn, &account)?;
            Ok(Some((account, enrol)))
        })
        .await?
        .ok_or_else(|| ApiError::Unauthorized("this account no longer exists".into()))?;
    if account.session_epoch != claims.epoch {
        return Err(ApiError::sign_in_ended());
    }
    if account.disabled {
        return Err(ApiError::AccountDisabled);
    }
    if pending == Pending::Refused {
        if account.must_change_password {
            return Err(ApiError::PasswordChangeRequired);
        }
        if enrol {
            return Err(ApiError::TwoStepEnrolmentRequired);
        }
    }
    let role: Role = account.role.0;
    Ok(StaffUser { id: account.id, email: account.email, role, address: None })
}

fn state(req: &HttpRequest) -> Result<web::Data<AppState>, ApiError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::internal(std::io::Error::other("app state missing")))
}

async fn from_request(req: HttpRequest, pending: Pending) -> Result<StaffUser, ApiError> {
    let state = state(&req)?;
    let token = bearer(&req)?.ok_or_else(|| ApiError::Unauthorized("sign in first".into()))?;
    let user = check(&state, token, pending).await?;
    Ok(StaffUser { address: crate::client_address::client_ip(&req), ..user })
}

impl FromRequest for StaffUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        Box::pin(from_request(req.clone(), Pending::Refused))
    }
}

impl FromRequest for SignedIn {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { from_request(req, Pending::Allowed).await.map(Self) })
    }
}

impl FromRequest for Admin {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let user = from_request(req, Pending::Refused).await?;
            if user.role == Role::Admin {
                Ok(Self(user))
            } else {
                Err(ApiError::Forbidden("this needs an admin account".into()))
            }
        })
    }
}
