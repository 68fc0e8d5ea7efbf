//! Changing your own password: from the header at any time, and before
//! anything else after signing in with a temporary password an admin set
//! (`StaffView::must_change_password`). The server ends every other sign-in
//! of the account; this tab carries on with the tokens it answers with.

use solecheck_shared::{api::ErrorCode, fields::PASSWORD_MIN};
use yew::{platform::spawn_local, prelude::*};

use super::use_ctx;
use crate::{
    client::Failure,
    fields::{Field, Notice},
    state::Action,
};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Entered {
    current: String,
    new: String,
    again: String,
}

/// A refusal: the field it belongs to (`None`: the whole form) and what to say.
type Refusal = (Option<&'static str>, String);

/// What the form can tell before anything is sent.
fn precheck(entered: &Entered) -> Option<Refusal> {
    if entered.current.is_empty() {
        return Some((Some("current"), "Enter the password you signed in with.".into()));
    }
    if entered.new.chars().count() < PASSWORD_MIN {
        return Some((
            Some("new"),
            format!("Use at least {PASSWORD_MIN} characters. A few words in a row work well."),
        ));
    }
    if entered.new != entered.again {
        return Some((Some("again"), "This does not match the new password above.".into()));
    }
    None
}

/// Where the server's refusal belongs.
fn refusal(failure: &Failure) -> Refusal {
    if let Some(error) = failure.problem().and_then(|p| p.errors.first()) {
        let field = if error.path == "current_password" { "current" } else { "new" };
        return (Some(field), crate::client::capitalised(&error.message));
    }
    match failure.code() {
        Some(ErrorCode::RateLimited) => (None, super::sign_in::refusal(failure)),
        _ => (None, failure.message()),
    }
}

#[derive(Clone, PartialEq, Properties)]
pub struct PasswordPageProps {
    /// Signed in with a temporary password: nothing else until it is changed.
    #[prop_or_default]
    pub required: bool,
}

/// The change-password form.
#[function_component(PasswordPage)]
pub fn password_page(props: &PasswordPageProps) -> Html {
    let Some(ctx) = use_ctx() else { return html! {} };
    let entered = use_state(Entered::default);
    let refused = use_state(|| None::<Refusal>);
    let done = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let onsubmit = {
        let (entered, refused, done, busy) = (entered.clone(), refused.clone(), done.clone(), busy.clone());
        let (client, console) = (ctx.client.clone(), ctx.console.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            done.set(None);
            if let Some(problem) = precheck(&entered) {
                refused.set(Some(problem));
                return;
            }
            busy.set(true);
            let (entered, refused, done, busy) =
                (entered.clone(), refused.clone(), done.clone(), busy.clone());
            let (client, console) = (client.clone(), console.clone());
            spawn_local(async move {
                match client.change_password(&entered.current, &entered.new).await {
                    Ok(me) => {
                        refused.set(None);
                        entered.set(Entered::default());
                        done.set(Some(
                            "Your password is changed. Any other device signed in to this account has been signed out."
                                .into(),
                        ));
                        console.dispatch(Action::SignedIn(me));
                    }
                    Err(Failure::SessionEnded) => {}
                    Err(failure) => refused.set(Some(refusal(&failure))),
                }
                busy.set(false);
            });
        })
    };
    let edit = |change: fn(&mut Entered, String)| {
        let entered = entered.clone();
        Callback::from(move |value: String| {
            let mut next = (*entered).clone();
            change(&mut next, value);
            entered.set(next);
        })
    };
    let error = |field: &str| refused.as_ref().filter(|(f, _)| *f == Some(field)).map(|(_, m)| m.clone());
    let general = refused.as_ref().filter(|(f, _)| f.is_none()).map(|(_, m)| m.clone());
    let (title, current_label, intro) = if props.required {
        (
            "Choose your own password",
            "Temporary password",
            "An admin gave you a temporary password. Enter it once more, then choose a password only you know.",
        )
    } else {
        (
            "Change your password",
            "Current password",
            "Changing it signs this account out everywhere else, so use this if you think someone else knows it.",
        )
    };
    html! {
        <section class="narrow" aria-labelledby="password-title">
            <form class="panel" {onsubmit} novalidate=true data-testid="change-password">
                <h1 id="password-title">{ title }</h1>
                <p>{ intro }</p>
                <Field id="current-password" label={current_label} kind="password" value={entered.current.clone()}
                    oninput={edit(|e, v| e.current = v)} error={error("current")} autocomplete="current-password" required=true />
                <Field id="new-password" label="New password" kind="password" value={entered.new.clone()}
                    hint={format!("At least {PASSWORD_MIN} characters; a short sentence is easy to remember and hard to guess. Very common passwords are refused.")}
                    oninput={edit(|e, v| e.new = v)} error={error("new")} autocomplete="new-password" required=true />
                <Field id="new-password-again" label="New password again" kind="password" value={entered.again.clone()}
                    oninput={edit(|e, v| e.again = v)} error={error("again")} autocomplete="new-password" required=true />
                <Notice text={general} error=true testid="password-error" />
                <Notice text={(*done).clone()} testid="password-done" />
                <button type="submit" class="primary" disabled={*busy} data-testid="change-password-submit">
                    { if *busy { "Saving…" } else { "Save new password" } }
                </button>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entered(current: &str, new: &str, again: &str) -> Entered {
        Entered { current: current.into(), new: new.into(), again: again.into() }
    }

    #[test]
    fn the_form_catches_what_it_can_before_sending() {
        assert_eq!(
            precheck(&entered("", "long enough words", "long enough words")).unwrap().0,
            Some("current")
        );
        let short = precheck(&entered("old", "too short", "too short")).unwrap();
        assert_eq!(short.0, Some("new"));
        assert!(short.1.contains("12"));
        assert_eq!(
            precheck(&entered("old", "long enough words", "long enough word")).unwrap().0,
            Some("again")
        );
        assert_eq!(precheck(&entered("old", "long enough words", "long enough words")), None);
    }
}
