//! The journey's state and its reducer. Every action that changes something
//! returns a NEW `Rc`, or Yew skips the render.

use std::rc::Rc;

use solecheck_shared::{
    answers::{Locale, SafetyKey},
    content::StepKey,
};
use yew::Reducible;

/// Where the visitor is and what they answered so far.
#[derive(Debug, Clone, PartialEq)]
pub struct Journey {
    pub locale: Locale,
    pub step: StepKey,
    pub consent: bool,
    /// Safety answers so far: `Some(true)` yes, `Some(false)` no, `None` unanswered,
    /// in `SafetyKey::ALL` order.
    pub safety: Vec<Option<bool>>,
    /// Set when "Next" was pressed with unanswered safety questions.
    pub show_errors: bool,
    /// False until the visitor moves between steps: the first step must not
    /// grab focus (and scroll the clinic's page) when the page loads.
    pub navigated: bool,
}

impl Journey {
    /// A fresh journey.
    pub fn new(locale: Locale) -> Self {
        Self {
            locale,
            step: StepKey::Welcome,
            consent: false,
            safety: vec![None; SafetyKey::ALL.len()],
            show_errors: false,
            navigated: false,
        }
    }

    /// Every safety question has an answer.
    pub fn safety_complete(&self) -> bool {
        self.safety.iter().all(Option::is_some)
    }
}

/// What the visitor did.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    SetLocale(Locale),
    SetConsent(bool),
    Answer(SafetyKey, bool),
    GoTo(StepKey),
    /// Tried to move on with questions left.
    Incomplete,
    /// Clear every answer and go back to the welcome step.
    Restart,
}

impl Reducible for Journey {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::SetLocale(locale) => next.locale = locale,
            Action::SetConsent(consent) => next.consent = consent,
            Action::Answer(key, yes) => {
                if let Some(slot) =
                    SafetyKey::ALL.iter().position(|k| *k == key).and_then(|i| next.safety.get_mut(i))
                {
                    *slot = Some(yes);
                }
            }
            Action::GoTo(step) => {
                next.step = step;
                next.show_errors = false;
                next.navigated = true;
            }
            Action::Incomplete => next.show_errors = true,
            Action::Restart => next = Self { navigated: true, ..Self::new(next.locale) },
        }
        if next == *self { self } else { Rc::new(next) }
    }
}
