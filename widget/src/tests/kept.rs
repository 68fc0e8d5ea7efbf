//! The journey kept in `sessionStorage` comes back whole, and a record that
//! no longer reads starts fresh rather than half-filled.

use std::rc::Rc;

use solecheck_shared::{
    answers::{
        About, AgeBand, Balance, Counter, LegTries, Locale, PainDuration, RunsPerWeek, Sex, SorePlace,
        Surface, Zone,
    },
    content::StepKey,
    draft::{ActivityDraft, SymptomsDraft},
};
use wasm_bindgen_test::wasm_bindgen_test;

use super::journey_at;
use crate::{
    state::{Journey, Saved, Saving},
    storage::{keep, restore},
};

/// A journey with every field away from its default.
fn full_journey() -> Journey {
    let mut j = journey_at(StepKey::Balance, Locale::Es);
    let d = &mut j.draft;
    d.consent = true;
    d.safety[0] = Some(true);
    d.safety[1] = None;
    d.left.zones = vec![Zone::HeelInner, Zone::MidInner];
    d.left.counter = Some(Counter::LeansIn);
    d.right.zones = vec![Zone::ForeOuter];
    d.right.counter = Some(Counter::Upright);
    d.symptoms = SymptomsDraft {
        back_pain: Some(6),
        back_pain_duration: Some(PainDuration::Over3Months),
        back_pain_improving: Some(false),
        morning_stiffness: Some(true),
        sore_places: vec![SorePlace::Knee, SorePlace::Foot],
        recent_injury: Some(false),
        gait_changing_foot_pain: Some(true),
    };
    d.activity = ActivityDraft {
        runs_per_week: Some(RunsPerWeek::ThreeFour),
        surface: Some(Surface::Road),
        cycles: Some(false),
    };
    d.about = About { age_band: Some(AgeBand::From40To49), sex: Some(Sex::PreferNot) };
    let leg =
        |open: &[f64], closed: &[f64]| LegTries { eyes_open: open.to_vec(), eyes_closed: closed.to_vec() };
    d.balance = Balance { left: leg(&[12.3, 45.0], &[0.1]), right: leg(&[], &[7.5, 20.0, 3.3]) };
    j.saving = Saving::Saved(Rc::new(Saved {
        id: "a-1".into(),
        token: "t&k=1".into(),
        result: r#"{"plan":{"items":["a&b=c"]}}"#.into(),
    }));
    j
}

#[wasm_bindgen_test]
fn every_answer_survives_keeping() {
    let journey = full_journey();
    let kept = keep(&journey).expect("kept");
    assert_eq!(restore(&kept), Some(journey));
}

#[wasm_bindgen_test]
fn a_fresh_journey_survives_keeping() {
    let journey = journey_at(StepKey::Welcome, Locale::En);
    assert_eq!(restore(&keep(&journey).expect("kept")), Some(journey));
}

#[wasm_bindgen_test]
fn a_save_under_way_or_failed_is_not_kept_so_it_is_tried_again() {
    for saving in [Saving::InFlight, Saving::Failed("offline".into())] {
        let mut journey = full_journey();
        journey.saving = saving;
        let back = restore(&keep(&journey).expect("kept")).expect("restored");
        assert_eq!(back.saving, Saving::Idle);
    }
}

#[wasm_bindgen_test]
fn an_unknown_key_reads_as_unanswered_and_a_bad_record_starts_fresh() {
    let kept = keep(&full_journey()).expect("kept");
    let renamed = kept.replace("surface=road", "surface=asphalt").replace("heel_inner", "heel_in");
    let back = restore(&renamed).expect("restored");
    assert_eq!(back.draft.activity.surface, None);
    assert_eq!(back.draft.left.zones, [Zone::MidInner]);
    assert_eq!(back.draft.activity.runs_per_week, Some(RunsPerWeek::ThreeFour), "the rest is kept");
    assert_eq!(
        restore(&kept.replace("locale=es", "locale=fr")),
        None,
        "a language the widget does not speak"
    );
    assert_eq!(restore(""), None);
}

#[wasm_bindgen_test]
fn an_erased_check_stays_erased_and_its_token_is_not_kept() {
    let mut journey = full_journey();
    journey.saving = Saving::Erased;
    let kept = keep(&journey).expect("kept");
    assert!(!kept.contains("saved_token") && !kept.contains("t%26k"), "{kept}");
    assert_eq!(restore(&kept), Some(journey), "a reload must not store it again");
}

#[wasm_bindgen_test]
fn each_journey_gets_its_own_key_a_uuidv7_of_now() {
    let before = js_sys::Date::now() as u64;
    let (a, b) = (crate::app::new_key(), crate::app::new_key());
    assert_ne!(a, b);
    let uuid = uuid::Uuid::try_parse(&a).expect("a UUID");
    assert_eq!((a.len(), uuid.get_version_num()), (36, 7), "{a}");
    let millis = u64::from_str_radix(&a.replace('-', "")[..12], 16).expect("hex");
    assert!((before..=js_sys::Date::now() as u64).contains(&millis), "{a} is not now");
}
