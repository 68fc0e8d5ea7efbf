//! Exercise sessions and progress (mobile app), the staff list and the figures.

use serde_json::{Value, json};
use solecheck_tests::{Backend, Server, expect_problem, fixtures::example_answers};

use crate::codes::{one_offer_today, staff_post};

async fn sessions_and_progress(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let created: Value = server.post("/v1/assessments", &example_answers()).await.json().await.unwrap();
    let (id, token) = (created["id"].as_str().unwrap(), created["token"].as_str().unwrap());
    let log = |body: Value| {
        server
            .http
            .post(server.url(&format!("/v1/assessments/{id}/sessions")))
            .bearer_auth(token)
            .json(&body)
            .send()
    };
    let first = log(json!({"plan_key": "sole_release"})).await.unwrap();
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    assert_eq!(first["plan_key"], "sole_release");
    let today = first["performed_on"].as_str().unwrap().to_owned();
    let yesterday =
        (chrono::NaiveDate::parse_from_str(&today, "%Y-%m-%d").unwrap() - chrono::Days::new(1)).to_string();
    assert_eq!(
        log(json!({"plan_key": "short_foot", "performed_on": yesterday, "sets_done": 3}))
            .await
            .unwrap()
            .status(),
        201
    );
    assert_eq!(
        log(json!({"plan_key": "sole_release", "performed_on": yesterday})).await.unwrap().status(),
        201
    );
    // Not in this plan (pronation plan has no cycling), in the future, out of range, unknown key.
    expect_problem(log(json!({"plan_key": "cycling"})).await.unwrap(), 422, "validation_failed").await;
    expect_problem(
        log(json!({"plan_key": "sole_release", "performed_on": "2999-01-01"})).await.unwrap(),
        422,
        "validation_failed",
    )
    .await;
    expect_problem(
        log(json!({"plan_key": "sole_release", "sets_done": 0})).await.unwrap(),
        422,
        "validation_failed",
    )
    .await;
    expect_problem(log(json!({"plan_key": "yoga"})).await.unwrap(), 422, "validation_failed").await;

    let resp = server.get_with(&format!("/v1/assessments/{id}/progress"), token).await;
    assert_eq!(resp.status(), 200);
    let progress: Value = resp.json().await.unwrap();
    assert_eq!(progress["total_sessions"], 3);
    assert_eq!(progress["current_streak_days"], 2);
    assert_eq!(progress["weeks"].as_array().unwrap().len(), 8);
    assert_eq!(
        progress["exercises"][0],
        json!({"plan_key": "sole_release", "sessions": 2, "last_on": today})
    );
    assert_eq!(progress["exercises"][1]["plan_key"], "short_foot");
    // Another visitor's token cannot log to this check.
    let other: Value = server.post("/v1/assessments", &example_answers()).await.json().await.unwrap();
    let resp = server
        .http
        .post(server.url(&format!("/v1/assessments/{id}/sessions")))
        .bearer_auth(other["token"].as_str().unwrap())
        .json(&json!({"plan_key": "sole_release"}))
        .send()
        .await
        .unwrap();
    expect_problem(resp, 403, "forbidden").await;
    assert_eq!(server.db().count("SELECT COUNT(*) AS n FROM exercise_sessions"), 3);
}

async fn paged_list_and_figures(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    for _ in 0..5 {
        server.post("/v1/assessments", &example_answers()).await;
    }
    let mut urgent = example_answers();
    urgent["safety"] = json!(["leg_weakness"]);
    server.post("/v1/assessments", &urgent).await;
    let admin = server.staff_token("admin").await;
    let desk = server.staff_token("staff").await;
    let get = |path: String, token: String| server.http.get(server.url(&path)).bearer_auth(token).send();

    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/v1/assessments?limit=4&cursor={c}"),
            None => "/v1/assessments?limit=4".to_owned(),
        };
        let page: Value = get(path, admin.clone()).await.unwrap().json().await.unwrap();
        for item in page["items"].as_array().unwrap() {
            assert!(item.get("answers").is_none());
            seen.push(item["id"].as_str().unwrap().to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen.len(), 6);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 6, "no row twice");
    expect_problem(get("/v1/assessments?limit=0".into(), admin.clone()).await.unwrap(), 400, "bad_request")
        .await;
    expect_problem(
        get("/v1/assessments?cursor=zzz".into(), admin.clone()).await.unwrap(),
        400,
        "bad_request",
    )
    .await;
    expect_problem(get("/v1/assessments".into(), desk.clone()).await.unwrap(), 403, "forbidden").await;

    let stats: Value = get("/v1/stats".into(), admin.clone()).await.unwrap().json().await.unwrap();
    assert_eq!(stats["assessments"], 6);
    assert_eq!(stats["by_hint"]["overpronation"], 6);
    assert_eq!(stats["by_referral"], json!({"soon": 5, "urgent": 1}));
    assert_eq!(stats["weeks"].as_array().unwrap().len(), 1);
    assert_eq!(stats["weeks"][0]["total"], 6);
    let slugs: Vec<&str> =
        stats["codes"].as_array().unwrap().iter().map(|c| c["slug"].as_str().unwrap()).collect();
    assert_eq!(slugs, ["new-year-massage", "back-to-school"]);
    expect_problem(get("/v1/stats".into(), desk).await.unwrap(), 403, "forbidden").await;
}

/// `/v1/stats` counts the codes issued and redeemed in each campaign.
async fn stats_count_codes_per_campaign(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let admin = server.staff_token("admin").await;
    let desk = server.staff_token("staff").await;
    two_offers_today(&server, &admin).await;

    // Three codes in the first campaign, two of them redeemed; one in the second.
    let mut codes = Vec::new();
    for campaign in ["test-visit", "test-visit", "test-visit", "second-visit"] {
        codes.push(code_of_a_new_check(&server, campaign).await);
    }
    for code in &codes[..2] {
        assert_eq!(staff_post(&server, &format!("/v1/codes/{code}/redeem"), &desk, None).await.status(), 200);
    }
    // An urgent check gets no code and counts nowhere.
    let (id, token) = server.stored_check(&solecheck_tests::fixtures::urgent_answers()).await;
    assert_eq!(server.claim_code(&id, &token).await.status(), 422);

    let stats: Value = server.get_with("/v1/stats", &admin).await.json().await.unwrap();
    let mut counts: Vec<(String, String, u64, u64)> = stats["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let text = |k: &str| c[k].as_str().unwrap().to_owned();
            (text("slug"), text("title"), c["issued"].as_u64().unwrap(), c["redeemed"].as_u64().unwrap())
        })
        .collect();
    counts.sort();
    let expected = [
        ("back-to-school", "Back to school", 0, 0),
        ("new-year-massage", "New Year massage", 0, 0),
        ("second-visit", "Second visit offer", 1, 0),
        ("test-visit", "Test visit offer", 3, 2),
    ]
    .map(|(slug, title, issued, redeemed)| (slug.to_owned(), title.to_owned(), issued, redeemed));
    assert_eq!(counts, expected);
    assert_eq!(stats["assessments"], 5);

    // Un-redeeming takes the code out of the redeemed count again.
    let reason = json!({"reason": "redeemed on the wrong card"});
    let path = format!("/v1/codes/{}/unredeem", codes[0]);
    assert_eq!(staff_post(&server, &path, &admin, Some(reason)).await.status(), 200);
    let stats: Value = server.get_with("/v1/stats", &admin).await.json().await.unwrap();
    let test_visit = stats["codes"].as_array().unwrap().iter().find(|c| c["slug"] == "test-visit").unwrap();
    assert_eq!((&test_visit["issued"], &test_visit["redeemed"]), (&json!(3), &json!(1)));
}

/// The test offer and a second one, both running today.
async fn two_offers_today(server: &Server, admin: &str) {
    let offer = one_offer_today(server, admin).await;
    let second = json!({
        "slug": "second-visit", "title": "Second visit offer", "description": "", "percent_off": 10,
        "applies_to": "a second visit", "starts_on": offer["starts_on"], "ends_on": offer["ends_on"],
        "recurrence": "none", "code_life_days": null
    });
    server.add_campaign(admin, &second).await;
}

/// Stores a check and claims its code in `campaign`.
async fn code_of_a_new_check(server: &Server, campaign: &str) -> String {
    let (id, token) = server.stored_check(&example_answers()).await;
    let resp = server
        .http
        .post(server.url(&format!("/v1/assessments/{id}/code")))
        .bearer_auth(&token)
        .json(&json!({"campaign": campaign}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    resp.json::<Value>().await.unwrap()["code"].as_str().unwrap().to_owned()
}

/// Codes of two campaigns issued, redeemed (each twice at once) and some
/// un-redeemed, all at the same time: on PostgreSQL these run in several
/// group commits at once, which all count in the same rows, and the counts
/// still come out exact.
async fn figures_stay_exact_under_concurrent_writes(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let admin = server.staff_token("admin").await;
    let desk = server.staff_token("staff").await;
    two_offers_today(&server, &admin).await;
    let campaigns = ["test-visit", "second-visit"];
    let codes =
        futures::future::join_all((0..24).map(|i| code_of_a_new_check(&server, campaigns[i % 2]))).await;
    let (server, admin, desk) = (&server, admin.as_str(), desk.as_str());
    let redeems = codes.iter().chain(&codes).map(|code| {
        let path = format!("/v1/codes/{code}/redeem");
        async move { staff_post(server, &path, desk, None).await.status().as_u16() }
    });
    let mut statuses = futures::future::join_all(redeems).await;
    statuses.sort_unstable();
    assert_eq!(statuses, [[200_u16; 24], [409; 24]].concat(), "each code redeemed once");
    // Four of the first campaign's and two of the second's taken back.
    let taken_back = codes.iter().step_by(2).take(4).chain(codes.iter().skip(1).step_by(2).take(2));
    let unredeems = taken_back.map(|code| {
        let (path, reason) = (format!("/v1/codes/{code}/unredeem"), json!({"reason": "the wrong card"}));
        async move { staff_post(server, &path, admin, Some(reason)).await.status().as_u16() }
    });
    assert!(futures::future::join_all(unredeems).await.iter().all(|&s| s == 200));

    let stats: Value = server.get_with("/v1/stats", admin).await.json().await.unwrap();
    assert_eq!(stats["assessments"], 24);
    let counts = |slug: &str| {
        let campaign = stats["codes"].as_array().unwrap().iter().find(|c| c["slug"] == slug).unwrap();
        (campaign["issued"].as_u64().unwrap(), campaign["redeemed"].as_u64().unwrap())
    };
    assert_eq!((counts("test-visit"), counts("second-visit")), ((12, 8), (12, 10)));
}

fn first_week(stats: &Value) -> &str {
    stats["weeks"][0]["week_start"].as_str().unwrap()
}

/// Weeks are the clinic's: a server started with another time zone counts
/// every check again on its day there.
async fn figures_follow_the_clinic_zone(backend: Backend) {
    // Sunday 20:00 in St. George, already Monday afternoon in Auckland.
    let Some(server) = Server::start_at(backend, "2026-11-30 03:00:00") else { return };
    server.stored_check(&example_answers()).await;
    let admin = server.staff_token("admin").await;
    let stats: Value = server.get_with("/v1/stats", &admin).await.json().await.unwrap();
    assert_eq!(first_week(&stats), "2026-11-23");

    let server = server.restart_with(&[("SOLECHECK_TIMEZONE", "Pacific/Auckland")]);
    let admin = server.staff_token("admin").await;
    let stats: Value = server.get_with("/v1/stats", &admin).await.json().await.unwrap();
    assert_eq!((first_week(&stats), &stats["assessments"]), ("2026-11-30", &json!(1)));

    let server = server.restart_with(&[]);
    let admin = server.staff_token("admin").await;
    server.stored_check(&example_answers()).await;
    let stats: Value = server.get_with("/v1/stats", &admin).await.json().await.unwrap();
    assert_eq!(first_week(&stats), "2026-11-23", "counted in St. George again");
    assert_eq!(stats["assessments"], 2);
}

/// A database from before the counts: the migration counts its codes, and
/// the server its checks.
async fn counts_are_rebuilt_for_an_older_database(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let admin = server.staff_token("admin").await;
    let desk = server.staff_token("staff").await;
    one_offer_today(&server, &admin).await;
    let code = server.issued_code().await;
    server.issued_code().await;
    assert_eq!(staff_post(&server, &format!("/v1/codes/{code}/redeem"), &desk, None).await.status(), 200);
    let before: Value = server.get_with("/v1/stats", &admin).await.json().await.unwrap();

    let db = server.stop();
    for table in ["code_counts", "check_counts_zone", "check_counts"] {
        db.execute(&format!("DROP TABLE {table}"));
    }
    let counts_added = "version IN ('20261202000006', '20261202000007')";
    assert_eq!(db.execute(&format!("DELETE FROM __diesel_schema_migrations WHERE {counts_added}")), 2);
    let server = Server::start_on(db, &[]);
    let admin = server.staff_token("admin").await;
    let after: Value = server.get_with("/v1/stats", &admin).await.json().await.unwrap();
    assert_eq!(after, before);
    let visit = after["codes"].as_array().unwrap().iter().find(|c| c["slug"] == "test-visit").unwrap();
    assert_eq!(
        (&visit["issued"], &visit["redeemed"], &after["assessments"]),
        (&json!(2), &json!(1), &json!(2))
    );
}

/// A database whose counts were kept per day: the migration adds them up per
/// week, Monday to Sunday, and the figures read the weeks.
async fn day_counts_are_folded_into_weeks(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let db = server.stop();
    db.execute("DROP TABLE check_counts");
    db.execute(
        "CREATE TABLE check_counts (day DATE NOT NULL, hint TEXT NOT NULL, referral_level TEXT NOT NULL, \
         checks BIGINT NOT NULL, PRIMARY KEY (day, hint, referral_level))",
    );
    // Monday, Wednesday and Sunday of one week, then the next Monday.
    db.execute(
        "INSERT INTO check_counts (day, hint, referral_level, checks) VALUES \
         ('2026-11-23', 'pronation', 'routine', 2), ('2026-11-25', 'pronation', 'routine', 3), \
         ('2026-11-29', 'supination', 'soon', 4), ('2026-11-30', 'pronation', 'routine', 5)",
    );
    assert_eq!(db.execute("DELETE FROM __diesel_schema_migrations WHERE version = '20261202000007'"), 1);
    let server = Server::start_on(db, &[]);
    let admin = server.staff_token("admin").await;
    let stats: Value = server.get_with("/v1/stats", &admin).await.json().await.unwrap();
    assert_eq!(stats["assessments"], 14);
    let weeks: Vec<_> = stats["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w["week_start"].as_str().unwrap(), w["total"].as_u64().unwrap()))
        .collect();
    assert_eq!(weeks, [("2026-11-23", 9), ("2026-11-30", 5)]);
    assert_eq!(stats["weeks"][0]["by_hint"], json!({"pronation": 5, "supination": 4}));
    assert_eq!(stats["weeks"][0]["by_referral"], json!({"routine": 5, "soon": 4}));
    let rows = server.db().count("SELECT COUNT(*) AS n FROM check_counts");
    assert_eq!(rows, 3, "one row per week and kind of result");
}

crate::on_both_backends!(
    sessions_and_progress,
    paged_list_and_figures,
    stats_count_codes_per_campaign,
    figures_follow_the_clinic_zone,
    counts_are_rebuilt_for_an_older_database,
    day_counts_are_folded_into_weeks,
    figures_stay_exact_under_concurrent_writes,
);
