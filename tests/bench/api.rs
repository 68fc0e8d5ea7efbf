//! API benchmark: drives the release server with `wrk` (64 kept-alive
//! connections on loopback, each request asking for compression as browsers
//! and the mobile app do) and prints req/s, p50 and p99 of what clients send:
//! `POST /v1/assessments` with a fresh `Idempotency-Key` each (the widget and
//! the app always send one), a keyed retry, the keyless post, code issue and
//! redeem, and a compressed `GET /v1/questionnaire`; each next to
//! `GET /healthz` of the same server in the same run, on SQLite and
//! PostgreSQL, and the server's peak RSS. Asserts nothing.

use std::{fmt::Write as _, process::Command, time::Duration};

use serde_json::{Value, json};
use solecheck_tests::{Backend, Server, fixtures::example_answers};
use wrk::{ACCEPT_ENCODING, Figures, peak_rss_mib};

#[path = "wrk.rs"]
mod wrk;

const CONNECTIONS: usize = 64;
const SECONDS: u64 = 8;

fn run_wrk(url: &str, script: Option<&str>) -> Figures {
    wrk::run(url, script, CONNECTIONS, SECONDS)
}

/// The rows, each with the word that picks it on the command line.
const ROWS: [(&str, &str); 7] = [
    ("new-key", "POST /v1/assessments, new key"),
    ("uuid-key", "POST /v1/assessments, UUID key"),
    ("retry", "POST /v1/assessments, retry"),
    ("no-key", "POST /v1/assessments, no key"),
    ("get", "GET /v1/questionnaire, compressed"),
    ("issue", "POST .../code (issue)"),
    ("redeem", "POST /v1/codes/.../redeem"),
];

/// Whether the row picked by `word` is measured: every row unless some are
/// picked on the command line (`bench-api sqlite new-key retry`).
fn wanted(word: &str) -> bool {
    let mut picked = std::env::args().skip(1).filter(|a| ROWS.iter().any(|(w, _)| w == a)).peekable();
    picked.peek().is_none() || picked.any(|p| p == word)
}

/// The printed name of the row picked by `word`.
fn label(word: &str) -> &str {
    ROWS.iter().find(|(w, _)| *w == word).map_or(word, |(_, row)| *row)
}

/// Checks prepared for the code-issue and redeem runs (each request its own).
const PREPARED: usize = 80_000;

/// A wrk script that sends `method` to paths/headers taken in turn from a list.
fn rotating_script(method: &str, requests: &[(String, String)], body: &str) -> String {
    // LuaJIT allows 65,536 constants per function: a part of the list each.
    let mut lua = String::from("local reqs = {}\n");
    for part in requests.chunks(10_000) {
        lua.push_str("local function part()\n");
        for (path, token) in part {
            let _ = writeln!(lua, "  reqs[#reqs + 1] = {{\"{path}\", \"{token}\"}}");
        }
        lua.push_str("end\npart()\n");
    }
    // Each wrk thread starts at its own end of the list, so no request is
    // sent twice before the list is used up.
    let _ = write!(
        lua,
        "local threads = 0\nfunction setup(thread) thread:set(\"tid\", threads); threads = threads + 1 end\n\
         local i\nlocal body = [[{body}]]\nrequest = function()\n  \
         if i == nil then i = tid * math.floor(#reqs / 2) end\n  i = i % #reqs + 1\n  \
         return wrk.format(\"{method}\", reqs[i][1], {{[\"Authorization\"] = \"Bearer \" .. reqs[i][2], \
         [\"Content-Type\"] = \"application/json\", [\"Accept-Encoding\"] = \"{ACCEPT_ENCODING}\"}}, body)\nend\n"
    );
    lua
}

/// The wall clock in milliseconds for wrk's Lua (LuaJIT's `os.time` has
/// seconds only), through its FFI.
const CLOCK: &str = "local ffi = require(\"ffi\")\n\
    ffi.cdef[[typedef struct { long tv_sec; long tv_nsec; } sc_timespec; int clock_gettime(int, sc_timespec *);]]\n\
    local sc_ts = ffi.new(\"sc_timespec\")\n\
    local function now_ms() ffi.C.clock_gettime(0, sc_ts); \
    return tonumber(sc_ts.tv_sec) * 1000 + math.floor(tonumber(sc_ts.tv_nsec) / 1000000) end\n";

/// A wrk script posting `body` to `/v1/assessments`: with a fresh UUIDv7
/// `Idempotency-Key` per request, with a random UUID per request (each wrk
/// thread seeded apart), with one fixed key (a retry), or with none.
fn assessment_script(body: &str, key: Key<'_>) -> String {
    let key = match key {
        // A UUIDv7 as the widget makes one when a save starts: the
        // millisecond it is sent, then random bits.
        Key::Fresh => "[\"Idempotency-Key\"] = (string.format(\"%012x\", now_ms())\
            :gsub(\"^(%x%x%x%x%x%x%x%x)\", \"%1-\")) .. string.format(\"-7%03x-%04x-%08x%04x\", \
            math.random(0, 0xfff), math.random(0x8000, 0xbfff), math.random(0, 0xffffffff), math.random(0, 0xffff)), "
            .to_owned(),
        // A random UUID, as a client that makes its keys with one sends: each
        // lands on a random page of the keys' index.
        Key::Random => "[\"Idempotency-Key\"] = string.format(\"%08x-%04x-4%03x-%04x-%08x%04x\", \
            math.random(0, 0xffffffff), math.random(0, 0xffff), math.random(0, 0xfff), \
            math.random(0x8000, 0xbfff), math.random(0, 0xffffffff), math.random(0, 0xffff)), "
            .to_owned(),
        Key::Same(key) => format!("[\"Idempotency-Key\"] = \"{key}\", "),
        Key::None => String::new(),
    };
    format!(
        "{CLOCK}local threads = 0\nfunction setup(thread) thread:set(\"tid\", threads); threads = threads + 1 end\n\
         local n = 0\nlocal body = [[{body}]]\nrequest = function()\n  \
         if n == 0 then math.randomseed(os.time() * 64 + tid) end\n  n = n + 1\n  \
         return wrk.format(\"POST\", \"/v1/assessments\", {{{key}[\"Content-Type\"] = \"application/json\", \
         [\"Accept-Encoding\"] = \"{ACCEPT_ENCODING}\"}}, body)\nend\n"
    )
}

/// The `Idempotency-Key` of a benchmarked post.
enum Key<'a> {
    Fresh,
    Random,
    Same(&'a str),
    None,
}

fn row(name: &str, f: &Figures, base: &Figures) {
    println!(
        "  {name:<28} {:>9.0} req/s  p50 {:>7.2} ms  p99 {:>7.2} ms  {:>5.1}% of /healthz  non-2xx {}",
        f.rps,
        f.p50_ms,
        f.p99_ms,
        100.0 * f.rps / base.rps,
        f.non_2xx
    );
}

async fn prepare(server: &Server, count: usize) -> Vec<(String, String)> {
    let mut out = Vec::with_capacity(count);
    let body = example_answers();
    while out.len() < count {
        let batch = futures::future::join_all((0..64).map(|_| server.post("/v1/assessments", &body))).await;
        for resp in batch {
            let created: Value = resp.json().await.expect("created");
            out.push((
                created["id"].as_str().unwrap_or_default().to_owned(),
                created["token"].as_str().unwrap_or_default().to_owned(),
            ));
        }
    }
    out.truncate(count);
    out
}

async fn bench(backend: Backend) {
    let Some(server) = Server::start(backend) else {
        println!("{backend:?}: skipped (database unreachable)");
        return;
    };
    println!("{backend:?} (release server, {CONNECTIONS} connections, {SECONDS} s each, wrk on loopback):");
    let health = run_wrk(&server.url("/healthz"), None);
    row("GET /healthz (baseline)", &health, &health);

    // A request, then the baseline again, so each row has its own.
    let measure = |word: &str, url: &str, script: Option<&str>| {
        if !wanted(word) {
            return;
        }
        let figures = run_wrk(url, script);
        let baseline = run_wrk(&server.url("/healthz"), None);
        row(label(word), &figures, &baseline);
    };
    let body = example_answers().to_string();
    let run = uuid::Uuid::new_v4().simple().to_string();
    let url = server.url("/v1/assessments");
    measure("new-key", &url, Some(&assessment_script(&body, Key::Fresh)));
    measure("uuid-key", &url, Some(&assessment_script(&body, Key::Random)));
    let kept = server
        .http
        .post(&url)
        .header("Idempotency-Key", format!("{run}-retry"))
        .json(&example_answers())
        .send()
        .await
        .expect("keyed post");
    assert_eq!(kept.status(), 201, "the retried check is stored first");
    let retry = format!("{run}-retry");
    measure("retry", &url, Some(&assessment_script(&body, Key::Same(&retry))));
    measure("no-key", &url, Some(&assessment_script(&body, Key::None)));
    let compressed = format!("wrk.headers[\"Accept-Encoding\"] = \"{ACCEPT_ENCODING}\"\n");
    measure("get", &server.url("/v1/questionnaire"), Some(&compressed));

    let admin = server.staff_token("admin").await;
    let offers: Value = server.get("/v1/offers").await.json().await.expect("offers");
    let today = offers["today"].as_str().unwrap_or_default().to_owned();
    let campaign = json!({"slug": "bench", "title": "Bench", "description": "", "percent_off": 10,
        "applies_to": "a visit", "starts_on": today, "ends_on": today, "recurrence": "none"});
    server
        .http
        .post(server.url("/v1/campaigns"))
        .bearer_auth(&admin)
        .json(&campaign)
        .send()
        .await
        .expect("campaign");
    // Issue and redeem need checks of their own: prepared only when measured.
    if !wanted("issue") && !wanted("redeem") {
        println!("  peak RSS of the server: {:.1} MiB", peak_rss_mib(server.pid()));
        return;
    }
    let checks = prepare(&server, PREPARED).await;
    let issue_reqs: Vec<(String, String)> =
        checks.iter().map(|(id, token)| (format!("/v1/assessments/{id}/code"), token.clone())).collect();
    measure("issue", &server.base, Some(&rotating_script("POST", &issue_reqs, "")));

    // Codes to redeem: claim them (cheap: already issued above for most).
    let desk = server.staff_token("staff").await;
    let mut redeem_reqs = Vec::new();
    for chunk in checks.chunks(64) {
        let claims = futures::future::join_all(chunk.iter().map(|(id, token)| {
            server.http.post(server.url(&format!("/v1/assessments/{id}/code"))).bearer_auth(token).send()
        }))
        .await;
        for resp in claims.into_iter().flatten() {
            if let Ok(code) = resp.json::<Value>().await {
                redeem_reqs.push((
                    format!("/v1/codes/{}/redeem", code["code"].as_str().unwrap_or_default()),
                    desk.clone(),
                ));
            }
        }
    }
    measure("redeem", &server.base, Some(&rotating_script("POST", &redeem_reqs, "")));
    println!("  (redeem: each code once; a repeat in the same run answers 409, counted in non-2xx)");
    println!("  peak RSS of the server: {:.1} MiB", peak_rss_mib(server.pid()));
    tokio::time::sleep(Duration::from_millis(100)).await;
}

#[tokio::main]
async fn main() {
    if Command::new("wrk").arg("--version").output().is_err() {
        eprintln!("wrk is not installed: apt-get install wrk");
        std::process::exit(2);
    }
    for backend in wrk::backends() {
        bench(backend).await;
    }
}
