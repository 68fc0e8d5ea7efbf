//! Every key has words in both languages; the catalogue matches CONTENT.md.

use serde_json::Value;

use super::*;
use crate::{answers::Locale, result::Hint, result::PlanKey};

/// Fields that hold user-facing text (the rest are wire keys).
const KEY_FIELDS: [&str; 5] = ["key", "kind", "level", "step", "version"];
/// Texts that are rightly the same in both languages.
const SAME_IN_BOTH: [&str; 2] = ["No", "3 x 10"];

fn walk(en: &Value, es: &Value, path: &str, texts: &mut usize) {
    match (en, es) {
        (Value::Object(a), Value::Object(b)) => {
            assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>(), "{path}");
            for (k, v) in a {
                let child = format!("{path}.{k}");
                if k == "locale" {
                    continue;
                }
                if KEY_FIELDS.contains(&k.as_str()) {
                    assert_eq!(v, &b[k], "{child}: keys are the same in both languages");
                } else {
                    walk(v, &b[k], &child, texts);
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len(), "{path}");
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                walk(x, y, &format!("{path}[{i}]"), texts);
            }
        }
        (Value::String(a), Value::String(b)) => {
            assert!(!a.trim().is_empty() && !b.trim().is_empty(), "{path} is empty");
            if !SAME_IN_BOTH.contains(&a.as_str()) {
                assert_ne!(a, b, "{path} is not translated");
            }
            *texts += 1;
        }
        (a, b) => assert_eq!(a, b, "{path}"),
    }
}

#[test]
fn every_text_exists_in_english_and_spanish() {
    let en = serde_json::to_value(questionnaire(Locale::En)).unwrap();
    let es = serde_json::to_value(questionnaire(Locale::Es)).unwrap();
    let mut texts = 0;
    walk(&en, &es, "", &mut texts);
    assert!(texts > 150, "{texts} texts");
}

#[test]
fn the_document_round_trips_and_starts_with_safety() {
    for locale in Locale::ALL {
        let doc = questionnaire(*locale);
        let json = serde_json::to_string(&doc).unwrap();
        assert_eq!(serde_json::from_str::<Questionnaire>(&json).unwrap(), doc);
        let order: Vec<&str> = doc.steps.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(&order[..3], ["welcome", "safety", "shoes"], "the safety screen comes first");
        assert_eq!(doc.safety.len(), 11);
        assert_eq!(doc.shoes.zones.len(), 9);
        assert_eq!(doc.shoes.counters.len(), 4);
        assert_eq!(doc.boundaries.len(), 4);
        // The result repeats the first three; the last, on saving, is the welcome step's.
        assert_eq!(doc.result_boundaries(), &doc.boundaries[..3]);
        assert!(doc.boundaries[3].contains(if *locale == Locale::En { "save" } else { "guardamos" }));
        assert!(
            doc.question(crate::question::QuestionKey::BackPainDuration)
                .is_some_and(|q| q.options.len() == 3)
        );
        assert!(doc.question(crate::question::QuestionKey::Surface).is_some_and(|q| q.options.len() == 6));
    }
}

#[test]
fn hints_say_may_suggest_never_you_have() {
    for hint in Hint::ALL {
        let text = hint_text(*hint);
        if *hint != Hint::Unknown {
            assert!(text.en.contains("may suggest"), "{hint}");
            assert!(text.es.contains("puede sugerir"), "{hint}");
        }
        assert!(!text.en.to_lowercase().contains("you have"), "{hint}");
    }
}

#[test]
fn the_catalogue_matches_the_plan_table() {
    let doses = [
        (PlanKey::SoleRelease, "60-90 s per foot", None),
        (PlanKey::ShortFoot, "3 x 10, 5 s hold", Some(5)),
        (PlanKey::VeleForwardLean, "3 x 10", None),
        (PlanKey::KettlebellCircles, "3 x 5 circles each direction", None),
        (PlanKey::KettlebellOffsetBalance, "3 x 10 s holds", Some(10)),
        (PlanKey::SingleLegStance, "3 x 30 s per leg", Some(30)),
    ];
    for (key, dose, hold) in doses {
        let card = exercise(key).unwrap();
        assert_eq!(card.dose.en, dose, "{key}");
        assert_eq!(card.hold_seconds, hold, "{key}");
        assert!((2..=4).contains(&card.steps.len()), "{key}");
        assert!(!card.safety.en.is_empty() && !card.safety.es.is_empty(), "{key}");
        assert!(advice(key).is_none());
    }
    for key in [PlanKey::SofterSurfaces, PlanKey::Cycling, PlanKey::SeeClinician] {
        assert!(exercise(key).is_none() && advice(key).is_some(), "{key}");
    }
    let doc = questionnaire(Locale::Es);
    assert_eq!(doc.catalogue.len(), PlanKey::ALL.len());
    assert!(doc.catalogue_item(PlanKey::Cycling).is_some_and(|c| c.body.is_some()));
}

#[test]
fn the_next_offer_sentence_has_a_date_slot() {
    for locale in Locale::ALL {
        assert!(questionnaire(*locale).offer.next_offer.contains("{date}"));
    }
}
