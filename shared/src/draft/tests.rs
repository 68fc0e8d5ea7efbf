use super::*;
use crate::{
    answers::{AgeBand, Sex},
    content::questionnaire,
    fixtures,
    question::{AnswerKind, NO, YES},
};

/// Everything answered the quietest way: no pain, shoes skipped.
fn quiet() -> AnswersDraft {
    AnswersDraft::from(&fixtures::quiet())
}

#[test]
fn a_fresh_draft_misses_every_safety_question_both_counters_and_every_required_question() {
    let draft = AnswersDraft::default();
    let missing = draft.unanswered();
    let safety = missing.iter().filter(|u| matches!(u, Unanswered::Safety(_))).count();
    assert_eq!(safety, SafetyKey::ALL.len());
    assert!(
        missing.contains(&Unanswered::Counter(Side::Left))
            && missing.contains(&Unanswered::Counter(Side::Right))
    );
    let questions: Vec<_> = missing
        .iter()
        .filter_map(|u| if let Unanswered::Question(q) = u { Some(*q) } else { None })
        .collect();
    // The pain follow-ups are not asked before there is pain; the optional ones never block.
    assert_eq!(
        questions,
        [
            QuestionKey::BackPain,
            QuestionKey::RecentInjury,
            QuestionKey::GaitChangingFootPain,
            QuestionKey::RunsPerWeek,
            QuestionKey::Surface,
            QuestionKey::Cycles
        ]
    );
    for step in [StepKey::Safety, StepKey::Shoes, StepKey::Symptoms, StepKey::Activity] {
        assert!(!draft.step_complete(step), "{step}");
    }
    assert!(draft.step_complete(StepKey::About) && draft.step_complete(StepKey::Balance));
    let errors = draft.complete(Locale::En, Source::Widget).unwrap_err();
    assert_eq!(errors.len(), missing.len());
    assert!(errors.iter().all(|e| e.code == FieldErrorCode::Required));
    assert!(errors.iter().any(|e| e.path == "shoes.left.counter"));
    assert!(errors.iter().any(|e| e.path == "activity.surface" && e.message == "required"));
}

#[test]
fn answers_make_a_draft_that_completes_to_the_same_answers() {
    let example: Answers = serde_json::from_value(fixtures::example_json()).unwrap();
    let draft = AnswersDraft::from(&example);
    assert_eq!(draft.unanswered(), []);
    assert_eq!(draft.complete(example.locale, example.source), Ok(example));
    let quiet = fixtures::quiet();
    assert_eq!(AnswersDraft::from(&quiet).complete(Locale::En, Source::Widget), Ok(quiet));
}

#[test]
fn the_pain_follow_ups_are_asked_and_required_only_above_zero_pain() {
    let mut draft = quiet();
    for q in [QuestionKey::BackPainDuration, QuestionKey::BackPainImproving, QuestionKey::MorningStiffness] {
        assert!(!draft.asks(q), "{q}");
    }
    assert!(draft.choose(QuestionKey::BackPainImproving, "yes"));
    assert_eq!(draft.complete(Locale::En, Source::Widget).unwrap().symptoms.back_pain_improving, None);
    assert!(draft.choose(QuestionKey::BackPain, "3"));
    let errors = draft.complete(Locale::En, Source::Widget).unwrap_err();
    let paths: Vec<_> = errors.iter().map(|e| (e.path.as_str(), e.message.as_str())).collect();
    assert_eq!(
        paths,
        [
            ("symptoms.back_pain_duration", "required when back_pain is above 0"),
            ("symptoms.morning_stiffness", "required when back_pain is above 0")
        ]
    );
    assert!(!draft.step_complete(StepKey::Symptoms) && draft.step_complete(StepKey::Activity));
    assert!(draft.choose(QuestionKey::BackPainDuration, "over_3_months"));
    assert!(draft.choose(QuestionKey::MorningStiffness, "no"));
    let answers = draft.complete(Locale::En, Source::Widget).unwrap();
    assert_eq!(answers.symptoms.back_pain_duration, Some(PainDuration::Over3Months));
    assert_eq!(answers.symptoms.back_pain_improving, Some(true));
    assert_eq!(crate::validate::validate(&answers), Ok(()));
}

#[test]
fn every_option_the_document_lists_is_taken_and_read_back_and_no_other() {
    for locale in Locale::ALL {
        let doc = questionnaire(*locale);
        for q in &doc.questions {
            let mut draft = AnswersDraft::default();
            assert_eq!(draft.slot(q.key).kind(), q.key.spec().kind, "{}", q.key);
            let options: Vec<String> = match q.key.spec().kind {
                AnswerKind::Scale { max } => (0..=max).map(|n| n.to_string()).collect(),
                AnswerKind::YesNo => vec![YES.to_owned(), NO.to_owned()],
                AnswerKind::OneOf | AnswerKind::AnyOf => q.options.iter().map(|o| o.key.clone()).collect(),
            };
            assert!(!options.is_empty(), "{}", q.key);
            for option in &options {
                assert!(draft.choose(q.key, option), "{}: {option}", q.key);
                assert!(draft.chosen(q.key).contains(&option.as_str()), "{}: {option}", q.key);
            }
            let before = draft.clone();
            for junk in ["", "maybe", "11", "-1", "Yes", "heel_outer"] {
                assert!(!draft.choose(q.key, junk), "{}: {junk}", q.key);
            }
            assert_eq!(draft, before, "{}", q.key);
        }
    }
}

#[test]
fn a_pick_any_question_toggles_and_a_pick_one_question_replaces() {
    let mut draft = quiet();
    draft.choose(QuestionKey::SorePlaces, "knee");
    draft.choose(QuestionKey::SorePlaces, "foot");
    assert_eq!(draft.chosen(QuestionKey::SorePlaces), ["knee", "foot"]);
    draft.choose(QuestionKey::SorePlaces, "knee");
    assert_eq!(draft.chosen(QuestionKey::SorePlaces), ["foot"]);
    draft.choose(QuestionKey::Sex, "male");
    draft.choose(QuestionKey::Sex, "prefer_not");
    assert_eq!(draft.about.sex, Some(Sex::PreferNot));
}

#[test]
fn balance_tries_are_capped_and_eyes_closed_needs_an_age_under_60() {
    let mut draft = quiet();
    for t in [10.0, 20.0, 30.0, 40.0, 0.0, 50.0, f64::NAN] {
        draft.add_try(Side::Left, false, t);
    }
    draft.add_try(Side::Right, true, 8.0);
    assert_eq!(draft.tries(Side::Left, false), &[10.0, 20.0, 30.0]);
    let complete = |d: &AnswersDraft| d.complete(Locale::En, Source::Widget).unwrap();
    assert!(complete(&draft).balance.unwrap().right.eyes_closed.is_empty(), "no age: not offered");
    draft.about.age_band = Some(AgeBand::From40To49);
    assert_eq!(complete(&draft).balance.unwrap().right.eyes_closed, [8.0]);
    draft.about.age_band = Some(AgeBand::From70To79);
    let answers = complete(&draft);
    assert!(answers.balance.as_ref().unwrap().right.eyes_closed.is_empty());
    assert_eq!(crate::validate::validate(&answers), Ok(()));
    assert_eq!(complete(&quiet()).balance, None);
}

#[test]
fn marking_a_shoe_takes_back_a_skipped_shoe_check() {
    let mut draft = quiet();
    assert!(draft.shoes_skipped && draft.step_complete(StepKey::Shoes));
    draft.toggle_zone(Side::Left, Zone::HeelInner);
    assert!(!draft.shoes_skipped && !draft.step_complete(StepKey::Shoes));
    draft.choose_counter(Side::Left, Counter::LeansIn);
    draft.choose_counter(Side::Right, Counter::Upright);
    assert!(draft.step_complete(StepKey::Shoes));
    let shoes = draft.complete(Locale::En, Source::Widget).unwrap().shoes.unwrap();
    assert_eq!(shoes.left.zones, [Zone::HeelInner]);
    draft.toggle_zone(Side::Left, Zone::HeelInner);
    assert!(draft.left.zones.is_empty());
}

#[test]
fn the_safety_screen_is_complete_when_every_question_has_an_answer() {
    let mut draft = AnswersDraft::default();
    for key in SafetyKey::ALL {
        assert!(!draft.step_complete(StepKey::Safety));
        draft.answer_safety(*key, *key == SafetyKey::CancerHistory);
    }
    assert!(draft.step_complete(StepKey::Safety));
    assert_eq!(draft.safety_yes(), [SafetyKey::CancerHistory]);
}
