//! Access to one assessment: its visitor's token (from creation), or, for
//! reading, a signed-in staff member.

use std::{future::Future, pin::Pin};

use actix_web::{FromRequest, HttpRequest, dev::Payload, web};

use super::bearer;
use crate::{
    error::ApiError,
    services::{Actor, assessments, secrets},
    startup::AppState,
};

/// The caller may read assessment `id` (the `{id}` path segment).
#[derive(Debug)]
pub struct AssessmentReader {
    pub id: String,
    /// The staff member reading it (whose read is audited); `None` for the
    /// visitor's own token.
    pub staff: Option<Actor>,
}

impl AssessmentReader {
    /// Only the visitor may change or erase their check.
    pub fn require_visitor(&self) -> Result<(), ApiError> {
        match self.staff {
            None => Ok(()),
            Some(_) => Err(ApiError::Forbidden("only the visitor's own token can do this".into())),
        }
    }
}

impl FromRequest for AssessmentReader {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = req
                .app_data::<web::Data<AppState>>()
                .cloned()
                .ok_or_else(|| ApiError::internal(std::io::Error::other("app state missing")))?;
            let id = req.match_info().get("id").unwrap_or_default().to_owned();
            let token = bearer(&req)?
                .ok_or_else(|| {
                    ApiError::Unauthorized("this needs the token given when the check was saved".into())
                })?
                .to_owned();
            if token.starts_with(assessments::TOKEN_PREFIX) {
                let token_hash = assessments::token_hash(&state.db, id.clone()).await?;
                if secrets::matches(&token, &token_hash) {
                    return Ok(Self { id, staff: None });
                }
                return Err(ApiError::Forbidden("this token is not for this check".into()));
            }
            let user = crate::auth::staff::authenticate(&state, &token).await?;
            let address = crate::client_address::client_ip(&req);
            Ok(Self { id, staff: Some(Actor { address, ..user.actor() }) })
        })
    }
}
