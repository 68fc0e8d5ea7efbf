//! The clinic's details come from the settings: `GET /v1/clinic`, and the
//! demo page and the staff console carry its name (escaped) under the CSP.

use serde_json::{Value, json};
use solecheck_tests::{Backend, Server};

#[tokio::test]
async fn the_clinic_is_configuration_not_code() {
    let server = Server::start_with(
        Backend::Sqlite,
        &[
            "--clinic-name",
            "Río <Sport> & Spine",
            "--clinic-location",
            "Cedar City, Utah",
            "--clinic-phone",
            "+1 435 555 0100",
            "--clinic-booking-url",
            "https://clinic.example/book",
            "--timezone",
            "America/Phoenix",
        ],
    )
    .expect("sqlite");
    let info: Value = server.get("/v1/clinic").await.json().await.unwrap();
    assert_eq!(
        info,
        json!({"name": "Río <Sport> & Spine", "location": "Cedar City, Utah", "phone": "+1 435 555 0100",
               "booking_url": "https://clinic.example/book", "time_zone": "America/Phoenix"})
    );
    for page in ["/", "/staff"] {
        let resp = server.get(page).await;
        let csp = resp.headers()["content-security-policy"].to_str().unwrap().to_owned();
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval'") && !csp.contains("unsafe-inline"),
            "{csp}"
        );
        let html = resp.text().await.unwrap();
        assert!(html.contains("Río &lt;Sport&gt; &amp; Spine"), "{page}: the name, escaped");
        assert!(!html.contains("<Sport>") && !html.contains("Crux"), "{page}");
    }
    let console = server.get("/staff").await;
    assert_eq!(console.headers()["permissions-policy"], "camera=(self), microphone=(), geolocation=()");
}

/// Every page names its icon, and the icon is there: browsers do not go
/// looking for `/favicon.ico` (a not-found answer in the logs on every visit).
#[tokio::test]
async fn every_page_has_its_icon() {
    let server = Server::start(Backend::Sqlite).expect("sqlite");
    for page in ["/", "/staff", "/docs"] {
        let html = server.get(page).await.text().await.unwrap();
        assert!(html.contains(r#"<link rel="icon" href="/favicon.svg" type="image/svg+xml">"#), "{page}");
    }
    let icon = server.get("/favicon.svg").await;
    assert_eq!(icon.status(), 200);
    assert_eq!(icon.headers()["content-type"], "image/svg+xml");
    assert!(icon.text().await.unwrap().starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
}

#[tokio::test]
async fn defaults_are_the_clinic_of_the_article() {
    let server = Server::start(Backend::Sqlite).expect("sqlite");
    let info: Value = server.get("/v1/clinic").await.json().await.unwrap();
    assert_eq!(info["name"], "Crux Sport & Spine");
    assert_eq!(info["location"], "St. George, Utah");
    assert_eq!(info["time_zone"], "America/Denver");
    assert_eq!(info["phone"], Value::Null);
}

#[test]
fn a_booking_link_must_be_a_web_address() {
    // In a scratch folder, and within a minute: were the link ever accepted,
    // the server would start there and the test would fail, not hang.
    let dir = tempfile::tempdir().unwrap();
    let output = crate::cli::run(
        &["serve", "--clinic-booking-url", "javascript:alert(1)"],
        &[("SOLECHECK_BIND", "127.0.0.1:0")],
        None,
        Some(dir.path()),
    );
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("http:// or https://"));
}
