//! Structured logs through `tracing`. Request logs carry method, path, status,
//! timing and an error's machine code only: never bodies (health answers),
//! passwords or tokens.

use actix_web::HttpMessage;
use actix_web::{
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse},
};
use tracing::Span;
use tracing_actix_web::{RequestId, RootSpanBuilder};
use tracing_subscriber::{EnvFilter, fmt};

/// Installs the global subscriber; `RUST_LOG` overrides the default `info`.
pub fn init(json: bool) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // Colours only for a person at a terminal: escape codes in a journal or a
    // log file get in the way of every tool that reads it.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let builder = fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(ansi);
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
    /// Like tracing-actix-web's `root_span!`, but the client address is the
    /// one [`crate::client_address::client_ip`] works out (the peer, or what
    /// a trusted proxy forwarded), never what a `Forwarded` or
    /// `X-Forwarded-For` header claims by itself: anyone can send those.
    fn on_request_start(request: &ServiceRequest) -> Span {
        let method = request.method().as_str();
        let route = request.match_pattern().unwrap_or_else(|| "default".to_owned());
        let client =
            crate::client_address::client_ip(request.request()).map(|ip| ip.to_string()).unwrap_or_default();
        let user_agent = request.headers().get("user-agent").and_then(|v| v.to_str().ok()).unwrap_or("");
        let request_id = request.extensions().get::<RequestId>().map(ToString::to_string).unwrap_or_default();
        tracing::info_span!(
            "HTTP request",
            http.method = %method,
            http.route = %route,
            http.client_ip = %client,
            http.user_agent = %user_agent,
            http.target = %request.uri().path(),
            http.status_code = tracing::field::Empty,
            otel.name = %format_args!("{method} {route}"),
            otel.kind = "server",
            otel.status_code = tracing::field::Empty,
            request_id = %request_id,
            exception.details = tracing::field::Empty,
        )
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
