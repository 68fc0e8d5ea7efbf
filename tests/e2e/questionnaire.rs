//! `GET /v1/questionnaire` in both languages.

use serde_json::Value;
use solecheck_shared::{
    QUESTIONNAIRE_VERSION,
    answers::Locale,
    content::{Questionnaire, questionnaire},
};
use solecheck_tests::{Backend, Server, expect_problem};

async fn serves_the_questionnaire_in_both_languages(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    for (query, locale) in [("", Locale::En), ("?lang=en", Locale::En), ("?lang=es", Locale::Es)] {
        let resp = server.get(&format!("/v1/questionnaire{query}")).await;
        assert_eq!(resp.status(), 200);
        assert_eq!(resp.headers()["content-type"], "application/json");
        let doc: Questionnaire = resp.json().await.unwrap();
        assert_eq!(doc.version, QUESTIONNAIRE_VERSION);
        assert_eq!(doc, questionnaire(locale), "{query}");
    }
}

async fn rejects_an_unknown_language(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let body: Value = expect_problem(server.get("/v1/questionnaire?lang=fr").await, 400, "bad_request").await;
    assert!(body["detail"].as_str().unwrap().contains("fr"));
    expect_problem(server.get("/v1/questionnaire?language=es").await, 400, "bad_request").await;
}

async fn compresses_when_asked(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let resp = server
        .http
        .get(server.url("/v1/questionnaire?lang=es"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["content-encoding"], "gzip");
}

async fn conditional_get_answers_304(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let first = server.get("/v1/questionnaire?lang=es").await;
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    let again = server
        .http
        .get(server.url("/v1/questionnaire?lang=es"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert!(again.bytes().await.unwrap().is_empty());
    // Another language has another tag.
    let en = server
        .http
        .get(server.url("/v1/questionnaire?lang=en"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(en.status(), 200);
    assert_ne!(en.headers()["etag"].to_str().unwrap(), etag);
}

crate::on_both_backends!(
    conditional_get_answers_304,
    serves_the_questionnaire_in_both_languages,
    rejects_an_unknown_language,
    compresses_when_asked,
);
