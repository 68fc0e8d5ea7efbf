//! Properties that hold for every valid set of answers and every code.

use proptest::{collection::vec, prelude::*, sample::subsequence};
use solecheck_shared::{
    QUESTIONNAIRE_VERSION,
    answers::*,
    code::{ALPHABET, DiscountCode, SYMBOLS},
    result::{Hint, PlanKey, PlanStatus, ReferralLevel},
    score,
    validate::{parse, validate},
};

fn key_set<T: Copy + std::fmt::Debug + 'static>(all: &'static [T]) -> impl Strategy<Value = Vec<T>> {
    subsequence(all.to_vec(), 0..=all.len()).prop_shuffle()
}

fn one_of<T: Copy + std::fmt::Debug + 'static>(all: &'static [T]) -> impl Strategy<Value = T> {
    proptest::sample::select(all.to_vec())
}

fn shoe() -> impl Strategy<Value = ShoeWear> {
    (key_set(Zone::ALL), one_of(Counter::ALL)).prop_map(|(zones, counter)| ShoeWear { zones, counter })
}

fn symptoms() -> impl Strategy<Value = Symptoms> {
    (
        0u8..=10,
        one_of(PainDuration::ALL),
        any::<bool>(),
        any::<bool>(),
        key_set(SorePlace::ALL),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(back_pain, duration, improving, stiffness, sore_places, recent_injury, gait)| {
            Symptoms {
                back_pain,
                back_pain_duration: (back_pain > 0).then_some(duration),
                back_pain_improving: (back_pain > 0).then_some(improving),
                morning_stiffness: (back_pain > 0).then_some(stiffness),
                sore_places,
                recent_injury,
                gait_changing_foot_pain: gait,
            }
        })
}

fn tries() -> impl Strategy<Value = Vec<f64>> {
    vec(prop_oneof![Just(45.0), 0.01f64..=45.0], 0..=3)
}

fn answers() -> impl Strategy<Value = Answers> {
    let about = proptest::option::of((
        proptest::option::of(one_of(AgeBand::ALL)),
        proptest::option::of(one_of(Sex::ALL)),
    ));
    let legs = (tries(), tries(), tries(), tries());
    (
        (one_of(Locale::ALL), any::<bool>(), one_of(Source::ALL), key_set(SafetyKey::ALL)),
        proptest::option::of((shoe(), shoe())),
        symptoms(),
        (one_of(RunsPerWeek::ALL), one_of(Surface::ALL), any::<bool>()),
        about,
        proptest::option::of(legs),
    )
        .prop_map(
            |(
                (locale, consent, source, safety),
                shoes,
                symptoms,
                (runs, surface, cycles),
                about,
                balance,
            )| {
                let about = about.map(|(age_band, sex)| About { age_band, sex });
                let closed_offered =
                    about.as_ref().and_then(|a| a.age_band).is_none_or(AgeBand::eyes_closed_offered);
                let closed = |t: Vec<f64>| if closed_offered { t } else { Vec::new() };
                Answers {
                    questionnaire_version: QUESTIONNAIRE_VERSION.to_owned(),
                    locale,
                    consent,
                    source,
                    safety,
                    shoes: shoes.map(|(left, right)| Shoes { left, right }),
                    symptoms,
                    activity: Activity { runs_per_week: runs, surface, cycles },
                    about,
                    balance: balance.map(|(lo, lc, ro, rc)| Balance {
                        left: LegTries { eyes_open: lo, eyes_closed: closed(lc) },
                        right: LegTries { eyes_open: ro, eyes_closed: closed(rc) },
                    }),
                }
            },
        )
}

/// The reasons CONTENT.md section 1 gives for `a`, with their levels, in its
/// order: worked out here from the wire keys and the rules as written there,
/// not through the crate's rule code or the order of its enums.
fn expected_reasons(a: &Answers) -> Vec<(&'static str, ReferralLevel)> {
    const URGENT: [&str; 5] =
        ["saddle_numbness", "bladder_bowel", "leg_weakness", "both_legs_symptoms", "sexual_dysfunction"];
    const SOON: [&str; 6] = [
        "fever_unwell",
        "cancer_history",
        "unexplained_weight_loss",
        "recent_trauma",
        "osteoporosis_steroids",
        "night_or_rest_pain",
    ];
    let said_yes = |key: &str| a.safety.iter().any(|k| k.as_str() == key);
    let s = &a.symptoms;
    let pain = s.back_pain >= 1;
    let duration = s.back_pain_duration.map(|d| d.as_str());
    let age = a.about.as_ref().and_then(|about| about.age_band).map(|b| b.as_str());
    let routine = [
        (
            "persistent_pain",
            pain && matches!(duration, Some("6_to_12_weeks" | "over_3_months"))
                && s.back_pain_improving == Some(false),
        ),
        (
            "new_pain_over_50",
            pain && duration == Some("under_6_weeks")
                && matches!(age, Some("50_59" | "60_69" | "70_79" | "80_plus")),
        ),
        ("inflammatory_stiffness", pain && s.morning_stiffness == Some(true) && age == Some("18_39")),
        ("recent_foot_injury", s.recent_injury),
        ("gait_changing_foot_pain", s.gait_changing_foot_pain),
    ];
    let mut expected = Vec::new();
    expected.extend(URGENT.into_iter().filter(|k| said_yes(k)).map(|k| (k, ReferralLevel::Urgent)));
    expected.extend(SOON.into_iter().filter(|k| said_yes(k)).map(|k| (k, ReferralLevel::Soon)));
    expected.extend(
        routine.into_iter().filter(|(_, applies)| *applies).map(|(k, _)| (k, ReferralLevel::Routine)),
    );
    expected
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn generated_answers_are_valid_and_round_trip(a in answers()) {
        prop_assert_eq!(validate(&a), Ok(()));
        let body = serde_json::to_vec(&a).unwrap();
        prop_assert_eq!(parse(&body).unwrap(), a);
    }

    #[test]
    fn scoring_is_total_and_deterministic(a in answers()) {
        let first = score(&a);
        prop_assert_eq!(&first, &score(&a));
        prop_assert_eq!(first.questionnaire_version.as_str(), QUESTIONNAIRE_VERSION);
        prop_assert_eq!(first.foot_function.strength, first.foot_function.hint.strength());
    }

    #[test]
    fn urgent_means_no_plan_and_no_offer(a in answers()) {
        let r = score(&a);
        prop_assert_eq!(r.offer_eligible, r.referral.level != ReferralLevel::Urgent);
        if r.referral.level == ReferralLevel::Urgent {
            prop_assert_eq!(r.plan.status, PlanStatus::None);
            prop_assert!(r.plan.items.is_empty());
        } else {
            prop_assert!(!r.plan.items.is_empty());
            let soon = r.referral.level == ReferralLevel::Soon;
            prop_assert_eq!(r.plan.status == PlanStatus::AskClinicianFirst, soon);
        }
    }

    #[test]
    fn reasons_are_complete_and_ordered(a in answers()) {
        let r = score(&a).referral;
        let expected = expected_reasons(&a);
        let reasons: Vec<&str> = r.reasons.iter().map(|k| k.as_str()).collect();
        let keys: Vec<&str> = expected.iter().map(|(k, _)| *k).collect();
        prop_assert_eq!(reasons, keys);
        let level = expected.iter().map(|(_, level)| *level).max().unwrap_or(ReferralLevel::None);
        prop_assert_eq!(r.level, level);
    }

    #[test]
    fn plan_keys_are_unique_and_see_clinician_is_last(a in answers()) {
        let keys: Vec<PlanKey> = score(&a).plan.items.iter().map(|i| i.key).collect();
        let mut unique = keys.clone();
        unique.sort_unstable();
        unique.dedup();
        prop_assert_eq!(unique.len(), keys.len());
        if let Some(pos) = keys.iter().position(|&k| k == PlanKey::SeeClinician) {
            prop_assert_eq!(pos, keys.len() - 1);
        }
        if let Some(first) = keys.first() {
            prop_assert_eq!(*first, PlanKey::SoleRelease);
        }
    }

    #[test]
    fn notes_always_frame_the_result(a in answers()) {
        use solecheck_shared::result::Note;
        let notes = score(&a).notes;
        prop_assert_eq!(notes.first(), Some(&Note::DynamicNotStatic));
        prop_assert_eq!(notes.last(), Some(&Note::NotAllBackPain));
        prop_assert!(notes.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn outer_heel_wear_alone_never_suggests_supination(
        mut a in answers(),
        left in prop_oneof![Just(Counter::Upright), Just(Counter::CantTell)],
        right in prop_oneof![Just(Counter::Upright), Just(Counter::CantTell)],
        left_marked: bool,
        right_marked: bool,
    ) {
        let zones = |marked: bool| if marked { vec![Zone::HeelOuter] } else { Vec::new() };
        a.shoes = Some(Shoes {
            left: ShoeWear { zones: zones(left_marked), counter: left },
            right: ShoeWear { zones: zones(right_marked), counter: right },
        });
        let hint = score(&a).foot_function.hint;
        prop_assert!(!hint.is_supination_side() && hint != Hint::Mixed, "{}", hint);
    }

    #[test]
    fn codes_round_trip(bits: u64) {
        let code = DiscountCode::from_bits(bits);
        prop_assert_eq!(DiscountCode::parse(&code.display_form()), Ok(code));
        prop_assert_eq!(DiscountCode::parse(&code.canonical().to_lowercase()), Ok(code));
        prop_assert_eq!(code.canonical().len(), SYMBOLS);
    }

    #[test]
    fn every_single_substitution_and_adjacent_transposition_is_caught(bits: u64) {
        let canonical = DiscountCode::from_bits(bits).canonical().into_bytes();
        for pos in 0..SYMBOLS {
            for &symbol in ALPHABET.iter().filter(|&&s| s != canonical[pos]) {
                let mut typo = canonical.clone();
                typo[pos] = symbol;
                let typo = String::from_utf8(typo).unwrap();
                prop_assert!(DiscountCode::parse(&typo).is_err(), "substitution {}", typo);
            }
        }
        for pos in 0..SYMBOLS - 1 {
            if canonical[pos] != canonical[pos + 1] {
                let mut typo = canonical.clone();
                typo.swap(pos, pos + 1);
                let typo = String::from_utf8(typo).unwrap();
                prop_assert!(DiscountCode::parse(&typo).is_err(), "transposition {}", typo);
            }
        }
    }
}
