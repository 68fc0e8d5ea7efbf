//! The desk's activity screen (admins): the whole audit log, newest first,
//! with what was typed when a code was never issued.

use serde_json::json;
use solecheck_shared::code::DiscountCode;

use super::{demo, sign_in, tablet};

#[tokio::test]
async fn an_admin_sees_the_desk_activity_with_attempts_on_unknown_codes() {
    let desk = demo(&[]);
    let code = desk.server.issued_code().await;
    let tokens = desk.server.login(&desk.staff.0, &desk.staff.1).await;
    let token = tokens["access_token"].as_str().unwrap();
    let never = DiscountCode::from_bits(42).display_form();
    for typed in [never.as_str(), code.as_str()] {
        let url = desk.server.url(&format!("/v1/codes/{typed}/redeem"));
        desk.server.http.post(url).bearer_auth(token).send().await.unwrap();
    }
    let b = tablet().await;
    sign_in(&b, &desk.server, &desk.admin).await;
    b.click_on("a[href='#/activity']").await;
    b.wait_for(
        "the activity",
        "return document.querySelectorAll('[data-testid=activity] tbody tr').length >= 2;",
        15,
    )
    .await;
    let rows = b
        .js("return [...document.querySelectorAll('[data-testid=activity] tbody tr')].slice(0, 2)\
             .map(tr => [tr.dataset.testid, ...[...tr.querySelectorAll('td')].slice(1).map(td => td.textContent)]);")
        .await;
    let staff = desk.staff.0.as_str();
    assert_eq!(
        rows,
        json!([
            ["activity-entry", staff, "redeem", code, "ok", ""],
            ["activity-unknown", staff, "redeem", format!("no such code: {never}"), "unknown code", ""],
        ]),
        "newest first"
    );
    b.close().await;
}
