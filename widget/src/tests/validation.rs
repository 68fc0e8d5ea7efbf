//! "Please answer": shown when Next is pressed with a required answer missing,
//! announced (`role=alert`) and tied to its question (`aria-describedby`,
//! `aria-invalid`); never for optional questions; gone once answered.

use solecheck_shared::{
    answers::{Locale, SafetyKey},
    content::{StepKey, questionnaire},
};
use wasm_bindgen_test::wasm_bindgen_test;

use super::{FakeClock, Widget, journey_at};

/// Checks that question `name` is marked missing with `message`.
fn assert_missing(w: &Widget, name: &str, message: &str) {
    let group = format!("[data-testid=q-{name}]");
    assert_eq!(w.attr(&group, "role").as_deref(), Some("radiogroup"), "{name}: aria-invalid applies");
    assert_eq!(w.attr(&group, "aria-invalid").as_deref(), Some("true"), "{name} is marked invalid");
    let described = w.attr(&group, "aria-describedby").unwrap_or_default();
    let error = described
        .split_whitespace()
        .filter_map(|id| w.by_id(id))
        .find(|el| el.get_attribute("class").as_deref() == Some("error"))
        .unwrap_or_else(|| panic!("{name}: aria-describedby={described:?} names no error message"));
    assert_eq!(error.text_content().as_deref(), Some(message));
    assert_eq!(error.get_attribute("role").as_deref(), Some("alert"), "{name}: the message is announced");
    assert!(w.get(&group).contains(Some(&error)), "{name}: the message sits in its question");
}

fn assert_not_missing(w: &Widget, name: &str) {
    let group = format!("[data-testid=q-{name}]");
    assert_eq!(w.attr(&group, "aria-invalid"), None, "{name} is not marked");
    assert!(w.find(&format!("{group} .error")).is_none(), "{name} shows no message");
}

#[wasm_bindgen_test]
async fn the_safety_screen_names_each_unanswered_question() {
    let mut journey = journey_at(StepKey::Safety, Locale::En);
    journey.draft.safety = vec![None; SafetyKey::ALL.len()];
    journey.draft.safety[0] = Some(false);
    let w = Widget::mount(&journey, FakeClock::default().clock()).await;
    let message = questionnaire(Locale::En).ui.unanswered;
    assert!(w.all(".error").is_empty(), "no message before Next is pressed");
    w.click("[data-testid=next]").await;
    assert_eq!(w.step(), "safety", "an incomplete screen does not move on");
    let (answered, rest) = SafetyKey::ALL.split_at(1);
    assert_not_missing(&w, &format!("safety-{}", answered[0]));
    for key in rest {
        assert_missing(&w, &format!("safety-{key}"), &message);
    }
    // Answering one clears its message and only its message.
    w.click(&format!("#sc-safety-{}-no", rest[0])).await;
    assert_not_missing(&w, &format!("safety-{}", rest[0]));
    assert_missing(&w, &format!("safety-{}", rest[1]), &message);
    for key in &rest[1..] {
        w.click(&format!("#sc-safety-{key}-no")).await;
    }
    assert!(w.all("[aria-invalid]").is_empty());
    w.click("[data-testid=next]").await;
    assert_eq!(w.step(), "shoes");
}

#[wasm_bindgen_test]
async fn symptoms_ask_the_pain_follow_ups_only_with_pain_in_spanish_too() {
    let w = Widget::mount(&journey_at(StepKey::Symptoms, Locale::Es), FakeClock::default().clock()).await;
    let message = questionnaire(Locale::Es).ui.unanswered;
    w.click("#sc-back_pain-4").await;
    w.click("[data-testid=next]").await;
    for name in ["back_pain_duration", "back_pain_improving", "morning_stiffness", "recent_injury"] {
        assert_missing(&w, name, &message);
    }
    assert_not_missing(&w, "back_pain");
    // No pain: its follow-ups go away, and so do their messages.
    w.click("#sc-back_pain-0").await;
    assert!(w.find("[data-testid=q-back_pain_duration]").is_none());
    assert_missing(&w, "gait_changing_foot_pain", &message);
}

#[wasm_bindgen_test]
async fn optional_questions_are_never_marked_missing() {
    let w = Widget::mount(&journey_at(StepKey::About, Locale::En), FakeClock::default().clock()).await;
    w.click("[data-testid=next]").await;
    assert_eq!(w.step(), "balance", "about you is optional");
    w.click("[data-testid=back]").await;
    assert_eq!(w.step(), "about");
    assert!(w.all("[aria-invalid]").is_empty());
}
