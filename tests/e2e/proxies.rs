//! The client's address behind a reverse proxy (`SOLECHECK_TRUSTED_PROXIES`):
//! visitors forwarded by a trusted proxy are limited and throttled apart,
//! what anyone else writes in `X-Forwarded-For` or `Forwarded` is ignored,
//! and a malformed list stops start-up.

use serde_json::{Value, json};
use solecheck_tests::{Backend, Server, fixtures::example_answers};

use super::cli::{run, text};

/// `--public-rate-limit` for these tests: a few posts a minute per address.
const LIMIT: &str = "3";

/// Posts a check with `header: value` set.
async fn post_as(server: &Server, header: &str, value: &str) -> u16 {
    let resp = server
        .http
        .post(server.url("/v1/assessments"))
        .header(header, value)
        .json(&example_answers())
        .send()
        .await
        .unwrap();
    resp.status().as_u16()
}

/// Signs in with `body` as the visitor the proxy forwards for `visitor`.
async fn login_as(server: &Server, visitor: &str, body: &Value) -> u16 {
    let resp = server
        .http
        .post(server.url("/v1/auth/login"))
        .header("X-Forwarded-For", visitor)
        .json(body)
        .send()
        .await
        .unwrap();
    resp.status().as_u16()
}

async fn visitors_behind_a_trusted_proxy_are_limited_apart(backend: Backend) {
    let args = ["--trusted-proxies", "127.0.0.1,::1", "--public-rate-limit", LIMIT];
    let Some(server) = Server::start_with(backend, &args) else { return };
    for _ in 0..3 {
        assert_eq!(post_as(&server, "X-Forwarded-For", "198.51.100.7").await, 201);
    }
    assert_eq!(post_as(&server, "X-Forwarded-For", "198.51.100.7").await, 429, "that visitor is limited");
    // Writing another address on the left does not escape the limit: the
    // proxy's own entry is the rightmost one.
    assert_eq!(post_as(&server, "X-Forwarded-For", "203.0.113.1, 198.51.100.7").await, 429);
    // Another visitor, by either header, still gets through.
    assert_eq!(post_as(&server, "X-Forwarded-For", "198.51.100.8").await, 201);
    assert_eq!(post_as(&server, "Forwarded", "for=\"[2001:db8::7]:4711\";proto=https").await, 201);
}

async fn a_forwarded_address_from_anyone_else_is_ignored(backend: Backend) {
    let Some(server) = Server::start_with(backend, &["--public-rate-limit", LIMIT]) else { return };
    // Without trusted proxies each post claims a new address; all share the peer's limit.
    for visitor in ["198.51.100.1", "198.51.100.2", "198.51.100.3"] {
        assert_eq!(post_as(&server, "X-Forwarded-For", visitor).await, 201);
    }
    assert_eq!(post_as(&server, "X-Forwarded-For", "198.51.100.4").await, 429);
    assert_eq!(post_as(&server, "Forwarded", "for=198.51.100.5").await, 429);
}

async fn failed_logins_of_one_visitor_do_not_lock_out_another(backend: Backend) {
    let Some(server) = Server::start_with(backend, &["--trusted-proxies", "127.0.0.0/8,::1"]) else { return };
    for i in 0..25 {
        let body = json!({"email": format!("guess{i}@clinic.test"), "password": "guess"});
        let status = login_as(&server, "203.0.113.66", &body).await;
        assert_eq!(status, if i < 20 { 401 } else { 429 }, "attempt {i}");
    }
    let password = server.add_staff("desk@clinic.test", "staff");
    let desk = json!({"email": "desk@clinic.test", "password": password});
    assert_eq!(login_as(&server, "198.51.100.20", &desk).await, 200, "the front desk signs in");
    assert_eq!(login_as(&server, "203.0.113.66", &desk).await, 429, "the guesser stays locked out");
}

crate::on_both_backends!(
    visitors_behind_a_trusted_proxy_are_limited_apart,
    a_forwarded_address_from_anyone_else_is_ignored,
    failed_logins_of_one_visitor_do_not_lock_out_another
);

#[test]
fn a_malformed_proxy_list_stops_start_up_naming_the_variable() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("solecheck.db").display());
    let env = [("DATABASE_URL", url.as_str()), ("SOLECHECK_TRUSTED_PROXIES", "127.0.0.1,10.0.0/8")];
    let out = run(&["serve", "--bind", "127.0.0.1:0"], &env, None, None);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("SOLECHECK_TRUSTED_PROXIES: `10.0.0/8` is not an IP address or CIDR range"),
        "{stderr}"
    );
}
