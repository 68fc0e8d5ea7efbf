//! HTTP handlers: extract, call a service, wrap the answer. No rules, no SQL.

pub mod assessments;
pub mod auth;
pub mod codes;
pub mod docs;
pub mod figures;
pub mod health;
pub mod offers;
pub mod questionnaire;
pub mod site;
pub mod staff;
pub mod widget;

use actix_web::{HttpRequest, http::header, web};

use crate::error::{self, ApiError};

/// Registers every route.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource("/healthz").route(web::get().to(health::healthz)))
        .service(resource("/readyz").route(web::get().to(health::readyz)))
        .service(resource("/v1/questionnaire").route(web::get().to(questionnaire::get_questionnaire)))
        .service(
            resource("/v1/assessments")
                .route(web::post().to(assessments::create_assessment))
                .route(web::get().to(figures::list_assessments)),
        )
        .service(resource("/v1/assessments/{id}/sessions").route(web::post().to(figures::log_session)))
        .service(resource("/v1/assessments/{id}/progress").route(web::get().to(figures::get_progress)))
        .service(resource("/v1/stats").route(web::get().to(figures::get_stats)))
        .service(
            resource("/v1/assessments/{id}")
                .route(web::get().to(assessments::get_assessment))
                .route(web::delete().to(assessments::delete_assessment)),
        )
        .service(resource("/v1/assessments/{id}/code").route(web::post().to(codes::issue_code)))
        .service(resource("/v1/offers").route(web::get().to(offers::get_offers)))
        .service(
            resource("/v1/campaigns")
                .route(web::get().to(offers::list_campaigns))
                .route(web::post().to(offers::create_campaign)),
        )
        .service(resource("/v1/campaigns/{id}").route(web::patch().to(offers::update_campaign)))
        .service(resource("/v1/codes/{code}").route(web::get().to(codes::get_code)))
        .service(resource("/v1/codes/{code}/redeem").route(web::post().to(codes::redeem_code)))
        .service(resource("/v1/codes/{code}/void").route(web::post().to(codes::void_code)))
        .service(resource("/v1/codes/{code}/unredeem").route(web::post().to(codes::unredeem_code)))
        .service(resource("/v1/codes/{code}/audit").route(web::get().to(codes::code_audit)))
        .service(resource("/v1/auth/login").route(web::post().to(auth::login)))
        .service(resource("/v1/auth/refresh").route(web::post().to(auth::refresh)))
        .service(resource("/v1/auth/logout").route(web::post().to(auth::logout)))
        .service(
            resource("/v1/staff")
                .route(web::get().to(staff::list_staff))
                .route(web::post().to(staff::create_staff)),
        )
        .service(resource("/v1/staff/{id}").route(web::patch().to(staff::update_staff)))
        .service(resource("/openapi.json").route(web::get().to(docs::openapi_json)))
        .service(resource("/docs").route(web::get().to(docs::docs_page)))
        .service(resource("/docs/docs.js").route(web::get().to(docs::docs_script)))
        .service(resource("/").route(web::get().to(site::demo_page)));
}

/// Routes that read raw bytes check the media type themselves (415 otherwise).
fn require_json(req: &HttpRequest) -> Result<(), ApiError> {
    let json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if json { Ok(()) } else { Err(ApiError::UnsupportedMediaType) }
}

/// A resource whose unmatched methods answer 405 as problem+json.
fn resource(path: &str) -> actix_web::Resource {
    web::resource(path).default_service(web::to(error::method_not_allowed))
}
