//! The OpenAPI 3.1 document, generated from the handlers' `#[utoipa::path]`
//! annotations and the shared wire types, served at `/openapi.json`; `/docs`
//! renders it without any third-party request.

use utoipa::{
    Modify, OpenApi,
    openapi::{
        ContentBuilder, Ref, RefOr, Response, ResponseBuilder,
        security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
    },
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
                    .description(Some("The `access_token` from `POST /v1/auth/login` (HS256, 15 minutes unless `SOLECHECK_ACCESS_TOKEN_SECONDS` says otherwise)."))
                    .build(),
            ),
        );
    }
}

/// Answers any route can give, so each operation lists them all: every
/// route may fail inside (500), and every route with a body refuses one that
/// is not JSON (400), too large (413) or of another media type (415).
struct CommonProblems;

fn problem(description: &str) -> RefOr<Response> {
    let content = ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build();
    RefOr::T(
        ResponseBuilder::new().description(description).content("application/problem+json", content).build(),
    )
}

/// What any body can be refused for with a 422, added to the route's own 422s.
const BODY_REFUSED: &str = "The body is not one JSON object, or a field is missing, unknown or of the wrong \
    type: `validation_failed`, with `errors[].path`. A text field holds control characters (none in one-line \
    fields; tab and line breaks only in multi-line ones): `invalid_text`, with `errors[].path`.";

fn every_body_can_be_refused(responses: &mut std::collections::BTreeMap<String, RefOr<Response>>) {
    match responses.get_mut("422") {
        Some(RefOr::T(own)) => own.description = format!("{} {BODY_REFUSED}", own.description),
        Some(RefOr::Ref(_)) => {}
        None => {
            responses.insert("422".to_owned(), problem(BODY_REFUSED));
        }
    }
}

/// The `{code}` path parameter takes what `DiscountCode::parse` takes.
fn describe_code_parameters(op: &mut utoipa::openapi::path::Operation) {
    use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
    for param in op.parameters.iter_mut().flatten().filter(|p| p.name == "code") {
        let schema =
            ObjectBuilder::new().schema_type(Type::String).pattern(Some(solecheck_shared::code::PATTERN));
        param.schema = Some(RefOr::T(Schema::Object(schema.build())));
    }
}

/// What every staff route but the account's own, the password change and the
/// two-step set-up answers to a sign-in that must do one of those first
/// (`auth::staff`).
const CHANGE_FIRST: &str = "An account signed in with a temporary password must change it first \
    (`password_change_required`); one without two-step sign-in must set it up first while the clinic requires it \
    (`two_step_enrolment_required`).";

fn uses_staff_token(op: &utoipa::openapi::path::Operation) -> bool {
    op.security
        .iter()
        .flatten()
        .any(|requirement| serde_json::to_value(requirement).is_ok_and(|v| v.get("staff_token").is_some()))
}

/// Adds [`CHANGE_FIRST`] to the 403 of every staff route that refuses it.
fn staff_must_change_first(path: &str, op: &mut utoipa::openapi::path::Operation) {
    let first_steps = ["/v1/auth/me", "/v1/auth/password", "/v1/auth/two-step", "/v1/auth/two-step/confirm"];
    if !uses_staff_token(op) || first_steps.contains(&path) {
        return;
    }
    match op.responses.responses.get_mut("403") {
        Some(RefOr::T(own)) => own.description = format!("{} {CHANGE_FIRST}", own.description),
        Some(RefOr::Ref(_)) => {}
        None => {
            op.responses.responses.insert("403".to_owned(), problem(CHANGE_FIRST));
        }
    }
}

/// Paths whose answers need no database: probes and pages answer from memory.
fn without_database(path: &str) -> bool {
    !path.starts_with("/v1/") || matches!(path, "/v1/questionnaire" | "/v1/clinic")
}

impl Modify for CommonProblems {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in &mut openapi.paths.paths {
            let database = !without_database(path);
            let operations =
                [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete];
            for op in operations.into_iter().flatten() {
                let mut common =
                    vec![("500", "Something failed inside; the body says nothing more: `internal`")];
                if database {
                    common.push((
                        "503",
                        "The database cannot be reached within 2 s (`database_unavailable`) or has no room to \
                         write (`storage_full`); with Retry-After.",
                    ));
                }
                if op.request_body.is_some() {
                    common.extend([
                        ("400", "The body is not JSON at all, or has text after it: `invalid_json`"),
                        ("413", "The body is over 64 KiB: `payload_too_large`"),
                        ("415", "The body is not `application/json`: `unsupported_media_type`"),
                    ]);
                }
                for (status, description) in common {
                    op.responses.responses.entry(status.to_owned()).or_insert_with(|| problem(description));
                }
                if op.request_body.is_some() {
                    every_body_can_be_refused(&mut op.responses.responses);
                }
                describe_code_parameters(op);
                staff_must_change_first(path, op);
            }
        }
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
        routes::assessments::export_assessment,
        routes::codes::issue_code,
        routes::figures::log_session,
        routes::figures::get_progress,
        routes::offers::get_offers,
        routes::auth::login,
        routes::auth::refresh,
        routes::auth::logout,
        routes::auth::me,
        routes::auth::change_password,
        routes::two_step::begin,
        routes::two_step::confirm,
        routes::two_step::get_policy,
        routes::two_step::set_policy,
        routes::two_step::turn_off,
        routes::clinic::get_clinic,
        routes::codes::get_code,
        routes::codes::redeem_code,
        routes::codes::void_code,
        routes::codes::unredeem_code,
        routes::codes::erase_check,
        routes::codes::code_audit,
        routes::codes::audit_log,
        routes::offers::list_campaigns,
        routes::offers::create_campaign,
        routes::offers::update_campaign,
        routes::staff::list_staff,
        routes::staff::create_staff,
        routes::staff::update_staff,
        routes::staff::reset_password,
        routes::figures::list_assessments,
        routes::figures::get_stats,
        routes::site::demo_page,
        routes::site::console_page,
        routes::docs::openapi_json,
        routes::docs::docs_page,
    ),
    // Schemas only named inside hand-built field schemas (`answers::schema`).
    components(schemas(
        solecheck_shared::api::ErrorCode,
        solecheck_shared::validate::FieldErrorCode,
        solecheck_shared::answers::SafetyKey,
        solecheck_shared::answers::Zone,
        solecheck_shared::answers::SorePlace,
    )),
    modifiers(&Security, &CommonProblems),
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

    /// Every `$ref` names a schema the document has (fields whose schema is
    /// built by hand name their item types only by reference).
    #[test]
    fn every_reference_resolves() {
        fn refs(value: &serde_json::Value, found: &mut Vec<String>) {
            match value {
                serde_json::Value::Object(map) => {
                    if let Some(r) = map.get("$ref").and_then(|r| r.as_str()) {
                        found.push(r.to_owned());
                    }
                    map.values().for_each(|v| refs(v, found));
                }
                serde_json::Value::Array(items) => items.iter().for_each(|v| refs(v, found)),
                _ => {}
            }
        }
        let json: serde_json::Value = serde_json::from_str(&super::render().unwrap()).unwrap();
        let mut found = Vec::new();
        refs(&json, &mut found);
        assert!(found.len() > 20);
        for r in found {
            let name = r.strip_prefix("#/components/schemas/").unwrap_or_else(|| panic!("{r}"));
            assert!(json["components"]["schemas"][name].is_object(), "{r} does not resolve");
        }
    }

    /// The route table and the document list the same operations: every served
    /// route is documented, and nothing is documented that is not served.
    #[test]
    fn the_document_lists_exactly_the_served_routes() {
        use std::collections::BTreeSet;

        const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
        let json: serde_json::Value = serde_json::from_str(&super::render().unwrap()).unwrap();
        let documented: BTreeSet<(String, String)> = json["paths"]
            .as_object()
            .unwrap()
            .iter()
            .flat_map(|(path, item)| {
                item.as_object()
                    .unwrap()
                    .keys()
                    .filter(|key| METHODS.contains(&key.as_str()))
                    .map(move |method| (method.clone(), path.clone()))
            })
            .collect();
        let served: BTreeSet<(String, String)> =
            crate::routes::ROUTES.iter().map(|(m, p)| ((*m).to_owned(), (*p).to_owned())).collect();
        assert_eq!(served.len(), crate::routes::ROUTES.len(), "a route is listed twice");
        let undocumented: Vec<_> = served.difference(&documented).collect();
        let not_served: Vec<_> = documented.difference(&served).collect();
        assert!(undocumented.is_empty(), "served but not in the document: {undocumented:?}");
        assert!(not_served.is_empty(), "documented but not served: {not_served:?}");
    }
}
