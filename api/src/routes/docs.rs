//! `/openapi.json` and the offline API reference at `/docs`.

use actix_web::{HttpRequest, HttpResponse, http::header, web};

use crate::startup::AppState;

const DOCS_PAGE: &str = include_str!("../../static/docs.html");
const DOCS_SCRIPT: &str = include_str!("../../static/docs.js");

/// `GET /openapi.json`.
#[utoipa::path(get, path = "/openapi.json", tag = "site",
    responses((status = 200, description = "This document", content_type = "application/json")))]
pub async fn openapi_json(state: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    let mut response = HttpResponse::Ok();
    let body = state.openapi.body_for(&req, &mut response);
    response.content_type("application/json").body(body)
}

/// `GET /docs`: a reference rendered from `/openapi.json` by a local script.
#[utoipa::path(get, path = "/docs", tag = "site",
    responses((status = 200, description = "The API reference", content_type = "text/html")))]
pub async fn docs_page() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; base-uri 'none'",
        ))
        .body(DOCS_PAGE)
}

/// `GET /docs/docs.js`.
pub async fn docs_script() -> HttpResponse {
    HttpResponse::Ok().content_type("text/javascript; charset=utf-8").body(DOCS_SCRIPT)
}
