//! Every redeem attempt by staff is in the audit log: who, when, the code as
//! typed and normalised, and the outcome, also when the code does not exist or
//! fails its check symbol (then with no link to a code row).

use serde_json::{Value, json};
use solecheck_shared::code::DiscountCode;
use solecheck_tests::{Backend, Server, expect_problem, fixtures::example_answers};

use crate::{
    codes::{one_offer_today, staff_post},
    paging::walk,
};

/// (typed, normalised, linked code or `-`, outcome, actor email) of each entry.
fn entries(server: &Server, action: &str) -> Vec<String> {
    let mut rows = server.db().texts(&format!(
        "SELECT a.typed || ' | ' || a.normalised || ' | ' || COALESCE(a.code, '-') || ' | ' || a.outcome \
         || ' | ' || COALESCE(s.email, '-') AS value \
         FROM audit_log a LEFT JOIN staff s ON s.id = a.actor_id WHERE a.action = '{action}'"
    ));
    rows.sort();
    rows
}

async fn every_redeem_attempt_is_audited(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let admin = server.staff_token("admin").await;
    let desk_email = format!("desk-{}@clinic.test", uuid::Uuid::new_v4().simple());
    let desk_password = server.add_staff(&desk_email, "staff");
    let desk = server.access_token(&desk_email, &desk_password).await;
    one_offer_today(&server, &admin).await;
    let (id, token) = server.stored_check(&example_answers()).await;
    let issued: Value = server.claim_code(&id, &token).await.json().await.unwrap();
    let code = issued["code"].as_str().unwrap().to_owned();
    let canonical = code.replace('-', "");
    let redeem = |typed: String| {
        let path = format!("/v1/codes/{typed}/redeem");
        let desk = desk.clone();
        let server = &server;
        async move { staff_post(server, &path, &desk, None).await }
    };

    // A typo (the check symbol catches it), garbage with a NUL byte, a code
    // that was never issued, then the real code typed loosely, twice.
    let mut typo: Vec<char> = canonical.chars().collect();
    typo[3] = if typo[3] == '7' { '8' } else { '7' };
    let typo: String = typo.into_iter().collect();
    expect_problem(redeem(typo.clone()).await, 404, "invalid_code").await;
    expect_problem(redeem("ol-%00x".into()).await, 400, "invalid_code").await;
    let unknown = DiscountCode::from_bits(42).display_form();
    expect_problem(redeem(unknown.to_lowercase()).await, 404, "unknown_code").await;
    let loose = code.to_lowercase().replace('-', " ");
    assert_eq!(redeem(loose.replace(' ', "%20")).await.status(), 200);
    expect_problem(redeem(code.clone()).await, 409, "already_redeemed").await;
    // Without a sign-in there is no "who": refused, not audited.
    let anonymous = server.http.post(server.url(&format!("/v1/codes/{code}/redeem"))).send().await.unwrap();
    expect_problem(anonymous, 401, "unauthorized").await;

    let never = DiscountCode::from_bits(42).canonical();
    let mut expected = vec![
        format!("{typo} | {typo} | - | invalid_code | {desk_email}"),
        format!("ol-x | 01X | - | invalid_code | {desk_email}"),
        format!("{} | {never} | - | unknown_code | {desk_email}", unknown.to_lowercase()),
        format!("{loose} | {canonical} | {canonical} | ok | {desk_email}"),
        format!("{code} | {canonical} | {canonical} | already_redeemed | {desk_email}"),
    ];
    expected.sort();
    assert_eq!(entries(&server, "redeem"), expected);
    let undated = "SELECT COUNT(*) AS n FROM audit_log WHERE at IS NULL OR actor_id IS NULL";
    assert_eq!(server.db().count(undated), 0);

    // The code's own log shows only the attempts on it.
    let log: Value = server.get_with(&format!("/v1/codes/{code}/audit"), &admin).await.json().await.unwrap();
    let outcomes: Vec<&str> =
        log["items"].as_array().unwrap().iter().map(|e| e["outcome"].as_str().unwrap()).collect();
    assert_eq!(outcomes, ["ok", "already_redeemed"]);

    // An admin's correction of a code that does not exist is audited the same way.
    let void_path = format!("/v1/codes/{never}/void");
    let void = staff_post(&server, &void_path, &admin, Some(json!({"reason": "x"}))).await;
    expect_problem(void, 404, "unknown_code").await;
    let voids = entries(&server, "void");
    assert_eq!(voids.len(), 1);
    assert!(voids[0].starts_with(&format!("{never} | {never} | - | unknown_code | admin-")), "{voids:?}");

    // Admins read the whole log, newest first, a page at a time: what was
    // typed, and the code when it named one.
    let (entries, sizes) = walk(&server, "/v1/audit", &admin, 2).await;
    assert!(sizes.iter().all(|n| *n <= 2), "{sizes:?}");
    let seen: Vec<String> = entries
        .iter()
        .map(|e| {
            format!("{} {} {} {}", e["action"], e["outcome"], e["typed"], e["code"].as_str().unwrap_or("-"))
        })
        .collect();
    assert!(entries.iter().all(|e| e["client_address"] == "127.0.0.1"), "where each came from: {entries:?}");
    let q = |s: &str| format!("\"{s}\"");
    assert_eq!(
        seen,
        [
            format!("{} {} {} -", q("void"), q("unknown_code"), q(&never)),
            format!("{} {} {} {code}", q("redeem"), q("already_redeemed"), q(&code)),
            format!("{} {} {} {code}", q("redeem"), q("ok"), q(&loose)),
            format!("{} {} {} -", q("redeem"), q("unknown_code"), q(&unknown.to_lowercase())),
            format!("{} {} {} -", q("redeem"), q("invalid_code"), q("ol-x")),
            format!("{} {} {} -", q("redeem"), q("invalid_code"), q(&typo)),
        ]
    );
    // Entries of the same instant page by id: none is skipped or repeated.
    server.db().execute(
        "INSERT INTO audit_log (id, at, actor_id, action, code, outcome, reason, typed, normalised) VALUES \
         ('tie-a', '2000-01-01 00:00:00', NULL, 'redeem', NULL, 'unknown_code', NULL, 'tie a', 'TIEA'), \
         ('tie-b', '2000-01-01 00:00:00', NULL, 'redeem', NULL, 'unknown_code', NULL, 'tie b', 'TIEB')",
    );
    let (entries, _) = walk(&server, "/v1/audit", &admin, 1).await;
    let typed: Vec<&str> = entries.iter().map(|e| e["typed"].as_str().unwrap()).collect();
    assert_eq!(typed.len(), seen.len() + 2, "{typed:?}");
    assert_eq!(typed[typed.len() - 2..], ["tie b", "tie a"]);
    assert_eq!(
        entries.last().unwrap()["client_address"],
        Value::Null,
        "entries older than the address have none"
    );

    // The front desk cannot read it.
    expect_problem(server.get_with("/v1/audit", &desk).await, 403, "forbidden").await;
}

/// The address of each audited action is the client's: behind a trusted
/// proxy the one it forwarded, and from anyone else the connection's peer,
/// whatever `X-Forwarded-For` claims.
async fn the_audit_log_keeps_the_address_staff_acted_from(backend: Backend) {
    for (trusted, expected) in [(true, "203.0.113.5"), (false, "127.0.0.1")] {
        let args: &[&str] = if trusted { &["--trusted-proxies", "127.0.0.1"] } else { &[] };
        let Some(server) = Server::start_with(backend, args) else { return };
        let admin = server.staff_token("admin").await;
        let unknown = DiscountCode::from_bits(7).display_form();
        let resp = server
            .http
            .post(server.url(&format!("/v1/codes/{unknown}/redeem")))
            .bearer_auth(&admin)
            .header("X-Forwarded-For", "203.0.113.5")
            .send()
            .await
            .unwrap();
        expect_problem(resp, 404, "unknown_code").await;
        let log: Value = server.get_with("/v1/audit", &admin).await.json().await.unwrap();
        assert_eq!(log["items"][0]["client_address"], expected, "trusted proxy: {trusted}");
    }
}

/// (route, actor, check, code, typed) of each `view_check` entry the API lists, newest first.
async fn views(server: &Server, admin: &str) -> Vec<(String, String, String, String, String)> {
    let resp = server.get_with("/v1/audit?action=view_check&limit=100", admin).await;
    assert_eq!(resp.status(), 200);
    let page: Value = resp.json().await.unwrap();
    let text = |v: &Value| v.as_str().unwrap_or("-").to_owned();
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert_eq!(
                (e["action"].as_str(), e["outcome"].as_str()),
                (Some("view_check"), Some("ok")),
                "{e}"
            );
            assert_eq!(e["client_address"], "127.0.0.1", "where the read came from: {e}");
            (text(&e["route"]), text(&e["actor"]), text(&e["check_id"]), text(&e["code"]), text(&e["typed"]))
        })
        .collect()
}

async fn every_staff_read_of_a_check_is_audited(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let admin_email = format!("admin-{}@clinic.test", uuid::Uuid::new_v4().simple());
    let admin_password = server.add_staff(&admin_email, "admin");
    let admin = server.access_token(&admin_email, &admin_password).await;
    let desk_email = format!("desk-{}@clinic.test", uuid::Uuid::new_v4().simple());
    let desk_password = server.add_staff(&desk_email, "staff");
    let desk = server.access_token(&desk_email, &desk_password).await;
    one_offer_today(&server, &admin).await;
    let (id, token) = server.stored_check(&example_answers()).await;
    let issued: Value = server.claim_code(&id, &token).await.json().await.unwrap();
    let code = issued["code"].as_str().unwrap().to_owned();

    // The visitor's own reads are not staff reads.
    assert_eq!(server.get_with(&format!("/v1/assessments/{id}"), &token).await.status(), 200);
    assert_eq!(server.get_with(&format!("/v1/assessments/{id}/progress"), &token).await.status(), 200);
    assert!(views(&server, &admin).await.is_empty());

    let typed = code.to_lowercase().replace('-', " ");
    let path = format!("/v1/codes/{}", typed.replace(' ', "%20"));
    assert_eq!(server.get_with(&path, &desk).await.status(), 200);
    assert_eq!(server.get_with(&format!("/v1/assessments/{id}"), &admin).await.status(), 200);
    assert_eq!(server.get_with(&format!("/v1/assessments/{id}/progress"), &admin).await.status(), 200);
    let list: Value = server.get_with("/v1/assessments?limit=5", &admin).await.json().await.unwrap();
    assert_eq!(list["items"][0]["id"], id.as_str());
    let none = "-".to_owned();
    let view = |route: &str, who: &str, code: &str, typed: &str| {
        (route.to_owned(), who.to_owned(), id.clone(), code.to_owned(), typed.to_owned())
    };
    assert_eq!(
        views(&server, &admin).await,
        [
            view("GET /v1/assessments", &admin_email, &none, ""),
            view("GET /v1/assessments/{id}/progress", &admin_email, &none, ""),
            view("GET /v1/assessments/{id}", &admin_email, &none, ""),
            view("GET /v1/codes/{code}", &desk_email, &code, &typed),
        ]
    );
    // The other actions stay apart, and a made-up action is refused.
    let resp = server.get_with("/v1/audit?action=redeem", &admin).await;
    assert_eq!(resp.json::<Value>().await.unwrap()["items"], json!([]));
    expect_problem(server.get_with("/v1/audit?action=peek", &admin).await, 400, "bad_request").await;

    // A refused read shows nothing, so nothing is audited: an erased check,
    // and a code that was never issued.
    let path = format!("/v1/assessments/{id}");
    assert_eq!(server.http.delete(server.url(&path)).bearer_auth(&token).send().await.unwrap().status(), 204);
    expect_problem(server.get_with(&path, &admin).await, 404, "not_found").await;
    let unknown = DiscountCode::from_bits(0x0123_4567_89ab_cdef).display_form();
    expect_problem(server.get_with(&format!("/v1/codes/{unknown}"), &desk).await, 404, "unknown_code").await;
    assert_eq!(views(&server, &admin).await.len(), 4);
}

async fn an_admin_erases_a_check_for_a_visitor_who_phones(backend: Backend) {
    let Some(server) = Server::start(backend) else { return };
    let admin_email = format!("admin-{}@clinic.test", uuid::Uuid::new_v4().simple());
    let admin_password = server.add_staff(&admin_email, "admin");
    let admin = server.access_token(&admin_email, &admin_password).await;
    let desk = server.staff_token("staff").await;
    one_offer_today(&server, &admin).await;
    let (id, token) = server.stored_check(&example_answers()).await;
    let issued: Value = server.claim_code(&id, &token).await.json().await.unwrap();
    let code = issued["code"].as_str().unwrap().to_owned();
    let figures: Value = server.get_with("/v1/stats", &admin).await.json().await.unwrap();
    let path = format!("/v1/codes/{code}/erase-check");
    let reason = json!({"reason": "the visitor phoned and asked"});

    // Desk staff cannot; an admin must say why. Neither changes anything.
    expect_problem(staff_post(&server, &path, &desk, Some(reason.clone())).await, 403, "forbidden").await;
    let blank = staff_post(&server, &path, &admin, Some(json!({"reason": "  "}))).await;
    expect_problem(blank, 422, "validation_failed").await;
    assert_eq!(server.get_with(&format!("/v1/assessments/{id}"), &token).await.status(), 200);

    let resp = staff_post(&server, &path, &admin, Some(reason.clone())).await;
    assert_eq!(resp.status(), 200);
    let card: Value = resp.json().await.unwrap();
    assert_eq!(
        (card["status"].as_str(), card["assessment"]["erased"].as_bool()),
        (Some("issued"), Some(true))
    );
    expect_problem(server.get_with(&format!("/v1/assessments/{id}"), &token).await, 404, "not_found").await;
    let left = format!(
        "SELECT COUNT(*) AS n FROM assessments WHERE id = '{id}' AND answers IS NULL AND result IS NULL"
    );
    assert_eq!(server.db().count(&left), 1);
    let figures_after: Value = server.get_with("/v1/stats", &admin).await.json().await.unwrap();
    assert_eq!(figures_after, figures, "the figures keep the check");
    // Again is no error; the code itself still works at the desk.
    assert_eq!(staff_post(&server, &path, &admin, Some(reason.clone())).await.status(), 200);
    assert_eq!(staff_post(&server, &format!("/v1/codes/{code}/redeem"), &desk, None).await.status(), 200);
    // A code never issued: refused, and audited with what was typed.
    let never = DiscountCode::from_bits(7).display_form();
    let resp = staff_post(&server, &format!("/v1/codes/{never}/erase-check"), &admin, Some(reason)).await;
    expect_problem(resp, 404, "unknown_code").await;

    let resp = server.get_with("/v1/audit?action=erase_check", &admin).await;
    let page: Value = resp.json().await.unwrap();
    let entries: Vec<_> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let text = |v: &Value| v.as_str().unwrap_or("-").to_owned();
            [
                text(&e["actor"]),
                text(&e["code"]),
                text(&e["check_id"]),
                text(&e["outcome"]),
                text(&e["reason"]),
            ]
        })
        .collect();
    let why = "the visitor phoned and asked".to_owned();
    let erased = [admin_email.clone(), code.clone(), id.clone(), "ok".to_owned(), why.clone()];
    let unknown = [admin_email.clone(), "-".to_owned(), "-".to_owned(), "unknown_code".to_owned(), why];
    assert_eq!(entries, [unknown, erased.clone(), erased], "newest first");
}

crate::on_both_backends!(
    an_admin_erases_a_check_for_a_visitor_who_phones,
    every_redeem_attempt_is_audited,
    the_audit_log_keeps_the_address_staff_acted_from,
    every_staff_read_of_a_check_is_audited
);
