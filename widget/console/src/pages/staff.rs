//! Staff accounts (admins): add an account, change its role, disable or
//! enable it. A disabled account's sign-in stops working at once.

use solecheck_shared::api::{ErrorCode, NewStaff, Role, StaffPatch, StaffView};
use yew::{platform::spawn_local, prelude::*};

use super::{split, use_ctx, use_list};
use crate::{
    client::Failure,
    fields::{Field, Notice, Select},
};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct NewAccount {
    email: String,
    password: String,
    role: String,
}

/// The accounts page.
#[function_component(StaffPage)]
pub fn staff_page() -> Html {
    let Some(ctx) = use_ctx() else { return html! {} };
    let notice = use_state(|| None::<(bool, String)>);
    let form = use_state(|| NewAccount { role: "staff".into(), ..NewAccount::default() });
    let form_error = use_state(|| None::<(&'static str, String)>);
    let (list, reload) = use_list::<StaffView>(&ctx, "/v1/staff", notice.clone());
    let change = {
        let (client, notice, reload) = (ctx.client.clone(), notice.clone(), reload.clone());
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
    };
    let add = {
        let args = (ctx.client.clone(), form.clone(), form_error.clone(), notice.clone(), reload.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let (client, form, form_error, notice, reload) = args.clone();
            let body = NewStaff {
                email: form.email.trim().to_owned(),
                password: form.password.clone(),
                role: Role::from_key(&form.role).unwrap_or(Role::Staff),
            };
            if !body.email.contains('@') {
                form_error.set(Some(("email", "Enter the person's email address.".into())));
                return;
            }
            spawn_local(async move {
                match client.post::<_, StaffView>("/v1/staff", Some(&body)).await {
                    Ok(saved) => {
                        form_error.set(None);
                        form.set(NewAccount { role: "staff".into(), ..NewAccount::default() });
                        notice.set(Some((
                            false,
                            format!("Added {}. Give them their password in person.", saved.email),
                        )));
                        reload.emit(());
                    }
                    Err(Failure::SessionEnded) => {}
                    Err(f) if f.code() == Some(ErrorCode::EmailTaken) => {
                        form_error.set(Some(("email", "An account with this email already exists.".into())));
                    }
                    Err(f) => {
                        // The server names the field it refused; a refusal
                        // without one is shown at the email.
                        let named = f.problem().and_then(|p| p.errors.first());
                        let field =
                            if named.is_some_and(|e| e.path == "password") { "password" } else { "email" };
                        form_error
                            .set(Some((field, named.map_or_else(|| f.message(), |e| e.message.clone()))));
                    }
                }
            });
        })
    };
    let edit = |change: fn(&mut NewAccount, String)| {
        let form = form.clone();
        Callback::from(move |value: String| {
            let mut next = (*form).clone();
            change(&mut next, value);
            form.set(next);
        })
    };
    let err = |field: &str| form_error.as_ref().filter(|(f, _)| *f == field).map(|(_, m)| m.clone());
    let my_id = ctx.console.me().map(|m| m.id.clone()).unwrap_or_default();
    let row = |account: &StaffView| {
        let mine = account.id == my_id;
        let set_role = {
            let (change, account) = (change.clone(), account.clone());
            Callback::from(move |role: String| {
                let patch = StaffPatch { role: Role::from_key(&role), disabled: None };
                change.emit((account.clone(), patch));
            })
        };
        let toggle = {
            let (change, account) = (change.clone(), account.clone());
            Callback::from(move |_| {
                let patch = StaffPatch { role: None, disabled: Some(!account.disabled) };
                change.emit((account.clone(), patch));
            })
        };
        let testid = account.email.replace(['@', '.'], "-");
        html! {
            <tr data-testid={format!("account-{testid}")}>
                <th scope="row">{ account.email.clone() }{ if mine { " (you)" } else { "" } }</th>
                <td>
                    <Select id={format!("role-{testid}")} label={format!("Role of {}", account.email)}
                        value={account.role.as_str()} disabled={mine} label_hidden=true
                        options={vec![("staff".into(), "Front desk".into()), ("admin".into(), "Admin".into())]}
                        onchange={set_role} />
                </td>
                <td>{ if account.disabled { "Disabled" } else { "Active" } }</td>
                <td>
                    if !mine {
                        <button type="button" class="secondary" onclick={toggle} data-testid={format!("toggle-{testid}")}
                            aria-label={format!("{} {}", if account.disabled { "Enable" } else { "Disable" }, account.email)}>
                            { if account.disabled { "Enable" } else { "Disable" } }
                        </button>
                    }
                </td>
            </tr>
        }
    };
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
                                <th scope="col">{ "State" }</th><th scope="col">{ "Actions" }</th></tr></thead>
                            <tbody>{ for items.iter().map(row) }</tbody>
                        </table>
                    </div>
                },
            } }
            <form class="panel" onsubmit={add} novalidate=true data-testid="add-account" aria-labelledby="add-account-title">
                <h2 id="add-account-title">{ "Add an account" }</h2>
                <Field id="new-email" label="Email" kind="email" value={form.email.clone()} oninput={edit(|f, v| f.email = v)}
                    error={err("email")} autocomplete="off" required=true />
                <Field id="new-password" label="First password" kind="password" value={form.password.clone()}
                    hint="At least 12 characters. Hand it over in person; never by email."
                    oninput={edit(|f, v| f.password = v)} error={err("password")} autocomplete="new-password" required=true />
                <Select id="new-role" label="Role" value={form.role.clone()} onchange={edit(|f, v| f.role = v)}
                    options={vec![("staff".into(), "Front desk (look up and redeem codes)".into()), ("admin".into(), "Admin (everything)".into())]} />
                <button type="submit" class="primary" data-testid="add-account-submit">{ "Add account" }</button>
            </form>
        </section>
    }
}
