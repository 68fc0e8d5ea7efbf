//! Sign-in: email and password, then, for an account with two-step sign-in
//! on, the code from the authenticator app (or a recovery code); with clear
//! answers for a wrong password or code, throttling (when to try again) and a
//! disabled account.

use solecheck_shared::api::ErrorCode;
use yew::{platform::spawn_local, prelude::*};

use super::use_ctx;
use crate::{
    client::Failure,
    fields::{Field, Notice},
    state::Action,
};

/// What to tell the person after a refused sign-in.
pub(crate) fn refusal(failure: &Failure) -> String {
    match (failure.code(), failure) {
        (Some(ErrorCode::InvalidCredentials), _) => {
            "That email and password do not match an account.".to_owned()
        }
        (Some(ErrorCode::AccountDisabled), _) => {
            "This account is disabled. Ask a clinic admin to turn it back on.".to_owned()
        }
        (Some(ErrorCode::TemporaryPasswordUsed), _) => {
            "This temporary password was already used to sign in. Ask a clinic admin for a new one."
                .to_owned()
        }
        (Some(ErrorCode::InvalidOneTimeCode), _) => {
            "That code is not right, or was already used. Enter the newest code the app shows.".to_owned()
        }
        (Some(ErrorCode::RateLimited), Failure::Problem { retry_after, .. }) => {
            let minutes = retry_after.map_or(15, |s| s.div_ceil(60).max(1));
            format!(
                "Too many failed sign-ins. Try again in {minutes} minute{}.",
                if minutes == 1 { "" } else { "s" }
            )
        }
        _ => failure.message(),
    }
}

/// The sign-in form.
#[function_component(SignInPage)]
pub fn sign_in_page() -> Html {
    let Some(ctx) = use_ctx() else { return html! {} };
    let email = use_state(String::new);
    let password = use_state(String::new);
    // `Some` once the server asked for the second step.
    let code = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let error = use_state(|| None::<String>);
    let onsubmit = {
        let (email, password, code, busy, error) =
            (email.clone(), password.clone(), code.clone(), busy.clone(), error.clone());
        let (client, console) = (ctx.client.clone(), ctx.console.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            if email.trim().is_empty() || password.is_empty() {
                error.set(Some("Enter your email and password.".to_owned()));
                return;
            }
            if code.as_ref().is_some_and(|c| c.trim().is_empty()) {
                error.set(Some("Enter the code from your authenticator app.".to_owned()));
                return;
            }
            busy.set(true);
            let (email, password, code, busy, error) =
                ((*email).clone(), (*password).clone(), code.clone(), busy.clone(), error.clone());
            let (client, console) = (client.clone(), console.clone());
            spawn_local(async move {
                let typed = (*code).clone();
                match client.login(&email, &password, typed.as_deref()).await {
                    Ok(me) => console.dispatch(Action::SignedIn(me)),
                    Err(failure) if failure.code() == Some(ErrorCode::OneTimeCodeRequired) => {
                        code.set(Some(String::new()));
                        error.set(None);
                        busy.set(false);
                    }
                    Err(failure) => {
                        error.set(Some(refusal(&failure)));
                        busy.set(false);
                    }
                }
            });
        })
    };
    use_effect_with(code.is_some(), |asked| {
        if *asked {
            crate::fields::focus("one-time-code");
        }
    });
    let set_code = {
        let code = code.clone();
        Callback::from(move |value: String| code.set(Some(value)))
    };
    let set = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |value: String| state.set(value))
    };
    html! {
        <main id="main" class="sign-in">
            <form class="panel" {onsubmit} novalidate=true data-testid="sign-in">
                <h1>{ "Sign in" }</h1>
                <Notice text={ctx.console.notice.clone()} testid="session-notice" />
                <Field id="email" label="Email" kind="email" value={(*email).clone()} oninput={set(&email)}
                    autocomplete="username" required=true />
                <Field id="password" label="Password" kind="password" value={(*password).clone()}
                    oninput={set(&password)} autocomplete="current-password" required=true />
                if let Some(typed) = &*code {
                    <Field id="one-time-code" label="Code from your authenticator app" value={typed.clone()}
                        oninput={set_code} autocomplete="one-time-code" inputmode="numeric" required=true
                        hint="Six digits. Lost your phone? Enter one of your recovery codes instead." />
                }
                <Notice text={(*error).clone()} error=true testid="sign-in-error" />
                <button type="submit" class="primary" disabled={*busy} data-testid="sign-in-submit">
                    { if *busy { "Signing in…" } else { "Sign in" } }
                </button>
            </form>
        </main>
    }
}

#[cfg(test)]
mod tests {
    use solecheck_shared::api::Problem;

    use super::*;

    fn problem(code: ErrorCode, retry_after: Option<u64>) -> Failure {
        Failure::Problem {
            problem: Box::new(Problem {
                type_uri: "about:blank".into(),
                title: "t".into(),
                status: 429,
                detail: "detail".into(),
                code,
                errors: vec![],
                redeemed_at: None,
                redeemed_by: None,
            }),
            retry_after,
        }
    }

    #[test]
    fn throttling_says_when_to_try_again() {
        assert_eq!(
            refusal(&problem(ErrorCode::RateLimited, Some(61))),
            "Too many failed sign-ins. Try again in 2 minutes."
        );
        assert_eq!(
            refusal(&problem(ErrorCode::RateLimited, Some(5))),
            "Too many failed sign-ins. Try again in 1 minute."
        );
        assert!(refusal(&problem(ErrorCode::AccountDisabled, None)).contains("disabled"));
        assert!(refusal(&problem(ErrorCode::InvalidCredentials, None)).contains("do not match"));
    }
}
