//! What leaves the browser: nothing without consent, never a cookie, never a
//! request to anyone but the clinic's own server.

use solecheck_shared::{answers::Locale, content::questionnaire};
use solecheck_tests::{Backend, Browser, Server};

use super::{answer_everything, claim_code, offer_today, open, requests, requests_to, saved_check, to_offer};

#[tokio::test]
async fn without_consent_nothing_is_sent() {
    let server = Server::start(Backend::Sqlite).expect("sqlite");
    offer_today(&server).await;
    let b = Browser::start(1280, 900).await;
    open(&server, &b, false).await;
    answer_everything(&b).await;
    to_offer(&b).await;
    let text = b.text("[data-testid=needs-consent]").await;
    assert_eq!(text, questionnaire(Locale::En).offer.needs_consent);
    // The page's own record of its requests: the widget's calls are in it (it
    // fetched the offers), and not one went to POST /v1/assessments. The offers
    // are fetched while the step shows, and an entry appears only once its
    // answer is in, so wait for it: a busy machine answers later.
    let offers = server.url("/v1/offers");
    let listed = format!(
        "return performance.getEntriesByType('resource').some(e => e.name === {});",
        serde_json::Value::from(offers)
    );
    b.wait_for("the widget's request for the offers", &listed, 20).await;
    assert_eq!(requests_to(&b, &server, "/v1/assessments").await, 0, "{:?}", requests(&b).await);
    assert_eq!(server.db().count("SELECT COUNT(*) AS n FROM assessments"), 0);
    b.close().await;
}

#[tokio::test]
async fn no_cookies_and_no_third_party_requests() {
    let server = Server::start(Backend::Sqlite).expect("sqlite");
    offer_today(&server).await;
    let b = Browser::start(390, 900).await;
    saved_check(&server, &b).await;
    let code = claim_code(&b).await;
    assert_eq!(code.len(), 16);
    // With consent the check was sent once: the request list sees such calls.
    assert_eq!(requests_to(&b, &server, "/v1/assessments").await, 1);
    assert_eq!(b.js("return document.cookie").await, "");
    let all = requests(&b).await;
    assert!(all.len() >= 5, "the loader, the glue, the wasm, the save, the offers, the code: {all:?}");
    let own = format!("{}/", server.base);
    let foreign: Vec<_> = all.iter().filter(|(url, _)| !url.starts_with(&own)).collect();
    assert!(foreign.is_empty(), "requests to other origins: {foreign:?}");
    // Nor does the server try to set any.
    for path in ["/", "/widget/solecheck.js", "/v1/offers", "/v1/questionnaire"] {
        assert!(server.get(path).await.headers().get("set-cookie").is_none(), "{path} sets a cookie");
    }
    b.close().await;
}
