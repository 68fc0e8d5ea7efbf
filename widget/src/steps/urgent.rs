//! The emergency result: shown as soon as an urgent safety answer is given.
//! No plan and no offer (CONTENT.md sections 1 and 7).

use solecheck_shared::{
    answers::SafetyKey,
    content::StepKey,
    result::{Reason, ReferralLevel},
};
use yew::prelude::*;

use crate::{
    app::{StepHeading, StepProps},
    state::Action,
};

/// The urgent result.
#[function_component(UrgentResult)]
pub fn urgent_result(props: &StepProps) -> Html {
    let doc = &props.doc;
    let level = doc.results.referral.iter().find(|l| l.level == ReferralLevel::Urgent);
    let reasons = SafetyKey::ALL
        .iter()
        .zip(&props.journey.draft.safety)
        .filter(|(key, answer)| **answer == Some(true) && !key.level().gets_offer())
        .filter_map(|(key, _)| doc.results.reasons.iter().find(|r| r.key == Reason::from(*key)));
    let restart = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.emit(Action::Restart))
    };
    html! {
        <section class="step urgent" data-testid="result-urgent">
            <StepHeading text={level.map(|l| l.title.clone()).unwrap_or_default()} step={StepKey::Result} />
            <p class="alert" role="alert">{ level.map(|l| l.action.clone()).unwrap_or_default() }</p>
            <ul class="reasons">{ for reasons.map(|r| html! { <li>{ &r.text }</li> }) }</ul>
            <ul class="boundaries" data-testid="boundaries">{ for doc.result_boundaries().iter().map(|b| html! { <li>{ b }</li> }) }</ul>
            <div class="actions">
                <button type="button" class="secondary" onclick={restart}>{ &doc.ui.start_over }</button>
            </div>
        </section>
    }
}
