//! A code's status card: whether it can be used, the offer, the visitor's
//! result summary to prepare the visit, Redeem with a confirmation, and for
//! admins void, un-redeem, erasing the visitor's answers (reason required)
//! and the audit log.

use std::rc::Rc;

use solecheck_shared::api::{AuditEntry, CodeState, CodeStatus, ErrorCode, ReasonRequest, Redeemed};
use yew::{platform::spawn_local, prelude::*};

use super::{Outcome, split, use_ctx};
use crate::{
    app::Ctx,
    client::Failure,
    dates::{day_words, local_time, parse_day},
    fields::{Field, Notice},
    labels,
};

/// The card's attributes.
#[derive(Clone, PartialEq, Properties)]
pub struct CodeCardProps {
    pub status: Rc<CodeStatus>,
    /// Asks the desk to look the code up again after a change.
    pub on_change: Callback<()>,
}

/// What the person is doing on the card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Viewing,
    ConfirmRedeem,
    Void,
    Unredeem,
    /// Erasing the check's answers for a visitor who asked (by phone, say).
    EraseCheck,
}

impl Mode {
    /// For the modes that need a reason: the route's last segment, the
    /// question, the button, and what is said once done.
    const fn correction(self) -> Option<(&'static str, &'static str, &'static str, &'static str)> {
        match self {
            Self::Void => Some(("void", "Why void this code?", "Void the code", "The code is voided.")),
            Self::Unredeem => Some((
                "unredeem",
                "Why undo the redemption?",
                "Undo the redemption",
                "The redemption is undone.",
            )),
            Self::EraseCheck => Some((
                "erase-check",
                "Why erase the visitor's answers? (For example: they phoned and asked.)",
                "Erase the answers for good",
                "Erased. The audit log keeps who did it and why.",
            )),
            Self::Viewing | Self::ConfirmRedeem => None,
        }
    }
}

fn headline(status: &CodeStatus, tz: &str) -> (&'static str, String) {
    let by = status.redeemed_by.clone().unwrap_or_else(|| "someone".to_owned());
    match status.status {
        CodeState::Issued => ("valid", "Valid: this code can be redeemed".to_owned()),
        CodeState::Redeemed => (
            "redeemed",
            format!(
                "Already redeemed on {} by {by}",
                status.redeemed_at.as_deref().map_or_else(String::new, |t| local_time(t, tz))
            ),
        ),
        CodeState::Expired => {
            ("expired", format!("Expired: it was valid through {}", valid_through(&status.valid_through)))
        }
        CodeState::Voided => (
            "voided",
            format!(
                "Voided on {}{}",
                status.voided_at.as_deref().map_or_else(String::new, |t| local_time(t, tz)),
                status.void_reason.as_deref().map_or_else(String::new, |r| format!(": {r}"))
            ),
        ),
    }
}

/// The last local day a code works, in words ("Friday, December 25, 2026").
fn valid_through(day: &str) -> String {
    parse_day(day).map_or_else(|| day.to_owned(), day_words)
}

/// What a refused redeem means at the desk.
fn redeem_refusal(failure: &Failure, tz: &str) -> String {
    match failure.problem() {
        Some(p) if p.code == ErrorCode::AlreadyRedeemed => format!(
            "Already redeemed on {} by {}.",
            p.redeemed_at.as_deref().map_or_else(String::new, |t| local_time(t, tz)),
            p.redeemed_by.as_deref().unwrap_or("someone")
        ),
        Some(p) if p.code == ErrorCode::Expired => "This code has expired.".to_owned(),
        Some(p) if p.code == ErrorCode::Voided => "This code was voided.".to_owned(),
        _ => failure.message(),
    }
}

/// The card's state: what is being done, and what came back.
#[derive(Clone)]
struct Card {
    mode: UseStateHandle<Mode>,
    reason: UseStateHandle<String>,
    busy: UseStateHandle<bool>,
    outcome: UseStateHandle<Outcome>,
    audit: UseStateHandle<Option<Rc<Vec<AuditEntry>>>>,
}

#[hook]
fn use_card() -> Card {
    Card {
        mode: use_state(|| Mode::Viewing),
        reason: use_state(String::new),
        busy: use_state(|| false),
        outcome: use_state(|| None),
        audit: use_state(|| None),
    }
}

impl Card {
    /// What every action does when the server has answered: tell the
    /// outcome, go to `to`, and have the desk look the code up again.
    fn settle(&self, result: (bool, String), to: Mode, on_change: &Callback<()>) {
        self.outcome.set(Some(result));
        self.busy.set(false);
        self.mode.set(to);
        self.audit.set(None);
        on_change.emit(());
    }

    fn set_mode(&self, to: Mode) -> Callback<MouseEvent> {
        let card = self.clone();
        Callback::from(move |_| {
            card.mode.set(to);
            if to != Mode::Viewing {
                card.outcome.set(None);
            }
        })
    }
}

/// Redeems the code, once confirmed.
fn redeem_action(ctx: &Ctx, card: &Card, props: &CodeCardProps, tz: &str) -> Callback<MouseEvent> {
    let (ctx, card, code, on_change, tz) =
        (ctx.clone(), card.clone(), props.status.code.clone(), props.on_change.clone(), tz.to_owned());
    Callback::from(move |_| {
        let (ctx, card, code, on_change, tz) =
            (ctx.clone(), card.clone(), code.clone(), on_change.clone(), tz.clone());
        card.busy.set(true);
        spawn_local(async move {
            let result =
                match ctx.client.post::<(), Redeemed>(&format!("/v1/codes/{code}/redeem"), None).await {
                    Ok(done) => (
                        false,
                        format!(
                            "Redeemed on {}. Apply the discount to the visit.",
                            local_time(&done.redeemed_at, &tz)
                        ),
                    ),
                    Err(Failure::SessionEnded) => return,
                    Err(failure) => (true, redeem_refusal(&failure, &tz)),
                };
            card.settle(result, Mode::Viewing, &on_change);
        });
    })
}

/// Voids the code, undoes its redemption or erases its check's answers, with
/// the reason written.
fn correct_action(ctx: &Ctx, card: &Card, props: &CodeCardProps) -> Callback<SubmitEvent> {
    let (ctx, card, code, on_change) =
        (ctx.clone(), card.clone(), props.status.code.clone(), props.on_change.clone());
    Callback::from(move |event: SubmitEvent| {
        event.prevent_default();
        if card.reason.trim().is_empty() {
            card.outcome.set(Some((true, "Write why, for the audit log.".to_owned())));
            return;
        }
        let current = *card.mode;
        let Some((action, _, _, done)) = current.correction() else { return };
        let (ctx, card, code, on_change) = (ctx.clone(), card.clone(), code.clone(), on_change.clone());
        card.busy.set(true);
        spawn_local(async move {
            let body = ReasonRequest { reason: card.reason.trim().to_owned() };
            match ctx.client.post::<_, CodeStatus>(&format!("/v1/codes/{code}/{action}"), Some(&body)).await {
                Ok(_) => {
                    card.reason.set(String::new());
                    card.settle((false, done.to_owned()), Mode::Viewing, &on_change);
                }
                Err(Failure::SessionEnded) => {}
                // Keep the form open with its reason, to correct and send again.
                Err(failure) => card.settle((true, failure.message()), current, &on_change),
            }
        });
    })
}

/// Loads the code's audit log into the card.
fn audit_action(ctx: &Ctx, card: &Card, code: &str) -> Callback<MouseEvent> {
    let (ctx, card, code) = (ctx.clone(), card.clone(), code.to_owned());
    Callback::from(move |_| {
        let (ctx, card, code) = (ctx.clone(), card.clone(), code.clone());
        spawn_local(async move {
            match ctx.client.get_all::<AuditEntry>(&format!("/v1/codes/{code}/audit")).await {
                Ok(entries) => card.audit.set(Some(Rc::new(entries))),
                Err(Failure::SessionEnded) => {}
                Err(failure) => card.outcome.set(Some((true, failure.message()))),
            }
        });
    })
}

/// A newly looked-up code takes the focus to its verdict, so a screen reader
/// says it and the next Tab reaches the card's buttons.
#[hook]
fn use_focus_on_new_code(code: &str) -> NodeRef {
    let heading = use_node_ref();
    let focused = heading.clone();
    use_effect_with(code.to_owned(), move |_| {
        if let Some(h) = focused.cast::<web_sys::HtmlElement>() {
            let _ = h.focus();
        }
    });
    heading
}

/// The card.
#[function_component(CodeCard)]
pub fn code_card(props: &CodeCardProps) -> Html {
    let Some(ctx) = use_ctx() else { return html! {} };
    let card = use_card();
    let status = &props.status;
    let heading = use_focus_on_new_code(&status.code);
    let tz = ctx.time_zone();
    let (tone, title) = headline(status, &tz);
    let (message, error) = split(&card.outcome);
    let buttons = match *card.mode {
        Mode::ConfirmRedeem => confirm_redeem(&card, status, redeem_action(&ctx, &card, props, &tz)),
        Mode::Void | Mode::Unredeem | Mode::EraseCheck => {
            correction_form(&card, correct_action(&ctx, &card, props))
        }
        Mode::Viewing => {
            card_buttons(&card, status, ctx.console.is_admin(), audit_action(&ctx, &card, &status.code))
        }
    };
    html! {
        <article class={classes!("panel", "code-card", tone)} data-testid="code-card" data-status={status.status.as_str()}
            aria-labelledby="code-card-title">
            <h2 id="code-card-title" data-testid="code-status" tabindex="-1" ref={heading}>{ title }</h2>
            <p class="code-shown">{ status.code.clone() }</p>
            <dl class="facts">
                <dt>{ "Offer" }</dt>
                <dd data-testid="code-offer">{ format!("{}% off {} ({})", status.campaign.percent_off, status.campaign.applies_to, status.campaign.title) }</dd>
                <dt>{ "Valid through" }</dt>
                <dd data-testid="code-valid-through">{ valid_through(&status.valid_through) }</dd>
                <dt>{ "Issued" }</dt>
                <dd>{ local_time(&status.issued_at, &tz) }</dd>
            </dl>
            <Notice text={message} testid="code-outcome" />
            <Notice text={error} error=true testid="code-outcome-error" />
            { summary(status) }
            { buttons }
            if let Some(entries) = &*card.audit {
                { audit_table(entries, &tz) }
            }
        </article>
    }
}

/// "Redeem now?", with yes and cancel.
fn confirm_redeem(card: &Card, status: &CodeStatus, redeem: Callback<MouseEvent>) -> Html {
    html! {
        <div class="confirm" role="group" aria-labelledby="confirm-title">
            <p id="confirm-title"><strong>{ format!("Redeem {} now?", status.code) }</strong>
                { " A code can be used once; only an admin can undo this." }</p>
            <div class="actions">
                <button type="button" class="primary" onclick={redeem} disabled={*card.busy} data-testid="confirm-redeem">{ "Yes, redeem" }</button>
                <button type="button" class="secondary" onclick={card.set_mode(Mode::Viewing)}>{ "Cancel" }</button>
            </div>
        </div>
    }
}

/// The reason for a void, an undone redemption or an erasure, and the button
/// that does it.
fn correction_form(card: &Card, correct: Callback<SubmitEvent>) -> Html {
    let Some((_, question, button, _)) = card.mode.correction() else { return html! {} };
    let reason = card.reason.clone();
    html! {
        <form class="confirm" onsubmit={correct} novalidate=true data-testid="correction">
            if *card.mode == Mode::EraseCheck {
                <p data-testid="erase-warning"><strong>{ "This cannot be undone." }</strong>
                    { " The visitor's answers, result and logged exercises are deleted. The code keeps working, \
                       and the clinic's figures keep counting the check." }</p>
            }
            <Field id="reason" label={question} value={(*card.reason).clone()} multiline=true required=true
                oninput={Callback::from(move |v: String| reason.set(v))} />
            <div class="actions">
                <button type="submit" class="danger" disabled={*card.busy} data-testid="confirm-correction">
                    { button }
                </button>
                <button type="button" class="secondary" onclick={card.set_mode(Mode::Viewing)}>{ "Cancel" }</button>
            </div>
        </form>
    }
}

/// What can be done with the code: redeem it, and for admins the corrections and the log.
fn card_buttons(card: &Card, status: &CodeStatus, admin: bool, show_audit: Callback<MouseEvent>) -> Html {
    html! {
        <div class="actions">
            if status.status.can_redeem() {
                <button type="button" class="primary" onclick={card.set_mode(Mode::ConfirmRedeem)} data-testid="redeem">{ "Redeem" }</button>
            }
            if admin && status.status.can_void() {
                <button type="button" class="secondary" onclick={card.set_mode(Mode::Void)} data-testid="void">{ "Void…" }</button>
            }
            if admin && status.status.can_unredeem() {
                <button type="button" class="secondary" onclick={card.set_mode(Mode::Unredeem)} data-testid="unredeem">{ "Undo redemption…" }</button>
            }
            if admin && !status.assessment.erased {
                <button type="button" class="secondary" onclick={card.set_mode(Mode::EraseCheck)} data-testid="erase-check">{ "Erase answers…" }</button>
            }
            if admin {
                <button type="button" class="secondary" onclick={show_audit} data-testid="show-audit">{ "Audit log" }</button>
            }
        </div>
    }
}

/// The visitor's result, so the desk can prepare the visit.
fn summary(status: &CodeStatus) -> Html {
    let result = &status.assessment;
    if result.erased {
        return html! { <p class="summary" data-testid="summary">{ "The visitor's answers were erased; the code still stands." }</p> };
    }
    html! {
        <section class="summary" data-testid="summary" aria-labelledby="summary-title">
            <h3 id="summary-title">{ "The visitor's self-check" }</h3>
            <dl class="facts">
                <dt>{ "Foot function" }</dt><dd data-testid="summary-hint">{ labels::hint(result.hint) }</dd>
                <dt>{ "Referral" }</dt><dd data-testid="summary-referral">{ labels::referral(result.referral_level) }</dd>
            </dl>
            if !result.plan.is_empty() {
                <p>{ "Home plan:" }</p>
                <ol class="plan" data-testid="summary-plan">
                    { for result.plan.iter().map(|key| html! { <li>{ labels::plan_item(*key) }</li> }) }
                </ol>
            }
        </section>
    }
}

fn audit_table(entries: &[AuditEntry], tz: &str) -> Html {
    html! {
        <table class="audit" data-testid="audit">
            <caption>{ "Audit log, oldest first" }</caption>
            <thead><tr><th scope="col">{ "When" }</th><th scope="col">{ "Who" }</th><th scope="col">{ "From" }</th><th scope="col">{ "What" }</th>
                <th scope="col">{ "Outcome" }</th><th scope="col">{ "Reason" }</th></tr></thead>
            <tbody>{ for entries.iter().map(|e| audit_row(e, tz, None, None)) }</tbody>
        </table>
    }
}

/// One audit entry as a table row: when, who, from which address, what, then `code` (a cell, on
/// the log of every code) and the outcome and reason.
pub fn audit_row(e: &AuditEntry, tz: &str, code: Option<Html>, testid: Option<&'static str>) -> Html {
    html! {
        <tr data-testid={testid}>
            <td>{ local_time(&e.at, tz) }</td>
            <td>{ e.actor.clone().unwrap_or_else(|| "-".to_owned()) }</td>
            <td>{ e.client_address.clone().unwrap_or_else(|| "-".to_owned()) }</td>
            <td>{ crate::labels::audit_action(e) }</td>
            if let Some(code) = code {
                <td>{ code }</td>
            }
            <td>{ e.outcome.as_str().replace('_', " ") }</td>
            <td>{ e.reason.clone().unwrap_or_default() }</td>
        </tr>
    }
}
