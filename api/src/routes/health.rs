//! Liveness and readiness.

use actix_web::{HttpResponse, web};
use solecheck_shared::api::{ErrorCode, Health};

use crate::{db::Outage, startup::AppState};

fn health(status: &str) -> Health {
    Health { status: status.to_owned(), version: env!("CARGO_PKG_VERSION").to_owned() }
}

/// Check that the process answers
///
/// A liveness probe: 200 while the process serves HTTP. It does not touch the database, so a
/// database outage never restarts the server.
#[utoipa::path(get, path = "/healthz", tag = "Probes",
    responses((status = 200, description = "The process answers", body = Health)))]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(health("ok"))
}

/// Check that the server can take traffic
///
/// A readiness probe: the database answers within 1 s and, on SQLite, has room to write. When not,
/// 503 with the reason in `status`, so a load balancer sends traffic elsewhere until it passes
/// again.
#[utoipa::path(get, path = "/readyz", tag = "Probes",
    responses((status = 200, description = "Ready: `status` is `ok`", body = Health),
        (status = 503, description = "Not ready: `status` is `database_unavailable` (no answer within 1 s) or `storage_full` (SQLite's disk has under 1 MiB free)", body = Health)))]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    match state.db.readiness().await {
        Ok(()) => HttpResponse::Ok().json(health("ok")),
        Err(outage) => {
            let code = match outage {
                Outage::Unreachable => ErrorCode::Unavailable,
                Outage::StorageFull => ErrorCode::StorageFull,
            };
            HttpResponse::ServiceUnavailable().insert_header(("Retry-After", "5")).json(health(code.as_str()))
        }
    }
}
