//! Step 2: the safety screen, asked before anything else. Any urgent "yes"
//! ends the journey at the emergency-care result.

use solecheck_shared::{content::StepKey, draft::Unanswered};
use yew::prelude::*;

use crate::{
    app::{StepHeading, StepProps},
    components::{Choice, Nav, yes_no, yes_no_key},
    state::{Action, Answer},
};

/// The safety step.
#[function_component(SafetyStep)]
pub fn safety_step(props: &StepProps) -> Html {
    let doc = &props.doc;
    let journey = &props.journey;
    let step = doc.step(StepKey::Safety);
    let items = doc.safety.iter().enumerate().map(|(i, item)| {
        let answer = journey.draft.safety.get(i).copied().flatten();
        let dispatch = props.dispatch.clone();
        let key = item.key;
        html! {
            <Choice name={format!("safety-{}", item.key)} legend={item.question.clone()}
                options={yes_no(&doc.yes, &doc.no)} selected={yes_no_key(answer)}
                missing={journey.marked(Unanswered::Safety(key))} unanswered={doc.ui.unanswered.clone()}
                on_select={Callback::from(move |v: AttrValue| dispatch.emit(Action::Answer(Answer::Safety(key, v == solecheck_shared::question::YES))))} />
        }
    });
    let on_next = {
        let dispatch = props.dispatch.clone();
        let journey = journey.clone();
        Callback::from(move |_| {
            if !journey.draft.step_complete(StepKey::Safety) {
                dispatch.emit(Action::Incomplete);
            } else if journey.urgent() {
                dispatch.emit(Action::GoTo(StepKey::Result));
            } else {
                dispatch.emit(Action::GoTo(StepKey::Shoes));
            }
        })
    };
    let on_back = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.emit(Action::GoTo(StepKey::Welcome)))
    };
    html! {
        <section class="step" data-testid="step-safety">
            <StepHeading text={step.map(|s| s.title.clone()).unwrap_or_default()} step={StepKey::Safety} />
            <p class="intro">{ step.map(|s| s.intro.clone()).unwrap_or_default() }</p>
            { for items }
            <Nav back={Some((AttrValue::from(doc.ui.back.clone()), on_back))} next={(AttrValue::from(doc.ui.next.clone()), on_next)} />
        </section>
    }
}
