//! `GET /v1/clinic`: the clinic's name and contact details from the settings.

use actix_web::{HttpResponse, http::header, web};
#[allow(unused_imports)]
use solecheck_shared::api::ClinicInfo;

use crate::startup::AppState;

/// Get the clinic's name and contact details
///
/// Who runs this instance, for the widget, the console and the app.
#[utoipa::path(get, path = "/v1/clinic", tag = "Visitor and app",
    responses((status = 200, description = "The clinic's name, contact details and time zone", body = ClinicInfo)))]
pub async fn get_clinic(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .json(state.settings.clinic.info())
}
