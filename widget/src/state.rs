//! The journey's state and its reducer. Every action that changes something
//! returns a NEW `Rc`, or Yew skips the render. The answers become the shared
//! `Answers` type only when complete, so scoring sees nothing half-filled.

use std::rc::Rc;

use solecheck_shared::{
    QUESTIONNAIRE_VERSION,
    answers::{
        About, Activity, AgeBand, Answers, Balance, Counter, LegTries, Locale, PainDuration, RunsPerWeek,
        SafetyKey, Sex, ShoeWear, Shoes, Side, SorePlace, Source, Surface, Symptoms, Zone,
    },
    content::StepKey,
    validate::{MAX_TRIES, MAX_TRY_SECONDS},
};
use yew::Reducible;

pub use crate::services::Saved;

/// What one shoe shows so far.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ShoeDraft {
    pub zones: Vec<Zone>,
    pub counter: Option<Counter>,
}

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
}

/// Where the visitor is and what they answered so far. Kept in
/// `sessionStorage` (see `storage`) so a reload mid-journey loses nothing.
#[derive(Debug, Clone, PartialEq)]
pub struct Journey {
    pub locale: Locale,
    pub step: StepKey,
    pub consent: bool,
    /// In `SafetyKey::ALL` order: `Some(true)` yes, `Some(false)` no.
    pub safety: Vec<Option<bool>>,
    pub shoes_skipped: bool,
    pub left: ShoeDraft,
    pub right: ShoeDraft,
    pub back_pain: Option<u8>,
    pub duration: Option<PainDuration>,
    pub improving: Option<bool>,
    pub stiffness: Option<bool>,
    pub sore: Vec<SorePlace>,
    pub injury: Option<bool>,
    pub gait: Option<bool>,
    pub runs: Option<RunsPerWeek>,
    pub surface: Option<Surface>,
    pub cycles: Option<bool>,
    pub age: Option<AgeBand>,
    pub sex: Option<Sex>,
    /// Balance tries in seconds: `[side][eyes closed]`, left first, eyes open first.
    pub balance: [[Vec<f64>; 2]; 2],
    /// Set when "Next" was pressed with required answers missing.
    pub show_errors: bool,
    /// False until the visitor moves between steps: the first step must not
    /// grab focus (and scroll the clinic's page) when the page loads.
    pub navigated: bool,
    pub saving: Saving,
    /// Sent with the save, so a retry never stores the check twice.
    pub idempotency_key: String,
}

/// One answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Safety(SafetyKey, bool),
    ToggleZone(Side, Zone),
    Counter(Side, Counter),
    BackPain(u8),
    Duration(PainDuration),
    Improving(bool),
    Stiffness(bool),
    ToggleSore(SorePlace),
    Injury(bool),
    Gait(bool),
    Runs(RunsPerWeek),
    Surface(Surface),
    Cycles(bool),
    Age(Option<AgeBand>),
    Sex(Option<Sex>),
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
    /// Clear every answer and go back to the welcome step.
    Restart,
}

fn toggle<T: PartialEq + Copy>(list: &mut Vec<T>, item: T) {
    if let Some(pos) = list.iter().position(|x| *x == item) {
        list.remove(pos);
    } else {
        list.push(item);
    }
}

impl Journey {
    /// A fresh journey.
    pub fn new(locale: Locale, idempotency_key: String) -> Self {
        Self {
            locale,
            step: StepKey::Welcome,
            consent: false,
            safety: vec![None; SafetyKey::ALL.len()],
            shoes_skipped: false,
            left: ShoeDraft::default(),
            right: ShoeDraft::default(),
            back_pain: None,
            duration: None,
            improving: None,
            stiffness: None,
            sore: Vec::new(),
            injury: None,
            gait: None,
            runs: None,
            surface: None,
            cycles: None,
            age: None,
            sex: None,
            balance: Default::default(),
            show_errors: false,
            navigated: false,
            saving: Saving::Idle,
            idempotency_key,
        }
    }

    /// One shoe's draft.
    pub const fn shoe(&self, side: Side) -> &ShoeDraft {
        match side {
            Side::Left => &self.left,
            Side::Right => &self.right,
        }
    }

    /// The safety keys answered "yes".
    pub fn safety_yes(&self) -> Vec<SafetyKey> {
        SafetyKey::ALL.iter().zip(&self.safety).filter(|(_, a)| **a == Some(true)).map(|(k, _)| *k).collect()
    }

    /// Any urgent "yes".
    pub fn urgent(&self) -> bool {
        self.safety_yes().iter().any(|k| k.level() == solecheck_shared::result::ReferralLevel::Urgent)
    }

    /// Every safety question answered.
    pub fn safety_complete(&self) -> bool {
        self.safety.iter().all(Option::is_some)
    }

    /// Both counters chosen (or the check skipped).
    pub fn shoes_complete(&self) -> bool {
        self.shoes_skipped || (self.left.counter.is_some() && self.right.counter.is_some())
    }

    /// The symptom questions that are required are answered.
    pub fn symptoms_complete(&self) -> bool {
        let pain_ok = match self.back_pain {
            Some(0) => true,
            Some(_) => self.duration.is_some() && self.improving.is_some() && self.stiffness.is_some(),
            None => false,
        };
        pain_ok && self.injury.is_some() && self.gait.is_some()
    }

    /// The activity questions are answered.
    pub fn activity_complete(&self) -> bool {
        self.runs.is_some() && self.surface.is_some() && self.cycles.is_some()
    }

    /// The answers, once everything required is there.
    pub fn answers(&self) -> Option<Answers> {
        let shoes = if self.shoes_skipped {
            None
        } else {
            let wear = |d: &ShoeDraft| d.counter.map(|counter| ShoeWear { zones: d.zones.clone(), counter });
            Some(Shoes { left: wear(&self.left)?, right: wear(&self.right)? })
        };
        let back_pain = self.back_pain?;
        let has_pain = back_pain > 0;
        Some(Answers {
            questionnaire_version: QUESTIONNAIRE_VERSION.to_owned(),
            locale: self.locale,
            consent: self.consent,
            source: Source::Widget,
            safety: self.safety_yes(),
            shoes,
            symptoms: Symptoms {
                back_pain,
                back_pain_duration: self.duration.filter(|_| has_pain),
                back_pain_improving: self.improving.filter(|_| has_pain),
                morning_stiffness: self.stiffness.filter(|_| has_pain),
                sore_places: self.sore.clone(),
                recent_injury: self.injury?,
                gait_changing_foot_pain: self.gait?,
            },
            activity: Activity { runs_per_week: self.runs?, surface: self.surface?, cycles: self.cycles? },
            about: (self.age.is_some() || self.sex.is_some())
                .then_some(About { age_band: self.age, sex: self.sex }),
            balance: self.balance_answers(),
        })
    }

    /// Eyes-closed tries are offered only to visitors who said they are under 60.
    pub fn eyes_closed_offered(&self) -> bool {
        self.age.is_some_and(AgeBand::eyes_closed_offered)
    }

    /// The balance part of the answers; `None` when nothing was timed.
    fn balance_answers(&self) -> Option<Balance> {
        let closed_ok = self.eyes_closed_offered();
        let leg = |i: usize| LegTries {
            eyes_open: self.balance[i][0].clone(),
            eyes_closed: if closed_ok { self.balance[i][1].clone() } else { Vec::new() },
        };
        let balance = Balance { left: leg(0), right: leg(1) };
        let any = [&balance.left, &balance.right]
            .iter()
            .any(|l| !l.eyes_open.is_empty() || !l.eyes_closed.is_empty());
        any.then_some(balance)
    }

    fn apply(&mut self, answer: Answer) {
        match answer {
            Answer::Safety(key, yes) => {
                if let Some(slot) =
                    SafetyKey::ALL.iter().position(|k| *k == key).and_then(|i| self.safety.get_mut(i))
                {
                    *slot = Some(yes);
                }
            }
            Answer::ToggleZone(side, zone) => {
                self.shoes_skipped = false;
                toggle(&mut self.shoe_mut(side).zones, zone);
            }
            Answer::Counter(side, counter) => {
                self.shoes_skipped = false;
                self.shoe_mut(side).counter = Some(counter);
            }
            Answer::BackPain(score) => self.back_pain = Some(score.min(10)),
            Answer::Duration(d) => self.duration = Some(d),
            Answer::Improving(v) => self.improving = Some(v),
            Answer::Stiffness(v) => self.stiffness = Some(v),
            Answer::ToggleSore(place) => toggle(&mut self.sore, place),
            Answer::Injury(v) => self.injury = Some(v),
            Answer::Gait(v) => self.gait = Some(v),
            Answer::Runs(v) => self.runs = Some(v),
            Answer::Surface(v) => self.surface = Some(v),
            Answer::Cycles(v) => self.cycles = Some(v),
            Answer::Age(v) => self.age = v,
            Answer::Sex(v) => self.sex = v,
            Answer::BalanceTry(side, closed, seconds) => {
                let tries = &mut self.balance[usize::from(side == Side::Right)][usize::from(closed)];
                if tries.len() < MAX_TRIES && seconds > 0.0 && seconds <= MAX_TRY_SECONDS {
                    tries.push(seconds);
                }
            }
        }
        // Changing an answer after saving means the saved check is out of date.
        if !matches!(self.saving, Saving::InFlight) {
            self.saving = Saving::Idle;
        }
    }

    fn shoe_mut(&mut self, side: Side) -> &mut ShoeDraft {
        match side {
            Side::Left => &mut self.left,
            Side::Right => &mut self.right,
        }
    }
}

impl Reducible for Journey {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::SetLocale(locale) => next.locale = locale,
            Action::SetConsent(consent) => next.consent = consent,
            Action::Answer(answer) => next.apply(answer),
            Action::SkipShoes => {
                next.shoes_skipped = true;
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
            Action::Restart => {
                next = Self {
                    navigated: true,
                    ..Self::new(next.locale, next.idempotency_key.clone() + "-again")
                }
            }
        }
        if next == *self { self } else { Rc::new(next) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled() -> Journey {
        let mut j = Journey::new(Locale::En, "k".into());
        for key in SafetyKey::ALL {
            j.apply(Answer::Safety(*key, false));
        }
        j.apply(Answer::Counter(Side::Left, Counter::LeansIn));
        j.apply(Answer::Counter(Side::Right, Counter::Upright));
        j.apply(Answer::BackPain(0));
        j.apply(Answer::Injury(false));
        j.apply(Answer::Gait(false));
        j.apply(Answer::Runs(RunsPerWeek::None));
        j.apply(Answer::Surface(Surface::Road));
        j.apply(Answer::Cycles(true));
        j
    }

    #[test]
    fn answers_appear_only_when_complete_and_are_valid() {
        let mut j = filled();
        let answers = j.answers().expect("complete");
        assert_eq!(solecheck_shared::validate::validate(&answers), Ok(()));
        j.apply(Answer::BackPain(4));
        assert!(!j.symptoms_complete());
        j.apply(Answer::Duration(PainDuration::Over3Months));
        j.apply(Answer::Improving(false));
        j.apply(Answer::Stiffness(false));
        assert!(j.symptoms_complete());
        assert_eq!(j.answers().unwrap().symptoms.back_pain_duration, Some(PainDuration::Over3Months));
    }

    #[test]
    fn zones_toggle_and_language_keeps_answers() {
        let j = Rc::new(filled());
        let j = j.reduce(Action::Answer(Answer::ToggleZone(Side::Left, Zone::HeelInner)));
        assert_eq!(j.left.zones, vec![Zone::HeelInner]);
        let j = j.reduce(Action::SetLocale(Locale::Es));
        assert_eq!(j.left.zones, vec![Zone::HeelInner]);
        let j = j.reduce(Action::Answer(Answer::ToggleZone(Side::Left, Zone::HeelInner)));
        assert!(j.left.zones.is_empty());
    }

    #[test]
    fn balance_tries_are_capped_and_eyes_closed_needs_an_age_under_60() {
        let mut j = filled();
        for t in [10.0, 20.0, 30.0, 40.0, 0.0, 50.0] {
            j.apply(Answer::BalanceTry(Side::Left, false, t));
        }
        j.apply(Answer::BalanceTry(Side::Right, true, 8.0));
        assert_eq!(j.balance[0][0], vec![10.0, 20.0, 30.0]);
        let b = j.answers().unwrap().balance.unwrap();
        assert!(b.right.eyes_closed.is_empty(), "no age given: eyes closed not offered");
        j.apply(Answer::Age(Some(AgeBand::From40To49)));
        assert_eq!(j.answers().unwrap().balance.unwrap().right.eyes_closed, vec![8.0]);
        j.apply(Answer::Age(Some(AgeBand::From70To79)));
        let answers = j.answers().unwrap();
        assert!(answers.balance.as_ref().unwrap().right.eyes_closed.is_empty());
        assert_eq!(solecheck_shared::validate::validate(&answers), Ok(()));
    }

    #[test]
    fn an_unchanged_state_is_the_same_rc() {
        let j = Rc::new(filled());
        let same = j.clone().reduce(Action::SetLocale(Locale::En));
        assert!(Rc::ptr_eq(&j, &same));
    }
}
