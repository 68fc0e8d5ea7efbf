//! The API going away: the local result stays, and saving and the code can be
//! retried once it is back; and a save the server would refuse, avoided.

use solecheck_shared::{answers::Locale, content::questionnaire};
use solecheck_tests::{Backend, Browser, Server};

use super::{answer_everything, claim_code, offer_today, open, redeem_at_the_desk, saved_check, to_offer};

/// A free address to bind a server to, and to bind its successor to again.
fn fixed_bind() -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    format!("127.0.0.1:{port}")
}

#[tokio::test]
async fn the_local_result_survives_a_stopped_api_and_saving_retries() {
    let bind = fixed_bind();
    let server = Server::start_with(Backend::Sqlite, &["--bind", &bind]).expect("sqlite");
    offer_today(&server).await;
    let b = Browser::start(390, 900).await;
    open(&server, &b, true).await;
    // The API goes away mid-journey.
    let db = server.stop();
    answer_everything(&b).await;
    b.text("[data-testid=save-failed]").await;
    let level = b.attr("[data-testid=referral]", "data-level").await;
    assert_eq!(level.as_deref(), Some("routine"), "the local result is shown without the API");
    // It comes back on the same address: the retry saves the check.
    let again = Server::start_on(db, &["--bind", &bind]);
    b.click("[data-testid=retry-save]").await;
    b.text("[data-testid=saved]").await;
    let code = claim_code(&b).await;
    assert_eq!(code.len(), 16);
    assert_eq!(again.db().count("SELECT COUNT(*) AS n FROM assessments"), 1);
    b.close().await;
}

#[tokio::test]
async fn a_failed_code_request_can_be_retried() {
    let bind = fixed_bind();
    let server = Server::start_with(Backend::Sqlite, &["--bind", &bind]).expect("sqlite");
    offer_today(&server).await;
    let b = Browser::start(390, 900).await;
    saved_check(&server, &b).await;
    to_offer(&b).await;
    b.text("[data-testid=get-code]").await;
    // The offer is on screen; then the API goes away and the code request fails.
    let db = server.stop();
    b.click("[data-testid=get-code]").await;
    let doc = questionnaire(Locale::En);
    b.wait_text("[data-testid=code-failed] p", &doc.ui.code_failed).await;
    assert_eq!(b.attr("[data-testid=code-failed]", "role").await.as_deref(), Some("alert"));
    assert!(!b.exists("[data-testid=code]").await);
    let again = Server::start_on(db, &["--bind", &bind]);
    b.wait_text("[data-testid=retry-code]", &doc.ui.retry).await;
    b.click("[data-testid=retry-code]").await;
    let code = b.text("[data-testid=code]").await;
    assert_eq!(code.len(), 16, "{code}");
    assert!(!b.exists("[data-testid=code-failed]").await);
    assert_eq!(again.db().count("SELECT COUNT(*) AS n FROM codes"), 1);
    redeem_at_the_desk(&again, &code).await;
    b.close().await;
}

/// The server refuses other answers under a key it has seen: an answer
/// changed after the check was saved is saved again under a new key (a
/// UUIDv7 of the moment the save started), not refused.
#[tokio::test]
async fn an_answer_changed_after_saving_is_saved_again_under_a_new_key() {
    let server = Server::start(Backend::Sqlite).expect("sqlite");
    offer_today(&server).await;
    let b = Browser::start(390, 900).await;
    let before = chrono::Utc::now().timestamp_millis();
    saved_check(&server, &b).await;
    let first = super::kept_journey(&b).await;
    let key = first["idempotency_key"].as_str().expect("a key").to_owned();
    let uuid = uuid::Uuid::try_parse(&key).expect("a UUID");
    assert_eq!((key.len(), uuid.get_version_num()), (36, 7), "{key}");
    let made = i64::from_str_radix(&key.replace('-', "")[..12], 16).unwrap();
    assert!((before..=chrono::Utc::now().timestamp_millis()).contains(&made), "made when the save started");
    // Back to the age question, another answer, and on to the result again.
    b.click("[data-testid=back]").await;
    b.step("balance").await;
    b.click("[data-testid=back]").await;
    b.step("about").await;
    b.click("#sc-age_band-50_59").await;
    b.click("[data-testid=next]").await;
    b.step("balance").await;
    b.click("[data-testid=next]").await;
    b.step("result").await;
    b.text("[data-testid=saved]").await;
    assert!(!b.exists("[data-testid=save-failed]").await);
    let second = super::kept_journey(&b).await;
    assert_ne!(second["idempotency_key"], first["idempotency_key"]);
    assert_ne!(second["saved_id"], first["saved_id"]);
    assert_eq!(server.db().count("SELECT COUNT(*) AS n FROM assessments"), 2);
    b.close().await;
}
