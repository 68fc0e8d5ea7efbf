//! A code's status card: whether it can be used, the offer, the visitor's
//! result summary to prepare the visit, Redeem with a confirmation, and for
//! admins void, un-redeem (reason required) and the audit log.

use std::rc::Rc;

use solecheck_shared::api::{AuditEntry, CodeState, CodeStatus, ErrorCode, ReasonRequest, Redeemed};
use yew::{platform::spawn_local, prelude::*};

use super::{split, use_ctx};
use crate::{
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

/// The card.
#[function_component(CodeCard)]
pub fn code_card(props: &CodeCardProps) -> Html {
    let Some(ctx) = use_ctx() else { return html! {} };
    let mode = use_state(|| Mode::Viewing);
    let reason = use_state(String::new);
    let busy = use_state(|| false);
    let outcome = use_state(|| None::<(bool, String)>);
    let audit = use_state(|| None::<Rc<Vec<AuditEntry>>>);
    let status = &props.status;
    let tz = ctx.time_zone();
    let (tone, title) = headline(status, &tz);
    // A newly looked-up code takes the focus to its verdict, so a screen
    // reader says it and the next Tab reaches the card's buttons.
    let heading = use_node_ref();
    {
        let heading = heading.clone();
        use_effect_with(status.code.clone(), move |_| {
            if let Some(h) = heading.cast::<web_sys::HtmlElement>() {
                let _ = h.focus();
            }
        });
    }

    // What both actions do when the server has answered.
    let settle = {
        let (props, mode, busy, outcome, audit) =
            (props.clone(), mode.clone(), busy.clone(), outcome.clone(), audit.clone());
        Callback::from(move |(result, to_mode): ((bool, String), Mode)| {
            outcome.set(Some(result));
            busy.set(false);
            mode.set(to_mode);
            audit.set(None);
            props.on_change.emit(());
        })
    };
    let redeem = {
        let (ctx, code, busy, settle, tz) =
            (ctx.clone(), status.code.clone(), busy.clone(), settle.clone(), tz.clone());
        Callback::from(move |_| {
            let (ctx, code, settle, tz) = (ctx.clone(), code.clone(), settle.clone(), tz.clone());
            busy.set(true);
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
                settle.emit((result, Mode::Viewing));
            });
        })
    };
    let correct = {
        let (ctx, code, mode, busy, outcome, reason, settle) = (
            ctx.clone(),
            status.code.clone(),
            mode.clone(),
            busy.clone(),
            outcome.clone(),
            reason.clone(),
            settle.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if reason.trim().is_empty() {
                outcome.set(Some((true, "Write why, for the audit log.".to_owned())));
                return;
            }
            let (voiding, current) = (*mode == Mode::Void, *mode);
            let (ctx, code, reason, settle) = (ctx.clone(), code.clone(), reason.clone(), settle.clone());
            busy.set(true);
            spawn_local(async move {
                let action = if voiding { "void" } else { "unredeem" };
                let body = ReasonRequest { reason: reason.trim().to_owned() };
                match ctx
                    .client
                    .post::<_, CodeStatus>(&format!("/v1/codes/{code}/{action}"), Some(&body))
                    .await
                {
                    Ok(_) => {
                        reason.set(String::new());
                        let done = if voiding { "The code is voided." } else { "The redemption is undone." };
                        settle.emit(((false, done.to_owned()), Mode::Viewing));
                    }
                    Err(Failure::SessionEnded) => {}
                    // Keep the form open with its reason, to correct and send again.
                    Err(failure) => settle.emit(((true, failure.message()), current)),
                }
            });
        })
    };
    let set_mode = |to: Mode| {
        let (mode, outcome) = (mode.clone(), outcome.clone());
        Callback::from(move |_| {
            mode.set(to);
            if to != Mode::Viewing {
                outcome.set(None);
            }
        })
    };
    let show_audit = {
        let (ctx, code, audit, outcome) = (ctx.clone(), status.code.clone(), audit.clone(), outcome.clone());
        Callback::from(move |_| {
            let (ctx, code, audit, outcome) = (ctx.clone(), code.clone(), audit.clone(), outcome.clone());
            spawn_local(async move {
                match ctx.client.get_all::<AuditEntry>(&format!("/v1/codes/{code}/audit")).await {
                    Ok(entries) => audit.set(Some(Rc::new(entries))),
                    Err(Failure::SessionEnded) => {}
                    Err(failure) => outcome.set(Some((true, failure.message()))),
                }
            });
        })
    };
    let admin = ctx.console.is_admin();
    let (message, error) = split(&outcome);
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
            { match *mode {
                Mode::ConfirmRedeem => html! {
                    <div class="confirm" role="group" aria-labelledby="confirm-title">
                        <p id="confirm-title"><strong>{ format!("Redeem {} now?", status.code) }</strong>
                            { " A code can be used once; only an admin can undo this." }</p>
                        <div class="actions">
                            <button type="button" class="primary" onclick={redeem} disabled={*busy} data-testid="confirm-redeem">{ "Yes, redeem" }</button>
                            <button type="button" class="secondary" onclick={set_mode(Mode::Viewing)}>{ "Cancel" }</button>
                        </div>
                    </div>
                },
                Mode::Void | Mode::Unredeem => html! {
                    <form class="confirm" onsubmit={correct} novalidate=true data-testid="correction">
                        <Field id="reason" label={if *mode == Mode::Void { "Why void this code?" } else { "Why undo the redemption?" }}
                            value={(*reason).clone()} multiline=true required=true
                            oninput={let reason = reason.clone(); Callback::from(move |v: String| reason.set(v))} />
                        <div class="actions">
                            <button type="submit" class="danger" disabled={*busy} data-testid="confirm-correction">
                                { if *mode == Mode::Void { "Void the code" } else { "Undo the redemption" } }
                            </button>
                            <button type="button" class="secondary" onclick={set_mode(Mode::Viewing)}>{ "Cancel" }</button>
                        </div>
                    </form>
                },
                Mode::Viewing => html! {
                    <div class="actions">
                        if status.status == CodeState::Issued {
                            <button type="button" class="primary" onclick={set_mode(Mode::ConfirmRedeem)} data-testid="redeem">{ "Redeem" }</button>
                        }
                        if admin && status.status != CodeState::Voided {
                            <button type="button" class="secondary" onclick={set_mode(Mode::Void)} data-testid="void">{ "Void…" }</button>
                        }
                        if admin && status.status == CodeState::Redeemed {
                            <button type="button" class="secondary" onclick={set_mode(Mode::Unredeem)} data-testid="unredeem">{ "Undo redemption…" }</button>
                        }
                        if admin {
                            <button type="button" class="secondary" onclick={show_audit} data-testid="show-audit">{ "Audit log" }</button>
                        }
                    </div>
                },
            } }
            if let Some(entries) = &*audit {
                { audit_table(entries, &tz) }
            }
        </article>
    }
}

/// The visitor's result, so the desk can prepare the visit.
fn summary(status: &CodeStatus) -> Html {
    let result = &status.assessment;
    if result.erased {
        return html! { <p class="summary" data-testid="summary">{ "The visitor erased their answers; the code still stands." }</p> };
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
            <td>{ e.action.as_str() }</td>
            if let Some(code) = code {
                <td>{ code }</td>
            }
            <td>{ e.outcome.as_str().replace('_', " ") }</td>
            <td>{ e.reason.clone().unwrap_or_default() }</td>
        </tr>
    }
}
