//! Campaigns (admins): the list with each one's window and state, create,
//! edit, and end (or resume) one.

use std::rc::Rc;

use solecheck_shared::api::{CampaignPatch, CampaignView, Recurrence};
use yew::{platform::spawn_local, prelude::*};

use super::{Outcome, campaign_form::CampaignForm, split, use_ctx, use_list};
use crate::{
    client::{Client, Failure},
    dates::{day_words, month_day, parse_day},
    fields::Notice,
};

/// Which form is open.
#[derive(Debug, Clone, PartialEq)]
enum Editing {
    Nothing,
    New,
    One(Rc<CampaignView>),
}

/// The window of a campaign in words, for the list.
pub fn window_words(c: &CampaignView) -> String {
    match (parse_day(&c.starts_on), parse_day(&c.ends_on), c.recurrence) {
        (Some(first), Some(last), Recurrence::Yearly) => {
            format!("Every year, {} – {}", month_day(first), month_day(last))
        }
        (Some(first), Some(last), Recurrence::None) => format!("{} – {}", day_words(first), day_words(last)),
        _ => format!("{} – {}", c.starts_on, c.ends_on),
    }
}

fn state_words(c: &CampaignView) -> &'static str {
    match (c.ended_at.is_some(), c.active) {
        (true, _) => "Ended",
        (false, true) => "Running now",
        (false, false) => "Not running today",
    }
}

/// Ends (`true`) or resumes a campaign, then reloads the list.
fn set_ended_action(
    client: &Rc<Client>,
    notice: &UseStateHandle<Outcome>,
    reload: &Callback<()>,
) -> Callback<(CampaignView, bool)> {
    let (client, notice, reload) = (client.clone(), notice.clone(), reload.clone());
    Callback::from(move |(c, ended): (CampaignView, bool)| {
        let (client, notice, reload) = (client.clone(), notice.clone(), reload.clone());
        spawn_local(async move {
            let patch = CampaignPatch { ended: Some(ended), ..CampaignPatch::default() };
            match client.patch::<_, CampaignView>(&format!("/v1/campaigns/{}", c.id), &patch).await {
                Ok(saved) => {
                    let what = if ended { "Ended" } else { "Resumed" };
                    notice.set(Some((false, format!("{what} “{}”.", saved.title))));
                    reload.emit(());
                }
                Err(Failure::SessionEnded) => {}
                Err(failure) => notice.set(Some((true, failure.message()))),
            }
        });
    })
}

/// One campaign's row, with Edit and End (or Resume).
fn campaign_row(
    c: &CampaignView,
    edit: Callback<MouseEvent>,
    set_ended: &Callback<(CampaignView, bool)>,
) -> Html {
    let running = c.ended_at.is_none();
    let end_words = if running { "End now" } else { "Resume" };
    let end = {
        let (set_ended, c) = (set_ended.clone(), c.clone());
        Callback::from(move |_| set_ended.emit((c.clone(), running)))
    };
    html! {
        <tr data-testid={format!("campaign-{}", c.slug)}>
            <th scope="row">{ c.title.clone() }
                if c.demo { <span class="tag">{ "demo" }</span> }
                <br /><span class="muted">{ c.slug.clone() }</span></th>
            <td>{ format!("{}% off {}", c.percent_off, c.applies_to) }</td>
            <td>{ window_words(c) }</td>
            <td>{ c.code_life_days.map_or_else(|| "to the last day".to_owned(), |d| format!("{d} days")) }</td>
            <td>{ state_words(c) }</td>
            <td class="actions">
                <button type="button" class="secondary" onclick={edit} aria-label={format!("Edit {}", c.title)}>{ "Edit" }</button>
                // The name starts with the words shown, so a voice user who
                // says what they see reaches the button (WCAG 2.5.3).
                <button type="button" class="secondary" onclick={end} data-testid={format!("end-{}", c.slug)}
                    aria-label={format!("{end_words} {}", c.title)}>
                    { end_words }
                </button>
            </td>
        </tr>
    }
}

/// The campaigns page.
#[function_component(CampaignsPage)]
pub fn campaigns_page() -> Html {
    let Some(ctx) = use_ctx() else { return html! {} };
    let editing = use_state(|| Editing::Nothing);
    let notice = use_state(|| None::<(bool, String)>);
    let (list, reload) = use_list::<CampaignView>(&ctx, "/v1/campaigns", notice.clone());
    let on_saved = {
        let (editing, notice, reload) = (editing.clone(), notice.clone(), reload.clone());
        Callback::from(move |saved: CampaignView| {
            editing.set(Editing::Nothing);
            notice.set(Some((false, format!("Saved “{}”.", saved.title))));
            reload.emit(());
        })
    };
    let set_ended = set_ended_action(&ctx.client, &notice, &reload);
    let open = |to: Editing| {
        let (editing, notice) = (editing.clone(), notice.clone());
        Callback::from(move |_| {
            notice.set(None);
            editing.set(to.clone());
        })
    };
    let cancel = {
        let editing = editing.clone();
        Callback::from(move |()| editing.set(Editing::Nothing))
    };
    let (message, error) = split(&notice);
    let row = |c: &CampaignView| campaign_row(c, open(Editing::One(Rc::new(c.clone()))), &set_ended);
    html! {
        <section aria-labelledby="campaigns-title">
            <h1 id="campaigns-title">{ "Campaigns" }</h1>
            <p>{ format!("Days are the clinic's local calendar days ({}), both ends included.", ctx.time_zone()) }</p>
            <Notice text={message} testid="campaigns-notice" />
            <Notice text={error} error=true testid="campaigns-error" />
            { match &*editing {
                Editing::Nothing => html! {
                    <button type="button" class="primary" onclick={open(Editing::New)} data-testid="new-campaign">{ "New campaign" }</button>
                },
                Editing::New => html! { <CampaignForm editing={None::<CampaignView>} on_saved={on_saved.clone()} on_cancel={cancel.clone()} /> },
                Editing::One(c) => html! { <CampaignForm key={c.id.clone()} editing={Some((**c).clone())} on_saved={on_saved.clone()} on_cancel={cancel.clone()} /> },
            } }
            { match &list {
                None => html! { <p role="status">{ "Loading campaigns…" }</p> },
                Some(items) if items.is_empty() => html! { <p>{ "No campaigns yet." }</p> },
                Some(items) => html! {
                    <div class="table-wrap">
                        <table data-testid="campaigns">
                            <caption class="sr-only">{ "Campaigns" }</caption>
                            <thead><tr>
                                <th scope="col">{ "Campaign" }</th><th scope="col">{ "Offer" }</th><th scope="col">{ "When" }</th>
                                <th scope="col">{ "Codes valid" }</th><th scope="col">{ "State" }</th><th scope="col">{ "Actions" }</th>
                            </tr></thead>
                            <tbody>{ for items.iter().map(row) }</tbody>
                        </table>
                    </div>
                },
            } }
        </section>
    }
}
