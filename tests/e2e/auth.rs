//! Staff sign-in and the rules of the auth model.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use serde_json::{Value, json};
use solecheck_tests::{Backend, Server, expect_problem};

async fn new_account(server: &Server, role: &str) -> (String, String) {
    let email = format!("{role}-{}@clinic.test", uuid::Uuid::new_v4().simple());
    let password = server.add_staff(&email, role);
    (email, password)
}

async fn staff_get(server: &Server, path: &str, token: &str) -> reqwest::Response {
    server.get_with(path, token).await
}

async fn login_and_roles(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let (email, password) = new_account(&server, "staff").await;
    // Emails are case-insensitive.
    let tokens = server.login(&email.to_uppercase(), &password).await;
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["expires_in"], 900);
    let access = tokens["access_token"].as_str().unwrap();
    // A staff account is refused on admin routes.
    expect_problem(staff_get(&server, "/v1/staff", access).await, 403, "forbidden").await;
    let admin = server.staff_token("admin").await;
    let resp = staff_get(&server, "/v1/staff", &admin).await;
    assert_eq!(resp.status(), 200);
    let list: Value = resp.json().await.unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
    assert!(list.to_string().find("argon2").is_none(), "no hashes leave the server");
    // No token at all.
    let resp = server.http.get(server.url("/v1/staff")).send().await.unwrap();
    expect_problem(resp, 401, "unauthorized").await;
}

async fn wrong_password_then_throttling(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let (email, password) = new_account(&server, "staff").await;
    let server = &server;
    let attempt = |pw: &str| {
        let body = json!({"email": email, "password": pw});
        async move { server.post("/v1/auth/login", &body).await }
    };
    for _ in 0..5 {
        expect_problem(attempt("wrong password!").await, 401, "invalid_credentials").await;
    }
    let locked = attempt(&password).await;
    let retry_after: u64 = locked.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(retry_after > 0 && retry_after <= 900, "{retry_after}");
    expect_problem(locked, 429, "rate_limited").await;
    // Unknown accounts answer like wrong passwords.
    let unknown =
        server.post("/v1/auth/login", &json!({"email": "nobody@clinic.test", "password": "x"})).await;
    expect_problem(unknown, 401, "invalid_credentials").await;
}

async fn throttling_per_client_address(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    // Twenty failures spread over many accounts lock the address.
    for i in 0..20 {
        let body = json!({"email": format!("guess{i}@clinic.test"), "password": "guess"});
        expect_problem(server.post("/v1/auth/login", &body).await, 401, "invalid_credentials").await;
    }
    let (email, password) = new_account(&server, "staff").await;
    let resp = server.post("/v1/auth/login", &json!({"email": email, "password": password})).await;
    // The address is locked for the 15-minute window, and says for how long.
    let retry_after: u64 = resp.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((800..=900).contains(&retry_after), "{retry_after}");
    let body = expect_problem(resp, 429, "rate_limited").await;
    assert!(body["detail"].as_str().unwrap().contains(&retry_after.to_string()), "{body}");
}

fn jwt_parts(token: &str) -> (Value, Value, String) {
    let parts: Vec<&str> = token.split('.').collect();
    let decode = |p: &str| serde_json::from_slice::<Value>(&URL_SAFE_NO_PAD.decode(p).unwrap()).unwrap();
    (decode(parts[0]), decode(parts[1]), parts[2].to_owned())
}

fn b64(v: &Value) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
}

async fn forged_and_expired_tokens_are_refused(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let staff = server.staff_token("staff").await;
    let (header, claims, signature) = jwt_parts(&staff);
    assert_eq!(header["alg"], "HS256");
    assert!(header["kid"].is_string());

    // Altered claims with the original signature.
    let mut promoted = claims.clone();
    promoted["role"] = json!("admin");
    let altered = format!("{}.{}.{}", b64(&header), b64(&promoted), signature);
    expect_problem(staff_get(&server, "/v1/staff", &altered).await, 401, "unauthorized").await;

    // alg: none.
    let none =
        format!("{}.{}.", b64(&json!({"alg": "none", "typ": "JWT", "kid": header["kid"]})), b64(&claims));
    expect_problem(staff_get(&server, "/v1/staff", &none).await, 401, "unauthorized").await;

    // Signed by another key with the same kid.
    let other_key = jsonwebtoken::EncodingKey::from_secret(b"another key entirely, 32 bytes..");
    let mut jwt_header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    jwt_header.kid = header["kid"].as_str().map(str::to_owned);
    let foreign = jsonwebtoken::encode(&jwt_header, &claims, &other_key).unwrap();
    expect_problem(staff_get(&server, "/v1/staff", &foreign).await, 401, "unauthorized").await;

    // Expired, signed with the server's real key (opened from its database with the key file).
    let key = server.signing_key(header["kid"].as_str().unwrap());
    let mut old = claims.clone();
    old["exp"] = json!(chrono::Utc::now().timestamp() - 60);
    old["iat"] = json!(chrono::Utc::now().timestamp() - 960);
    let expired =
        jsonwebtoken::encode(&jwt_header, &old, &jsonwebtoken::EncodingKey::from_secret(&key)).unwrap();
    let admin_path = "/v1/assessments/unknown";
    expect_problem(staff_get(&server, admin_path, &expired).await, 401, "token_expired").await;
    // The same claims, unexpired, with the real key work: the refusals above were for the stated reasons.
    let fresh =
        jsonwebtoken::encode(&jwt_header, &claims, &jsonwebtoken::EncodingKey::from_secret(&key)).unwrap();
    expect_problem(staff_get(&server, admin_path, &fresh).await, 404, "not_found").await;
    // A visitor token is not a staff token.
    let created: Value = server
        .post("/v1/assessments", &solecheck_tests::fixtures::example_answers())
        .await
        .json()
        .await
        .unwrap();
    expect_problem(
        staff_get(&server, "/v1/staff", created["token"].as_str().unwrap()).await,
        401,
        "unauthorized",
    )
    .await;
}

async fn refresh_rotates_and_reuse_revokes_the_family(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let (email, password) = new_account(&server, "staff").await;
    let first = server.login(&email, &password).await;
    let server = &server;
    let refresh = |token: &Value| {
        let body = json!({"refresh_token": token});
        async move { server.post("/v1/auth/refresh", &body).await }
    };
    let second = refresh(&first["refresh_token"]).await;
    assert_eq!(second.status(), 200);
    let second: Value = second.json().await.unwrap();
    assert_ne!(second["refresh_token"], first["refresh_token"]);
    // Reusing the spent token ends the whole sign-in, including the new token.
    expect_problem(refresh(&first["refresh_token"]).await, 401, "unauthorized").await;
    expect_problem(refresh(&second["refresh_token"]).await, 401, "unauthorized").await;
    // Another sign-in of the same account is unaffected.
    let other = server.login(&email, &password).await;
    assert_eq!(refresh(&other["refresh_token"]).await.status(), 200);
}

async fn logout_ends_the_sign_in(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let (email, password) = new_account(&server, "staff").await;
    let tokens = server.login(&email, &password).await;
    let body = json!({"refresh_token": tokens["refresh_token"]});
    assert_eq!(server.post("/v1/auth/logout", &body).await.status(), 204);
    expect_problem(server.post("/v1/auth/refresh", &body).await, 401, "unauthorized").await;
    assert_eq!(server.post("/v1/auth/logout", &body).await.status(), 204);
}

async fn disabling_an_account_stops_its_tokens_at_once(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let admin = server.staff_token("admin").await;
    let (email, password) = new_account(&server, "admin").await;
    let tokens = server.login(&email, &password).await;
    let access = tokens["access_token"].as_str().unwrap();
    assert_eq!(staff_get(&server, "/v1/staff", access).await.status(), 200);
    let list: Value = staff_get(&server, "/v1/staff", &admin).await.json().await.unwrap();
    let id = list["items"].as_array().unwrap().iter().find(|s| s["email"] == email.as_str()).unwrap()["id"]
        .clone();
    let resp = server
        .http
        .patch(server.url(&format!("/v1/staff/{}", id.as_str().unwrap())))
        .bearer_auth(&admin)
        .json(&json!({"disabled": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    expect_problem(staff_get(&server, "/v1/staff", access).await, 403, "account_disabled").await;
    let body = json!({"refresh_token": tokens["refresh_token"]});
    expect_problem(server.post("/v1/auth/refresh", &body).await, 403, "account_disabled").await;
    let again = server.post("/v1/auth/login", &json!({"email": email, "password": password})).await;
    expect_problem(again, 403, "account_disabled").await;
}

async fn admins_add_accounts(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let admin = server.staff_token("admin").await;
    let add = |body: Value| server.http.post(server.url("/v1/staff")).bearer_auth(&admin).json(&body).send();
    let resp =
        add(json!({"email": "Desk@Clinic.test", "password": "a long enough password", "role": "staff"}))
            .await
            .unwrap();
    assert_eq!(resp.status(), 201);
    let created: Value = resp.json().await.unwrap();
    assert_eq!(created["email"], "desk@clinic.test");
    assert_eq!(created["role"], "staff");
    expect_problem(
        add(json!({"email": "desk@clinic.test", "password": "a long enough password", "role": "staff"}))
            .await
            .unwrap(),
        409,
        "email_taken",
    )
    .await;
    let short = add(json!({"email": "x@clinic.test", "password": "short", "role": "staff"})).await.unwrap();
    assert_eq!(expect_problem(short, 422, "validation_failed").await["errors"][0]["path"], "password");
    for email in ["@", "desk", "a@b", " desk2@clinic.test", "desk 2@clinic.test"] {
        let resp = add(json!({"email": email, "password": "a long enough password", "role": "staff"})).await;
        let problem = expect_problem(resp.unwrap(), 422, "validation_failed").await;
        assert_eq!(problem["errors"][0]["path"], "email", "{email:?}");
    }
    expect_problem(
        add(json!({"email": "y@clinic.test", "password": "a long enough password", "role": "owner"}))
            .await
            .unwrap(),
        422,
        "validation_failed",
    )
    .await;
    let tokens = server.login("desk@clinic.test", "a long enough password").await;
    assert!(tokens["access_token"].is_string());
    // An admin cannot lock themself out: who asks, not what is asked, so 403.
    let me: Value = server.get_with("/v1/auth/me", &admin).await.json().await.unwrap();
    let own = format!("/v1/staff/{}", me["id"].as_str().unwrap());
    for patch in [json!({"role": "staff"}), json!({"disabled": true})] {
        let resp = server.http.patch(server.url(&own)).bearer_auth(&admin).json(&patch).send().await.unwrap();
        expect_problem(resp, 403, "forbidden").await;
    }
}

/// A database from before the token keys were sealed keeps its key as it
/// was: the start seals it, and a token it signed before goes on working.
/// The same database with another key file does not start, and says why;
/// `key-file-lost` starts it over with a new one.
async fn token_keys_kept_plain_are_sealed_at_start(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let token = server.staff_token("staff").await;
    let (header, _, _) = jwt_parts(&token);
    let kid = header["kid"].as_str().unwrap().to_owned();
    let raw = server.signing_key(&kid);
    let plain = base64::engine::general_purpose::STANDARD.encode(&raw);
    let db = server.stop();
    db.execute(&format!("UPDATE signing_keys SET secret = '{plain}' WHERE kid = '{kid}'"));
    let server = Server::start_on(db, &[]);
    assert_eq!(staff_get(&server, "/v1/auth/me", &token).await.status(), 200);
    let stored = server.db().texts(&format!("SELECT secret AS value FROM signing_keys WHERE kid = '{kid}'"));
    assert!(stored[0].starts_with("v1.") && !stored[0].contains(&plain), "sealed at start");
    assert_eq!(server.signing_key(&kid), raw);
    let db = server.stop();
    let other = tempfile::tempdir().unwrap();
    let other_key = other.path().join("another.key");
    let url = db.url();
    let env = [("DATABASE_URL", url.as_str()), ("SOLECHECK_KEY_FILE", other_key.to_str().unwrap())];
    let out = crate::cli::run(&["serve", "--bind", "127.0.0.1:0"], &env, None, None);
    assert!(!out.status.success(), "a server with another key file must not start");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("SOLECHECK_KEY_FILE") && said.contains("key-file-lost"), "{said}");
    // The key file is lost for good: start over with a new one. Every sign-in
    // ends; the accounts stay.
    let out = crate::cli::run(&["key-file-lost"], &[("DATABASE_URL", url.as_str())], None, None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("retired 1 token signing keys"));
    let server = Server::start_on_env(db, &[("SOLECHECK_KEY_FILE", other_key.to_str().unwrap())]);
    expect_problem(staff_get(&server, "/v1/auth/me", &token).await, 401, "unauthorized").await;
    let (header, _, _) = jwt_parts(&server.staff_token("staff").await);
    assert_ne!(header["kid"].as_str().unwrap(), kid, "a new signing key");
}

/// Each statuses' count in `answers`, as `(status, count)` sorted by status.
pub fn tally(answers: &[reqwest::Response]) -> Vec<(u16, usize)> {
    let mut counts = std::collections::BTreeMap::new();
    for a in answers {
        *counts.entry(a.status().as_u16()).or_insert(0) += 1;
    }
    counts.into_iter().collect()
}

/// Guesses sent all at once are each counted before their password is
/// checked: five are checked (and fail), the other 25 answer 429 unchecked,
/// and the account is locked even for its right password.
async fn a_parallel_burst_of_guesses_gets_five_checked(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let (email, password) = new_account(&server, "staff").await;
    let guess = json!({"email": email, "password": "wrong password!"});
    let answers = futures::future::join_all((0..30).map(|_| server.post("/v1/auth/login", &guess))).await;
    assert_eq!(tally(&answers), [(401, 5), (429, 25)]);
    let right = server.post("/v1/auth/login", &json!({"email": email, "password": password})).await;
    assert_locked(right).await;
}

/// A 429 of the sign-in lock (minutes to wait), not of the public
/// per-minute request limit.
pub async fn assert_locked(resp: reqwest::Response) {
    let retry_after: u64 = resp.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((61..=900).contains(&retry_after), "{retry_after}");
    expect_problem(resp, 429, "rate_limited").await;
}

crate::on_both_backends!(
    token_keys_kept_plain_are_sealed_at_start,
    login_and_roles,
    wrong_password_then_throttling,
    throttling_per_client_address,
    forged_and_expired_tokens_are_refused,
    refresh_rotates_and_reuse_revokes_the_family,
    logout_ends_the_sign_in,
    disabling_an_account_stops_its_tokens_at_once,
    admins_add_accounts,
    a_parallel_burst_of_guesses_gets_five_checked,
);
