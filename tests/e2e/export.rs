//! The visitor's own copy (`GET /v1/assessments/{id}/export`): everything
//! stored about their check, for their token alone.

use chrono::{DateTime, Duration};
use serde_json::{Value, json};
use solecheck_tests::{Backend, Server, expect_problem, fixtures::example_answers};

use crate::codes::one_offer_today;

fn instant(v: &Value) -> DateTime<chrono::FixedOffset> {
    DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap()
}

async fn a_visitor_downloads_everything_stored_about_their_check(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let admin = server.staff_token("admin").await;
    one_offer_today(&server, &admin).await;
    let resp = server
        .http
        .post(server.url("/v1/assessments"))
        .header("Idempotency-Key", uuid::Uuid::new_v4().to_string())
        .json(&example_answers())
        .send()
        .await
        .unwrap();
    let check: Value = resp.json().await.unwrap();
    let (id, token) = (check["id"].as_str().unwrap(), check["token"].as_str().unwrap());
    let code: Value = server.claim_code(id, token).await.json().await.unwrap();
    let resp = server
        .http
        .post(server.url(&format!("/v1/assessments/{id}/sessions")))
        .bearer_auth(token)
        .json(&json!({"plan_key": "short_foot", "sets_done": 3}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    let path = format!("/v1/assessments/{id}/export");

    let resp = server.get_with(&path, token).await;
    assert_eq!(resp.status(), 200);
    let copy: Value = resp.json().await.unwrap();
    let stored: Value = server.get_with(&format!("/v1/assessments/{id}"), token).await.json().await.unwrap();
    assert_eq!(copy["check"], stored, "the answers, result, version and time, as stored");
    assert_eq!((copy["locale"].as_str(), copy["source"].as_str()), (Some("en"), Some("widget")));
    assert_eq!(copy["codes"].as_array().unwrap().len(), 1);
    let exported = &copy["codes"][0];
    assert_eq!(exported["code"], code["code"]);
    assert_eq!(exported["status"], "issued");
    assert_eq!(exported["campaign"], code["campaign"]);
    assert_eq!(exported["expires_at"], code["expires_at"]);
    assert_eq!(exported["redeemed_at"], Value::Null);
    let sessions = copy["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(
        (sessions[0]["plan_key"].as_str(), sessions[0]["sets_done"].as_i64()),
        (Some("short_foot"), Some(3))
    );
    let created = instant(&stored["created_at"]);
    assert_eq!(instant(&copy["retry_reply_kept_until"]) - created, Duration::hours(24));
    assert_eq!(instant(&copy["erased_after"]) - created, Duration::days(365));
    assert!(instant(&copy["exported_at"]) >= created);

    // Only the visitor's own token: not staff, not another visitor.
    expect_problem(server.get_with(&path, &admin).await, 403, "forbidden").await;
    let (_, other) = server.stored_check(&example_answers()).await;
    expect_problem(server.get_with(&path, &other).await, 403, "forbidden").await;
    // Erased, there is nothing left to give.
    let resp =
        server.http.delete(server.url(&format!("/v1/assessments/{id}"))).bearer_auth(token).send().await;
    assert_eq!(resp.unwrap().status(), 204);
    expect_problem(server.get_with(&path, token).await, 404, "not_found").await;
}

async fn without_a_limit_nothing_says_when_the_answers_go(backend: Backend) {
    let Some(server) = Server::start_with(backend, &["--retention-days", "0"]) else { return };
    let (id, token) = server.stored_check(&example_answers()).await;
    let copy: Value =
        server.get_with(&format!("/v1/assessments/{id}/export"), &token).await.json().await.unwrap();
    assert_eq!(copy["erased_after"], Value::Null);
    assert_eq!(copy["retry_reply_kept_until"], Value::Null, "no key was sent, so no reply is kept");
    assert_eq!((copy["codes"].as_array().unwrap().len(), copy["sessions"].as_array().unwrap().len()), (0, 0));
}

crate::on_both_backends!(
    a_visitor_downloads_everything_stored_about_their_check,
    without_a_limit_nothing_says_when_the_answers_go
);
