//! Every JSON body is one object, and every text field of every body refuses
//! characters a database cannot store (PostgreSQL refuses NUL) or a field
//! should not hold: 422 with the field's path, before anything is stored.

use reqwest::Method;
use serde_json::{Value, json};
use solecheck_tests::{Backend, Server, expect_problem, fixtures::example_answers};

/// A signed-in admin, a running campaign, an issued code and a stored check
/// with its token: what every body-taking route needs to get past its guards.
struct World {
    admin: String,
    campaign_id: String,
    code: String,
    check: (String, String),
    staff_id: String,
}

async fn world(server: &Server) -> World {
    let admin = server.staff_token("admin").await;
    server.end_campaigns(&admin).await;
    let today = server.clinic_today().await;
    let campaign = server.add_campaign(&admin, &campaign_body(&today)).await;
    let code = server.issued_code().await;
    let check = server.stored_check(&example_answers()).await;
    let desk = "desk@clinic.test";
    server.add_staff(desk, "staff");
    let staff: Value = server.get_with("/v1/staff", &admin).await.json().await.unwrap();
    let staff_id = staff["items"].as_array().unwrap().iter().find(|s| s["email"] == desk).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    World { admin, campaign_id: campaign["id"].as_str().unwrap().to_owned(), code, check, staff_id }
}

fn campaign_body(day: &str) -> Value {
    json!({"slug": "text-test", "title": "Text test", "description": "Two\nlines", "percent_off": 10,
        "applies_to": "a visit", "starts_on": day, "ends_on": day, "recurrence": "none"})
}

/// Whose token a route takes.
#[derive(Clone, Copy)]
enum Who {
    Nobody,
    Admin,
    Visitor,
}

/// A route that takes a body.
struct Route {
    method: Method,
    path: String,
    who: Who,
    /// A body the route would take.
    body: Value,
    /// Its text fields, with whether each may hold line breaks.
    fields: Vec<(&'static str, bool)>,
}

fn route(
    method: Method,
    path: impl Into<String>,
    who: Who,
    body: Value,
    fields: Vec<(&'static str, bool)>,
) -> Route {
    Route { method, path: path.into(), who, body, fields }
}

fn routes(w: &World, today: &str) -> Vec<Route> {
    let (id, _) = &w.check;
    // What a campaign's PATCH may change; its POST has a slug besides.
    let campaign = [
        ("title", false),
        ("description", true),
        ("applies_to", false),
        ("starts_on", false),
        ("ends_on", false),
    ];
    let tokens = ["/v1/auth/refresh", "/v1/auth/logout"].map(|path| {
        route(
            Method::POST,
            path,
            Who::Nobody,
            json!({"refresh_token": "unknown"}),
            vec![("refresh_token", false)],
        )
    });
    let mut all = vec![
        route(
            Method::POST,
            "/v1/auth/login",
            Who::Nobody,
            json!({"email": "nobody@clinic.test", "password": "x"}),
            vec![("email", false), ("password", false)],
        ),
        route(
            Method::POST,
            "/v1/staff",
            Who::Admin,
            json!({"email": "new@clinic.test", "password": "a long enough password", "role": "staff"}),
            vec![("email", false), ("password", false)],
        ),
        route(
            Method::POST,
            "/v1/campaigns",
            Who::Admin,
            json!({"slug": "other", "title": "Other", "description": "", "percent_off": 10,
                "applies_to": "a visit", "starts_on": today, "ends_on": today, "recurrence": "none"}),
            std::iter::once(("slug", false)).chain(campaign).collect(),
        ),
        route(
            Method::PATCH,
            format!("/v1/campaigns/{}", w.campaign_id),
            Who::Admin,
            json!({"title": "Renamed", "description": "d", "applies_to": "a", "starts_on": today, "ends_on": today}),
            campaign.to_vec(),
        ),
        route(
            Method::POST,
            format!("/v1/codes/{}/void", w.code),
            Who::Admin,
            json!({"reason": "a reason"}),
            vec![("reason", true)],
        ),
        route(
            Method::POST,
            format!("/v1/codes/{}/unredeem", w.code),
            Who::Admin,
            json!({"reason": "a reason"}),
            vec![("reason", true)],
        ),
        route(
            Method::POST,
            format!("/v1/assessments/{id}/code"),
            Who::Visitor,
            json!({"campaign": "text-test"}),
            vec![("campaign", false)],
        ),
        route(
            Method::POST,
            format!("/v1/assessments/{id}/sessions"),
            Who::Visitor,
            json!({"plan_key": "sole_release", "performed_on": today}),
            vec![("performed_on", false)],
        ),
        route(
            Method::PATCH,
            format!("/v1/staff/{}", w.staff_id),
            Who::Admin,
            json!({"role": "admin"}),
            vec![],
        ),
        route(Method::POST, "/v1/assessments", Who::Nobody, example_answers(), vec![]),
    ];
    all.extend(tokens);
    all
}

async fn send(
    server: &Server,
    w: &World,
    method: &Method,
    path: &str,
    who: Who,
    body: String,
) -> reqwest::Response {
    let mut req =
        server.http.request(method.clone(), server.url(path)).header("content-type", "application/json");
    match who {
        Who::Nobody => {}
        Who::Admin => req = req.bearer_auth(&w.admin),
        Who::Visitor => req = req.bearer_auth(&w.check.1),
    }
    req.body(body).send().await.unwrap()
}

/// What the routes above could change, to see that a refused body changed nothing.
fn snapshot(server: &Server) -> Vec<i64> {
    [
        "SELECT COUNT(*) AS n FROM assessments",
        "SELECT COUNT(*) AS n FROM staff",
        "SELECT COUNT(*) AS n FROM staff WHERE role = 'admin'",
        "SELECT COUNT(*) AS n FROM campaigns",
        "SELECT COUNT(*) AS n FROM campaigns WHERE title = 'Text test'",
        "SELECT COUNT(*) AS n FROM codes",
        "SELECT COUNT(*) AS n FROM codes WHERE voided_at IS NOT NULL",
        "SELECT COUNT(*) AS n FROM exercise_sessions",
        "SELECT COUNT(*) AS n FROM audit_log",
        "SELECT COUNT(*) AS n FROM refresh_tokens",
        "SELECT COUNT(*) AS n FROM login_failures",
    ]
    .iter()
    .map(|sql| server.db().count(sql))
    .collect()
}

async fn control_characters_are_refused_in_every_text_field(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let w = world(&server).await;
    let today = server.clinic_today().await;
    let before = snapshot(&server);
    let mut tried = 0;
    for Route { method, path, who, body, fields } in routes(&w, &today) {
        for (field, multi_line) in fields {
            let mut bad = vec!["nul\u{0}inside", "escape \u{1b}[2J", "del\u{7f}", "c1 \u{85}"];
            if !multi_line {
                bad.extend(["two\nlines", "tab\there", "cr\r"]);
            }
            for text in bad {
                let mut sent = body.clone();
                sent[field] = json!(text);
                let resp = send(&server, &w, &method, &path, who, sent.to_string()).await;
                let problem = expect_problem(resp, 422, "invalid_text").await;
                assert_eq!(
                    problem["errors"][0]["path"], field,
                    "{method} {path} {field} {text:?}: {problem}"
                );
                assert_eq!(problem["errors"][0]["code"], "invalid_text", "{problem}");
                tried += 1;
            }
        }
    }
    assert!(tried >= 100, "{tried} bodies tried");
    assert_eq!(snapshot(&server), before, "a refused body changed something");
    // Line breaks are welcome where a field holds several lines.
    let two_lines = json!({"reason": "Given twice\nby mistake"});
    let path = format!("/v1/codes/{}/void", w.code);
    let resp = send(&server, &w, &Method::POST, &path, Who::Admin, two_lines.to_string()).await;
    assert_eq!(resp.status(), 200);
    let reasons = server.db().texts("SELECT reason AS value FROM audit_log WHERE reason IS NOT NULL");
    assert_eq!(reasons, vec!["Given twice\nby mistake".to_owned()]);
}

async fn every_body_must_be_one_json_object(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let w = world(&server).await;
    let today = server.clinic_today().await;
    let before = snapshot(&server);
    for Route { method, path, who, body, .. } in routes(&w, &today) {
        // The valid body's values in order: what serde reads into a struct
        // when nothing stops it.
        let as_array = Value::Array(body.as_object().unwrap().values().cloned().collect());
        for sent in [as_array, json!([]), json!(["admin"]), json!("text"), json!(7), json!(null)] {
            let resp = send(&server, &w, &method, &path, who, sent.to_string()).await;
            let problem = expect_problem(resp, 422, "validation_failed").await;
            assert_eq!(problem["errors"][0]["path"], ".", "{method} {path} {sent}: {problem}");
        }
        let mut trailing = body.to_string();
        trailing.push_str(" {}");
        let resp = send(&server, &w, &method, &path, who, trailing).await;
        expect_problem(resp, 400, "invalid_json").await;
    }
    assert_eq!(snapshot(&server), before, "a refused body changed something");
    let staff: Value = server.get_with("/v1/staff", &w.admin).await.json().await.unwrap();
    let desk = staff["items"].as_array().unwrap().iter().find(|s| s["id"] == w.staff_id.as_str()).cloned();
    assert_eq!(desk.unwrap()["role"], "staff", "an array must not make anyone an admin");
}

crate::on_both_backends!(
    control_characters_are_refused_in_every_text_field,
    every_body_must_be_one_json_object
);
