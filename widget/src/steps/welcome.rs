//! Step 1: what the check is and is not, and the consent choice.

use solecheck_shared::content::StepKey;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::{
    app::{StepHeading, StepProps},
    state::Action,
};

/// The welcome step.
#[function_component(WelcomeStep)]
pub fn welcome_step(props: &StepProps) -> Html {
    let doc = &props.doc;
    let step = doc.step(StepKey::Welcome);
    let title = step.map(|s| s.title.clone()).unwrap_or_default();
    let intro = step.map(|s| s.intro.clone()).unwrap_or_default();
    let on_consent = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                dispatch.emit(Action::SetConsent(input.checked()));
            }
        })
    };
    let on_start = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.emit(Action::GoTo(StepKey::Safety)))
    };
    html! {
        <section class="step" data-testid="step-welcome" aria-labelledby="sc-welcome-title">
            <StepHeading text={title} step={StepKey::Welcome} focus={props.journey.navigated} />
            <p class="intro">{ intro }</p>
            <ul class="boundaries">
                { for doc.boundaries.iter().map(|b| html! { <li>{ b }</li> }) }
            </ul>
            <div class="consent">
                <input type="checkbox" id="sc-consent" data-testid="consent"
                    checked={props.journey.draft.consent} onchange={on_consent}
                    aria-describedby="sc-consent-help" />
                <label for="sc-consent">{ &doc.consent.label }</label>
                <p id="sc-consent-help" class="help">{ &doc.consent.explanation }</p>
            </div>
            <div class="actions">
                <button type="button" class="primary" data-testid="start" onclick={on_start}>
                    { &doc.ui.start }
                </button>
            </div>
        </section>
    }
}
