//! Passwords in the console: an admin's reset with its temporary password
//! shown once, the sign-in that must choose a new one (with the keyboard
//! alone), and changing your own from the header.

use serde_json::json;
use solecheck_tests::{Browser, expect_problem};

use super::{demo, sign_in, sign_in_here, sign_in_with_keys, tablet};

#[tokio::test]
async fn a_reset_password_is_replaced_at_the_next_sign_in_with_the_keyboard_alone() {
    let desk = demo(&[]);
    let (desk_email, desk_password) = desk.staff.clone();
    let admin_screen = Browser::start(1280, 900).await;
    sign_in(&admin_screen, &desk.server, &desk.admin).await;
    admin_screen.click_on("a[href='#/accounts']").await;
    let row = format!("[data-testid=account-{}]", desk_email.replace(['@', '.'], "-"));
    admin_screen.find(&row).await;
    admin_screen.click_on(&format!("[data-testid=reset-{}]", desk_email.replace(['@', '.'], "-"))).await;
    // A confirmation first, naming the account; Cancel changes nothing.
    admin_screen.wait_page_text("[data-testid=password-reset]", &desk_email).await;
    admin_screen.click_on("[data-testid=reset-cancel]").await;
    assert!(!admin_screen.on_page("[data-testid=password-reset]").await);
    desk.server.login(&desk_email, &desk_password).await;
    admin_screen.click_on(&format!("[data-testid=reset-{}]", desk_email.replace(['@', '.'], "-"))).await;
    admin_screen.click_on("[data-testid=reset-confirm]").await;
    let temporary = admin_screen.text_of("[data-testid=temporary-password]").await;
    assert_eq!(temporary.len(), 19, "{temporary}");
    admin_screen.click_on("[data-testid=reset-done]").await;
    admin_screen.wait_page_text(&row, "must choose a new password").await;
    admin_screen.close().await;

    // At the desk, signed in with the temporary password: only the change is offered.
    let b = tablet().await;
    sign_in_with_keys(&b, &desk.server, &desk_email, &temporary).await;
    b.wait_page_text("[data-testid=change-password]", "Choose your own password").await;
    assert_eq!(
        b.js("return document.querySelector('[data-testid=console]').dataset.auth;").await,
        "password-change"
    );
    assert!(!b.on_page("a[href='#/campaigns'], #code").await);
    // A common password is refused by the server, shown on its field.
    b.tab_to_on_page("#current-password").await;
    b.type_keys(&temporary).await;
    b.tab_to_on_page("#new-password").await;
    b.type_keys("qwerty123456").await;
    b.tab_to_on_page("#new-password-again").await;
    b.type_keys("qwerty123456").await;
    b.press('\u{E007}').await;
    b.wait_page_text("#new-password-error", "guessing").await;
    assert_eq!(b.find("#new-password").await.attr("aria-invalid").await.unwrap().as_deref(), Some("true"));
    b.assert_accessible("the forced new password, refused").await;
    // Then one of its own, and the desk opens.
    b.type_into("#new-password", "three red cliffs at sunset").await;
    b.type_into("#new-password-again", "three red cliffs at sunset").await;
    b.tab_to_on_page("#new-password-again").await;
    b.press('\u{E007}').await;
    b.wait_page_text("[data-testid=who]", &desk_email).await;
    b.find("#code").await;
    b.close().await;
    // The old and the temporary passwords are both gone.
    for old in [&desk_password, &temporary] {
        let resp = desk.server.post("/v1/auth/login", &json!({"email": desk_email, "password": old})).await;
        expect_problem(resp, 401, "invalid_credentials").await;
    }
    desk.server.login(&desk_email, "three red cliffs at sunset").await;
}

#[tokio::test]
async fn changing_your_own_password_signs_out_your_other_devices() {
    let desk = demo(&[]);
    let (email, password) = desk.staff.clone();
    let elsewhere = desk.server.login(&email, &password).await;
    let b = tablet().await;
    sign_in(&b, &desk.server, &desk.staff).await;
    b.click_on("a[href='#/password']").await;
    b.wait_page_text("[data-testid=change-password]", "Change your password").await;
    b.type_into("#current-password", "not my password at all").await;
    b.type_into("#new-password", "desert willow in bloom").await;
    b.type_into("#new-password-again", "desert willow in blom").await;
    b.click_on("[data-testid=change-password-submit]").await;
    b.wait_page_text("#new-password-again-error", "does not match").await;
    b.type_into("#new-password-again", "desert willow in bloom").await;
    b.click_on("[data-testid=change-password-submit]").await;
    b.wait_page_text("#current-password-error", "not the account's current password").await;
    b.type_into("#current-password", &password).await;
    b.click_on("[data-testid=change-password-submit]").await;
    b.wait_page_text("[data-testid=password-done]", "signed out").await;
    // This tab carries on; the other sign-in has ended.
    b.click_on("a[href='#/']").await;
    b.find("#code").await;
    b.client.refresh().await.unwrap();
    b.wait_page_text("[data-testid=who]", &email).await;
    let resp =
        desk.server.post("/v1/auth/refresh", &json!({"refresh_token": elsewhere["refresh_token"]})).await;
    expect_problem(resp, 401, "unauthorized").await;
    b.client.goto(&desk.server.url("/staff")).await.unwrap();
    b.click_on("[data-testid=sign-out]").await;
    sign_in_here(&b, &email, "desert willow in bloom").await;
    b.close().await;
}
