//! [`Body`]: a request's JSON object body, read the one way every route reads
//! one: `application/json` (415 otherwise), at most the configured size (413),
//! an object and nothing else, and what is wrong named by its field's path
//! (`shared::strict::body`).

use std::{future::Future, pin::Pin};

use actix_web::{FromRequest, HttpRequest, dev::Payload, http::StatusCode, web};
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// The extractor; use it in place of `web::Json`.
pub struct Body<T>(pub T);

impl<T> Body<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Body<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Body<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let media = super::require_json(req);
        let bytes = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            media?;
            let bytes = bytes.await.map_err(unreadable)?;
            parse(&bytes)
        })
    }
}

/// Reads an already read body (routes whose body is optional).
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<Body<T>, ApiError> {
    solecheck_shared::strict::body(bytes).map(Body).map_err(|e| {
        // The path and the code only: the message can quote the value sent.
        tracing::debug!(field = %e.path, code = %e.code, "request body refused");
        ApiError::fields(vec![e])
    })
}

/// A body that could not be read: too large, or cut off.
fn unreadable(error: actix_web::Error) -> ApiError {
    if error.as_response_error().status_code() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::PayloadTooLarge
    } else {
        ApiError::BadRequest("the request body could not be read".into())
    }
}
