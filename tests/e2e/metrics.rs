//! Prometheus metrics on their own listener (`SOLECHECK_METRICS_BIND`): a
//! short journey moves every counter by exactly what it did, read with an
//! independent parser (`prometheus-parse`); no label names a code, an id or
//! an address; the public port serves no metrics.

use std::collections::HashMap;

use serde_json::{Value, json};
use solecheck_tests::{Backend, Server, browser::free_port, fixtures::example_answers};

use super::codes::staff_post;

/// The public limit for this test: enough for the journey's own posts from
/// 127.0.0.1, so that only the deliberate flood is limited.
const LIMIT: usize = 10;

/// One scrape: each series (name and sorted labels) and its value; for a
/// histogram, its `+Inf` bucket (the number of observations).
struct Scrape {
    series: HashMap<String, f64>,
    text: String,
}

fn series_key(metric: &str, labels: &[(&str, &str)]) -> String {
    let mut labels: Vec<String> = labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
    labels.sort();
    format!("{metric}{{{}}}", labels.join(","))
}

impl Scrape {
    async fn take(metrics: &str) -> Self {
        let resp = reqwest::get(format!("{metrics}/metrics")).await.expect("scrape");
        assert_eq!(resp.status(), 200);
        let kind = resp.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(kind.starts_with("text/plain; version=0.0.4"), "{kind}");
        let text = resp.text().await.unwrap();
        let parsed = openmetrics_parser::prometheus::parse_prometheus(&text)
            .unwrap_or_else(|e| panic!("not the Prometheus text format ({e:?}):\n{text}"));
        let mut series = HashMap::new();
        for (name, family) in &parsed.families {
            for sample in family.iter_samples() {
                use openmetrics_parser::PrometheusValue as V;
                let value = match &sample.value {
                    V::Counter(c) => c.value.as_f64(),
                    V::Gauge(n) | V::Unknown(n) => n.as_f64(),
                    V::Histogram(h) => {
                        let infinite = h.buckets.iter().find(|b| b.upper_bound.is_infinite());
                        let count = h.count.map(|n| n as f64);
                        assert_eq!(
                            count,
                            infinite.map(|b| b.count.as_f64()),
                            "{name}: _count is the +Inf bucket"
                        );
                        count.unwrap_or(0.0)
                    }
                    V::Summary(_) => panic!("{name} is a summary, not a histogram"),
                };
                let labels = sample.get_labelset().expect("labels");
                let labels: Vec<(&str, &str)> =
                    labels.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                series.insert(series_key(name, &labels), value);
            }
        }
        Self { series, text }
    }

    fn value(&self, metric: &str, labels: &[(&str, &str)]) -> f64 {
        self.series.get(&series_key(metric, labels)).copied().unwrap_or(0.0)
    }

    /// How far a series moved since `before`.
    fn moved(&self, before: &Self, metric: &str, labels: &[(&str, &str)]) -> f64 {
        self.value(metric, labels) - before.value(metric, labels)
    }
}

async fn post_from(server: &Server, visitor: &str, path: &str, body: &Value) -> u16 {
    let resp = server.http.post(server.url(path)).header("X-Forwarded-For", visitor).json(body).send().await;
    resp.expect("POST").status().as_u16()
}

async fn a_journey_moves_the_counters_by_exactly_what_it_did(backend: Backend) {
    let metrics = format!("127.0.0.1:{}", free_port());
    let limit = LIMIT.to_string();
    let args = ["--metrics-bind", &metrics, "--trusted-proxies", "127.0.0.1", "--public-rate-limit", &limit];
    let Some((server, accounts)) = Server::start_demo_with(backend, &args) else { return };
    let metrics = format!("http://{metrics}");
    let (email, password) = accounts.first().expect("a demo account").clone();
    let before = Scrape::take(&metrics).await;
    assert_eq!(before.value("solecheck_assessments_stored_total", &[]), 0.0, "counters start at 0");

    // Three checks stored: one sent twice with the same key, and two more
    // with their codes. Seven public posts from 127.0.0.1 in all.
    let keyed = || server.http.post(server.url("/v1/assessments")).header("Idempotency-Key", "metrics-1");
    let first = keyed().json(&example_answers()).send().await.unwrap();
    let again = keyed().json(&example_answers()).send().await.unwrap();
    assert_eq!(
        (first.status().as_u16(), again.status().as_u16()),
        (201, 201),
        "the retry gets the kept reply"
    );
    let (one, two) = (server.issued_code().await, server.issued_code().await);
    let token = server.access_token(&email, &password).await;
    // One redemption, one refused as already redeemed, one as not a code.
    assert_eq!(staff_post(&server, &format!("/v1/codes/{one}/redeem"), &token, None).await.status(), 200);
    assert_eq!(staff_post(&server, &format!("/v1/codes/{one}/redeem"), &token, None).await.status(), 409);
    assert_eq!(staff_post(&server, "/v1/codes/NOT-A-CODE/redeem", &token, None).await.status(), 400);
    // Two wrong passwords, from a visitor of their own.
    let wrong = json!({"email": email, "password": "not the password"});
    for _ in 0..2 {
        assert_eq!(post_from(&server, "198.51.100.20", "/v1/auth/login", &wrong).await, 401);
    }
    // A flood of empty bodies from one visitor: refused as invalid, then limited once.
    for _ in 0..LIMIT {
        assert_eq!(post_from(&server, "198.51.100.9", "/v1/assessments", &json!({})).await, 422);
    }
    assert_eq!(post_from(&server, "198.51.100.9", "/v1/assessments", &json!({})).await, 429);
    assert_eq!(server.get("/no/such/page/ABCD-2345").await.status(), 404);
    let after = Scrape::take(&metrics).await;

    assert!(
        after.text.contains("# TYPE solecheck_http_request_duration_seconds histogram"),
        "{}",
        after.text
    );
    let moved = |metric: &str, labels: &[(&str, &str)]| after.moved(&before, metric, labels);
    assert_eq!(moved("solecheck_assessments_stored_total", &[]), 3.0);
    assert_eq!(moved("solecheck_codes_issued_total", &[]), 2.0);
    assert_eq!(moved("solecheck_redemptions_total", &[]), 1.0);
    let refused = "solecheck_redemptions_refused_total";
    assert_eq!(moved(refused, &[("reason", "already_redeemed")]), 1.0);
    assert_eq!(moved(refused, &[("reason", "invalid_code")]), 1.0);
    for reason in ["expired", "voided", "unknown_code"] {
        assert_eq!(moved(refused, &[("reason", reason)]), 0.0, "{reason}");
    }
    assert_eq!(moved("solecheck_logins_failed_total", &[]), 2.0);
    assert_eq!(moved("solecheck_rate_limited_total", &[("limit", "public")]), 1.0);
    assert_eq!(moved("solecheck_rate_limited_total", &[("limit", "login")]), 0.0);

    let requests = "solecheck_http_requests_total";
    let checks = |status| [("method", "POST"), ("route", "/v1/assessments"), ("status", status)];
    assert_eq!(moved(requests, &checks("201")), 4.0, "two keyed and two for the codes");
    assert_eq!(moved(requests, &checks("422")), 10.0);
    assert_eq!(moved(requests, &checks("429")), 1.0);
    let redeem = |status| [("method", "POST"), ("route", "/v1/codes/{code}/redeem"), ("status", status)];
    assert_eq!(
        (moved(requests, &redeem("200")), moved(requests, &redeem("409"))),
        (1.0, 1.0),
        "{:?}",
        after.series.keys().filter(|k| k.starts_with(requests)).collect::<Vec<_>>()
    );
    assert_eq!(moved(requests, &[("method", "GET"), ("route", "unmatched"), ("status", "404")]), 1.0);
    let timed = [("method", "POST"), ("route", "/v1/assessments")];
    assert_eq!(moved("solecheck_http_request_duration_seconds", &timed), 15.0, "every check post is timed");

    let max = after.value("solecheck_db_pool_connections_max", &[]);
    assert!(max >= 1.0, "the pool's size is shown: {max}");
    assert!(after.value("solecheck_db_pool_connections_in_use", &[]) <= max);
    assert!(after.series.contains_key(&series_key("solecheck_writer_queue_depth", &[])));
    assert_eq!(after.value("solecheck_writer_queue_depth", &[]), 0.0, "nothing waits when idle");

    // Nothing the journey sent or got back appears in a label.
    for secret in [one.as_str(), two.as_str(), "198.51.100", "ABCD-2345", "NOT-A-CODE", email.as_str()] {
        assert!(!after.text.contains(secret), "{secret} is in the metrics");
    }
    // The public port serves no metrics.
    assert_eq!(server.get("/metrics").await.status(), 404);
}

crate::on_both_backends!(a_journey_moves_the_counters_by_exactly_what_it_did);

#[test]
fn metrics_on_the_public_port_stop_start_up() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("clinic.db");
    let bind = format!("127.0.0.1:{}", free_port());
    let env = [
        ("DATABASE_URL", db.to_str().unwrap()),
        ("SOLECHECK_BIND", &bind),
        ("SOLECHECK_METRICS_BIND", &bind),
    ];
    let out = super::cli::run(&["serve"], &env, None, None);
    assert!(!out.status.success());
    let stderr = super::cli::text(&out.stderr);
    assert!(stderr.contains("SOLECHECK_METRICS_BIND must not be the public address"), "{stderr}");
}
