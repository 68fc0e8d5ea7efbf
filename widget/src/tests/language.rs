//! Switching the language at any step keeps every answer given so far.

use solecheck_shared::{
    answers::{Locale, Zone},
    content::{StepKey, questionnaire},
};
use wasm_bindgen_test::wasm_bindgen_test;

use super::{FakeClock, Widget, journey_at};

fn zone_label(locale: Locale, zone: Zone) -> String {
    questionnaire(locale)
        .shoes
        .zones
        .iter()
        .find(|z| z.key == zone)
        .map(|z| z.label.clone())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn switching_language_on_the_shoe_step_keeps_the_marks() {
    let w = Widget::mount(&journey_at(StepKey::Shoes, Locale::En), FakeClock::default().clock()).await;
    let zone = "[data-testid=zone-left-mid_inner]";
    w.click(zone).await;
    w.click("#sc-counter-right-leans_out").await;
    assert_eq!(w.attr("[data-testid=lang-en]", "aria-pressed").as_deref(), Some("true"));

    w.click("[data-testid=lang-es]").await;
    let es = questionnaire(Locale::Es);
    assert_eq!(w.attr("[data-testid=solecheck-root]", "lang").as_deref(), Some("es"));
    assert_eq!(w.attr("[data-testid=lang-es]", "aria-pressed").as_deref(), Some("true"));
    assert_eq!(w.attr("[data-testid=lang-en]", "aria-pressed").as_deref(), Some("false"));
    assert_eq!(
        w.text("[data-testid=step-shoes] h2"),
        es.step(StepKey::Shoes).map(|s| s.title.clone()).unwrap_or_default()
    );
    assert_eq!(w.text(zone), zone_label(Locale::Es, Zone::MidInner));
    assert_eq!(w.attr(zone, "aria-pressed").as_deref(), Some("true"), "the mark survives the switch");
    assert!(w.checked("#sc-counter-right-leans_out"), "the heel counter answer survives the switch");
    assert_eq!(w.step(), "shoes", "the switch stays on the step");

    w.click("[data-testid=lang-en]").await;
    assert_eq!(w.text(zone), zone_label(Locale::En, Zone::MidInner));
    assert_eq!(w.attr(zone, "aria-pressed").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn switching_language_keeps_the_answers_of_earlier_steps() {
    let mut journey = journey_at(StepKey::Symptoms, Locale::Es);
    journey.draft.left.zones.push(Zone::HeelInner);
    let w = Widget::mount(&journey, FakeClock::default().clock()).await;
    w.click("#sc-back_pain-6").await;
    w.click("#sc-back_pain_duration-over_3_months").await;
    w.click("[data-testid=lang-en]").await;
    assert!(w.checked("#sc-back_pain-6"));
    assert!(w.checked("#sc-back_pain_duration-over_3_months"));
    w.click("[data-testid=back]").await;
    assert_eq!(w.step(), "shoes");
    assert_eq!(w.attr("[data-testid=zone-left-heel_inner]", "aria-pressed").as_deref(), Some("true"));
    assert_eq!(w.text("[data-testid=zone-left-heel_inner]"), zone_label(Locale::En, Zone::HeelInner));
}
