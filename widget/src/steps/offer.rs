//! Step 8: the visit offer. A code needs a saved check (consent); an urgent
//! result never reaches this step. Shows the active offer and, on request, the
//! code with a QR code and its expiry; otherwise when the next offer starts.

use solecheck_shared::content::{Questionnaire, StepKey};
use yew::{platform::spawn_local, prelude::*};

use super::{
    my_data::MyData,
    result::{ResultProps, save},
};
use crate::{
    app::StepHeading,
    services::{self, Clinic, Code, Failure, Offer, Offers},
    state::{Action, Saving},
};

/// The code's QR code as the API drew it (`Code::qr`, rows of `0`/`1`):
/// one SVG path, a unit square per dark module, inside a four-module light margin.
fn qr(rows: &[String]) -> Html {
    let mut path = String::new();
    for (y, row) in rows.iter().enumerate() {
        for (x, _) in row.bytes().enumerate().filter(|(_, m)| *m == b'1') {
            path.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    let side = rows.len() + 8;
    html! {
        <svg viewBox={format!("-4 -4 {side} {side}")} shape-rendering="crispEdges">
            <rect x="-4" y="-4" width={side.to_string()} height={side.to_string()} fill="#fff" />
            <path d={path} fill="#000" />
        </svg>
    }
}

/// A clinic calendar day (`2026-08-31`) as a date in the visitor's language.
fn local_date(value: &str, lang: &str) -> String {
    let date = js_sys::Date::new(&value.into());
    if date.get_time().is_nan() {
        return value.to_owned();
    }
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"long".into());
    // `new Date("2026-08-31")` is that day's UTC midnight: formatting it in UTC
    // keeps the day whatever the visitor's zone.
    let _ = js_sys::Reflect::set(&options, &"timeZone".into(), &"UTC".into());
    date.to_locale_date_string(lang, &options).into()
}

/// The clinic's name, and its phone and booking page when it has them.
fn where_to_go(clinic: &Clinic, doc: &solecheck_shared::content::Questionnaire) -> Html {
    html! {
        <div class="clinic" data-testid="clinic">
            <p><strong>{ &clinic.name }</strong>{ format!(" · {}", clinic.location) }</p>
            if let Some(phone) = &clinic.phone {
                <p><a href={format!("tel:{}", phone.replace(' ', ""))}>{ doc.offer.call.replace("{phone}", phone) }</a></p>
            }
            if let Some(url) = &clinic.booking_url {
                <p><a href={url.clone()} target="_blank" rel="noopener noreferrer">{ &doc.offer.book }</a></p>
            }
        </div>
    }
}

/// The code as issued: its text, QR code, last day and where to bring it.
fn issued_code(doc: &Questionnaire, issued: &Code, clinic: Option<&Clinic>, lang: &str) -> Html {
    html! {
        <div class="code" data-testid="code-card">
            <p class="code-text" data-testid="code">{ &issued.code }</p>
            <div class="qr" aria-hidden="true">{ qr(&issued.qr) }</div>
            // The clinic's last valid day, not `expires_at`: that instant is
            // the next midnight, which a browser shows as the following day.
            <p data-testid="valid-through" data-date={issued.valid_through.clone()}>
                { doc.ui.valid_until.replace("{date}", &local_date(&issued.valid_through, lang)) }
            </p>
            <p>{ &doc.offer.how_to_redeem }</p>
            if let Some(clinic) = clinic {
                { where_to_go(clinic, doc) }
            }
        </div>
    }
}

/// No offer runs today: say so, and when the next one starts.
fn no_offer(doc: &Questionnaire, next: Option<&Offer>, lang: &str) -> Html {
    html! {
        <div data-testid="no-offer">
            <p>{ &doc.ui.no_offer }</p>
            if let Some(next) = next {
                <p data-testid="next-offer">
                    { format!("{} ({}% – {})", doc.offer.next_offer.replace("{date}", &local_date(&next.starts_on, lang)), next.percent_off, next.applies_to) }
                </p>
            }
        </div>
    }
}

/// A failure, told with a button that tries again.
fn failed(
    text: &str,
    testid: Option<&'static str>,
    retry_testid: &'static str,
    retry: Callback<MouseEvent>,
    label: &str,
) -> Html {
    html! {
        <div class="status failed" role="alert" data-testid={testid}>
            <p>{ text }</p>
            <button type="button" class="secondary" data-testid={retry_testid} onclick={retry}>{ label }</button>
        </div>
    }
}

/// The active offer with the code part: the code once issued, else the
/// button that asks for it (or saves the check first, when that failed).
fn active_offer(
    props: &ResultProps,
    active: &Offer,
    code: &UseStateHandle<Option<Result<Code, Failure>>>,
    clinic: Option<&Clinic>,
) -> Html {
    let (base, doc) = (&props.base, &props.base.doc);
    let saved = match &base.journey.saving {
        Saving::Saved(saved) => Some(saved.clone()),
        _ => None,
    };
    let claim = {
        let (api, code, saved) = (props.api.clone(), code.clone(), saved.clone());
        Callback::from(move |_| {
            if let Some(saved) = saved.clone() {
                let (api, code) = (api.clone(), code.clone());
                spawn_local(async move { code.set(Some(services::claim_code(&api, &saved).await)) });
            }
        })
    };
    let erased = base.journey.saving == Saving::Erased;
    let code_part = match (&**code, saved.is_some()) {
        (Some(Ok(issued)), _) => issued_code(doc, issued, clinic, base.journey.locale.as_str()),
        // Erased here: the panel below says so, and no code comes without a check.
        _ if erased => html! {},
        (Some(Err(_)), _) => {
            failed(&doc.ui.code_failed, Some("code-failed"), "retry-code", claim, &doc.ui.retry)
        }
        (None, true) => html! {
            <button type="button" class="primary" data-testid="get-code" onclick={claim}>{ &doc.offer.get_code }</button>
        },
        (None, false) => {
            let (api, base) = (props.api.clone(), base.clone());
            let save_again = Callback::from(move |_| save(api.clone(), &base));
            failed(&doc.ui.save_failed, None, "retry-save", save_again, &doc.ui.retry)
        }
    };
    html! {
        <div class="offer" data-testid="offer">
            <h3>{ &active.title }</h3>
            <p class="percent">{ format!("{}% – {}", active.percent_off, active.applies_to) }</p>
            if !active.description.is_empty() {
                <p>{ &active.description }</p>
            }
            { code_part }
        </div>
    }
}

/// Back to the plan, and start over.
fn step_actions(base: &crate::app::StepProps) -> Html {
    let (restart, back) = (base.dispatch.clone(), base.dispatch.clone());
    html! {
        <div class="actions">
            <button type="button" class="secondary" onclick={Callback::from(move |_| back.emit(Action::GoTo(StepKey::Plan)))}>{ &base.doc.ui.back }</button>
            <button type="button" class="secondary" data-testid="restart" onclick={Callback::from(move |_| restart.emit(Action::Restart))}>{ &base.doc.ui.start_over }</button>
        </div>
    }
}

/// The offer step.
#[function_component(OfferStep)]
pub fn offer_step(props: &ResultProps) -> Html {
    let base = &props.base;
    let (doc, journey) = (&base.doc, &base.journey);
    let offers = use_state(|| None::<Result<Offers, Failure>>);
    let code = use_state(|| None::<Result<Code, Failure>>);
    let load_offers = {
        let (api, offers) = (props.api.clone(), offers.clone());
        Callback::from(move |_: ()| {
            let (api, offers) = (api.clone(), offers.clone());
            spawn_local(async move { offers.set(Some(services::offers(&api).await)) });
        })
    };
    // Where to bring the code; without it the code still works, so a failed
    // request only leaves the clinic's details out.
    // Only a saved check can get a code, so only then is it worth asking.
    let clinic = use_state(|| None::<Clinic>);
    {
        let (load, api, clinic) = (load_offers.clone(), props.api.clone(), clinic.clone());
        let consent = journey.draft.consent;
        use_effect_with((), move |_| {
            load.emit(());
            if consent {
                spawn_local(async move { clinic.set(services::clinic(&api).await.ok()) });
            }
        });
    }
    let step = doc.step(StepKey::Offer);
    let heading = html! { <StepHeading text={step.map(|s| s.title.clone()).unwrap_or_default()} step={StepKey::Offer} /> };
    if !journey.draft.consent {
        return html! {
            <section class="step" data-testid="step-offer">
                { heading }
                <p data-testid="needs-consent">{ &doc.offer.needs_consent }</p>
                { step_actions(base) }
            </section>
        };
    }
    let offer_html = match &*offers {
        None => html! { <p role="status">{ &doc.ui.saving }</p> },
        Some(Err(_)) => {
            let retry = load_offers.reform(|_: MouseEvent| ());
            failed(&doc.ui.offers_failed, Some("offers-failed"), "retry-offers", retry, &doc.ui.retry)
        }
        Some(Ok(list)) => match list.active.first() {
            None => no_offer(doc, list.next.as_ref(), journey.locale.as_str()),
            Some(active) => active_offer(props, active, &code, clinic.as_ref()),
        },
    };
    html! {
        <section class="step" data-testid="step-offer">
            { heading }
            <p class="intro">{ step.map(|s| s.intro.clone()).unwrap_or_default() }</p>
            { offer_html }
            <MyData base={base.clone()} api={props.api.clone()} />
            { step_actions(base) }
        </section>
    }
}
