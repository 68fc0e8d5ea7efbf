//! Who is calling: extractors that read the `Authorization` header once, so
//! handlers never parse headers themselves.

pub mod staff;
mod visitor;

pub use staff::{Admin, SignedIn, StaffUser};
pub use visitor::AssessmentReader;

use actix_web::{HttpRequest, http::header};

use crate::error::ApiError;

/// The bearer token of a request, if any.
pub fn bearer(req: &HttpRequest) -> Result<Option<&str>, ApiError> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value
        .to_str()
        .map_err(|_| ApiError::Unauthorized("the Authorization header is not readable".into()))?;
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() => {
            Ok(Some(token.trim()))
        }
        _ => Err(ApiError::Unauthorized("use Authorization: Bearer <token>".into())),
    }
}
