//! `GET /v1/questionnaire?lang=en|es`.

use actix_web::{HttpRequest, HttpResponse, http::header, web};
use serde::Deserialize;
use solecheck_shared::answers::Locale;
#[allow(unused_imports)]
use solecheck_shared::api::Problem;

use crate::{error::ApiError, startup::AppState};

/// The query string.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LangQuery {
    /// `en` (default) or `es`.
    pub lang: Option<String>,
}

/// Get the self-check in one language
///
/// Every question, answer, safety screen and text the widget shows, in English or Spanish, with the
/// version stored with each check. Send the `ETag` back as `If-None-Match` to get 304 while a
/// cached copy is current.
#[utoipa::path(get, path = "/v1/questionnaire", tag = "Visitor and app",
    params(("lang" = Option<Locale>, Query, description = "`en` (default) or `es`"),
        ("If-None-Match" = Option<String>, Header, description = "The ETag of a cached copy")),
    responses((status = 200, description = "The localized questionnaire, texts and catalogue", body = solecheck_shared::content::Questionnaire),
        (status = 304, description = "The cached copy is current"),
        (status = 400, description = "Unsupported language: `bad_request`", body = Problem, content_type = "application/problem+json")))]
pub async fn get_questionnaire(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<LangQuery>,
) -> Result<HttpResponse, ApiError> {
    let locale = match query.lang.as_deref() {
        None => Locale::En,
        Some(lang) => Locale::from_key(lang)
            .ok_or_else(|| ApiError::BadRequest(format!("unsupported lang '{lang}': use en or es")))?,
    };
    let packed = state.questionnaires.get(locale);
    let etag = packed.etag();
    let cached = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let mut response = if cached { HttpResponse::NotModified() } else { HttpResponse::Ok() };
    response
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, "public, max-age=300, must-revalidate"))
        .insert_header((header::VARY, "Accept-Encoding"));
    if cached {
        return Ok(response.finish());
    }
    let body = packed.body_for(&req, &mut response);
    Ok(response.content_type("application/json").body(body))
}
