//! `/v1/assessments`: store, read, erase, idempotent retries.

use serde_json::{Value, json};
use solecheck_shared::{Answers, AssessmentResult, score};
use solecheck_tests::{Backend, Server, expect_problem, fixtures::example_answers};

const COUNT: &str = "SELECT COUNT(*) AS n FROM assessments";

async fn create(server: &Server, body: &Value) -> Value {
    let resp = server.post("/v1/assessments", body).await;
    assert_eq!(resp.status(), 201);
    resp.json().await.unwrap()
}

async fn stores_scores_on_the_server_and_reads_back(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let body = example_answers();
    let created = create(&server, &body).await;
    let id = created["id"].as_str().unwrap();
    let token = created["token"].as_str().unwrap();
    // The server's result is the shared scoring of the same answers.
    let answers: Answers = serde_json::from_value(body.clone()).unwrap();
    let result: AssessmentResult = serde_json::from_value(created["result"].clone()).unwrap();
    assert_eq!(result, score(&answers));

    let resp = server.get_with(&format!("/v1/assessments/{id}"), token).await;
    assert_eq!(resp.status(), 200);
    let view: Value = resp.json().await.unwrap();
    assert_eq!(view["id"], id);
    assert_eq!(view["result"], created["result"]);
    assert_eq!(view["answers"], body);
    assert_eq!(view["questionnaire_version"], "2026-11.v1");
    assert_eq!(server.db().count(COUNT), 1);
}

async fn a_client_result_is_never_trusted(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let mut body = example_answers();
    body["result"] = json!({"referral": {"level": "none"}});
    expect_problem(server.post("/v1/assessments", &body).await, 422, "validation_failed").await;
    assert_eq!(server.db().count(COUNT), 0);
}

async fn tokens_open_only_their_own_check(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let a = create(&server, &example_answers()).await;
    let b = create(&server, &example_answers()).await;
    let path = format!("/v1/assessments/{}", a["id"].as_str().unwrap());
    let get = |token: Option<&str>| {
        let mut req = server.http.get(server.url(&path));
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        req.send()
    };
    expect_problem(get(None).await.unwrap(), 401, "unauthorized").await;
    expect_problem(get(b["token"].as_str()).await.unwrap(), 403, "forbidden").await;
    expect_problem(get(Some("sct_forged")).await.unwrap(), 403, "forbidden").await;
    expect_problem(get(Some("not-a-jwt")).await.unwrap(), 401, "unauthorized").await;
    assert_eq!(get(a["token"].as_str()).await.unwrap().status(), 200);
    // Staff may read it too, but not erase it.
    let staff = server.staff_token("staff").await;
    assert_eq!(get(Some(&staff)).await.unwrap().status(), 200);
    let resp = server.http.delete(server.url(&path)).bearer_auth(&staff).send().await.unwrap();
    expect_problem(resp, 403, "forbidden").await;
    // Unknown ids are 404 for staff.
    let resp = server.get_with("/v1/assessments/nope", &staff).await;
    expect_problem(resp, 404, "not_found").await;
}

async fn delete_erases_the_answers(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let a = create(&server, &example_answers()).await;
    let path = format!("/v1/assessments/{}", a["id"].as_str().unwrap());
    let token = a["token"].as_str().unwrap();
    let resp = server
        .http
        .post(server.url(&format!("{path}/sessions")))
        .bearer_auth(token)
        .json(&json!({"plan_key": "sole_release"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    let resp = server.http.delete(server.url(&path)).bearer_auth(token).send().await.unwrap();
    assert_eq!(resp.status(), 204);
    let resp = server.get_with(&path, token).await;
    expect_problem(resp, 404, "not_found").await;
    assert_eq!(server.db().count("SELECT COUNT(*) AS n FROM exercise_sessions"), 0, "sessions go too");
    assert_eq!(
        server
            .db()
            .count("SELECT COUNT(*) AS n FROM assessments WHERE answers IS NOT NULL OR result IS NOT NULL"),
        0
    );
    // Erasing again is harmless.
    let resp = server.http.delete(server.url(&path)).bearer_auth(token).send().await.unwrap();
    assert_eq!(resp.status(), 204);
}

async fn consent_is_required_to_store(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let mut body = example_answers();
    body["consent"] = json!(false);
    expect_problem(server.post("/v1/assessments", &body).await, 422, "consent_required").await;
    assert_eq!(server.db().count(COUNT), 0);
}

async fn idempotent_retries(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let post = |key: &str, body: Value| {
        server.http.post(server.url("/v1/assessments")).header("Idempotency-Key", key).json(&body).send()
    };
    let first = post("key-1", example_answers()).await.unwrap();
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    // The same body again, even with other key order and spacing.
    let text = serde_json::to_string_pretty(&example_answers()).unwrap();
    let again = server
        .http
        .post(server.url("/v1/assessments"))
        .header("Idempotency-Key", "key-1")
        .header("content-type", "application/json")
        .body(text)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 201);
    assert_eq!(again.json::<Value>().await.unwrap(), first);
    assert_eq!(server.db().count(COUNT), 1);
    // The same key with another body.
    let mut other = example_answers();
    other["symptoms"]["back_pain"] = json!(2);
    expect_problem(post("key-1", other).await.unwrap(), 422, "idempotency_key_reused").await;
    assert_eq!(server.db().count(COUNT), 1);
    // Concurrent retries of one request store one check.
    let replies = futures_join(8, || post("key-2", example_answers())).await;
    let ids: std::collections::HashSet<String> =
        replies.iter().map(|v| v["id"].as_str().unwrap().to_owned()).collect();
    assert_eq!(ids.len(), 1, "{replies:?}");
    assert_eq!(server.db().count(COUNT), 2);
    // A bad key is a bad request.
    expect_problem(post(&"x".repeat(201), example_answers()).await.unwrap(), 400, "bad_request").await;
}

/// DELETE also forgets the kept reply of an `Idempotency-Key`: a retry after it
/// gets neither the answers' result nor the token back, and stores nothing.
async fn a_retry_after_delete_replays_nothing(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let post = |key: &str, body: Value| {
        server.http.post(server.url("/v1/assessments")).header("Idempotency-Key", key).json(&body).send()
    };
    let erased: Value = post("erase-me", example_answers()).await.unwrap().json().await.unwrap();
    let kept: Value = post("keep-me", example_answers()).await.unwrap().json().await.unwrap();
    let token = erased["token"].as_str().unwrap();
    let path = format!("/v1/assessments/{}", erased["id"].as_str().unwrap());
    let resp = server.http.delete(server.url(&path)).bearer_auth(token).send().await.unwrap();
    assert_eq!(resp.status(), 204);

    let retry = post("erase-me", example_answers()).await.unwrap();
    let body = expect_problem(retry, 410, "assessment_erased").await;
    let text = body.to_string();
    assert!(!text.contains(token) && !text.contains(erased["id"].as_str().unwrap()), "{text}");
    assert!(body.get("result").is_none() && body.get("token").is_none());
    // Whatever the body: the key belongs to an erased check.
    let mut other = example_answers();
    other["symptoms"]["back_pain"] = json!(2);
    expect_problem(post("erase-me", other).await.unwrap(), 410, "assessment_erased").await;
    assert_eq!(server.db().count(COUNT), 2);
    // Nothing of the reply is left in the database.
    let rows =
        server.db().texts("SELECT COALESCE(sealed_token, '') || request_hash AS value FROM idempotency_keys");
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| !r.contains(token)), "{rows:?}");
    let erased_rows = server.db().texts(&format!(
        "SELECT COALESCE(sealed_token, '') || request_hash AS value FROM idempotency_keys WHERE assessment_id = '{}'",
        erased["id"].as_str().unwrap()
    ));
    assert_eq!(erased_rows, [String::new()]);
    // Another check's kept reply is untouched.
    let again = post("keep-me", example_answers()).await.unwrap();
    assert_eq!(again.status(), 201);
    assert_eq!(again.json::<Value>().await.unwrap(), kept);
}

/// The example answers, posted with `key`.
async fn keyed_post(server: &Server, key: &str) -> reqwest::Response {
    let request = server.http.post(server.url("/v1/assessments")).header("Idempotency-Key", key);
    request.json(&example_answers()).send().await.unwrap()
}

/// A database from before the slimmer kept replies (whole bodies, an erased
/// check's blanked), and so from before they were sealed: after the upgrades
/// (migrations 8 and 11, and the sealing at start), a retry gets the first
/// reply byte for byte, an erased check's key still answers 410, and the
/// database no longer holds the keys or the token as sent.
async fn kept_replies_survive_the_upgrade(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let first = keyed_post(&server, "kept").await;
    assert_eq!(first.status(), 201);
    let first = first.text().await.unwrap();
    let first_json: Value = serde_json::from_str(&first).unwrap();
    let erased: Value = keyed_post(&server, "erased").await.json().await.unwrap();
    let path = format!("/v1/assessments/{}", erased["id"].as_str().unwrap());
    let token = erased["token"].as_str().unwrap();
    assert_eq!(server.http.delete(server.url(&path)).bearer_auth(token).send().await.unwrap().status(), 204);

    let db = server.stop();
    let dir = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    let run_down = |migration: &str| {
        let down = solecheck_tests::workspace_root().join(format!("migrations/{dir}/{migration}/down.sql"));
        let down = std::fs::read_to_string(down).unwrap();
        for statement in down.split(";\n").filter(|s| !s.trim().is_empty()) {
            db.execute(statement);
        }
    };
    // Before migration 11 a reply kept the key and the token as sent; its
    // down forgets sealed replies, so they are written back as they were.
    let kept_row = |id: &str| {
        let sql = format!(
            "SELECT request_hash || '|' || CAST(created_at AS TEXT) AS value FROM idempotency_keys \
             WHERE assessment_id = '{id}'"
        );
        let row = db.texts(&sql).pop().unwrap();
        let (hash, at) = row.split_once('|').unwrap();
        (hash.to_owned(), at.to_owned())
    };
    let first_id = first_json["id"].as_str().unwrap();
    let erased_id = erased["id"].as_str().unwrap();
    let ((first_hash, first_at), (erased_hash, erased_at)) = (kept_row(first_id), kept_row(erased_id));
    run_down("2026-12-04-000011_kept_reply_sealed");
    db.execute(&format!(
        "INSERT INTO idempotency_keys (idempotency_key, request_hash, assessment_id, token, created_at) VALUES \
         ('kept', '{first_hash}', '{first_id}', '{}', '{first_at}'), \
         ('erased', '{erased_hash}', '{erased_id}', NULL, '{erased_at}')",
        first_json["token"].as_str().unwrap()
    ));
    run_down("2026-12-03-000008_kept_reply_rebuilt");
    let old = db.texts("SELECT body AS value FROM idempotency_keys WHERE idempotency_key = 'kept'");
    assert_eq!(serde_json::from_str::<Value>(&old[0]).unwrap(), first_json);
    let blank = db.texts("SELECT body || request_hash AS value FROM idempotency_keys WHERE status = 410");
    assert_eq!(blank, [String::new()], "the erased check's reply was blank before");
    let versions =
        "DELETE FROM __diesel_schema_migrations WHERE version IN ('20261203000008', '20261204000011')";
    assert_eq!(db.execute(versions), 2);

    let server = Server::start_on(db, &[]);
    let again = keyed_post(&server, "kept").await;
    assert_eq!(again.status(), 201);
    assert_eq!(again.text().await.unwrap(), first);
    expect_problem(keyed_post(&server, "erased").await, 410, "assessment_erased").await;
    assert_eq!(server.db().count(COUNT), 2);
    assert_eq!(server.db().count("SELECT COUNT(*) AS n FROM unsealed_replies"), 0);
    let kept =
        server.db().texts("SELECT key_lookup || COALESCE(sealed_token, '') AS value FROM idempotency_keys");
    assert_eq!(kept.len(), 2);
    let raw = first_json["token"].as_str().unwrap();
    assert!(
        kept.iter().all(|r| !r.contains(raw) && !r.contains("kept") && !r.contains("erased")),
        "{kept:?}"
    );
}

async fn futures_join<F, Fut>(n: usize, make: F) -> Vec<Value>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = reqwest_middleware::Result<reqwest::Response>>,
{
    let mut out = Vec::new();
    for resp in futures::future::join_all((0..n).map(|_| make())).await {
        let resp = resp.unwrap();
        assert_eq!(resp.status(), 201);
        out.push(resp.json().await.unwrap());
    }
    out
}

crate::on_both_backends!(
    stores_scores_on_the_server_and_reads_back,
    a_client_result_is_never_trusted,
    tokens_open_only_their_own_check,
    delete_erases_the_answers,
    consent_is_required_to_store,
    idempotent_retries,
    a_retry_after_delete_replays_nothing,
    kept_replies_survive_the_upgrade,
);
