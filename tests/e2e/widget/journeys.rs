//! Journeys through the widget on the demo page, to a code the desk redeems.

use chrono::Datelike;
use serde_json::{Value, json};
use solecheck_shared::{
    Answers,
    answers::Locale,
    content::{StepKey, questionnaire},
    score,
};
use solecheck_tests::{Backend, Browser, Server};

use super::{
    WELCOME_HEADING, answer_safety, answer_symptoms_and_activity, kept_journey, offer_today, open,
    redeem_at_the_desk, saved_check, to_offer,
};

#[tokio::test]
async fn demo_page_renders_the_first_step_in_chromium() {
    let server = Server::start(Backend::Sqlite).expect("sqlite");
    let browser = Browser::start(390, 844).await;
    browser.client.goto(&server.url("/")).await.unwrap();
    let heading = browser.wait_for("the welcome step", WELCOME_HEADING, 15).await;
    let expected = questionnaire(Locale::En);
    let welcome = expected.step(StepKey::Welcome).expect("welcome step");
    assert_eq!(heading.as_str(), Some(welcome.title.as_str()));
    browser.close().await;
}

#[tokio::test]
async fn the_journey_ends_with_a_code_the_desk_redeems() {
    let server = Server::start(Backend::Sqlite).expect("sqlite");
    offer_today(&server).await;
    let b = Browser::start(390, 900).await;
    saved_check(&server, &b).await;
    assert_eq!(b.attr("[data-testid=hint]", "data-hint").await.as_deref(), Some("overpronation"));
    // The result shown is the stored one, and the widget found it equal to
    // the one it scored itself.
    assert_eq!(b.attr("[data-testid=step-result]", "data-result-source").await.as_deref(), Some("stored"));
    assert_eq!(b.attr("[data-testid=step-result]", "data-matches-local").await.as_deref(), Some("true"));
    // The API keeps that result, and the shared rules give it for the stored answers.
    let journey = kept_journey(&b).await;
    let path = format!("/v1/assessments/{}", journey["saved_id"].as_str().unwrap());
    let view: Value =
        server.get_with(&path, journey["saved_token"].as_str().unwrap()).await.json().await.unwrap();
    let kept: Value = serde_json::from_str(journey["saved_result"].as_str().unwrap()).unwrap();
    assert_eq!(kept, view["result"], "the stored result is kept with the journey");
    let answers: Answers = serde_json::from_value(view["answers"].clone()).unwrap();
    assert_eq!(serde_json::to_value(score(&answers)).unwrap(), view["result"]);
    assert!(answers.balance.is_some() && answers.shoes.is_some(), "every part of the check was sent");

    b.click("[data-testid=next]").await;
    b.step("plan").await;
    assert!(b.exists("[data-testid=plan-sole_release]").await);
    let order = b.js("return [...document.querySelector('sole-check').shadowRoot.querySelectorAll('.exercises > li')].map(e => e.dataset.testid)").await;
    assert_eq!(order[0], "plan-sole_release");
    assert_eq!(order[1], "plan-single_leg_stance", "a leg below typical moves the balance work up: {order}");
    assert!(b.exists("[data-testid=plan-softer_surfaces]").await, "3-4 road runs with pain 4");
    b.click("[data-testid=next]").await;
    b.step("offer").await;
    b.click("[data-testid=get-code]").await;
    let code = b.text("[data-testid=code]").await;
    assert_eq!(code.len(), 16, "{code}");
    assert_eq!(
        b.scan_qr(".qr svg").await,
        std::slice::from_ref(&code),
        "the QR code on the screen reads as the code"
    );
    // The offer ends today, so the code is good through today, clinic time
    // (its end instant is already tomorrow in this browser's zone).
    let today = server.clinic_today().await;
    assert_eq!(b.attr("[data-testid=valid-through]", "data-date").await.as_deref(), Some(today.as_str()));
    let valid = questionnaire(Locale::En).ui.valid_until.replace("{date}", &long_date(&today, Locale::En));
    b.wait_text("[data-testid=valid-through]", &valid).await;
    assert_eq!(server.db().count("SELECT COUNT(*) AS n FROM assessments"), 1);
    redeem_at_the_desk(&server, &code).await;
    b.close().await;
}

/// `2026-08-31` as a long date: "August 31, 2026" or "31 de agosto de 2026".
fn long_date(day: &str, locale: Locale) -> String {
    const ES: [&str; 12] = [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ];
    let date: chrono::NaiveDate = day.parse().unwrap();
    match locale {
        Locale::En => date.format("%B %-d, %Y").to_string(),
        Locale::Es => format!("{} de {} de {}", date.day(), ES[date.month0() as usize], date.year()),
    }
}

#[tokio::test]
async fn a_spanish_journey_to_the_plan_and_a_code() {
    let clinic = ["--clinic-phone", "+1 435 555 0100", "--clinic-booking-url", "https://clinic.example/book"];
    let server = Server::start_with(Backend::Sqlite, &clinic).expect("sqlite");
    offer_today(&server).await;
    let es = questionnaire(Locale::Es);
    let title = |key: &str| es.step(StepKey::from_key(key).expect("a step")).unwrap().title.clone();
    let b = Browser::start(390, 900).await;
    b.client.goto(&server.url("/")).await.unwrap();
    b.click("[data-testid=lang-es]").await;
    b.wait_text("[data-testid=step-welcome] h2", &title("welcome")).await;
    assert_eq!(b.attr("[data-testid=solecheck-root]", "lang").await.as_deref(), Some("es"));
    b.wait_text("[data-testid=start]", &es.ui.start).await;
    b.click("[data-testid=consent]").await;
    b.click("[data-testid=start]").await;
    b.wait_text("[data-testid=step-safety] h2", &title("safety")).await;
    b.wait_text("[data-testid=next]", &es.ui.next).await;
    answer_safety(&b, &[]).await;
    b.wait_text("[data-testid=step-shoes] h2", &title("shoes")).await;
    b.wait_text("[data-testid=skip-shoes]", &es.shoes.skip_label).await;
    b.click("[data-testid=zone-right-fore_outer]").await;
    b.click("[data-testid=zone-right-mid_outer]").await;
    b.click("#sc-counter-left-upright").await;
    b.click("#sc-counter-right-leans_out").await;
    b.click("[data-testid=next]").await;
    b.wait_text("[data-testid=step-symptoms] h2", &title("symptoms")).await;
    answer_symptoms_and_activity(&b).await;
    b.wait_text("[data-testid=step-about] h2", &title("about")).await;
    b.click("[data-testid=next]").await;
    b.wait_text("[data-testid=step-balance] h2", &title("balance")).await;
    b.wait_text("[data-testid=skip-balance]", &es.balance.skip).await;
    b.click("[data-testid=skip-balance]").await;
    b.wait_text("[data-testid=step-result] h2", &title("result")).await;
    b.wait_text("[data-testid=saved]", &es.ui.saved).await;
    // One shoe rolls out, the other is upright: the hint leans to supination.
    let hint = es.results.hints.iter().find(|h| h.key.as_str() == "oversupination").unwrap();
    b.wait_text("[data-testid=hint]", &hint.text).await;
    b.click("[data-testid=next]").await;
    b.wait_text("[data-testid=step-plan] h2", &title("plan")).await;
    for key in ["sole_release", "single_leg_stance", "softer_surfaces", "cycling"] {
        let card = es.catalogue.iter().find(|c| c.key.as_str() == key).unwrap();
        b.wait_text(&format!("[data-testid=plan-{key}] h3"), &card.title).await;
    }
    b.click("[data-testid=next]").await;
    b.wait_text("[data-testid=step-offer] h2", &title("offer")).await;
    b.wait_text("[data-testid=get-code]", &es.offer.get_code).await;
    b.click("[data-testid=get-code]").await;
    let code = b.text("[data-testid=code]").await;
    let valid = es.ui.valid_until.replace("{date}", &long_date(&server.clinic_today().await, Locale::Es));
    b.wait_text("[data-testid=valid-through]", &valid).await;
    assert!(b.text("[data-testid=code-card]").await.contains(&es.offer.how_to_redeem));
    // Where to bring it: the clinic's name, phone and booking page, from the settings.
    let at = b.text("[data-testid=clinic]").await;
    assert!(
        at.contains("Crux Sport & Spine")
            && at.contains(&es.offer.call.replace("{phone}", "+1 435 555 0100")),
        "{at}"
    );
    assert!(at.contains(&es.offer.book), "{at}");
    assert_eq!(
        b.attr("[data-testid=clinic] a[href^=tel]", "href").await.as_deref(),
        Some("tel:+14355550100")
    );
    redeem_at_the_desk(&server, &code).await;
    b.close().await;
}

#[tokio::test]
async fn an_urgent_answer_ends_at_emergency_care() {
    let server = Server::start(Backend::Sqlite).expect("sqlite");
    let b = Browser::start(390, 900).await;
    open(&server, &b, true).await;
    answer_safety(&b, &["bladder_bowel"]).await;
    let title = b.text("[data-testid=result-urgent] h2").await;
    let doc = questionnaire(Locale::En);
    let urgent = doc.results.referral.iter().find(|l| l.level.as_str() == "urgent").unwrap();
    assert_eq!(title, urgent.title);
    assert!(!b.exists("[data-testid=step-plan]").await);
    assert!(!b.exists("[data-testid=get-code]").await);
    assert!(!b.exists("[data-testid=next]").await, "no way on to a plan or offer");
    assert!(b.exists("[data-testid=boundaries] li").await, "the boundaries are on every result");
    assert_eq!(server.db().count("SELECT COUNT(*) AS n FROM assessments"), 0);
    b.close().await;
}

#[tokio::test]
async fn hostile_page_css_and_two_widgets() {
    let server = Server::start(Backend::Sqlite).expect("sqlite");
    let b = Browser::start(1024, 900).await;
    b.client.goto(&server.url("/")).await.unwrap();
    b.wait_for("the widget", WELCOME_HEADING, 15).await;
    // Aggressive page CSS, then a second widget in Spanish.
    b.js(r#"
        const style = document.createElement('style');
        style.textContent = '* { all: unset !important; } button { display: none !important; } h2 { font-size: 1px !important; }';
        document.head.append(style);
        const second = document.createElement('sole-check');
        second.setAttribute('lang', 'es');
        document.body.append(second);
        return true;
    "#).await;
    let visible = b
        .wait_for(
            "a visible start button",
            "const r = document.querySelector('sole-check').shadowRoot; const s = r && r.querySelector('[data-testid=start]'); return s && s.getBoundingClientRect().height >= 24;",
            10,
        )
        .await;
    assert_eq!(visible, true);
    b.wait_for(
        "the second widget in Spanish",
        "const r = document.querySelectorAll('sole-check')[1]?.shadowRoot; return r?.querySelector('[data-testid=step-welcome] h2')?.textContent || null;",
        15,
    )
    .await;
    // Each widget keeps its own state.
    b.click_in(1, "[data-testid=start]").await;
    let steps = b.js("return [...document.querySelectorAll('sole-check')].map(e => e.shadowRoot.querySelector('[data-testid=solecheck-root]').dataset.step)").await;
    assert_eq!(steps, json!(["welcome", "safety"]));
    b.close().await;
}

#[tokio::test]
async fn the_whole_journey_works_with_the_keyboard_alone() {
    let server = Server::start(Backend::Sqlite).expect("sqlite");
    offer_today(&server).await;
    let b = Browser::start(1280, 900).await;
    b.client.goto(&server.url("/")).await.unwrap();
    b.wait_for("the widget", WELCOME_HEADING, 15).await;
    b.activate("[data-testid=consent]").await;
    b.activate("[data-testid=start]").await;
    b.step("safety").await;
    for key in solecheck_shared::answers::SafetyKey::ALL {
        b.choose(&format!("safety-{key}"), "no").await;
    }
    b.activate("[data-testid=next]").await;
    b.step("shoes").await;
    b.activate("[data-testid=zone-left-heel_inner]").await;
    b.activate("[data-testid=zone-right-mid_inner]").await;
    b.choose("counter-left", "leans_in").await;
    b.choose("counter-right", "upright").await;
    b.activate("[data-testid=next]").await;
    b.step("symptoms").await;
    b.choose("back_pain", "0").await;
    b.choose("recent_injury", "no").await;
    b.choose("gait_changing_foot_pain", "no").await;
    b.activate("[data-testid=next]").await;
    b.step("activity").await;
    b.choose("runs_per_week", "1_2").await;
    b.choose("surface", "trail").await;
    b.choose("cycles", "yes").await;
    b.activate("[data-testid=next]").await;
    b.step("about").await;
    b.activate("[data-testid=next]").await;
    b.step("balance").await;
    b.activate("[data-testid=skip-balance]").await;
    b.step("result").await;
    b.text("[data-testid=saved]").await;
    b.activate("[data-testid=next]").await;
    b.step("plan").await;
    b.activate("[data-testid=next]").await;
    b.step("offer").await;
    b.activate("[data-testid=get-code]").await;
    let code = b.text("[data-testid=code]").await;
    redeem_at_the_desk(&server, &code).await;
    b.close().await;
}

#[tokio::test]
async fn without_an_offer_the_widget_says_when_the_next_starts() {
    let server = Server::start(Backend::Sqlite).expect("sqlite");
    // Only a campaign that starts in ten days: nothing runs today.
    let admin = server.staff_token("admin").await;
    server.end_campaigns(&admin).await;
    let today = chrono::NaiveDate::parse_from_str(&server.clinic_today().await, "%Y-%m-%d").unwrap();
    let next = (today + chrono::Days::new(10)).to_string();
    let body = json!({"slug": "soon", "title": "Coming soon", "description": "", "percent_off": 15,
        "applies_to": "a gait check", "starts_on": next, "ends_on": next, "recurrence": "none"});
    server.add_campaign(&admin, &body).await;
    let b = Browser::start(390, 900).await;
    saved_check(&server, &b).await;
    to_offer(&b).await;
    let text = b.text("[data-testid=next-offer]").await;
    let year = &next[..4];
    assert!(text.contains(year) && text.contains("15%"), "{text} names the offer starting on {next}");
    assert!(!b.exists("[data-testid=get-code]").await);
    b.close().await;
}
