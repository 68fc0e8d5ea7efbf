//! The OpenAPI 3.1 document, generated from the handlers' `#[utoipa::path]`
//! annotations and the shared wire types, served at `/openapi.json`; `/docs`
//! renders it without any third-party request.

use utoipa::{
    Modify, OpenApi,
    openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
};

use crate::routes;

/// Bearer schemes: the visitor's assessment token and staff access tokens.
struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "visitor_token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("The `token` returned when the check was stored (`sct_...`)."))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "staff_token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("The `access_token` from `POST /v1/auth/login` (HS256, 15 minutes)."))
                    .build(),
            ),
        );
    }
}

/// The whole API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "SoleCheck API",
        description = "The self-check widget, the clinic's mobile app and the front desk share this contract. \
            Errors are RFC 9457 `application/problem+json` with a stable machine `code`.",
    ),
    paths(
        routes::health::healthz,
        routes::health::readyz,
        routes::questionnaire::get_questionnaire,
        routes::assessments::create_assessment,
        routes::assessments::get_assessment,
        routes::assessments::delete_assessment,
        routes::codes::issue_code,
        routes::figures::log_session,
        routes::figures::get_progress,
        routes::offers::get_offers,
        routes::auth::login,
        routes::auth::refresh,
        routes::auth::logout,
        routes::codes::get_code,
        routes::codes::redeem_code,
        routes::codes::void_code,
        routes::codes::unredeem_code,
        routes::codes::code_audit,
        routes::offers::list_campaigns,
        routes::offers::create_campaign,
        routes::offers::update_campaign,
        routes::staff::list_staff,
        routes::staff::create_staff,
        routes::staff::update_staff,
        routes::figures::list_assessments,
        routes::figures::get_stats,
        routes::site::demo_page,
        routes::docs::openapi_json,
        routes::docs::docs_page,
    ),
    components(schemas(solecheck_shared::api::ErrorCode, solecheck_shared::validate::FieldErrorCode)),
    modifiers(&Security),
    tags(
        (name = "public", description = "Visitors (widget) and patients (mobile app)"),
        (name = "staff", description = "Front-desk staff, signed in"),
        (name = "admin", description = "Clinic admins"),
        (name = "health", description = "Probes"),
        (name = "site", description = "Pages"),
    )
)]
pub struct ApiDoc;

/// The document as JSON, rendered once at start-up.
pub fn render() -> Result<String, serde_json::Error> {
    let mut doc = ApiDoc::openapi();
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    doc.to_json()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_document_renders_and_is_openapi_3_1() {
        let json: serde_json::Value = serde_json::from_str(&super::render().unwrap()).unwrap();
        assert!(json["openapi"].as_str().unwrap().starts_with("3.1"));
        assert!(json["components"]["schemas"]["Answers"].is_object());
        assert!(json["components"]["schemas"]["Problem"].is_object());
        // Clients show a code's last day from this field, so it is documented as a date.
        for schema in ["CodeIssued", "CodeStatus"] {
            let field = &json["components"]["schemas"][schema]["properties"]["valid_through"];
            assert_eq!(field["format"], "date", "{schema}: {field}");
            assert!(field["description"].as_str().is_some_and(|d| d.contains("YYYY-MM-DD")), "{field}");
        }
    }
}
