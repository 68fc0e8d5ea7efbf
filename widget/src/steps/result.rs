//! Step 6: the result, scored in the browser from `solecheck-shared` (so it
//! shows without a network). With consent the check is stored and the result
//! the clinic stored is checked against this one (they are the same unless
//! the page is out of date); if the API cannot be reached, the result stays
//! with a retry.

use std::rc::Rc;

use solecheck_shared::{
    AssessmentResult,
    content::{Questionnaire, StepKey},
    result::ReferralLevel,
    score,
};
use yew::{platform::spawn_local, prelude::*};

use super::my_data::MyData;
use crate::{
    app::{StepHeading, StepProps},
    services,
    state::{Action, Saving},
};

/// Saves the check when the visitor consented and it is not saved yet.
pub fn save(api: AttrValue, props: &StepProps) {
    let Some(answers) = props.journey.answers().filter(|a| a.consent) else { return };
    if !matches!(props.journey.saving, Saving::Idle | Saving::Failed(_)) {
        return;
    }
    let dispatch = props.dispatch.clone();
    let key = props.journey.idempotency_key.clone().unwrap_or_else(crate::app::new_key);
    let failed = props.doc.ui.save_failed.clone();
    dispatch.emit(Action::SaveStarted(key.clone()));
    spawn_local(async move {
        let next = match services::save(&api, &answers, &key).await {
            Ok(saved) => Saving::Saved(Rc::new(saved)),
            Err(_) => Saving::Failed(failed),
        };
        dispatch.emit(Action::Saving(next));
    });
}

fn text<K: PartialEq + Copy>(list: &[solecheck_shared::content::KeyText<K>], key: K) -> String {
    list.iter().find(|k| k.key == key).map(|k| k.text.clone()).unwrap_or_default()
}

/// The result as the visitor reads it.
pub fn describe(doc: &Questionnaire, result: &AssessmentResult) -> Html {
    let level = doc.results.referral.iter().find(|l| l.level == result.referral.level);
    let f = &result.foot_function;
    html! {
        <>
            <div class="referral" data-testid="referral"
                data-level={result.referral.level.as_str()}>
                <h3>{ level.map(|l| l.title.clone()).unwrap_or_default() }</h3>
                <p>{ level.map(|l| l.action.clone()).unwrap_or_default() }</p>
                if !result.referral.reasons.is_empty() {
                    <ul>{ for result.referral.reasons.iter().map(|r| html! { <li>{ text(&doc.results.reasons, *r) }</li> }) }</ul>
                }
            </div>
            if result.referral.level != ReferralLevel::Urgent {
                <h3>{ &doc.ui.shoes_heading }</h3>
                <p data-testid="hint" data-hint={f.hint.as_str()}>{ text(&doc.results.hints, f.hint) }</p>
                <p class="help">{ text(&doc.results.strengths, f.strength) }{ ". " }
                    { doc.shoes.sides.iter().map(|s| {
                        let hint = if s.key == solecheck_shared::answers::Side::Left { f.left } else { f.right };
                        format!("{}: {}. ", s.text, text(&doc.results.shoe_hints, hint))
                    }).collect::<String>() }
                </p>
                <ul class="notes" data-testid="notes">
                    { for result.notes.iter().map(|n| html! { <li>{ text(&doc.results.notes, *n) }</li> }) }
                </ul>
            }
            <ul class="boundaries" data-testid="boundaries">{ for doc.result_boundaries().iter().map(|b| html! { <li>{ b }</li> }) }</ul>
        </>
    }
}

/// Props of the result step.
#[derive(Clone, PartialEq, Properties)]
pub struct ResultProps {
    pub base: StepProps,
    pub api: AttrValue,
}

/// The result step.
#[function_component(ResultStep)]
pub fn result_step(props: &ResultProps) -> Html {
    let base = &props.base;
    let doc = &base.doc;
    let journey = &base.journey;
    let local = use_memo(journey.answers(), |answers| answers.as_ref().map(score));
    {
        let (api, base) = (props.api.clone(), base.clone());
        use_effect_with((), move |_| save(api, &base));
    }
    // Saved: the result shown is this one; say whether the clinic stored the
    // same. They differ only when the page runs older rules than the server:
    // then say so, and that a reload (which checks again) brings it up to date.
    let matches = match (&journey.saving, local.as_ref()) {
        (Saving::Saved(saved), Some(local)) => Some(saved.matches(local)),
        _ => None,
    };
    let source = if matches == Some(true) { "stored" } else { "local" };
    let matches_local = matches.map(|m| if m { "true" } else { "false" });
    let status = match &journey.saving {
        Saving::Idle => html! {},
        Saving::InFlight => html! { <p class="status" role="status">{ &doc.ui.saving }</p> },
        Saving::Saved(_) if matches != Some(false) => {
            html! { <p class="status ok" role="status" data-testid="saved">{ &doc.ui.saved }</p> }
        }
        Saving::Saved(_) => {
            html! { <p class="status failed" role="alert" data-testid="result-differs">{ &doc.ui.result_differs }</p> }
        }
        // The panel below says so.
        Saving::Erased => html! {},
        Saving::Failed(message) => {
            let (api, base2) = (props.api.clone(), base.clone());
            html! {
                <div class="status failed" role="alert" data-testid="save-failed">
                    <p>{ message }</p>
                    <button type="button" class="secondary" data-testid="retry-save"
                        onclick={Callback::from(move |_| save(api.clone(), &base2))}>{ &doc.ui.retry }</button>
                </div>
            }
        }
    };
    let go = |step: StepKey| {
        let dispatch = base.dispatch.clone();
        Callback::from(move |_| dispatch.emit(Action::GoTo(step)))
    };
    let step = doc.step(StepKey::Result);
    html! {
        <section class="step" data-testid="step-result" data-result-source={source}
            data-matches-local={matches_local}>
            <StepHeading text={step.map(|s| s.title.clone()).unwrap_or_default()} step={StepKey::Result} />
            { status }
            if let Some(result) = local.as_ref() {
                { describe(doc, result) }
            }
            <MyData base={base.clone()} api={props.api.clone()} />
            <div class="actions">
                <button type="button" class="secondary" data-testid="back" onclick={go(StepKey::Balance)}>{ &doc.ui.back }</button>
                <button type="button" class="primary" data-testid="next" onclick={go(StepKey::Plan)}>{ &doc.ui.see_plan }</button>
            </div>
        </section>
    }
}
