//! The answers while the visitor is still giving them: the [`Answers`] shape
//! with everything optional. [`AnswersDraft::unanswered`] is the one place that
//! says what must be answered before a check can be scored (the widget's
//! "please answer" marks, and the server's "required when back_pain is above
//! 0", both come from it), and [`AnswersDraft::complete`] turns a finished
//! draft into [`Answers`].

use crate::{
    QUESTIONNAIRE_VERSION,
    answers::{
        About, Activity, Answers, Balance, Counter, LegTries, Locale, PainDuration, RunsPerWeek, SafetyKey,
        ShoeWear, Shoes, Side, SorePlace, Source, Surface, Symptoms, Zone,
    },
    content::StepKey,
    question::{Asked, QuestionKey},
    validate::{FieldError, FieldErrorCode, MAX_TRIES, MAX_TRY_SECONDS},
};

/// What one shoe shows so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShoeDraft {
    pub zones: Vec<Zone>,
    pub counter: Option<Counter>,
}

/// Symptoms so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SymptomsDraft {
    pub back_pain: Option<u8>,
    pub back_pain_duration: Option<PainDuration>,
    pub back_pain_improving: Option<bool>,
    pub morning_stiffness: Option<bool>,
    pub sore_places: Vec<SorePlace>,
    pub recent_injury: Option<bool>,
    pub gait_changing_foot_pain: Option<bool>,
}

/// Activity so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActivityDraft {
    pub runs_per_week: Option<RunsPerWeek>,
    pub surface: Option<Surface>,
    pub cycles: Option<bool>,
}

/// Everything answered so far.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswersDraft {
    pub consent: bool,
    /// In [`SafetyKey::ALL`] order: `Some(true)` yes, `Some(false)` no.
    pub safety: Vec<Option<bool>>,
    /// "I can't check my shoes now".
    pub shoes_skipped: bool,
    pub left: ShoeDraft,
    pub right: ShoeDraft,
    pub symptoms: SymptomsDraft,
    pub activity: ActivityDraft,
    pub about: About,
    pub balance: Balance,
}

/// Something that must be answered before the check can be scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unanswered {
    Safety(SafetyKey),
    /// A shoe's heel counter, unless the shoe check is skipped.
    Counter(Side),
    Question(QuestionKey),
}

impl Unanswered {
    /// The step that asks it.
    pub const fn step(self) -> StepKey {
        match self {
            Self::Safety(_) => StepKey::Safety,
            Self::Counter(_) => StepKey::Shoes,
            Self::Question(q) => q.step(),
        }
    }

    /// As a field error of the answers.
    pub fn error(self) -> FieldError {
        let (path, message) = match self {
            Self::Safety(key) => (format!("safety.{key}"), "answer yes or no"),
            Self::Counter(side) => {
                (format!("shoes.{side}.counter"), "required unless the shoe check is skipped")
            }
            Self::Question(q) if q.spec().asked == Asked::WhenBackPain => {
                (q.path(), "required when back_pain is above 0")
            }
            Self::Question(q) => (q.path(), "required"),
        };
        FieldError::new(path, FieldErrorCode::Required, message)
    }
}

impl Default for AnswersDraft {
    fn default() -> Self {
        Self {
            consent: false,
            safety: vec![None; SafetyKey::ALL.len()],
            shoes_skipped: false,
            left: ShoeDraft::default(),
            right: ShoeDraft::default(),
            symptoms: SymptomsDraft::default(),
            activity: ActivityDraft::default(),
            about: About::default(),
            balance: Balance::default(),
        }
    }
}

mod slot;

use slot::{Slot, toggle};

/// Where each question's answer lives in the draft: one line per question.
macro_rules! slots {
    ($($key:ident => $($field:ident).+),+ $(,)?) => {
        impl AnswersDraft {
            fn slot(&self, q: QuestionKey) -> &dyn Slot {
                match q { $(QuestionKey::$key => &self.$($field).+,)+ }
            }

            fn slot_mut(&mut self, q: QuestionKey) -> &mut dyn Slot {
                match q { $(QuestionKey::$key => &mut self.$($field).+,)+ }
            }
        }
    };
}

slots! {
    BackPain => symptoms.back_pain,
    BackPainDuration => symptoms.back_pain_duration,
    BackPainImproving => symptoms.back_pain_improving,
    MorningStiffness => symptoms.morning_stiffness,
    SorePlaces => symptoms.sore_places,
    RecentInjury => symptoms.recent_injury,
    GaitChangingFootPain => symptoms.gait_changing_foot_pain,
    RunsPerWeek => activity.runs_per_week,
    Surface => activity.surface,
    Cycles => activity.cycles,
    AgeBand => about.age_band,
    Sex => about.sex,
}

impl AnswersDraft {
    /// Takes `option` as the answer to `q` (toggles it, for a pick-any
    /// question); false, and nothing changed, when it is not one of `q`'s.
    pub fn choose(&mut self, q: QuestionKey, option: &str) -> bool {
        self.slot_mut(q).choose(option)
    }

    /// The option keys chosen for `q`, in the order chosen.
    pub fn chosen(&self, q: QuestionKey) -> Vec<&'static str> {
        self.slot(q).chosen()
    }

    /// Whether `q` is asked, given the answers so far.
    pub fn asks(&self, q: QuestionKey) -> bool {
        match q.spec().asked {
            Asked::Required | Asked::Optional => true,
            Asked::WhenBackPain => self.symptoms.back_pain.is_some_and(|p| p > 0),
        }
    }

    /// A safety question answered.
    pub fn answer_safety(&mut self, key: SafetyKey, yes: bool) {
        if let Some(slot) = SafetyKey::ALL.iter().position(|k| *k == key).and_then(|i| self.safety.get_mut(i))
        {
            *slot = Some(yes);
        }
    }

    /// The safety keys answered "yes".
    pub fn safety_yes(&self) -> Vec<SafetyKey> {
        SafetyKey::ALL.iter().zip(&self.safety).filter(|(_, a)| **a == Some(true)).map(|(k, _)| *k).collect()
    }

    /// One shoe so far.
    pub const fn shoe(&self, side: Side) -> &ShoeDraft {
        match side {
            Side::Left => &self.left,
            Side::Right => &self.right,
        }
    }

    fn shoe_mut(&mut self, side: Side) -> &mut ShoeDraft {
        self.shoes_skipped = false;
        match side {
            Side::Left => &mut self.left,
            Side::Right => &mut self.right,
        }
    }

    /// Marks or unmarks a worn zone (and takes back a skip of the shoe check).
    pub fn toggle_zone(&mut self, side: Side, zone: Zone) {
        toggle(&mut self.shoe_mut(side).zones, zone);
    }

    /// A heel counter chosen (and takes back a skip of the shoe check).
    pub fn choose_counter(&mut self, side: Side, counter: Counter) {
        self.shoe_mut(side).counter = Some(counter);
    }

    /// Eyes-closed tries are offered only to visitors who said they are under 60.
    pub fn eyes_closed_offered(&self) -> bool {
        self.about.age_band.is_some_and(crate::answers::AgeBand::eyes_closed_offered)
    }

    /// The tries of one leg with eyes open or closed.
    pub const fn tries(&self, side: Side, eyes_closed: bool) -> &Vec<f64> {
        let leg = self.balance.side(side);
        if eyes_closed { &leg.eyes_closed } else { &leg.eyes_open }
    }

    /// A timed balance try; ignored past [`MAX_TRIES`] or outside (0, 45] s.
    pub fn add_try(&mut self, side: Side, eyes_closed: bool, seconds: f64) {
        let leg = match side {
            Side::Left => &mut self.balance.left,
            Side::Right => &mut self.balance.right,
        };
        let tries = if eyes_closed { &mut leg.eyes_closed } else { &mut leg.eyes_open };
        if tries.len() < MAX_TRIES && seconds > 0.0 && seconds <= MAX_TRY_SECONDS {
            tries.push(seconds);
        }
    }

    /// What must still be answered, in the order the check asks it.
    pub fn unanswered(&self) -> Vec<Unanswered> {
        let safety = SafetyKey::ALL.iter().zip(&self.safety).filter(|(_, a)| a.is_none());
        let mut missing: Vec<Unanswered> = safety.map(|(k, _)| Unanswered::Safety(*k)).collect();
        if !self.shoes_skipped {
            let open = Side::ALL.iter().filter(|side| self.shoe(**side).counter.is_none());
            missing.extend(open.map(|side| Unanswered::Counter(*side)));
        }
        let required = |q: &QuestionKey| q.spec().asked != Asked::Optional && self.asks(*q);
        let open = QuestionKey::ALL.iter().filter(|q| required(q) && !self.slot(**q).answered());
        missing.extend(open.map(|q| Unanswered::Question(*q)));
        missing
    }

    /// Whether `step` has everything it must.
    pub fn step_complete(&self, step: StepKey) -> bool {
        self.unanswered().iter().all(|u| u.step() != step)
    }

    /// The answers, once nothing required is missing; the questions not
    /// asked are left out, and eyes-closed tries unless they were offered.
    pub fn complete(&self, locale: Locale, source: Source) -> Result<Answers, Vec<FieldError>> {
        let missing = self.unanswered();
        match self.assemble(locale, source) {
            Some(answers) if missing.is_empty() => Ok(answers),
            _ => Err(missing.into_iter().map(Unanswered::error).collect()),
        }
    }

    fn assemble(&self, locale: Locale, source: Source) -> Option<Answers> {
        let shoes = if self.shoes_skipped {
            None
        } else {
            let wear = |d: &ShoeDraft| d.counter.map(|counter| ShoeWear { zones: d.zones.clone(), counter });
            Some(Shoes { left: wear(&self.left)?, right: wear(&self.right)? })
        };
        let (s, a) = (&self.symptoms, &self.activity);
        let asked = |q| self.asks(q);
        Some(Answers {
            questionnaire_version: QUESTIONNAIRE_VERSION.to_owned(),
            locale,
            consent: self.consent,
            source,
            safety: self.safety_yes(),
            shoes,
            symptoms: Symptoms {
                back_pain: s.back_pain?,
                back_pain_duration: s.back_pain_duration.filter(|_| asked(QuestionKey::BackPainDuration)),
                back_pain_improving: s.back_pain_improving.filter(|_| asked(QuestionKey::BackPainImproving)),
                morning_stiffness: s.morning_stiffness.filter(|_| asked(QuestionKey::MorningStiffness)),
                sore_places: s.sore_places.clone(),
                recent_injury: s.recent_injury?,
                gait_changing_foot_pain: s.gait_changing_foot_pain?,
            },
            activity: Activity { runs_per_week: a.runs_per_week?, surface: a.surface?, cycles: a.cycles? },
            about: (self.about != About::default()).then(|| self.about.clone()),
            balance: self.balance_answers(),
        })
    }

    /// The balance part of the answers; `None` when nothing was timed.
    fn balance_answers(&self) -> Option<Balance> {
        let offered = self.eyes_closed_offered();
        let leg = |l: &LegTries| LegTries {
            eyes_open: l.eyes_open.clone(),
            eyes_closed: if offered { l.eyes_closed.clone() } else { Vec::new() },
        };
        let balance = Balance { left: leg(&self.balance.left), right: leg(&self.balance.right) };
        let any = [&balance.left, &balance.right]
            .iter()
            .any(|l| !l.eyes_open.is_empty() || !l.eyes_closed.is_empty());
        any.then_some(balance)
    }
}

/// Answers as a draft: every question they hold answered as they answer it.
impl From<&Answers> for AnswersDraft {
    fn from(answers: &Answers) -> Self {
        let s = &answers.symptoms;
        let a = &answers.activity;
        let shoe = |w: &ShoeWear| ShoeDraft { zones: w.zones.clone(), counter: Some(w.counter) };
        Self {
            consent: answers.consent,
            safety: SafetyKey::ALL.iter().map(|k| Some(answers.safety.contains(k))).collect(),
            shoes_skipped: answers.shoes.is_none(),
            left: answers.shoes.as_ref().map(|w| shoe(&w.left)).unwrap_or_default(),
            right: answers.shoes.as_ref().map(|w| shoe(&w.right)).unwrap_or_default(),
            symptoms: SymptomsDraft {
                back_pain: Some(s.back_pain),
                back_pain_duration: s.back_pain_duration,
                back_pain_improving: s.back_pain_improving,
                morning_stiffness: s.morning_stiffness,
                sore_places: s.sore_places.clone(),
                recent_injury: Some(s.recent_injury),
                gait_changing_foot_pain: Some(s.gait_changing_foot_pain),
            },
            activity: ActivityDraft {
                runs_per_week: Some(a.runs_per_week),
                surface: Some(a.surface),
                cycles: Some(a.cycles),
            },
            about: answers.about.clone().unwrap_or_default(),
            balance: answers.balance.clone().unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests;
