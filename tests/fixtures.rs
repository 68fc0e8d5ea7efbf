//! Request bodies used across the end-to-end tests.

use serde_json::{Value, json};

/// The answers of CONTENT.md section 8 (routine referral, pronation-side).
pub fn example_answers() -> Value {
    json!({
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

/// Answers with an urgent red flag.
pub fn urgent_answers() -> Value {
    let mut a = example_answers();
    a["safety"] = json!(["bladder_bowel"]);
    a
}
