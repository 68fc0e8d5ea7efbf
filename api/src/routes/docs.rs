//! `/openapi.json` and the offline API reference at `/docs`.

use actix_web::{HttpRequest, HttpResponse, http::header, web};

use crate::startup::AppState;

const DOCS_PAGE: &str = include_str!("../../static/docs.html");

/// The reference page's policy: its scripts and styles only from this server
/// (`/docs/assets/`, no inline ones), images also as `data:` (Swagger UI's
/// icons), requests only to this server ("Try it" and `/openapi.json`), and
/// no framing.
const DOCS_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Get this API description (OpenAPI 3.1)
#[utoipa::path(get, path = "/openapi.json", tag = "Pages",
    responses((status = 200, description = "This document", content_type = "application/json")))]
pub async fn openapi_json(state: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    let mut response = HttpResponse::Ok();
    let body = state.openapi.body_for(&req, &mut response);
    response.content_type("application/json").body(body)
}

/// Open this API reference
///
/// Swagger UI, served by this server with no third-party request.
#[utoipa::path(get, path = "/docs", tag = "Pages",
    responses((status = 200, description = "The API reference", content_type = "text/html")))]
pub async fn docs_page() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_SECURITY_POLICY, DOCS_CSP))
        .body(DOCS_PAGE)
}
