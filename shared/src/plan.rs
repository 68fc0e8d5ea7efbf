//! The exercise plan (CONTENT.md section 6): which items, in which order.

use crate::{
    answers::{Answers, PainDuration, RunsPerWeek, Surface},
    result::{
        BalanceResult, FootFunction, Hint, Plan, PlanItem, PlanKey, PlanStatus, Referral, ReferralLevel,
    },
};

use PlanKey::*;

/// Step 2: the starting list for a hint.
pub fn base_items(hint: Hint) -> &'static [PlanKey] {
    match hint {
        Hint::Overpronation | Hint::LeaningPronation | Hint::Mixed => &[
            SoleRelease,
            ShortFoot,
            VeleForwardLean,
            KettlebellCircles,
            KettlebellOffsetBalance,
            SingleLegStance,
        ],
        Hint::Neutral | Hint::Unknown => &[SoleRelease, SingleLegStance, KettlebellOffsetBalance, ShortFoot],
        Hint::LeaningSupination | Hint::Oversupination => {
            &[SoleRelease, SingleLegStance, KettlebellOffsetBalance, SofterSurfaces, Cycling]
        }
    }
}

/// Step 4: frequent runs on hard surfaces with back pain of 3 or more.
pub fn hard_surface_running(answers: &Answers) -> bool {
    matches!(answers.activity.runs_per_week, RunsPerWeek::ThreeFour | RunsPerWeek::FivePlus)
        && matches!(answers.activity.surface, Surface::Road | Surface::Treadmill)
        && answers.symptoms.back_pain >= 3
}

/// Step 5: when to add "see a clinician".
pub fn needs_clinician(answers: &Answers, hint: Hint) -> bool {
    let s = &answers.symptoms;
    (hint.is_supination_side() && s.gait_changing_foot_pain)
        || (s.back_pain >= 1 && s.back_pain_duration == Some(PainDuration::Over3Months))
}

/// The plan; empty with status `none` for an urgent referral.
pub fn plan(answers: &Answers, referral: &Referral, foot: &FootFunction, balance: &BalanceResult) -> Plan {
    let status = match referral.level {
        ReferralLevel::Urgent => {
            return Plan { status: PlanStatus::None, items: Vec::new() };
        }
        ReferralLevel::Soon => PlanStatus::AskClinicianFirst,
        ReferralLevel::None | ReferralLevel::Routine => PlanStatus::Ready,
    };
    let mut keys = base_items(foot.hint).to_vec();
    if balance.any_below() {
        keys.retain(|&k| k != SingleLegStance);
        // Every base list starts with sole_release.
        keys.insert(1.min(keys.len()), SingleLegStance);
    }
    if hard_surface_running(answers) && !keys.contains(&SofterSurfaces) {
        keys.push(SofterSurfaces);
    }
    if needs_clinician(answers, foot.hint) {
        keys.push(SeeClinician);
    }
    Plan { status, items: keys.into_iter().map(|key| PlanItem { key, kind: key.kind() }).collect() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        answers::{Counter, PainDuration, SafetyKey, Zone},
        fixtures::{quiet, shoe, with_balance, with_pain, with_shoes},
        result::ItemKind,
        score,
    };

    fn keys(answers: &Answers) -> Vec<PlanKey> {
        score(answers).plan.items.iter().map(|i| i.key).collect()
    }

    fn pronating() -> Answers {
        with_shoes(shoe(&[Zone::HeelInner, Zone::MidInner], Counter::LeansIn), shoe(&[], Counter::CantTell))
    }
    fn supinating() -> Answers {
        with_shoes(shoe(&[Zone::ForeOuter], Counter::LeansOut), shoe(&[], Counter::CantTell))
    }
    fn mixed() -> Answers {
        with_shoes(shoe(&[Zone::ForeInner], Counter::Upright), shoe(&[Zone::MidOuter], Counter::Upright))
    }
    fn neutral() -> Answers {
        with_shoes(shoe(&[Zone::HeelOuter], Counter::Upright), shoe(&[Zone::ForeCenter], Counter::Upright))
    }

    const PRONATION: [PlanKey; 6] = [
        SoleRelease,
        ShortFoot,
        VeleForwardLean,
        KettlebellCircles,
        KettlebellOffsetBalance,
        SingleLegStance,
    ];

    #[test]
    fn base_list_per_hint() {
        assert_eq!(keys(&pronating()), PRONATION);
        assert_eq!(keys(&mixed()), PRONATION);
        assert_eq!(keys(&neutral()), [SoleRelease, SingleLegStance, KettlebellOffsetBalance, ShortFoot]);
        assert_eq!(keys(&quiet()), [SoleRelease, SingleLegStance, KettlebellOffsetBalance, ShortFoot]);
        assert_eq!(
            keys(&supinating()),
            [SoleRelease, SingleLegStance, KettlebellOffsetBalance, SofterSurfaces, Cycling]
        );
    }

    #[test]
    fn item_kinds() {
        for item in score(&supinating()).plan.items {
            let advice = matches!(item.key, SofterSurfaces | Cycling | SeeClinician);
            assert_eq!(item.kind, if advice { ItemKind::Advice } else { ItemKind::Exercise }, "{}", item.key);
        }
    }

    #[test]
    fn below_typical_balance_moves_stance_after_sole_release() {
        let a = with_balance(pronating(), (&[10.0], &[]), (&[], &[]));
        assert_eq!(
            keys(&a),
            [
                SoleRelease,
                SingleLegStance,
                ShortFoot,
                VeleForwardLean,
                KettlebellCircles,
                KettlebellOffsetBalance
            ]
        );
        // Right leg alone is enough.
        let b = with_balance(pronating(), (&[45.0], &[]), (&[2.0], &[]));
        assert_eq!(keys(&b)[1], SingleLegStance);
        // Typical legs leave the order alone.
        let c = with_balance(pronating(), (&[45.0], &[]), (&[45.0], &[]));
        assert_eq!(keys(&c), PRONATION);
        // Already second for neutral: unchanged, still once.
        let d = with_balance(neutral(), (&[1.0], &[]), (&[], &[]));
        assert_eq!(keys(&d), [SoleRelease, SingleLegStance, KettlebellOffsetBalance, ShortFoot]);
    }

    fn runner(mut a: Answers, runs: RunsPerWeek, surface: Surface, pain: u8) -> Answers {
        a.activity.runs_per_week = runs;
        a.activity.surface = surface;
        if pain > 0 {
            a = with_pain(a, pain, PainDuration::Under6Weeks, true, false);
        }
        a
    }

    #[test]
    fn hard_surface_running_with_pain_adds_softer_surfaces() {
        use RunsPerWeek::*;
        use Surface::*;
        for runs in [ThreeFour, FivePlus] {
            for surface in [Road, Treadmill] {
                let k = keys(&runner(pronating(), runs, surface, 3));
                assert_eq!(k.last(), Some(&SofterSurfaces), "{runs} {surface}");
            }
        }
        for (runs, surface, pain) in [
            (OneTwo, Road, 9),
            (None, Road, 9),
            (FivePlus, Trail, 9),
            (FivePlus, Track, 9),
            (FivePlus, Sand, 9),
            (FivePlus, Mixed, 9),
            (FivePlus, Road, 2),
            (ThreeFour, Treadmill, 0),
        ] {
            assert!(
                !keys(&runner(pronating(), runs, surface, pain)).contains(&SofterSurfaces),
                "{runs} {surface} {pain}"
            );
        }
        // Supination lists have it already: never twice.
        let k = keys(&runner(supinating(), FivePlus, Road, 8));
        assert_eq!(k.iter().filter(|&&x| x == SofterSurfaces).count(), 1);
        assert_eq!(k, [SoleRelease, SingleLegStance, KettlebellOffsetBalance, SofterSurfaces, Cycling]);
    }

    #[test]
    fn see_clinician_rules() {
        let mut sup = supinating();
        sup.symptoms.gait_changing_foot_pain = true;
        assert_eq!(keys(&sup).last(), Some(&SeeClinician));
        let mut pro = pronating();
        pro.symptoms.gait_changing_foot_pain = true;
        assert!(!keys(&pro).contains(&SeeClinician));
        let long = with_pain(pronating(), 1, PainDuration::Over3Months, true, false);
        assert_eq!(keys(&long).last(), Some(&SeeClinician));
        let shorter = with_pain(pronating(), 8, PainDuration::Weeks6To12, false, false);
        assert!(!keys(&shorter).contains(&SeeClinician));
        // Both reasons and hard-surface running: once, and last.
        let mut both = runner(
            with_pain(supinating(), 5, PainDuration::Over3Months, false, false),
            RunsPerWeek::FivePlus,
            Surface::Road,
            0,
        );
        both.symptoms.gait_changing_foot_pain = true;
        let k = keys(&both);
        assert_eq!(k.iter().filter(|&&x| x == SeeClinician).count(), 1);
        assert_eq!(k.last(), Some(&SeeClinician));
    }

    #[test]
    fn status_follows_the_referral() {
        assert_eq!(score(&pronating()).plan.status, PlanStatus::Ready);
        let mut routine = pronating();
        routine.symptoms.recent_injury = true;
        assert_eq!(score(&routine).plan.status, PlanStatus::Ready);
        let mut soon = pronating();
        soon.safety = vec![SafetyKey::CancerHistory];
        assert_eq!(score(&soon).plan.status, PlanStatus::AskClinicianFirst);
        assert_eq!(keys(&soon), PRONATION);
        let mut urgent = pronating();
        urgent.safety = vec![SafetyKey::LegWeakness, SafetyKey::CancerHistory];
        let plan = score(&urgent).plan;
        assert_eq!(plan.status, PlanStatus::None);
        assert!(plan.items.is_empty());
    }
}
