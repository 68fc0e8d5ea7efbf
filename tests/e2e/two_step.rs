//! Two-step sign-in (issue 13 §6) against an independent TOTP implementation:
//! the QR code the server draws is read by `rqrr`, and the codes come from
//! Python's `pyotp` (installed by `.ci/setup.sh --test`), fed the URI read
//! from the picture. Enrolment, sign-in with codes and recovery codes, no
//! code accepted twice, throttling, the clinic's rule, an admin's reset, and
//! the seed sealed at rest.

use serde_json::{Value, json};
use solecheck_tests::{
    Backend, Server, expect_problem,
    totp::{app_code, read_qr_rows},
};

fn read_qr(rows: &[Value]) -> String {
    let rows: Vec<&str> = rows.iter().map(|r| r.as_str().unwrap()).collect();
    read_qr_rows(&rows)
}

async fn post_with(server: &Server, path: &str, token: &str, body: Option<Value>) -> reqwest::Response {
    let request = server.http.post(server.url(path)).bearer_auth(token);
    let request = match body {
        Some(body) => request.json(&body),
        None => request,
    };
    request.send().await.unwrap()
}

async fn login(server: &Server, email: &str, password: &str, code: Option<&str>) -> reqwest::Response {
    let mut body = json!({"email": email, "password": password});
    if let Some(code) = code {
        body["one_time_code"] = json!(code);
    }
    server.post("/v1/auth/login", &body).await
}

/// Enrols the account of `token` (whose password is `password`): the URI
/// read from the QR code, the recovery codes, and the code that confirmed
/// the set-up.
async fn enrol(server: &Server, token: &str, password: &str) -> (String, Vec<String>, String) {
    let resp =
        post_with(server, "/v1/auth/two-step", token, Some(json!({"current_password": password}))).await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["cache-control"], "no-store");
    let setup: Value = resp.json().await.unwrap();
    let uri = read_qr(setup["qr"].as_array().unwrap());
    assert_eq!(uri, setup["otpauth_uri"].as_str().unwrap());
    assert!(uri.starts_with("otpauth://totp/") && uri.contains(setup["secret"].as_str().unwrap()), "{uri}");
    // A code from another time is refused and leaves two-step off.
    let stale = app_code(&uri, -3600);
    let resp = post_with(server, "/v1/auth/two-step/confirm", token, Some(json!({"code": stale}))).await;
    assert_eq!(expect_problem(resp, 422, "validation_failed").await["errors"][0]["path"], "code");
    let code = app_code(&uri, 0);
    let resp = post_with(server, "/v1/auth/two-step/confirm", token, Some(json!({"code": code}))).await;
    assert_eq!(resp.status(), 200);
    let enabled: Value = resp.json().await.unwrap();
    assert_eq!(enabled["account"]["two_step"], true);
    let codes: Vec<String> = enabled["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 10);
    (uri, codes, code)
}

async fn account(server: &Server, role: &str) -> (String, String, String) {
    let email = format!("{role}-{}@clinic.test", uuid::Uuid::new_v4().simple());
    let password = server.add_staff(&email, role);
    let token = server.access_token(&email, &password).await;
    (email, password, token)
}

async fn sign_in_takes_a_fresh_code_or_a_recovery_code_once(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let (email, password, token) = account(&server, "staff").await;
    // The password is asked again before a set-up; a wrong one is refused.
    let wrong =
        post_with(&server, "/v1/auth/two-step", &token, Some(json!({"current_password": "not it at all"})))
            .await;
    assert_eq!(
        expect_problem(wrong, 422, "validation_failed").await["errors"][0]["path"],
        "current_password"
    );
    let (uri, recovery, confirmed_with) = enrol(&server, &token, &password).await;
    // Enrolling twice is refused; the sign-in that enrolled goes on.
    let again =
        post_with(&server, "/v1/auth/two-step", &token, Some(json!({"current_password": password}))).await;
    expect_problem(again, 409, "two_step_already_on").await;
    assert_eq!(server.get_with("/v1/auth/me", &token).await.status(), 200);
    // The password alone is no longer enough, and says what is missing.
    expect_problem(login(&server, &email, &password, None).await, 401, "one_time_code_required").await;
    // The code that confirmed the set-up was spent there.
    let replay = login(&server, &email, &password, Some(&confirmed_with)).await;
    expect_problem(replay, 401, "invalid_one_time_code").await;
    // The next step's code works once (one step of clock drift is allowed).
    let next = app_code(&uri, 30);
    let resp = login(&server, &email, &password, Some(&next)).await;
    assert_eq!(resp.status(), 200);
    let tokens: Value = resp.json().await.unwrap();
    assert_eq!(tokens["two_step_enrolment_required"], false);
    expect_problem(login(&server, &email, &password, Some(&next)).await, 401, "invalid_one_time_code").await;
    // A recovery code, typed loosely, works once.
    let loose = recovery[3].to_uppercase().replace('-', " ");
    assert_eq!(login(&server, &email, &password, Some(&loose)).await.status(), 200);
    expect_problem(login(&server, &email, &password, Some(&recovery[3])).await, 401, "invalid_one_time_code")
        .await;
    // A wrong code with the wrong password is still just a wrong password.
    expect_problem(
        login(&server, &email, "not the password", Some(&recovery[4])).await,
        401,
        "invalid_credentials",
    )
    .await;
    // The seed is sealed at rest: neither it nor the URI is in the database.
    let secret = uri.split("secret=").nth(1).unwrap().split('&').next().unwrap().to_owned();
    let stored = server.db().texts("SELECT totp_secret AS value FROM staff WHERE totp_secret IS NOT NULL");
    assert_eq!(stored.len(), 1);
    assert!(stored[0].starts_with("v1.") && !stored[0].contains(&secret), "{stored:?}");
    let hashes = server.db().texts("SELECT code_hash AS value FROM recovery_codes");
    assert_eq!(hashes.len(), 10);
    assert!(hashes.iter().all(|h| recovery.iter().all(|c| !h.contains(c.as_str()))));
}

async fn wrong_codes_are_throttled_like_passwords(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let (email, password, token) = account(&server, "staff").await;
    let (uri, _, _) = enrol(&server, &token, &password).await;
    for _ in 0..5 {
        let wrong = login(&server, &email, &password, Some(&app_code(&uri, -3600))).await;
        expect_problem(wrong, 401, "invalid_one_time_code").await;
    }
    let locked = login(&server, &email, &password, Some(&app_code(&uri, 30))).await;
    assert!(locked.headers().contains_key("retry-after"));
    expect_problem(locked, 429, "rate_limited").await;
}

async fn the_clinic_rule_leads_every_account_to_enrol(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let (_, admin_password, admin) = account(&server, "admin").await;
    let require = |on: bool| {
        let (url, admin) = (server.url("/v1/security"), admin.clone());
        let http = server.http.clone();
        async move {
            http.put(url).bearer_auth(admin).json(&json!({"require_two_step": on})).send().await.unwrap()
        }
    };
    // The admin turning the rule on must use two-step first.
    let refused = expect_problem(require(true).await, 422, "validation_failed").await;
    assert_eq!(refused["errors"][0]["path"], "require_two_step");
    enrol(&server, &admin, &admin_password).await;
    assert_eq!(require(true).await.status(), 200);
    let policy: Value = server.get_with("/v1/security", &admin).await.json().await.unwrap();
    assert_eq!(policy["require_two_step"], true);
    // An account added by the CLI signs in, and can do nothing but enrol.
    let email = format!("desk-{}@clinic.test", uuid::Uuid::new_v4().simple());
    let password = server.add_staff(&email, "staff");
    let tokens = server.login(&email, &password).await;
    assert_eq!(tokens["two_step_enrolment_required"], true);
    let desk = tokens["access_token"].as_str().unwrap().to_owned();
    expect_problem(server.get_with("/v1/codes/nonsense", &desk).await, 403, "two_step_enrolment_required")
        .await;
    let me: Value = server.get_with("/v1/auth/me", &desk).await.json().await.unwrap();
    assert_eq!((me["two_step"].clone(), me["must_enrol_two_step"].clone()), (json!(false), json!(true)));
    let (uri, _, _) = enrol(&server, &desk, &password).await;
    assert_eq!(server.get_with("/v1/codes/nonsense", &desk).await.status(), 400);
    // Desk staff cannot change the rule or anyone's two-step.
    let list: Value = server.get_with("/v1/staff", &admin).await.json().await.unwrap();
    let id_of = |who: &str| {
        list["items"].as_array().unwrap().iter().find(|s| s["email"] == who).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let desk_id = id_of(&email);
    let off = |token: String, id: String| {
        let url = server.url(&format!("/v1/staff/{id}/two-step"));
        let http = server.http.clone();
        async move { http.delete(url).bearer_auth(token).send().await.unwrap() }
    };
    expect_problem(off(desk.clone(), desk_id.clone()).await, 403, "forbidden").await;
    expect_problem(server.get_with("/v1/security", &desk).await, 403, "forbidden").await;
    // A lost phone: the admin turns it off, and the rule leads to a new set-up.
    let resp = off(admin.clone(), desk_id.clone()).await;
    assert_eq!(resp.status(), 200);
    let view: Value = resp.json().await.unwrap();
    assert_eq!((view["two_step"].clone(), view["must_enrol_two_step"].clone()), (json!(false), json!(true)));
    expect_problem(server.get_with("/v1/codes/nonsense", &desk).await, 403, "two_step_enrolment_required")
        .await;
    let old_code = app_code(&uri, 30);
    let again = login(&server, &email, &password, Some(&old_code)).await;
    assert_eq!(again.status(), 200, "the old seed is gone: the password alone signs in, to enrol");
    let me: Value = server.get_with("/v1/auth/me", &admin).await.json().await.unwrap();
    expect_problem(off(admin.clone(), me["id"].as_str().unwrap().to_owned()).await, 403, "forbidden").await;
    // The rule off: the desk works with its password alone.
    assert_eq!(require(false).await.status(), 200);
    assert_eq!(server.get_with("/v1/codes/nonsense", &desk).await.status(), 400);
}

/// Wrong codes sent all at once, with the right password: five are checked,
/// the rest answer 429 unchecked, and then a right code is refused too.
async fn a_parallel_burst_of_codes_gets_five_checked(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let (email, password, token) = account(&server, "staff").await;
    let (uri, _, _) = enrol(&server, &token, &password).await;
    let wrong = app_code(&uri, -3600);
    let answers =
        futures::future::join_all((0..20).map(|_| login(&server, &email, &password, Some(&wrong)))).await;
    assert_eq!(crate::auth::tally(&answers), [(401, 5), (429, 15)]);
    let right = login(&server, &email, &password, Some(&app_code(&uri, 30))).await;
    crate::auth::assert_locked(right).await;
}

crate::on_both_backends!(
    sign_in_takes_a_fresh_code_or_a_recovery_code_once,
    wrong_codes_are_throttled_like_passwords,
    the_clinic_rule_leads_every_account_to_enrol,
    a_parallel_burst_of_codes_gets_five_checked,
);
