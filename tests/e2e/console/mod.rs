//! The staff console at /staff, built and served by the api, in headless
//! Chromium: the desk's redeem flow, code states, typos caught before
//! sending, sign-out and session expiry; the admins' screens are in `admin`.

use std::time::Duration;

use serde_json::{Value, json};
use solecheck_shared::code::DiscountCode;
use solecheck_tests::{Backend, Browser, Server, expect_problem};

mod admin;
mod passwords;
mod two_step;

/// A demo server (a campaign runs today) with its admin and desk accounts.
struct Desk {
    server: Server,
    admin: (String, String),
    staff: (String, String),
}

fn demo(args: &[&str]) -> Desk {
    let (server, accounts) = Server::start_demo_with(Backend::Sqlite, args).expect("sqlite");
    let [admin, staff] = <[(String, String); 2]>::try_from(accounts).expect("two demo accounts");
    Desk { server, admin, staff }
}

/// A tablet at the desk.
async fn tablet() -> Browser {
    Browser::start(820, 1180).await
}

async fn sign_in(b: &Browser, server: &Server, (email, password): &(String, String)) {
    b.client.goto(&server.url("/staff")).await.unwrap();
    sign_in_here(b, email, password).await;
}

/// Fills the sign-in form already on screen and waits for the console.
async fn sign_in_here(b: &Browser, email: &str, password: &str) {
    b.type_into("#email", email).await;
    b.type_into("#password", password).await;
    b.click_on("[data-testid=sign-in-submit]").await;
    b.wait_page_text("[data-testid=who]", email).await;
}

/// Opens the console and signs in with the keyboard alone: Tab to each
/// field, type, Enter submits. Waits for nothing after: what comes next
/// depends on the account.
async fn sign_in_with_keys(b: &Browser, server: &Server, email: &str, password: &str) {
    b.client.goto(&server.url("/staff")).await.unwrap();
    b.find("#email").await;
    b.tab_to_on_page("#email").await;
    b.type_keys(email).await;
    b.tab_to_on_page("#password").await;
    b.type_keys(password).await;
    b.press('\u{E007}').await;
}

/// Types a code the way a person might (lower case, spaces) and looks it up.
async fn look_up(b: &Browser, code: &str) {
    let sloppy = code.replace('-', " ").to_lowercase();
    b.type_into("#code", &sloppy).await;
    b.click_on("[data-testid=look-up]").await;
    b.find("[data-testid=code-card]").await;
}

async fn card_status(b: &Browser) -> String {
    b.text_of("[data-testid=code-card]").await;
    b.js("return document.querySelector('[data-testid=code-card]').dataset.status;")
        .await
        .as_str()
        .unwrap()
        .to_owned()
}

/// Waits until the code card shows `status` (after the console fetched it again).
async fn wait_status(b: &Browser, status: &str) {
    let script =
        format!("return document.querySelector('[data-testid=code-card]')?.dataset.status === {status:?};");
    b.wait_for(&format!("the card to show {status}"), &script, 15).await;
}

/// The `fetch` calls the page has made to `path_part`.
async fn fetches(b: &Browser, path_part: &str) -> usize {
    let script = format!(
        "return performance.getEntriesByType('resource').filter(e => e.initiatorType === 'fetch' && e.name.includes({path_part:?})).length;"
    );
    usize::try_from(b.js(&script).await.as_u64().unwrap()).unwrap()
}

#[tokio::test]
async fn the_desk_redeems_a_code_once_and_then_says_when_and_by_whom() {
    let desk = demo(&[]);
    let code = desk.server.issued_code().await;
    let b = tablet().await;
    b.client.goto(&desk.server.url("/staff")).await.unwrap();
    b.find("#email").await;
    b.assert_accessible("the sign-in screen").await;
    sign_in_here(&b, &desk.staff.0, &desk.staff.1).await;
    assert!(!b.on_page("a[href='#/campaigns']").await, "no admin links for desk staff");
    look_up(&b, &code).await;
    // The field tidied the typing into the grouped form.
    let typed = b.js("return document.querySelector('#code').value;").await;
    assert_eq!(typed.as_str(), Some(code.as_str()));
    assert_eq!(card_status(&b).await, "issued");
    assert!(b.text_of("[data-testid=code-offer]").await.contains("% off"));
    // The last day it works, as a clinic-local day in words (not an instant).
    let through = b.text_of("[data-testid=code-valid-through]").await;
    assert!(through.contains(", 20") && !through.contains('-') && !through.contains(':'), "{through}");
    // The visitor's summary: the example check is a `soon` referral with a plan.
    assert!(b.text_of("[data-testid=summary-referral]").await.starts_with("Soon"));
    assert!(b.text_of("[data-testid=summary-plan]").await.contains("Sole release"));
    b.assert_accessible("a code's card at the desk").await;
    b.click_on("[data-testid=redeem]").await;
    b.click_on("[data-testid=confirm-redeem]").await;
    b.wait_page_text("[data-testid=code-outcome]", "Redeemed on").await;
    wait_status(&b, "redeemed").await;
    let shown = b.text_of("[data-testid=code-status]").await;
    assert!(shown.starts_with("Already redeemed on") && shown.ends_with(&desk.staff.0), "{shown}");
    assert!(!b.on_page("[data-testid=redeem]").await, "no second Redeem button");

    // A second desk looked the same code up before it was redeemed: its
    // Redeem is refused and says when and by whom.
    let other = desk.server.issued_code().await;
    look_up(&b, &other).await;
    let token = &desk.server.access_token(&desk.admin.0, &desk.admin.1).await;
    let path = format!("/v1/codes/{other}/redeem");
    let resp = desk.server.http.post(desk.server.url(&path)).bearer_auth(token).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    b.click_on("[data-testid=redeem]").await;
    b.click_on("[data-testid=confirm-redeem]").await;
    let refused = b.wait_page_text("[data-testid=code-outcome-error]", "Already redeemed on").await;
    assert!(refused.contains(&desk.admin.0), "{refused}");
    b.assert_accessible("a refused redeem").await;
    b.close().await;
}

#[tokio::test]
async fn expired_voided_and_unknown_codes_say_so() {
    let desk = demo(&[]);
    let (expired, voided) = (desk.server.issued_code().await, desk.server.issued_code().await);
    // Expire one code in the database (codes can only be issued while an offer runs).
    let canonical = DiscountCode::parse(&expired).unwrap().canonical();
    desk.server
        .db()
        .execute(&format!("UPDATE codes SET expires_at = '2020-01-01 00:00:00' WHERE code = '{canonical}'"));
    let token = &desk.server.access_token(&desk.admin.0, &desk.admin.1).await;
    let resp = desk
        .server
        .http
        .post(desk.server.url(&format!("/v1/codes/{voided}/void")))
        .bearer_auth(token)
        .json(&json!({"reason": "issued by mistake"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);

    let b = tablet().await;
    sign_in(&b, &desk.server, &desk.staff).await;
    look_up(&b, &expired).await;
    assert_eq!(card_status(&b).await, "expired");
    assert!(b.text_of("[data-testid=code-status]").await.starts_with("Expired: it was valid through"));
    assert!(!b.on_page("[data-testid=redeem]").await);
    look_up(&b, &voided).await;
    b.wait_page_text("[data-testid=code-status]", "Voided on").await;
    assert!(b.text_of("[data-testid=code-status]").await.ends_with("issued by mistake"));
    // A well-formed code that was never issued.
    let never = DiscountCode::from_bits(0x0abc_def0_1234_5678).display_form();
    b.type_into("#code", &never).await;
    b.click_on("[data-testid=look-up]").await;
    b.wait_page_text("[data-testid=lookup-error]", "No code like this").await;
    b.close().await;
}

#[tokio::test]
async fn a_one_symbol_typo_is_caught_before_anything_is_sent() {
    let desk = demo(&[]);
    let code = desk.server.issued_code().await;
    let mut symbols: Vec<char> = code.chars().collect();
    symbols[5] = if symbols[5] == 'A' { 'B' } else { 'A' };
    let typo: String = symbols.into_iter().collect();
    let b = tablet().await;
    sign_in(&b, &desk.server, &desk.staff).await;
    let before = fetches(&b, "/v1/codes/").await;
    b.type_into("#code", &typo).await;
    let error = b.text_of("[data-testid=code-error]").await;
    assert!(error.contains("typo"), "{error}");
    let field = b.find("#code").await;
    assert_eq!(field.attr("aria-invalid").await.unwrap().as_deref(), Some("true"));
    assert_eq!(field.attr("aria-describedby").await.unwrap().as_deref(), Some("code-error"));
    assert_eq!(
        b.find("[data-testid=look-up]").await.attr("disabled").await.unwrap().as_deref(),
        Some("true")
    );
    // Enter in the field does not send it either.
    field.send_keys("\u{E007}").await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(fetches(&b, "/v1/codes/").await, before);
    assert!(!b.on_page("[data-testid=code-card]").await);
    b.close().await;
}

#[tokio::test]
async fn sign_out_and_an_ended_session_keep_the_code_being_typed() {
    let desk = demo(&["--access-token-seconds", "1"]);
    let code = desk.server.issued_code().await;
    let b = tablet().await;
    sign_in(&b, &desk.server, &desk.staff).await;
    // The access token expires (1 s plus the server's 5 s leeway): the
    // console renews it silently.
    tokio::time::sleep(Duration::from_secs(7)).await;
    look_up(&b, &code).await;
    assert_eq!(card_status(&b).await, "issued");
    // A reload keeps the sign-in of this tab.
    b.client.refresh().await.unwrap();
    b.wait_page_text("[data-testid=who]", &desk.staff.0).await;

    // The sign-in is ended elsewhere while a code is being typed.
    let refresh = b.js("return sessionStorage.getItem('solecheck-console:refresh');").await;
    let resp = desk.server.post("/v1/auth/logout", &json!({"refresh_token": refresh})).await;
    assert_eq!(resp.status(), 204);
    tokio::time::sleep(Duration::from_secs(7)).await;
    let half: String = code.chars().take(9).collect();
    b.type_into("#code", &half).await;
    b.type_into("#code", &code).await;
    b.click_on("[data-testid=look-up]").await;
    b.wait_page_text("[data-testid=session-notice]", "sign-in has ended").await;
    assert_eq!(
        b.js("return document.querySelector('[data-testid=console]').dataset.auth;").await,
        "signed-out"
    );
    sign_in_here(&b, &desk.staff.0, &desk.staff.1).await;
    let kept = b.js("return document.querySelector('#code').value;").await;
    assert_eq!(kept.as_str(), Some(code.as_str()), "the code typed before survives signing in again");

    // Sign out: the form returns and the refresh token is spent.
    let refresh = b.js("return sessionStorage.getItem('solecheck-console:refresh');").await;
    b.click_on("[data-testid=sign-out]").await;
    b.find("[data-testid=sign-in]").await;
    assert_eq!(b.js("return sessionStorage.getItem('solecheck-console:refresh');").await, Value::Null);
    let resp = desk.server.post("/v1/auth/refresh", &json!({"refresh_token": refresh})).await;
    expect_problem(resp, 401, "unauthorized").await;
    b.close().await;
}

#[tokio::test]
async fn a_scanned_qr_code_is_looked_up() {
    let desk = demo(&[]);
    let code = desk.server.issued_code().await;
    let b = tablet().await;
    sign_in(&b, &desk.server, &desk.staff).await;
    // Headless Chromium on Linux has no BarcodeDetector, so the button is not offered...
    assert!(!b.on_page("[data-testid=scan]").await);
    // ...until the browser has one: a stand-in that "sees" the code, and a
    // camera that is a canvas stream.
    let install = format!(
        r#"window.BarcodeDetector = class {{ constructor(o) {{ this.o = o; }} async detect() {{ return [{{ rawValue: {code:?} }}]; }} }};
           navigator.mediaDevices.getUserMedia = async () => document.createElement('canvas').captureStream();
           return true;"#
    );
    b.js(&install).await;
    b.type_into("#code", "x").await;
    b.type_into("#code", "").await;
    b.click_on("[data-testid=scan]").await;
    b.find("[data-testid=code-card]").await;
    assert_eq!(card_status(&b).await, "issued");
    assert_eq!(b.js("return document.querySelector('#code').value;").await.as_str(), Some(code.as_str()));
    b.close().await;
}

#[tokio::test]
async fn the_desk_works_with_the_keyboard_alone() {
    let desk = demo(&[]);
    let code = desk.server.issued_code().await;
    let b = tablet().await;
    sign_in_with_keys(&b, &desk.server, &desk.staff.0, &desk.staff.1).await;
    b.wait_page_text("[data-testid=who]", &desk.staff.0).await;
    // The code, typed loosely, then Enter looks it up.
    b.tab_to_on_page("#code").await;
    b.type_keys(&code.replace('-', " ").to_lowercase()).await;
    b.press('\u{E007}').await;
    b.find("[data-testid=code-card]").await;
    // Focus is on the verdict; Tab reaches Redeem, Space presses it and its confirmation.
    b.wait_for(
        "focus on the card's verdict",
        "return document.activeElement?.dataset.testid === 'code-status';",
        15,
    )
    .await;
    b.tab_to_on_page("[data-testid=redeem]").await;
    b.press(' ').await;
    b.tab_to_on_page("[data-testid=confirm-redeem]").await;
    b.press(' ').await;
    b.wait_page_text("[data-testid=code-outcome]", "Redeemed on").await;
    assert_eq!(desk.server.db().count("SELECT COUNT(*) AS n FROM codes WHERE redeemed_at IS NOT NULL"), 1);
    b.close().await;
}

#[tokio::test]
async fn sign_in_refusals_are_told_apart() {
    let desk = demo(&[]);
    let b = tablet().await;
    b.client.goto(&desk.server.url("/staff")).await.unwrap();
    let attempt = |password: &'static str| {
        let b = &b;
        async move {
            b.type_into("#email", "demo-desk@solecheck.invalid").await;
            b.type_into("#password", password).await;
            b.click_on("[data-testid=sign-in-submit]").await;
            // Each answer is in before the next try (the button is off meanwhile).
            let done = "const f = document.querySelector('[data-testid=sign-in-submit]'); return !!f && !f.disabled;";
            tokio::time::sleep(Duration::from_millis(100)).await;
            b.wait_for("the sign-in answer", done, 15).await;
        }
    };
    attempt("not the password").await;
    b.wait_page_text("[data-testid=sign-in-error]", "do not match").await;
    // Five failures lock the account for 15 minutes: the form says when to try again.
    for _ in 0..5 {
        attempt("still not the password").await;
    }
    b.wait_page_text("[data-testid=sign-in-error]", "Try again in 15 minutes").await;
    // A disabled account is told so.
    let token = &desk.server.access_token(&desk.admin.0, &desk.admin.1).await;
    let password = desk.server.add_staff("gone@clinic.test", "staff");
    let accounts: Value = desk.server.get_with("/v1/staff", token).await.json().await.unwrap();
    let gone = accounts["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["email"] == "gone@clinic.test")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let resp = desk
        .server
        .http
        .patch(desk.server.url(&format!("/v1/staff/{gone}")))
        .bearer_auth(token)
        .json(&json!({"disabled": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    b.type_into("#email", "gone@clinic.test").await;
    b.type_into("#password", &password).await;
    b.click_on("[data-testid=sign-in-submit]").await;
    b.wait_page_text("[data-testid=sign-in-error]", "disabled").await;
    b.close().await;
}
