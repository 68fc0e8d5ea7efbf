//! `GET /v1/clinic`: the clinic's name and contact details from the settings.

use actix_web::{HttpResponse, http::header, web};
#[allow(unused_imports)]
use solecheck_shared::api::ClinicInfo;

use crate::startup::AppState;

/// `GET /v1/clinic`: who runs this instance, for the widget, console and app.
#[utoipa::path(get, path = "/v1/clinic", tag = "public",
    responses((status = 200, description = "The clinic's name, contact details and time zone", body = ClinicInfo)))]
pub async fn get_clinic(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .json(state.settings.clinic.info())
}
