//! Offers, discount codes and exactly-once redemption.

use serde_json::{Value, json};
use solecheck_shared::code::DiscountCode;
use solecheck_tests::{
    Backend, Server, expect_problem,
    fixtures::{example_answers, urgent_answers},
};

/// Ends every campaign, then adds one that runs today (by the clinic's calendar).
pub(crate) async fn one_offer_today(server: &Server, admin: &str) -> Value {
    server.end_campaigns(admin).await;
    let today = server.clinic_today().await;
    let body = json!({
        "slug": "test-visit", "title": "Test visit offer", "description": "For tests.",
        "percent_off": 25, "applies_to": "a first visit", "starts_on": today, "ends_on": today,
        "recurrence": "none", "code_life_days": null
    });
    server.add_campaign(admin, &body).await
}

pub(crate) async fn staff_post(
    server: &Server,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let mut req = server.http.post(server.url(path)).bearer_auth(token);
    if let Some(body) = body {
        req = req.json(&body);
    }
    req.send().await.unwrap()
}

async fn the_visitor_journey_to_a_redeemed_code(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let admin = server.staff_token("admin").await;
    let desk = server.staff_token("staff").await;
    one_offer_today(&server, &admin).await;

    let questionnaire = server.get("/v1/questionnaire?lang=es").await;
    assert_eq!(questionnaire.status(), 200);
    let offers: Value = server.get("/v1/offers").await.json().await.unwrap();
    assert_eq!(offers["active"][0]["slug"], "test-visit");
    assert_eq!(offers["time_zone"], "America/Denver");

    let (id, token) = server.stored_check(&example_answers()).await;
    let first = server.claim_code(&id, &token).await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let code = first["code"].as_str().unwrap().to_owned();
    assert!(DiscountCode::parse(&code).is_ok());
    assert_eq!(code.len(), 16);
    assert_eq!(
        first["campaign"],
        json!({"slug": "test-visit", "title": "Test visit offer", "percent_off": 25, "applies_to": "a first visit"})
    );
    assert!(first["expires_at"].as_str().unwrap().ends_with('Z'));
    // The campaign ends today: the code is good through today on the clinic's
    // calendar, though the instant it ends (the next Denver midnight) is
    // tomorrow in UTC, which is the date a browser would show for it.
    let today = offers["today"].as_str().unwrap();
    assert_eq!(first["valid_through"], today);
    assert!(first["expires_at"].as_str().unwrap().starts_with(&day_after(today, 1)), "{first}");
    // Claiming again gives the same code.
    let again = server.claim_code(&id, &token).await;
    assert_eq!(again.status(), 200);
    assert_eq!(again.json::<Value>().await.unwrap(), first);

    // The desk looks it up, typed loosely, and sees the visitor's summary.
    let typed = code.to_lowercase().replace('-', " ");
    let resp = server.get_with(&format!("/v1/codes/{typed}"), &desk).await;
    assert_eq!(resp.status(), 200);
    let status: Value = resp.json().await.unwrap();
    assert_eq!(status["status"], "issued");
    assert_eq!(status["valid_through"], today, "the desk sees the same last day");
    assert_eq!(status["expires_at"], first["expires_at"]);
    assert_eq!(status["assessment"]["hint"], "overpronation");
    assert_eq!(status["assessment"]["referral_level"], "soon");
    assert_eq!(status["assessment"]["plan"][0], "sole_release");

    let redeem = staff_post(&server, &format!("/v1/codes/{code}/redeem"), &desk, None).await;
    assert_eq!(redeem.status(), 200);
    let redeemed: Value = redeem.json().await.unwrap();
    assert_eq!(redeemed["status"], "redeemed");
    assert_eq!(redeemed["code"], code.as_str());
    let body = expect_problem(
        staff_post(&server, &format!("/v1/codes/{code}/redeem"), &desk, None).await,
        409,
        "already_redeemed",
    )
    .await;
    assert_eq!(body["redeemed_at"], redeemed["redeemed_at"]);
    assert_eq!(body["redeemed_by"], redeemed["redeemed_by"]);
    assert!(body["redeemed_by"].as_str().unwrap().starts_with("staff-"));

    // Erasing the answers leaves the code valid.
    let resp = server
        .http
        .delete(server.url(&format!("/v1/assessments/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 204);
    let status: Value = server.get_with(&format!("/v1/codes/{code}"), &desk).await.json().await.unwrap();
    assert_eq!(status["status"], "redeemed");
    assert_eq!(status["assessment"]["erased"], true);
    assert_eq!(status["assessment"]["plan"], json!([]));
}

/// `today` (`YYYY-MM-DD`) plus `days`.
fn day_after(today: &str, days: u64) -> String {
    let today: chrono::NaiveDate = today.parse().unwrap();
    (today + chrono::Days::new(days)).to_string()
}

async fn a_code_life_shorter_than_its_campaign_sets_the_last_day(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let admin = server.staff_token("admin").await;
    one_offer_today(&server, &admin).await;
    let offers: Value = server.get("/v1/offers").await.json().await.unwrap();
    let today = offers["today"].as_str().unwrap();
    let body = json!({
        "slug": "long-run", "title": "A month of visits", "description": "", "percent_off": 10,
        "applies_to": "a visit", "starts_on": today, "ends_on": day_after(today, 30),
        "recurrence": "none", "code_life_days": 2
    });
    let resp = staff_post(&server, "/v1/campaigns", &admin, Some(body)).await;
    assert_eq!(resp.status(), 201);
    let (id, token) = server.stored_check(&example_answers()).await;
    let resp = server
        .http
        .post(server.url(&format!("/v1/assessments/{id}/code")))
        .bearer_auth(&token)
        .json(&json!({"campaign": "long-run"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    let issued: Value = resp.json().await.unwrap();
    assert_eq!(issued["valid_through"], day_after(today, 2).as_str(), "two days of life: {issued}");
    assert!(issued["expires_at"].as_str().unwrap().starts_with(&day_after(today, 3)), "{issued}");
}

async fn no_code_for_urgent_results_or_without_an_offer(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let admin = server.staff_token("admin").await;
    let (id, token) = server.stored_check(&urgent_answers()).await;
    one_offer_today(&server, &admin).await;
    expect_problem(server.claim_code(&id, &token).await, 422, "not_eligible").await;
    // End every campaign: nothing runs.
    server.end_campaigns(&admin).await;
    let (id, token) = server.stored_check(&example_answers()).await;
    expect_problem(server.claim_code(&id, &token).await, 409, "no_active_offer").await;
    assert_eq!(server.db().count("SELECT COUNT(*) AS n FROM codes"), 0);
    // The seeded yearly campaigns are next.
    let offers: Value = server.get("/v1/offers").await.json().await.unwrap();
    assert_eq!(offers["active"], json!([]));
}

async fn seeded_campaigns_and_the_next_offer(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let admin = server.staff_token("admin").await;
    let campaigns: Value = server.get_with("/v1/campaigns", &admin).await.json().await.unwrap();
    let slugs: Vec<&str> =
        campaigns["items"].as_array().unwrap().iter().map(|c| c["slug"].as_str().unwrap()).collect();
    assert_eq!(slugs, ["new-year-massage", "back-to-school"]);
    for c in campaigns["items"].as_array().unwrap() {
        assert_eq!(c["percent_off"], 20);
        assert_eq!(c["recurrence"], "yearly");
    }
    let offers: Value = server.get("/v1/offers").await.json().await.unwrap();
    let today = offers["today"].as_str().unwrap();
    let month: u32 = today[5..7].parse().unwrap();
    match month {
        1 => assert_eq!(offers["active"][0]["slug"], "new-year-massage"),
        8 => assert_eq!(offers["active"][0]["slug"], "back-to-school"),
        2..=7 => assert_eq!(offers["next"]["slug"], "back-to-school"),
        _ => assert_eq!(offers["next"]["slug"], "new-year-massage"),
    }
    if month != 1 && month != 8 {
        assert_eq!(offers["active"], json!([]));
        assert!(offers["next"]["starts_on"].as_str().unwrap() > today);
    }
}

async fn concurrent_redeems_succeed_exactly_once(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let admin = server.staff_token("admin").await;
    one_offer_today(&server, &admin).await;
    let (id, token) = server.stored_check(&example_answers()).await;
    let code: Value = server.claim_code(&id, &token).await.json().await.unwrap();
    let code = code["code"].as_str().unwrap().to_owned();
    let desk = server.staff_token("staff").await;
    // A second API process on the same PostgreSQL database (SQLite: one process).
    let second = (backend == Backend::Postgres).then(|| server.second_process());
    let bases: Vec<String> =
        std::iter::once(server.base.clone()).chain(second.as_ref().map(|s| s.base.clone())).collect();
    let attempts = (0..50).map(|i| {
        let url = format!("{}/v1/codes/{code}/redeem", bases[i % bases.len()]);
        server.http.post(url).bearer_auth(&desk).send()
    });
    let mut ok = 0;
    let mut conflict = 0;
    for resp in futures::future::join_all(attempts).await {
        match resp.unwrap().status().as_u16() {
            200 => ok += 1,
            409 => conflict += 1,
            other => panic!("unexpected status {other}"),
        }
    }
    assert_eq!((ok, conflict), (1, 49));
    assert_eq!(server.db().count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'redeem'"), 50);
    assert_eq!(server.db().count("SELECT COUNT(*) AS n FROM audit_log WHERE outcome = 'ok'"), 1);
}

async fn typos_unknown_expired_and_voided_codes(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let admin = server.staff_token("admin").await;
    let desk = server.staff_token("staff").await;
    one_offer_today(&server, &admin).await;
    let (id, token) = server.stored_check(&example_answers()).await;
    let code: Value = server.claim_code(&id, &token).await.json().await.unwrap();
    let code = code["code"].as_str().unwrap().to_owned();
    let get = |c: String| server.http.get(server.url(&format!("/v1/codes/{c}"))).bearer_auth(&desk).send();

    // One wrong symbol is caught by the check symbol, before any look-up: a
    // code of the right shape that was never issued (404), named a typo.
    let mut typo: Vec<char> = code.chars().collect();
    typo[0] = if typo[0] == '7' { '8' } else { '7' };
    expect_problem(get(typo.into_iter().collect()).await.unwrap(), 404, "invalid_code").await;
    expect_problem(get("hello".into()).await.unwrap(), 400, "invalid_code").await;
    let unknown = DiscountCode::from_bits(42).display_form();
    expect_problem(get(unknown.clone()).await.unwrap(), 404, "unknown_code").await;
    expect_problem(
        staff_post(&server, &format!("/v1/codes/{unknown}/redeem"), &desk, None).await,
        404,
        "unknown_code",
    )
    .await;

    // Staff cannot void; admins must say why.
    let void_path = format!("/v1/codes/{code}/void");
    expect_problem(
        staff_post(&server, &void_path, &desk, Some(json!({"reason": "x"}))).await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        staff_post(&server, &void_path, &admin, Some(json!({"reason": "  "}))).await,
        422,
        "validation_failed",
    )
    .await;
    let voided = staff_post(&server, &void_path, &admin, Some(json!({"reason": "issued by mistake"}))).await;
    assert_eq!(voided.status(), 200);
    assert_eq!(voided.json::<Value>().await.unwrap()["status"], "voided");
    expect_problem(
        staff_post(&server, &format!("/v1/codes/{code}/redeem"), &desk, None).await,
        410,
        "voided",
    )
    .await;

    // An expired code.
    let (id2, token2) = server.stored_check(&example_answers()).await;
    let code2: Value = server.claim_code(&id2, &token2).await.json().await.unwrap();
    let code2 = code2["code"].as_str().unwrap().to_owned();
    let canonical = code2.replace('-', "");
    server
        .db()
        .execute(&format!("UPDATE codes SET expires_at = '2020-01-01 00:00:00' WHERE code = '{canonical}'"));
    let status: Value = get(code2.clone()).await.unwrap().json().await.unwrap();
    assert_eq!(status["status"], "expired");
    expect_problem(
        staff_post(&server, &format!("/v1/codes/{code2}/redeem"), &desk, None).await,
        410,
        "expired",
    )
    .await;
}

async fn unredeem_and_the_audit_log(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let admin = server.staff_token("admin").await;
    let desk = server.staff_token("staff").await;
    one_offer_today(&server, &admin).await;
    let (id, token) = server.stored_check(&example_answers()).await;
    let code: Value = server.claim_code(&id, &token).await.json().await.unwrap();
    let code = code["code"].as_str().unwrap().to_owned();
    let unredeem = format!("/v1/codes/{code}/unredeem");
    expect_problem(
        staff_post(&server, &unredeem, &admin, Some(json!({"reason": "test"}))).await,
        409,
        "not_redeemed",
    )
    .await;
    assert_eq!(staff_post(&server, &format!("/v1/codes/{code}/redeem"), &desk, None).await.status(), 200);
    let undone =
        staff_post(&server, &unredeem, &admin, Some(json!({"reason": "redeemed the wrong code"}))).await;
    assert_eq!(undone.status(), 200);
    assert_eq!(undone.json::<Value>().await.unwrap()["status"], "issued");
    assert_eq!(staff_post(&server, &format!("/v1/codes/{code}/redeem"), &desk, None).await.status(), 200);
    let audit: Value =
        server.get_with(&format!("/v1/codes/{code}/audit"), &admin).await.json().await.unwrap();
    let entries: Vec<(String, String)> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["action"].as_str().unwrap().to_owned(), e["outcome"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(
        entries,
        [("unredeem", "not_redeemed"), ("redeem", "ok"), ("unredeem", "ok"), ("redeem", "ok")]
            .map(|(a, o)| (a.to_owned(), o.to_owned()))
    );
    assert_eq!(audit["items"][2]["reason"], "redeemed the wrong code");
    assert!(audit["items"][1]["actor"].as_str().unwrap().starts_with("staff-"));
    let resp = server.get_with(&format!("/v1/codes/{code}/audit"), &desk).await;
    expect_problem(resp, 403, "forbidden").await;
}

async fn demo_mode_opens_the_whole_journey(backend: Backend) {
    let Some((server, accounts)) = Server::start_demo(backend) else { return };
    assert_eq!(accounts.len(), 2, "{accounts:?}");
    let offers: Value = server.get("/v1/offers").await.json().await.unwrap();
    assert!(
        offers["active"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["demo"] == true && o["title"].as_str().unwrap().contains("DEMO"))
    );
    let (id, token) = server.stored_check(&example_answers()).await;
    let code: Value = server.claim_code(&id, &token).await.json().await.unwrap();
    let (desk_email, desk_password) = accounts.iter().find(|(e, _)| e.starts_with("demo-desk")).unwrap();
    let desk = &server.access_token(desk_email, desk_password).await;
    let path = format!("/v1/codes/{}/redeem", code["code"].as_str().unwrap());
    assert_eq!(staff_post(&server, &path, desk, None).await.status(), 200);
    // Without --demo none of this exists.
    let plain = Server::start(backend).unwrap();
    assert_eq!(plain.db().count("SELECT COUNT(*) AS n FROM staff"), 0);
    assert_eq!(plain.db().count("SELECT COUNT(*) AS n FROM campaigns WHERE demo"), 0);
}

/// One check's code claimed ten times at once (on PostgreSQL through two API
/// processes): one claim stores it, the others get the same code, and the
/// figures count one.
async fn concurrent_claims_of_one_check_share_one_code(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let admin = server.staff_token("admin").await;
    one_offer_today(&server, &admin).await;
    let (id, token) = server.stored_check(&example_answers()).await;
    let second = (backend == Backend::Postgres).then(|| server.second_process());
    let bases: Vec<String> =
        std::iter::once(server.base.clone()).chain(second.as_ref().map(|s| s.base.clone())).collect();
    let claims = (0..10).map(|i| {
        let url = format!("{}/v1/assessments/{id}/code", bases[i % bases.len()]);
        let claim = server.http.post(url).bearer_auth(&token).send();
        async move {
            let resp = claim.await.unwrap();
            let status = resp.status().as_u16();
            (status, resp.json::<Value>().await.unwrap()["code"].as_str().unwrap().to_owned())
        }
    });
    let mut claims = futures::future::join_all(claims).await;
    claims.sort();
    assert_eq!(claims.iter().map(|c| c.0).collect::<Vec<_>>(), [[200_u16; 9].as_slice(), &[201]].concat());
    assert!(claims.iter().all(|c| c.1 == claims[0].1), "one code: {claims:?}");
    assert_eq!(server.db().count("SELECT COUNT(*) AS n FROM codes"), 1);
    let stats: Value = server.get_with("/v1/stats", &admin).await.json().await.unwrap();
    let visit = stats["codes"].as_array().unwrap().iter().find(|c| c["slug"] == "test-visit").unwrap();
    assert_eq!(visit["issued"], 1);
}

crate::on_both_backends!(
    the_visitor_journey_to_a_redeemed_code,
    a_code_life_shorter_than_its_campaign_sets_the_last_day,
    no_code_for_urgent_results_or_without_an_offer,
    seeded_campaigns_and_the_next_offer,
    concurrent_redeems_succeed_exactly_once,
    concurrent_claims_of_one_check_share_one_code,
    typos_unknown_expired_and_voided_codes,
    unredeem_and_the_audit_log,
    demo_mode_opens_the_whole_journey,
);
