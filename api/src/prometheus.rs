//! Prometheus metrics, served on a listener of their own
//! (`SOLECHECK_METRICS_BIND`) and never on the public port: what the clinic's
//! operator graphs and alerts on. Every metric is named here, so one search
//! finds what a name means and where it is counted.
//!
//! No label carries a code, an id, an address or an answer: requests are
//! labelled by route pattern (`/v1/codes/{code}`), refusals by their stable
//! error code. The domain counters move when the transaction holding the work
//! has committed, so a retried or failed batch is never counted twice.

use std::{
    collections::HashMap,
    time::{Duration, Instant},
};

use actix_web::{
    HttpResponse,
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse},
    http::Method,
    middleware::Next,
    web,
};
use metrics::{Unit, counter, describe_counter, describe_gauge, describe_histogram, gauge, histogram};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use solecheck_shared::api::ErrorCode;

use crate::startup::AppState;

/// Requests answered, by `method`, `route` pattern and `status`.
pub const HTTP_REQUESTS: &str = "solecheck_http_requests_total";
/// Time to the response head, by `method` and `route` pattern.
pub const HTTP_DURATION: &str = "solecheck_http_request_duration_seconds";
/// New checks stored (a retried `Idempotency-Key` stores none).
pub const CHECKS_STORED: &str = "solecheck_assessments_stored_total";
/// Discount codes issued.
pub const CODES_ISSUED: &str = "solecheck_codes_issued_total";
/// Codes redeemed at the front desk.
pub const REDEMPTIONS: &str = "solecheck_redemptions_total";
/// Redemptions refused, by `reason` (the problem's error code).
pub const REDEMPTIONS_REFUSED: &str = "solecheck_redemptions_refused_total";
/// Staff sign-ins refused for a wrong email or password.
pub const LOGINS_FAILED: &str = "solecheck_logins_failed_total";
/// Requests answered 429, by `limit` (`public` or `login`).
pub const RATE_LIMITED: &str = "solecheck_rate_limited_total";
/// Database connections handed out now.
pub const POOL_IN_USE: &str = "solecheck_db_pool_connections_in_use";
/// Database connections open and idle now.
pub const POOL_IDLE: &str = "solecheck_db_pool_connections_idle";
/// Most database connections the process may open.
pub const POOL_MAX: &str = "solecheck_db_pool_connections_max";
/// Writes waiting for the assessment writer's next group commit.
pub const WRITER_QUEUE: &str = "solecheck_writer_queue_depth";

/// Why a redemption can be refused; listed so each series exists, at 0, from the start.
const REFUSALS: [ErrorCode; 5] = [
    ErrorCode::AlreadyRedeemed,
    ErrorCode::Expired,
    ErrorCode::Voided,
    ErrorCode::InvalidCode,
    ErrorCode::UnknownCode,
];

/// Which limit answered 429.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// The per-address limit of the public POST routes.
    Public,
    /// Staff sign-in throttling after failures.
    Login,
}

impl Limit {
    const fn label(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::Login => "login",
        }
    }
}

/// The request latency buckets, in seconds: a cached GET takes well under a
/// millisecond, a sign-in (argon2id) a few hundred.
const BUCKETS: [f64; 14] =
    [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// Why metrics could not be set up.
#[derive(Debug, thiserror::Error)]
#[error("could not set up the metrics: {0}")]
pub struct MetricsError(#[from] metrics_exporter_prometheus::BuildError);

/// Installs the process's recorder; every counter starts at 0 so that a
/// scrape right after start shows each series.
pub fn install() -> Result<PrometheusHandle, MetricsError> {
    let handle = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Full(HTTP_DURATION.to_owned()), &BUCKETS)?
        .install_recorder()?;
    describe();
    for name in [CHECKS_STORED, CODES_ISSUED, REDEMPTIONS, LOGINS_FAILED] {
        counter!(name).absolute(0);
    }
    for reason in REFUSALS {
        counter!(REDEMPTIONS_REFUSED, "reason" => reason.as_str()).absolute(0);
    }
    for limit in [Limit::Public, Limit::Login] {
        counter!(RATE_LIMITED, "limit" => limit.label()).absolute(0);
    }
    Ok(handle)
}

fn describe() {
    describe_counter!(HTTP_REQUESTS, "Requests answered, by method, route pattern and status.");
    describe_histogram!(
        HTTP_DURATION,
        Unit::Seconds,
        "Time to the response head, by method and route pattern."
    );
    describe_counter!(CHECKS_STORED, "New self-checks stored.");
    describe_counter!(CODES_ISSUED, "Discount codes issued.");
    describe_counter!(REDEMPTIONS, "Codes redeemed at the front desk.");
    describe_counter!(REDEMPTIONS_REFUSED, "Redemptions refused, by reason.");
    describe_counter!(LOGINS_FAILED, "Staff sign-ins refused for a wrong email or password.");
    describe_counter!(RATE_LIMITED, "Requests refused by a rate limit, by limit.");
    describe_gauge!(POOL_IN_USE, "Database connections in use.");
    describe_gauge!(POOL_IDLE, "Database connections open and idle.");
    describe_gauge!(POOL_MAX, "Most database connections the process may open.");
    describe_gauge!(WRITER_QUEUE, "Writes waiting for the next group commit.");
}

/// Counts what one committed group commit stored.
pub fn committed(checks: u64, issued: u64, redeemed: u64) {
    counter!(CHECKS_STORED).increment(checks);
    counter!(CODES_ISSUED).increment(issued);
    counter!(REDEMPTIONS).increment(redeemed);
}

/// Counts a refused redemption.
pub fn redemption_refused(reason: ErrorCode) {
    counter!(REDEMPTIONS_REFUSED, "reason" => reason.as_str()).increment(1);
}

/// Counts a sign-in refused for its credentials.
pub fn login_failed() {
    counter!(LOGINS_FAILED).increment(1);
}

/// Counts a request refused by `limit`.
pub fn rate_limited(limit: Limit) {
    counter!(RATE_LIMITED, "limit" => limit.label()).increment(1);
}

/// The method as a label: one of the standard ones, or `other`, so a
/// client cannot mint series with made-up methods.
fn method_label(method: &Method) -> &'static str {
    const KNOWN: [(Method, &str); 7] = [
        (Method::GET, "GET"),
        (Method::HEAD, "HEAD"),
        (Method::POST, "POST"),
        (Method::PATCH, "PATCH"),
        (Method::PUT, "PUT"),
        (Method::DELETE, "DELETE"),
        (Method::OPTIONS, "OPTIONS"),
    ];
    KNOWN.iter().find(|(known, _)| known == method).map_or("other", |(_, label)| label)
}

/// Middleware: counts and times every request by its route pattern. A path
/// that matches no route is `unmatched`, whatever it was.
pub async fn track(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let method = method_label(req.method());
    let res = next.call(req).await?;
    let route = res.request().match_pattern().unwrap_or_else(|| "unmatched".to_owned());
    let status = res.status().as_u16();
    SERIES.with_borrow_mut(|series| {
        let (requests, duration) = series.entry((method, route, status)).or_insert_with_key(|(method, route, status)| {
            let requests = counter!(HTTP_REQUESTS, "method" => *method, "route" => route.clone(), "status" => status.to_string());
            (requests, histogram!(HTTP_DURATION, "method" => *method, "route" => route.clone()))
        });
        requests.increment(1);
        duration.record(started.elapsed());
    });
    Ok(res)
}

thread_local! {
    /// Each worker's handles of the request series it has met: the registry
    /// is asked (its labels built and hashed) once per series, not on every
    /// request, which cost a fifth of `/healthz`'s throughput. Bounded by
    /// routes x methods x statuses.
    static SERIES: std::cell::RefCell<HashMap<SeriesKey, (metrics::Counter, metrics::Histogram)>> =
        std::cell::RefCell::new(HashMap::new());
}

/// A request series: method, route pattern and status.
type SeriesKey = (&'static str, String, u16);

/// `GET /metrics` on the metrics listener: the gauges read now, then everything.
async fn scrape(state: web::Data<AppState>, handle: web::Data<PrometheusHandle>) -> HttpResponse {
    let pool = state.db.pool_usage();
    gauge!(POOL_IN_USE).set(f64::from(pool.in_use));
    gauge!(POOL_IDLE).set(f64::from(pool.idle));
    gauge!(POOL_MAX).set(f64::from(pool.max));
    gauge!(WRITER_QUEUE).set(u32::try_from(state.writer.queue_depth()).map_or(f64::MAX, f64::from));
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .body(handle.render())
}

/// How often histogram samples are folded in when nobody scrapes.
const UPKEEP_EVERY: Duration = Duration::from_secs(5);

/// The metrics server on `listener`: `/metrics` only, one worker.
pub fn server(
    listener: std::net::TcpListener,
    handle: PrometheusHandle,
    state: web::Data<AppState>,
) -> std::io::Result<actix_web::dev::Server> {
    let upkeep = handle.clone();
    actix_web::rt::spawn(async move {
        let mut every = actix_web::rt::time::interval(UPKEEP_EVERY);
        loop {
            every.tick().await;
            upkeep.run_upkeep();
        }
    });
    let handle = web::Data::new(handle);
    Ok(actix_web::HttpServer::new(move || {
        actix_web::App::new()
            .app_data(state.clone())
            .app_data(handle.clone())
            .route("/metrics", web::get().to(scrape))
            .default_service(web::to(crate::error::not_found))
    })
    .workers(1)
    .disable_signals()
    .shutdown_timeout(1)
    .listen(listener)?
    .run())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_up_methods_share_one_label() {
        assert_eq!(method_label(&Method::POST), "POST");
        assert_eq!(method_label(&Method::from_bytes(b"BREW").expect("a method")), "other");
    }

    #[test]
    fn every_refusal_reason_is_a_stable_error_code() {
        for reason in REFUSALS {
            assert_eq!(ErrorCode::from_key(reason.as_str()), Some(reason));
        }
    }
}
