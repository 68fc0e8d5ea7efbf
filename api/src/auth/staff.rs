//! Signed-in staff. Every request re-reads the account, so disabling it or
//! changing its role takes effect at once, whatever the token says.

use std::{future::Future, pin::Pin};

use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use solecheck_shared::api::Role;

use super::bearer;
use crate::{db::staff, error::ApiError, startup::AppState};

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

/// Checks an access token and the account behind it.
pub async fn authenticate(state: &AppState, token: &str) -> Result<StaffUser, ApiError> {
    let claims = state.keys.verify(&state.db, token).await?;
    let account = state
        .db
        .run(move |conn| staff::find(conn, &claims.sub).map_err(ApiError::from))
        .await?
        .ok_or_else(|| ApiError::Unauthorized("this account no longer exists".into()))?;
    if account.disabled {
        return Err(ApiError::AccountDisabled);
    }
    let role: Role = account.role.0;
    Ok(StaffUser { id: account.id, email: account.email, role, address: None })
}

fn state(req: &HttpRequest) -> Result<web::Data<AppState>, ApiError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::internal(std::io::Error::other("app state missing")))
}

async fn from_request(req: HttpRequest) -> Result<StaffUser, ApiError> {
    let state = state(&req)?;
    let token = bearer(&req)?.ok_or_else(|| ApiError::Unauthorized("sign in first".into()))?;
    let user = authenticate(&state, token).await?;
    Ok(StaffUser { address: crate::client_address::client_ip(&req), ..user })
}

impl FromRequest for StaffUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        Box::pin(from_request(req.clone()))
    }
}

impl FromRequest for Admin {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let user = from_request(req).await?;
            if user.role == Role::Admin {
                Ok(Self(user))
            } else {
                Err(ApiError::Forbidden("this needs an admin account".into()))
            }
        })
    }
}
