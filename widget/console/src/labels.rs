//! Short staff-facing words for the keys the API sends (the visitor's own
//! texts are in `solecheck_shared::content`). The desk reads these to prepare
//! a visit, so they use the clinic's terms.

use solecheck_shared::{
    answers::Locale,
    content::{advice, exercise},
    result::{Hint, PlanKey, ReferralLevel},
};

/// A foot-function hint key, as the desk reads it.
pub fn hint(key: &str) -> String {
    match Hint::from_key(key) {
        Some(Hint::Overpronation) => "Overpronation (moderate clue)",
        Some(Hint::LeaningPronation) => "Leaning toward pronation (weak clue)",
        Some(Hint::Neutral) => "Neutral (weak clue)",
        Some(Hint::LeaningSupination) => "Leaning toward supination (weak clue)",
        Some(Hint::Oversupination) => "Oversupination (moderate clue)",
        Some(Hint::Mixed) => "Mixed: the two feet differ (weak clue)",
        Some(Hint::Unknown) => "Not read (shoes not checked or nothing seen)",
        None => return key.to_owned(),
    }
    .to_owned()
}

/// A referral level key, as the desk reads it.
pub fn referral(key: &str) -> String {
    match ReferralLevel::from_key(key) {
        Some(ReferralLevel::None) => "No flags",
        Some(ReferralLevel::Routine) => "Routine: a check-up was suggested",
        Some(ReferralLevel::Soon) => "Soon: told to see a clinician before the plan",
        Some(ReferralLevel::Urgent) => "Urgent: told to seek emergency care",
        None => return key.to_owned(),
    }
    .to_owned()
}

/// A plan item key, by its title in the catalogue.
pub fn plan_item(key: &str) -> String {
    let title = PlanKey::from_key(key)
        .and_then(|k| exercise(k).map(|e| e.title).or_else(|| advice(k).map(|a| a.title)));
    title.map_or_else(|| key.to_owned(), |t| t.get(Locale::En).to_owned())
}

/// Every hint key in chart order (pronation side to supination side).
pub fn hint_keys() -> Vec<&'static str> {
    Hint::ALL.iter().map(|h| h.as_str()).collect()
}

/// Every referral level key, mildest first.
pub fn referral_keys() -> Vec<&'static str> {
    ReferralLevel::ALL.iter().map(|l| l.as_str()).collect()
}

/// A short name for chart legends.
pub fn short(key: &str) -> &'static str {
    match key {
        "overpronation" => "Overpronation",
        "leaning_pronation" => "Leaning pronation",
        "neutral" => "Neutral",
        "leaning_supination" => "Leaning supination",
        "oversupination" => "Oversupination",
        "mixed" => "Mixed",
        "unknown" => "Not read",
        "none" => "No flags",
        "routine" => "Routine",
        "soon" => "Soon",
        "urgent" => "Urgent",
        _ => "Other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_words() {
        for key in hint_keys() {
            assert_ne!(hint(key), key);
            assert_ne!(short(key), "Other");
        }
        for key in referral_keys() {
            assert_ne!(referral(key), key);
            assert_ne!(short(key), "Other");
        }
        for key in PlanKey::ALL {
            assert_ne!(plan_item(key.as_str()), key.as_str());
        }
        assert_eq!(hint("something_new"), "something_new");
    }
}
