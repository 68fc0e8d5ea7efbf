//! The journey's state and its reducer. Every action that changes something
//! returns a NEW `Rc`, or Yew skips the render. The answers become the shared
//! `Answers` type only when complete, so scoring sees nothing half-filled.

use std::rc::Rc;

use solecheck_shared::{
    answers::{Answers, Counter, Locale, SafetyKey, Side, Source, Zone},
    content::StepKey,
    draft::{AnswersDraft, Unanswered},
    question::QuestionKey,
};
use yew::Reducible;

pub use crate::services::Saved;

/// Whether the check has been stored.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Saving {
    /// Not asked to (no consent), or not yet.
    #[default]
    Idle,
    InFlight,
    Saved(Rc<Saved>),
    /// The message to show, with a retry.
    Failed(String),
    /// The visitor erased the stored check: nothing is saved again until
    /// "Start over" (its `Idempotency-Key` now answers 410).
    Erased,
}

/// Where the visitor is and what they answered so far. Kept in
/// `sessionStorage` (see `storage`) so a reload mid-journey loses nothing.
#[derive(Debug, Clone, PartialEq)]
pub struct Journey {
    pub locale: Locale,
    pub step: StepKey,
    pub draft: AnswersDraft,
    /// Set when "Next" was pressed with required answers missing.
    pub show_errors: bool,
    /// False until the visitor moves between steps: the first step must not
    /// grab focus (and scroll the clinic's page) when the page loads.
    pub navigated: bool,
    pub saving: Saving,
    /// Sent with the save of these answers, so a retry (after a failure or a
    /// reload) never stores the check twice: made when their first save
    /// starts, dropped when an answer changes (the server refuses other
    /// answers under a key it has seen).
    pub idempotency_key: Option<String>,
}

/// One answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Safety(SafetyKey, bool),
    ToggleZone(Side, Zone),
    Counter(Side, Counter),
    /// An option of a question after the shoe check, by its key (toggled,
    /// for a pick-any question).
    Set(QuestionKey, String),
    /// A timed balance try: side, eyes closed, seconds.
    BalanceTry(Side, bool, f64),
}

/// What the visitor (or the network) did.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    SetLocale(Locale),
    SetConsent(bool),
    Answer(Answer),
    /// "I can't check my shoes now".
    SkipShoes,
    GoTo(StepKey),
    /// Tried to move on with required answers missing.
    Incomplete,
    Saving(Saving),
    /// A save of the answers started under this `Idempotency-Key` (the one
    /// the journey holds, or a new one from `app::new_key`).
    SaveStarted(String),
    /// The check with this id was erased (the visitor's `DELETE`): applied
    /// only while that check is the one saved, so a reply that comes back
    /// after "Start over" leaves the new journey alone.
    Erased(String),
    /// Clear every answer and go back to the welcome step.
    Restart,
}

impl Journey {
    /// A fresh journey.
    pub fn new(locale: Locale) -> Self {
        Self {
            locale,
            step: StepKey::Welcome,
            draft: AnswersDraft::default(),
            show_errors: false,
            navigated: false,
            saving: Saving::Idle,
            idempotency_key: None,
        }
    }

    /// Any urgent "yes": the journey ends at the urgent result, with no plan
    /// and no offer.
    pub fn urgent(&self) -> bool {
        self.draft.safety_yes().iter().any(|k| !k.level().gets_offer())
    }

    /// Whether `item` shows its "please answer" mark: after "Next" was
    /// pressed with it among what the draft says is still unanswered.
    pub fn marked(&self, item: Unanswered) -> bool {
        self.show_errors && self.draft.unanswered().contains(&item)
    }

    /// The answers, once everything required is there.
    pub fn answers(&self) -> Option<Answers> {
        self.draft.complete(self.locale, Source::Widget).ok()
    }

    fn apply(&mut self, answer: Answer) {
        let d = &mut self.draft;
        match answer {
            Answer::Safety(key, yes) => d.answer_safety(key, yes),
            Answer::ToggleZone(side, zone) => d.toggle_zone(side, zone),
            Answer::Counter(side, counter) => d.choose_counter(side, counter),
            Answer::Set(question, option) => {
                d.choose(question, &option);
            }
            Answer::BalanceTry(side, closed, seconds) => d.add_try(side, closed, seconds),
        }
        // Changing an answer after saving means the saved check is out of
        // date; after an erasure it stays erased.
        if !matches!(self.saving, Saving::InFlight | Saving::Erased) {
            self.saving = Saving::Idle;
            self.idempotency_key = None;
        }
    }
}

impl Reducible for Journey {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::SetLocale(locale) => next.locale = locale,
            Action::SetConsent(consent) => next.draft.consent = consent,
            Action::Answer(answer) => next.apply(answer),
            Action::SkipShoes => {
                next.draft.shoes_skipped = true;
                next.step = StepKey::Symptoms;
                next.show_errors = false;
                next.navigated = true;
            }
            Action::GoTo(step) => {
                next.step = step;
                next.show_errors = false;
                next.navigated = true;
            }
            Action::Incomplete => next.show_errors = true,
            Action::Saving(saving) => next.saving = saving,
            Action::SaveStarted(key) => {
                next.saving = Saving::InFlight;
                next.idempotency_key = Some(key);
            }
            Action::Erased(id) => {
                if matches!(&next.saving, Saving::Saved(saved) if saved.id == id) {
                    next.saving = Saving::Erased;
                }
            }
            Action::Restart => next = Self { navigated: true, ..Self::new(next.locale) },
        }
        if next == *self { self } else { Rc::new(next) }
    }
}

#[cfg(test)]
mod tests {
    use solecheck_shared::answers::PainDuration;

    use super::*;

    fn set(j: &mut Journey, q: QuestionKey, option: &str) {
        j.apply(Answer::Set(q, option.to_owned()));
    }

    fn filled() -> Journey {
        let mut j = Journey::new(Locale::En);
        for key in SafetyKey::ALL {
            j.apply(Answer::Safety(*key, false));
        }
        j.apply(Answer::Counter(Side::Left, Counter::LeansIn));
        j.apply(Answer::Counter(Side::Right, Counter::Upright));
        for (q, option) in [
            (QuestionKey::BackPain, "0"),
            (QuestionKey::RecentInjury, "no"),
            (QuestionKey::GaitChangingFootPain, "no"),
            (QuestionKey::RunsPerWeek, "none"),
            (QuestionKey::Surface, "road"),
            (QuestionKey::Cycles, "yes"),
        ] {
            set(&mut j, q, option);
        }
        j
    }

    #[test]
    fn answers_appear_only_when_complete_and_are_valid() {
        let mut j = filled();
        let answers = j.answers().expect("complete");
        assert_eq!(solecheck_shared::validate::validate(&answers), Ok(()));
        set(&mut j, QuestionKey::BackPain, "4");
        assert!(!j.draft.step_complete(StepKey::Symptoms) && j.answers().is_none());
        set(&mut j, QuestionKey::BackPainDuration, "over_3_months");
        set(&mut j, QuestionKey::BackPainImproving, "no");
        set(&mut j, QuestionKey::MorningStiffness, "no");
        assert!(j.draft.step_complete(StepKey::Symptoms));
        assert_eq!(j.answers().unwrap().symptoms.back_pain_duration, Some(PainDuration::Over3Months));
    }

    #[test]
    fn zones_toggle_and_language_keeps_answers() {
        let j = Rc::new(filled());
        let j = j.reduce(Action::Answer(Answer::ToggleZone(Side::Left, Zone::HeelInner)));
        assert_eq!(j.draft.left.zones, vec![Zone::HeelInner]);
        let j = j.reduce(Action::SetLocale(Locale::Es));
        assert_eq!(j.draft.left.zones, vec![Zone::HeelInner]);
        let j = j.reduce(Action::Answer(Answer::ToggleZone(Side::Left, Zone::HeelInner)));
        assert!(j.draft.left.zones.is_empty());
    }

    #[test]
    fn a_changed_answer_unsaves_a_saved_check_but_never_an_erased_one() {
        let saved = Saving::Saved(Rc::new(Saved { id: "a".into(), token: "t".into(), result: "{}".into() }));
        for (before, after) in [(saved, Saving::Idle), (Saving::Erased, Saving::Erased)] {
            let j = Rc::new(Journey { saving: before, ..filled() });
            let j = j.reduce(Action::Answer(Answer::Set(QuestionKey::Surface, "trail".into())));
            assert_eq!(j.saving, after);
        }
        let saved = Rc::new(Saved { id: "a".into(), token: "t".into(), result: "{}".into() });
        let j = Rc::new(Journey { saving: Saving::Saved(saved), ..filled() });
        assert_eq!(j.clone().reduce(Action::Erased("a".into())).saving, Saving::Erased);
        let restarted = j.clone().reduce(Action::Restart);
        let late = restarted.clone().reduce(Action::Erased("a".into()));
        assert!(Rc::ptr_eq(&restarted, &late), "an erasure answered after Start over changes nothing");
        let j = Rc::new(Journey { saving: Saving::Erased, ..filled() }).reduce(Action::Restart);
        assert_eq!(
            (j.saving.clone(), j.idempotency_key.clone()),
            (Saving::Idle, None),
            "start over saves anew"
        );
    }

    /// The server refuses other answers under a key it has seen: a key
    /// belongs to one set of answers, for all of its retries.
    #[test]
    fn a_key_is_made_for_a_save_kept_for_its_retries_and_dropped_with_a_changed_answer() {
        let j = Rc::new(filled());
        assert_eq!(j.idempotency_key, None, "no key before the first save");
        let j = j.reduce(Action::SaveStarted("k1".into()));
        assert_eq!((j.saving.clone(), j.idempotency_key.as_deref()), (Saving::InFlight, Some("k1")));
        let j = j.reduce(Action::Saving(Saving::Failed("offline".into())));
        assert_eq!(j.idempotency_key.as_deref(), Some("k1"), "a retry of the same answers sends it again");
        let j = j.reduce(Action::Answer(Answer::Set(QuestionKey::Surface, "trail".into())));
        assert_eq!((j.saving.clone(), j.idempotency_key.clone()), (Saving::Idle, None));
        let j = j.reduce(Action::SaveStarted("k2".into()));
        let j = j.reduce(Action::Answer(Answer::Set(QuestionKey::Surface, "road".into())));
        assert_eq!(j.idempotency_key.as_deref(), Some("k2"), "a change while the save is under way keeps it");
    }

    #[test]
    fn an_unknown_option_changes_nothing_and_is_the_same_rc() {
        let j = Rc::new(filled());
        let same = j.clone().reduce(Action::SetLocale(Locale::En));
        assert!(Rc::ptr_eq(&j, &same));
        let same = j.clone().reduce(Action::Answer(Answer::Set(QuestionKey::Surface, "moon".into())));
        assert!(Rc::ptr_eq(&j, &same));
    }
}
