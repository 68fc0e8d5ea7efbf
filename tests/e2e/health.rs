//! Health, readiness, migrations on start, and problem+json for unknown routes.

use serde_json::Value;
use solecheck_tests::{Backend, Server, expect_problem as problem};

async fn health_and_readiness(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    for path in ["/healthz", "/readyz"] {
        let resp = server.get(path).await;
        assert_eq!(resp.status(), 200, "{path}");
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body["status"], "ok");
        assert!(body["version"].is_string());
    }
}

async fn readiness_fails_when_the_database_goes_away(backend: Backend) {
    if backend == Backend::Sqlite {
        return; // A SQLite file cannot "go away" from under an open connection.
    }
    let Some(server) = Server::start(backend) else { return };
    assert_eq!(server.get("/readyz").await.status(), 200);
    server.db().drop_now();
    let resp = server.get("/readyz").await;
    assert_eq!(resp.status(), 503);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["status"], "unavailable");
    // The process itself still answers.
    assert_eq!(server.get("/healthz").await.status(), 200);
}

async fn restarting_on_a_migrated_database_works(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    assert_eq!(server.get("/readyz").await.status(), 200);
    let db = server.stop();
    let again = Server::start_on(db, &[]);
    assert_eq!(again.get("/readyz").await.status(), 200);
}

async fn unknown_routes_and_methods_are_problems(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    problem(server.get("/v1/nothing-here").await, 404, "not_found").await;
    let resp = server.http.post(server.url("/healthz")).send().await.unwrap();
    problem(resp, 405, "method_not_allowed").await;
    let resp = server.http.delete(server.url("/v1/questionnaire")).send().await.unwrap();
    problem(resp, 405, "method_not_allowed").await;
}

async fn security_headers_are_set(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let resp = server.get("/healthz").await;
    assert_eq!(resp.headers()["x-content-type-options"], "nosniff");
    assert_eq!(resp.headers()["referrer-policy"], "no-referrer");
    let page = server.get("/").await;
    let csp = page.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval'"), "{csp}");
}

crate::on_both_backends!(
    health_and_readiness,
    readiness_fails_when_the_database_goes_away,
    restarting_on_a_migrated_database_works,
    unknown_routes_and_methods_are_problems,
    security_headers_are_set,
);
