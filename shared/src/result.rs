//! The result of a check (CONTENT.md section 8): what [`crate::score`] returns and
//! what `POST /v1/assessments` answers with.

use serde::{Deserialize, Serialize};

use crate::{answers::SafetyKey, key_enum};

key_enum! {
    /// How soon the visitor should see someone; ordered lowest to highest.
    pub enum ReferralLevel { None => "none", Routine => "routine", Soon => "soon", Urgent => "urgent" }
}

impl ReferralLevel {
    /// Whether a check at this level may be offered a discounted visit
    /// (CONTENT.md section 7): an urgent result sends the visitor to
    /// emergency care, never to a discount. The result's `offer_eligible`,
    /// the API's refusal to issue a code and the widget's urgent ending all
    /// ask this.
    pub const fn gets_offer(self) -> bool {
        !matches!(self, Self::Urgent)
    }
}

key_enum! {
    /// Every reason a referral level can have, in CONTENT.md section-1 order:
    /// urgent safety keys, soon safety keys, then the routine rules.
    pub enum Reason {
        SaddleNumbness => "saddle_numbness",
        BladderBowel => "bladder_bowel",
        LegWeakness => "leg_weakness",
        BothLegsSymptoms => "both_legs_symptoms",
        SexualDysfunction => "sexual_dysfunction",
        FeverUnwell => "fever_unwell",
        CancerHistory => "cancer_history",
        UnexplainedWeightLoss => "unexplained_weight_loss",
        RecentTrauma => "recent_trauma",
        OsteoporosisSteroids => "osteoporosis_steroids",
        NightOrRestPain => "night_or_rest_pain",
        PersistentPain => "persistent_pain",
        NewPainOver50 => "new_pain_over_50",
        InflammatoryStiffness => "inflammatory_stiffness",
        RecentFootInjury => "recent_foot_injury",
        GaitChangingFootPain => "gait_changing_foot_pain",
    }
}

key_enum! {
    /// What one shoe's wear may suggest (never `mixed`).
    pub enum ShoeHint {
        Overpronation => "overpronation",
        LeaningPronation => "leaning_pronation",
        Neutral => "neutral",
        LeaningSupination => "leaning_supination",
        Oversupination => "oversupination",
        Unknown => "unknown",
    }
}

key_enum! {
    /// What both shoes together may suggest.
    pub enum Hint {
        Overpronation => "overpronation",
        LeaningPronation => "leaning_pronation",
        Neutral => "neutral",
        LeaningSupination => "leaning_supination",
        Oversupination => "oversupination",
        Mixed => "mixed",
        Unknown => "unknown",
    }
}

key_enum! {
    /// How much weight a hint can bear; never above `moderate` (wear is a weak sign).
    pub enum Strength { None => "none", Weak => "weak", Moderate => "moderate" }
}

key_enum! {
    /// One leg's balance flag.
    pub enum LegBalance { Typical => "typical", BelowTypical => "below_typical", NotTested => "not_tested" }
}

key_enum! {
    /// Notes on the result (CONTENT.md section 5), in display order.
    pub enum Note {
        DynamicNotStatic => "dynamic_not_static",
        PronationWomen => "pronation_women",
        PronationChain => "pronation_chain",
        SupinationShock => "supination_shock",
        SupinationCauses => "supination_causes",
        MixedFeet => "mixed_feet",
        NotAllBackPain => "not_all_back_pain",
    }
}

key_enum! {
    /// Exercises and advice of the plan (CONTENT.md section 6).
    pub enum PlanKey {
        SoleRelease => "sole_release",
        ShortFoot => "short_foot",
        VeleForwardLean => "vele_forward_lean",
        KettlebellCircles => "kettlebell_circles",
        KettlebellOffsetBalance => "kettlebell_offset_balance",
        SingleLegStance => "single_leg_stance",
        SofterSurfaces => "softer_surfaces",
        Cycling => "cycling",
        SeeClinician => "see_clinician",
    }
}

key_enum! {
    /// A plan item is something to do, or something to know.
    pub enum ItemKind { Exercise => "exercise", Advice => "advice" }
}

key_enum! {
    /// Whether the plan may be started.
    pub enum PlanStatus { None => "none", Ready => "ready", AskClinicianFirst => "ask_clinician_first" }
}

impl PlanKey {
    /// Exercises are done; advice is read.
    pub const fn kind(self) -> ItemKind {
        match self {
            Self::SofterSurfaces | Self::Cycling | Self::SeeClinician => ItemKind::Advice,
            _ => ItemKind::Exercise,
        }
    }
}

impl From<SafetyKey> for Reason {
    fn from(key: SafetyKey) -> Self {
        match key {
            SafetyKey::SaddleNumbness => Self::SaddleNumbness,
            SafetyKey::BladderBowel => Self::BladderBowel,
            SafetyKey::LegWeakness => Self::LegWeakness,
            SafetyKey::BothLegsSymptoms => Self::BothLegsSymptoms,
            SafetyKey::SexualDysfunction => Self::SexualDysfunction,
            SafetyKey::FeverUnwell => Self::FeverUnwell,
            SafetyKey::CancerHistory => Self::CancerHistory,
            SafetyKey::UnexplainedWeightLoss => Self::UnexplainedWeightLoss,
            SafetyKey::RecentTrauma => Self::RecentTrauma,
            SafetyKey::OsteoporosisSteroids => Self::OsteoporosisSteroids,
            SafetyKey::NightOrRestPain => Self::NightOrRestPain,
        }
    }
}

impl Hint {
    /// Overpronation or leaning pronation.
    pub const fn is_pronation_side(self) -> bool {
        matches!(self, Self::Overpronation | Self::LeaningPronation)
    }

    /// Oversupination or leaning supination.
    pub const fn is_supination_side(self) -> bool {
        matches!(self, Self::Oversupination | Self::LeaningSupination)
    }

    /// The strength a hint can carry.
    pub const fn strength(self) -> Strength {
        match self {
            Self::Overpronation | Self::Oversupination => Strength::Moderate,
            Self::Unknown => Strength::None,
            _ => Strength::Weak,
        }
    }
}

/// The referral part of a result.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Referral {
    pub level: ReferralLevel,
    /// Every key that applies, in section-1 order.
    pub reasons: Vec<Reason>,
}

/// The foot-function part of a result.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FootFunction {
    pub hint: Hint,
    pub strength: Strength,
    pub left: ShoeHint,
    pub right: ShoeHint,
}

/// Per-leg balance flags.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BalanceResult {
    pub left: LegBalance,
    pub right: LegBalance,
}

/// One plan item; texts and doses come from the catalogue by key.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanItem {
    pub key: PlanKey,
    pub kind: ItemKind,
}

/// The ordered plan.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub status: PlanStatus,
    pub items: Vec<PlanItem>,
}

/// A scored check.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentResult {
    pub questionnaire_version: String,
    pub referral: Referral,
    pub foot_function: FootFunction,
    pub balance: BalanceResult,
    pub notes: Vec<Note>,
    pub plan: Plan,
    /// Whether a discount code can be offered: false exactly when the referral is
    /// urgent (`ReferralLevel::gets_offer`).
    pub offer_eligible: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_level_but_urgent_gets_an_offer_and_scoring_says_so() {
        let refused: Vec<_> = ReferralLevel::ALL.iter().filter(|l| !l.gets_offer()).collect();
        assert_eq!(refused, [&ReferralLevel::Urgent]);
        for keys in [&[][..], &[SafetyKey::NightOrRestPain], &[SafetyKey::SaddleNumbness]] {
            let result = crate::score(&crate::fixtures::with_safety(keys));
            assert_eq!(result.offer_eligible, result.referral.level.gets_offer(), "{keys:?}");
        }
        let urgent = crate::score(&crate::fixtures::with_safety(&[SafetyKey::BladderBowel]));
        assert!(!urgent.offer_eligible);
    }

    /// A safety key is spelt in `SafetyKey` and again in `Reason`: the same
    /// strings, in the same order, first among the reasons.
    #[test]
    fn safety_keys_and_their_reasons_agree() {
        let keys: Vec<&str> = SafetyKey::ALL.iter().map(|k| k.as_str()).collect();
        let mapped: Vec<&str> = SafetyKey::ALL.iter().map(|&k| Reason::from(k).as_str()).collect();
        assert_eq!(mapped, keys);
        let leading: Vec<&str> = Reason::ALL[..SafetyKey::ALL.len()].iter().map(|r| r.as_str()).collect();
        assert_eq!(leading, keys);
        assert_eq!(Reason::ALL.len(), SafetyKey::ALL.len() + 5, "and the five routine keys");
    }
}
