//! Two-step sign-in for your own account: a QR code (and the key as text)
//! for an authenticator app, the first code to turn it on, then the ten
//! recovery codes, shown once. When the clinic requires it, an account
//! without it sees this page before anything else.

use solecheck_shared::api::{TwoStepBegin, TwoStepCode, TwoStepEnabled, TwoStepSetup};
use yew::{platform::spawn_local, prelude::*};

use super::use_ctx;
use crate::{
    client::Failure,
    fields::{Field, error_for, focus},
    state::Action,
};

/// Where the set-up stands.
#[derive(Debug, Clone, PartialEq)]
enum Stage {
    Start,
    Scan(TwoStepSetup),
    Saved(TwoStepEnabled),
}

#[derive(Clone, PartialEq, Properties)]
pub struct QrProps {
    /// Rows of `1` (dark) and `0` (light), as the server drew them.
    pub rows: Vec<String>,
    pub label: AttrValue,
}

/// A QR symbol with its quiet zone, one path of dark squares.
#[function_component(QrSymbol)]
pub fn qr_symbol(props: &QrProps) -> Html {
    let size = props.rows.len() + 8;
    let path: String = props
        .rows
        .iter()
        .enumerate()
        .flat_map(|(y, row)| {
            row.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'1')
                .map(move |(x, _)| format!("M{} {}h1v1h-1z", x + 4, y + 4))
        })
        .collect();
    html! {
        // Whole pixels per module (5), so a phone's camera, and the tests'
        // decoder, see sharp squares.
        <svg class="qr" viewBox={format!("0 0 {size} {size}")} width={(size * 5).to_string()} height={(size * 5).to_string()}
            role="img" aria-label={props.label.clone()}
            shape-rendering="crispEdges" data-testid="two-step-qr">
            <rect width={size.to_string()} height={size.to_string()} fill="#fff" />
            <path d={path} fill="#000" />
        </svg>
    }
}

/// What to say of a refusal: the server's word on `field`, else its message.
fn refusal(failure: &Failure, field: &str) -> String {
    if failure.code() == Some(solecheck_shared::api::ErrorCode::RateLimited) {
        return super::sign_in::refusal(failure);
    }
    failure
        .problem()
        .and_then(|p| error_for(&p.errors, field))
        .map_or_else(|| failure.message(), |m| crate::client::capitalised(&m))
}

/// The key in groups of four, easier to type.
fn grouped(secret: &str) -> String {
    secret.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
}

#[derive(Clone, PartialEq, Properties)]
pub struct TwoStepPageProps {
    /// The clinic requires it and this account has not set it up.
    #[prop_or_default]
    pub required: bool,
}

/// The set-up page.
#[function_component(TwoStepPage)]
pub fn two_step_page(props: &TwoStepPageProps) -> Html {
    let Some(ctx) = use_ctx() else { return html! {} };
    let stage = use_state(|| Stage::Start);
    let password = use_state(String::new);
    let code = use_state(String::new);
    let error = use_state(|| None::<String>);
    let begin = {
        let (client, stage, error, password) =
            (ctx.client.clone(), stage.clone(), error.clone(), password.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if password.is_empty() {
                error.set(Some("Enter your password first.".into()));
                return;
            }
            let body = TwoStepBegin { current_password: (*password).clone() };
            let (client, stage, error) = (client.clone(), stage.clone(), error.clone());
            spawn_local(async move {
                match client.post::<_, TwoStepSetup>("/v1/auth/two-step", Some(&body)).await {
                    Ok(setup) => {
                        error.set(None);
                        stage.set(Stage::Scan(setup));
                    }
                    Err(Failure::SessionEnded) => {}
                    Err(failure) => error.set(Some(refusal(&failure, "current_password"))),
                }
            });
        })
    };
    let confirm = {
        let (client, stage, code, error) = (ctx.client.clone(), stage.clone(), code.clone(), error.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let body = TwoStepCode { code: (*code).trim().to_owned() };
            let (client, stage, error) = (client.clone(), stage.clone(), error.clone());
            spawn_local(async move {
                match client.post::<_, TwoStepEnabled>("/v1/auth/two-step/confirm", Some(&body)).await {
                    Ok(enabled) => {
                        error.set(None);
                        stage.set(Stage::Saved(enabled));
                    }
                    Err(Failure::SessionEnded) => {}
                    Err(failure) => error.set(Some(
                        failure
                            .problem()
                            .and_then(|p| error_for(&p.errors, "code"))
                            .map_or_else(|| failure.message(), |m| crate::client::capitalised(&m)),
                    )),
                }
            });
        })
    };
    let set_password = {
        let password = password.clone();
        Callback::from(move |value: String| password.set(value))
    };
    // The codes are what matters now: a screen reader reads them next.
    use_effect_with(matches!(*stage, Stage::Saved(_)), |saved| {
        if *saved {
            focus("recovery-title");
        }
    });
    let on = ctx.console.me().is_some_and(|me| me.two_step);
    let saved_them = {
        let (console, stage) = (ctx.console.clone(), stage.clone());
        Callback::from(move |_| {
            if let Stage::Saved(enabled) = &*stage {
                console.dispatch(Action::SignedIn(enabled.account.clone()));
            }
            stage.set(Stage::Start);
        })
    };
    let body = match &*stage {
        Stage::Saved(enabled) => saved(enabled, saved_them),
        _ if on => html! {
            <p data-testid="two-step-on">{ "Two-step sign-in is on for your account. Lost your phone? Sign in with one \
                of your recovery codes, then ask an admin to turn two-step off so you can set it up again." }</p>
        },
        Stage::Start => html! {
            <form onsubmit={begin} novalidate=true data-testid="two-step-start">
                <p>{ "After your password, sign-in will ask for a six-digit code from an authenticator app on your \
                    phone (any app that reads QR codes for sign-in, such as Google Authenticator, Microsoft \
                    Authenticator or 1Password). Someone who learns your password still cannot sign in." }</p>
                <Field id="two-step-password" label="Your password, to confirm it is you" kind="password"
                    value={(*password).clone()} oninput={set_password} error={(*error).clone()}
                    autocomplete="current-password" required=true />
                <button type="submit" class="primary" data-testid="two-step-begin">{ "Set up two-step sign-in" }</button>
            </form>
        },
        Stage::Scan(setup) => scan(setup, &code, (*error).clone(), confirm),
    };
    let title = if props.required { "Set up two-step sign-in to carry on" } else { "Two-step sign-in" };
    html! {
        <section class="narrow" aria-labelledby="two-step-title">
            <div class="panel" data-testid="two-step">
                <h1 id="two-step-title">{ title }</h1>
                if props.required {
                    <p>{ "The clinic asks every account to sign in with two steps, because the console shows health \
                        information. It takes two minutes." }</p>
                }
                { body }
            </div>
        </section>
    }
}

/// Step two: scan (or type the key), then the first code.
fn scan(
    setup: &TwoStepSetup,
    code: &UseStateHandle<String>,
    error: Option<String>,
    confirm: Callback<SubmitEvent>,
) -> Html {
    let oninput = {
        let code = code.clone();
        Callback::from(move |value: String| code.set(value))
    };
    html! {
        <form onsubmit={confirm} novalidate=true data-testid="two-step-confirm">
            <ol class="steps">
                <li>
                    <p>{ "In the app, add an account and scan this code." }</p>
                    <QrSymbol rows={setup.qr.clone()} label="QR code to add this account to an authenticator app" />
                    <p>{ "Cannot scan? Type this key instead: " }
                        <code class="key" data-testid="two-step-secret">{ grouped(&setup.secret) }</code></p>
                </li>
                <li>
                    <Field id="two-step-code" label="Enter the six-digit code the app shows" value={(**code).clone()}
                        {oninput} error={error} autocomplete="one-time-code" inputmode="numeric" required=true />
                </li>
            </ol>
            <button type="submit" class="primary" data-testid="two-step-submit">{ "Turn on two-step sign-in" }</button>
        </form>
    }
}

/// Step three: the recovery codes, once.
fn saved(enabled: &TwoStepEnabled, done: Callback<MouseEvent>) -> Html {
    let print = Callback::from(|_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    });
    html! {
        <div role="status">
            <h2 id="recovery-title" tabindex="-1">{ "Two-step sign-in is on. Save your recovery codes" }</h2>
            <p>{ "If your phone is lost, each of these codes signs you in once instead of the app's code. \
                Print them or write them down and keep them somewhere safe. They are shown only now." }</p>
            <ol class="recovery-codes" data-testid="recovery-codes">
                { for enabled.recovery_codes.iter().map(|c| html! { <li><code>{ c.clone() }</code></li> }) }
            </ol>
            <p class="actions">
                <button type="button" class="secondary" onclick={print}>{ "Print them" }</button>
                <button type="button" class="primary" data-testid="two-step-saved" onclick={done}>{ "I have saved them" }</button>
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_shown_in_groups_of_four() {
        assert_eq!(grouped("JBSWY3DPEHPK3PXP"), "JBSW Y3DP EHPK 3PXP");
        assert_eq!(grouped("ABCDEF"), "ABCD EF");
    }
}
