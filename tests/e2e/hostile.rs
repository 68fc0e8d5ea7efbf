//! Malformed and hostile requests: each gets a 4xx problem+json with a code,
//! nothing is stored, nothing answers 5xx.

use reqwest::Method;
use serde_json::{Value, json};
use solecheck_tests::{Backend, Server, expect_problem, fixtures::example_answers};

fn with(f: impl FnOnce(&mut Value)) -> String {
    let mut v = example_answers();
    f(&mut v);
    v.to_string()
}

/// (name, method, path, content type, body, status, code)
fn cases() -> Vec<(&'static str, Method, &'static str, &'static str, String, u16, &'static str)> {
    let post = Method::POST;
    let a = "/v1/assessments";
    let j = "application/json";
    let nested = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let deep_object = format!("{}1{}", "{\"a\":".repeat(200), "}".repeat(200));
    vec![
        ("empty body", post.clone(), a, j, String::new(), 400, "invalid_json"),
        ("not json", post.clone(), a, j, "hello".into(), 400, "invalid_json"),
        ("truncated json", post.clone(), a, j, "{\"locale\": \"en\"".into(), 400, "invalid_json"),
        ("json array", post.clone(), a, j, "[]".into(), 422, "validation_failed"),
        ("json null", post.clone(), a, j, "null".into(), 422, "validation_failed"),
        ("deeply nested arrays", post.clone(), a, j, nested, 422, "validation_failed"),
        ("deeply nested objects", post.clone(), a, j, deep_object, 422, "validation_failed"),
        (
            "wrong content type",
            post.clone(),
            a,
            "text/plain",
            example_answers().to_string(),
            415,
            "unsupported_media_type",
        ),
        (
            "form content type",
            post.clone(),
            a,
            "application/x-www-form-urlencoded",
            "a=b".into(),
            415,
            "unsupported_media_type",
        ),
        (
            "no content type",
            post.clone(),
            a,
            "",
            example_answers().to_string(),
            415,
            "unsupported_media_type",
        ),
        (
            "oversized body",
            post.clone(),
            a,
            j,
            format!("{{\"pad\": \"{}\"}}", "x".repeat(70_000)),
            413,
            "payload_too_large",
        ),
        ("unknown top key", post.clone(), a, j, with(|v| v["admin"] = json!(true)), 422, "validation_failed"),
        ("client result", post.clone(), a, j, with(|v| v["result"] = json!({})), 422, "validation_failed"),
        (
            "unknown nested key",
            post.clone(),
            a,
            j,
            with(|v| v["activity"]["speed"] = json!(3)),
            422,
            "validation_failed",
        ),
        (
            "wrong type pain",
            post.clone(),
            a,
            j,
            with(|v| v["symptoms"]["back_pain"] = json!("high")),
            422,
            "validation_failed",
        ),
        (
            "huge pain number",
            post.clone(),
            a,
            j,
            with(|v| v["symptoms"]["back_pain"] = json!(1e300)),
            422,
            "validation_failed",
        ),
        (
            "pain 11",
            post.clone(),
            a,
            j,
            with(|v| v["symptoms"]["back_pain"] = json!(11)),
            422,
            "validation_failed",
        ),
        (
            "unknown safety key",
            post.clone(),
            a,
            j,
            with(|v| v["safety"] = json!(["<script>"])),
            422,
            "validation_failed",
        ),
        (
            "safety not a list",
            post.clone(),
            a,
            j,
            with(|v| v["safety"] = json!("none")),
            422,
            "validation_failed",
        ),
        (
            "repeated zone",
            post.clone(),
            a,
            j,
            with(|v| v["shoes"]["left"]["zones"] = json!(["toe_tip", "toe_tip"])),
            422,
            "validation_failed",
        ),
        (
            "unknown zone",
            post.clone(),
            a,
            j,
            with(|v| v["shoes"]["left"]["zones"] = json!(["heel"])),
            422,
            "validation_failed",
        ),
        (
            "negative seconds",
            post.clone(),
            a,
            j,
            with(|v| v["balance"]["left"]["eyes_open"] = json!([-1])),
            422,
            "validation_failed",
        ),
        (
            "nan-like seconds",
            post.clone(),
            a,
            j,
            with(|v| v["balance"]["left"]["eyes_open"] = json!(["NaN"])),
            422,
            "validation_failed",
        ),
        (
            "too many tries",
            post.clone(),
            a,
            j,
            with(|v| v["balance"]["left"]["eyes_open"] = json!([1, 2, 3, 4])),
            422,
            "validation_failed",
        ),
        (
            "eyes closed at 70",
            post.clone(),
            a,
            j,
            with(|v| v["about"]["age_band"] = json!("70_79")),
            422,
            "validation_failed",
        ),
        (
            "old version",
            post.clone(),
            a,
            j,
            with(|v| v["questionnaire_version"] = json!("2019.v0")),
            422,
            "validation_failed",
        ),
        ("unknown locale", post.clone(), a, j, with(|v| v["locale"] = json!("de")), 422, "validation_failed"),
        ("consent false", post.clone(), a, j, with(|v| v["consent"] = json!(false)), 422, "consent_required"),
        (
            "consent missing",
            post.clone(),
            a,
            j,
            with(|v| {
                v.as_object_mut().unwrap().remove("consent");
            }),
            422,
            "validation_failed",
        ),
        (
            "shoes missing",
            post.clone(),
            a,
            j,
            with(|v| {
                v.as_object_mut().unwrap().remove("shoes");
            }),
            422,
            "validation_failed",
        ),
        (
            "duplicate keys",
            post.clone(),
            a,
            j,
            example_answers().to_string().replacen(
                "\"locale\":\"en\"",
                "\"locale\":\"en\",\"locale\":\"es\"",
                1,
            ),
            422,
            "validation_failed",
        ),
        (
            "login wrong types",
            post.clone(),
            "/v1/auth/login",
            j,
            "{\"email\": 1, \"password\": []}".into(),
            422,
            "validation_failed",
        ),
        (
            "login unknown key",
            post.clone(),
            "/v1/auth/login",
            j,
            "{\"email\": \"a@b.c\", \"password\": \"x\", \"role\": \"admin\"}".into(),
            422,
            "validation_failed",
        ),
        (
            "login not json",
            post.clone(),
            "/v1/auth/login",
            "text/plain",
            "email=a".into(),
            415,
            "unsupported_media_type",
        ),
        ("refresh missing token", post.clone(), "/v1/auth/refresh", j, "{}".into(), 422, "validation_failed"),
        ("put on assessments", Method::PUT, a, j, "{}".into(), 405, "method_not_allowed"),
        ("unknown route", Method::GET, "/v1/secrets", "", String::new(), 404, "not_found"),
        ("path traversal", Method::GET, "/widget/../../etc/passwd", "", String::new(), 404, "not_found"),
        ("code with symbols", Method::GET, "/v1/codes/%3Cscript%3E", "", String::new(), 401, "unauthorized"),
        (
            "code issue unauthenticated",
            post.clone(),
            "/v1/assessments/x/code",
            j,
            "{}".into(),
            401,
            "unauthorized",
        ),
    ]
}

async fn hostile_requests_get_clear_problems_and_change_nothing(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let cases = cases();
    assert!(cases.len() >= 30);
    for (name, method, path, content_type, body, status, code) in cases {
        let mut req = server.http.request(method, server.url(path)).body(body);
        if !content_type.is_empty() {
            req = req.header("content-type", content_type);
        }
        let resp = req.send().await.unwrap_or_else(|e| panic!("{name}: {e}"));
        let got = resp.status().as_u16();
        assert_eq!(got, status, "{name}");
        let problem = expect_problem(resp, status, code).await;
        assert!(!problem["detail"].as_str().unwrap_or_default().is_empty(), "{name}");
    }
    assert_eq!(server.db().count("SELECT COUNT(*) AS n FROM assessments"), 0);
    assert_eq!(server.db().count("SELECT COUNT(*) AS n FROM staff"), 0);
    // Still healthy afterwards.
    assert_eq!(server.get("/healthz").await.status(), 200);
}

async fn public_posts_are_rate_limited(backend: Backend) {
    let Some(server) = Server::start_with(backend, &["--public-rate-limit", "3"]) else { return };
    for _ in 0..3 {
        assert_eq!(server.post("/v1/assessments", &example_answers()).await.status(), 201);
    }
    let limited = server.post("/v1/assessments", &example_answers()).await;
    assert!(limited.headers().contains_key("retry-after"));
    expect_problem(limited, 429, "rate_limited").await;
    assert_eq!(server.db().count("SELECT COUNT(*) AS n FROM assessments"), 3);
    // Reads are not limited.
    assert_eq!(server.get("/v1/offers").await.status(), 200);
}

async fn cors_request_ids_and_headers(backend: Backend) {
    let Some(server) = Server::start_with(backend, &["--allowed-origins", "https://clinic.example"]) else {
        return;
    };
    let preflight = server
        .http
        .request(Method::OPTIONS, server.url("/v1/assessments"))
        .header("origin", "https://clinic.example")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type, idempotency-key")
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success());
    assert_eq!(preflight.headers()["access-control-allow-origin"], "https://clinic.example");
    let other = server
        .http
        .get(server.url("/v1/offers"))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert!(!other.headers().contains_key("access-control-allow-origin"));
    let resp = server.get("/v1/offers").await;
    let id = resp.headers()["x-request-id"].to_str().unwrap();
    assert!(!id.is_empty());
}

crate::on_both_backends!(
    hostile_requests_get_clear_problems_and_change_nothing,
    public_posts_are_rate_limited,
    cors_request_ids_and_headers,
);
