//! Step 5b: the optional single-leg balance test. A timer per leg (and eyes
//! closed only for visitors under 60), up to three tries, capped at 45 s. The
//! timer never moves the page on; each try is announced as a status message.

use std::{rc::Rc, time::Duration};

use solecheck_shared::{answers::Side, content::StepKey};
use wasm_bindgen::JsValue;
use yew::{
    platform::{spawn_local, time::sleep},
    prelude::*,
};

use crate::{
    app::{StepHeading, StepProps},
    components::Nav,
    state::{Action, Answer},
};

/// Seconds with one decimal, cut as a stopwatch cuts them, written the way
/// the visitor's language writes numbers (`12.3` in English, `12,3` in Spanish).
fn tenths(seconds: f64, lang: &str) -> String {
    let options = js_sys::Object::new();
    for digits in ["minimumFractionDigits", "maximumFractionDigits"] {
        let _ = js_sys::Reflect::set(&options, &digits.into(), &1.into());
    }
    let format = js_sys::Intl::NumberFormat::new(&js_sys::Array::of1(&lang.into()), &options).format();
    let cut = (seconds * 10.0).floor() / 10.0;
    format.call1(&JsValue::NULL, &cut.into()).ok().and_then(|text| text.as_string()).unwrap_or_default()
}

/// One leg and condition's stopwatch.
#[derive(Clone, PartialEq, Properties)]
pub struct TryTimerProps {
    pub side: Side,
    pub closed: bool,
    /// "Standing on the left leg".
    pub leg: AttrValue,
    /// "Eyes open".
    pub condition: AttrValue,
    pub tries: Vec<f64>,
    pub base: StepProps,
}

#[function_component(TryTimer)]
fn try_timer(props: &TryTimerProps) -> Html {
    let balance = &props.base.doc.balance;
    let lang = props.base.journey.locale.as_str();
    let label = format!("{}, {}", props.leg, props.condition);
    let max_tries = usize::try_from(balance.max_tries).unwrap_or(3);
    let max_seconds = f64::from(balance.max_seconds);
    let clock = props.base.clock.clone();
    // The running try: its number (so a ticker of an earlier try knows it is
    // done even when the clock has not moved) and when it started.
    let started = use_mut_ref(|| (0u32, None::<f64>));
    let elapsed = use_state(|| None::<f64>);
    let announcement = use_state(String::new);
    let record: Rc<dyn Fn(f64)> = {
        let (props, started, elapsed, announcement) =
            (props.clone(), started.clone(), elapsed.clone(), announcement.clone());
        Rc::new(move |seconds: f64| {
            started.borrow_mut().1 = None;
            elapsed.set(None);
            let seconds = (seconds * 10.0).floor().max(1.0) / 10.0;
            let b = &props.base.doc.balance;
            announcement.set(
                b.announce
                    .replace("{leg}", &props.leg)
                    .replace("{condition}", &props.condition)
                    .replace("{seconds}", &tenths(seconds, props.base.journey.locale.as_str()))
                    .replace("{try}", &(props.tries.len() + 1).to_string())
                    .replace("{max}", &b.max_tries.to_string()),
            );
            props.base.dispatch.emit(Action::Answer(Answer::BalanceTry(props.side, props.closed, seconds)));
        })
    };
    let start = {
        let (started, elapsed, record, clock) =
            (started.clone(), elapsed.clone(), record.clone(), clock.clone());
        Callback::from(move |_| {
            let now = clock.now();
            let run = {
                let mut started = started.borrow_mut();
                *started = (started.0.wrapping_add(1), Some(now));
                started.0
            };
            elapsed.set(Some(0.0));
            let (started, elapsed, record, clock) =
                (started.clone(), elapsed.clone(), record.clone(), clock.clone());
            spawn_local(async move {
                loop {
                    sleep(Duration::from_millis(100)).await;
                    // Stopped (or restarted) meanwhile: this ticker is done.
                    if *started.borrow() != (run, Some(now)) {
                        return;
                    }
                    let seconds = (clock.now() - now) / 1000.0;
                    if seconds >= max_seconds {
                        record(max_seconds);
                        return;
                    }
                    elapsed.set(Some(seconds));
                }
            });
        })
    };
    let stop = {
        let (started, record) = (started.clone(), record.clone());
        Callback::from(move |_| {
            let begun = started.borrow().1;
            if let Some(begun) = begun {
                record(((clock.now() - begun) / 1000.0).min(max_seconds));
            }
        })
    };
    let running = elapsed.is_some();
    let done = props.tries.len() >= max_tries;
    let best = props.tries.iter().copied().reduce(f64::max);
    let id = format!("sc-timer-{}-{}", props.side, if props.closed { "closed" } else { "open" });
    html! {
        <div class="try-timer" data-testid={id.clone()}>
            <p class="timer-label">{ label.clone() }</p>
            <p class="stopwatch" aria-hidden="true">{ format!("{} s", tenths((*elapsed).unwrap_or(0.0), lang)) }</p>
            if running {
                <button type="button" class="primary" data-testid={format!("{id}-stop")} onclick={stop}>{ &balance.stop }</button>
            } else if !done {
                <button type="button" class="secondary" data-testid={format!("{id}-start")} onclick={start}
                    aria-label={format!("{label}: {}", if props.tries.is_empty() { &balance.start } else { &balance.retry })}>
                    { if props.tries.is_empty() { &balance.start } else { &balance.retry } }
                </button>
            }
            <p class="tries">
                { props.tries.iter().map(|t| format!("{} s", tenths(*t, lang))).collect::<Vec<_>>().join(" · ") }
                if let Some(best) = best {
                    <strong>{ format!("  {}", balance.best.replace("{seconds}", &tenths(best, lang))) }</strong>
                }
            </p>
            <p class="visually-hidden" role="status" aria-live="polite">{ (*announcement).clone() }</p>
        </div>
    }
}

/// The balance step.
#[function_component(BalanceStep)]
pub fn balance_step(props: &StepProps) -> Html {
    let doc = &props.doc;
    let journey = &props.journey;
    let b = &doc.balance;
    let step = doc.step(StepKey::Balance);
    let closed_offered = journey.draft.eyes_closed_offered();
    let leg = |side: Side| {
        let name = if side == Side::Left { &b.left_leg } else { &b.right_leg };
        html! {
            <div class="leg">
                <h3>{ name }</h3>
                <TryTimer side={side} closed={false} leg={name.clone()} condition={b.eyes_open.clone()}
                    tries={journey.draft.tries(side, false).clone()} base={props.clone()} />
                if closed_offered {
                    <TryTimer side={side} closed={true} leg={name.clone()} condition={b.eyes_closed.clone()}
                        tries={journey.draft.tries(side, true).clone()} base={props.clone()} />
                }
            </div>
        }
    };
    let go = |step: StepKey| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::GoTo(step)))
    };
    html! {
        <section class="step" data-testid="step-balance">
            <StepHeading text={step.map(|s| s.title.clone()).unwrap_or_default()} step={StepKey::Balance} />
            <p class="intro">{ step.map(|s| s.intro.clone()).unwrap_or_default() }</p>
            <p class="alert safety-first">{ &b.safety }</p>
            <p>{ &b.instruction }</p>
            <div class="legs">{ leg(Side::Left) }{ leg(Side::Right) }</div>
            <button type="button" class="secondary skip" data-testid="skip-balance" onclick={go(StepKey::Result)}>{ &b.skip }</button>
            <Nav back={Some((AttrValue::from(doc.ui.back.clone()), go(StepKey::About)))}
                next={(AttrValue::from(doc.ui.next.clone()), go(StepKey::Result))} />
        </section>
    }
}
