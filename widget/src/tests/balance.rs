//! The balance stopwatch, driven by a clock the test moves: times are exact,
//! the 45 s cap stops a try by itself, three tries at most, each announced,
//! and the page never moves on by itself.

use solecheck_shared::{
    answers::{AgeBand, Locale},
    content::{StepKey, questionnaire},
};
use wasm_bindgen_test::wasm_bindgen_test;

use super::{FakeClock, Widget, journey_at};

const LEFT_OPEN: &str = "[data-testid=sc-timer-left-open]";
const START: &str = "[data-testid=sc-timer-left-open-start]";
const STOP: &str = "[data-testid=sc-timer-left-open-stop]";

fn balance_journey(age: Option<AgeBand>) -> crate::state::Journey {
    let mut journey = journey_at(StepKey::Balance, Locale::En);
    journey.draft.about.age_band = age;
    journey
}

#[wasm_bindgen_test]
async fn a_try_lasts_exactly_as_long_as_the_clock_says() {
    let clock = FakeClock::default();
    clock.advance_ms(1_000_000.0);
    let w = Widget::mount(&balance_journey(Some(AgeBand::From40To49)), clock.clock()).await;
    w.click(START).await;
    assert!(w.find(STOP).is_some(), "running: a stop button");
    clock.advance_ms(12_340.0);
    // The ticker shows the clock's time on its next tick.
    w.until("the stopwatch to read 12.3 s", 5, |w| w.text(&format!("{LEFT_OPEN} .stopwatch")) == "12.3 s")
        .await;
    clock.advance_ms(1_000.0);
    w.click(STOP).await;
    assert_eq!(w.text(&format!("{LEFT_OPEN} .tries")), "13.3 s  Best: 13.3 s");
    let status = w.get(&format!("{LEFT_OPEN} [role=status]"));
    assert_eq!(status.get_attribute("aria-live").as_deref(), Some("polite"));
    let doc = questionnaire(Locale::En);
    let announced = status.text_content().unwrap_or_default();
    let expected = doc
        .balance
        .announce
        .replace("{leg}", &doc.balance.left_leg)
        .replace("{condition}", &doc.balance.eyes_open)
        .replace("{seconds}", "13.3")
        .replace("{try}", "1")
        .replace("{max}", "3");
    assert_eq!(announced, expected);
    assert_eq!(w.step(), "balance", "a try never moves the page on");
    assert!(w.find(START).is_some(), "a second try is offered");
}

#[wasm_bindgen_test]
async fn a_try_stops_itself_at_45_seconds_and_three_tries_is_the_most() {
    let clock = FakeClock::default();
    let w = Widget::mount(&balance_journey(Some(AgeBand::From40To49)), clock.clock()).await;
    w.click(START).await;
    clock.advance_ms(60_000.0);
    w.until("the try to stop itself", 5, |w| w.find(STOP).is_none()).await;
    assert_eq!(w.text(&format!("{LEFT_OPEN} .tries")), "45.0 s  Best: 45.0 s");
    assert_eq!(w.step(), "balance", "the cap never moves the page on");
    for ms in [5_000.0, 20_000.0] {
        w.click(START).await;
        clock.advance_ms(ms);
        w.click(STOP).await;
    }
    assert_eq!(w.text(&format!("{LEFT_OPEN} .tries")), "45.0 s · 5.0 s · 20.0 s  Best: 45.0 s");
    assert!(w.find(START).is_none(), "no fourth try");
    // The other leg is untouched.
    assert_eq!(w.text("[data-testid=sc-timer-right-open] .tries"), "");
}

#[wasm_bindgen_test]
async fn eyes_closed_is_offered_only_under_60() {
    for (age, offered) in
        [(Some(AgeBand::From18To39), true), (Some(AgeBand::From60To69), false), (None, false)]
    {
        let w = Widget::mount(&balance_journey(age), FakeClock::default().clock()).await;
        for side in ["left", "right"] {
            assert!(w.find(&format!("[data-testid=sc-timer-{side}-open]")).is_some());
            let closed = w.find(&format!("[data-testid=sc-timer-{side}-closed]")).is_some();
            assert_eq!(closed, offered, "{age:?}: eyes closed on the {side} leg");
        }
    }
}

#[wasm_bindgen_test]
async fn spanish_times_are_written_with_a_decimal_comma() {
    let clock = FakeClock::default();
    let mut journey = balance_journey(None);
    journey.locale = Locale::Es;
    let w = Widget::mount(&journey, clock.clock()).await;
    w.click(START).await;
    clock.advance_ms(7_560.0);
    w.click(STOP).await;
    let best = questionnaire(Locale::Es).balance.best.replace("{seconds}", "7,5");
    assert_eq!(w.text(&format!("{LEFT_OPEN} .tries")), format!("7,5 s  {best}"));
}
