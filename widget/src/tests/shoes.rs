//! The shoe-wear step: each zone is a labelled toggle button.

use solecheck_shared::{
    answers::{Locale, Side, Zone},
    content::{StepKey, questionnaire},
};
use wasm_bindgen_test::wasm_bindgen_test;

use super::{FakeClock, Widget, journey_at};

#[wasm_bindgen_test]
async fn every_zone_is_a_labelled_toggle_on_both_soles() {
    let w = Widget::mount(&journey_at(StepKey::Shoes, Locale::En), FakeClock::default().clock()).await;
    let doc = questionnaire(Locale::En);
    for side in Side::ALL {
        let sole = w.get(&format!("[data-testid=shoe-{side}] .sole"));
        assert_eq!(sole.get_attribute("role").as_deref(), Some("group"));
        let side_label = doc.shoes.sides.iter().find(|s| s.key == *side).map(|s| s.text.clone());
        assert_eq!(sole.get_attribute("aria-label"), side_label, "each sole is named");
        for zone in &doc.shoes.zones {
            let selector = format!("[data-testid=zone-{side}-{}]", zone.key);
            assert_eq!(w.get(&selector).tag_name(), "BUTTON");
            assert_eq!(w.attr(&selector, "type").as_deref(), Some("button"));
            assert_eq!(w.text(&selector), zone.label, "the visible text names the zone");
            assert_eq!(w.attr(&selector, "aria-pressed").as_deref(), Some("false"));
            w.click(&selector).await;
            assert_eq!(w.attr(&selector, "aria-pressed").as_deref(), Some("true"), "{selector} on");
            w.click(&selector).await;
            assert_eq!(w.attr(&selector, "aria-pressed").as_deref(), Some("false"), "{selector} off");
        }
    }
}

#[wasm_bindgen_test]
async fn a_toggle_marks_only_its_own_shoe_and_the_right_sole_is_mirrored() {
    let w = Widget::mount(&journey_at(StepKey::Shoes, Locale::En), FakeClock::default().clock()).await;
    w.click("[data-testid=zone-left-heel_inner]").await;
    w.click("[data-testid=zone-left-fore_outer]").await;
    let mut pressed: Vec<String> = w
        .all("button.zone[aria-pressed=true]")
        .iter()
        .filter_map(|b| b.get_attribute("data-testid"))
        .collect();
    pressed.sort();
    assert_eq!(pressed, ["zone-left-fore_outer", "zone-left-heel_inner"]);
    // The inner edge faces the other shoe: third column on the left sole, first on the right.
    let column = |side: &str, zone: Zone| w.attr(&format!("[data-testid=zone-{side}-{zone}]"), "data-col");
    assert_eq!(column("left", Zone::HeelInner).as_deref(), Some("3"));
    assert_eq!(column("right", Zone::HeelInner).as_deref(), Some("1"));
    assert_eq!(column("left", Zone::HeelOuter).as_deref(), Some("1"));
    assert_eq!(w.step(), "shoes", "toggling never moves on");
}

#[wasm_bindgen_test]
async fn i_cannot_check_my_shoes_now_skips_to_the_symptoms() {
    let w = Widget::mount(&journey_at(StepKey::Shoes, Locale::En), FakeClock::default().clock()).await;
    w.click("[data-testid=skip-shoes]").await;
    assert_eq!(w.step(), "symptoms");
}
