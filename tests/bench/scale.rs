//! Scale benchmark: fills a database directly with N realistic checks (the
//! example answers and their scored result, spread over three years, mixed
//! hints, referral levels, languages and sources), codes for three in ten,
//! redeemed for one in ten, their audit rows and failed attempts, and the
//! kept `Idempotency-Key` replies of the last day; starts the release server on
//! it (which counts the checks for the figures on its first start) and prints
//! p50/p99 of what staff and visitors ask at that size: `/v1/stats`, the first
//! and a 90%-deep page of each list, a code look-up and a keyed POST. Also the
//! database's size per 1,000 checks and the server's peak RSS. N = 10k, 100k
//! and 1M unless sizes are given (`bench-scale 10000 50000`). Asserts nothing.

use std::{process::Command, time::Instant};

use base64::Engine;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use solecheck_shared::{Answers, score};
use solecheck_tests::{Backend, Server, database::TestDb, fixtures::example_answers, server::binary};
use wrk::{ACCEPT_ENCODING, Figures, peak_rss_mib};

#[path = "wrk.rs"]
mod wrk;

/// Connections and seconds per measured request: latency, not saturation.
const CONNECTIONS: usize = 4;
const SECONDS: u64 = 4;
/// The checks span this many seconds, ending now.
const SPAN_SECONDS: i64 = 3 * 365 * 24 * 3600;
/// The server's default `SOLECHECK_RETENTION_DAYS`, 365, in seconds.
const RETENTION_SECONDS: i64 = 365 * 24 * 3600;

/// What the fill made, to name rows the requests start from.
struct Filled {
    checks: i64,
    step: i64,
    start: i64,
}

impl Filled {
    fn created(&self, i: i64) -> i64 {
        self.start + i * self.step
    }

    /// The cursor of check `i` in the staff list (`paging::instant_cursor`).
    fn check_cursor(&self, i: i64) -> String {
        cursor(self.created(i), &format!("{i:08x}-0000-4000-8000-{i:012x}"))
    }

    /// The cursor of the redeem audited for check `i` (one with `i % 10 == 1`).
    fn audit_cursor(&self, i: i64) -> String {
        cursor(self.created(i) + 60 + 7 * 86_400, &format!("{i:08x}-0000-4000-9000-{i:012x}"))
    }
}

fn cursor(epoch_seconds: i64, id: &str) -> String {
    let nanos = i128::from(epoch_seconds) * 1_000_000_000;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{nanos}\u{1f}{id}"))
}

fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The fill's SQL for one backend: (rows of 1..=n, text of i padded to
/// `width` hex digits, instant of epoch seconds `expr`).
struct Dialect {
    series: fn(i64) -> String,
    hex: fn(&str, usize) -> String,
    instant: fn(&str) -> String,
}

const SQLITE: Dialect = Dialect {
    series: |n| format!("WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {n})"),
    hex: |expr, width| format!("printf('%0{width}x', {expr})"),
    instant: |expr| format!("datetime({expr}, 'unixepoch')"),
};

const POSTGRES: Dialect = Dialect {
    series: |n| format!("WITH s(i) AS (SELECT generate_series(1, {n})::bigint)"),
    hex: |expr, width| format!("lpad(to_hex({expr}), {width}, '0')"),
    instant: |expr| format!("(to_timestamp({expr}) AT TIME ZONE 'UTC')"),
};

fn fill(db: &TestDb, backend: Backend, n: i64, desk: &str) -> Filled {
    let d = if backend == Backend::Sqlite { SQLITE } else { POSTGRES };
    let now = Utc::now().timestamp();
    let step = (SPAN_SECONDS / n).max(1);
    let filled = Filled { checks: n, step, start: now - step * n };
    let answers: Answers = serde_json::from_value(example_answers()).expect("example answers");
    let result = score(&answers);
    let answers_json = quoted(&serde_json::to_string(&answers).expect("answers"));
    let result_json = serde_json::to_string(&result).expect("result");
    let version = quoted(&result.questionnaire_version);
    let campaigns = db.texts("SELECT id AS value FROM campaigns ORDER BY slug");
    let (first, second) = (quoted(&campaigns[0]), quoted(&campaigns[1]));
    let at = |offset: i64| (d.instant)(&format!("{} + i * {step} + {offset}", filled.start));
    let id = |kind: &str| format!("{} || '-0000-4000-{kind}-' || {}", (d.hex)("i", 8), (d.hex)("i", 12));
    let series = (d.series)(n);
    let hint = "CASE i % 7 WHEN 0 THEN 'overpronation' WHEN 1 THEN 'leaning_pronation' WHEN 2 THEN 'neutral' \
                WHEN 3 THEN 'leaning_supination' WHEN 4 THEN 'oversupination' WHEN 5 THEN 'mixed' ELSE 'unknown' END";
    let referral = "CASE WHEN i % 20 = 0 THEN 'urgent' WHEN i % 20 < 7 THEN 'soon' \
                    WHEN i % 20 < 13 THEN 'routine' ELSE 'none' END";
    // Checks past the default retention (365 days) were erased a year after
    // they were made, as the daily sweep of a server running all along did:
    // otherwise the first start erases two thirds of them while the figures
    // below are measured.
    let kept_from = (now - RETENTION_SECONDS - filled.start).div_euclid(step).max(0);
    let erased = |kept: &str| format!("CASE WHEN i < {kept_from} THEN NULL ELSE {kept} END");
    let erased_at = format!("CASE WHEN i < {kept_from} THEN {} END", at(RETENTION_SECONDS));
    db.execute(&format!(
        "{series} INSERT INTO assessments (id, token_hash, questionnaire_version, locale, source, answers, result, \
         hint, referral_level, created_at, erased_at) \
         SELECT {}, {}, {version}, CASE WHEN i % 5 = 0 THEN 'es' ELSE 'en' END, \
         CASE WHEN i % 3 = 0 THEN 'mobile' ELSE 'widget' END, {}, {}, {hint}, {referral}, {}, {} FROM s",
        id("8000"),
        (d.hex)("i", 64),
        erased(&answers_json),
        erased(&quoted(&result_json)),
        at(0),
        erased_at,
    ));
    // Codes for three checks in ten (never urgent ones), one in ten redeemed.
    db.execute(&format!(
        "{series} INSERT INTO codes (code, assessment_id, campaign_id, issued_at, expires_at, redeemed_at, \
         redeemed_by, voided_at, void_reason) \
         SELECT 'f' || {}, {}, CASE WHEN (i / 1000) % 2 = 0 THEN {first} ELSE {second} END, {}, {}, \
         CASE WHEN i % 10 = 1 THEN {} END, CASE WHEN i % 10 = 1 THEN {} END, NULL, NULL \
         FROM s WHERE i % 10 IN (1, 2, 3)",
        (d.hex)("i", 12),
        id("8000"),
        at(60),
        at(60 + 30 * 86_400),
        at(60 + 7 * 86_400),
        quoted(desk),
    ));
    // Each redeem audited; and one failed attempt per 50 checks, on codes never issued.
    db.execute(&format!(
        "{series} INSERT INTO audit_log (id, at, actor_id, action, code, outcome, reason, typed, normalised) \
         SELECT {}, {}, {}, 'redeem', 'f' || {}, 'ok', NULL, 'f' || {}, 'F' || {} FROM s WHERE i % 10 = 1",
        id("9000"),
        at(60 + 7 * 86_400),
        quoted(desk),
        (d.hex)("i", 12),
        (d.hex)("i", 12),
        (d.hex)("i", 12),
    ));
    db.execute(&format!(
        "{series} INSERT INTO audit_log (id, at, actor_id, action, code, outcome, reason, typed, normalised) \
         SELECT {}, {}, {}, 'redeem', NULL, 'unknown_code', NULL, 'XK4P-7TQ2-M9', 'XK4P7TQ2M9' FROM s WHERE i % 50 = 7",
        id("a000"),
        at(120),
        quoted(desk),
    ));
    // A server from before the counts (to measure it as a baseline) has no such table.
    let counted = match backend {
        Backend::Sqlite => "SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'code_counts'",
        Backend::Postgres => {
            "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name = 'code_counts'"
        }
    };
    if db.count(counted) == 1 {
        db.execute(
            "INSERT INTO code_counts (campaign_id, issued, redeemed) \
             SELECT campaign_id, COUNT(*), COUNT(redeemed_at) FROM codes GROUP BY campaign_id",
        );
    }
    // The last day's checks came with a key, whose reply is kept (a lookup
    // and a sealed token as long as real ones: 64 and 103 characters).
    db.execute(&format!(
        "INSERT INTO idempotency_keys (key_lookup, request_hash, assessment_id, sealed_token, created_at) \
         SELECT token_hash, token_hash, id, 'v1.' || token_hash || substr(token_hash, 1, 36), created_at FROM assessments WHERE created_at >= {}",
        (d.instant)(&(now - 86_400).to_string()),
    ));
    filled
}

fn size_bytes(db: &TestDb, backend: Backend) -> i64 {
    match backend {
        Backend::Sqlite => {
            db.count("SELECT page_count * page_size AS n FROM pragma_page_count(), pragma_page_size()")
        }
        Backend::Postgres => db.count("SELECT pg_database_size(current_database()) AS n"),
    }
}

fn get_script(token: &str) -> String {
    format!(
        "wrk.headers[\"Authorization\"] = \"Bearer {token}\"\nwrk.headers[\"Accept-Encoding\"] = \"{ACCEPT_ENCODING}\"\n"
    )
}

fn keyed_post_script(run: &str) -> String {
    let body = example_answers().to_string();
    format!(
        "local threads = 0\nfunction setup(thread) thread:set(\"tid\", threads); threads = threads + 1 end\n\
         local n = 0\nrequest = function()\n  n = n + 1\n  return wrk.format(\"POST\", \"/v1/assessments\", \
         {{[\"Idempotency-Key\"] = \"{run}-\" .. tid .. \"-\" .. n, [\"Content-Type\"] = \"application/json\", \
         [\"Accept-Encoding\"] = \"{ACCEPT_ENCODING}\"}}, [[{body}]])\nend\n"
    )
}

fn print_row(name: &str, f: &Figures) {
    println!(
        "    {name:<34} p50 {:>7.2} ms  p99 {:>7.2} ms  {:>7.0} req/s  non-2xx {}",
        f.p50_ms, f.p99_ms, f.rps, f.non_2xx
    );
}

/// A code issued through the API, to look up.
async fn real_code(server: &Server, admin: &str) -> String {
    let today = server.get("/v1/offers").await.json::<Value>().await.expect("offers")["today"].clone();
    let campaign = json!({"slug": "scale", "title": "Scale", "description": "", "percent_off": 20,
        "applies_to": "a visit", "starts_on": today, "ends_on": today, "recurrence": "none"});
    let resp = server.http.post(server.url("/v1/campaigns")).bearer_auth(admin).json(&campaign).send().await;
    assert_eq!(resp.expect("campaign").status(), 201);
    let (id, token) = server.stored_check(&example_answers()).await;
    let issued: Value = server.claim_code(&id, &token).await.json().await.expect("code");
    issued["code"].as_str().expect("code").to_owned()
}

async fn measure(backend: Backend, n: i64) {
    let Some(db) = TestDb::create(backend) else {
        println!("  {backend:?}: skipped (database unreachable)");
        return;
    };
    let migrate =
        Command::new(binary()).arg("migrate").env("DATABASE_URL", db.url()).env("RUST_LOG", "warn").status();
    assert!(migrate.expect("migrate").success(), "migrate");
    let desk = format!("desk-{}@clinic.test", uuid::Uuid::new_v4().simple());
    let add = Command::new(binary())
        .args(["staff", "add", "--email", &desk, "--role", "staff"])
        .env("DATABASE_URL", db.url())
        .env("SOLECHECK_PASSWORD", "a desk password for the bench")
        .env("RUST_LOG", "warn")
        .output()
        .expect("staff add");
    assert!(add.status.success(), "staff add");
    let desk_id = db.texts("SELECT id AS value FROM staff").remove(0);
    let started = Instant::now();
    let filled = fill(&db, backend, n, &desk_id);
    let fill_seconds = started.elapsed().as_secs_f64();
    let bytes = size_bytes(&db, backend);
    let started = Instant::now();
    let server = Server::start_on(db, &[]);
    let start_seconds = started.elapsed().as_secs_f64();
    println!(
        "  {n} checks: filled in {fill_seconds:.1} s, {:.0} KiB per 1,000 checks; server up in {start_seconds:.1} s \
         (it counts the checks for the figures on its first start)",
        bytes as f64 / 1024.0 / (n as f64 / 1000.0)
    );
    let admin = server.staff_token("admin").await;
    let code = real_code(&server, &admin).await;
    let script = get_script(&admin);
    let deep_check = filled.check_cursor(filled.checks / 10);
    let deep_audit = filled.audit_cursor((filled.checks / 10) / 10 * 10 + 1);
    let gets = [
        ("GET /v1/stats", "/v1/stats".to_owned()),
        ("GET /v1/assessments (first page)", "/v1/assessments?limit=50".to_owned()),
        ("GET /v1/assessments (90% deep)", format!("/v1/assessments?limit=50&cursor={deep_check}")),
        ("GET /v1/audit (first page)", "/v1/audit?limit=50".to_owned()),
        ("GET /v1/audit (90% deep)", format!("/v1/audit?limit=50&cursor={deep_audit}")),
        ("GET /v1/campaigns", "/v1/campaigns".to_owned()),
        ("GET /v1/codes/{code}", format!("/v1/codes/{code}")),
        ("GET /v1/codes/{code}/audit", format!("/v1/codes/{code}/audit")),
    ];
    for (name, path) in gets {
        print_row(name, &wrk::run(&server.url(&path), Some(&script), CONNECTIONS, SECONDS));
    }
    let run = uuid::Uuid::new_v4().simple().to_string();
    let post = wrk::run(&server.url("/v1/assessments"), Some(&keyed_post_script(&run)), CONNECTIONS, SECONDS);
    print_row("POST /v1/assessments (new key)", &post);
    println!("    peak RSS of the server: {:.1} MiB", peak_rss_mib(server.pid()));
}

fn sizes() -> Vec<i64> {
    let given: Vec<i64> = std::env::args().skip(1).filter_map(|a| a.replace('_', "").parse().ok()).collect();
    if given.is_empty() { vec![10_000, 100_000, 1_000_000] } else { given }
}

#[tokio::main]
async fn main() {
    if Command::new("wrk").arg("--version").output().is_err() {
        eprintln!("wrk is not installed: apt-get install wrk");
        std::process::exit(2);
    }
    let now: DateTime<Utc> = Utc::now();
    println!(
        "bench-scale at {now} (release server, {CONNECTIONS} kept-alive connections, {SECONDS} s per request, wrk)"
    );
    for backend in wrk::backends() {
        println!("{backend:?}:");
        for n in sizes() {
            measure(backend, n).await;
        }
    }
}
