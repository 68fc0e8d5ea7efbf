//! Retention (README "What SoleCheck keeps, and for how long"): the sweep at
//! start erases checks past `SOLECHECK_RETENTION_DAYS` as the visitor's
//! DELETE does, keeps the figures, and forgets kept replies, refresh tokens
//! and sign-in failures past their windows; the server's clock is stopped by
//! libfaketime at each instant. Two processes sweeping one database at once
//! erase each check once.

use std::{path::Path, time::Duration};

use serde_json::{Value, json};
use solecheck_tests::{Backend, Server, fixtures::example_answers};

/// When the first check is stored; the second is two minutes later.
const FIRST: &str = "2026-01-10 12:00:00";
const SECOND: &str = "2026-01-10 12:02:00";
/// 365 days and a minute after the first: it is just past the default limit,
/// the second just inside it.
const A_YEAR_ON: &str = "2027-01-10 12:01:00";

/// The fields of the first "retention sweep finished" line the server at
/// `log` writes (JSON logs), waiting for it.
fn sweep_report(log: &Path) -> Value {
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        let report = text
            .lines()
            .filter_map(|line| serde_json::from_str::<Value>(line).ok())
            .find(|line| line["fields"]["message"] == "retention sweep finished");
        if let Some(line) = report {
            return line["fields"].clone();
        }
        assert!(std::time::Instant::now() < deadline, "no sweep was reported:\n{text}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A new log file in `dir` and the environment that writes JSON logs at info.
fn log_file(dir: &Path, name: &str) -> (std::path::PathBuf, std::fs::File) {
    let path = dir.join(name);
    let file = std::fs::File::create(&path).unwrap();
    (path, file)
}

const LOGS: [(&str, &str); 2] = [("RUST_LOG", "warn,solecheck_api=info"), ("SOLECHECK_LOG_JSON", "true")];

/// A check posted with an `Idempotency-Key`, as the widget does: (id, token).
async fn keyed_check(server: &Server, key: &str) -> (String, String) {
    let resp = server
        .http
        .post(server.url("/v1/assessments"))
        .header("Idempotency-Key", key)
        .json(&example_answers())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    let body: Value = resp.json().await.unwrap();
    (body["id"].as_str().unwrap().to_owned(), body["token"].as_str().unwrap().to_owned())
}

async fn status_of(server: &Server, check: &(String, String)) -> u16 {
    server.get_with(&format!("/v1/assessments/{}", check.0), &check.1).await.status().as_u16()
}

async fn figures(server: &Server, email: &str, password: &str) -> Value {
    let admin = server.access_token(email, password).await;
    let resp = server.get_with("/v1/stats", &admin).await;
    assert_eq!(resp.status(), 200);
    resp.json().await.unwrap()
}

fn rows(server: &Server, table: &str) -> i64 {
    server.db().count(&format!("SELECT COUNT(*) AS n FROM {table}"))
}

async fn old_checks_are_erased_and_the_figures_stay(backend: Backend) {
    let Some(server) = Server::start_at(backend, FIRST) else { return };
    let dir = tempfile::tempdir().unwrap();
    let email = format!("admin-{}@clinic.test", uuid::Uuid::new_v4().simple());
    let password = server.add_staff(&email, "admin");

    // At the first instant: a check with a logged session, a sign-in renewed
    // once, and a wrong password.
    let first = keyed_check(&server, "retention-first").await;
    let resp = server
        .http
        .post(server.url(&format!("/v1/assessments/{}/sessions", first.0)))
        .bearer_auth(&first.1)
        .json(&json!({"plan_key": "sole_release"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    let tokens = server.login(&email, &password).await;
    let resp = server.post("/v1/auth/refresh", &json!({"refresh_token": tokens["refresh_token"]})).await;
    assert_eq!(resp.status(), 200);
    let resp = server.post("/v1/auth/login", &json!({"email": email, "password": "not-the-password"})).await;
    assert_eq!(resp.status(), 401);

    // Two minutes on, everything is inside its window: the sweep at start
    // forgets nothing.
    let (log, file) = log_file(dir.path(), "second.log");
    let server = server.restart_logging(Some(SECOND), &LOGS, file);
    let report = sweep_report(&log);
    assert_eq!(report["checks_erased"], 0, "{report}");
    assert_eq!(report["replies_forgotten"], 0, "{report}");
    assert_eq!(report["refresh_tokens"], 0, "{report}");
    assert_eq!(report["login_failures"], 0, "{report}");
    assert_eq!((rows(&server, "idempotency_keys"), rows(&server, "refresh_tokens")), (1, 2));
    assert!(rows(&server, "login_failures") > 0);
    let second = keyed_check(&server, "retention-second").await;
    let before = figures(&server, &email, &password).await;
    // A wrong password after that sign-in, which cleared the account's failures.
    let resp = server.post("/v1/auth/login", &json!({"email": email, "password": "not-it-either"})).await;
    assert_eq!(resp.status(), 401);

    // A year and a minute after the first check, with no limit: every check
    // keeps its answers, and what has outlived its use is forgotten.
    let (log, file) = log_file(dir.path(), "unlimited.log");
    let env = [LOGS[0], LOGS[1], ("SOLECHECK_RETENTION_DAYS", "0")];
    let server = server.restart_logging(Some(A_YEAR_ON), &env, file);
    let report = sweep_report(&log);
    assert_eq!(report["checks_erased"], 0, "{report}");
    assert_eq!(report["replies_forgotten"], 2, "{report}");
    assert_eq!(report["refresh_tokens"], 3, "{report}");
    assert!(report["login_failures"].as_u64().unwrap() > 0, "{report}");
    assert_eq!((status_of(&server, &first).await, status_of(&server, &second).await), (200, 200));
    for table in ["idempotency_keys", "refresh_tokens", "login_failures"] {
        assert_eq!(rows(&server, table), 0, "{table}");
    }

    // The same instant with the default limit of 365 days: the first check is
    // a minute past it and is erased, the second a minute inside it and stays.
    let (log, file) = log_file(dir.path(), "limited.log");
    let server = server.restart_logging(Some(A_YEAR_ON), &LOGS, file);
    let report = sweep_report(&log);
    assert_eq!(report["checks_erased"], 1, "{report}");
    assert_eq!(status_of(&server, &first).await, 404);
    assert_eq!(status_of(&server, &second).await, 200);
    let erased = format!(
        "SELECT COUNT(*) AS n FROM assessments WHERE id = '{}' AND answers IS NULL AND result IS NULL \
         AND erased_at IS NOT NULL",
        first.0
    );
    assert_eq!(server.db().count(&erased), 1, "the row stays, with what the figures count");
    assert_eq!(rows(&server, "exercise_sessions"), 0, "its logged sessions go with it");
    assert_eq!(figures(&server, &email, &password).await, before, "the figures are unchanged");
}

/// Old checks written straight into the database: `n` of them, a year and a
/// day old, with answers.
fn seed_old_checks(server: &Server, backend: Backend, n: u32) {
    let rows = match backend {
        Backend::Sqlite => format!(
            "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {n}) \
             SELECT printf('old-%05d', i), 'h', 'v', 'en', 'widget', '{{}}', '{{}}', 'neutral', 'none', \
             datetime('now', '-366 days') FROM s"
        ),
        Backend::Postgres => format!(
            "SELECT 'old-' || lpad(i::text, 5, '0'), 'h', 'v', 'en', 'widget', '{{}}', '{{}}', 'neutral', \
             'none', (now() AT TIME ZONE 'UTC') - interval '366 days' FROM generate_series(1, {n}) AS i"
        ),
    };
    let inserted = server.db().execute(&format!(
        "INSERT INTO assessments (id, token_hash, questionnaire_version, locale, source, answers, result, \
         hint, referral_level, created_at) {rows}"
    ));
    assert_eq!(inserted, n as usize);
}

async fn two_processes_erase_each_check_once(backend: Backend) {
    // This one keeps everything, so only the two below sweep the seeded checks.
    let Some(server) = Server::start_with(backend, &["--retention-days", "0"]) else { return };
    let dir = tempfile::tempdir().unwrap();
    let checks = 6000;
    seed_old_checks(&server, backend, checks);
    let (log_a, file_a) = log_file(dir.path(), "a.log");
    let (log_b, file_b) = log_file(dir.path(), "b.log");
    let a = server.second_process_logging(None, &LOGS, file_a);
    let b = server.second_process_logging(None, &LOGS, file_b);
    let (a_report, b_report) = (sweep_report(&log_a), sweep_report(&log_b));
    let erased = |r: &Value| r["checks_erased"].as_u64().unwrap();
    assert_eq!(erased(&a_report) + erased(&b_report), u64::from(checks), "{a_report}\n{b_report}");
    assert_eq!(server.db().count("SELECT COUNT(*) AS n FROM assessments WHERE answers IS NOT NULL"), 0);
    drop((a, b));
}

crate::on_both_backends!(old_checks_are_erased_and_the_figures_stay, two_processes_erase_each_check_once);
