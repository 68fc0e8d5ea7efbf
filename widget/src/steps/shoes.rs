//! Step 3: the shoe-wear check. Each sole is drawn as nine labelled toggle
//! buttons placed where the zones are (toes at the top, the inner edge toward
//! the other shoe); then the heel counter seen from behind.

use solecheck_shared::{
    answers::{Counter, Side, Zone},
    content::StepKey,
    draft::Unanswered,
};
use yew::prelude::*;

use crate::{
    app::{StepHeading, StepProps},
    components::{Choice, Nav},
    state::{Action, Answer},
};

/// The zone's place on a left sole: (row, column); the right sole mirrors it.
/// Placed by classes, since a strict CSP forbids inline style attributes.
const fn cell(zone: Zone) -> (u8, u8) {
    match zone {
        Zone::ToeTip => (1, 2),
        Zone::ForeOuter => (2, 1),
        Zone::ForeCenter => (2, 2),
        Zone::ForeInner => (2, 3),
        Zone::MidOuter => (3, 1),
        Zone::MidInner => (3, 3),
        Zone::HeelOuter => (4, 1),
        Zone::HeelCenter => (4, 2),
        Zone::HeelInner => (4, 3),
    }
}

/// Simple drawings of a heel counter from behind.
fn counter_icon(counter: Counter) -> Html {
    let path = match counter {
        Counter::LeansIn => "M12 40 L20 8 L36 8 L34 40 Z",
        Counter::Upright => "M12 40 L14 8 L34 8 L36 40 Z",
        Counter::LeansOut => "M14 40 L12 8 L28 8 L36 40 Z",
        Counter::CantTell => "M12 40 L14 8 L34 8 L36 40 Z M20 24 h8",
    };
    html! {
        <svg class="counter-icon" viewBox="0 0 48 48" width="40" height="40" aria-hidden="true" focusable="false">
            <path d={path} fill="none" stroke="currentColor" stroke-width="3" stroke-linejoin="round" />
            <line x1="6" y1="44" x2="42" y2="44" stroke="currentColor" stroke-width="2" />
        </svg>
    }
}

/// The shoes step.
/// One shoe: its sole's zones and its heel counter.
fn shoe(props: &StepProps, side: Side) -> Html {
    let doc = &props.doc;
    let journey = &props.journey;
    let label = doc.shoes.sides.iter().find(|s| s.key == side).map(|s| s.text.clone()).unwrap_or_default();
    let marked = &journey.draft.shoe(side).zones;
    let buttons = doc.shoes.zones.iter().map(|z| {
        let (row, col) = cell(z.key);
        let col = if side == Side::Right { 4 - col } else { col };
        let pressed = marked.contains(&z.key);
        let dispatch = props.dispatch.clone();
        let zone = z.key;
        html! {
            <button type="button" class="zone" data-row={row.to_string()} data-col={col.to_string()} aria-pressed={pressed.to_string()} title={z.description.clone()}
                data-testid={format!("zone-{side}-{}", z.key)}
                onclick={Callback::from(move |_| dispatch.emit(Action::Answer(Answer::ToggleZone(side, zone))))}>
                { &z.label }
            </button>
        }
    });
    let counter = journey.draft.shoe(side).counter;
    let dispatch = props.dispatch.clone();
    html! {
        <div class="shoe" data-testid={format!("shoe-{side}")}>
            <h3>{ label.clone() }</h3>
            <div class="sole" role="group" aria-label={label.clone()}>{ for buttons }</div>
            <Choice name={format!("counter-{side}")} legend={format!("{label}: {}", doc.shoes.counter_question)}
                options={doc.shoes.counters.iter().map(|c| (AttrValue::from(c.key.as_str()), AttrValue::from(c.text.clone()))).collect::<Vec<_>>()}
                selected={counter.map(|c| AttrValue::from(c.as_str()))}
                missing={journey.marked(Unanswered::Counter(side))} unanswered={doc.ui.unanswered.clone()}
                on_select={Callback::from(move |v: AttrValue| {
                    if let Some(c) = Counter::from_key(&v) {
                        dispatch.emit(Action::Answer(Answer::Counter(side, c)));
                    }
                })} />
            <div class="counter-icons" aria-hidden="true">
                { for Counter::ALL.iter().map(|c| counter_icon(*c)) }
            </div>
        </div>
    }
}

#[function_component(ShoesStep)]
pub fn shoes_step(props: &StepProps) -> Html {
    let doc = &props.doc;
    let journey = &props.journey;
    let step = doc.step(StepKey::Shoes);
    let on_next = {
        let dispatch = props.dispatch.clone();
        let complete = journey.draft.step_complete(StepKey::Shoes);
        Callback::from(move |_| {
            dispatch.emit(if complete { Action::GoTo(StepKey::Symptoms) } else { Action::Incomplete })
        })
    };
    let on_back = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.emit(Action::GoTo(StepKey::Safety)))
    };
    let on_skip = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.emit(Action::SkipShoes))
    };
    html! {
        <section class="step" data-testid="step-shoes">
            <StepHeading text={step.map(|s| s.title.clone()).unwrap_or_default()} step={StepKey::Shoes} />
            <p class="intro">{ step.map(|s| s.intro.clone()).unwrap_or_default() }</p>
            <div class="shoes">
                { shoe(props, Side::Left) }
                { shoe(props, Side::Right) }
            </div>
            <button type="button" class="secondary skip" data-testid="skip-shoes" onclick={on_skip}>{ &doc.shoes.skip_label }</button>
            <Nav back={Some((AttrValue::from(doc.ui.back.clone()), on_back))} next={(AttrValue::from(doc.ui.next.clone()), on_next)} />
        </section>
    }
}
