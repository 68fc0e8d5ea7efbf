//! An admin resets a staff member's password: a confirmation first (every
//! sign-in of that account ends), then the temporary password, shown this
//! once, to hand over in person or read out by phone.

use solecheck_shared::api::{PasswordReset, StaffView};
use yew::{platform::spawn_local, prelude::*};

use super::use_ctx;
use crate::{client::Failure, fields::Notice};

#[derive(Clone, PartialEq, Properties)]
pub struct ResetPanelProps {
    /// The account whose password is to be reset.
    pub account: StaffView,
    /// Closes the panel; `true` when a reset was made (reload the list).
    pub on_close: Callback<bool>,
}

/// Where the reset stands.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Confirm,
    Working,
    Done(String),
    Refused(String),
}

/// The confirmation, then the temporary password.
#[function_component(ResetPanel)]
pub fn reset_panel(props: &ResetPanelProps) -> Html {
    let Some(ctx) = use_ctx() else { return html! {} };
    let step = use_state(|| Step::Confirm);
    let reset = {
        let (client, step, id) = (ctx.client.clone(), step.clone(), props.account.id.clone());
        Callback::from(move |_| {
            let (client, step, id) = (client.clone(), step.clone(), id.clone());
            step.set(Step::Working);
            spawn_local(async move {
                let path = format!("/v1/staff/{id}/password-reset");
                match client.post::<(), PasswordReset>(&path, None).await {
                    Ok(reset) => step.set(Step::Done(reset.temporary_password)),
                    Err(Failure::SessionEnded) => {}
                    Err(failure) => step.set(Step::Refused(failure.message())),
                }
            });
        })
    };
    let close = |made: bool| props.on_close.reform(move |_: MouseEvent| made);
    let email = props.account.email.clone();
    let body = match &*step {
        Step::Confirm | Step::Working | Step::Refused(_) => html! {
            <>
                <p>{ format!("{email} will be signed out everywhere and given a temporary password. \
                    At their next sign-in they must choose their own.") }</p>
                if let Step::Refused(why) = &*step {
                    <Notice text={Some(why.clone())} error=true testid="reset-error" />
                }
                <p class="actions">
                    <button type="button" class="primary" data-testid="reset-confirm" onclick={reset}
                        disabled={*step == Step::Working}>{ "Reset password" }</button>
                    <button type="button" class="secondary" data-testid="reset-cancel" onclick={close(false)}>{ "Cancel" }</button>
                </p>
            </>
        },
        Step::Done(temporary) => html! {
            <>
                <p role="status">{ format!("Temporary password for {email}:") }</p>
                <p class="temporary-password"><code data-testid="temporary-password">{ temporary.clone() }</code></p>
                <p>{ "Give it to them in person or read it out by phone; never send it by email. \
                    It is shown only now, and signs in once: at that sign-in they choose their own." }</p>
                <p class="actions">
                    <button type="button" class="primary" data-testid="reset-done" onclick={close(true)}>{ "Done" }</button>
                </p>
            </>
        },
    };
    html! {
        <section class="panel" data-testid="password-reset" aria-labelledby="reset-title">
            <h2 id="reset-title">{ format!("Reset the password of {email}") }</h2>
            { body }
        </section>
    }
}
