//! The visitor's stored check from the widget: "Download my data" saves the
//! clinic's copy as a file, and an erasure is asked once more, done by the
//! visitor's DELETE, and kept over a reload.

use std::{path::Path, time::Duration};

use serde_json::Value;
use solecheck_shared::{answers::Locale, content::questionnaire};
use solecheck_tests::{Backend, Browser, Server};

use super::{ROOT, claim_code, kept_journey, offer_today, requests_to, saved_check};

/// The one finished download in `dir`, once the browser has written it whole.
async fn downloaded(dir: &Path) -> (String, Vec<u8>) {
    for _ in 0..200 {
        let names: Vec<String> = std::fs::read_dir(dir)
            .expect("the download folder")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .collect();
        if let [name] = names.as_slice()
            && !name.ends_with(".crdownload")
        {
            return (name.clone(), std::fs::read(dir.join(name)).expect("the downloaded file"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no download finished in {}", dir.display());
}

/// The answers column of the one stored check: `None` once erased.
fn stored_answers(server: &Server) -> Vec<String> {
    server.db().texts("SELECT COALESCE(answers, 'erased') AS value FROM assessments")
}

#[tokio::test]
async fn download_my_data_saves_what_the_clinic_holds_as_a_file() {
    let server = Server::start(Backend::Sqlite).expect("sqlite");
    offer_today(&server).await;
    let folder = tempfile::tempdir().expect("a download folder");
    let b = Browser::start_downloading(390, 900, folder.path()).await;
    saved_check(&server, &b).await;
    let code = claim_code(&b).await;
    b.click("[data-testid=download-data]").await;
    let (name, bytes) = downloaded(folder.path()).await;
    let kept = kept_journey(&b).await;
    let (id, token) = (kept["saved_id"].as_str().unwrap(), kept["saved_token"].as_str().unwrap());
    assert_eq!(name, format!("solecheck-{id}.json"));
    let mut file: Value = serde_json::from_slice(&bytes).expect("the file is JSON");
    // The file is the export as the server answers it (an answer the
    // contract check holds to /openapi.json), laid out to be read; only the
    // time of the export differs.
    let mut export: Value =
        server.get_with(&format!("/v1/assessments/{id}/export"), token).await.json().await.unwrap();
    let made = file["exported_at"].take();
    assert!(made.as_str().is_some_and(|t| t <= export["exported_at"].as_str().unwrap()), "{made}");
    export["exported_at"].take();
    assert_eq!(file, export);
    assert_eq!(file["codes"][0]["code"], code.as_str(), "{file}");
    assert!(file["check"]["answers"].is_object(), "{file}");
    assert!(String::from_utf8_lossy(&bytes).contains("\n  \"check\": {"), "indented for a person to read");
    assert!(!b.exists("[data-testid=my-data-failed]").await);
    let links = b.js("return document.querySelectorAll('a[download]').length").await;
    assert_eq!(links, 0, "the download's link is taken out of the page again");
    b.close().await;
}

#[tokio::test]
async fn erasing_asks_first_then_erases_and_a_reload_keeps_it_erased() {
    let server = Server::start(Backend::Sqlite).expect("sqlite");
    offer_today(&server).await;
    let b = Browser::start(390, 900).await;
    saved_check(&server, &b).await;
    let doc = questionnaire(Locale::En);
    // The panel is on the result step, and asks before it erases.
    b.click("[data-testid=erase-data]").await;
    assert_eq!(b.text("#sc-erase-question").await, doc.my_data.confirm);
    let focused = b.js(&format!("return {ROOT}.activeElement?.dataset.testid ?? null")).await;
    assert_eq!(focused, "keep-data", "the safe answer has the focus");
    b.click("[data-testid=keep-data]").await;
    b.text("[data-testid=erase-data]").await;
    let focused = b.js(&format!("return {ROOT}.activeElement?.dataset.testid ?? null")).await;
    assert_eq!(focused, "erase-data", "keeping hands the focus back to where it was");
    assert!(!stored_answers(&server)[0].contains("erased"), "kept when the visitor said keep");

    // In Spanish, from the offer step: erased, and the code is not offered.
    b.click("[data-testid=lang-es]").await;
    super::to_offer(&b).await;
    let es = questionnaire(Locale::Es);
    // The offer is on screen (with its code button) before the erasure.
    b.wait_text("[data-testid=get-code]", &es.offer.get_code).await;
    b.wait_text("[data-testid=erase-data]", &es.my_data.erase).await;
    b.click("[data-testid=erase-data]").await;
    b.click("[data-testid=confirm-erase]").await;
    b.wait_text("[data-testid=erased]", &es.my_data.erased).await;
    let focused = b.js(&format!("return {ROOT}.activeElement?.dataset.testid ?? null")).await;
    assert_eq!(focused, "erased", "the outcome takes the focus from the button that went");
    assert_eq!(stored_answers(&server), ["erased"]);
    assert!(!b.exists("[data-testid=get-code]").await, "no code without a stored check");
    let kept = kept_journey(&b).await;
    assert_eq!(kept["erased"], "y");
    assert!(kept.get("saved_token").is_none(), "the token is of no use now, so it is not kept: {kept}");

    // A reload keeps it erased: nothing is stored again, nor even sent
    // (each fetch is noted as it starts, so a save still in flight counts).
    b.before_each_page(
        "window.scStarted = []; const fetchOf = window.fetch; \
         window.fetch = function (url, init) { \
           window.scStarted.push(`${init?.method ?? 'GET'} ${url}`); return fetchOf.apply(this, arguments); };",
    )
    .await;
    b.client.refresh().await.unwrap();
    b.step("offer").await;
    b.wait_text("[data-testid=erased]", &es.my_data.erased).await;
    b.click("[data-testid=lang-en]").await;
    // Back (the first button of each step's actions) to the plan, then the result.
    b.click(".actions button").await;
    b.step("plan").await;
    b.click(".actions button").await;
    b.step("result").await;
    b.wait_text("[data-testid=erased]", &doc.my_data.erased).await;
    assert!(!b.exists("[data-testid=saved]").await);
    assert_eq!(requests_to(&b, &server, "/v1/assessments").await, 0, "no save after the reload");
    let started = b.js("return window.scStarted").await;
    let started: Vec<&str> =
        started.as_array().expect("fetches noted").iter().filter_map(Value::as_str).collect();
    assert!(started.contains(&format!("GET {}", server.url("/v1/offers")).as_str()), "{started:?}");
    assert!(!started.iter().any(|s| s.starts_with("POST")), "no save started after the reload: {started:?}");
    assert_eq!(server.db().count("SELECT COUNT(*) AS n FROM assessments"), 1);
    assert_eq!(stored_answers(&server), ["erased"]);
    b.close().await;
}

#[tokio::test]
async fn a_failed_erasure_changes_nothing_and_says_so() {
    let server = Server::start(Backend::Sqlite).expect("sqlite");
    let b = Browser::start(390, 900).await;
    saved_check(&server, &b).await;
    let db = server.stop();
    // With the keyboard, as the focus goes.
    b.activate("[data-testid=erase-data]").await;
    b.activate("[data-testid=confirm-erase]").await;
    let doc = questionnaire(Locale::En);
    b.wait_text("[data-testid=my-data-failed]", &doc.my_data.failed).await;
    assert_eq!(b.attr("[data-testid=my-data-failed]", "role").await.as_deref(), Some("alert"));
    // The question stays, with the focus on the button pressed: it can be
    // tried again, or kept.
    let focused = b.js(&format!("return {ROOT}.activeElement?.dataset.testid ?? null")).await;
    assert_eq!(focused, "confirm-erase");
    assert_eq!(b.attr("[data-testid=confirm-erase]", "aria-disabled").await.as_deref(), Some("false"));
    assert!(b.exists("[data-testid=keep-data]").await);
    assert_eq!(kept_journey(&b).await["saved_id"].as_str().map(str::len), Some(36), "still saved");
    assert!(!db.texts("SELECT COALESCE(answers, 'erased') AS value FROM assessments")[0].contains("erased"));
}
