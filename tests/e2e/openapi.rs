//! `/openapi.json` lists every route the server answers, and nothing else.

use std::collections::BTreeSet;

use serde_json::Value;
use solecheck_tests::{Backend, Server};

/// Every route the server answers: (method, OpenAPI path, a concrete path).
const ROUTES: &[(&str, &str, &str)] = &[
    ("get", "/", "/"),
    ("get", "/healthz", "/healthz"),
    ("get", "/readyz", "/readyz"),
    ("get", "/openapi.json", "/openapi.json"),
    ("get", "/docs", "/docs"),
    ("get", "/staff", "/staff"),
    ("get", "/v1/clinic", "/v1/clinic"),
    ("get", "/v1/auth/me", "/v1/auth/me"),
    ("get", "/v1/questionnaire", "/v1/questionnaire"),
    ("post", "/v1/assessments", "/v1/assessments"),
    ("get", "/v1/assessments", "/v1/assessments"),
    ("get", "/v1/assessments/{id}", "/v1/assessments/x"),
    ("delete", "/v1/assessments/{id}", "/v1/assessments/x"),
    ("post", "/v1/assessments/{id}/code", "/v1/assessments/x/code"),
    ("post", "/v1/assessments/{id}/sessions", "/v1/assessments/x/sessions"),
    ("get", "/v1/assessments/{id}/progress", "/v1/assessments/x/progress"),
    ("get", "/v1/offers", "/v1/offers"),
    ("post", "/v1/auth/login", "/v1/auth/login"),
    ("post", "/v1/auth/refresh", "/v1/auth/refresh"),
    ("post", "/v1/auth/logout", "/v1/auth/logout"),
    ("get", "/v1/codes/{code}", "/v1/codes/x"),
    ("post", "/v1/codes/{code}/redeem", "/v1/codes/x/redeem"),
    ("post", "/v1/codes/{code}/void", "/v1/codes/x/void"),
    ("post", "/v1/codes/{code}/unredeem", "/v1/codes/x/unredeem"),
    ("get", "/v1/codes/{code}/audit", "/v1/codes/x/audit"),
    ("get", "/v1/campaigns", "/v1/campaigns"),
    ("post", "/v1/campaigns", "/v1/campaigns"),
    ("patch", "/v1/campaigns/{id}", "/v1/campaigns/x"),
    ("get", "/v1/staff", "/v1/staff"),
    ("post", "/v1/staff", "/v1/staff"),
    ("patch", "/v1/staff/{id}", "/v1/staff/x"),
    ("get", "/v1/stats", "/v1/stats"),
];

async fn every_route_is_documented_and_answered(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let doc: Value = server.get("/openapi.json").await.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| item.as_object().unwrap().keys().map(move |m| (m.clone(), path.clone())))
        .collect();
    let served: BTreeSet<(String, String)> =
        ROUTES.iter().map(|(m, p, _)| ((*m).to_owned(), (*p).to_owned())).collect();
    assert_eq!(documented, served);
    for (method, _, concrete) in ROUTES {
        let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let resp = server.http.request(method.clone(), server.url(concrete)).send().await.unwrap();
        let status = resp.status().as_u16();
        assert_ne!(status, 405, "{method} {concrete}");
        if status == 404 {
            let body: Value = resp.json().await.unwrap_or_default();
            assert_ne!(body["code"], "not_found_route", "{method} {concrete}");
        }
        assert!(status < 500, "{method} {concrete}: {status}");
    }
    // Every schema reference resolves.
    let text = doc.to_string();
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for piece in text.split("#/components/schemas/").skip(1) {
        let name: String = piece.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        assert!(schemas.contains_key(&name), "dangling $ref {name}");
    }
    // Every error code the server can send is listed.
    let codes = doc["components"]["schemas"]["ErrorCode"]["enum"].as_array().unwrap();
    assert!(codes.iter().any(|c| c == "already_redeemed"));
    let docs = server.get("/docs").await;
    assert_eq!(docs.status(), 200);
    assert!(docs.text().await.unwrap().contains("/docs/docs.js"));
    assert_eq!(server.get("/docs/docs.js").await.status(), 200);
}

crate::on_both_backends!(every_route_is_documented_and_answered);
