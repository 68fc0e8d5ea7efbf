//! A phone 320 CSS px wide: nothing scrolls sideways and every control is at
//! least 24 x 24 px (WCAG 2.2 target size); focus moves to each new step's
//! heading (but not on page load); and axe-core finds nothing wrong at any
//! step or in any state the journey passes through.

use serde_json::{Value, json};
use solecheck_shared::{
    answers::Locale,
    content::{StepKey, questionnaire},
};
use solecheck_tests::{Backend, Browser, Server};

use super::{ROOT, answer_safety, offer_today};

/// Layout problems in the first widget: sideways scrolling, boxes past the
/// viewport's edges, content wider than its box, and targets under 24 px.
const LAYOUT_PROBLEMS: &str = r#"
    const root = document.querySelector('sole-check').shadowRoot;
    const vw = document.documentElement.clientWidth;
    const name = el => el.tagName.toLowerCase() + (el.dataset.testid ? '[' + el.dataset.testid + ']' : '')
        + (el.id ? '#' + el.id : '') + (el.className && el.className.baseVal === undefined ? '.' + el.className : '');
    const problems = [];
    if (document.documentElement.scrollWidth > vw) {
        problems.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + vw);
    }
    for (const el of root.querySelectorAll('*')) {
        if (el.closest('.visually-hidden') || (el.closest('svg') && el.tagName !== 'svg')) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        if (r.left < -0.5 || r.right > vw + 0.5) problems.push('past the edge: ' + name(el) + ' ' + r.left + '..' + r.right);
        if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) {
            problems.push('wider than its box: ' + name(el) + ' ' + el.scrollWidth + ' > ' + el.clientWidth);
        }
    }
    for (const el of root.querySelectorAll('button, input, select, textarea, a[href]')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        if (r.width < 24 || r.height < 24) problems.push('target under 24 px: ' + name(el) + ' ' + r.width + 'x' + r.height);
    }
    return problems;
"#;

/// The focused element in the first widget: `[tag, text]`, or null.
fn focused() -> String {
    format!("const f = {ROOT}.activeElement; return f ? [f.tagName, f.textContent] : null;")
}

/// At step `key`: the layout holds at this width and focus is on its heading.
async fn check(b: &Browser, key: &str) {
    b.step(key).await;
    let title =
        questionnaire(Locale::En).step(StepKey::from_key(key).expect("a step")).unwrap().title.clone();
    b.wait_text(&format!("[data-testid=step-{key}] h2"), &title).await;
    let problems = b.js(LAYOUT_PROBLEMS).await;
    assert_eq!(problems, json!([]), "at step {key}");
    b.assert_accessible(&format!("step {key}")).await;
    let on_heading = format!(
        "const f = {ROOT}.activeElement; return !!f && f.tagName === 'H2' && f.textContent === {title:?};"
    );
    for _ in 0..100 {
        if b.js(&on_heading).await == json!(true) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(b.js(&focused()).await, json!(["H2", title]), "focus at step {key}");
}

#[tokio::test]
async fn at_320_px_the_layout_holds_focus_starts_each_step_and_axe_core_finds_nothing() {
    let server = Server::start(Backend::Sqlite).expect("sqlite");
    offer_today(&server).await;
    let b = Browser::start_phone(320, 800).await;
    b.client.goto(&server.url("/")).await.unwrap();
    assert_eq!(b.js("return document.documentElement.clientWidth").await, 320, "a 320 px viewport");
    b.step("welcome").await;
    assert_eq!(b.js(LAYOUT_PROBLEMS).await, json!([]), "at the welcome step");
    b.assert_accessible("the welcome step").await;
    assert_eq!(b.js(&focused()).await, Value::Null, "loading the page does not take focus");
    b.click("[data-testid=consent]").await;
    b.click("[data-testid=start]").await;
    check(&b, "safety").await;
    b.click("[data-testid=next]").await;
    assert_eq!(b.js(LAYOUT_PROBLEMS).await, json!([]), "with every 'please answer' shown");
    b.assert_accessible("every 'please answer' shown").await;
    answer_safety(&b, &[]).await;
    check(&b, "shoes").await;
    for zone in ["heel_inner", "mid_inner", "fore_inner"] {
        b.click(&format!("[data-testid=zone-left-{zone}]")).await;
    }
    b.click("#sc-counter-left-leans_in").await;
    b.click("#sc-counter-right-upright").await;
    b.click("[data-testid=next]").await;
    check(&b, "symptoms").await;
    b.click("#sc-back_pain-7").await;
    b.click("#sc-back_pain_duration-over_3_months").await;
    b.click("#sc-back_pain_improving-no").await;
    b.click("#sc-morning_stiffness-yes").await;
    b.click("#sc-recent_injury-no").await;
    b.click("#sc-gait_changing_foot_pain-no").await;
    b.click("[data-testid=next]").await;
    check(&b, "activity").await;
    // Back and forward move focus too.
    b.click("[data-testid=back]").await;
    check(&b, "symptoms").await;
    b.click("[data-testid=next]").await;
    check(&b, "activity").await;
    b.click("#sc-runs_per_week-5_plus").await;
    b.click("#sc-surface-treadmill").await;
    b.click("#sc-cycles-no").await;
    b.click("[data-testid=next]").await;
    check(&b, "about").await;
    b.click("#sc-age_band-18_39").await;
    b.click("[data-testid=next]").await;
    check(&b, "balance").await;
    b.click("[data-testid=sc-timer-right-closed-start]").await;
    assert_eq!(b.js(LAYOUT_PROBLEMS).await, json!([]), "with a stopwatch running");
    b.assert_accessible("a stopwatch running").await;
    b.click("[data-testid=sc-timer-right-closed-stop]").await;
    b.click("[data-testid=next]").await;
    check(&b, "result").await;
    b.text("[data-testid=saved]").await;
    assert_eq!(b.js(LAYOUT_PROBLEMS).await, json!([]), "with the saved result");
    b.assert_accessible("the saved result").await;
    b.click("[data-testid=erase-data]").await;
    b.text("[data-testid=confirm-erase]").await;
    assert_eq!(b.js(LAYOUT_PROBLEMS).await, json!([]), "asking before an erasure");
    b.assert_accessible("asking before an erasure").await;
    b.click("[data-testid=keep-data]").await;
    b.click("[data-testid=next]").await;
    check(&b, "plan").await;
    b.click("[data-testid=next]").await;
    check(&b, "offer").await;
    b.click("[data-testid=get-code]").await;
    b.text("[data-testid=code]").await;
    assert_eq!(b.js(LAYOUT_PROBLEMS).await, json!([]), "with the code and its QR code");
    b.assert_accessible("the code and its QR code").await;
    b.click("[data-testid=restart]").await;
    check(&b, "welcome").await;
    b.close().await;
}
