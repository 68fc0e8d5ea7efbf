//! API benchmark: drives the release server with `wrk` (64 connections on
//! loopback) and prints req/s, p50 and p99 of `POST /v1/assessments`, code
//! issue and redeem, each next to `GET /healthz` of the same server in the same
//! run, on SQLite and PostgreSQL, and the server's peak RSS. Asserts nothing.

use std::{fmt::Write as _, process::Command, time::Duration};

use serde_json::{Value, json};
use solecheck_tests::{Backend, Server, fixtures::example_answers};

const CONNECTIONS: usize = 64;
const SECONDS: u64 = 8;
/// Checks prepared for the code-issue and redeem runs (each request its own).
const PREPARED: usize = 40_000;

/// One wrk run's figures.
struct Figures {
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
    non_2xx: u64,
}

fn millis(text: &str) -> f64 {
    let text = text.trim();
    let (number, factor) = if let Some(n) = text.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = text.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1000.0)
    } else {
        (text, 1.0)
    };
    number.parse::<f64>().unwrap_or(f64::NAN) * factor
}

fn wrk(url: &str, script: Option<&str>) -> Figures {
    let mut cmd = Command::new("wrk");
    cmd.args(["-t2", &format!("-c{CONNECTIONS}"), &format!("-d{SECONDS}s"), "--latency"]);
    let dir = tempfile::tempdir().expect("temp dir");
    if let Some(script) = script {
        let path = dir.path().join("script.lua");
        std::fs::write(&path, script).expect("write lua");
        cmd.arg("-s").arg(path);
    }
    let out = cmd.arg(url).output().expect("run wrk (apt-get install wrk)");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let find = |prefix: &str| {
        text.lines()
            .map(str::trim)
            .find_map(|l| l.strip_prefix(prefix).map(str::to_owned))
            .unwrap_or_default()
    };
    Figures {
        rps: find("Requests/sec:").trim().parse().unwrap_or(f64::NAN),
        p50_ms: millis(&find("50%")),
        p99_ms: millis(&find("99%")),
        non_2xx: find("Non-2xx or 3xx responses:").trim().parse().unwrap_or(0),
    }
}

/// A wrk script that sends `method` to paths/headers taken in turn from a list.
fn rotating_script(method: &str, requests: &[(String, String)], body: &str) -> String {
    let mut lua = String::from("local reqs = {\n");
    for (path, token) in requests {
        let _ = writeln!(lua, "  {{\"{path}\", \"{token}\"}},");
    }
    let _ = write!(
        lua,
        "}}\nlocal i = 0\nlocal body = [[{body}]]\nrequest = function()\n  i = i % #reqs + 1\n  \
         return wrk.format(\"{method}\", reqs[i][1], {{[\"Authorization\"] = \"Bearer \" .. reqs[i][2], \
         [\"Content-Type\"] = \"application/json\"}}, body)\nend\n"
    );
    lua
}

fn peak_rss_mib(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                l.strip_prefix("VmHWM:").map(|v| v.trim().trim_end_matches("kB").trim().to_owned())
            })
        })
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
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
    let health = wrk(&server.url("/healthz"), None);
    row("GET /healthz (baseline)", &health, &health);

    let body = example_answers().to_string();
    let post = format!(
        "wrk.method = \"POST\"\nwrk.body = [[{body}]]\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"
    );
    let create = wrk(&server.url("/v1/assessments"), Some(&post));
    let health2 = wrk(&server.url("/healthz"), None);
    row("POST /v1/assessments", &create, &health2);

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
    let checks = prepare(&server, PREPARED).await;
    let issue_reqs: Vec<(String, String)> =
        checks.iter().map(|(id, token)| (format!("/v1/assessments/{id}/code"), token.clone())).collect();
    let issue = wrk(&server.base, Some(&rotating_script("POST", &issue_reqs, "")));
    let health3 = wrk(&server.url("/healthz"), None);
    row("POST .../code (issue)", &issue, &health3);

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
    let redeem = wrk(&server.base, Some(&rotating_script("POST", &redeem_reqs, "")));
    let health4 = wrk(&server.url("/healthz"), None);
    row("POST /v1/codes/.../redeem", &redeem, &health4);
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
    bench(Backend::Sqlite).await;
    bench(Backend::Postgres).await;
}
