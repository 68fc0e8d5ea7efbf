//! Step 8: the visit offer. A code needs a saved check (consent); an urgent
//! result never reaches this step. Shows the active offer and, on request, the
//! code with a QR code and its expiry; otherwise when the next offer starts.

use solecheck_shared::content::StepKey;
use yew::{platform::spawn_local, prelude::*};

use super::result::{ResultProps, save};
use crate::{
    app::StepHeading,
    services::{self, Clinic, Code, Failure, Offers},
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

/// The offer step.
#[function_component(OfferStep)]
pub fn offer_step(props: &ResultProps) -> Html {
    let base = &props.base;
    let doc = &base.doc;
    let journey = &base.journey;
    let lang = journey.locale.as_str();
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
    let restart = {
        let dispatch = base.dispatch.clone();
        Callback::from(move |_| dispatch.emit(Action::Restart))
    };
    let back = {
        let dispatch = base.dispatch.clone();
        Callback::from(move |_| dispatch.emit(Action::GoTo(StepKey::Plan)))
    };
    let actions = html! {
        <div class="actions">
            <button type="button" class="secondary" onclick={back}>{ &doc.ui.back }</button>
            <button type="button" class="secondary" data-testid="restart" onclick={restart}>{ &doc.ui.start_over }</button>
        </div>
    };
    if !journey.draft.consent {
        return html! {
            <section class="step" data-testid="step-offer">
                { heading }
                <p data-testid="needs-consent">{ &doc.offer.needs_consent }</p>
                { actions }
            </section>
        };
    }
    let retry_offers = load_offers.reform(|_: MouseEvent| ());
    let offer_html = match &*offers {
        None => html! { <p role="status">{ &doc.ui.saving }</p> },
        Some(Err(_)) => html! {
            <div class="status failed" role="alert" data-testid="offers-failed">
                <p>{ &doc.ui.offers_failed }</p>
                <button type="button" class="secondary" data-testid="retry-offers" onclick={retry_offers}>{ &doc.ui.retry }</button>
            </div>
        },
        Some(Ok(list)) => match list.active.first() {
            None => html! {
                <div data-testid="no-offer">
                    <p>{ &doc.ui.no_offer }</p>
                    if let Some(next) = &list.next {
                        <p data-testid="next-offer">
                            { format!("{} ({}% – {})", doc.offer.next_offer.replace("{date}", &local_date(&next.starts_on, lang)), next.percent_off, next.applies_to) }
                        </p>
                    }
                </div>
            },
            Some(active) => {
                let saved = match &journey.saving {
                    Saving::Saved(saved) => Some(saved.clone()),
                    _ => None,
                };
                let claim = {
                    let (api, code, saved) = (props.api.clone(), code.clone(), saved.clone());
                    Callback::from(move |_| {
                        if let Some(saved) = saved.clone() {
                            let (api, code) = (api.clone(), code.clone());
                            spawn_local(
                                async move { code.set(Some(services::claim_code(&api, &saved).await)) },
                            );
                        }
                    })
                };
                let save_again = {
                    let (api, base) = (props.api.clone(), base.clone());
                    Callback::from(move |_| save(api.clone(), &base))
                };
                html! {
                    <div class="offer" data-testid="offer">
                        <h3>{ &active.title }</h3>
                        <p class="percent">{ format!("{}% – {}", active.percent_off, active.applies_to) }</p>
                        if !active.description.is_empty() {
                            <p>{ &active.description }</p>
                        }
                        { match (&*code, saved.is_some()) {
                            (Some(Ok(issued)), _) => html! {
                                <div class="code" data-testid="code-card">
                                    <p class="code-text" data-testid="code">{ &issued.code }</p>
                                    <div class="qr" aria-hidden="true">{ qr(&issued.qr) }</div>
                                    // The clinic's last valid day, not `expires_at`: that instant is
                                    // the next midnight, which a browser shows as the following day.
                                    <p data-testid="valid-through" data-date={issued.valid_through.clone()}>
                                        { doc.ui.valid_until.replace("{date}", &local_date(&issued.valid_through, lang)) }
                                    </p>
                                    <p>{ &doc.offer.how_to_redeem }</p>
                                    if let Some(clinic) = &*clinic {
                                        { where_to_go(clinic, doc) }
                                    }
                                </div>
                            },
                            (Some(Err(_)), _) => html! {
                                <div class="status failed" role="alert" data-testid="code-failed">
                                    <p>{ &doc.ui.code_failed }</p>
                                    <button type="button" class="secondary" data-testid="retry-code" onclick={claim}>{ &doc.ui.retry }</button>
                                </div>
                            },
                            (None, true) => html! {
                                <button type="button" class="primary" data-testid="get-code" onclick={claim}>{ &doc.offer.get_code }</button>
                            },
                            (None, false) => html! {
                                <div class="status failed" role="alert">
                                    <p>{ &doc.ui.save_failed }</p>
                                    <button type="button" class="secondary" data-testid="retry-save" onclick={save_again}>{ &doc.ui.retry }</button>
                                </div>
                            },
                        } }
                    </div>
                }
            }
        },
    };
    html! {
        <section class="step" data-testid="step-offer">
            { heading }
            <p class="intro">{ step.map(|s| s.intro.clone()).unwrap_or_default() }</p>
            { offer_html }
            { actions }
        </section>
    }
}
