//! Liveness and readiness.

use actix_web::{HttpResponse, web};
use solecheck_shared::api::Health;

use crate::startup::AppState;

fn health(status: &str) -> Health {
    Health { status: status.to_owned(), version: env!("CARGO_PKG_VERSION").to_owned() }
}

/// `GET /healthz`: the process answers.
#[utoipa::path(get, path = "/healthz", tag = "health",
    responses((status = 200, description = "The process answers", body = Health)))]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(health("ok"))
}

/// `GET /readyz`: the database answers too; 503 when it does not.
#[utoipa::path(get, path = "/readyz", tag = "health",
    responses((status = 200, description = "Ready", body = Health), (status = 503, description = "The database is unreachable", body = Health)))]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    if state.db.ping().await {
        HttpResponse::Ok().json(health("ok"))
    } else {
        HttpResponse::ServiceUnavailable().json(health("unavailable"))
    }
}
