//! The desk's activity (admins): the whole audit log, newest first, a page
//! at a time, or one kind of entry. Attempts on codes that were never issued
//! show what was typed (a run of them is someone guessing codes); staff
//! views of a visitor's check show which check and how it was opened.

use std::rc::Rc;

use solecheck_shared::api::{AuditAction, AuditEntry, Page};
use yew::{platform::spawn_local, prelude::*};

use super::{Outcome, code_card::audit_row, split, use_ctx};
use crate::{
    client::{Client, Failure},
    fields::{Notice, Select},
    labels::AUDIT_FILTERS,
};

/// How many entries a page shows.
const PAGE: u32 = 50;

/// The entries loaded so far, and the cursor of the next (older) page.
type Loaded = Option<(Rc<Vec<AuditEntry>>, Option<String>)>;

/// Loads a page (the first, or the one after `cursor`) of the entries of
/// `action` (all when `None`) onto the entries.
fn load_action(
    client: &Rc<Client>,
    entries: &UseStateHandle<Loaded>,
    outcome: &UseStateHandle<Outcome>,
    action: Option<AuditAction>,
) -> Callback<Option<String>> {
    let (client, entries, outcome) = (client.clone(), entries.clone(), outcome.clone());
    Callback::from(move |cursor: Option<String>| {
        let (client, entries, outcome) = (client.clone(), entries.clone(), outcome.clone());
        spawn_local(async move {
            let mut path = format!("/v1/audit?limit={PAGE}");
            if let Some(action) = action {
                path.push_str(&format!("&action={}", action.as_str()));
            }
            if let Some(cursor) = &cursor {
                path.push_str(&format!("&cursor={cursor}"));
            }
            match client.get::<Page<AuditEntry>>(&path).await {
                Ok(page) => {
                    let mut all = match (&cursor, &*entries) {
                        (Some(_), Some((before, _))) => (**before).clone(),
                        _ => Vec::new(),
                    };
                    all.extend(page.items);
                    entries.set(Some((Rc::new(all), page.next_cursor)));
                }
                Err(Failure::SessionEnded) => {}
                Err(failure) => outcome.set(Some((true, failure.message()))),
            }
        });
    })
}

/// One entry: the code, the check a view without a code was of, or what
/// was typed when no such code was issued.
fn activity_row(e: &AuditEntry, tz: &str) -> Html {
    let (code, testid) = match (&e.code, &e.check_id) {
        (Some(code), _) => (html! { <span class="code-text">{ code.clone() }</span> }, "activity-entry"),
        (None, Some(check)) => {
            (html! { <>{ "check " }<span class="code-text">{ check.clone() }</span></> }, "activity-view")
        }
        (None, None) => (html! { <>{ "no such code: " }<q>{ e.typed.clone() }</q></> }, "activity-unknown"),
    };
    audit_row(e, tz, Some(code), Some(testid))
}

/// The entries, with "Show older" while there are more.
fn activity_table(items: &[AuditEntry], older: Option<Callback<MouseEvent>>, tz: &str) -> Html {
    html! {
        <>
            <div class="table-wrap">
                <table class="audit" data-testid="activity">
                    <caption class="sr-only">{ "Desk activity, newest first" }</caption>
                    <thead><tr><th scope="col">{ "When" }</th><th scope="col">{ "Who" }</th>
                        <th scope="col">{ "From" }</th><th scope="col">{ "What" }</th><th scope="col">{ "Code" }</th>
                        <th scope="col">{ "Outcome" }</th><th scope="col">{ "Reason" }</th></tr></thead>
                    <tbody>{ for items.iter().map(|e| activity_row(e, tz)) }</tbody>
                </table>
            </div>
            if let Some(older) = older {
                <button type="button" class="secondary" data-testid="activity-older" onclick={older}>{ "Show older" }</button>
            }
        </>
    }
}

/// The activity page.
#[function_component(ActivityPage)]
pub fn activity_page() -> Html {
    let Some(ctx) = use_ctx() else { return html! {} };
    let outcome = use_state(|| None::<(bool, String)>);
    let entries = use_state(|| None::<(Rc<Vec<AuditEntry>>, Option<String>)>);
    let filter = use_state(|| None::<AuditAction>);
    let load = load_action(&ctx.client, &entries, &outcome, *filter);
    {
        let (load, entries) = (load.clone(), entries.clone());
        use_effect_with(*filter, move |_| {
            entries.set(None);
            load.emit(None);
        });
    }
    let options = std::iter::once((AttrValue::from(""), AttrValue::from("Everything")))
        .chain(AUDIT_FILTERS.iter().map(|(a, label)| (AttrValue::from(a.as_str()), AttrValue::from(*label))))
        .collect::<Vec<_>>();
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |value: String| filter.set(AuditAction::from_key(&value)))
    };
    let shown = AttrValue::from(filter.map_or("", |a| a.as_str()));
    let tz = ctx.time_zone();
    let (_, error) = split(&outcome);
    html! {
        <section aria-labelledby="activity-title">
            <h1 id="activity-title">{ "Desk activity" }</h1>
            <p>{ "Every redeem attempt, void and un-redeem, and every time staff were shown a visitor's check, \
                  newest first. An attempt on a code that was never issued shows what was typed: many of them \
                  in a row may mean someone is guessing codes." }</p>
            <Select id="activity-filter" label="Show" options={options} value={shown} onchange={on_filter} />
            <Notice text={error} error=true testid="activity-error" />
            { match &*entries {
                None => html! { <p role="status">{ "Loading the activity…" }</p> },
                Some((items, _)) if items.is_empty() => html! {
                    <p data-testid="activity-empty">{
                        if filter.is_some() { "Nothing of this kind yet." } else { "Nothing has happened at the desk yet." }
                    }</p>
                },
                Some((items, next)) => {
                    let older = next.clone().map(|cursor| {
                        let load = load.clone();
                        Callback::from(move |_| load.emit(Some(cursor.clone())))
                    });
                    activity_table(items, older, &tz)
                }
            } }
        </section>
    }
}
