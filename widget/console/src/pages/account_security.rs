//! The admins' two-step controls on the accounts page: the clinic's rule that
//! every account signs in with two steps, and turning two-step off for a
//! staff member who lost their phone.

use solecheck_shared::api::{SecurityPolicy, StaffView};
use yew::{platform::spawn_local, prelude::*};

use super::use_ctx;
use crate::{client::Failure, fields::Notice};

#[derive(Clone, PartialEq, Properties)]
pub struct PolicyProps {
    /// Told when the rule changed (the accounts' two-step column changes too).
    pub on_saved: Callback<()>,
}

/// The rule, with its switch.
#[function_component(PolicyPanel)]
pub fn policy_panel(props: &PolicyProps) -> Html {
    let Some(ctx) = use_ctx() else { return html! {} };
    let policy = use_state(|| None::<SecurityPolicy>);
    let switch = use_node_ref();
    let outcome = use_state(|| None::<(bool, String)>);
    {
        let (client, policy, outcome) = (ctx.client.clone(), policy.clone(), outcome.clone());
        use_effect_with((), move |()| {
            spawn_local(async move {
                match client.get::<SecurityPolicy>("/v1/security").await {
                    Ok(found) => policy.set(Some(found)),
                    Err(Failure::SessionEnded) => {}
                    Err(failure) => outcome.set(Some((true, failure.message()))),
                }
            });
        });
    }
    let toggle = {
        let (client, policy, outcome) = (ctx.client.clone(), policy.clone(), outcome.clone());
        let (switch, saved_callback) = (switch.clone(), props.on_saved.clone());
        Callback::from(move |_| {
            let Some(current) = *policy else { return };
            let wanted = SecurityPolicy { require_two_step: !current.require_two_step };
            let (client, policy, outcome) = (client.clone(), policy.clone(), outcome.clone());
            let (switch, saved_callback) = (switch.clone(), saved_callback.clone());
            spawn_local(async move {
                match client.put::<_, SecurityPolicy>("/v1/security", &wanted).await {
                    Ok(saved) => {
                        policy.set(Some(saved));
                        let said = if saved.require_two_step {
                            "Two-step sign-in is now required: accounts without it set it up at their next step."
                        } else {
                            "Two-step sign-in is now each person's choice."
                        };
                        outcome.set(Some((false, said.into())));
                        saved_callback.emit(());
                    }
                    Err(Failure::SessionEnded) => {}
                    Err(failure) => {
                        // The box was ticked in the page; the rule was not saved, so untick it.
                        if let Some(input) = switch.cast::<web_sys::HtmlInputElement>() {
                            input.set_checked(current.require_two_step);
                        }
                        outcome.set(Some((
                            true,
                            failure.problem().and_then(|p| p.errors.first()).map_or_else(
                                || failure.message(),
                                |e| crate::client::capitalised(&e.message),
                            ),
                        )));
                    }
                }
            });
        })
    };
    let (message, error) = super::split(&outcome);
    html! {
        <section class="panel" data-testid="sign-in-rules" aria-labelledby="rules-title">
            <h2 id="rules-title">{ "Sign-in rules" }</h2>
            { match *policy {
                None => html! { <p role="status">{ "Loading…" }</p> },
                Some(p) => html! {
                    <div class="field checkbox">
                        <label>
                            <input type="checkbox" ref={switch} data-testid="require-two-step" checked={p.require_two_step} onchange={toggle} />
                            { " Require two-step sign-in for every account" }
                        </label>
                        <p class="hint">{ "Accounts without it must set it up before they can use the console. \
                            Turn it on for your own account first." }</p>
                    </div>
                },
            } }
            <Notice text={message} testid="rules-notice" />
            <Notice text={error} error=true testid="rules-error" />
        </section>
    }
}

#[derive(Clone, PartialEq, Properties)]
pub struct TwoStepOffProps {
    pub account: StaffView,
    /// Closes the panel; `true` when two-step was turned off (reload the list).
    pub on_close: Callback<bool>,
}

/// A confirmation, then two-step is off for that account.
#[function_component(TwoStepOffPanel)]
pub fn two_step_off_panel(props: &TwoStepOffProps) -> Html {
    let Some(ctx) = use_ctx() else { return html! {} };
    let error = use_state(|| None::<String>);
    let confirm = {
        let (client, error, id, close) =
            (ctx.client.clone(), error.clone(), props.account.id.clone(), props.on_close.clone());
        Callback::from(move |_| {
            let (client, error, close) = (client.clone(), error.clone(), close.clone());
            let path = format!("/v1/staff/{id}/two-step");
            spawn_local(async move {
                match client.delete::<StaffView>(&path).await {
                    Ok(_) => close.emit(true),
                    Err(Failure::SessionEnded) => {}
                    Err(failure) => error.set(Some(failure.message())),
                }
            });
        })
    };
    let cancel = props.on_close.reform(|_: MouseEvent| false);
    let email = props.account.email.clone();
    html! {
        <section class="panel" data-testid="two-step-off" aria-labelledby="two-step-off-title">
            <h2 id="two-step-off-title">{ format!("Turn off two-step sign-in for {email}") }</h2>
            <p>{ "Do this for someone who lost their phone and their recovery codes, once you know it is them. \
                Their password alone will sign them in until they set two-step up again (at once, if the clinic requires it)." }</p>
            <Notice text={(*error).clone()} error=true testid="two-step-off-error" />
            <p class="actions">
                <button type="button" class="primary" data-testid="two-step-off-confirm" onclick={confirm}>{ "Turn it off" }</button>
                <button type="button" class="secondary" onclick={cancel}>{ "Cancel" }</button>
            </p>
        </section>
    }
}
