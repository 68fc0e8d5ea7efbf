//! Staff accounts (admins): add an account, change its role, disable or
//! enable it, reset its password. A disabled account's sign-in stops
//! working at once, and so does every sign-in of an account whose password
//! is reset.

use std::rc::Rc;

use solecheck_shared::api::{ErrorCode, NewStaff, Role, StaffPatch, StaffView};
use yew::{platform::spawn_local, prelude::*};

use super::{
    Outcome,
    account_security::{PolicyPanel, TwoStepOffPanel},
    password_reset::ResetPanel,
    split, use_ctx, use_list,
};
use crate::{
    client::{Client, Failure},
    fields::{Field, Notice, Select},
};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct NewAccount {
    email: String,
    password: String,
    role: String,
}

/// The add-account form's state and its error, by field.
#[derive(Clone)]
struct AddForm {
    form: UseStateHandle<NewAccount>,
    error: UseStateHandle<Option<(&'static str, String)>>,
}

fn fresh_account() -> NewAccount {
    NewAccount { role: "staff".into(), ..NewAccount::default() }
}

/// Saves a change to one account, then reloads the list.
fn change_action(
    client: &Rc<Client>,
    notice: &UseStateHandle<Outcome>,
    reload: &Callback<()>,
) -> Callback<(StaffView, StaffPatch)> {
    let (client, notice, reload) = (client.clone(), notice.clone(), reload.clone());
    Callback::from(move |(account, patch): (StaffView, StaffPatch)| {
        let (client, notice, reload) = (client.clone(), notice.clone(), reload.clone());
        spawn_local(async move {
            match client.patch::<_, StaffView>(&format!("/v1/staff/{}", account.id), &patch).await {
                Ok(saved) => notice.set(Some((false, format!("Saved {}.", saved.email)))),
                Err(Failure::SessionEnded) => return,
                Err(failure) => notice.set(Some((true, failure.message()))),
            }
            reload.emit(());
        });
    })
}

/// Where a refused new account's message belongs: the field the server
/// names, else the email.
fn refusal(f: &Failure) -> (&'static str, String) {
    if f.code() == Some(ErrorCode::EmailTaken) {
        return ("email", "An account with this email already exists.".into());
    }
    let named = f.problem().and_then(|p| p.errors.first());
    let field = if named.is_some_and(|e| e.path == "password") { "password" } else { "email" };
    (field, named.map_or_else(|| f.message(), |e| e.message.clone()))
}

/// Adds the account the form describes.
fn add_action(
    client: &Rc<Client>,
    add: &AddForm,
    notice: &UseStateHandle<Outcome>,
    reload: &Callback<()>,
) -> Callback<SubmitEvent> {
    let args = (client.clone(), add.clone(), notice.clone(), reload.clone());
    Callback::from(move |event: SubmitEvent| {
        event.prevent_default();
        let (client, add, notice, reload) = args.clone();
        let body = NewStaff {
            email: add.form.email.trim().to_owned(),
            password: add.form.password.clone(),
            role: Role::from_key(&add.form.role).unwrap_or(Role::Staff),
        };
        if !solecheck_shared::fields::is_email(&body.email) {
            add.error.set(Some(("email", "Enter the person's email address.".into())));
            return;
        }
        spawn_local(async move {
            match client.post::<_, StaffView>("/v1/staff", Some(&body)).await {
                Ok(saved) => {
                    add.error.set(None);
                    add.form.set(fresh_account());
                    notice.set(Some((
                        false,
                        format!("Added {}. Give them their password in person.", saved.email),
                    )));
                    reload.emit(());
                }
                Err(Failure::SessionEnded) => {}
                Err(f) => add.error.set(Some(refusal(&f))),
            }
        });
    })
}

/// What a row can ask for.
#[derive(Clone, PartialEq)]
struct RowActions {
    change: Callback<(StaffView, StaffPatch)>,
    /// Opens a panel about one account.
    open: Callback<(Panel, StaffView)>,
}

/// The panel open below the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Panel {
    ResetPassword,
    TwoStepOff,
}

/// One account's state in words.
fn state_text(account: &StaffView) -> &'static str {
    match (account.disabled, account.must_change_password) {
        (true, _) => "Disabled",
        (false, true) => "Active; must choose a new password",
        (false, false) => "Active",
    }
}

/// One account's row: its role and whether it is enabled, which no admin
/// can change on their own account, and a password reset.
fn account_row(account: &StaffView, mine: bool, actions: &RowActions) -> Html {
    let change = &actions.change;
    let set_role = {
        let (change, account) = (change.clone(), account.clone());
        Callback::from(move |role: String| {
            change.emit((account.clone(), StaffPatch { role: Role::from_key(&role), disabled: None }));
        })
    };
    let toggle = {
        let (change, account) = (change.clone(), account.clone());
        Callback::from(move |_| {
            change.emit((account.clone(), StaffPatch { role: None, disabled: Some(!account.disabled) }));
        })
    };
    let open = |panel: Panel| {
        let (open, account) = (actions.open.clone(), account.clone());
        Callback::from(move |_| open.emit((panel, account.clone())))
    };
    let testid = account.email.replace(['@', '.'], "-");
    let verb = if account.disabled { "Enable" } else { "Disable" };
    html! {
        <tr data-testid={format!("account-{testid}")}>
            <th scope="row">{ account.email.clone() }{ if mine { " (you)" } else { "" } }</th>
            <td>
                <Select id={format!("role-{testid}")} label={format!("Role of {}", account.email)}
                    value={account.role.as_str()} disabled={mine} label_hidden=true
                    options={vec![("staff".into(), "Front desk".into()), ("admin".into(), "Admin".into())]}
                    onchange={set_role} />
            </td>
            <td>{ state_text(account) }</td>
            <td>{ if account.two_step { "On" } else if account.must_enrol_two_step { "Required, not set up" } else { "Off" } }</td>
            <td class="actions">
                if !mine {
                    <button type="button" class="secondary" onclick={toggle} data-testid={format!("toggle-{testid}")}
                        aria-label={format!("{verb} {}", account.email)}>{ verb }</button>
                    <button type="button" class="secondary" onclick={open(Panel::ResetPassword)} data-testid={format!("reset-{testid}")}
                        aria-label={format!("Reset password of {}", account.email)}>{ "Reset password…" }</button>
                    if account.two_step {
                        <button type="button" class="secondary" onclick={open(Panel::TwoStepOff)} data-testid={format!("two-step-off-{testid}")}
                            aria-label={format!("Turn off two-step sign-in for {}", account.email)}>{ "Turn off two-step…" }</button>
                    }
                }
            </td>
        </tr>
    }
}

/// The form that adds an account.
fn add_form(add: &AddForm, onsubmit: Callback<SubmitEvent>) -> Html {
    let edit = |change: fn(&mut NewAccount, String)| {
        let form = add.form.clone();
        Callback::from(move |value: String| {
            let mut next = (*form).clone();
            change(&mut next, value);
            form.set(next);
        })
    };
    let err = |field: &str| add.error.as_ref().filter(|(f, _)| *f == field).map(|(_, m)| m.clone());
    let form = &add.form;
    html! {
        <form class="panel" onsubmit={onsubmit} novalidate=true data-testid="add-account" aria-labelledby="add-account-title">
            <h2 id="add-account-title">{ "Add an account" }</h2>
            <Field id="new-email" label="Email" kind="email" value={form.email.clone()} oninput={edit(|f, v| f.email = v)}
                error={err("email")} autocomplete="off" required=true />
            <Field id="new-password" label="First password" kind="password" value={form.password.clone()}
                hint="At least 12 characters, not a common one. Hand it over in person; never by email."
                oninput={edit(|f, v| f.password = v)} error={err("password")} autocomplete="new-password" required=true />
            <Select id="new-role" label="Role" value={form.role.clone()} onchange={edit(|f, v| f.role = v)}
                options={vec![("staff".into(), "Front desk (look up and redeem codes)".into()), ("admin".into(), "Admin (everything)".into())]} />
            <button type="submit" class="primary" data-testid="add-account-submit">{ "Add account" }</button>
        </form>
    }
}

/// The accounts page.
#[function_component(StaffPage)]
pub fn staff_page() -> Html {
    let Some(ctx) = use_ctx() else { return html! {} };
    let notice = use_state(|| None::<(bool, String)>);
    let add = AddForm { form: use_state(fresh_account), error: use_state(|| None) };
    let (list, reload) = use_list::<StaffView>(&ctx, "/v1/staff", notice.clone());
    let panel = use_state(|| None::<(Panel, StaffView)>);
    let actions = RowActions {
        change: change_action(&ctx.client, &notice, &reload),
        open: {
            let panel = panel.clone();
            Callback::from(move |opened: (Panel, StaffView)| panel.set(Some(opened)))
        },
    };
    let close = {
        let (panel, reload) = (panel.clone(), reload.clone());
        Callback::from(move |made: bool| {
            panel.set(None);
            if made {
                reload.emit(());
            }
        })
    };
    let my_id = ctx.console.me().map(|m| m.id.clone()).unwrap_or_default();
    let (message, error) = split(&notice);
    html! {
        <section aria-labelledby="staff-title">
            <h1 id="staff-title">{ "Staff accounts" }</h1>
            <Notice text={message} testid="staff-notice" />
            <Notice text={error} error=true testid="staff-error" />
            { match &list {
                None => html! { <p role="status">{ "Loading accounts…" }</p> },
                Some(items) => html! {
                    <div class="table-wrap">
                        <table data-testid="accounts">
                            <caption class="sr-only">{ "Staff accounts" }</caption>
                            <thead><tr><th scope="col">{ "Email" }</th><th scope="col">{ "Role" }</th>
                                <th scope="col">{ "State" }</th><th scope="col">{ "Two-step" }</th><th scope="col">{ "Actions" }</th></tr></thead>
                            <tbody>{ for items.iter().map(|a| account_row(a, a.id == my_id, &actions)) }</tbody>
                        </table>
                    </div>
                },
            } }
            { match &*panel {
                Some((Panel::ResetPassword, account)) => html! {
                    <ResetPanel key={account.id.clone()} account={account.clone()} on_close={close} />
                },
                Some((Panel::TwoStepOff, account)) => html! {
                    <TwoStepOffPanel key={account.id.clone()} account={account.clone()} on_close={close} />
                },
                None => html! {},
            } }
            <PolicyPanel on_saved={reload.clone()} />
            { add_form(&add, add_action(&ctx.client, &add, &notice, &reload)) }
        </section>
    }
}
