//! The API reference at `/docs` in headless Chromium: Swagger UI, served by
//! the api itself, renders every operation of `/openapi.json`, loads nothing
//! from anywhere else, and "Try it" calls this server, with a pasted staff
//! token for the staff routes.

use fantoccini::Locator;
use serde_json::{Value, json};
use solecheck_tests::{Backend, Browser, Server};

/// The operations of the served document.
async fn operations(server: &Server) -> usize {
    let doc: Value = server.get("/openapi.json").await.json().await.unwrap();
    let paths = doc["paths"].as_object().expect("paths");
    paths.values().map(|item| item.as_object().map_or(0, |ops| ops.len())).sum()
}

/// Opens the operation with `id` (Swagger UI's `#operations-TAG-ID` block),
/// runs "Try it" and returns the status it shows.
async fn try_it(b: &Browser, id: &str) -> String {
    let block = format!("[id^='operations-'][id$='-{id}']");
    let open = format!(
        "const op = document.querySelector({block:?}); if (!op) return false; \
         if (!op.classList.contains('is-open')) op.querySelector('.opblock-summary-control').click(); return true;"
    );
    b.wait_for(&format!("the operation {id}"), &open, 20).await;
    // An answer from an earlier try is cleared first.
    b.js(&format!(
        "document.querySelector({block:?})?.querySelector('button.btn-clear')?.click(); return true;"
    ))
    .await;
    let cleared =
        format!("return !document.querySelector({block:?})?.querySelector('.live-responses-table');");
    b.wait_for(&format!("{id}'s earlier answer to go"), &cleared, 20).await;
    let execute = format!(
        "const button = document.querySelector({block:?})?.querySelector('button.execute'); \
         if (!button) return false; button.click(); return true;"
    );
    b.wait_for(&format!("{id}'s Execute button"), &execute, 20).await;
    let status = format!(
        "return document.querySelector({block:?})?.querySelector('.live-responses-table tbody .response-col_status')?.textContent?.trim() || null;"
    );
    b.wait_for(&format!("{id}'s answer"), &status, 20).await.as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn swagger_ui_renders_every_operation_offline_and_tries_them_here() {
    let server = Server::start(Backend::Sqlite).expect("sqlite");
    let token = server.staff_token("staff").await;
    let b = Browser::start(1280, 1000).await;
    b.client.goto(&server.url("/docs")).await.unwrap();
    let expected = operations(&server).await;
    let count = "const n = document.querySelectorAll('.opblock').length; return n > 0 ? n : null;";
    let shown = b.wait_for("the rendered operations", count, 30).await;
    assert_eq!(shown, json!(expected), "every operation of /openapi.json is on the page");
    let title = b.js("return document.querySelector('.info .title')?.textContent ?? null").await;
    assert!(title.as_str().is_some_and(|t| t.starts_with("SoleCheck API")), "{title}");

    // The recorded example of an answer is on the page as the document has
    // it (the unit tests check each example against its schema).
    let doc: Value = server.get("/openapi.json").await.json().await.unwrap();
    let example =
        &doc["paths"]["/v1/clinic"]["get"]["responses"]["200"]["content"]["application/json"]["example"];
    assert_eq!(example["name"], "Crux Sport & Spine", "{example}");
    let block = "[id^='operations-'][id$='-get_clinic']";
    let shown = format!(
        "const op = document.querySelector({block:?}); if (!op) return null; \
         if (!op.classList.contains('is-open')) {{ op.querySelector('.opblock-summary-control').click(); return null; }} \
         const code = op.querySelector('.responses-table .response[data-code=\"200\"] .example.microlight, \
           .responses-table .response[data-code=\"200\"] pre.microlight'); \
         return code ? code.textContent : null;"
    );
    let shown = b.wait_for("get_clinic's example answer", &shown, 20).await;
    let shown: Value = serde_json::from_str(shown.as_str().unwrap_or_default()).expect("the example is JSON");
    assert_eq!(&shown, example);

    // A public operation, tried against this server.
    assert_eq!(try_it(&b, "get_offers").await, "200");

    // A staff operation: refused without a token, answered with a pasted one.
    assert_eq!(try_it(&b, "me").await, "401");
    b.js("document.querySelector('.auth-wrapper .authorize').click(); return true;").await;
    let field = "input[aria-label='auth-bearer-value']";
    b.wait_for("the token fields", &format!("return !!document.querySelector({field:?});"), 10).await;
    let staff_field = b.client.find_all(Locator::Css(field)).await.unwrap();
    staff_field[0].send_keys(&token).await.unwrap();
    b.js("document.querySelector('.auth-container .modal-btn.authorize').click(); return true;").await;
    b.js("document.querySelector('.btn-done, .modal-ux .close-modal')?.click(); return true;").await;
    assert_eq!(try_it(&b, "me").await, "200");

    // Everything the page loaded came from this server.
    let urls = b.js("return performance.getEntriesByType('resource').map(e => e.name);").await;
    let urls: Vec<&str> = urls.as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert!(urls.iter().any(|u| u.ends_with("/docs/assets/swagger-ui-bundle.js")), "{urls:?}");
    let own = format!("{}/", server.base);
    let foreign: Vec<_> = urls.iter().filter(|u| !u.starts_with(&own)).collect();
    assert!(foreign.is_empty(), "requests to other origins: {foreign:?}");

    // The renderer runs whole under the page's CSP: the console holds no
    // violation, no exception, no failed load, only the 401 tried above.
    let me = server.url("/v1/auth/me");
    let errors = b.console_errors().await;
    let unexpected: Vec<_> = errors.iter().filter(|e| !(e.starts_with(&me) && e.contains(" 401 "))).collect();
    assert!(unexpected.is_empty(), "the console: {unexpected:?}");
    assert!(!errors.is_empty(), "the console is read: the tried 401 is in it");
    b.close().await;
}
