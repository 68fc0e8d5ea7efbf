//! The admins' screens in the console: what desk staff cannot reach,
//! campaigns, accounts, figures, corrections with the code's log, and the
//! desk's activity.

use serde_json::{Value, json};
use solecheck_shared::code::DiscountCode;
use solecheck_tests::{Browser, expect_problem};

use super::{demo, look_up, sign_in, tablet, wait_status};

#[tokio::test]
async fn desk_staff_cannot_see_or_reach_admin_screens() {
    let desk = demo(&[]);
    let b = tablet().await;
    sign_in(&b, &desk.server, &desk.staff).await;
    for screen in ["campaigns", "accounts", "figures", "activity"] {
        assert!(!b.on_page(&format!("a[href='#/{screen}']")).await, "{screen} link shown to desk staff");
        b.client.goto(&desk.server.url(&format!("/staff#/{screen}"))).await.unwrap();
        b.find("[data-testid=admin-only]").await;
        assert!(
            !b.on_page("[data-testid=campaigns], [data-testid=accounts], [data-testid=chart-codes], [data-testid=activity]")
                .await
        );
    }
    // And the API refuses the account whatever the page does.
    let token = &desk.server.access_token(&desk.staff.0, &desk.staff.1).await;
    for path in ["/v1/campaigns", "/v1/staff", "/v1/stats", "/v1/audit"] {
        expect_problem(desk.server.get_with(path, token).await, 403, "forbidden").await;
    }
    b.close().await;
}

#[tokio::test]
async fn an_admin_creates_a_campaign_after_fixing_a_field() {
    let desk = demo(&[]);
    let b = Browser::start(1280, 900).await;
    sign_in(&b, &desk.server, &desk.admin).await;
    b.click_on("a[href='#/campaigns']").await;
    b.find("[data-testid=campaign-demo-first-visit]").await;
    b.click_on("[data-testid=new-campaign]").await;
    b.type_into("#c-title", "Spring gait check").await;
    b.type_into("#c-slug", "Spring Gait").await;
    b.type_into("#c-percent", "15").await;
    b.type_into("#c-applies", "a gait analysis").await;
    // Date inputs take the digits in the browser's order (US: month, day, year).
    b.type_into("#c-starts", "03012027").await;
    b.type_into("#c-ends", "03312027").await;
    let preview = b.text_of("[data-testid=campaign-preview]").await;
    assert!(preview.contains("Runs from Monday, March 1, 2027 to Wednesday, March 31, 2027"), "{preview}");
    assert!(preview.contains("America/Denver"), "{preview}");
    b.click_on("[data-testid=save-campaign]").await;
    let error = b.wait_page_text("#c-slug-error", "lower-case").await;
    assert!(!error.is_empty());
    let slug = b.find("#c-slug").await;
    assert_eq!(slug.attr("aria-invalid").await.unwrap().as_deref(), Some("true"));
    b.assert_accessible("a new campaign with a field refused").await;
    b.type_into("#c-slug", "spring-gait").await;
    b.click_on("[data-testid=save-campaign]").await;
    b.wait_page_text("[data-testid=campaigns-notice]", "Saved “Spring gait check”").await;
    let row = b.text_of("[data-testid=campaign-spring-gait]").await;
    assert!(row.contains("15% off a gait analysis") && row.contains("Monday, March 1, 2027"), "{row}");
    // It is stored as the clinic's local days.
    let admin = desk.server.access_token(&desk.admin.0, &desk.admin.1).await;
    let list: Value = desk.server.get_with("/v1/campaigns", &admin).await.json().await.unwrap();
    let stored = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == "spring-gait")
        .expect("saved campaign");
    assert_eq!(
        (stored["starts_on"].as_str(), stored["ends_on"].as_str()),
        (Some("2027-03-01"), Some("2027-03-31"))
    );
    // End it from the list.
    b.click_on("[data-testid=end-spring-gait]").await;
    b.wait_page_text("[data-testid=campaign-spring-gait]", "Ended").await;
    b.close().await;
}

#[tokio::test]
async fn an_admin_adds_and_disables_an_account_and_reads_the_figures() {
    let desk = demo(&[]);
    desk.server.issued_code().await;
    let b = Browser::start(1280, 900).await;
    sign_in(&b, &desk.server, &desk.admin).await;
    b.click_on("a[href='#/accounts']").await;
    b.type_into("#new-email", "new.desk@clinic.test").await;
    b.type_into("#new-password", "short").await;
    b.click_on("[data-testid=add-account-submit]").await;
    b.wait_page_text("#new-password-error", "12 characters").await;
    b.assert_accessible("the accounts with a password refused").await;
    b.type_into("#new-password", "a long enough password").await;
    b.click_on("[data-testid=add-account-submit]").await;
    b.wait_page_text("[data-testid=staff-notice]", "Added new.desk@clinic.test").await;
    desk.server.login("new.desk@clinic.test", "a long enough password").await;
    b.click_on("[data-testid=toggle-new-desk-clinic-test]").await;
    b.wait_page_text("[data-testid=account-new-desk-clinic-test]", "Disabled").await;
    let resp = desk
        .server
        .post(
            "/v1/auth/login",
            &json!({"email": "new.desk@clinic.test", "password": "a long enough password"}),
        )
        .await;
    expect_problem(resp, 403, "account_disabled").await;

    b.click_on("a[href='#/figures']").await;
    b.wait_page_text("[data-testid=figures-total]", "Self-checks stored in all: 1.").await;
    for chart in ["chart-hint", "chart-referral", "chart-codes"] {
        assert!(b.on_page(&format!("[data-testid={chart}] svg rect")).await, "{chart} has bars");
    }
    // The numbers are in a table for screen readers: one issued, none redeemed.
    let row = b
        .js("return [...document.querySelectorAll('[data-testid=chart-codes-table] tbody tr')]
                .filter(tr => tr.querySelector('th').textContent.startsWith('DEMO'))
                .map(tr => [...tr.querySelectorAll('td')].map(td => td.textContent));")
        .await;
    assert_eq!(row, json!([["1", "0"]]));
    b.assert_accessible("the figures").await;
    b.click_on("[data-testid=chart-codes] button.link").await;
    b.wait_page_text("[data-testid=chart-codes] button.link", "Hide the numbers").await;
    b.assert_accessible("the figures with a chart's numbers shown").await;
    b.close().await;
}

#[tokio::test]
async fn an_admin_undoes_a_redemption_and_voids_with_a_reason_then_reads_the_log() {
    let desk = demo(&[]);
    let code = desk.server.issued_code().await;
    let b = tablet().await;
    sign_in(&b, &desk.server, &desk.admin).await;
    look_up(&b, &code).await;
    b.click_on("[data-testid=redeem]").await;
    b.click_on("[data-testid=confirm-redeem]").await;
    wait_status(&b, "redeemed").await;
    b.click_on("[data-testid=unredeem]").await;
    b.type_into("#reason", "the visitor left before the visit").await;
    b.click_on("[data-testid=confirm-correction]").await;
    b.wait_page_text("[data-testid=code-outcome]", "The redemption is undone.").await;
    wait_status(&b, "issued").await;
    // A void needs a reason: none is refused before sending.
    b.click_on("[data-testid=void]").await;
    b.click_on("[data-testid=confirm-correction]").await;
    b.wait_page_text("[data-testid=code-outcome-error]", "Write why").await;
    b.type_into("#reason", "issued twice by mistake").await;
    b.click_on("[data-testid=confirm-correction]").await;
    b.wait_page_text("[data-testid=code-outcome]", "The code is voided.").await;
    b.wait_page_text("[data-testid=code-status]", "issued twice by mistake").await;
    b.click_on("[data-testid=show-audit]").await;
    b.wait_for(
        "the audit log",
        "return document.querySelectorAll('[data-testid=audit] tbody tr').length === 3;",
        15,
    )
    .await;
    let rows = b
        .js("return [...document.querySelectorAll('[data-testid=audit] tbody tr')].map(tr => [...tr.querySelectorAll('td')].slice(1).map(td => td.textContent));")
        .await;
    let admin = desk.admin.0.as_str();
    assert_eq!(
        rows,
        json!([
            [admin, "127.0.0.1", "redeem", "ok", ""],
            [admin, "127.0.0.1", "unredeem", "ok", "the visitor left before the visit"],
            [admin, "127.0.0.1", "void", "ok", "issued twice by mistake"],
        ])
    );
    b.assert_accessible("a voided code's card with its audit log").await;
    b.close().await;
}

#[tokio::test]
async fn an_admin_sees_the_desk_activity_with_attempts_on_unknown_codes() {
    let desk = demo(&[]);
    let code = desk.server.issued_code().await;
    let token = &desk.server.access_token(&desk.staff.0, &desk.staff.1).await;
    let never = DiscountCode::from_bits(42).display_form();
    let admin = desk.server.access_token(&desk.admin.0, &desk.admin.1).await;
    let looked_up = desk.server.get_with(&format!("/v1/codes/{code}"), &admin).await;
    assert_eq!(looked_up.status(), 200);
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
            ["activity-entry", staff, "127.0.0.1", "redeem", code, "ok", ""],
            [
                "activity-unknown",
                staff,
                "127.0.0.1",
                "redeem",
                format!("no such code: {never}"),
                "unknown code",
                ""
            ],
        ]),
        "newest first"
    );
    // Only the staff views of checks: the admin's look-up of the code.
    b.js("const s = document.querySelector('[data-testid=activity-filter]'); s.value = 'view_check'; \
          s.dispatchEvent(new Event('change', {bubbles: true})); return true;")
        .await;
    b.wait_for(
        "the views alone",
        "const rows = document.querySelectorAll('[data-testid=activity] tbody tr'); \
         return rows.length === 1 && rows[0].textContent.includes('viewed check');",
        15,
    )
    .await;
    let rows = b
        .js("return [...document.querySelectorAll('[data-testid=activity] tbody tr')]\
             .map(tr => [tr.dataset.testid, ...[...tr.querySelectorAll('td')].slice(1).map(td => td.textContent)]);")
        .await;
    let admin = desk.admin.0.as_str();
    assert_eq!(
        rows,
        json!([["activity-entry", admin, "127.0.0.1", "viewed check (code look-up)", code, "ok", ""]])
    );
    b.assert_accessible("the desk activity, views only").await;
    b.close().await;
}

#[tokio::test]
async fn an_admin_erases_the_answers_of_a_visitor_who_phoned_from_the_code_card() {
    let desk = demo(&[]);
    let code = desk.server.issued_code().await;
    let b = tablet().await;
    sign_in(&b, &desk.server, &desk.admin).await;
    look_up(&b, &code).await;
    assert!(b.on_page("[data-testid=summary-hint]").await, "the summary shows before");
    b.click_on("[data-testid=erase-check]").await;
    b.wait_page_text("[data-testid=erase-warning]", "This cannot be undone.").await;
    // Cancel leaves everything as it was.
    b.click_on("[data-testid=correction] button.secondary").await;
    assert!(b.on_page("[data-testid=summary-hint]").await);
    b.click_on("[data-testid=erase-check]").await;
    b.click_on("[data-testid=confirm-correction]").await;
    b.wait_page_text("[data-testid=code-outcome-error]", "Write why").await;
    b.type_into("#reason", "they phoned and asked to be erased").await;
    b.click_on("[data-testid=confirm-correction]").await;
    b.wait_page_text("[data-testid=code-outcome]", "Erased. The audit log keeps who did it and why.").await;
    b.wait_page_text("[data-testid=summary]", "answers were erased").await;
    wait_status(&b, "issued").await;
    assert!(!b.on_page("[data-testid=erase-check]").await, "nothing left to erase");
    b.click_on("[data-testid=show-audit]").await;
    b.wait_for(
        "the audit log",
        "return [...document.querySelectorAll('[data-testid=audit] tbody tr')]\
         .some(tr => tr.textContent.includes('erased the check') && tr.textContent.includes('they phoned'));",
        15,
    )
    .await;
    b.close().await;
}
