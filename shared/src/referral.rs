//! Referral level and reasons (CONTENT.md section 1): red flags first, then the
//! routine rules. Red flags escalate on any single "yes"; they are not weighed.

use crate::{
    answers::{AgeBand, Answers, PainDuration, SafetyKey},
    result::{Reason, Referral, ReferralLevel},
};

/// Urgent items: any one means "seek emergency care now".
pub const URGENT: [SafetyKey; 5] = [
    SafetyKey::SaddleNumbness,
    SafetyKey::BladderBowel,
    SafetyKey::LegWeakness,
    SafetyKey::BothLegsSymptoms,
    SafetyKey::SexualDysfunction,
];

impl SafetyKey {
    /// `Urgent` for the five emergency items, `Soon` for the others.
    pub fn level(self) -> ReferralLevel {
        if URGENT.contains(&self) { ReferralLevel::Urgent } else { ReferralLevel::Soon }
    }
}

/// The routine rules that apply, in CONTENT.md order.
pub fn routine_reasons(answers: &Answers) -> Vec<Reason> {
    let s = &answers.symptoms;
    let has_pain = s.back_pain >= 1;
    let mut reasons = Vec::new();
    // persistent_pain: 6 weeks or more and not improving.
    if has_pain
        && matches!(s.back_pain_duration, Some(PainDuration::Weeks6To12 | PainDuration::Over3Months))
        && s.back_pain_improving == Some(false)
    {
        reasons.push(Reason::PersistentPain);
    }
    // new_pain_over_50: new (under 6 weeks) back pain at 50 or older.
    if has_pain
        && s.back_pain_duration == Some(PainDuration::Under6Weeks)
        && answers.age_band().is_some_and(AgeBand::is_50_or_older)
    {
        reasons.push(Reason::NewPainOver50);
    }
    // inflammatory_stiffness: long morning stiffness that eases with movement, 18-39.
    if has_pain && s.morning_stiffness == Some(true) && answers.age_band() == Some(AgeBand::From18To39) {
        reasons.push(Reason::InflammatoryStiffness);
    }
    if s.recent_injury {
        reasons.push(Reason::RecentFootInjury);
    }
    if s.gait_changing_foot_pain {
        reasons.push(Reason::GaitChangingFootPain);
    }
    reasons
}

/// The referral: the highest level that applies and every reason, in order.
pub fn assess(answers: &Answers) -> Referral {
    let mut found: Vec<Reason> = answers.safety.iter().map(|&k| Reason::from(k)).collect();
    found.extend(routine_reasons(answers));
    // `Reason::ALL` is in section-1 order: picking from it orders the reasons
    // and drops repeats (unvalidated input may have some), without a sort
    // routine in the widget's download.
    let reasons: Vec<Reason> = Reason::ALL.iter().copied().filter(|r| found.contains(r)).collect();
    let level = answers
        .safety
        .iter()
        .map(|k| k.level())
        .max()
        .unwrap_or(ReferralLevel::None)
        .max(if reasons.is_empty() { ReferralLevel::None } else { ReferralLevel::Routine });
    Referral { level, reasons }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        answers::{AgeBand, PainDuration::*},
        fixtures::{quiet, with_about, with_pain, with_safety},
    };

    #[test]
    fn no_flags_and_no_rules_is_none() {
        let r = assess(&quiet());
        assert_eq!(r.level, ReferralLevel::None);
        assert!(r.reasons.is_empty());
    }

    #[test]
    fn each_urgent_key_alone_is_urgent() {
        for key in URGENT {
            let r = assess(&with_safety(&[key]));
            assert_eq!(r.level, ReferralLevel::Urgent, "{key}");
            assert_eq!(r.reasons, vec![Reason::from(key)]);
        }
    }

    #[test]
    fn each_soon_key_alone_is_soon() {
        let soon: Vec<SafetyKey> = SafetyKey::ALL.iter().copied().filter(|k| !URGENT.contains(k)).collect();
        assert_eq!(soon.len(), 6);
        for key in soon {
            let r = assess(&with_safety(&[key]));
            assert_eq!(r.level, ReferralLevel::Soon, "{key}");
            assert_eq!(r.reasons, vec![Reason::from(key)]);
        }
    }

    #[test]
    fn highest_level_wins_and_reasons_follow_section_order() {
        let mut a =
            with_safety(&[SafetyKey::NightOrRestPain, SafetyKey::BladderBowel, SafetyKey::FeverUnwell]);
        a.symptoms.recent_injury = true;
        let r = assess(&a);
        assert_eq!(r.level, ReferralLevel::Urgent);
        assert_eq!(
            r.reasons,
            vec![
                Reason::BladderBowel,
                Reason::FeverUnwell,
                Reason::NightOrRestPain,
                Reason::RecentFootInjury
            ]
        );
        let mut soon = with_safety(&[SafetyKey::CancerHistory]);
        soon.symptoms.gait_changing_foot_pain = true;
        assert_eq!(assess(&soon).level, ReferralLevel::Soon);
    }

    /// (answers, expected routine reasons)
    fn routine_cases() -> Vec<(&'static str, Answers, Vec<Reason>)> {
        let pain = |score, duration, improving, stiff| with_pain(quiet(), score, duration, improving, stiff);
        let aged = |a, band| with_about(a, Some(band), None);
        vec![
            ("6-12 weeks, not improving", pain(2, Weeks6To12, false, false), vec![Reason::PersistentPain]),
            (
                "over 3 months, not improving",
                pain(1, Over3Months, false, false),
                vec![Reason::PersistentPain],
            ),
            ("over 3 months but improving", pain(5, Over3Months, true, false), vec![]),
            ("under 6 weeks, not improving", pain(5, Under6Weeks, false, false), vec![]),
            (
                "new pain at 50-59",
                aged(pain(1, Under6Weeks, true, false), AgeBand::From50To59),
                vec![Reason::NewPainOver50],
            ),
            (
                "new pain at 80+",
                aged(pain(1, Under6Weeks, true, false), AgeBand::From80),
                vec![Reason::NewPainOver50],
            ),
            ("new pain at 40-49", aged(pain(6, Under6Weeks, true, false), AgeBand::From40To49), vec![]),
            ("new pain, no age", pain(6, Under6Weeks, true, false), vec![]),
            ("older pain at 60-69", aged(pain(3, Weeks6To12, true, false), AgeBand::From60To69), vec![]),
            (
                "stiffness at 18-39",
                aged(pain(1, Under6Weeks, true, true), AgeBand::From18To39),
                vec![Reason::InflammatoryStiffness],
            ),
            ("stiffness at 40-49", aged(pain(1, Under6Weeks, true, true), AgeBand::From40To49), vec![]),
            ("stiffness, no age", pain(4, Under6Weeks, true, true), vec![]),
            (
                "all three pain rules can't mix but two do",
                aged(pain(4, Over3Months, false, true), AgeBand::From18To39),
                vec![Reason::PersistentPain, Reason::InflammatoryStiffness],
            ),
        ]
    }

    #[test]
    fn routine_pain_rules() {
        for (name, answers, expected) in routine_cases() {
            assert_eq!(routine_reasons(&answers), expected, "{name}");
            let level = assess(&answers).level;
            let want = if expected.is_empty() { ReferralLevel::None } else { ReferralLevel::Routine };
            assert_eq!(level, want, "{name}");
        }
    }

    #[test]
    fn pain_rules_need_pain_above_zero() {
        // Follow-up answers left over from an earlier "pain" answer don't count at 0.
        let mut a =
            with_about(with_pain(quiet(), 0, Over3Months, false, true), Some(AgeBand::From18To39), None);
        assert!(routine_reasons(&a).is_empty());
        a.about = Some(crate::answers::About { age_band: Some(AgeBand::From70To79), sex: None });
        a.symptoms.back_pain_duration = Some(Under6Weeks);
        assert!(routine_reasons(&a).is_empty());
    }

    #[test]
    fn foot_injury_and_gait_rules() {
        let mut a = quiet();
        a.symptoms.recent_injury = true;
        assert_eq!(assess(&a).reasons, vec![Reason::RecentFootInjury]);
        assert_eq!(assess(&a).level, ReferralLevel::Routine);
        let mut b = quiet();
        b.symptoms.gait_changing_foot_pain = true;
        assert_eq!(assess(&b).reasons, vec![Reason::GaitChangingFootPain]);
        b.symptoms.recent_injury = true;
        assert_eq!(assess(&b).reasons, vec![Reason::RecentFootInjury, Reason::GaitChangingFootPain]);
    }
}
