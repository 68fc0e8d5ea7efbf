//! The questions after the shoe check, as types (CONTENT.md section 3): which
//! step asks each one, the kind of answer it takes and when it must be
//! answered. Their words are in `content::questions::question_text`; what a
//! visitor has answered so far is an [`crate::draft::AnswersDraft`].
//!
//! Adding a question: a field of [`crate::answers::Answers`] (with its option
//! enum), a variant here with its [`QuestionKey::spec`] line, its line in the
//! draft's `slots!` table and its words. The widget renders it from these.

use crate::{content::StepKey, key_enum};

key_enum! {
    /// A question after the shoe check: the wire name of its answers field.
    pub enum QuestionKey {
        BackPain => "back_pain",
        BackPainDuration => "back_pain_duration",
        BackPainImproving => "back_pain_improving",
        MorningStiffness => "morning_stiffness",
        SorePlaces => "sore_places",
        RecentInjury => "recent_injury",
        GaitChangingFootPain => "gait_changing_foot_pain",
        RunsPerWeek => "runs_per_week",
        Surface => "surface",
        Cycles => "cycles",
        AgeBand => "age_band",
        Sex => "sex",
    }
}

/// The kind of answer a question takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerKind {
    /// A whole number from 0 to `max`.
    Scale { max: u8 },
    /// Yes or no, spelt [`YES`] and [`NO`] as options.
    YesNo,
    /// One of the question's options.
    OneOf,
    /// Any of the question's options, none included.
    AnyOf,
}

/// When a question must be answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asked {
    /// Always asked; the check cannot go on without an answer.
    Required,
    /// Always asked; may be left out.
    Optional,
    /// Asked only when back pain is above 0, and then required (the pain
    /// follow-ups). Not sent when not asked.
    WhenBackPain,
}

/// A question's place and rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuestionSpec {
    pub step: StepKey,
    pub kind: AnswerKind,
    pub asked: Asked,
}

/// The option key of a "yes" answer.
pub const YES: &str = "yes";
/// The option key of a "no" answer.
pub const NO: &str = "no";

impl QuestionKey {
    /// Where the question is asked, what it takes and when it is required.
    pub const fn spec(self) -> QuestionSpec {
        use AnswerKind::{AnyOf, OneOf, Scale, YesNo};
        use Asked::{Optional, Required, WhenBackPain};
        use StepKey::{About, Activity, Symptoms};
        let (step, kind, asked) = match self {
            Self::BackPain => (Symptoms, Scale { max: crate::validate::MAX_BACK_PAIN }, Required),
            Self::BackPainDuration => (Symptoms, OneOf, WhenBackPain),
            Self::BackPainImproving => (Symptoms, YesNo, WhenBackPain),
            Self::MorningStiffness => (Symptoms, YesNo, WhenBackPain),
            Self::SorePlaces => (Symptoms, AnyOf, Optional),
            Self::RecentInjury => (Symptoms, YesNo, Required),
            Self::GaitChangingFootPain => (Symptoms, YesNo, Required),
            Self::RunsPerWeek => (Activity, OneOf, Required),
            Self::Surface => (Activity, OneOf, Required),
            Self::Cycles => (Activity, YesNo, Required),
            Self::AgeBand => (About, OneOf, Optional),
            Self::Sex => (About, OneOf, Optional),
        };
        QuestionSpec { step, kind, asked }
    }

    /// The step that asks it.
    pub const fn step(self) -> StepKey {
        self.spec().step
    }

    /// The answer's JSON path in the answers, e.g. `symptoms.back_pain_duration`:
    /// each step's questions are the answers object of the same name.
    pub fn path(self) -> String {
        format!("{}.{}", self.step(), self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_question_belongs_to_a_step_of_questions_and_names_its_answers_field() {
        let example = crate::fixtures::example_json();
        for q in QuestionKey::ALL {
            assert!(matches!(q.step(), StepKey::Symptoms | StepKey::Activity | StepKey::About), "{q}");
            let (object, field) =
                q.path().split_once('.').map(|(o, f)| (o.to_owned(), f.to_owned())).unwrap();
            // The example holds every object, and every required field of it.
            let object = &example[object.as_str()];
            assert!(object.is_object(), "{q}: {object}");
            if q.spec().asked == Asked::Required {
                assert!(object.get(&field).is_some(), "{q} is required but not in the example");
            }
        }
        assert_eq!(QuestionKey::ALL.iter().filter(|q| q.step() == StepKey::Activity).count(), 3);
    }

    #[test]
    fn only_the_pain_follow_ups_depend_on_back_pain() {
        let follow_ups: Vec<_> =
            QuestionKey::ALL.iter().filter(|q| q.spec().asked == Asked::WhenBackPain).collect();
        assert_eq!(
            follow_ups,
            [&QuestionKey::BackPainDuration, &QuestionKey::BackPainImproving, &QuestionKey::MorningStiffness]
        );
    }
}
