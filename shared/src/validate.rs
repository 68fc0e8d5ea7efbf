//! Parsing and validating answers: everything the wire format (CONTENT.md
//! section 8) rules out is rejected with the offending field's path, never
//! guessed. Serde rejects unknown keys, unknown values and wrong types; the rules
//! serde cannot express (ranges, repeats, cross-field rules) are checked here.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::{
    QUESTIONNAIRE_VERSION,
    answers::{Answers, LegTries, Side},
    draft::{AnswersDraft, Unanswered},
    key_enum,
};

/// The longest a balance try may last, in seconds.
pub const MAX_TRY_SECONDS: f64 = 45.0;
/// The most tries per leg and condition.
pub const MAX_TRIES: usize = 3;
/// The highest back-pain score.
pub const MAX_BACK_PAIN: u8 = 10;

key_enum! {
    /// Why a field was rejected.
    pub enum FieldErrorCode {
        InvalidJson => "invalid_json",
        UnknownField => "unknown_field",
        MissingField => "missing_field",
        InvalidType => "invalid_type",
        InvalidValue => "invalid_value",
        OutOfRange => "out_of_range",
        Repeated => "repeated",
        TooMany => "too_many",
        Required => "required",
        NotOffered => "not_offered",
        UnknownVersion => "unknown_version",
        InvalidText => "invalid_text",
    }
}

/// One rejected field: a JSON path such as `shoes.left.zones[1]`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub path: String,
    pub code: FieldErrorCode,
    pub message: String,
}

impl FieldError {
    pub(crate) fn new(path: impl Into<String>, code: FieldErrorCode, message: impl Into<String>) -> Self {
        Self { path: path.into(), code, message: message.into() }
    }
}

/// Why answers cannot be stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswersError {
    /// Some fields break the wire format.
    #[error("the answers are not valid: {}", .0.iter().map(|e| e.path.as_str()).collect::<Vec<_>>().join(", "))]
    Invalid(Vec<FieldError>),
    /// Storing health answers needs `consent: true`.
    #[error("storing answers needs consent")]
    ConsentRequired,
}

/// Parses and validates a request body; does not check consent.
pub fn parse(body: &[u8]) -> Result<Answers, AnswersError> {
    let answers: Answers = crate::strict::body(body).map_err(|e| AnswersError::Invalid(vec![e]))?;
    validate(&answers).map_err(AnswersError::Invalid)?;
    Ok(answers)
}

/// Parses, validates and requires consent: what the API does before storing.
pub fn parse_for_storage(body: &[u8]) -> Result<Answers, AnswersError> {
    let answers = parse(body)?;
    if answers.consent { Ok(answers) } else { Err(AnswersError::ConsentRequired) }
}

/// Checks what serde cannot; returns every problem found.
pub fn validate(answers: &Answers) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    if answers.questionnaire_version != QUESTIONNAIRE_VERSION {
        errors.push(FieldError::new(
            "questionnaire_version",
            FieldErrorCode::UnknownVersion,
            format!("this server scores questionnaire version {QUESTIONNAIRE_VERSION}"),
        ));
    }
    no_repeats("safety", &answers.safety, &mut errors);
    if let Some(shoes) = &answers.shoes {
        for side in Side::ALL {
            no_repeats(&format!("shoes.{side}.zones"), &shoes.side(*side).zones, &mut errors);
        }
    }
    let s = &answers.symptoms;
    if s.back_pain > MAX_BACK_PAIN {
        errors.push(FieldError::new(
            "symptoms.back_pain",
            FieldErrorCode::OutOfRange,
            format!("must be 0 to {MAX_BACK_PAIN}"),
        ));
    }
    // What must be answered has one home, the draft; of its rules only the
    // pain follow-ups can fail here, serde having required the rest.
    errors.extend(AnswersDraft::from(answers).unanswered().into_iter().map(Unanswered::error));
    no_repeats("symptoms.sore_places", &s.sore_places, &mut errors);
    if let Some(balance) = &answers.balance {
        let closed_offered = crate::answers::AgeBand::eyes_closed_allowed(answers.age_band());
        for side in Side::ALL {
            let legs: &LegTries = balance.side(*side);
            tries(&format!("balance.{side}.eyes_open"), &legs.eyes_open, &mut errors);
            let closed_path = format!("balance.{side}.eyes_closed");
            if !closed_offered && !legs.eyes_closed.is_empty() {
                errors.push(FieldError::new(
                    closed_path.clone(),
                    FieldErrorCode::NotOffered,
                    "eyes-closed tries are only offered under age 60",
                ));
            }
            tries(&closed_path, &legs.eyes_closed, &mut errors);
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

fn no_repeats<T: Eq + std::hash::Hash>(path: &str, items: &[T], errors: &mut Vec<FieldError>) {
    let mut seen = HashSet::new();
    for (i, item) in items.iter().enumerate() {
        if !seen.insert(item) {
            errors.push(FieldError::new(
                format!("{path}[{i}]"),
                FieldErrorCode::Repeated,
                "each value may appear once",
            ));
        }
    }
}

fn tries(path: &str, times: &[f64], errors: &mut Vec<FieldError>) {
    if times.len() > MAX_TRIES {
        errors.push(FieldError::new(path, FieldErrorCode::TooMany, format!("at most {MAX_TRIES} tries")));
    }
    for (i, t) in times.iter().enumerate() {
        // `!(0 < t <= 45)` also catches NaN.
        if !(*t > 0.0 && *t <= MAX_TRY_SECONDS) {
            errors.push(FieldError::new(
                format!("{path}[{i}]"),
                FieldErrorCode::OutOfRange,
                format!("seconds must be above 0 and at most {MAX_TRY_SECONDS}"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn example() -> Value {
        crate::fixtures::example_json()
    }

    fn edit(f: impl FnOnce(&mut Value)) -> Vec<u8> {
        let mut v = example();
        f(&mut v);
        serde_json::to_vec(&v).unwrap()
    }

    fn rejects(body: &[u8]) -> Vec<(String, FieldErrorCode)> {
        match parse(body) {
            Err(AnswersError::Invalid(errors)) => errors.into_iter().map(|e| (e.path, e.code)).collect(),
            other => panic!("expected invalid, got {other:?}"),
        }
    }

    #[test]
    fn only_one_json_object_is_a_body() {
        let array = serde_json::to_vec(&example().as_object().unwrap().values().collect::<Vec<_>>()).unwrap();
        assert_eq!(rejects(&array), vec![(".".to_owned(), FieldErrorCode::InvalidType)]);
        for body in [&b"[]"[..], b"\"x\"", b"3", b"null", b" true "] {
            assert_eq!(rejects(body), vec![(".".to_owned(), FieldErrorCode::InvalidType)], "{body:?}");
        }
        for body in [&b""[..], b"{", b"[", b"nope"] {
            assert_eq!(rejects(body), vec![(".".to_owned(), FieldErrorCode::InvalidJson)], "{body:?}");
        }
        let mut trailing = serde_json::to_vec(&example()).unwrap();
        trailing.extend_from_slice(b" {}");
        assert_eq!(rejects(&trailing), vec![(".".to_owned(), FieldErrorCode::InvalidJson)]);
    }

    #[test]
    fn the_documented_example_is_valid() {
        let a = parse(&serde_json::to_vec(&example()).unwrap()).unwrap();
        assert!(a.consent);
        assert_eq!(parse_for_storage(&serde_json::to_vec(&example()).unwrap()), Ok(a));
    }

    #[test]
    fn optional_parts_may_be_left_out() {
        let body = edit(|v| {
            let o = v.as_object_mut().unwrap();
            o.remove("about");
            o.remove("balance");
            v["shoes"] = Value::Null;
            v["symptoms"] = json!({"back_pain": 0, "sore_places": [], "recent_injury": false, "gait_changing_foot_pain": false});
        });
        let a = parse(&body).unwrap();
        assert_eq!((a.shoes, a.about, a.balance), (None, None, None));
        // About's own fields are optional too.
        assert!(parse(&edit(|v| v["about"] = json!({}))).is_ok());
    }

    #[test]
    fn wire_format_violations_name_the_field() {
        use FieldErrorCode::*;
        let cases: Vec<(&str, Vec<u8>, &str, FieldErrorCode)> = vec![
            ("not json", b"{".to_vec(), ".", InvalidJson),
            ("unknown top key", edit(|v| v["extra"] = json!(1)), "extra", UnknownField),
            (
                "unknown nested key",
                edit(|v| v["symptoms"]["mood"] = json!("ok")),
                "symptoms.mood",
                UnknownField,
            ),
            (
                "unknown shoe key",
                edit(|v| v["shoes"]["left"]["size"] = json!(9)),
                "shoes.left.size",
                UnknownField,
            ),
            (
                "missing consent",
                edit(|v| {
                    v.as_object_mut().unwrap().remove("consent");
                }),
                "consent",
                MissingField,
            ),
            (
                "missing shoes key",
                edit(|v| {
                    v.as_object_mut().unwrap().remove("shoes");
                }),
                "shoes",
                MissingField,
            ),
            ("unknown safety key", edit(|v| v["safety"] = json!(["headache"])), "safety[0]", InvalidValue),
            (
                "routine key as safety",
                edit(|v| v["safety"] = json!(["persistent_pain"])),
                "safety[0]",
                InvalidValue,
            ),
            (
                "unknown zone",
                edit(|v| v["shoes"]["right"]["zones"] = json!(["arch"])),
                "shoes.right.zones[0]",
                InvalidValue,
            ),
            (
                "unknown counter",
                edit(|v| v["shoes"]["left"]["counter"] = json!("sideways")),
                "shoes.left.counter",
                InvalidValue,
            ),
            ("unknown locale", edit(|v| v["locale"] = json!("fr")), "locale", InvalidValue),
            ("unknown source", edit(|v| v["source"] = json!("kiosk")), "source", InvalidValue),
            (
                "unknown duration",
                edit(|v| v["symptoms"]["back_pain_duration"] = json!("years")),
                "symptoms.back_pain_duration",
                InvalidValue,
            ),
            (
                "unknown sore place",
                edit(|v| v["symptoms"]["sore_places"] = json!(["neck"])),
                "symptoms.sore_places[0]",
                InvalidValue,
            ),
            (
                "unknown runs",
                edit(|v| v["activity"]["runs_per_week"] = json!("7")),
                "activity.runs_per_week",
                InvalidValue,
            ),
            (
                "unknown surface",
                edit(|v| v["activity"]["surface"] = json!("ice")),
                "activity.surface",
                InvalidValue,
            ),
            (
                "unknown age band",
                edit(|v| v["about"]["age_band"] = json!("12_17")),
                "about.age_band",
                InvalidValue,
            ),
            ("unknown sex", edit(|v| v["about"]["sex"] = json!("x")), "about.sex", InvalidValue),
            (
                "pain as string",
                edit(|v| v["symptoms"]["back_pain"] = json!("4")),
                "symptoms.back_pain",
                InvalidType,
            ),
            (
                "pain negative",
                edit(|v| v["symptoms"]["back_pain"] = json!(-1)),
                "symptoms.back_pain",
                InvalidValue,
            ),
            (
                "pain fractional",
                edit(|v| v["symptoms"]["back_pain"] = json!(4.5)),
                "symptoms.back_pain",
                InvalidType,
            ),
            ("pain 11", edit(|v| v["symptoms"]["back_pain"] = json!(11)), "symptoms.back_pain", OutOfRange),
            ("consent as string", edit(|v| v["consent"] = json!("yes")), "consent", InvalidType),
            (
                "wrong version",
                edit(|v| v["questionnaire_version"] = json!("2025-01.v0")),
                "questionnaire_version",
                UnknownVersion,
            ),
            (
                "repeated safety",
                edit(|v| v["safety"] = json!(["fever_unwell", "fever_unwell"])),
                "safety[1]",
                Repeated,
            ),
            (
                "repeated zone",
                edit(|v| v["shoes"]["left"]["zones"] = json!(["toe_tip", "heel_inner", "toe_tip"])),
                "shoes.left.zones[2]",
                Repeated,
            ),
            (
                "repeated sore place",
                edit(|v| v["symptoms"]["sore_places"] = json!(["hip", "hip"])),
                "symptoms.sore_places[1]",
                Repeated,
            ),
            (
                "pain without duration",
                edit(|v| {
                    v["symptoms"].as_object_mut().unwrap().remove("back_pain_duration");
                }),
                "symptoms.back_pain_duration",
                Required,
            ),
            (
                "pain without improving",
                edit(|v| {
                    v["symptoms"].as_object_mut().unwrap().remove("back_pain_improving");
                }),
                "symptoms.back_pain_improving",
                Required,
            ),
            (
                "pain without stiffness",
                edit(|v| {
                    v["symptoms"].as_object_mut().unwrap().remove("morning_stiffness");
                }),
                "symptoms.morning_stiffness",
                Required,
            ),
            (
                "four tries",
                edit(|v| v["balance"]["left"]["eyes_open"] = json!([1, 2, 3, 4])),
                "balance.left.eyes_open",
                TooMany,
            ),
            (
                "zero seconds",
                edit(|v| v["balance"]["right"]["eyes_open"] = json!([0])),
                "balance.right.eyes_open[0]",
                OutOfRange,
            ),
            (
                "negative seconds",
                edit(|v| v["balance"]["right"]["eyes_closed"] = json!([-3])),
                "balance.right.eyes_closed[0]",
                OutOfRange,
            ),
            (
                "over 45 s",
                edit(|v| v["balance"]["left"]["eyes_open"] = json!([10, 45.01])),
                "balance.left.eyes_open[1]",
                OutOfRange,
            ),
            (
                "eyes closed at 60+",
                edit(|v| v["about"]["age_band"] = json!("60_69")),
                "balance.right.eyes_closed",
                NotOffered,
            ),
            (
                "unknown balance key",
                edit(|v| v["balance"]["left"]["eyes_half"] = json!([])),
                "balance.left.eyes_half",
                UnknownField,
            ),
            ("shoes not an object", edit(|v| v["shoes"] = json!("skipped")), "shoes", InvalidType),
        ];
        for (name, body, path, code) in cases {
            let errors = rejects(&body);
            assert!(errors.contains(&(path.to_owned(), code)), "{name}: {errors:?}");
        }
    }

    #[test]
    fn eyes_closed_allowed_exactly_under_60() {
        for band in ["18_39", "40_49", "50_59"] {
            assert!(parse(&edit(|v| v["about"]["age_band"] = json!(band))).is_ok(), "{band}");
        }
        for band in ["60_69", "70_79", "80_plus"] {
            assert!(parse(&edit(|v| v["about"]["age_band"] = json!(band))).is_err(), "{band}");
            let ok = edit(|v| {
                v["about"]["age_band"] = json!(band);
                v["balance"]["right"]["eyes_closed"] = json!([]);
            });
            assert!(parse(&ok).is_ok(), "{band}");
        }
        // Without an age band eyes closed is accepted (the widget asks first).
        assert!(
            parse(&edit(|v| {
                v.as_object_mut().unwrap().remove("about");
            }))
            .is_ok()
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let errors = rejects(&edit(|v| {
            v["questionnaire_version"] = json!("old");
            v["symptoms"]["back_pain"] = json!(12);
            v["safety"] = json!(["fever_unwell", "fever_unwell"]);
        }));
        assert_eq!(errors.len(), 3, "{errors:?}");
    }

    #[test]
    fn storage_needs_consent() {
        let body = edit(|v| v["consent"] = json!(false));
        assert!(parse(&body).is_ok(), "scoring works without consent");
        assert_eq!(parse_for_storage(&body), Err(AnswersError::ConsentRequired));
    }

    #[test]
    fn deeply_nested_input_is_rejected_not_overflowed() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(matches!(parse(deep.as_bytes()), Err(AnswersError::Invalid(_))));
    }
}
