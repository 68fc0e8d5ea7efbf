//! Answer builders for tests (here and in other crates' tests): a neutral,
//! routine-free starting point that each test changes in one place.

use crate::{
    QUESTIONNAIRE_VERSION,
    answers::{
        About, Activity, AgeBand, Answers, Balance, Counter, LegTries, Locale, RunsPerWeek, SafetyKey, Sex,
        ShoeWear, Shoes, Source, Surface, Symptoms, Zone,
    },
};

/// No pain, no red flags, shoes skipped, no balance test: scores `referral none`,
/// hint `unknown`.
pub fn quiet() -> Answers {
    Answers {
        questionnaire_version: QUESTIONNAIRE_VERSION.to_owned(),
        locale: Locale::En,
        consent: true,
        source: Source::Widget,
        safety: Vec::new(),
        shoes: None,
        symptoms: Symptoms {
            back_pain: 0,
            back_pain_duration: None,
            back_pain_improving: None,
            morning_stiffness: None,
            sore_places: Vec::new(),
            recent_injury: false,
            gait_changing_foot_pain: false,
        },
        activity: Activity { runs_per_week: RunsPerWeek::None, surface: Surface::Mixed, cycles: false },
        about: None,
        balance: None,
    }
}

/// One shoe.
pub fn shoe(zones: &[Zone], counter: Counter) -> ShoeWear {
    ShoeWear { zones: zones.to_vec(), counter }
}

/// `quiet()` with both shoes as given.
pub fn with_shoes(left: ShoeWear, right: ShoeWear) -> Answers {
    Answers { shoes: Some(Shoes { left, right }), ..quiet() }
}

/// `quiet()` with these safety answers.
pub fn with_safety(keys: &[SafetyKey]) -> Answers {
    Answers { safety: keys.to_vec(), ..quiet() }
}

/// Sets back pain with its follow-up answers.
pub fn with_pain(
    mut answers: Answers,
    score: u8,
    duration: crate::answers::PainDuration,
    improving: bool,
    stiffness: bool,
) -> Answers {
    answers.symptoms.back_pain = score;
    answers.symptoms.back_pain_duration = Some(duration);
    answers.symptoms.back_pain_improving = Some(improving);
    answers.symptoms.morning_stiffness = Some(stiffness);
    answers
}

/// Sets the optional "about you".
pub fn with_about(mut answers: Answers, age_band: Option<AgeBand>, sex: Option<Sex>) -> Answers {
    answers.about = Some(About { age_band, sex });
    answers
}

/// Sets eyes-open/eyes-closed tries for both legs.
pub fn with_balance(mut answers: Answers, left: (&[f64], &[f64]), right: (&[f64], &[f64])) -> Answers {
    let leg = |(open, closed): (&[f64], &[f64])| LegTries {
        eyes_open: open.to_vec(),
        eyes_closed: closed.to_vec(),
    };
    answers.balance = Some(Balance { left: leg(left), right: leg(right) });
    answers
}

/// The example body of CONTENT.md section 8, as JSON: a `soon` referral
/// (night pain), pronation-side wear and a left leg below typical.
pub fn example_json() -> serde_json::Value {
    serde_json::json!({
        "questionnaire_version": "2026-11.v1",
        "locale": "en",
        "consent": true,
        "source": "widget",
        "safety": ["night_or_rest_pain"],
        "shoes": {
            "left":  {"zones": ["heel_outer", "fore_inner"], "counter": "leans_in"},
            "right": {"zones": [], "counter": "cant_tell"}
        },
        "symptoms": {
            "back_pain": 4,
            "back_pain_duration": "6_to_12_weeks",
            "back_pain_improving": false,
            "morning_stiffness": false,
            "sore_places": ["knee"],
            "recent_injury": false,
            "gait_changing_foot_pain": false
        },
        "activity": {"runs_per_week": "3_4", "surface": "road", "cycles": false},
        "about": {"age_band": "40_49", "sex": "female"},
        "balance": {
            "left":  {"eyes_open": [12.5, 20.1], "eyes_closed": []},
            "right": {"eyes_open": [30.0], "eyes_closed": [8.2]}
        }
    })
}

/// Closes every object schema of an OpenAPI document that lists its
/// properties (`additionalProperties: false` unless it says otherwise), so a
/// field the document does not mention fails a check against it, as a
/// generated client would not see it: for the e2e contract check and the
/// api's check of its examples.
pub fn closed_schema(schema: &mut serde_json::Value) {
    use serde_json::Value;
    match schema {
        Value::Object(map) => {
            if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                map.insert("additionalProperties".into(), Value::Bool(false));
            }
            map.values_mut().for_each(closed_schema);
        }
        Value::Array(items) => items.iter_mut().for_each(closed_schema),
        _ => {}
    }
}
