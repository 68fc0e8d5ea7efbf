//! What every request and connection passes through besides the routes:
//! CORS, HSTS when serving HTTPS, the request id, no compression of short
//! replies, and `TCP_NODELAY` on every accepted connection.

use actix_web::{HttpMessage, middleware::Next, web};
use tracing_actix_web::RequestId;

use crate::startup::AppState;

/// CORS for the clinic's site origins (no cookies are ever used).
pub fn cors(origins: &[String]) -> actix_cors::Cors {
    let mut cors = actix_cors::Cors::default()
        .allowed_methods(["GET", "POST", "PATCH", "DELETE"])
        .allowed_headers([
            actix_web::http::header::AUTHORIZATION,
            actix_web::http::header::CONTENT_TYPE,
            actix_web::http::header::IF_NONE_MATCH,
            actix_web::http::header::HeaderName::from_static("idempotency-key"),
        ])
        .expose_headers(["x-request-id", "retry-after", "etag"])
        .max_age(3600);
    for origin in origins.iter().map(|o| o.trim()).filter(|o| !o.is_empty()) {
        cors = cors.allowed_origin(origin);
    }
    cors
}

/// HSTS on replies that reached the visitor over HTTPS, so browsers never
/// try plain HTTP on this host again: all of them when this server speaks
/// TLS itself, and those whose trusted proxy terminated TLS and says so
/// (`SOLECHECK_TRUSTED_PROXIES`).
pub async fn strict_transport(
    req: actix_web::dev::ServiceRequest,
    next: Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    use actix_web::http::header::{HeaderValue, STRICT_TRANSPORT_SECURITY};
    let own = req.app_data::<web::Data<AppState>>().is_some_and(|state| state.settings.serves_https);
    let https = own || crate::client_address::https_by_proxy(req.request());
    let mut res = next.call(req).await?;
    if https {
        res.headers_mut().insert(STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
    Ok(res)
}

/// Gives every response an `x-request-id` (the one tracing logged it under).
pub async fn request_id(
    req: actix_web::dev::ServiceRequest,
    next: Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    let id = req.extensions().get::<RequestId>().map(ToString::to_string);
    let mut res = next.call(req).await?;
    if let Some(value) = id.and_then(|id| actix_web::http::header::HeaderValue::from_str(&id).ok()) {
        res.headers_mut().insert(actix_web::http::header::HeaderName::from_static("x-request-id"), value);
    }
    Ok(res)
}

/// Replies shorter than this go out uncompressed: they fit one packet
/// either way, and brotli's set-up for each one cost the keyed check post
/// an eighth of its throughput.
pub const COMPRESS_FROM_BYTES: usize = 1024;

/// Marks short replies to a client that asks for compression `Content-Encoding:
/// identity`, which the `Compress` middleware outside this one passes through
/// untouched (a client that asks for none gets no such header).
pub async fn plain_when_short(
    req: actix_web::dev::ServiceRequest,
    next: Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    use actix_web::{body::BodySize, http::header};
    let asks = req.headers().contains_key(header::ACCEPT_ENCODING);
    let mut res = next.call(req).await?;
    let short = matches!(res.response().body().size(), BodySize::Sized(n) if usize::try_from(n).is_ok_and(|n| n < COMPRESS_FROM_BYTES));
    if asks && short && !res.headers().contains_key(header::CONTENT_ENCODING) {
        res.headers_mut().insert(header::CONTENT_ENCODING, header::HeaderValue::from_static("identity"));
    }
    Ok(res)
}

/// Sends every write at once: actix writes a compressed reply's head and body
/// separately, and with Nagle's algorithm the body then waited for the
/// client's delayed ACK, about 40 ms on every other request of a kept-alive
/// connection.
pub fn no_delay(connection: &dyn std::any::Any, _: &mut actix_web::dev::Extensions) {
    use actix_tls::accept::rustls_0_23::TlsStream;
    use actix_web::rt::net::TcpStream;
    let stream = connection
        .downcast_ref::<TcpStream>()
        .or_else(|| connection.downcast_ref::<TlsStream<TcpStream>>().map(|tls| tls.get_ref().0));
    if let Some(stream) = stream
        && let Err(error) = stream.set_nodelay(true)
    {
        tracing::warn!(%error, "could not set TCP_NODELAY");
    }
}
