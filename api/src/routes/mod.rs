//! HTTP handlers: extract, call a service, wrap the answer. No rules, no SQL.

pub mod assessments;
pub mod assets;
pub mod auth;
pub mod body;
pub mod clinic;
pub mod codes;
pub mod docs;
pub mod figures;
pub mod health;
pub mod offers;
pub mod packed;
pub mod questionnaire;
pub mod site;
pub mod staff;
pub mod two_step;

use actix_web::{HttpRequest, http::header, web};

use crate::error::ApiError;

/// The table's method routes. `get` also answers HEAD, as HTTP asks of every
/// GET resource (monitors and link checkers use it): the same status and
/// headers, and actix leaves the body out of a HEAD answer.
pub(crate) mod via {
    pub use actix_web::web::{delete, patch, post, put};
    use actix_web::{Route, guard, web};

    pub fn get() -> Route {
        web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
    }
}

/// Declares the API's routes once, as `"path" => [method => handler, ...]`.
/// From the one table it makes [`ROUTES`] (what the unit test in `openapi`
/// compares with the OpenAPI document) and `register_table` (what actix
/// serves), so a route cannot be served without being listed, and each path
/// answers its other methods with a 405 problem. Paths are written in
/// OpenAPI's spelling, which actix's `{name}` segments share.
macro_rules! route_table {
    ($($path:literal => [$($method:ident => $handler:path),+ $(,)?]),+ $(,)?) => {
        /// Every (lower-case method, path) the table serves.
        pub const ROUTES: &[(&str, &str)] = &[$($((stringify!($method), $path)),+),+];

        fn register_table(cfg: &mut web::ServiceConfig) {
            $(cfg.service(resource($path, &[$(stringify!($method)),+])$(.route(via::$method().to($handler)))+);)+
        }
    };
}

route_table! {
    "/healthz" => [get => health::healthz],
    "/readyz" => [get => health::readyz],
    "/v1/questionnaire" => [get => questionnaire::get_questionnaire],
    "/v1/assessments" => [post => assessments::create_assessment, get => figures::list_assessments],
    "/v1/assessments/{id}/sessions" => [post => figures::log_session],
    "/v1/assessments/{id}/progress" => [get => figures::get_progress],
    "/v1/stats" => [get => figures::get_stats],
    "/v1/assessments/{id}" => [get => assessments::get_assessment, delete => assessments::delete_assessment],
    "/v1/assessments/{id}/export" => [get => assessments::export_assessment],
    "/v1/assessments/{id}/code" => [post => codes::issue_code],
    "/v1/offers" => [get => offers::get_offers],
    "/v1/campaigns" => [get => offers::list_campaigns, post => offers::create_campaign],
    "/v1/campaigns/{id}" => [patch => offers::update_campaign],
    "/v1/codes/{code}" => [get => codes::get_code],
    "/v1/codes/{code}/redeem" => [post => codes::redeem_code],
    "/v1/codes/{code}/void" => [post => codes::void_code],
    "/v1/codes/{code}/unredeem" => [post => codes::unredeem_code],
    "/v1/codes/{code}/erase-check" => [post => codes::erase_check],
    "/v1/codes/{code}/audit" => [get => codes::code_audit],
    "/v1/audit" => [get => codes::audit_log],
    "/v1/auth/login" => [post => auth::login],
    "/v1/auth/refresh" => [post => auth::refresh],
    "/v1/auth/logout" => [post => auth::logout],
    "/v1/auth/me" => [get => auth::me],
    "/v1/auth/password" => [post => auth::change_password],
    "/v1/auth/two-step" => [post => two_step::begin],
    "/v1/auth/two-step/confirm" => [post => two_step::confirm],
    "/v1/security" => [get => two_step::get_policy, put => two_step::set_policy],
    "/v1/clinic" => [get => clinic::get_clinic],
    "/v1/staff" => [get => staff::list_staff, post => staff::create_staff],
    "/v1/staff/{id}" => [patch => staff::update_staff],
    "/v1/staff/{id}/password-reset" => [post => staff::reset_password],
    "/v1/staff/{id}/two-step" => [delete => two_step::turn_off],
    "/openapi.json" => [get => docs::openapi_json],
    "/docs" => [get => docs::docs_page],
    "/" => [get => site::demo_page],
    "/staff" => [get => site::console_page],
}

/// Registers every route: the table, then the static assets.
pub fn configure(cfg: &mut web::ServiceConfig) {
    register_table(cfg);
    // Outside the table on purpose: files a page loads, not API operations, so
    // not in the OpenAPI document. The widget's files under `/widget/` are
    // likewise served from disk in `startup`.
    cfg.service(resource("/favicon.svg", &["get"]).route(via::get().to(site::icon)));
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

/// A resource whose unmatched methods answer 405 as problem+json, with the
/// `Allow` header RFC 9110 asks of every 405 (`methods` in lower case, as the
/// table writes them; GET brings HEAD).
fn resource(path: &str, methods: &[&str]) -> actix_web::Resource {
    let allow = allow_header(methods);
    web::resource(path).default_service(web::to(move || {
        let allow = allow.clone();
        async move { Err::<actix_web::HttpResponse, _>(ApiError::MethodNotAllowed { allow }) }
    }))
}

/// The `Allow` value for a table row's methods.
fn allow_header(methods: &[&str]) -> String {
    methods
        .iter()
        .flat_map(|m| if *m == "get" { vec!["GET", "HEAD"] } else { vec![*m] })
        .map(str::to_uppercase)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn allow_lists_the_methods_and_head_with_get() {
        assert_eq!(super::allow_header(&["post", "get"]), "POST, GET, HEAD");
        assert_eq!(super::allow_header(&["patch"]), "PATCH");
    }
}
