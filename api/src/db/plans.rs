//! The cursor lists seek their index at any depth: each list's query, as the
//! db layer builds it, is captured from a real connection and asked for its
//! plan, on SQLite and on PostgreSQL (the generic plan a kept statement runs
//! with, whatever its values). The `created_at < $1 OR (created_at = $1 AND
//! id < $2)` form these lists had made both scan the index and filter every
//! row before the cursor; `bench-scale` prints the depth costs.

use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use diesel::{
    connection::{Instrumentation, InstrumentationEvent, SimpleConnection},
    prelude::*,
    sql_types::Text,
};

use super::{Db, DbConn, Target, assessments, codes};

/// The SQL of each cursor list, as the db layer builds it for a page after a
/// cursor: the staff list, the whole audit log, its views, the exercise
/// figures' checks; and, apart, a code's own log.
fn cursor_lists(conn: &mut DbConn) -> (Vec<String>, String) {
    let at = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
    let cursor = || Some((at, "00010000".to_owned()));
    let lists = captured(conn, |conn| {
        assessments::page(conn, cursor(), 51).unwrap();
        codes::audit_recent(conn, None, cursor(), 51).unwrap();
        let views = Some(solecheck_shared::api::AuditAction::ViewCheck);
        codes::audit_recent(conn, views, cursor(), 51).unwrap();
        super::figures::checks_after(conn, cursor(), 51).unwrap();
    });
    assert_eq!(lists.len(), 4, "{lists:?}");
    let code_log = captured(conn, |conn| {
        codes::audit_of(conn, "X", cursor(), 51).unwrap();
    });
    (lists, code_log[0].clone())
}

#[derive(QueryableByName)]
struct Step {
    #[diesel(sql_type = Text)]
    detail: String,
}

/// The SQL of every statement `run` sends, without its binds.
fn captured(conn: &mut DbConn, run: impl FnOnce(&mut DbConn)) -> Vec<String> {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&seen);
    let instrumentation = move |event: InstrumentationEvent<'_>| {
        if let InstrumentationEvent::StartQuery { query, .. } = event {
            let text = query.to_string();
            let sql = text.split(" -- binds:").next().unwrap_or_default().to_owned();
            sink.lock().unwrap().push(sql);
        }
    };
    conn.set_instrumentation(Box::new(instrumentation) as Box<dyn Instrumentation>);
    run(conn);
    conn.set_instrumentation(Box::new(|_: InstrumentationEvent<'_>| {}) as Box<dyn Instrumentation>);
    seen.lock().unwrap().clone()
}

fn plan(conn: &mut DbConn, sql: &str) -> String {
    let steps: Vec<Step> = diesel::sql_query(format!("EXPLAIN QUERY PLAN {sql}")).load(conn).unwrap();
    steps.into_iter().map(|s| s.detail).collect::<Vec<_>>().join("; ")
}

#[test]
fn deep_pages_seek_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plans.db").to_string_lossy().into_owned();
    let db = Db::connect(&Target::Sqlite(path), 1).unwrap();
    db.migrate().unwrap();
    let mut pooled = db.get().unwrap();
    let conn: &mut DbConn = &mut pooled;
    conn.batch_execute(
        "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 20000) \
         INSERT INTO assessments (id, token_hash, questionnaire_version, locale, source, hint, referral_level, created_at) \
         SELECT printf('%08d', i), 'h', 'v', 'en', 'widget', 'neutral', 'none', datetime(1790000000 + i * 60, 'unixepoch') FROM s; \
         INSERT INTO audit_log (id, at, action, outcome, typed, normalised) \
         SELECT id, created_at, 'redeem', 'ok', 't', 'T' FROM assessments; ANALYZE;",
    )
    .unwrap();
    let (lists, code_log) = cursor_lists(conn);
    let code_plan = plan(conn, &code_log);
    assert!(code_plan.contains("USING INDEX audit_log_code_actions"), "skips the look-ups: {code_plan}");
    assert!(!code_plan.contains("TEMP B-TREE"), "{code_plan}");
    let views = solecheck_shared::api::AuditAction::ViewCheck.as_str();
    assert_eq!(codes::ACTIONS_ONLY, format!("audit_log.action <> '{views}'"), "the index's own words");
    for sql in lists {
        let plan = plan(conn, &sql);
        assert!(plan.contains("SEARCH") && plan.contains("INDEX"), "{sql}\n  {plan}");
        assert!(!plan.contains("SCAN assessments") && !plan.contains("SCAN audit_log"), "{sql}\n  {plan}");
        assert!(!plan.contains("TEMP B-TREE"), "sorted by the index, not afterwards: {plan}");
    }
}

#[derive(QueryableByName)]
struct PgStep {
    #[diesel(sql_type = Text, column_name = "QUERY PLAN")]
    line: String,
}

/// A PostgreSQL database of its own, dropped at the end.
struct ScratchPg {
    admin: String,
    name: String,
}

impl ScratchPg {
    /// `None` when no server answers, unless the suite requires one.
    fn create() -> Option<Self> {
        let admin = std::env::var("SOLECHECK_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
        let mut conn = match diesel::PgConnection::establish(&admin) {
            Ok(conn) => conn,
            Err(error) if std::env::var("SOLECHECK_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") => {
                panic!("PostgreSQL is required here: {error}")
            }
            Err(_) => return None,
        };
        let name = format!("solecheck_plans_{}", uuid::Uuid::new_v4().simple());
        conn.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        Some(Self { admin, name })
    }

    fn url(&self) -> String {
        let base = self.admin.rsplit_once('/').map_or(self.admin.as_str(), |(base, _)| base);
        format!("{base}/{}", self.name)
    }
}

impl Drop for ScratchPg {
    fn drop(&mut self) {
        if let Ok(mut conn) = diesel::PgConnection::establish(&self.admin) {
            let _ = conn.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
        }
    }
}

/// The plan PostgreSQL keeps for `sql` once it stops planning for each
/// call's values (`force_generic_plan` asks for it at once).
fn generic_plan(conn: &mut DbConn, sql: &str) -> String {
    let binds = (1..=40).take_while(|n| sql.contains(&format!("${n}"))).count();
    conn.batch_execute(&format!(
        "DEALLOCATE ALL; SET plan_cache_mode = force_generic_plan; PREPARE listed AS {sql}"
    ))
    .unwrap();
    let nulls = vec!["NULL"; binds].join(", ");
    let steps: Vec<PgStep> =
        diesel::sql_query(format!("EXPLAIN EXECUTE listed({nulls})")).load(conn).unwrap();
    steps.into_iter().map(|s| s.line.trim().to_owned()).collect::<Vec<_>>().join("; ")
}

#[test]
fn deep_pages_seek_the_index_in_postgres_kept_plans() {
    let Some(scratch) = ScratchPg::create() else { return };
    let db = Db::connect(&Target::Postgres(scratch.url()), 1).unwrap();
    db.migrate().unwrap();
    let mut pooled = db.get().unwrap();
    let conn: &mut DbConn = &mut pooled;
    conn.batch_execute(
        "INSERT INTO assessments (id, token_hash, questionnaire_version, locale, source, hint, referral_level, created_at) \
         SELECT lpad(i::text, 8, '0'), 'h', 'v', 'en', 'widget', 'neutral', 'none', \
         to_timestamp(1790000000 + i * 60) AT TIME ZONE 'UTC' FROM generate_series(1, 20000) AS i; \
         INSERT INTO audit_log (id, at, action, outcome, typed, normalised) \
         SELECT id, created_at, CASE WHEN id < '00002000' THEN 'redeem' ELSE 'view_check' END, 'ok', 't', 'T' \
         FROM assessments; ANALYZE;",
    )
    .unwrap();
    let (lists, code_log) = cursor_lists(conn);
    for sql in lists.iter().chain([&code_log]) {
        let plan = generic_plan(conn, sql);
        assert!(plan.contains("Index Cond") && plan.contains("ROW("), "seeks the cursor: {sql}\n  {plan}");
        let scans_a_list = plan.contains("Seq Scan on assessments") || plan.contains("Seq Scan on audit_log");
        assert!(!scans_a_list && !plan.contains("Sort"), "{sql}\n  {plan}");
    }
    let code_plan = generic_plan(conn, &code_log);
    assert!(code_plan.contains("audit_log_code_actions"), "skips the look-ups: {code_plan}");
}
