//! The OpenAPI 3.1 document, generated from the handlers' `#[utoipa::path]`
//! annotations and the shared wire types, served at `/openapi.json`; `/docs`
//! renders it without any third-party request.

mod examples;
mod problems;

use utoipa::{
    Modify, OpenApi,
    openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
};

use self::problems::CommonProblems;
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
        (name = "Visitor and app", description = "The self-check widget and the clinic's mobile app: a visitor's \
            own check, with the token it was stored with."),
        (name = "Front desk", description = "Every signed-in staff member: signing in, the account's own \
            settings, and looking up and redeeming codes."),
        (name = "Admin", description = "Clinic admins: campaigns, staff accounts, corrections to codes, the \
            audit log and the figures."),
        (name = "Probes", description = "For load balancers and orchestrators."),
        (name = "Pages", description = "What a browser opens: the demo, the console, this reference."),
    )
)]
pub struct ApiDoc;

/// The document, and what [`problems::list_codes`] and [`examples::add`]
/// found missing (the tests hold that empty).
fn document() -> Result<(serde_json::Value, Vec<String>), serde_json::Error> {
    let mut doc = ApiDoc::openapi();
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    // Cargo's UNLICENSED (no licence granted) would read as a licence
    // named "UNLICENSED": the contract has none to state.
    doc.info.license = None;
    let mut value = serde_json::to_value(doc)?;
    let mut missing = problems::list_codes(&mut value);
    missing.extend(examples::add(&mut value));
    Ok((value, missing))
}

/// The document as JSON, rendered once at start-up.
pub fn render() -> Result<String, serde_json::Error> {
    serde_json::to_string(&document()?.0)
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, Value};

    use super::problems::operations;

    /// Every example in the document (request bodies and answers, each
    /// media type), checked against its own schema: none can drift.
    #[test]
    fn every_example_matches_its_schema() {
        let (doc, _) = super::document().unwrap();
        let mut checked = 0;
        for (path, method, op) in operations(&doc) {
            let bodies = std::iter::once(("request".to_owned(), &op["requestBody"]));
            let answers = op["responses"].as_object().into_iter().flatten().map(|(s, r)| (s.clone(), r));
            for (what, part) in bodies.chain(answers) {
                for (media, spec) in part["content"].as_object().into_iter().flatten() {
                    let mut schema: Map<String, Value> =
                        spec["schema"].as_object().cloned().unwrap_or_default();
                    schema.insert("components".into(), doc["components"].clone());
                    let mut schema = Value::Object(schema);
                    solecheck_shared::fixtures::closed_schema(&mut schema);
                    let validator = jsonschema::draft202012::new(&schema).unwrap();
                    let named = spec["examples"]
                        .as_object()
                        .into_iter()
                        .flatten()
                        .map(|(n, e)| (n.clone(), &e["value"]));
                    let single = spec.get("example").map(|e| ("example".to_owned(), e));
                    for (name, example) in named.chain(single) {
                        let errors: Vec<String> = validator
                            .iter_errors(example)
                            .map(|e| format!("{e} at {}", e.instance_path()))
                            .collect();
                        assert!(
                            errors.is_empty(),
                            "{method} {path} {what} {media} `{name}`: {errors:?}\n{example}"
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 100, "only {checked} examples");
    }

    /// Each problem answer names the codes it can carry, each under the
    /// status the server gives it, and its schema admits those alone; every
    /// JSON body and answer has its recorded example.
    #[test]
    fn every_answer_lists_its_codes_and_has_examples() {
        let (doc, missing) = super::document().unwrap();
        assert!(missing.is_empty(), "{missing:#?}");
        let schema = &doc["paths"]["/v1/codes/{code}/redeem"]["post"]["responses"]["409"]["content"]["application/problem+json"]
            ["schema"];
        assert_eq!(schema["allOf"][1]["properties"]["code"]["enum"], serde_json::json!(["already_redeemed"]));
        let example = &doc["paths"]["/v1/codes/{code}/redeem"]["post"]["responses"]["409"]["content"]["application/problem+json"]
            ["examples"]["already_redeemed"]["value"];
        assert_eq!(example["redeemed_by"], "desk@cruxsport.example");
    }

    /// Summaries are for the person reading: plain words, not the route
    /// again, and every operation sits under one of the audiences' tags.
    #[test]
    fn every_operation_has_a_plain_summary_and_an_audience() {
        let (doc, _) = super::document().unwrap();
        let tags: Vec<&str> =
            doc["tags"].as_array().unwrap().iter().filter_map(|t| t["name"].as_str()).collect();
        for (path, method, op) in operations(&doc) {
            let summary = op["summary"].as_str().unwrap_or_default();
            let plain = !summary.is_empty() && summary.len() <= 70 && !summary.contains(['`', '/', '\n']);
            assert!(plain, "{method} {path}: {summary:?}");
            let tag = op["tags"][0].as_str().unwrap_or_default();
            assert!(
                tags.contains(&tag) && op["tags"].as_array().unwrap().len() == 1,
                "{method} {path}: {tag}"
            );
        }
        assert!(doc["info"].get("license").is_none());
        // Rust doc links mean nothing to an app developer.
        let text = doc.to_string();
        assert!(!text.contains("[`"), "a Rust doc link in the document");
    }
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
