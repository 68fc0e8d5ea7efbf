//! Health, readiness, migrations on start, problem+json for unknown routes,
//! and HEAD.

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
    assert_eq!(body["status"], "database_unavailable");
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
    // RFC 9110: every 405 names the methods the path does allow.
    for (method, path, allow) in [
        ("POST", "/healthz", "GET, HEAD"),
        ("DELETE", "/v1/questionnaire", "GET, HEAD"),
        ("TRACE", "/healthz", "GET, HEAD"),
        ("PUT", "/v1/assessments", "POST, GET, HEAD"),
        ("GET", "/v1/campaigns/x", "PATCH"),
        ("OPTIONS", "/v1/assessments/x", "GET, HEAD, DELETE"),
        ("POST", "/favicon.svg", "GET, HEAD"),
    ] {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let resp = server.http.request(method.clone(), server.url(path)).send().await.unwrap();
        assert_eq!(resp.headers().get("allow").map(|v| v.to_str().unwrap()), Some(allow), "{method} {path}");
        problem(resp, 405, "method_not_allowed").await;
    }
}

/// HEAD answers like GET, without the body: pages, API reads and built files.
async fn head_answers_every_get_without_a_body(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    for path in [
        "/",
        "/staff",
        "/docs",
        "/healthz",
        "/v1/offers",
        "/v1/questionnaire",
        "/favicon.svg",
        "/widget/solecheck.js",
    ] {
        let get = server.get(path).await;
        let head = server.http.head(server.url(path)).send().await.unwrap();
        assert_eq!(head.status(), get.status(), "{path}");
        assert_eq!(head.headers().get("content-type"), get.headers().get("content-type"), "{path}");
        let length = head.headers().get("content-length").map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(
            length,
            Some(get.bytes().await.unwrap().len().to_string()),
            "{path}: the length of the GET body"
        );
        // The client never reads a HEAD body, so ask on a bare connection:
        // nothing may follow the headers.
        let raw = head_over_tcp(&server, path).await;
        let (headers, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        assert!(headers.starts_with("HTTP/1.1 200"), "{path}: {headers}");
        assert_eq!(body, "", "{path}: no body");
    }
    // A route without GET still refuses HEAD.
    let resp = server.http.head(server.url("/v1/auth/login")).send().await.unwrap();
    assert_eq!(resp.status(), 405);
}

/// Everything the server sends for `HEAD path` on a connection it closes.
async fn head_over_tcp(server: &Server, path: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let base = server.url("");
    let authority = base.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = tokio::net::TcpStream::connect(authority).await.unwrap();
    let request = format!("HEAD {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    String::from_utf8(raw).unwrap()
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
    head_answers_every_get_without_a_body,
    security_headers_are_set,
);
