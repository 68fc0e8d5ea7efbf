//! The server's logs, even at `RUST_LOG=debug`, never hold health answers,
//! passwords or tokens (README "Configuration").

use serde_json::{Value, json};
use solecheck_tests::{Backend, Server, fixtures::example_answers};

use crate::codes::{one_offer_today, staff_post};

/// Answers whose values are unlikely to appear in a log by chance.
fn telling_answers() -> Value {
    let mut answers = example_answers();
    answers["safety"] = json!(["cancer_history", "unexplained_weight_loss"]);
    answers["balance"]["left"]["eyes_open"] = json!([31.4159, 27.1828]);
    answers["shoes"]["right"]["zones"] = json!(["mid_outer", "toe_tip"]);
    answers
}

async fn logs_hold_no_answers_passwords_or_tokens(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let log_path = dir.path().join("server.log");
    let log_file = std::fs::File::create(&log_path).unwrap();
    let env = [("RUST_LOG", "debug")];
    let Some(server) = Server::start_logging(backend, &env, log_file) else { return };
    let email = format!("desk-{}@clinic.test", uuid::Uuid::new_v4().simple());
    let password = server.add_staff(&email, "admin");
    let mut secrets = vec![password.clone()];

    // Sign-in, a wrong password, a password sent as the wrong JSON type, refresh.
    let tokens = server.login(&email, &password).await;
    let wrong = "Wrong-Password-9f3c";
    // Sent with forwarding headers anyone can write: the log keeps the peer.
    let resp = server
        .http
        .post(server.url("/v1/auth/login"))
        .header("x-forwarded-for", "203.0.113.77")
        .header("forwarded", "for=198.51.100.5")
        .json(&json!({"email": email, "password": wrong}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);
    let resp = server.post("/v1/auth/login", &json!({"email": email, "password": 904_118_223_771_u64})).await;
    assert_eq!(resp.status(), 422);
    let resp = server
        .http
        .post(server.url("/v1/auth/login"))
        .header("content-type", "application/json")
        .body("{\"email\":")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    secrets.extend([wrong.to_owned(), "904118223771".to_owned()]);
    let refreshed: Value = server
        .post("/v1/auth/refresh", &json!({"refresh_token": tokens["refresh_token"]}))
        .await
        .json()
        .await
        .unwrap();
    let admin = refreshed["access_token"].as_str().unwrap().to_owned();
    for pair in [&tokens, &refreshed] {
        secrets.push(pair["access_token"].as_str().unwrap().to_owned());
        secrets.push(pair["refresh_token"].as_str().unwrap().to_owned());
    }

    // A stored check, read back, its code claimed and redeemed, then erased.
    one_offer_today(&server, &admin).await;
    let created: Value = server.post("/v1/assessments", &telling_answers()).await.json().await.unwrap();
    let (id, token) = (created["id"].as_str().unwrap(), created["token"].as_str().unwrap());
    secrets.push(token.to_owned());
    assert_eq!(server.get_with(&format!("/v1/assessments/{id}"), token).await.status(), 200);
    let issued: Value = server.claim_code(id, token).await.json().await.unwrap();
    let code = issued["code"].as_str().unwrap();
    assert_eq!(staff_post(&server, &format!("/v1/codes/{code}/redeem"), &admin, None).await.status(), 200);
    let resp =
        server.http.delete(server.url(&format!("/v1/assessments/{id}"))).bearer_auth(token).send().await;
    assert_eq!(resp.unwrap().status(), 204);
    // Answers that fail validation, with a telling value in the wrong place.
    let mut bad = telling_answers();
    bad["symptoms"]["back_pain"] = json!("agony-7731");
    assert_eq!(server.post("/v1/assessments", &bad).await.status(), 422);
    let resp = server.post("/v1/auth/logout", &json!({"refresh_token": refreshed["refresh_token"]})).await;
    assert_eq!(resp.status(), 204);

    drop(server.stop());
    let log = std::fs::read_to_string(&log_path).unwrap();
    // The log was written at debug level, and the refused requests (the ones
    // that log a line) are in it with their machine codes.
    assert!(log.contains("DEBUG"), "no debug lines:\n{log}");
    for expected in
        ["/v1/auth/login", "invalid_credentials", "invalid_json", "/v1/assessments", "validation_failed"]
    {
        assert!(log.contains(expected), "{expected} is not in the log:\n{log}");
    }
    secrets.extend(
        ["cancer_history", "unexplained_weight_loss", "31.4159", "27.1828", "mid_outer", "agony-7731"]
            .map(str::to_owned),
    );
    assert!(log.contains("http.client_ip=127.0.0.1"), "the peer's address is not logged:\n{log}");
    for spoofed in ["203.0.113.77", "198.51.100.5"] {
        assert!(!log.contains(spoofed), "the log believed a forwarding header ({spoofed})");
    }
    for secret in &secrets {
        assert!(!log.contains(secret.as_str()), "the log holds {secret:?}");
    }
}

crate::on_both_backends!(logs_hold_no_answers_passwords_or_tokens);
