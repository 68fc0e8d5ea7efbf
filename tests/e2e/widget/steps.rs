//! Step by step: answers kept over the language switch, a reload, and back
//! and forward; the shoe check skipped; the balance test at 60 and over; the
//! plan of a `soon` referral and its hold timer.

use serde_json::{Value, json};
use solecheck_shared::{
    answers::Locale,
    content::{StepKey, questionnaire},
    result::PlanStatus,
};
use solecheck_tests::{Backend, Browser, Server};

use super::{ROOT, answer_safety, answer_symptoms_and_activity, kept_journey, open};

#[tokio::test]
async fn switching_to_spanish_keeps_the_answers() {
    let server = Server::start(Backend::Sqlite).expect("sqlite");
    let b = Browser::start(390, 900).await;
    open(&server, &b, false).await;
    b.step("safety").await;
    b.click("#sc-safety-cancer_history-yes").await;
    b.click("[data-testid=lang-es]").await;
    let es = questionnaire(Locale::Es);
    let heading = b.text("[data-testid=step-safety] h2").await;
    assert_eq!(heading, es.step(StepKey::Safety).unwrap().title);
    let checked = b.js("return document.querySelector('sole-check').shadowRoot.querySelector('#sc-safety-cancer_history-yes').checked").await;
    assert_eq!(checked, true);
    b.close().await;
}

#[tokio::test]
async fn a_reload_mid_journey_keeps_the_answers_until_start_over() {
    let server = Server::start(Backend::Sqlite).expect("sqlite");
    let b = Browser::start(390, 900).await;
    open(&server, &b, true).await;
    b.step("safety").await;
    b.click("#sc-safety-fever_unwell-yes").await;
    b.click("#sc-safety-bladder_bowel-no").await;
    b.client.refresh().await.unwrap();
    b.step("safety").await;
    let checked = b
        .js("const r = document.querySelector('sole-check').shadowRoot; return [r.querySelector('#sc-safety-fever_unwell-yes').checked, r.querySelector('#sc-safety-bladder_bowel-no').checked];")
        .await;
    assert_eq!(checked, json!([true, true]));
    // An urgent answer, then "Start over": a fresh journey, also after a reload.
    answer_safety(&b, &["fever_unwell", "saddle_numbness"]).await;
    b.text("[data-testid=result-urgent] h2").await;
    b.click("[data-testid=result-urgent] .actions button").await;
    b.step("welcome").await;
    b.client.refresh().await.unwrap();
    b.step("welcome").await;
    let consent = b.js("return document.querySelector('sole-check').shadowRoot.querySelector('[data-testid=consent]').checked").await;
    assert_eq!(consent, false);
    b.close().await;
}

#[tokio::test]
async fn back_and_forward_keep_the_answers() {
    let server = Server::start(Backend::Sqlite).expect("sqlite");
    let b = Browser::start(390, 900).await;
    open(&server, &b, false).await;
    answer_safety(&b, &[]).await;
    b.step("shoes").await;
    b.click("[data-testid=zone-left-heel_inner]").await;
    b.click("#sc-counter-left-leans_in").await;
    b.click("#sc-counter-right-upright").await;
    b.click("[data-testid=next]").await;
    b.step("symptoms").await;
    b.click("#sc-back_pain-4").await;
    b.click("#sc-back_pain_duration-over_3_months").await;
    let shoes_kept = format!(
        "const r = {ROOT}; return [r.querySelector('[data-testid=zone-left-heel_inner]').getAttribute('aria-pressed'), \
         r.querySelector('#sc-counter-left-leans_in').checked, r.querySelector('#sc-counter-right-upright').checked];"
    );
    let symptoms_kept = format!(
        "const r = {ROOT}; return [r.querySelector('#sc-back_pain-4').checked, \
         r.querySelector('#sc-back_pain_duration-over_3_months').checked];"
    );
    // The widget's own Back and Next.
    b.click("[data-testid=back]").await;
    b.step("shoes").await;
    assert_eq!(b.js(&shoes_kept).await, json!(["true", true, true]));
    b.click("[data-testid=next]").await;
    b.step("symptoms").await;
    assert_eq!(b.js(&symptoms_kept).await, json!([true, true]));
    // The browser's: away to another page of the site and back again.
    b.client.goto(&server.url("/docs")).await.unwrap();
    b.client.back().await.unwrap();
    b.step("symptoms").await;
    assert_eq!(b.js(&symptoms_kept).await, json!([true, true]));
    b.click("[data-testid=back]").await;
    b.step("shoes").await;
    assert_eq!(b.js(&shoes_kept).await, json!(["true", true, true]));
    b.close().await;
}

#[tokio::test]
async fn shoes_skipped_and_no_eyes_closed_tries_at_60_and_over() {
    let server = Server::start(Backend::Sqlite).expect("sqlite");
    let b = Browser::start(390, 900).await;
    open(&server, &b, true).await;
    answer_safety(&b, &[]).await;
    b.step("shoes").await;
    let doc = questionnaire(Locale::En);
    b.wait_text("[data-testid=skip-shoes]", &doc.shoes.skip_label).await;
    b.click("[data-testid=skip-shoes]").await;
    answer_symptoms_and_activity(&b).await;
    b.step("about").await;
    b.click("#sc-age_band-60_69").await;
    b.click("[data-testid=next]").await;
    b.step("balance").await;
    assert!(b.exists("[data-testid=sc-timer-left-open]").await);
    for side in ["left", "right"] {
        assert!(!b.exists(&format!("[data-testid=sc-timer-{side}-closed]")).await, "no eyes closed at 60-69");
    }
    // Under 60 again (back to "about you"): the eyes-closed timers come back.
    b.click("[data-testid=back]").await;
    b.click("#sc-age_band-50_59").await;
    b.click("[data-testid=next]").await;
    b.step("balance").await;
    assert!(b.exists("[data-testid=sc-timer-right-closed]").await);
    b.click("[data-testid=skip-balance]").await;
    b.step("result").await;
    b.text("[data-testid=saved]").await;
    assert_eq!(b.attr("[data-testid=hint]", "data-hint").await.as_deref(), Some("unknown"));
    let journey = kept_journey(&b).await;
    assert_eq!(journey["shoes_skipped"], "y");
    let path = format!("/v1/assessments/{}", journey["saved_id"].as_str().unwrap());
    let view: Value =
        server.get_with(&path, journey["saved_token"].as_str().unwrap()).await.json().await.unwrap();
    assert_eq!(view["result"]["foot_function"]["strength"], "none", "the stored result");
    b.close().await;
}

#[tokio::test]
async fn a_soon_answer_marks_the_plan_and_the_hold_timer_counts_down() {
    let server = Server::start(Backend::Sqlite).expect("sqlite");
    let b = Browser::start(390, 900).await;
    open(&server, &b, false).await;
    answer_safety(&b, &["night_or_rest_pain"]).await;
    b.step("shoes").await;
    b.click("[data-testid=skip-shoes]").await;
    answer_symptoms_and_activity(&b).await;
    b.step("about").await;
    b.click("[data-testid=next]").await;
    b.step("balance").await;
    b.click("[data-testid=skip-balance]").await;
    b.step("result").await;
    assert_eq!(b.attr("[data-testid=referral]", "data-level").await.as_deref(), Some("soon"));
    b.click("[data-testid=next]").await;
    b.step("plan").await;
    assert_eq!(
        b.attr("[data-testid=step-plan]", "data-status").await.as_deref(),
        Some("ask_clinician_first")
    );
    let doc = questionnaire(Locale::En);
    let marking = doc.results.plan_status.iter().find(|s| s.key == PlanStatus::AskClinicianFirst).unwrap();
    b.wait_text("[data-testid=ask-first]", &marking.text).await;
    assert!(b.exists("[data-testid=plan-sole_release]").await, "the plan is shown, marked");
    // The short-foot hold: 5 s, counted down as a status message, then done.
    let timer = "[data-testid=plan-short_foot] .timer";
    let name = b.attr(&format!("{timer} button"), "aria-label").await.unwrap_or_default();
    let short_foot = doc.catalogue.iter().find(|c| c.key.as_str() == "short_foot").unwrap();
    assert!(name.contains("5 s") && name.contains(&short_foot.title), "{name}");
    assert_eq!(b.attr(&format!("{timer} [role=status]"), "aria-live").await.as_deref(), Some("polite"));
    b.click(&format!("{timer} button")).await;
    b.wait_text(&format!("{timer} [role=status]"), "5 s").await;
    b.wait_text(&format!("{timer} [role=status]"), "3 s").await;
    b.wait_text(&format!("{timer} [role=status]"), "✓ 0 s").await;
    b.step("plan").await;
    assert!(!b.exists("[data-testid=step-offer]").await, "the timer never moves on");
    b.close().await;
}
