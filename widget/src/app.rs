//! The widget's root: header with the language switch, then the current step.

use std::{cell::OnceCell, rc::Rc};

use solecheck_shared::{
    answers::Locale,
    content::{Questionnaire, StepKey, questionnaire},
};
use yew::prelude::*;

use crate::{
    clock::Clock,
    state::{Action, Journey},
    steps::{
        balance::BalanceStep, offer::OfferStep, plan::PlanStep, questions::QuestionsStep, result::ResultStep,
        safety::SafetyStep, shoes::ShoesStep, urgent::UrgentResult, welcome::WelcomeStep,
    },
    storage,
};

/// A key for `Idempotency-Key`: a UUIDv7, the time the save started and
/// 74 bits from the browser's CSPRNG (`getRandomValues`, which, unlike
/// `randomUUID`, also works on a page served without HTTPS), so no two
/// journeys' keys meet; not a secret. Leading with the time lets the server
/// keep its replies in the order they come (`IdempotencyKey::lookup`).
pub(crate) fn new_key() -> String {
    let mut random = [0u8; 10];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut random).is_ok());
    if !filled {
        // No Web Crypto at all (none of the browsers the widget supports):
        // with the time, Math.random still keeps keys apart in practice.
        let bits = (js_sys::Math::random() * 1e16) as u64;
        random[..8].copy_from_slice(&bits.to_le_bytes());
    }
    let millis = js_sys::Date::now() as u64;
    uuid::Builder::from_unix_timestamp_millis(millis, &random).into_uuid().hyphenated().to_string()
}

/// The element's attributes.
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct AppProps {
    /// The API's origin.
    pub api: String,
    /// The starting language.
    pub locale: Locale,
    /// The widget's name on its page, for `sessionStorage`.
    pub id: String,
    /// What the balance stopwatch reads; the real clock unless a test sets one.
    #[prop_or_default]
    pub clock: Clock,
}

/// What every step gets: the texts in the current language, the state, and a
/// way to act on it.
#[derive(Clone, Properties)]
pub struct StepProps {
    pub doc: &'static Questionnaire,
    pub journey: Rc<Journey>,
    pub dispatch: Callback<Action>,
    /// What the balance stopwatch reads (a prop rather than a context: a
    /// context provider costs kilobytes of wasm).
    pub clock: Clock,
}

/// The same texts and the same state, by identity: the reducer returns a new
/// `Rc` for every change and the app a new one for every render, so a deep
/// comparison would only repeat what the pointers say, in kilobytes of wasm.
impl PartialEq for StepProps {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.doc, other.doc)
            && Rc::ptr_eq(&self.journey, &other.journey)
            && self.dispatch == other.dispatch
            && self.clock == other.clock
    }
}

/// Every text in `locale`, built on first use and kept for the page's life
/// (two languages at most): steps borrow it, and nothing clones or drops it.
fn texts(locale: Locale) -> &'static Questionnaire {
    thread_local! {
        static TEXTS: [OnceCell<&'static Questionnaire>; Locale::ALL.len()] = const { [const { OnceCell::new() }; Locale::ALL.len()] };
    }
    let slot = Locale::ALL.iter().position(|l| *l == locale).unwrap_or(0);
    TEXTS.with(|texts| *texts[slot].get_or_init(|| Box::leak(Box::new(questionnaire(locale)))))
}

/// The widget.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let journey = {
        let (id, locale) = (props.id.clone(), props.locale);
        use_reducer(move || storage::load(&id).unwrap_or_else(|| Journey::new(locale)))
    };
    {
        let id = props.id.clone();
        use_effect_with(journey.clone(), move |journey| {
            storage::save(&id, journey);
        });
    }
    let doc = texts(journey.locale);
    let dispatch = {
        let journey = journey.clone();
        Callback::from(move |action| journey.dispatch(action))
    };
    let step_props = StepProps {
        doc,
        journey: Rc::new((*journey).clone()),
        dispatch: dispatch.clone(),
        clock: props.clock.clone(),
    };
    let api = AttrValue::from(props.api.trim_end_matches('/').to_owned());
    let body = match journey.step {
        StepKey::Welcome => html! { <WelcomeStep ..step_props /> },
        StepKey::Safety => html! { <SafetyStep ..step_props /> },
        // An urgent answer ends the journey here: no plan, no offer.
        _ if journey.urgent() => html! { <UrgentResult ..step_props /> },
        StepKey::Shoes => html! { <ShoesStep ..step_props /> },
        step @ (StepKey::Symptoms | StepKey::Activity | StepKey::About) => {
            html! { <QuestionsStep step={step} base={step_props} /> }
        }
        StepKey::Balance => html! { <BalanceStep ..step_props /> },
        StepKey::Result => html! { <ResultStep base={step_props} api={api} /> },
        StepKey::Plan => html! { <PlanStep ..step_props /> },
        StepKey::Offer => html! { <OfferStep base={step_props} api={api} /> },
    };
    let switch = |locale: Locale, label: &'static str| {
        let dispatch = dispatch.clone();
        let pressed = journey.locale == locale;
        html! {
            <button type="button" class="lang" lang={locale.as_str()} aria-pressed={pressed.to_string()}
                data-testid={format!("lang-{locale}")}
                onclick={Callback::from(move |_| dispatch.emit(Action::SetLocale(locale)))}>
                { label }
            </button>
        }
    };
    html! {
        <div class="widget" lang={journey.locale.as_str()} data-testid="solecheck-root" data-step={journey.step.as_str()}>
            <nav class="languages" aria-label={doc.ui.language.clone()}>
                { switch(Locale::En, "English") }
                { switch(Locale::Es, "Español") }
            </nav>
            { body }
        </div>
    }
}

/// A step's heading, focused whenever the step is shown so screen readers and
/// keyboard users start at the top of the new step.
#[derive(Clone, PartialEq, Properties)]
pub struct HeadingProps {
    pub text: AttrValue,
    pub step: StepKey,
    /// Move focus here (not on the page's first render).
    #[prop_or(true)]
    pub focus: bool,
}

/// The focusable step heading.
#[function_component(StepHeading)]
pub fn step_heading(props: &HeadingProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        let focus = props.focus;
        use_effect_with(props.step, move |_| {
            if let Some(heading) = node.cast::<web_sys::HtmlElement>().filter(|_| focus) {
                let _ = heading.focus();
            }
        });
    }
    html! { <h2 ref={node} tabindex="-1">{ props.text.clone() }</h2> }
}
