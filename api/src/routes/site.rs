//! The pages: the demo clinic page at `/` and the staff console at `/staff`
//! (the built widget and console files are served from disk, see `startup`).
//! Both carry the clinic's name from the settings and a strict
//! Content-Security-Policy that the widget and the console run under.

use actix_web::{HttpResponse, http::header, web};

use crate::{settings::Clinic, startup::AppState};

/// No inline scripts or styles, no third-party anything; wasm may compile.
const PAGE_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// The pages, filled in with the clinic's details once at start-up.
pub struct Pages {
    demo: String,
    console: String,
}

impl Pages {
    /// Renders both pages for `clinic`.
    pub fn render(clinic: &Clinic) -> Self {
        let fill = |template: &str| {
            template
                .replace("{{clinic_name}}", &html_escape::encode_double_quoted_attribute(&clinic.name))
                .replace(
                    "{{clinic_location}}",
                    &html_escape::encode_double_quoted_attribute(&clinic.location),
                )
        };
        Self {
            demo: fill(include_str!("../../static/demo.html")),
            console: fill(include_str!("../../static/console.html")),
        }
    }
}

/// An HTML page under the CSP; not cached without revalidation, so a new
/// release is picked up at once.
fn page() -> actix_web::HttpResponseBuilder {
    let mut response = HttpResponse::Ok();
    response
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_SECURITY_POLICY, PAGE_CSP))
        .insert_header((header::CACHE_CONTROL, "no-cache"));
    response
}

/// Open the demo page with the widget
#[utoipa::path(get, path = "/", tag = "Pages",
    responses((status = 200, description = "The demo clinic page embedding the widget", content_type = "text/html")))]
pub async fn demo_page(state: web::Data<AppState>) -> HttpResponse {
    page().body(state.pages.demo.clone())
}

/// Open the staff console
#[utoipa::path(get, path = "/staff", tag = "Pages",
    responses((status = 200, description = "The staff console: front desk, campaigns, accounts and figures", content_type = "text/html")))]
pub async fn console_page(state: web::Data<AppState>) -> HttpResponse {
    page()
        // The desk scans codes with the camera; nothing else may use it.
        .insert_header(("Permissions-Policy", "camera=(self), microphone=(), geolocation=()"))
        .body(state.pages.console.clone())
}

/// The pages' icon (a sole on the clinic's colour). Without one, browsers ask
/// for `/favicon.ico` on every page and fill the logs with not-found answers.
const ICON: &str = include_str!("../../static/favicon.svg");

/// `GET /favicon.svg`.
pub async fn icon() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("image/svg+xml")
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(ICON)
}
