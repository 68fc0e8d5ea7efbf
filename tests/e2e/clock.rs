//! Campaign windows, the next offer and code expiry at exact instants, against
//! the real binary with its wall clock stopped by libfaketime (the binary has
//! no clock override). Times are UTC; the clinic is in America/Denver, where
//! DST starts 2027-03-14 (02:00 MST -> 03:00 MDT) and ends 2027-11-07
//! (02:00 MDT -> 01:00 MST).

use serde_json::{Value, json};
use solecheck_tests::{Backend, Server, expect_problem, fixtures::example_answers};

/// An admin account that signs in again at each instant (its access tokens
/// expire 15 minutes of server time after sign-in).
struct Admin {
    email: String,
    password: String,
}

impl Admin {
    fn add(server: &Server) -> Self {
        let email = format!("admin-{}@clinic.test", uuid::Uuid::new_v4().simple());
        let password = server.add_staff(&email, "admin");
        Self { email, password }
    }

    async fn token(&self, server: &Server) -> String {
        server.access_token(&self.email, &self.password).await
    }
}

async fn add_campaign(server: &Server, admin: &Admin, slug: &str, days: (&str, &str), life: Option<u32>) {
    let body = json!({
        "slug": slug, "title": slug, "description": "", "percent_off": 10, "applies_to": "a visit",
        "starts_on": days.0, "ends_on": days.1, "recurrence": "none", "code_life_days": life
    });
    let resp = server
        .http
        .post(server.url("/v1/campaigns"))
        .bearer_auth(admin.token(server).await)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201, "{slug}");
}

/// Checks `GET /v1/offers` says `today` with these offers running; the next offer.
async fn offers(server: &Server, today: &str, active: &[&str]) -> Value {
    let offers: Value = server.get("/v1/offers").await.json().await.unwrap();
    assert_eq!(offers["time_zone"], "America/Denver");
    assert_eq!(offers["today"], today, "{offers}");
    let running: Vec<&str> =
        offers["active"].as_array().unwrap().iter().map(|o| o["slug"].as_str().unwrap()).collect();
    assert_eq!(running, active, "{offers}");
    offers["next"].clone()
}

fn window(offer: &Value) -> (&str, &str, &str) {
    (
        offer["slug"].as_str().unwrap(),
        offer["starts_on"].as_str().unwrap(),
        offer["ends_on"].as_str().unwrap(),
    )
}

/// Claims the code of `check` (for `campaign`, or the one the server picks).
async fn claim(server: &Server, check: &(String, String), campaign: Option<&str>) -> reqwest::Response {
    let req =
        server.http.post(server.url(&format!("/v1/assessments/{}/code", check.0))).bearer_auth(&check.1);
    let req = match campaign {
        Some(slug) => req.json(&json!({"campaign": slug})),
        None => req,
    };
    req.send().await.unwrap()
}

/// Claims a new code: its display form after checking it expires at `expires_at`.
async fn claim_new(
    server: &Server,
    check: &(String, String),
    campaign: Option<&str>,
    expires_at: &str,
) -> String {
    let resp = claim(server, check, campaign).await;
    assert_eq!(resp.status(), 201);
    let issued: Value = resp.json().await.unwrap();
    assert_eq!(issued["expires_at"], expires_at, "{issued}");
    issued["code"].as_str().unwrap().to_owned()
}

async fn redeem(server: &Server, admin: &Admin, code: &str) -> reqwest::Response {
    let path = format!("/v1/codes/{code}/redeem");
    server.http.post(server.url(&path)).bearer_auth(admin.token(server).await).send().await.unwrap()
}

async fn expect_expired(server: &Server, admin: &Admin, code: &str) {
    expect_problem(redeem(server, admin, code).await, 410, "expired").await;
    let status: Value =
        server.get_with(&format!("/v1/codes/{code}"), &admin.token(server).await).await.json().await.unwrap();
    assert_eq!(status["status"], "expired");
}

/// A window from 10 to 20 March 2027 starts in MST and ends in MDT; a code's
/// life of 3 days, issued on the 23-hour DST day, also ends in MDT.
async fn a_window_across_the_march_dst_change(backend: Backend) {
    let Some(server) = Server::start_at(backend, "2027-03-10 06:59:59") else { return };
    let admin = Admin::add(&server);
    add_campaign(&server, &admin, "spring-gait", ("2027-03-10", "2027-03-20"), None).await;
    add_campaign(&server, &admin, "spring-short", ("2027-03-10", "2027-03-20"), Some(3)).await;
    add_campaign(&server, &admin, "spring-long", ("2027-03-10", "2027-03-20"), Some(30)).await;
    let mut checks = Vec::new();
    for _ in 0..5 {
        checks.push(server.stored_check(&example_answers()).await);
    }
    // 23:59:59 MST on the 9th: not yet.
    let next = offers(&server, "2027-03-09", &[]).await;
    assert_eq!(window(&next), ("spring-gait", "2027-03-10", "2027-03-20"));
    expect_problem(claim(&server, &checks[0], None).await, 409, "no_active_offer").await;

    // Local midnight of the first day (MST, UTC-7).
    let server = server.restart_at("2027-03-10 07:00:00");
    offers(&server, "2027-03-10", &["spring-gait", "spring-long", "spring-short"]).await;
    // The last day ends at local midnight, by then MDT (UTC-6).
    let gait = claim_new(&server, &checks[0], Some("spring-gait"), "2027-03-21T06:00:00.000Z").await;

    // 01:59 MST on 14 March, a minute before the clocks go forward.
    let server = server.restart_at("2027-03-14 08:59:00");
    offers(&server, "2027-03-14", &["spring-gait", "spring-long", "spring-short"]).await;
    // Three days of life end with the 17th (MDT), before the campaign does.
    let short = "2027-03-18T06:00:00.000Z";
    let short_kept = claim_new(&server, &checks[1], Some("spring-short"), short).await;
    let short_late = claim_new(&server, &checks[2], Some("spring-short"), short).await;
    // Thirty days would outlast the campaign: its end wins.
    let long = claim_new(&server, &checks[3], Some("spring-long"), "2027-03-21T06:00:00.000Z").await;

    let server = server.restart_at("2027-03-18 05:59:59");
    assert_eq!(redeem(&server, &admin, &short_kept).await.status(), 200);
    let server = server.restart_at("2027-03-18 06:00:00");
    expect_expired(&server, &admin, &short_late).await;

    // 23:59:59 MDT on the 20th: the last second of the window.
    let server = server.restart_at("2027-03-21 05:59:59");
    offers(&server, "2027-03-20", &["spring-gait", "spring-long", "spring-short"]).await;
    assert_eq!(redeem(&server, &admin, &gait).await.status(), 200);

    let server = server.restart_at("2027-03-21 06:00:00");
    let next = offers(&server, "2027-03-21", &[]).await;
    assert_eq!(window(&next), ("back-to-school", "2027-08-01", "2027-08-31"));
    expect_problem(claim(&server, &checks[4], None).await, 409, "no_active_offer").await;
    expect_expired(&server, &admin, &long).await;
}

/// A window from 1 to 7 November 2027 starts in MDT and ends on the 25-hour
/// day in MST; after it, November's next offer is January's massage.
async fn a_window_across_the_november_dst_change(backend: Backend) {
    let Some(server) = Server::start_at(backend, "2027-11-01 05:59:59") else { return };
    let admin = Admin::add(&server);
    add_campaign(&server, &admin, "fall-gait", ("2027-11-01", "2027-11-07"), None).await;
    let mut checks = Vec::new();
    for _ in 0..3 {
        checks.push(server.stored_check(&example_answers()).await);
    }
    // 23:59:59 MDT on 31 October.
    let next = offers(&server, "2027-10-31", &[]).await;
    assert_eq!(window(&next), ("fall-gait", "2027-11-01", "2027-11-07"));
    expect_problem(claim(&server, &checks[0], None).await, 409, "no_active_offer").await;

    // Local midnight of the first day (MDT, UTC-6).
    let server = server.restart_at("2027-11-01 06:00:00");
    offers(&server, "2027-11-01", &["fall-gait"]).await;
    let end = "2027-11-08T07:00:00.000Z";
    let first = claim_new(&server, &checks[0], None, end).await;

    // 23:59:59 MST on the 7th (00:59:59 on the 8th by the summer offset).
    let server = server.restart_at("2027-11-08 06:59:59");
    offers(&server, "2027-11-07", &["fall-gait"]).await;
    let last = claim_new(&server, &checks[1], None, end).await;
    assert_eq!(redeem(&server, &admin, &first).await.status(), 200);

    let server = server.restart_at("2027-11-08 07:00:00");
    let next = offers(&server, "2027-11-08", &[]).await;
    assert_eq!(window(&next), ("new-year-massage", "2028-01-01", "2028-01-31"));
    expect_problem(claim(&server, &checks[2], None).await, 409, "no_active_offer").await;
    expect_expired(&server, &admin, &last).await;

    // Mid-November, nothing of the clinic's own runs: January is next.
    let server = server.restart_at("2027-11-20 18:30:00");
    let next = offers(&server, "2027-11-20", &[]).await;
    assert_eq!(window(&next), ("new-year-massage", "2028-01-01", "2028-01-31"));
}

/// The seeded yearly January campaign at local midnight (MST) on its first and
/// last day, in a later year than it was seeded for.
async fn the_seeded_january_campaign_at_local_midnight(backend: Backend) {
    let Some(server) = Server::start_at(backend, "2028-01-01 06:59:59") else { return };
    let admin = Admin::add(&server);
    let checks =
        [server.stored_check(&example_answers()).await, server.stored_check(&example_answers()).await];
    let next = offers(&server, "2027-12-31", &[]).await;
    assert_eq!(window(&next), ("new-year-massage", "2028-01-01", "2028-01-31"));
    expect_problem(claim(&server, &checks[0], None).await, 409, "no_active_offer").await;

    let server = server.restart_at("2028-01-01 07:00:00");
    offers(&server, "2028-01-01", &["new-year-massage"]).await;
    let code = claim_new(&server, &checks[0], None, "2028-02-01T07:00:00.000Z").await;

    let server = server.restart_at("2028-02-01 06:59:59");
    offers(&server, "2028-01-31", &["new-year-massage"]).await;
    // Claiming again on the last day gives the same code, with the same expiry.
    let again = claim(&server, &checks[0], None).await;
    assert_eq!(again.status(), 200);
    assert_eq!(again.json::<Value>().await.unwrap()["code"], code.as_str());

    let server = server.restart_at("2028-02-01 07:00:00");
    let next = offers(&server, "2028-02-01", &[]).await;
    assert_eq!(window(&next), ("back-to-school", "2028-08-01", "2028-08-31"));
    expect_problem(claim(&server, &checks[1], None).await, 409, "no_active_offer").await;
    expect_expired(&server, &admin, &code).await;
}

crate::on_both_backends!(
    a_window_across_the_march_dst_change,
    a_window_across_the_november_dst_change,
    the_seeded_january_campaign_at_local_midnight,
);
