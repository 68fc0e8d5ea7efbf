//! Structured logs through `tracing`. Request logs carry method, path, status,
//! timing and an error's machine code only: never bodies (health answers),
//! passwords or tokens.

use actix_web::{
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse},
};
use tracing::Span;
use tracing_actix_web::{RootSpanBuilder, root_span};
use tracing_subscriber::{EnvFilter, fmt};

/// Installs the global subscriber; `RUST_LOG` overrides the default `info`.
pub fn init(json: bool) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = fmt().with_env_filter(filter).with_writer(std::io::stderr);
    // A second init (tests) keeps the first subscriber.
    let _ = if json { builder.json().try_init() } else { builder.try_init() };
}

/// The request span of every request. Unlike tracing-actix-web's default it
/// records a failed request's error by its `Debug` form alone, which for
/// [`crate::error::ApiError`] is the machine code: the `Display` text can
/// quote the request body (serde's messages name the value they rejected, such
/// as a password sent as a number).
pub struct RequestSpans;

impl RootSpanBuilder for RequestSpans {
    fn on_request_start(request: &ServiceRequest) -> Span {
        root_span!(level = tracing::Level::INFO, request)
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, actix_web::Error>) {
        let (status, error) = match outcome {
            Ok(response) => (response.status(), response.response().error()),
            Err(error) => (error.as_response_error().status_code(), Some(error)),
        };
        span.record("http.status_code", status.as_u16());
        if let Some(error) = error {
            span.record("exception.details", tracing::field::debug(error));
        }
        span.record("otel.status_code", if status.is_server_error() { "ERROR" } else { "OK" });
    }
}
