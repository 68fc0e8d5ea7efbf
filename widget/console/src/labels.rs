//! Short staff-facing words for the keys the API sends (the visitor's own
//! texts are in `solecheck_shared::content`). The desk reads these to prepare
//! a visit, so they use the clinic's terms.

use solecheck_shared::{
    answers::Locale,
    api::{AuditAction, AuditEntry, ViewRoute},
    content::{advice, exercise},
    result::{Hint, PlanKey, ReferralLevel},
};

/// A foot-function hint, as the desk reads it.
pub const fn hint(hint: Hint) -> &'static str {
    match hint {
        Hint::Overpronation => "Overpronation (moderate clue)",
        Hint::LeaningPronation => "Leaning toward pronation (weak clue)",
        Hint::Neutral => "Neutral (weak clue)",
        Hint::LeaningSupination => "Leaning toward supination (weak clue)",
        Hint::Oversupination => "Oversupination (moderate clue)",
        Hint::Mixed => "Mixed: the two feet differ (weak clue)",
        Hint::Unknown => "Not read (shoes not checked or nothing seen)",
    }
}

/// A referral level, as the desk reads it.
pub const fn referral(level: ReferralLevel) -> &'static str {
    match level {
        ReferralLevel::None => "No flags",
        ReferralLevel::Routine => "Routine: a check-up was suggested",
        ReferralLevel::Soon => "Soon: told to see a clinician before the plan",
        ReferralLevel::Urgent => "Urgent: told to seek emergency care",
    }
}

/// What an audit entry was, in the "What" column: the action on a code, or,
/// for a staff read of a check, how it was opened.
pub fn audit_action(entry: &AuditEntry) -> &'static str {
    match (entry.action, entry.route) {
        (AuditAction::Redeem, _) => "redeem",
        (AuditAction::Void, _) => "void",
        (AuditAction::Unredeem, _) => "unredeem",
        (AuditAction::ViewCheck, Some(ViewRoute::CodeLookup)) => "viewed check (code look-up)",
        (AuditAction::ViewCheck, Some(ViewRoute::Check)) => "viewed check (answers)",
        (AuditAction::ViewCheck, Some(ViewRoute::Progress)) => "viewed check (progress)",
        (AuditAction::ViewCheck, Some(ViewRoute::CheckList)) => "viewed check (list)",
        (AuditAction::ViewCheck, None) => "viewed check",
        (AuditAction::EraseCheck, _) => "erased the check's answers",
    }
}

/// The kinds of audit entry the activity page can show alone, as the filter names them.
pub const AUDIT_FILTERS: [(AuditAction, &str); 5] = [
    (AuditAction::Redeem, "Redeem attempts"),
    (AuditAction::Void, "Voids"),
    (AuditAction::Unredeem, "Un-redeems"),
    (AuditAction::ViewCheck, "Staff views of checks"),
    (AuditAction::EraseCheck, "Erasures by staff"),
];

/// A plan item, by its title in the catalogue.
pub fn plan_item(key: PlanKey) -> String {
    let title = exercise(key).map(|e| e.title).or_else(|| advice(key).map(|a| a.title));
    title.map_or_else(|| key.as_str().to_owned(), |t| t.get(Locale::En).to_owned())
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
        for key in Hint::ALL {
            assert_ne!(hint(*key), key.as_str());
            assert_ne!(short(key.as_str()), "Other");
        }
        for key in ReferralLevel::ALL {
            assert_ne!(referral(*key), key.as_str());
            assert_ne!(short(key.as_str()), "Other");
        }
        for key in PlanKey::ALL {
            assert_ne!(plan_item(*key), key.as_str());
        }
    }
}
