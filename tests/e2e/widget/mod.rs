//! The built widget, served by the api, in headless Chromium: the journeys,
//! how the files are served, layout and focus, privacy, and failures.

mod a11y;
mod failures;
mod files;
mod journeys;
mod my_data;
mod privacy;
mod steps;

use serde_json::{Value, json};
use solecheck_shared::answers::SafetyKey;
use solecheck_tests::{Browser, Server};

/// The text of the first step's heading inside the widget's shadow root.
pub const WELCOME_HEADING: &str = r#"
    const root = document.querySelector('sole-check')?.shadowRoot;
    const h = root?.querySelector('[data-testid=step-welcome] h2');
    return h ? h.textContent : null;
"#;

/// The first widget's shadow root, as a JS expression.
pub const ROOT: &str = "document.querySelector('sole-check').shadowRoot";

/// An offer that runs today only, made through the admin API.
pub async fn offer_today(server: &Server) {
    let admin = server.staff_token("admin").await;
    let today = server.clinic_today().await;
    let body = json!({"slug": "widget-test", "title": "Widget test offer", "description": "", "percent_off": 20,
        "applies_to": "a first visit", "starts_on": today, "ends_on": today, "recurrence": "none"});
    server.add_campaign(&admin, &body).await;
}

/// Answers the safety screen "no" throughout, except `yes` (in any order).
pub async fn answer_safety(b: &Browser, yes: &[&str]) {
    b.step("safety").await;
    for key in SafetyKey::ALL {
        let answer = if yes.contains(&key.as_str()) { "yes" } else { "no" };
        b.click(&format!("#sc-safety-{key}-{answer}")).await;
    }
    b.click("[data-testid=next]").await;
}

/// From the shoes step to the about step: pain 4 for 6-12 weeks, 3-4 road
/// runs a week, no cycling.
pub async fn answer_symptoms_and_activity(b: &Browser) {
    b.step("symptoms").await;
    b.click("#sc-back_pain-4").await;
    b.click("#sc-back_pain_duration-6_to_12_weeks").await;
    b.click("#sc-back_pain_improving-no").await;
    b.click("#sc-morning_stiffness-no").await;
    b.click("#sc-recent_injury-no").await;
    b.click("#sc-gait_changing_foot_pain-no").await;
    b.click("[data-testid=next]").await;
    b.step("activity").await;
    b.click("#sc-runs_per_week-3_4").await;
    b.click("#sc-surface-road").await;
    b.click("#sc-cycles-no").await;
    b.click("[data-testid=next]").await;
}

/// Answers the safety screen with no red flags and the rest of the check,
/// with one short balance try, and waits for the result.
pub async fn answer_everything(b: &Browser) {
    answer_safety(b, &[]).await;
    b.step("shoes").await;
    b.click("[data-testid=zone-left-heel_inner]").await;
    b.click("[data-testid=zone-left-mid_inner]").await;
    b.click("#sc-counter-left-leans_in").await;
    b.click("#sc-counter-right-upright").await;
    b.click("[data-testid=next]").await;
    answer_symptoms_and_activity(b).await;
    b.step("about").await;
    b.click("#sc-age_band-40_49").await;
    b.click("[data-testid=next]").await;
    // One short try on the left leg: well under the 40-49 flag of 31 s.
    b.step("balance").await;
    assert!(b.exists("[data-testid=sc-timer-left-closed]").await, "eyes closed is offered under 60");
    b.click("[data-testid=sc-timer-left-open-start]").await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    b.click("[data-testid=sc-timer-left-open-stop]").await;
    let announced = b.text("[data-testid=sc-timer-left-open] [role=status]").await;
    assert!(announced.contains('1') && !announced.is_empty(), "{announced}");
    assert_eq!(
        b.js(&format!("return {ROOT}.querySelector('[data-testid=solecheck-root]').dataset.step")).await,
        "balance",
        "the timer never moves on by itself"
    );
    b.click("[data-testid=next]").await;
    b.step("result").await;
}

/// The front desk redeems a code the widget showed.
pub async fn redeem_at_the_desk(server: &Server, code: &str) {
    let desk = server.staff_token("staff").await;
    let resp = server
        .http
        .post(server.url(&format!("/v1/codes/{code}/redeem")))
        .bearer_auth(&desk)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200, "the desk redeems {code}");
}

/// Opens the demo page and starts the check, with or without consent.
pub async fn open(server: &Server, b: &Browser, consent: bool) {
    b.client.goto(&server.url("/")).await.unwrap();
    if consent {
        b.click("[data-testid=consent]").await;
    }
    b.click("[data-testid=start]").await;
}

/// From the result step through the plan to the offer step, by clicking Next.
pub async fn to_offer(b: &Browser) {
    b.click("[data-testid=next]").await;
    b.step("plan").await;
    b.click("[data-testid=next]").await;
    b.step("offer").await;
}

/// Opens the demo page, consents, answers everything and waits until the
/// check is saved (the result step).
pub async fn saved_check(server: &Server, b: &Browser) {
    open(server, b, true).await;
    answer_everything(b).await;
    b.text("[data-testid=saved]").await;
}

/// From the result step to the offer, then "Get my code": the code shown.
pub async fn claim_code(b: &Browser) -> String {
    to_offer(b).await;
    b.click("[data-testid=get-code]").await;
    b.text("[data-testid=code]").await
}

/// The first widget's journey as kept in `sessionStorage` (form-encoded
/// fields, see widget/src/storage.rs), as a JSON object of strings.
pub async fn kept_journey(b: &Browser) -> Value {
    let fields = b
        .js("const k = Object.keys(sessionStorage).find(k => k.startsWith('solecheck:') && k.endsWith(':w0')); \
             return k ? Object.fromEntries(new URLSearchParams(sessionStorage.getItem(k))) : null;")
        .await;
    assert!(fields.is_object(), "a journey in sessionStorage");
    fields
}

/// The requests the page made, as resource-timing entries `[url, initiator]`.
pub async fn requests(b: &Browser) -> Vec<(String, String)> {
    let list =
        b.js("return performance.getEntriesByType('resource').map(e => [e.name, e.initiatorType]);").await;
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| (e[0].as_str().unwrap().to_owned(), e[1].as_str().unwrap().to_owned()))
        .collect()
}

/// How many requests went to exactly `path` on `server` (any method).
pub async fn requests_to(b: &Browser, server: &Server, path: &str) -> usize {
    let url = server.url(path);
    requests(b).await.iter().filter(|(name, _)| *name == url).count()
}
