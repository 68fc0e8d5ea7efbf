//! Staff passwords (issue 13 §6): changing your own, an admin's reset to a
//! temporary password that must be replaced, the NIST rules, and the end of
//! every other sign-in of the account.

use serde_json::{Value, json};
use solecheck_tests::{Backend, Server, expect_problem};

async fn account(server: &Server, role: &str) -> (String, String) {
    let email = format!("{role}-{}@clinic.test", uuid::Uuid::new_v4().simple());
    let password = server.add_staff(&email, role);
    (email, password)
}

async fn change(server: &Server, access: &str, current: &str, new: &str) -> reqwest::Response {
    server
        .http
        .post(server.url("/v1/auth/password"))
        .bearer_auth(access)
        .json(&json!({"current_password": current, "new_password": new}))
        .send()
        .await
        .unwrap()
}

async fn refresh(server: &Server, tokens: &Value) -> reqwest::Response {
    server.post("/v1/auth/refresh", &json!({"refresh_token": tokens["refresh_token"]})).await
}

fn access(tokens: &Value) -> &str {
    tokens["access_token"].as_str().unwrap()
}

async fn login_status(server: &Server, email: &str, password: &str) -> u16 {
    server.post("/v1/auth/login", &json!({"email": email, "password": password})).await.status().as_u16()
}

async fn refused_field(resp: reqwest::Response, path: &str) -> String {
    let problem = expect_problem(resp, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["path"], path, "{problem}");
    problem["errors"][0]["message"].as_str().unwrap().to_owned()
}

async fn a_change_ends_every_other_sign_in(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let (email, password) = account(&server, "staff").await;
    let here = server.login(&email, &password).await;
    let elsewhere = server.login(&email, &password).await;
    assert_eq!(here["password_change_required"], false);
    let new = "juniper mesa at dawn";
    let resp = change(&server, access(&here), &password, new).await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["cache-control"], "no-store");
    let fresh: Value = resp.json().await.unwrap();
    // The other device's access and refresh tokens stop at once.
    expect_problem(server.get_with("/v1/auth/me", access(&elsewhere)).await, 401, "unauthorized").await;
    expect_problem(refresh(&server, &elsewhere).await, 401, "unauthorized").await;
    // So do this device's old ones; the new pair carries on.
    expect_problem(server.get_with("/v1/auth/me", access(&here)).await, 401, "unauthorized").await;
    expect_problem(refresh(&server, &here).await, 401, "unauthorized").await;
    assert_eq!(server.get_with("/v1/auth/me", access(&fresh)).await.status(), 200);
    assert_eq!(refresh(&server, &fresh).await.status(), 200);
    // Only the new password signs in.
    assert_eq!(login_status(&server, &email, &password).await, 401);
    assert_eq!(login_status(&server, &email, new).await, 200);
    // No password, old or new, is stored as sent.
    let dump = server.db().texts("SELECT password_hash AS value FROM staff");
    assert!(dump.iter().all(|h| h.starts_with("$argon2id$") && !h.contains(new)), "{dump:?}");
}

async fn new_passwords_follow_the_nist_rules(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let (email, password) = account(&server, "staff").await;
    let tokens = server.login(&email, &password).await;
    let token = access(&tokens);
    let short = refused_field(change(&server, token, &password, "eleven char").await, "new_password").await;
    assert!(short.contains("12"), "{short}");
    let long = "w".repeat(120) + "abcdefghi";
    let too_long = refused_field(change(&server, token, &password, &long).await, "new_password").await;
    assert!(too_long.contains("128"), "{too_long}");
    for common in ["qwerty123456", "Password1234", "1q2w3e4r5t6y"] {
        refused_field(change(&server, token, &password, common).await, "new_password").await;
    }
    let local = email.split('@').next().unwrap();
    refused_field(change(&server, token, &password, &format!("{local}!!")).await, "new_password").await;
    refused_field(change(&server, token, &password, "zzzzzzzzzzzzzzzz").await, "new_password").await;
    refused_field(change(&server, token, &password, &password).await, "new_password").await;
    // Nothing refused changed anything: the sign-in and the password stand.
    assert_eq!(server.get_with("/v1/auth/me", token).await.status(), 200);
    // 64 characters of plain words, no composition rule, are fine.
    let sixty_four: String = "red cliffs above the virgin river ".repeat(2).chars().take(64).collect();
    let resp = change(&server, token, &password, &sixty_four).await;
    assert_eq!(resp.status(), 200);
    assert_eq!(login_status(&server, &email, &sixty_four).await, 200);
}

async fn a_wrong_current_password_is_throttled_like_a_sign_in(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let (email, password) = account(&server, "staff").await;
    let tokens = server.login(&email, &password).await;
    for _ in 0..5 {
        let resp = change(&server, access(&tokens), "not my password", "cedar breaks overlook").await;
        refused_field(resp, "current_password").await;
    }
    // The account is locked: neither the change nor a sign-in is tried.
    let locked = change(&server, access(&tokens), &password, "cedar breaks overlook").await;
    assert!(locked.headers().contains_key("retry-after"));
    expect_problem(locked, 429, "rate_limited").await;
    assert_eq!(login_status(&server, &email, &password).await, 429);
}

async fn an_admin_reset_gives_a_temporary_password_to_replace(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let admin = server.staff_token("admin").await;
    let (email, password) = account(&server, "staff").await;
    let before = server.login(&email, &password).await;
    let me: Value = server.get_with("/v1/auth/me", access(&before)).await.json().await.unwrap();
    let reset_path = format!("/v1/staff/{}/password-reset", me["id"].as_str().unwrap());
    let reset = |token: String| {
        let url = server.url(&reset_path);
        let http = server.http.clone();
        async move { http.post(url).bearer_auth(token).send().await.unwrap() }
    };
    // Desk staff cannot reset anyone, themselves included.
    expect_problem(reset(access(&before).to_owned()).await, 403, "forbidden").await;
    let resp = reset(admin.clone()).await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["cache-control"], "no-store");
    let body: Value = resp.json().await.unwrap();
    let temporary = body["temporary_password"].as_str().unwrap().to_owned();
    assert_eq!(temporary.len(), 19, "{temporary}");
    assert_eq!(body["account"]["email"], email.as_str());
    assert_eq!(body["account"]["must_change_password"], true);
    // Every sign-in of the account ended; the old password is gone.
    expect_problem(server.get_with("/v1/auth/me", access(&before)).await, 401, "unauthorized").await;
    expect_problem(refresh(&server, &before).await, 401, "unauthorized").await;
    assert_eq!(login_status(&server, &email, &password).await, 401);
    // The temporary password signs in, to change it and nothing else.
    let pending = server.login(&email, &temporary).await;
    assert_eq!(pending["password_change_required"], true);
    // It signs in once.
    let twice = server.post("/v1/auth/login", &json!({"email": email, "password": temporary})).await;
    expect_problem(twice, 401, "temporary_password_used").await;
    let token = access(&pending);
    for path in ["/v1/codes/nonsense", "/v1/assessments/any", "/v1/offers"] {
        let resp = server.get_with(path, token).await;
        if path == "/v1/offers" {
            // Public routes do not look at staff tokens.
            assert_eq!(resp.status(), 200);
        } else {
            expect_problem(resp, 403, "password_change_required").await;
        }
    }
    let own: Value = server.get_with("/v1/auth/me", token).await.json().await.unwrap();
    assert_eq!(own["must_change_password"], true);
    // A refreshed pair still says so.
    let renewed: Value = refresh(&server, &pending).await.json().await.unwrap();
    assert_eq!(renewed["password_change_required"], true);
    let resp = change(&server, access(&renewed), &temporary, "snow canyon sandstone").await;
    assert_eq!(resp.status(), 200);
    let done: Value = resp.json().await.unwrap();
    assert_eq!(done["password_change_required"], false);
    assert_eq!(server.get_with("/v1/codes/nonsense", access(&done)).await.status(), 400);
    // The temporary password was good for that one change only.
    assert_eq!(login_status(&server, &email, &temporary).await, 401);
    let list: Value = server.get_with("/v1/staff", &admin).await.json().await.unwrap();
    let row = list["items"].as_array().unwrap().iter().find(|s| s["email"] == email.as_str()).unwrap();
    assert_eq!(row["must_change_password"], false);
}

async fn resets_are_for_other_existing_accounts(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let (email, password) = account(&server, "admin").await;
    let admin = server.access_token(&email, &password).await;
    let me: Value = server.get_with("/v1/auth/me", &admin).await.json().await.unwrap();
    let post = |path: String| server.http.post(server.url(&path)).bearer_auth(&admin).send();
    let own = post(format!("/v1/staff/{}/password-reset", me["id"].as_str().unwrap())).await.unwrap();
    expect_problem(own, 403, "forbidden").await;
    let unknown = post("/v1/staff/no-such-account/password-reset".into()).await.unwrap();
    expect_problem(unknown, 404, "not_found").await;
    // Neither refusal touched the admin's own sign-in or password.
    assert_eq!(server.get_with("/v1/staff", &admin).await.status(), 200);
    assert_eq!(login_status(&server, &email, &password).await, 200);
}

async fn a_reset_unlocks_a_locked_account(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let admin = server.staff_token("admin").await;
    let (email, _) = account(&server, "staff").await;
    for _ in 0..5 {
        assert_eq!(login_status(&server, &email, "forgotten, sadly").await, 401);
    }
    assert_eq!(login_status(&server, &email, "forgotten, sadly").await, 429);
    let list: Value = server.get_with("/v1/staff", &admin).await.json().await.unwrap();
    let id = list["items"].as_array().unwrap().iter().find(|s| s["email"] == email.as_str()).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let url = server.url(&format!("/v1/staff/{id}/password-reset"));
    let reset: Value = server.http.post(url).bearer_auth(&admin).send().await.unwrap().json().await.unwrap();
    let temporary = reset["temporary_password"].as_str().unwrap();
    assert_eq!(server.login(&email, temporary).await["password_change_required"], true);
}

async fn the_cli_resets_a_locked_out_admin(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let (email, password) = account(&server, "admin").await;
    let before = server.login(&email, &password).await;
    let output = std::process::Command::new(solecheck_tests::server::binary())
        .args(["staff", "reset-password", "--email", &email.to_uppercase()])
        .env("DATABASE_URL", server.db().url())
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let printed = String::from_utf8(output.stdout).unwrap();
    let temporary = printed.lines().next().unwrap().rsplit(' ').next().unwrap().to_owned();
    expect_problem(server.get_with("/v1/auth/me", access(&before)).await, 401, "unauthorized").await;
    let pending = server.login(&email, &temporary).await;
    assert_eq!(pending["password_change_required"], true);
    expect_problem(server.get_with("/v1/staff", access(&pending)).await, 403, "password_change_required")
        .await;
    let resp = change(&server, access(&pending), &temporary, "kolob arch trailhead").await;
    let done: Value = resp.json().await.unwrap();
    assert_eq!(server.get_with("/v1/staff", access(&done)).await.status(), 200);
    // An unknown email is an error, not a silent success.
    let unknown = std::process::Command::new(solecheck_tests::server::binary())
        .args(["staff", "reset-password", "--email", "nobody@clinic.test"])
        .env("DATABASE_URL", server.db().url())
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("nobody@clinic.test"));
}

/// A sign-in that raced a change: it read the account before the change and
/// wrote its refresh token after the change's revoke. Its token names the old
/// session epoch, so its first use ends it (here the race is made by moving
/// the account's epoch on under a live sign-in).
async fn a_refresh_token_of_an_earlier_epoch_is_refused(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let (email, password) = account(&server, "staff").await;
    let tokens = server.login(&email, &password).await;
    let live = server.login(&email, &password).await;
    assert_eq!(refresh(&server, &live).await.status(), 200, "a live sign-in renews");
    server
        .db()
        .execute(&format!("UPDATE staff SET session_epoch = session_epoch + 1 WHERE email = '{email}'"));
    expect_problem(refresh(&server, &tokens).await, 401, "unauthorized").await;
    expect_problem(server.get_with("/v1/auth/me", access(&tokens)).await, 401, "unauthorized").await;
}

/// Wrong current passwords sent all at once with a stolen access token: five
/// are checked, the rest answer 429 unchecked.
async fn a_parallel_burst_of_current_passwords_gets_five_checked(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let (email, password) = account(&server, "staff").await;
    let tokens = server.login(&email, &password).await;
    let guess = || change(&server, access(&tokens), "not my password", "cedar breaks overlook");
    let answers = futures::future::join_all((0..20).map(|_| guess())).await;
    assert_eq!(crate::auth::tally(&answers), [(422, 5), (429, 15)]);
    assert_eq!(login_status(&server, &email, &password).await, 429);
}

crate::on_both_backends!(
    a_refresh_token_of_an_earlier_epoch_is_refused,
    a_change_ends_every_other_sign_in,
    new_passwords_follow_the_nist_rules,
    a_wrong_current_password_is_throttled_like_a_sign_in,
    an_admin_reset_gives_a_temporary_password_to_replace,
    resets_are_for_other_existing_accounts,
    a_reset_unlocks_a_locked_account,
    the_cli_resets_a_locked_out_admin,
    a_parallel_burst_of_current_passwords_gets_five_checked,
);
