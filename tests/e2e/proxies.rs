//! The client's address behind a reverse proxy (`SOLECHECK_TRUSTED_PROXIES`):
//! visitors forwarded by a trusted proxy, a real nginx among them, are
//! limited and throttled apart, what anyone else writes in `X-Forwarded-For`
//! or `Forwarded` is ignored, and a malformed list stops start-up.

use std::net::IpAddr;

use serde_json::{Value, json};
use solecheck_tests::{Backend, Server, contract::client_from, fixtures::example_answers, proxy::Nginx};

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

/// Two visitors on their own loopback addresses, as nginx sees them.
fn visitors() -> [reqwest_middleware::ClientWithMiddleware; 2] {
    [IpAddr::from([127, 0, 0, 2]), IpAddr::from([127, 0, 0, 3])].map(|ip| client_from(Some(ip)))
}

/// A real nginx in front of `server`, the way a clinic's deployment has one.
fn nginx_for(server: &Server) -> Nginx {
    Nginx::start(server.url("").trim_start_matches("http://"))
}

async fn through_nginx_a_flood_is_limited_per_visitor(backend: Backend) {
    let args = ["--trusted-proxies", "127.0.0.1", "--public-rate-limit", LIMIT];
    let Some(server) = Server::start_with(backend, &args) else { return };
    let nginx = nginx_for(&server);
    let [alice, bob] = visitors();
    let post = |client: &reqwest_middleware::ClientWithMiddleware, url: String, spoof: Option<&str>| {
        let mut request = client.post(url).json(&example_answers());
        if let Some(address) = spoof {
            request = request.header("X-Forwarded-For", address);
        }
        async move { request.send().await.unwrap().status().as_u16() }
    };
    let through = nginx.url("/v1/assessments");
    for i in 0..6 {
        assert_eq!(post(&alice, through.clone(), None).await, if i < 3 { 201 } else { 429 }, "post {i}");
    }
    assert_eq!(post(&bob, through.clone(), None).await, 201, "another visitor is not held up");
    // nginx appends the address it saw, so what Alice writes herself is not believed...
    assert_eq!(post(&alice, through.clone(), Some("198.51.100.9")).await, 429);
    // ...nor when she goes round the proxy, straight to the service.
    assert_eq!(post(&alice, server.url("/v1/assessments"), Some("198.51.100.9")).await, 429);
    assert_eq!(post(&bob, through, None).await, 201);
}

async fn through_nginx_failed_logins_lock_out_only_the_guesser(backend: Backend) {
    let Some(server) = Server::start_with(backend, &["--trusted-proxies", "127.0.0.1"]) else { return };
    let nginx = nginx_for(&server);
    let [guesser, desk] = visitors();
    let login = |client: &reqwest_middleware::ClientWithMiddleware, body: Value| {
        let request = client.post(nginx.url("/v1/auth/login")).json(&body);
        async move { request.send().await.unwrap().status().as_u16() }
    };
    for i in 0..25 {
        let body = json!({"email": format!("guess{i}@clinic.test"), "password": "guess"});
        assert_eq!(login(&guesser, body).await, if i < 20 { 401 } else { 429 }, "attempt {i}");
    }
    let password = server.add_staff("desk@clinic.test", "staff");
    let body = json!({"email": "desk@clinic.test", "password": password});
    assert_eq!(login(&desk, body.clone()).await, 200, "the front desk signs in through the same proxy");
    assert_eq!(login(&guesser, body).await, 429);
}

crate::on_both_backends!(
    visitors_behind_a_trusted_proxy_are_limited_apart,
    a_forwarded_address_from_anyone_else_is_ignored,
    failed_logins_of_one_visitor_do_not_lock_out_another,
    through_nginx_a_flood_is_limited_per_visitor,
    through_nginx_failed_logins_lock_out_only_the_guesser
);

#[tokio::test]
async fn hsts_is_sent_when_a_trusted_proxy_says_the_visitor_came_over_https() {
    let args = ["--trusted-proxies", "127.0.0.1"];
    let Some(server) = Server::start_with(Backend::Sqlite, &args) else { return };
    let hsts = |header: &'static str, value: &'static str, url: String| {
        let request = server.http.get(url).header(header, value);
        async move {
            let resp = request.send().await.unwrap();
            resp.headers().get("strict-transport-security").map(|v| v.to_str().unwrap().to_owned())
        }
    };
    let healthz = server.url("/healthz");
    assert_eq!(
        hsts("X-Forwarded-Proto", "https", healthz.clone()).await.as_deref(),
        Some("max-age=31536000")
    );
    assert_eq!(
        hsts("Forwarded", "for=192.0.2.1;proto=https", healthz.clone()).await.as_deref(),
        Some("max-age=31536000")
    );
    assert_eq!(hsts("X-Forwarded-Proto", "http", healthz.clone()).await, None);
    // nginx in front over plain HTTP says http.
    let nginx = nginx_for(&server);
    assert_eq!(hsts("X-Forwarded-Proto", "https", nginx.url("/healthz")).await, None);
    // And a server that trusts no proxy believes no one.
    let Some(alone) = Server::start(Backend::Sqlite) else { return };
    let resp =
        alone.http.get(alone.url("/healthz")).header("X-Forwarded-Proto", "https").send().await.unwrap();
    assert!(!resp.headers().contains_key("strict-transport-security"));
}

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
