//! Two-step sign-in in the console: an admin sets it up by scanning the QR
//! code on screen, requires it for everyone, and a desk account is led to set
//! it up with the keyboard alone (typing the key), then signs in with a code.
//! The codes come from `pyotp`, never from the server.

use solecheck_tests::{
    Browser,
    totp::{app_code, typed_key_uri},
};

use super::{demo, sign_in, sign_in_with_keys, tablet};

/// On the set-up page: the password again, the QR code as a camera reads
/// it, then a code.
async fn set_up_by_scanning(b: &Browser, password: &str) -> String {
    b.type_into("#two-step-password", password).await;
    b.click_on("[data-testid=two-step-begin]").await;
    let read = b.scan_qr_on_page("[data-testid=two-step-qr]").await;
    assert_eq!(read.len(), 1, "{read:?}");
    let uri = read[0].clone();
    assert!(uri.starts_with("otpauth://totp/") && uri.contains("issuer="), "{uri}");
    b.type_into("#two-step-code", "123456").await;
    b.click_on("[data-testid=two-step-submit]").await;
    b.wait_page_text("#two-step-code-error", "does not match").await;
    b.assert_accessible("two-step set-up with a code refused").await;
    b.type_into("#two-step-code", &app_code(&uri, 0)).await;
    b.click_on("[data-testid=two-step-submit]").await;
    b.find("[data-testid=recovery-codes]").await;
    b.assert_accessible("the recovery codes").await;
    let codes = b.js("return [...document.querySelectorAll('[data-testid=recovery-codes] li')].map(li => li.textContent);").await;
    assert_eq!(codes.as_array().map(Vec::len), Some(10), "{codes}");
    uri
}

#[tokio::test]
async fn an_admin_requires_two_step_and_the_desk_sets_it_up_with_the_keyboard() {
    let desk = demo(&[]);
    let a = Browser::start(1280, 900).await;
    sign_in(&a, &desk.server, &desk.admin).await;
    // Requiring it before having it is refused, and says why.
    a.click_on("a[href='#/accounts']").await;
    a.click_on("[data-testid=require-two-step]").await;
    a.wait_page_text("[data-testid=rules-error]", "your own account first").await;
    a.click_on("a[href='#/two-step']").await;
    set_up_by_scanning(&a, &desk.admin.1).await;
    a.click_on("[data-testid=two-step-saved]").await;
    a.find("[data-testid=two-step-on]").await;
    a.click_on("a[href='#/accounts']").await;
    a.click_on("[data-testid=require-two-step]").await;
    a.wait_page_text("[data-testid=rules-notice]", "now required").await;
    let row = format!("[data-testid=account-{}]", desk.staff.0.replace(['@', '.'], "-"));
    a.wait_page_text(&row, "Required, not set up").await;
    a.close().await;

    // The desk signs in and is led to set it up: keyboard only, typing the key.
    let b = tablet().await;
    sign_in_with_keys(&b, &desk.server, &desk.staff.0, &desk.staff.1).await;
    b.wait_page_text("[data-testid=two-step]", "Set up two-step sign-in to carry on").await;
    assert_eq!(
        b.js("return document.querySelector('[data-testid=console]').dataset.auth;").await,
        "two-step-enrolment"
    );
    assert!(!b.on_page("#code").await);
    b.tab_to_on_page("#two-step-password").await;
    b.type_keys(&desk.staff.1).await;
    b.press('\u{E007}').await;
    let key = b.text_of("[data-testid=two-step-secret]").await;
    let uri = typed_key_uri(&key);
    b.tab_to_on_page("#two-step-code").await;
    b.type_keys(&app_code(&uri, 0)).await;
    b.press('\u{E007}').await;
    b.wait_for("focus on the recovery codes", "return document.activeElement?.id === 'recovery-title';", 15)
        .await;
    b.tab_to_on_page("[data-testid=two-step-saved]").await;
    b.press(' ').await;
    b.find("#code").await;
    // Next time, sign-in asks for a code after the password.
    b.click_on("[data-testid=sign-out]").await;
    b.type_into("#email", &desk.staff.0).await;
    b.type_into("#password", &desk.staff.1).await;
    b.click_on("[data-testid=sign-in-submit]").await;
    b.wait_for(
        "the code field to take the focus",
        "return document.activeElement?.id === 'one-time-code';",
        15,
    )
    .await;
    b.type_keys("000000").await;
    b.press('\u{E007}').await;
    b.wait_page_text("[data-testid=sign-in-error]", "not right").await;
    b.type_into("#one-time-code", &app_code(&uri, 30)).await;
    b.press('\u{E007}').await;
    b.wait_page_text("[data-testid=who]", &desk.staff.0).await;
    b.close().await;
}
