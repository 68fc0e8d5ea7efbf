//! Step 7: the plan: exercise cards (steps, dose, safety cue, a hold timer where
//! the dose is a hold) and advice, marked "ask your clinician first" when the
//! referral is `soon`. Prints on paper without the controls.

use crate::timer::Countdown;
use solecheck_shared::{
    content::{CatalogueItemDoc, StepKey},
    result::{ItemKind, PlanStatus},
    score,
};
use yew::prelude::*;

use crate::{
    app::{StepHeading, StepProps},
    state::Action,
};

/// One card.
fn card(item: &CatalogueItemDoc) -> Html {
    html! {
        <li class="card" data-kind={item.kind.as_str()} data-testid={format!("plan-{}", item.key)}>
            <h3>{ &item.title }</h3>
            if let Some(dose) = &item.dose {
                <p class="dose">{ dose }</p>
            }
            if !item.steps.is_empty() {
                <ol>{ for item.steps.iter().map(|s| html! { <li>{ s }</li> }) }</ol>
            }
            if let Some(body) = &item.body {
                <p>{ body }</p>
            }
            if let Some(safety) = &item.safety {
                <p class="safety">{ safety }</p>
            }
            if let Some(seconds) = item.hold_seconds {
                <Countdown seconds={seconds} label={item.title.clone()} />
            }
        </li>
    }
}

/// The plan step.
#[function_component(PlanStep)]
pub fn plan_step(props: &StepProps) -> Html {
    let doc = &props.doc;
    let journey = &props.journey;
    let Some(result) = journey.answers().as_ref().map(score) else { return html! {} };
    let plan = &result.plan;
    let status = doc.results.plan_status.iter().find(|s| s.key == plan.status).map(|s| s.text.clone());
    let go = |step: StepKey| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.emit(Action::GoTo(step)))
    };
    let print = Callback::from(|_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    });
    let items = plan.items.iter().filter_map(|item| doc.catalogue_item(item.key));
    let step = doc.step(StepKey::Plan);
    html! {
        <section class="step plan" data-testid="step-plan" data-status={plan.status.as_str()}>
            <StepHeading text={step.map(|s| s.title.clone()).unwrap_or_default()} step={StepKey::Plan} />
            if plan.status == PlanStatus::AskClinicianFirst {
                <p class="alert" role="note" data-testid="ask-first">{ status.clone().unwrap_or_default() }</p>
            }
            <p class="intro">{ step.map(|s| s.intro.clone()).unwrap_or_default() }</p>
            <ol class="cards exercises">
                { for items.clone().filter(|i| i.kind == ItemKind::Exercise).map(card) }
            </ol>
            <ul class="cards advice">
                { for items.filter(|i| i.kind == ItemKind::Advice).map(card) }
            </ul>
            <div class="actions">
                <button type="button" class="secondary" onclick={go(StepKey::Result)}>{ &doc.ui.back }</button>
                <button type="button" class="secondary" data-testid="print" onclick={print}>{ &doc.ui.print }</button>
                <button type="button" class="primary" data-testid="next" onclick={go(StepKey::Offer)}>{ &doc.ui.see_offer }</button>
            </div>
        </section>
    }
}
