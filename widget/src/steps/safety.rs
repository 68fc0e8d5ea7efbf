//! Step 2: the safety screen, asked before anything else. Any urgent "yes"
//! ends the journey at the emergency-care result.

use solecheck_shared::{answers::SafetyKey, content::StepKey, result::ReferralLevel};
use yew::prelude::*;

use crate::{
    app::{StepHeading, StepProps},
    state::Action,
};

/// The safety step.
#[function_component(SafetyStep)]
pub fn safety_step(props: &StepProps) -> Html {
    let doc = &props.doc;
    let journey = &props.journey;
    let step = doc.step(StepKey::Safety.as_str());
    let items = doc.safety.iter().enumerate().map(|(i, item)| {
        let answer = journey.safety.get(i).copied().flatten();
        let missing = journey.show_errors && answer.is_none();
        let name = format!("sc-safety-{}", item.key);
        let error_id = format!("{name}-error");
        let choice = |yes: bool, label: &str| {
            let dispatch = props.dispatch.clone();
            let key = item.key;
            let id = format!("{name}-{}", if yes { "yes" } else { "no" });
            html! {
                <label for={id.clone()} class="choice">
                    <input type="radio" id={id} name={name.clone()} checked={answer == Some(yes)}
                        aria-describedby={missing.then(|| error_id.clone())}
                        onchange={Callback::from(move |_| dispatch.emit(Action::Answer(key, yes)))} />
                    { label.to_owned() }
                </label>
            }
        };
        html! {
            <fieldset class={classes!("question", missing.then_some("missing"))} data-testid={format!("safety-{}", item.key)}
                aria-invalid={missing.then_some("true")}>
                <legend>{ &item.question }</legend>
                <div class="choices">
                    { choice(true, &doc.yes) }
                    { choice(false, &doc.no) }
                </div>
                if missing {
                    <p class="error" id={error_id.clone()} role="alert">{ &doc.ui.unanswered }</p>
                }
            </fieldset>
        }
    });
    let on_next = {
        let dispatch = props.dispatch.clone();
        let journey = journey.clone();
        Callback::from(move |_| {
            if !journey.safety_complete() {
                dispatch.emit(Action::Incomplete);
                return;
            }
            let urgent = SafetyKey::ALL
                .iter()
                .zip(&journey.safety)
                .any(|(key, answer)| *answer == Some(true) && key.level() == ReferralLevel::Urgent);
            dispatch.emit(Action::GoTo(if urgent { StepKey::Result } else { StepKey::Shoes }));
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
            <div class="actions">
                <button type="button" class="secondary" onclick={on_back}>{ &doc.ui.back }</button>
                <button type="button" class="primary" data-testid="next" onclick={on_next}>{ &doc.ui.next }</button>
            </div>
        </section>
    }
}
