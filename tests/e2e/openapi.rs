//! `/openapi.json` lists every route the server answers, and nothing else.
//!
//! That the document and the server's route table agree is a unit test of the
//! api crate (`openapi::tests`, over `routes::ROUTES`); here the running server
//! answers every documented operation, so a documented route that is not served
//! fails this test.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use solecheck_tests::{Backend, Server, expect_problem};

/// A concrete path for an OpenAPI path: each `{param}` becomes `x`.
fn concrete(path: &str) -> String {
    path.split('/')
        .map(|segment| if segment.starts_with('{') && segment.ends_with('}') { "x" } else { segment })
        .collect::<Vec<_>>()
        .join("/")
}

async fn every_documented_route_is_answered(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let doc: Value = server.get("/openapi.json").await.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let mut operations: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        operations.insert(path.clone(), item.as_object().unwrap().keys().cloned().collect());
    }
    assert!(operations.len() >= 25, "{} paths", operations.len());
    for (path, methods) in &operations {
        let url = server.url(&concrete(path));
        for method in methods {
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let resp = server.http.request(method.clone(), &url).send().await.unwrap();
            let status = resp.status().as_u16();
            assert_ne!(status, 405, "{method} {path} is documented but not served");
            assert!(status < 500, "{method} {path}: {status}");
        }
        // The path is a served resource: an unknown path would answer 404, but a
        // served one answers a method it lacks with 405.
        let lacking = ["put", "patch", "delete", "post"].into_iter().find(|m| !methods.contains(*m)).unwrap();
        let method = reqwest::Method::from_bytes(lacking.to_uppercase().as_bytes()).unwrap();
        let resp = server.http.request(method, &url).send().await.unwrap();
        expect_problem(resp, 405, "method_not_allowed").await;
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
    let page = docs.text().await.unwrap();
    for file in ["swagger-ui-bundle.js", "swagger-ui.css", "docs.js"] {
        assert!(page.contains(&format!("\"/docs/assets/{file}\"")), "{file} in {page}");
        assert_eq!(server.get(&format!("/docs/assets/{file}")).await.status(), 200, "{file}");
    }
}

crate::on_both_backends!(every_documented_route_is_answered);
