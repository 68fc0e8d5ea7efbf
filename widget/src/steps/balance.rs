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

/// A timer's state. The running try has a number, so a ticker of an earlier
/// try knows it is done even when the clock has not moved.
#[derive(Clone)]
struct Stopwatch {
    /// The running try's number, and when it started.
    started: Rc<std::cell::RefCell<(u32, Option<f64>)>>,
    elapsed: UseStateHandle<Option<f64>>,
    announcement: UseStateHandle<String>,
}

impl Stopwatch {
    /// Ends the running try at `seconds` (cut to tenths, at least 0.1),
    /// announces it and hands it to the journey.
    fn record(&self, props: &TryTimerProps, seconds: f64) {
        self.started.borrow_mut().1 = None;
        self.elapsed.set(None);
        let seconds = (seconds * 10.0).floor().max(1.0) / 10.0;
        let b = &props.base.doc.balance;
        self.announcement.set(
            b.announce
                .replace("{leg}", &props.leg)
                .replace("{condition}", &props.condition)
                .replace("{seconds}", &tenths(seconds, props.base.journey.locale.as_str()))
                .replace("{try}", &(props.tries.len() + 1).to_string())
                .replace("{max}", &b.max_tries.to_string()),
        );
        props.base.dispatch.emit(Action::Answer(Answer::BalanceTry(props.side, props.closed, seconds)));
    }

    /// Starts a try; it ticks every 100 ms and stops itself at the cap.
    fn start(&self, props: &TryTimerProps) -> Callback<MouseEvent> {
        let (watch, props) = (self.clone(), props.clone());
        Callback::from(move |_| {
            let clock = props.base.clock.clone();
            let max_seconds = f64::from(props.base.doc.balance.max_seconds);
            let now = clock.now();
            let run = {
                let mut started = watch.started.borrow_mut();
                *started = (started.0.wrapping_add(1), Some(now));
                started.0
            };
            watch.elapsed.set(Some(0.0));
            let (watch, props) = (watch.clone(), props.clone());
            spawn_local(async move {
                loop {
                    sleep(Duration::from_millis(100)).await;
                    // Stopped (or restarted) meanwhile: this ticker is done.
                    if *watch.started.borrow() != (run, Some(now)) {
                        return;
                    }
                    let seconds = (clock.now() - now) / 1000.0;
                    if seconds >= max_seconds {
                        watch.record(&props, max_seconds);
                        return;
                    }
                    watch.elapsed.set(Some(seconds));
                }
            });
        })
    }

    fn stop(&self, props: &TryTimerProps) -> Callback<MouseEvent> {
        let (watch, props) = (self.clone(), props.clone());
        Callback::from(move |_| {
            let begun = watch.started.borrow().1;
            if let Some(begun) = begun {
                let max_seconds = f64::from(props.base.doc.balance.max_seconds);
                watch.record(&props, ((props.base.clock.now() - begun) / 1000.0).min(max_seconds));
            }
        })
    }
}

#[function_component(TryTimer)]
fn try_timer(props: &TryTimerProps) -> Html {
    let balance = &props.base.doc.balance;
    let lang = props.base.journey.locale.as_str();
    let label = format!("{}, {}", props.leg, props.condition);
    let max_tries = usize::try_from(balance.max_tries).unwrap_or(3);
    let watch = Stopwatch {
        started: use_mut_ref(|| (0u32, None::<f64>)),
        elapsed: use_state(|| None::<f64>),
        announcement: use_state(String::new),
    };
    let (start, stop) = (watch.start(props), watch.stop(props));
    let (elapsed, announcement) = (&watch.elapsed, &watch.announcement);
    let running = elapsed.is_some();
    let done = props.tries.len() >= max_tries;
    let best = props.tries.iter().copied().reduce(f64::max);
    let id = format!("sc-timer-{}-{}", props.side, if props.closed { "closed" } else { "open" });
    html! {
        <div class="try-timer" data-testid={id.clone()}>
            <p class="timer-label">{ label.clone() }</p>
            <p class="stopwatch" aria-hidden="true">{ format!("{} s", tenths((**elapsed).unwrap_or(0.0), lang)) }</p>
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
            <p class="visually-hidden" role="status" aria-live="polite">{ (**announcement).clone() }</p>
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
