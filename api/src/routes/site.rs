//! The demo clinic page at `/` (the widget files are served from disk under
//! `/widget/`, see `startup`).

use actix_web::{HttpResponse, http::header};

/// A clinic-like page that embeds the widget the way a clinic's site would.
const DEMO_PAGE: &str = include_str!("../../static/demo.html");

/// `GET /`.
#[utoipa::path(get, path = "/", tag = "site",
    responses((status = 200, description = "The demo clinic page embedding the widget", content_type = "text/html")))]
pub async fn demo_page() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'",
        ))
        .body(DEMO_PAGE)
}
