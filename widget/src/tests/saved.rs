//! The result step after saving: the widget's own result, marked stored when
//! the clinic's equals it, and a notice when it does not, checked again on
//! every visit (a reload of an up-to-date page clears it).

use std::rc::Rc;

use solecheck_shared::{
    answers::Locale,
    content::{StepKey, questionnaire},
    question::{NO, QuestionKey},
    score,
};
use wasm_bindgen_test::wasm_bindgen_test;

use super::{FakeClock, Widget, journey_at};
use crate::{
    json,
    state::{Journey, Saved, Saving},
};

/// A finished check (shoes skipped), saved with `stored` as the clinic's
/// result (`None`: the one the widget scores itself).
fn saved_journey(stored: Option<&str>) -> Journey {
    let mut journey = journey_at(StepKey::Result, Locale::En);
    let d = &mut journey.draft;
    d.consent = true;
    d.shoes_skipped = true;
    for (q, option) in [
        (QuestionKey::BackPain, "0"),
        (QuestionKey::RecentInjury, NO),
        (QuestionKey::GaitChangingFootPain, NO),
        (QuestionKey::RunsPerWeek, "none"),
        (QuestionKey::Surface, "mixed"),
        (QuestionKey::Cycles, NO),
    ] {
        assert!(d.choose(q, option), "{q}: {option}");
    }
    let own =
        journey.answers().map(|a| score(&a)).and_then(|r| json::to_string(&r)).expect("a finished check");
    let result = stored.map_or(own, str::to_owned);
    journey.saving = Saving::Saved(Rc::new(Saved { id: "a1".into(), token: "t1".into(), result }));
    journey
}

#[wasm_bindgen_test]
async fn an_equal_stored_result_is_shown_as_saved() {
    let w = Widget::mount(&saved_journey(None), FakeClock::default().clock()).await;
    assert_eq!(w.attr("[data-testid=step-result]", "data-result-source").as_deref(), Some("stored"));
    assert_eq!(w.attr("[data-testid=step-result]", "data-matches-local").as_deref(), Some("true"));
    assert_eq!(w.text("[data-testid=saved]"), questionnaire(Locale::En).ui.saved);
    assert!(w.find("[data-testid=result-differs]").is_none());
    assert!(w.find("[data-testid=referral]").is_some(), "the result is described");
}

#[wasm_bindgen_test]
async fn a_different_stored_result_is_announced_with_a_reload_hint() {
    let w =
        Widget::mount(&saved_journey(Some(r#"{"referral":{"level":"soon"}}"#)), FakeClock::default().clock())
            .await;
    assert_eq!(w.attr("[data-testid=step-result]", "data-result-source").as_deref(), Some("local"));
    assert_eq!(w.attr("[data-testid=step-result]", "data-matches-local").as_deref(), Some("false"));
    let notice = w.get("[data-testid=result-differs]");
    assert_eq!(notice.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(notice.text_content().unwrap_or_default(), questionnaire(Locale::En).ui.result_differs);
    assert!(w.find("[data-testid=saved]").is_none());
    assert!(w.find("[data-testid=referral]").is_some(), "the local result still shows");
}
